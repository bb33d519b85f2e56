"""How read queries run, everywhere: the app's pages, the export CLI, scripts and pipelines.

A query is a plain function ``f(db, scope, …) -> DataFrame`` whose SQL names its parameters
(``$province``, ``$units``, ``$year``, …) and runs through ``db.df(sql, params)`` with a dict.
``db`` is any :class:`Source`:

- :class:`Connection` — a DuckDB connection, no cache (CLI, scripts, tests, pipelines);
- ``app_lib.db.source()`` — the app's cached source (the one Streamlit adapter).

``params`` may hold more names than the SQL uses (e.g. every scope parameter for a query
that reads only the units): :func:`bind` passes DuckDB exactly the names the SQL mentions,
and a name the SQL mentions but ``params`` lacks is an error, never a silent NULL.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

import pandas as pd

Params = Mapping[str, Any]

# Connection.df reads text-only results as Arrow from an executed statement: DuckDB warns that
# this copies the rows once more, which costs far less than its own conversion of strings.
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)

# $name outside of DuckDB's $$…$$ strings (the project writes none).
_NAME = re.compile(r"\$([A-Za-z_]\w*)")


class QueryParameterError(KeyError):
    """The SQL names a parameter the caller did not give."""


@runtime_checkable
class Source(Protocol):
    """Anything that answers a read query with a DataFrame."""

    def df(self, sql: str, params: Params | None = None) -> pd.DataFrame: ...


def names_in(sql: str) -> set[str]:
    """The parameter names ``sql`` uses ($name)."""
    return set(_NAME.findall(sql))


def bind(sql: str, params: Params | None) -> dict[str, Any]:
    """The parameters ``sql`` uses, taken from ``params`` (extra names are left out)."""
    wanted = names_in(sql)
    given = dict(params or {})
    missing = wanted - given.keys()
    if missing:
        raise QueryParameterError(f"query parameters not given: {', '.join(sorted(missing))}")
    return {name: given[name] for name in wanted}


class Connection:
    """A DuckDB connection as a :class:`Source` (no cache). A DuckDB connection is not safe
    for concurrent use across threads, so every query holds ``lock``."""

    def __init__(self, con: Any, lock: threading.Lock | None = None) -> None:
        self.con = con
        self.lock = lock or threading.Lock()

    def df(self, sql: str, params: Params | None = None) -> pd.DataFrame:
        bound = bind(sql, params)
        with self.lock:
            result = self.con.execute(sql, bound)
            if result.description and all(str(d[1]) == "VARCHAR" for d in result.description):
                # Text only (unit lists, names): through Arrow, whose strings pandas keeps as
                # they are — DuckDB's own conversion makes a Python object of every value
                # first, 0.15 s for the 88,000 units of a national database instead of 0.04.
                # Same values and dtypes (str); an all-NULL or empty column is str, not object.
                return result.to_arrow_table().to_pandas()
            return result.df()


def as_source(source: Any) -> Source:
    """A :class:`Source`, or a DuckDB connection wrapped as one."""
    if hasattr(source, "execute"):  # before the Protocol test: a DuckDB connection has .df() too
        return Connection(source)
    if isinstance(source, Source):
        return source
    raise TypeError(f"not a query source: {type(source).__name__}")
