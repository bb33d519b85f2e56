"""Wording of the reports: titles, sections, prose with its traps, and the tables.

``build_std`` / ``build_legacy`` / ``build_narrative`` return a :class:`Doc` plus the
``narrative.*`` figures the prose states (exactly those, nothing approximate).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from pipelines.demo.doc import Doc, Table, TCell
from pipelines.demo.figures import ORG_COLUMNS, result_rows
from pipelines.demo.units import Unit

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass
class Style:
    """How one report prints its figures (chosen per report by the generator)."""

    fullwidth: bool = False  # １２３
    thousands: bool = False  # 1,234
    zero: str = "0"  # how a std table prints zero: 0 | '' | — | / | -
    title: bool = True
    old_normative_label: bool = False  # a std2021 table keeping 规范性文件
    cite_2019_notice: bool = False  # std2021 table, preamble cites 〔2019〕60号
    extension_row: bool = False  # provincial extra row 其他主动公开文件 in table 2
    label_note: bool = False  # std2019 header with a note containing numbers


def fmt(value: float, style: Style, *, blank_zero: bool = True) -> str:
    """A figure as the report prints it; the truth keeps the number."""
    if value == 0 and blank_zero:
        return style.zero.translate(_FULLWIDTH) if style.fullwidth else style.zero
    if float(value).is_integer():
        text = f"{int(value):,}" if style.thousands and abs(value) >= 1000 else str(int(value))
    else:
        text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text.translate(_FULLWIDTH) if style.fullwidth else text


def short_name(unit: Unit) -> str:
    """How the prose refers to itself: 本机关 / 我局 / 我镇 …"""
    name = unit.new_name
    for ending, short in (("镇人民政府", "我镇"), ("乡人民政府", "我乡"), ("街道办事处", "我街道"),
                          ("委员会", "我委"), ("局", "我局"), ("办公室", "我办")):  # fmt: skip
        if name.endswith(ending):
            return short
    if unit.profile == "city_gov":
        return "我市"
    if unit.profile == "county_gov":
        return "我区" if (unit.county or "").endswith("区") else "我县"
    return "本机关"


def _phone(rng: random.Random) -> str:
    return f"0527-{rng.randint(8000, 8899)}{rng.randint(1000, 9999)}"


def preamble(
    unit_name: str, year: int, notice: str | None, rng: random.Random, *, lost_units: bool = False
) -> str:
    """Opening paragraph: legal basis, who compiled it, 统计期限, where to ask (phone, postcode)."""
    if notice:
        basis = (
            "《中华人民共和国政府信息公开条例》（国务院令第711号，以下简称《条例》）和"
            "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
            f"（{notice}）"
        )
    else:
        basis = "《中华人民共和国政府信息公开条例》（国务院令第492号，以下简称《条例》）"
    contact = "本机关" if unit_name.endswith("办公室") else f"{unit_name}办公室"
    # Some dumps lose the 年/月 of dates (自20221月1日起): the year must come from elsewhere.
    period = (
        f"自{year}1月1日起至{year}12月31日止" if lost_units else f"自{year}年1月1日起至{year}年12月31日止"
    )
    return (
        f"本报告根据{basis}要求，由{unit_name}编制。本报告所列数据的统计期限{period}。"
        f"本报告电子版可在“宿迁市人民政府”门户网站（www.suqian.gov.cn）查阅或下载。如对本报告有任何疑问，"
        f"请与{contact}联系（地址：宿迁市宿城区洪泽湖路{rng.randint(8, 188)}号{rng.randint(1, 12)}0{rng.randint(1, 9)}室；"
        "邮编：223800；"
        f"联系电话：{_phone(rng)}）。"
    )


# ---------------------------------------------------------------------------
# Prose figures: each helper returns sentences and the narrative.* figures they state.


def social_sentences(
    rng: random.Random, year: int, microblog: int, wechat: int, *, offset: int = 0
) -> tuple[list[str], dict[str, float]]:
    """微博 / 微信 sentences. ``offset`` makes the microblog figure disagree with the table."""
    out: list[str] = []
    facts: dict[str, float] = {}
    mb = microblog + offset if microblog else 0
    if mb and wechat and rng.random() < 0.25:
        if offset:  # a planted disagreement needs its microblog count stated alone
            out.append(f"政务微博全年发布信息{mb}条。政务微信公众号全年推送信息{wechat}条。")
            facts["narrative.wechat_posts"] = wechat
            facts["narrative.microblog_posts"] = mb
        else:
            # "respectively" pairing, 微信 first, 微博 second: a list of outlets — no channel's
            # figure under the convention of 15:00 (docs/reports.md)
            out.append(f"政务微信和政务微博全年分别发布信息{wechat}条、{mb}条，及时传递权威声音。")
    else:
        if mb and rng.random() < 0.85:
            account = rng.choice(["政务微博", "“宿迁发布”政务微博", "官方微博"])
            out.append(f"充分发挥政务新媒体作用，{account}全年发布信息{mb}条。")
            facts["narrative.microblog_posts"] = mb
        if wechat and rng.random() < 0.7:
            out.append(f"政务微信公众号全年推送信息{wechat}条，阅读量稳步提升。")
            facts["narrative.wechat_posts"] = wechat
    if mb and rng.random() < 0.5:
        cumulative = mb * rng.randint(4, 9) + rng.randint(0, 999)
        out.append(
            f"截至{year}年底，政务微博开通以来累计发布信息{cumulative}条，粉丝{rng.randint(2000, 90000)}人。"
        )
    if wechat and rng.random() < 0.3:
        out.append(f"政务微信公众号订阅数为{rng.randint(1500, 60000)}，较上年增长{rng.randint(3, 40)}%。")
    return out, facts


def proactive_sentences(
    rng: random.Random, year: int, short: str, total: int, website: int
) -> tuple[list[str], dict]:
    facts: dict[str, float] = {}
    out = [f"{year}年，{short}坚持以公开为常态、不公开为例外，扎实推进决策、执行、管理、服务、结果公开。"]
    if rng.random() < 0.6:
        out.append(
            f"全年主动公开政府信息{total}条，其中机构职能、政策文件、财政资金等重点领域信息{rng.randint(5, 90)}余条。"
        )
        facts["narrative.proactive_total"] = total
    else:
        approx = rng.choice(["{n}余条", "{n}多条", "近{n}条", "近{n}余条"]).format(n=round(total, -1) or 10)
        out.append(f"全年主动公开政府信息{approx}，公开内容进一步丰富。")
    if website and rng.random() < 0.5:
        out.append(
            f"全年在政府门户网站发布信息{website}条，开通至今访问总量为{rng.randint(100000, 2000000)}次。"
        )
        facts["narrative.website_posts"] = website
    if rng.random() < 0.4:
        out.append(f"全年办理12345政务服务便民热线工单{rng.randint(300, 9000)}件，按时办结率100%。")
    return out, facts


def requests_sentences(
    rng: random.Random, year: int, short: str, received: int, carried_in: int | None, *, force: bool = False
) -> tuple[list[str], dict]:
    """The 依申请公开 sentence; ``force`` states the figure even where reports often leave it out."""
    facts: dict[str, float] = {}
    if rng.random() < 0.15 and not force:  # some reports leave it to the table
        return [f"{short}严格按照《条例》规定的程序和时限办理政府信息公开申请。"], facts
    if received == 0:
        text = rng.choice(["未接到政府信息公开申请", "未收到政府信息公开申请"])
        facts["narrative.requests_received"] = 0
        return [f"{year}年，{short}{text}，未产生相关的人员、信息和诉讼费用。"], facts
    facts["narrative.requests_received"] = received
    carry = f"，办理上年结转申请{carried_in}件" if carried_in else ""
    verb = rng.choice(["共收到政府信息公开申请", "共新收政府信息公开申请", "共受理政府信息公开申请"])
    text = f"{year}年，{short}{verb}{received}件{carry}，均在法定期限内予以答复。"
    if rng.random() < 0.3:
        text += f"申请数量较{year - 1}年{rng.choice(['有所增加', '有所回落'])}。"
    return [text], facts


def review_sentences(
    rng: random.Random, year: int, short: str, review: int, suit: int
) -> tuple[list[str], dict]:
    if rng.random() < 0.3:
        return [], {}
    if review == 0 and suit == 0:
        return [f"{year}年，{short}未发生因政府信息公开引起的行政复议和行政诉讼案件。"], {
            "narrative.review_cases": 0,
            "narrative.suit_cases": 0,
        }
    return [f"{year}年，{short}因政府信息公开被申请行政复议{review}件，被提起行政诉讼{suit}件。"], {
        "narrative.review_cases": review,
        "narrative.suit_cases": suit,
    }


def closing_blocks(doc: Doc, rng: random.Random, year: int, heading: str) -> None:
    doc.h(heading)
    doc.p(
        f"{year}年，政府信息公开工作取得了一定成效，但也存在一些不足：一是政策解读形式还不够丰富；"
        f"二是公开内容的规范性有待进一步提高。下一步，将按照《条例》和上级部署，"
        f"结合宿政办发〔{year + 1}〕{rng.randint(2, 60)}号文件要求，持续深化重点领域信息公开。"
    )


def signature(doc: Doc, printed: str, published: dt.date | None, style: str) -> None:
    if published is None:
        doc.sig(printed)
        return
    date = {
        "cn": f"{published.year}年{published.month}月{published.day}日",
        "dash": published.isoformat(),
        "dot": f"{published.year}.{published.month}.{published.day}",
    }[style]
    doc.sig(f"{printed}\n{date}")


# ---------------------------------------------------------------------------
# std tables


def _h(text: str, rowspan: int = 1, colspan: int = 1) -> TCell:
    return TCell(text, rowspan, colspan, header=True)


def _v(value: float, style: Style, colspan: int = 1) -> TCell:
    return TCell(fmt(value, style), 1, colspan)


def table2(values: dict[str, float], family: str, style: Style, rng: random.Random) -> Table:
    v = values
    rows: list[list[TCell]] = [[_h("第二十条第（一）项", colspan=4)]]
    if family == "std2021":
        normative = "规范性文件" if style.old_normative_label else "行政规范性文件"
        rows.append([_h("信息内容"), _h("本年制发件数"), _h("本年废止件数"), _h("现行有效件数")])
        rows.append(
            [TCell("规章")] + [_v(v[f"rules.{k}"], style) for k in ("issued", "repealed", "in_force")]
        )
        rows.append(
            [TCell(normative)] + [_v(v[f"normative.{k}"], style) for k in ("issued", "repealed", "in_force")]
        )
        if style.extension_row:
            rows.append([TCell("其他主动公开文件")] + [_v(rng.randint(0, 40), style) for _ in range(3)])
        for section, items in (("（五）", (("行政许可", "licensing"),)),
                               ("（六）", (("行政处罚", "penalty"), ("行政强制", "coercion")))):  # fmt: skip
            rows.append([_h(f"第二十条第{section}项", colspan=4)])
            rows.append([_h("信息内容"), _h("本年处理决定数量", colspan=3)])
            for label, key in items:
                rows.append([TCell(label), _v(v[f"{key}.decisions"], style, 3)])
        rows.append([_h("第二十条第（八）项", colspan=4)])
        rows.append([_h("信息内容"), _h("本年收费金额（单位：万元）", colspan=3)])
        rows.append([TCell("行政事业性收费"), _v(v["fees.amount"], style, 3)])
        return Table(rows, 4, "t2")
    change = "本年增/减（如-8）" if style.label_note else "本年增/减"
    rows.append([_h("信息内容"), _h("本年新制作数量"), _h("本年新公开数量"), _h("对外公开总数量")])
    rows.append([TCell("规章")] + [_v(v[f"rules.{k}"], style) for k in ("made", "published", "public_total")])
    rows.append(
        [TCell("规范性文件")]
        + [_v(v[f"normative.{k}"], style) for k in ("made", "published", "public_total")]
    )
    for section, items in (("（五）", (("行政许可", "licensing"), ("其他对外管理服务事项", "other_services"))),
                           ("（六）", (("行政处罚", "penalty"), ("行政强制", "coercion")))):  # fmt: skip
        rows.append([_h(f"第二十条第{section}项", colspan=4)])
        rows.append([_h("信息内容"), _h("上一年项目数量"), _h(change), _h("处理决定数量")])
        for label, key in items:
            rows.append(
                [TCell(label)] + [_v(v[f"{key}.{k}"], style) for k in ("prev_items", "change", "decisions")]
            )
    rows.append([_h("第二十条第（八）项", colspan=4)])
    rows.append([_h("信息内容"), _h("上一年项目数量"), _h(change, colspan=2)])
    rows.append([TCell("行政事业性收费"), _v(v["fees.prev_items"], style), _v(v["fees.change"], style, 2)])
    rows.append([_h("第二十条第（九）项", colspan=4)])
    rows.append([_h("信息内容"), _h("采购项目数量"), _h("采购总金额（万元）", colspan=2)])
    rows.append(
        [TCell("政府集中采购"), _v(v["procurement.projects"], style), _v(v["procurement.amount"], style, 2)]
    )
    return Table(rows, 4, "t2")


_ROW_LABELS = {
    "apply.granted": "（一）予以公开",
    "apply.partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "apply.denied.state_secret": "1.属于国家秘密",
    "apply.denied.law_prohibited": "2.其他法律行政法规禁止公开",
    "apply.denied.security": "3.危及“三安全一稳定”",
    "apply.denied.third_party": "4.保护第三方合法权益",
    "apply.denied.internal": "5.属于三类内部事务信息",
    "apply.denied.process": "6.属于四类过程性信息",
    "apply.denied.enforcement": "7.属于行政执法案卷",
    "apply.denied.query": "8.属于行政查询事项",
    "apply.unable.not_held": "1.本机关不掌握相关政府信息",
    "apply.unable.needs_creation": "2.没有现成信息需要另行制作",
    "apply.unable.unclear": "3.补正后申请内容仍不明确",
    "apply.unprocessed.petition": "1.信访举报投诉类申请",
    "apply.unprocessed.repeat": "2.重复申请",
    "apply.unprocessed.publication": "3.要求提供公开出版物",
    "apply.unprocessed.excessive": "4.无正当理由大量反复申请",
    "apply.unprocessed.confirm": "5.要求行政机关确认或重新出具已获取信息",
    "apply.other": "（六）其他处理",
    "apply.other.no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "apply.other.no_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "apply.other.other": "3.其他",
    "apply.total": "（七）总计",
}
_GROUPS = {"apply.denied": "（三）不予公开", "apply.unable": "（四）无法提供",
           "apply.unprocessed": "（五）不予处理", "apply.other": "（六）其他处理"}  # fmt: skip


def table3(values: dict[str, float], family: str, style: Style) -> Table:
    cols = [*ORG_COLUMNS, "total"]

    def nums(prefix: str) -> list[TCell]:
        return [_v(values[f"{prefix}.{c}"], style) for c in cols]

    rows: list[list[TCell]] = [
        [
            _h("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
            _h("申请人情况", colspan=7),
        ],
        [_h("自然人", rowspan=2), _h("法人或其他组织", colspan=5), _h("总计", rowspan=2)],
        [_h("商业企业"), _h("科研机构"), _h("社会公益组织"), _h("法律服务机构"), _h("其他")],
        [TCell("一、本年新收政府信息公开申请数量", colspan=3), *nums("apply.new")],
        [TCell("二、上年结转政府信息公开申请数量", colspan=3), *nums("apply.carried_in")],
    ]
    results = [*result_rows(family), "apply.total"]
    first = True
    seen_groups: set[str] = set()
    for key in results:
        row: list[TCell] = []
        if first:
            row.append(TCell("三、本年度办理结果", rowspan=len(results)))
            first = False
        group = next((g for g in _GROUPS if key.startswith(g + ".")), None)
        if group and not (group == "apply.other" and family == "std2019"):
            if group not in seen_groups:
                size = sum(1 for k in results if k.startswith(group + "."))
                row.append(TCell(_GROUPS[group], rowspan=size))
                seen_groups.add(group)
            row.append(TCell(_ROW_LABELS[key]))
        else:
            row.append(TCell(_ROW_LABELS[key], colspan=2))
        rows.append(row + nums(key))
    rows.append([TCell("四、结转下年度继续办理", colspan=3), *nums("apply.carried_out")])
    return Table(rows, 10, "t3")


def table4(values: dict[str, float], style: Style) -> Table:
    outcomes = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    rows = [
        [_h("行政复议", colspan=5), _h("行政诉讼", colspan=10)],
        [
            *(_h(o, rowspan=2) for o in outcomes),
            _h("未经复议直接起诉", colspan=5),
            _h("复议后起诉", colspan=5),
        ],
        [*(_h(o) for o in outcomes), *(_h(o) for o in outcomes)],
        [
            _v(values[f"{g}.{o}"], style)
            for g in ("review", "suit.direct", "suit.after_review")
            for o in ("upheld", "corrected", "other", "pending", "total")
        ],
    ]
    return Table(rows, 15, "t4")


# ---------------------------------------------------------------------------
# legacy tables

# (label, unit, metric key or None for a section row, first year the row exists)
LEGACY_ROWS: tuple[tuple[str, str, str | None, int], ...] = (
    ("一、主动公开情况", "", None, 0),
    ("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", "proactive.total", 0),
    ("其中：主动公开规范性文件数", "条", "proactive.normative", 0),
    ("制发规范性文件总数", "件", "normative.made_total", 0),
    ("（二）重点领域公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", "key_areas.total", 0),
    ("其中：主动公开财政预算决算、“三公”经费和行政经费信息数", "条", "key_areas.budget", 0),
    (
        "主动公开保障性安居工程建设计划、项目开工和竣工情况，保障性住房的分配和退出等信息数",
        "条",
        "key_areas.housing",
        0,
    ),
    ("主动公开食品安全标准，食品生产经营许可、专项检查整治等信息数", "条", "key_areas.food_safety", 0),
    ("主动公开环境核查审批、环境状况公报和重特大突发环境事件等信息数", "条", "key_areas.environment", 0),
    (
        "主动公开招投标违法违规行为及处理情况、国有资金占控股或者主导地位依法应当招标的项目等信息数",
        "条",
        "key_areas.bidding",
        0,
    ),
    (
        "主动公开生产安全事故的政府举措、处置进展、风险预警、防范措施等信息数",
        "条",
        "key_areas.work_safety",
        0,
    ),
    (
        "主动公开农用地转为建设用地批准、征收集体土地批准、征地公告、征地补偿安置公示、集体土地征收结案等信息数",
        "条",
        "key_areas.land",
        0,
    ),
    (
        "主动公开政府指导价、政府定价和收费标准调整的项目、价格、依据、执行时间和范围等信息数",
        "条",
        "key_areas.prices",
        0,
    ),
    ("主动公开本市企业信用信息系统中的警示信息和良好信息等信息数", "条", "key_areas.credit", 0),
    ("主动公开政府部门预算执行审计结果等信息数", "条", "key_areas.audit", 0),
    (
        "主动公开行政机关对与人民群众利益密切相关的公共企事业单位进行监督管理的信息数",
        "条",
        "key_areas.public_enterprises",
        0,
    ),
    ("主动公开市人民政府决定主动公开的其他信息数", "条", "key_areas.other", 0),
    ("（三）通过不同渠道和方式公开政府信息的情况", "", None, 0),
    ("1.政府公报公开政府信息数", "条", "channel.gazette", 0),
    ("2.政府网站公开政府信息数", "条", "channel.website", 0),
    ("3.政务微博公开政府信息数", "条", "channel.microblog", 0),
    ("4.政务微信公开政府信息数", "条", "channel.wechat", 2014),
    ("5.其他方式公开政府信息数", "条", "channel.other", 0),
    ("二、回应解读情况", "", None, 2016),
    (
        "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）",
        "次",
        "response.hotspots",
        2016,
    ),
    ("（二）通过不同渠道和方式回应解读的情况", "", None, 2016),
    ("1.参加或举办新闻发布会总次数", "次", "response.press_conferences", 2016),
    ("其中：主要负责同志参加新闻发布会次数", "次", "response.press_conferences_heads", 2016),
    ("2.政府网站在线访谈次数", "次", "response.interviews", 2016),
    ("其中：主要负责同志参加政府网站在线访谈次数", "次", "response.interviews_heads", 2016),
    ("3.政策解读稿件发布数", "篇", "response.interpretations", 2016),
    ("4.微博微信回应事件数", "次", "response.social_media", 2016),
    ("5.其他方式回应事件数", "次", "response.other", 2016),
    ("#、依申请公开情况", "", None, 0),
    ("（一）收到申请数", "件", "requests.received", 0),
    ("1.当面申请数", "件", "requests.in_person", 0),
    ("2.传真申请数", "件", "requests.fax", 0),
    ("3.网络申请数", "件", "requests.online", 0),
    ("4.信函申请数", "件", "requests.letter", 0),
    ("（二）申请办结数", "件", "requests.completed", 0),
    ("1.按时办结数", "件", "requests.on_time", 0),
    ("2.延期办结数", "件", "requests.extended", 0),
    ("（三）申请答复数", "件", "requests.answered", 0),
    ("1.属于已主动公开范围数", "件", "requests.already_public", 0),
    ("2.同意公开答复数", "件", "requests.granted", 0),
    ("3.同意部分公开答复数", "件", "requests.partial", 0),
    ("4.不同意公开答复数", "件", "requests.denied", 0),
    ("其中：涉及国家秘密", "件", "requests.denied.state_secret", 0),
    ("涉及商业秘密", "件", "requests.denied.commercial_secret", 0),
    ("涉及个人隐私", "件", "requests.denied.privacy", 0),
    ("危及国家安全、公共安全、经济安全和社会稳定", "件", "requests.denied.security", 0),
    ("不是《条例》所指政府信息", "件", "requests.denied.not_gov_info", 0),
    ("法律法规规定的其他情形", "件", "requests.denied.other_law", 0),
    ("5.不属于本行政机关公开数", "件", "requests.not_this_agency", 0),
    ("6.申请信息不存在数", "件", "requests.not_exist", 0),
    ("7.告知作出更改补充数", "件", "requests.amend", 0),
    ("8.告知通过其他途径办理数", "件", "requests.other_route", 0),
    ("#、行政复议数量", "件", "review.total", 0),
    ("（一）维持具体行政行为数", "件", "review.upheld", 0),
    ("（二）被依法纠错数", "件", "review.corrected", 0),
    ("（三）其他情形数", "件", "review.other", 0),
    ("#、行政诉讼数量", "件", "suit.total", 0),
    ("（一）维持具体行政行为或者驳回原告诉讼请求数", "件", "suit.upheld", 0),
    ("（二）被依法纠错数", "件", "suit.corrected", 0),
    ("（三）其他情形数", "件", "suit.other", 0),
    ("#、举报投诉数量", "件", "complaints.total", 0),
    ("#、依申请公开信息收取的费用", "万元", "fees_legacy.amount", 0),
    ("#、机构建设和保障经费情况", "", None, 0),
    ("（一）政府信息公开工作专门机构数", "个", "org.dedicated_bodies", 0),
    ("（二）设置政府信息公开查阅点数", "个", "org.reading_points", 0),
    ("（三）从事政府信息公开工作人员数", "人", "org.staff", 0),
    ("1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", "org.staff_fulltime", 0),
    ("2.兼职人员数", "人", "org.staff_parttime", 0),
    (
        "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
        "万元",
        "org.budget",
        0,
    ),
    ("#、政府信息公开会议和培训情况", "", None, 0),
    ("（一）召开政府信息公开工作会议或专题会议数", "次", "training.meetings", 0),
    ("（二）举办各类培训班数", "次", "training.classes", 0),
    ("（三）接受培训人员数", "人次", "training.trainees", 0),
)
_CN_NUM = "一二三四五六七八九十"

# The older (2008–2013 local) variant: 代码 column, 本期实际 | 本年累计, older labels and a
# few rows without a metric key (their numbers are not figures of the contract).
OLD_ROWS: tuple[tuple[str, str, str | None], ...] = (
    ("主动公开信息数", "条", "proactive.total"),
    ("网站专栏页面访问量", "人次", None),
    ("咨询电话接听数", "人次", None),
    ("申请总数", "条", "requests.received"),
    ("其中：1.当面申请数", "条", "requests.in_person"),
    ("2.传真申请数", "条", "requests.fax"),
    ("3.电子邮件申请数", "条", "requests.email"),
    ("4.网上申请数", "条", "requests.online"),
    ("5.信函申请数", "条", "requests.letter"),
    ("6.其他形式申请数", "条", "requests.other_channel"),
    ("对申请的答复总数", "条", "requests.answered"),
    ("其中：1.同意公开答复数", "条", "requests.granted"),
    ("2.同意部分公开答复数", "条", "requests.partial"),
    ("3.否决公开答复总数", "条", "requests.denied"),
    ("行政复议数", "件", "review.total"),
    ("行政诉讼数", "件", "suit.total"),
)


def legacy_table(values: dict[str, float], year: int, style: Style, unit_name: str) -> Table:
    rows: list[list[TCell]] = [
        [_h("政府信息公开情况统计表", colspan=3)],
        [_h(f"（{year}年度）", colspan=3)],
        [TCell(f"填报单位（盖章）：{unit_name}", colspan=3)],
        [_h("统 计 指 标"), _h("单位"), _h("统计数")],
    ]
    section = 0
    for label, unit, key, since in LEGACY_ROWS:
        if since > year:
            continue
        if label.startswith(("一、", "二、", "#、")):
            section += 1
            label = f"{_CN_NUM[section - 1]}、{label.split('、', 1)[1]}"
        if key is None:
            rows.append([TCell(label, colspan=3)])
        else:
            rows.append([TCell(label), TCell(unit), TCell(fmt(values[key], style, blank_zero=False))])
    return Table(rows, 3, "legacy")


def legacy_old_table(values: dict[str, float], year: int, style: Style, rng: random.Random) -> Table:
    rows: list[list[TCell]] = [
        [_h(f"宿迁市政府信息公开情况统计报表（{year}年度）", colspan=5)],
        [_h("指 标 名 称"), _h("计量单位"), _h("代码"), _h("本期实际"), _h("本年累计")],
        [_h("甲"), _h("乙"), _h("丙"), _h("1"), _h("2")],
    ]
    for code, (label, unit, key) in enumerate(OLD_ROWS, start=1):
        value = values[key] if key else rng.randint(50, 9000)
        text = fmt(value, style, blank_zero=False)
        rows.append([TCell(label), TCell(unit), TCell(f"{code:02d}"), TCell(text), TCell(text)])
    return Table(rows, 5, "legacy")
