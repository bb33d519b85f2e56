"""Queries of the 数据质量 and 导入 pages: thin wrappers of pipelines.quality, plain
functions of a query source like every query (docs/queries.md).

The findings themselves (the expensive part, :func:`detected`) are cached by the app
(app_lib.db.quality_findings) and stored beside the database (pipelines.quality.stored) under
:func:`cache_key` — what they are computed from. A verdict goes to the officers' store beside the file
(pipelines/store.py) and changes no finding, so only the decisions are read again (issue 13:
a verdict in ≤ 0.5 s)."""

from __future__ import annotations

import os

import pandas as pd

from pipelines import quality
from pipelines.quality import stored
from pipelines.query import Source


def cache_key(db_path: str | os.PathLike) -> tuple:
    """What a finding is computed from (pipelines.quality.stored.data_key): the published
    file, the officers' corrections and placements, the registry file — read from file
    versions, no query (hashing every figure took 3–4 s at 1 M reports). A verdict changes
    none of them."""
    return stored.data_key(db_path)


def detected(
    db: Source,
    *,
    jump_factor: float,
    jump_min: float,
    zero_after: float,
    through_latest: bool = True,
    db_path: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """Every finding, without review decisions (the expensive part). With ``db_path`` (the
    file ``db`` reads), the result stored beside the database under :func:`cache_key` is read
    when there is one (the ingest stores the default view when it publishes), else computed
    and stored."""
    thresholds = {"jump_factor": jump_factor, "jump_min": jump_min, "zero_after": zero_after}
    if db_path is not None:
        return stored.findings_of(db_path, cache_key(db_path), db, thresholds, through_latest=through_latest)
    return quality.findings(
        db, jump_factor=jump_factor, jump_min=jump_min, zero_after=zero_after, missing_through_latest=through_latest
    )


def findings(
    db: Source,
    *,
    jump_factor: float,
    jump_min: float,
    zero_after: float,
    through_latest: bool = True,
    found: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every finding with its review decision (status 待核实 when none); ``found`` is
    :func:`detected`'s result when the caller has it already (the app's cache)."""
    if found is None:
        found = detected(
            db, jump_factor=jump_factor, jump_min=jump_min, zero_after=zero_after, through_latest=through_latest
        )
    return quality.with_decisions(found, quality.decisions(db))


def with_fresh_decisions(db: Source, found: pd.DataFrame) -> pd.DataFrame:
    """``found`` (findings with decisions) with the decisions read again: after a verdict only
    the officers' store moved, so this is one small cached query, not the findings."""
    base = found.drop(columns=[c for c in ("status", "note", "reviewer", "decided_at") if c in found])
    return quality.with_decisions(base, quality.decisions(db))


def coverage(
    db: Source, *, through_latest: bool = True, db_path: str | os.PathLike | None = None
) -> pd.DataFrame:
    """One row per unit × year with something to say (pipelines.quality.coverage); with
    ``db_path``, stored beside the database like :func:`detected`."""
    if db_path is not None:
        return stored.coverage_of(db_path, cache_key(db_path), db, through_latest=through_latest)
    return quality.coverage(db, missing_through_latest=through_latest)


# How much of a national database 数据质量 draws (the rest is in the downloads):
COVERAGE_DOTS_MAX_UNITS = 300  # above: states counted per year instead of a dot per unit and year
COVERAGE_GRID_MAX_UNITS = 3000  # above: the unit × year table is not built
TABLE_ROWS_MAX = 5000  # rows of a list drawn on the page


def coverage_by_year(cov: pd.DataFrame) -> pd.DataFrame:
    """Unit-years of each state per year (year, status_label, n): the coverage of many units."""
    return cov.groupby(["year", "status_label"], observed=True).size().reset_index(name="n")


def outside_registry(db: Source) -> pd.DataFrame:
    """Units with reports that the registry does not list (名单外单位)."""
    return quality.outside_registry(db)


def check_values(db: Source, report_id: str, metrics: list[str]) -> pd.DataFrame:
    """The figures a failed check compared, with raw text and provenance."""
    return quality.check_values(db, report_id, list(metrics))


def decision_history(db: Source, finding_id: str) -> pd.DataFrame:
    """Every decision on one finding, oldest first."""
    return quality.decision_history(db, finding_id)


def report_info(db: Source, report_id: str) -> dict:
    """Unit, year, file and template of one report (empty dict when unknown)."""
    df = db.df(
        """
        SELECT r.report_id, r.unit_id, coalesce(u.name, r.unit_name) AS unit_name, r.unit_name AS printed_name,
               r.year, r.template, r.source_path, r.format, r.published_on, r.sha256
        FROM reports r LEFT JOIN units u USING (unit_id) WHERE r.report_id = $report_id
        """,
        {"report_id": report_id},
    )
    return df.iloc[0].to_dict() if not df.empty else {}


def reports_by_id(db: Source, report_ids: list[str]) -> pd.DataFrame:
    """Unit, year and file of the given reports (for the intake summary's links)."""
    if not report_ids:
        return pd.DataFrame(columns=["report_id", "unit_id", "unit_name", "year", "template", "source_path"])
    return db.df(
        """
        SELECT r.report_id, r.unit_id, coalesce(u.name, r.unit_name) AS unit_name, r.year, r.template,
               r.source_path
        FROM reports r LEFT JOIN units u USING (unit_id)
        WHERE list_contains($report_ids, r.report_id)
        ORDER BY unit_name, r.year
        """,
        {"report_ids": list(report_ids)},
    )


def failed_checks_of(db: Source, report_ids: list[str]) -> pd.DataFrame:
    """Failed cross-checks of the given reports (for the intake summary)."""
    if not report_ids:
        return pd.DataFrame(columns=["report_id", "rule", "severity", "detail"])
    return db.df(
        "SELECT report_id, rule, severity, detail FROM check_results WHERE list_contains($report_ids, report_id) "
        "ORDER BY report_id, rule",
        {"report_ids": list(report_ids)},
    )


def scope_info(db: Source) -> dict:
    """Number of reports and whether any is synthetic demo data (for the 示例数据 banner)."""
    df = db.df("SELECT count(*) AS n, coalesce(bool_or(is_demo), false) AS is_demo FROM reports")
    return {"n_reports": int(df.at[0, "n"]), "is_demo": bool(df.at[0, "is_demo"])}
