"""导入 page: renders (AppTest), saves uploads safely, and — in a real browser — ingests a zip
of three reports (one new, one duplicate, one broken), shows the summary and links the
new report to its unit profile, which shows it without restarting the app."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from pipelines.db import connect_readonly
from tests.app.apphelpers import launch_chromium, streamlit_app, wait_idle

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "app_pages" / "intake.py")
NEW_UNIT = "测试市数据资源管理局"  # a unit no demo report names


def test_intake_page_renders_without_exception(demo_db_copy, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db_copy))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception, at.exception
    start = at.button(key="intake-start")
    assert start.disabled  # nothing uploaded yet


class _Upload:
    def __init__(self, name: str, data: bytes):
        self.name, self._data, self.size = name, data, len(data)

    def getvalue(self) -> bytes:
        return self._data


def test_save_uploads_keeps_only_base_names(tmp_path):
    from app_lib.uploads import save_uploads

    uploads = [
        _Upload("../../etc/evil.txt", b"a"),
        _Upload("C:\\Users\\x\\2021_report.txt", b"b"),
        _Upload("2021_report.txt", b"c"),
        _Upload(".hidden", b"d"),
    ]
    paths = save_uploads(uploads, tmp_path)
    assert all(tmp_path in p.parents for p in paths)
    assert [p.name for p in paths][:3] == ["evil.txt", "2021_report.txt", "2021_report.txt"]
    assert paths[1] != paths[2] and paths[2].read_bytes() == b"c"
    assert not paths[3].name.startswith(".")


# ---------------------------------------------------------------------------
# Browser


def _truth(corpus: Path) -> list[dict]:
    return [
        json.loads(line) for line in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]


def _loaded_sources(db: Path) -> dict[str, tuple[str, int]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT source_path, unit_name, year FROM reports WHERE source_path LIKE '%.txt'"
        ).fetchall()
    finally:
        con.close()
    return {path: (name, year) for path, name, year in rows}


def _three_report_zip(db: Path) -> tuple[bytes, str, str]:
    """(zip bytes, name of the broken member, name of the duplicate member).

    New: a loaded .txt report with its unit renamed everywhere (so nothing matches it);
    duplicate: a loaded report byte for byte under another name; broken: a truncated PDF."""
    sources = _loaded_sources(db)
    path, (printed, year) = next(
        (p, v)
        for p, v in sorted(sources.items())
        if v[0] and Path(p).is_file() and v[0] in Path(p).read_text("utf-8")
    )
    text = Path(path).read_text(encoding="utf-8")
    new_report = text.replace(printed, NEW_UNIT).encode("utf-8")
    duplicate_source = next(p for p in sorted(sources) if p != path and Path(p).is_file())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(f"{year}年{NEW_UNIT}政府信息公开工作年度报告.txt", new_report)
        zf.writestr("副本_" + Path(duplicate_source).name, Path(duplicate_source).read_bytes())
        zf.writestr("损坏的报告.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n")  # truncated
    return buf.getvalue(), "损坏的报告.pdf", "副本_" + Path(duplicate_source).name


@pytest.fixture
def running_app(demo_db_copy, tmp_path):
    with streamlit_app(demo_db_copy, tmp_path / "streamlit.log") as url:
        yield url, demo_db_copy


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has=page.get_by_text(label, exact=True))
    return box.locator('[data-testid="stMetricValue"]').first.inner_text().strip()


@pytest.mark.browser
def test_upload_zip_of_new_duplicate_and_broken_report(running_app, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    url, db = running_app
    data, broken, duplicate = _three_report_zip(db)
    upload = tmp_path / "三份报告.zip"
    upload.write_bytes(data)

    with playwright.sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page()
        page.goto(url, wait_until="domcontentloaded")
        wait_idle(page)
        page.get_by_role("link", name="导入").first.click()
        wait_idle(page)
        assert page.locator('[data-testid="stException"]').count() == 0

        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        page.get_by_text("三份报告.zip").first.wait_for(timeout=30000)
        page.get_by_role("button", name="开始导入").click()
        page.get_by_text("导入结果", exact=False).first.wait_for(timeout=120000)
        wait_idle(page)
        assert page.locator('[data-testid="stException"]').count() == 0

        page.screenshot(path=str(tmp_path / "intake-summary.png"), full_page=True)  # for a failing run
        assert _metric(page, "新收录") == "1"
        assert _metric(page, "未变化") == "1"
        assert _metric(page, "未能导入") == "1"
        rejected = page.locator('[data-testid="stTable"]').first.inner_text()
        assert broken in rejected
        reason = rejected.split(broken, 1)[1].strip()
        assert reason, "the broken file is listed without a reason"
        assert duplicate in page.locator("body").inner_text()

        # the new report links to its unit profile, which shows it without a restart
        page.get_by_role("link", name=NEW_UNIT).first.click()
        page.wait_for_url("**unit=**", timeout=30000)  # the page switch lands a moment after the click
        wait_idle(page)
        assert "unit=" in page.url
        assert page.locator('[data-testid="stException"]').count() == 0
        page.get_by_text(NEW_UNIT).first.wait_for(timeout=30000)
        page.screenshot(path=str(tmp_path / "unit-profile.png"), full_page=True)
        browser.close()


def test_unplaced_report_is_listed_and_placed_from_the_page(tmp_path, monkeypatch, samples_dir):
    """A report text without its unit is listed under 待归属 with its candidates; the officer
    types the unit, confirms, and it leaves the list as a placed report."""
    from pipelines.ingest import ingest_paths

    db = tmp_path / "g.duckdb"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "fragment.txt").write_bytes((samples_dir / "real" / "001.txt").read_bytes())
    ingest_paths([folder], db, progress=False)
    monkeypatch.setenv("GOVREPORTS_DB", str(db))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception, at.exception
    assert any("待归属报告：1 份" in s.value for s in at.subheader)
    listed = at.dataframe[0].value
    assert list(listed["文件"]) == ["fragment.txt"] and "单位" in listed["原因"][0]
    (sha,) = connect_readonly(db).execute("SELECT sha256 FROM unplaced_reports").fetchone()
    at.multiselect(key="place-pick-intake").set_value([sha]).run()
    at.text_input[0].input("**某某县**人民政府")
    at.number_input[0].set_value(2024)
    stat = db.stat()
    at.button[-1].click().run()  # the form's 确认归属（1 份）
    assert not at.exception, at.exception
    assert (db.stat().st_ino, db.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)  # file not replaced
    con = connect_readonly(db)  # as readers see it: the placement is held in the officers' store
    assert con.execute("SELECT unit_name, year FROM reports").fetchall() == [("**某某县**人民政府", 2024)]
    assert con.execute("SELECT count(*) FROM unplaced_reports").fetchone()[0] == 0
    assert any("待归属报告：0 份" in s.value for s in at.subheader)
    # the name is shown as typed (plain text), not rendered as Markdown bold
    assert any("**某某县**人民政府" in t.value for t in at.text)


def test_several_unplaced_reports_are_placed_under_one_unit_each_with_its_own_year(tmp_path, monkeypatch, samples_dir):
    """Three kept texts of one body picked together: one unit typed, each placed under the year
    read from its own text; the one whose text states no year stays listed, with the reason.
    A field filled in for one pick never carries over to another pick."""
    db = tmp_path / "g.duckdb"
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("001.txt", "022.txt", "004.txt"):  # years read: 2024, 2023, none
        (folder / f"kept-{name}").write_bytes((samples_dir / "real" / name).read_bytes())
    from pipelines.ingest import ingest_paths

    ingest_paths([folder], db, progress=False)
    con = connect_readonly(db)
    kept = dict(con.execute(
        "SELECT regexp_extract(source_path, 'kept-[0-9]+'), sha256 FROM unplaced_reports"
    ).fetchall())
    con.close()
    assert sorted(kept) == ["kept-001", "kept-004", "kept-022"]
    monkeypatch.setenv("GOVREPORTS_DB", str(db))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.multiselect(key="place-pick-intake").set_value([kept["kept-001"]]).run()
    at.text_input[0].input("甲单位").run()  # typed for the first pick, not confirmed
    at.multiselect(key="place-pick-intake").set_value(list(kept.values())).run()
    assert at.text_input[0].value == ""  # a new pick: its own fields, nothing carried over
    at.text_input[0].input("乙县人民政府")
    at.button[-1].click().run()  # 确认归属（3 份）
    assert not at.exception, at.exception
    con = connect_readonly(db)
    try:
        assert sorted(con.execute("SELECT unit_name, year FROM reports").fetchall()) == [
            ("乙县人民政府", 2023), ("乙县人民政府", 2024)
        ]
        assert con.execute("SELECT sha256 FROM unplaced_reports").fetchall() == [(kept["kept-004"],)]
    finally:
        con.close()
    assert any("归属完成：2 份" in s.value for s in at.success)
    assert any("kept-004.txt：文中没有读出年度" in t.value for t in at.text)
    assert any("待归属报告：1 份" in s.value for s in at.subheader)
