"""The published database opened for reading, without Streamlit: a read-only DuckDB
connection with the app's helper tables (pipelines/derived.py: stored in the file at publish
time, computed here only for a file without fresh ones), as a
:class:`pipelines.query.Source`. The app caches one per file (app_lib.db); the export CLI,
scripts and tests open one directly with :func:`connect`."""

from __future__ import annotations

import os
import threading

import duckdb

from app_lib import helper_tables
from pipelines import derived
from pipelines.db import connect_readonly
from pipelines.query import Connection

READER_MEMORY_LIMIT = "1GB"  # DuckDB buffer memory of the app's shared read-only connection
READER_THREADS = 2


def open_connection(path: str | os.PathLike) -> tuple[duckdb.DuckDBPyConnection, dict[str, float]]:
    """A read-only connection to ``path`` and the milliseconds each helper table took to
    compute on it (for scripts/bench_pages.py): none when the file stores fresh ones (written
    at publish time, pipelines/derived.py), else connection-private temp tables."""
    con = connect_readonly(path)
    # The app keeps one connection per file for every session of the process (queries under
    # a lock): its buffer memory is bounded, so 10 sessions cost one cache, not ten.
    con.execute(f"SET memory_limit = '{READER_MEMORY_LIMIT}'")
    con.execute(f"SET threads = {READER_THREADS}")
    timings = {} if derived.stored_fresh(con) else helper_tables.materialize(con)
    _older_schema(con)
    return con, timings


def connect(path: str | os.PathLike, lock: threading.Lock | None = None) -> Connection:
    """The database at ``path`` as an uncached query source (CLI, scripts, tests)."""
    return Connection(open_connection(path)[0], lock)


def _older_schema(con: duckdb.DuckDBPyConnection) -> None:
    """A database written before a product table existed (it is created on the next write):
    an empty stand-in, so the pages need no special case."""
    from pipelines.corrections import DDL as CORRECTIONS_DDL

    have = set(
        con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'data'").df()["table_name"]
    )
    if "corrections" not in have:
        con.execute(CORRECTIONS_DDL.replace("CREATE TABLE IF NOT EXISTS", "CREATE TEMP TABLE IF NOT EXISTS"))
