"""govreports export-data --parquet: the public tables for other engines (issue 14, point 5)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.export_data import ExportError, export_parquet
from pipelines.ingest import ingest_paths
from pipelines.schema import PUBLIC_TABLES

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def small_db(tmp_path, samples_dir) -> Path:
    db = tmp_path / "g.duckdb"
    ingest_paths([samples_dir], db, progress=False)
    return db


def test_every_public_table_round_trips_through_parquet(small_db, tmp_path):
    out = tmp_path / "pq"
    done = {t.name: t for t in export_parquet(small_db, out)}
    assert set(done) == set(PUBLIC_TABLES)
    con = duckdb.connect(str(small_db), read_only=True)
    for name in PUBLIC_TABLES:
        expected = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        pattern = f"{out}/{name}/*/*.parquet" if done[name].partitioned else f"{out}/{name}/data.parquet"
        got = duckdb.sql(f"SELECT count(*) FROM read_parquet('{pattern}', hive_partitioning = true)").fetchall()[0][0]
        assert got == expected == done[name].rows, name
    years = {p.name for p in (out / "report_values").iterdir()}
    assert years == {f"year={y}" for (y,) in con.execute("SELECT DISTINCT year FROM report_values").fetchall()}
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in PUBLIC_TABLES) and "| `metric` |" in readme


def test_a_non_empty_target_is_refused_and_nothing_is_left(small_db, tmp_path):
    out = tmp_path / "taken"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(ExportError, match="not an empty folder"):
        export_parquet(small_db, out)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert not (tmp_path / "taken.partial").exists()


@pytest.mark.slow  # a CLI subprocess (~0.6 s)
def test_cli_export_data(small_db, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines", "export-data", "--parquet", str(tmp_path / "x"), "--db", str(small_db)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "report_values:" in proc.stdout and (tmp_path / "x" / "README.md").is_file()

