"""A *measure* is what a chart counts: a joined series across the 2019 break (the `series`
view, e.g. applications received) or one metric key exactly as the reports state it.

Measures are addressed by a string id, ``series:<key>`` or ``metric:<key>``, which is what the
URL carries. Labels and units come from pipelines.catalog only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from app_lib.filters import Scope
from app_lib.queries.common import scope_params, with_scope
from pipelines import catalog
from pipelines.query import Source


@dataclass(frozen=True)
class Measure:
    id: str
    kind: str  # series | metric
    key: str
    label: str
    unit: str


def measure(measure_id: str) -> Measure | None:
    kind, _, key = measure_id.partition(":")
    if kind == "series" and key in catalog.series_by_key():
        s = catalog.series_by_key()[key]
        return Measure(measure_id, kind, key, s.label_zh, s.unit)
    if kind == "metric" and key in catalog.metrics():
        return Measure(measure_id, kind, key, catalog.label(key), catalog.unit_of(key))
    return None


def series_measures() -> list[Measure]:
    return [m for s in catalog.SERIES if (m := measure(f"series:{s.key}"))]


def metric_measures(keys: list[str]) -> list[Measure]:
    return [m for k in keys if (m := measure(f"metric:{k}"))]


DEFAULT_MEASURE = "series:applications_received"

# One row per report of the scope with its value of the measure. Parameters: the scope's,
# and the series or metric key (KEY, $key unless values_sql() names another).
_SERIES_VALUES = """
SELECT r.report_id, r.unit_id, r.name, r.province, r.city, r.county, r.kind, r.year,
       s.value, s.source_metric
FROM series_cached s JOIN scoped_reports r USING (report_id)
WHERE s.series = KEY"""

_METRIC_VALUES = """
SELECT r.report_id, r.unit_id, r.name, r.province, r.city, r.county, r.kind, r.year,
       v.value, v.metric AS source_metric
FROM report_values v JOIN scoped_reports r USING (report_id)
WHERE v.metric = KEY"""


def values_sql(m: Measure, key_param: str = "$key") -> str:
    """The CTE body giving one row per report for the measure, its key bound as ``key_param``."""
    return (_SERIES_VALUES if m.kind == "series" else _METRIC_VALUES).replace("KEY", key_param)


def unit_year_values(db: Source, scope: Scope, m: Measure) -> pd.DataFrame:
    """unit × year values of the measure, with the key(s) each value was read from."""
    return db.df(
        with_scope("vals AS (" + values_sql(m) + ") SELECT * FROM vals ORDER BY name, year"),
        scope_params(scope, key=m.key),
    )
