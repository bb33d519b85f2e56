"""Queries of the 数据质量 and 导入 pages: thin wrappers of pipelines.quality over the app's
cached, read-only connection (app_lib.db.run_query). Results are cached per published DB
version, so a review decision or an ingest shows up on the next rerun.

The findings themselves (the expensive part) are cached by :func:`data_fingerprint` — what
they are computed from — not by the file version. A verdict goes to the officers' store beside
the file (pipelines/store.py) and changes no finding, so only the decisions are read again
(issue 13: a verdict in ≤ 0.5 s)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_lib.db import run_query
from app_lib.queries import registry as registry_queries
from pipelines import quality

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


def data_fingerprint() -> tuple:
    """What the findings are computed from, as a hashable tuple (a cache key)."""
    row = run_query(_FINGERPRINT_SQL, ()).iloc[0]
    return tuple(None if pd.isna(v) else (v if isinstance(v, str) else int(v)) for v in row)


@st.cache_data(max_entries=32, show_spinner="正在汇总数据质量问题…")
def _findings(
    fingerprint: tuple,
    jump_factor: float,
    jump_min: float,
    zero_after: float,
    through_latest: bool,
    registry_version: tuple[int, int] = (0, 0),
):
    # `fingerprint` keys the cache: an ingest, reparse, placement or correction invalidates
    # it; so does an edit of the registry file (`registry_version`); a verdict does not.
    return quality.findings(
        run_query,
        jump_factor=jump_factor,
        jump_min=jump_min,
        zero_after=zero_after,
        missing_through_latest=through_latest,
    )


def findings(
    *, jump_factor: float, jump_min: float, zero_after: float, through_latest: bool = True
) -> pd.DataFrame:
    """Every finding with its review decision (status 待核实 when none)."""
    found = _findings(
        data_fingerprint(),
        float(jump_factor),
        float(jump_min),
        float(zero_after),
        bool(through_latest),
        registry_queries.version(),
    )
    return quality.with_decisions(found, quality.decisions(run_query))


def with_fresh_decisions(found: pd.DataFrame) -> pd.DataFrame:
    """``found`` (findings with decisions) with the decisions read again: after a verdict only
    the officers' store moved, so this is one small cached query, not the findings."""
    base = found.drop(columns=[c for c in ("status", "note", "reviewer", "decided_at") if c in found])
    return quality.with_decisions(base, quality.decisions(run_query))


@st.cache_data(max_entries=8, show_spinner=False)
def _coverage(fingerprint: tuple, through_latest: bool, registry_version: tuple[int, int]) -> pd.DataFrame:
    return quality.coverage(run_query, missing_through_latest=through_latest)


def coverage(*, through_latest: bool = True) -> pd.DataFrame:
    return _coverage(data_fingerprint(), bool(through_latest), registry_queries.version())


@st.cache_data(max_entries=8, show_spinner=False)
def _outside(fingerprint: tuple, registry_version: tuple[int, int]) -> pd.DataFrame:
    return quality.outside_registry(run_query)


def outside_registry() -> pd.DataFrame:
    """Units with reports that the registry does not list (名单外单位)."""
    return _outside(data_fingerprint(), registry_queries.version())


def check_values(report_id: str, metrics: list[str]) -> pd.DataFrame:
    """The figures a failed check compared, with raw text and provenance."""
    return quality.check_values(run_query, report_id, list(metrics))


def decision_history(finding_id: str) -> pd.DataFrame:
    """Every decision on one finding, oldest first."""
    return quality.decision_history(run_query, finding_id)


def report_info(report_id: str) -> dict:
    """Unit, year, file and template of one report (empty dict when unknown)."""
    df = run_query(
        """
        SELECT r.report_id, r.unit_id, coalesce(u.name, r.unit_name) AS unit_name, r.unit_name AS printed_name,
               r.year, r.template, r.source_path, r.format, r.published_on, r.sha256
        FROM reports r LEFT JOIN units u USING (unit_id) WHERE r.report_id = ?
        """,
        (report_id,),
    )
    return df.iloc[0].to_dict() if not df.empty else {}


def reports_by_id(report_ids: list[str]) -> pd.DataFrame:
    """Unit, year and file of the given reports (for the intake summary's links)."""
    if not report_ids:
        return pd.DataFrame(columns=["report_id", "unit_id", "unit_name", "year", "template", "source_path"])
    return run_query(
        """
        SELECT r.report_id, r.unit_id, coalesce(u.name, r.unit_name) AS unit_name, r.year, r.template,
               r.source_path
        FROM reports r LEFT JOIN units u USING (unit_id)
        WHERE list_contains(?, r.report_id)
        ORDER BY unit_name, r.year
        """,
        (list(report_ids),),
    )


def failed_checks_of(report_ids: list[str]) -> pd.DataFrame:
    """Failed cross-checks of the given reports (for the intake summary)."""
    if not report_ids:
        return pd.DataFrame(columns=["report_id", "rule", "severity", "detail"])
    return run_query(
        "SELECT report_id, rule, severity, detail FROM check_results WHERE list_contains(?, report_id) "
        "ORDER BY report_id, rule",
        (list(report_ids),),
    )


def scope_info() -> dict:
    """Number of reports and whether any is synthetic demo data (for the 示例数据 banner)."""
    df = run_query("SELECT count(*) AS n, coalesce(bool_or(is_demo), false) AS is_demo FROM reports", ())
    return {"n_reports": int(df.at[0, "n"]), "is_demo": bool(df.at[0, "is_demo"])}
