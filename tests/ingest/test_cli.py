"""The CLI: help with examples on every command, findings export, bad arguments."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


@pytest.mark.slow  # a CLI subprocess each (~0.6 s): the full suite runs them, the fast lane does not
@pytest.mark.parametrize("command", ["ingest", "reparse", "demo", "sql", "export", "findings"])
def test_every_command_has_help_with_an_example(command):
    proc = run(command, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "Example" in proc.stdout or "例" in proc.stdout


def test_findings_export_lists_the_demo_flaws(demo_db, tmp_path):
    out = tmp_path / "findings.xlsx"
    proc = run("findings", "--db", str(demo_db), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    table = pd.read_excel(out)
    assert len(table) > 0
    assert {"勾稽关系不符"} <= set(table["问题类别"])


@pytest.mark.slow
def test_bad_arguments_exit_non_zero_without_traceback(tmp_path):
    proc = run(
        "export", "--out", str(tmp_path), "--years", "2020-2015", "--db", str(tmp_path / "none.duckdb")
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    proc = run("ingest")
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
