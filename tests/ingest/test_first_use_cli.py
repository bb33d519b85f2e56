"""Small correctness items of the command line met on first use (issue 13, point 10)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def test_ingest_of_a_missing_path_exits_non_zero_with_one_line(tmp_path):
    db = tmp_path / "new.duckdb"
    proc = run("ingest", str(tmp_path / "no-such-folder"), "--db", str(db), "-q")
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "no-such-folder" in lines[0], proc.stderr
    assert not db.exists()


def test_sql_csv_file_has_a_bom_for_excel(demo_db, tmp_path):
    out = tmp_path / "units.csv"
    proc = run(
        "sql", "SELECT name FROM units LIMIT 3", "--db", str(demo_db), "--format", "csv", "--out", str(out)
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbfname")
    stdout = run("sql", "SELECT 1 AS n", "--db", str(demo_db), "--format", "csv")
    assert stdout.stdout.startswith("n")  # a pipe gets no BOM


def test_failed_export_from_the_cli_leaves_no_folder(demo_db, tmp_path):
    out = tmp_path / "pack" / "inner"
    proc = run("export", "--db", str(demo_db), "--unit", "不存在的单位", "--out", str(out))
    assert proc.returncode != 0
    assert not (tmp_path / "pack").exists()


def test_export_failing_half_way_removes_what_it_wrote(demo_db, tmp_path, monkeypatch):
    from app_lib import export, snapshot

    real, calls = snapshot.render_image, []

    def breaks_on_the_third(fig, fmt):
        calls.append(fmt)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(fig, fmt)

    monkeypatch.setattr(snapshot, "render_image", breaks_on_the_third)
    out = tmp_path / "new" / "pack"
    with pytest.raises(OSError):
        export.export_pack(demo_db, out, None, None, None)
    assert not (tmp_path / "new").exists()

    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "notes.txt").write_text("mine")
    calls.clear()
    with pytest.raises(OSError):
        export.export_pack(demo_db, existing, None, None, None)
    assert sorted(p.name for p in existing.iterdir()) == ["notes.txt"]
