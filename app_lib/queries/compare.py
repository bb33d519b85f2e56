"""对比: league table of a year with sparklines, pairs of measures for a scatter."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from app_lib.filters import KIND_LABELS, Scope
from app_lib.queries.common import scope_params, with_scope
from app_lib.queries.measures import Measure, values_sql
from pipelines.query import Source

SPARK_YEARS = 8
# A national scope has 90 000 units: the league lists the first ones by value, not all.
LEAGUE_MAX_ROWS = 500


def league(db: Source, scope: Scope, m: Measure, year: int, max_rows: int = LEAGUE_MAX_ROWS) -> pd.DataFrame:
    """One row per unit with a value in ``year`` (the first ``max_rows`` by value; column
    ``n_units`` says how many have one): rank, value, previous year, YoY, a list of its values
    over the last SPARK_YEARS years (years without a value left out, never drawn as zero), and
    its failed checks that year. The sparklines are built for the listed units only."""
    first = year - SPARK_YEARS + 1
    # The year's values first (one row per unit), the first max_rows of them, then the
    # earlier years of those units only: at national scope the units' whole histories are a
    # million rows, the listed units' a few thousand.
    sql = with_scope(
        "year_vals AS (SELECT * FROM ("
        + values_sql(m)
        + """) WHERE year = $year),
        cur AS (
            SELECT *, count(*) OVER () AS n_units FROM year_vals
            ORDER BY value DESC NULLS LAST, name LIMIT $max_rows),
        vals AS MATERIALIZED (SELECT * FROM ("""
        + values_sql(m)
        + """) WHERE year BETWEEN $spark_from AND $year AND unit_id IN (SELECT unit_id FROM cur)),
        spark AS (
            SELECT unit_id, list(value ORDER BY year) AS trend
            FROM vals
            WHERE value IS NOT NULL AND NOT isnan(value)
            GROUP BY unit_id)
        SELECT cur.unit_id, cur.name, cur.kind, cur.county, cur.value, prev.value AS previous,
               CASE WHEN prev.value <> 0 THEN cur.value / prev.value - 1 END AS yoy,
               coalesce(ch.n_errors + ch.n_warnings, 0) AS n_failed,
               coalesce(spark.trend, []) AS trend, cur.source_metric, cur.n_units
        FROM cur
        LEFT JOIN vals prev ON prev.unit_id = cur.unit_id AND prev.year = cur.year - 1
        LEFT JOIN report_status ch ON ch.report_id = cur.report_id
        LEFT JOIN spark ON spark.unit_id = cur.unit_id
        ORDER BY cur.value DESC NULLS LAST, cur.name"""
    )
    df = db.df(
        sql, scope_params(scope.with_years(None), key=m.key, spark_from=first, year=year, max_rows=max_rows)
    )
    df.insert(0, "rank", np.arange(1, len(df) + 1))
    for column in ("value", "previous", "yoy"):
        df[column] = pd.to_numeric(df[column], errors="coerce").astype(float)
    df["trend"] = [list(t) for t in df["trend"]]
    df["kind_label"] = df["kind"].map(KIND_LABELS).fillna("其他单位")
    return df


def pair(db: Source, scope: Scope, mx: Measure, my: Measure, year: int) -> pd.DataFrame:
    """unit_id, name, kind, county, x, y, outlier for units stating both measures in ``year``."""
    sql = with_scope(
        "xv AS ("
        + values_sql(mx, "$x_key")
        + "), yv AS ("
        + values_sql(my, "$y_key")
        + """)
        SELECT xv.unit_id, xv.name, xv.kind, xv.county, xv.value AS x, yv.value AS y
        FROM xv JOIN yv USING (report_id)
        WHERE xv.year = $year"""
    )
    df = db.df(sql, scope_params(scope.with_years(None), x_key=mx.key, y_key=my.key, year=year))
    df["kind_label"] = df["kind"].map(KIND_LABELS).fillna("其他单位")
    df["outlier"] = flag_outliers(df)
    return df


@dataclass(frozen=True)
class Distribution:
    data: pd.DataFrame
    group_col: str
    label: str


def distribution(table: pd.DataFrame) -> Distribution:
    """How to split a league table for a box plot: by unit kind when the scope mixes kinds,
    else by county (city-level units under （市本级）)."""
    data = table.assign(county=table["county"].fillna("（市本级）"))
    if table["kind"].nunique() > 1:
        return Distribution(data, "kind_label", "单位类型")
    return Distribution(data, "county", "区县")


def flag_outliers(df: pd.DataFrame, columns: tuple[str, ...] = ("x", "y"), k: float = 3.0) -> pd.Series:
    """True where a value lies beyond Q3 + k·IQR (or below Q1 − k·IQR) on a log scale, for
    any of ``columns`` or for the ratio y/x. Log scale because counts are heavily skewed."""
    flags = pd.Series(False, index=df.index)
    if len(df) < 5:
        return flags
    series = {c: np.log1p(df[c].clip(lower=0)) for c in columns}
    if set(columns) == {"x", "y"}:
        series["ratio"] = np.log1p(df["y"].clip(lower=0)) - np.log1p(df["x"].clip(lower=0))
    for values in series.values():
        q1, q3 = values.quantile(0.25), values.quantile(0.75)
        iqr = q3 - q1
        if iqr <= 0:
            continue
        flags |= (values > q3 + k * iqr) | (values < q1 - k * iqr)
    return flags
