"""Placement: whose report is this, and for which year — from all the evidence, not the first match.

Real pages rarely print a clean title line. Every place that names the unit or the year
gives a :class:`Candidate` with its evidence line and a confidence:

  unit   title (also split over lines, also 关于…的报告) · 编制 sentence (由…编制) ·
         特编制/现公布 … 报告 · 填报单位 · cover block · opening sentence (2022年，某某局认真…)
         · signature at the end · HTML <title>, <h1>, meta tags · contact / address lines ·
         file name · folder / zip path · the officer's manifest or --unit
  year   统计期限 · title · report name anywhere (特编制2017年度…报告) · opening
         (2022年，…) · table caption · file name · folder · manifest or --year · and, as weak
         evidence only, the publication date (a report is published early the next year)

Candidates naming the same body are merged (建新镇 · 遂溪县建新镇人民政府: the fuller name
is shown) and their confidences combined; a unit or year is taken when its merged confidence
reaches :data:`CERTAIN` and no other candidate is as strong. Otherwise the report is not
placed: it is kept with its ranked candidates for the officer (unplaced_reports), never
guessed and never thrown away.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice
from typing import NamedTuple

from pipelines.extract.normtext import convert_traditional, nfkc, strip_pinyin
from pipelines.model import Candidate, Document, Line, Placement, PlacementHints
from pipelines.normalize import meta as m
from pipelines.normalize.prefilter import needing
from pipelines.normalize.tokens import compact, remember

CERTAIN = 0.7  # merged confidence from which a unit or a year is taken
_CLEARLY = 0.9  # below it, a disagreeing reading of _DOUBT or more leaves the report unplaced
_DOUBT = 0.5
_EVIDENCE_CHARS = 80

# Confidence of one reading, by where it was read.
CONFIDENCE = {
    "manifest": 1.0,
    "command line": 1.0,
    "officer": 1.0,
    "title": 0.95,
    "统计期限 sentence": 0.95,
    "填报单位 line": 0.9,
    "编制 sentence": 0.9,
    "report name in the text": 0.85,
    "document title": 0.85,
    "page heading": 0.85,
    "file name": 0.85,
    "cover": 0.8,
    "header line": 0.6,
    "signature": 0.8,
    "table caption": 0.8,
    "opening sentence": 0.75,
    "page metadata": 0.6,
    "site name": 0.4,
    "download site": 0.4,
    "own document": 0.45,
    "folder": 0.6,
    "contact line": 0.45,
    "self-reference": 0.5,
    "named in the text": 0.5,
    "publication date": 0.5,
    "work year": 0.8,
}

# ---------------------------------------------------------------------------
# Unit readings

# (state farms and public schools publish reports of their own: '第六师芳草湖农场2024年…' zzzr9902, '园艺场' t2326,
# '太和中学2020年…' zzzn9532 — by their kind alone they name none, _KIND_ONLY_NAME)
_FARM_OR_SCHOOL = r"农场|林场|牧场|园艺场|中学|小学|学校"
_UNIT_END = (
    r"(?:人民政府办公室|人民政府办公厅|人民政府|筹备处|筹备组|筹委会|办事处|管理委员会|管委会|委员会|[乡镇]政府|政府|"
    r"局|厅|委|海关|办公室|参事室|研究室|办|中心|署|院|站|所|馆|队|镇|乡|街道|街|苏木|区|县|市|州|盟|旗|省|自治区|公司|社(?!会)|(?<!社)会|部(?!门)|"
    + _FARM_OR_SCHOOL + ")"
)
# The last character of each of _UNIT_END's words: a name read ends with one (what a quick test may look for)
_UNIT_END_LAST = "室厅府处组会心局委关办署院站所馆队镇乡道街木区县市州盟旗省司社部场学校"
_UNIT_BODY = r"[^\d\s,，。:：;；、《》()（）“”\"'|]{1,36}?"
# …with a bracketed second name inside ('武汉经济技术开发区(汉南区)医疗保障局', k1416; '武昌经济开发区管委会
# (滨江商务区管委会)', i1232): the brackets balanced
_UNIT_BODY_BRACKETS = (
    r"(?:[^\d\s,，。:：;；、《》()（）“”\"'|]|[(（][^\d\s,，。:：;；、《》()（）“”\"'|]{2,12}[)）]){1,36}?"
)
# The documents a sentence says it follows before its subject: '根据《…条例》《…的通知》(国办公开办函〔2021〕30号)要求,'
# (s2233), '根据黄龙县人民政府办公室《关于做好…的通知》要求,' (z2919)
_FOLLOWING_A_DOCUMENT = (
    r"(?:根据|按照|依据|依照)[^《》,，。;；]{0,20}(?:《[^《》]{2,80}》[、和及与]?){1,4}(?:[(（][^()（）]{0,30}[)）])?"
    r"(?:等)?(?:文件)?(?:的)?(?:有关|相关)?(?:要求|规定|精神|部署)?\s*[,，]\s*"
)
# '2022年，某市商务局认真贯彻…' — the unit right after the year, then what it did.
_OPENING = re.compile(
    # ('2021年内,通济街道共办理…' zzn6910; '2024年,在县委、县政府的坚强领导下,海城镇以…' x2727;
    # '2022年度,汤原县人民政府办公室政务公开工作本着…' zt4939: a year with 内, the leadership it works
    # under before the name, the disclosure work right after it)
    # (…also after its section's heading on the same line: '一、总体情况 2022年,襄州区卫健局…', zzg6310)
    r"^[\s?？]*(?:[一二三四五六七八九十]+、[^\d\s,，。]{2,10}\s+)?(?:(?P<year>\d{4})\s*年度?内?|今年|一年来|本年度)\s*[,，、]?\s*(?:以来\s*[,，]?)?"
    r"(?:在[^,，。;；]{2,30}?(?:领导|指导|支持|带领)下\s*[,，]\s*)?"
    # (…or the document it follows: '2020年,根据《文山州人民政府办公室关于编制公布…的通知》(〔2021〕—43)要求,
    # 砚山县交通运输局认真贯彻…', zzg6301)
    r"(?:" + _FOLLOWING_A_DOCUMENT + r")?"
    r"(?P<unit>" + _UNIT_BODY_BRACKETS + _UNIT_END + r"(?:[(（][^()（）]{2,12}[)）])?)\s*"
    r"(?=在|认真|坚持|深入|紧紧|高度|按照|围绕|以|全面|严格|进一步|始终|持续|积极|扎实|不断|切实|根据|"
    r"贯彻|继续|聚焦|坚决|依据|依法|着力|立足|把|将|主动|强化|加强|结合|紧扣|对照|落实|进行|共|全年|政府信息|通过|"
    r"政务公开工作|(?<!政府)信息公开工作|(?<=[镇乡]人民政府)信息公开工作"
    # (the verbs the real openings use beyond these, each seen in the golds' openings: '2022年,贺胜桥镇人民政府为充分尊重…'
    # zp4507, '…山西省退役军人事务厅准确把握…' zzb5737)
    r"|为(?!主)|充分|紧密|准确|锚定|深化|印发|首先"
    # (…and what it did or did not receive: '2020年,峡口镇依申请公开信息0条' zzzzu11713, '2025年白驼镇没有收到…'
    # zzzzz11968, '2020年,襄阳市统计局政务信息公开工作在…' zzzt10110)
    r"|依申请|没有|未(?:收到|接到|发生)|政务信息公开)"
)
# '2018年,青岛市各级行政机关认真贯彻…' (f903), '2016年,朝阳区各政府信息公开工作机构…' (m1601): a region's
# report opens with the region and its bodies
_OPENING_REGION = re.compile(
    r"^[\s?？]*(?P<year>\d{4})\s*年度?\s*[,，]\s*(?P<unit>[^\d\s,，。:：;；、《》()（）“”\"'|]{2,12}?(?:省|自治区|市|区|县|州|旗|盟))"
    r"(?=各级|各部门|各政府|各单位)"
)
# 'XX镇人民政府坚持以…' (g1004), '滨海新区高度重视…' (p1916), '吴淞街道根据《…》' (g1023), 'XX局高度重视…'
# (p1940): a paragraph opened by the unit without a year — weaker, confirmed by other readings
_NO_YEAR_VERBS = (
    "认真", "坚持", "深入", "紧紧", "高度重视", "按照", "围绕", "全面", "严格", "进一步", "始终", "持续", "积极", "扎实", "不断",
    "切实", "根据", "贯彻", "依据", "依法", "着力", "立足", "紧扣", "对照", "为", "在", "以", "高度", "结合",
)
_OPENING_NO_YEAR = needing((), pattern=re.compile(
    # (…after what the work follows: a plan without a document — '按照北京市和东城区工作部署,北京市东城区发展和改革委员会
    # 加强…' s2219, '按照省政府办公厅的工作部署,阜新市政府认真…' zs4806 —, the guidance it works under ('在市政府信息与政务
    # 公开办公室的指导下,乐都区认真…' zzzx10509), the act's coming into force ('《…条例》全面施行以来,费县审计局积极…'
    # zzzp9737) or the past year ('过去一年,东丽区人民政府坚持…' zzzzj11163))
    r"^[\s?？]*(?:" + _FOLLOWING_A_DOCUMENT
    + r"|(?:按照|根据|依据)[^《》,，。;；]{2,30}(?:部署|要求|规定)\s*[,，]\s*"
    + r"|在[^,，。;；]{2,30}?(?:领导|指导|支持|带领)下\s*[,，]\s*"
    + r"|《[^《》]{2,40}》(?:全面)?(?:颁布)?(?:施行|实施)以来\s*[,，]\s*"
    + r"|过去一年\s*[,，]\s*"
    + r")?(?P<unit>" + _UNIT_BODY_BRACKETS + _UNIT_END + r")\s*"
    # (…or with the year after the name: '临河区医疗保障局2023年为深入推进…', zzr7309)
    r"(?:\d{4}\s*年度?\s*[,，]?\s*(?=为|在|以|按照|认真|坚持|紧紧|围绕|深入|全面|严格|始终|持续|积极|高度))?"
    r"(?=" + "|".join(_NO_YEAR_VERBS) + r")",
), gate=re.compile(
    # (a name's last character, then what may follow it: a space, the year or a verb's first character —
    # four lines in five have no such pair, and the pattern tries every length of name on each)
    "[" + _UNIT_END_LAST + r"][\s\d" + "".join(dict.fromkeys(verb[0] for verb in _NO_YEAR_VERBS)) + "]"
))
# …only a name that starts with its own place ('市统计局认真…' names no city, k1412)
# (a county's name may be one character before its 县: '《…条例》全面施行以来,费县审计局积极…' zzzp9737, 兴县, 滑县)
_NOT_A_PLACE_FIRST = "省市区县州旗盟镇乡我本全各该"  # (a level or a pronoun: '市统计局', '本县', '各区')
_NAMED_REGION_FIRST = re.compile(
    rf"^(?:[^{_NOT_A_PLACE_FIRST}][\u4e00-\u9fff]{{1,9}}?(?:省|自治区|市|区|县|州|盟|旗|镇|乡|街道|街)|[^{_NOT_A_PLACE_FIRST}每两]县)"
)
# '2020 年,我单位对形成的政府信息实现了依法、有序公开' (the year only)
_OPENING_SELF = re.compile(
    r"^[\s?？]*(?P<year>\d{4})\s*年度?\s*[,，]\s*(?:(?:我|本)(?:局|镇|乡|单位|委|办|街道|区|县|市|中心|厅|院|部门|机关|处|站|所|公司)"
    r"|全(?:市|县|区|省|旗|州))"
    r"(?!将|要|拟|计划)"
)
# '特编制2017年某某镇信息公开工作年度报告', '现将2018年度XX局政府信息公开年度报告公布如下'
# (the name's ending, which every alternative holds, looked for first: the pattern itself is tried at every
# year of a long line, and most lines with 报告 name no report)
_REPORT_NAME = needing(("报告", "年报"), gate=re.compile(r"公开(?:工作)?(?:情况)?(?:的)?(?:年度)?(?:工作)?(?:报告|年报)"),
pattern=re.compile(
    r"(?P<year>\d{4})\s*年度?\s*(?:的)?\s*(?P<unit>[^\d,，。:：;；、《》“”\"|]{0,36}?)\s*(?:的)?\s*"
    r"(?:(?:政府|政务)信息公开|信息公开|政务公开)(?:工作)?(?:情况)?(?:的)?(?:年度)?(?:工作)?(?:报告|年报)"
))
_REPORTED_BODY = r"[^\d\s,，。:：;；、《》()（）“”\"'|]{2,30}?" + _UNIT_END
_ANNUAL_REPORT = r"(?:政府信息公开|政务公开)(?:工作)?年度报告"
# The body's own report, of this year or an earlier one, named unquoted among what it published, the body's name first
# ('…人事任免公开政府信息8条、福州市城乡建设局2021年度政府信息公开工作年度报告1条', f916; '…预算决算公开13条,按时上传
# 大连市发展和改革委员会2024年政府信息公开工作年度报告', zzzz10727): a unit, no year (like a quoted report's)
# (the words: _ANNUAL_REPORT's two forms; the gate: what follows the report in the list, or the upload)
_LISTED_REPORT = needing(("公开年度报告", "公开工作年度报告"), gate=re.compile(r"公开(?:工作)?年度报告[\d、;；]|上传|报送"),
pattern=re.compile(
    # an item of the list: its count after it, or the next item
    r"[、,，;；](?P<unit>" + _REPORTED_BODY + r")\s*\d{4}\s*年度?\s*" + _ANNUAL_REPORT + r"(?=\d+\s*[条篇份个]|[、;；])"
    # …or what the body uploaded or sent
    r"|[、,，;；](?:按时)?(?:上传|报送)(?P<unit2>" + _REPORTED_BODY + r")\s*\d{4}\s*年度?\s*" + _ANNUAL_REPORT
))
# (two bodies' reports named together are no one body's: '公开区政府和区政府办公室2019年…年度报告', zzzs10039)
_TWO_BODIES = re.compile(r"(?:政府|局|委|办|室)(?:和|及|与)")
_QUOTED_REPORT = re.compile(
    r"《(?P<unit>[^\d《》,，。:：;；、]{2,36}?)\s*\d{4}\s*年?度?\s*(?:的)?(?:(?:政府|政务)信息公开|信息公开|政务公开)"
    r"(?:工作)?(?:情况)?(?:的)?(?:年度)?(?:工作)?(?:报告|年报)》"
    # (the disclosure work before the year: '现发布《工业和信息化部政府信息公开工作2011年度报告》', zzzg8802)
    r"|《(?P<unit2>[^\d《》,，。:：;；、]{2,36}?)(?:政府信息公开|政务公开)工作\s*\d{4}\s*年度?(?:工作)?(?:报告|年报)》"
)
# An item's label before its first sentence: '1.公开数量。', '（一）主动公开情况。'
_ITEM_LABEL = re.compile(r"^\s*(?:\d+\s*[.、．]|[(（][一二三四五六七八九十\d]+[)）])\s*[^\d。,，]{1,10}。")
_ITEM_YEAR = re.compile(_ITEM_LABEL.pattern + r"\s*(?P<year>\d{4})\s*年度?\s*[,，]")
_LABELLED_OPENING = re.compile(_ITEM_LABEL.pattern + _OPENING.pattern.removeprefix("^"))
# A signature: the unit alone on a line near the end (maybe with its date on the same line).
_SIGNATURE = re.compile(
    r"^(?P<unit>[^\d\s,，。:：;；、《》()（）|]{2,36}?" + _UNIT_END + r")"
    r"(?:\s*\d{4}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?)?$"
)
# '请联系：某某区人民政府办公室', '联系单位：…', '地址：某某县某某镇人民政府二楼'
# (its words tested first: most lines that say 联系 or 地址 are no contact line — each let in is scanned whole)
_CONTACT = needing((
    "请与", "请向", "请联系", "联系单位", "联系部门", "受理机构", "受理单位", "受理部门", "地址",
), re.compile(
    r"(?:请(?:与|向)|请联系|联系(?:单位|部门)|受理(?:机构|单位|部门)|地址|通讯地址)\s*[:：]?\s*"
    r"(?P<unit>[^\d\s,，。:：;；、《》()（）|]{2,36}?" + _UNIT_END + r")"
))
# The contact body named whole ('请联系亳州市谯城区医疗保障局办公室': k1415 l1516 b234 g1024 j1328):
# read only when it is a department's own office (the department) or a town's or street's
# government — never an address, nor another office of the region ('沙洋县电子政务办公室')
# Also '可与安泰街道党政综合办联系' (b219), '可与福州市台江区新港街道基层党建办联系' (b221): a town's or a
# street's own office is the town; '请与闽侯县水利局政府信息公开工作领导小组办公室联系' (b234): the bureau.
_CONTACT_FULL = needing((
    "请与", "请向", "可与", "可向", "欢迎与", "欢迎向", "请联系", "联系单位", "联系部门",
), re.compile(
    r"(?:(?:请|可|欢迎)(?:与|向)|请联系|联系(?:单位|部门))\s*[:：]?\s*"
    r"(?P<unit>[^\d\s,，。:：;；、《》()（）|]{2,36}" + _UNIT_END + r")"
))
_TOWN_GOVERNMENT = re.compile(r"(?:镇|乡|街道)(?:人民政府|政府|办事处)$")
# …and a department named whole as the contact ('请与宁陵县农业局联系', zv5107): a bureau or a commission
# of a named region — not a government's office or centre, which serve the government's own report
_CONTACT_DEPARTMENT = re.compile(r"^[^\d]{2,20}?[省市县区旗州盟][^\d省市县区旗州盟]{1,14}(?:局|委员会|委)$")
_TOWN_OFFICE = re.compile(
    r"^(?P<town>.{2,30}?(?:镇|乡|街道)(?:人民政府|政府|办事处)?)(?!人民政府|政府|办事处)[\u4e00-\u9fff]{0,6}?(?:办公室|办)$"
)
# '本年度报告由国家机关事务管理局根据《条例》…编制': the unit, then how it compiled the report
# …also after the sentence's 根据《条例》要求 ('本年度报告是根据《条例》要求,由城中区人民政府办公室综合区政府各镇办…
# 编制而成', m1615; '由廣州市政府辦公廳在綜合匯總各區…', f936; '由东丽湖街道办事处结合自身工作实际', g1006)
_COMPILED_BY_THEN = needing(("由",), re.compile(
    r"(?:报告|年报)(?:是)?由(?P<unit>" + _UNIT_BODY + _UNIT_END + r")\s*(?:根据|依据|按照|依照|结合|综合|汇总|会同|围绕|针对|对照)"
))
# …also after the sentence's 根据《条例》要求 ('本年度报告是根据《条例》要求,由城中区人民政府办公室综合区政府各镇办…
# 编制而成', m1615; '由廣州市政府辦公廳在綜合匯總各區…', f936): a named unit only (never '市政府办公室',
# e833), the government's office standing for the government it compiles for
_COMPILED_AFTER_REQUIREMENT = needing(("要求",), re.compile(
    r"要求\s*[,，]\s*由(?P<unit>" + _UNIT_BODY + _UNIT_END + r")\s*(?:在)?\s*(?:结合|综合|汇总|会同|围绕|针对|对照)"
))
# '现将咸阳市人民政府2022年政府信息公开工作年度报告予以公开' (o1814), '现将沙依巴克区人民政府2019年
# 政府信息公开工作情况报告如下' (d608), '现向社会公布中山市大涌镇人民政府2016年度…' (p1934), '現將北坡鎮
# 2022年…' (l1516), '编制了若笠鄉2008年…' (n1706), '现编制形成了《…:西柳镇人民政府2023年…》' (o1823):
# the unit before the year of the report's own name, after the verb that publishes or compiles it
# ('…的有关要求,制定西湖区人力资源和社会保障局2023年政府信息公开工作年度报告', zzb5709)
# (needing the verbs themselves, not their first characters: 现 and 编 stand in most sentences — 实现, 编制 —
# and a line let in is scanned at every position)
_PUBLISHES_NAMED = needing((
    "现将", "现向社会公布", "特向社会公布", "现予以公布", "现予以公开", "编制了", "编写了", "形成了", ",编制", "，编制", ",制定", "，制定",
), re.compile(
    r"(?:现将|现向社会公布|特向社会公布|现予以公布|现予以公开|编制了|编写了|形成了|(?<=[,，])编制|(?<=[,，])制定)\s*《?"
    r"(?P<unit>[^\d,，。;；、《》]{2,40}?)\s*\d{4}\s*年度?\s*" + m._REPORT_WORDS
))
# …the year's disclosure work rather than its report ('特向社会公布广元市统计局2024年政府信息公开情况。' zzj6540,
# '现公布南强街道办事处2024年度政府信息公开情况。' zz5515; ten real texts word it so)
_PUBLISHES_WORK = needing(("公布",), re.compile(
    r"(?:现公布|现向社会公布|特向社会公布)(?P<unit>[^\d,，。;；、《》]{2,40}?)\s*\d{4}\s*年度?\s*"
    r"(?:政府|政务)?信息公开(?:工作)?情况(?=[。,，;；])"
))
# …the year before the name ('现公布2022年阳新县自然资源和规划局政府信息公开工作情况', zzzj9103); the body
# publishing its own report ('郑州高新区管委会向社会公布2020年度本级政府信息公开年度报告', zzz8131 zzzj9118);
# what the report sums up ('涵盖中寨乡人民政府2024年信息公开工作情况' zzzh8905, '全面总结西宁市城中区…礼让街
# 街道办事处2025年政府信息公开工作情况' v2529)
_PUBLISHED_OTHERWISE = (
    needing(("现",), re.compile(
        r"(?:现将|现公布|现发布|现向社会公布|现予公布)\s*《?\d{4}\s*年度?\s*(?P<unit>[^\d,，。;；、《》]{2,40}?)"
        r"(?:政府信息公开|政务公开|信息公开)工作(?:年度)?(?:情况|报告)"
    )),
    needing(("向社会",), re.compile(
        r"^\s*(?P<unit>" + _UNIT_BODY + _UNIT_END + r")\s*(?:现)?向社会(?:公布|公开|发布)\s*(?:了)?\d{4}\s*年度?\s*(?:本级)?"
        + m._REPORT_WORDS
    )),
    needing(("涵盖", "总结"), re.compile(
        # (the particle is no part of the name: '本报告全面总结了梁平区卫生健康委2025年度…' zzzzzs12858)
        r"(?:涵盖|总结)(?:了)?(?P<unit>[^\d,，。;；、《》]{2,40}?)\s*\d{4}\s*年度?\s*(?:政府|政务)?信息公开工作"
    )),
)
# '…要求,福州市闽侯生态环境局编制了本报告' (k1419), '太仆寺旗人民政府辦公室編制了2017年政府信息公開工作報告'
# (p1903), '大营镇党政办公室编制了《2023年度政府信息公开工作报告》' (l1540), '乌林乡编制了2019年…' (o1834),
# i1221, i1233: the unit as the subject that compiled the report, right after a clause's start
# (needing what follows 编制 too: 编制 alone stands in most sentences about the report)
_COMPILED_SUBJECT = needing(("编制了", "编制《"), re.compile(
    r"(?:^|[,，。;；)）》])\s*(?P<unit>" + _UNIT_BODY + _UNIT_END + r")\s*(?:认真)?编制(?:了|(?=《))\s*(?:(?!关于|通知)[^。,，]){0,30}?"
    r"(?:报告|年报)"
))
# '本报告的电子版可从余杭区政府门户网站…下载' (f908), '…可在朝阳区政府网站…下载' (m1601), '可在兴海县人民政府(…)
# …获取' (j1306), '可在鄂温克旗政府门户网站下载' (a011): the region whose site hosts the report — weak (a
# town's or a bureau's report is hosted there too), confirmed by the report's 全区/我县
_DOWNLOAD_SITE = re.compile(
    # ('本年报电子版在厦门市人民政府门户网站…' zzzzk11233, '…电子版可通过白山市江源区人民政府网站进行查阅' zzzy10627,
    # '…電子版可在宣城市人民政府信息公開網站下載' zzzx10504)
    r"电子版(?:本)?(?:可(?:以)?)?(?:在|从|至|通过)\s*[“\"]?(?P<unit>[^\d\s,，。:：;；、《》()（）“”\"|]{2,20}?(?:省|自治区|市|区|县|州|旗|盟))"
    r"(?:人民)?政府(?:门户|信息公开)?(?:网站|网|[(（])"
)
# The body's own disclosure documents, revised by it: '修改完善了《海口市琼山区三门坡镇政府信息公开指南》' (l1529),
# '修订完善主动公开的《眉山市东坡区崇礼镇人民政府信息公开指南》' (p1929), '更新完善《福州市鼓楼区安泰街道办事处
# 政府信息公开指南》' (b219) — weak (a region's rules are quoted too), confirmed by the report's 我镇/我街
_OWN_DOCUMENT_KINDS = ("指南", "目录", "制度", "办法", "机制", "细则")
_OWN_DOCUMENT = re.compile(
    # (…its own rules and mechanisms too: '修改制定了新的《广元市财政局政府财政信息公开暂行办法》' za3014,
    # '制定《梅县区气象局政务公开办法》' zc3204, '制定了《上营乡信息公开保密审查机制》' zza5618 — not a 方案, which is
    # as often a higher level's work plan: '制定了《池州市政府信息公开指南和信息公开目录编制工作方案》' in a bureau's report,
    # zzzg8840)
    r"(?:修订|更新|完善|编制|制定|修改|建立|出台)[^。《》]{0,12}《(?P<unit>[^\d\s,，。:：;；、《》()（）“”\"|]{1,36}" + _UNIT_END + r")"
    r"(?:人民政府|政府)?[^《》\d]{0,12}?(?:信息公开|政务公开|依申请公开)[^《》]{0,12}?(?:" + "|".join(_OWN_DOCUMENT_KINDS) + r")》"
)
_FIELD_LABEL_ALONE = re.compile(r"^[\s•·*-]*(?:发布机构|发文机关|发布单位|来源单位)\s*[:：]?\s*$")
# '发布机构 | 原州区中河乡政府 |' (d624), '發布機構: | 博山區自然資源局 |' (k1408), '发布单位 | 武隆县人民政府 |'
# (j1330), '发布机构 | 江阴市人民政府办公室 |' (p1923): the field's value in the next table cell
_PUBLISHER_LABELS = ("发布机构", "发文机关", "发布单位", "来源单位", "信息来源", "来源:")
_PUBLISHER_FIELD = needing(_PUBLISHER_LABELS, re.compile(
    # (a page's bare '来源:' names the body that posted it — '发布时间:2021-01-15 来源:谷城县发展和改革局', zzzzn11367,
    # zz5520, zzzzz11963 — when what follows is a body's name, not a site's: the name must end as a body's does)
    r"(?:发布机构|发文机关|发布单位|来源单位|信息来源)\s*[:：]?\s*\|?\s*(?P<unit>[^\s|:：,，。]{2,30})"
    r"|(?<![信息])来源:\s*(?P<source>[^\s|:：,，。]{2,30}?" + _UNIT_END + r")(?=\s|$|\|)"
))
# A department's own office compiles the department's report: 福州市大数据委办公室 → 福州市大数据委
_DEPARTMENT_OFFICE = re.compile(
    # (…also the office of one of its centres or brigades: '由佛冈县公安局指挥中心办公室编制' is the bureau's
    # report, zzq7214, both readers)
    r"^(?P<body>.{2,30}?(?:局|委员会|管委会|委|厅|署|海关))[^\d局委厅署]{2,8}?(?:指挥中心|中心|大队|支队)(?:办公室|综合科)$"
    r"|^(?P<body2>.{2,30}?(?:局|委员会|管委会|委|厅|中心|署|海关|院|办))(?:办公室|综合科|综合处|秘书科|办公厅)$"
)
# '福州市商务局信息公开工作办公室' compiles the 商务局's report
_DEPT_DISCLOSURE_OFFICE = re.compile(
    r"^(?P<gov>.{2,30}?(?:局|委员会|委|厅|中心|署))(?:政务公开)?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:领导小组)?"
    r"(?:办公室|办)$"
)
# '南宁市良庆区政务公开工作领导小组办公室' compiles the 良庆区 government's report
_LEADING_GROUP = re.compile(
    r"^(?P<region>.{2,20}?(?:省|自治区|市|区|县|旗|州|盟))(?:人民政府)?(?:政务公开|政府信息公开|信息公开)"
    r"(?:和政务服务)?(?:工作)?领导小组(?:办公室)?$"
)
_ADMIN_OFFICE = re.compile(r"^(?P<gov>.{2,30}?(?:人民政府|政府))(?:办公室|办公厅)$")
# Parts of a site name or breadcrumb that are not the unit.
_SITE_NOISE = re.compile(r"(?:门户网站|政府网站|网站|官网|首页|政府信息公开|信息公开|专栏)$")
_BREADCRUMB = re.compile(r"(?:当前位置|您的位置|所在位置|当前的位置)\s*[:：]")


def _trim(text: str) -> str:
    """The evidence shown: whitespace runs as one space, cut at _EVIDENCE_CHARS."""
    if len(text) > 4 * _EVIDENCE_CHARS:  # a long paragraph: only its start can be shown
        # (a prefix's runs joined are a prefix of the whole text's runs joined: when they are
        # too long already, the cut is the same)
        start = " ".join(text[: 4 * _EVIDENCE_CHARS].split())
        if len(start) > _EVIDENCE_CHARS:
            return start[: _EVIDENCE_CHARS - 1] + "…"
    text = " ".join(text.split())
    return text if len(text) <= _EVIDENCE_CHARS else text[: _EVIDENCE_CHARS - 1] + "…"


_KIND_CHARS = frozenset("局委办厅署")  # a kind's last character (typed twice at a name's end: once)


@lru_cache(maxsize=8192)  # the same names recur in every report of a unit, and opencc is slow
def _norm_name(name: str) -> str:
    """Simplified, NFKC, compact: the form units are compared and classified in (a kind typed twice at the end
    once: '襄阳市襄城区住建局局' is the bureau, zzzt10103, zy5410)."""
    norm = compact(convert_traditional(strip_pinyin(nfkc(name))))
    return norm[:-1] if len(norm) > 3 and norm[-1] == norm[-2] and norm[-1] in _KIND_CHARS else norm



def _printed(line: Line, match: re.Match[str], group: str) -> str:
    return m._original_span(line, match, group)[0]


class _Readings:
    """Every reading of one field, before merging."""

    def __init__(self, field: str):
        self.field = field
        self.items: list[Candidate] = []

    def add(self, value: str, source: str, evidence: str, norm: str = "", weight: float = 1.0) -> None:
        value = value.strip()
        if not value:
            return
        conf = CONFIDENCE[source] * weight
        self.items.append(Candidate(self.field, value, round(conf, 3), source, _trim(evidence), norm or value))


_GENERIC_NAME = re.compile(r"^(?:[省市区县镇乡]?(?:人民)?政府|街道|办事处|街道办事处|本?单位|机关|部门|政务|信息)$")
# A department named by its kind alone ('统计局' s2334, '服务中心' s2215): every county has one, and
# all such reports would fall into one unit — no name without a region or a name of its own
# …or by the standard name of a local department with no region ('应急管理局', zt4913): the
# departments every county and city has, named as the State Council's reforms name them
_STANDARD_KIND = re.compile(
    r"^(?:应急管理|市场监督管理|生态环境|自然资源|自然资源和规划|住房和城乡建设|住房城乡建设|交通运输|水利|农业农村|"
    r"卫生健康|卫生和计划生育|人力资源和社会保障|人力资源社会保障|退役军人事务|文化和旅游|文化广电旅游|教育|教育和体育|"
    r"财政|审计|统计|司法|民政|公安|商务|科学技术|科技|工业和信息化|发展和改革|发展改革|林业|林业和草原|医疗保障|"
    r"行政审批服务|政务服务和大数据管理|城市管理|综合行政执法|信访|粮食和物资储备|乡村振兴|体育|地震|气象|人防|国资|"
    # (the kinds of the older and the smaller departments alike: '机关事务管理局' alone, zzzzzl12516)
    r"机关事务管理|机关事务服务|档案|地方志|国有资产监督管理|人民防空|外事|侨务|民族宗教事务|民族和宗教事务|投资促进|"
    r"大数据|数据|水务|畜牧兽医|环境保护|国土资源|安全生产监督管理|食品药品监督管理|药品监督管理|物价|价格|粮食|"
    r"扶贫开发|知识产权|公共资源交易|政务服务|住房保障|房产|城乡规划|规划)"
    r"(?:局|委员会|委|厅|办公室|办)$"
)
_KIND_ONLY_NAME = re.compile(
    r"^[^\d省市县区州旗盟镇乡村街]{1,3}(?:局|委|办|中心|厅|站|所|院|处)$"
    # a zone by its kind ('经开区' z2924, '经济技术开发区经济发展局' z2921, '示范区教育局' z2928): every
    # province has many; '西咸新区' names one
    r"|^(?:经济技术开发区|经济开发区|高新技术产业开发区|高新区|经开区|开发区|示范区|新区|工业园区|产业园区|园区)"
    r"(?:管委会|管理委员会)?(?:[^\d省市县区州旗盟镇乡村街]{1,8}(?:局|委|办|中心|处))?$"
    # (a zone's committee or a special zone by its kind alone: '管委会' zzzv10321, '特区' zzzy10633, '保税区'
    # zzzzo11423 — the rest of its name is elsewhere or nowhere)
    r"|^(?:管委会|管理委员会|特区|保税区|综合保税区)$"
    # (an office by its kind alone: '发布机构:党政办公室' on a zone's page, zzzzk11224 — whose office?)
    r"|^(?:党政综合|党政|综合|行政)?(?:办公室|办公厅)$"
    # (a farm or a school by its kind, or with a short word before it: '园艺场', '第一中学', '太和中学' — many
    # counties have one; '第六师芳草湖农场' names one)
    r"|^[^\d省市县区州旗盟镇乡村街]{0,3}(?:" + _FARM_OR_SCHOOL + ")$"
    # (a level and a bare kind: '2010年,区局以贯彻…' — the district's bureau, of which it does not say, zzzzzo12659)
    r"|^[省市区县州旗盟](?:局|委|府|办|厅|署|分局)$"
)


# A name's shape: no Latin letters or URL debris (a gambling mirror's injected
# '365bet平台客户端_速发365网址_bei365官网', o1812; 'uedbet体育_uedbet官网@:', o1823, j1316, m1625,
# m1631, g1006, i1216), no advertising words, no disclosure wording inside it (a name cut out of
# '良庆区民族宗教事务局政务公开政府信息公开…办公室', p1908) and no generic '单位办公室' (o1826)
_SPAM_NAME = re.compile(
    r"[A-Za-z_@$#%&*~^=+“”「」\"{}<>\[\]]|官网|网址|网站|客户端|娱乐|投注|博彩|彩票|足彩|皇冠|赌|直播|备用|下载|平台|单位(?:办公室|办|党政办)$"
    # a person or an act inside it: '时任区长张家明在国务院' (zzm6817), '市政府办公室代表市政府' (zzo7012) —
    # a sentence's words read as a name, not a body
    r"|时任|书记|代表|(?<=[\u4e00-\u9fff]{2})在(?=[\u4e00-\u9fff]{2})"
    # …or a predicate, a possessive, 'each' ('2014年是政府信息公开工作…' t2340, '县卫生健康局的政府信息公开工作'
    # zj3906, '北京市密云区各政府信息公开工作机构' s2232, '严格按照区政府信息公开办公室…' zc3212)
    r"|^是|^由|的|各|按照|根据|贯彻|落实"
    # (a letter's subject, a site's buttons, a party committee: '武威市人民政府关于报送…' zzu7609, '注册应急管理局'
    # zzv7708, '交通运输厅党委' zzx7906)
    r"|关于|^(?:登录|注册|完成|编制|印发|发布|公布|制定)|无障碍|(?:党委|党组)$"
    # (a site's welcome banner, two bodies: '欢迎访问洛阳市文化广电和旅游局!…' zzz8118, '鹿城区人民政府及办公室' zzzb8323,
    # '阿勒泰地区行政公署及办公室' zzzn9523)
    r"|欢迎|[!！]|政府及|及其?办公[室厅]$"
    # (a company before a government's department: a gambling brand put in the place's name, '英国威廉希尔
    # 公司市统计局', zzzj9113)
    r"|公司(?=[省市县区])|^(?:英国|美国|欧洲|澳洲|澳大利亚|日本|韩国|德国|法国|意大利|西班牙|葡萄牙|菲律宾)"
)
# …checked on the name read (after a compiling office is mapped to its body, which it may name)
_DISCLOSURE_WORDS = re.compile(r"政务公开|信息公开")


def _kind_only(norm: str) -> bool:
    """A department named by its kind alone ('统计局', '经开区', '应急管理局'): no name."""
    return bool(_KIND_ONLY_NAME.match(norm) or _STANDARD_KIND.match(norm))


def _unit_ok(name: str, final: bool = False) -> bool:
    norm = _norm_name(name)
    return (
        m._plausible_unit(norm)
        and not _SITE_NOISE.search(norm)
        and "报告" not in norm
        and not _GENERIC_NAME.match(norm)
        and not _kind_only(norm)
        and not _SPAM_NAME.search(norm)
        and not (final and _DISCLOSURE_WORDS.search(norm))
    )


_SPACE_RUNS = re.compile(r"\s+")
_ENDS_AS_UNIT = re.compile(_UNIT_END + "$")
_UNIT_END_RE = re.compile(_UNIT_END)
_GOVERNMENT_BEFORE_TOWN = re.compile(r"(?:人民政府|政府)(?=.{2,}(?:街道|镇|乡)$)")
_SELF_START = re.compile(r"^(?:我|本|该|全)")
_BODY_GOVERNMENT = re.compile(r"(办事处|街道|局|委|厅|中心)(?:人民)?政府$")
_CJK_FIRST = re.compile(r"[\u4e00-\u9fff]")
_SITE_NAME_SEPARATORS = re.compile(r"[\s_\-—|·>]+")
_LEADING_CHROME = re.compile(r"^.*[\-–—·>»|:：]+")
# Words a name never starts with: '2012年,在国务院…', '2012年的南平市…'
_NOT_A_NAME_START = re.compile(
    r"^(?:在|的|据|对于|根据|依据|按照|围绕|随着|通过|为了|结合|经过|未(?!央)|没有|已经|[一二三四五六七八九十]是|建立|健全|加强|完善|充分)"
)  # 未央区 is a name
# '2010年,未產生針對我局政府信息公開的行政複議' (j1302): a name never speaks of itself as 我局
_SELF_WORD = re.compile(r"我(?:局|镇|乡|区|县|市|委|办|单位|街道|厅|中心|处|站|所|院)")
# A name whose region is a bare level word ('县医保局', '区政府国资局', '市商务局'): a short form that
# names no particular county — weak evidence alone, completed by the other readings
_BARE_LEVEL_NAME = re.compile(r"^[省市区县州旗盟](?!政府$|人民政府$)(?:政府|人民政府)?[^\d]{1,12}(?:局|委|办|厅|中心|站|所|院|署|室|社|联)$")
_BARE_GOVERNMENT = re.compile(r"[省市区县州旗盟](?:人民)?政府(?:办公室|办公厅)")
_SECOND_NAME = re.compile(r"[(（][^()（）]{2,30}[)）]$")
_CLOSED_NAME = re.compile(_UNIT_END + r"[)）]$")  # '高新区(新市区)' (i1235)
# The government's own disclosure office or working group compiles the government's report.
_DISCLOSURE_OFFICE = re.compile(
    r"^(?P<gov>.{2,30}?(?:人民政府|政府))(?:办公室|办公厅)?"
    r"(?:(?:政府)?信息公开|政务公开)(?:工作)?(?:领导小组)?(?:办公室|办)$"
)


# A mirror site's domain pasted in front of the name ('puroview.com沙头镇', n1704): no part of it
_LEADING_DOMAIN = re.compile(r"^(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|cn|net|org|gov|cc|top|info)(?:\.cn)?")
# ('并向社会公布安溪县人民政府2025年…', zx5331; '并向社会公布金水区发展改革和统计局…', zze6023)
# ('并发布双牌县教育局…', zzy8038)
_LEADING_VERB = re.compile(r"^(?:现予?公布|现予?公开|(?:并|特|现)?向社会(?:公布|公开)|并(?:发布|公布|公开)|特发布|现发布|特编制|现编制|现将|现就|关于)")
# A page's field label glued to the title ('公报标题黄石市卫健委2019年…年度报告', z2913)
# A page's tag or a media label glued before the name ('【图文】嘉兴市市场监督管理局…' zzzzd10857,
# '【工作推进】固镇县…' zzzzi11146, '图片县信访局…' zzzw10431): no part of it
_BRACKET_TAG = re.compile(r"【[^】]{1,12}】\s*")
# (…or the page's font-size control: '字号北辰区2020年度…报告' over '天津市北辰区2020年…报告', j1312)
_LEADING_TAG = re.compile(r"^(?:【[^】]{1,12}】|图片|视频|附件|字号|字体)+")
_LEADING_LABEL = re.compile(r"^(?:公报|文章|信息|文件|公开)?(?:标题|题名|名称)|^(?:\d{4})?年度")  # '年度五通桥区…' (zj3912)


# '人力资源社会保障部(含国家公务员局)' (y2824): what a report also covers is no part of the name
_WHAT_IT_HOLDS = re.compile(r"[(（](?:含|包括)[^()（）]{1,20}[)）]$")


# '青龙乡党委政府高度重视…' (zp4512): the party committee and the government together — the
# government is the body that reports
_PARTY_AND_GOVERNMENT = re.compile(r"党委[、和及与]?(?=(?:人民)?政府$)")
# '重庆海关关区2020年政府信息公开年报' (zu5026 zu5027): a customs office reports for its district (关区)
_CUSTOMS_DISTRICT = re.compile(r"(?<=海关)关区$")
# a region printed twice ('由北京市大兴区北京市大兴区发展和改革委员会编制', zzc5811): once
_REGION_TWICE = re.compile(r"^((?:[\u4e00-\u9fff]{1,8}?(?:省|自治区|市|区|县|州|盟|旗)){1,3})\1")
# a name followed by its own short form ('安康市卫生局市卫生局', zm4205: the title's name, then the
# signature's '市卫生局' run into it): the name once
_NAMED_ONCE = re.compile(r"^(.{2,30}?([省市县区州旗盟][^省市县区州旗盟]{2,14}))\2$")
# …or by its kind's word again ('北京市门头沟区民政局民政局' in the title, the opening and the contact line alike,
# zzzzzg12264, both readers: the bureau once)
_KIND_TWICE = re.compile(r"^(.{2,30}?([\u4e00-\u9fff]{2,8}?(?:局|委|办|厅|署|中心)))\2$")


def _without_chrome(printed: str) -> str:
    """Page chrome before a name is dropped ('- 长者版新下陆街道…', '文号 关键词 宿迁市'), but a
    region split off by a space stays ('宿迁市　人民政府办公室' → 宿迁市人民政府办公室); so are the
    words around a body's name that are not its name (what it also covers, 党委 before 政府,
    关区 after 海关, a region printed twice)."""
    parts = [p for p in _SPACE_RUNS.split(printed.strip()) if p]
    if not parts:
        return ""
    name = parts[-1]
    for part in reversed(parts[:-1]):
        if not _REGION_PREFIX.match(part):
            break
        name = part + name
    name = _LEADING_VERB.sub("", _LEADING_LABEL.sub("", _LEADING_DOMAIN.sub("", _LEADING_TAG.sub("", _LEADING_CHROME.sub("", name)))))
    name = _CUSTOMS_DISTRICT.sub("", _PARTY_AND_GOVERNMENT.sub("", _WHAT_IT_HOLDS.sub("", name)))
    return _KIND_TWICE.sub(r"\1", _NAMED_ONCE.sub(r"\1", _REGION_TWICE.sub(r"\1", name)))


def _add_unit(out: _Readings, printed: str, source: str, evidence: str, weight: float = 1.0) -> None:
    named = _unit_name(printed)
    if named is not None:
        out.add(named[0], source, evidence, named[1], weight)


@lru_cache(maxsize=16384)  # a pure function of the name read; the same names recur in a unit's reports
def _unit_name(printed: str) -> tuple[str, str] | None:
    """The unit a name read stands for, (as printed, norm), or None when it is no unit's name."""
    printed = _without_chrome(printed)
    norm = _norm_name(printed)
    if not _unit_ok(norm) or _NOT_A_NAME_START.match(norm) or _SELF_WORD.search(norm):
        return None
    # a body's second name in brackets after a whole name ('…临空先进制造业发展局(临空先进制造业区管委会)',
    # '六盘水市人民政府(市人民政府办公室)': zf3525 zf3533) — one body, named by its first name; a
    # bracket after a name of a kind alone is the name itself ('高新区(新市区)')
    second = _SECOND_NAME.search(norm)
    first_name = norm[: second.start()] if second else ""
    if first_name and re.search(_UNIT_END + "$", first_name) and (
        not _names_no_region(first_name)
        # …and a short form's second plate, a kind alone ('市科学技术局(知识产权局)', zzzzzzb13422; '自治区民委(宗教事务局)'):
        # the short form, which the region read elsewhere completes ('高新区(新市区)' is named by its second name: kept)
        or (second is not None and _BARE_LEVEL_NAME.match(first_name) and _names_no_region(second.group()[1:-1]))
    ):
        printed = norm = first_name
    closed = bool(_CLOSED_NAME.search(norm)) and norm.count("(") == norm.count(")")
    if not closed and not _ENDS_AS_UNIT.search(norm):  # '信访局结合有关统计数据': cut after the unit
        cut = [hit.end() for hit in _UNIT_END_RE.finditer(norm) if hit.end() >= 2]
        if not cut:
            return None
        printed = norm = norm[: cut[-1]]
        # '安徽省涡阳第三中学' cut to '安徽省' (m1631): a bare region cut off a longer name is no name
        if _REGION_PREFIX.fullmatch(norm):
            return None
    if norm.count("(") != norm.count(")"):  # a name cut inside its brackets is no name
        return None
    gov = m._INTERNAL_OFFICE.match(norm) or _DEPT_DISCLOSURE_OFFICE.match(norm) or _DISCLOSURE_OFFICE.match(norm)
    group = _LEADING_GROUP.match(norm)
    office = _DEPARTMENT_OFFICE.match(norm)
    if gov:  # the town's 党政办 or the government's 信息公开办 compiles the government's report
        # '无锡市锡山区人民政府厚桥街道党政办公室' → the street: 无锡市锡山区厚桥街道
        printed = norm = _GOVERNMENT_BEFORE_TOWN.sub("", m.internal_body(gov))
    elif group:
        printed = norm = group.group("region") + "人民政府"
    elif office and not norm.endswith(("人民政府办公室", "人民政府办公厅", "政府办公室", "政府办")):
        printed = norm = office.group("body") or office.group("body2")
    if not _unit_ok(norm, final=True) or "各" in norm:  # '理县各乡镇人民政府及县政府各工作部门': many bodies
        return None
    return printed, norm


# A page's metadata block printed one field per line ('• 索引号' / 'jsxmdzrmzf/2026-00000' / '• 发布机构' /
# …): label and value lines are not the title and must not push it out of the head (l1536)
_META_LABELS = r"索引号|发布机构|发文机关|文号|发文字号|发布日期|成文日期|生效日期|时效性|主题分类|体裁分类|公开方式|公开范围"
_META_LABEL_ALONE = re.compile(r"^[\s•·*-]*(?:" + _META_LABELS + r")\s*[:：]?\s*$")


def _head(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    skip_value = False
    for line in lines[: m._HEAD_LINES * 4]:
        if not line.norm.strip():
            continue
        if skip_value:
            skip_value = False
            continue
        if _META_LABEL_ALONE.match(line.norm):
            skip_value = True
            continue
        out.append(line)
        if len(out) == m._HEAD_LINES:
            break
    return out


def _tail(lines: list[Line], n: int = 8) -> list[Line]:
    return [line for line in lines if line.norm.strip()][-n:]


# a metadata row: one of the labels above, or a row's other fields ('公文时效 有效', '浏览次数')
_META_ROW = re.compile(_META_LABELS + r"|公文时效|信息来源|浏览次数|生成日期|有效性")


def _may_name_a_report(norm: str) -> bool:
    """Whether a (joined) line may hold a report's title: the title patterns cannot match without
    报告 or 年报, so a join that holds neither is not made."""
    return "报告" in norm or "年报" in norm


def _titles(clean: list[Line]) -> list[tuple[Line, float]]:
    """Head lines (meta.title_head), then each joined with the next one and the next two (titles
    broken over lines), with the weight of a reading from them: a join may pull page chrome in."""
    out = [(line, 1.0) for line in clean[:8]]
    # (each line tested once, not once for every join it is part of)
    # a page's metadata row is no first half of a title ('发布机构 县政府办公室 公文时效 有效' over
    # '县政府办2022年度…报告' read '有效县政府办', zzt7527)
    # (searched on the short lines only: a join with a long line is never made)
    short = [len(line.norm.strip()) <= 40 for line in clean]
    meta_row = [is_short and bool(_META_ROW.search(line.norm)) for line, is_short in zip(clean, short, strict=True)]
    for span, weight in ((2, 0.95), (3, 0.9)):
        for i in range(min(8, len(clean) - span + 1)):
            part = clean[i : i + span]
            if any(meta_row[i : i + span - 1]):
                continue
            if all(short[i : i + span]):
                norm = part[0].norm.rstrip() + "".join(p.norm.strip() for p in part[1:])
                if not _may_name_a_report(norm):
                    continue
                text = part[0].text.rstrip() + "".join(p.text.strip() for p in part[1:])
                out.append((Line(text, norm, part[0].prov), weight))
    return out


class _FileName(NamedTuple):
    """A file's name and stem as ``pathlib.PurePosixPath`` gives them ('\\' read as '/'), without
    building a path (several times the cost of these few string operations)."""

    name: str
    stem: str

    @classmethod
    def of(cls, path: str) -> _FileName:
        parts = [part for part in path.replace("\\", "/").split("/") if part and part != "."]
        name = parts[-1] if parts else ""
        dot = name.rfind(".")  # (PurePath's suffix: a dot neither first nor last)
        return cls(name, name[:dot] if 0 < dot < len(name) - 1 else name)


@dataclass(frozen=True)
class _View:
    """What both the unit and the year readers look at, computed once per document."""

    head: list[Line]  # the first non-empty lines (title, opening)
    title_hits: list[tuple[Line, float, re.Match[str]]]  # title patterns on (joined) head lines
    openings: list[Line]  # the first 40 non-empty lines: where a body's opening sentence stands
    lines: m.JoinedLines  # every line's norm in one string, for the loops over the lines
    file: _FileName  # the file's name, for its unit and year

    @classmethod
    def of(cls, doc: Document, lines: m.JoinedLines) -> _View:
        head = _head(doc.lines)
        clean = m.title_head(head)
        hits = []
        for line, weight in _titles(clean):
            if not _may_name_a_report(line.norm):  # (what both title patterns need)
                continue
            # (…and without the short name it gives itself: '江門市人民政府辦公室(以下簡稱市府辦公室)2013年…報告', zzzzzv13015)
            line = _without_alias(_without_bracket_tag(line))
            for pattern in m.TITLE_PATTERNS:
                hit = pattern.search(line.norm.lstrip())
                if hit:
                    hits.append((line, weight, hit))
        # a title without its year stands on one line of its own: joined to the line above, a site's
        # column ('政府信息公开年报') would read the portal's name as the body (zb3111)
        for line in clean[:8]:
            hit = m._TITLE_UNIT_ONLY.search(line.norm.strip())
            if hit:
                hits.append((line, 1.0, hit))
        openings = list(islice((ln for ln in doc.lines[:200] if ln.norm.strip()), 40))
        file = _FileName.of(doc.source_path)
        return cls(head, hits + _late_titles(doc.lines, head), openings, lines, file)


def _without_bracket_tag(line: Line) -> Line:
    """A title without the page's bracketed tag before it, which may hold the year the title patterns' unit cannot
    ('【2019】马关县交通运输局2019年政府信息公开工作年度报告', zzl6723; '【图文】…' is dropped from the name anyway)."""
    tag = _BRACKET_TAG.match(line.norm.lstrip())
    if tag is None or not line.text.lstrip().startswith(tag.group()):
        return line
    return Line(line.text.lstrip()[tag.end() :], line.norm.lstrip()[tag.end() :], line.prov)


def _late_titles(lines: list[Line], head: list[Line]) -> list[tuple[Line, float, re.Match[str]]]:
    """A title below the page's chrome (a mirror's or a portal's menus push it past the head:
    h1126, l1533, b216, p1933): a line — or two short ones — that is a report's title and nothing
    else, before the body's first sentence. Weaker than a title in the head."""
    seen = {id(line) for line in head[:8]}
    before: list[Line] = []
    for line in lines[:150]:
        if not line.norm.strip():
            continue
        if "。" in line.norm or len(before) == 30:
            break
        before.append(m._without_page_prefix(m._stripped(line)))
    hits = []
    for i, line in enumerate(before):
        if id(line) in seen:
            continue
        spans = [(line, 0.9)] if _may_name_a_report(line.norm) else []
        if (
            i + 1 < len(before)
            and max(len(line.norm.strip()), len(before[i + 1].norm.strip())) <= 40
            and not _META_ROW.search(line.norm)  # a metadata row is no first half of a title (zzt7527)
        ):
            nxt = before[i + 1]
            norm = line.norm.rstrip() + nxt.norm.strip()
            if _may_name_a_report(norm):
                spans.append((Line(line.text.rstrip() + nxt.text.strip(), norm, line.prov), 0.85))
        for text, weight in spans:
            whole = text.norm.strip().rstrip("|").rstrip()
            for pattern in m.TITLE_PATTERNS:
                hit = pattern.match(text.norm.lstrip())
                if hit and len(text.norm.lstrip()[: hit.end()].rstrip()) >= len(whole):
                    hits.append((text, weight, hit))
                    break
    return hits


# The words without which a loop over the lines below finds nothing in a line.
# (each 编制 / 现公布 pattern below needs 由 or 编制, the report it names — 报告 or 年报 — or the work it sums
# up, 公开工作 or 公开情况: tests/normalize/test_placement_shortcuts.py checks it)
_COMPILED_WORDS = re.compile(r"由|编制|报告|年报|公开工作|公开情况")
_WHOLE_TEXT_WORDS = re.compile(r"填报单位|报送单位|单位名称|《|电子版|联系|地址|受理")
_YEAR_WORDS = re.compile(r"统计|年|1231日")  # (12月31日 counts only in a span of a year: '2017年1月1日…')
_REPORT_WORD = re.compile(r"报告|年报")  # (the report name in the text cannot be read without one)


# The 编制 / 现公布 sentence patterns, each with whether it cannot match without 报告 or 年报 (the
# report it compiles or publishes): a line without them is read by the others only.
# The body whose disclosure work the report is compiled from ('结合自贡市商务局2022年政府信息公开工作实际,编制发布本报告'
# zq4601, '根据2023年眉山市司法局信息公开工作实际编制而成' zzj6509, '结合2025年荣成市退役军人事务局政府信息公开工作实际,
# 编制发布本报告'): the sentence that compiles the report, by the work it sums up
_WORK_IN_PRACTICE = needing(("工作实际",), re.compile(
    r"(?:结合|按照|根据|依据)\s*(?:\d{4}\s*年度?\s*)?(?P<unit>" + _UNIT_BODY + _UNIT_END + r")\s*(?:\d{4}\s*年度?\s*)?"
    r"(?:政府|政务)?信息公开工作实际(?:情况)?\s*[,，]?\s*(?:现)?编(?:制|写)"
))
_COMPILED_PATTERNS = (
    (m._COMPILED_BY, False), (m._PUBLISHES, True), (_COMPILED_BY_THEN, True), (_PUBLISHES_NAMED, True),
    (_COMPILED_SUBJECT, True), (_PUBLISHED_OTHERWISE[0], False), (_PUBLISHED_OTHERWISE[1], True),
    (_PUBLISHED_OTHERWISE[2], False), (_PUBLISHES_WORK, False),
)


def _compiled_line_readings(out: _Readings, line: Line) -> None:
    names_a_report = _may_name_a_report(line.norm)
    for pattern, needs_report in _COMPILED_PATTERNS:
        if needs_report and not names_a_report:
            continue
        for found in pattern.finditer(line.norm):
            if m._plausible_unit(found.group("unit")):
                # a compiler's internal office names its body (a zone's: '由燕郊高新区党政办公室编制', u2412); a zone's
                # office publishing a report under its own name reports for itself ('现将武汉东湖新技术开发区党政办公室
                # (以下简称“办公室”)2025年度信息公开工作报告如下', zzzzt11690, both readers; zzzx10536's title too)
                printed = m._original_span(line, found, "unit")
                own_report = pattern is not m._COMPILED_BY and pattern is not _COMPILED_BY_THEN
                zone_office = own_report and m._ZONE_OFFICE_COMPILING.match(compact(printed[1]))
                name = printed[0] if zone_office else m._government_of_office(printed)[0]
                _add_unit(out, name, "编制 sentence", line.text)
    # (weaker than a sentence naming who compiled it: a template copied from another body keeps its name there)
    for found in _WORK_IN_PRACTICE.finditer(line.norm):
        name = _norm_name(found.group("unit"))
        if _NAMED_REGION_FIRST.match(name) and "年度" not in name:
            _add_unit(out, _printed(line, found, "unit"), "编制 sentence", line.text, 0.8)
    for found in _COMPILED_AFTER_REQUIREMENT.finditer(line.norm):
        name = _norm_name(found.group("unit"))
        if _NAMED_REGION_FIRST.match(name):
            office = _ADMIN_OFFICE.match(name)
            _add_unit(out, office.group("gov") if office else _printed(line, found, "unit"), "编制 sentence",
                      line.text, 0.8)
    if not names_a_report:  # the quoted report and the report name need one of them too
        return
    if "《" in line.norm:
        # '向社会公开《金东区鞋塘办事处2020年政府信息公开工作年度报告》': a unit, but maybe
        # of an earlier report ('《田黄镇2020年…》' cited in the 2021 report): no year from it
        for found in _QUOTED_REPORT.finditer(line.norm):
            group = "unit" if found.group("unit") else "unit2"
            if m._plausible_unit(found.group(group)) and not _SELF_START.search(found.group(group)):
                _add_unit(out, _printed(line, found, group), "report name in the text", line.text, 0.95)
    if "信息公开" in line.norm or "政务公开" in line.norm:
        for found in _REPORT_NAME.finditer(line.norm):
            unit = found.group("unit")
            if unit and m._plausible_unit(unit) and not _SELF_START.search(unit):
                _add_unit(out, _printed(line, found, "unit"), "report name in the text", line.text, 0.95)
        for found in _LISTED_REPORT.finditer(line.norm):
            group = "unit" if found.group("unit") else "unit2"
            unit = found.group(group)
            if m._plausible_unit(unit) and not _SELF_START.search(unit) and not _TWO_BODIES.search(unit):
                _add_unit(out, _printed(line, found, group), "report name in the text", line.text, 0.9)


def _year_opening(norm: str) -> re.Match[str] | None:
    """'2022年,某某局认真…', also after an item's label: '1.公开数量。2024年,寻召乡主动公开…'."""
    # (each opening with a year needs 年, and an item's label its 。: most lines lack one — no regex run then)
    if "年" not in norm:
        return None
    return _OPENING.match(norm) or (_LABELLED_OPENING.match(norm) if "。" in norm else None)


def _opening_line_readings(out: _Readings, line: Line) -> None:
    hit = _year_opening(line.norm)
    if hit:
        # ('2019年度街道受理…' is read '2019年' + '度街道' too: the 度 of 年度 starts no name, zn4332 — the year stands)
        if not (hit.group("unit").startswith("度") and line.norm[: hit.start("unit")].rstrip().endswith("年")):
            _add_unit(out, _printed(line, hit, "unit"), "opening sentence", line.text)
    elif (
        "年" in line.norm
        and (hit := _OPENING_REGION.match(line.norm))
        and _REGION_PREFIX.fullmatch(_norm_name(hit.group("unit")))
    ):
        _add_unit(out, _printed(line, hit, "unit"), "opening sentence", line.text)
    elif (hit := _OPENING_NO_YEAR.match(line.norm)) and _NAMED_REGION_FIRST.match(_norm_name(hit.group("unit"))):
        _add_unit(out, _printed(line, hit, "unit"), "opening sentence", line.text, _no_year_weight(line.norm, hit))


def _no_year_weight(norm: str, hit: re.Match[str]) -> float:
    """An opening without the year is weaker than one with it, unless a sentence of its paragraph states the year
    with the same name as its subject ('文登区住建局高度重视…。2019年,文登区住建局共主动公开政府信息227条', zzzzzx13151)."""
    unit = hit.group("unit")
    after = re.search(r"[。；;]\s*\d{4}\s*年度?\s*[,，]?\s*" + re.escape(unit), norm[hit.end():])
    return 1.0 if after else 0.9


# The unit readings of one line are a pure function of its text (norm and as printed); a body's
# compiling sentence, its opening and its template lines recur in every report it publishes:
# read once per worker (bounded), the readings (frozen candidates) shared.
_LINE_READINGS: dict[tuple[object, str, str], tuple[Candidate, ...]] = {}
_LINE_READINGS_MAX = 10_000  # keys are whole lines (≤ a few KB): at most ~20 MB a worker


# A short name the text gives itself right after its name ('2025年,公主岭市残疾人联合会(以下简称 “市残联”)在市委…' zza5609,
# '现发布梁平区人民政府办公室(以下简称“区政府办公室”)2025年…' zz5508): no part of the sentence the name is read from
# (its bracket looked for first: the pattern, opening with \s*, is entered at every position of a line, and
# most lines with 称 — 名称, 称号 — have no alias)
_ALIAS = needing(("称",), gate=re.compile(r"[(（]\s*(?:以下)?(?:简称|称)"), pattern=re.compile(
    r"\s*[(（]\s*(?:以下)?(?:简称|称)[^()（）]{1,16}[)）]"
))


def _without_alias(line: Line) -> Line:
    if "称" not in line.norm or not (spans := [hit.span() for hit in _ALIAS.finditer(line.norm)]):
        return line
    # (cut where the norm is cut, a character for a character, as meta._original_span reads the text)
    text = line.text if len(line.text) == len(line.norm) else strip_pinyin(nfkc(line.text))
    if len(text) != len(line.norm):
        return line
    norm = line.norm
    for start, end in reversed(spans):
        norm, text = norm[:start] + norm[end:], text[:start] + text[end:]
    return Line(text, norm, line.prov)


def _line_readings(read: Callable[[_Readings, Line], None], line: Line) -> tuple[Candidate, ...]:
    key = (read, line.norm, line.text)
    known = _LINE_READINGS.get(key)
    if known is None:
        found = _Readings("unit")
        plain = _without_alias(line)  # (the readers read text and norm only: no copy of the line made)
        read(found, plain)
        known = tuple(found.items)
        if plain.text != line.text:  # (each reading's evidence is the line as printed)
            known = tuple(replace(item, evidence=_trim(line.text)) for item in known)
        remember(_LINE_READINGS, key, known, _LINE_READINGS_MAX)
    return known


def _listed_item(norm: str, start: int, end: int) -> bool:
    """A report name that is one item of a list of what was published ('主动公开政府信息公开指南、
    2024年政府信息公开工作年度报告、机构概况', zo4427): last year's report, not this one."""
    before = norm[:start].rstrip()
    return before.endswith("、") or norm[end:].lstrip().startswith("、")


def _header_line_reading(head: list[Line], out: _Readings) -> None:
    """The first line alone a whole name, nothing else on it ('浑南区国资局' over a report that
    calls itself 区政府国资局, zo4438): the body's name as the page heads it — weak alone (a site
    may head a department's report with its government's name), it completes the short forms
    the text uses for itself."""
    if not head:
        return
    name = _norm_name(head[0].norm.strip())
    if (
        2 < len(name) <= 24
        and not any(ch.isdigit() for ch in name)
        and re.match(r"^[\u4e00-\u9fff()（）]+$", name)
        and _UNIT_END_RE.search(name[-4:])
        and not _BARE_LEVEL_NAME.match(name)
        and not _REGION_PREFIX.fullmatch(name)
        and _unit_ok(name)
        and m.kind_of(name) in ("government", "department")
    ):
        _add_unit(out, head[0].text.strip(), "header line", head[0].text)


def _publisher_readings(head: list[Line], out: _Readings) -> None:
    """A page's publisher field in the head (most pages print none: one search of the head first)."""
    # (both publisher patterns need one of the field's labels on the line; the head's lines joined
    # once, no label holding a newline: a few C scans instead of one test a line and label)
    head_text = "\n".join(line.norm for line in head)
    if not any(label in head_text for label in _PUBLISHER_LABELS):
        return
    for i, line in enumerate(head):
        hits = list(_PUBLISHER_FIELD.finditer(line.norm))  # '发文机关:…县政府办公室 … 发布机构:…' (o1840)
        for hit in hits:
            if hit.group("source") and _names_no_region(_norm_name(hit.group("source"))):
                continue  # ('来源: 市府办' — the office that posted a city's report names no city, zzzt10121)
            _add_unit(out, hit.group("unit") or hit.group("source"), "page metadata", line.text)
        if not hits and _FIELD_LABEL_ALONE.match(line.norm) and i + 1 < len(head):
            # '• 发布机构' on its own line, the name on the next (l1536)
            _add_unit(out, head[i + 1].norm.strip(), "page metadata", line.text.strip() + " " + head[i + 1].text.strip())


def _unit_readings(doc: Document, hints: PlacementHints | None, view: _View) -> _Readings:
    out = _Readings("unit")
    lines = doc.lines
    head = view.head
    hit: re.Match[str] | None
    for line, weight, title in view.title_hits:
        if m._plausible_unit(title.group("unit")):
            _add_unit(out, _printed(m._stripped(line), title, "unit"), "title", line.text, weight)
    for line in view.lines.having(_COMPILED_WORDS, 80):
        # each sentence names its unit next to 由 / 现公布 … (a cheap test spares the regexes)
        out.items.extend(_line_readings(_compiled_line_readings, line))
    for line in view.openings:
        out.items.extend(_line_readings(_opening_line_readings, line))
    _publisher_readings(head, out)
    cover = m._unit_from_cover(head)
    if cover:
        _add_unit(out, cover[0], "cover", cover[0])
    for line in view.lines.having(_WHOLE_TEXT_WORDS):  # 填报单位 and contact lines
        norm = line.norm
        if "填报单位" in norm or "报送单位" in norm or "单位名称" in norm:
            hit = m._FILLED_BY.search(norm)
            if hit and m._plausible_unit(hit.group("unit")):
                _add_unit(out, _printed(line, hit, "unit"), "填报单位 line", line.text)
        if "《" in norm and any(word in norm for word in _OWN_DOCUMENT_KINDS):
            for hit in _OWN_DOCUMENT.finditer(norm):
                name = _BODY_GOVERNMENT.sub(r"\1", _printed(line, hit, "unit"))
                _add_unit(out, name, "own document", line.text)
        if "电子版" in norm:
            for hit in _DOWNLOAD_SITE.finditer(norm):
                if _REGION_PREFIX.fullmatch(_norm_name(hit.group("unit"))):
                    _add_unit(out, _printed(line, hit, "unit"), "download site", line.text)
        if "联系" in norm or "地址" in norm or "受理" in norm:
            for hit in _CONTACT.finditer(norm):
                name = hit.group("unit")
                office = _ADMIN_OFFICE.match(compact(name))
                _add_unit(out, office.group("gov") if office else _printed(line, hit, "unit"), "contact line", line.text)
            for hit in _CONTACT_FULL.finditer(norm):
                full = _norm_name(hit.group("unit"))
                town = _TOWN_OFFICE.match(full)
                if (
                    (_DEPARTMENT_OFFICE.match(full) and not _ADMIN_OFFICE.match(full))
                    or _TOWN_GOVERNMENT.search(full)
                    or _DEPT_DISCLOSURE_OFFICE.match(full)
                    or _CONTACT_DEPARTMENT.match(full)
                ):
                    _add_unit(out, _printed(line, hit, "unit"), "contact line", line.text)
                elif town:
                    _add_unit(out, town.group("town"), "contact line", line.text)
    _header_line_reading(view.head, out)
    _signature_readings(lines, out)
    _page_readings(doc, out)
    _name_readings(view.file, hints, out)
    _self_reference_readings(view.lines, out)
    # the site that hosts the report counts only for the region the report speaks of as 全区/我县
    confirmed = [c for c in out.items if c.source == "self-reference"]
    out.items = [
        c for c in out.items
        if c.source != "download site" or any(_same_body(c.norm, s.norm) for s in confirmed)
    ]
    _named_in_text_readings(view.lines, out)
    _weaken_bare_level_names(lines, out)
    return out


_NOT_BEFORE_LEVEL = set("全在我本该各其此每的和及与、县市区省州镇乡旗盟局委办")


def _weaken_bare_level_names(lines: list[Line], out: _Readings) -> None:
    """'县医保局' names no particular county: taken only when the text names a county somewhere
    ('桃江县审计局办公室', '新野县发展和改革委员会'); otherwise it is weak (k1414, where 缙云 is only in
    a WeChat account's name) and the report waits for the officer."""
    # '县政府办公室' alone names no government at all: always weak, it counts only merged with the
    # full name read elsewhere ('发文机关:保亭县政府办公室', o1840)
    out.items = [
        replace(c, confidence=round(c.confidence * 0.5, 3)) if _BARE_GOVERNMENT.fullmatch(c.norm) else c
        for c in out.items
    ]
    bare = [c for c in out.items if _BARE_LEVEL_NAME.match(c.norm)]
    if not bare:
        return
    text = "".join(line.norm for line in lines[:400])
    for c in bare:
        level = c.norm[0]
        named = any(
            not (set(hit.group(1)) & _NOT_BEFORE_LEVEL)
            for hit in re.finditer(rf"([\u4e00-\u9fff]{{2}}){level}", text)
        )
        if not named:
            out.items[out.items.index(c)] = replace(c, confidence=round(c.confidence * 0.5, 3))


# The report speaks of itself as 我镇 / 本局 / 我市 …: a reading elsewhere (a contact line, the
# page metadata) whose name is of that level is the body the report is about. Without such
# words, an aggregate report of a region speaks of 全市 / 全县 / 全区: a reading that is a
# region of that level alone (a contact line's 青岛市) is the region's government.
_SELF_LEVELS = r"(街道|市|县|区|省|镇|乡|旗|局|厅|委|办|中心|苏木)"
# 我… and 本… as two patterns: one opening with a literal is scanned for it fast (one with 我|本 tests every
# position, ~20× slower over a report's head); no level word holds 我 or 本, so their hits never overlap
_SELF = (re.compile("我" + _SELF_LEVELS), re.compile("本" + _SELF_LEVELS))
_AREA = re.compile(r"全(市|县|区|省|旗|州|盟)")
_REGION_LEVELS = ("市", "县", "区", "省", "旗", "州", "盟")
# 我委 names a 委员会 or a 管委会 too (k1403 奉新县高新技术产业园区管委会; i1232)
_LEVEL_END = {"街道": ("街道", "街道办事处", "街"), "苏木": ("苏木",), "委": ("委", "委员会", "管委会"), "办": ("办", "办公室")}


def _level_counts(head_text: str, patterns: tuple[re.Pattern[str], ...]) -> Counter[str]:
    """How often each level follows 我/本 (or 全) in the report's first 300 lines, counted in the
    order the text names them (the first named wins a tie)."""
    if len(patterns) == 1:
        return Counter(patterns[0].findall(head_text))  # (one group: findall gives the level)
    hits = sorted((hit.start(), hit.group(1)) for pattern in patterns for hit in pattern.finditer(head_text))
    return Counter(level for _, level in hits)


def _confirm(out: _Readings, fits: Callable[[str], bool], evidence: str, read_from: str | None = None) -> None:
    """Add a self-reference reading for every reading elsewhere whose name fits the level (``read_from``: only
    the readings of that source)."""
    for cand in list(out.items):
        if cand.source != "self-reference" and fits(_core(cand.norm)):
            if read_from is None or read_from in cand.source.split("、"):
                out.add(cand.value, "self-reference", evidence, cand.norm)


# A department's report that calls itself 我局 or 我委 only once, its body named whole in its contact line (the
# contact line alone is weak: a government's report may send applicants to its office): 'ask 兴安盟生态环境局办公室'
# + 我局 (zzzzzr12801), 乌兰浩特市卫生健康委员会 + 我委 (zzzzzr12806), 闽清县工业和信息化局 + 我局 (zzzzzs12860)
_DEPARTMENT_SELF = ("局", "委", "厅")


def _self_reference_readings(lines: m.JoinedLines, out: _Readings) -> None:
    head_text = lines.prefix(300)
    counts = _level_counts(head_text, _SELF)
    if counts:
        (level, n), = counts.most_common(1)
        if n >= 2 and sum(counts.values()) - n < n:  # one clear way the report names itself
            ends = _LEVEL_END.get(level, (level,))
            _confirm(out, lambda name: name.endswith(ends), f"我{level} ×{n}")
            return
        # (its region beside it is no other body: a department speaks of 我市 too, zzzzzr12806)
        departments = [lv for lv in counts if lv not in _REGION_LEVELS]
        if len(departments) == 1 and departments[0] in _DEPARTMENT_SELF and counts[departments[0]] == 1:
            ends = _LEVEL_END.get(departments[0], (departments[0],))
            _confirm(
                out, lambda name: name.endswith(ends) and bool(_CONTACT_DEPARTMENT.match(name)), f"我{departments[0]} ×1",
                read_from="contact line",
            )
            return
        if any(lv not in _REGION_LEVELS for lv in counts):  # 我局, 我镇: not a region's report
            return
    # 我县 once and 全县 twice: a region's report, said three times
    counts = _level_counts(head_text, (_AREA,)) + counts
    if len(counts) != 1 or any(m.kind_of(c.norm) == "department" for c in out.items):
        return
    (level, n), = counts.most_common(1)
    if n >= 2:
        _confirm(out, lambda name: name.endswith(level) and bool(_REGION_PREFIX.fullmatch(name)), f"全{level} ×{n}")


_TOWN_SHORT = re.compile(r"(?:^|[省市区县旗])(?P<town>[^省市区县旗]{2,8}(?:镇|乡|街道|苏木))$")
_NAMED_MIN_LINES = 3


def _named_in_text_readings(lines: m.JoinedLines, out: _Readings) -> None:
    """A body read once (a contact line, the page's publisher) and named again and again in the
    report's own sentences is the body the report is about ('请与广元市昭化区元坝镇人民政府办公室联系' and
    '元坝镇认真贯彻…', '向元坝镇人民政府提交…', p1930; b219, b221). Not for a region's name: a town's or a
    bureau's report names its county everywhere."""
    # the lines compacted, joined by '\n' (no compact text holds whitespace): one find per name
    # instead of a test on every line — made only when a reading may be confirmed, and each name
    # counted once (a report reads its body's name many times)
    text: str | None = None
    counted: dict[str, tuple[str, int]] = {}  # core → (the names looked for, lines naming one)
    for cand in list(out.items):
        core = _core(cand.norm)
        if (
            cand.source in ("self-reference", "named in the text")
            or _REGION_PREFIX.fullmatch(core)
            or len(core) < 3
            or core[0] in "省市区县州旗盟镇乡"  # '区发改局' names no district (e832): completed, not confirmed
        ):
            continue
        if core not in counted:
            names = {core}
            town = _TOWN_SHORT.search(core)
            if town:
                names.add(town.group("town"))
            if text is None:
                text = lines.compacted(400)
            counted[core] = "/".join(sorted(names)), _lines_naming(names, text)
        said, n = counted[core]
        if n >= _NAMED_MIN_LINES:
            out.add(cand.value, "named in the text", f"{said} ×{n}", cand.norm)


def _lines_naming(names: set[str], text: str) -> int:
    """How many of the lines of ``text`` (compact lines joined by '\n') hold one of ``names``."""
    if any("\n" in name for name in names):
        return sum(any(name in line for name in names) for line in text.split("\n"))
    hit: set[int] = set()  # the lines named, by where they end
    for name in names:
        at = text.find(name)
        while at >= 0:
            end = text.find("\n", at)
            if end < 0:
                end = len(text)
            hit.add(end)
            at = text.find(name, end + 1)
    return len(hit)


def _signature_readings(lines: list[Line], out: _Readings) -> None:
    first = next((i for i, line in enumerate(lines) if "。" in line.norm), None)
    if first is None:
        return
    tail: list[Line] = []  # the last 8 non-empty lines after the body started
    for line in reversed(lines[first + 1 :]):
        if line.norm.strip():
            tail.append(line)
            if len(tail) == 8:
                break
    tail.reverse()
    for i, line in enumerate(tail):
        text = compact(line.norm).strip("|")
        hit = _SIGNATURE.match(text)
        if not hit or len(text) > 40 or not _CJK_FIRST.match(text):
            continue
        # a signature stands near the end: followed by at most its date and a few page-tool lines
        if len(tail) - i > 5 and not any(m._DATE_LINE.match(compact(t.norm)) for t in tail[i + 1 : i + 3]):
            continue
        name = hit.group("unit")
        if m.kind_of(name) in ("government", "department"):
            _add_unit(out, name, "signature", line.text)


def _page_readings(doc: Document, out: _Readings) -> None:
    """HTML <title>, <h1> and meta tags; breadcrumbs in the text."""
    if doc.title:
        name = m._unit_from_title(doc.title)
        if name:
            _add_unit(out, name, "document title", doc.title)
    for key, value in doc.page_meta.items():
        value = value.strip()
        if key in ("h1", "ArticleTitle"):
            name = m._unit_from_title(value)
            if name:
                _add_unit(out, name, "page heading", value)
        elif key in ("ContentSource", "publisher", "author", "SiteName"):
            # a site hosts many bodies' reports: its name is weak evidence of whose this is
            source = "site name" if key == "SiteName" else "page metadata"
            for part in _SITE_NAME_SEPARATORS.split(value):
                part = _SITE_NOISE.sub("", part)
                if part and m.kind_of(part) in ("government", "department"):
                    _add_unit(out, part, source, f"{key}: {value}")


def _name_readings(file: _FileName, hints: PlacementHints | None, out: _Readings) -> None:
    name = m._unit_from_file_name(file.stem)
    if name and m.kind_of(_norm_name(name)) in ("government", "department"):
        _add_unit(out, name, "file name", file.name)
    if hints is None:
        return
    for folder in hints.folders:
        part = m._NAME_YEAR.sub("", folder)
        part = m._REPORT_WORDS_RE.sub("", part).strip(" _-")
        if part and m.kind_of(_norm_name(part)) in ("government", "department") and _unit_ok(part):
            _add_unit(out, part, "folder", folder)
    if hints.unit:
        out.add(hints.unit, hints.said_by, hints.unit, _norm_name(hints.unit))


# ---------------------------------------------------------------------------
# Year readings

_PLAN = re.compile(r"[^。]{0,12}?(?:我们将|将采取|将着力|将继续|将进一步|计划|打算|拟)")
_PERIOD_SPAN_GARBLED = re.compile(r"(?:至|到)(?P<y>(?:19|20)\d{2})1231日")
# (the year may be left out at the span's end: '…本機關自2021年1月1日起至12月31日止的公開數據', zzzzzm12558)
_PERIOD_SPAN = re.compile(
    r"(?P<y1>\d{4})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-|~)\s*(?:(?P<y2>\d{4})\s*年)?\s*12\s*月\s*31\s*日"
)


def _year_readings(
    doc: Document, hints: PlacementHints | None, published: dt.date | None, view: _View
) -> _Readings:
    out = _Readings("year")
    for line in view.lines.having(_YEAR_WORDS):  # 统计期限 sentences and table captions
        norm = line.norm
        if "统计" in norm:
            hit = m._PERIOD.search(norm)
            if hit:
                out.add(hit.group("y2") or hit.group("y1"), "统计期限 sentence", line.text)
        # the span with its 年 and 月 lost ('自201011日至20101231日止', zp4526; '11日起至20171231日止',
        # zu5013 — a mirror's debris in many texts): the year it ends
        if "1231日" in norm:
            hit = _PERIOD_SPAN_GARBLED.search(compact(norm))
            if hit:
                out.add(hit.group("y"), "统计期限 sentence", line.text, weight=0.9)
        if "31" in norm and "12" in norm and "12月31日" in compact(norm):
            hit = _PERIOD_SPAN.search(compact(norm))
            if hit and hit.group("y2") in (None, hit.group("y1")):
                out.add(hit.group("y1"), "统计期限 sentence", line.text, weight=0.95)
        if "年" in norm and len(norm) <= 40 and ("(" in norm or "（" in norm):  # (a caption is bracketed)
            hit = m._CAPTION_YEAR.match(compact(norm).rstrip("|"))
            if hit:
                out.add(hit.group("year"), "table caption", line.text)
    head = view.head
    seen_lines: set[int] = set()
    for line, weight, title in view.title_hits:  # one year per title line (the first pattern's)
        if id(line) not in seen_lines and title.group("year"):
            seen_lines.add(id(line))
            out.add(title.group("year"), "title", line.text, weight=weight)
    if doc.title:
        hit = m._TITLE_YEAR.search(nfkc(doc.title))
        if hit:
            out.add(hit.group("year"), "document title", doc.title)
    for key in ("h1", "ArticleTitle"):
        hit = m._TITLE_YEAR.search(nfkc(doc.page_meta[key])) if key in doc.page_meta else None  # (a text file has none)
        if hit:
            out.add(hit.group("year"), "page heading", doc.page_meta[key])
    for line in view.lines.having(_REPORT_WORD, 80):
        if "公开" in line.norm:
            for hit in _REPORT_NAME.finditer(line.norm):
                if not _listed_item(line.norm, hit.start(), hit.end()):
                    out.add(hit.group("year"), "report name in the text", line.text)
    for line in head:
        hit = m._WORK_YEAR.search(line.norm)
        # '为此,2015年政府信息公开工作我们将采取以下措施' is the next year's plan (i1206), not the report's year
        named = _REPORT_NAME.match(line.norm, hit.start()) if hit else None
        if hit and not _PLAN.match(line.norm, hit.end()) and not (named and _listed_item(line.norm, named.start(), named.end())):
            out.add(hit.group("year"), "work year", line.text)
    for line in view.openings:
        # (each opening names its year with 年 — 2022年, 今年, 一年来, 本年度: a line without it, most of the
        # forty, is spared the two patterns' calls)
        hit = (_OPENING.match(line.norm) or _OPENING_SELF.match(line.norm)) if "年" in line.norm else None
        if hit and hit.group("year"):
            out.add(hit.group("year"), "opening sentence", line.text)
            break  # the first one: later ones are plans (2021年,我局将…) or other years
    # items that each open with the year ('(一)主动公开。2024年,小营街道…' '(二)依申请公开。2024年,…', n1701):
    # the year when two or more items say it and none says another
    items = [(hit.group("year"), line) for line in view.openings if "。" in line.norm and (hit := _ITEM_YEAR.match(line.norm))]
    if len(items) >= 2 and len({year for year, _ in items}) == 1:
        out.add(items[0][0], "opening sentence", items[0][1].text)
    _sentence_opening_years(view, out)
    for hit in m._FILE_YEAR.finditer(view.file.stem):
        out.add(hit.group(1), "file name", view.file.name)
    if hints:
        for folder in hints.folders:
            for hit in m._FILE_YEAR.finditer(folder):
                out.add(hit.group(1), "folder", folder)
        if hints.year:
            out.add(str(hints.year), hints.said_by, str(hints.year))
    if published and published.month <= 6:  # published in the first half of the next year
        out.add(str(published.year - 1), "publication date", published.isoformat())
    out.items = [c for c in out.items if m._valid_year(c.value)]
    return out


# A sentence inside a line that opens with the year ('一、总体情况 2022年,襄州区卫健局…', '…。2024年,通过局门户
# 网站主动公开…'): a page that prints its paragraphs on one line, or its title lost, still says its
# year where its sentences open — unless the sentence is a plan ('2023年,我局将…').
_SENTENCE_END = re.compile(r"[。；;!！?？]")
_SENTENCE_OPENS_WITH_YEAR = re.compile(
    r"^(?:(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、．])[^\d,，。]{0,12}?)?"
    # (…or straight into the body's word for itself: '2020年度我街办未接到…申请', l1513)
    # (…or into the work itself: '2021年通过《西平县政府门户网》发布…', '2021年没有受理政府信息申请情况', zzzz10738)
    r"(?P<year>(?:19|20)\d{2})\s*年度?\s*(?:[,，]|(?=[我本](?:局|镇|乡|街|委|办|单位|中心|厅|机关|区|县|市))"
    r"|(?=(?:[^\d,，。]{2,12}?(?:办公室|政府|局|委|中心|办|街道|镇|乡))?"
    # (…after the body's name: '4、2019年县政府办公室主动公开政府信息89条', zzzzh11057)
    r"(?:通过|依托|利用|没有|未(?:收到|受理|接到|发生)|共(?:主动|收到|受理)|主动公开|收到|受理)))"
    r"(?![^\d,，。]{0,12}?(?:将|要|拟|计划|预计|继续))"
)


def _sentence_opening_years(view: _View, out: _Readings) -> None:
    """The year the body's sentences open with: one year only, said by one sentence (a little under
    an opening line's weight) or by several (an opening line's)."""
    found: list[tuple[str, Line]] = []
    for line in view.openings:
        if "年" not in line.norm:
            continue
        for piece in _SENTENCE_END.split(line.norm):
            # (it says 年, and its year is of this century or the last: '全年…' is spared the pattern)
            says_year = "年" in piece and ("20" in piece or "19" in piece)
            hit = _SENTENCE_OPENS_WITH_YEAR.match(piece.strip()) if says_year else None
            if hit:
                found.append((hit.group("year"), line))
    years = {year for year, _ in found}
    if len(years) == 1:
        out.add(found[0][0], "opening sentence", found[0][1].text, weight=1.0 if len(found) >= 2 else 0.95)


# ---------------------------------------------------------------------------
# Merging and deciding


_GOVERNMENT_WORDS = needing(("办公厅", "办公室", "政府", "办事处"), re.compile(r"(?:人民政府|政府)?(?:办公厅|办公室)$|(?:人民政府|政府|办事处)$"))
_STREET_END = re.compile(r"街道$")
_AUTONOMOUS = re.compile(r"族自治(?P<level>[县旗])")


@lru_cache(maxsize=16384)  # a pure function of the name; every merge and confirmation asks again
def _core(norm: str) -> str:
    """The name without the words every government carries (建新镇人民政府 → 建新镇); the
    government's own office (办公厅/办公室) compiles its report, so it counts as the same body
    when merging (the strongest reading still gives the name)."""
    return _GOVERNMENT_WORDS.sub("", norm) or norm


def _subsequence(short: str, full: str) -> bool:
    """Every character of ``short`` in ``full``, in order (how a Chinese name is shortened)."""
    chars = iter(full)
    return all(ch in chars for ch in short)


def _in_order(short: str, full: str) -> bool:
    """``short`` a subsequence of ``full``, ending where ``full`` ends its kind."""
    if len(short) < 2 or not (short[-1] == full[-1:] or (short[-1] == "委" and full.endswith("委员会"))):
        return False
    return _subsequence(short, full)


def _abbreviates(short: str, full: str) -> bool:
    """'绵竹高新区' · '绵竹高新技术产业园区管理委员会' (zzt7503): a short name made of the full name's
    characters in order, with the same place first — how a Chinese name is shortened."""
    if len(short) < 4 or len(full) <= len(short) + 1 or short[:2] != full[:2]:
        return False
    return bool(_ABBREVIATION_END.search(short)) and _subsequence(short, full)


_ABBREVIATION_END = re.compile(r"(?:区|局|委|办|中心)$")


@lru_cache(maxsize=16384)  # a pure function of two names; a unit's readings pair the same names in every report
def _same_body(a: str, b: str) -> bool:
    if a == b:
        return True
    # a short form of the same level completed by a full name: '县政府办公室' · '保亭县政府办公室' (o1840)
    for short, full in ((a, b), (b, a)):
        if _BARE_LEVEL_NAME.match(short) or _BARE_GOVERNMENT.fullmatch(short):
            # (also its short name written out: '县政府办' · '府谷县人民政府办公室', zzt7527)
            if (full.endswith(short) or full.endswith(expanded(short))) and len(full) > len(short):
                return True
            # ('区旅发委' · '南湖新区旅游发展委员会', zzt7536: the kind shortened after the level)
            level = short[0]
            at = full.rfind(level, 0, max(0, len(full) - len(short) + 1))
            if _BARE_LEVEL_NAME.match(short) and at >= 2 and _in_order(short[1:], full[at + 1 :]):
                return True
            # …and the other way round: the kind written out after the bare level, shortened after the region
            # ('县教育和科学技术局' · '大竹县教科局', z2930)
            at = full.rfind(level)
            if _BARE_LEVEL_NAME.match(short) and at >= 2 and len(full) - at - 1 >= 3 and _in_order(full[at + 1 :], short[1:]):
                return True
    if _abbreviates(a, b) or _abbreviates(b, a) or _banner_short(a, b) or _banner_short(b, a):
        return True
    ka, kb = _merge_keys(a), _merge_keys(b)
    return any(len(x) >= 2 and len(y) >= 2 and (x.endswith(y) or y.endswith(x)) for x in ka for y in kb)


def _banner_short(short: str, full: str) -> bool:
    """A banner named by two of its characters ('西乌旗' · '西乌珠穆沁旗', zk4033; '阿左旗' · '阿拉善左旗'): the
    first character the banner's, the second one of its name's, in order."""
    return (
        len(short) == 3 and short[2] == "旗" and full.endswith("旗") and len(full) > 4
        and full[0] == short[0] and short[1] in full[1:-1]
    )


_GOVERNMENT_INSIDE = re.compile(r"(?<=[省市区县州旗盟])(?:人民)?政府(?=[^\d]{2,})")


# The usual short names of departments (the first, short, form; the one it stands for): a report
# names itself both ways ('新野县发改委' in its title, '新野县发展和改革委员会' in its 编制 sentence, k1438;
# '温州市人力社保局' · '温州市人力资源和社会保障局', zn4331; '县住建局' · '枞阳县住房和城乡建设局', zj3934)
_SHORT_NAMES = (
    ("人力社保局", "人力资源和社会保障局"), ("人社局", "人力资源和社会保障局"),
    ("发改委", "发展和改革委员会"), ("发改局", "发展和改革局"),
    ("住建局", "住房和城乡建设局"), ("住建委", "住房和城乡建设委员会"),
    ("市场监管局", "市场监督管理局"), ("卫健局", "卫生健康局"), ("卫健委", "卫生健康委员会"),
    ("自规局", "自然资源和规划局"), ("医保局", "医疗保障局"), ("应急局", "应急管理局"),
    ("退役军人局", "退役军人事务局"), ("文旅局", "文化和旅游局"), ("文广旅局", "文化广电和旅游局"),
    ("工信局", "工业和信息化局"), ("科技局", "科学技术局"), ("教体局", "教育和体育局"),
    ("交通局", "交通运输局"), ("民宗局", "民族宗教事务局"), ("国资委", "国有资产监督管理委员会"),
    ("经开区管委会", "经济技术开发区管理委员会"), ("经开区", "经济技术开发区"),
    ("高新区管委会", "高新技术产业开发区管理委员会"), ("管委会", "管理委员会"),
    ("人民政府办", "人民政府办公室"), ("政府办", "人民政府办公室"),
    ("人防办", "人民防空办公室"),
)


def expanded(core: str) -> str:
    """The name with its short department name written out ('新野县发改委' → '新野县发展和改革委员会')."""
    for short, full in _SHORT_NAMES:
        if core.endswith(short):
            return core[: -len(short)] + full
    return core


@lru_cache(maxsize=16384)  # a pure function of the name, compared with every other reading's
def _merge_keys(norm: str) -> frozenset[str]:
    """The core name as readings are compared: '东丽湖街' and '天津市东丽区东丽湖街道' name one street
    (g1006; 北京街 · 北京街道办事处, m1625); an autonomous county or banner is named with or without
    its peoples ('鄂温克族自治旗' · '鄂温克旗', a011; '保亭黎族苗族自治县' · '保亭县', o1840), a
    commission with or without 员会: each short form the full name may have is a key."""
    key = _STREET_END.sub("街", expanded(_core(norm)))
    # a commission named short ('沈阳市卫生健康委' · '沈阳市卫生健康委员会', zo4403)
    key = key[:-2] if key.endswith("委员会") else key
    keys = {key}
    # a zone and its administrative committee are one body ('石島管理區' · '荣成市人民政府石岛管理区管委会', zzzb8322)
    if key.endswith("区管理委"):  # ('…管理委员会' is written '…管理委' by now)
        keys.add(key[:-3])
    # the government named inside a body's name ('广元市人民政府以工代赈办公室' · '广元市以工代赈办公室',
    # zs4817; '区政府国资局' · '浑南区国资局', zo4438)
    inner = _GOVERNMENT_INSIDE.sub("", key)
    if inner != key and len(inner) >= 3:
        keys.add(inner)
    auto = _AUTONOMOUS.search(key)
    if auto:
        rest = key[auto.end() :]
        keys |= {key[:i] + auto.group("level") + rest for i in range(2, auto.start() + 1)}
    return frozenset(keys)


def _combine(confs: Iterable[float]) -> float:
    miss = 1.0
    for c in confs:
        miss *= 1.0 - c
    return round(1.0 - miss, 3)


_REGION_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{1,8}?(?:省|自治区|市|区|县|州|盟|旗))+$")


def _fullest(group: list[Candidate]) -> Candidate:
    """The strongest reading's name, completed by a longer reading that only adds regions in
    front of it (建新镇 + 遂溪县建新镇人民政府 → the latter), never by page chrome."""
    best = group[0]
    if _BARE_LEVEL_NAME.match(best.norm) or _BARE_GOVERNMENT.fullmatch(best.norm):
        # a short form ('县政府办公室') is shown by the full name it was merged with (o1840)
        # ('区政府国资局' by '浑南区国资局': the government named inside the short form, zo4438)
        bare = _GOVERNMENT_INSIDE.sub("", best.norm)
        # ('县发改委' by '新野县发展和改革委员会': its short name written out, k1438)
        full = [
            c for c in group
            if (c.norm.endswith(best.norm) or c.norm.endswith(bare) or c.norm.endswith(expanded(bare)))
            and len(c.norm) > len(bare)
            and not _BARE_LEVEL_NAME.match(c.norm)
        ]
        if full:
            best = max(full, key=lambda c: (c.confidence, len(c.norm)))
    # the name written out rather than its short form, when the text gives both ('新野县发改委' ·
    # '新野县发展和改革委员会': the latter)
    written_out = [
        c for c in group
        if c.confidence >= 0.6 and len(c.norm) > len(best.norm) and c.norm == expanded(best.norm)
    ]
    if written_out:
        best = max(written_out, key=lambda c: len(c.norm))
    # (a banner's two-character name by its full name: '西乌旗' · '西乌珠穆沁旗')
    banner = [c for c in group if c.confidence >= 0.6 and _banner_short(best.norm, c.norm)]
    if banner:
        best = max(banner, key=lambda c: c.confidence)
    for cand in sorted(group[1:], key=lambda c: -len(c.norm)):
        if cand.confidence < 0.6 or cand.source == "header line" or len(_core(cand.norm)) <= len(_core(best.norm)):
            continue
        extra = _core(cand.norm)[: len(_core(cand.norm)) - len(_core(best.norm))]
        if _core(cand.norm).endswith(_core(best.norm)) and _REGION_PREFIX.match(extra):
            return cand
    return best


_SAID = ("manifest", "command line", "officer")


def _merge(
    field: str,
    items: list[Candidate],
    same: Callable[[Candidate, Candidate], bool],
    named: Callable[[list[Candidate]], Candidate],
) -> list[tuple[Candidate, float]]:
    """Readings that say the same thing, merged: one candidate per group (named by ``named``,
    evidence of its strongest reading, confidence combined over the best reading of each
    source; 1 when a person said it), with the group's strongest single confidence."""
    groups: list[list[Candidate]] = []
    for cand in sorted(items, key=lambda c: -c.confidence):
        for group in groups:
            if same(group[0], cand):
                group.append(cand)
                break
        else:
            groups.append([cand])
    merged = []
    for group in groups:
        said = [c for c in group if c.source in _SAID]
        name = said[0] if said else named(group)
        best_per_source: dict[str, float] = {}
        for c in group:
            best_per_source[c.source] = max(best_per_source.get(c.source, 0.0), c.confidence)
        conf = 1.0 if said else _combine(best_per_source.values())
        sources = "、".join(dict.fromkeys(c.source for c in group))
        merged.append((Candidate(field, name.value, conf, sources, group[0].evidence, name.norm), group[0].confidence))
    return merged


def _pick(ranked: list[tuple[Candidate, float]]) -> Candidate | None:
    """The top candidate when it is certain and clearly ahead of the next one."""
    if not ranked or ranked[0][0].confidence < CERTAIN:
        return None
    if len(ranked) > 1 and ranked[0][0].confidence < _CLEARLY and ranked[1][0].confidence >= _DOUBT:
        # a reading that is certain but not strong, and another body or year read elsewhere:
        # the officer decides (a misplaced report is worse than one kept unplaced)
        return None
    if len(ranked) > 1 and ranked[1][0].confidence >= CERTAIN:
        # two certain readings that disagree: the one with the strongest single reading wins,
        # when one place alone (a title, a 统计期限 sentence) settles it
        (first, a), (second, b) = ranked[0], ranked[1]
        if a - b < 0.049 and first.confidence - second.confidence < 0.049 and not _own_region_behind(first, second):
            return None
    return ranked[0][0]


def _own_region_behind(first: Candidate, second: Candidate) -> bool:
    """The runner-up is the region the top body stands in, and the text calls itself by the top's kind ('我局'):
    '永泰县农业局' (编制 sentence, 我局) over '永泰县' (the county office whose notice it follows, zzd5907)."""
    region = _core(second.norm)
    return (
        "self-reference" in first.source.split("、")
        and "self-reference" not in second.source.split("、")
        and bool(_REGION_PREFIX.fullmatch(region))
        and first.norm.startswith(region)
        and len(first.norm) > len(region) + 1
    )


_LOWER_BODY = re.compile(r"(?:镇|乡|街道|苏木)$")


def _lower_body_named(picked: Candidate, units: list[Candidate]) -> bool:
    """A region's name read from the report's text, while the contact line names a town or a
    street of it: a town's report built on its county's template ('特向社会公布枞阳县2018年…报告',
    '请联系:项铺镇', e818) — the officer decides. An address in the region ('地址:理县杂谷脑镇西大街',
    h1116) names a place, not the body."""
    region = _core(picked.norm)
    if not _REGION_PREFIX.fullmatch(region):
        return False
    return any(
        u.source == "contact line" and _LOWER_BODY.search(_core(u.norm)) and not u.norm.startswith(region)
        for u in units
    )


def _names_no_region(norm: str) -> bool:
    """A bare level and a kind ('市住建局'), or a kind with a bracketed second name that is no
    more (委农办(县农业局), za3003)."""
    def bare(x: str) -> bool:
        return bool(
            _BARE_LEVEL_NAME.match(x) or _BARE_GOVERNMENT.fullmatch(x) or _kind_only(x)
        )

    second = re.search(r"[(（](?P<inner>[^()（）]*)[)）]$", norm)
    if second is None:
        return bare(norm)
    # '高新区(新市区)' is named by its second name; '委农办(县农业局)' by neither
    return bare(norm) or (bare(norm[: second.start()]) and bare(second.group("inner")))


_GOVERNMENT_OFFICE_KIND = re.compile(r"(?:人民)?政府(?:办(?:公室|公厅)?|研究室|参事室|法制办(?:公室)?)")
_GOVERNMENT_FIRST = re.compile(r"^(?:人民)?政府")


def _completed_by_region(units: list[tuple[Candidate, float]], text: str) -> list[tuple[Candidate, float]]:
    """A short form that names its level only ('区司法局', '县财政局', '市应急管理局') completed by the one
    region of that level the text names elsewhere — a contact line's '盐都区', an address's '东至县'
    (issue 9: short forms are completed from the other evidence). Two such regions, or none: the
    short form stays, and the report waits for the officer. A little weaker than the short form (×0.95)."""
    if not units or not _BARE_LEVEL_NAME.match(units[0][0].norm):
        return units
    top, strongest = units[0]
    level = top.norm[0]
    regions = {
        _core(c.norm)
        for c, _ in units[1:]
        if _REGION_PREFIX.fullmatch(_core(c.norm)) and _core(c.norm).endswith(level) and len(_core(c.norm)) >= 3
    }
    regions = _longest_of_chains(regions)
    if not regions:
        # …or the short form written out with its region elsewhere in the text ('通过息烽县统计局电子政务网…' over
        # '县统计局', zzzi9010; '…以及德安县应急管理局' zt4914): a region of the country's divisions right before it
        regions = _regions_before(top.norm, text)
    evidence = "contact line"
    if not regions:
        # …or the one government portal of that level the text publishes on ('在如东县人民政府网站公开' over
        # '县城管局', zzzzzb12019; '金坛区政府门户网站' over '区商务局', q2005): a county's department reports on
        # its county's portal (a portal of another level — the city's, the province's — is not its region)
        regions, evidence = _regions_of_portals(level, text), "portal named in the text"
    if len(regions) != 1:
        return units
    region = regions.pop()
    # ('区政府国资局' → 浑南区国资局; but '县政府办' → 府谷县政府办: the office is the government's)
    kind = top.norm[1:]
    kind = kind if _GOVERNMENT_OFFICE_KIND.fullmatch(kind) else _GOVERNMENT_FIRST.sub("", kind)
    name = region + kind
    completed = replace(
        top, value=name, norm=name, confidence=round(top.confidence * 0.95, 3), source=f"{top.source}、{evidence}"
    )
    return [(completed, strongest * 0.95), *units[1:]]


@lru_cache(maxsize=1)
def _division_names() -> frozenset[str]:
    """The names of the country's administrative divisions (cpca's codes: 息烽县, 泉港区, 万源市 …)."""
    import cpca  # (loaded only for a short form to complete: ~0.1 s once a worker)

    return frozenset(info.name for info in cpca.ad_2_addr_dict.values())


def _longest_of_chains(regions: set[str]) -> set[str]:
    """'盐城市盐都区' and '盐都区' are one county: the longest of each chain of names."""
    return {r for r in regions if not any(o != r and o.endswith(r) for o in regions)}


def _division_ending(run: str) -> str | None:
    """The longest tail of ``run`` (two characters or more) that names one of the country's divisions
    ('在如东县' → '如东县', '盐城市盐都区' → '盐城市盐都区')."""
    return next((run[i:] for i in range(len(run) - 1) if run[i:] in _division_names()), None)


def _regions_before(short: str, text: str) -> set[str]:
    """The divisions named right before a level-only short form in the text ('德安' + '县应急管理局')."""
    level = short[0]
    runs = re.finditer(r"([\u4e00-\u9fff]{1,8})" + re.escape(short), text)
    found = (_division_ending(hit.group(1) + level) for hit in runs)
    return {name for name in found if name}


# '如东县人民政府网站', '金坛区政府门户网站', '镇江市政府网': the run before a government portal's name
# (…or quoted, or its portal without 政府: '报告电子版可从“资中县人民政府”门户网站' zn4322, '以青川县门户网站为主要公开平台'
# p1926)
_PORTAL = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:(?:人民)?政府[”\"」]?(?:门户|官方)?网|门户网)")


def _regions_of_portals(level: str, text: str) -> set[str]:
    """The divisions of one level whose government portal the text names."""
    found = (_division_ending(hit.group(1)) for hit in _PORTAL.finditer(text) if hit.group(1).endswith(level))
    return _longest_of_chains({name for name in found if name})


_PAGE_SOURCES = ("header line", "page metadata", "site name", "download site")


def _without_the_portals_region(units: list[tuple[Candidate, float]]) -> list[tuple[Candidate, float]]:
    """A town's or a street's report on its district's portal: the portal's government in the page
    header ('天津市武清区人民政府' over '2019年,杨村街道…', zzs7440) is where the report is shown, not a
    body competing with the town — it is left out when weighing whether the town is certain."""
    if len(units) < 2 or not _LOWER_BODY.search(_core(units[0][0].norm)):
        return units
    return [
        u for i, u in enumerate(units)
        if i == 0
        or not (
            all(src in _PAGE_SOURCES for src in u[0].source.split("、"))
            and _REGION_PREFIX.fullmatch(_core(u[0].norm))
        )
    ]


def decide(
    doc: Document, hints: PlacementHints | None, published: dt.date | None, lines: m.JoinedLines | None = None
) -> Placement:
    """Ranked unit and year candidates, and the unit and year when certain (``lines``: the
    document's lines joined, when the caller has them already)."""
    view = _View.of(doc, lines or m.JoinedLines(doc.lines))
    units = sorted(
        _merge("unit", _unit_readings(doc, hints, view).items, lambda a, b: _same_body(a.norm, b.norm), _fullest),
        key=lambda u: -u[0].confidence,
    )
    years = sorted(
        _merge("year", _year_readings(doc, hints, published, view).items, lambda a, b: a.value == b.value,
               lambda g: g[0]),
        key=lambda y: (-y[0].confidence, -int(y[0].value)),
    )
    units = _completed_by_region(units, view.lines.joined)
    placement = Placement(units=[u for u, _ in units[:5]], years=[y for y, _ in years[:5]])
    placement.unit = _pick(_without_the_portals_region(units))
    if placement.unit is not None and _lower_body_named(placement.unit, [u for u, _ in units]):
        placement.unit = None
    # a short form nothing completed ('市住建局', '县政府办公室', za3006 za3010) names no particular
    # city or county, like a kind alone: every city has one — the report waits for the officer
    if placement.unit is not None and _names_no_region(_norm_name(placement.unit.value)):
        placement.unit = None
    placement.year = _pick(years)
    missing = []
    if placement.unit is None:
        missing.append("单位名称不确定" if units else "未找到单位名称")
    if placement.year is None:
        missing.append("统计年度不确定" if years else "未找到统计年度")
    if missing:
        placement.reason = "，".join(missing) + "：请确认归属单位和年度"
    return placement


def same_unit_name(a: str, b: str) -> bool:
    """Two printed names of one body, up to width, characters, spaces and the words every
    government carries (哈尔滨市 · 哈爾濱市人民政府)."""
    return _core(_norm_name(a)) == _core(_norm_name(b))


__all__ = ["CERTAIN", "CONFIDENCE", "decide", "same_unit_name"]
