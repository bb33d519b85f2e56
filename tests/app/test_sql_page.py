"""The SQL 查询 page: one-click examples run, refused statements show a friendly Chinese
message, the schema browser finds metrics by Chinese label — and in a real browser an example
query runs and its CSV downloads."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_lib.sql_examples import example_by_key
from pipelines.sqlguard import run_sql
from tests.app.apphelpers import launch_chromium, streamlit_app, wait_idle

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "app_pages" / "sql_explorer.py")


@pytest.fixture
def app_db(demo_db, monkeypatch) -> Path:
    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db))
    return demo_db


def _page(app_db, plain_editor: bool = False) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    if plain_editor:  # AppTest cannot type into the highlighting component (an iframe)
        at.toggle(key="sql-ace-on").set_value(False).run()
    return at


def _frame_with(at: AppTest, columns: list[str]):
    frames = [d.value for d in at.dataframe if list(d.value.columns) == columns]
    assert frames, f"no table with columns {columns}"
    return frames[0]


def test_example_click_runs_the_query(app_db):
    at = _page(app_db)
    at.button(key="ex-applications_trend").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["sql_current"] == example_by_key("applications_trend").sql
    expected = run_sql(app_db, example_by_key("applications_trend").sql).dataframe
    shown = _frame_with(at, list(expected.columns))  # AppTest does not expose dataframe keys
    assert shown["收到申请数"].tolist() == expected["收到申请数"].tolist()
    summary = " ".join(m.value for m in at.markdown)
    assert f"{len(expected)} 行" in summary and "用时" in summary
    assert at.selectbox(key="sql-chart-y").value == "收到申请数"  # the example's chart hint
    assert any("查询记录（1）" in e.label for e in at.expander)


def test_refused_statement_shows_friendly_message_and_changes_nothing(app_db):
    before = hashlib.sha256(app_db.read_bytes()).hexdigest()
    at = _page(app_db, plain_editor=True)
    at.text_area(key="sql_text").input("SELECT 1; -- \n DROP TABLE reports").run()
    at.button(key="sql-run").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("已拒绝" in e and "一次只能执行一条语句" in e for e in errors), errors
    assert any("Exactly one statement" in c.value for c in at.code)  # the detail underneath
    at.text_area(key="sql_text").input("SELECT * FROM read_csv('/etc/passwd')").run()
    at.button(key="sql-run").click().run()
    assert any("read_csv" in e.value.replace("\\", "") for e in at.error)  # Markdown-escaped
    assert hashlib.sha256(app_db.read_bytes()).hexdigest() == before


def test_failed_statement_shows_duckdb_detail_not_a_traceback(app_db):
    at = _page(app_db, plain_editor=True)
    at.text_area(key="sql_text").input("SELECT no_such_column FROM reports").run()
    at.button(key="sql-run").click().run()
    assert not at.exception
    assert any("失败" in e.value for e in at.error)
    assert any("no_such_column" in c.value for c in at.code)


def test_schema_search_finds_microblog_by_chinese_label(app_db):
    at = _page(app_db)
    at.text_input(key="sql-schema-search").input("微博").run()
    keys = set(_frame_with(at, ["类别", "键", "中文名", "单位", "用于", "说明"])["键"])
    assert {"channel.microblog", "narrative.microblog_posts", "microblog_posts"} <= keys
    at.text_input(key="sql-schema-search").input("区县").run()
    tables = {e.label.split("（")[0] for e in at.expander}
    assert {"reports", "units"} <= tables


# ---------------------------------------------------------------------------
# Browser


@pytest.fixture
def running_app(demo_db, tmp_path):
    with streamlit_app(demo_db, tmp_path / "streamlit.log") as url:
        yield url


@pytest.mark.browser
def test_browser_runs_example_and_downloads_csv(running_app, demo_db, tmp_path):
    from playwright import sync_api as playwright

    example = example_by_key("reports_per_year_template")
    expected = run_sql(demo_db, example.sql).dataframe

    with playwright.sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(accept_downloads=True)
            page.goto(running_app + "/sql", wait_until="domcontentloaded")
            wait_idle(page)
            assert page.locator('[data-testid="stException"]').count() == 0
            page.get_by_text("示例查询（点击即运行）").click()
            page.get_by_role("button", name=example.title).click()
            page.get_by_text(f"{len(expected)} 行", exact=False).first.wait_for(timeout=60000)
            wait_idle(page)
            assert page.locator('[data-testid="stException"]').count() == 0

            with page.expect_download(timeout=60000) as info:
                page.get_by_role("button", name="下载 CSV").click()
            download = info.value
            assert download.suggested_filename.endswith(".csv")
            path = tmp_path / "result.csv"
            download.save_as(path)

            # Typing into the highlighting editor and pressing Ctrl+Enter runs the statement.
            editor = page.frame_locator('iframe[title*="code_editor"]').locator(".ace_content")
            editor.click()
            page.keyboard.press("Control+A")
            page.keyboard.type("DROP TABLE reports")
            page.keyboard.press("Control+Enter")
            page.get_by_text("已拒绝").first.wait_for(timeout=60000)
            wait_idle(page)
            assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            browser.close()

    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == len(expected)
    assert list(rows[0]) == list(expected.columns)
    assert [int(r["报告数"]) for r in rows] == expected["报告数"].tolist()


def test_a_shared_link_opens_and_runs_its_question_and_a_run_puts_it_in_the_url(app_db):
    """?sql=… is a shareable question: the page runs it once; running another puts that one
    in the URL."""
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["sql"] = "SELECT 41 + 1 AS 答案"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert _frame_with(at, ["答案"])["答案"].tolist() == [42]
    at.button(key="ex-applications_trend").click().run()
    assert at.query_params["sql"] == example_by_key("applications_trend").sql
