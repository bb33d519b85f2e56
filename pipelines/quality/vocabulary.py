"""The vocabulary of data-quality findings: kinds, severities, review statuses, the
columns of a finding, the anomaly thresholds, and the small helpers every detector shares
(a finding's stable id, its normalised detail key)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipelines import settings
from pipelines.model import FindingKind, FindingStatus, ReviewStatus, Severity
from pipelines.quality.sql import (  # noqa: F401
    _NO_JUMP_METRICS,
    _NO_ZERO_METRICS,
    _NOT_COMPARED_PREFIXES,
    _ONLY_TENFOLD_METRICS,
    COMPANIONS,
    SHARE_PAIRS,
    TENFOLD_TOLERANCE,
)
from pipelines.query import Source
from pipelines.settings import Settings

# ---------------------------------------------------------------------------
# Vocabulary


KIND_LABELS: dict[FindingKind, str] = {
    "check": "勾稽关系不符",
    "missing": "年度报告缺失",
    "late": "逾期公布",
    "anomaly": "数据异常",
    "rejected": "文件未能导入",
    "doubt": "提取存疑",
}
SEVERITY_LABELS: dict[Severity, str] = {"error": "错误", "warning": "提示"}

STATUS_CONFIRMED: ReviewStatus = "已核实"  # the finding is a real problem of the report / the unit
STATUS_DISMISSED: ReviewStatus = "已排除"  # looked at, not a problem (e.g. the figure really is that)
STATUS_OPEN: FindingStatus = "待核实"  # no decision yet (never stored)
DECISION_STATUSES: tuple[ReviewStatus, ...] = (STATUS_CONFIRMED, STATUS_DISMISSED)

FINDING_COLUMNS = [
    "finding_id",
    "kind",
    "severity",
    "unit_id",
    "unit_name",
    "year",
    "rule",
    "metric",
    "description",
    "detail",
    "report_id",
    "source_path",
    "metrics",
]


@dataclass(frozen=True)
class Setting:
    """A named, documented threshold: the page shows ``label`` and ``help`` next to the input.
    ``name`` is its field of pipelines.settings.Settings, where its default is written once."""

    name: str
    label: str
    help: str

    @property
    def default(self) -> float:
        """The built-in default (pipelines.settings.Settings)."""
        return float(getattr(Settings(), self.name))

    def current(self) -> float:
        """The value in force: the default, a settings file or $GOVREPORTS_<NAME>."""
        return float(getattr(settings.current(), self.name))


JUMP_FACTOR = Setting(
    "jump_factor",
    "同比变化倍数",
    "与上一年度相比，数字增加到该倍数以上或减少到该倍数分之一以下时列为“数据异常”（默认 20，即 ×20 或 ÷20）。"
    "恰为 10 倍、100 倍、1000 倍（±5%）的变化另列为“疑似数量级错误”，不受此项限制。",
)
JUMP_MIN = Setting(
    "jump_min",
    "参与比较的最小数字",
    "相比的两个年度的数字都不小于该值时才比较倍数，避免 2 件变 11 件这类小数字被误报（默认 20）；"
    "降为 0 的情况见下一项。",
)
ZERO_AFTER = Setting(
    "zero_after",
    "上年数字（归零提示）",
    "上一年度不小于该值、本年度填报为 0 时列为“数据异常”（默认 300，即“上年数百、本年为零”；"
    "金额和培训人数可以合理地为 0，不作此提示）。",
)
ANOMALY_SETTINGS = (JUMP_FACTOR, JUMP_MIN, ZERO_AFTER)
# TENFOLD_TOLERANCE, SHARE_PAIRS and the metrics never compared live in pipelines.quality.sql
# (SQL the derived tables are computed with, importable without this package's pandas code).


def deadline(year: int) -> dt.date:
    """Latest lawful publication date of the annual report for statistics year ``year``:
    31 January of the next year from report year 2019 on (revised 条例), 31 March before."""
    return dt.date(year + 1, 1, 31) if year >= 2019 else dt.date(year + 1, 3, 31)


# ---------------------------------------------------------------------------
# Reading


def _finding_id(kind: FindingKind, unit_id: Any, year: Any, rule: str, key: str) -> str:
    parts = [kind, str(unit_id or ""), "" if _isna(year) else str(int(year)), rule or "", _norm_key(key)]
    return "f" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _isna(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _norm_key(text: str) -> str:
    """Detail text → a key that ignores width, spacing and punctuation variants."""
    text = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"\s+", "", text)


def _check_key(detail: str, metrics: Any) -> str:
    """What a failed check is about, independent of the numbers: the metric keys involved
    (a std.balance failure of the 自然人 column differs from one of the 总计 column), else the
    detail text with its numbers removed (a parser that prints numbers differently must not
    create a new finding)."""
    keys = [m for m in (list(metrics) if metrics is not None and not _isna_list(metrics) else []) if m]
    if keys:
        return ",".join(sorted(keys))
    return re.sub(r"[-+]?\d[\d,.]*", "#", detail or "")


def _isna_list(value: Any) -> bool:
    return not isinstance(value, (list, tuple)) and not hasattr(value, "__len__") and _isna(value)


def _records(df: pd.DataFrame) -> list[dict]:
    """``df.to_dict("records")``, read column by column (a column's values come out at once,
    not one by one through its array: several times faster with Arrow-backed text columns)."""
    cols = [df[c].tolist() for c in df.columns]
    return [dict(zip(df.columns, row, strict=True)) for row in zip(*cols, strict=True)]


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    return df


def _unit_names(db: Source) -> dict[str, str]:
    df = db.df("SELECT unit_id, name FROM units")
    return dict(zip(df["unit_id"], df["name"], strict=False))
