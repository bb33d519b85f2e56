"""总览: headline figures of a year, and the coverage matrix (units × years)."""

from __future__ import annotations

import pandas as pd

from app_lib.filters import Scope
from app_lib.queries.common import SERIES_SCOPED_IN_SCOPE, scope_params, with_scope, with_series
from pipelines.query import Source

HEADLINE_SERIES = (
    "applications_received",
    "reviews",
    "reviews_corrected",
    "lawsuits",
    "lawsuits_corrected",
    "microblog_posts",
    "wechat_posts",
)


def headline(db: Source, scope: Scope, year: int) -> pd.DataFrame:
    """series, year (this and last), value, n_units — joined series summed over the scope."""
    sql = with_series(
        """SELECT series, year, sum(value) AS value, sum(n_units)::BIGINT AS n_units
           FROM scoped_series
           WHERE year IN ($year, $last_year) AND list_contains($series::VARCHAR[], series)
           GROUP BY ALL"""
    )
    return db.df(
        sql, scope_params(scope.with_years(None), year=year, last_year=year - 1, series=list(HEADLINE_SERIES))
    )


def reporting(db: Source, scope: Scope, year: int) -> pd.DataFrame:
    """expected (units of the scope), reporting this year and last year (one report per unit
    and year, so a count of reports is a count of units)."""
    sql = with_scope(
        """SELECT (SELECT count(*) FROM scoped_units) AS expected,
                  count(*) FILTER (WHERE year = $year) AS reporting,
                  count(*) FILTER (WHERE year = $last_year) AS reporting_last
           FROM scoped_reports"""
    )
    return db.df(sql, scope_params(scope.with_years(None), year=year, last_year=year - 1))


def coverage(db: Source, scope: Scope) -> pd.DataFrame:
    """unit_id, name, year, status, template, rules: one row per report of the scope
    (missing = no row).

    status: 校验未通过 (an error-level check failed), 有警告, 已报送.
    """
    sql = with_scope(
        "SELECT r.unit_id, r.name, r.year, "
        + STATUS_SQL
        + """ AS status, r.template, c.rules
        FROM scoped_reports r LEFT JOIN report_status c USING (report_id)
        ORDER BY r.name, r.year"""
    )
    return db.df(sql, scope_params(scope))


# A report's status from its row in report_status (app_lib.helper_tables), if any.
STATUS_SQL = """CASE WHEN coalesce(c.n_errors, 0) > 0 THEN '校验未通过'
                    WHEN coalesce(c.n_warnings, 0) > 0 THEN '有警告'
                    ELSE '已报送' END"""


def scoped_unit_list(db: Source, scope: Scope) -> pd.DataFrame:
    """Every unit of the scope (also those without any report in the years), with its number
    of reports in the years."""
    return db.df(
        with_scope(
            """SELECT u.unit_id, u.name, u.kind, count(r.report_id) AS n_reports
               FROM scoped_units u LEFT JOIN scoped_reports r USING (unit_id)
               GROUP BY ALL ORDER BY u.name"""
        ),
        scope_params(scope),
    )


MAX_HEATMAP_UNITS = 120


def coverage_matrix(db: Source, scope: Scope, max_units: int = MAX_HEATMAP_UNITS) -> tuple[pd.DataFrame, int]:
    """(rows for the heat map, number of units in scope).

    One row per report of the shown units, plus one per shown unit without a report (drawn
    as 未报送), with a hover text naming the template and the failed rules in Chinese.
    Beyond ``max_units`` units only those needing attention most (most reports with a failed
    check, then fewest reports, then name) are shown, so the map stays readable; the choice
    is made in SQL so only the shown units' reports leave DuckDB.
    """
    from pipelines.catalog import FAMILY_LABELS, rule_description

    # The scope's reports with their status from report_scoped, filtered on its own columns
    # (no join of a million reports with their units), counted per unit before the join.
    sql = with_scope(
        """rs AS (
            SELECT s.unit_id, s.report_id, s.year, s.template, s.n_errors, s.n_warnings, s.rules
            FROM report_scoped s
            WHERE"""
        + SERIES_SCOPED_IN_SCOPE
        + """),
        per_unit AS (
            SELECT unit_id, count(*) AS n_reports, count(n_errors) AS n_flagged FROM rs GROUP BY unit_id),
        unit_stats AS (
            SELECT u.unit_id, u.name, coalesce(p.n_reports, 0) AS n_reports, coalesce(p.n_flagged, 0) AS n_flagged
            FROM scoped_units u LEFT JOIN per_unit p USING (unit_id)),
        shown AS (
            SELECT unit_id, name, count(*) OVER () AS n_units FROM unit_stats
            ORDER BY n_flagged DESC, n_reports, name
            LIMIT $max_units)
        SELECT s.unit_id, s.name, s.n_units, c.year, """
        + STATUS_SQL
        + """ AS status, c.template, c.rules
        FROM shown s
        LEFT JOIN rs c USING (unit_id)
        ORDER BY s.name, c.year"""
    )
    df = db.df(sql, scope_params(scope, max_units=max_units))
    n_units = int(df["n_units"].iloc[0]) if not df.empty else 0
    df = df.drop(columns=["n_units"])
    reported = df["year"].notna()
    rules_text = {
        rules: "".join(f"<br>✗ {rule_description(r)}" for r in rules.split("、"))
        for rules in df["rules"].dropna().unique()
    }
    detail = (
        df["name"]
        + "<br>"
        + df["status"]
        + " · "
        + df["template"].map(lambda t: FAMILY_LABELS.get(t, t), na_action="ignore")
        + df["rules"].map(lambda r: rules_text.get(r, "") if isinstance(r, str) else "")
    )
    # A unit without a report in the years has one row with no year, status or detail.
    df = df.assign(
        year=df["year"].astype("Int64"),
        status=df["status"].where(reported, None),
        detail=detail.where(reported, None),
    )
    return df, n_units
