"""总览: headline figures of a year, and the coverage matrix (units × years)."""

from __future__ import annotations

import pandas as pd

from app_lib.db import run_query
from app_lib.filters import Scope
from app_lib.queries.common import scoped_params, with_scope

HEADLINE_SERIES = (
    "applications_received",
    "reviews",
    "reviews_corrected",
    "lawsuits",
    "lawsuits_corrected",
    "microblog_posts",
    "wechat_posts",
)


def headline(scope: Scope, year: int) -> pd.DataFrame:
    """series, year (this and last), value, n_units — joined series summed over the scope."""
    sql = with_scope(
        """SELECT s.series, r.year, sum(s.value) AS value, count(*) AS n_units
           FROM series_cached s JOIN scoped_reports r USING (report_id)
           WHERE r.year IN (?, ?) AND list_contains(?::VARCHAR[], s.series)
           GROUP BY ALL"""
    )
    return run_query(sql, scoped_params(scope.with_years(None), year, year - 1, list(HEADLINE_SERIES)))


def reporting(scope: Scope, year: int) -> pd.DataFrame:
    """expected (units of the scope), reporting this year and last year."""
    sql = with_scope(
        """SELECT (SELECT count(*) FROM scoped_units) AS expected,
                  count(DISTINCT unit_id) FILTER (WHERE year = ?) AS reporting,
                  count(DISTINCT unit_id) FILTER (WHERE year = ?) AS reporting_last
           FROM scoped_reports"""
    )
    return run_query(sql, scoped_params(scope.with_years(None), year, year - 1))


def coverage(scope: Scope) -> pd.DataFrame:
    """unit_id, name, year, status, detail: one row per report of the scope (missing = no row).

    status: 校验未通过 (an error-level check failed), 有警告, 已报送.
    """
    sql = with_scope(
        """checks AS (
            SELECT c.report_id,
                   count(*) FILTER (WHERE c.severity = 'error') AS n_errors,
                   count(*) FILTER (WHERE c.severity <> 'error') AS n_warnings,
                   string_agg(DISTINCT c.rule, '、') AS rules
            FROM check_results c JOIN scoped_reports r USING (report_id) GROUP BY c.report_id)
        SELECT r.unit_id, r.name, r.year,
               CASE WHEN coalesce(c.n_errors, 0) > 0 THEN '校验未通过'
                    WHEN coalesce(c.n_warnings, 0) > 0 THEN '有警告'
                    ELSE '已报送' END AS status,
               r.template, c.rules
        FROM scoped_reports r LEFT JOIN checks c USING (report_id)
        ORDER BY r.name, r.year"""
    )
    df = run_query(sql, scoped_params(scope))
    return df


def scoped_unit_list(scope: Scope) -> pd.DataFrame:
    """Every unit of the scope (also those without any report in the years), with its number
    of reports in the years."""
    return run_query(
        with_scope(
            """SELECT u.unit_id, u.name, u.kind, count(r.report_id) AS n_reports
               FROM scoped_units u LEFT JOIN scoped_reports r USING (unit_id)
               GROUP BY ALL ORDER BY u.name"""
        ),
        scoped_params(scope),
    )


MAX_HEATMAP_UNITS = 120


def coverage_matrix(scope: Scope, max_units: int = MAX_HEATMAP_UNITS) -> tuple[pd.DataFrame, int]:
    """(rows for the heat map, number of units in scope).

    coverage() plus every scoped unit without a report (drawn as 未报送), with a hover text
    naming the template and the failed rules in Chinese. Beyond ``max_units`` units only
    those needing attention most (failed checks, then missing years) are kept, so the map
    stays readable and fast on large databases.
    """
    from pipelines.catalog import FAMILY_LABELS, rule_description

    df = coverage(scope)
    units = scoped_unit_list(scope)
    n_units = len(units)
    if n_units > max_units:
        failed = df[df["status"] != "已报送"].groupby("unit_id").size()
        attention = units.assign(failed=units["unit_id"].map(failed).fillna(0))
        keep = attention.sort_values(["failed", "n_reports", "name"], ascending=[False, True, True]).head(
            max_units
        )
        units = keep
        df = df[df["unit_id"].isin(set(keep["unit_id"]))]
    rules_text = {
        rules: "".join(f"<br>✗ {rule_description(r)}" for r in rules.split("、"))
        for rules in df["rules"].dropna().unique()
    }
    detail = (
        df["name"]
        + "<br>"
        + df["status"]
        + " · "
        + df["template"].map(lambda t: FAMILY_LABELS.get(t, t))
        + df["rules"].map(lambda r: rules_text.get(r, "") if isinstance(r, str) else "")
    )
    df = df.assign(detail=detail)
    missing = units[~units["unit_id"].isin(df["unit_id"])][["unit_id", "name"]]
    if not missing.empty:
        df = pd.concat([df, missing.assign(year=pd.NA, status=None, detail=None)], ignore_index=True)
    return df, n_units
