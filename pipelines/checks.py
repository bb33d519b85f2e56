"""check stage: the official 勾稽 rules (docs/checks.md) on one ParsedReport.

Pure functions of the report's figures. The two continuity rules need the previous
year's report and run in the load stage (pipelines/load.py, in SQL). A rule runs only
when every figure it needs is present; a report that breaks one is stored anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import repeat
from operator import attrgetter

from pipelines.catalog import APPLICANT_COLUMNS, rule_severity
from pipelines.model import CheckResult, ParsedReport

TOLERANCE = 1e-6
COLUMNS = [key for key, _ in APPLICANT_COLUMNS]
COLUMN_LABELS = dict(APPLICANT_COLUMNS)

# Table-3 rows whose sum is （七）总计 (std2019 has one （六） row, std2021 three).
RESULT_ROWS = (
    ["apply.granted", "apply.partial"]
    + [
        f"apply.denied.{r}"
        for r in (
            "state_secret",
            "law_prohibited",
            "security",
            "third_party",
            "internal",
            "process",
            "enforcement",
            "query",
        )
    ]
    + [f"apply.unable.{r}" for r in ("not_held", "needs_creation", "unclear")]
    + [f"apply.unprocessed.{r}" for r in ("petition", "repeat", "publication", "excessive", "confirm")]
)
OTHER_ROWS_2019 = ["apply.other"]
OTHER_ROWS_2021 = ["apply.other.no_correction", "apply.other.no_fee", "apply.other.other"]
TABLE3_ROWS = [
    "apply.new",
    "apply.carried_in",
    *RESULT_ROWS,
    *OTHER_ROWS_2019,
    *OTHER_ROWS_2021,
    "apply.total",
    "apply.carried_out",
]


def _fmt(x: float) -> str:
    return f"{x:g}"


def _sum_rule(
    rule: str, v: dict[str, float], total: str, parts: Iterable[str], label: str, optional: Iterable[str] = ()
) -> CheckResult | None:
    """total == sum(parts) (+ optional parts that are present); None when it holds or cannot run."""
    parts = list(parts)
    if total not in v or not all(map(v.__contains__, parts)):  # (map: no generator frame a part)
        return None
    used = parts + [p for p in optional if p in v]
    total_sum = sum(map(v.__getitem__, used))
    if abs(v[total] - total_sum) <= TOLERANCE:
        return None
    detail = (
        f"{label}：{_fmt(v[total])} ≠ " + " + ".join(f"{_fmt(v[p])}" for p in used) + f" = {_fmt(total_sum)}"
    )
    return CheckResult(rule, rule_severity(rule), detail, (total, *used))


def _per_column(
    rule: str, v: dict[str, float], one: Callable[[str], tuple[list[str], list[str]] | None]
) -> CheckResult | None:
    """Run an equation per applicant column; one result listing every column that fails."""
    failures, involved = [], []
    for col in COLUMNS:
        sides = one(col)
        if sides is None:
            continue
        left, right = sides
        if not (all(map(v.__contains__, left)) and all(map(v.__contains__, right))):
            continue
        lsum, rsum = sum(map(v.__getitem__, left)), sum(map(v.__getitem__, right))
        if abs(lsum - rsum) > TOLERANCE:
            failures.append(f"{COLUMN_LABELS[col]}：{_fmt(lsum)} ≠ {_fmt(rsum)}")
            involved.extend(left + right)
    if not failures:
        return None
    return CheckResult(rule, rule_severity(rule), "；".join(failures), tuple(dict.fromkeys(involved)))


# The metric keys of the table-3 equations, spelled out once (not per report).
_BALANCE_SIDES = {
    c: ([f"apply.new.{c}", f"apply.carried_in.{c}"], [f"apply.total.{c}", f"apply.carried_out.{c}"])
    for c in COLUMNS
}
_RESULTS_SIDES = {  # by template: does table 3 split （六）其他处理 (2021)?
    is_2021: {c: ([f"apply.total.{c}"], [f"{r}.{c}" for r in RESULT_ROWS + other_rows]) for c in COLUMNS}
    for is_2021, other_rows in ((False, OTHER_ROWS_2019), (True, OTHER_ROWS_2021))
}
_ROW_COLUMNS = {row: (f"{row}.total", [f"{row}.{c}" for c in COLUMNS[:-1]]) for row in TABLE3_ROWS}


def _std_rules(v: dict[str, float]) -> list[CheckResult | None]:
    results_sides = _RESULTS_SIDES[any(map(str.startswith, v, repeat("apply.other.no_correction")))]
    out: list[CheckResult | None] = [
        _per_column("std.balance", v, _BALANCE_SIDES.__getitem__),
        _per_column("std.results_sum", v, results_sides.__getitem__),
    ]
    row_failures = []
    for row in TABLE3_ROWS:
        total, parts = _ROW_COLUMNS[row]
        res = _sum_rule("std.applicant_columns_sum", v, total, parts, row)
        if res:
            row_failures.append(res)
    if row_failures:
        out.append(
            CheckResult(
                "std.applicant_columns_sum",
                rule_severity("std.applicant_columns_sum"),
                "；".join(r.detail for r in row_failures),
                tuple(k for r in row_failures for k in r.metrics),
            )
        )
    for rule, group, label in (
        ("std.review_sum", "review", "行政复议"),
        ("std.suit_direct_sum", "suit.direct", "未经复议直接起诉"),
        ("std.suit_after_review_sum", "suit.after_review", "复议后起诉"),
    ):
        out.append(
            _sum_rule(
                rule,
                v,
                f"{group}.total",
                [f"{group}.{o}" for o in ("upheld", "corrected", "other", "pending")],
                label + "总计",
            )
        )
    return out


def _legacy_rules(v: dict[str, float]) -> list[CheckResult | None]:
    return [
        _sum_rule(
            "legacy.requests_channels_sum",
            v,
            "requests.received",
            ["requests.in_person", "requests.fax", "requests.online", "requests.letter"],
            "收到申请数",
            optional=["requests.email", "requests.other_channel"],
        ),
        _sum_rule(
            "legacy.requests_completed_sum",
            v,
            "requests.completed",
            ["requests.on_time", "requests.extended"],
            "申请办结数",
        ),
        _sum_rule(
            "legacy.staff_sum", v, "org.staff", ["org.staff_fulltime", "org.staff_parttime"], "工作人员数"
        ),
        _sum_rule(
            "legacy.review_sum",
            v,
            "review.total",
            ["review.upheld", "review.corrected", "review.other"],
            "行政复议数量",
        ),
        _sum_rule(
            "legacy.suit_sum",
            v,
            "suit.total",
            ["suit.upheld", "suit.corrected", "suit.other"],
            "行政诉讼数量",
        ),
    ]


# narrative key → table alternatives (each a list of keys summed) for the same thing.
TEXT_VS_TABLE = {
    "narrative.requests_received": [["requests.received"], ["apply.new.total"]],
    "narrative.review_cases": [["review.total"]],
    "narrative.suit_cases": [["suit.total"], ["suit.direct.total", "suit.after_review.total"]],
    "narrative.microblog_posts": [["channel.microblog"]],
    "narrative.wechat_posts": [["channel.wechat"]],
}


def _text_vs_table(v: dict[str, float]) -> list[CheckResult | None]:
    failures, involved = [], []
    for text_key, alternatives in TEXT_VS_TABLE.items():
        if text_key not in v:
            continue
        for keys in alternatives:
            if all(k in v for k in keys):
                table_value = sum(v[k] for k in keys)
                if abs(table_value - v[text_key]) > TOLERANCE:
                    failures.append(f"{'+'.join(keys)}：正文 {_fmt(v[text_key])}，统计表 {_fmt(table_value)}")
                    involved.extend([text_key, *keys])
                break
    if not failures:
        return []
    return [
        CheckResult("text_vs_table", rule_severity("text_vs_table"), "；".join(failures), tuple(involved))
    ]


# A figure read by OCR with a recognition score under this (but over the score under which it
# is not stored at all, ocr.MIN_DIGIT_CONFIDENCE) is flagged for review.
OCR_REVIEW_CONFIDENCE = 0.97
_origin = attrgetter("origin")


def _ocr_review(report: ParsedReport, broken: list[CheckResult]) -> list[CheckResult]:
    """Figures read by OCR that an officer should compare with the page: read with a low
    score, or in a row that breaks one of the report's 勾稽 rules."""
    if "ocr" not in map(_origin, report.figures):  # (most reports: one C-level pass, no dict)
        return []
    ocr = {f.metric: f for f in report.figures if f.origin == "ocr"}
    low = [m for m, f in ocr.items() if f.confidence is not None and f.confidence < OCR_REVIEW_CONFIDENCE]
    in_broken = [m for r in broken for m in r.metrics if m in ocr and m not in low]
    flagged = list(dict.fromkeys(low + in_broken))
    if not flagged:
        return []
    parts = []
    if low:
        parts.append(f"{len(low)} 个数字识别置信度低于 {OCR_REVIEW_CONFIDENCE:g}")
    if in_broken:
        parts.append(f"{len(set(in_broken))} 个数字所在行未通过勾稽校验")
    detail = "OCR 识别的数字待与原件核对：" + "；".join(parts)
    return [CheckResult("ocr.review", rule_severity("ocr.review"), detail, tuple(flagged))]


def run_checks(report: ParsedReport) -> list[CheckResult]:
    """Every single-report rule that applies to this report's family and figures."""
    v = report.values()
    results: list[CheckResult | None] = []
    if report.template in ("std2019", "std2021"):
        results += _std_rules(v)
    elif report.template == "legacy":
        results += _legacy_rules(v)
    results += _text_vs_table(v)
    found = [r for r in results if r is not None]
    return found + _ocr_review(report, found)
