"""load stage: ParsedReports (+ their check results) → DuckDB.

Idempotent by content hash; a changed file (same source path, or same unit and year)
replaces its earlier version; every report is written whole or not at all (see
pipelines/db.py for the publish protocol that keeps running dashboards answering).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines import catalog


def refresh_catalog(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)write the metrics, series definitions and the joined `series` view from pipelines.catalog."""
    metric_rows = pd.DataFrame(
        [
            (m.key, m.label_zh, m.unit, m.family, m.section, m.row_label, m.col_label, m.note)
            for m in catalog.metrics().values()
        ],
        columns=["metric", "label_zh", "unit", "family", "section", "row_label", "col_label", "note"],
    )
    con.execute("DELETE FROM metrics")
    con.execute("INSERT INTO metrics SELECT * FROM metric_rows")
    con.execute("DELETE FROM series_defs")
    con.executemany(
        "INSERT INTO series_defs VALUES (?, ?, ?)", [(s.key, s.label_zh, s.unit) for s in catalog.SERIES]
    )
    alt_rows = pd.DataFrame(
        [
            (s.key, prio, key, len(keys), "+".join(keys))
            for s in catalog.SERIES
            for prio, keys in enumerate(s.alternatives)
            for key in keys
        ],
        columns=["series", "priority", "metric", "n_keys", "source_metric"],
    )
    con.execute("CREATE OR REPLACE TABLE series_alternatives AS SELECT * FROM alt_rows")
    con.execute(SERIES_VIEW)


# One row per unit × year × joined series: the first alternative (in catalog priority)
# whose keys the report all states; `source_metric` names the key(s) summed.
SERIES_VIEW = """
CREATE OR REPLACE VIEW series AS
WITH matched AS (
    SELECT r.report_id, r.unit_id, r.unit_name, r.year, a.series, a.priority, a.source_metric,
           sum(v.value) AS value, count(*) AS n_found, any_value(a.n_keys) AS n_keys
    FROM series_alternatives a
    JOIN report_values v ON v.metric = a.metric
    JOIN reports r ON r.report_id = v.report_id
    GROUP BY r.report_id, r.unit_id, r.unit_name, r.year, a.series, a.priority, a.source_metric
)
SELECT unit_id, unit_name, year, series, value, source_metric, report_id
FROM matched
WHERE n_found = n_keys
QUALIFY row_number() OVER (PARTITION BY report_id, series ORDER BY priority) = 1
"""
