"""Prose figures: only exact, yearly statements; every listed trap gives nothing."""

from __future__ import annotations

import pytest
from meta_docs import FIXTURES, SAMPLE_2017, document_from_file, document_from_text, gold_of, real_samples

from pipelines.model import Line
from pipelines.normalize.meta import extract_metadata
from pipelines.normalize.narrative import extract_narrative


def _narrative_gold(path):
    return {k: v for k, v in gold_of(path)["values"].items() if k.startswith("narrative.")}


def _values(figures):
    return {f.metric: f.value for f in figures}


@pytest.mark.parametrize("path", [SAMPLE_2017, *real_samples()], ids=lambda p: p.name)
def test_real_samples_exactly_the_gold_narrative_values(path):
    doc = document_from_file(path)
    year = extract_metadata(doc).year
    assert _values(extract_narrative(doc.lines, year)) == _narrative_gold(path)


def test_2017_sample_figures_carry_the_sentence_and_line():
    doc = document_from_file(SAMPLE_2017)
    figures = {f.metric: f for f in extract_narrative(doc.lines, 2017)}
    microblog = figures["narrative.microblog_posts"]
    assert microblog.raw_text == "微博全年发布信息1025条"
    assert microblog.origin == "text"
    assert microblog.provenance == "line 13 (text)"
    assert "微博全年发布信息1025条" in doc.lines[12].text
    # 订阅数为4050 and 关注5154人次 sit in a 截至目前 sentence: a stock, not the year's figure
    assert "narrative.wechat_subscribers" not in figures
    assert "narrative.microblog_followers" not in figures


def test_traps_fixture():
    doc = document_from_file(FIXTURES / "narrative_traps.txt")
    assert _values(extract_narrative(doc.lines, 2021)) == {
        # 微信和微博分别发布信息1408条、6502条: a list of outlets, no channel's count (convention 15:00)
        "narrative.requests_received": 7,  # not 3 (较2020年减少3件), not 5 (去年)
        "narrative.review_cases": 1,
        "narrative.suit_cases": 0,
    }


def test_unknown_year_gives_nothing():
    doc = document_from_file(FIXTURES / "narrative_traps.txt")
    assert extract_narrative(doc.lines, None) == []


def _one(sentence: str, year: int = 2021):
    doc = document_from_text(f"{year}年政府信息公开工作情况\n{sentence}\n")
    return _values(extract_narrative(doc.lines, year))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("2021年,微博全年发布信息1025条。", {"narrative.microblog_posts": 1025}),
        ("2021年,我局未接到政府信息公开申请。", {"narrative.requests_received": 0}),
        (
            "2021年,未发生政府信息公开行政复议和行政诉讼。",
            {"narrative.review_cases": 0, "narrative.suit_cases": 0},
        ),
        ("2021年,因政府信息公开引发行政复议2件。", {"narrative.review_cases": 2}),
        ("2021年,共收到4件信息公开申请。", {"narrative.requests_received": 4}),
        ("2021年,全年无依申请公开的情况。", {"narrative.requests_received": 0}),
        ("2021年,共受理依申请公开申请12件。", {"narrative.requests_received": 12}),
        ("2021年,政务微博发布信息数1025条。", {"narrative.microblog_posts": 1025}),
        ("2021年,共受理群众政府信息公开申请1,054件。", {"narrative.requests_received": 1054}),
        ("2021年,在微信公众平台上公开116条信息。", {"narrative.wechat_posts": 116}),
        ("政府门户网站全年发布信息3512条。", {"narrative.website_posts": 3512}),
        ("全年共主动公开政府信息2468条。", {"narrative.proactive_total": 2468}),
        ("截至2021年底,政务微博粉丝数达12000人。", {"narrative.microblog_followers": 12000}),
        # phrasings of unseen real reports (issue 9)
        ("2021年,主动公开某某乡人民政府信息57条。", {"narrative.proactive_total": 57}),
        ("2021年,我镇接收到申请书55份。", {"narrative.requests_received": 55}),
        ("2021年,微信公众号共发布\n文章473篇。", {"narrative.wechat_posts": 473}),
        ("2021年,我镇未收到依申请公开请求。", {"narrative.requests_received": 0}),
        (
            "2021年,我镇政府信息公开工作未引起行政复议和行政诉讼。",
            {"narrative.review_cases": 0, "narrative.suit_cases": 0},
        ),
        ("2021年1月1日至12月31日,主动公开政府信息20条。", {"narrative.proactive_total": 20}),
        ("2021年,我区政府门户网站共发布各类信息6009条。", {"narrative.website_posts": 6009}),
        ("2021年,公明街道主动公开各类政府信息总数达498条。", {"narrative.proactive_total": 498}),
        ("2021年,我局主动公开政府信息70件。", {"narrative.proactive_total": 70}),
        # the whole area's applications are not the body's own (convention 18:30); its zero is
        ("2021年全区共受理政府信息公开申请件1156件。", {}),
        ("2021年全区未收到政府信息公开申请。", {"narrative.requests_received": 0}),
        ("2021年我区共受理政府信息公开申请件1156件。", {"narrative.requests_received": 1156}),
        (
            "2021年度未接到有关政府信息公开方面的复议、诉讼和申诉。",
            {"narrative.review_cases": 0, "narrative.suit_cases": 0},
        ),
        ("2021年依申请公开共受理2件。", {"narrative.requests_received": 2}),
        ("2021年,收到公民提出的政府信息公开申请2份。", {"narrative.requests_received": 2}),
        (
            "2021年,我乡无因政府信息公开申请行政复议和提起行政诉讼的情况。",
            {"narrative.review_cases": 0, "narrative.suit_cases": 0},
        ),
        (
            "我局2021年度共受理有关政府信息公开工作的行政复议、行政诉讼和申诉案件0件。",
            {"narrative.review_cases": 0, "narrative.suit_cases": 0},
        ),
        # convention 2026-11-30: a website's proactive count for the year is both keys
        ("2021年,市政府门户网站主动公开各类政府信息6259条。", {"narrative.proactive_total": 6259, "narrative.website_posts": 6259}),
        ("2021年,我镇通过网站主动公开政府信息共81条。", {"narrative.proactive_total": 81, "narrative.website_posts": 81}),
        ("2021年,我局认真梳理,主动在门户网站公开政府信息50条。", {"narrative.proactive_total": 50, "narrative.website_posts": 50}),
        ("2021年,通过门户网站主动公开2628条信息。", {"narrative.proactive_total": 2628, "narrative.website_posts": 2628}),
        ("2021年,我镇在政府网站上共公开285条信息。", {"narrative.website_posts": 285}),  # no 主动公开: the site only
        ("2021年,通过“某某县人民政府门户网站”发布信息3758条。", {"narrative.website_posts": 3758}),
        ("2021年,我局主动公开信息共42条。", {"narrative.proactive_total": 42}),  # also without 政府/政务
        # without 主动 a count may include what was disclosed on request: neither (convention 15:00)
        ("2021年,全年公开政府信息995845条。", {}),
        ("2021年,共公开政务信息40条,其中文件类6条。", {}),
        (
            "2021年我镇公开政府信息243条,在门户网站的“镇场工作”栏目公开了63条动态信息。",
            {},  # a column's count is not the site's
        ),
        # the parts after 其中 are not the total (and do not make it doubtful)
        ("2021年,主动公开政府信息154条,其中,规范性文件主动公开政府信息1条。", {"narrative.proactive_total": 154}),
        # the total over outlets listed together; the site's share after 其中
        (
            "2021年,通过门户网站、政务微博、政务微信等主动公开政府信息8731条,其中门户网站公开信息7717条。",
            {"narrative.proactive_total": 8731, "narrative.website_posts": 7717},
        ),
        # one kind of post is not the account's count ('工作动态'), nor are reposts
        (
            "2025年,利用微信公众号发布工作动态64条,在官方微博发布、转载微博43条。",
            {},
        ),
        # items pushed to another body's site are not this body's site count
        (
            "2025年,向区政府门户网站推送重要政务动态等各类信息379条。",
            {},
        ),
        # one count of reviews and suits together is neither
        (
            "2022年,因政府信息公开涉行政复议、行政诉讼案件743件。",
            {},
        ),
        # an as-of count of applications is not the year's
        (
            "截止2010年12月31日共受理依申请公开政府信息4件。",
            {},
        ),
        # without 主动 only a count of 政府/政务信息 is the proactive total (m1638: everything the outlets carried)
        ("2021年,通过政府网站、信息查阅场所等公开信息35829条。", {}),
        ("2021年,通过政府网站、信息查阅场所等公开政府信息35829条。", {}),
        ("2021年,通过政府网站、信息查阅场所等主动公开信息35829条。", {"narrative.proactive_total": 35829}),
        (
            "2021年我街道通过区政府网、首善公众号、各级媒体等方式主动向社会公开信息1851条。",
            {"narrative.proactive_total": 1851},
        ),
        # a list of counts, item by item; 累计 of another clause does not touch this one
        (
            "2021年,发布政策文件4条、解读信息4条、群众留言办理10条、微信公众号推送信息1350篇,累计阅读量42万余次。",
            {"narrative.wechat_posts": 1350},
        ),
        # one item of a list of outlets is no channel's count (convention 15:00)
        ("2021年,政府网站公开政府信息数112条、微信公众号公开政府信息数85条。", {}),
        ("自2021年1月1日起至2021年12月31日止,累计主动公开政府信息149条。", {"narrative.proactive_total": 149}),
        ("2021年,我街全年共收到依申请公开信息1条。", {"narrative.requests_received": 1}),
        ("2021年,我镇收到社会公众提出的政府信息公开申请1条。", {"narrative.requests_received": 1}),
        ("2021年,我乡无依申请公开政府信息和不予公开政府信息的情况。", {"narrative.requests_received": 0}),
        ("2021年我局有关政府信息公开的行政复议案共1起。", {"narrative.review_cases": 1}),
        # other units and wordings of the application count (h1131 h1132 g1039 h1123 h1113 d629 h1109 h1136)
        ("2021年,我街道共受理依申请公开7宗。", {"narrative.requests_received": 7}),
        ("2021年共收到政府信息公开申请3宗。", {"narrative.requests_received": 3}),
        ("2021年,收到并处理政府信息公开申请7项。", {"narrative.requests_received": 7}),
        # letters may be only some of the applications (convention 19:00); a zero of letters is kept
        ("2021年我厅共收到依申请公开信件2件。", {}),
        ("2021年我厅共受理答复依申请公开政府信息信件0件。", {"narrative.requests_received": 0}),
        ("2021年共收到依申请案件1件。", {"narrative.requests_received": 1}),
        ("2021年,共收到10件依申请公开请求。", {"narrative.requests_received": 10}),
        ("2021年我局共收到9份政府信息依申请公开事项。", {"narrative.requests_received": 9}),
        # zero statements in other words (d630 g1012 d637 h1133 h1137 d608 e801 d635)
        ("本年度,我局未收到政府信息申请。", {"narrative.requests_received": 0}),
        ("2021年度,我乡未发生政府信息公开申请。", {"narrative.requests_received": 0}),
        ("2021年,没有行政相对人向我单位提出政府信息公开申请。", {"narrative.requests_received": 0}),
        ("本单位2021年度没有收到要求公开信息的申请。", {"narrative.requests_received": 0}),
        ("2021年沙依巴克区无依申请公开的政府信息。", {"narrative.requests_received": 0}),
        ("2021年,无单位或个人申请政府信息公开。", {"narrative.requests_received": 0}),
        ("2021年,因政府信息公开行政复议0条,行政诉讼0条。", {"narrative.review_cases": 0, "narrative.suit_cases": 0}),
        (
            "全年未发生因政府信息公开产生申请行政复议或者提起行政诉讼的情况。",
            {"narrative.review_cases": 0, "narrative.suit_cases": 0},
        ),
        # 主动发布 is not 主动公开 since 1.73.13 (d619's early gold kept it; the readers of zzzn9512, zzzzw11812 and
        # zzzzzk12459 all declined it); 累计 with the year in the sentence (g1032)
        ("2021年,全年主动发布各类政府信息 876条。", {}),
        ("2021年,主动公开政府信息累计204条。", {"narrative.proactive_total": 204}),
        # a site's disclosure column publishing proactively is the site (e801 e815 f916)
        (
            "2021年,在市人民政府门户网站信息公开专栏主动公开信息20条。",
            {"narrative.proactive_total": 20, "narrative.website_posts": 20},
        ),
        # a site's share after 其中, its breakdown in brackets (e808 e823)
        (
            "2021年主动公开政府信息20万余条,其中,市政府门户网站发布信息16642条(概况类194条、政务动态5749条)。",
            {"narrative.website_posts": 16642},
        ),
        (
            "全年无政府信息公开申请行政复议、提起行政诉讼的案件。",  # 无, no digit and no 未
            {"narrative.review_cases": 0, "narrative.suit_cases": 0},
        ),
        # convention 12:20: a stated total is the figure, whatever breakdown follows (i1222 j1313 j1316)
        (
            "2021年通过政务网站主动公开政府信息376条,其中工作动态83条,通知公告206条,财政信息5条。",
            {"narrative.proactive_total": 376, "narrative.website_posts": 376},
        ),
        # …and the site's total stays when categories follow it; the 主动公开 count among them is one category (i1237)
        (
            "2021年通过区政府网站发布信息43条,主动公开政府信息11条,建议提案办理情况1条,文字解读1条。",
            {"narrative.website_posts": 43},
        ),
        # 截至目前 makes a stock of every clause but one saying 全年 (i1211, the 2017 sample)
        ("截至目前,政务微信公众号订阅数为4050,微博全年发布信息1025条。", {"narrative.microblog_posts": 1025}),
        # the year's new items after 其中, not the 累计 stock before them (j1325 b234)
        (
            "2021年累计主动公开政府信息275条,全文电子化率达100%,其中,本年度新增的主动公开政府信息32条。",
            {"narrative.proactive_total": 32},
        ),
        # the proactive part of all the information produced (i1202 j1322)
        (
            "2021年,共制作政府信息3021条,其中主动公开信息1027条,依申请公开信息459条,不予公开信息1535条。",
            {"narrative.proactive_total": 1027},
        ),
        ("2021年度共计制作、获取政府信息总数148条,其中主动公开信息有103条。", {"narrative.proactive_total": 103}),
        # a total with 累计 inside the year, said without 主动 (i1225)
        ("2021年全年,区行政审批服务局累计公开政府信息217条,其中,公示公告127条。", {}),  # no 主动
        # 没有一件因… (i1222); 申请案件 (j1323)
        (
            "全年没有一件因政府信息公开工作被申请行政复议、提起行政诉讼。",
            {"narrative.review_cases": 0, "narrative.suit_cases": 0},
        ),
        ("2021年,我镇共受理政府信息公开申请案件4件,办结3件。", {"narrative.requests_received": 4}),
        # a named site reached 通过 is one channel: its share is the site's count, not the total stated
        # before (i1231; an enumerated part is never the total)
        (
            "全年主动公开政府信息10178条。二是通过某某信息网向社会主动公开信息10033条。",
            {"narrative.proactive_total": 10178, "narrative.website_posts": 10033},
        ),
        ("2021年,区城市管理委通过兰州市人民政府网主动公开政府信息2415条。", {"narrative.proactive_total": 2415, "narrative.website_posts": 2415}),
        ("2021年,通过政府门户主动公开信息177条。", {"narrative.proactive_total": 177, "narrative.website_posts": 177}),
        ("2021年,我镇受理依申请公开信息申请0条。", {"narrative.requests_received": 0}),
        # written applications are one channel (convention of 1.45.0: 书面提交/书面形式; 1.56.0: 书面申请 too)
        ("2021年,我县收到政府信息公开书面申请12件。", {}),
        # zero statements in more words (l1512 l1514 l1524 l1507)
        ("2021年度尚未收到依申请公开的申请。", {"narrative.requests_received": 0}),
        ("2021年,全年未收到依申请公开来信。", {"narrative.requests_received": 0}),
        ("2021年,我街道未收到公民、法人或者其他组织申请公开政府信息。", {"narrative.requests_received": 0}),
        (
            "我镇2021年度无因政府信息公开申请行政复议、提起行政诉讼情况。",
            {"narrative.review_cases": 0, "narrative.suit_cases": 0},
        ),
        # two statements joined by 且: the applications in the part naming no review (l1540)
        (
            "2021年未接到政府信息公开申请且未出现政府信息公开申请行政复议、提起行政诉讼等情况。",
            {"narrative.requests_received": 0, "narrative.review_cases": 0, "narrative.suit_cases": 0},
        ),
        # the site and other outlets together: the proactive total, no site count (i1236)
        (
            "2021年通过门户网站和其他信息公开渠道主动公开政府信息2398条。",
            {"narrative.proactive_total": 2398},
        ),
        # more conservative after the unseen batches m and n: as of a date, even with 本年度 (m1634 n1711)
        ("截至2021年12月31日,我镇本年度主动公开政府信息31条。", {}),
        ("截至2021年12月31日,本年度政府网站公开政府信息30447条。", {}),
        ("2021年,我镇本年度主动公开政府信息31条。", {"narrative.proactive_total": 31}),
        # an outlet's 累计 without the year in its own clause is its stock (m1624)
        ("2021年,在网站等平台主动公开信息近1000条,“健康舟山”微信平台累计发布365篇稿件。", {}),
        ("2021年,“健康舟山”微信平台全年累计发布365篇稿件。", {"narrative.wechat_posts": 365}),
        # a sentence naming only another year speaks of that year (m1635); a clause saying 全年 is read
        ("2022年,我局无依申请公开事项。", {}),
        ("全年接收政府信息公开申请1554件,2020年结转132件。", {"narrative.requests_received": 1554}),
        # 主动发布, of any information, is no proactive total (m1619; since 1.73.13 of government information too)
        ("2021年,主动发布各类信息314条,其中,局机关发布信息64条。", {}),
        ("2021年,全年主动发布各类政府信息876条。", {}),
        # a list ending with the rest: every count of it is a category (n1737) — unless the first says
        # it is a total (g1043)
        (
            "2021年,一是通过镇政府网站对外公开机构职能、预决算等法定主动公开信息31条,社会救助信息71条,"
            "工作动态等信息37条,其他信息11条。",
            {},
        ),
        (
            "2021年,某中心共主动公开各类政府信息82条,机构领导信息3条,规划计划2条,其他信息77条。",
            {"narrative.proactive_total": 82},
        ),
    ],
)
def test_stated_figures(sentence, expected):
    assert _one(sentence) == expected

def test_bare_applications_count_only_in_an_on_request_section():
    """'共收到申请19件' is the disclosure applications under '(二)依申请公开办理情况' (i1238), and
    nothing under another heading."""
    under = document_from_text("2021年政府信息公开工作年度报告\n(二)依申请公开办理情况\n2021年,某市共收到申请19件。\n")
    assert _values(extract_narrative(under.lines, 2021)) == {"narrative.requests_received": 19}
    other = document_from_text("2021年政府信息公开工作年度报告\n(三)政务服务情况\n2021年,某市共收到申请19件。\n")
    assert _values(extract_narrative(other.lines, 2021)) == {}


def test_a_heading_that_names_its_subject_whole_does_not_run_into_the_next_line():
    """'(一)镇政府信息公开网站主动公开政府信息情况' is long and has no stop, but it is a heading:
    the count under it says neither 网站 nor 主动公开 (i1208)."""
    doc = document_from_text(
        "2016年政府信息公开工作年度报告\n(一)镇政府信息公开网站主动公开政府信息情况\n"
        "2016年镇政府信息公开全年发布各类信息247条,其中机构概况类5条,规章类文件11条。\n"
    )
    assert _values(extract_narrative(doc.lines, 2016)) == {}


@pytest.mark.parametrize(
    "sentence",
    [
        "2021年,政务微博开通至今访问总量为967538次,发布信息12000条。",  # cumulative
        "2021年,通过手机短信、微信、QQ群公开15000条以上。",  # approximate, several outlets
        "2021年,全县共受理行政复议4件。",  # the county's reviews, not about its own disclosure
        "2021年,审理政府信息公开行政复议案件7起。",  # heard as the review organ
        "2021年,共受理政府信息公开申请24件(含上年结转1件)。",  # not the year's new applications alone
        "2021年,在网站“要闻动态”栏目发布信息713条。",  # one column of the site
        "截至目前,政务微信公众号订阅数为4050。",  # a stock, not stated for the year
        "2021年,通过政务微博发布信息755多条。",  # approximation
        "2021年,通过政务微信发布信息近200余条。",
        "2021年,受理12345热线诉求3000余起。",
        "2021年,刊发稿件400多篇。",
        "2021年,政务微博全年发布信息1.2万条。",
        "2021年,政务微信全年推送信息超1000条。",
        "依据国办公开办函〔2021〕30号和国务院令第711号,全年收到政府信息公开申请。",
        "联系电话:0755-26852939,邮编:518067,地址:石云路44号1009室。",
        "2021年,收到政府信息公开申请较2020年增加3722件。",  # another year's comparison
        "2021年,政务微博发布信息占比35%。",
        "自20211月1日起,共收到政府信息公开申请。",  # a date whose 年/月 were lost
        "2021年,办理行政复议案件30件。",  # not about 政府信息公开
        "2021年,中心未产生相关的人员、信息和诉讼费用。",
        "2021年,行政复议被依法纠错1件。",  # an outcome, not the number of cases
        "2021年,我局坚持以公开为常态,对无依申请公开事项的科室进行督导。",  # 无 not opening the clause
        # one channel listed among other outlets: the count is their combined total, no channel's
        "2021年,通过政务微信公众号等渠道发布信息620条。",
        "2021年,依申请公开政府信息2条,不予公开政府信息1条。",  # not the proactive output
        # convention 2026-11-30: the site's count is one item of a list, a category, or as of a date
        "2021年,利用门户网站主动公开政府信息88条、规范性文件2条、政策解读3条。",
        # convention 12:20: as of the day of writing, even with the year (i1211 i1235)
        "截至目前,2021年度主动公开政府信息共计393条。",
        # a count followed by 'the other information' is one category of the output (i1209)
        "2021年通过局门户网站公开政府信息公开52条,其他信息2167条。",
        # no information disclosed on request, said with 未发生: not a zero statement (k1415)
        "2021年,我局未发生依申请公开信息。",
        # one kind named between the site and its verb (l1507)
        "本年度我镇主动公开政府信息的数量如下:2021年政府网站工作动态发布629条,专栏发布28条。",
        # a notice-like total whose parallel categories follow: 1338 is one kind (d609)
        "2021年通过政府门户网站主动公开各类工作信息1338条,双公示142条,经费公开312条。",
        "2021年,其中在杭州余杭门户网站发布公示公告17条。",
        "截止2021年12月31日,通过网站主动公开政府信息共88条。",
        # a sentence opening with 其中 goes on with the stock before it
        "截至2021年底,我局共公布政府信息128余条。其中:政府网站公开政府信息数46条,政务微信公开政府信息数58条。",
    ],
)
def test_traps_give_nothing(sentence):
    assert _one(sentence) == {}


def test_section_that_never_names_the_year_gives_nothing():
    """Real 037: '未发生…行政复议、诉讼、申诉案件' sits in a section without a year."""
    text = "2018年政府信息公开工作\n五 复议、诉讼和申诉情况\n未发生有关政府信息公开事务的行政复议、诉讼、申诉案件。\n"
    doc = document_from_text(text)
    assert extract_narrative(doc.lines, 2018) == []


def test_sub_sections_of_a_top_section_that_opens_with_the_year_speak_of_it():
    """Real 128 (上海 2019): '一、总体情况' / '2019年，…' / '（二）依申请公开方面' / '…共受理…859件'."""
    text = (
        "2019年上海市人民政府办公厅政府信息公开工作年度报告\n一、总体情况\n"
        "2019年，市政府办公厅全面落实《条例》要求。\n（二）依申请公开方面\n"
        "市政府办公厅共受理政府信息公开申请859件。信息公开类行政复议7件，诉讼9件，均获维持。\n"
        "二、其他情况\n（一）办理情况\n共受理政府信息公开申请12件。\n"
    )
    figures = _values(extract_narrative(document_from_text(text).lines, 2019))
    # the second top section does not open with the year: its 12 is not placed
    assert figures == {
        "narrative.requests_received": 859,
        "narrative.review_cases": 7,
        "narrative.suit_cases": 9,
    }


def test_conflicting_statements_give_nothing():
    text = "一、概况\n2021年共收到政府信息公开申请7件。\n二、依申请公开\n全年共收到政府信息公开申请9件。\n"
    doc = document_from_text(text)
    assert "narrative.requests_received" not in _values(extract_narrative(doc.lines, 2021))


def test_a_heading_ending_in_gongkai_is_not_a_clause_left_open():
    """'(二)依申请公开' is a heading, not the start of '…公开' + the next line's figure."""
    lines = ["2021年政府信息公开工作情况", "(二)依申请公开", "全年无依申请公开的情况。"]
    doc = [Line(t, t, f"line {i}") for i, t in enumerate(lines, start=1)]
    figures = {f.metric: f for f in extract_narrative(doc, 2021)}
    assert _values(figures.values()) == {"narrative.requests_received": 0}
    assert figures["narrative.requests_received"].provenance == "line 3 (text)"


def test_sentence_wrapped_across_pdf_lines_is_read_whole():
    """PDF text lines break sentences: '政务微信公众号' / '全年发布信息598条'."""
    lines = [
        "(一)主动公开。2018年,我局坚持以公开为常态、不公开为例外,扎实推进决策、执行、管理、服务、结",
        "果公开。全年主动公开政府信息807条,其中重点领域信息52余条。政务微信公众号",
        "全年发布信息598条,及时传递权威声音。",
    ]
    doc = [Line(t, t, f"page 1 line {i}") for i, t in enumerate(lines, start=1)]
    figures = {f.metric: f for f in extract_narrative(doc, 2018)}
    assert _values(figures.values()) == {"narrative.proactive_total": 807, "narrative.wechat_posts": 598}
    assert figures["narrative.proactive_total"].provenance == "page 1 line 2 (text)"
    assert figures["narrative.wechat_posts"].raw_text == "政务微信公众号全年发布信息598条"
    # two outlets counted 'respectively' are a list of outlets: no channel key (convention 15:00)
    lines[1:] = ["果公开。全年主动公开政府信息807条。政务微信和", "政务微博全年分别发布信息598条、1107条,及时传递权威声音。"]
    doc = [Line(t, t, f"page 1 line {i}") for i, t in enumerate(lines, start=1)]
    assert _values(extract_narrative(doc, 2018)) == {"narrative.proactive_total": 807}


# The convention of 15:00 (docs/reports.md): when a careful reader could doubt what a count counts,
# neither key. Sentences shaped like the texts they come from (o1806 o1811 o1813 o1825 o1833 o1837
# p1906 c426 j1312 m1601 g1014).
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # one item of a list of outlets, also over '；' and after 其中 (o1806 o1811 o1833)
        (
            "2021年,我委全年共公开各类信息11000多条。其中,通过委门户网站主动公开各类信息8500余条,同比增长8%;"
            "通过省政府门户网站主动公开信息450条,同比增长6%;通过新闻媒体公开信息1100余条。",
            {},
        ),
        (
            "2021年,全年报送发布信息23条,其中在市政府门户网站公开发布11条、省政府外事办网站公开发布13条,"
            "党建网公开发布5条,“庆阳外事”微信订阅号发布信息54期97条。",
            {},
        ),
        # …but counts of different channels, each with its own count and none a share of a total, are
        # each their channel's figure (convention narrowed at 17:10: sample 037, c429, a015 …)
        (
            "2021年,通过政府网站公开信息1条,通过“鸭园镇”微信公众平台发布信息249条;全年未收到政府信息公开申请。",
            {"narrative.website_posts": 1, "narrative.wechat_posts": 249, "narrative.requests_received": 0},
        ),
        (
            "2021年,微博发布信息2504条,微信发布信息2731条。",
            {"narrative.microblog_posts": 2504, "narrative.wechat_posts": 2731},
        ),
        # 一是…；二是…: a list of outlets whose total says no 主动 (o1813)
        (
            "2021年,全镇政府信息公开566条,一是利用门户网站等平台公开政务信息38条;二是通过美篇、微信等发布信息168条。",
            {},
        ),
        # a total whose 其中 splits it by outlet is the list's total; its items are not the channels' counts
        (
            "2021年,全年主动公开政府信息279条,其中通过旗人民政府网站公开50条,通过政务新媒体公开229条。",
            {"narrative.proactive_total": 279},
        ),
        # …and one share alone after 其中 is that channel's count
        ("2021年,全年主动公开政府信息279条,其中通过旗人民政府网站公开50条。", {"narrative.proactive_total": 279, "narrative.website_posts": 50}),
        # a site's total over its own columns stays the site's count (c430)
        (
            "2021年县政府门户网站发布信息12205条,其中政务要闻栏目全年发布信息5974条、法定政府信息公开栏目发布信息5561条。",
            {"narrative.website_posts": 12205},
        ),
        # a count over two sites: the proactive total only (o1825)
        ("2021年,我办在市政府入口网站和法制办网站进行了主动公开信息27条。", {"narrative.proactive_total": 27}),
        # counts of many bodies (o1837 c426 j1312 m1601), but not outlets named 各级媒体
        ("2021年,我市各级政府共主动公开信息38482条。", {}),
        ("2021年,全县各级各部门主动公开政府信息共计14189条。", {}),
        ("2021年,全区各单位共受理政府信息公开申请总数962件。", {}),
        ("全年全区各公开机构通过政府信息公开专栏主动公开政府信息22984条,受理政府信息公开申请813件。", {}),
        ("2021年我街道通过区政府网、公众号、各级媒体等方式主动向社会公开信息1851条。", {"narrative.proactive_total": 1851}),
        # without 主动 (p1906 o1837)
        ("2021年度共公开政务信息40条,其中文件类6条。", {}),
        ("二是通过政府公报公开政府信息。2021年,市政府办公厅印发政府公报10期,公开政府信息107条。", {}),
    ],
)
def test_convention_of_1500(sentence, expected):
    assert _one(sentence) == expected


# Rules read off first-sight false positives (1.29.0–1.31.0): each was a narrower form of a rule
# already written, so each case holds the general shape, not the one text it came from.
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a kind named between 主动公开 and 信息 is one kind (zm4228) — a body named there is not
        ("2021年,我委全年主动公开重点领域政府信息485条。", {}),
        ("2021年,我局全年主动公开财政类政府信息12条。", {}),
        ("2021年,我苏木主动公开沙德格苏木政府信息28条。", {"narrative.proactive_total": 28}),
        # the site's 信息公开目录 is its catalogue: the proactive total, not the site's posts (zn4322)
        (
            "2021年,通过县政府网站政府信息公开目录主动公开政府信息146条,其中部门预决算101条。",
            {"narrative.proactive_total": 146},
        ),
        # no applications of citizens alone is no zero of all; a count of them is kept (zp4537, c407)
        ("2021年,受理公民个人提出的政府信息公开申请0条。", {}),
        ("2021年,收到公民提出的政府信息公开申请2份,均已正式答复。", {"narrative.requests_received": 2}),
        # last year's cases inside the count, in brackets or after 含 (zq4640); none of them is fine
        ("2021年,全年收到政府信息公开申请30件(其中1件为上年度结转),办结30件。", {}),
        ("2021年,共收到政府信息公开申请34件(含2020年结转2件)。", {}),
        ("2021年,共收到政府信息公开申请34件(含2020年结转0件)。", {"narrative.requests_received": 34}),
        # an account's or a site's count is the first number after its name (zq4630)
        ("2021年,“大涌发布”发布政务微信信息2141、视频信息139条。", {}),
        ("2021年,政府门户网站发布专题12个、信息139条。", {}),
        # after two categories of a list, a channel's count is one more item of it (zq4623)
        (
            "2021年遵义市统计局门户网站发布概况类信息36条,政务动态类信息87条,政策解读1条,“遵义统计”微信公众号发布信息151条。",
            {},
        ),
        # 主动发布 through outlets named before it is what they carried, not the proactive total (zo4428)
        ("2021年,我镇主要通过区政府网站、公示公告等栏目,以网上发布等形式,共制作和主动发布政府信息7条。", {}),
        ("2021年,我镇共主动公开政府信息7条。", {"narrative.proactive_total": 7}),
        # nothing received on request is a zero (zp4523 zp4530 zo4405 zo4435 zp4534) — nothing
        # disclosed on request is not (k1415), nor a bare count that may be of documents (zh3702)
        ("2021年,我镇未收到依申请公开政府信息。", {"narrative.requests_received": 0}),
        ("2021年度兴安盟公安局未收到依申请公开。", {"narrative.requests_received": 0}),
        ("2021年度我镇未受理依申请公开信息申请。", {"narrative.requests_received": 0}),
        ("2021年,全年未发生依申请公开信息。", {}),
        ("2021年,发文96件,其中主动公开96件,依申请公开0件。", {}),
        # 无 with what the cases would be about is a zero (zq4612)
        ("2021年,本年度无针对政府信息公开事务的行政诉讼。", {"narrative.suit_cases": 0}),
        # a site and a system listed together: the total over both, no site's count (zs4819)
        (
            "2021年,全年通过政府门户网站、省政府信息公开管理系统主动公开各类信息25006条。",
            {"narrative.proactive_total": 25006},
        ),
        # an application count listed among what was published is an item of it (zs4804)
        ("2021年我县主动公开各类政务信息3000余份,其中政府文件121份,依申请公开受理6件,办结6件。", {}),
        ("2021年我县受理依申请公开6件,办结6件。", {"narrative.requests_received": 6}),
        # outlets' counts in 件 adding up to the total are its shares (zt4909)
        (
            "2021年共主动发布信息176件,其中:在肥城市人民政府网站发布信息24件,在“肥城住建”微信公众号发布信息152件。",
            {},
        ),
        # more phrasings of the same figures (zv zw zx zy, 1.39.0)
        ("2021年度,芦庙镇主动公开政府信息条数921条。", {"narrative.proactive_total": 921}),
        ("2021年度政府信息主动公开总数为100条。", {"narrative.proactive_total": 100}),
        ("2021年,共主动公开政府本级信息60条。", {"narrative.proactive_total": 60}),
        ("2021年,共收到申请公开政府信息4件。", {"narrative.requests_received": 4}),
        ("2021年,我局收到60条信息公开的申请。", {"narrative.requests_received": 60}),
        ("2021年,城厢街道办事处共收到3个依申请公开件。", {"narrative.requests_received": 3}),
        ("2021年,全年没有公民、法人和其它组织提出依申请公开信息的申请。", {"narrative.requests_received": 0}),
        ("2021年,本年度无依申请公开信息转主动公开信息及解密公开信息。", {}),
        ("2021年,本年度通过网页渠道收到申请13件,通过来信渠道收到申请2件。", {}),
        # a larger count of more output after it in its list: no total (zx5302)
        ("2021年,主动公开各类信息1802条、更新行业动态2315条。", {}),
        # a count right after a channel's count in its list is one more item (zx5340)
        ("2021年,我厅通过门户网站发布各类信息1487条,主动公开政务信息282条,总访问量达802861次。", {"narrative.website_posts": 1487}),
        # new media only listed with 等: their count, not the total (zx5336)
        ("2021年,通过微信公众号、微博、抖音等政务新媒体平台主动公开政府信息5455条。", {}),
        ("2021年,通过门户网站、微信公众号等平台主动公开政府信息5455条。", {"narrative.proactive_total": 5455}),
        # a column with its own count beside the site's is one more outlet (zw5213)
        ("2021年度,我镇在门户网站主动公开政府信息10条,在基层政务公开栏目公开各项业务信息79条。", {}),
        # an outlet named in the clause before its count (zw5239)
        (
            "2021年,全年通过区政府网站累计主动公开信息124条;同时,依托便民服务中心设立的政务公开栏,及时发布政府信息78条。",
            {},
        ),
        # the last round (1.44.0): a site's count after a larger count of the output is a share
        # (zzb5734); 全街/全镇 is the whole area too (zzb5703); a kind named at length (zz5539);
        # 至…止 is as of a date (zz5511)
        ("2021年度公开政府信息84条,在政务网站共主动公开政府信息32条。", {"narrative.website_posts": 32}),
        ("2021年,全街共受理政府信息公开申请总数1件。", {}),
        ("2021年,通过健康海棠公众号发布推送卫生健康及疫情防控相关资讯206篇。", {}),
        ("至2021年12月31日止,2021年度我街道共主动公开信息37条。", {}),
        # a count as of now (zzf6136); one item of a list of counts (zze6027)
        ("做好政府信息依申请公开工作。目前共受理依申请公开22件,全年未收到有关政府信息公开的行政复议申请和行政诉讼。",
         {"narrative.review_cases": 0, "narrative.suit_cases": 0}),
        ("2021年,依托政府网站,全年累计主动公开政务信息33条、行政许可事项22项。", {}),
        # written submissions are one channel (zzd5906)
        ("2021年,全镇未接收到书面提交依申请公开事项,无网上依申请公开事项。", {}),
        # 主动发布 split by outlets after it (zzh6305); the valid applications only (zzi6402)
        ("2021年,我局主动发布各类政务信息123条,其中区政府网站8条;区林业局微信公众号115条。", {}),
        ("2021年,全年共受理有效政府信息公开申请113件。", {}),
        # the site's disclosure column counted with 共 before the verb (zr4710)
        (
            "2021年,农业部网站信息公开专栏共主动公开信息773条。",
            {"narrative.proactive_total": 773, "narrative.website_posts": 773},
        ),
    ],
)
def test_first_sight_rules_of_1_31(sentence, expected):
    assert _one(sentence) == expected


# 1.49.0: the disclosure application in any wording — a short phrase with 申请 and 公开/信息 after a
# verb of receiving, or denied — checked on phrasings no test above lists (read on earlier rounds'
# texts; each shape stands for several reports) and on what must stay unread.
_RULES_1_49 = [
    ("2021年,我局共受理依申请政府信息公开事项17例。", {"narrative.requests_received": 17}),
    ("2021年,我局收到1条依申请公开信息。", {"narrative.requests_received": 1}),
    ("2021年,我局接到12项依申请公开政府信息申请。", {"narrative.requests_received": 12}),
    ("2021年,收到和处理12件政府信息公开申请。", {"narrative.requests_received": 12}),
    ("2021年,中山路街道接到7条提出公开政府信息的申请。", {"narrative.requests_received": 7}),
    ("2021年政府信息依申请公开收到申请19条。", {"narrative.requests_received": 19}),
    ("2021年,全年收政府信息公开申请464件,结转上年度3件。", {"narrative.requests_received": 464}),
    ("2021年,受理政府信息申请公开0件。", {"narrative.requests_received": 0}),
    ("2021年度收到和处理政府信息公开申请数量为0。", {"narrative.requests_received": 0}),
    ("2021年,本年度共收到依申请公开事项0。", {"narrative.requests_received": 0}),
    ("2021年,全年依申请公开数0件。", {"narrative.requests_received": 0}),
    ("2021年,我局未收到公众要求公开政府信息内容的申请。", {"narrative.requests_received": 0}),
    ("2021年,我局没有收到过相关申请。", {"narrative.requests_received": 0}),
    ("2021年,全年未收到申请公开事项。", {"narrative.requests_received": 0}),
    ("2021年,我局未接收到依申请公开政府信息。", {"narrative.requests_received": 0}),
    ("2021年,我街道无依申请公开政府信息。", {"narrative.requests_received": 0}),
    # two denials joined by 和因: the applications read before it, the cases after it
    (
        "2021年,我局没有收到政府信息公开申请和因政府信息公开申请行政复议、行政诉讼事件。",
        {"narrative.requests_received": 0, "narrative.review_cases": 0, "narrative.suit_cases": 0},
    ),
    ("2021年,也无因政府信息公开申请行政复议、提起行政诉讼的案件。", {"narrative.review_cases": 0, "narrative.suit_cases": 0}),
    ("2021年,不存在因申请政府信息公开引起的行政复议和行政诉讼等情况。", {"narrative.review_cases": 0, "narrative.suit_cases": 0}),
    # what stays unread: cases handled, not received; documents disclosed on request; one
    # channel; one kind of applicant; a number without its unit; a fees statement; a subsidy
    ("2021年共办理政府信息依申请公开70件。", {}),
    ("2021年,全年依申请公开3条。", {}),
    ("2021年,明照街道未接收到群众在官网上公开信息的申请。", {}),
    ("2021年,我团未收到网络依申请公开。", {}),
    ("2021年收到政府信息公开线上申请2条。", {}),
    ("2021年,市市场监管局共收到2个自然人的政府信息公开申请。", {}),
    ("2021年,黔城镇收到依申请公开的申请2。", {}),
    ("三、政府信息公开收费和减免情况 2021年我镇没有依申请公开信息情况。", {}),
    ("2021年,我局受理低保救助申请公开事项52件。", {}),
    ("2021年,未收到公众申请要求公开的其它方面政府信息。", {}),
    # any denial of the cases in the clause
    ("2021年,我局没有针对我局政府信息公开的行政复议和行政诉讼。", {"narrative.review_cases": 0, "narrative.suit_cases": 0}),
    ("2021年,市民政局政府信息公开无行政复议、行政诉讼情况事项。", {"narrative.review_cases": 0, "narrative.suit_cases": 0}),
    ("2021年政府信息公开工作中无诉讼复议情况。", {"narrative.review_cases": 0, "narrative.suit_cases": 0}),
    ("2021年信息公开无行政复议情形,无行政诉讼情况。", {"narrative.review_cases": 0, "narrative.suit_cases": 0}),
    # …but not a way of suing, what the body handled, a court's hearing, fees, an outcome
    ("2021年,因政府信息公开被提起行政诉讼5件,其中未经复议直接起诉2件。", {"narrative.suit_cases": 5}),
    ("2021年,未受理因政府信息公开申请提起的行政复议申请。", {}),
    ("2021年,无人民法院受理并开庭审理涉及我委政府信息公开行为的行政诉讼案件。", {}),
    ("2021年政府信息公开无与诉讼(行政复议,行政诉讼)有关的费用支出。", {}),
    ("2021年,政府信息公开工作未发生行政复议被纠错的情况。", {}),
    # the proactive total in more wordings: an adverb or a second verb, 的 and the count named,
    # 篇/项, a list of kinds summed up by 等
    ("2021年,全年通过市政府网站主动及时公开信息28条。", {"narrative.proactive_total": 28, "narrative.website_posts": 28}),
    ("2021年,我局全年累计共主动向社会公开信息24条。", {"narrative.proactive_total": 24}),
    ("2021年,主动公开和更新了各类信息439条。", {"narrative.proactive_total": 439}),
    ("2021年,今年来主动公开的信息数共有164条。", {"narrative.proactive_total": 164}),
    ("2021年,全年主动公开政府信息26篇。", {"narrative.proactive_total": 26}),
    ("2021年,政府办公室全年主动公开领导分工、机构职能、政策文件等政府信息337条。", {"narrative.proactive_total": 337}),
    # …not a category ('其他应主动公开的…'), not a topic's kinds, not 16项65条, not parallel lists
    ("2021年,我街道主动公开政府信息26条,其中,工作信息23条,其他应主动公开的政府信息3条。", {"narrative.proactive_total": 26}),
    ("2021年,主动公开生产安全事故的政府举措、处置进展等信息数10条。", {}),
    ("2021年,共主动公开政府信息16项65条。", {}),
    ("2021年,我局主动公开工作动态、规范性文件等各类政务信息275条,民意征集、结果反馈等各类互动交流信息52条。", {}),
]


# 1.50.0, read off the round zzm–zzp after it was scored (each a shape, not the one text)
_RULES_1_50 = [
    # a section's total over every outlet, then one outlet's smaller count: an item of that list
    ("2021年,立岗镇通过各类公开平台公开政府信息共932条。1.通过政府网站主动公开发布政府信息共432条。", {}),
    # a publication's issues in a list of outlets: no channel key for the others
    (
        "2021年,制作市政府公报6期,发布公开信息66条;“渭南发布”政务微博全年发布信息740条;政务微信公众号全年发布信息1080条。",
        {},
    ),
    ("2021年,全年编发《发改信息》47期,网站发布信息1334条。", {}),
    # …but a bulletin listed after the site's total among what was published keeps the total
    (
        "2021年,本年度通过政府网站主动公开信息总数773条,其他政策文件35件,发布政府公报4期。",
        {"narrative.proactive_total": 773, "narrative.website_posts": 773},
    ),
    # the many bodies a sentence opens with speak on over its '；'
    ("2021年,全市各级行政机关因政府信息公开发生的行政复议8件,维持4件;行政诉讼5件,3件驳回诉求。", {}),
    # one day's applications
    ("2021年11月27日我市收到依申请公开信息1条。", {}),
    # the main one of several outlets
    ("2021年耿马县以政府网站为主渠道主动公开各类规划、重大建设项目等领域信息共1777条。", {}),
    # more wordings of counts already read
    ("2021年,政府信息公开行政复议和行政诉讼数量均为零。", {"narrative.review_cases": 0, "narrative.suit_cases": 0}),
    ("2021年,我镇主动公开了有关的政策文件、机构设置等相关信息81条。", {"narrative.proactive_total": 81}),
    ("2021年度主动公开的62条政府信息中,政策文件12条。", {"narrative.proactive_total": 62}),
    (
        "2021年,在政府网站(信息公开专栏)主动公开政府信息143条。",
        {"narrative.proactive_total": 143, "narrative.website_posts": 143},
    ),
    ("2021年,江岸区人民政府共收到70条依申请事项。", {"narrative.requests_received": 70}),
    (
        "2021年,我镇未接收到有关群众、法人或其他组织要求公开政府信息办理的申请。",
        {"narrative.requests_received": 0},
    ),
]


# 1.51.0, read off the round zzq–zzt after it was scored
_RULES_1_51 = [
    ("2021年,我局公开信息687条,其中主动公开668条。", {"narrative.proactive_total": 668}),
    ("本年度共制作政府信息184条,其中主动公开55条。", {"narrative.proactive_total": 55}),
    ("截至2021年12月31日,全年累计主动公开政府信息的数量120条。", {"narrative.proactive_total": 120}),
    ("截至2021年12月31日,本年度累计主动公开政府信息的数量120条。", {}),  # 本年度 is not 全年
    ("2021年,区农业农村局主动公开工作动态、项目申报、行政执法以及其他信息共计547条。", {"narrative.proactive_total": 547}),
    ("2021年区民政局通过区政府信息公开专栏主动公开政府信息47条。", {"narrative.proactive_total": 47}),
    ("2021年,园区通过各类平台累计主动公开政府信息179条。", {"narrative.proactive_total": 179}),
    ("2021年,公告栏等公开渠道主动发布政府信息共计49条。", {}),
    ("2021年以来,在街道政务网站主动公开政府信息384条。", {"narrative.proactive_total": 384, "narrative.website_posts": 384}),
    ("今年以来,我街道收到依申请公开7件。", {}),  # written in January it may be the new year's
    ("2021年度区本级主动公开信息2446条。", {}),
    ("2021年,通过卫生计生局网站公开信息327条(卫生计生局门户网站发布信息563条)。", {}),
    ("2021年,共收到政府信息公开申请4件,其中上年度结转2件。", {}),
]


# 1.52.0, read off the round zzu–zzx after it was scored
_RULES_1_52 = [
    ("今年来,榕城区政府办公室对外主动公开信息总计130条。", {}),  # as 今年以来: a stock
    ("2021年,今年在市、区两级政府门户网站中主动公开政府信息180条。", {"narrative.proactive_total": 180}),
    ("2021年,省交通运输厅政府信息公开专栏共主动发布政府信息473条。", {}),
    (
        "2021年,通过厅门户网站、政务微信等多种渠道,主动公开政务信息1295条,通过“浙江民政”政务微信公开信息788条。",
        {"narrative.proactive_total": 1295},
    ),
]


_MORE_RULES_1_52 = [
    ("2021年,政府信息公开行政复议、行政诉讼0条。", {"narrative.review_cases": 0, "narrative.suit_cases": 0}),
    ("2021年,我局共收到公民、法人和其他组织提出的公开政府信息的申请2条。", {"narrative.requests_received": 2}),
    (
        "2021年,我室本年度未收到任何形式的依申请公开信息、行政复议和行政诉讼,政府信息公开工作正常。",
        {"narrative.requests_received": 0, "narrative.review_cases": 0, "narrative.suit_cases": 0},
    ),
    (
        "2021年,全年通过县人民政府门户网站主动公开信息总量2869条。",
        {"narrative.proactive_total": 2869, "narrative.website_posts": 2869},
    ),
]


# 1.53.0, read off the holdout zzy–zzzb after it was scored
_RULES_1_53 = [
    ("2021年,全年未发生因政府信息公开申请行政复议,提起行政诉讼的情况。", {"narrative.review_cases": 0, "narrative.suit_cases": 0}),
    ("2021年,发生1起有关政府信息公开的行政复议案件。", {"narrative.review_cases": 1}),
    ("2021共收到依申请政府信息公开2件。", {"narrative.requests_received": 2}),  # the year's 年 lost
    ("2021年,主动公开了各类政府信息共计580条。", {"narrative.proactive_total": 580}),
    ("2021年1-12月份,我镇通过电子政务平台累计主动公开政府信息27条。", {}),  # one platform: no total
    (
        "本年度,我镇在区政府门户网站信息公开专栏上主动公开年度政府信息34条。",
        {"narrative.proactive_total": 34, "narrative.website_posts": 34},
    ),
]


# 1.54.0, read off the last holdout zzzc–zzzf after it was scored
_RULES_1_54 = [
    ("2021年,市政府及市政府办公室共受理政府信息公开申请21件。", {}),  # two bodies together
    ("2021年共受理政府信息依申请公开121件(其中本年度新收申请数112件,上年结转申请数9件)。", {}),
    ("2021年,因政府信息依申请公开答复被申请行政复议9件(含上一年度结转1件)。", {}),
    (
        "2021年,我办共受理政府信息公开申请4件,答复政府信息公开申请5件(含上一年度结转1件)。",
        {"narrative.requests_received": 4},
    ),
    ("2021年政府信息公开工作中未发生因答复不当引发的投诉、复议或诉讼事项。", {}),
    (
        "2021年,因信息公开工作被申请行政复议及提起行政诉讼情况均为零。",
        {"narrative.review_cases": 0, "narrative.suit_cases": 0},
    ),
    (
        "2021年,因政府信息公开申请行政复议、提起行政诉讼的情况:无",
        {"narrative.review_cases": 0, "narrative.suit_cases": 0},
    ),
]


# The rules of 1.49.0–1.54.0, each list in the general shape of what its round showed.
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [*_RULES_1_49, *_RULES_1_50, *_RULES_1_51, *_RULES_1_52, *_MORE_RULES_1_52, *_RULES_1_53, *_RULES_1_54],
)
def test_the_rules_of_1_49_to_1_54(sentence, expected):
    assert _one(sentence) == expected


def _of(unit: str | None, text: str, year: int = 2021):
    doc = document_from_text(f"{year}年政府信息公开工作情况\n{text}\n")
    return _values(extract_narrative(doc.lines, year, unit))


# Parser 1.55.0: whose area '我县/全市' is depends on the report's body (its level).
_AREA_RULES_1_55 = [
    # another level's area: none of its counts is the body's — only zeros hold for each body
    ("某某镇人民政府", "2021年,全县共主动公开信息数529条。", {}),
    ("某某街道办事处", "2021年,我区共收到政府信息公开申请12件。", {}),
    ("某某街道办事处", "2021年,全区未收到政府信息公开申请。", {"narrative.requests_received": 0}),
    ("某某县", "2021年,全市主动公开政府信息29714条。", {}),
    # …and since 1.70.0 the whole area's output is the area's in its own government's report too (an autonomous
    # region's 全区 like a province's 全省: pairs of readers declined 15 such counts and kept 2, the blind
    # adjudication declined every one); a zone's 我区 is the zone
    ("某某自治区人民政府", "2021年,全区主动公开政府信息3000条。", {}),
    ("某某区人民政府办公室", "2021年,全区主动公开政府信息300条。", {}),
    # the body's own area said as 我县/我市 stays the body's: the shared sample 044's official gold and the
    # generator's own self-reference (我市 in a city government's report) keep it — readers declined it
    # (zzt7528 zzp7124 zn4317 zz5521): left open
    ("某某县", "2021年,我县共收到政府信息公开申请21件,均在规定时间内按要求回复。", {"narrative.requests_received": 21}),
    (
        "某某市",
        "2021年,我市共受理群众政府信息公开申请54件,按时办结54件。其中予以公开45件,部分公开4件,因政府信息公开引发行政复议2件。",
        {"narrative.requests_received": 54, "narrative.review_cases": 2},
    ),
    # its own area is the body itself for a town, a street and a zone; unknown bodies keep the count
    ("某某镇人民政府", "2021年,我镇共收到政府信息公开申请3件。", {"narrative.requests_received": 3}),
    ("来凤经济开发区", "2021年,我区收到1件政府信息公开申请。", {"narrative.requests_received": 1}),
    (None, "2021年,我区共收到政府信息公开申请5件。", {"narrative.requests_received": 5}),
    # a department's area is not itself
    ("某某县卫生健康局", "2021年,我县共收到政府信息公开申请21件。", {"narrative.requests_received": 21}),
    # the proactive count of the body's own area stays as before (readers split on it)
    ("某某县", "2021年,我县主动公开政府信息3214条。", {"narrative.proactive_total": 3214}),
    # the sentences after an area's count in its paragraph that name no subject speak of it too
    (
        "某某市人民政府",
        "2021年,全市共受理政府信息公开申请5147件,比上年增长23%。因依申请公开引发行政争议275件,其中行政复议201件,行政诉讼74件。",
        {},
    ),
    (
        "某某市人民政府",
        "2021年,全市共受理政府信息公开申请5147件。本机关因政府信息公开引发行政复议3件。",
        {"narrative.review_cases": 3},
    ),
    # an application count split by bodies is many bodies' count
    (
        "某某市",
        "2021年,共收到政府信息公开申请37件。其中市政府办7件、政府部门27件、乡镇街道3件。",
        {},
    ),
]


@pytest.mark.parametrize(("unit", "text", "expected"), _AREA_RULES_1_55)
def test_whose_area_a_count_is_of(unit, text, expected):
    assert _of(unit, text) == expected


# Parser 1.56.0, read off the round zzzg–zzzj after it was scored at first sight (each in its general shape).
_RULES_1_56 = [
    # a notice board is an outlet like 公开栏: the site's share in a list of outlets is no channel's count
    ("2021年,主动公开信息数为286条,其中通过网站公开160条,公告栏公开120条。", {"narrative.proactive_total": 286}),
    # two sites named by their ends (…政府网, …新闻网): no site's count
    ("2021年,通过某某县人民政府网、某某新闻网公开信息20条。", {}),
    # a site reached with 利用, and 新媒体 naming the account's kind: two outlets' own counts
    (
        "2021年利用政府门户网主动公开信息35条,利用新媒体微信公众号发布信息89条。",
        {"narrative.website_posts": 35, "narrative.wechat_posts": 89},
    ),
    # a zero of some kinds of applicant only, or of some channels only, is no zero of all
    ("2021年,本街道共受理自然人、法人的政府信息依申请公开申请0件。", {}),
    ("2021年,共收到自然人、法人和其他组织的政府信息公开申请0件。", {"narrative.requests_received": 0}),
    ("2021年,本单位未收到申请公开政府信息的电子邮件及网上申请。", {}),
    ("2021年,我镇收到当面申请、电子邮件、传真、信函、和其他形式的政府信息公开申请0条。", {"narrative.requests_received": 0}),
    ("2021年,我委收到政府信息公开申请44件(其中:网上申请42件,现场申请0件,邮寄2件)。", {"narrative.requests_received": 44}),
    # a denial of reviews in a sentence on the applications (依申请) is about disclosure
    (
        "2021年我乡未受理依申请公开政务信息,也未产生行政复议、行政诉讼等情况。",
        {"narrative.requests_received": 0, "narrative.review_cases": 0, "narrative.suit_cases": 0},
    ),
    # 政府各类信息 as 各类政府信息
    ("2021年,在区政府网站主动公开政府各类信息共53条。", {"narrative.proactive_total": 53, "narrative.website_posts": 53}),
]




def test_the_count_of_applications_named_so():
    doc = document_from_text("(二)依申请公开情况\n2021年收到申请数0件。\n")
    assert _values(extract_narrative(doc.lines, 2021)) == {"narrative.requests_received": 0}


# Parser 1.57.0, from the agreed figures the parser missed on texts read twice (general shapes).
def test_an_opening_that_states_the_year_before_the_first_section_speaks_for_it():
    text = (
        "2021年某某镇政府信息公开工作年度报告\n2021年,某某镇贯彻落实《中华人民共和国政府信息公开条例》。\n一、工作情况\n"
        "(一)主动公开:全年主动公开政府信息68条。\n(二)依申请公开:收到政府信息公开申请16件,申请人主动撤销2件。\n"
    )
    assert _values(extract_narrative(document_from_text(text).lines, 2021)) == {
        "narrative.proactive_total": 68,
        "narrative.requests_received": 16,
    }
    # a title's first line is no opening sentence ('2019年西街街道' over '政府信息公开工作年度报告', zn4333)
    title_only = "2021年某某街道\n政府信息公开工作年度报告\n一、依申请公开情况\n(一)收到申请\n收到政府信息公开申请16件,均已办结。\n"
    assert _values(extract_narrative(document_from_text(title_only).lines, 2021)) == {}


_RULES_1_57 = [
        # a clause that opens with 目前 is as of now, whatever the sentence opened with (zn4333)
        ("2021年,我街道对公开信息进行分类整理、系统上传,目前共主动公开政府信息373条。", {}),
        # …and only that clause ('…目前已答复1件,结转下年度继续办理1件', u2423)
        ("2021年我街道共收到依申请公开2件,目前已答复1件,结转下年度继续办理1件。", {"narrative.requests_received": 2}),
        # a year compared with is not the sentence's year (zzzi9001)
        ("2021年,局共收到政府信息公开申请11件,较2020年增加3件。", {"narrative.requests_received": 11}),
]


def _read_text(text: str, year: int = 2021):
    return _values(extract_narrative(document_from_text(text).lines, year))


# Parser 1.58.0: the overview section is of the report year; an as-of clause from where it stands; the
# year after the rules a sentence follows; a list's numbered items; 目前 opening a sentence; bodies by number.
def test_the_overview_section_speaks_of_the_report_year():
    text = "一、总体情况\n(一)主动公开情况\n主动公开政府信息378条,其中政府职能25条。\n二、存在的主要问题\n收到政府信息公开申请3件。\n"
    assert _read_text(text) == {"narrative.proactive_total": 378}


_RULES_1_58 = [
        # the as-of clause holds from where it stands (zp4517)
        (
            "按照《条例》规定,2021年我镇主动公开政府信息177条,内容涵盖机构信息,截至2021年12月31日,累计公开信息324条。",
            {"narrative.proactive_total": 177},
        ),
        ("截至2021年12月31日,我镇本年度主动公开政府信息31条。", {}),
        # the year after the rules the sentence follows (zze6029)
        ("按照《条例》规定,2021年,我镇主动公开政府信息716条。", {"narrative.proactive_total": 716}),
        # 目前 opening the sentence: its clauses that name no year are as of now (zi3809) …
        ("目前,我乡未收到政府信息公开申请,没有因政府信息公开引起的行政复议。", {}),
        # … a clause naming the year is the year's (zzzb8339)
        ("目前,我局建设有微信公众号,2021年该微信公众号发布信息562条。", {"narrative.wechat_posts": 562}),
        # bodies counted by number are many bodies (zzo7014)
        ("2021年,12个县市区通过门户网站主动公开政府信息共计24110条,其中某区3442条。", {}),
]


def test_the_numbered_items_of_an_opened_list_are_items():
    text = (
        "2021年政府信息公开工作情况\n2021年,我局主动公开政府信息295条,包括:\n"
        "1.政务网公开120条,其中:省局网站22篇,市局网站57篇;\n2.微信公众号发布33条。\n"
    )
    assert _read_text(text) == {"narrative.proactive_total": 295}


def test_one_outlets_output_counted_two_ways_is_no_channels_count():
    # '微信公众号(凤起桐屿)发布209条,文章共510篇' (zi3835, both readers)
    assert _one("2021年,微信公众号(某某)发布209条,文章共510篇。") == {}


_RULES_1_59 = [
        # the body acting through its site during the year, in a sentence that opens with it (u2428 zzj6540)
        (
            "2021年度,我办累计在某某区人民政府网站主动公开政府信息104条。",
            {"narrative.proactive_total": 104, "narrative.website_posts": 104},
        ),
        ("2021年,我局通过某某统计局门户网站累计公开政府信息276条。", {"narrative.website_posts": 276}),
        # …not the outlet's own stock (m1624)
        ("2021年,某某微信平台累计发布365篇稿件。", {}),
        # a site reached by its name
        ("2021年,全年共通过江苏民政网公开各类政府信息3561篇。", {"narrative.website_posts": 3561}),
        # …not another body's platform
        ("2021年,全年在云南省政府采购网公开信息7条。", {}),
]


def test_two_sites_counted_in_one_sentence_are_neither():
    # zd3331 (both readers): which of the two is the body's site?
    assert _one("2021年,某某局门户网站公开信息15条,通过某某气象网主动公开信息3210条。") == {}
    # …a repost of other sites' items is no site of its own (c438)
    assert _one("2021年,通过某某局政府网站主动公开各类信息578条,转发省级政府网站信息119条。") == {
        "narrative.proactive_total": 578,
        "narrative.website_posts": 578,
    }


# Parser 1.60.0, read off the round zzzk–zzzn after it was scored at first sight (each in its general shape).
_RULES_1_60 = [
        # a channel after a general count of the output in its list: one item of a list of outlets (zzzk9231)
        ("2021年,通过多种渠道公开信息,公开政府信息202条、微信公众号公开信息340条。", {}),
        # …kinds before it are no outlets: the channel keeps its count
        ("2021年,发布政策文件4条、微信公众号推送信息1350篇。", {"narrative.wechat_posts": 1350}),
        # the count before its outlet, in a breakdown of outlets (zzzn9509)
        (
            "2021年度某某局主动公开政府信息总数397条,其中369条通过政府网站公开,28条通过政务微信公开。",
            {"narrative.proactive_total": 397},
        ),
        # the other ways are an outlet too: the site's count is one item (zzy8032, zzzn9504)
        ("2021年,我局公开各类政府信息548条;在政府门户网站公开63条,其他方式公开485条。", {}),
]


# Parser 1.62.0, read off the round zzzo–zzzr after it was scored at first sight (each in its general shape).
_RULES_1_62 = [
        # suits the body 'handled' (办理…行政诉讼N件) are neither, as reviews handled are (zzzq9805)
        ("2021年,办理因依申请公开引发的行政诉讼17件,未发生行政复议情况。", {"narrative.review_cases": 0}),
        # the statutory kind of the proactive output only (zzzo9610)
        ("2021年,法定主动公开信息16条,重点领域信息13条。", {}),
        # an app is one outlet (zzzp9723)
        ("2021年,充分利用爱某某APP主动公开信息102条。", {}),
        # applications to the government and its office together (zzzq9801)
        ("2021年,受理群众向县人民政府和县政府办公室提交的信息公开申请3件,办结3件。", {}),
        # a list of outlets that lost an item: no channel's count, the proactive total stays (zzzr9934 zzzr9937)
        ("2021年,全年通过政府门户网站、累计主动公开政府信息2284件次。", {"narrative.proactive_total": 2284}),
        ("2021年,通过某某门户网站发布各类政务信息265件,通过“某某发布”微信公众号、发布信息共计1467条。", {"narrative.website_posts": 265}),
]


# Parser 1.63.0, read off the holdout zzzs–zzzu after it was scored (no first-sight figure for these).
_RULES_1_63 = [
        # the site's disclosure column with 里 and 各类 (the convention's 'site's own disclosure column')
        (
            "2021年在某某市政府门户网站政府信息公开专栏里主动公开各类信息5836条。",
            {"narrative.proactive_total": 5836, "narrative.website_posts": 5836},
        ),
        # a mobile-TV channel is another outlet (zzzs10008)
        ("2021年,通过某某区政务网、区手机台公开信息1229条。", {}),
        # a list of kinds summed up by 等 and 需要公开的 (zzzu10203)
        ("2021年,主动公开单位概况、工作动态、政策法规、部门文件等需要公开的政府信息共计328条。", {"narrative.proactive_total": 328}),
]


# The rules of 1.64.0, read off the last holdout of the session before (zzzv–zzzy), each in its general shape.
_RULES_1_64 = [
    # a 订阅号 is a kind of WeChat account, not a count of subscribers (zzzw10405)
    ("2021年,通过“投资某某”微信订阅号推送信息125条。", {"narrative.wechat_posts": 125}),
    # a count of subscribers listed after the posts is no item the posts' verb runs over (zzzx10535); since 1.72.0
    # the account's followers, stated under the report year alone
    ("2021年,某某文旅微信公众号发布信息243条、订阅量2608个。", {"narrative.wechat_posts": 243, "narrative.wechat_subscribers": 2608}),
    # opening an account after the counts does not make them counts since its opening (zzzw10418)
    (
        "2021年,微信公众号发布信息1243条,官方微博更新1331篇,开通“某某市人民政府网”微信视频号。",
        {"narrative.wechat_posts": 1243, "narrative.microblog_posts": 1331},
    ),
    # …but an account opened before the count still counts from its opening
    ("2021年,开通微信公众号,发布信息1243条。", {}),
    # the carried cases after a bracketed breakdown of the new ones (32+2+2 = 36) are outside it (zzzw10404)
    (
        "2021年,我办共受理依申请公开事项36件(其中:自然人申请32件、企业申请2件、其他组织申请2件),上年结转7件。",
        {"narrative.requests_received": 36},
    ),
    # …while a breakdown that holds the carried cases still makes the count doubtful
    ("2021年,共受理政府信息公开申请15件,其中新收到14件,结转上年度办理1件。", {}),
    # the body's disclosure platform, its one outlet, publishing proactively (zzzw10401)
    ("2021年,我局通过市政府信息公开平台主动公开政府信息173条。", {"narrative.proactive_total": 173}),
    # a proactive count whose unit was dropped at the clause's end (zzzv10306, zzzx10533)
    ("2021年,我办共主动公开政府信息131,主要为工作动态类的信息。", {"narrative.proactive_total": 131}),
    ("2021年,全年主动公开信息17448,转发重要信息187条。", {"narrative.proactive_total": 17448}),
    # reviews and suits 'entering their procedures' both zero (zzzx10519)
    (
        "2021年,因政府信息公开进入行政复议程序和行政诉讼程序均为0件。",
        {"narrative.review_cases": 0, "narrative.suit_cases": 0},
    ),
    # a breakdown after 其中 that goes on with categories is a list of outlets and kinds: no channel's count (zzzv10302)
    ("2021年,主动公开政府信息11855条。其中,门户网站共发布信息397条,党务公开信息42条,公共资源交易信息11386条。", {"narrative.proactive_total": 11855}),
    # a later item larger than the site's count: parallel items, no total (zzzw10415)
    ("2021年市政府门户网站共发布政务信息4702条,重点领域栏目更新发布信息870条,基层政务公开领域发布6432条。", {}),
    # …while a site's total followed by smaller parts stands
    ("2021年市政府门户网站共发布政务信息4702条,重点领域栏目更新发布信息870条。", {"narrative.website_posts": 4702}),
    # one class of information (公文类) is one kind, not the site's output (zzzw10409)
    ("2021年依托区政府门户网站公开区政府规范性文件等公文类政府信息54条。", {}),
    # the bodies of two levels together are many bodies (zzzw10403) — the sites of two levels are not (zzw7807)
    ("2021年,全区的区、镇两级各政府机构在目录系统中主动公开信息总数1356条。", {}),
    ("2021年,我办共在市、区两级政府门户网站中主动公开政府信息180条。", {"narrative.proactive_total": 180}),
    # a list of what was not received, the applications first (zzzy10606)
    (
        "2021年未收到信息公开申请、申请行政复议、提起行政诉讼的情况。",
        {"narrative.requests_received": 0, "narrative.review_cases": 0, "narrative.suit_cases": 0},
    ),
    # applications counted from the applicants' side (zzzv10321) — not those handled (a002), nor one channel's
    ("2021年,公民、法人提交的政府信息公开申请17件,申请内容主要涉及建设规划。", {"narrative.requests_received": 17}),
    ("2021年,共办理公民、法人和其他组织提出的政府信息公开申请71件。", {}),
    ("2021年,网上提交的政府信息公开申请17件。", {}),
    # a government's office and the government together are two bodies (zzzv10337)
    ("2021年,区政府办和区政府共收到和办理政府信息公开申请48件。", {}),
]

# The rules of 1.65.0, read off the rounds zzzz–zzzzf after they were scored, each in its general shape.
_RULES_1_65 = [
    # every site word the channels know passes the sentence filter (zzzze10912)
    ("2021年,我局在某某县政府网公开信息34条。", {"narrative.website_posts": 34}),
    # a list of denials joined by 和, the applications first (zzzzb10788), or with the cause before the reviews (zzzz10705)
    (
        "2021年,无依申请公开和复议、诉讼和申诉的情况。",
        {"narrative.requests_received": 0, "narrative.review_cases": 0, "narrative.suit_cases": 0},
    ),
    (
        "2021年,我办未收到和处理政府信息公开申请、因政府信息公开工作被申请行政复议及提起行政诉讼等情况。",
        {"narrative.requests_received": 0, "narrative.review_cases": 0, "narrative.suit_cases": 0},
    ),
    # carried cases after the new ones inside the count's bracket (zzzz10722)
    ("2021年,全年共收到政府信息公开申请12件(含新收11件、上年结转1件)。", {}),
    # the portals of several bodies: no site's count (zzzzb10767)
    ("2021年,依托各政府门户共主动公开各类信息239条。", {"narrative.proactive_total": 239}),
    # applications received through one zone of a hall are one channel's (zzzzc10827)
    ("2021年,通过政务公开专区接收政府信息公开申请12件。", {}),
    # the handling of applications that led to reviews is no review the body handled (zzzzd10887) …
    (
        "2021年,无政府信息公开申请办理导致行政复议、提起行政诉讼的案件。",
        {"narrative.review_cases": 0, "narrative.suit_cases": 0},
    ),
    # … while reviews the body handled stay out
    ("2021年,办理因政府信息公开引起的行政复议1件。", {}),
    # suits before reviews in a denial (zzzzf10958)
    (
        "2021年,本单位无政府信息公开行政诉讼和行政复议案件。",
        {"narrative.review_cases": 0, "narrative.suit_cases": 0},
    ),
]

# The rules of 1.66.0, read off the round zzzzg–zzzzi after it was scored, each in its general shape.
_RULES_1_66 = [
    # a time limit is no count of applications (zzzzh11076)
    ("2021年,一般可在接到政府信息公开申请书之日起15个工作日内予以答复。", {}),
    # where the excerpt stops, a number without its unit may be cut (zzzzh11087) — see test_a_count_cut_by_the_excerpt
    # the county's departments with its government are many bodies; their zeros hold for each (zzzzi11147)
    (
        "2021年某某县人民政府及县直部门共收到政府信息公开申请42件,其中自然人申请41件,均依法办结,未引起行政复议或行政诉讼。",
        {"narrative.review_cases": 0, "narrative.suit_cases": 0},
    ),
    # the disclosure column of a platform (zzzzi11117); a column beside the body's site (zzzzg11040)
    ("2021年全年在某某政务服务平台政府信息公开专栏主动公开政府信息1168条。", {"narrative.proactive_total": 1168}),
    ("2021年,通过政府信息公开专栏及我局政务网站主动公开政府信息2585条。", {"narrative.proactive_total": 2585}),
    # the site's share after 其中 with 主动 and 条次 (zzzzh11068)
    ("2021年,主动公开政务信息3000条次,其中在县政府网站主动公开政务信息2526条次。", {"narrative.proactive_total": 3000, "narrative.website_posts": 2526}),
    # the site's disclosure column quoted, posts in 篇 (zzzzb10786)
    (
        "2021年于某某市门户网站“政府信息公开专栏”主动公开政府信息36篇。",
        {"narrative.proactive_total": 36, "narrative.website_posts": 36},
    ),
    # the account named in what it posted (zzzzi11120)
    ("2021年全年累计发布微信公众号信息136条。", {"narrative.wechat_posts": 136}),
    # a unit's own word before 无 (zzzzi11132)
    ("2021年度我单位无申请公开政府信息情况。", {"narrative.requests_received": 0}),
    # the kinds listed in one clause, their total in the next (zzzv10339, zzzzh11067)
    ("2021年,主动公开概况信息、人事任免、政策文件、政府采购等15类政府信息,共计232条。", {"narrative.proactive_total": 232}),
    # …also when the kinds' clause holds no digit of its own
    ("2021年,主动公开概况信息、人事任免、政策文件等政府信息,共计232条。", {"narrative.proactive_total": 232}),
    # …but not a department's 频道 on the portal (the readers split on it: zzzzh11074, zn4326)
    ("2021年,全年通过市政府网站部门频道主动公开政府信息46条。", {}),
    # a count whose bodies' shares follow 'respectively' in the next sentence is many bodies' (ze3435)
    ("2021年,受理公开申请750件,当面申请占主体;县(市、区)、市直部门分别受理公开申请504件、246件。", {}),
]

# The rules of 1.67.0, read off the last holdout zzzzj–zzzzl after it was scored, each in its general shape.
_RULES_1_67 = [
    # reviews and suits counted with 的案件有 (zzzzj11188)
    (
        "2021年,因政务信息公开工作被申请行政复议的案件有9件,因政务信息公开工作被提起行政诉讼的案件有4件。",
        {"narrative.review_cases": 9, "narrative.suit_cases": 4},
    ),
    # a body's name with its bracket before 无 (zzzzk11223)
    ("2021年,某某开发区(某某镇)无依申请政府信息公开。", {"narrative.requests_received": 0}),
    # the government's information platform by its other names (zzzzl11261)
    ("2021年度,我局通过政府政务信息平台主动公开信息57条。", {"narrative.proactive_total": 57}),
    # the bodies concerned, each (zzzzk11208)
    ("2021年,各市(区)、市各有关部门共主动公开各类政府信息17937条。", {}),
    # applications submitted online: one channel's zero (zzzzl11255)
    ("2021年,本年度收到网上提交依申请公开信息0件。", {}),
]

# The rules of 1.68.0, read off the holdout zzzzm–zzzzo after it was scored, each in its general shape.
_RULES_1_68 = [
    # letters sent as 函件 are some of the applications (zzzzo11428)
    ("2021年,本单位共受理政府信息公开依申请公开函件4件。", {}),
    # no valid applications is no zero of all (zzzzo11424)
    ("2021年,未收到有效信息公开申请。", {}),
    # applications received in one system are one channel's (zzzzn11374)
    ("2021年,某某市司法局在某某市政府信息依申请公开系统收到政府信息公开申请0条。", {}),
    # the administrative bodies of an area, each (zzzzm11321)
    ("2021年,全县各行政机关通过各类渠道及时主动向社会公开政府信息37393条。", {}),
    # 1.69.0: nobody applied, said from the applicants' side (zzzzn11362, zzzzh11085) — not of a review
    ("2021年,没有单位和个人向我单位提出申请信息公开事项。", {"narrative.requests_received": 0}),
    ("2021年,本年度无单位和个人对本局提交公开政府信息申请。", {"narrative.requests_received": 0}),
    ("2021年,没有单位和个人向我单位提出行政复议申请。", {}),
]

# The rules of 1.70.0, read off the round zzzzs–zzzzu after it was scored at first sight.
_RULES_1_70 = [
    # none for now is none: '2020年暂无依申请公开' (zzzzu11727, both readers; zg3612 reader B)
    ("2021年暂无依申请公开。", {"narrative.requests_received": 0}),
    ("2021年,我局暂无依申请公开事项。", {"narrative.requests_received": 0}),
    ("2021年,暂无信息公开工作经费投入。", {}),
    # the whole county's (district's, city's) output is the area's, like its applications (zzzzc10802, zzzze10929,
    # zzzzm11341: the blind adjudication; zl4124 zr4738 zzp7120 zzzzh11077: both readers) — its zero still holds
    ("2021年,全县主动公开政府信息10565条。", {}),
    ("2021年,全县通过县政府网站主动公开政府信息4042条。", {}),
    ("2021年,全县主动公开政府信息10565条,全县未收到政府信息公开申请。", {"narrative.requests_received": 0}),
    # …but a town's, township's or street's own area is its own (zb3121 zzzq9828 zzzzb10788: both readers)
    ("2021年,全镇主动公开政府信息334条。", {"narrative.proactive_total": 334}),
    (
        "2021年,全镇累计主动公开政府信息114条,其中通过政府网站公开信息72条。",
        {"narrative.proactive_total": 114, "narrative.website_posts": 72},
    ),
]

# The rules of 1.71.0, read off the holdout zzzzv–zzzzx after it was scored once (1.70.0) and adjudicated.
_RULES_1_71 = [
    # a list's label answered by 无 (zzzzw11813, zc3214; both readers each time)
    ("依申请公开政府信息的情况:无", {"narrative.requests_received": 0}),
    ("2021年我局依申请受理信息公开申请:无", {"narrative.requests_received": 0}),
    # …but not what was disclosed on request ('的数量:无': the readers of zzzj9106 differ)
    ("依申请公开政府信息的数量:无", {}),
    # …and by its count ('主动公开政府信息的情况:81条', zzzj9106)
    ("主动公开政府信息的情况:40条", {"narrative.proactive_total": 40}),
    ("主动公开政府信息情况:2021年共公开", {}),
    # the government with all its departments is many bodies (zzzzv11767, zzzzw11827; both readers)
    ("2021年,市政府及其部门主动公开政府信息71359条。", {}),
    ("2021年,县政府及其工作部门共收到政府信息公开申请12件。", {}),
    ("2021年,市政府及其部门未收到政府信息公开申请。", {"narrative.requests_received": 0}),
    # (only with 及其: the government's and the departments' sites are outlets)
    ("2021年,通过市政府和部门网站主动公开政府信息71条。", {"narrative.proactive_total": 71}),
]


def test_a_numbered_label_answered_by_a_count_or_by_none() -> None:
    # zzzzw11813: '1.…', '2.依申请公开政府信息的情况:无' under the overview heading (its year is the report's)
    doc = document_from_text(
        "嘉积镇人民政府2019年信息公开工作年度报告\n一、总体情况\n2019年,嘉积镇认真贯彻落实《条例》。\n"
        "1.主动公开政府信息的情况:81条\n2.依申请公开政府信息的情况:无\n3.依申请公开政府信息的数量:无\n"
    )
    assert _values(extract_narrative(doc.lines, 2019)) == {
        "narrative.proactive_total": 81,
        "narrative.requests_received": 0,
    }


def test_the_templates_disclosure_sections_speak_of_the_report_year() -> None:
    # zzzzzd12108 (both readers): '二 政府信息主动公开情况' under an overview whose first paragraph says the year
    doc = document_from_text(
        "某局2012年政府信息公开工作年度报告\n一 概 述\n2012年,我局把政府信息公开作为大事来抓。\n"
        "二 政府信息主动公开情况\n我局主动公开政府信息440条,全文电子化达100%。\n"
    )
    assert _values(extract_narrative(doc.lines, 2012)) == {"narrative.proactive_total": 440}
    # (another section without the year is not read so: '四、其他' may speak of any time)
    other = document_from_text(
        "某局2012年政府信息公开工作年度报告\n一 概 述\n2012年,我局把政府信息公开作为大事来抓。\n"
        "四、存在的问题\n我局主动公开政府信息440条,全文电子化达100%。\n"
    )
    assert _values(extract_narrative(other.lines, 2012)) == {}


def test_a_count_cut_by_the_excerpt_is_not_read_without_its_unit() -> None:
    # zzzzh11087: '…我县主动公开政府信息34152' where the page's excerpt stops; the same words go on elsewhere
    cut = document_from_text("2021年政府信息公开工作情况\n2021年,我局主动公开政府信息34152")
    whole = document_from_text("2021年政府信息公开工作情况\n2021年,我局主动公开政府信息34152,主要为工作动态。")
    assert _values(extract_narrative(cut.lines, 2021)) == {}
    assert _values(extract_narrative(whole.lines, 2021)) == {"narrative.proactive_total": 34152}


# The rules of 1.56.0–1.63.0 (this session's rounds), each list in the general shape of what its round showed.
@pytest.mark.parametrize(("sentence", "expected"), [*_RULES_1_56, *_RULES_1_57, *_RULES_1_58, *_RULES_1_59, *_RULES_1_60, *_RULES_1_62, *_RULES_1_63])
def test_the_rules_of_1_56_to_1_63(sentence, expected):
    assert _one(sentence) == expected



# 1.72.0: an account's followers beside its posts, under the report year alone (h1133, zz5529, zzzzj11154, zzzzn11373,
# zzzzt11665: the adjudicated gold keeps each; zn4323: one reader of two)
_RULES_1_72 = [
    ("2021年我局微信公众号“某某商务”发布图文信息201条,订阅数1461。", {"narrative.wechat_posts": 201, "narrative.wechat_subscribers": 1461}),
    ("2021年度微信公众号“某某法律服务”关注量116516人,发稿量699篇。", {"narrative.wechat_subscribers": 116516}),
    # the account named in an earlier clause of the sentence, the year in an earlier sentence of its '。'
    ("2021年,通过门户网站发布信息713条;微信公众号发布内容1346条,关注人数17945人;官方抖音号发布内容18条,关注人数3255人。",
     {"narrative.wechat_subscribers": 17945}),
    ("发挥“某某普法”微信公众号的作用,2021年推送普法图文信息218期932篇,订阅人数30358人。", {"narrative.wechat_subscribers": 30358}),
    ("政务微博“某某政务”2021年发布信息103条,粉丝量达1480个。", {"narrative.microblog_followers": 1480}),
    # not without the year, not of another year too, not a growth, not as of now, not approximate, not two accounts
    ("微信公众号“某某发布”发布信息601条,订阅量3569个。", {"narrative.wechat_posts": 601}),
    ("2021年微信公众号发布信息601条,2020年订阅量3569个。", {"narrative.wechat_posts": 601}),
    ("2021年全年累计发布微信公众号信息136条,新增关注78个。", {"narrative.wechat_posts": 136}),
    ("2021年微信公众号发布信息601条,平台累计关注人数289人。", {"narrative.wechat_posts": 601}),
    ("2021年微信公众号发布信息601条,目前关注人数865605人。", {"narrative.wechat_posts": 601}),
    ("2021年微信公众号发布信息601条,关注人数1.5万人。", {"narrative.wechat_posts": 601}),
    ("2021年,微信、微博发布信息2102条,关注用户72010户。", {}),
]
# 1.73.1: a bracket after the total is its breakdown, not the outlet it went through (zj3927, zzzc8426, zzzu10203:
# both readers keep each total); 'many forms' are every outlet, like 'many channels' (zzzq9803, zzzzs11617)
_RULES_1_73 = [
    ("2021年,我局主动公开政务信息461条(微信公众号公布457条,政府网站公布4条)。", {"narrative.proactive_total": 461}),
    ("2021年,我局主动公开政府信息88条(其中门户网站发布80条)。", {"narrative.proactive_total": 88}),
    ("2021年,我局通过多种形式(公示栏、网站、新闻媒体、微信群等)主动公开政府信息136条。", {"narrative.proactive_total": 136}),
    # (still: the site a count went through is its channel, a bracket with a number in the site's name or not)
    ("2021年,我局通过门户网站(www.example.gov.cn)主动公开政府信息88条(其中政策文件8条)。",
     {"narrative.website_posts": 88, "narrative.proactive_total": 88}),
    ("2021年,我局通过门户网站(www.gd12345.gov.cn)主动公开政府信息88条。", {"narrative.website_posts": 88, "narrative.proactive_total": 88}),
    # (…and an app is one outlet: its count no total, a bracket after it or not)
    ("2021年,充分利用某某APP主动公开信息102条(其中政策文件8条)。", {}),
    # the applications of one channel, counted count-first or after the channel (zzzzzb12009, both readers)
    ("2021年共收到2份书面政府信息公开申请,均依法答复。", {}),
    ("2021年共收到书面政府信息公开申请2份,均依法答复。", {}),
    ("2021年共收到2份政府信息公开申请,均依法答复。", {"narrative.requests_received": 2}),
    # a clause further on that opens with 目前 holds for the rest of its list, over its '；' (zzzzzc12071, both readers)
    ("2021年开通某某微信公众号和某某微博,目前微信公众号发布原创内容23篇;微博发布信息700条。", {}),
    ("2021年,我局主动公开信息88条,目前微博发布信息700条。", {"narrative.proactive_total": 88}),
    # 1.73.7: every outlet '等媒介' (zzzzzd12115); every kind of applicant named together is everyone (zzzzze12158);
    # a 目前 after its item's label (zg3634); a 其中 list over its '；' (zzzzv11756) — both readers each time
    ("2021年,我单位通过政府网站和党务、政务公开栏、报刊、广播电视等媒介共主动公开各类信息24条。", {"narrative.proactive_total": 24}),
    ("2021年,市农业农村局未收到自然人、法人或其他组织申请公开相关政府信息。", {"narrative.requests_received": 0}),
    ("2021年,我局未收到自然人申请公开政府信息。", {}),
    # (1.73.8: the written applications named by the procedure, zg3620 — both readers declined)
    ("2021年,我局受理书面依申请公开4条。", {}),
    ("2021年,我局受理依申请公开4条。", {"narrative.requests_received": 4}),
    ("2021年,(一)目前本单位已主动公开政府信息49条。", {}),
    ("2021年,我局主动公开政府信息134条。其中主动公开环境类信息9条;主动公开安全类信息14条;主动公开土地类等信息1条。",
     {"narrative.proactive_total": 134}),
    # 1.73.13: 主动发布 (published), even of government information, is not the statutory 主动公开 (zzzzzk12459,
    # zzzn9512, zzzzw11812 — both readers each time)
    ("2021年,我局全年主动发布政务信息43条,主要包括部门信息34条。", {}),
    ("2021年,我局共制作和主动发布政府信息207条。", {}),
    ("2021年,我局全年主动公开政务信息43条。", {"narrative.proactive_total": 43}),
    # 1.73.15: the body's site as the subject of a zero is one channel's zero (zzzzzl12513, both readers)
    ("2021年,我局网站未收到“依申请公开”件。", {}),
    ("2021年,我局未收到“依申请公开”件。", {"narrative.requests_received": 0}),
    # 1.73.16: in a sentence that opens with the year, 累计 before the outlet it published on is the body's year
    # (zzzzzj12417, both readers); the outlet's own 累计 stays its stock
    ("2021年,累计发布公众号文章1871篇,其中原创文章352篇。", {"narrative.wechat_posts": 1871}),
    ("2021年,微信公众号累计发布文章1871篇。", {}),
    # 1.73.19: a date that opens a sentence holds over its '；' (zzzzzf12201, zzzx10514 — both readers each time)
    ("2021年,我街道主动公开信息74条。截至2021年12月31日,政务微博主动发布信息141条,解决微博投诉问题16件;微信公众平台主动发布信息86条。",
     {"narrative.proactive_total": 74}),
    ("2021年,我街道主动公开信息74条。政务微博主动发布信息141条;微信公众平台主动发布信息86条。",
     {"narrative.proactive_total": 74, "narrative.microblog_posts": 141, "narrative.wechat_posts": 86}),
    # 1.73.30: an area's administrative bodies together are many bodies (zzzzzzj14219, both readers); the area itself
    # in its own report is not
    ("2021年,我市行政机关收到政府信息公开申请54件。", {}),
    ("2021年,我市收到政府信息公开申请54件。", {"narrative.requests_received": 54}),
]


def test_another_level_of_government_as_the_subject_states_none_of_the_towns_figures() -> None:
    # 1.73.28: a town's report quoting the city government's applications, reviews and suits (zzzzzzf13814, both
    # readers) — none is the town's, not even the zero; the county government's own report keeps its 县政府's
    text = "2024年政府信息公开工作年度报告\n(二)依申请公开情况。2024年,{}共收到政府信息公开申请2件,共办理完成2件;因依申请公开引发的行政复议案件0件;行政诉讼案件1件。\n"
    town = document_from_text(text.format("市政府"))
    assert _values(extract_narrative(town.lines, 2024, "岳阳县黄沙街镇人民政府")) == {}
    county = document_from_text(text.format("县政府"))
    assert _values(extract_narrative(county.lines, 2024, "岳阳县人民政府")) == {
        "narrative.requests_received": 2, "narrative.review_cases": 0, "narrative.suit_cases": 1,
    }
    # …and a town's own subject is the town's
    own = document_from_text(text.format("我镇"))
    assert _values(extract_narrative(own.lines, 2024, "岳阳县黄沙街镇人民政府"))["narrative.requests_received"] == 2


def test_a_section_on_proactive_government_affairs_information_speaks_of_the_year() -> None:
    # 1.73.17: '二、主动公开政务信息情况' like '二、主动公开政府信息情况' (zzzj9107, both readers)
    doc = document_from_text("2021年政府信息公开工作年度报告\n二、主动公开政务信息情况\n本单位主动公开政府信息73条。\n")
    assert _values(extract_narrative(doc.lines, 2021)) == {"narrative.proactive_total": 73}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [*_RULES_1_64, *_RULES_1_65, *_RULES_1_66, *_RULES_1_67, *_RULES_1_68, *_RULES_1_70, *_RULES_1_71, *_RULES_1_72, *_RULES_1_73],
)
def test_the_rules_of_1_64_to_1_72(sentence, expected):
    assert _one(sentence) == expected
