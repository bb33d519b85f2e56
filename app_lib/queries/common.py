"""Scope building blocks and the queries every page needs (filter options, scope summary)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from app_lib.filters import Scope
from app_lib.helper_tables import page_figures_sql
from pipelines.query import Source


def in_region(alias: str) -> str:
    """SQL condition: the row ``alias`` lies in the scope's region — $province, $city and
    $county (NULL = all, '' = city level, else a county; Scope.params())."""
    return (
        f"($province IS NULL OR {alias}.province = $province)"
        f" AND ($city IS NULL OR {alias}.city = $city)"
        f" AND ($county IS NULL OR ($county = '' AND {alias}.county IS NULL) OR {alias}.county = $county)"
    )


# The scope is the whole country or whole provinces (no city, county or unit list): its
# region cells add up to province rows (province_values, province_series), read instead.
WHOLE_PROVINCES = "($city IS NULL AND $county IS NULL)"

# Units of the scope. Parameters (Scope.params()): $province, $city, $county (NULL = all,
# '' = city level, else a county), $kinds, $units (empty = every unit of the region and kind).
SCOPED_UNITS = """
scoped_units AS (
    SELECT u.unit_id, u.name, u.province, u.city, u.county, u.kind
    FROM units u
    WHERE """ + in_region("u") + """
      AND list_contains($kinds::VARCHAR[], coalesce(u.kind, 'other'))
      AND (len($units::VARCHAR[]) = 0 OR list_contains($units::VARCHAR[], u.unit_id))
)"""

# Reports of the scoped units within the years $year_from … $year_to.
SCOPED_REPORTS = (
    SCOPED_UNITS
    + """,
scoped_reports AS (
    SELECT r.report_id, r.unit_id, r.year, r.template, r.is_demo, r.sha256, r.source_path, r.format,
           u.name, u.province, u.city, u.county, u.kind
    FROM reports r JOIN scoped_units u USING (unit_id)
    WHERE r.year BETWEEN $year_from AND $year_to
)"""
)


def _region_rollups(columns: str, provinces: str, cells: str) -> str:
    """SQL: the rows of a scope without a unit list from the tables pre-summed at publish —
    whole provinces from the province rollup ``provinces``, any narrower region from the
    region cells ``cells`` (alias c, ``columns`` selected from either)."""
    return f"""
    SELECT {columns}
    FROM {provinces} c
    WHERE len($units::VARCHAR[]) = 0 AND {WHOLE_PROVINCES}
      AND ($province IS NULL OR c.province = $province)
      AND list_contains($kinds::VARCHAR[], c.kind)
      AND c.year BETWEEN $year_from AND $year_to
    UNION ALL
    SELECT {columns}
    FROM {cells} c
    WHERE len($units::VARCHAR[]) = 0 AND NOT {WHOLE_PROVINCES}
      AND {in_region("c")}
      AND list_contains($kinds::VARCHAR[], c.kind)
      AND c.year BETWEEN $year_from AND $year_to"""


# The aggregated figures of the scope (keys of app_lib.helper_tables.page_figures_sql): year,
# template, metric, value, n_reports. A scope without a unit list adds up whole region cells
# (cell_values, pre-summed once per database); one naming units adds up its reports' own
# figures, read from report_values by unit_id. Both branches are in the SQL; $units, bound
# as a constant, leaves DuckDB only one to run. Same parameters as SCOPED_REPORTS.
SCOPED_FIGURES = (
    """
unit_reports AS (
    SELECT report_id, year, template FROM scoped_reports WHERE len($units::VARCHAR[]) > 0),
unit_report_values AS (
    SELECT * FROM report_values
    WHERE len($units::VARCHAR[]) > 0 AND list_contains($units::VARCHAR[], unit_id)
      AND report_id IN (SELECT report_id FROM unit_reports)),
unit_figures AS ("""
    + page_figures_sql("unit_report_values", reports="unit_reports")
    + """),
scoped_figures AS ("""
    + _region_rollups("c.year, c.template, c.metric, c.value, c.n_reports", "province_values", "cell_values")
    + """
    UNION ALL
    SELECT r.year, r.template, f.metric, f.value, 1 AS n_reports
    FROM unit_figures f JOIN unit_reports r USING (report_id)
)"""
)


# The joined series of the scope: series, year, value, n_units (units stating it). A scope
# without a unit list adds up whole region cells (cell_series, pre-summed at publish: a few
# thousand rows instead of joining every report's series with the reports, 0.4 s at 1 M
# reports); one naming units reads its units' rows of series_cached. Same parameters as
# SCOPED_REPORTS.
SCOPED_SERIES = (
    """
scoped_series AS ("""
    + _region_rollups("c.series, c.year, c.value, c.n_units", "province_series", "cell_series")
    + """
    UNION ALL
    SELECT s.series, s.year, s.value, 1 AS n_units
    FROM series_cached s
    WHERE len($units::VARCHAR[]) > 0 AND list_contains($units::VARCHAR[], s.unit_id)
      AND s.unit_id IN (SELECT unit_id FROM scoped_units)
      AND s.year BETWEEN $year_from AND $year_to
)"""
)


# The scope's conditions of SCOPED_UNITS and SCOPED_REPORTS on the own columns (alias s) of a
# derived table carrying each report's unit, region, kind and year (series_scoped,
# report_scoped, channel_pairs; pipelines/derived.py): its rows of the scope without joining
# the reports.
SERIES_SCOPED_IN_SCOPE = """
      """ + in_region("s") + """
  AND list_contains($kinds::VARCHAR[], coalesce(s.kind, 'other'))
  AND (len($units::VARCHAR[]) = 0 OR list_contains($units::VARCHAR[], s.unit_id))
  AND s.year BETWEEN $year_from AND $year_to"""


def with_series(body: str) -> str:
    """SQL: the scope CTEs, scoped_series, then ``body`` (more CTEs or a SELECT)."""
    body = body.strip()
    joiner = ",\n" if not body.upper().startswith("SELECT") else "\n"
    return with_scope(SCOPED_SERIES + joiner + body)


def with_figures(body: str) -> str:
    """SQL: the scope CTEs, scoped_figures, then ``body`` (more CTEs or a SELECT)."""
    body = body.strip()
    joiner = ",\n" if not body.upper().startswith("SELECT") else "\n"
    return with_scope(SCOPED_FIGURES + joiner + body)


def scope_params(scope: Scope, **extra: Any) -> dict[str, Any]:
    """Named parameters for a query built by with_scope() or with_figures(): the scope's
    (Scope.params()) and the query's own, e.g. ``scope_params(scope, year=2023)``."""
    return {**scope.params(), **extra}


def with_scope(body: str) -> str:
    """SQL: the scoped_units / scoped_reports CTEs followed by ``body`` (more CTEs or a SELECT)."""
    body = body.strip()
    joiner = ",\n" if not body.upper().startswith("SELECT") else "\n"
    return "WITH " + SCOPED_REPORTS + joiner + body


@dataclass(frozen=True)
class FilterOptions:
    units: pd.DataFrame  # unit_id, name, province, city, county, kind
    year_min: int | None
    year_max: int | None


def filter_options(db: Source) -> FilterOptions:
    units = db.df(
        "SELECT unit_id, name, province, city, county, coalesce(kind, 'other') AS kind FROM units ORDER BY name"
    )
    years = db.df("SELECT min(year) AS lo, max(year) AS hi FROM reports")
    lo, hi = (years.iloc[0]["lo"], years.iloc[0]["hi"]) if not years.empty else (None, None)
    return FilterOptions(
        units, None if lo is None or pd.isna(lo) else int(lo), None if hi is None or pd.isna(hi) else int(hi)
    )


def unit_names(db: Source) -> dict[str, str]:
    """unit_id → display name. Read straight from units, unsorted: filter_options sorts the
    88,000 names of a 1 M-report database, which a lookup does not need."""
    units = db.df("SELECT unit_id, name FROM units")
    # column values taken out whole (.tolist()): zipping Arrow-backed columns value by value
    # costs 0.3 s of CPU for the 88,000 units of a 1 M-report database
    return dict(zip(units["unit_id"].tolist(), units["name"].tolist(), strict=True))


def names_of(db: Source, unit_ids: tuple[str, ...] | list[str]) -> dict[str, str]:
    """unit_id → display name of the given units only (a scope's chosen units: its
    subtitle names them), not a lookup of every unit of the database."""
    if not unit_ids:
        return {}
    units = db.df(
        "SELECT unit_id, name FROM units WHERE list_contains($units::VARCHAR[], unit_id)",
        {"units": sorted(set(unit_ids))},
    )
    return dict(zip(units["unit_id"].tolist(), units["name"].tolist(), strict=True))


@dataclass(frozen=True)
class ScopeSummary:
    n_reports: int
    n_units: int
    is_demo: bool
    year_min: int | None
    year_max: int | None

    @property
    def empty(self) -> bool:
        return self.n_reports == 0


def scope_summary(db: Source, scope: Scope) -> ScopeSummary:
    """How many reports the scope holds and whether any is synthetic (示例数据)."""
    # The scope's reports from report_scoped, filtered on its own columns (no join of a
    # million reports with their units); units with a report counted per unit (one row
    # each), not count(DISTINCT).
    df = db.df(
        """WITH per_unit AS (
               SELECT s.unit_id, count(*) AS n, bool_or(s.is_demo) AS is_demo, min(s.year) AS lo, max(s.year) AS hi
               FROM report_scoped s
               WHERE"""
        + SERIES_SCOPED_IN_SCOPE
        + """
               GROUP BY s.unit_id)
           SELECT coalesce(sum(n), 0) AS n_reports, count(*) AS n_units,
                  coalesce(bool_or(is_demo), false) AS is_demo, min(lo) AS lo, max(hi) AS hi
           FROM per_unit""",
        scope_params(scope),
    )
    row = df.iloc[0]
    return ScopeSummary(
        int(row["n_reports"]),
        int(row["n_units"]),
        bool(row["is_demo"]),
        None if pd.isna(row["lo"]) else int(row["lo"]),
        None if pd.isna(row["hi"]) else int(row["hi"]),
    )


def years_with_reports(db: Source, scope: Scope) -> list[int]:
    df = db.df(with_scope("SELECT DISTINCT year FROM scoped_reports ORDER BY year"), scope_params(scope))
    return [int(y) for y in df["year"]]


def metrics_with_data(db: Source) -> pd.DataFrame:
    """Metric keys stated by at least one report of the database, in catalog order.

    Deliberately not narrowed to the scope: a full pass over every figure per filter change
    is too slow on large databases, and a metric with no data in scope shows an empty state.
    The stated keys come from the helper table metrics_stated, computed once per database.
    """
    return db.df(
        """SELECT m.metric, m.label_zh, m.unit, m.family, m.section
           FROM metrics m
           WHERE m.metric IN (SELECT metric FROM metrics_stated)"""
    )


def unit_search_index(db: Source) -> dict[str, str]:
    """unit_id → every name it was printed under (and its display name), in matching form
    (simplified, no spaces), joined by '|': a search finds a unit by any of its names."""
    from pipelines.units import normalise_name

    names = db.df(
        """SELECT unit_id, name FROM units
           UNION SELECT unit_id, name FROM unit_names"""
    )
    index: dict[str, set[str]] = {}
    for uid, name in zip(names["unit_id"], names["name"], strict=True):
        if isinstance(name, str):
            index.setdefault(uid, set()).add(normalise_name(name))
    return {uid: "|".join(sorted(v)) for uid, v in index.items()}


def find_units(db: Source, query: str, among: list[str] | None = None) -> list[str]:
    """unit_ids whose display name or any printed variant contains ``query`` — traditional or
    simplified characters, with or without spaces or a province prefix."""
    from pipelines.units import normalise_name

    wanted = normalise_name(query or "")
    if not wanted:
        return list(among) if among is not None else list(unit_search_index(db))
    index = unit_search_index(db)
    ids = among if among is not None else list(index)
    return [u for u in ids if wanted in index.get(u, "")]


def corrected_in_scope(db: Source, scope: Scope) -> int:
    """How many figures of the scope's reports carry a current 人工更正 (pipelines.corrections)."""
    df = db.df(
        with_scope(
            """cur AS (
                SELECT sha256, metric, withdrawn FROM corrections
                QUALIFY row_number() OVER (PARTITION BY sha256, metric ORDER BY corrected_at DESC, rowid DESC) = 1)
            SELECT count(*) AS n FROM cur JOIN scoped_reports r USING (sha256) WHERE NOT cur.withdrawn"""
        ),
        scope_params(scope),
    )
    return int(df.iloc[0]["n"])
