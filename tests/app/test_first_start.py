"""First start on a fresh clone: no database yet → the dashboard builds the demo database
itself, with a visible progress message, then shows the overview."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest


@pytest.mark.slow  # builds a (small) demo database through the dashboard
def test_dashboard_builds_the_demo_database_when_none_exists(tmp_path, monkeypatch):
    db = tmp_path / "fresh" / "govreports.duckdb"
    monkeypatch.setenv("GOVREPORTS_DB", str(db))
    monkeypatch.setenv("GOVREPORTS_DEMO_UNITS", "12")  # the real build, on a smaller corpus
    monkeypatch.setenv("GOVREPORTS_DEMO_CORPUS", str(tmp_path / "corpus"))
    at = AppTest.from_file("../../dashboard.py", default_timeout=300).run()
    assert not at.exception
    assert db.exists()
    assert any("示例数据库" in s.label for s in at.status)
    con = duckdb.connect(str(db), read_only=True)
    demo, real = con.execute(
        "SELECT count(*) FILTER (is_demo), count(*) FILTER (NOT is_demo) FROM reports"
    ).fetchone()
    assert demo > 50 and real >= 1  # generated reports marked 示例数据, and the real samples
    assert at.title and at.title[0].value == "总览"
