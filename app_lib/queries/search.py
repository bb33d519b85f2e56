"""全文检索: which reports of the scope mention a text (pipelines.search_index), and where.

The index (an SQLite FTS5 file beside the database) answers with content hashes; the
reports of the scope come from DuckDB (:func:`scope_reports`), and the two meet in pandas —
a scope is at most some 100 k rows, a hit list as many, so the join costs milliseconds.

Region, units and years follow the sidebar; the 统计口径 (kind) does not narrow a search:
an officer asking "which reports mention X" wants the departments' reports too.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from app_lib.filters import Scope
from app_lib.queries.common import in_region
from pipelines import search_index
from pipelines.query import Source

# Named parameters ($name): the query layer's style (pipelines.query).
SCOPE_REPORTS = """
SELECT ('0x' || left(r.sha256, 15))::BIGINT AS doc_key, r.year, r.unit_id
FROM reports r JOIN units u USING (unit_id)
WHERE """ + in_region("u") + """
  AND (len($units::VARCHAR[]) = 0 OR list_contains($units::VARCHAR[], r.unit_id))
  AND r.year BETWEEN $year_from AND $year_to
"""


def search_params(scope: Scope) -> dict[str, Any]:
    """The scope's named parameters, every unit kind included (no $kinds)."""
    return {name: value for name, value in scope.params().items() if name != "kinds"}


def scope_reports(db: Source, scope: Scope) -> pd.DataFrame:
    """doc_key (search_index.doc_key of the content hash), year and unit_id of every report
    in the scope's region, units and years (all kinds of unit). Names and regions are added
    to the hits only (:func:`combine`): 100 k rows of strings cost more than the search."""
    return db.df(SCOPE_REPORTS, search_params(scope))


@dataclass(frozen=True)
class SearchResult:
    terms: tuple[str, ...]
    hits: pd.DataFrame  # the scope's reports that match, newest year first, then by name
    n_scope: int  # reports in the scope
    n_unindexed: int  # reports of the scope whose text is not in the index (yet)
    mode: str  # fts | scan
    complete: bool  # False: a one- or two-character scan stopped at its time budget
    scanned: int
    total: int


def combine(
    reports: pd.DataFrame,
    hits: search_index.Hits,
    indexed: np.ndarray,
    terms: list[str],
    units: pd.DataFrame | None = None,
) -> SearchResult:
    """The scope's reports among the hits (pure: tested without an app). ``indexed``: the
    keys in the index, sorted; ``units`` (unit_id, name, province, city, county): added to
    the hits."""
    keys = reports["doc_key"].to_numpy(dtype=np.int64)
    matched = reports[np.isin(keys, np.asarray(hits.keys, dtype=np.int64))]
    if units is not None:
        matched = matched.merge(
            units[["unit_id", "name", "province", "city", "county"]], on="unit_id", how="left"
        )
    matched = matched.sort_values(["year", "name"], ascending=[False, True], kind="stable")
    return SearchResult(
        tuple(terms),
        matched.reset_index(drop=True),
        len(reports),
        int((~np.isin(keys, indexed, assume_unique=False)).sum()),
        hits.mode,
        hits.complete,
        hits.scanned,
        hits.total,
    )


def open_index(db_path: str | Path) -> sqlite3.Connection | None:
    """A read-only connection to the database's index, or None when it has not been built."""
    path = search_index.index_path(db_path)
    if not path.exists():
        return None
    try:
        return search_index.connect_reader(path)
    except sqlite3.Error:
        return None
