"""The published database opened for reading, without Streamlit: a read-only DuckDB
connection with the app's helper tables (app_lib.helper_tables) computed, as a
:class:`pipelines.query.Source`. The app caches one per file (app_lib.db); the export CLI,
scripts and tests open one directly with :func:`connect`."""

from __future__ import annotations

import os
import threading

import duckdb

from app_lib import helper_tables
from pipelines.db import connect_readonly
from pipelines.query import Connection


def open_connection(path: str | os.PathLike) -> tuple[duckdb.DuckDBPyConnection, dict[str, float]]:
    """A read-only connection to ``path`` with every helper table computed, and the
    milliseconds each took (for scripts/bench_pages.py)."""
    con = connect_readonly(path)
    timings = helper_tables.materialize(con)
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
