"""Trend queries: a measure over years, aggregated by unit, region or unit kind."""

from __future__ import annotations

import pandas as pd

from app_lib.filters import Scope
from app_lib.queries.common import scope_params, with_scope
from app_lib.queries.measures import Measure, values_sql
from pipelines.query import Source

# Whitelisted SQL fragments (constants chosen by key, never user text).
GROUPINGS = {
    "total": ("'合计'", "合计"),
    "unit": ("name", "单位"),
    "region": ("coalesce(county, coalesce(city, province, '') || '（市本级）')", "地区"),
    "kind": ("kind", "单位类型"),
}
AGGREGATES = {
    "sum": ("sum(value)", "合计"),
    "median": ("median(value)", "中位数"),
    "mean": ("avg(value)", "单位平均"),
}


def trend(db: Source, scope: Scope, m: Measure, by: str, agg: str) -> pd.DataFrame:
    """year × group: the aggregate, the number of units it is based on, and YoY change.

    Columns: group, year, value, n_units, yoy (fraction; NULL when the previous year is
    missing or zero — a gap is never read as zero). One value per unit and year, so
    count(*) counts units.
    """
    group_sql = GROUPINGS[by][0]
    agg_sql = AGGREGATES[agg][0]
    sql = with_scope(
        "vals AS ("
        + values_sql(m)
        + "),\n"
        + "grouped AS (SELECT "
        + group_sql
        + " AS grp, year, "
        + agg_sql
        + """ AS value, count(*) AS n_units
        FROM vals GROUP BY ALL)
        SELECT grp AS "group", year, value, n_units,
               CASE WHEN lag(year) OVER w = year - 1 AND lag(value) OVER w <> 0
                    THEN value / lag(value) OVER w - 1 END AS yoy
        FROM grouped
        WINDOW w AS (PARTITION BY grp ORDER BY year)
        ORDER BY "group", year"""
    )
    return db.df(sql, scope_params(scope, key=m.key))


def source_keys(db: Source, scope: Scope, m: Measure) -> pd.DataFrame:
    """Which metric keys the values came from, per year (legacy vs std keys of a series)."""
    sql = with_scope(
        "vals AS ("
        + values_sql(m)
        + """)
        SELECT year, source_metric, count(*) AS n_reports FROM vals GROUP BY ALL ORDER BY year, source_metric"""
    )
    return db.df(sql, scope_params(scope, key=m.key))
