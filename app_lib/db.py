"""The app's data boundary: one cached read-only connection per published database file,
and cached, parameterised queries. Pages never build SQL by string formatting."""

from __future__ import annotations

import contextlib
import contextvars
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from app_lib import helper_tables
from pipelines import store
from pipelines.db import connect_readonly, db_version, default_db_path

_lock = threading.Lock()  # a DuckDB connection is not safe for concurrent use across threads
# (path, version) → milliseconds each helper table took to compute (for the benchmark).
helper_timings: dict[tuple[str, tuple[int, ...]], dict[str, float]] = {}


_override: contextvars.ContextVar[Path | None] = contextvars.ContextVar(
    "govreports_db_override", default=None
)


def get_db_path() -> Path:
    """The database queries run against: an explicit override (export CLI), else the default."""
    return _override.get() or default_db_path()


@contextlib.contextmanager
def database_override(path: str | Path) -> Iterator[None]:
    """Run queries against ``path`` inside the block (used outside the app, e.g. exports)."""
    token = _override.set(Path(path))
    try:
        yield
    finally:
        _override.reset(token)


@st.cache_resource(max_entries=4, show_spinner=False)
def _connection(path: str, version: tuple[int, ...]) -> duckdb.DuckDBPyConnection:
    # `version` (inode, mtime of the file; the officers' store's figures counter) is part
    # of the cache key: after an ingest publishes a new file, or an officer corrects a
    # figure, the next call opens a new connection; the old one keeps its snapshot until
    # dropped. The helper tables (series_cached, cell_values, …) are computed here, once per
    # version. The store's other tables (decisions, audit rows) are reloaded in place when
    # they change (_fresh_officer_tables), which invalidates nothing else.
    con = connect_readonly(path)  # the officers' store installed (temp tables)
    _installed[id(con)] = store.version(path)
    helper_timings[(path, version)] = helper_tables.materialize(con)
    return con


# id(connection) → the store version its temp tables hold
_installed: dict[int, tuple[int, int]] = {}

# Tables of the officers' store (pipelines/store.py): a query naming one is keyed by the
# store's version and runs after the connection's copy of the store is brought up to date.
_OFFICER_TABLES = re.compile(r"\b(" + "|".join(store.TABLES) + r")\b", re.IGNORECASE)


def _fresh_officer_tables(con: duckdb.DuckDBPyConnection, path: str, officer: tuple[int, int]) -> None:
    """Reload the store's rows into ``con`` when they changed (call under _lock)."""
    if _installed.get(id(con)) != officer:
        _installed[id(con)] = store.install(con, path)


def get_connection() -> duckdb.DuckDBPyConnection:
    """The connection of the current database version, its officers' tables up to date."""
    path = get_db_path()
    con = _connection(str(path), data_version(path))
    with _lock:
        _fresh_officer_tables(con, str(path), store.version(path))
    return con


def data_version(path: str | Path) -> tuple[int, ...]:
    """What figures and findings are computed from: the published file (inode, mtime) and
    the officers' corrections (the store's figures counter). A decision does not change it."""
    return (*db_version(path), store.version(path)[1])


def current_version() -> tuple[int, ...]:
    return data_version(get_db_path())


def officer_version() -> tuple[int, int]:
    """The officers' store's version (changes with every decision, correction, placement)."""
    return store.version(get_db_path())


@st.cache_data(max_entries=512, show_spinner=False)
def _cached_query(
    sql: str, params: tuple, path: str, version: tuple[int, ...], officer: tuple[int, int] | None
) -> pd.DataFrame:
    con = _connection(path, version)
    with _lock:
        if officer is not None:
            _fresh_officer_tables(con, path, officer)
        return con.execute(sql, list(params)).df()


def run_query(sql: str, params: tuple | list = ()) -> pd.DataFrame:
    """Run a parameterised query (``?`` placeholders) against the published database, cached
    until the database file changes — or, for a query naming a table of the officers' store
    (review_decisions, audit_log …), until the store changes."""
    path = get_db_path()
    officer = store.version(path) if _OFFICER_TABLES.search(sql) else None
    return _cached_query(sql, tuple(params), str(path), data_version(path), officer)
