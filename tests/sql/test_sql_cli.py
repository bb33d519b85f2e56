"""`govreports sql` end to end (`python -m pipelines sql …` in a subprocess), as wired in cli.py."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]


def govreports(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "GOVREPORTS_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "pipelines", "sql", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_csv_to_stdout_matches_the_database(sql_db):
    proc = govreports(
        "SELECT year, count(*) AS n FROM reports GROUP BY year ORDER BY year", "--format", "csv", db=sql_db
    )
    assert proc.returncode == 0, proc.stderr
    df = pd.read_csv(io.StringIO(proc.stdout))
    assert list(df.columns) == ["year", "n"]
    assert df["n"].sum() > 0 and df["year"].is_monotonic_increasing
    assert f"{len(df)} 行" in proc.stderr


def test_json_and_table_formats(sql_db):
    proc = govreports(
        "SELECT unit_id, name FROM units ORDER BY unit_id LIMIT 3", "--format", "json", db=sql_db
    )
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert len(rows) == 3 and set(rows[0]) == {"unit_id", "name"}
    proc = govreports("SELECT label_zh FROM metrics WHERE metric = 'channel.microblog'", db=sql_db)
    assert proc.returncode == 0 and "政务微博" in proc.stdout


def test_parquet_needs_out_and_writes_it(sql_db, tmp_path):
    assert govreports("SELECT 1", "--format", "parquet", db=sql_db).returncode == 2
    out = tmp_path / "r.parquet"
    proc = govreports(
        "SELECT * FROM report_values LIMIT 50", "--format", "parquet", "--out", str(out), db=sql_db
    )
    assert proc.returncode == 0, proc.stderr
    assert len(pd.read_parquet(out)) == 50


def test_row_limit_warns_on_stderr(sql_db):
    proc = govreports("SELECT * FROM range(100)", "--format", "csv", "--max-rows", "7", db=sql_db)
    assert proc.returncode == 0
    assert len(pd.read_csv(io.StringIO(proc.stdout))) == 7
    assert "max_rows" in proc.stderr


@pytest.mark.parametrize(
    ("sql", "code", "needle"),
    [
        ("DROP TABLE reports", 3, "已拒绝"),
        ("SELECT * FROM read_csv('/etc/passwd')", 3, "read_csv"),
        ("SELECT 1; DELETE FROM reports", 3, "一条语句"),
        ("SELECT no_such_column FROM reports", 1, "no_such_column"),
    ],
)
def test_refused_and_failed_exit_non_zero_with_reason_on_stderr(sql_db, sql, code, needle):
    before = hashlib.sha256(Path(sql_db).read_bytes()).hexdigest()
    proc = govreports(sql, db=sql_db)
    assert proc.returncode == code
    assert needle in proc.stderr and proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert hashlib.sha256(Path(sql_db).read_bytes()).hexdigest() == before


def test_time_limit_stops_with_exit_4(sql_db):
    proc = govreports(
        "SELECT count(*) FROM range(100000000) a, range(10000) b", "--time-limit", "1", db=sql_db
    )
    assert proc.returncode == 4
    assert "time_limit_s" in proc.stderr


def test_help_names_the_settings(sql_db):
    proc = govreports("--help", db=sql_db)
    assert proc.returncode == 0
    assert "--time-limit" in proc.stdout and "--max-rows" in proc.stdout
