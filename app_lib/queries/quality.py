"""Queries of the 数据质量 and 导入 pages: thin wrappers of pipelines.quality, plain
functions of a query source like every query (docs/queries.md).

The findings themselves (the expensive part, :func:`detected`) are cached by the app
(app_lib.db.quality_findings) under :func:`cache_key` — what they are computed from — not
by the file version: saving a verdict publishes a new file but changes no finding, so only
the decisions are read again (issue 13: a verdict in ≤ 0.5 s)."""

from __future__ import annotations

import pandas as pd

from app_lib.queries import registry as registry_queries
from pipelines import quality
from pipelines.query import Source

# Everything a finding is computed from changes one of these (review tables do not).
_FINGERPRINT_SQL = """
SELECT (SELECT count(*) FROM reports) AS n_reports,
       (SELECT sum(hash(report_id, unit_id, unit_name, year, published_on, source_path, doubts)) FROM reports)
           AS reports,
       (SELECT sum(hash(report_id, metric, value, origin)) FROM report_values) AS report_values,
       (SELECT sum(hash(report_id, rule, severity, detail, metrics)) FROM check_results) AS checks,
       (SELECT sum(hash(source_path, reason, sha256)) FROM rejected_files) AS rejected,
       (SELECT sum(hash(unit_id, name, province, city, county, kind)) FROM units) AS units,
       (SELECT sum(hash(unit_id, name)) FROM unit_names) AS unit_names
"""


def data_fingerprint(db: Source) -> tuple:
    """What the findings are computed from, as a hashable tuple (a cache key)."""
    row = db.df(_FINGERPRINT_SQL).iloc[0]
    return tuple(None if pd.isna(v) else (v if isinstance(v, str) else int(v)) for v in row)


def cache_key(db: Source) -> tuple:
    """The data fingerprint and the registry file's version: a finding changes only with these."""
    return (data_fingerprint(db), registry_queries.version())


def detected(
    db: Source, *, jump_factor: float, jump_min: float, zero_after: float, through_latest: bool = True
) -> pd.DataFrame:
    """Every finding, without review decisions (the expensive part)."""
    return quality.findings(
        db,
        jump_factor=jump_factor,
        jump_min=jump_min,
        zero_after=zero_after,
        missing_through_latest=through_latest,
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


def coverage(db: Source, *, through_latest: bool = True) -> pd.DataFrame:
    return quality.coverage(db, missing_through_latest=through_latest)


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
