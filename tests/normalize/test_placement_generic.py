"""Two placement rules of PARSER_VERSION 1.14.0, on the real texts they were written for
(tests/realworld batch_q/r/s/t, first sight in tests/realworld/first_sight.md):

- a reading guide to a report (年报解读 / 文字解读 over 一、编制背景 / 二、编制依据) speaks about
  the report: no report, whatever unit and year it names (q2031, t2329);
- a department named by its kind alone ('统计局', '服务中心': s2215, t2334; a007 '信访局') names
  no particular body — kept unplaced for the officer, never placed under a bare kind (every
  county's 统计局 would fall into one unit).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipelines.errors import RejectedInput
from pipelines.ingest import parse_file
from pipelines.normalize import meta, placement

REAL = Path(__file__).resolve().parents[1] / "realworld"


def _read(name: str) -> tuple[bytes, str]:
    path = REAL / name
    return path.read_bytes(), path.name


# (1.73.24: a title tagged 【文稿解读】 before the report's name, zzzzzw13072 and zzzzzq12757)
@pytest.mark.parametrize(
    "name", ["batch_q/2031.txt", "batch_t/2329.txt", "batch_y/2808.txt", "batch_zzzzzw/13072.txt", "batch_zzzzzq/12757.txt"]
)
def test_a_reading_guide_to_a_report_is_no_report(name: str) -> None:
    with pytest.raises(RejectedInput, match="not an annual report"):
        parse_file(*_read(name))


@pytest.mark.parametrize(
    "name",
    ["batch_s/2215.txt", "batch_t/2334.txt", "batch_a/007.txt", "batch_z/2921.txt", "batch_z/2924.txt", "batch_z/2928.txt"],
)
def test_a_name_of_a_kind_alone_is_not_placed(name: str) -> None:
    report = parse_file(*_read(name))
    assert not report.placed
    assert report.placement.reason


@pytest.mark.parametrize(
    ("name", "kind_only"),
    [("统计局", True), ("服务中心", True), ("发改委", True), ("县统计局", False), ("国家统计局", False),
     ("乌恰县审计局", False), ("楚门镇", False), ("同心县统计局", False),
     # zones by their kind (1.17.0: z2921 z2924 z2928) — and zones with a name of their own
     ("经开区", True), ("高新区管委会", True), ("示范区教育局", True), ("经济技术开发区经济发展局", True),
     ("西咸新区", False), ("乐山高新区管委会", False), ("长兴岛经济技术开发区管委会", False),
     # a committee or a special zone by its kind alone (1.71.0: zzzv10321 zzzy10633 zzzzo11423)
     ("管委会", True), ("特区", True), ("保税区", True), ("综合保税区", True),
     ("唐山高新区管委会", False), ("武当山特区管委会", False), ("天津港保税区", False),
     # a farm or a school by its kind or a short word before it (1.73.11: t2326 '园艺场' waits for the officer)
     ("园艺场", True), ("第一中学", True), ("太和中学", True), ("芳草湖农场", True),
     ("第六师芳草湖农场", False), ("莆田第二中学", False), ("安徽省涡阳第三中学", False)],
)
def test_the_shape_of_a_kind_only_name(name: str, kind_only: bool) -> None:
    assert bool(placement._KIND_ONLY_NAME.match(name)) is kind_only
    if kind_only:
        assert not placement._unit_ok(name)


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("batch_z/2913.txt", "黄石市卫健委"),  # '公报标题黄石市卫健委2019年…': the field label is chrome
        ("batch_z/2920.txt", "广州市越秀区市场监督管理局"),  # a chrome line '“随心享”定制' above the title
        ("batch_y/2824.txt", "人力资源社会保障部"),  # '…部(含国家公务员局)': what the report also covers
    ],
)
def test_page_chrome_is_no_part_of_the_name(name: str, unit: str) -> None:
    report = parse_file(*_read(name))
    assert report.placed
    assert report.unit_name == unit


# Placement read off zo–zzg (1.30.0–1.48.0), on the real texts they came from.
@pytest.mark.parametrize(
    ("name", "unit", "year"),
    [
        ("batch_zr/4719.txt", "安康市统计局", 2020),  # '由安康市统计局围绕2020年度…编制': no digits in a name
        ("batch_zp/4512.txt", "青龙乡政府", 2016),  # '青龙乡党委政府高度重视…': the government
        ("batch_zo/4427.txt", "伊州区民政局", 2025),  # '公开…指南、2024年…年度报告、机构概况': last year's
        ("batch_zo/4403.txt", "沈阳市卫生健康委员会", 2023),  # 卫生健康委 · 卫生健康委员会: one body
        ("batch_zo/4430.txt", "牡丹江市人防办", 2018),  # '…要求,编制牡丹江市人防办2018年…报告'
        ("batch_zp/4531.txt", "鸿山镇人民政府", 2021),  # '鸿山镇人民政府编制《2021年…》'
        ("batch_zu/5026.txt", "重庆海关", 2020),  # '重庆海关关区2020年…年报': the customs office
        ("batch_zt/4930.txt", "广西壮族自治区水利厅", 2025),  # the site's '无障碍' button is no part of it
        # the first line alone a whole name completes the short form the text uses (区政府国资局)
        ("batch_zo/4438.txt", "浑南区国资局", 2022),
        ("batch_zzc/5802.txt", "黑龍江省", 2010),  # '2010年,黑龍江省政府信息公開工作…' opens the text: a report
        ("batch_zzc/5811.txt", "北京市大兴区发展和改革委员会", 2010),  # the region printed twice: once
    ],
)
def test_placement_read_off_zo_to_zzg(name: str, unit: str, year: int) -> None:
    report = parse_file(*_read(name))
    assert (report.unit_name, report.year) == (unit, year)


def test_a_standard_department_named_alone_is_not_placed() -> None:
    # '2020年应急管理局政府信息公开工作年度报告' (zt4913): every county and city has one
    report = parse_file(*_read("batch_zt/4913.txt"))
    assert not report.placed
    assert placement._STANDARD_KIND.match("应急管理局")
    assert not placement._STANDARD_KIND.match("阿尔山市应急管理局")


def test_a_papers_abstract_about_reports_is_no_report() -> None:
    with pytest.raises(RejectedInput, match="paper about reports"):
        parse_file(*_read("batch_zr/4740.txt"))


def test_a_machine_translated_mirror_of_a_report_is_kept_with_its_year() -> None:
    # 'China Meteorological Administration's 2017 Government Information Disclosure Annual Report'
    # over English sentences and Chinese debris ('11日起至20171231日止', the 年 and 月 lost): a report,
    # its unit named only in English (kept 待归属), its year from the span's end (zu5013)
    report = parse_file(*_read("batch_zu/5013.txt"))
    assert not report.placed
    assert report.year == 2017


def test_a_report_whose_first_heading_is_spaced_out_is_kept() -> None:
    # '一、概 述' over '2016年是汽开区…依法统筹推进政府信息公开工作' (zzf6114): a report, kept 待归属
    report = parse_file(*_read("batch_zzf/6114.txt"))
    assert not report.placed


def test_departments_of_a_kind_are_no_unit() -> None:
    # '向社会公布2014年度政府职能部门信息公开年度报告' (zzc5807): 部门 is no name's end
    report = parse_file(*_read("batch_zzc/5807.txt"))
    assert not report.placed


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("batch_zx/5331.txt", "安溪县人民政府"),  # '…,并向社会公布安溪县人民政府2025年…报告'
        ("batch_zze/6023.txt", "金水区发展改革和统计局"),  # the same verb before another name
    ],
)
def test_a_publishing_verb_is_no_part_of_the_name(name: str, unit: str) -> None:
    assert parse_file(*_read(name)).unit_name == unit


def test_a_bare_level_office_is_no_unit_and_a_notice_on_compiling_reports_is_none() -> None:
    # '省政府研究室' names no province (zv5136): kept 待归属, not placed under a bare short form
    assert not parse_file(*_read("batch_zv/5136.txt")).placed
    # '阿坝州人民政府办公室关于做好2017年…年度报告编制和公布工作的通知', its subject repeated below (zzb5716)
    with pytest.raises(RejectedInput, match="notice"):
        parse_file(*_read("batch_zzb/5716.txt"))


# 1.49.0: the year a text's sentences open with, inside a line ('一、总体情况 2022年,襄州区卫健局…',
# '…方面。…,2022年,我局在中江县…'): 34 texts of 15 batches whose title is lost gained their year this
# way, every one the year both readers give; a text whose sentences open with two years gets none.
@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("batch_zzg/6310.txt", 2022),
        ("batch_zza/5605.txt", 2024),
        ("batch_zz/5517.txt", 2023),
        ("batch_zy/5419.txt", 2020),
        ("batch_zzf/6123.txt", 2025),
        ("batch_h/1137.txt", 2014),
        ("batch_s/2229.txt", 2009),
    ],
)
def test_the_year_its_sentences_open_with(name: str, year: int) -> None:
    assert parse_file(*_read(name)).year == year


def test_sentence_opening_years_need_one_year_and_skip_plans() -> None:
    hit = placement._SENTENCE_OPENS_WITH_YEAR.match
    assert hit("一、总体情况2022年,襄州区卫健局政府信息公开工作")
    assert hit("(一)主动公开方面2022年,我局在中江县人民政府网站")
    assert hit("2024年,通过局门户网站主动公开政府信息674条")
    assert not hit("2023年,我局将进一步加强政府信息公开")  # a plan
    assert not hit("截至2022年底,我局")  # an as-of date opens no sentence with its year
    assert not hit("我局2022年度主动公开政府信息15条")  # the year inside the sentence
    # 1.65.0: the year straight into the work (zzzz10738)
    assert hit("2021年通过《西平县政府门户网》发布部门信息")
    assert hit("2021年没有受理政府信息申请情况")
    assert not hit("2021年通报了全县政务公开考核结果")  # no act of the disclosure work


def test_a_body_cut_from_its_title_with_the_templates_parts_is_kept_with_its_year() -> None:
    """Neither title nor body named, the excerpt cut before reviews and suits: the template's parts
    (主动公开 · 依申请 · 政府信息管理 · 平台建设) make it a report, its sentences its year (zzzz10738)."""
    text = (
        "(一)主动公开政府信息的情况\n全年共主动公开政府信息428条。2021年通过县政府门户网发布各类信息。\n"
        "(二)依申请公开政府办理情况\n2021年没有受理政府信息申请情况。\n"
        "(三)政府信息管理及规范化建设情况\n强化组织领导,责任落实到位。\n(四)政府信息公开平台建设情况\n"
    )
    report = parse_file(text.encode("utf-8"), "cut.txt")
    assert not report.placed and report.unit_name is None and report.year == 2021
    assert {f.metric: f.value for f in report.figures} == {
        "narrative.proactive_total": 428.0,
        "narrative.requests_received": 0.0,
    }


def test_a_person_or_an_act_is_no_name_and_a_page_on_publishing_reports_is_none() -> None:
    # '2015年时任区长张家明在国务院办公厅…作了…发言' (zzm6817) names a person, not a body
    assert parse_file(*_read("batch_zzm/6817.txt")).unit_name is None
    # '2021年,市政府办公室代表市政府共受理…' (zzo7012): acting for the government is no name
    assert parse_file(*_read("batch_zzo/7012.txt")).unit_name is None
    # '石狮市2023年政府信息公开工作年度报告公布情况' over '我市应公布年度报告单位37个' (zzn6909)
    with pytest.raises(RejectedInput, match="about reports"):
        parse_file(*_read("batch_zzn/6909.txt"))


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("batch_zd/3325.txt", "硚口区退役军人事务局"),  # '区退役军人事务局' + a contact line's 硚口区
        ("batch_zj/3920.txt", "东至县财政局"),  # '县财政局' + 东至县
        ("batch_zy/5434.txt", "安康市应急管理局"),  # '市应急管理局' + 安康市 (汉滨区 is another level)
    ],
)
def test_a_short_form_is_completed_by_the_one_region_of_its_level(name: str, unit: str) -> None:
    assert parse_file(*_read(name)).unit_name == unit


def test_a_short_form_with_two_regions_of_its_level_waits_for_the_officer() -> None:
    from pipelines.model import Candidate

    def cand(value: str, source: str, conf: float) -> tuple[Candidate, float]:
        return Candidate("unit", value, conf, source, value, value), conf

    two = [cand("县财政局", "title", 0.95), cand("东至县", "contact line", 0.45), cand("青阳县", "contact line", 0.45)]
    assert placement._completed_by_region(two, "")[0][0].value == "县财政局"
    one = [cand("县财政局", "title", 0.95), cand("池州市东至县", "contact line", 0.45), cand("东至县", "contact line", 0.45)]
    assert placement._completed_by_region(one, "")[0][0].value == "池州市东至县财政局"


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("batch_k/1438.txt", "新野县发展和改革委员会"),  # title '县发改委', 编制 sentence written out
        ("batch_zn/4331.txt", "温州市人力资源和社会保障局"),  # '温州市人力社保局' in the opening
        ("batch_zn/4315.txt", "包头市市场监督管理局"),  # '包头市市场监管局' in the report's name
        ("batch_zj/3934.txt", "枞阳县住房和城乡建设局"),  # '县住建局'
    ],
)
def test_a_department_named_short_and_written_out_is_one_body(name: str, unit: str) -> None:
    assert parse_file(*_read(name)).unit_name == unit
    assert placement.expanded("新野县发改委") == "新野县发展和改革委员会"
    assert placement.expanded("新野县财政局") == "新野县财政局"


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("batch_x/2727.txt", "海城镇"),  # '2024年,在县委、县政府的坚强领导下,海城镇以…'
        ("batch_zt/4939.txt", "汤原县人民政府办公室"),  # '2022年度,汤原县人民政府办公室政务公开工作本着…'
        ("batch_r/2104.txt", "官洲街道办事处"),
    ],
)
def test_openings_with_the_leadership_first_or_the_disclosure_work_after(name: str, unit: str) -> None:
    assert parse_file(*_read(name)).unit_name == unit


@pytest.mark.parametrize(
    "name",
    ["是政府", "县卫生健康局的政府", "北京市密云区各政府", "严格按照区"],
)
def test_a_predicate_a_possessive_or_each_is_no_name(name: str) -> None:
    assert not placement._unit_ok(name)


def test_a_metadata_row_is_no_half_of_a_title_and_a_conjunction_no_name() -> None:
    # '发布机构 县政府办公室 公文时效 有效' over '县政府办2022年度…报告' (zzt7527): the office, completed by
    # '府谷县人民政府办公室' in the opening, not '有效县政府办'
    assert parse_file(*_read("batch_zzt/7527.txt")).unit_name == "府谷县人民政府办公室"
    # '由于区民政局不断加大主动公开力度,…' (zzq7223): 'because', no 编制 sentence
    assert parse_file(*_read("batch_zzq/7223.txt")).unit_name is None


def test_a_centre_office_compiles_its_bureaus_report_and_an_abbreviation_is_the_same_body() -> None:
    # '由佛冈县公安局指挥中心办公室编制' (zzq7214): the bureau's report
    assert parse_file(*_read("batch_zzq/7214.txt")).unit_name == "佛冈县公安局"
    # title '绵竹高新技术产业园区管理委员会', page metadata '绵竹高新区' (zzt7503): one body
    assert parse_file(*_read("batch_zzt/7503.txt")).unit_name == "绵竹高新技术产业园区管理委员会"
    assert placement._abbreviates("绵竹高新区", "绵竹高新技术产业园区管理委员会")
    assert not placement._abbreviates("绵竹县", "绵竹市人民政府")  # no kind's end shared
    assert not placement._abbreviates("江阴市财政局", "江阴市人民政府财政部门")  # the order of the characters


def test_a_bare_level_short_form_of_a_kind_is_the_full_name_read_elsewhere() -> None:
    # '区旅发委' in the opening, '南湖新区旅游发展委员会' in the report's name (zzt7536)
    assert parse_file(*_read("batch_zzt/7536.txt")).unit_name == "南湖新区旅游发展委员会"
    assert placement._same_body("区旅发委", "南湖新区旅游发展委员会")
    assert not placement._same_body("区财政局", "南湖新区旅游发展委员会")


def test_the_portals_government_in_the_header_does_not_compete_with_a_street() -> None:
    # header '天津市武清区人民政府' (the district portal), '2019年,杨村街道…' in the opening (zzs7440)
    assert parse_file(*_read("batch_zzs/7440.txt")).unit_name == "杨村街道"


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("batch_zzr/7309.txt", "临河区医疗保障局"),  # '临河区医疗保障局2023年为深入推进…'
        ("batch_zzr/7314.txt", "金台区审计局"),  # '现将金台区审计局政府信息公开工作2024年度工作情况报告如下'
        ("batch_zzt/7520.txt", "来凤经济开发区"),  # '现公开来凤经济开发区信息公开2018年度报告'
    ],
)
def test_the_name_before_its_year_or_before_its_disclosure_work(name: str, unit: str) -> None:
    assert parse_file(*_read(name)).unit_name == unit


@pytest.mark.parametrize("name", ["武威市人民政府关于报送武威市", "注册应急管理局", "交通运输厅党委", "完成审计局", "无障碍浏览审计局"])
def test_a_letters_subject_a_sites_button_a_party_committee_or_a_verb_is_no_name(name: str) -> None:
    assert not placement._unit_ok(name)


def test_a_reading_guide_titled_so_is_no_report_and_a_long_first_sentence_still_opens_one() -> None:
    with pytest.raises(RejectedInput, match="about reports"):
        parse_file(*_read("batch_zzv/7740.txt"))  # '文稿解读|…2024年度政府信息公开工作年度报告的解读'
    assert parse_file(*_read("batch_zzv/7736.txt")) is not None  # '一、总体情况' / '2020年为…政府信息公开工作'


@pytest.mark.parametrize("name", ["欢迎访问洛阳市文化广电和旅游局!市文化广电和旅游局", "鹿城区人民政府及办公室"])
def test_a_welcome_banner_or_two_bodies_is_no_name(name: str) -> None:
    assert not placement._unit_ok(name)


def test_a_leading_and_publish_is_no_part_of_the_name() -> None:
    # '…并发布双牌县教育局2025年…' (zzy8038)
    assert parse_file(*_read("batch_zzy/8038.txt")).unit_name == "双牌县教育局"


# Placement 1.55.0: a title that names the body without its year (or with the year after it in
# brackets), on a line of its own; the document an opening follows before the name; a year that
# opens a sentence straight into the body's word for itself.
@pytest.mark.parametrize(
    ("name", "unit", "year"),
    [
        ("batch_l/1513.txt", "驼峰路街道办事处", 2020),  # title without year; '2020年度我街办未接到…'
        ("batch_s/2213.txt", "天津市宝坻区大钟庄镇人民政府", 2019),  # '宝坻区大钟庄镇政府信息公开工作年度报告 (2019年)', written out by the page's '来源:'
        ("batch_zzg/6301.txt", "砚山县交通运输局", 2020),  # '2020年,根据《…的通知》(…)要求,砚山县交通运输局认真…'
        ("batch_s/2233.txt", "拉萨市行政审批和便民服务局", 2021),  # '根据《…》《…》(…)要求,拉萨市…局坚持…'
        ("batch_z/2919.txt", "黄龙县市场监督管理局", 2022),  # '根据…办公室《…》要求,黄龙县…局结合单位实际'
        ("batch_zb/3103.txt", "塘山乡人民政府", 2014),  # '2014年,塘山乡人民政府信息公开工作紧紧围绕…'
    ],
)
def test_a_title_without_its_year_and_an_opening_after_the_document_it_follows(name: str, unit: str, year: int) -> None:
    report = parse_file(*_read(name))
    assert (report.unit_name, report.year) == (unit, year)


def test_a_title_without_its_year_stands_alone_on_its_line() -> None:
    title = placement.m._TITLE_UNIT_ONLY.search
    assert title("驼峰路街道办事处政府信息公开工作年度报告").group("unit") == "驼峰路街道办事处"
    assert title("宝坻区大钟庄镇政府信息公开工作年度报告 (2019年)").group("year") == "2019"
    assert not title("关于印发驼峰路街道办事处政府信息公开工作年度报告的通知")  # more on the line
    assert not title("2011年政府信息公开工作年度报告")  # a year, no name
    # a town's government before 信息公开工作 is the name; '2013年度政府信息公开工作' names none (zzza8203)
    assert parse_file(*_read("batch_zzza/8203.txt")).unit_name is None
    # joined to the portal's name above it, a site's column is no title (zb3111)
    assert parse_file(*_read("batch_zb/3111.txt")).unit_name == "西城区展览路街道"


# Placement 1.56.0, read off the round zzzg–zzzj after it was scored at first sight.
@pytest.mark.parametrize(
    ("name", "unit", "year"),
    [
        ("batch_zzzg/8802.txt", "工业和信息化部", 2011),  # '现发布《工业和信息化部政府信息公开工作2011年度报告》'
        ("batch_zzzh/8905.txt", "中寨乡人民政府", 2024),  # '涵盖中寨乡人民政府2024年信息公开工作情况'
        ("batch_v/2529.txt", "西宁市城中区人民政府礼让街街道办事处", 2025),  # '全面总结…2025年政府信息公开工作情况'
        ("batch_zzzh/8926.txt", "本溪高新技术产业开发区管理委员会", 2023),  # 本溪 is a city, no pronoun
        ("batch_zzzj/9103.txt", "阳新县自然资源和规划局", 2022),  # '现公布2022年阳新县…局政府信息公开工作情况'
        ("batch_zzzj/9118.txt", "郑州高新技术产业开发区双桥办事处", 2021),  # 'UNIT向社会公布2021年度本级…报告'
        ("batch_zzz/8131.txt", "郑州高新区管委会", 2020),
        ("batch_zzzj/9117.txt", "新晃县教育局", 2013),  # '…2013年信息公开年度报告': a report without 政府
    ],
)
def test_names_published_summed_up_or_quoted_with_the_work_before_the_year(name: str, unit: str, year: int) -> None:
    report = parse_file(*_read(name))
    assert (report.unit_name, report.year) == (unit, year)


def test_a_foreign_brand_in_the_place_of_a_name_is_no_name() -> None:
    # '英国威廉希尔公司市统计局' (a gambling brand pasted over the city's name, zzzj9113)
    assert parse_file(*_read("batch_zzzj/9113.txt")).unit_name is None


# Placement 1.61.0: a level-only short form completed by the same name written out with its region
# elsewhere in the text — a region of the country's divisions (cpca) right before it.
@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("batch_zzzi/9010.txt", "息烽县统计局"),  # '县统计局' and '通过息烽县统计局电子政务网…'
        ("batch_zt/4914.txt", "德安县应急管理局"),  # '…以及德安县应急管理局'
        ("batch_zzq/7225.txt", "泉港区民政局"),  # '…门户网站和泉港区民政局'
        ("batch_zzzl/9310.txt", "孝感市政府研究室"),  # the government's own office keeps 政府
    ],
)
def test_a_short_form_completed_by_its_region_written_out_elsewhere(name: str, unit: str) -> None:
    assert parse_file(*_read(name)).unit_name == unit


def test_the_region_before_a_short_form_is_a_division_of_the_country() -> None:
    assert placement._regions_before("县统计局", "通过息烽县统计局电子政务网,现将县统计局") == {"息烽县"}
    assert placement._regions_before("县统计局", "年度县统计局") == set()  # no division named


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("batch_u/2412.txt", "燕郊高新区"),  # '由燕郊高新区党政办公室编制': the zone's internal office
        ("batch_zb/3117.txt", "临沂高新区"),
        ("batch_q/2036.txt", "秦淮区人民政府红花街道办事处"),  # a street office's own 办公室
    ],
)
def test_an_internal_office_compiling_names_its_zone_or_street(name: str, unit: str) -> None:
    assert parse_file(*_read(name)).unit_name == unit


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("batch_zzzzd/10857.txt", "嘉兴市市场监督管理局"),  # '【图文】嘉兴市市场监督管理局…': a page's tag before it
        ("batch_zm/4205.txt", "安康市卫生局"),  # '安康市卫生局市卫生局': the name, then its own short form
    ],
)
def test_a_tag_before_a_name_or_its_short_form_after_it_is_no_part_of_it(name: str, unit: str) -> None:
    report = parse_file(*_read(name))
    assert report.placed and report.unit_name == unit


@pytest.mark.parametrize(
    ("printed", "unit"),
    [("【图文】嘉兴市市场监督管理局", "嘉兴市市场监督管理局"), ("视频安康市卫生局", "安康市卫生局"),
     ("安康市卫生局市卫生局", "安康市卫生局"), ("北京市大兴区北京市大兴区发展和改革委员会", "北京市大兴区发展和改革委员会"),
     ("乐山市市中区人民政府", "乐山市市中区人民政府")],
)
def test_the_name_without_a_tag_before_it_or_its_short_form_after_it(printed: str, unit: str) -> None:
    named = placement._unit_name(printed)
    assert named is not None and named[0] == unit


@pytest.mark.parametrize(
    "name", ["batch_zzzv/10321.txt", "batch_zzzy/10633.txt", "batch_zzzzo/11423.txt", "batch_zzzw/10431.txt", "batch_zzzzi/11146.txt"]
)
def test_a_zone_by_its_kind_or_a_tagged_short_form_waits_for_the_officer(name: str) -> None:
    # '管委会', '特区', '保税区' alone; '图片县信访局' is '县信访局' (a bare level); '【工作推进】固镇县' names no year
    report = parse_file(*_read(name))
    assert not report.placed and report.placement.reason


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("县教育和科学技术局", "大竹县教科局", True),  # the kind written out after the bare level, short after the region
        ("县教育和体育局", "大竹县教科局", False),
        ("县教育局", "大竹县教科局", False),
        ("荣成市人民政府石岛管理区管委会", "石岛管理区", True),  # a zone and its committee
        ("唐山高新区管委会", "唐山高新区", True),
        ("唐山高新区管委会", "廊坊高新区", False),
    ],
)
def test_two_readings_of_one_body(a: str, b: str, same: bool) -> None:
    assert placement._same_body(a, b) is same





@pytest.mark.parametrize(
    "line",
    ["请与县政府办公室联系", "请与某某市政务服务中心联系", "请与县信访局联系"],
)
def test_a_government_office_as_the_contact_is_not_a_department(line: str) -> None:
    # an office or a centre answers for the government's report, not for its own; a bare level names no region
    unit = re.search(r"请与(.+)联系", line).group(1)  # type: ignore[union-attr]
    assert not placement._CONTACT_DEPARTMENT.match(unit)


def test_the_bodys_earlier_report_listed_names_it() -> None:
    # '…人事任免公开政府信息8条、福州市城乡建设局2021年度政府信息公开工作年度报告1条' (f916): the unit, not the year
    report = parse_file(*_read("batch_f/916.txt"))
    assert report.placement.units[0].value == "福州市城乡建设局"
    assert report.unit_name == "福州市城乡建设局"


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        ("发布政策文件12条、某某县统计局2021年度政府信息公开工作年度报告1条。", "某某县统计局"),
        ("发布公告3条,某某县统计局2021年政府信息公开工作年度报告、其他信息5条。", "某某县统计局"),
        ("全年发布动态20条,按时上传某某县统计局2021年政府信息公开工作年度报告。", "某某县统计局"),
        # not a sentence that compiles the report (read by its own rules), not two bodies' reports, not a notice
        ("编写某某县2017年度政府信息公开工作年度报告。", None),
        ("二是公开区政府和区政府办公室2019年政府信息公开工作年度报告;", None),
        ("按照《市政府办公室关于做好2021年政府信息公开工作年度报告编制工作的通知》要求,", None),
    ],
)
def test_a_report_listed_among_what_was_published(line: str, unit: str | None) -> None:
    found = [
        (hit.group("unit") or hit.group("unit2"))
        for hit in placement._LISTED_REPORT.finditer(line)
        if not placement._TWO_BODIES.search(hit.group("unit") or hit.group("unit2"))
    ]
    assert found == ([unit] if unit else [])


def test_the_short_name_a_text_gives_itself_is_cut_where_the_norm_is() -> None:
    line = placement.Line("2025年,某某市残疾人联合会(以下简称 “市残联”)在市委领导下", "2025年,某某市残疾人联合会(以下简称 “市残联”)在市委领导下", "")
    cut = placement._without_alias(line)
    assert cut.norm == cut.text == "2025年,某某市残疾人联合会在市委领导下"
    assert placement._without_alias(placement.Line("根据《条例》规定", "根据《条例》规定", "")).norm == "根据《条例》规定"


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        ("结合2025年荣成市退役军人事务局政府信息公开工作实际,编制发布本报告。", "荣成市退役军人事务局"),
        ("结合2020年度政府信息公开工作实际,编制本报告。", None),  # no body: the year's 度 is no name
        ("结合我局政府信息公开工作实际,编制本年度报告。", None),
    ],
)
def test_work_in_practice_names_the_body(line: str, unit: str | None) -> None:
    found = [
        hit.group("unit")
        for hit in placement._WORK_IN_PRACTICE.finditer(line)
        if placement._NAMED_REGION_FIRST.match(hit.group("unit")) and "年度" not in hit.group("unit")
    ]
    assert found == ([unit] if unit else [])


@pytest.mark.parametrize(
    ("short", "full", "same"),
    [("西乌旗", "西乌珠穆沁旗", True), ("阿左旗", "阿拉善左旗", True), ("东乌旗", "西乌珠穆沁旗", False), ("西乌县", "西乌珠穆沁县", False)],
)
def test_a_banners_short_name(short: str, full: str, same: bool) -> None:
    assert placement._same_body(short, full) is same


def test_a_name_ends_at_its_kind_not_inside_a_word() -> None:
    # '请与冠县人力资源和社会保障局联系' read lazily stopped at '社' of 社会 ('冠县人力资源和社'), a second body (zy5417)
    hit = placement._CONTACT.search("请与冠县人力资源和社会保障局联系")
    assert hit is not None and hit.group("unit") == "冠县人力资源和社会保障局"


# Real texts placed with the name they give themselves (1.71.0–1.72.1), each by the reading its comment names
_PLACED_AS_NAMED = [
    # a short form's second plate dropped, the short form completed and merged with the abbreviated name (1.73.27)
    ("batch_zzzzzzb/13422.txt", "成都市科学技术局"),  # '2011年市科学技术局(知识产权局)…' · '成都市科技局'
    # an opening without the year, its name the subject of the year's sentence in its paragraph (1.73.25)
    ("batch_zzzzzx/13151.txt", "文登区住建局"),  # '文登区住建局高度重视…。2019年,文登区住建局共主动公开…'
    ("batch_zzzzzg/12255.txt", "靖宇县公安局"),
    ("batch_z/2930.txt", "大竹县教育和科学技术局"),  # '县教育和科学技术局' · '大竹县教科局': written out, shortened
    ("batch_zzzb/8322.txt", "荣成市人民政府石岛管理区管委会"),  # a zone and its committee
    ("batch_zv/5107.txt", "宁陵县农业局"),  # '我局…请与宁陵县农业局联系': named whole only as the contact
    ("batch_zp/4507.txt", "贺胜桥镇人民政府"),  # '2022年,贺胜桥镇人民政府为充分尊重…'
    ("batch_zzb/5737.txt", "山西省退役军人事务厅"),  # '2022年,山西省退役军人事务厅准确把握…'
    ("batch_zzg/6310.txt", "襄州区卫健局"),  # '一、总体情况 2022年,襄州区卫健局…': the heading on the same line
    ("batch_zzl/6723.txt", "马关县交通运输局"),  # '【2019】马关县交通运输局2019年…': the page's tag holds a year
    ("batch_zzzz/10727.txt", "大连市发展和改革委员会"),  # '按时上传大连市发展和改革委员会2024年…年度报告'
    ("batch_zza/5609.txt", "公主岭市残疾人联合会"),  # '2025年,公主岭市残疾人联合会(以下简称 “市残联”)在市委…'
    ("batch_zz/5508.txt", "梁平区人民政府办公室"),  # '现发布梁平区人民政府办公室(以下简称“区政府办公室”)2025年…'
    ("batch_zzzzt/11690.txt", "武汉东湖新技术开发区党政办公室"),  # a zone's office publishing its own report (both readers)
    ("batch_zzzzl/11271.txt", "中山市供銷合作聯社"),  # …and '市供銷社' is its short form
    ("batch_zq/4601.txt", "自贡市商务局"),  # '结合自贡市商务局2022年政府信息公开工作实际,编制发布本报告'
    ("batch_zzj/6509.txt", "眉山市司法局"),  # '根据2023年眉山市司法局信息公开工作实际编制而成'
    ("batch_j/1312.txt", "天津市北辰区"),  # '字号北辰区2020年度…报告': the page's font-size control is no name
    ("batch_zk/4033.txt", "西乌珠穆沁旗"),  # '西乌旗2021年…' in the title is the banner's short name
    ("batch_zzd/5907.txt", "永泰县农业局"),  # 我局 over the county whose notice it follows
    ("batch_zzj/6540.txt", "广元市统计局"),  # '特向社会公布广元市统计局2024年政府信息公开情况。': no 报告 said
    ("batch_zz/5515.txt", "南强街道办事处"),
    ("batch_zzzx/10523.txt", "青川县"),
    ("batch_zy/5417.txt", "冠县人力资源和社会保障局"),  # not '冠县人力资源和社' (a name ends at its kind, not in 社会)
    # (1.73.0) a level-only short form completed by the one government portal of its level the text names
    ("batch_q/2005.txt", "金坛区商务局"),  # '区商务局' · '金坛区政府门户网站'
    ("batch_zc/3213.txt", "旌德县林业局"),
    ("batch_ze/3405.txt", "镇江市政务服务管理办公室"),
    ("batch_zzzi/9035.txt", "绵竹市农业农村局"),
    ("batch_zzzzzb/12019.txt", "如东县城管局"),  # '县城管局' · '如东县人民政府网站'
    # …a title whose words a page's wrapping split with a space, or that shares the government's 政府
    ("batch_zzzzz/11955.txt", "草滩乡人民政府"),  # '…工作年度 报告'
    ("batch_zzzp/9726.txt", "黄石港区文化和旅游局"),  # '…政府信息 公开工作年度报告'
    ("batch_zzzzm/11302.txt", "兴县人民政府"),  # '2015年兴县人民政府信息公开年度报告'
    ("batch_zl/4121.txt", "广州海关"),  # '广州海关2015年海关政府信息公开年度报告': a customs office
    ("batch_zzzzu/11724.txt", "天津海关"),
    # …'现就/现将 UNIT YEAR…情况报告/公布如下'
    ("batch_zzzzo/11436.txt", "鹤游镇"),
    ("batch_zzzzw/11805.txt", "邵阳经开区"),
    # …an opening that says what the body received or did not ('2020年,峡口镇依申请公开信息0条')
    ("batch_zzzzu/11713.txt", "峡口镇"),
    ("batch_zzzzz/11968.txt", "白驼镇"),  # '2025年白驼镇没有收到…'
    ("batch_zzzt/10110.txt", "襄阳市统计局"),  # '2020年,襄阳市统计局政务信息公开工作在…'
    # …a page's bare '来源:' naming a body (not '来源: 市府办', which names no city: zzzt10121 stays 温州市)
    ("batch_zz/5520.txt", "钦州市乡村振兴局"),
    ("batch_zzzzn/11367.txt", "谷城县发展和改革局"),
    ("batch_zzzt/10121.txt", "温州市"),
    # …two bodies in one name: the government, not '阿勒泰地区行政公署及办公室'
    ("batch_zzzn/9523.txt", "阿勒泰地区行政公署"),
    # …the download site in more wordings, confirmed by 我市/我区 ('本年报电子版在厦门市人民政府门户网站…')
    ("batch_zzzzk/11233.txt", "厦门市"),
    ("batch_zzzx/10504.txt", "宣城市"),  # '…電子版可在宣城市人民政府信息公開網站下載'
    ("batch_zzzy/10627.txt", "白山市江源区"),  # '…电子版可通过白山市江源区人民政府网站进行查阅'
    # …an opening after what the work follows or the past year, with no year of its own
    ("batch_zs/4806.txt", "阜新市政府"),  # '按照省政府办公厅的工作部署,阜新市政府认真贯彻…'
    ("batch_zzzzj/11163.txt", "东丽区人民政府"),  # '过去一年,东丽区人民政府坚持…'
    # …the body's own rules and mechanisms, confirmed by 我局/我乡
    ("batch_za/3014.txt", "广元市财政局"),  # '修改制定了新的《广元市财政局政府财政信息公开暂行办法》'
    ("batch_zc/3204.txt", "梅县区气象局"),
    ("batch_zza/5618.txt", "上营乡"),
    # …a county's portal quoted or named without 政府 ('以青川县门户网站为主要公开平台' over '县乡村振兴局')
    ("batch_p/1926.txt", "青川县乡村振兴局"),
    ("batch_zn/4322.txt", "资中县教育和体育局"),  # '报告电子版可从“资中县人民政府”门户网站' over '县教育和体育局'
    # …the report 制定 by its body after the rules it follows
    ("batch_zzb/5709.txt", "西湖区人力资源和社会保障局"),
    # …a kind typed twice at the end is the kind once ('襄阳市襄城区住建局局' is the 住房和城乡建设局 of the opening)
    ("batch_zzzt/10103.txt", "襄阳市襄城区住房和城乡建设局"),
    ("batch_zy/5410.txt", "麒麟区自然资源局"),
    # …and an office by its kind alone ('发布机构:党政办公室') competes with no body
    ("batch_zzzzk/11224.txt", "常州经开区管委会"),
    # …a title in a page's 名称 field when the field is a table cell or bracketed ('| 名称 | 城东管理区2025年…报告 |')
    ("batch_zzzzf/10989.txt", "城东管理区"),
    ("batch_zzzx/10536.txt", "榆林高新区管委会党政办公室"),  # '[ 名 称 ] | 榆林高新区管委会党政办公室2022年…'
    ("batch_zzp/7124.txt", "榆林高新区管委会党政办公室"),  # (was placed as the zone: the office reports for itself)
    # (1.73.9) a name whose kind's word is printed twice in a row, wherever the page prints it: the body once
    ("batch_zzzzzg/12264.txt", "北京市门头沟区民政局"),
    # (1.73.11) state farms and public schools are bodies that report: a title or a 编制 sentence naming one
    ("batch_zzzr/9902.txt", "第六师芳草湖农场"),
    ("batch_m/1631.txt", "安徽省涡阳第三中学"),
    ("batch_y/2830.txt", "莆田第二中學"),
    ("batch_zzzn/9530.txt", "泰山學院附屬中學"),
    # (1.73.21) a title with the year after the disclosure work: '…委员会政府信息公开工作2023年度报告', also over two lines
    ("batch_zzzzzr/12823.txt", "鄂尔多斯市国有资产监督管理委员会"),
    ("batch_t/2328.txt", "重庆市大足区人民政府外事办公室"),
    ("batch_zzq/7228.txt", "定州市环境保护局"),
    # …what the report sums up, after the particle 了 ('本报告全面总结了梁平区卫生健康委2025年度…')
    ("batch_zzzzzs/12858.txt", "梁平区卫生健康委"),
    # …a department named whole in its contact line, and calling itself 我局 / 我委 once
    ("batch_zzzzzr/12801.txt", "兴安盟生态环境局"),  # '请与兴安盟生态环境局办公室联系'
    ("batch_zzzzzs/12860.txt", "闽清县工业和信息化局"),
    ("batch_zj/3908.txt", "岱山县卫生健康局"),
    # (1.73.24) a title or a publishing sentence with the short name the body gives itself between its name and the year
    ("batch_zzzzzv/13015.txt", "江門市人民政府辦公室"),  # '江門市人民政府辦公室(以下簡稱市府辦公室)2013年…報告'
    ("batch_zzzzzv/13024.txt", "清遠市人民政府辦公室"),  # '…的規定,公布清遠市人民政府辦公室(以下簡稱…)2013年…'
]


@pytest.mark.parametrize(("name", "unit"), _PLACED_AS_NAMED)
def test_placed_with_the_name_it_gives_itself(name: str, unit: str) -> None:
    report = parse_file(*_read(name))
    assert report.placed and report.unit_name == unit


def test_a_county_of_one_character_opens_a_paragraph_as_a_candidate() -> None:
    # '《…条例》全面施行以来,费县审计局积极贯彻…' (zzzp9737): 费县 is a county's whole name; the opening is weak
    # evidence alone (no title, no 编制 sentence), so the report waits — with the body first among its candidates
    report = parse_file(*_read("batch_zzzp/9737.txt"))
    assert not report.placed
    assert report.placement.units[0].value == "费县审计局"
    assert placement._NAMED_REGION_FIRST.match("兴县人民政府") and placement._NAMED_REGION_FIRST.match("滑县人社局")
    assert not placement._NAMED_REGION_FIRST.match("本县人民政府") and not placement._NAMED_REGION_FIRST.match("两县交界")


@pytest.mark.parametrize(
    ("name", "kind_only"),
    [("机关事务管理局", True), ("档案局", True), ("地方志办公室", True), ("国有资产监督管理委员会", True),
     ("辽宁省机关事务管理局", False), ("龙潭区档案局", False), ("国家档案局", False),
     # a level and a bare kind (1.73.18: zzzzzo12659 '2010年,区局以贯彻…', zzzzzg12254 '市局政务公开工作…')
     ("区局", True), ("市局", True), ("县委", True), ("区分局", True), ("静安区局", False)],
)
def test_the_kinds_of_older_and_smaller_departments_alone_are_no_name(name: str, kind_only: bool) -> None:
    # 1.73.14: '机关事务管理局' and 我局 only (zzzzzl12516) was placed under the bare kind
    assert placement._kind_only(name) is kind_only


def test_a_period_span_without_the_year_at_its_end_gives_the_statistics_year() -> None:
    # '報告中所列數據為本機關自2021年1月1日起至12月31日止的公開數據' (zzzzzm12558) outweighs last year's report
    # published as an item of the year's work ('五是發佈分局2020年度政府資訊公開工作年度報告')
    text = (
        "本報告由某某市稅務局第三稅務分局編制,報告中所列數據為本機關自2021年1月1日起至12月31日止的公開數據。\n"
        "一、總體情況\n2021年,第三稅務分局認真貫徹《條例》精神。\n五是發佈分局2020年度政府資訊公開工作年度報告。\n"
    )
    report = parse_file(text.encode(), "report.txt")
    assert any(y.value == "2021" and "统计期限 sentence" in y.source for y in report.placement.years)
    real = parse_file(*_read("batch_zzzzzm/12558.txt"))
    assert real.placed and real.year == 2021
    assert placement._PERIOD_SPAN.search("自2021年1月1日起至12月31日止")
    assert placement._PERIOD_SPAN.search("自2021年1月1日起至2022年12月31日止")["y2"] == "2022"  # (no one year: not read)


def test_a_body_cut_from_its_title_with_its_first_section_and_the_disclosure_work_is_kept() -> None:
    # 1.73.20: '一、总体情况' over '…大力加强人防信息公开工作,…累计主动公开政府信息156条' with no title, no year of its own
    # work and no figure the prose reader keeps (zzzzzq12769): a report cut short, kept 待归属 — not rejected
    text = (
        "发布时间:\n2020-01-31 17:27\n一、总体情况\n"
        "我办紧紧围绕市委、市政府中心工作大局,高度重视并大力加强人防信息公开工作,积极通过门户网站、报刊等载体加大信息公开力度,"
        "截止2019年12月份,市人防办网站累计主动公开政府信息156条。\n(一)按制度做好全年信息公开工作。\n"
    )
    report = parse_file(text.encode(), "report.txt")
    assert not report.placed and report.placement.reason
    # …but a page with a first section and no disclosure work stays no report
    with pytest.raises(RejectedInput):
        parse_file("一、总体情况\n全年完成招商引资项目12个,主动公开招标信息。\n".encode(), "news.txt")


def test_a_title_with_its_year_but_no_nian_is_a_report() -> None:
    # 1.73.21: '名  称: 本号镇2019政府信息公开工作年度报告' below a page's chrome (zzzzzs12868): the 年 left out, as 25
    # texts of the real corpus print it — a report, not a page without report wording
    report = parse_file(*_read("batch_zzzzzs/12868.txt"))
    assert report.year == 2019
    assert meta._LISTED_REPORT.search("本号镇2019政府信息公开工作年度报告")
    assert not meta._LISTED_REPORT.search("第12019政府信息公开")  # (five digits are no year)


def test_a_contact_department_needs_its_kind_said_once_and_alone() -> None:
    # 1.73.21: the contact line's department and 我局 once place the report, also beside its region's 我市 once
    # (1.73.22: 乌兰浩特市卫生健康委员会 + 我委 + 我市, zzzzzr12806); 我委 once beside 我局 once does not (two kinds)
    text = "本报告由我局编制。\n一、总体情况\n2022年,我局主动公开政府信息12条。\n如有疑问,请与某某县水利局办公室联系。\n"
    report = parse_file(text.encode(), "report.txt")
    assert report.placed and report.unit_name == "某某县水利局"
    city = text.replace("我局编制", "我市编制").replace("我局主动", "我委主动").replace("水利局", "卫生健康委员会")
    report = parse_file(city.encode(), "report.txt")
    assert report.placed and report.unit_name == "某某县卫生健康委员会"
    assert not parse_file(city.replace("我市编制", "我局编制").encode(), "report.txt").placed
    assert parse_file(*_read("batch_zzzzzr/12806.txt")).unit_name == "乌兰浩特市卫生健康委员会"


def test_the_du_of_niandu_starts_no_name_and_the_year_stands() -> None:
    # 1.73.23: '2019年度街道受理信息公开申请0件。' (zn4332, a street that never names itself) was placed as '度街道'
    report = parse_file(*_read("batch_zn/4332.txt"))
    assert not report.placed and report.year == 2019
    assert report.values()["narrative.requests_received"] == 0
    # …a name that does start with 度 after a comma is still one ('2020年,度尾镇认真…')
    text = "2020年,度尾镇认真贯彻《政府信息公开条例》。\n一、总体情况\n2020年,度尾镇主动公开政府信息20条。\n"
    assert parse_file(text.encode(), "report.txt").unit_name == "度尾镇"


def test_a_link_tagged_as_a_reading_guide_on_a_reports_page_leaves_it_a_report() -> None:
    # 1.73.24: only a title tagged 【文稿解读】 before a report's name is a guide; 【政策解读】 over a report (zzzf8728) is a link
    assert meta._GUIDE_TAG.match("【文稿解读】科苑街道办事处2020年政府信息公开工作年度报告")
    assert not meta._GUIDE_TAG.match("【政策解读】")
    assert parse_file(*_read("batch_zzzf/8728.txt")).placed
