"""The page queries made cheap at national scale (issue 14, point 1) give what the
straightforward computations give: the league over the shown years only, the named units'
figures read by their reports first, the unit names unsorted — on the demo database and on
a second, differently generated one."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from app_lib.filters import Scope
from app_lib.queries import applications, channels, common, compare, overview
from app_lib.queries.common import scope_params, with_scope
from app_lib.queries.measures import measure, values_sql
from app_lib.source import connect
from pipelines.derived import page_figures_sql


@pytest.fixture(scope="module")
def other_db(tmp_path_factory) -> Path:
    """A second generated corpus (other seed, other units), ingested by the real pipeline."""
    from pipelines.demo.generate import generate_corpus
    from pipelines.ingest import ingest_paths

    root = tmp_path_factory.mktemp("other")
    generate_corpus(root / "corpus", units=18, seed=23)
    db = root / "other.duckdb"
    ingest_paths([root / "corpus"], db, is_demo=True, progress=False)
    return db


@pytest.fixture(scope="module", params=["demo", "other"])
def db(request, demo_db, other_db):
    source = connect(demo_db if request.param == "demo" else other_db)
    yield source
    source.con.close()


def _scopes(db) -> list[Scope]:
    """The whole country, each kind, one province, one city and a few named units of it."""
    units = db.df("SELECT unit_id, province, city FROM units WHERE city IS NOT NULL ORDER BY unit_id")
    province, city = units.groupby(["province", "city"]).size().idxmax()
    named = tuple(units[(units["province"] == province) & (units["city"] == city)]["unit_id"].head(4))
    assert len(named) >= 2
    return [
        Scope(kind_scope="all"),
        Scope(),
        Scope(kind_scope="dept"),
        Scope(province=province, kind_scope="all"),
        Scope(province=province, city=city, kind_scope="all"),
        Scope(province=province, city=city, kind_scope="all", units=named),
        Scope(kind_scope="all", units=named, years=(2019, 2022)),
    ]


def _years(db) -> list[int]:
    years = db.df("SELECT DISTINCT year FROM reports ORDER BY year")["year"].tolist()
    return [int(years[-1]), int(years[len(years) // 2])]


def test_unit_names_are_every_unit_with_its_name(db):
    units = db.df("SELECT unit_id, name FROM units")
    names = common.unit_names(db)
    assert len(names) == len(units) > 10
    assert names == {u: n for u, n in zip(units["unit_id"], units["name"], strict=True)}
    assert names == dict(
        zip(common.filter_options(db).units["unit_id"], common.filter_options(db).units["name"], strict=True)
    )


def test_text_results_read_through_arrow_are_what_duckdb_gives(db):
    """Connection.df reads a text-only result through Arrow (issue 14: the first page after a
    start): the same rows and values as DuckDB's own conversion, NULLs included."""
    sql = "SELECT unit_id, name, province, city, county, coalesce(kind, 'other') AS kind FROM units ORDER BY unit_id"
    fast = db.df(sql)
    plain = db.con.execute(sql).df()
    assert len(fast) == len(plain) > 10 and list(fast.columns) == list(plain.columns)
    assert fast["county"].isna().any()  # a city's own units: NULLs come through as missing
    for col in plain.columns:
        assert fast[col].isna().tolist() == plain[col].isna().tolist()
        assert fast[col].dropna().tolist() == plain[col].dropna().tolist()
    mixed = db.df("SELECT unit_id, count(*) AS n FROM reports GROUP BY unit_id ORDER BY unit_id")
    assert mixed["n"].dtype.kind == "i"  # a result with numbers takes DuckDB's conversion as before


def test_names_of_names_the_given_units_only(db):
    units = db.df("SELECT unit_id, name FROM units ORDER BY unit_id")
    picked = tuple(units["unit_id"].iloc[[0, 3, 5]])
    assert common.names_of(db, picked + ("no-such-unit",)) == {
        u: n for u, n in zip(units["unit_id"], units["name"], strict=True) if u in picked
    }
    assert common.names_of(db, ()) == {}


def test_registry_reporting_counts_as_the_python_sets_did(db):
    """报送单位 / 应报单位 counted in DuckDB against the due units equals the set intersection
    of every unit that reported (the computation it replaces), for every scope and year."""
    from app_lib.queries import registry as registry_queries
    from pipelines import registry as reg_mod

    units = db.df("SELECT unit_id, name FROM units ORDER BY unit_id").drop_duplicates("name")
    frame = reg_mod.from_units(  # every unit of the database, due from different years
        {"name": n, "region": "", "kind": "", "first_year": 2012 + i % 6, "last_year": None}
        for i, n in enumerate(units["name"])
    )
    reg = reg_mod.resolve(frame)
    assert reg.unit_ids & set(units["unit_id"])  # the names resolve to the database's units
    for scope in _scopes(db):
        for year in _years(db):
            got = registry_queries.reporting(db, scope, year, reg)
            scoped = registry_queries.in_scope(reg, scope)
            for key, y in (("", year), ("_last", year - 1)):
                due = set(scoped[scoped.index.isin(reg.due(y).index)]["unit_id"])
                have = set(db.df("SELECT DISTINCT unit_id FROM reports WHERE year = $y", {"y": y})["unit_id"])
                assert got[f"expected{key}"] == len(due)
                assert got[f"reporting{key}"] == len(due & have)


# The league's values over every year (the definition before it kept the shown years only).
_LEAGUE_ALL_YEARS = """
SELECT cur.unit_id, cur.value, prev.value AS previous, cur.n_units,
       coalesce(spark.trend, []) AS trend
FROM (SELECT *, count(*) OVER () AS n_units FROM vals WHERE year = $year) cur
LEFT JOIN vals prev ON prev.unit_id = cur.unit_id AND prev.year = cur.year - 1
LEFT JOIN (SELECT unit_id, list(value ORDER BY year) AS trend FROM vals
           WHERE year BETWEEN $spark_from AND $year AND value IS NOT NULL AND NOT isnan(value)
           GROUP BY unit_id) spark ON spark.unit_id = cur.unit_id"""


@pytest.mark.parametrize("key", ["series:applications_received", "series:lawsuits"])
def test_league_equals_the_values_over_every_year(db, key):
    m = measure(key)
    checked = 0
    for scope in _scopes(db):
        for year in _years(db):
            got = compare.league(db, scope, m, year, max_rows=100_000)
            sql = with_scope("vals AS (" + values_sql(m) + ")" + _LEAGUE_ALL_YEARS)
            params = scope_params(
                scope.with_years(None), key=m.key, year=year, spark_from=year - compare.SPARK_YEARS + 1
            )
            want = db.df(sql, params).sort_values("unit_id").reset_index(drop=True)
            got = got.sort_values("unit_id").reset_index(drop=True)
            assert got["unit_id"].tolist() == want["unit_id"].tolist()
            assert got["value"].tolist() == pytest.approx(want["value"].astype(float).tolist(), nan_ok=True)
            assert got["previous"].tolist() == pytest.approx(
                want["previous"].astype(float).tolist(), nan_ok=True
            )
            assert (got["n_units"] == want["n_units"]).all()
            for a, b in zip(got["trend"], want["trend"], strict=True):
                assert list(a) == pytest.approx(list(b))
            checked += len(got)
            # the first five listed: their previous years and sparklines read for them alone
            top = compare.league(db, scope, m, year, max_rows=5).set_index("unit_id")
            full = got.set_index("unit_id").loc[top.index]
            assert top["previous"].tolist() == pytest.approx(full["previous"].tolist(), nan_ok=True)
            assert [list(t) for t in top["trend"]] == [list(t) for t in full["trend"]]
            assert (top["n_units"] == len(got)).all()
    assert checked > 20


# Each scope's figures summed straight from every report's page figures (no region cells,
# no unit filter first): what scoped_figures must equal for any scope.
_FIGURES_STRAIGHT = (
    "figures AS ("
    + page_figures_sql("report_values")
    + """)
SELECT r.year, r.template, f.metric, sum(f.value) AS value, count(*) AS n_reports
FROM figures f JOIN scoped_reports r USING (report_id)
GROUP BY ALL"""
)


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    df = df.assign(value=df["value"].astype(float), n_reports=df["n_reports"].astype(int))
    return df.sort_values(["year", "template", "metric"]).reset_index(drop=True)


def test_scoped_figures_equal_every_reports_figures(db):
    from app_lib.queries.common import with_figures

    compared = 0
    for scope in _scopes(db):
        got = db.df(
            with_figures(
                """SELECT year, template, metric, sum(value) AS value, sum(n_reports)::BIGINT AS n_reports
                   FROM scoped_figures GROUP BY ALL"""
            ),
            scope_params(scope),
        )
        want = db.df(with_scope(_FIGURES_STRAIGHT), scope_params(scope))
        pd.testing.assert_frame_equal(_sorted(got), _sorted(want), check_dtype=False)
        compared += len(got)
    assert compared > 100


def test_outcome_flows_of_named_units_equal_their_region(db):
    """Naming every unit of a city gives the flows of the city read from its region cells."""
    region = _scopes(db)[4]
    units = overview.scoped_unit_list(db, region)["unit_id"].tolist()
    named = Scope(province=region.province, city=region.city, kind_scope="all", units=tuple(units))
    flows = 0
    for year in _years(db):
        a = applications.outcome_flows(db, region, year)
        b = applications.outcome_flows(db, named, year)
        pd.testing.assert_frame_equal(a, b)
        flows += int((a["value"] > 0).sum())
    assert flows > 0


# 公开渠道's pairs and the heat map's reports joined with the scope's reports, as before
# channel_pairs and report_scoped carried the unit, region, kind and year.
_PAIRS_JOINED = """
SELECT r.name AS unit, r.year, p.channel_key, p.table_value, p.narrative_value,
       p.table_provenance, p.narrative_provenance
FROM channel_pairs p JOIN scoped_reports r USING (report_id)"""

_COVERAGE_JOINED = """unit_stats AS (
    SELECT u.unit_id, u.name, count(r.report_id) AS n_reports, count(c.report_id) AS n_flagged
    FROM scoped_units u LEFT JOIN scoped_reports r USING (unit_id) LEFT JOIN report_status c USING (report_id)
    GROUP BY ALL)
SELECT u.unit_id, u.name, u.n_reports, u.n_flagged, r.year, r.template, c.n_errors, c.n_warnings, c.rules
FROM unit_stats u LEFT JOIN scoped_reports r USING (unit_id) LEFT JOIN report_status c USING (report_id)"""


def test_table_vs_narrative_equals_joining_the_reports(db):
    compared = 0
    for scope in _scopes(db):
        got = channels.table_vs_narrative(db, scope, limit=100_000)
        want = db.df(with_scope(_PAIRS_JOINED), scope_params(scope))
        assert len(got) == len(want)
        assert (got["n_both"] == len(want)).all()
        assert (got["n_differ"] == int((want["table_value"] != want["narrative_value"]).sum())).all()
        cols = ["unit", "year", "table_value", "narrative_value", "table_provenance", "narrative_provenance"]
        a = got[cols].sort_values(cols).reset_index(drop=True)
        b = want[cols].sort_values(cols).reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, check_dtype=False)
        # disagreements first
        agrees = got["agrees"].tolist()
        assert agrees == sorted(agrees)
        compared += len(got)
    assert compared > 20


def _records(df: pd.DataFrame) -> list[dict]:
    """Rows sorted, missing values as None (NaN, NA and None alike)."""
    rows = [{k: None if pd.isna(v) else v for k, v in row.items()} for row in df.to_dict("records")]
    return sorted(rows, key=lambda r: tuple((v is None, str(v)) for v in r.values()))


def test_coverage_matrix_equals_joining_the_reports(db):
    compared = 0
    for scope in _scopes(db):
        n_all = len(overview.scoped_unit_list(db, scope))
        for max_units in (100_000, 3):
            got, n_units = overview.coverage_matrix(db, scope, max_units=max_units)
            assert n_units == n_all
            want = db.df(with_scope(_COVERAGE_JOINED), scope_params(scope))
            stats = want.drop_duplicates("unit_id").sort_values(
                ["n_flagged", "n_reports", "name"], ascending=[False, True, True]
            )
            shown = set(stats["unit_id"].head(max_units))
            want = want[want["unit_id"].isin(shown)]
            assert set(got["unit_id"]) == shown
            assert len(got) == len(want)
            flagged = want["n_errors"].notna()
            want_status = pd.Series("已报送", index=want.index).where(~flagged)
            want_status[flagged & (want["n_warnings"].fillna(0) > 0)] = "有警告"
            want_status[flagged & (want["n_errors"].fillna(0) > 0)] = "校验未通过"
            want_status = want_status.fillna("已报送").where(want["year"].notna(), None)
            a = got.assign(year=got["year"].astype("float"))[
                ["unit_id", "year", "template", "status", "rules"]
            ]
            b = want.assign(year=want["year"].astype("float"), status=want_status)[
                ["unit_id", "year", "template", "status", "rules"]
            ]
            assert _records(a) == _records(b)
            compared += len(got)
    assert compared > 50


# The scope summary as a join of the scope's reports (before it read report_scoped).
_SUMMARY_JOINED = """per_unit AS (
    SELECT unit_id, count(*) AS n, bool_or(is_demo) AS is_demo, min(year) AS lo, max(year) AS hi
    FROM scoped_reports GROUP BY unit_id)
SELECT coalesce(sum(n), 0) AS n_reports, count(*) AS n_units,
       coalesce(bool_or(is_demo), false) AS is_demo, min(lo) AS lo, max(hi) AS hi
FROM per_unit"""


def test_scope_summary_equals_joining_the_reports(db):
    for scope in [*_scopes(db), Scope(province="不存在的省")]:
        got = common.scope_summary(db, scope)
        want = db.df(with_scope(_SUMMARY_JOINED), scope_params(scope)).iloc[0]
        assert got.n_reports == int(want["n_reports"]) and got.n_units == int(want["n_units"])
        assert got.is_demo == bool(want["is_demo"])
        assert got.year_min == (None if pd.isna(want["lo"]) else int(want["lo"]))
        assert got.year_max == (None if pd.isna(want["hi"]) else int(want["hi"]))
    assert common.scope_summary(db, Scope(kind_scope="all")).n_reports > 20
