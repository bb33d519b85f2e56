"""Issue 11, point 2: ingest memory is bounded by what a file unpacks to. Each hostile file
(made here, scaled down) is ingested next to a good report by the CLI in a subprocess:
exit 0, the good report loaded, the hostile file listed with its reason, peak RSS bounded."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import hostile_makers as hm
import pytest

import pipelines.extract
from pipelines.extract import ArchiveLimits
from pipelines.ingest import ingest_paths

pytestmark = pytest.mark.slow  # real ingests of full hostile files / OCR: the full suite runs them

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = "2017_北京市东城区政务服务中心.txt"
MB = hm.MB

_MEASURE = textwrap.dedent(
    """
    import json, resource, subprocess, sys
    proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    print(json.dumps({"code": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr,
                      "peak": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024}))
    """
)


def _ingest_cli(folder: Path, db: Path) -> dict:
    """`govreports ingest folder` in a fresh process; its largest process's peak RSS."""
    cmd = [sys.executable, "-m", "pipelines", "ingest", str(folder), "--db", str(db), "-q"]
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "400"},
    )
    return json.loads(proc.stdout)


def _rows(db: Path, sql: str) -> list:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


CASES = {
    # name: (maker, word of the rejection reason)
    "docx_xml_bomb": (lambda d: hm.docx_xml_bomb(d / "bomb.docx", 40 * MB), "xml part"),
    # read by PDFium in a memory-capped helper: 300 MB of blanks is a page without text
    "pdf_stream_bomb": (lambda d: hm.pdf_stream_bomb(d / "bomb.pdf", 300 * MB), "pdf"),
    "html_cells": (lambda d: hm.html_many_cells(d / "cells.html", 150_000), "cells"),
    "huge_text": (lambda d: hm.sparse_text(d / "huge.txt", 300 * MB), "too large"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file_next_to_a_good_report(case, tmp_path, samples_dir):
    make, word = CASES[case]
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(samples_dir / SAMPLE, folder / SAMPLE)
    make(folder)
    db = tmp_path / "g.duckdb"
    res = _ingest_cli(folder, db)
    assert res["code"] == 0, res["stderr"]
    assert "Traceback" not in res["stderr"]
    assert _rows(db, "SELECT count(*) FROM reports") == [(1,)]
    reasons = _rows(db, "SELECT reason FROM rejected_files")
    assert len(reasons) == 1 and word in reasons[0][0].lower(), reasons
    assert "rejected" in res["stdout"]
    assert res["peak"] < 700 * MB, f"peak {res['peak'] / MB:.0f} MB"


def test_zips_are_streamed_member_by_member(tmp_path, samples_dir):
    """3 zips of 120 members of ~1 MB (360 MB unpacked, 1 MB on disk): never all in memory."""
    folder = tmp_path / "in"
    hm.many_member_zips(folder, 3, 120, MB - 4096)
    shutil.copy(samples_dir / SAMPLE, folder / SAMPLE)
    db = tmp_path / "g.duckdb"
    res = _ingest_cli(folder, db)
    assert res["code"] == 0, res["stderr"]
    assert _rows(db, "SELECT count(*) FROM reports") == [(1,)]
    assert _rows(db, "SELECT count(*) FROM rejected_files") == [(360,)]
    assert res["peak"] < 550 * MB, f"peak {res['peak'] / MB:.0f} MB"


def test_run_budget_rejects_archives_beyond_it(tmp_path, samples_dir, monkeypatch):
    folder = tmp_path / "in"
    hm.many_member_zips(folder, 3, 10, 200_000)  # 2 MB unpacked each
    monkeypatch.setattr(
        pipelines.extract, "ArchiveLimits", functools.partial(ArchiveLimits, max_run_bytes=5 * MB)
    )
    summary = ingest_paths([folder], tmp_path / "g.duckdb", progress=False)
    over = [(Path(p).name, r) for p, r in summary.rejected if "run" in r]
    assert over == [("many_2.zip", over[0][1])] and "separate run" in over[0][1]
    assert summary.files_seen == 21  # 20 members of the first two archives + the third archive


def test_archive_members_are_read_lazily(tmp_path):
    from pipelines.ingest import IngestSummary, collect_inputs

    hm.many_member_zips(tmp_path, 1, 5, 1000)
    items = collect_inputs([tmp_path / "many_0.zip"], IngestSummary())
    assert len(items) == 5
    assert all(item.data is None and item.member is not None for item in items)
