"""The published database opened for reading, without Streamlit: a read-only DuckDB
connection with the officers' store shown (pipelines/store.py) and the app's helper tables
(pipelines/derived.py: stored in the file at publish time, computed here only for a file
without fresh ones, or when officers' corrections change figures), as a
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
    # The stored tables were computed from the figures as parsed; with a correction in the
    # officers' store the figures differ (report_values is then a view applying them), so the
    # connection computes its own from that view.
    fresh = derived.stored_fresh(con) and not _corrected(con)
    timings = {} if fresh else helper_tables.materialize(con)
    return con, timings


def _corrected(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the officers' corrections are applied here (a temp view over report_values)."""
    row = con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE temporary AND view_name = 'report_values'"
    ).fetchone()
    return bool(row and row[0])


def connect(path: str | os.PathLike, lock: threading.Lock | None = None) -> Connection:
    """The database at ``path`` as an uncached query source (CLI, scripts, tests)."""
    return Connection(open_connection(path)[0], lock)
