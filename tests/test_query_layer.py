"""The query layer's contract (docs/queries.md): named parameters bound exactly, queries as
plain functions of a source (no Streamlit), every Streamlit cache in one adapter module."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from app_lib.filters import CITY_LEVEL, Scope
from app_lib.queries import common
from pipelines import derived
from pipelines.query import Connection, QueryParameterError, as_source, bind, names_in

ROOT = Path(__file__).resolve().parent.parent


def test_bind_passes_exactly_the_names_the_sql_uses():
    sql = "SELECT * FROM t WHERE year = $year AND list_contains($units::VARCHAR[], id) AND y2 = $year_to"
    assert names_in(sql) == {"year", "units", "year_to"}
    bound = bind(sql, {"year": 2020, "units": ["a"], "year_to": 2024, "province": "江苏省"})
    assert bound == {"year": 2020, "units": ["a"], "year_to": 2024}
    with pytest.raises(QueryParameterError, match="year_to"):
        bind(sql, {"year": 2020, "units": []})


def test_a_raw_connection_and_a_source_are_both_sources():
    con = duckdb.connect()
    wrapped = as_source(con)
    assert isinstance(wrapped, Connection)
    assert as_source(wrapped) is wrapped
    assert wrapped.df("SELECT $x + 1 AS y", {"x": 41, "unused": "ignored"})["y"].tolist() == [42]
    with pytest.raises(TypeError):
        as_source("SELECT 1")


@pytest.fixture
def small_db() -> Connection:
    """Five units and their reports: a province-level region, a city, its own units and a county."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE units (unit_id VARCHAR, name VARCHAR, province VARCHAR, city VARCHAR, county VARCHAR,"
        " kind VARCHAR)"
    )
    con.execute(
        "CREATE TABLE reports (report_id VARCHAR, unit_id VARCHAR, year INTEGER, template VARCHAR,"
        " is_demo BOOLEAN, sha256 VARCHAR, source_path VARCHAR, format VARCHAR)"
    )
    units = [
        ("u1", "市政府", "江苏省", "宿迁市", None, "government"),
        ("u2", "市教育局", "江苏省", "宿迁市", None, "department"),
        ("u3", "沭阳县政府", "江苏省", "宿迁市", "沭阳县", "government"),
        ("u4", "沭阳县公安局", "江苏省", "宿迁市", "沭阳县", None),  # no kind: counted as 'other'
        ("u5", "杭州市政府", "浙江省", "杭州市", None, "government"),
    ]
    con.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?)", units)
    reports = [
        (f"r{uid}{year}", uid, year, "std2021", uid == "u5", f"s{uid}{year}", f"{uid}/{year}.txt", "txt")
        for uid, *_ in units
        for year in (2020, 2021, 2022)
    ]
    con.executemany("INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?)", reports)
    # the derived tables the scope summary reads (each report with its unit's region and kind)
    con.execute("CREATE TABLE check_results (report_id VARCHAR, rule VARCHAR, severity VARCHAR)")
    derived.materialize(con, only={"report_status", "report_scoped"})
    return Connection(con)


@pytest.mark.parametrize(
    ("scope", "n_units", "n_reports"),
    [
        (Scope(kind_scope="all"), 5, 15),
        (Scope(), 3, 9),  # governments only
        (Scope(province="江苏省", kind_scope="all"), 4, 12),
        (Scope(province="江苏省", city="宿迁市", county=CITY_LEVEL, kind_scope="all"), 2, 6),
        (Scope(province="江苏省", city="宿迁市", county="沭阳县", kind_scope="dept"), 1, 3),
        (Scope(kind_scope="all", units=("u2", "u5"), years=(2021, 2022)), 2, 4),
        (Scope(kind_scope="all", years=(2022, 2022)), 5, 5),
        (Scope(province="广东省"), 0, 0),
    ],
)
def test_scope_parameters_select_the_scope(small_db, scope, n_units, n_reports):
    summary = common.scope_summary(small_db, scope)
    assert (summary.n_units, summary.n_reports) == (n_units, n_reports)


def test_scope_summary_reads_years_and_demo_mark(small_db):
    summary = common.scope_summary(small_db, Scope(kind_scope="all", units=("u5",)))
    assert (summary.year_min, summary.year_max, summary.is_demo) == (2020, 2022, True)
    assert common.years_with_reports(small_db, Scope(kind_scope="all", years=(2021, 2024))) == [2021, 2022]


def _python_files(*folders: str) -> list[Path]:
    files = [ROOT / "dashboard.py"]
    for folder in folders:
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def test_streamlit_caching_lives_in_one_adapter():
    cache = re.compile(r"\bst\.cache_(data|resource)\b|\bcache_data\b|\bcache_resource\b")
    offenders = [
        str(p.relative_to(ROOT))
        for p in _python_files("app_lib", "app_pages", "pipelines")
        if p != ROOT / "app_lib" / "db.py" and cache.search(p.read_text(encoding="utf-8"))
    ]
    assert not offenders
    assert cache.search((ROOT / "app_lib" / "db.py").read_text(encoding="utf-8"))


def test_queries_use_named_parameters_only():
    """No positional '?' placeholder in the query modules: every value has a name."""
    positional = re.compile(r"(=|\(|,|IN|LIMIT|BETWEEN|AND)\s*\?(?!\w)")
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in sorted((ROOT / "app_lib" / "queries").glob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if positional.search(line)
    ]
    assert not offenders


def test_the_query_layer_runs_without_streamlit():
    """Importing every query module (and the uncached source) does not import Streamlit."""
    modules = sorted(p.stem for p in (ROOT / "app_lib" / "queries").glob("*.py") if p.stem != "__init__")
    code = (
        "import sys\n"
        + "".join(f"import app_lib.queries.{m}\n" for m in modules)
        + "import app_lib.source, app_lib.report_source, pipelines.quality\n"
        + "print('streamlit' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr
