"""The published database as a query source with named parameters: ``source().df(sql, params)``
(``$name`` in the SQL, a dict of values), results cached until the file changes.

The query layer's style (plain functions of a source and a scope); used by the queries of
全文检索 and the drill-downs.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app_lib import db as app_db


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


@st.cache_data(max_entries=128, show_spinner=False)
def _cached(sql: str, params: tuple, path: str, version: tuple[int, int]) -> pd.DataFrame:
    con = app_db._connection(path, version)
    values = {k: list(v) if isinstance(v, tuple) else v for k, v in params}
    with app_db._lock:
        return con.execute(sql, values).df()


class AppSource:
    def df(self, sql: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        items = tuple(sorted((k, _hashable(v)) for k, v in (params or {}).items()))
        return _cached(sql, items, str(app_db.get_db_path()), app_db.current_version())


def source() -> AppSource:
    return AppSource()
