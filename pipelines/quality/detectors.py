"""The six detectors (failed checks, missing and late reports, implausible figures,
files not ingested, extraction doubts) and :func:`findings`, every finding errors first;
and the figures a failed check compared."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from pipelines import catalog
from pipelines.quality import sql as qsql
from pipelines.quality.coverage import AUTO, missing_years
from pipelines.quality.rejected import rejected_findings
from pipelines.quality.sql import MAX_YEAR_GAP, VALUES_SQL  # noqa: F401 - MAX_YEAR_GAP re-exported
from pipelines.quality.vocabulary import (
    _NO_JUMP_METRICS,
    _NO_ZERO_METRICS,
    _NOT_COMPARED_PREFIXES,
    _ONLY_TENFOLD_METRICS,
    COMPANIONS,
    JUMP_FACTOR,
    JUMP_MIN,
    SHARE_PAIRS,
    TENFOLD_TOLERANCE,
    ZERO_AFTER,
    _check_key,
    _finding_id,
    _frame,
    _isna,
    _isna_list,
    _records,
    _unit_names,
    deadline,
)
from pipelines.query import Source, as_source


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
    for rec in _records(df):
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


def missing_findings(source: Any, *, through_latest: bool = True, registry: Any = AUTO) -> pd.DataFrame:
    rows = []
    for rec in _records(missing_years(source, through_latest=through_latest, registry=registry)):
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


# Reports published after the deadline (pipelines.quality.vocabulary.deadline: 31 January of
# the next year from 2019 on, 31 March before), filtered in SQL: only the late ones leave DuckDB.
_LATE_SQL = """
SELECT r.unit_id, coalesce(u.name, r.unit_name) AS unit_name, r.year, r.report_id, r.published_on,
       r.source_path
FROM reports r LEFT JOIN units u USING (unit_id)
WHERE r.published_on IS NOT NULL
  AND r.published_on > make_date(r.year + 1, CASE WHEN r.year >= 2019 THEN 1 ELSE 3 END, 31)
ORDER BY r.unit_id, r.year
"""


def late_findings(source: Any) -> pd.DataFrame:
    """Reports published after the deadline, where the publication date is known."""
    rows = []
    for rec in _records(as_source(source).df(_LATE_SQL)):
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


# The SQL reading every figure lives in pipelines.quality.sql (shared with the derived tables).
_VALUES_SQL = VALUES_SQL
_PAIRS_SQL = qsql.pairs_sql()
_FLAGGED_PAIRS_SQL = qsql.flagged_pairs_sql(
    "$zero_after", "$jump_min", "$jump_factor", metrics="(SELECT DISTINCT metric FROM report_values)"
)
# The same pairs from the stored superset (derived table quality_pairs), when the thresholds
# are at or above the stored ones.
_STORED_FLAGGED_SQL = f"""
SELECT unit_id, year, report_id, metric, prev_year, prev_value, value FROM quality_pairs
WHERE {qsql.flagged_sql("$zero_after", "$jump_min", "$jump_factor")}
"""


def _stored(db: Source, sql: str, params: dict | None = None) -> pd.DataFrame | None:
    """``sql`` over a stored derived table, or None when the database has none (an older
    file, a bare connection to a file written without the publish step)."""
    try:
        return db.df(sql, params)
    except Exception as exc:  # noqa: BLE001 - duckdb.CatalogException through any Source
        if "quality_" in str(exc) and ("does not exist" in str(exc) or "not found" in str(exc).lower()):
            return None
        raise


def _series_group(metric: str) -> str:
    """The joined series a metric belongs to (or the metric itself): one jump of 主动公开
    is one finding, whether seen in the table, the prose or the joined series."""
    if metric.startswith("series:"):
        return metric.split(":", 1)[1]
    return _SERIES_OF.get(metric, metric)


_SERIES_OF = {key: s.key for s in catalog.SERIES for alt in s.alternatives if len(alt) == 1 for key in alt}
_GROUP_ORDER = {"table": 0, "series": 1, "narrative": 2}


@functools.lru_cache(maxsize=8192)  # the catalog is fixed; a label is built once, not per finding
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
    params = {"zero_after": float(zero_after), "jump_min": float(jump_min), "jump_factor": float(jump_factor)}
    pairs = None
    if qsql.stored_pairs_covers(**params):
        pairs = _stored(db, _STORED_FLAGGED_SQL, params)
    if pairs is None:
        pairs = db.df(_FLAGGED_PAIRS_SQL, params)
    names = _unit_names(db)
    pairs = pairs[~pairs["metric"].str.startswith(_NOT_COMPARED_PREFIXES)]
    companions = _companion_values(db, pairs)
    rows = [
        *_jump_rows(pairs, names, jump_factor, jump_min, zero_after, companions),
        *_share_rows(db, names),
    ]
    return _frame(rows)


def _companion_values(db: Source, pairs: pd.DataFrame) -> dict[tuple[str, int, str], float]:
    """(unit_id, year, metric) → value of the COMPANIONS of the flagged pairs' figures, for the
    units with such a pair (a few rows: only flagged units are read)."""
    wanted = pairs[pairs["metric"].isin(list(COMPANIONS))]
    if wanted.empty:
        return {}
    metrics = sorted({c for m in wanted["metric"].unique() for c in COMPANIONS[m]})
    units = sorted(wanted["unit_id"].unique())
    frame = db.df(
        qsql.values_sql(where="v.metric IN (SELECT unnest($metrics)) AND r.unit_id IN (SELECT unnest($units))"),
        {"metrics": metrics, "units": units},
    )
    # (the columns as plain lists first: iterating Arrow-backed columns value by value costs ~1 µs a value,
    # 1.3 s of 数据质量's 7.7 s at 1 M reports)
    columns = [frame[c].tolist() for c in ("unit_id", "year", "metric", "value")]
    return {(u, int(y), m): float(v) for u, y, m, v in zip(*columns, strict=True)}


def _exact_power_of_ten(prev: float, cur: float) -> bool:
    """``cur`` is ``prev`` with zeros added or removed (×10, ×100 … exactly, or the reverse)."""
    low, high = min(prev, cur), max(prev, cur)
    if low <= 0:
        return False
    for k in range(1, 6):
        if abs(high - low * 10**k) <= 1e-9 * high:
            return True
    return False


def _moved_along(
    rec: dict, prev: float, cur: float, companions: dict[tuple[str, int, str], float]
) -> bool:
    """The figure's companions (COMPANIONS) moved with it: each in the same direction by at
    least half the jump on a log scale (×10 → ≥ ×3.2). No companion stated: False."""
    keys = COMPANIONS.get(rec["metric"], ())
    if not keys or prev <= 0 or cur <= 0:
        return False
    jump = np.log(cur / prev)
    for key in keys:
        before = companions.get((rec["unit_id"], int(rec["prev_year"]), key))
        after = companions.get((rec["unit_id"], int(rec["year"]), key))
        if before is None or after is None or before <= 0 or after <= 0:
            return False
        if np.log(after / before) / jump < 0.5:
            return False
    return True


def _tenfold(ratio: pd.Series) -> pd.Series:
    """Ratios ≥ 10 within TENFOLD_TOLERANCE of a power of ten (10, 100, 1000 …)."""
    power = np.power(10.0, np.round(np.log10(ratio.where(ratio > 0, 1.0).astype(float))))
    return (ratio >= 10 * (1 - TENFOLD_TOLERANCE)) & ((ratio / power - 1).abs() <= TENFOLD_TOLERANCE)


def _tenfold_one(ratio: float) -> bool:
    """:func:`_tenfold` of one ratio (the same NumPy operations, without building a Series)."""
    r = np.float64(ratio)
    power = np.power(10.0, np.round(np.log10(r if r > 0 else np.float64(1.0))))
    return bool(r >= 10 * (1 - TENFOLD_TOLERANCE) and abs(r / power - 1) <= TENFOLD_TOLERANCE)


def _jump_rows(
    pairs: pd.DataFrame,
    names: dict,
    factor: float,
    minimum: float,
    zero_after: float,
    companions: dict[tuple[str, int, str], float] | None = None,
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
    jump = (low >= minimum) & (high >= factor * low) & ~pairs["metric"].str.contains(
        _ONLY_TENFOLD_METRICS.pattern, regex=True
    )
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
    for rec in _records(pairs):
        metric = rec["metric"]
        prev, cur = float(rec["prev_value"]), float(rec["value"])
        label = _metric_label(metric)
        year = int(rec["year"])
        if (
            cur > 0
            and not _exact_power_of_ten(prev, cur)
            and _moved_along(rec, prev, cur, companions or {})
        ):
            continue  # the whole group moved: a real change (or of counting), not a misprint
        if cur == 0 and prev >= zero_after and not _NO_ZERO_METRICS.search(metric):
            rule, desc = "anomaly.zero", f"{int(rec['prev_year'])}年度为 {_fmt(prev)}，本年度填报为 0"
        elif (
            min(prev, cur) >= minimum
            and max(prev, cur) >= factor * min(prev, cur)
            and not _ONLY_TENFOLD_METRICS.search(metric)
        ):
            direction = "增加" if cur > prev else "减少"
            ratio = max(prev, cur) / min(prev, cur)
            rule, desc = "anomaly.jump", f"与上一份报告相比{direction}到 {ratio:.1f} 倍（阈值 {factor:g} 倍）"
            if cur < prev:
                desc = f"与上一份报告相比减少到 1/{ratio:.1f}（阈值 1/{factor:g}）"
        elif min(prev, cur) >= minimum and _tenfold_one(max(prev, cur) / min(prev, cur)):
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
    # the share figures of the reports where a rule fails (stored at publish, else computed)
    vals = _stored(db, "SELECT * FROM quality_shares")
    if vals is None:
        vals = db.df(qsql.shares_sql())
    if vals.empty:
        return []
    by_report = {
        rid: dict(zip(g["metric"], g["value"], strict=False))
        for rid, g in vals.groupby("report_id", sort=True)
    }
    meta = vals.drop_duplicates("report_id").set_index("report_id")[["unit_id", "year"]]
    checked = _checked_figures(db, list(by_report))
    rows = []
    for report_id, values in by_report.items():
        unit_id, year = meta.at[report_id, "unit_id"], int(meta.at[report_id, "year"])
        for part, wholes, meaning in SHARE_PAIRS:
            if part not in values or wholes[0] not in values:
                continue
            whole = sum(values.get(w, 0.0) for w in wholes)
            if 0 <= values[part] <= whole:
                continue
            if part in checked.get(report_id, ()):
                continue  # a failed 勾稽 check of this report already names the figure
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


def _checked_figures(db: Source, report_ids: list[str]) -> dict[str, set[str]]:
    """report_id → the figures its failed checks name (check_results.metrics): one problem,
    one finding — a share outside 0–100 % on a figure a 勾稽 rule already flags is not repeated."""
    if not report_ids:
        return {}
    frame = db.df(
        "SELECT report_id, unnest(metrics) AS metric FROM check_results "
        "WHERE report_id IN (SELECT unnest($ids)) AND metrics IS NOT NULL",
        {"ids": report_ids},
    )
    out: dict[str, set[str]] = {}
    for rid, metric in frame[["report_id", "metric"]].itertuples(index=False):
        out.setdefault(rid, set()).add(metric)
    return out


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
    for rec in _records(df):
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
