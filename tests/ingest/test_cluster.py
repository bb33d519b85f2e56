"""`govreports ingest --scheduler`: parsing on a Dask cluster (a LocalCluster of 2 worker
processes here) gives the same database as parsing on this machine, table by table."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.cluster import SHARD_SCHEMA, results_table, table_results
from pipelines.ingest import InputItem, _parse_job
from pipelines.schema import PUBLIC_TABLES

pytestmark = pytest.mark.slow  # integration runs of whole ingests: the full suite, not the fast lane

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
# When a row was written: differs between any two runs.
RUN_TIME_COLUMNS = {"ingested_at", "rejected_at", "kept_at"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A small generated corpus of every format, flaws included (non-reports, duplicates,
    unplaceable texts), plus the real sample reports and an archive of some of them."""
    from pipelines.demo.generate import generate_corpus

    out = tmp_path_factory.mktemp("cluster_corpus")
    generate_corpus(out / "gen", units=4, seed=11)
    shutil.make_archive(str(out / "samples"), "zip", SAMPLES)
    return out


def _tables(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in PUBLIC_TABLES:
            cols = [
                c for (c,) in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                    "ORDER BY ordinal_position", [table]
                ).fetchall()
                if c not in RUN_TIME_COLUMNS
            ]
            select = ", ".join(f'"{c}"' for c in cols)
            out[table] = con.execute(f"SELECT {select} FROM {table} ORDER BY ALL").fetchall()
        out["sources"] = con.execute(
            "SELECT sha256, source_path, format, size_bytes, md5(content) FROM sources ORDER BY ALL"
        ).fetchall()
        return out
    finally:
        con.close()


def _cli_ingest(corpus: Path, db: Path, *extra: str) -> subprocess.CompletedProcess:
    """`govreports ingest` as a user runs it: a fresh interpreter, no GOVREPORTS_* variables
    (nothing cached by other tests in this process can make the two paths differ)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVREPORTS_")}
    return subprocess.run(
        [sys.executable, "-m", "pipelines", "ingest", str(corpus), "--db", str(db), "--workers", "2", "-q", *extra],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=600,
    )


def test_cluster_ingest_equals_local_ingest(corpus: Path, tmp_path: Path) -> None:
    local_db, cluster_db = tmp_path / "local.duckdb", tmp_path / "cluster.duckdb"
    shards = tmp_path / "shards"
    _cli_ingest(corpus, local_db)
    _cli_ingest(corpus, cluster_db, "--scheduler", "local", "--shard-dir", str(shards))
    a, b = _tables(local_db), _tables(cluster_db)
    assert len(a["reports"]) > 40 and a["rejected_files"] and a["report_values"] and a["sources"]
    for table in a:
        assert b[table] == a[table], f"table {table} differs between the local and the Dask ingest"
    assert not shards.exists() or not any(shards.iterdir()), "the run's shards are removed"


def test_shard_round_trip_gives_the_parse_results_back() -> None:
    """A shard holds exactly what the parser returned (report, checks, figures, bytes)."""
    files = sorted(p for p in SAMPLES.rglob("*") if p.is_file())[:6]
    items = [InputItem(str(p), path=p) for p in files]
    items.append(InputItem("missing.txt", reject_reason="no such file or folder"))
    results = [_parse_job(item) for item in items]
    table = results_table(results)
    assert table.schema == SHARD_SCHEMA and table.num_rows == len(items)
    assert list(table_results(table)) == results
