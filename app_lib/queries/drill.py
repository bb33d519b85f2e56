"""Drill-down: the units behind one mark of a chart (a bar of a year, a point of a line).

A mark stands for a year and a set of figures (metric keys, the pages' 'apply_group.*' result
groups, or a joined series); :func:`units_behind` lists the scope's units with their own
value of those figures in that year, largest first — what the mark adds up.

Plain functions of a query source ``db`` (anything with ``df(sql, params)``) and a scope;
SQL with named parameters ($name), as the query layer writes them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from app_lib.filters import CITY_LEVEL, Scope
from app_lib.helper_tables import page_figures_sql
from app_lib.queries.common import in_region
from pipelines.query import Source

SCOPE_YEAR_REPORTS = """
scoped_reports AS (
    SELECT r.report_id, r.unit_id, r.year, u.name, u.province, u.city, u.county,
           coalesce(u.kind, 'other') AS kind
    FROM reports r JOIN units u USING (unit_id)
    WHERE """ + in_region("u") + """
      AND list_contains($kinds::VARCHAR[], coalesce(u.kind, 'other'))
      AND (len($units::VARCHAR[]) = 0 OR list_contains($units::VARCHAR[], u.unit_id))
      AND r.year = $year
)"""

# The figures the pages aggregate (page_figures_sql), for the reports of the scope and year.
_FIGURES = (
    "WITH "
    + SCOPE_YEAR_REPORTS
    + """,
year_values AS (
    SELECT v.* FROM report_values v WHERE v.report_id IN (SELECT report_id FROM scoped_reports)),
figures AS ("""
    + page_figures_sql("year_values")
    + """)
SELECT r.unit_id, r.name, r.kind, r.province, r.city, r.county, sum(f.value) AS value
FROM figures f JOIN scoped_reports r USING (report_id)
WHERE list_contains($keys::VARCHAR[], f.metric)
GROUP BY ALL
ORDER BY value DESC, r.name"""
)



def _units_summing(table: str, key: str) -> str:
    """Each scoped unit with the sum of ``table``'s values whose ``key`` is one of $keys."""
    return (
        "WITH "
        + SCOPE_YEAR_REPORTS
        + f"""
SELECT r.unit_id, r.name, r.kind, r.province, r.city, r.county, sum(t.value) AS value
FROM {table} t JOIN scoped_reports r USING (report_id)
WHERE list_contains($keys::VARCHAR[], t.{key})
GROUP BY ALL
ORDER BY value DESC, r.name"""
    )


_METRICS = _units_summing("report_values", "metric")
_SERIES = _units_summing("series_cached", "series")

SOURCES = {"figures": _FIGURES, "metrics": _METRICS, "series": _SERIES}


def drill_params(scope: Scope, year: int, keys: list[str], *, all_kinds: bool = False) -> dict[str, Any]:
    params = {name: value for name, value in scope.params().items() if not name.startswith("year_")}
    if all_kinds:
        params["kinds"] = ["government", "department", "other"]
    return {**params, "year": int(year), "keys": list(keys)}


def units_behind(db: Source, scope: Scope, year: int, keys: list[str], source: str = "figures") -> pd.DataFrame:
    """unit_id, name, kind, province, city, county, value: each unit of the scope whose report
    of ``year`` states one of ``keys`` (``source``: 'figures' — metric keys and the pages'
    apply_group.* groups; 'metrics' — any metric key as stated; 'series' — joined series)."""
    return db.df(SOURCES[source], drill_params(scope, year, keys))


def region_group(df: pd.DataFrame) -> pd.Series:
    """The 趋势 page's 地区 group of each unit (county, else '<city>（市本级）')."""
    city_level = df["city"].fillna(df["province"]).fillna("") + CITY_LEVEL
    return df["county"].where(df["county"].notna() & (df["county"] != ""), city_level)
