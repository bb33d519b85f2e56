"""The fast paths of the page queries give the same answers as the slow ones, on the demo
database built by the real ingest.

Aggregates read pre-summed region cells (helper table cell_values) when the scope has no
unit list, and the reports' own figures when it names units; both must agree. The coverage
heat map picks its units in SQL; the league's sparkline leaves missing years out.
"""

from __future__ import annotations

import pandas as pd
import pytest

from app_lib.filters import Scope
from app_lib.queries import applications, channels, compare, litigation, overview
from app_lib.queries.common import scope_params, with_scope
from app_lib.queries.measures import measure
from app_lib.source import connect

AGGREGATES = {
    "outcome_flows": lambda db, s, year: applications.outcome_flows(db, s, year),
    "std_outcomes": lambda db, s, year: applications.std_outcomes(db, s, year),
    "legacy_outcomes": lambda db, s, year: applications.legacy_outcomes(db, s, year),
    "applicant_mix": lambda db, s, year: applications.applicant_mix(db, s),
    "reasons_over_years": lambda db, s, year: applications.reasons_over_years(db, s),
    "backlog": lambda db, s, year: applications.backlog(db, s),
    "outcomes_over_years": lambda db, s, year: litigation.outcomes_over_years(db, s),
    "channel_output": lambda db, s, year: channels.channel_output(db, s),
}


@pytest.fixture(scope="module")
def demo(demo_db):
    """The demo database as an uncached query source (the same queries the pages run)."""
    db = connect(demo_db)
    yield db
    db.con.close()


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in df.columns if df[c].dtype == object or c in ("year", "segment", "metric")]
    return df.sort_values(keys).reset_index(drop=True)


def _region_with_units(db, kind_scope: str) -> tuple[Scope, Scope]:
    """The city with the most units of the kind: as a region scope, and as the same units
    named one by one."""
    region = Scope(kind_scope=kind_scope)
    units = overview.scoped_unit_list(db, region)
    info = db.df("SELECT unit_id, province, city FROM units")
    units = units.merge(info, on="unit_id").dropna(subset=["province", "city"])
    (province, city), group = max(units.groupby(["province", "city"]), key=lambda kv: len(kv[1]))
    assert len(group) >= 2, "the demo corpus should have a city with several units"
    region = Scope(province=province, city=city, kind_scope=kind_scope)
    named = Scope(province=province, city=city, kind_scope=kind_scope, units=tuple(group["unit_id"]))
    return region, named


@pytest.mark.parametrize("name", AGGREGATES)
@pytest.mark.parametrize("kind_scope", ["dept", "all"])
def test_region_cells_and_named_units_agree(demo, name, kind_scope):
    region, named = _region_with_units(demo, kind_scope)
    year = 2020
    by_cells = AGGREGATES[name](demo, region, year)
    by_units = AGGREGATES[name](demo, named, year)
    pd.testing.assert_frame_equal(_sorted(by_cells), _sorted(by_units), check_dtype=False)


def test_aggregates_are_not_empty_on_the_demo(demo):
    # Guards the test above against comparing two empty frames.
    scope = Scope(kind_scope="all")
    assert applications.std_outcomes(demo, scope, 2020)["value"].sum() > 0
    assert not applications.applicant_mix(demo, scope).empty
    assert not litigation.outcomes_over_years(demo, scope).empty
    assert not channels.channel_output(demo, scope).empty


def test_std_outcome_groups_match_the_figures(demo):
    """'apply_group.*' totals equal the table-3 '.total' rows summed straight from
    report_values (（六）其他处理 as one row or as sub-rows, never both)."""
    year = 2022
    direct = demo.df(
        """WITH per_report AS (
               SELECT v.report_id, split_part(v.metric, '.', 2) AS segment,
                      CASE WHEN split_part(v.metric, '.', 2) = 'other'
                           THEN coalesce(max(v.value) FILTER (WHERE v.metric = 'apply.other.total'),
                                         sum(v.value) FILTER (WHERE v.metric <> 'apply.other.total'))
                           ELSE sum(v.value) END AS value
               FROM report_values v JOIN reports r USING (report_id)
               WHERE r.year = $year AND r.template IN ('std2019', 'std2021') AND v.metric LIKE 'apply.%.total'
               GROUP BY v.report_id, split_part(v.metric, '.', 2))
           SELECT segment, sum(value) AS value FROM per_report
           WHERE segment IN ('granted', 'partial', 'denied', 'unable', 'unprocessed', 'other')
           GROUP BY segment""",
        {"year": year},
    )
    fast = applications.std_outcomes(demo, Scope(kind_scope="all"), year)
    fast = dict(zip(fast["segment"], fast["value"], strict=True))
    assert len(direct) == 6
    for row in direct.itertuples():
        assert fast[row.segment] == pytest.approx(row.value), row.segment


def test_coverage_matrix_keeps_the_units_needing_attention(demo):
    scope = Scope(kind_scope="all")
    units = overview.scoped_unit_list(demo, scope)
    full, n_all = overview.coverage_matrix(demo, scope)
    assert n_all == len(units) and set(full["unit_id"]) == set(units["unit_id"])
    flagged = full[full["status"].isin(["校验未通过", "有警告"])].groupby("unit_id").size()
    assert not flagged.empty, "the demo database should have failed checks"

    shown, n_units = overview.coverage_matrix(demo, scope, max_units=3)
    assert n_units == len(units)
    assert shown["unit_id"].nunique() == 3
    # Kept: the units with the most flagged reports.
    assert shown["unit_id"].map(flagged).fillna(0).min() >= sorted(flagged, reverse=True)[2]
    # Every report of a shown unit is there, with its status and hover text.
    reported = shown[shown["year"].notna()]
    counts = units.set_index("unit_id")["n_reports"]
    for unit_id, rows in reported.groupby("unit_id"):
        assert len(rows) == counts[unit_id]
    assert reported["detail"].str.contains("<br>").all()


def test_league_sparkline_leaves_missing_years_out(demo):
    m = measure("series:applications_received")
    year = 2024
    table = compare.league(demo, Scope(kind_scope="all"), m, year)
    assert not table.empty
    values = demo.df(
        """SELECT unit_id, year, value FROM series_cached
           WHERE series = 'applications_received' AND year BETWEEN $first AND $year AND value IS NOT NULL""",
        {"first": year - compare.SPARK_YEARS + 1, "year": year},
    )
    for row in table.head(20).itertuples():
        expected = values[values["unit_id"] == row.unit_id].sort_values("year")["value"].tolist()
        assert row.trend == pytest.approx(expected)
        assert row.trend[-1] == pytest.approx(row.value)


def test_headline_from_region_cells_equals_the_reports_own_series(demo):
    """overview.headline adds up cell_series for a region scope and series_cached rows for a
    unit list; both equal summing every report's series of the scope."""
    units = demo.df("SELECT unit_id FROM units WHERE kind = 'government' ORDER BY unit_id LIMIT 7")["unit_id"]
    for scope in (Scope(), Scope(kind_scope="all"), Scope(kind_scope="all", units=tuple(units))):
        got = overview.headline(demo, scope, 2023)
        expected = demo.df(
            with_scope(
                """SELECT s.series, r.year, sum(s.value) AS value, count(*) AS n_units
                   FROM series_cached s JOIN scoped_reports r USING (report_id)
                   WHERE r.year IN (2023, 2022) AND list_contains($series::VARCHAR[], s.series)
                   GROUP BY ALL"""
            ),
            scope_params(scope.with_years(None), series=list(overview.HEADLINE_SERIES)),
        )
        assert not expected.empty
        a = got.sort_values(["series", "year"]).reset_index(drop=True)
        b = expected.sort_values(["series", "year"]).reset_index(drop=True)
        assert a["series"].tolist() == b["series"].tolist() and a["year"].tolist() == b["year"].tolist()
        assert a["value"].astype(float).tolist() == pytest.approx(b["value"].astype(float).tolist())
        assert a["n_units"].astype(int).tolist() == b["n_units"].astype(int).tolist()


def test_series_values_by_scope_equal_joining_the_reports(demo):
    """measures.values_sql reads series_scoped with the scope's conditions; it gives the rows
    the join of series_cached with the scope's reports gives."""
    from app_lib.queries.measures import values_sql

    m = measure("series:applications_received")
    city = demo.df(
        "SELECT province, city FROM units WHERE city IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC LIMIT 1"
    )
    units = demo.df("SELECT unit_id FROM units ORDER BY unit_id LIMIT 9")["unit_id"]
    scopes = [
        Scope(),
        Scope(kind_scope="dept", years=(2019, 2023)),
        Scope(province=city["province"][0], city=city["city"][0], county="", kind_scope="all"),
        Scope(kind_scope="all", units=tuple(units)),
    ]
    columns = "report_id, unit_id, name, province, city, county, kind, year, value, source_metric"
    for scope in scopes:
        got = demo.df(
            with_scope("vals AS (" + values_sql(m) + f") SELECT {columns} FROM vals"),
            scope_params(scope, key=m.key),
        )
        expected = demo.df(
            with_scope(
                f"""SELECT {columns.replace("report_id", "r.report_id").replace("unit_id,", "r.unit_id,")}
                   FROM series_cached s JOIN scoped_reports r USING (report_id)
                   WHERE s.series = $key""".replace(
                    "value, source_metric", "s.value, s.source_metric"
                ).replace("year,", "r.year,")
            ),
            scope_params(scope, key=m.key),
        )
        assert not expected.empty
        pd.testing.assert_frame_equal(_sorted(got), _sorted(expected), check_dtype=False)


def test_most_corrected_units_from_series_scoped_equal_joining_the_reports(demo):
    old_sql = with_scope(
        """SELECT r.unit_id, r.name, r.kind,
                  sum(s.value) FILTER (WHERE s.series = 'reviews_corrected') AS reviews_corrected,
                  sum(s.value) FILTER (WHERE s.series = 'lawsuits_corrected') AS lawsuits_corrected,
                  sum(s.value) AS corrected,
                  string_agg(DISTINCT r.year::VARCHAR, '、' ORDER BY r.year::VARCHAR) AS years
           FROM series_cached s JOIN scoped_reports r USING (report_id)
           WHERE s.series IN ('reviews_corrected', 'lawsuits_corrected') AND s.value > 0
           GROUP BY ALL ORDER BY corrected DESC, r.name LIMIT $limit"""
    )
    for scope in (Scope(), Scope(kind_scope="all", years=(2016, 2022))):
        got = litigation.most_corrected_units(demo, scope, limit=40)
        expected = demo.df(old_sql, scope_params(scope, limit=40))
        assert not expected.empty
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_league_lists_the_first_units_and_says_how_many_there_are(demo):
    m = measure("series:applications_received")
    whole = compare.league(demo, Scope(kind_scope="all"), m, 2024)
    top = compare.league(demo, Scope(kind_scope="all"), m, 2024, max_rows=5)
    assert len(whole) > 5 and len(top) == 5
    assert (top["n_units"] == len(whole)).all()
    assert top["unit_id"].tolist() == whole["unit_id"].head(5).tolist()
    for a, b in zip(top["trend"], whole["trend"].head(5), strict=True):
        assert a == pytest.approx(b)


def test_series_cached_equals_the_series_view(demo):
    """series_cached materialises pipelines/load.py's `series` view once per file; the two
    must hold the same rows."""
    columns = "unit_id, unit_name, year, series, value, source_metric, report_id"
    diff = demo.df(
        f"""SELECT (SELECT count(*) FROM (SELECT {columns} FROM series_cached
                                          EXCEPT ALL SELECT {columns} FROM series)) AS extra,
                   (SELECT count(*) FROM (SELECT {columns} FROM series
                                          EXCEPT ALL SELECT {columns} FROM series_cached)) AS missing,
                   (SELECT count(*) FROM series_cached) AS n"""
    ).iloc[0]
    assert diff["n"] > 100
    assert (diff["extra"], diff["missing"]) == (0, 0)


@pytest.mark.parametrize("name", AGGREGATES)
def test_whole_provinces_from_province_rows_equal_their_units(demo, name):
    """A scope of the whole country or a whole province adds up province rows
    (province_values, province_series: the region cells summed once more at publish); naming
    every unit of it reads the reports' own figures — the same totals."""
    units = demo.df("SELECT unit_id, province FROM units WHERE province IS NOT NULL")
    province = units["province"].mode().iloc[0]
    for whole, ids in (
        (Scope(kind_scope="all"), demo.df("SELECT unit_id FROM units")["unit_id"]),
        (Scope(province=province, kind_scope="all"), units[units["province"] == province]["unit_id"]),
    ):
        named = Scope(province=whole.province, kind_scope="all", units=tuple(ids))
        year = 2017 if name == "legacy_outcomes" else 2020  # legacy tables: up to report year 2018
        by_rows = AGGREGATES[name](demo, whole, year)
        by_units = AGGREGATES[name](demo, named, year)
        assert not by_units.empty
        pd.testing.assert_frame_equal(_sorted(by_rows), _sorted(by_units), check_dtype=False)
        if name == "channel_output":  # and the joined series of the headline
            a = overview.headline(demo, whole, 2023).sort_values(["series", "year"]).reset_index(drop=True)
            b = overview.headline(demo, named, 2023).sort_values(["series", "year"]).reset_index(drop=True)
            assert not a.empty
            pd.testing.assert_frame_equal(a, b, check_dtype=False)
