"""The one source of truth for metric keys, labels, units, joined series and check rules.

Parser, checks, SQL views and the UI all read these definitions; nothing else spells a
metric key's label or unit.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# The vocabularies live in pipelines.model; re-exported here with the labels.
from pipelines.model import FAMILIES as FAMILIES
from pipelines.model import Family as Family
from pipelines.model import Severity as Severity

FAMILY_LABELS: dict[Family, str] = {
    "legacy": "旧版统计表（2008–2018）",
    "std2019": "2019版模板（国办公开办函〔2019〕60号）",
    "std2021": "2021版模板（国办公开办函〔2021〕30号）",
    "narrative": "无统计表（正文）",
}

# Table 3 applicant columns, in template order: key suffix → printed header.
APPLICANT_COLUMNS = (
    ("natural", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("nonprofit", "社会公益组织"),
    ("legal", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)

# Table 4: one row of 15 numbers, by position.
REVIEW_SUIT_COLUMNS = tuple(
    f"{group}.{outcome}"
    for group in ("review", "suit.direct", "suit.after_review")
    for outcome in ("upheld", "corrected", "other", "pending", "total")
)


@dataclass(frozen=True)
class Metric:
    key: str
    families: tuple[str, ...]
    section: str
    row_label: str
    col_label: str
    unit: str
    note: str

    @property
    def label_zh(self) -> str:
        """Short Chinese label as the template words it: row label, plus column where it matters."""
        parts = [_strip_numbering(_strip_parenthetical(p)) for p in self.row_label.split("/")]
        # Sub-rows such as 三/（三）不予公开/6.属于四类过程性信息 keep their parent group.
        row = "：".join(parts[-2:]) if len(parts) >= 3 else parts[-1]
        if self.family_primary == "narrative":
            return row
        col = self.col_label
        if not col or col == "统计数":
            return row
        col = _strip_parenthetical(col.split("/")[-1])
        return f"{row}·{col}"

    @property
    def family_primary(self) -> str:
        return self.families[0]

    @property
    def family(self) -> str:
        return ",".join(self.families)


def _strip_numbering(text: str) -> str:
    text = re.sub(r"^(其中[:：])", "", text.strip())
    return re.sub(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)", "", text).strip()


def _strip_parenthetical(text: str) -> str:
    return re.sub(r"[（(][^）)]*[）)]", "", text).strip()


@cache
def metrics() -> dict[str, Metric]:
    """All metric keys of the contract, in the order of metrics.csv."""
    out: dict[str, Metric] = {}
    with (Path(__file__).parent / "metrics.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[row["key"]] = Metric(
                key=row["key"],
                families=tuple(f.strip() for f in row["family"].split(",")),
                section=row["section"],
                row_label=row["row_label"],
                col_label=row["col_label"],
                unit=row["unit"],
                note=row["note"],
            )
    return out


def label(key: str) -> str:
    m = metrics().get(key)
    return m.label_zh if m else key


def unit_of(key: str) -> str:
    m = metrics().get(key)
    return m.unit if m else ""


def keys_for_family(family: str) -> list[str]:
    return [k for k, m in metrics().items() if family in m.families]


# ---------------------------------------------------------------------------
# Joined series across the 2019 break (docs/metrics.md, "How the catalog works").
# Each series lists alternatives in priority order; an alternative is a tuple of keys
# that are summed (all must be present). The first alternative whose keys are all
# present in a report gives the value; `source_metric` records which keys were used.


@dataclass(frozen=True)
class Series:
    key: str
    label_zh: str
    unit: str
    alternatives: tuple[tuple[str, ...], ...]


SERIES: tuple[Series, ...] = (
    Series(
        "applications_received",
        "收到政府信息公开申请数",
        "件",
        (("requests.received",), ("apply.new.total",), ("narrative.requests_received",)),
    ),
    Series("reviews", "政府信息公开行政复议数", "件", (("review.total",), ("narrative.review_cases",))),
    Series(
        "lawsuits",
        "政府信息公开行政诉讼数",
        "件",
        (("suit.total",), ("suit.direct.total", "suit.after_review.total"), ("narrative.suit_cases",)),
    ),
    Series("reviews_corrected", "行政复议被纠错数", "件", (("review.corrected",),)),
    Series(
        "lawsuits_corrected",
        "行政诉讼被纠错数",
        "件",
        (("suit.corrected",), ("suit.direct.corrected", "suit.after_review.corrected")),
    ),
    Series(
        "microblog_posts",
        "政务微博发布信息数",
        "条",
        (("channel.microblog",), ("narrative.microblog_posts",)),
    ),
    Series("wechat_posts", "政务微信发布信息数", "条", (("channel.wechat",), ("narrative.wechat_posts",))),
    Series("website_posts", "政府网站公开信息数", "条", (("channel.website",), ("narrative.website_posts",))),
    Series(
        "proactive_total", "主动公开政府信息数", "条", (("proactive.total",), ("narrative.proactive_total",))
    ),
)


def series_by_key() -> dict[str, Series]:
    return {s.key: s for s in SERIES}


# ---------------------------------------------------------------------------
# Cross-check rules (docs/checks.md), described in Chinese as the template words them.

RULES: dict[str, tuple[Severity, str]] = {
    # rule: (severity, description)
    "std.balance": ("error", "各申请人列：第一项加第二项之和，等于第三项（七）总计加第四项之和"),
    "std.results_sum": ("error", "各列：（七）总计等于（一）至（六）各项办理结果之和"),
    "std.applicant_columns_sum": ("error", "各行：总计等于自然人与五类法人或其他组织之和"),
    "std.review_sum": ("error", "行政复议：总计等于结果维持、结果纠正、其他结果、尚未审结之和"),
    "std.suit_direct_sum": ("error", "行政诉讼（未经复议直接起诉）：总计等于四类结果之和"),
    "std.suit_after_review_sum": ("error", "行政诉讼（复议后起诉）：总计等于四类结果之和"),
    "legacy.requests_channels_sum": (
        "error",
        "收到申请数等于当面、传真、网络、信函（及电子邮件、其他）申请数之和",
    ),
    "legacy.requests_completed_sum": ("error", "申请办结数等于按时办结数加延期办结数"),
    "legacy.staff_sum": ("error", "从事政府信息公开工作人员数等于专职加兼职人员数"),
    "legacy.review_sum": ("error", "行政复议数量等于维持、被依法纠错、其他情形数之和"),
    "legacy.suit_sum": ("error", "行政诉讼数量等于维持或驳回、被依法纠错、其他情形数之和"),
    "text_vs_table": ("warning", "正文所述数字与统计表中同一事项的数字一致"),
    "ocr.review": ("warning", "扫描件经 OCR 识别的数字置信度足够，且所在行通过勾稽校验"),
    "std.carry_continuity": ("warning", "上年度“结转下年度继续办理”等于本年度“上年结转”（各列）"),
    "std.in_force_continuity": ("warning", "上年现行有效件数加本年制发减本年废止等于本年现行有效件数"),
}


# Short Chinese names of the rules, for every place an officer reads one (the keys stay the
# stable names of check_results.rule for SQL users).
RULE_NAMES: dict[str, str] = {
    "std.balance": "申请数量平衡",
    "std.results_sum": "办理结果合计",
    "std.applicant_columns_sum": "申请人分列合计",
    "std.review_sum": "行政复议结果合计",
    "std.suit_direct_sum": "直接起诉结果合计",
    "std.suit_after_review_sum": "复议后起诉结果合计",
    "legacy.requests_channels_sum": "申请渠道合计（旧模板）",
    "legacy.requests_completed_sum": "办结数合计（旧模板）",
    "legacy.staff_sum": "工作人员合计（旧模板）",
    "legacy.review_sum": "行政复议合计（旧模板）",
    "legacy.suit_sum": "行政诉讼合计（旧模板）",
    "text_vs_table": "正文与统计表一致",
    "ocr.review": "OCR 读数待核对",
    "std.carry_continuity": "结转数前后年衔接",
    "std.in_force_continuity": "现行有效件数前后年衔接",
}


def rule_name(rule: str) -> str:
    """The Chinese name of a check rule (the key itself only for a rule the catalog lacks)."""
    return RULE_NAMES.get(rule, rule)


def rule_severity(rule: str) -> Severity:
    return RULES.get(rule, ("warning", ""))[0]


def rule_description(rule: str) -> str:
    return RULES.get(rule, ("", rule))[1]


# A figure read by OCR carries where on its page it was read: 'page 2 table 3 row 5 col 4
# box 0.4120,0.3315,0.4710,0.3460' — left, top, right, bottom as fractions of the page.
_OCR_BOX = re.compile(r"\s*\bbox (\d*\.?\d+),(\d*\.?\d+),(\d*\.?\d+),(\d*\.?\d+)")
_PAGE = re.compile(r"\bpage (\d+)")


def without_box(provenance: str) -> str:
    """The provenance without its OCR page box (what a Line's prov looks like)."""
    return _OCR_BOX.sub("", provenance or "")


def ocr_box(provenance) -> tuple[int, tuple[float, float, float, float]] | None:
    """(page number, box as fractions of the page) of a figure read by OCR, else None."""
    if not isinstance(provenance, str):
        return None
    m = _OCR_BOX.search(provenance)
    if not m:
        return None
    page = _PAGE.search(provenance)
    x0, y0, x1, y1 = (float(v) for v in m.groups())
    return (int(page.group(1)) if page else 1), (x0, y0, x1, y1)


def position_zh(provenance) -> str:
    """Where a figure was read, in Chinese: 'table 2 row 5 col 3' → '第2表第5行第3列',
    'line 12 (text)' → '正文第12行' (pipelines.provenance). Anything else is returned as it is."""
    from pipelines.provenance import display

    return display(provenance)


def with_position_zh(text) -> str:
    """A message that starts with a position ('line 18 cell 1: …'), the position in Chinese."""
    from pipelines.provenance import with_display

    if not isinstance(text, str):
        return text
    return with_display(text)
