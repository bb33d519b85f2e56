"""Every dashboard page runs on the demo database (built by the real ingest) without an
exception, shows its main chart, and the global filters round-trip through the URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from app_lib.filters import CITY_LEVEL, Scope, scope_from_params, scope_to_params

ROOT = Path(__file__).resolve().parents[2]
MY_PAGES = {
    "app_pages/overview.py": 2,
    "app_pages/trends.py": 1,
    "app_pages/compare.py": 2,
    "app_pages/applications.py": 3,
    "app_pages/litigation.py": 3,
    "app_pages/channels.py": 1,
    "app_pages/unit_profile.py": 1,
}


def _app(**query):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at


def _plotly_charts(at) -> int:
    return len(at.get("plotly_chart"))


@pytest.mark.parametrize("page_path,min_charts", MY_PAGES.items())
def test_page_runs_without_exception(demo_db, page_path, min_charts):
    at = _app().run()
    assert not at.exception, at.exception
    at.switch_page(str(ROOT / page_path)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert _plotly_charts(at) >= min_charts
    # Demo data in scope: the 示例数据 banner is on every page.
    assert any("示例数据" in w.value for w in at.warning)


def test_every_page_is_registered(demo_db):
    at = _app().run()
    source = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    for title in (
        "总览",
        "趋势",
        "对比",
        "依申请公开",
        "复议诉讼",
        "公开渠道",
        "单位档案",
        "SQL 查询",
        "数据质量",
        "导入",
    ):
        assert f'title="{title}"' in source
    assert not at.exception


def test_filters_reproduce_from_url(demo_db):
    """A link with filters opens the same view: widgets take the URL's values."""
    from app_lib.queries.common import filter_options
    from app_lib.source import connect

    units = filter_options(connect(demo_db)).units
    city = units["city"].dropna().iloc[0]
    at = _app(city=city, kind="all", years="2016-2020").run()
    assert not at.exception
    assert at.selectbox(key="f_city").value == city
    assert at.radio(key="f_kind").value == "all"
    assert tuple(at.slider(key="f_years").value) == (2016, 2020)
    assert at.query_params["years"] == ["2016-2020"] or at.query_params["years"] == "2016-2020"


def test_empty_scope_is_a_friendly_note(demo_db):
    at = _app(years="1990-1991").run()
    assert not at.exception
    at.switch_page(str(ROOT / "app_pages/trends.py")).run()
    assert not at.exception


def test_scope_url_round_trip():
    scope = Scope(
        province="某省",
        city="某市",
        county=CITY_LEVEL,
        kind_scope="dept",
        units=("u1", "u2"),
        years=(2015, 2024),
    )
    assert scope_from_params(scope_to_params(scope)) == scope
    assert scope_from_params({"years": "garbage", "kind": "nonsense"}) == Scope()


def test_filters_carry_across_pages(demo_db):
    at = _app().run()
    at.radio(key="f_kind").set_value("all").run()
    assert at.query_params["kind"] in (["all"], "all")
    at.switch_page(str(ROOT / "app_pages/litigation.py")).run()
    assert not at.exception
    assert at.radio(key="f_kind").value == "all"
    assert at.query_params["kind"] in (["all"], "all")


def test_empty_database_gives_a_note_not_a_traceback(demo_db, tmp_path, monkeypatch):
    from pipelines.db import write_transaction

    empty = tmp_path / "empty.duckdb"
    with write_transaction(empty):
        pass  # schema only: no units, no reports
    monkeypatch.setenv("GOVREPORTS_DB", str(empty))
    at = _app().run()
    assert not at.exception
    for page_path in MY_PAGES:
        at.switch_page(str(ROOT / page_path)).run()
        assert not at.exception, (page_path, [e.value for e in at.exception])
        assert any("没有已导入的年度报告" in i.value for i in at.info), page_path
