"""Data-quality findings and the officers' review workflow (issue 6).

A *finding* is one thing an oversight officer should look at: a failed cross-check, a
missing or late annual report, an implausible figure, a file that could not be ingested, or
a figure the parser was unsure of. Each finding has a stable ``finding_id`` built from what
the finding is about (kind, unit, year, rule or metric, a normalised detail key) — never
from ``report_id`` or row order — so an officer's decision on it (``review_decisions``)
still applies after the same report is re-ingested or re-parsed.

Pure library: no Streamlit. Every reader takes ``source``: a DuckDB connection or any
:class:`pipelines.query.Source` (``db.df(sql, {name: value})``, e.g. the app's cached
``app_lib.db.source()``). The only writer is :func:`record_decision`, through ``pipelines.db.write_transaction``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

import numpy as np
import pandas as pd

from pipelines import audit, catalog
from pipelines import registry as registry_mod
from pipelines.access import Actor, authorize, unit_region
from pipelines.db import write_transaction
from pipelines.model import FindingStatus, ReviewStatus, Severity
from pipelines.query import Source, as_source
from pipelines.registry import Registry

# ---------------------------------------------------------------------------
# Vocabulary


KIND_LABELS = {
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
    """A named, documented threshold: the page shows ``label`` and ``help`` next to the input."""

    name: str
    default: float
    label: str
    help: str


JUMP_FACTOR = Setting(
    "jump_factor",
    20.0,
    "同比变化倍数",
    "与上一年度相比，数字增加到该倍数以上或减少到该倍数分之一以下时列为“数据异常”（默认 20，即 ×20 或 ÷20）。"
    "恰为 10 倍、100 倍、1000 倍（±5%）的变化另列为“疑似数量级错误”，不受此项限制。",
)
JUMP_MIN = Setting(
    "jump_min",
    20.0,
    "参与比较的最小数字",
    "相比的两个年度的数字都不小于该值时才比较倍数，避免 2 件变 11 件这类小数字被误报（默认 20）；"
    "降为 0 的情况见下一项。",
)
ZERO_AFTER = Setting(
    "zero_after",
    300.0,
    "上年数字（归零提示）",
    "上一年度不小于该值、本年度填报为 0 时列为“数据异常”（默认 300，即“上年数百、本年为零”；"
    "金额和培训人数可以合理地为 0，不作此提示）。",
)
# A figure exactly 10 / 100 / 1000 times the previous one (within this share): an extra or a
# missing 0, or 万 and 个 mixed up — the commonest misprint, worth reading at any jump factor.
TENFOLD_TOLERANCE = 0.05
ANOMALY_SETTINGS = (JUMP_FACTOR, JUMP_MIN, ZERO_AFTER)

# Parts that can never exceed their whole (a share outside 0–100 %). (part, whole, what it means)
SHARE_PAIRS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("review.corrected", ("review.total",), "行政复议结果纠正数大于行政复议总数"),
    ("review.upheld", ("review.total",), "行政复议结果维持数大于行政复议总数"),
    ("suit.direct.corrected", ("suit.direct.total",), "行政诉讼（未经复议直接起诉）结果纠正数大于总数"),
    ("suit.after_review.corrected", ("suit.after_review.total",), "行政诉讼（复议后起诉）结果纠正数大于总数"),
    ("suit.corrected", ("suit.total",), "行政诉讼被依法纠错数大于行政诉讼数量"),
    (
        "apply.granted.total",
        ("apply.new.total", "apply.carried_in.total"),
        "予以公开数大于本年新收与上年结转申请数之和",
    ),
    (
        "apply.total.total",
        ("apply.new.total", "apply.carried_in.total"),
        "办理结果总计大于本年新收与上年结转之和",
    ),
    ("requests.granted", ("requests.received",), "同意公开答复数大于收到申请数"),
    ("requests.completed", ("requests.received",), "申请办结数大于收到申请数"),
    ("requests.on_time", ("requests.completed",), "按时办结数大于申请办结数"),
    ("org.staff_fulltime", ("org.staff",), "专职人员数大于工作人员数"),
    (
        "response.press_conferences_heads",
        ("response.press_conferences",),
        "主要负责同志参加新闻发布会次数大于总次数",
    ),
    ("response.interviews_heads", ("response.interviews",), "主要负责同志参加在线访谈次数大于总次数"),
)

# Metrics whose year-on-year size says nothing (signed changes, amounts that legitimately swing).
_NO_JUMP_METRICS = re.compile(r"\.change$|\.prev_items$")
# Figures that may legitimately fall to 0 (no procurement, no fees, no training that year).
_NO_ZERO_METRICS = re.compile(r"\.amount$|^training\.")


def deadline(year: int) -> dt.date:
    """Latest lawful publication date of the annual report for statistics year ``year``:
    31 January of the next year from report year 2019 on (revised 条例), 31 March before."""
    return dt.date(year + 1, 1, 31) if year >= 2019 else dt.date(year + 1, 3, 31)


# ---------------------------------------------------------------------------
# Reading


def _finding_id(kind: str, unit_id: Any, year: Any, rule: str, key: str) -> str:
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


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    return df


def check_findings(source: Any) -> pd.DataFrame:
    """Failed cross-checks of ``check_results`` (rule names of docs/checks.md)."""
    db = as_source(source)
    df = db.df(
        """
        SELECT c.report_id, coalesce(r.unit_id, c.unit_id) AS unit_id, coalesce(r.year, c.year) AS year,
               c.rule, c.severity, c.detail, c.metrics, coalesce(u.name, r.unit_name) AS unit_name,
               r.source_path
        FROM check_results c
        LEFT JOIN reports r ON r.report_id = c.report_id
        LEFT JOIN units u ON u.unit_id = coalesce(r.unit_id, c.unit_id)
        ORDER BY unit_id, year, c.rule, c.detail
        """
    )
    rows = []
    for rec in df.to_dict("records"):
        metrics = (
            list(rec["metrics"]) if rec["metrics"] is not None and not _isna_list(rec["metrics"]) else []
        )
        rows.append(
            {
                "finding_id": _finding_id(
                    "check", rec["unit_id"], rec["year"], rec["rule"], _check_key(rec["detail"], metrics)
                ),
                "kind": "check",
                "severity": rec["severity"] or catalog.rule_severity(rec["rule"]),
                "unit_id": rec["unit_id"],
                "unit_name": rec["unit_name"],
                "year": rec["year"],
                "rule": rec["rule"],
                "metric": "",
                "description": catalog.rule_description(rec["rule"]),
                "detail": rec["detail"] or "",
                "report_id": rec["report_id"],
                "source_path": rec["source_path"],
                "metrics": metrics,
            }
        )
    return _frame(rows)


def unit_years(source: Any) -> pd.DataFrame:
    """One row per loaded report: unit_id, unit name, year, report_id, published_on."""
    return as_source(source).df(
        """
        SELECT r.unit_id, coalesce(u.name, r.unit_name) AS unit_name, r.year, r.report_id,
               r.published_on, r.source_path, r.unit_name AS printed_name
        FROM reports r LEFT JOIN units u USING (unit_id)
        ORDER BY r.unit_id, r.year
        """
    )


AUTO = "auto"  # registry argument: the 应报单位名单 next to the database the source reads
MISSING_COLUMNS = ["unit_id", "unit_name", "year", "first_year", "last_year", "basis", "due_from"]


def _registry(source: Any, registry: Any) -> Registry | None:
    return registry_mod.for_source(source) if isinstance(registry, str) and registry == AUTO else registry


def missing_years(source: Any, *, through_latest: bool = True, registry: Any = AUTO) -> pd.DataFrame:
    """Unit-years without a report.

    With a registry (应报单位名单): every year the registry says a listed unit must report, up
    to the latest statistics year in the database, that has no report (``basis`` registry);
    units outside the registry are never missing. Without one, the guess: gaps inside a
    unit's span of reports and — when ``through_latest`` — the years after its last report up
    to the latest year in the DB (``basis`` guess). ``first_year``/``last_year``: the unit's
    first and last loaded report (None when it has none); ``due_from``: the registry's first year."""
    loaded = unit_years(source)
    reg = _registry(source, registry)
    if reg is not None:
        return _registry_missing(loaded, reg)
    if loaded.empty:
        return pd.DataFrame(columns=MISSING_COLUMNS)
    latest = int(loaded["year"].max())
    rows = []
    for unit_id, grp in loaded.groupby("unit_id", sort=True):
        years = set(int(y) for y in grp["year"])
        first, last = min(years), max(years)
        end = latest if through_latest else last
        name = grp.sort_values("year")["unit_name"].iloc[-1]
        for year in range(first, end + 1):
            if year not in years:
                rows.append(
                    {
                        "unit_id": unit_id,
                        "unit_name": name,
                        "year": year,
                        "first_year": first,
                        "last_year": last,
                        "basis": "guess",
                        "due_from": first,
                    }
                )
    return pd.DataFrame(rows, columns=MISSING_COLUMNS)


def _registry_missing(loaded: pd.DataFrame, reg: Registry) -> pd.DataFrame:
    if loaded.empty:
        return pd.DataFrame(columns=MISSING_COLUMNS)
    latest = int(loaded["year"].max())
    years_of = {u: set(int(y) for y in g["year"]) for u, g in loaded.groupby("unit_id")}
    names = dict(zip(loaded["unit_id"], loaded["unit_name"], strict=False))
    rows = []
    for rec in reg.frame.drop_duplicates("unit_id").to_dict("records"):
        have = years_of.get(rec["unit_id"], set())
        for year in reg.years_due(rec["unit_id"], latest):
            if year in have:
                continue
            rows.append(
                {
                    "unit_id": rec["unit_id"],
                    "unit_name": names.get(rec["unit_id"]) or rec["name"],
                    "year": year,
                    "first_year": min(have) if have else None,
                    "last_year": max(have) if have else None,
                    "basis": "registry",
                    "due_from": int(rec["first_year"]),
                }
            )
    return pd.DataFrame(rows, columns=MISSING_COLUMNS)


def outside_registry(source: Any, registry: Any = AUTO) -> pd.DataFrame:
    """Units with reports in the database that the registry does not list (名单外单位):
    listed apart, never counted as missing. Empty without a registry."""
    cols = ["unit_id", "unit_name", "province", "city", "county", "n_reports", "first_year", "last_year"]
    reg = _registry(source, registry)
    if reg is None:
        return pd.DataFrame(columns=cols)
    df = as_source(source).df(
        """
        SELECT r.unit_id, any_value(coalesce(u.name, r.unit_name)) AS unit_name,
               any_value(u.province) AS province, any_value(u.city) AS city, any_value(u.county) AS county,
               count(*) AS n_reports, min(r.year) AS first_year, max(r.year) AS last_year
        FROM reports r LEFT JOIN units u USING (unit_id)
        GROUP BY r.unit_id ORDER BY unit_name
        """
    )
    return df[~df["unit_id"].isin(reg.unit_ids)].reset_index(drop=True)[cols]


def missing_findings(source: Any, *, through_latest: bool = True, registry: Any = AUTO) -> pd.DataFrame:
    rows = []
    for rec in missing_years(source, through_latest=through_latest, registry=registry).to_dict("records"):
        if rec["basis"] == "registry":
            if rec["last_year"] is None or _isna(rec["last_year"]):
                description = f"应报单位名单要求自{rec['due_from']}年度起报送，库中没有该单位的任何年度报告"
            else:
                description = (
                    f"应报单位名单要求报送{rec['year']}年度报告（自{rec['due_from']}年度起），库中未收录"
                )
            span = (
                "无"
                if rec["last_year"] is None or _isna(rec["last_year"])
                else f"{int(rec['first_year'])}–{int(rec['last_year'])}"
            )
        else:
            span = f"{rec['first_year']}–{rec['last_year']}"
            description = (
                "最近年度的年度报告尚未收录（该单位最后一份报告为{}年度）".format(rec["last_year"])
                if rec["year"] > rec["last_year"]
                else f"该单位{span}年度均有报告，缺少本年度报告"
            )
        rows.append(
            {
                "finding_id": _finding_id("missing", rec["unit_id"], rec["year"], "missing", ""),
                "kind": "missing",
                "severity": "warning",
                "unit_id": rec["unit_id"],
                "unit_name": rec["unit_name"],
                "year": rec["year"],
                "rule": "missing",
                "metric": "",
                "description": description,
                "detail": f"{rec['year']}年度报告未收录（已收录年度：{span}）",
                "report_id": None,
                "source_path": None,
                "metrics": [],
            }
        )
    return _frame(rows)


def late_findings(source: Any) -> pd.DataFrame:
    """Reports published after the deadline, where the publication date is known."""
    rows = []
    for rec in unit_years(source).to_dict("records"):
        published = rec["published_on"]
        if _isna(published):
            continue
        published = pd.Timestamp(published).date()
        due = deadline(int(rec["year"]))
        if published <= due:
            continue
        rows.append(
            {
                "finding_id": _finding_id("late", rec["unit_id"], rec["year"], "late", ""),
                "kind": "late",
                "severity": "error",
                "unit_id": rec["unit_id"],
                "unit_name": rec["unit_name"],
                "year": rec["year"],
                "rule": "late",
                "metric": "",
                "description": f"{int(rec['year'])}年度报告应于{due:%Y年%m月%d日}前公布",
                "detail": f"公布日期 {published:%Y-%m-%d}，晚于期限 {(published - due).days} 天",
                "report_id": rec["report_id"],
                "source_path": rec["source_path"],
                "metrics": [],
            }
        )
    return _frame(rows)


# One value per unit × year × metric (a table figure wins over the prose for the same key).
_VALUES_SQL = """
WITH v AS (
    SELECT r.unit_id, r.year, r.report_id, v.metric, v.value,
           row_number() OVER (PARTITION BY r.report_id, v.metric
                              ORDER BY CASE WHEN v.origin = 'text' THEN 1 ELSE 0 END) AS rn
    FROM report_values v JOIN reports r ON r.report_id = v.report_id
    WHERE v.value IS NOT NULL
)
SELECT unit_id, year, report_id, metric, value FROM v WHERE rn = 1
"""

# Each figure next to the same unit's figure of the previous loaded year (at most
# MAX_YEAR_GAP years earlier, so a report after a missing year is still compared).
MAX_YEAR_GAP = 2
_PAIRS_SQL = f"""
WITH vals AS ({_VALUES_SQL}),
keyed AS (
    SELECT unit_id, year, report_id, metric, value, metric AS source_metric FROM vals
    UNION ALL
    SELECT unit_id, year, report_id, 'series:' || series, value, source_metric FROM series
),
paired AS (
    SELECT *, lag(value) OVER w AS prev_value, lag(year) OVER w AS prev_year,
           lag(source_metric) OVER w AS prev_source_metric
    FROM keyed WINDOW w AS (PARTITION BY unit_id, metric ORDER BY year)
)
SELECT unit_id, year, report_id, metric, prev_year, prev_value, value
FROM paired
WHERE prev_year IS NOT NULL AND year - prev_year <= {MAX_YEAR_GAP}
  -- a joined series only across the 2019 break (different keys); same keys are compared above
  AND (NOT starts_with(metric, 'series:') OR prev_source_metric <> source_metric)
"""

# Only the pairs a rule may flag leave DuckDB (the rules are applied again, exactly, in
# Python): a zero after ``zero_after``, or both figures ≥ the minimum with a ratio ≥ the
# factor or near a power of ten.
_FLAGGED_PAIRS_SQL = f"""
WITH p AS ({_PAIRS_SQL}),
r AS (SELECT *, least(prev_value, value) AS low, greatest(prev_value, value) AS high FROM p
      WHERE prev_value >= 0 AND value >= 0)
SELECT unit_id, year, report_id, metric, prev_year, prev_value, value FROM r
WHERE (value = 0 AND prev_value >= $zero_after)
   OR (low >= $jump_min AND low > 0 AND (high >= $jump_factor * low OR high >= 10 * $near_tenfold * low))
"""


def _series_group(metric: str) -> str:
    """The joined series a metric belongs to (or the metric itself): one jump of 主动公开
    is one finding, whether seen in the table, the prose or the joined series."""
    if metric.startswith("series:"):
        return metric.split(":", 1)[1]
    return _SERIES_OF.get(metric, metric)


_SERIES_OF = {key: s.key for s in catalog.SERIES for alt in s.alternatives if len(alt) == 1 for key in alt}
_GROUP_ORDER = {"table": 0, "series": 1, "narrative": 2}


def _metric_label(metric: str) -> str:
    if metric.startswith("series:"):
        series = catalog.series_by_key().get(metric.split(":", 1)[1])
        return series.label_zh if series else metric
    return catalog.label(metric)


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def anomaly_findings(
    source: Any,
    *,
    jump_factor: float = JUMP_FACTOR.default,
    jump_min: float = JUMP_MIN.default,
    zero_after: float = ZERO_AFTER.default,
) -> pd.DataFrame:
    """Warnings: year-on-year jumps, a zero after hundreds, shares outside 0–100 %."""
    db = as_source(source)
    pairs = db.df(
        _FLAGGED_PAIRS_SQL,
        {
            "zero_after": float(zero_after),
            "jump_min": float(jump_min),
            "jump_factor": float(jump_factor),
            "near_tenfold": 1 - TENFOLD_TOLERANCE,
        },
    )
    names = _unit_names(db)
    rows = [*_jump_rows(pairs, names, jump_factor, jump_min, zero_after), *_share_rows(db, names)]
    return _frame(rows)


def _tenfold(ratio: pd.Series) -> pd.Series:
    """Ratios ≥ 10 within TENFOLD_TOLERANCE of a power of ten (10, 100, 1000 …)."""
    power = np.power(10.0, np.round(np.log10(ratio.where(ratio > 0, 1.0).astype(float))))
    return (ratio >= 10 * (1 - TENFOLD_TOLERANCE)) & ((ratio / power - 1).abs() <= TENFOLD_TOLERANCE)


def _unit_names(db: Source) -> dict[str, str]:
    df = db.df("SELECT unit_id, name FROM units")
    return dict(zip(df["unit_id"], df["name"], strict=False))


def _jump_rows(
    pairs: pd.DataFrame, names: dict, factor: float, minimum: float, zero_after: float
) -> list[dict]:
    if pairs.empty:
        return []
    # the thresholds, vectorised: only the few flagged pairs are turned into findings
    pairs = pairs[~pairs["metric"].str.contains(_NO_JUMP_METRICS.pattern, regex=True)]
    prev, cur = pairs["prev_value"].astype(float), pairs["value"].astype(float)
    low, high = prev.where(prev < cur, cur), prev.where(prev > cur, cur)
    zero = (
        (cur == 0)
        & (prev >= zero_after)
        & ~pairs["metric"].str.contains(_NO_ZERO_METRICS.pattern, regex=True)
    )
    jump = (low >= minimum) & (high >= factor * low)
    tenfold = (low >= minimum) & _tenfold(high / low.where(low > 0))
    pairs = pairs[(zero | jump | tenfold) & (prev >= 0) & (cur >= 0)]
    order = pairs["metric"].map(
        lambda m: _GROUP_ORDER[
            "series" if m.startswith("series:") else "narrative" if m.startswith("narrative.") else "table"
        ]
    )
    pairs = pairs.assign(_order=order).sort_values(["unit_id", "year", "_order", "metric"])
    rows = []
    seen: set[tuple] = set()
    for rec in pairs.to_dict("records"):
        metric = rec["metric"]
        prev, cur = float(rec["prev_value"]), float(rec["value"])
        label = _metric_label(metric)
        year = int(rec["year"])
        if cur == 0 and prev >= zero_after and not _NO_ZERO_METRICS.search(metric):
            rule, desc = "anomaly.zero", f"{int(rec['prev_year'])}年度为 {_fmt(prev)}，本年度填报为 0"
        elif min(prev, cur) >= minimum and max(prev, cur) >= factor * min(prev, cur):
            direction = "增加" if cur > prev else "减少"
            ratio = max(prev, cur) / min(prev, cur)
            rule, desc = "anomaly.jump", f"与上一份报告相比{direction}到 {ratio:.1f} 倍（阈值 {factor:g} 倍）"
            if cur < prev:
                desc = f"与上一份报告相比减少到 1/{ratio:.1f}（阈值 1/{factor:g}）"
        elif min(prev, cur) >= minimum and bool(
            _tenfold(pd.Series([max(prev, cur) / min(prev, cur)])).iloc[0]
        ):
            ratio = max(prev, cur) / min(prev, cur)
            rule = "anomaly.tenfold"
            desc = (
                f"恰为上一份报告的 {ratio:.0f} 倍" if cur > prev else f"恰为上一份报告的 1/{ratio:.0f}"
            ) + "：疑似多写或少写了 0，或金额单位（元/万元）、计量单位混用"
        else:
            continue
        group = (rec["unit_id"], year, "jump" if rule == "anomaly.tenfold" else rule, _series_group(metric))
        if group in seen:
            continue
        seen.add(group)
        rows.append(
            {
                # keyed by the series group, not the metric that happened to show it first, so
                # the id (and an officer's decision) does not change with the thresholds
                # a jump and a 数量级 jump are one finding (its id does not move with the factor)
                "finding_id": _finding_id(
                    "anomaly",
                    rec["unit_id"],
                    year,
                    "anomaly.jump" if rule == "anomaly.tenfold" else rule,
                    _series_group(metric),
                ),
                "kind": "anomaly",
                "severity": "warning",
                "unit_id": rec["unit_id"],
                "unit_name": names.get(rec["unit_id"], rec["unit_id"]),
                "year": year,
                "rule": rule,
                "metric": metric,
                "description": desc,
                "detail": f"{label}：{int(rec['prev_year'])}年 {_fmt(prev)} → {year}年 {_fmt(cur)}",
                "report_id": rec["report_id"],
                "source_path": None,
                "metrics": [metric] if not metric.startswith("series:") else [],
            }
        )
    return rows


def _share_rows(db: Source, names: dict) -> list[dict]:
    involved = {part for part, _, _ in SHARE_PAIRS} | {w for _, wholes, _ in SHARE_PAIRS for w in wholes}
    vals = db.df(
        f"SELECT * FROM ({_VALUES_SQL}) WHERE list_contains($metrics::VARCHAR[], metric)", {"metrics": sorted(involved)}
    )
    if vals.empty:
        return []
    by_report = {
        rid: dict(zip(g["metric"], g["value"], strict=False))
        for rid, g in vals.groupby("report_id", sort=True)
    }
    meta = vals.drop_duplicates("report_id").set_index("report_id")[["unit_id", "year"]]
    rows = []
    for report_id, values in by_report.items():
        unit_id, year = meta.at[report_id, "unit_id"], int(meta.at[report_id, "year"])
        for part, wholes, meaning in SHARE_PAIRS:
            if part not in values or wholes[0] not in values:
                continue
            whole = sum(values.get(w, 0.0) for w in wholes)
            if 0 <= values[part] <= whole:
                continue
            whole_label = "+".join(catalog.label(w) for w in wholes if w in values)
            rows.append(
                {
                    "finding_id": _finding_id("anomaly", unit_id, year, "anomaly.share", part),
                    "kind": "anomaly",
                    "severity": "warning",
                    "unit_id": unit_id,
                    "unit_name": names.get(unit_id, unit_id),
                    "year": year,
                    "rule": "anomaly.share",
                    "metric": part,
                    "description": f"比例超出 0–100%：{meaning}",
                    "detail": f"{catalog.label(part)} {_fmt(values[part])} ＞ {whole_label} {_fmt(whole)}",
                    "report_id": report_id,
                    "source_path": None,
                    "metrics": [part, *[w for w in wholes if w in values]],
                }
            )
    return rows


# The ingest's rejection reasons (English, stable prefixes) → what an officer reads.
# Longest / most specific prefixes first; the original reason is always kept beside it.
_REASONS_ZH: tuple[tuple[str, str], ...] = (
    ("empty file", "空文件"),
    ("binary data", "二进制数据，不是文本格式的报告"),
    ("damaged or truncated PDF", "PDF 文件损坏或不完整"),
    ("encrypted PDF", "PDF 设有密码，无法读取文字"),
    ("no text layer", "PDF 没有文字层（扫描件），暂不能识别"),
    ("not a valid DOCX file: it is an old binary .doc", "旧版 .doc 文件，请另存为 .docx 后上传"),
    ("not a valid DOCX file", "不是有效的 DOCX 文件"),
    ("not a valid zip archive", "不是有效的 zip 压缩包"),
    ("unsafe archive", "压缩包不安全（成员路径越界或为绝对路径）"),
    ("archive unpacks to more than", "压缩包解压后超过大小上限"),
    ("archive has more than", "压缩包内文件过多"),
    ("archive nested deeper", "压缩包嵌套层数过多"),
    ("encrypted archive member", "压缩包内文件已加密"),
    ("damaged zip member", "压缩包内文件损坏"),
    ("file nested too deeply", "文件嵌套层数过多"),
    ("HTML nested too deeply", "网页嵌套层数过多，无法读取"),
    ("file too large", "文件超过大小上限"),
    ("no text in the", "文件中没有文字"),
    ("unreadable HTML", "网页无法读取"),
    ("not an annual report", "不是政府信息公开工作年度报告"),
    ("cannot place this report", "无法确定报告所属单位或统计年度"),
    ("unsupported file type", "不支持的文件类型"),
    ("cannot read file", "无法读取文件"),
    ("no such file or folder", "文件或文件夹不存在"),
    ("reparse failed", "重新解析失败，保留原有数字"),
    ("parser error", "解析程序出错"),
)


DUPLICATE_PREFIX = "duplicate of already-loaded"
_DUPLICATE = re.compile(r"^duplicate of already-loaded (?P<path>.*?)(?: \(same content\))?$")


def is_duplicate(reason: Any) -> bool:
    """A file whose bytes are already loaded under another name: no failure, nothing to send."""
    return isinstance(reason, str) and reason.strip().startswith(DUPLICATE_PREFIX)


def reason_zh(reason: str) -> str:
    """A rejection reason in Chinese, with the ingest's own wording in brackets (a duplicate:
    the name of the file already loaded, never a server or temporary path)."""
    text = (reason or "").strip()
    dup = _DUPLICATE.match(text)
    if dup:
        return f"重复文件：与已收录的“{PurePath(dup['path']).name}”内容相同，未重复收录"
    for prefix, zh in _REASONS_ZH:
        if text.startswith(prefix):
            return f"{zh}（{text}）"
    return text


def rejected_files(source: Any) -> pd.DataFrame:
    """Files not ingested, one row per file (the latest reason), newest first."""
    return as_source(source).df(
        """
        SELECT source_path, reason, rejected_at, sha256
        FROM rejected_files
        QUALIFY row_number() OVER (PARTITION BY coalesce(sha256, source_path) ORDER BY rejected_at DESC) = 1
        ORDER BY rejected_at DESC, source_path
        """
    )


def rejected_findings(source: Any) -> pd.DataFrame:
    df = rejected_files(source)
    known = _name_index(as_source(source))
    rows = []
    for rec in df.to_dict("records"):
        if is_duplicate(rec["reason"]):
            continue  # its content is in the database already: reported on upload, not a finding
        unit_id, year = guess_unit_year(rec["source_path"], known)
        # a rejected file has no report; what it is about is its content (or its name)
        key = (
            rec["sha256"] if not _isna(rec["sha256"]) and rec["sha256"] else PurePath(rec["source_path"]).name
        )
        rows.append(
            {
                "finding_id": _finding_id("rejected", "", None, "rejected", key),
                "kind": "rejected",
                "severity": "error",
                "unit_id": unit_id,
                "unit_name": known.get("__names__", {}).get(unit_id) if unit_id else None,
                "year": year,
                "rule": "rejected",
                "metric": "",
                "description": "文件未能导入",
                "detail": f"{PurePath(rec['source_path']).name}：{reason_zh(rec['reason'])}",
                "report_id": None,
                "source_path": rec["source_path"],
                "metrics": [],
            }
        )
    return _frame(rows)


def _name_index(db: Source) -> dict:
    """Name variants → unit_id, longest first, for placing a rejected file by its name."""
    names = db.df(
        """
        SELECT unit_id, name FROM unit_names
        UNION SELECT unit_id, name FROM units
        UNION SELECT unit_id, unit_name FROM reports WHERE unit_name IS NOT NULL
        """
    )
    canonical = _unit_names(db)
    variants = sorted(
        ((_norm_key(n), u) for u, n in zip(names["unit_id"], names["name"], strict=False) if n),
        key=lambda item: -len(item[0]),
    )
    return {"__variants__": variants, "__names__": canonical}


def guess_unit_year(source_path: str, index: Mapping) -> tuple[str | None, int | None]:
    """Best effort (file name as a last resort, as the ingest does): a known unit name and a
    four-digit report year in the file's path. Either may be None."""
    text = _norm_key(str(source_path))
    unit_id = next((u for name, u in index.get("__variants__", []) if len(name) >= 4 and name in text), None)
    years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)
    return unit_id, (int(years[0]) if years else None)


def doubt_findings(source: Any) -> pd.DataFrame:
    """Extraction doubts the parser recorded (``reports.doubts``), one finding per doubt."""
    df = as_source(source).df(
        """
        SELECT r.report_id, r.unit_id, coalesce(u.name, r.unit_name) AS unit_name, r.year, r.source_path,
               unnest(r.doubts) AS doubt
        FROM reports r LEFT JOIN units u USING (unit_id)
        WHERE len(r.doubts) > 0
        ORDER BY r.unit_id, r.year
        """
    )
    rows = []
    for rec in df.to_dict("records"):
        rows.append(
            {
                "finding_id": _finding_id("doubt", rec["unit_id"], rec["year"], "doubt", rec["doubt"]),
                "kind": "doubt",
                "severity": "warning",
                "unit_id": rec["unit_id"],
                "unit_name": rec["unit_name"],
                "year": rec["year"],
                "rule": "doubt",
                "metric": "",
                "description": "解析时无法确定的内容，请对照原文核实",
                "detail": catalog.with_position_zh(rec["doubt"]),
                "report_id": rec["report_id"],
                "source_path": rec["source_path"],
                "metrics": [],
            }
        )
    return _frame(rows)


def findings(
    source: Any,
    *,
    jump_factor: float = JUMP_FACTOR.default,
    jump_min: float = JUMP_MIN.default,
    zero_after: float = ZERO_AFTER.default,
    missing_through_latest: bool = True,
    years: Iterable[int] | None = None,
    unit_ids: Iterable[str] | None = None,
    registry: Any = AUTO,
) -> pd.DataFrame:
    """Every finding, errors first. Columns: FINDING_COLUMNS (``rule`` names the rule of
    docs/checks.md, or missing / late / anomaly.jump / anomaly.zero / anomaly.share / rejected /
    doubt; ``metric`` the metric key of an anomaly)."""
    parts = [
        check_findings(source),
        missing_findings(source, through_latest=missing_through_latest, registry=registry),
        late_findings(source),
        anomaly_findings(source, jump_factor=jump_factor, jump_min=jump_min, zero_after=zero_after),
        rejected_findings(source),
        doubt_findings(source),
    ]
    df = (
        pd.concat([p for p in parts if not p.empty], ignore_index=True)
        if any(not p.empty for p in parts)
        else _frame([])
    )
    df = _disambiguate(df)
    if years is not None:
        wanted = {int(y) for y in years}
        df = df[df["year"].map(lambda y: not _isna(y) and int(y) in wanted)]
    if unit_ids is not None:
        df = df[df["unit_id"].isin(set(unit_ids))]
    order = {"error": 0, "warning": 1}
    df = df.assign(_sev=df["severity"].map(order).fillna(2))
    df = df.sort_values(["_sev", "kind", "unit_id", "year", "rule", "finding_id"], na_position="last")
    df = df.drop(columns="_sev").reset_index(drop=True)
    df["year"] = df["year"].astype("Int64")
    return df


def _disambiguate(df: pd.DataFrame) -> pd.DataFrame:
    """Two findings with the same key (e.g. one rule failing twice in one report with no
    metric list) get '-2', '-3' … in the order of their detail text, which is stable."""
    if df.empty or not df["finding_id"].duplicated().any():
        return df
    df = df.sort_values(["finding_id", "detail"]).copy()
    n = df.groupby("finding_id").cumcount()
    df["finding_id"] = [
        fid if k == 0 else f"{fid}-{k + 1}" for fid, k in zip(df["finding_id"], n, strict=True)
    ]
    return df


# ---------------------------------------------------------------------------
# Coverage: units × years


COVERAGE_LABELS = {
    "loaded": "已收录",
    "failed": "勾稽不符",
    "missing": "缺失",
    "rejected": "未能导入",
}


def coverage(source: Any, *, missing_through_latest: bool = True, registry: Any = AUTO) -> pd.DataFrame:
    """One row per unit × year that has something to say: status loaded / failed (a loaded
    report with an error-level failed check) / missing / rejected (a file named after the
    unit and year could not be ingested), with counts."""
    db = as_source(source)
    loaded = unit_years(db)
    errors = db.df(
        "SELECT report_id, count(*) AS n_failed FROM check_results WHERE severity = 'error' GROUP BY report_id"
    )
    failed = dict(zip(errors["report_id"], errors["n_failed"], strict=False))
    rows: dict[tuple, dict] = {}
    for rec in loaded.to_dict("records"):
        n = int(failed.get(rec["report_id"], 0))
        key: tuple[Any, int | None] = (rec["unit_id"], int(rec["year"]))
        cell = rows.setdefault(
            key,
            {
                "unit_id": rec["unit_id"],
                "unit_name": rec["unit_name"],
                "year": int(rec["year"]),
                "status": "loaded",
                "failed_checks": 0,
                "report_id": rec["report_id"],
                "n_reports": 0,
            },
        )
        # two files placed on one unit-year (e.g. a page that is not the report itself)
        cell["n_reports"] += 1
        cell["failed_checks"] += n
        if n:
            cell["status"] = "failed"
    reg = _registry(source, registry)
    for rec in missing_years(db, through_latest=missing_through_latest, registry=reg).to_dict("records"):
        rows[(rec["unit_id"], int(rec["year"]))] = {
            "unit_id": rec["unit_id"],
            "unit_name": rec["unit_name"],
            "year": int(rec["year"]),
            "status": "missing",
            "failed_checks": 0,
            "report_id": None,
            "n_reports": 0,
        }
    for rec in rejected_findings(db).to_dict("records"):
        key = (rec["unit_id"], None if _isna(rec["year"]) else int(rec["year"]))
        if key[0] and key[1] and rows.get(key, {}).get("status") in (None, "missing"):
            rows[key] = {
                "unit_id": key[0],
                "unit_name": rec["unit_name"],
                "year": key[1],
                "status": "rejected",
                "failed_checks": 0,
                "report_id": None,
                "n_reports": 0,
            }
    df = pd.DataFrame(
        list(rows.values()),
        columns=["unit_id", "unit_name", "year", "status", "failed_checks", "report_id", "n_reports"],
    )
    df["status_label"] = df["status"].map(COVERAGE_LABELS)
    # units the registry does not list: shown apart (名单外), never as missing
    df["in_registry"] = True if reg is None else df["unit_id"].isin(reg.unit_ids)
    return df.sort_values(["unit_name", "year"]).reset_index(drop=True)


def coverage_grid(cov: pd.DataFrame) -> pd.DataFrame:
    """units (rows) × years (columns) of status labels, for a table."""
    if cov.empty:
        return pd.DataFrame()
    grid = cov.pivot_table(index="unit_name", columns="year", values="status_label", aggfunc="first")
    grid.columns = [str(c) for c in grid.columns]
    return grid.fillna("")


# ---------------------------------------------------------------------------
# Source of a failed check: the numbers side by side


def check_values(source: Any, report_id: str, metrics: Sequence[str]) -> pd.DataFrame:
    """The figures a failed check compared, as printed, with where they were read."""
    if not metrics:
        return pd.DataFrame(columns=["metric", "label", "value", "raw_text", "provenance", "origin"])
    df = as_source(source).df(
        """
        SELECT metric, value, raw_text, provenance, origin FROM report_values
        WHERE report_id = $report_id AND list_contains($metrics, metric)
        ORDER BY list_position($metrics, metric), origin
        """,
        {"report_id": report_id, "metrics": list(metrics)},
    )
    df.insert(1, "label", df["metric"].map(catalog.label))
    return df


# ---------------------------------------------------------------------------
# Review workflow


def record_decision(
    db_path: str | os.PathLike,
    finding_id: str,
    status: str,
    note: str = "",
    reviewer: str = "",
    *,
    finding: Mapping[str, Any] | None = None,
    decided_at: dt.datetime | None = None,
    actor: Actor | None = None,
) -> None:
    """Store an officer's decision on a finding (replacing an earlier one), atomically.

    ``finding`` (a row of :func:`findings`) fills report_id / unit_id / year / kind / rule so
    the decision still says what it was about once the finding has gone (e.g. the unit sent
    a corrected report).

    Needs the ``reviewer`` role for the finding's region (``actor``; None: the command-line
    user); a signed-in actor is the reviewer, whatever ``reviewer`` says. The decision, its
    review_log row and its audit_log row are one publish."""
    if status not in DECISION_STATUSES:
        raise ValueError(f"核实状态只能是 {' / '.join(DECISION_STATUSES)}，收到：{status!r}")
    actor = authorize(actor, "reviewer", what="核实数据质量问题")
    reviewer = actor.identity if actor.signed_in else (reviewer or "").strip()
    if not reviewer:
        raise ValueError("请填写核实人姓名")
    if not finding_id:
        raise ValueError("缺少问题编号")
    f = dict(finding or {})
    year = f.get("year")
    row = (
        finding_id,
        _none(f.get("report_id")),
        _none(f.get("unit_id")),
        None if year is None or _isna(year) else int(year),
        _none(f.get("kind")),
        _none(f.get("rule")),
        status,
        (note or "").strip(),
        reviewer,
        decided_at or _now(),
    )
    with write_transaction(db_path) as con:
        before = _decision_before(con, finding_id, actor)
        authorize(actor, "reviewer", unit_region(con, row[2]), what="核实数据质量问题")
        con.execute("DELETE FROM review_decisions WHERE finding_id = ?", [finding_id])
        con.execute("INSERT INTO review_decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", list(row))
        con.execute("INSERT INTO review_log VALUES (?, ?, ?, ?, ?)", [finding_id, *row[6:]])
        audit.record(con, actor, "decide", finding_id, before, {
            "status": status, "note": row[7], "reviewer": reviewer, "unit_id": row[2], "year": row[3],
            "kind": row[4], "rule": row[5], "report_id": row[1],
        })


def _decision_before(con: Any, finding_id: str, actor: Actor) -> dict | None:
    """The stored decision (None when there is none); changing it also needs the role for
    the region of the unit it was about."""
    old = con.execute(
        "SELECT status, note, reviewer, decided_at, unit_id FROM review_decisions WHERE finding_id = ?",
        [finding_id],
    ).fetchone()
    if old is None:
        return None
    authorize(actor, "reviewer", unit_region(con, old[4]), what="核实数据质量问题")
    return {"status": old[0], "note": old[1], "reviewer": old[2], "decided_at": old[3], "unit_id": old[4]}


STATUS_WITHDRAWN = "撤销"  # in the log only: a decision taken back


def clear_decision(
    db_path: str | os.PathLike,
    finding_id: str,
    reviewer: str = "",
    *,
    decided_at: dt.datetime | None = None,
    actor: Actor | None = None,
) -> None:
    """Withdraw a decision: the finding is 待核实 again (the log keeps who withdrew it).
    The same role check and audit row as :func:`record_decision`."""
    actor = authorize(actor, "reviewer", what="撤销核实结论")
    reviewer = actor.identity if actor.signed_in else (reviewer or "").strip()
    with write_transaction(db_path) as con:
        before = _decision_before(con, finding_id, actor)
        con.execute("DELETE FROM review_decisions WHERE finding_id = ?", [finding_id])
        con.execute(
            "INSERT INTO review_log VALUES (?, ?, ?, ?, ?)",
            [finding_id, STATUS_WITHDRAWN, "", reviewer, decided_at or _now()],
        )
        audit.record(con, actor, "withdraw", finding_id, before, {"status": STATUS_OPEN, "reviewer": reviewer})


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def decision_history(source: Any, finding_id: str) -> pd.DataFrame:
    """Every decision on one finding, oldest first (撤销 = withdrawn)."""
    db = as_source(source)
    # a database written before the log existed gets the table on its next write
    if db.df("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'review_log'").iloc[0, 0] == 0:
        return pd.DataFrame(columns=["status", "note", "reviewer", "decided_at"])
    return db.df(
        "SELECT status, note, reviewer, decided_at FROM review_log WHERE finding_id = $finding_id"
        " ORDER BY decided_at, rowid",
        {"finding_id": finding_id},
    )


def _none(value: Any) -> Any:
    return None if _isna(value) else value


def decisions(source: Any) -> pd.DataFrame:
    """All stored decisions, newest first."""
    return as_source(source).df(
        """
        SELECT finding_id, status, note, reviewer, decided_at, report_id, unit_id, year, kind, rule
        FROM review_decisions ORDER BY decided_at DESC, finding_id
        """
    )


def with_decisions(found: pd.DataFrame, decided: pd.DataFrame) -> pd.DataFrame:
    """Findings + their decision (status 待核实 when none)."""
    cols = ["finding_id", "status", "note", "reviewer", "decided_at"]
    out = found.merge(decided[cols], on="finding_id", how="left")
    out["status"] = out["status"].fillna(STATUS_OPEN)
    out["note"] = out["note"].fillna("")
    out["reviewer"] = out["reviewer"].fillna("")
    return out


def findings_with_decisions(source: Any, **kwargs: Any) -> pd.DataFrame:
    return with_decisions(findings(source, **kwargs), decisions(source))


# ---------------------------------------------------------------------------
# Export for sending to the units

EXPORT_COLUMNS = {
    "finding_id": "问题编号",
    "kind_label": "问题类别",
    "severity_label": "严重程度",
    "unit_name": "单位",
    "year": "年度",
    "rule": "规则/指标",
    "description": "说明",
    "detail": "具体情况",
    "status": "核实状态",
    "note": "核实意见",
    "reviewer": "核实人",
    "decided_at": "核实时间",
    "source_path": "来源文件",
    "report_id": "报告编号",
}


def rule_label(kind: str, rule: Any, metric: Any) -> str:
    """What a finding is about, in Chinese: the rule's name for a failed check, the figure's
    label for an anomaly, nothing for the kinds whose category says it all."""
    if kind == "check" and isinstance(rule, str):
        return catalog.rule_name(rule)
    if kind == "anomaly" and isinstance(metric, str) and metric:
        if metric.startswith("series:"):
            series = catalog.series_by_key().get(metric.split(":", 1)[1])
            return series.label_zh if series else metric
        return catalog.label(metric)
    return ""


def export_table(df: pd.DataFrame) -> pd.DataFrame:
    """Findings (with or without decisions) → the table sent to units, Chinese headers."""
    out = df.copy()
    out["kind_label"] = out["kind"].map(KIND_LABELS).fillna(out["kind"])
    out["severity_label"] = out["severity"].map(SEVERITY_LABELS).fillna(out["severity"])
    out["rule"] = [
        rule_label(k, r, m) for k, r, m in zip(out["kind"], out["rule"], out["metric"], strict=True)
    ]
    # the file as the unit knows it: its name, never a server or temporary path
    out["source_path"] = [
        PurePath(str(p)).name if isinstance(p, str) and p else "" for p in out["source_path"]
    ]
    for col in ("status", "note", "reviewer", "decided_at"):
        if col not in out:
            out[col] = STATUS_OPEN if col == "status" else ""
    out = out[list(EXPORT_COLUMNS)].rename(columns=EXPORT_COLUMNS)
    return out


def export_bytes(df: pd.DataFrame, fmt: str) -> bytes:
    """The export as bytes: 'csv' (UTF-8 with BOM, so Excel reads the Chinese) or 'xlsx'."""
    table = export_table(df)
    if fmt == "csv":
        return table.to_csv(index=False).encode("utf-8-sig")
    if fmt == "xlsx":
        buf = io.BytesIO()
        with pd.ExcelWriter(buf, engine="openpyxl") as xl:
            table.to_excel(xl, index=False, sheet_name="数据质量问题清单")
            sheet = xl.sheets["数据质量问题清单"]
            for col, width in zip(
                "ABCDEFGHIJKLMN", (20, 12, 8, 28, 6, 24, 40, 50, 8, 30, 10, 18, 40, 18), strict=False
            ):
                sheet.column_dimensions[col].width = width
        return buf.getvalue()
    raise ValueError(f"不支持的导出格式：{fmt}（可选 csv / xlsx）")


def export_findings(df: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write the findings list to ``path`` (.csv or .xlsx, by suffix)."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    path.write_bytes(export_bytes(df, fmt))
    return path


# ---------------------------------------------------------------------------
# 整改通知: one unit's findings, ready to send

NOTICE_STATUSES: tuple[str, ...] = (STATUS_CONFIRMED,)  # what is sent by default: verified problems


def unit_findings(df: pd.DataFrame, unit_id: str, statuses: Iterable[str] = NOTICE_STATUSES) -> pd.DataFrame:
    """The findings of one unit with the given review statuses (errors first, by year)."""
    rows = df[(df["unit_id"] == unit_id) & df["status"].isin(list(statuses))]
    return rows.sort_values(["year", "kind", "rule"], na_position="last").reset_index(drop=True)


def _notice_items(df: pd.DataFrame) -> list[dict]:
    table = export_table(df)
    return table.to_dict("records")


def notice_xlsx(df: pd.DataFrame, unit_name: str) -> bytes:
    """One unit's findings as a workbook (the 问题清单 attached to the notice)."""
    table = export_table(df).drop(columns=["问题编号", "报告编号"])
    table.insert(0, "序号", range(1, len(table) + 1))
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        sheet_name = "整改问题清单"
        table.to_excel(xl, index=False, sheet_name=sheet_name, startrow=2)
        sheet = xl.sheets[sheet_name]
        sheet["A1"] = f"{unit_name}政府信息公开工作年度报告问题清单"
        sheet["A2"] = f"共 {len(table)} 项　导出日期：{dt.date.today():%Y年%m月%d日}"
        for col, width in zip(
            "ABCDEFGHIJKLM", (6, 12, 8, 28, 6, 24, 40, 50, 8, 30, 10, 18, 30), strict=False
        ):
            sheet.column_dimensions[col].width = width
    return buf.getvalue()


def notice_docx(
    df: pd.DataFrame,
    unit_name: str,
    *,
    issuer: str = "",
    reply_days: int = 15,
    today: dt.date | None = None,
) -> bytes:
    """One unit's findings as a 整改通知 (DOCX): addressee, the problems numbered with year,
    category, what is wrong and where, and the request to correct or explain within
    ``reply_days`` days. Every text is inserted as plain text (never interpreted)."""
    import docx
    from docx.shared import Pt

    today = today or dt.date.today()
    items = _notice_items(df)
    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(12)
    doc.add_heading("关于政府信息公开工作年度报告有关问题的整改通知", level=1)
    doc.add_paragraph(f"{unit_name}：")
    years = sorted({int(i["年度"]) for i in items if i["年度"] is not None and not _isna(i["年度"])})
    span = f"{years[0]}–{years[-1]}年度" if len(years) > 1 else (f"{years[0]}年度" if years else "")
    doc.add_paragraph(
        f"经对你单位{span}政府信息公开工作年度报告进行核查，发现以下 {len(items)} 个问题，"
        f"请于收到本通知之日起 {reply_days} 日内予以更正或作出说明，并将整改情况书面反馈。"
    )
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell_, text in zip(
        table.rows[0].cells, ("序号", "年度", "问题类别", "问题说明", "具体情况"), strict=True
    ):
        cell_.text = text
    for n, item in enumerate(items, start=1):
        year = item["年度"]
        values = (
            str(n),
            "" if year is None or _isna(year) else str(int(year)),
            str(item["问题类别"] or ""),
            "；".join(x for x in (str(item["规则/指标"] or ""), str(item["说明"] or "")) if x),
            "；".join(
                x
                for x in (
                    str(item["具体情况"] or ""),
                    f"来源文件：{item['来源文件']}" if item["来源文件"] else "",
                )
                if x
            ),
        )
        row = table.add_row().cells
        for cell_, text in zip(row, values, strict=True):
            cell_.text = text
        if item["核实意见"]:
            row[4].add_paragraph(f"核实意见：{item['核实意见']}")
    if not items:
        doc.add_paragraph("（当前没有需要整改的问题。）")
    doc.add_paragraph("")
    doc.add_paragraph("特此通知。")
    if issuer:
        doc.add_paragraph(issuer)
    doc.add_paragraph(f"{today:%Y年%m月%d日}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
