"""Data quality (issue 6): findings and the officers' review workflow, as a package.

A *finding* is one thing an oversight officer should look at: a failed cross-check, a
missing or late annual report, an implausible figure, a file that could not be ingested, or
a figure the parser was unsure of. Each finding has a stable ``finding_id`` built from what
the finding is about (kind, unit, year, rule or metric, a normalised detail key) — never
from ``report_id`` or row order — so an officer's decision on it (``review_decisions``)
still applies after the same report is re-ingested or re-parsed.

Modules:

- :mod:`~pipelines.quality.vocabulary` — kinds, severities, statuses, columns, thresholds;
- :mod:`~pipelines.quality.coverage` — who must report which year, who is missing, the grid;
- :mod:`~pipelines.quality.rejected` — files the ingest could not load;
- :mod:`~pipelines.quality.detectors` — the detectors and :func:`findings`;
- :mod:`~pipelines.quality.review` — decisions (the only writer), history;
- :mod:`~pipelines.quality.export` — the table and the 整改通知 sent to units.

Pure library: no Streamlit. Every reader takes ``source``: a DuckDB connection or any
:class:`pipelines.query.Source` (``db.df(sql, {name: value})``, e.g. the app's cached
``app_lib.db.source()``). The only writers are :func:`record_decision` and
:func:`clear_decision`, through ``pipelines.db.write_transaction``. Everything public is
importable from ``pipelines.quality`` itself.
"""

from pipelines.quality.coverage import (
    AUTO,
    COVERAGE_LABELS,
    MISSING_COLUMNS,
    coverage,
    coverage_grid,
    missing_years,
    outside_registry,
    unit_years,
)
from pipelines.quality.detectors import (
    MAX_YEAR_GAP,
    anomaly_findings,
    check_findings,
    check_values,
    doubt_findings,
    findings,
    late_findings,
    missing_findings,
)
from pipelines.quality.export import (
    EXPORT_COLUMNS,
    NOTICE_STATUSES,
    export_bytes,
    export_findings,
    export_table,
    notice_docx,
    notice_xlsx,
    rule_label,
    unit_findings,
)
from pipelines.quality.rejected import (
    DUPLICATE_PREFIX,
    UNKNOWN_REASON_ZH,
    guess_unit_year,
    is_duplicate,
    reason_zh,
    rejected_files,
    rejected_findings,
)
from pipelines.quality.review import (
    STATUS_WITHDRAWN,
    clear_decision,
    decision_history,
    decisions,
    findings_with_decisions,
    record_decision,
    with_decisions,
)
from pipelines.quality.vocabulary import (
    ANOMALY_SETTINGS,
    COMPANIONS,
    DECISION_STATUSES,
    FINDING_COLUMNS,
    JUMP_FACTOR,
    JUMP_MIN,
    KIND_LABELS,
    SEVERITY_LABELS,
    SHARE_PAIRS,
    STATUS_CONFIRMED,
    STATUS_DISMISSED,
    STATUS_OPEN,
    TENFOLD_TOLERANCE,
    ZERO_AFTER,
    Setting,
    deadline,
)

__all__ = [
    "ANOMALY_SETTINGS",
    "AUTO",
    "COMPANIONS",
    "COVERAGE_LABELS",
    "DECISION_STATUSES",
    "DUPLICATE_PREFIX",
    "UNKNOWN_REASON_ZH",
    "EXPORT_COLUMNS",
    "FINDING_COLUMNS",
    "JUMP_FACTOR",
    "JUMP_MIN",
    "KIND_LABELS",
    "MAX_YEAR_GAP",
    "MISSING_COLUMNS",
    "NOTICE_STATUSES",
    "SEVERITY_LABELS",
    "SHARE_PAIRS",
    "STATUS_CONFIRMED",
    "STATUS_DISMISSED",
    "STATUS_OPEN",
    "STATUS_WITHDRAWN",
    "Setting",
    "TENFOLD_TOLERANCE",
    "ZERO_AFTER",
    "anomaly_findings",
    "check_findings",
    "check_values",
    "clear_decision",
    "coverage",
    "coverage_grid",
    "deadline",
    "decision_history",
    "decisions",
    "doubt_findings",
    "export_bytes",
    "export_findings",
    "export_table",
    "findings",
    "findings_with_decisions",
    "guess_unit_year",
    "is_duplicate",
    "late_findings",
    "missing_findings",
    "missing_years",
    "notice_docx",
    "notice_xlsx",
    "outside_registry",
    "reason_zh",
    "record_decision",
    "rejected_files",
    "rejected_findings",
    "rule_label",
    "unit_findings",
    "unit_years",
    "with_decisions",
]
