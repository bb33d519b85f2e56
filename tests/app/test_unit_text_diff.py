"""Issue 13 point 8 (second sentence): 单位档案 › 两年对比 shows the narrative of the two
years' reports as a text comparison (plain text, changed words in 〖〗) with a DOCX download;
a year without stored text is said on the page.

AppTest runs the real page on the demo database built by the real ingest; what the table
must hold is read from the corpus files themselves (the originals the demo was built from).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from app_lib import textdiff
from pipelines.extract import extract_document
from tests.app.apphelpers import open_tab


def _unit_with_years(db: Path) -> tuple[str, list[int], list[str], list[str]]:
    # text and HTML reports: what is compared is the prose, not how a PDF is read (a PDF read in
    # the bounded helper child late in a long test process was refused for memory: see README)
    con = duckdb.connect(str(db), read_only=True)
    row = con.execute(
        """SELECT unit_id, list(year ORDER BY year), list(source_path ORDER BY year), list(sha256 ORDER BY year)
           FROM reports WHERE is_demo AND format IN ('txt', 'html')
           GROUP BY unit_id HAVING count(*) >= 4 ORDER BY unit_id LIMIT 1"""
    ).fetchone()
    con.close()
    return row


def _open(db: Path, monkeypatch, unit_id: str, year_a: int, year_b: int) -> AppTest:
    monkeypatch.setenv("GOVREPORTS_DB", str(db))
    at = AppTest.from_file("../../dashboard.py", default_timeout=90)
    for key, value in {"unit": unit_id, "a": str(year_a), "b": str(year_b)}.items():
        at.query_params[key] = value
    at.switch_page("app_pages/unit_profile.py").run()
    open_tab(at, "两年对比")
    assert not at.exception, [e.value for e in at.exception]
    return at


def _prose(path: str) -> list[str]:
    return textdiff.report_prose(extract_document(Path(path).read_bytes(), path).lines)


def _unmark(text: str) -> str:
    return text.replace(textdiff.MARK_OPEN, "").replace(textdiff.MARK_CLOSE, "")


def test_two_years_tab_compares_the_report_texts(demo_db, monkeypatch):
    unit_id, years, paths, _ = _unit_with_years(demo_db)
    a, b = years[-2], years[-1]
    at = _open(demo_db, monkeypatch, unit_id, a, b)
    assert "报告文字对比" in [h.value for h in at.subheader]
    table = next(d.value for d in at.dataframe if list(d.value.columns) == ["变化", f"{a}年", f"{b}年"])
    assert "改动" in set(table["变化"]) and "相同" in set(table["变化"])
    changed = table[table["变化"] == "改动"]
    assert changed[f"{b}年"].str.contains(textdiff.MARK_OPEN).all()
    prose_a, prose_b = _prose(paths[-2]), _prose(paths[-1])
    assert set(changed[f"{a}年"].map(_unmark)) <= set(prose_a)
    assert set(changed[f"{b}年"].map(_unmark)) <= set(prose_b)
    assert any(c.value.startswith("按段落") and "改动" in c.value for c in at.caption)
    assert "下载文字对比（DOCX）" in [w.label for w in at.get("download_button")]
    # unfolded: every paragraph of both years' prose, in order, nothing else
    at.toggle(key="profile_diff_same").set_value(True).run()
    full = next(d.value for d in at.dataframe if list(d.value.columns) == ["变化", f"{a}年", f"{b}年"])
    assert [_unmark(t) for t in full[f"{a}年"] if t] == prose_a
    assert [_unmark(t) for t in full[f"{b}年"] if t] == prose_b


def test_a_year_without_stored_text_is_said(demo_db_copy, monkeypatch):
    unit_id, years, _, shas = _unit_with_years(demo_db_copy)
    con = duckdb.connect(str(demo_db_copy))
    con.execute("DELETE FROM sources WHERE sha256 = ?", [shas[-1]])  # the original was not kept
    con.close()
    at = _open(demo_db_copy, monkeypatch, unit_id, years[-2], years[-1])
    said = [i.value for i in at.info]
    assert any(s.startswith(f"{years[-1]}年报告没有可对比的原文") for s in said), said
    assert not [d for d in at.dataframe if d.value.columns[0] == "变化"]


def test_a_stored_row_without_content_is_no_original(demo_db_copy, monkeypatch):
    """A sources row whose content is NULL (the original not kept) reads as no original, on
    报告原文 and 两年对比 alike — pandas hands the NULL over as a missing value, not None."""
    unit_id, years, _, shas = _unit_with_years(demo_db_copy)
    con = duckdb.connect(str(demo_db_copy))
    con.execute("UPDATE sources SET content = NULL WHERE sha256 = ?", [shas[-1]])
    con.close()
    at = _open(demo_db_copy, monkeypatch, unit_id, years[-2], years[-1])
    assert not at.exception
    said = [i.value for i in at.info]
    assert any(s.startswith(f"{years[-1]}年报告没有可对比的原文") for s in said), said
