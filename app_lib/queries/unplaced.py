"""Queries of the 待归属 list (reports kept because their unit or year is not certain)."""

from __future__ import annotations

import pandas as pd

from pipelines.query import Source

UNPLACED_SQL = """
SELECT sha256, source_path, regexp_extract(source_path, '[^/\\\\]+$') AS file_name, template, reason,
       n_figures, published_on, kept_at,
       [c.value FOR c IN candidates IF c.field = 'unit'] AS unit_candidates,
       [round(c.confidence, 2) FOR c IN candidates IF c.field = 'unit'] AS unit_confidence,
       [c.source FOR c IN candidates IF c.field = 'unit'] AS unit_sources,
       [c.evidence FOR c IN candidates IF c.field = 'unit'] AS unit_evidence,
       [c.value FOR c IN candidates IF c.field = 'year'] AS year_candidates,
       [round(c.confidence, 2) FOR c IN candidates IF c.field = 'year'] AS year_confidence
FROM unplaced_reports
ORDER BY kept_at DESC, source_path
"""


def unplaced_reports(db: Source) -> pd.DataFrame:
    """Every kept unplaced report with its ranked unit and year candidates (empty when the
    database predates the table)."""
    try:
        return db.df(UNPLACED_SQL)
    except Exception:  # noqa: BLE001 - an older database file without the table: nothing to place
        return pd.DataFrame(
            columns=["sha256", "source_path", "file_name", "template", "reason", "n_figures", "published_on",
                     "kept_at", "unit_candidates", "unit_confidence", "unit_sources", "unit_evidence",
                     "year_candidates", "year_confidence"]
        )
