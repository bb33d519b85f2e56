"""The one Streamlit adapter of the query layer: every ``st.cache_resource`` /
``st.cache_data`` of the app lives here.

Queries themselves are plain functions ``f(db, scope, …)`` over a
:class:`pipelines.query.Source` (see docs/queries.md); this module hands the pages the
cached source of the published database:

- one read-only connection per published file (``_connection``), with the helper tables
  computed (app_lib.source);
- query results cached per (SQL, named parameters, data version): after an ingest
  publishes a new file, or an officer corrects a figure, the next query reads it;
- the officers' store beside the file (pipelines/store.py: decisions, corrections, audit
  rows …) loaded into that connection as temp tables and reloaded in place when the store's
  version moves; only queries naming one of its tables are keyed by that version, so a
  decision invalidates no other cached query and no helper table;
- the expensive Python-side results (data-quality findings, a report's decoded lines, the
  SQL page's schema), each keyed by what it is computed from.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from app_lib.source import open_connection, reinstall
from pipelines import store
from pipelines.db import db_version, default_db_path
from pipelines.model import Line
from pipelines.query import Connection, Params, Source, bind

_lock = threading.Lock()  # a DuckDB connection is not safe for concurrent use across threads
# (path, version) → milliseconds each helper table took to compute (for the benchmark).
helper_timings: dict[tuple[str, tuple[int, ...]], dict[str, float]] = {}


def get_db_path() -> Path:
    """The database the app reads ($GOVREPORTS_DB, else data/govreports.duckdb)."""
    return default_db_path()


def data_version(path: str | Path) -> tuple[int, ...]:
    """What figures and findings are computed from: the published file (inode, mtime), the
    officers' corrections (the store's figures counter) and placements (its placed counter:
    placed reports held in the store). A decision does not change it."""
    _, figures, placed = store.version(path)
    return (*db_version(path), figures, placed)


def current_version() -> tuple[int, ...]:
    return data_version(get_db_path())


@st.cache_resource(max_entries=4, show_spinner=False)
def _connection(path: str, version: tuple[int, ...]) -> Connection:
    # `version` (inode, mtime of the file; the store's figures counter) is part of the cache
    # key: after an ingest publishes a new file, or an officer corrects a figure, the next
    # call opens a new connection; the old one keeps its snapshot until dropped. The store's
    # other tables (decisions, audit rows) are reloaded in place (_fresh_officer_tables).
    con, timings = open_connection(path)  # the officers' store installed (temp tables)
    _installed[id(con)] = store.version(path)
    helper_timings[(path, version)] = timings
    return Connection(con, _lock)


# id(DuckDB connection) → the store version its temp tables hold
_installed: dict[int, tuple[int, int, int]] = {}

# Tables of the officers' store: a query naming one is keyed by the store's version and runs
# after the connection's copy of the store is brought up to date.
_OFFICER_TABLES = re.compile(r"\b(" + "|".join(store.TABLES) + r")\b", re.IGNORECASE)


def _fresh_officer_tables(
    conn: Connection, path: str, officer: tuple[int, int, int] | None, placed: int
) -> None:
    """Reload the store's rows into the connection when they changed: all of them for a
    query naming a store table (``officer``: the store's version), else when the placed
    reports changed (``placed``: the store's placed counter). A reload is in place: the
    connection, its helper tables and the other cached queries stay."""
    with conn.lock:
        have = _installed.get(id(conn.con))
        if have is None or (officer is not None and have != officer) or have[2] != placed:
            _installed[id(conn.con)] = reinstall(conn.con, path)


# Shared by every session (Streamlit's data cache is global; a hit is a copy for the caller):
# bounded in number and age, so a long-running server does not keep every scope ever asked.
@st.cache_data(max_entries=256, ttl=6 * 3600, show_spinner=False)
def _cached_query(
    sql: str,
    params: tuple[tuple[str, Any], ...],
    path: str,
    version: tuple[int, ...],
    officer: tuple[int, int, int] | None = None,
) -> pd.DataFrame:
    # The connection is keyed by the file and the corrections (version[:3]); placements are
    # shown by reloading the store into it (version[3], the placed counter).
    conn = _connection(path, version[:3])
    _fresh_officer_tables(conn, path, officer, version[3])
    return conn.df(sql, dict(params))


@dataclass(frozen=True)
class CachedSource:
    """The published database as a :class:`pipelines.query.Source` whose results are
    cached until the data changes (its version is read on every query, so a page that
    writes and reads in one run reads what it just wrote). A query naming a table of the
    officers' store (review_decisions, audit_log …) is cached until the store changes."""

    path: str

    def df(self, sql: str, params: Params | None = None) -> pd.DataFrame:
        bound = bind(sql, params)
        officer = store.version(self.path) if _OFFICER_TABLES.search(sql) else None
        return _cached_query(sql, tuple(sorted(bound.items())), self.path, data_version(self.path), officer)


def source() -> CachedSource:
    """The app's query source: the published database, cached per file version."""
    return CachedSource(str(get_db_path()))


def clear_query_cache() -> None:
    """Forget cached query results (the benchmark measures DuckDB, not the cache)."""
    _cached_query.clear()


# ---------------------------------------------------------------------------
# Python-side results, cached by what they are computed from


# The findings and the coverage grid are shared by every session (st.cache_resource: one
# object, not a copy per session and run — at 1 M reports a findings table is ~10^5 rows and
# the grid ~10^6), and only the last few are kept. Callers never modify them (the pages
# filter and label copies).
@st.cache_resource(max_entries=4, ttl=6 * 3600, show_spinner="正在汇总数据质量问题…")
def _detected(key: Hashable, settings: tuple[tuple[str, Any], ...], _db: Source, path: str) -> pd.DataFrame:
    # `key` (file versions: the database, the store's corrections and placements, the
    # registry) keys the cache: an ingest, reparse, placement or correction invalidates it;
    # so does an edit of the registry file; a verdict does not (issue 13: a verdict in
    # ≤ 0.5 s). Beneath this cache, the result stored beside the database (issue 14).
    from app_lib.queries import quality

    return quality.detected(_db, **dict(settings), db_path=path)


def quality_findings(
    *, jump_factor: float, jump_min: float, zero_after: float, through_latest: bool = True
) -> pd.DataFrame:
    """Every finding with its review decision (app_lib.queries.quality.findings, cached)."""
    from app_lib.queries import quality

    db = source()
    settings: dict[str, Any] = {
        "jump_factor": float(jump_factor),
        "jump_min": float(jump_min),
        "zero_after": float(zero_after),
        "through_latest": bool(through_latest),
    }
    found = _detected(quality.cache_key(db.path), tuple(sorted(settings.items())), db, db.path)
    return quality.findings(db, **settings, found=found)


@st.cache_resource(max_entries=2, ttl=6 * 3600, show_spinner=False)
def _coverage(key: Hashable, through_latest: bool, _db: Source, path: str) -> pd.DataFrame:
    from app_lib.queries import quality

    return quality.coverage(_db, through_latest=through_latest, db_path=path)


def quality_coverage(*, through_latest: bool = True) -> pd.DataFrame:
    """Per unit and year: reported / failed checks / missing (app_lib.queries.quality.coverage, cached)."""
    from app_lib.queries import quality

    db = source()
    return _coverage(quality.cache_key(db.path), bool(through_latest), db, db.path)


@st.cache_resource(max_entries=2, ttl=6 * 3600, show_spinner=False)
def _outside(key: Hashable, _db: Source) -> pd.DataFrame:
    from app_lib.queries import quality

    return quality.outside_registry(_db)


def quality_outside_registry() -> pd.DataFrame:
    """Units with reports that the registry does not list (名单外单位), cached."""
    from app_lib.queries import quality

    db = source()
    return _outside(quality.cache_key(db.path), db)


@st.cache_data(max_entries=32, show_spinner="正在读取报告原文…")
def _lines(sha256: str, source_path: str, version: tuple[int, ...]) -> tuple[list[Line], str | None]:
    from app_lib.report_source import read_lines

    return read_lines(source(), sha256, source_path)


def report_lines(sha256: str, source_path: str) -> tuple[list[Line], str | None]:
    """(lines, None) or ([], a Chinese explanation of why the original cannot be shown)."""
    return _lines(sha256, source_path, current_version())


@st.cache_data(max_entries=128, show_spinner=False)
def _page_crop(
    sha256: str, source_path: str, page: int, box: tuple[float, float, float, float], version: tuple[int, ...]
) -> bytes | None:
    from app_lib.report_source import read_page_crop

    return read_page_crop(source(), sha256, source_path, page, box)


def ocr_page_crop(
    sha256: str, source_path: str, page: int, box: tuple[float, float, float, float]
) -> bytes | None:
    """PNG of the page region a figure was read from by OCR (app_lib.report_source.read_page_crop, cached)."""
    x0, y0, x1, y1 = box  # a tuple (hashable cache key) whatever sequence came in
    return _page_crop(sha256, source_path, int(page), (x0, y0, x1, y1), current_version())


@st.cache_data(show_spinner=False, max_entries=4)
def _schema(path: str, version: tuple[int, ...]) -> pd.DataFrame:
    from app_lib.sql_schema import schema_frame

    return schema_frame(path)


def sql_schema() -> pd.DataFrame:
    """Tables and columns of the published database (for the SQL page), cached per file."""
    path = get_db_path()
    return _schema(str(path), db_version(path))


@st.cache_data(show_spinner=False)
def sql_catalog() -> pd.DataFrame:
    """The metric catalog as a table (for the SQL page)."""
    from app_lib.sql_schema import catalog_frame

    return catalog_frame()


# ---------------------------------------------------------------------------
# 全文检索: the index beside the database (pipelines.search_index), cached per index version


@dataclass(frozen=True)
class SearchIndexState:
    mtime: int
    total: int
    keys: np.ndarray  # every doc_key in the index, sorted


@st.cache_resource(max_entries=4, show_spinner=False)  # not copied per call: 100 k keys
def _search_index_state(path: str, mtime: int) -> SearchIndexState:
    from pipelines import search_index

    con = search_index.connect_reader(path)
    try:
        keys = np.sort(np.asarray(search_index.indexed_keys(con), dtype=np.int64))
    finally:
        con.close()
    return SearchIndexState(mtime, len(keys), keys)


def search_index_state() -> SearchIndexState | None:
    """The index of the published database (None when there is none or it cannot be read)."""
    from pipelines import search_index

    path = search_index.index_path(get_db_path())
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    try:
        return _search_index_state(str(path), mtime)
    except Exception:  # noqa: BLE001 - a damaged index file: as if none (the page says how to rebuild)
        return None


@st.cache_resource(max_entries=64, show_spinner="正在检索…")
def _search(path: str, mtime: int, terms: tuple[str, ...]) -> Any:
    from pipelines import search_index

    con = search_index.connect_reader(path)
    try:
        return search_index.search(con, list(terms))
    finally:
        con.close()


def search_hits(state: SearchIndexState, terms: tuple[str, ...]) -> Any:
    """pipelines.search_index.Hits of ``terms``, cached per index version."""
    from pipelines import search_index

    return _search(str(search_index.index_path(get_db_path())), state.mtime, terms)


@st.cache_data(max_entries=64, show_spinner=False)
def _passages(path: str, mtime: int, keys: tuple[int, ...], terms: tuple[str, ...]) -> dict:
    from pipelines import search_index

    con = search_index.connect_reader(path)
    try:
        return search_index.passages(con, list(keys), list(terms))
    finally:
        con.close()


def search_passages(state: SearchIndexState, keys: tuple[int, ...], terms: tuple[str, ...]) -> dict:
    """doc_key → pipelines.search_index.Passages for the reports shown."""
    from pipelines import search_index

    return _passages(str(search_index.index_path(get_db_path())), state.mtime, keys, terms)
