"""Metadata: unit as printed, statistics year (not publication year), publication date, kind."""

from __future__ import annotations

import datetime as dt

import pytest
from meta_docs import SAMPLE_2017, document_from_file, document_from_text, gold_of, real_samples

from pipelines.normalize.meta import extract_metadata, is_other_page, kind_of, looks_like_report

# 004–006 are excerpts of one Shanghai report: their gold unit/year come from the page
# around the excerpt (JS variable, publication metadata), not from the excerpt's text.
_PLACED_OUTSIDE_EXCERPT = {"004.txt", "005.txt", "006.txt"}


def test_2017_sample_metadata_and_sources():
    gold = gold_of(SAMPLE_2017)
    meta = extract_metadata(document_from_file(SAMPLE_2017))
    assert meta.unit_name == gold["unit"] == "北京市东城区政务服务中心"
    assert meta.year == 2017  # not 2018: 填报日期 2018.1.22 and the '2018年1月' line are publication
    assert meta.published_on == dt.date(2018, 1, 22)
    assert meta.kind == "department"
    # every place that says it, strongest first: the 编制 sentence names the unit
    assert meta.sources["unit"].split("、")[0] == "编制 sentence"
    assert meta.sources["year"].split("、")[0] == "统计期限 sentence"
    assert "publication date" in meta.sources["year"]  # weak evidence, agreeing
    assert meta.sources["published_on"] == "填报/发布日期 line"


@pytest.mark.parametrize(
    "path", [p for p in real_samples() if p.name not in _PLACED_OUTSIDE_EXCERPT], ids=lambda p: p.name
)
def test_real_samples_unit_and_year_match_gold(path):
    gold = gold_of(path)
    meta = extract_metadata(document_from_file(path))
    assert meta.unit_name == gold["unit"]  # null in gold (我镇, 我市, fragment) → None, not a guess
    assert meta.year == gold["year"]


@pytest.mark.parametrize("name", sorted(_PLACED_OUTSIDE_EXCERPT))
def test_excerpts_without_unit_or_year_in_their_text_get_none(name):
    path = next(p for p in real_samples() if p.name == name)
    meta = extract_metadata(document_from_file(path))
    assert (meta.unit_name, meta.year) == (None, None)


def test_traditional_mirror_keeps_its_characters_but_is_classified_on_simplified():
    path = next(p for p in real_samples() if p.name == "012.txt")
    meta = extract_metadata(document_from_file(path))
    assert meta.unit_name == "南山區蛇口街道辦事處"
    assert meta.kind == "government"  # 辦事處 = 办事处
    assert meta.sources["unit"].split("、")[0] == "title"


@pytest.mark.parametrize(
    ("text", "unit", "year"),
    [
        ("太平镇人民政府2022年政府信息公开工作年度报告\n正文", "太平镇人民政府", 2022),
        ("2019年上海市人民政府办公厅政府信息公开工作年度报告\n正文", "上海市人民政府办公厅", 2019),
        ("某某区财政局2016年度政府信息公开年度报告\n正文", "某某区财政局", 2016),
        ("宿迁市环境保护局关于2018年政府信息公开工作的年度报告\n正文", "宿迁市环境保护局", 2018),
        (
            "本年报是根据有关要求,由武进区湖塘镇人民政府编制的2018年度政府信息公开年度报告。",
            "武进区湖塘镇人民政府",
            2018,
        ),
        (
            "本报告由某某市生态环境局负责编制。统计期限为2024年1月1日至2024年12月31日。",
            "某某市生态环境局",
            2024,
        ),
        ("填报单位(盖章): 某某县档案馆\n统计期限自2015年1月1日起至2015年12月31日止。", "某某县档案馆", 2015),
        ("汇报我镇2023年政府信息公开工作。由本机关编制。", None, 2023),
        # a report name in 《》 names the unit (its year is read as before: a report name in the text)
        (
            "向社会公开《金东区鞋塘办事处2020年政府信息公开工作年度报告》。统计期限为2020年1月1日至2020年12月31日。",
            "金东区鞋塘办事处",
            2020,
        ),
        # a model text whose blanks were lost ('由__市__区编制'): level words alone name nobody
        ("本年度报告是根据《条例》要求,由市区编制。统计期限为2011年1月1日至12月31日。", None, 2011),
        # a preparatory office is the body's name, not a tail to cut (i1203)
        ("2014年某某区东湖街道办事处筹备处政府信息公开工作年度报告\n正文", "某某区东湖街道办事处筹备处", 2014),
        # a name closed by its bracket stays whole (i1235)
        ("2022年高新区(新市区)政府信息公开工作年度报告\n正文", "高新区(新市区)", 2022),
        # …but a district whose name starts like a negation is a name (西安市未央区)
        ("2021年未央区政府信息公开工作年度报告\n正文", "未央区", 2021),
        # the contact body named whole: a department's own office is the department (k1415)
        (
            "2020年,我局认真贯彻《条例》。统计期限为2020年1月1日至2020年12月31日。\n我局主动公开信息。\n"
            "如对本报告有疑问,请联系亳州市谯城区医疗保障局办公室,电话:0558-1234567。",
            "亳州市谯城区医疗保障局",
            2020,
        ),
        # an opening that speaks of 我局 names nobody (j1302)
        ("2010年,未产生针对我局政府信息公开的行政复议与行政诉讼。\n2010年,我局共接受咨询20人次。", None, 2010),
    ],
)
def test_unit_and_year_from_title_opening_sentence_and_filled_by_line(text, unit, year):
    meta = extract_metadata(document_from_text(text, "001.txt"))
    assert (meta.unit_name, meta.year) == (unit, year)


def test_table_caption_year_and_no_guess_from_publication_year():
    text = "政府信息公开情况统计表\n(2017 年度)\n统计指标 | 单位 | 统计数 |\n2018年1月\n"
    meta = extract_metadata(document_from_text(text, "x.txt"))
    assert meta.year == 2017
    assert meta.published_on is None  # '2018年1月' has no day: not a date


def test_publication_year_alone_is_not_the_statistics_year():
    meta = extract_metadata(
        document_from_text("某某局信息公开工作\n发布日期:2018-01-22\n2018年1月\n", "x.txt")
    )
    assert meta.year is None
    assert meta.published_on == dt.date(2018, 1, 22)


@pytest.mark.parametrize(
    ("closing", "date"),
    [
        ("某某县人民政府办公室\n2018年1月22日", dt.date(2018, 1, 22)),
        ("发布时间:2020年01月31日", dt.date(2020, 1, 31)),
        ("填报日期:2018.1.22", dt.date(2018, 1, 22)),
        ("来源:某某局 时间:2019-02-26 10:32", dt.date(2019, 2, 26)),
        ("统计时间:2017年1月1日至12月31日", None),  # the statistics period is no publication date
        ("2018年1月", None),
        ("2018年2月30日", None),  # not a calendar date
    ],
)
def test_published_on(closing, date):
    meta = extract_metadata(document_from_text("某某局2017年政府信息公开工作年度报告\n正文。\n" + closing))
    assert meta.published_on == date


def test_file_name_is_the_last_resort():
    meta = extract_metadata(
        document_from_text("政府信息公开工作情况。\n", "2017_北京市东城区政务服务中心.txt")
    )
    assert meta.unit_name == "北京市东城区政务服务中心"
    assert meta.year == 2017
    assert meta.sources == {"unit": "file name", "year": "file name"}


def test_pronouns_never_become_a_unit():
    text = "我镇2021年政府信息公开工作年度报告\n本报告由我镇编制。"
    meta = extract_metadata(document_from_text(text, "report.txt"))
    assert meta.unit_name is None
    assert meta.year == 2021


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("太平镇人民政府", "government"),
        ("南山区蛇口街道办事处", "government"),
        ("某某经济技术开发区管理委员会", "government"),
        ("上海市人民政府办公厅", "department"),
        ("北京市东城区政务服务中心", "department"),
        ("某某市城市管理委员会", "department"),
        ("某某县公安局", "department"),
        ("某某大学", "other"),
        ("北京市东城区", "government"),
        ("南山区蛇口街道", "government"),
        ("某某社区", "other"),
        (None, None),
    ],
)
def test_kind(unit, kind):
    assert kind_of(unit) == kind


def test_looks_like_report():
    assert looks_like_report(document_from_file(SAMPLE_2017))
    assert looks_like_report(document_from_text("某某局2020年政府信息公开工作年度报告\n正文"))
    assert not looks_like_report(document_from_text("今日天气晴,气温25度。\n欢迎访问本网站。"))
    # a report in English is kept for the officer (j1331); an English page about something else is not
    english = "General Office of X Provincial People's Government\n2011 Annual Report on Government Information Disclosure\n"
    assert looks_like_report(document_from_text(english))
    assert not looks_like_report(document_from_text("2011 Annual Report of the X Company\nRevenue grew.\n"))
    notice = (
        "关于召开全市政务公开工作推进会的通知\n各县、区人民政府:\n"
        "为做好2024年政府信息公开工作年度报告编制发布工作,决定召开推进会。\n"
    )
    assert not looks_like_report(document_from_text(notice))
    listing = (
        "某某局2023年政府信息公开工作年度报告 2024-01-20\n某某委2023年政府信息公开工作年度报告 2024-01-18\n"
    )
    assert not looks_like_report(document_from_text(listing))
    fragment = next(p for p in real_samples() if p.name == "006.txt")  # prose of a report, no title
    assert looks_like_report(document_from_file(fragment))
    # 1.73.29: 年度 and 报告 apart in the title (zzzzzzi14119); a title under lines of empty HTML tags (zzzzzzi14118)
    assert looks_like_report(document_from_text("某某省邮政管理局2015年度政府信息公开报告\n2016-03-29\n正文"))
    tags = 4 * '<legend id="x"></legend><samp id="x"></samp>\n  • <input id="x"><address id="x"></address>\n    1. <dl id="x"></dl>\n'
    assert looks_like_report(document_from_text(tags + "某某网交通运输局\n标题: 2016年交通运输局政府信息公开年度报告\n正文"))
    assert not looks_like_report(document_from_text(tags + "今日天气晴,气温25度。\n欢迎访问本网站。"))


def test_news_items_and_notices_about_reports_are_other_pages_even_with_figures():
    news = (
        "某某省发布2016年政府信息公开工作年度报告\n2017-03-28 10:18 来源: 某某日报\n"
        "27日,某某省人民政府正式向社会发布2016年政府信息公开工作年度报告。\n"
        "报告显示,全省行政机关收到政府信息公开申请5319件。\n"
    )
    assert is_other_page(document_from_text(news))
    # the report's title closed before the verb (zzzzzzb13425, both readers: a newspaper's item)
    titled = (
        "《某某局2013年政府信息公开工作年度报告》发布\n"
        "某某报讯(记者 某某)3月26日发布的《某某局2013年政府信息公开工作年度报告》显示,工作取得明显进步。\n"
        "依申请公开方面,收到政府信息公开申请3起。\n"
    )
    assert is_other_page(document_from_text(titled))
    # …and a report quoting its own title without a reporter is still the report
    assert not is_other_page(document_from_text(titled.replace("(记者 某某)", "")))
    notice = (
        "某政办函〔2017〕8号\n某某区人民政府办公室\n关于做好2016年政府信息公开工作年度报告\n"
        "编制和公布工作的通知\n各乡镇人民政府,各街道办事处,区级各部门:\n根据《条例》要求……\n"
    )
    assert is_other_page(document_from_text(notice))
    # a link to such a notice in the page's chrome, above a report, is not the page
    linked = (
        "关于做好2016年政府信息公开工作年度报告编制工作的通知\n"
        "某某镇2016年政府信息公开工作年度报告\n一、概述\n2016年,某某镇主动公开政府信息35条。\n"
    )
    assert not is_other_page(document_from_text(linked))
    # the notice as the page's own title line, over its outline and an empty form (i1218)
    own = (
        "某某网--法律信息搜索网\n某某市人民政府办公室关于做好2009年度政府信息公开工作年度报告有关事项的通知\n"
        "(一)受理依申请公开的数量(2009年度及历年累计数量);\n指标名称\n计量单位\n2009年度\n主动公开信息数\n"
    )
    assert is_other_page(document_from_text(own))
    # a notice that publishes the report holds the report
    publishing = (
        "某某市人民政府办公室关于公布\n某某市2009年度政府信息公开工作年度报告的通知\n"
        "各县(区)人民政府:\n现将报告公布如下。\n"
    )
    assert not is_other_page(document_from_text(publishing))
    assert not is_other_page(document_from_file(SAMPLE_2017))
    # a report cut short: a template section heading alone keeps it
    fragment = "- 政策解读\n二、主动公开政府信息的情况\n各政府机关按照《条例》规定,主动公开政府信息。\n"
    assert looks_like_report(document_from_text(fragment))
    # a breadcrumb ending in 通知 is not the page's title
    crumb = "某某市统计局\n当前位置:首页 > 文件通知\n某某市统计局2019年政府信息公开工作年度报告\n"
    assert looks_like_report(document_from_text(crumb))


def test_html_meta_tags_are_placement_evidence_and_self_reference_confirms_them():
    """ContentSource names the body; the report calls itself 我局 twice: placed. The site's own
    name (SiteName) is weak evidence only: it alone places nothing."""
    from pipelines.ingest import parse_file

    def page(source: str, body: str) -> bytes:
        return (
            '<html><head><title>政府信息公开年度报告</title>'
            '<meta name="ArticleTitle" content="2022年度政府信息公开工作年度报告">'
            f'{source}<meta name="SiteName" content="沭阳县人民政府"></head><body>'
            f"<p>一、总体情况</p><p>{body}</p><p>二、主动公开政府信息情况</p>"
            "<p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p></body></html>"
        ).encode()

    body = "2022年，我局认真贯彻《条例》。我局全年共收到政府信息公开申请3件。"
    placed = parse_file(page('<meta name="ContentSource" content="沭阳县商务局">', body), "a.html")
    assert (placed.unit_name, placed.year) == ("沭阳县商务局", 2022)
    assert "page metadata" in placed.placement.unit.source and "self-reference" in placed.placement.unit.source
    site_only = parse_file(page("", body.replace("我局", "我单位")), "b.html")
    assert not site_only.placed and site_only.placement.units[0].value == "沭阳县人民政府"
    assert site_only.placement.units[0].confidence < 0.7


def test_aggregate_region_report_and_department_disclosure_office():
    """全市 twice (and no 我局) makes a contact line's city the reporting government; a
    department's 信息公开工作办公室 compiles the department's report."""
    from pipelines.ingest import parse_file

    region = (
        "一、概述\n2018年，全市各级行政机关认真做好政府信息公开工作。全市共主动公开政府信息5万条。\n"
        "如对本报告有疑问，请联系：青岛市人民政府办公厅。\n"
    )
    report = parse_file(region.encode("utf-8"), "a.txt")
    assert (report.unit_name, report.year) == ("青岛市", 2018)
    dept = (
        "本报告由福州市商务局信息公开工作办公室编制。\n一、总体情况\n"
        "2023年，我局认真贯彻《条例》，全年收到政府信息公开申请3件。\n"
    )
    report = parse_file(dept.encode("utf-8"), "b.txt")
    assert report.unit_name == "福州市商务局"


def test_a_filled_by_line_keeps_a_name_split_by_a_space_and_stops_before_the_next_field():
    from pipelines.normalize import meta as m

    def unit(line: str) -> str:
        return m._FILLED_BY.search(line).group("unit")

    assert unit("填报单位（盖章）：宿迁市　宿城区马唐镇人民政府 |") == "宿迁市　宿城区马唐镇人民政府"
    assert unit("填报单位：某某县商务局    填报日期：2018.1.22") == "某某县商务局"


@pytest.mark.parametrize(("published", "year"), [("2021-02-10", 2020), ("2020-02-10", None)])
def test_a_year_read_only_in_the_opening_is_not_taken_against_the_publication_date(published, year):
    """'2020年，…' in the opening (0.75) is certain enough alone; a publication date in early
    2020 reads 2019 (0.5): two readings disagree and none is strong — kept for the officer."""
    text = f"2020年,某某县审计局认真贯彻《条例》,扎实推进政府信息公开工作。\n正文。\n发布日期:{published}\n"
    meta = extract_metadata(document_from_text(text, "x.txt"))
    assert meta.year == year
    assert meta.unit_name == "某某县审计局"
    assert meta.placement.years[0].value == "2020"


@pytest.mark.parametrize(
    ("says", "unit"),
    [
        ("我县各级行政机关认真做好政府信息公开工作。全县共主动公开政府信息5万条,全县无行政复议。", "沙洋县"),
        ("各级行政机关认真做好政府信息公开工作。全县共主动公开政府信息5万条。", None),  # said once
        ("我局认真做好政府信息公开工作。全县共主动公开政府信息5万条,全县无行政复议。", None),  # a 局 speaks
    ],
)
def test_a_region_that_says_wo_xian_once_and_quan_xian_twice_is_the_contact_lines_county(says, unit):
    """我县 + 全县 ×2: one region level said (twice or more) confirms the contact line's county."""
    from pipelines.ingest import parse_file

    text = f"一、概述\n2017年，{says}\n如对本报告有疑问，请联系：沙洋县人民政府办公室。\n"
    report = parse_file(text.encode("utf-8"), "a.txt")
    assert report.unit_name == unit
    assert report.placed == (unit is not None)


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        # a body under the government keeps its own word (m1604), not cut to the government
        ("2022年上海市人民政府参事室政府信息公开工作年度报告", "上海市人民政府参事室"),
        # a mirror site's domain in front of the name is no part of it (n1704)
        ("puroview.com沙头镇2008年政府信息公开工作年度报告", "沙头镇"),
        # a name cut to a bare province is no name ('安徽省涡阳第三…' would read 安徽省) — since 1.73.11 a school is a
        # body's kind (m1631), a kindergarten is not
        ("安徽省涡阳第三幼儿园2022年政府信息公开工作年度报告", None),
        ("安徽省涡阳第三中学2022年政府信息公开工作年度报告", "安徽省涡阳第三中学"),
    ],
)
def test_unit_names_from_the_title_are_not_cut_or_padded(title, unit):
    text = f"{title}\n一、总体情况\n2022年,认真贯彻《条例》,扎实推进政府信息公开工作。\n"
    assert extract_metadata(document_from_text(text, "x.txt")).unit_name == unit


def test_a_report_body_without_title_or_year_is_a_report():
    """A report copied without title or date (m1614 n1726): its first section and two of its
    parts make it a report to keep for the officer; the first section alone does not."""
    body = "一、总体情况\n某区坚持深化政务公开。\n(一)主动公开方面\n及时公开。\n(二)依申请公开方面\n依法答复。\n"
    assert looks_like_report(document_from_text(body, "x.txt"))
    assert not looks_like_report(document_from_text("一、总体情况\n本站介绍。\n", "x.txt"))
