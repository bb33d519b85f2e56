"""The 全文检索 page's cached reads: the index (per file version) and the scope's reports."""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from app_lib import named
from app_lib.filters import Scope
from app_lib.queries import search as q
from pipelines import search_index


@dataclass(frozen=True)
class IndexState:
    mtime: int
    total: int
    keys: np.ndarray  # every doc_key in the index, sorted


@st.cache_resource(max_entries=4, show_spinner=False)  # not copied per call: 100 k hashes
def _index_state(path: str, mtime: int) -> IndexState | None:
    con = search_index.connect_reader(path)
    try:
        keys = np.sort(np.asarray(search_index.indexed_keys(con), dtype=np.int64))
    finally:
        con.close()
    return IndexState(mtime, len(keys), keys)


def index_state(db_path: str, db_version: tuple[int, int]) -> IndexState | None:
    """The index beside the database (None when there is none), cached per index version."""
    path = search_index.index_path(db_path)
    try:
        mtime = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return None
    try:
        return _index_state(str(path), mtime)
    except Exception:  # noqa: BLE001 - a damaged index file: as if none (the page says how to rebuild)
        return None


@st.cache_resource(max_entries=64, show_spinner="正在检索…")
def run_search(db_path: str, mtime: int, terms: tuple[str, ...]) -> search_index.Hits:
    con = search_index.connect_reader(search_index.index_path(db_path))
    try:
        return search_index.search(con, list(terms))
    finally:
        con.close()


@st.cache_data(max_entries=64, show_spinner=False)
def passages_of(
    db_path: str, mtime: int, keys: tuple[int, ...], terms: tuple[str, ...]
) -> dict[int, search_index.Passages]:
    con = search_index.connect_reader(search_index.index_path(db_path))
    try:
        return search_index.passages(con, list(keys), list(terms))
    finally:
        con.close()


def reports_in_scope(scope: Scope) -> pd.DataFrame:
    return q.scope_reports(named.source(), scope)
