"""Issue 11, point 6: replacing a report is never silent — the CLI summary and the 导入 page
list every replacement with old and new figures side by side, and the old source is kept."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from app_lib.uploads import replacements_frame, summary_dict
from pipelines.ingest import ingest_paths
from pipelines.sources import read_source

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = "2017_北京市东城区政务服务中心.txt"
PAGE = str(ROOT / "app_pages" / "intake.py")
OLD_ROW, NEW_ROW = "2.政府网站公开政府信息数 | 条 | 136 |", "2.政府网站公开政府信息数 | 条 | 137 |"


def _cli_ingest(path: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines", "ingest", str(path), "--db", str(db), "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "400"},
    )


@pytest.mark.slow
def test_cli_lists_the_replacement_and_keeps_the_old_source(tmp_path, samples_dir):
    src = tmp_path / SAMPLE
    original = (samples_dir / SAMPLE).read_bytes()
    src.write_bytes(original)
    db = tmp_path / "g.duckdb"
    assert _cli_ingest(src, db).returncode == 0
    src.write_text(original.decode("utf-8").replace(OLD_ROW, NEW_ROW), encoding="utf-8")
    proc = _cli_ingest(src, db)
    assert proc.returncode == 0, proc.stderr
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("replaced"))
    assert "figures) → new" in line and "1 figures changed" in line and "channel.website: 136 → 137" in line
    con = duckdb.connect(str(db), read_only=True)
    try:
        old_sha, old_n, new_n = con.execute(
            "SELECT old_sha256, old_figures, new_figures FROM report_replacements"
        ).fetchone()
        content = read_source(con, old_sha)  # stored zstd-compressed (pipelines/sources.py)
    finally:
        con.close()
    assert old_n == new_n > 0
    assert content == original and hashlib.sha256(original).hexdigest() == old_sha  # restorable


@pytest.mark.slow  # a whole ingest or CLI run: full suite only (keeps the fast lane under a minute)
def test_same_unit_year_under_another_name_is_listed_too(tmp_path, samples_dir):
    db = tmp_path / "g.duckdb"
    ingest_paths([samples_dir / SAMPLE], db, progress=False)
    other = tmp_path / "东城区2017年报告（更正版）.txt"
    other.write_text((samples_dir / SAMPLE).read_text(encoding="utf-8").replace(OLD_ROW, NEW_ROW), "utf-8")
    summary = ingest_paths([other], db, progress=False)
    assert summary.replaced == 1
    (rep,) = summary.replacements
    assert Path(rep["old_source_path"]).name == SAMPLE and Path(rep["new_source_path"]).name == other.name
    assert rep["changed_figures"] == 1


def test_intake_page_lists_replacements_side_by_side(tmp_path, samples_dir, demo_db_copy, monkeypatch):
    db = tmp_path / "g.duckdb"
    ingest_paths([samples_dir / SAMPLE], db, progress=False)
    other = tmp_path / "更正版[点此](evil.example)**b**.txt"
    other.write_text((samples_dir / SAMPLE).read_text(encoding="utf-8").replace(OLD_ROW, NEW_ROW), "utf-8")
    summary = ingest_paths([other], db, progress=False)
    state = summary_dict(summary, tmp_path)
    frame = replacements_frame(state["replacements"])
    assert frame.loc[0, "原数字数"] == frame.loc[0, "新数字数"] and frame.loc[0, "变化的数字"] == 1
    assert "136 → 137" in frame.loc[0, "变化明细（原 → 新）"]

    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db_copy))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["intake-summary"] = state
    at.run()
    assert not at.exception, at.exception
    assert any("替换的报告：1 份" in m.value for m in at.markdown)
    shown = at.dataframe[0].value
    assert shown.loc[0, "新文件"] == other.name and shown.loc[0, "原文件"] == SAMPLE
