"""Generate a demo corpus of report files plus ``truth.jsonl`` (what each file states).

    python -m pipelines.demo.generate --out DIR --units N --years 2012-2025 --formats txt,html --seed S

The agencies are real (江苏省宿迁市 with 宿城区, 宿豫区, 沭阳县, 泗阳县, 泗洪县, their
departments and towns; more Jiangsu cities for large corpora) so that region resolution
works as on real reports; the figures are invented, every file carries the 示例数据 mark
where its format allows (HTML comment, PDF subject, DOCX comments), and the integrator
marks every generated report ``is_demo`` in the database.

Output is deterministic for a seed (same bytes every run) and streamed: one unit at a
time, so 100k-report corpora need no more memory than small ones.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pipelines.demo import content, figures
from pipelines.demo.arith import broken_rules
from pipelines.demo.content import Style
from pipelines.demo.doc import Doc
from pipelines.demo.render import render_docx, render_html, render_pdf, render_txt
from pipelines.demo.units import PROVINCE, REFORM_YEAR, Unit, build_units

FORMATS = ("txt", "html", "pdf", "docx")
# Share of reports per format (PDF/DOCX are slow to make and to parse: keep them few).
DEFAULT_FORMAT_WEIGHTS = {"txt": 0.505, "html": 0.37, "docx": 0.10, "pdf": 0.025}
FILES_PER_FOLDER = 1000

# Flaw rates per report (the default corpus has ~2,000 reports).
RATE_RULE = 0.015
RATE_MISSING = 0.012
RATE_LATE = 0.03
RATE_JUMP = 0.02
RATE_FAMILY_MISMATCH = 0.04  # 2021/2022 reports printing the 2019 table
RATE_NAME_VARIANT = 0.06
RATE_TRADITIONAL = 0.02
RATE_UNPUBLISHED = 0.04  # units that have not published the latest year's report (缺报)

STD_RULES = ("std.balance", "std.results_sum", "std.applicant_columns_sum", "std.review_sum",
             "std.suit_direct_sum", "std.suit_after_review_sum", "text_vs_table")  # fmt: skip
LEGACY_RULES = ("legacy.requests_channels_sum", "legacy.requests_completed_sum", "legacy.staff_sum",
                "legacy.review_sum", "legacy.suit_sum", "text_vs_table")  # fmt: skip
JUMP_METRICS = {"std2021": "penalty.decisions", "std2019": "penalty.decisions", "legacy": "proactive.total"}


def natural_family(year: int) -> str:
    if year <= 2018:
        return "legacy"
    return "std2019" if year <= 2020 else "std2021"


@dataclass
class Report:
    """Everything decided about one report before it is printed."""

    unit: Unit
    year: int
    family: str
    values: dict[str, float]
    printed_name: str
    published: dt.date | None
    flaws: list[dict] = field(default_factory=list)
    old_variant: bool = False
    text_offset: int = 0  # prose disagrees with the table (flaw text_vs_table)


# ---------------------------------------------------------------------------
# figures and flaws


def _figures(unit: Unit, year: int, family: str, state: figures.UnitState, rng: random.Random, old: bool):
    apps = figures.yearly_applications(state, year, rng)
    posts = figures.social_posts(state, year, rng)
    if family == "legacy":
        values = figures.legacy_values(rng, unit, year, apps, posts, old)
        state.carried_out = None
        state.in_force = None
    elif family == "narrative":
        values = {"requests.received": apps}  # what the prose will talk about, not a table
        state.carried_out = None
    else:
        values = figures.table3(rng, family, apps, state.carried_out)
        values.update(figures.table4(rng, unit, apps))
        if family == "std2021":
            values.update(figures.table2_std2021(rng, unit, state))
        else:
            values.update(figures.table2_std2019(rng, unit, state))
    return values, posts


def _break_rule(values: dict[str, float], family: str, rule: str) -> str | None:
    """Change the printed figures so that exactly ``rule`` fails; return a detail or None."""
    v = values
    if rule == "std.balance":
        v["apply.carried_out.natural"] += 1
        v["apply.carried_out.total"] += 1
        return "结转下年度（自然人、总计）比应有数多1"
    if rule == "std.results_sum":
        for key in ("apply.new.natural", "apply.new.total", "apply.total.natural", "apply.total.total"):
            v[key] += 1
        return "（七）总计（自然人）与各办理结果之和相差1"
    if rule == "std.applicant_columns_sum":
        rows = [r for r in figures.result_rows(family) if v[f"{r}.natural"] >= 1]
        if not rows:
            return None
        v[f"{rows[0]}.natural"] -= 1
        other = next(r for r in figures.result_rows(family) if r != rows[0])
        v[f"{other}.natural"] += 1
        return f"{rows[0]} 与 {other} 两行自然人列各差1，总计列未改"
    for prefix, name in (("std.review_sum", "review"), ("std.suit_direct_sum", "suit.direct"),
                         ("std.suit_after_review_sum", "suit.after_review")):  # fmt: skip
        if rule == prefix:
            v[f"{name}.total"] += 1
            return f"{name} 总计比各结果之和多1"
    legacy = {
        "legacy.requests_channels_sum": "requests.received",
        "legacy.requests_completed_sum": "requests.completed",
        "legacy.staff_sum": "org.staff",
        "legacy.review_sum": "review.total",
        "legacy.suit_sum": "suit.total",
    }
    if rule in legacy:
        key = legacy[rule]
        if key not in v or (rule in ("legacy.review_sum", "legacy.suit_sum") and "review.upheld" not in v):
            return None
        v[key] += 1
        return f"{key} 比分项之和多1"
    return None


def _plan_rule_flaw(report: Report, rng: random.Random) -> None:
    if report.family not in ("legacy", "std2019", "std2021"):
        return
    rules = LEGACY_RULES if report.family == "legacy" else STD_RULES
    rule = rng.choice(rules)
    if rule == "text_vs_table":
        report.text_offset = rng.choice((1, 2, -1)) if report.values.get(_received_key(report), 0) > 2 else 2
        detail: str | None = f"正文所述收到申请数与统计表相差{report.text_offset}"
    else:
        detail = _break_rule(report.values, report.family, rule)
        if detail is None:
            return
    report.flaws.append({"type": "rule", "rule": rule, "detail": detail})


def _received_key(report: Report) -> str:
    return "requests.received" if report.family in ("legacy", "narrative") else "apply.new.total"


# ---------------------------------------------------------------------------
# metadata


def _printed_name(unit: Unit, year: int, rng: random.Random, flaws: list[dict]) -> str:
    name = unit.name_in(year) or unit.new_name
    roll = rng.random()
    if roll < RATE_NAME_VARIANT / 2:
        flaws.append({"type": "name_variant", "detail": "名称前加省名"})
        return PROVINCE + name
    if roll < RATE_NAME_VARIANT and name.startswith(unit.city):
        flaws.append({"type": "name_variant", "detail": "名称中有全角空格"})
        return f"{unit.city}\u3000{name[len(unit.city) :]}"
    return name


def _published(year: int, rng: random.Random, flaws: list[dict], allow_late: bool = True) -> dt.date | None:
    if rng.random() < 0.04:
        return None  # some reports print no date at all
    deadline = dt.date(year + 1, 1, 31) if year + 1 >= 2020 else dt.date(year + 1, 3, 31)
    if rng.random() < RATE_LATE and allow_late:
        day = deadline + dt.timedelta(days=rng.randint(3, 80))
        flaws.append(
            {"type": "late_publication", "detail": f"发布于{day.isoformat()}，晚于{deadline.isoformat()}"}
        )
        return day
    start = dt.date(year + 1, 1, 6)
    return start + dt.timedelta(days=rng.randint(0, (deadline - start).days))


def _style(fmt: str, txt_style: str, rng: random.Random, family: str, year: int) -> Style:
    zeros = ["0", "0", "0", "0", "—", "/"]
    if fmt in ("html", "docx") or (fmt == "txt" and txt_style == "rows"):
        zeros += ["", ""]
    if fmt == "txt" and rng.random() < 0.02:
        zeros = ["? 0"]  # encoding debris of a badly converted page
    return Style(
        fullwidth=rng.random() < 0.06,
        thousands=rng.random() < 0.5,
        zero=rng.choice(zeros),
        title=not (fmt == "txt" and rng.random() < 0.1),
        old_normative_label=family == "std2021" and year <= 2022 and rng.random() < 0.08,
        cite_2019_notice=family == "std2021" and rng.random() < 0.05,
        extension_row=family == "std2021" and rng.random() < 0.03,
        label_note=family == "std2019" and rng.random() < 0.05,
    )


# ---------------------------------------------------------------------------
# the document


def _title(printed: str, year: int, rng: random.Random) -> str:
    return rng.choice(
        [
            f"{printed}{year}年政府信息公开工作年度报告",
            f"{printed}{year}年政府信息公开工作年度报告",
            f"{printed}{year}年度政府信息公开工作年度报告",
            f"{printed}关于{year}年政府信息公开工作的年度报告",
        ]
    )


def build_doc(report: Report, style: Style, posts: tuple[int, int], rng: random.Random) -> tuple[Doc, dict]:
    """Prose + tables of one report; returns the Doc and the narrative.* figures it states."""
    unit, year, v = report.unit, report.year, report.values
    printed = report.printed_name
    doc = Doc(_title(printed, year, rng) if style.title else "", printed, published=report.published)
    short = content.short_name(unit)
    facts: dict[str, float] = {}
    std = report.family in ("std2019", "std2021")
    if report.family == "std2019" or style.cite_2019_notice:
        notice = "国办公开办函〔2019〕60号"
    elif std:
        notice = "国办公开办函〔2021〕30号"
    else:
        notice = None
    doc.p(content.preamble(printed, year, notice, rng, lost_units=bool(doc.title) and rng.random() < 0.02))
    doc.h("一、总体情况" if std else "一、概述")
    proactive = int(v.get("proactive.total", 0)) or round(rng.uniform(60, 2400))
    website = int(v.get("channel.website", 0)) or round(proactive * rng.uniform(0.5, 0.9))
    sentences, got = content.proactive_sentences(rng, year, short, proactive, website)
    if "proactive.total" in v and "narrative.proactive_total" in got:
        got["narrative.proactive_total"] = v["proactive.total"]
    facts.update(got)
    mb_sentences, got = content.social_sentences(rng, year, posts[0], posts[1])
    facts.update(got)
    doc.p("（一）主动公开。" + "".join(sentences + mb_sentences))
    received = int(v[_received_key(report)])
    carried = int(v["apply.carried_in.total"]) if std else None
    # A text_vs_table flaw needs the sentence: the prose must state the (wrong) figure.
    req, got = content.requests_sentences(
        rng, year, short, received + report.text_offset, carried, force=bool(report.text_offset)
    )
    facts.update(got)
    doc.p("（二）依申请公开。" + "".join(req))
    doc.p(
        f"（三）政府信息管理。严格落实公开属性源头认定机制，全年组织政务公开专题培训{rng.randint(1, 6)}次，"
        f"于{year}年{rng.randint(3, 11)}月开展规范性文件清理工作。"
    )
    review = int(v.get("review.total", 0))
    if std:
        suit = int(v["suit.direct.total"] + v["suit.after_review.total"])
    else:
        suit = int(v.get("suit.total", 0))
    if report.family == "narrative":
        review = suit = 0
    rv, got = content.review_sentences(rng, year, short, review, suit)
    if std:
        _std_sections(doc, report, style, rng)
        if rv:
            doc.p("".join(rv))
            facts.update(got)
        content.closing_blocks(doc, rng, year, "五、存在的主要问题及改进情况")
        doc.h("六、其他需要报告的事项")
        doc.p(f"{year}年，{short}未收取信息处理费。本机关无其他需要报告的事项。")
        content.signature(doc, printed, report.published, "cn")
        return doc, facts
    if report.family == "narrative":
        doc.h("二、复议、诉讼情况")
        doc.p("".join(rv) or "无。")
        facts.update(got)
        content.closing_blocks(doc, rng, year, "三、存在的不足及改进措施")
        content.signature(doc, printed, report.published, "cn")
        return doc, facts
    doc.h("二、行政复议和行政诉讼情况")
    doc.p("".join(rv) or "因政府信息公开申请行政复议、提起行政诉讼的情况详见附件统计表。")
    facts.update(got)
    content.closing_blocks(doc, rng, year, "三、存在的不足及改进措施")
    doc.p("附件：政府信息公开情况统计表")
    if report.published:
        doc.p(f"{report.published.year}年{report.published.month}月")
    if report.old_variant:
        doc.table(content.legacy_old_table(v, year, style, rng))
    else:
        doc.table(content.legacy_table(v, year, style, printed))
    footer = f"单位负责人：{rng.choice('王李张刘陈杨赵黄周吴')}{rng.choice('伟敏静磊洋勇军杰娟涛')} 填报人：{rng.choice('徐孙胡朱高林何郭马罗')}{rng.choice('丽强磊超霞平刚桂')}"
    date = ""
    if report.published:
        d = report.published
        date = f" 填报日期：{d.year}.{d.month}.{d.day}"
    doc.p(f"{footer} 联系电话：{rng.randint(80000000, 89999999)}{date}")
    return doc, facts


def _std_sections(doc: Doc, report: Report, style: Style, rng: random.Random) -> None:
    v, family = report.values, report.family
    doc.h("二、主动公开政府信息情况")
    doc.table(content.table2(v, family, style, rng))
    doc.h("三、收到和处理政府信息公开申请情况")
    doc.table(content.table3(v, family, style))
    doc.h("四、政府信息公开行政复议、行政诉讼情况")
    doc.table(content.table4(v, style))


# ---------------------------------------------------------------------------
# files


_TRAD_WORDS = (("文件", "檔案"), ("門戶網站", "入口網站"))


@dataclass
class Rendered:
    data: bytes
    encoding: str
    traditional: bool
    txt_style: str | None


@cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def _to_traditional(text: str) -> str:
    out = _s2t().convert(text)
    for simple, trad in _TRAD_WORDS:
        out = out.replace(simple, trad)
    return out


def _with_pinyin_runs(text: str) -> str:
    """Some mirrors leave pinyin inside words: 數(shù)量, 區(qū)."""
    return text.replace("數量", "數(shù)量").replace("區政府", "區(qū)政府")


def render(doc: Doc, fmt: str, txt_style: str, traditional: bool, rng: random.Random) -> Rendered:
    if fmt == "pdf":
        return Rendered(render_pdf(doc), "", False, None)
    if fmt == "docx":
        return Rendered(render_docx(doc), "", False, None)
    if fmt == "txt":
        text = render_txt(
            doc,
            txt_style,
            split_headers=rng.random() < 0.4,
            chrome=rng.random() < 0.2,
            debris=rng.random() < 0.3,
            flip_t4=rng.random() < 0.1,
        )
        encoding = "utf-8"
        if traditional:
            text = _to_traditional(text)
            text = _with_pinyin_runs(text) if rng.random() < 0.5 else text
        elif rng.random() < 0.1:
            encoding = "gb18030"
        if rng.random() < 0.15:
            text = text.replace("\n", "\r\n")
        bom = b"\xef\xbb\xbf" if encoding == "utf-8" and rng.random() < 0.05 else b""
        return Rendered(bom + text.encode(encoding), encoding, traditional, txt_style)
    gbk = not traditional and rng.random() < 0.3
    charset = rng.choice(["gb2312", "gbk"]) if gbk else "utf-8"
    page = render_html(doc, charset, views=rng.randint(50, 9000), br_headers=rng.random() < 0.3)
    if traditional:
        page = _to_traditional(page)
    if gbk:
        try:
            return Rendered(page.encode("gbk"), "gbk", False, None)
        except UnicodeEncodeError:
            page = page.replace(f"charset={charset}", "charset=utf-8")
    return Rendered(page.encode("utf-8"), "utf-8", traditional, None)


def _pick_format(rng: random.Random, formats: tuple[str, ...], weights: dict[str, float]) -> str:
    return rng.choices(formats, weights=[weights.get(f, 0.01) for f in formats])[0]


def _file_name(
    index: int, fmt: str, doc_title: str, published: dt.date | None, year: int, rng: random.Random
) -> str:
    stamp = (published or dt.date(year + 1, 1, 15)).strftime("%Y%m%d")
    opaque = rng.random() < 0.7 or not doc_title
    if fmt == "html":
        name = f"t{stamp}_{4000000 + index}.html" if opaque else f"{index:06d}_{doc_title}.html"
    elif fmt in ("pdf", "docx"):
        name = f"P0{stamp}{index:07d}.{fmt}" if opaque else f"{doc_title}.{fmt}"
    else:
        name = f"{index:06d}.txt" if opaque else f"{doc_title}.txt"
    return f"reports/{index // FILES_PER_FOLDER:03d}/{name.replace('　', '')}"


class CorpusWriter:
    """Writes files and truth lines as they come (no corpus-wide state in memory)."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.index = 0
        self.truth = (out_dir / "truth.jsonl").open("w", encoding="utf-8", newline="\n")
        self.aliases: list[tuple[str, str, str]] = []
        self.registry: list[dict] = []  # 应报单位名单 (unit_registry.csv)
        self.unreported: list[tuple[str, str, int, str]] = []  # (unit_key, name, year, why): no file

    def write(self, relpath: str, data: bytes, record: dict) -> None:
        path = self.out_dir / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.truth.write(json.dumps({"file": relpath, **record}, ensure_ascii=False) + "\n")
        self.index += 1

    def close(self) -> None:
        self.truth.close()
        with (self.out_dir / "unit_aliases.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(["name", "canonical_name", "note"])
            writer.writerows(self.aliases)
        with (self.out_dir / "unit_registry.csv").open("w", encoding="utf-8", newline="") as fh:
            registry = csv.DictWriter(fh, ["name", "region", "kind", "first_year", "last_year", "note"],
                                      lineterminator="\n")  # fmt: skip
            registry.writeheader()
            registry.writerows(self.registry)
        with (self.out_dir / "unreported.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(["unit_key", "name", "year", "flaw"])
            writer.writerows(self.unreported)


def _unit_reports(
    unit: Unit, years: Iterable[int], seed: int, flaws: bool
) -> Iterable[tuple[Report, tuple[int, int], random.Random]]:
    """The unit's reports in year order, with carried state (continuity) between them."""
    state = figures.initial_state(unit, random.Random(f"{seed}|{unit.key}|init"))
    unit_rng = random.Random(f"{seed}|{unit.key}|plan")
    years = [y for y in years if y >= unit.first_year]
    missing = (
        unit_rng.choice(years[1:-1])
        if flaws and len(years) > 3 and unit_rng.random() < RATE_MISSING * 10
        else None
    )
    # its own random stream, so every other report of the corpus stays byte for byte the same
    unpublished = len(years) > 1 and random.Random(f"{seed}|{unit.key}|unpublished").random() < RATE_UNPUBLISHED
    gap_before: int | None = None
    prev_jump_value: float | None = None
    prev_jump_metric: str | None = None
    for year in years:
        rng = random.Random(f"{seed}|{unit.key}|{year}")
        family = natural_family(year)
        report_flaws: list[dict] = []
        if flaws and year in (2021, 2022) and rng.random() < RATE_FAMILY_MISMATCH:
            family = "std2019"
            report_flaws.append({"type": "family_mismatch", "detail": f"{year}年报告使用2019版表格"})
        old = family == "legacy" and year <= 2013 and rng.random() < 0.35
        if family == "legacy" and unit.profile in ("town", "dept") and rng.random() < 0.06:
            family = "narrative"
        values, posts = _figures(unit, year, family, state, rng, old)
        jump_metric = JUMP_METRICS.get(family)
        this_jump_value = values.get(jump_metric) if jump_metric else None
        if (
            flaws
            and jump_metric
            and jump_metric == prev_jump_metric  # a jump compares the same figure year on year
            and prev_jump_value is not None
            and prev_jump_value >= 20
            and rng.random() < RATE_JUMP
        ):
            values[jump_metric] = prev_jump_value * 10
            report_flaws.append(
                {
                    "type": "jump",
                    "metric": jump_metric,
                    "detail": f"{prev_jump_value:g} → {prev_jump_value * 10:g}（×10）",
                }
            )
            this_jump_value = values[jump_metric]
        prev_jump_value, prev_jump_metric = this_jump_value, jump_metric
        if flaws and year == years[-1] and unpublished:
            continue  # no report for the latest year (yet): a 缺报 of the registry
        if year == missing:
            gap_before = year
            state.carried_out = None if family not in ("std2019", "std2021") else state.carried_out
            continue
        printed = _printed_name(unit, year, rng, report_flaws if flaws else [])
        if not flaws and printed != (unit.name_in(year) or unit.new_name):
            printed = unit.name_in(year) or unit.new_name
        published = _published(year, rng, report_flaws, allow_late=flaws)
        report = Report(unit, year, family, values, printed, published, report_flaws, old)
        if flaws and rng.random() < RATE_RULE:
            _plan_rule_flaw(report, rng)
        if family in ("std2019", "std2021"):
            state.carried_out = {c: int(values[f"apply.carried_out.{c}"]) for c in figures.ORG_COLUMNS}
        if gap_before is not None:
            report.flaws.append({"type": "missing_year", "detail": f"{gap_before}年报告缺失"})
            gap_before = None
        if unit.renamed and year == REFORM_YEAR:
            report.flaws.append({"type": "renamed", "detail": f"原名{unit.old_name}"})
        yield report, posts, rng


def _truth_values(report: Report, facts: dict[str, float]) -> dict[str, float]:
    if report.family == "narrative":
        return dict(facts)
    if report.old_variant:
        keys = [k for _, _, k in content.OLD_ROWS if k]
        table = {k: report.values[k] for k in keys}
    else:
        table = {k: val for k, val in report.values.items()}
    return {**table, **facts}


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _write_report(writer: CorpusWriter, report: Report, posts, rng, formats, weights) -> None:
    fmt = _pick_format(rng, formats, weights)
    txt_style = rng.choice(["rows", "rows", "cells", "paras"])
    style = _style(fmt, txt_style, rng, report.family, report.year)
    traditional = fmt in ("txt", "html") and rng.random() < RATE_TRADITIONAL
    doc, facts = build_doc(report, style, posts, rng)
    values = _truth_values(report, facts)
    declared = {f["rule"] for f in report.flaws if f["type"] == "rule"}
    actual = broken_rules(values, report.family)
    if actual != declared:  # a generator bug, never a property of the corpus
        raise AssertionError(f"{report.unit.key} {report.year}: rules broken {actual}, declared {declared}")
    rendered = render(doc, fmt, txt_style, traditional, rng)
    unit_printed = _to_traditional(report.printed_name) if rendered.traditional else report.printed_name
    relpath = _file_name(writer.index, fmt, doc.title, report.published, report.year, rng)
    if rendered.traditional and "/" in relpath:
        relpath = relpath.rsplit("/", 1)[0] + "/" + _to_traditional(relpath.rsplit("/", 1)[1])
    writer.write(
        relpath,
        rendered.data,
        {
            "is_report": True,
            "unit": unit_printed,
            "unit_key": report.unit.key,
            "canonical_name": report.unit.new_name,
            "kind": report.unit.kind,
            "province": PROVINCE,
            "city": report.unit.city,
            "county": report.unit.county,
            "year": report.year,
            "family": report.family,
            "format": fmt,
            "txt_style": rendered.txt_style,
            "encoding": rendered.encoding,
            "traditional": rendered.traditional,
            "published_on": report.published.isoformat() if report.published else None,
            "values": {k: _number(val) for k, val in values.items()},
            "flaws": report.flaws,
        },
    )


def _non_reports(writer: CorpusWriter, seed: int, formats: tuple[str, ...]) -> None:
    """Files that are not reports at all: a meeting notice and binary junk named .txt."""
    rng = random.Random(f"{seed}|junk")
    notice = (
        "关于召开全市政务公开工作推进会的通知\n\n各县、区人民政府，市各有关部门：\n"
        "为贯彻落实《中华人民共和国政府信息公开条例》，做好2024年政府信息公开工作年度报告编制发布工作，"
        "经研究，决定召开全市政务公开工作推进会。现将有关事项通知如下：\n"
        "一、会议时间\n2025年1月8日（星期三）上午9:00，会期半天。\n"
        "二、会议地点\n市行政中心1号楼3楼第2会议室。\n"
        "三、参会人员\n各县（区）政府办分管负责同志，市各部门政务公开工作负责人，共计约60人。\n"
        "四、其他事项\n请于1月6日前将参会回执报市政府办公室政务公开科，联系电话：0527-84368255。\n\n"
        "宿迁市人民政府办公室\n2024年12月30日\n"
    )
    record: dict[str, object] = {"is_report": False, "unit": None, "unit_key": None, "year": None,
                                 "family": None, "encoding": "", "traditional": False, "published_on": None,
                                 "values": {}}  # fmt: skip
    writer.write("reports/000/关于召开全市政务公开工作推进会的通知.txt", notice.encode("utf-8"),
                 {**record, "format": "txt", "encoding": "utf-8",
                  "flaws": [{"type": "not_report", "detail": "会议通知，不是年度报告"}]})  # fmt: skip
    writer.write("reports/000/附件2.txt", rng.randbytes(4096),
                 {**record, "format": "txt", "flaws": [{"type": "not_report", "detail": "二进制乱码"}]})  # fmt: skip
    if "html" in formats:
        page = (
            '<html><head><meta charset="utf-8"><title>政府信息公开年报_宿迁市人民政府</title></head><body>'
            "<ul><li><a href='t1.html'>宿迁市生态环境局2023年政府信息公开工作年度报告</a> 2024-01-20</li>"
            "<li><a href='t2.html'>宿迁市教育局2023年政府信息公开工作年度报告</a> 2024-01-18</li></ul>"
            "<div>字号：大 中 小 打印本页</div></body></html>"
        )
        writer.write("reports/000/index_2.html", page.encode("utf-8"),
                     {**record, "format": "html", "encoding": "utf-8",
                      "flaws": [{"type": "not_report", "detail": "年报列表页"}]})  # fmt: skip


def generate_corpus(
    out_dir: Path,
    units: int = 150,
    years: range = range(2012, 2026),
    formats: tuple[str, ...] = FORMATS,
    seed: int = 7,
    flaws: bool = True,
    format_weights: dict[str, float] | None = None,
) -> Path:
    """Write the corpus into ``out_dir`` (reports/…, truth.jsonl, unit_aliases.csv).

    Returns the path of truth.jsonl. Deterministic: the same arguments give the same bytes.
    """
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s) {sorted(unknown)}; choose from {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    weights = format_weights or DEFAULT_FORMAT_WEIGHTS
    writer = CorpusWriter(out_dir)
    try:
        if flaws:
            _non_reports(writer, seed, formats)
        for unit in build_units(units):
            written = set()
            for report, posts, rng in _unit_reports(unit, years, seed, flaws):
                _write_report(writer, report, posts, rng, formats, weights)
                written.add(report.year)
            due = [y for y in years if y >= unit.first_year]
            if due:
                writer.registry.append(_registry_row(unit, due[0]))
            for year in due:
                if year not in written:
                    why = "latest_unpublished" if year == due[-1] else "missing_year"
                    writer.unreported.append((unit.key, unit.name_in(year) or unit.new_name, year, why))
            if (
                unit.renamed
                and unit.old_name
                and any(y < REFORM_YEAR for y in years)
                and any(y >= REFORM_YEAR for y in years)
            ):
                writer.aliases.append((unit.old_name, unit.new_name, "示例数据：2019年机构改革更名"))
    finally:
        writer.close()
    return out_dir / "truth.jsonl"


def _registry_row(unit: Unit, first_year: int) -> dict:
    """The unit's line in the demo's 应报单位名单: current name, region, kind, first year."""
    region = PROVINCE + unit.city + (unit.county or "")
    kind = {"government": "政府", "department": "部门"}.get(unit.kind, "其他")
    note = "示例数据" + ("：2019年机构改革新设" if unit.old_name is None else "")
    return {"name": unit.new_name, "region": region, "kind": kind, "first_year": first_year,
            "last_year": "", "note": note}  # fmt: skip


def read_truth(corpus: Path) -> Iterable[dict]:
    """The truth records of a corpus, one at a time."""
    with (Path(corpus) / "truth.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def _parse_years(text: str) -> range:
    start, _, end = text.partition("-")
    return range(int(start), int(end or start) + 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.demo.generate", description="生成示例数据语料（含 truth.jsonl）"
    )
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--units", type=int, default=150)
    parser.add_argument("--years", default="2012-2025", help="e.g. 2012-2025")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: txt,html,pdf,docx")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-flaws", action="store_true")
    args = parser.parse_args(argv)
    try:
        formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
        truth = generate_corpus(
            args.out, args.units, _parse_years(args.years), formats, args.seed, not args.no_flaws
        )
    except (ValueError, OSError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    count = sum(1 for _ in truth.open(encoding="utf-8"))
    print(f"已生成 {count} 个文件：{args.out}（{truth.name}）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
