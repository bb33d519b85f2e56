"""Figures stated in the prose (narrative.* keys): only what a careful reader would record.

Precision before recall. A figure is taken only when
  * the report's statistics year is known, and the sentence, or the section (heading to
    heading) it sits in, speaks of that year (2017年 / 全年 / 本年度 / 年内), so a section
    that never says which year it means gives nothing;
  * the clause states it exactly: no approximation (755多条, 近200余条, 3000余起), no
    cumulative stock (开通至今, 截至目前 … 订阅数 — unless the clause itself says 全年),
    no other year (较2024年增加3722件), no percentage;
  * the number is tied to the thing by the wording itself (微博…发布信息1025条, 收到…
    信息公开申请54件, 因政府信息公开…行政复议2件), so document numbers, phone numbers,
    postcodes, room numbers and the 12345 hotline never match.
A site's count is of 信息 (or of what its 等-list sums up), never of one column (栏目) or one
kind (发布公示公告17条), nor one item of a list (…信息88条、规范性文件2条). The proactive total
(主动公开(政府/政务)信息N条; never of one channel, except the convention of 2026-11-30: a
website's own proactive count for the year, '通过政府网站主动公开信息5767条', is both the
site's count and the proactive total — see docs/reports.md) counts when the year is stated
whole: in the clause ('中埠镇2020年度累计主动公开政府信息21条'), at the sentence's opening
('2020年,…,我镇…主动公开政务信息共217条'), as 全年/本年度/一年来, or by the section the
sentence stands in; never when the sentence names part of the year (2020年1-6月) or a stock
(截至, 以来), and 累计 needs the year in the sentence itself.
Followers/subscribers are a stock: taken when stated at the report year's end, or (1.72.0) beside an account's posts in a
run of sentences that names the report year alone (_account_followers).
Total or category (convention of 12:20, 2026-11-30): a stated total is the figure whatever
breakdown follows it (其中, 包括, categories listed after it); a count between two other counts
of one list is one category; a count followed by '其他信息N条' is one category too.
More conservative since the unseen batches m and n (a missing figure is better than a wrong
one): no post or proactive count from a sentence dated 截至/截止 (even with 本年度 in it); an
outlet's 累计 needs the year in its own clause; a sentence naming only other years gives only
clauses that say 全年 themselves; a proactive total without 主动公开 must be of 政府/政务信息; a
list that ends with the rest ('其他信息N条') is categories unless the first count says it is a total.
One convention since 15:00 (docs/reports.md; golds and parser alike — when in doubt, neither key),
applied by a few structural rules rather than phrases: no proactive total without 主动; no
channel count for one item of a list of outlets (two outlets or more counted in one sentence, to
its '。', over '；', after 其中, joined by '、' or 分别); no channel count over several sites; no
figure from a clause whose subject is many bodies (各级/各部门/各单位…).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from pipelines.model import Figure, Line
from pipelines.normalize import prefilter
from pipelines.normalize.prefilter import Prefiltered, needing
from pipelines.normalize.tokens import remember

_NUM = r"(?<![\d.,])(?P<n>\d{1,3}(?:,\d{3})+|\d+)"  # a whole number, never the tail of one


class _AtEnd:
    """A pattern that ends at the text's end ('…(?:条|篇)$'), tried only on a text that ends with one of
    ``endings`` (or a newline, before which '$' matches too): searched on any other text, it tries every
    digit of it in vain. (A clause of a count ends with its unit; most clauses do not.)"""

    __slots__ = ("_endings", "_pattern")

    def __init__(self, endings: tuple[str, ...], pattern: re.Pattern[str]) -> None:
        self._endings = (*endings, "\n")
        self._pattern = pattern

    def search(self, text: str) -> re.Match[str] | None:
        return self._pattern.search(text) if text.endswith(self._endings) else None


class _EitherOf:
    """Does ``union`` (a Prefiltered pattern: first|second) match somewhere — yes or no? Its two
    branches searched one after the other, each opening with literals or with a digit, which the regex
    engine skips to: their union, one branch opening with a digit, is tried at every position of the
    text (twice as slow). A text without one of the union's ``words`` is not searched."""

    __slots__ = ("_first", "_second", "_union", "_words")

    def __init__(self, union: Prefiltered, words: tuple[str, ...], first: str, second: str) -> None:
        self._union = union
        self._words = words
        self._first = re.compile(first)
        self._second = re.compile(second)

    def found_in(self, text: str) -> bool:
        for word in self._words:
            if word in text:
                return self._first.search(text) is not None or self._second.search(text) is not None
        if prefilter.VERIFY:
            self._union.search(text)  # (tests: records a match the words' test would have missed)
        return False


# After the number: an approximation, a bigger unit, a decimal or a percentage.
_APPROX_AFTER = re.compile(r"^(?:多|余|来|左右|以上|上下|万|千|百|亿|[.,]\d|%|‰)")
_APPROX_AFTER_UNIT = re.compile(r"^(?:条|篇|件|起|次|个|份)(?:以上|左右|上下|多)")
_APPROX_BEFORE = re.compile(r"(?:近|约|逾|超过|超|大约|将近|约为|约有)$")

_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[一二三四五六七八九十]+\s+\S|[(（][一二三四五六七八九十]+[)）]|"
    r"[(（]\d+[)）]|\d+\s*[.、．](?!\d))"
)
# the characters a heading's number opens with (_HEADING, on a stripped text: no space before it;
# its \d is a decimal digit, str.isdecimal): tested before the pattern, on every line of the text
_HEADING_FIRST = frozenset("一二三四五六七八九十(（")
_TOP_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．\s]")
_SUB_HEADING = re.compile(r"^\s*[(（][一二三四五六七八九十]+[)）]")
_SENTENCE_MARKS = "。；;！!？?"
_SENTENCE_END = re.compile(f"[{_SENTENCE_MARKS}]")
# not inside 1,054: a comma not both after and before a digit ('(?<!\d),|,(?!\d)|，', written with
# the comma first in every branch so the regex engine skips to the commas: 3× faster, same matches)
_CLAUSE_SEP = re.compile(r"，|,(?:(?<!\d,)|(?!\d))")
# (the year cases were carried over from is no other year of the count: '申请34件(含2022年结转0件)', zq4629)
# (a year compared with is not the sentence's: '收到…申请11件,较2021年增加3件', zzzi9001)
# (the year rules open with one digit, '\d\d{3}' for '\d{4}', and test what precedes it after it: the regex
# engine then jumps from digit to digit instead of trying every position — twice as fast, same matches)
_OTHER_YEAR = needing(("年",), re.compile(r"(\d\d{3})(?<![较比与]\d{4})(?<!\d{5})\s*年(?!度?结转)(?!同期)"))
_PART_OF_YEAR = needing(("年",), re.compile(r"\d\d{3}\s*年\s*(?:\d{1,2}\s*[月\-~—至]|[上下]半年|第?[一二三四1-4]季度)"))
# ('2024年1-12月份,我镇…累计主动公开政府信息27条', zzzb8319: the twelve months are the year)
_WHOLE_YEAR_SPAN = needing(("31", "12月"), re.compile(
    r"\d\d{3}\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|-|—|~|－)\s*(?:\d{4}\s*年)?\s*12\s*月\s*31\s*日\s*(?:止)?"
    r"|\d\d{3}\s*年\s*1\s*月?\s*(?:至|到|-|—|~|－)\s*12\s*月(?:份)?"
))
_STOCK_WORDS = re.compile(r"至今|以来|截至|截止|历年|开通|总量")
# An as-of stock ('截至目前', '开通以来') speaks for its whole sentence; '累计' only for its clause
# ('…推送信息1350篇,累计阅读量42万余次'), and not when the clause or the sentence names the
# year whole ('自2020年1月1日起至12月31日止,累计主动公开政府信息149条').
# ('2025年以来…主动公开政府信息384条' in the 2025 report: since the year began, zzs7433 — another year's
# '2019年以来' is caught as another year)
# ('今年以来' stays a stock: written in January it may be the new year's, real_133)
# ('今年来,…主动公开信息总计130条', zzu7607, both readers: as 今年以来)
# (以来's lookbehinds written after it, each over 以来 too: every alternative then opens with a literal and the
# regex engine skips to those instead of trying every position — 5× faster on a sentence, the same matches)
_CUMULATIVE = needing(
    ("至今", "以来", "今年来", "截至", "截止", "开通"),
    re.compile(r"至今|以来(?<!一年以来)(?<!\d年以来)(?<!\d以来)|今年来|截至|截止|开通"),
)
_CUMULATIVE_CLAUSE = re.compile(r"累计|历年|总量")  # '主动公开政府信息70件,历年累计715件'
# '截至目前,2014年度主动公开政府信息共计393条' (i1211 i1235): as of the day of writing, whatever year
# a clause names — a stock, except a clause that says 全年 itself ('…,微博全年发布信息1025条')
# ('目前共受理依申请公开22件', zzf6136, both readers: a count as of now)
# ('目前,我鄉未收到政府信息公開申請,沒有因…引起的行政複議' zi3809, both readers: 目前 opening the sentence)
_AS_OF_NOW = needing(("目前", "今", "现在"), re.compile(r"(?:截至|截止|到)(?:目前|今|现在)(?:为止)?|(?:^|[,，。])目前(?:共|已|累计)"))
# '2020年累计主动公开政府信息275条,…,其中,本年度新增的主动公开政府信息32条' (j1325, b234): the
# year's new items after 其中 are the year's figure, the 累计 count before them a stock
_LIST_OPENS = _AtEnd((":", "："), re.compile(r"(?:包括|如下|分别是|分别为|主要有)[:：]$"))
_LIST_ITEM_HEAD = re.compile(r"^[^\d,，。:：]{1,12}[:：]")
_OUTLET_AFTER_CUMULATIVE = re.compile(r"^累计(?:发布|推送|发送|更新)(?:各类)?(?:微信)?(?:公众号|微博)(?:文章|信息|推文|稿件)")
_THROUGH_OUTLET = re.compile(r"(?:通过|在|依托|利用|于)[^\d,，]{0,30}?(?:网站|官网|门户|网|平台|专栏)")
# an item of a list that counts the output in general ('公开政府信息202条'): the outlet it went through unnamed
_GENERAL_OUTPUT_ITEM = re.compile(r"^(?:公开|发布|更新)(?:各类)?(?:政府|政务)?信息\d+条$")
_OUTLET_LIST_CUT = re.compile(r"(?:网站|门户|公众号|微博|平台|客户端|APP)[”\"]?、(?=[^\d,，、]{0,4}?(?:发布|公开|主动|累计|更新))")
_SECOND_COUNT_OF_POSTS = re.compile(r"^(?:文章|推文|图文|稿件|原创)[^\d,，]{0,4}\d+(?:篇|条)$")
_NUMBERED_ITEM = re.compile(r"^\d{1,2}[.、．](?!\d)")
_NEW_OF_YEAR = re.compile(r"^(?:其中[:：]?)?(?:本年度?|今年|全年|\d{4}年度?)新增")
# Names in quotes are names, not outlets ('“海南省政府网”微信公众号推送信息3186条').
_QUOTED = needing(("“", '"'), re.compile(r"“[^”]{1,30}”|\"[^\"]{1,30}\""))
# Worth looking at: a figure keyword and a number or a negation (quick filters: most prose
# lines have neither).
_FIGURE_HINT = re.compile(r"\d|未|没有|无")
# (every site word the channels know: '在宁强县政府网公开信息34条', zzzze10912, both readers)
_KEYWORDS = re.compile(r"申请|复议|诉讼|微博|微信|公众号|公众平台|网站|政府网|信息网|门户|官网|主动(?:及时|全面|依法|规范)?(?:向社会)?公开|主动发布|公开(?:各类)?(?:政府|政务)信息|政务网|公开网")

# a site reached by its name ('通过江苏民政网公开…3561篇' zx5312, '在中国林业网(…)发布…59563条' zr4723) — not
# another body's platform ('在云南省政府采购网公开信息7条', l1536)
_NAMED_SITE = (
    r"(?<=通过|依托)[^\d,，、]{1,12}?(?<!采购|招标|交易|信用)网(?![站格络点民友上购])"
    r"|(?<=在)[^\d,，、]{1,12}?(?<!采购|招标|交易|信用)网(?![站格络点民友上购])(?=[(（]|发布|公开|上)"
)
_CHANNELS = (
    ("microblog", re.compile(r"微博")),
    ("wechat", re.compile(r"微信|公众号|公众平台")),
    # 政府信息公开网, 青岛政务网; a portal named 政府网/信息网/门户 ('通过兰州市人民政府网主动公开…', '通过金华农业
    # 信息网…', '通过硚口信息网…', '通过政府门户主动公开…': o1810 n1710 i1231 p1924)
    # …and any site reached by name ('通过江苏民政网公开…3561篇' zx5312, '在中国林业网…发布…59563条' zr4723)
    # (every alternative holds 网 or 门户: the lookbehinds of _NAMED_SITE are not tried on a clause without them)
    ("website", needing(("网", "门户"), re.compile(r"网站|官网|门户|(?:公开|政务|政府|信息)网(?![站格络])|" + _NAMED_SITE))),
)
# Outlets other than 微博/微信/网站: a count next to one of them is a total over several channels
# ('通过政府网、公众号、各级媒体等方式主动向社会公开…信息1851条' is not a WeChat count).
_OTHER_OUTLETS = re.compile(
    r"媒体(?!微信|微博|公众号)|短信|QQ|美篇|快手|查阅|报刊|报纸|电视|广播|手机台|公开栏|宣传栏|公示栏|公告栏|客户端|抖音|头条号|视频号|"
    r"显示屏|电子屏|等(?:公开)?(?:方式|渠道|平台|载体|途径|形式)|服务中心|服务大厅"
    # '通过政府信息公开平台、政府网站主动公开…12条' (zb3134, both readers): a platform listed beside it
    r"|(?<!公众)(?<!微信)(?<!微博)平台[、和及与]|[、和及与][^\d,，、]{0,12}?(?<!公众)(?<!微信)(?<!微博)平台"
    # …or a system ('通过政府门户网站、省政府信息公开管理系统主动公开各类信息25006条', zs4819)
    r"|系统[、和及与]|[、和及与][^\d,，、]{0,14}?系统"
    # '通过门户网站和其他信息公开渠道主动公开…2398条' (i1236): the site and other outlets together
    r"|其他[^\d,，]{0,8}?(?:渠道|方式|平台|载体|途径|形式)"
    # '以政府网站为主渠道主动公开…信息共1777条' (zzp7131, both readers): the main one of several outlets
    r"|为主(?:要)?(?:渠道|平台|阵地|载体|途径)"
)
# a site by its name's end ('…门户网站', '巧家县人民政府网', '巧家新闻网')
_SITE_WORD = r"(?:网站|官网|门户|(?:政务|公开|政府|信息|新闻|采购)外?网(?![站格络]))"
_SEVERAL_SITES = re.compile(
    # ('通过巧家县人民政府网、巧家新闻网…公开信息20条', zzzh8905, both readers)
    _SITE_WORD + r"[^\d,，。]{0,12}?(?:和|及|与|、|以及)[^\d,，。]{0,16}?" + _SITE_WORD +
    # two bodies' portals named once ('通过市委、市政府门户网站主动公开信息13条', zi3806, both readers)
    r"|(?:委|府|局|院|办)(?:和|及|与|、)[^\d,，。、]{1,8}?(?:门户网站|网站|官网)"
    # the sites of two levels ('在市、区两级政府门户网站中主动公开…180条', zzw7807, both readers)
    r"|(?:两|三|多|各)级[^\d,，。]{0,6}?(?:门户网站|网站|官网)"
    # ('依托各政府门户共主动公开各类信息239条', zzzzb10767, both readers)
    r"|各(?:个|类)?[^\d,，。、]{0,4}?(?:门户|网站|官网)"
)
# (a 订阅号 is a kind of WeChat account, not its subscribers: '通过“投资钦州”微信订阅号推送信息125条', zzzw10405)
_OTHER_COUNTS = re.compile(r"粉丝|关注|订阅(?!号)|阅读|浏览|访问|点击|转发|转载|评论|留言|回复|回应|互动|咨询|用户")
# What a 微博/微信 count may be of: posts in general, never one kind ('利用微信公众号发布工作动态64条').
_POST_OBJECT = re.compile(
    # (a kind named at length: '发布推送卫生健康及疫情防控相关资讯206篇', zz5539)
    r"(?:发布|公布|推送|发送|公开|更新|刊发|编发|推出|发出|刊登|上传)了?(?P<obj>[^\d,，、]{0,20}?)(?:共|共计|合计|达|为)?"
    + _NUM + r"(?:条|篇|件)"
)
_CHANNEL_NAME = re.compile(r"^(?:政务)?(?:微信公众号|微信公众平台|微信|微博|公众号)")
_GENERAL_POST = re.compile(
    r"^(?:有关|相关)?(?:各类|各种)?(?:政府|政务|公开)?(?:各类|各种)?(?:图文)?(?:信息|文章|推文|图文|消息|资讯|内容|微博|微信|稿件)?(?:数|数量|总数)?$"
    r"|^[^\d]*等(?:各类)?(?:政府|政务)?信息$"  # what its 等-list sums up
)
# Handed to another body's site ('向区政府门户网站推送…信息379条'): not the body's own channel count.
_SUBMITTED_TO = re.compile(r"向[^\d,，]{0,20}?(?:网站|官网|平台|公众号|微博)[^\d,，]{0,6}?(?:推送|报送|上报|投稿|提供)")
# One kind named between the site and its verb ('政府网站工作动态发布629条', l1507): not the site's count
_SITE_KIND_BEFORE_VERB = re.compile(
    r"(?:网站|官网)[^\d,，]{0,6}?(?:动态|要闻|新闻|公告|通知|公示|文件|政策|简报)[^\d,，]{0,2}?(?:发布|公开|更新|公布)"
)
_PUBLISH_VERB = re.compile(r"发布|公布|推送|发送|公开|更新|刊发|编发|推出|发出|刊登|报送|上传")
# A column, channel or part of a site: its count is not the site's ('在“要闻动态”栏目发布…').
# (…and a platform inside the portal: '通过崆峒区门户网站政府信息公开平台发布信息34条', zl4126, both readers)
_SITE_PART = re.compile(r"栏目|专栏|频道|板块|子站|其中|专题|目录|网站[^\d,，(（]{2,12}平台")
# …but the site named right after 其中 is the site's share of an all-channel total
# ('…主动公开政府信息8731条,其中门户网站公开信息7717条').
_SITE_SHARE = re.compile(
    # ('其中在縣政府網站主動公開政務信息2526條次', zzzzh11068, both readers)
    r"^[(（]?其中[:：]?(?:通过|在)?[^\d,，、]{0,16}?(?:网站|官网|公开网|政务网)(?:上)?(?:全年|年内)?(?:共)?(?:主动)?(?:公开|发布|更新)"
    r"(?:政府|政务|各类)?(?:信息)?(?:数)?(?:共|共计)?\d+条"  # not a category: '其中在…网站发布公示公告17条'
)
# …but the site's own disclosure column, through which it publishes proactively, is the site
# ('在市人民政府门户网站信息公开专栏主动公开信息20条', '官方网站对应栏目主动公开信息411条'; e801 e815 f916)
_PROACTIVE_IN_COLUMN = re.compile(
    # ('在政府网站(信息公开专栏)主动公开政府信息143条' zzo7021; '…门户网站信息公开专栏主动公开本单位工作
    # 动态、公示公告、…等信息130条' zzn6938; both readers)
    # ('…门户网站政府信息公开专栏里主动公开各类信息5836条', zzzs10023)
    # (quoted: '于福州市门户网站“政府信息公开专栏”主动公开政府信息36篇', zzzzb10786; not a department's 频道 — both
    # readers kept its count as the site's in zzzzh11074 and declined it in zn4326)
    r"(?:网站|官网)[(（“\"]?[^\d,，]{0,12}?(?:专栏|栏目|目录)[)）”\"]?[上里中内]?(?:共|全年|共计)?主动公开"
    r"(?:[^\d,，。；]{2,40}?、[^\d,，。；]{1,40}?等)?(?:各类)?(?:年度)?(?:政府|政务)?(?:各类)?信息(?:共|共计)?\d+(?:条|篇)"
)
# …though the site's 信息公开目录 is the catalogue of what was disclosed, not the site's own output:
# the proactive total only ('通过县政府网站政府信息公开目录主动公开政府信息146条', zn4322, both readers)
_SITE_CATALOGUE = re.compile(r"(?:网站|官网)[^\d,，]{0,12}?目录")
# A list of counts ('政府网站公开…112条、微信公众号公开…85条'): each item is read alone.
_LIST_ITEM_END = _AtEnd(("条", "篇", "件", "期", "次", "个", "项"), re.compile(r"\d+(?:条|篇|件|期|次|个|项)$"))
_COUNT_ITEM_END = _AtEnd(("条", "篇"), re.compile(r"\d+(?:条|篇)$"))
# '共计制作、获取政府信息总数148条,其中主动公开信息有103条' (i1202 j1322): the proactive part of
# all the information the body produced is its proactive total (not of one kind: '公文类…', g1028)
# (…or all it disclosed: '2020年,我局公开信息687条,其中主动公开668条', zzr7305, both readers)
_PRODUCED_TOTAL = re.compile(
    r"(?:(?:制作|获取|形成)(?:[、和及]获取)?(?:的)?|(?<!主动)公开)(?:政府|政务)?信息(?:总数|总量)?(?:共|共计|为)?\d+条$"
)
# the proactive part after it, without 信息 ('本年度共制作政府信息184条,其中主动公开55条', zzq7201)
_PROACTIVE_PART = re.compile(r"^其中[,，:：]?主动公开(?:的)?(?:共|为)?" + _NUM + r"条$")
_BREAKDOWN_OPENS = re.compile(r"^[(（]?(?:其中|包括|主要包括|内容包括|含|分别|涉及)")
# '通过局门户网站公开政府信息公开52条,其他信息2167条' (i1209): a count followed by "the other
# information N" is one category of the output, not its total (channels — 其他方式/媒体 — are not this)
_REST_ITEM = re.compile(r"^(?:其他|其它|其余)(?:各类|类)?(?:政府|政务)?(?:信息|事项|内容)(?:共|数)?\d+(?:条|篇|件)$")
# Convention (2026-11-30): a website's own count of what it published proactively for the year
# ('通过政府网站主动公开信息5767条') is both the site's count and the proactive total.
_PROACTIVE_VERB = re.compile(r"主动(?:及时|全面|依法|规范)?(?:向社会)?(?:公开|公布)")
_ENUMERATED = re.compile(r"^[一二三四五六七八九十]是")
# A site publishes many kinds: its count is of 信息 (or of what its 等-list sums up), never of
# one kind ('部门网站发布工作日常动态33条,通知通告14条').
# ('工作信息' is one kind, work news: '通过临湘市政府门户网站公布工作信息24条', zl4106, both readers)
# ('…主动公开年度政府信息34条', zzzb8329)
# (…but a class its 等 names is one kind: '公开区政府规范性文件等公文类政府信息54条', zzzw10409, both readers)
_SITE_VERB = r"(?:发布|公布|公开|更新|刊发|推送|上传|编发)了?(?:[^\d,，]*?等(?![^\d,，]{0,8}?[^各\d,，]类)[^\d,，]{0,10}?)?(?:各类)?(?:年度)?(?:政府|政务)?(?:各类)?"
_SITE_COUNT = re.compile(
    _SITE_VERB + r"(?:信息|资讯)(?:数|数量|总数|总量)?(?:的有|有|共|共计|合计|总计|为|达)?" + _NUM + r"(?:条|篇|件)"
)
# ('在政府门户网站发布5条重大行政决策草案、…' (ze3437) counts one kind: the count goes last or before 信息)
_SITE_COUNT_BARE = re.compile(
    _SITE_VERB + r"(?:共|共计|合计)?" + _NUM + r"条(?:(?:政府|政务|各类)?信息)?(?:[)）])?$"
)
_PROACTIVE_ON_SITE = re.compile(r"主动(?:在|通过)[^\d,，]{0,20}?(?:网站|官网|公开网|政务网)(?:上)?公开")  # '主动在门户网站公开…50条'
_POST_COUNT = re.compile(_NUM + r"(?:条|篇)")
_ANY_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
# '主动公开信息数量为46件': 件 counts posts only right after 信息 (not '规范性文件12件').
_POST_COUNT_ITEMS = re.compile(r"信息(?:数量|数)?(?:为|共|共计|达)?" + _NUM + r"件")
_CHANNEL_KEYS = {
    "microblog": "narrative.microblog_posts",
    "wechat": "narrative.wechat_posts",
    "website": "narrative.website_posts",
}
_NON_PROACTIVE_CHANNEL = re.compile(
    # '二是通过硚口信息网向社会主动公开信息10033条' (i1231): one channel's share, not the total
    # ('2024年利用政府门户网主动公开信息35条,利用新媒体微信公众号…89条', zzzh8906, both readers)
    # ('充分利用爱清水APP主动公开信息102条', zzzp9723, both readers: an app is one outlet)
    r"APP|App|app|(?:通过|利用|依托|借助)[^\d,，]{1,16}?网(?!格)|网站|门户|公开网|政府网|微博|微信|公众号|平台|报刊|公报|公开栏|公告栏|宣传栏|公示栏|电子屏|显示屏|媒体|专栏|客户端"
)

_REQUESTS = (
    re.compile(
        # ('全年收政府信息公开申请464件' zzk6638, '受理政府信息申请公开0件' zzl6738; both readers)
        r"(?:收到|受理|接到|接收|新收|收(?=(?:政府)?信息公开申请))了?[^\d,，]{0,24}?"
        r"(?:信息公开(?:书面|网上|口头)?申请|信息申请公开|依申请(?:公开)?(?:政府信息)?(?:申请|事项|信息|信件|案件)?)"
        # '受理依申请公开信息申请0条' (o1803), '受理政府信息公开申请案件4件' (j1323)
        r"(?:申请|数量|总数|数|件|案件)?"
        r"(?:为|共|共计|合计|总计|达|计)?" + _NUM + r"(?:件|份|起|条|宗|项)"
    ),
    # '依申请公开共受理2件', '新受理依申请政府信息公开3件'
    re.compile(r"依申请(?:公开)?(?:政府信息)?(?:公开)?(?:申请)?(?:共|共计)?(?:受理|收到|接收)了?" + _NUM + r"(?:件|份|起|宗)"),
    re.compile(r"(?:新受理|受理|收到)依申请(?:政府信息)?公开(?:申请)?(?:共|共计)?" + _NUM + r"(?:件|份|起|宗)"),
    # '共收到10件依申请公开请求', '收到9份政府信息依申请公开事项', '收到12起政府信息依申请公开'
    re.compile(r"(?:收到|受理|接到|接收|新收)了?" + _NUM + r"(?:件|份|起|宗)[^\d,，]{0,6}?(?:信息公开申请|依申请公开)"),
    # '共收到申请公开政府信息4件' (zw5224), '依申请公开申请数为21件' (zx5315)
    re.compile(r"(?:收到|受理|接到|接收)了?申请公开(?:政府)?信息(?:的申请)?(?:共|共计)?" + _NUM + r"(?:件|份|条)"),
    re.compile(r"依申请公开申请(?:数|数量|总数)(?:为|共|达)?" + _NUM + r"件"),
    # '2022年度收到和处理政府信息公开申请数量为0' (zzk6603, both readers): the count named, no unit
    re.compile(r"(?:收到|受理|接到|接收)[^\d,，]{0,8}?信息公开申请(?:数量|总数|数)为" + _NUM + r"$"),
    # '收到60条信息公开的申请' (zy5411), '共接收6件公开申请' (zy5425), '共收到3个依申请公开件' (zw5209)
    re.compile(r"(?:收到|受理|接到|接收)了?" + _NUM + r"(?:条|个|件|份)(?:政府)?(?:信息公开的?申请|公开申请|依申请公开件)"),
    # '接收到申请书55份' (in a disclosure report's prose: the disclosure applications)
    re.compile(r"(?:收到|受理|接到|接收到?|新收)了?(?:政府信息公开)?申请(?:书|表)(?:共|共计|合计)?" + _NUM + r"(?:份|件)"),
)
_REQUESTS_NONE = re.compile(
    r"(?:未|没有)(?:收到|接到|受理|接收|发生|[^\d,，]{0,16}?提出)过?[^\d,，]{0,20}?"
    r"(?:信息公开申请|公开政府信息的?申请|政府信息公开的?申请|政府信息申请|要求公开(?:政府)?信息的申请|"
    # '尚未收到依申请公开的申请' (l1512), '未收到依申请公开来信' (l1514), '未收到公民、法人或者其他组织
    # 申请公开政府信息' (l1524)
    # ('…提出依申请公开信息的申请' zy5408, '未收到依申请公开事件和信息' zw5226)
    r"依申请公开(?:政府信息|政府|信息)?(?:办理)?的?(?:事项|事件|件|申请|请求|来信)|(?<!依)申请公开(?:政府)?信息)"
    # '全年无依申请公开的情况', '2019年沙依巴克区无依申请公开的政府信息', '无单位或个人申请政府信息公开'
    r"|^(?:\d{4}年度?)?(?:全年|本年度?|今年)?(?:我[乡镇局区县市委办]|本(?:单位|局|镇|乡)|[^\d,，]{2,12}?[区县市镇乡局])?"
    r"(?:\d{4}年度?)?(?:无|没有)(?:(?:政府信息)?依申请公开|政府信息公开申请|信息公开申请|单位或个人申请政府信息公开|申请公开(?:政府|政务)信息)"
    # ('无依申请公开信息转主动公开信息' is no information turned proactive, zx5320)
    r"(?![^\d,，。]{0,6}?转)"
    # '我镇未收到依申请公开政府信息' (zp4523 zp4530), '没有收到依申请公开信息' (zo4405), '未收到依申请
    # 公开' (zo4435), '未受理依申请公开信息申请' (zp4534; both readers each time): nothing received
    # on request — not '未发生依申请公开信息' (k1415: nothing disclosed on request)
    # ('未接收到依申请公开政府信息', zzk6633, both readers)
    r"|(?:未|没有)(?:收到|接到|受理|接收到?)过?(?:任何)?依申请公开(?:的)?(?:政府|政务)?(?:信息)?(?:申请)?(?:事项)?(?:[,，。;；]|$)"
    # (a bare '依申请公开0件' may count documents by their disclosure attribute — '发文96件,其中…,
    # 依申请公开0件', zh3702, real_103 — and stays unread)
)
# '我镇2016年度无申请' — only in a section on applications
# a numbered list's label answered by 无: '2.依申请公开政府信息的情况:无' (zzzzw11813), '依申请受理信息公开申请:无'
# (zc3214; both readers each time) — not '依申请公开政府信息的数量:无' (what was disclosed on request, or the
# applications: the readers of zzzj9106 differ)
_REQUESTS_NONE_LABEL = re.compile(r"^(?:\d{1,2}[.、．])?(?:\d{4}年度?)?(?:我[乡镇局区县市委办]|本(?:单位|局|镇|乡))?(?:\d{4}年度?)?依申请(?:公开政府信息的?情况|受理(?:政府)?信息公开申请)[:：]无$")
_REQUESTS_NONE_BARE = re.compile(r"^(?:我[乡镇局区县市委办]|本(?:单位|局|镇|乡))?(?:\d{4}年度?)?(?:全年)?(?:无|没有)申请$")
# '涉行政复议、行政诉讼案件743件': one count of both kinds — neither key.
_REVIEW_AND_SUIT = re.compile(r"复议(?:案件|案)?(?:和|及|与|、|以及|或)(?:行政)?诉讼(?:案件|案)?(?:共|合计|共计|为)?" + _NUM)
# ('因政务信息公开工作被申请行政复议的案件有9件', zzzzj11188, both readers)
_REVIEW = re.compile(r"(?:行政复议|复议)(?:的?案件|案|申请|事项)?(?:共有|有|共|合计|共计)?(?:为)?" + _NUM + r"(?:件|起|宗|例|条|项)")
# ('被行政诉讼的案件共6件', zzo7032, both readers)
_SUIT = re.compile(r"(?:行政诉讼|诉讼)(?:的?案件|案|事项)?(?:共有|有|共|合计|共计)?(?:为)?" + _NUM + r"(?:件|起|宗|例|条|项)")
# the count before the kind ('发生1起有关政府信息公开的行政复议案件', zzzb8306, both readers)
_REVIEW_COUNT_FIRST = re.compile(r"(?:发生|收到|接到|被申请)" + _NUM + r"(?:起|件)[^\d,，]{0,16}?行政复议(?:案件|案)?$")
_SUIT_COUNT_FIRST = re.compile(r"(?:发生|收到|接到|被提起)" + _NUM + r"(?:起|件)[^\d,，]{0,16}?行政诉讼(?:案件|案)?$")
_NONE_VERB = r"(?:未|没有|不存在)(?:一件|一起|一例)?(?:发生|出现|收到|接到|有|产生|被申请|被提起|被|引发|引起|导致|涉及)过?(?:任何)?"
# …or '无' with what the cases would be about ('本年度无针对政府信息公开事务的行政诉讼', zq4612, both readers)
_NONE_ABOUT = r"(?:(?:^|全年|本年度?|今年|我[乡镇局区县市街]|也|亦|并|均)(?:\d{4}年度?)?无(?:针对|关于|因|涉及))"
_REVIEW_NONE = re.compile(r"(?:" + _NONE_VERB + r"|" + _NONE_ABOUT + r")[^\d,，]{0,20}?复议")
_SUIT_NONE = re.compile(r"(?:" + _NONE_VERB + r"|" + _NONE_ABOUT + r")[^\d,，]{0,20}?(?:诉讼(?!费)|起诉)")
# Any denial of the cases within the clause (1.49.0, the wordings the patterns above missed: '没有针对我局
# 政府信息公开的行政复议和行政诉讼', '市民政局无行政复议、行政诉讼情况事项', '无诉讼复议情况', '故没有行政诉讼
# 和行政复议事件'): a negation, then within the clause the kind of case — not an outcome of cases that
# exist ('未发生行政复议被纠错', read before), not '无法'/'无论'/'无关'
# ('未经复议直接起诉2件' is a way of suing, zn4328); not what the body handled or a court heard
# ('未受理…行政复议申请', '未办理…行政诉讼', '无人民法院受理…行政诉讼案件': zw5219 s2224 zb3112, declined)
_DENIED = r"(?:没有|没|未曾|未|无)(?!论|障碍|法|需|须|偿|关|误|效|意|疑|异|不|视|经)"
_DENIED_SPAN = r"(?:(?!受理|审理|办理|处理)[^\d,，]){0,30}?"
# (a fees statement is no denial of cases: '无与诉讼(行政复议,行政诉讼)有关的费用支出', zw5219)
_REVIEW_DENIED = re.compile(_DENIED + _DENIED_SPAN + r"复议(?![^\d,，]{0,6}?(?:被|纠|撤|败|维持))")
_SUIT_DENIED = re.compile(_DENIED + _DENIED_SPAN + r"(?:诉讼(?!费)|起诉)(?![^\d,，]{0,6}?(?:被|纠|撤|败|维持))")
_BOTH_ZERO = re.compile(
    # ('…行政复议和行政诉讼数量均为零', zzp7132, both readers)
    # ('…被申请行政复议及提起行政诉讼情况均为零' zzzf8716; the old form's '…行政复议、提起行政诉讼的情况:无'
    # zzze8601; both readers)
    # ('进入行政复议程序和行政诉讼程序均为0件', zzzx10519, both readers)
    r"(?:行政)?复议(?:程序)?(?:和|及|与|、|以及)(?:被?提起)?(?:行政)?诉讼(?:程序)?(?:[和及、]申诉)?(?:的)?(?:案件|情况)?(?:数量)?"
    r"(?:(?:均为|均|都为|都是|各|为)?(?:0(?:件|起|条|宗|例)|零)|[:：]无$)"
)
# Both denied in one list: '未发生…的行政复议案、行政诉讼案', '没有因政府信息提起行政复议和行政诉讼'.
_NONE_BOTH_LISTED = re.compile(
    r"(?:(?:未|没有)(?:一件|一起|一例)?(?:发生|出现|因|被申请|被提起|有|产生|引起|引发|导致|接到|收到)"
    # ('不存在因申请政府信息公开引起的行政复议和行政诉讼等情况', zzl6738, both readers)
    r"|不存在因"
    # '我镇2021年度无因政府信息公开申请行政复议、提起行政诉讼情况' (l1507), '也无因政府信息公开申请行政
    # 复议、提起行政诉讼的案件' (zzj6537, both readers)
    r"|(?:^|全年|本年度?|今年|我[乡镇局区县市街]|也|亦|并|均)(?:\d{4}年度?)?无因?)"
    r"(?:[^\d,，]{0,30}?复议[^\d,，]{0,8}?(?:和|及|与|、|以及|或者|或)(?:被?提起)?(?:行政)?诉讼(?!费)"
    # (suits first: '无行政诉讼和行政复议案件', zzzzf10958, both readers)
    r"|[^\d,，]{0,30}?诉讼[^\d,，]{0,8}?(?:和|及|与|、|以及|或者|或)(?:被?申请)?(?:行政)?复议)"
)
# The body handling reviews as the reviewing organ, or a whole area's count: not cases about
# its own disclosure ('2017年全县共受理行政复议4件').
# '共受理政府信息公开申请24件(含上年结转1件)': not the year's new applications alone
_AS_OF = re.compile(r"截至|截止")
# ('本局到2008年底累计主动公开政府信息91条', zg3608: as of the year's end, since the start)
# ('至2020年12月31日止,2020年度我街道共主动公开信息37条', zz5511, both readers: 至…止 as of a date)
# The template's sections that speak of the report year by definition: its overview ('一、总体情况', '一、概述') and
# its sections on the year's disclosure ('二 政府信息主动公开情况' under '一 概 述' whose first paragraph says
# '2012年,我局…', zzzzzd12108, both readers)
_YEAR_SECTION_HEADING = re.compile(
    r"^[一1][、.．\s]*(?:总体情况|概述|概况)$"
    # ('二、主动公开政务信息情况', zzzj9107)
    r"|^[二三四五六七八2-8][、.．\s]*(?:(?:政府信息)?主动公开(?:政府信息|政务信息)?(?:的)?情况|依申请公开(?:政府信息)?(?:的)?情况)$"
)
_FOLLOWING_RULES = re.compile(r"^(?:根据|按照|依据|依照)")
# a clause that opens with 目前, after its item's label or not ('(一)目前本单位已主动公开政府信息49条', zg3634, both readers)
_NOW_OPENS = re.compile(r"(?:[(（][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.、．])?目前")
_AS_OF_DATE_WORDS = ("至", "截止", "到")  # (one of them in every match)
_AS_OF_DATE = needing(_AS_OF_DATE_WORDS, re.compile(
    r"(?:截至|截止)(?:到)?\s*(?:\d{4}\s*年|本年|今年|年底|年末|\d{1,2}\s*月)|到\s*\d{4}\s*年(?:底|末)累计"
    r"|(?:^|[,，。;；])至\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*止"
))
# '共受理政府信息公开申请15件,其中新收到14件,结转上年度办理1件' (v2501, both readers): the count
# holds last year's cases — the year's own figure is in doubt
# ('全年收到政府信息公开申请30件(其中1件为上年度结转)', zq4640, both readers)
# ('2022年,共收到政府信息公開申請4件,其中上年度結轉2件', zzr7302, both readers)
# ('共受理…121件(其中本年度新收申请数112件,上年结转申请数9件)' zzzc8427, '被申请行政复议9件(含上一年度结转1件)'
# zzzf8706; both readers)
# (…'含…结转' in the count's own clause: '共受理…申请4件,答复…5件(含上一年度结转1件)' holds it in the answers, zzzf8705)
# ('…申请12件(含新收11件、上年结转1件)', zzzz10722, both readers: the carried cases after the new ones)
_CARRIED_INSIDE = re.compile(r"(?:含|包括|包含)(?:[^()（）。,，]{0,12}?[、和及])?(?:上年度|上一年度|上年|上一年|\d{4}年度?)结转(?!0件)")
# (a breakdown in brackets ends at its bracket: '共受理…事项36件(其中:自然人申请32件、企业申请2件、其他组织申请
# 2件),上年结转7件' (zzzw10404, both readers) — the new ones add up to 36, the carried cases are beside them)
_CARRIED = r"(?:结转上一?年度?|[1-9]\d*件为上一?年度?结转|上一?年度?结转[^\d,，。]{0,6}?[1-9])"
# (其中 first, the bracket before it tested after it: the regex engine skips to each 其中 instead of trying every
# position — 5× faster on a sentence, the same texts matched; only whether one is found is asked)
_WITH_CARRIED = re.compile(r"其中(?:(?<=[(（]其中)[^。)）]*?" + _CARRIED + r"|(?<![(（]其中)[^。]*?" + _CARRIED + ")")
_AS_REVIEWER = re.compile(
    # (…and suits: '办理因依申请公开引发的行政诉讼17件', zzzq9805, both readers)
    r"(?:受理|办理|审理|办结|处理)(?:了)?[^\d,，。未无没]{0,20}?行政诉讼\d|"
    r"(?:受理|办理|审理|办结|处理)(?:了)?(?:各类)?行政复议|(?<!申请)(?:受理|办理|审理|办结|处理)(?:了)?[^\d,，。未无没申]{1,20}?行政复议|审理[^\d,，]{0,12}?行政复议|全(?:县|市|区|省|旗)共?(?:受理|发生|办理)"
)
_HANDLED_THEN_SUITS = re.compile(r"(?:受理|办理|审理|办结|处理)[^。]{0,24}?行政复议\d+件[,，、]?(?:行政)?诉讼")  # (a sentence's text has no commas)
_OUTCOME_WORDS = re.compile(r"纠错|纠正|维持|败诉|胜诉|驳回|撤销|确认违法|审结")
# also without 政府/政务 ('共主动公开信息380条', convention 2026-11-30) and '主动公开2628条信息';
# 主动发布 only of government information ('全年主动发布各类政府信息876条', not '主动发布各类信息314条', m1619)
_PROACTIVE = needing(("主动",), re.compile(
    # ('主动公开年度政府信息32条' zw5232, '主动公开政府本级信息60条' zv5133, '…信息条数921条' zv5129,
    # '主动公开信息12条次' zy5404)
    # 1.49.0, the wordings of the same count the pattern missed on texts read twice: an adverb or
    # a second verb ('主动及时公开信息28条', '主动向社会公开信息24条', '主动公开和更新了各类信息439条',
    # '主动公开发布各类信息1658条'), 的 and the count named ('主动公开的信息数共有164条', '主动公开政府信息的
    # 数量共192条', '…件数为123件'), 篇/项 ('主动公开政府信息26篇'), and a list of kinds summed up by 等
    # ('主动公开领导分工、领导简历、…等政府信息337条': all of them, not one kind)
    # (not '其他应主动公开的政府信息3条', a category: b218 g1038; not the kinds of one topic,
    # '主动公开生产安全事故的政府举措、…等信息数10条', zc3210; not '16项65条', zc3205)
    # ('在区政府网站主动公开政府各类信息共53条', zzzj9139)
    # (not '法定主动公开信息16条', the statutory kind only: zzzo9610, both readers)
    r"(?<!应)(?<!应当)(?<!法定)(?:主动(?:及时|全面|依法|规范)?(?:向社会)?公开(?:和更新了?|发布)?了?的?(?:各类)?(?:年度)?(?:政府|政务)?(?:各类)?(?:本级)?"
    r")"
    # ('我镇主动公开了有关的政策文件、机构设置、…等相关信息81条', zzp7101, both readers)
    # ('主动公开工作动态、项目申报、…以及其他信息共计547条', zzr7329, both readers)
    # ('…财务预决算等需要公开的政府信息共计328条', zzzu10203)
    r"(?P<kinds>了?(?:有关的|相关的)?[^\d,，。；:：的]{2,40}?、[^\d,，。；:：的]{1,40}?(?:等|以及其他|及其他)(?:各类)?(?:相关|有关)?(?:需要公开的|应当?公开的)?(?:政府|政务)?)?"
    r"信息(?:发布)?的?(?:数|数量|总数|总量|条数|件数)?"
    # …or as a numbered list's label answered by its count ('1.主动公开政府信息的情况:81条', zzzj9106; zzzzv–zzzzx)
    r"(?:(?<=信息)的?情况[:：])?"
    # (…or with its unit dropped where its clause ends: '我办共主动公开政府信息131,主要为…' zzzv10306, '全年主动公开
    # 信息17448,累计转发…' zzzx10533; both readers)
    r"(?:的有|有|共有|共|合计|总计|共计|累计|为|达)?" + _NUM + r"(?:(?:条次|条|件|篇|项)(?!\d)|$)"
))
# '2018年度政府信息主动公开总数为100条' (zv5132): the count named after the verb
_PROACTIVE_NOUN_FIRST = re.compile(r"(?:政府|政务)信息主动公开(?:总数|数量|条数)(?:为|共|达)?" + _NUM + r"条")
# ('2020年度主动公开的62条政府信息中,…', zzp7118, both readers)
_PROACTIVE_COUNT_FIRST = re.compile(r"主动公开的?(?:共|共计)?" + _NUM + r"条(?:政府|政务)?信息")
_OUTLET_WORD = re.compile(
    # (a column is one too: '通过政府信息公开专栏及我局政务网站主动公开政府信息2585条', zzzzg11040, both readers)
    r"^其他|网站|官网|门户|微博|微信|公众号|新媒体|媒体|客户端|公开栏|宣传栏|查阅|报刊|报纸|电视|广播|公报|短信|公开网|政务网|政府网|专栏"
    r"|信息公开(?:管理)?系统|服务中心|服务大厅|采购网"
)
# without 主动 only of government information: '通过门户网站、官方微博、微信公众号等渠道公开各类信息5332条'
# (m1638) is everything the outlets carried, not the proactive total
_ALL_OUTLETS_TOTAL = re.compile(
    r"通过(?P<outlets>[^\d,，。；:：]{4,40}?)等?(?:多种|有效)?(?:渠道|方式|途径|平台|载体|形式)?"
    r"主动(?:向社会)?公开(?:各类)?(?:政府|政务)?(?:信息|资讯)?"
    r"(?:共|共计|总计|合计|数)?" + _NUM + r"条"
)
_PUBLISHED_TOTAL = needing(("公开", "发布"), re.compile(r"(?:主动公开|公开|发布)[^\d,，。]{0,16}?(?P<n>\d+)(?:余|多)?(?:条|份|件)"))


def _output_count(text: str) -> float | None:
    """A clause's count of published output ('公开政府信息84条'), None when it states none."""
    if "申请" in text:
        return None
    m = _PUBLISHED_TOTAL.search(text)
    return float(m.group("n")) if m else None


def _below_earlier_total(text: str, earlier: float) -> bool:
    if not earlier:
        return False
    m = _COUNT_AT_END.search(text)
    return bool(m and float(m.group(1).replace(",", "")) < earlier)


def _larger_output_after(text: str, later: list[_Clause]) -> bool:
    """Does a later clause of the sentence count more output, under no channel of its own? Then this
    count is one of parallel items, not a total ('市政府门户网站共发布政务信息4702条,重点…栏目更新发布信息870条,
    基层政务公开领域发布6432条', zzzw10415, both readers). A stock after it (累计, 总量) is no such item;
    a count the body published proactively through the channel is its own ('在…门户网站主动公开政府信息6条,
    发布公告公示34条、…', zzy8011, both readers)."""
    m = _COUNT_AT_END.search(text)
    if not m or _PROACTIVE_VERB.search(text):
        return False
    value = float(m.group(1).replace(",", ""))
    for clause in later:
        if _channels_in(clause.text) or _CUMULATIVE_CLAUSE.search(clause.text) or _STOCK_WORDS.search(clause.text):
            continue
        count = _output_count(clause.text)
        if count is not None and count > value:
            return True
    return False


def _category_after(later: list[_Clause]) -> bool:
    """Does a later clause count a category (no channel named)? In a breakdown after 其中 the channel is
    then one item of a list of outlets and kinds ('其中,门户网站共发布信息397条,党务公开信息42条,…', zzzv10302,
    both readers), not the site's share of the total."""
    for clause in later:
        if _BREAKDOWN_OPENS.match(clause.text):
            return False  # the channel's own breakdown ('…网站全年公开政府信息603条,包括决策公开信息77条,…', e823)
        if not _channels_in(clause.text) and _LIST_ITEM_END.search(clause.text):
            return True
    return False


_OUTLETS_BEFORE = re.compile(r"通过[^。]{0,40}?(?:网站|平台|栏目|专栏|公开栏|宣传栏|微信|微博|公众号|媒体)")
_LIST_GOES_ON = re.compile(r"^(?:条|篇|件)(?:信息)?[、;；]")
# '主动公开某某乡人民政府信息57条': the body's own information, by its name
# the body named between 主动公开 and 信息 ('主动公开沙德格苏木政府信息28条', '主动公开海关政府信息634条'),
# not a category of it: '全年主动公开重点领域政府信息485条' (zm4228, both readers) is one kind
_PROACTIVE_NAMED = re.compile(
    r"主动公开(?![^\d,，。；、]{0,20}?(?:领域|类|重点|动态|公告|文件|财政|人事))[^\d,，。；、]{2,20}?(?:人民政府|政府|办事处)信息(?:共|合计|总计|共计|为)?" + _NUM + r"条"
)
_STOCK = re.compile(
    r"(?:粉丝|关注|订阅)(?:用户|人数|数量|数|量)?(?:达到|达|为|共|共计|超)?" + _NUM + r"(?:人|个|名|户)?"
)


@dataclass(slots=True)  # (not frozen: a frozen dataclass's __init__ sets each field through object.__setattr__)
class _Clause:
    text: str  # compacted normalised text
    # where it stands: its paragraph and span there — what it prints and where (raw, prov) are read
    # off them when a figure is taken from it, which few clauses give
    para: _Paragraph
    start: int
    end: int
    # does the text hold a digit? Every count the rules read needs one: a clause without is read
    # for its denials only ('未收到…申请'), and the list and total rules pass over it
    has_number: bool = False
    _outlet: str | None = None

    @property
    def raw(self) -> str:
        """The clause as printed."""
        return self.para.raw[self.start : self.end].strip(" ,，。；;")

    @property
    def prov(self) -> str:
        return f"{self.para.prov_at(self.start)} (text)"

    @property
    def outlet(self) -> str:
        """The text as the list-of-outlets rules read it (_outlet_text), made when first asked (the rules
        that ask are not run on every report)."""
        if self._outlet is None:
            self._outlet = _outlet_text(self.text)
        return self._outlet


class _Printed(NamedTuple):
    """What a figure read over two clauses prints, and where."""

    raw: str
    prov: str


@dataclass(slots=True)  # (made for every sentence of the prose: slots are cheaper to make and read)
class _Sentence:
    clauses: list[_Clause]
    text: str  # compacted normalised text of the whole sentence
    block: int  # index of the section (heading to heading)
    headings: str  # the heading chain above it
    group: int = 0  # sentences up to one '。' (a list runs over '；': '一是…;二是…') share a group
    has_number: bool = False  # does one of its clauses hold a digit (a year, a count)?


_DIGIT = re.compile(r"\d")


def _compact(text: str) -> str:
    return "".join(text.split())


# The whole year, in words (for website / proactive totals, which need it in the clause).
_FULL_YEAR_WORD = re.compile(r"全年|本年(?!报)|年内|今年|一年来")


# what states the year for a 累计 count: any year word but '一年来'
_STOCK_YEAR = re.compile(r"\d{4}\s*年|全年|本年(?!报)|年内|今年")


@lru_cache(maxsize=64)
def _year_marker(year: int) -> re.Pattern[str]:
    """The report year by number (2017年, 2017年度) or in words (全年, 本年度; not 本年报)."""
    # (…also with its 年 lost before the sentence goes on: '2024共收到…', '2024以来,我局…', zzy8023 zzy8035)
    return re.compile(rf"{year}\s*年|{year}(?=共|以来|全年|本年|我|区|县|市|镇|乡|街)|全年|本年(?!报)|年内|今年|一年来")


@dataclass(slots=True)
class _Paragraph:
    """Prose lines joined where a PDF (or a hard-wrapped dump) broke a sentence."""

    norm: str
    # the lines joined: what they print, and where, is read off them when a figure is taken (for few
    # paragraphs), not joined for every one
    lines: list[Line]
    heading: bool  # does norm open with a heading's number (_HEADING)? asked of each paragraph once

    @property
    def raw(self) -> str:
        """The paragraph as printed: each line's text where it has its normalised text's length (so spans
        line up), else the normalised text."""
        return "".join(_printed(line) for line in self.lines)

    def prov_at(self, offset: int) -> str:
        """The provenance of the line that holds ``offset`` of norm."""
        end = 0
        for line in self.lines:
            end += len(line.norm.strip())
            if offset < end:
                return line.prov
        return self.lines[-1].prov


def _printed(line: Line) -> str:
    text, norm = line.text.strip(), line.norm.strip()
    return text if len(text) == len(norm) else norm


# A line this long that does not end a sentence was wrapped: the next line continues it.
_WRAPPED_MIN_CHARS = 20
_ENDS_SENTENCE = ("。", "!", "?", ";", ":", "！", "？", "；", "：")


# A short line that stops mid-clause ('微信公众号共发布' / '文章473篇') goes on in the next one.
# (a suffix test, not a regex searched over the whole line: a stripped line has no newline for '$' to skip)
_OPEN_ENDINGS = ("发布", "公开", "推送", "共", "共计", "累计", "收到", "受理", "接收", "接到", "达", "为", "计", "了")
# A heading that names its subject whole ('(一)镇政府信息公开网站主动公开政府信息情况') is not wrapped,
# however long: the line after it opens the section (i1208).
_CLOSED_HEADING = re.compile(r"(?:情况|概况|方面)$")


def _paragraphs(lines: list[Line]) -> Iterator[tuple[str, bool, list[Line]]]:
    """The prose paragraphs, in order: each one's normalised text, whether it opens with a heading's number
    (_HEADING), and its lines. (Tuples, yielded as each paragraph ends: most paragraphs are a table's cells
    that _sentences passes over, so the _Paragraph is made only for the few it splits.)"""
    norm = ""  # the paragraph being joined ('': none)
    heading = False
    joined: list[Line] = []
    last_len = 0
    for line in lines:
        text = line.norm.strip()
        if not text or line.cells is not None or "|" in text:
            if norm:
                yield norm, heading, joined
                norm = ""
            continue
        first = text[0]
        # (a number that opens with a digit needs '.', '、' or '．' after it, _HEADING's last branch: most lines
        # that open with a digit are a table's figures, '5,728', and three substring tests cost less than a match)
        opens_heading = (
            first in _HEADING_FIRST or (first.isdecimal() and ("." in text or "、" in text or "．" in text))
        ) and _HEADING.match(text) is not None
        if (  # the line goes on with the paragraph
            norm
            and not opens_heading
            and not norm.endswith(_ENDS_SENTENCE)
            # a heading ending in 公开 ('(二)依申请公开') is not a clause left open
            and (last_len >= _WRAPPED_MIN_CHARS or (not heading and norm.endswith(_OPEN_ENDINGS)))
            and not (heading and _CLOSED_HEADING.search(norm))
        ):
            joined.append(line)
            norm += text
            heading = _HEADING.match(norm) is not None  # (what a line adds may complete its number)
        else:
            if norm:
                yield norm, heading, joined
            norm, heading, joined = text, opens_heading, [line]
        last_len = len(text)
    if norm:
        yield norm, heading, joined


# What _sentences reads off a paragraph's text alone, memoised by the text (bounded, emptied when full):
# most paragraphs are a table's cells, one a line, and the same labels and headings recur in every
# report — their patterns ran on every paragraph of every report (a fifth of the prose reader's regex time).
_TOP, _SUB, _MINOR = 0, 1, 2
_HEADINGS: dict[str, tuple[str, int, bool]] = {}  # a heading's label (≤ 30 characters), level, overview?
_PROSE: dict[str, bool] = {}  # may the paragraph state a figure (a keyword and a figure's hint)?


def _heading_of(norm: str) -> tuple[str, int, bool]:
    """A heading paragraph's label, level (_TOP '一、', _SUB '（一）', else _MINOR) and whether it
    is one of the template's sections of the report year (_YEAR_SECTION_HEADING, top level only)."""
    head = _compact(_SENTENCE_END.split(norm, maxsplit=1)[0])[:30]
    if _TOP_HEADING.match(norm):
        # the template's overview ('一、总体情况', '一、概述') is of the report year by definition
        known = (head, _TOP, bool(_YEAR_SECTION_HEADING.search(head)))
    else:
        known = (head, _SUB if _SUB_HEADING.match(norm) else _MINOR, False)
    return remember(_HEADINGS, norm, known)


def _prose_of(norm: str) -> bool:
    """Does the paragraph name one of the keywords and hold a figure's hint (a digit, or a denial)?"""
    return remember(_PROSE, norm, bool(_KEYWORDS.search(norm)) and bool(_FIGURE_HINT.search(norm)))


def _sentences(lines: list[Line], year_re: re.Pattern[str], year: int) -> tuple[list[_Sentence], list[bool]]:
    """Prose sentences with their section, and for each section: does it name the year?"""
    sentences: list[_Sentence] = []
    block_has_year: list[bool] = [False]
    block = 0  # the section the paragraph is in (its index in block_has_year)
    top = sub = minor = ""
    # '一、总体情况' / '2019年，…' / '（一）…' / '（二）…': a top section whose first paragraph
    # opens with the year speaks of that year in all its sub-sections.
    top_is_year = False
    top_first_para = False
    # '2022年,五泄镇贯彻落实…' above '一、总体情况' (zzy8020): an opening that states the report year before
    # the first section speaks for that section as its own first paragraph would
    preamble_is_year = False
    tops = 0
    # (a sentence, not a title: '2019年西街街道' over the title's second line is no opening, zn4333;
    # a title joined to the opening it wraps into still is: '…年度报告2022年,五泄镇…')
    opening_with_year = re.compile(rf"^{year}年度?[,，]|(?:报告|年报){year}年度?[,，]")
    year_digits = str(year)
    for pid, (norm, heading, joined) in enumerate(_paragraphs(lines)):
        if heading:
            head, level, overview = _HEADINGS.get(norm) or _heading_of(norm)
            if level == _TOP:
                top, sub, minor = head, "", ""
                tops += 1
                top_is_year, top_first_para = (tops == 1 and preamble_is_year) or overview, True
            elif level == _SUB:
                sub, minor = head, ""
            else:
                minor = head
            block_has_year.append(top_is_year)
            block += 1
        elif top_first_para:
            top_first_para = False
            top_is_year = top_is_year or _compact(norm).startswith(f"{year}年")
        elif not tops and not preamble_is_year:
            preamble_is_year = bool(opening_with_year.search(_compact(norm)))
        # (once is enough for a section; the year's marker holds the year or 年: most lines of a table need no search)
        if not block_has_year[block] and ("年" in norm or year_digits in norm) and year_re.search(norm):
            block_has_year[block] = True
        # (a paragraph of ASCII only — a table's figure, '5,728' — holds none of the keywords, all Chinese:
        # str.isascii is a flag read, the pattern's call several times dearer)
        if norm.isascii():
            continue
        prose = _PROSE.get(norm)
        if prose is None:
            prose = _prose_of(norm)
        if not prose:
            continue
        sentences.extend(_split(_Paragraph(norm, joined, heading), block, top + sub + minor, pid))
    return sentences, block_has_year


# An ASCII '?' or '!' run into Chinese text on both sides ('廣州醫?!蔽⑿…' on a mirror whose
# encoding broke, v2514) is debris of a lost character, not the end of a sentence's list.
_DEBRIS_MARK = re.compile(r"[!?]+[\u4e00-\u9fff]")


# One scan of a paragraph finds where its sentences end (after the mark), where its clauses end (at the
# comma, _CLAUSE_SEP) and, in a paragraph with brackets, the brackets: a bracket's commas end no clause
# ('…信息461条(微信公众号公布457条,政府网站公布4条)' (zj3927) is one clause, its bracket a breakdown)
# (each mark a branch of its own, as _CLAUSE_SEP's: every branch opening with a literal character, the regex
# engine skips to those — a character class as a branch spares it none: twice as fast with the brackets)
_CUTS = re.compile("|".join(map(re.escape, _SENTENCE_MARKS)) + "|" + _CLAUSE_SEP.pattern)
_CUTS_AND_BRACKETS = re.compile("|".join(map(re.escape, _SENTENCE_MARKS + "()（）")) + "|" + _CLAUSE_SEP.pattern)
_ENDS_GROUP = "。！!？?"  # (not '；': a list runs over it)


def _split(para: _Paragraph, block: int, headings: str, pid: int) -> list[_Sentence]:
    norm = para.norm
    out: list[_Sentence] = []
    group = pid * 1000
    # (most paragraphs hold no space to take out; a paragraph is stripped at both ends, so a space in it splits it)
    squeeze = len(norm.split(maxsplit=1)) > 1
    # (a paragraph without a digit has no clause with one: no clause of it is searched for one)
    digits = _DIGIT.search(norm) is not None
    clauses: list[_Clause] = []
    texts: list[str] = []  # the clauses' texts, joined into the sentence's
    has_number = False  # does a clause of the sentence so far hold a digit?

    def add_clause(cstart: int, cend: int) -> None:
        nonlocal has_number
        text = norm[cstart:cend]
        text = (_compact(text) if squeeze else text).rstrip(_SENTENCE_MARKS)
        if text:
            number = digits and _DIGIT.search(text) is not None
            clauses.append(_Clause(text, para, cstart, cend, number))
            texts.append(text)
            has_number = has_number or number

    def add_sentence(start: int) -> None:
        nonlocal group, clauses, texts, has_number
        if start and norm[start - 1] in _ENDS_GROUP and not _DEBRIS_MARK.match(norm, start - 1):
            group += 1
        if clauses:
            out.append(_Sentence(clauses, "".join(texts), block, headings, group, has_number))
            clauses, texts, has_number = [], [], False

    start = cstart = depth = 0  # the sentence's and the clause's start; how deep in brackets
    cuts = _CUTS_AND_BRACKETS if "(" in norm or "（" in norm else _CUTS
    for m in cuts.finditer(norm):
        at = m.start()  # (every cut is one character: it ends at at + 1, no second call of the match)
        mark = norm[at]
        if mark in "(（":
            depth += 1
        elif mark in ")）":
            depth -= 1 if depth else 0
        elif mark in ",，":
            if not depth:
                add_clause(cstart, at)
                cstart = at + 1
        else:  # the sentence ends with its mark
            add_clause(cstart, at + 1)
            add_sentence(start)
            start = cstart = at + 1
            depth = 0
    if start < len(norm):
        add_clause(cstart, len(norm))
        add_sentence(start)
    return out


def _exact(match: re.Match[str], text: str) -> float | None:
    """The matched number, unless the wording around it makes it approximate."""
    after = text[match.end("n") :]
    if _APPROX_AFTER.match(after) or _APPROX_BEFORE.search(text[: match.start("n")]):
        return None
    if _APPROX_AFTER_UNIT.match(after):  # '15000条以上'
        return None
    # an unmatched suffix such as '多条' is caught above; the pattern's own unit follows
    return float(match.group("n").replace(",", ""))


def _search_exact(pattern: re.Pattern[str] | Prefiltered, text: str) -> float | None:
    for m in pattern.finditer(text):
        value = _exact(m, text)
        if value is not None:
            return value
    return None


class _Collector:
    """First statement of each key wins; a later statement with another value makes it doubtful."""

    def __init__(self) -> None:
        self.found: dict[str, Figure] = {}
        self.conflicts: set[str] = set()

    def add(self, key: str, value: float, clause: _Clause | _Printed) -> None:
        known = self.found.get(key)
        if known is None:
            self.found[key] = Figure(key, value, clause.raw, clause.prov, "text")
        elif known.value != value:
            self.conflicts.add(key)

    def figures(self) -> list[Figure]:
        return [f for k, f in self.found.items() if k not in self.conflicts]


@lru_cache(maxsize=10_000)
def _channels_in(text: str) -> tuple[tuple[int, str], ...]:
    """(where, channel) of each channel the text names, in order. Memoised (bounded): a pure
    function of the text, asked up to four times of a clause by the rules."""
    found = ((m.start(), name) for name, pattern in _CHANNELS if (m := pattern.search(text)))
    return tuple(sorted(found))


_BRACKETED_COUNTS = needing(("(", "（"), re.compile(r"[(（][^()（）]*\d[^()（）]*[)）]"))


def _list_items(text: str) -> list[tuple[str, bool]]:
    """A clause that lists counts ('发布政策文件4条、…、微信公众号推送信息1350篇'), item by item,
    each with: is the item a channel whose verb runs over the items after it (which name no
    channel of their own: '利用门户网站主动公开政府信息88条、规范性文件2条…')."""
    items = text.split("、")
    if "分别" in text or sum(bool(_LIST_ITEM_END.search(i)) for i in items) < 2:
        return [(text, False)]
    out = []
    for i, item in enumerate(items):
        later = items[i + 1 :]
        # (a count of readers or subscribers listed after the posts is none of them: '…公众号发布信息243条、
        # 订阅量2608个', zzzx10535)
        out.append((item, any(not _channels_in(x) and not _OTHER_COUNTS.search(x) for x in later)))
    return out


def _first_number_after(text: str, at: int, value: float) -> bool:
    """Is ``value`` the first number after position ``at`` (an account's or a site's name)?
    ('“大涌发布”发布政务微信信息2141、视频信息139条', zq4630: 139 is the videos, not the account's)"""
    first = _ANY_NUMBER.search(text, at)
    return first is None or float(first.group().replace(",", "")) == value


def _posts(clause: _Clause, whole_year: bool, share: bool, out: _Collector | _ZerosOnly) -> None:
    """微博/微信/网站 posts (never of a column or part of a site). A website's count of what
    it published proactively, stated for the whole year, is also the proactive total."""
    # '通过卫生计生局网站公开信息327条(卫生计生局门户网站发布信息563条)' (zzq7205, both readers): the site
    # counted twice with two numbers — which is its count is in doubt
    unbracketed = _BRACKETED_COUNTS.sub("", clause.text)
    # every count below is of a channel its item names, and an item is a piece of ``unbracketed``
    # cut at '、' (which no channel's name runs over): no channel in it, nothing to read — the
    # one cheap test spares most clauses the list and bracket rules
    if not _channels_in(unbracketed):
        return
    brackets = _BRACKETED_COUNTS.findall(clause.text)
    if brackets and _OUTLET_COUNTED.found_in(unbracketed):
        if any(_channels_in(bracket) and _OUTLET_COUNTED.found_in(bracket) for bracket in brackets):
            return
    # a breakdown in brackets is not a list of counts ('…发布信息16642条(概况类194条、政务动态5749条)')
    # '公开政府信息202条、微信公众号公开信息340条' (zzzk9231, both readers): a channel after a general count of the
    # output in its list is one item of a list of outlets (the first one's outlet unnamed)
    general_before = False
    for text, runs_on in _list_items(unbracketed):
        if not runs_on and not general_before:
            _posts_in(text, clause, whole_year, share, out)
        general_before = general_before or bool(_GENERAL_OUTPUT_ITEM.match(text))


def _posts_in(text: str, clause: _Clause, whole_year: bool, share: bool, out: _Collector | _ZerosOnly) -> None:
    """``share``: a part of a total (after 其中) or one outlet counted among others — its
    channel's count at most, never the proactive total."""
    site_share = bool(_SITE_SHARE.match(text))
    site_ok = site_share or not _SITE_PART.search(text) or bool(_PROACTIVE_IN_COLUMN.search(text))
    if _OTHER_COUNTS.search(text) or not _PUBLISH_VERB.search(text) or _SUBMITTED_TO.search(text):
        return
    channels = _channels_in(text)
    if not channels:
        return
    if len(channels) == 1:
        if "分别" in text:  # 'respectively' with one channel named: the others are elsewhere
            return
        if _OTHER_OUTLETS.search(_QUOTED.sub("", text)):  # one channel among other outlets: a combined count
            return
        name = channels[0][1]
        several = False
        if name == "website":
            if not site_ok or _SITE_KIND_BEFORE_VERB.search(text):
                return
            # '在市政府入口网站和法制办网站进行了主动公开信息27条' (o1825): a count over two sites is
            # no site's count (convention 15:00) — the proactive total only
            several = bool(_SEVERAL_SITES.search(_QUOTED.sub("", text)) or _SITE_CATALOGUE.search(text))
            value = _search_exact(_SITE_COUNT, text)
            if value is None:
                value = _search_exact(_SITE_COUNT_BARE, text)
            if value is not None and not _first_number_after(text, channels[0][0], value):
                return
        else:
            # ('全年累计发布微信公众号信息136条', zzzzi11120, both readers: the account named in what it posted)
            objects = [_CHANNEL_NAME.sub("", hit.group("obj")) for hit in _POST_OBJECT.finditer(_QUOTED.sub("", text))]
            if any(not _GENERAL_POST.match(obj) for obj in objects):
                return  # one kind of post
            value = _search_exact(_POST_COUNT, text)
            if value is None:
                value = _search_exact(_POST_COUNT_ITEMS, text)
            # '“大涌发布”发布政务微信信息2141、视频信息139条' (zq4630, both readers): the count is the
            # account's only when it is the first number after the account's name
            if value is not None and not _first_number_after(text, channels[0][0], value):
                return
        if value is None:
            return
        if not several:
            out.add(_CHANNEL_KEYS[name], value, clause)
        verb = _PROACTIVE_VERB.search(text, channels[0][0]) or _PROACTIVE_ON_SITE.search(text)
        # an enumerated part ('二是通过硚口信息网…主动公开信息10033条', i1231) is one channel, not the total
        if name == "website" and whole_year and verb and not (site_share or share or _ENUMERATED.match(text)):
            out.add("narrative.proactive_total", value, clause)
        return
    # two channels or more in one clause ('微信和微博分别发布信息1408条、6502条'): a list of outlets,
    # no channel's count (convention 15:00, as '微博发布信息2504条,微信发布信息2731条')


@lru_cache(maxsize=64)
def _year_end(year: int) -> re.Pattern[str]:
    """The report year's end: '2017年底', '2017年末', '2017年12月31日'."""
    return re.compile(rf"{year}年(?:底|末|12月31日)")


# An account's followers stated beside its posts, in a run of sentences naming the report year alone ('2021年,…;微信公众号
# 发布内容1346条,关注人数17945人', zzzzj11154; '2022年我局微信公众号“黔东南商务”发布图文信息201条,订阅数1461', h1133;
# the adjudicated gold keeps each): the count ends its clause, the account is the nearest channel named before it
# in its sentence, and no other outlet comes between ('…;官方抖音号发布内容18条,关注人数3255人' is the video account's).
# Not a growth ('新增关注78个') and not as of now or since the launch (those rules skip the clause before this one).
_ACCOUNT_STOCK = needing(
    ("粉丝", "关注", "订阅"),
    re.compile(
        r"(?<!新增)(?<!增加)(?<!净增)(?:粉丝(?:用户|人数|数量|数|量)?|(?:关注|订阅)(?:用户|人数|数量|数|量))(?:已)?"
        r"(?:达到|达|为|共计|共)?" + _NUM + r"(?:人次|人|个|名|户)?$"
    ),
)

# ('目前公众号关注人数865605人', zd3319: as of the day it was written; '平台累计关注人数289人', zj3937)
_FOLLOWERS_AS_OF = re.compile(r"目前|截至|截止|至今|累计|以来|现有")


def _account_followers(sentence: _Sentence, index: int, out: _Collector) -> None:
    clause = sentence.clauses[index]
    value = _search_exact(_ACCOUNT_STOCK, clause.text)
    if value is None or _FOLLOWERS_AS_OF.search(clause.text):
        return
    for before in reversed(sentence.clauses[: index + 1]):
        if _OTHER_OUTLETS.search(before.text):
            return
        channels = _channels_in(before.text)
        if channels:
            break
    else:
        return
    if len(channels) == 1 and channels[0][1] in ("microblog", "wechat"):
        key = "narrative.microblog_followers" if channels[0][1] == "microblog" else "narrative.wechat_subscribers"
        out.add(key, value, clause)


def _stock(clause: _Clause, out: _Collector) -> None:
    """Followers / subscribers (the caller asks for the report year's end in the sentence)."""
    channels = _channels_in(clause.text)
    if len(channels) != 1:
        return
    value = _search_exact(_STOCK, clause.text)
    name = channels[0][1]
    if value is not None and name in ("microblog", "wechat"):
        key = "narrative.microblog_followers" if name == "microblog" else "narrative.wechat_subscribers"
        out.add(key, value, clause)


# ('我局没有收到政府信息公开申请和因政府信息公开申请行政复议、行政诉讼事件', zzj6507, both readers)
# ('未收到任何形式的依申请公开信息、行政复议和行政诉讼', zzw7805, both readers: a list of what was not received)
# ('2021年未收到信息公开申请、申请行政复议、提起行政诉讼的情况', zzzy10606, both readers: a list of what was not
# received, the applications first)
_JOINED = re.compile(r"且(?=未|没有|无)|[和及](?=因[^\d,，]{0,16}?(?:复议|诉讼))|、(?=(?:因[^\d,，、]{0,16}?)?(?:申请|提起|被申请)?(?:行政)?(?:复议|诉讼))"
    # ('無依申請公開和復議、訴訟和申訴的情況', zzzzb10788, both readers)
    r"|[和及](?=(?:行政)?(?:复议|诉讼))")
# '2019年,汝州市共收到申请19件' under '(二)依申请公开办理情况' (i1238), '全年共收到公开申请32件' in
# a 依申请公开 paragraph (g1036): the bare word 申请 means the disclosure applications there
# ('2024年收到申请数0件', zzzh8906, both readers)
_REQUESTS_BARE = re.compile(r"(?:收到|受理|接收|接到)了?(?:公开)?申请(?:数|数量|总数)?(?:为)?(?:共|共计)?" + _NUM + r"(?:件|份)")


# '通过信息公开平台收到申请0件' (u2420), '未接到书面方式申请的…和网络方式申请的…申请件' (v2528; both
# readers): a count or a zero of the applications by some channels only is not the year's whole
_BY_SOME_CHANNELS = re.compile(
    # ('…在巴中市政府信息依申请公开系统收到政府信息公开申请0条', zzzzn11374, both readers)
    r"(?:通过|在)[^\d,，。]{0,16}?(?:平台|网站|系统|网络|网上|信函|邮件|传真|窗口|热线|网页|来信|专区|专栏)(?:渠道)?[^\d,，。]{0,4}?(?:收到|受理|接收|接到|提交|提出)"
    # (…or the site itself as the subject: '2023年,我局网站未收到“依申请公开”件', zzzzzl12513, both readers)
    r"|(?:我|本)(?:局|委|办|厅|中心|单位)(?:门户)?网站(?:上)?(?:未|没有|均未)(?:收到|受理|接收|接到)"
    # (…or submitted through one: '网上提交的…申请', '通过栏目提交的申请')
    # ('本年度收到网上提交依申请公开信息0件', zzzzl11255, both readers)
    r"|(?:网上|网络|线上|线下|栏目|网站|平台|信函|邮件|邮寄|当面|书面|电话|传真)[^\d,，。]{0,4}?(?:提交|提出)"
    r"|(?:书面|网络|网上|当面|信函|传真|电子邮件|邮件|口头|现场)方式|书面(?:提交|形式)"
    # ('未收到申请公开政府信息的电子邮件及网上申请', zzzi9019, both readers: the zero of two channels)
    # ('共收到2份書面政府信息公開申請', zzzzzb12009, both readers: the written ones only)
    r"|(?:电子邮件|邮件|信函|传真|书面|当面|口头|网上|网络)(?:(?:及|和|与|、)(?:电子邮件|邮件|信函|传真|书面|当面|口头|网上|网络))*"
    # (…or the procedure: '我局受理书面依申请公开4条', zg3620, both readers declined)
    r"(?:政府信息公开|信息公开|公开|依)?申请"
)
_ALL_CHANNELS = re.compile(r"等(?:多种)?(?:方式|渠道|途径|形式)|其他(?:形式|方式|渠道|途径)")


# The disclosure application, however a report words it (1.49.0, from the 93 phrasings the
# patterns above missed on texts read twice): a short phrase with 申请 (the noun, or 依申请) and
# 公开 or 信息 in it — '依申请公开事项', '申请政府信息公开的受理件', '政府信息公开的申请',
# '要求公开政府信息的申请', '依申请公开办件' — and nothing that makes it another procedure.
_APPLICATION_PHRASE = r"[^\d,，。；:：、]{0,26}?"
_NOT_AN_APPLICATION = re.compile(
    r"复议|诉讼|申诉|建议|提案|咨询|投诉|举报|信访|许可|审批|留言|来电|热线|补贴|救助|低保|资金|项目|"
    r"转|不予|延期|更正|撤回|答复|办结|结转|非本机关|公开形式|费|其[他它]方面|"
    # one channel's or one kind of applicant's ('在官网上公开信息的申请', '网络依申请公开', '线上申请',
    # '通过…栏目提交的申请', '2个自然人的…申请': e805 zzc5831 zv5112 zu5029 zj3930, both readers)
    # (…but every kind of applicant named together is everyone: '未收到自然人、法人或其他组织申请公开相关政府信息',
    # zzzzze12158, both readers)
    r"网上|网络|线上|线下|官网|网站|栏目|信函|邮件|邮寄|当面|书面|电话|传真|自然人(?![、,，]?法人(?:和|或者|或|及|与|、)?其他组织)"
)
_RECEIVE = r"(?:收到|受理|接到|接收到?|接受|新收|收(?=(?:政府)?信息公开申请))了?"
# (not a time limit: '…自接到政府信息公开申请书之日起15个工作日内予以答复', zzzzh11076)
_COUNT_UNIT = r"(?:件次|件|份|起|条|宗|项|次|例|个(?!工作日|自然日|月|小时))"
_APPLICATIONS_COUNTED = (
    # '收到依申请公开事项7次', '共受理依申请政府信息公开事项17例', '收到申请政府信息公开事项3件'
    re.compile(
        _RECEIVE + r"(?:共|共计|合计)?(?P<app>" + _APPLICATION_PHRASE + r")(?:数量|总数|数)?(?:为|共|共计|合计|总计|达|计)?"
        # (a number without its unit only as a zero or a count named so: '共收到依申请公开事项0',
        # '…申请数量为0' — not '收到依申请公开的申请2', v2503, both readers declined)
        + _NUM + r"(?:" + _COUNT_UNIT + r"|(?<=[^\d]0)$|(?<=数为\d)$)"
    ),
    # '收到1条依申请公开信息', '接到12项依申请公开政府信息申请', '收到和处理12件政府信息公开申请'
    re.compile(r"(?:收到|受理|接到|接收到?|接受)(?:和处理)?(?:了)?(?:共|共计)?" + _NUM + _COUNT_UNIT + r"(?P<app>" + _APPLICATION_PHRASE + r")$"),
    # the applicants' side: '公民、法人提交的政府信息公开申请17件' (zzzv10321, both readers) — not those handled
    # ('共办理公民、法人和其他组织提出的政府信息公开申请71件', a002)
    re.compile(r"^(?:(?!办理|处理|办结|答复)[^\d,，。])*?(?:提交|提出)的(?:共|共计)?(?P<app>" + _APPLICATION_PHRASE + r")(?:共|共计|为)?" + _NUM + _COUNT_UNIT),
    # '政府信息依申请公开收到申请19条', '全年依申请公开数0件' — a verb of receiving or the count
    # named (not a bare '依申请公开3条', the documents disclosed on request: zh3702 zj3926; nor
    # '办理政府信息依申请公开199件', the cases handled: c429 zzd5908)
    re.compile(
        r"(?<!办理)(?<!处理)(?P<app>(?:政府信息)?依申请公开)"
        r"(?:(?:共|共计)?(?:收到申请|收到|受理|接收)|(?:申请)?(?:数量|总数|数)(?:为)?)" + _NUM + _COUNT_UNIT
    ),
)
_NO_APPLICATIONS = re.compile(
    # '未收到公众要求公开政府信息内容的申请', '没有收到过相关申请', '均无依申请公开信件'
    # (the applicants may be listed: '未接收到有关群众、法人或其他组织要求公开政府信息办理的申请', zzn6908)
    r"(?:未|没有|没|尚未|未曾|无)(?:收到|接到|受理|接收到?|接受)过?(?P<app>[^\d,，。；:：]{0,40}?)(?:[的之]?(?:情况|事项|事宜|情形))?$"
    # '我街道无依申请公开政府信息', '全年无申请公开信息事项'
    # ('2024年度我单位无申请公开政府信息情况', zzzzi11132, both readers)
    # (…or a name's bracket: '乳山经济开发区(乳山口镇)无依申请政府信息公开', zzzzk11223)
    r"|(?:^|[乡镇局区县市委办处社街道苏木团位门心院所站厅)）]|年度?|全年|均|暂)(?:无|没有)(?P<app2>(?:依申请|申请公开|依法申请)" + _APPLICATION_PHRASE + r")(?:[的之]?(?:情况|事项|事宜|情形))?$"
    # the applicants' side: nobody applied ('没有单位和个人向我单位提出申请信息公开事项' zzzzn11362, '本年度无单位和个人对本局
    # 提交公开政府信息申请' zzzzh11085; both readers)
    r"|(?:没有|无)(?:任何)?(?:单位|个人|公民|法人|组织|申请人|群众)[^\d,，。；:：]{0,16}?(?:提出|提交)(?:过)?(?P<app3>[^\d,，。；:：]{0,30}?申请[^\d,，。；:：]{0,12}?)$"
)


_FEES = re.compile(r"收费|减免|费用")
# what ties an application to disclosure ('共收到70条依申请事项', zzo7006, both readers: 依申请 names the procedure)
_OF_DISCLOSURE = re.compile(r"公开|信息|相关|有关|依申请")
# ('公民、法人提交的政府信息公开申请17件', zzzv10321, both readers: persons and legal persons, listed)
_APPLICANTS_LISTED = re.compile(r"公民、法人(?:(?:和|或者|或|及)其他组织)?")


def _is_application(phrase: str) -> bool:
    """'依申请公开事项', '政府信息公开的申请', '相关申请' (in an applications clause) — the disclosure
    application; not '依申请公开信息转主动公开', not a review, not a subsidy application."""
    if "申请" not in phrase or _NOT_AN_APPLICATION.search(phrase):
        return False
    return bool(_OF_DISCLOSURE.search(phrase))


def _general_application_count(text: str, counted: bool = True) -> float | None:
    """The year's applications in any wording _REQUESTS does not list (None when none); ``counted``:
    may the text hold a count (a digit)? Else only a denial is looked for."""
    # the applicants listed ('收到公民、法人和其他组织提出的公开政府信息的申请2条', zzv7716, both readers)
    text = _APPLICANTS_LISTED.sub("公民法人和其他组织", text)
    if _FEES.search(text):  # '政府信息公开收费和减免情况 本年度我镇没有依申请公开信息情况' (real_111)
        return None
    for pattern in _APPLICATIONS_COUNTED if counted else ():
        for m in pattern.finditer(text):
            if _is_application(m.group("app")):
                value = _exact(m, text)
                if value is not None:
                    return value
    denial = _NO_APPLICATIONS.search(text)
    if denial and _is_application(denial.group("app") or denial.group("app2") or denial.group("app3") or ""):
        return 0.0
    return None


_OTHER_APPLICANTS = re.compile(r"法人|组织|单位|(?<!公民)个人|企业")  # 公民个人 is one kind (zp4537)
_LEGAL_PERSONS = re.compile(r"法人|企业")
_ORGANISATIONS = re.compile(r"组织|单位")


def _some_applicant_kinds(text: str) -> bool:
    """Kinds of applicant named ('自然人、法人的…申请'), not every kind (persons, legal persons, organisations)."""
    # (not '公民或者法人': both readers kept its zero in v2516 and declined it in zzzu10238 — left as it was)
    return "自然人" in text and not (_LEGAL_PERSONS.search(text) and _ORGANISATIONS.search(text))


def _requests(text: str, clause: _Clause, sentence: _Sentence, as_of: bool, out: _Collector | _ZerosOnly) -> None:
    # (a bracket's breakdown by channel is no channel of the count: '收到…申请44件(其中:网上申请42件,…)', n1712)
    if _BY_SOME_CHANNELS.search(_BRACKETED_COUNTS.sub("", text)) and not _ALL_CHANNELS.search(text):
        return
    bare = (_REQUESTS_BARE,) if "依申请" in sentence.headings + sentence.text else ()
    # '共收到依申请公开信件23件' (zj3932, both readers): letters may be only some of the applications
    # (a zero of letters is kept, as '未收到依申请公开来信' is: l1514, q2028)
    # (…and letters sent as 函件: '共受理政府信息公开依申请公开函件4件', zzzzo11428, both readers)
    some_only = "信件" in text or "来信" in text or "函件" in text
    # '全年共受理有效政府信息公开申请113件' (zzi6402, both readers): the valid ones only — and no valid ones is no
    # zero of all ('未收到有效信息公开申请', zzzzo11424, both readers)
    if "有效" in text:
        return
    # '我局未收到公民申请公开政府信息' (zk4024), '受理公民个人提出的政府信息公开申请0条' (zp4537;
    # both readers each time): no applications of one kind of applicant is no zero of all
    # (a count of them is kept: '收到公民提出的政府信息公开申请2份', c407)
    one_kind = "公民" in text and not _OTHER_APPLICANTS.search(text)
    # '全年本街道共受理自然人、法人的政府信息依申请公开申请0件' (zzzh8919, both readers): kinds of applicant
    # named, not all of them — no zero of all (other organisations may have applied)
    one_kind = one_kind or _some_applicant_kinds(text)
    # (every count below is a number: a clause without a digit is read for its denials only)
    for pattern in (*_REQUESTS, *bare) if not as_of and clause.has_number else ():
        value = _search_exact(pattern, text)
        if value is not None:
            if not (some_only and value) and not (one_kind and not value):
                out.add("narrative.requests_received", value, clause)
            return
    if not as_of:
        value = _general_application_count(text, clause.has_number)
        if value is not None:
            if not (some_only and value) and not (one_kind and not value):
                out.add("narrative.requests_received", value, clause)
            return
    if one_kind:
        return
    if _REQUESTS_NONE.search(text) or _REQUESTS_NONE_LABEL.match(text) or (
        _REQUESTS_NONE_BARE.match(text) and "依申请" in sentence.headings + sentence.text
    ):
        out.add("narrative.requests_received", 0.0, clause)


_AREA_WIDE = re.compile(r"^(?:\d{4}年度?)?(?:全年)?全(?P<level>省|市|区|县|州(?!县)|盟|旗|街|镇|乡)(?!级)")
_TOWN_LEVELS = ("街", "镇", "乡")  # a town's, township's or street's own area is the body itself
# A clause that opens with an area as its subject ('全县共主动公开…', '2019年,我区共收到…')
# A government as a clause's subject ('市政府共收到…', '县人民政府全年主动公开…'), not its office, site or gazette
_GOVERNMENT_SUBJECT = re.compile(
    r"^(?:\d{4}年度?)?(?:全年)?(省|自治区|市|区|县|州|盟|旗)(?:人民)?政府(?=共|全年|收到|受理|接收|主动|未|无|没有)"
)
_AREA_SUBJECT = re.compile(r"^(?:\d{4}年度?)?(?:全年)?[全我](省|自治区|市|区|县|州(?!县)|盟|旗|街道|街|镇|乡)(?!级|委|政府|人民|各|直)")
# A body that is its area's own administration, whatever the area is called ('来凤经济开发区', '…管委会')
_ZONE = re.compile(r"开发区|高新区|新区|园区|管委会|管理委员会|工业区|保税区|试验区|示范区|度假区|风景区")
# A government (or its office) by the end of its name: the area it governs
_GOVERNMENT_END = re.compile(
    r"(省|自治区|市|区|县|州|盟|旗|街道|镇|乡|鎮|鄉)(?:人民政府|政府)?(?:办事处|辦事處|(?:人民政府|政府)(?:办公室|辦公室|办|辦))?$"
)
_TOWN_WORDS = frozenset({"镇", "乡", "街", "街道", "鎮", "鄉"})
# …and what its own area is called ('全区' in an autonomous region's report is the region)
_OWN_AREA_WORDS = {"自治区": frozenset({"自治区", "省", "区"}), "省": frozenset({"省"})} | {
    word: _TOWN_WORDS for word in _TOWN_WORDS
}
# an application count split by bodies is many bodies' count ('共收到政府信息公开申请37件。其中市政府办7件、
# 政府部门27件、乡镇街道3件', zzze8636, both readers)
_BODIES_SPLIT = re.compile(
    r"^其中[^。]{0,20}?(?:政府办|办公室|部门|乡镇|街道|镇街|区直|县直|市直|单位)[^\d,，、。]{0,4}\d+件[、,，;；]"
    r"[^。]{0,20}?(?:政府办|办公室|部门|乡镇|街道|镇街|区直|县直|市直|单位)[^\d,，、。]{0,4}\d+件"
    # …or its bodies' counts 'respectively' in the next sentence ('受理公開申請750件,…;縣(市、區)、市直部門分別受理公開申請
    # 504件、246件', ze3435, both readers)
    r"|^[^。]*。[^。]{0,16}?(?:区直|县直|市直|乡镇|街道|部门)[^。]{0,6}?分别[^。\d]{0,12}?\d+件[、,，]\d+件"
)


def _own_area_words(unit: str | None) -> frozenset[str] | None:
    """What a government's report calls its own area ('桐梓县' 县; '望疃镇人民政府' 镇/乡/街); None for a
    department, a zone (its 我区 is itself, whatever it is called) or an unknown body."""
    if not unit or _ZONE.search(unit):
        return None
    match = _GOVERNMENT_END.search(unit)
    if match is None:
        return None
    return _OWN_AREA_WORDS.get(match.group(1), frozenset({match.group(1)}))


def _another_area(text: str, own_words: frozenset[str] | None, subject: re.Pattern[str] = _AREA_SUBJECT) -> bool:
    """A clause opening with another area than the government's own as its subject: '2019年,全县共主动公开
    信息数529条' in a town's report (zzze8627, both readers) states the county's counts, none of the town's.
    ``subject``: what names the area (_GOVERNMENT_SUBJECT: another level's government, '市政府共收到…')."""
    if own_words is None:
        return False
    match = subject.match(text)
    return match is not None and match.group(1) not in own_words


class _ZerosOnly:
    """A collector's door that lets only zeros through (a zero for a whole area is each body's)."""

    def __init__(self, out: _Collector) -> None:
        self.out = out

    def add(self, key: str, value: float, clause: _Clause | _Printed) -> None:
        if value == 0:
            self.out.add(key, value, clause)


_SUITS_AFTER_DENIAL = re.compile(r"^(?:提起|被提起)?(?:行政)?诉讼(?:的|等)?(?:情况|案件|事项)?(?:发生)?$")
_REVIEWS_DENIED_AT_END = re.compile(r"(?:未|没有|无)[^\d,，]{0,30}?(?:行政)?复议$")
_ONE_DAY = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日")
_ABOUT_DISCLOSURE = re.compile(r"信息公开|因政府信息|依申请公开")
_DISCLOSURE_HEADING = re.compile(r"信息公开|依申请|复议|诉讼")
_OUTLET_SEPARATORS = re.compile(r"[、及和与]")


def _case_count(text: str, kind_first: re.Pattern[str], count_first: re.Pattern[str]) -> float | None:
    """A count of cases, worded with the kind before the number or after it."""
    value = _search_exact(kind_first, text)
    return _search_exact(count_first, text) if value is None else value


def _applications(clause: _Clause, sentence: _Sentence, index: int, out: _Collector | _ZerosOnly) -> None:
    text = clause.text
    # every reading below needs one of these words in the clause (申请 for the requests, 复议 or
    # 诉讼 for the cases): a clause with none of them is done before any sentence-wide test
    if "申请" not in text and "复议" not in text and "诉讼" not in text:
        return
    # a denial cut by a comma ('全年未发生因政府信息公开申请行政复议,提起行政诉讼的情况', zzy8006 zzzb8304,
    # both readers): the suits after it are denied with the reviews before
    if (
        index
        and _SUITS_AFTER_DENIAL.match(text)
        and _REVIEWS_DENIED_AT_END.search(sentence.clauses[index - 1].text)
        and (_ABOUT_DISCLOSURE.search(sentence.text) or _DISCLOSURE_HEADING.search(sentence.headings))
    ):
        out.add("narrative.suit_cases", 0.0, clause)
        return
    as_of = bool(_AS_OF.search(sentence.text))  # '截止2010年12月31日共受理…4件': a stock, not the year's
    # '2023年未接到政府信息公开申请且未出现…申请行政复议、提起行政诉讼等情况' (l1540): two statements
    # joined by 且 — the applications are read in the part that names no review or suit
    # '2020年11月27日我市收到依申请公开信息1条' (zzm6836, both readers): one day's, not the year's —
    # only a zero holds; the whole year's span is no day
    if isinstance(out, _Collector) and _ONE_DAY.search(_WHOLE_YEAR_SPAN.sub("", text)):
        out = _ZerosOnly(out)
    for part in _JOINED.split(text):
        if (
            "申请" in part
            and "复议" not in part
            and "诉讼" not in part
            and not _WITH_CARRIED.search(sentence.text)
            and not _CARRIED_INSIDE.search(text)
        ):
            _requests(part, clause, sentence, as_of, out)
            break
    # reviews / lawsuits: only about 政府信息公开 (a body's other reviews are not ours)
    if "复议" not in text and "诉讼" not in text:
        return
    about_disclosure = _ABOUT_DISCLOSURE.search(sentence.text) or _DISCLOSURE_HEADING.search(sentence.headings)
    if not about_disclosure:
        return
    if _BOTH_ZERO.search(text):
        out.add("narrative.review_cases", 0.0, clause)
        out.add("narrative.suit_cases", 0.0, clause)
        return
    if _OUTCOME_WORDS.search(text) or _AS_REVIEWER.search(text):
        return
    # '处理涉及政府信息公开行政复议3件,行政诉讼14件' (ze3417): the verb holds for the suits after it
    if _HANDLED_THEN_SUITS.search(sentence.text) and re.match(r"(?:行政)?诉讼", text):
        return
    # a denial of the cases of one cause only ('未发生因答复不当引发的投诉、复议或诉讼事项', zzze8622, both
    # readers) is no zero of all
    # ('未发生因政府信息公开不及时、不规范而引发的…' is read as a zero of all: both readers kept it in zd3320, both
    # declined it in zzzzd10899 — left as it was)
    if "不当" in text:
        return
    if _NONE_BOTH_LISTED.search(text):
        out.add("narrative.review_cases", 0.0, clause)
        out.add("narrative.suit_cases", 0.0, clause)
        return
    counted = clause.has_number  # (a count of cases is a number: a clause without a digit can only deny them)
    if counted and _REVIEW_AND_SUIT.search(text):
        return
    review = _case_count(text, _REVIEW, _REVIEW_COUNT_FIRST) if counted else None
    if review and (_WITH_CARRIED.search(text) or _CARRIED_INSIDE.search(text)):
        review = None  # last year's cases inside the count
    if review is not None:
        out.add("narrative.review_cases", review, clause)
    elif _REVIEW_NONE.search(text) or (_REVIEW_DENIED.search(text) and not _FEES.search(text)):
        out.add("narrative.review_cases", 0.0, clause)
    suit = _case_count(text, _SUIT, _SUIT_COUNT_FIRST) if counted else None
    if suit is not None:
        out.add("narrative.suit_cases", suit, clause)
    elif _SUIT_NONE.search(text) or (_SUIT_DENIED.search(text) and not _FEES.search(text)):
        out.add("narrative.suit_cases", 0.0, clause)


_NEW_MEDIA_ONLY = re.compile(
    r"(?:(?:政务)?(?:微信(?:公众号|公众平台|号)?|微博|公众号|抖音(?:号)?|快手|视频号|头条(?:号)?|新媒体|客户端)(?:平台|账号)?)+"
)


def _all_outlets(outlets: str) -> bool:
    """'门户网站、政务微博、政务微信' / '门户网站及政务新媒体': two outlets or more, listed."""
    parts = [p for p in _OUTLET_SEPARATORS.split(outlets) if p]
    return len(parts) >= 2 and all(_OUTLET_WORD.search(p) for p in parts)


_LARGER_ITEM_AFTER = re.compile(r"^、[^\d,，。;；]{0,16}?(?P<n>\d+)(?:余|多)?条")
# '全年累计主动公开政务信息33条、行政许可事项22项' (zze6027, both readers): one item of a list of counts
_OTHER_ITEM_AFTER = re.compile(r"^、[^\d,，。;；]{1,16}?\d+(?:余|多)?(?:项|件|个|次)")


# ('通过多种形式(镇村公示栏、网站、新闻媒体、微信群等)发布,主动公开政府信息136条', zzzq9803, both readers)
# ('通过政府网站和党务、政务公开栏、报刊、广播电视等媒介共主动公开各类信息24条', zzzzzd12115, both readers)
_OVER_ALL_OUTLETS = needing(("平台", "渠道", "方式", "载体", "途径", "形式", "媒介"), re.compile(
    r"(?:各类|各种|多种|多个|所有)(?:公开)?(?:平台|渠道|方式|载体|途径|形式)|等(?:多种)?(?:公开)?(?:平台|渠道|载体|途径|形式|媒介)"
))
_AREA_RUNNING_TOTAL = re.compile(r"全(?:省|市|区|县|州|旗|盟)累计")
# the key areas of disclosure (重点领域) by their usual names
_KEY_AREAS = re.compile(r"财政预(?:决)?算|重大建设项目|公共资源配置|社会公益事业|食品药品|环境保护|安全生产|保障性(?:安居|住房)|征地拆迁")


# (…and its disclosure platform: '我局通过市政府信息公开平台主动公开政府信息173条', zzzw10401, both readers)
# (…and the platform hosting the column: '在泰达政务服务平台政府信息公开专栏主动公开政府信息1168条', zzzzi11117)
# (…and the government's information platform by its other names: '我局通过政府政务信息平台主动公开信息57条' zzzzl11261,
# '在政府信息公开统一平台上…主动公开…' zzzzl11265; both readers)
_DISCLOSURE_COLUMN = re.compile(r"(?:平台)?(?:政府|政务){0,2}(?:信息公开|政务公开|政务信息)(?:统一)?(?:专栏|平台)")


# the kinds listed in one clause, their total in the next ('主动公开概况信息、人事任免、…等15类政府信息,共计232条'
# zzzv10339, '我镇主动公开的政府信息主要包括概况信息、…等9大项的相关政府信息,共计118条' zzzzh11067; both readers)
_KINDS_THEN_TOTAL = re.compile(r"主动公开[^\d,，。；]*?、[^\d,，。；]*?等[^,，。；]{0,16}?信息$")
_TOTAL_CLAUSE = re.compile(r"^(?:共|共计|合计|总计)" + _NUM + r"条$")


def _proactive(clause: _Clause, out: _Collector | _ZerosOnly, cut: bool = False, following: _Clause | None = None) -> None:
    """主动公开(政府/政务)信息N条 — never of one channel; or the total over outlets listed
    together ('通过门户网站、政务微博、政务微信等主动公开政府信息8731条'). ``cut``: the clause is where the
    excerpt stops — a number without its unit there may be cut too ('我县主动公开政府信息34152', zzzzh11087)."""
    text = clause.text
    # the government's disclosure column alone is where the body discloses, no channel of its own
    # ('通过区政府信息公开专栏主动公开政府信息47条', zzr7337, both readers)
    # (主动公开 only: '…政府信息公开专栏共主动发布政府信息473条' is what the column carried, zzx7907)
    column_only = text if "主动发布" in text else _DISCLOSURE_COLUMN.sub("", text)
    # a bracket's counts are the total's breakdown, not the outlet it went through ('主动公开政务信息461条(微信公众号
    # 公布457条,政府网站公布4条)', zj3927, both readers: 461 is the total, no channel's)
    column_only = _BRACKETED_COUNTS.sub("", column_only)
    if following and _KINDS_THEN_TOTAL.search(text) and not _NON_PROACTIVE_CHANNEL.search(column_only):
        total = _TOTAL_CLAUSE.match(following.text)
        value = _exact(total, following.text) if total else None
        if value is not None:  # read as one phrase, the kinds with their total
            out.add("narrative.proactive_total", value, _Printed(f"{clause.raw},{following.raw}", clause.prov))
            return
    if not _NON_PROACTIVE_CHANNEL.search(column_only):
        for pattern in (_PROACTIVE, _PROACTIVE_COUNT_FIRST, _PROACTIVE_NAMED, _PROACTIVE_NOUN_FIRST, _PROACTIVE_PART):
            for m in pattern.finditer(text):
                value = _exact(m, text)
                if value is None or (cut and m.group(0)[-1].isdigit()):
                    continue
                # '主动公开各类信息1802条、更新行业动态2315条' (zx5302, both readers): a larger count of
                # more output after it in its list — the first is no total of the output
                larger = _LARGER_ITEM_AFTER.match(text[m.end():])
                if (larger and float(larger.group("n")) > value) or _OTHER_ITEM_AFTER.match(text[m.end():]):
                    return
                out.add("narrative.proactive_total", value, clause)
                return
        return
    # every outlet together ('园区通过各类平台累计主动公开政府信息179条', zzt7516, both readers)
    # (主动公开 only: '公告栏等公开渠道主动发布政府信息共计49条' is what they carried, u2402)
    # (…or a list of outlets that lost an item: '通过政府门户网站、累计主动公开政府信息2284件次', zzzr9934)
    if (_OVER_ALL_OUTLETS.search(text) or _OUTLET_LIST_CUT.search(text)) and "主动公开" in text and not _LIST_GOES_ON.search(text):
        value = _search_exact(_PROACTIVE, text)
        if value is not None:
            out.add("narrative.proactive_total", value, clause)
            return
    for m in _ALL_OUTLETS_TOTAL.finditer(text):
        value = _exact(m, text)
        # '通过微信公众号、微博、抖音等政务新媒体平台主动公开政府信息5455条' (zx5336, both readers): new
        # media only — their count, not the total over every outlet
        if _NEW_MEDIA_ONLY.fullmatch(_OUTLET_SEPARATORS.sub("", m.group("outlets").split("等")[0])):
            continue
        if value is not None and _all_outlets(m.group("outlets")) and not _LIST_GOES_ON.match(text[m.end():]):
            out.add("narrative.proactive_total", value, clause)
            return


# A clause that says it states a total ('共主动公开各类政府信息82条', '全年…总数171条'): the list after it
# is its breakdown, even when the list ends with the rest ('其他信息N条').
_STATED_TOTAL = re.compile(r"(?:共|共计|合计|总计|总数|各类|全年)[^\d,，]*?\d+(?:条|篇|件)")


def _rest_follows(clauses: list[_Clause]) -> bool:
    """Does the list this count opens end with the rest of the output ('…信息31条,…71条,…37条,
    其他信息11条', n1737; i1209), before any 其中/包括? Then every count of it is one category."""
    for clause in clauses:
        if _BREAKDOWN_OPENS.match(clause.text):
            return False
        if _REST_ITEM.match(clause.text):
            return True
    return False


# Convention of 15:00: a count of many bodies ('我市各级政府共公开信息38482条', '全县各级各部门主动公开…',
# '全区各单位共受理…申请962件', '我局机关及局属各单位…') is not the reporting body's own — no figure from
# a clause that names them, nor from the clauses after it in its sentence.
# '共主动公开市级气象部门政府信息180条' (zd3329, both readers): every department of that level
# ('2025年度区本级主动公开信息2446条', zzt7510, both readers: the district level's bodies together)
# ('市政府及市政府办公室共受理…21件', zzzc8421, both readers: two bodies together)
# (only asked whether it matches; every branch opens with a literal character — what stands before it,
# '\d+个', '[省市县区]本级', '两级', '县直', is looked behind for — so the regex engine skips to those
# characters instead of trying every branch at every position: 3× faster)
_MANY_BODIES = re.compile(
    r"个(?<=\d个)(?:县市区|县区|县市|区县|乡镇|镇街|街镇|部门|单位)|政府(?:及|和|与)[^\d,，。]{0,10}?办公室|政府办(?:公室)?(?:及|和|与)[^\d,，。]{0,6}?政府(?!办)|本级(?<=[省市县区]本级)(?=主动|共|全年|累计|收到|受理)|级(?<=[省市县区]级)[^\d,，。]{0,6}部门|各级(?!媒体|新闻|报|网站|平台|新媒体)|各部门|各单位|各乡镇|各乡(?:、|和)|各镇|各街道|各街镇|各公开机构|各政务单位|各县(?:市区|区)?(?:政府|人民政府)|所属各"
    # the bodies of two levels ('全区的区、镇两级各政府机构…主动公开信息总数1356条', zzzw10403, both readers)
    # (not the sites of two levels: '在市、区两级政府门户网站中主动公开…180条', zzw7807)
    # ('全县各行政机关通过各类渠道…主动向社会公开政府信息37393条', zzzzm11321, both readers)
    r"|级(?<=[两三四]级)(?:各|(?:政府|行政)?(?:部门|机关|机构))|各(?:政府|行政)?(?:机构|机关)"
    # ('会泽县人民政府及县直部门共收到申请42件', zzzzi11147, both readers)
    r"|直(?<=[县市区旗]直)(?:各)?(?:部门|单位|机关)"
    # ('各市(区)、市各有关部门共主动公开各类政府信息17937条', zzzzk11208, both readers)
    r"|各(?:有关|相关|职能)(?:部门|单位)"
    # ('市政府及其部门主动公开政府信息71359条', zzzzv11767; '省政府及其部門受理…617件', zzzzw11827): the
    # government with every department it runs (only with 及其: '政府和部门网站' names outlets)
    r"|政府及其(?:工作)?部门"
    # an area's administrative bodies ('我市行政机关收到政府信息公开申请54件', zzzzzzj14219, both readers; '全省行政机关…')
    r"|[全我本][省市区县州旗](?:各级)?(?:行政|政府)机关")


_OWN_SUBJECT = re.compile(r"^(?:同时|此外|另外)?(?:全(?:区|县|市|省|镇|乡|旗)|我[区县市镇乡局委办]|本(?:单位|局|镇|乡|机关))(?!各)")


# Convention of 15:00 (2026-11-30): one item of a list of outlets is no channel's figure. An outlet
# with its own count ('通过政府网站公开信息1条', '微博发布信息2504条', '其中政务新媒体发布信息9215条'); a
# sentence (to its '。', over '；' — '一是…;二是…') that counts two outlets or more lists them, and each
# of its items is declined: which site, which share, and whether the items are the year's output
# is what the reader doubts (o1806 o1811 o1833 g1032 and the golds of a–p).
_OUTLET = re.compile(
    r"网站|官网|网页|外网|门户|公开网|政务网|政府网|信息网|党建网|APP|App|app|微博|微信|公众号|公众平台|新媒体|媒体|客户端|头条|抖音|"
    # ('在政府门户网站公开63条,其他方式公开485条', zzzn9504, both readers: the other ways are an outlet too)
    r"视频号|美篇|快手|电视|广播|显示屏|电子屏|短信|杂志|学习强国|公开栏(?!目)|公示栏(?!目)|宣传栏(?!目)|公告栏(?!目)|其他(?:方式|渠道|途径|形式)|公报|平台|报(?:纸|刊|社)?(?=上|发|刊|公开|等)"
)  # (every alternative opens with a literal character: the regex engine then skips to those, 3× faster)
# ('“庆阳外事”微信订阅号发布信息54期97条': issues before the count)
_NAMED_THEN_COUNTED = (
    r"(?:" + _OUTLET.pattern + r")(?:[^\d,，。；;]|\d+[期次个]){0,40}?(?:\d{1,3}(?:,\d{3})+|\d+)(?:余|多)?(?:条次|条|篇)"
)
# (the count before its outlet: '其中369条通过政府网站公开,28条通过政务微信公开', zzzn9509, both readers)
# (its number's first digit, then what may not stand before it: '(?<![\d.])\d+' opening with the digit)
_COUNTED_THEN_NAMED = r"\d(?<![\d.]\d)\d*(?:条|篇)(?:信息)?(?:通过|在|经)[^\d,，。；;]{0,20}?(?:" + _OUTLET.pattern + r")"
_COUNT_WORDS = ("条", "篇")  # (approximate items count too)
_OUTLET_COUNT = needing(_COUNT_WORDS, re.compile(_NAMED_THEN_COUNTED + "|" + _COUNTED_THEN_NAMED))


_OUTLET_COUNTED = _EitherOf(_OUTLET_COUNT, _COUNT_WORDS, _NAMED_THEN_COUNTED, _COUNTED_THEN_NAMED)  # (yes or no)
# The list's total, not one of its items: '通过门户网站、政务微博、政务微信等主动公开政府信息8731条', or a
# count whose 其中 splits it by outlet ('平台主动公开政府信息87条,其中通过微信公众号公开信息24条')
_OUTLETS_TOTAL = re.compile(r"等(?:多种|有效|各类)?(?:新媒体|媒体|渠道|方式|途径|平台|载体|形式)")
_REPOSTED = re.compile(r"转发|转载")
_COLUMN_COUNT = re.compile(r"^[^\d,，。；;]{0,6}在[^\d,，。；;]{1,20}?栏目[^\d,，。；;]{0,20}?\d+(?:条|篇)")
_BARE_BREAKDOWN = re.compile(r"^[(（]?(?:其中|包括)[:：]?$")


def _outlet_text(text: str) -> str:
    """A clause as the list-of-outlets rules read it: quoted names and bracketed breakdowns out."""
    return _QUOTED.sub("", _BRACKETED_COUNTS.sub("", text))


def _outlet_items(clauses: list[_Clause]) -> set[int]:
    """ids of the clauses of a group of sentences (to its '。') that are one item of a list of outlets
    (two or more counted)."""
    found: list[tuple[_Clause, int]] = []
    in_split = False  # after 其中/包括: items, never the list's total
    named_before = ""  # a clause that names an outlet and counts nothing: its count may follow
    for i, clause in enumerate(clauses):
        text = clause.outlet
        if not clause.has_number:  # no count of its own (all below need a digit): what it names may be counted next
            named_before = text if _OUTLET.search(text) else ""
            in_split = in_split or bool(_BREAKDOWN_OPENS.match(text))
            continue
        # '依托…便民服务中心设立的政务公开栏,及时发布政府信息78条' (zw5239, both readers): the outlet
        # named in the clause before its count
        if named_before and not _OUTLET.search(text) and _COUNT_AT_END.search(text):
            text = named_before + text
        named_before = text if _OUTLET.search(text) and not _DIGIT.search(text) else ""
        in_split = in_split or bool(_BREAKDOWN_OPENS.match(text))
        # a column with its own count beside the site's, not in a breakdown of it ('在…门户网站主动
        # 公开政府信息10条,在基层政务公开栏目公开各项业务信息79条', zw5213, both readers): one more outlet
        column = not in_split and bool(_COLUMN_COUNT.search(text)) and not _OUTLET.search(text)
        # issues of a publication ('制作市政府公报6期', '编发《发改信息》47期'; zzp7132 zzp7133, both
        # readers): one more outlet, with no key of its own
        # (…when another outlet's count follows it: '…印发…文件35件,…,发布政府公报4期' after the site's
        # total is one more kind of what was published, zn4339, both readers)
        column = column or bool(
            _ISSUES.search(text) and any(_OUTLET_COUNTED.found_in(c.text) for c in clauses[i + 1 :])
        )
        counts = _OUTLET_COUNTED.found_in(text)
        if not counts and not column:
            continue  # no outlet's count in it, nor in any of its parts (n below would be 0)
        if _REPOSTED.search(text):
            continue  # reposts are not an outlet's own output
        # the clause after it ('其中,' alone goes on in the next one)
        after = clauses[i + 1 : i + 3]
        following = _QUOTED.sub("", "".join(c.text for c in after[: 2 if after and _BARE_BREAKDOWN.match(after[0].text) else 1]))
        split_by_outlet = bool(_BREAKDOWN_OPENS.match(following) and _OUTLET_COUNTED.found_in(following))
        # the list's total — unless an outlet's count came before it: '通过门户网站主动公开政府信息43条,
        # 通过报刊、电视、政务微信等媒体…主动公开政府信息285条' (zg3603, both readers) is one more item
        if not in_split and (split_by_outlet or (_OUTLETS_TOTAL.search(text) and not found)):
            continue
        # items joined by 、 count one each ('政府网站公开…112条、微信公众号公开…85条'); a clause whose
        # 、 only splits its object ('…微信公众号公开通知公告、政策法规等信息共30条', j1303) counts once
        # (a clause without 、 is its one part)
        parts = sum(_OUTLET_COUNTED.found_in(part) for part in text.split("、")) if "、" in text else int(counts)
        n = max(parts, int(counts or column))
        if n:
            found.append((clause, n))
    if sum(n for _, n in found) >= 2 and not _one_count_a_channel(found, in_split):
        return {id(clause) for clause, _ in found}
    return set()


_ISSUES = needing(("期",), re.compile(
    r"(?:编发|编印|印发|出版|制作|刊发|发行|出刊|编辑)[^\d,，。；;]{0,20}?\d+期"
    r"|(?:公报|简报|期刊|杂志|专刊|《[^》]{1,20}》)[^\d,，。；;]{0,6}?\d+期"
))
_COUNT_AT_END = _AtEnd(("条", "篇", "件"), re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:余|多)?(?:条次|条|篇|件)$"))
# information items counted in 件 ('在“肥城住建”微信公众号发布信息152件'), and the total they may share
_OUTLET_ITEMS_COUNT = re.compile(r"(?:" + _OUTLET.pattern + r")[^\d,，。；;]{0,30}?信息(?:共|共计)?(?:\d{1,3}(?:,\d{3})+|\d+)件")
_OUTPUT_TOTAL = needing(("主动",), re.compile(r"主动(?:公开|发布)(?:各类)?(?:政府|政务)?信息(?:数|总数)?(?:共|共计|合计)?" + _NUM + r"(?:条|件)"))


def _counted(clauses: list[_Clause]) -> tuple[int, int]:
    """For a group of sentences (to its '。'): how many outlets' counts it holds, and how many of its
    clauses count a website's own output (_site_only). One pass over the clauses that hold a count."""
    outlets = sites = 0
    for clause in clauses:
        if not clause.has_number:
            continue
        text = clause.outlet
        if _OUTLET_COUNTED.found_in(clause.text) and not _REPOSTED.search(text):
            # an outlet named only in quotes ('我局通过“仁怀市人民政府网”主动公开…78条', zj3932) counts once
            outlets += len(_OUTLET_COUNT.findall(text)) or 1
        if _COUNT_ITEM_END.search(clause.text) and _site_only(text):
            sites += 1
    return outlets, sites


def _site_only(text: str) -> bool:
    """A clause that counts one website's own output: no other channel, no list with 等, not a share after
    其中, not what it reposted ('转发…政府网站信息119条', c438)."""
    channels = _channels_in(text)
    return (
        len(channels) == 1 and channels[0][1] == "website" and "等" not in text
        and not text.startswith("其中") and not _REPOSTED.search(text)
    )


def _outlet_shares(clauses: list[_Clause]) -> set[int]:
    """ids of the outlets' counts of a section (its clauses) that follow a proactive total there and add
    up to it exactly ('主动公开信息共计444条。政府网站发布信息118条,…。…公众号共发布信息294条。…视频号发布视频
    32条。', v2505, both readers): shares of the total, over sentences — a list of outlets."""
    shares: set[int] = set()
    counting = [c for c in clauses if c.has_number]  # (a total and its shares are counts: digits)
    for i, clause in enumerate(counting):
        if "主动" not in clause.text:
            continue  # (both totals below say it)
        total = _search_exact(_PROACTIVE, clause.text)
        if total is None:
            # '2022年共主动发布信息176件,其中:在…网站发布信息24件,在…公众号发布信息152件' (zt4909)
            total = _search_exact(_OUTPUT_TOTAL, clause.text)
        if total is None or _OUTLET_COUNTED.found_in(clause.text) or _OUTLET_ITEMS_COUNT.search(clause.text):
            continue
        run: list[_Clause] = []
        added = 0.0
        for later in counting[i + 1 :]:
            hit = _OUTLET_COUNT.search(_QUOTED.sub("", later.text)) or _OUTLET_ITEMS_COUNT.search(
                _QUOTED.sub("", later.text)
            )
            count = _COUNT_AT_END.search(hit.group(0)) if hit else None
            if count is None:
                continue
            run.append(later)
            added += float(count.group(1).replace(",", ""))
            if added >= total:
                break
        if added == total and len(run) >= 2:
            shares.update(id(c) for c in run)
    return shares


def _one_count_a_channel(found: list[tuple[_Clause, int]], in_split: bool) -> bool:
    """'我镇在政府网站上共公开285条信息,在微信公众平台上公开116条信息' (sample 037): each count is of
    another channel with a key of its own, none a share of a total — nothing to doubt about
    which outlet a count is of."""
    if in_split:
        return False
    kinds: list[str] = []
    for clause, n in found:
        text = _QUOTED.sub("", clause.text)
        channels = {name for _, name in _channels_in(text)}
        if n != 1 or len(channels) != 1 or _OTHER_OUTLETS.search(text):
            return False
        kinds.extend(channels)
    return len(kinds) == len(set(kinds))


class _ParagraphRest:
    """What a paragraph says from a clause on: the rest of its sentence and the next sentence of the
    paragraph (a breakdown may follow over '。': '…申请54件,…。其中予以公开45件,…')."""

    def __init__(self, sentences: list[_Sentence]) -> None:
        self.next_of: dict[int, _Sentence] = {}
        for sentence, after in zip(sentences, sentences[1:], strict=False):
            if after.group // 1000 == sentence.group // 1000:
                self.next_of[id(sentence)] = after

    def __call__(self, sentence: _Sentence, index: int) -> str:
        parts = ["，".join(c.text for c in sentence.clauses[index + 1 :])]
        after = self.next_of.get(id(sentence))
        if after is not None:
            parts.append(after.text)
        return "。".join(part for part in parts if part)


def _cut_off(lines: list[Line], sentences: list[_Sentence]) -> _Sentence | None:
    """The last sentence, when the text stops in the middle of it ('…244条。其中,通过县政府门户网站
    发布159条,' at the end of an excerpt, w2623): a breakdown it opens is cut — its items are doubtful."""
    last = next((line.norm.strip() for line in reversed(lines) if line.norm.strip()), "")
    if not sentences or not last or last[-1] in "。！!？?；;)）":
        return None
    final = sentences[-1]
    return final if final.clauses[-1].text in _compact(last) else None


def _stock_sentence(sentence: _Sentence) -> bool:
    """Does the sentence count a stock (since an account opened, to date…)? An account opened in
    clauses after every count is one more thing done in the year, not the counts' start ('微信公众号
    发布信息1243条,官方微博更新1331篇,开通“…”微信视频号', zzzw10418, both readers)."""
    if not _CUMULATIVE.search(sentence.text):
        return False
    last_count = max((i for i, c in enumerate(sentence.clauses) if c.has_number), default=-1)
    counted = "".join(c.text for c in sentence.clauses[: last_count + 1])
    after = "".join(c.text for c in sentence.clauses[last_count + 1 :])
    return bool(_CUMULATIVE.search(counted) or _CUMULATIVE.search(after.replace("开通", "")))


def _may_post(clause: _Clause) -> bool:
    """Can the clause state a channel's posts or followers (_posts, _stock)? Each needs a count (a digit)
    and the channel's name — 网站/网, 门户, 微博, 微信, 公众号/公众平台: each holds 网, 门, 微 or 众 (a
    character test, as cutting a bracket out of the clause may join a name)."""
    text = clause.text
    return clause.has_number and ("网" in text or "门" in text or "微" in text or "众" in text)


def _may_state(clause: _Clause) -> bool:
    """Can a rule read a figure from the clause? Each needs a word of its own there: the applications
    and the cases 申请, 复议 or 诉讼 (_applications), the proactive total 主动 (_proactive), a channel's
    posts or followers a count and the channel's name (_may_post), an account's followers beside its posts a
    count and 粉丝/关注/订阅 (_account_followers)."""
    text = clause.text
    return (
        "申请" in text
        or "复议" in text
        or "诉讼" in text
        or "主动" in text
        or _may_post(clause)
        or (clause.has_number and ("粉丝" in text or "关注" in text or "订阅" in text))
    )


class _OutletLists:
    """What the list-of-outlets passes find, read for a group of sentences (to its '。') or a section
    when a clause there that may state a channel's posts or the proactive total first asks: most groups
    have none, many reports none at all."""

    def __init__(self, sentences: list[_Sentence]) -> None:
        self._sentences = sentences
        self._items: dict[int, set[int]] = {}  # by group
        self._shares: dict[int, set[int]] = {}  # by section
        self._counted: dict[int, tuple[int, int]] = {}  # by group

    def _clauses_by(self, field: str) -> dict[int, list[_Clause]]:
        """The sentences' clauses gathered by their group or their section (block)."""
        gathered: dict[int, list[_Clause]] = {}
        for sentence in self._sentences:
            gathered.setdefault(getattr(sentence, field), []).extend(sentence.clauses)
        return gathered

    @cached_property
    def _by_group(self) -> dict[int, list[_Clause]]:
        return self._clauses_by("group")

    @cached_property
    def _by_block(self) -> dict[int, list[_Clause]]:
        return self._clauses_by("block")

    def is_item(self, clause: _Clause, sentence: _Sentence) -> bool:
        """Is the clause one item of a list of outlets (_outlet_items), or one share of a total (_outlet_shares)?"""
        items = self._items.get(sentence.group)
        if items is None:
            items = self._items[sentence.group] = _outlet_items(self._by_group[sentence.group])
        if id(clause) in items:
            return True
        shares = self._shares.get(sentence.block)
        if shares is None:
            shares = self._shares[sentence.block] = _outlet_shares(self._by_block[sentence.block])
        return id(clause) in shares

    def counted(self, sentence: _Sentence) -> tuple[int, int]:
        """The outlets' counts in the sentence's group, and its clauses counting a website's own output."""
        counted = self._counted.get(sentence.group)
        if counted is None:
            counted = self._counted[sentence.group] = _counted(self._by_group[sentence.group])
        return counted


def _clauses_to_read(sentences: list[_Sentence]) -> list[int]:
    """How many clauses of each sentence extract_narrative reads: all of them while a clause after
    them in their section (heading to heading) may state a figure, else up to the last one that may
    (0: none). What the clause loop carries from clause to clause (many bodies, another area, the
    output counted so far, the section's count over every outlet) is read in its section only, so
    the clauses after the last that may state a figure there change nothing."""
    reads = [0] * len(sentences)
    live_block = -1  # the section of the nearest clause after this one that may state a figure
    for k in range(len(sentences) - 1, -1, -1):
        sentence = sentences[k]
        if sentence.block == live_block:
            reads[k] = len(sentence.clauses)
            continue
        for i in range(len(sentence.clauses) - 1, -1, -1):
            if _may_state(sentence.clauses[i]):
                reads[k], live_block = i + 1, sentence.block
                break
    return reads


def extract_narrative(lines: list[Line], year: int | None, unit: str | None = None) -> list[Figure]:
    """narrative.* figures the prose states for the report year (none when the year is unknown).

    ``unit`` (the report's body, when known) tells whose area '我县/全市' is."""
    if year is None:
        return []
    year_re = _year_marker(year)
    year_end = _year_end(year)
    sentences, block_has_year = _sentences(lines, year_re, year)
    out = _Collector()
    outlet_lists = _OutletLists(sentences)
    cut_off = _cut_off(lines, sentences)
    cumulative = sentence_has_year = as_of_date = False
    # the sentences whose stock test (_stock_sentence) is still to run: a sentence counts a stock when it or
    # one it continues does — asked only of a sentence that is read (most are not)
    stock_untested: list[_Sentence] = []
    group_as_of = -1  # the group a '截至目前,' opening speaks for, to its '。'
    group_as_of_date = -1  # …and the group a '截至2023年12月31日,' opening speaks for
    breakdown_group = -1  # the group a sentence opening with '其中' breaks down, to its '。'
    list_opened, previous_block = False, -1
    all_outlets_total: dict[int, float] = {}  # a section's count over every outlet ('通过各类公开平台…932条')
    many_bodies, previous_group = False, -1
    group_texts: list[str] = []
    own_area = _own_area_words(unit)
    output_before, output_group = 0.0, -1
    area_wide = another_area = another_government = False
    previous_paragraph = -1
    paragraph_rest = _ParagraphRest(sentences)
    for sentence, reads in zip(sentences, _clauses_to_read(sentences), strict=True):
        # the many bodies a sentence opens with speak on over its '；' ('2014年,全市各级行政机关…行政复议
        # 8件,…;行政诉讼5件', zzm6802, both readers) — to its '。'
        many_bodies = many_bodies and sentence.group == previous_group
        # the texts of the sentences so far up to the '。' (which years an account's followers are stated under)
        if sentence.group != previous_group:
            group_texts = []
        group_texts.append(sentence.text)
        previous_group = sentence.group
        # '截至2017年底,…128余条。其中:政府网站公开…46条': a sentence opening with 其中 goes on
        # with the one before: of its year, and a stock when that one is
        # …and so do the items of a list a sentence opens ('截至2024年12月31日,…累计主动公开政府信息424条,
        # 具体包括:' over '政府网站:发布信息42条,…' and '微信公众号:发布信息212条', zi3805, both readers)
        continues = sentence.text.startswith("其中") or (
            list_opened and sentence.block == previous_block and bool(_LIST_ITEM_HEAD.match(sentence.text))
        )
        # '主动公开政府信息295条,…包括:' over '1.政务网公开120条,其中:…' and '2.微信公众号发布33条' (zzd5926, both
        # readers): the numbered items of a list a sentence opened are items of it — no channel's count
        # (a numbered item is a heading of its own: its block is the next one)
        in_opened_list = list_opened and (
            (sentence.block == previous_block and bool(_LIST_ITEM_HEAD.match(sentence.text)))
            or (sentence.block in (previous_block, previous_block + 1) and bool(_NUMBERED_ITEM.match(sentence.text)))
        )
        list_opened = bool(_LIST_OPENS.search(sentence.text)) or ((continues or in_opened_list) and list_opened)
        previous_block = sentence.block
        sentence_has_year = (continues and sentence_has_year) or bool(year_re.search(sentence.text))
        if not continues:
            cumulative, stock_untested = False, []
        stock_untested.append(sentence)
        if not (sentence_has_year or block_has_year[sentence.block]):
            continue
        # '截至2024年12月31日,我镇本年度主动公开政府信息31条' (m1634 n1711): a count as of a date is
        # doubtful even when the clause says 本年度/全年 — no post or proactive count from it
        # ('截至目前' keeps its own rule above: a clause saying 全年 itself counts)
        # …from the clause that says so on: '按照《条例》规定,2012年我镇主动公开政府信息177条,…,截至2012年12月31日,
        # 累计公开信息324条' (zp4517, both readers) — the year's count before the stock stands
        # (a clause's words are in its sentence's text: the sentence tells which of them to try)
        as_of_at = next((i for i, c in enumerate(sentence.clauses) if _AS_OF_DATE.search(c.text)), None) if any(
            word in sentence.text for word in _AS_OF_DATE_WORDS
        ) else None
        # …and a date that opens a sentence holds over its '；' like '截至目前,' ('截至2023年12月31日,政务微博主动发布信息141条,
        # …;微信公众平台主动发布信息86条', zzzzzf12201, both readers)
        if as_of_at == 0:
            group_as_of_date = sentence.group
        under_date = (continues and as_of_date) or (as_of_at is None and sentence.group == group_as_of_date)
        as_of_from = 0 if under_date else (len(sentence.clauses) if as_of_at is None else as_of_at)
        as_of_date = under_date or as_of_at is not None
        if not reads:
            continue  # nothing in it or after it in its section can state a figure (the state above goes on)
        cumulative = cumulative or any(_stock_sentence(untested) for untested in stock_untested)
        stock_untested = []
        # '2022年,我局无依申请公开事项' in a 2021 report (m1635): a sentence naming only other years
        # speaks of them; only a clause saying 全年/本年 itself is read ('全年接收…申请1554件,2023年结转132件')
        # (a year by number needs a digit: a sentence without one is spared the year rules' scans)
        named_years = {int(y) for y in _OTHER_YEAR.findall(sentence.text)} if sentence.has_number else set()
        other_years_only = bool(named_years) and year not in named_years
        # '截至目前,区级政务微信发布信息1321条,…;微博发送信息159条,…' (z2924, both readers): an
        # as-of opening holds for the whole list, over its '；'
        if _AS_OF_NOW.match(sentence.clauses[0].text):
            group_as_of = sentence.group
        as_of_now = bool(_AS_OF_NOW.search(sentence.text)) or sentence.group == group_as_of
        # …and a clause further on that opens with 目前, for the rest of its list ('打造…微信公众号和…微博,目前微信公众号
        # 发布原创内容23篇,…;微博发布信息700条', zzzzzc12071, both readers: as of now, not the year's)
        if "目前" in sentence.text and any(_NOW_OPENS.match(c.text) for c in sentence.clauses[1:]):
            group_as_of = sentence.group
        # …and 目前 alone before the sentence goes on: its clauses that name no year of their own
        now_opening = sentence.clauses[0].text == "目前"
        new_of_year = "新增" in sentence.text and any(_NEW_OF_YEAR.search(c.text) for c in sentence.clauses[1:])
        section_year = block_has_year[sentence.block]
        # '2020年，…，我镇…主动公开政务信息共217条': a sentence that opens with the year speaks of it whole.
        # ('…法定主动公开内容,自2020年1月1日起至2020年12月31日止,累计主动公开…': the span anywhere)
        # (…also after the rules it follows: '按照《条例》规定,2023年,我镇主动公开政府信息716条', zze6029)
        year_opens = bool(
            year_re.search(sentence.clauses[0].text)
            or _WHOLE_YEAR_SPAN.search(sentence.text)
            or (
                len(sentence.clauses) > 1
                and _FOLLOWING_RULES.match(sentence.clauses[0].text)
                and year_re.match(sentence.clauses[1].text)
            )
        )
        # the year named only as an end date of a stock ('截至2020年底累计…') is not the year's count
        # ('2014年1月1日至12月31日，主动公开…' is the whole year, not a part of it)
        unspanned = _WHOLE_YEAR_SPAN.sub("", sentence.text)
        year_not_whole = bool((sentence.has_number and _PART_OF_YEAR.search(unspanned)) or _CUMULATIVE.search(unspanned))
        at_year_end = sentence.has_number and bool(year_end.search(sentence.text))  # followers count only as of it
        # after '其中': sub-counts of a total — over the '；' of a list that a sentence opened with it ('其中主动公开…信息9条;
        # 主动公开…信息14条;主动公开…等信息1条', zzzzv11756, both readers)
        in_breakdown = sentence.group == breakdown_group
        if sentence.clauses and sentence.clauses[0].text.startswith("其中"):
            breakdown_group = sentence.group
        category_counted = False  # a category's count in the breakdown, before a channel's
        # the clauses after '全县共收到…' speak of the whole area too, and so do the sentences after it in
        # its paragraph that name no subject ('2024年,全市共受理…申请5147件,…。因依申请公开引发行政争议275件,
        # 其中行政复议201件,行政诉讼74件', zzzf8738, both readers)
        same_paragraph = sentence.group // 1000 == previous_paragraph
        area_wide = area_wide and same_paragraph
        another_area = another_area and same_paragraph
        another_government = another_government and same_paragraph
        previous_paragraph = sentence.group // 1000
        categories_listed = 0  # clauses so far that count one category of a list (no channel, no total)
        output_total_seen = False  # a clause before 其中 counted what was published
        # the largest count of published output in the clauses so far — to the '。' (over '；': '我局公开各类政府信息548条
        # (含…);在政府门户网站公开63条,其他…', zzzn9504, both readers)
        output_before = output_before if sentence.group == output_group else 0.0
        output_group = sentence.group
        for index, clause in enumerate(sentence.clauses[:reads]):
            text = clause.text
            # a clause naming its own subject ('全区未收到…') ends the many bodies' run (m1603)
            many_bodies = (many_bodies and not _OWN_SUBJECT.match(text)) or bool(_MANY_BODIES.search(_QUOTED.sub("", text)))
            if many_bodies:
                # only a zero holds for each of them ('…人民政府及县直部门共收到申请42件,…,未引起行政复议或行政诉讼',
                # zzzzi11147, both readers)
                _applications(clause, sentence, index, _ZerosOnly(out))
                continue
            another_area = _another_area(text, own_area) or (
                another_area and not _AREA_SUBJECT.match(text) and not _OWN_SUBJECT.match(text)
            )
            if another_area:
                _applications(clause, sentence, index, _ZerosOnly(out))
                continue
            # a government of another level as the subject ('2024年,市政府共收到政府信息公开申请2件,…;行政诉讼案件1件'
            # in a town's report, zzzzzzf13814, both readers): that government's figures, not even its zeros the town's
            another_government = _another_area(text, own_area, _GOVERNMENT_SUBJECT) or (
                another_government and not _AREA_SUBJECT.match(text) and not _OWN_SUBJECT.match(text)
            )
            if another_government:
                continue
            clause_has_year = bool(year_re.search(text))
            in_breakdown = in_breakdown or text.startswith("其中")
            if (
                in_breakdown
                and index
                and _PRODUCED_TOTAL.search(sentence.clauses[index - 1].text)
                and (_PROACTIVE.search(text) or _PROACTIVE_PART.match(text))
            ):
                in_breakdown = False  # the proactive part of what was produced
            cumulative_clause = bool(_CUMULATIVE_CLAUSE.search(text))  # (each rule below asks it once)
            full_year_word = bool(_FULL_YEAR_WORD.search(text))
            if new_of_year and cumulative_clause:
                continue  # the stock; the year's new items follow
            if new_of_year and _NEW_OF_YEAR.search(text):
                in_breakdown = False  # not a sub-kind: the year's own count
            if clause.has_number and any(int(y) != year for y in _OTHER_YEAR.findall(text)):
                continue
            # (a clause of its own that opens with 目前: '…系统上传,目前共主动公开政府信息373条', zn4333 — the
            # sentence's text is joined without its commas, so its own clause tells)
            now_clause = _AS_OF_NOW.match(text) or (
                (now_opening or ("目前" in text and _NOW_OPENS.match(text))) and not clause_has_year
            )
            if (as_of_now or now_clause) and not full_year_word:
                continue  # '截至目前,…订阅数为4050,微博全年发布信息1025条': only the clause saying 全年
            if at_year_end:
                _stock(clause, out)
            elif clause.has_number and not cumulative_clause and _ACCOUNT_STOCK.search(text):
                group_years = {int(y) for y in _OTHER_YEAR.findall("".join(group_texts))}
                if group_years == {year}:
                    _account_followers(sentence, index, out)
            if cumulative and not clause_has_year:
                continue
            if other_years_only and not full_year_word:
                continue
            # the clause that names the year judges itself; a sentence's opening year covers the
            # clauses that name none (a run-on line may hold another section's '2016年1-6月')
            clause_not_whole = bool(
                (clause.has_number and _PART_OF_YEAR.search(_WHOLE_YEAR_SPAN.sub("", text))) or _STOCK_WORDS.search(text)
            )
            year_stated = (
                full_year_word
                or (clause_has_year and not clause_not_whole)
                or (year_opens and not year_not_whole)
            )
            # '累计' needs the year stated in the sentence itself — '一年来' says no date to count from
            # ('一年来,通过…专栏等平台,累计主动公开政府信息29条', zd3301, both readers)
            if cumulative_clause and not (year_stated and _STOCK_YEAR.search(sentence.text)):
                continue
            # '共主动公开、更新各类信息222条,累计主动公开信息2382条' (t2340): a 累计 count right
            # after the year's count is the running total, unless its own clause names the year
            if (
                cumulative_clause
                and index
                and _COUNT_ITEM_END.search(sentence.clauses[index - 1].text)
                and not (full_year_word or (clause_has_year and not clause_not_whole))
            ):
                continue
            # or a sentence naming no year, in a section that speaks of the report year
            whole_year = year_stated or (
                section_year and not sentence_has_year and not year_not_whole and not clause_not_whole
            )
            # '2022年,全县共收到政府信息公开申请42件' (zf3509, z2932, z2933, w2633: both readers each time):
            # the whole area's applications, reviews and suits are not the body's own unless the
            # report says it consolidates them — only a zero holds for every body of the area
            # …and '共收到政府信息公开申请37件。其中市政府办7件、政府部门27件、乡镇街道3件' is many bodies' count
            opens_area = _AREA_WIDE.match(text)
            area_wide = (
                opens_area is not None
                or ("申请" in text and bool(_BODIES_SPLIT.match(paragraph_rest(sentence, index))))
                or (area_wide and not _OWN_SUBJECT.match(text))
            )
            # '我县主动公开各类政务信息3000余份,其中政府文件121份,…,依申请公开受理6件,办结6件,行政复议0件'
            # (zs4804, both readers): an item of what was published is no count of the year's
            # applications — only its zeros hold
            in_output_list = in_breakdown and output_total_seen
            # (a denial the excerpt cuts mid-word, '2021年我中心无依申请公' at the text's end (zzzzo11433), is still read:
            # declining the last clause of every text that stops without its '。' lost 24 figures both readers keep)
            _applications(clause, sentence, index, _ZerosOnly(out) if area_wide or in_output_list else out)
            # '2019年,全县主动公开政府信息10565条' in the county's report (zzzzc10802, zzzze10929, zzzzm11341; declined by
            # the blind adjudication each time, and by both readers in zl4124 zl4137 zr4738 zzp7120 zzzzh11077 …): the
            # whole area's output is no more the body's own than its applications — but a town's, street's or
            # township's '全镇/全街/全乡' count is its own (zb3121 zi3816 zzzq9828 zzzu10214 zzzzb10788: both readers)
            # (the clause that names the area only: '全旗34地区部门…开设政务新媒体42个,通过旗人民政府微信公众平台共发布
            # 信息370条' goes on with the body's own account, a010)
            own_output = _ZerosOnly(out) if opens_area and opens_area["level"] not in _TOWN_LEVELS else out
            later = sentence.clauses[index + 1 : index + 2]
            if not clause.has_number and not (later and _TOTAL_CLAUSE.match(later[0].text)):
                # a denial was all it could state: every rule below reads a count (a digit), and none of
                # the state it keeps (output_before, category_counted, …) changes without one — unless the
                # next clause is the bare total of what this one lists (_KINDS_THEN_TOTAL)
                continue
            output = _output_count(text)
            output_before = max(output_before, output or 0.0)
            # '2022年,立岗镇通过各类公开平台公开政府信息共932条。1.通过政府网站主动公开…432条' (zzp7103, both
            # readers): a total over every outlet opens the section; an outlet's smaller count after it is
            # one item of that list (its other items may be cut off) — no channel key, no total
            # (the outlets may be named in the clause before the count: '通过厅门户网站、政务微信等多种渠道,主动
            # 公开政务信息1295条,通过"浙江民政"政务微信公开信息788条', zzx7937, both readers)
            outlets_before = bool(
                index and _OVER_ALL_OUTLETS.search(sentence.clauses[index - 1].text)
                and not _COUNT_AT_END.search(sentence.clauses[index - 1].text)
            )
            if output is not None and (_OVER_ALL_OUTLETS.search(text) or outlets_before):
                all_outlets_total[sentence.block] = max(all_outlets_total.get(sentence.block, 0.0), output)
            output_total_seen = output_total_seen or (not in_breakdown and output is not None)
            if _rest_follows(sentence.clauses[index + 1 :]) and not _STATED_TOTAL.search(text):
                continue  # one category of the output
            # (…unless its own clause says 全年: '截至2015年12月31日,全年累计主动公开政府信息的数量120条', zzq7206,
            # both readers; the convention's 'only a clause saying 全年 itself counts')
            if index >= as_of_from and not (new_of_year and _NEW_OF_YEAR.search(text)) and "全年" not in text:
                continue  # a stock, except the year's new items after it (b234)
            # '2024年,…,“健康舟山”微信平台累计发布365篇稿件' (m1624): an outlet's 累计 is its stock
            # since it opened unless the clause itself names the year ('微博全年累计发布…')
            own_year = full_year_word or (clause_has_year and not clause_not_whole)
            # the two readings below — a channel's posts, the proactive total — need a count and a channel's
            # name, and 主动: a clause with neither only passes on its state (what is an item of a list of
            # outlets is asked for the two readings alone)
            may_post, may_total = _may_post(clause), "主动" in text
            channel_named = bool(_channels_in(text))
            item = two_sites = below_all_outlets = False
            if may_post or may_total:
                item = outlet_lists.is_item(clause, sentence)  # one item of a list of outlets: no channel, no total
                # '其中,政务(动态)类信息1688条,…,其他信息579条,通过政务微信公开政府信息39条' (u2407, both
                # readers): a channel's count after the categories of a breakdown is one more item of it
                item = item or (in_breakdown and (category_counted or sentence is cut_off) and channel_named)
                # …and so is a channel whose breakdown goes on with categories, or whose count a later item exceeds
                if channel_named and not item:
                    rest = sentence.clauses[index + 1 :]
                    item = (in_breakdown and _category_after(rest)) or _larger_output_after(text, rest)
                # '…门户网站发布概况类信息36条,政务动态类信息87条,…,政策解读1条,“遵义统计”微信公众号发布信息
                # 151条' (zq4623, both readers): after two categories of a list, a channel is one more item
                item = item or (categories_listed >= 2 and channel_named)
                # (the total may stand earlier in the same sentence)
                over_all_outlets = all_outlets_total.get(sentence.block, 0.0)
                below_all_outlets = over_all_outlets > 0 and _below_earlier_total(text, over_all_outlets)
                item = item or below_all_outlets or (in_opened_list and channel_named)
                # '微信公众号(凤起桐屿)发布209条,文章共510篇' (zi3835, both readers): one outlet's output counted two
                # ways — which is the posts? no channel's count
                item = item or bool(channel_named and later and _SECOND_COUNT_OF_POSTS.match(later[0].text))
                # '台州气象局门户网站公开信息15条,通过台州气象网主动公开信息3210条' (zd3331, both readers): two sites'
                # counts in one sentence — which is the body's site? neither
                two_sites = outlet_lists.counted(sentence)[1] > 1 and _site_only(text)
                # '通过“燕郊发布”微信公众号、发布信息共计1467条' (zzzr9937), '通过政府门户网站、累计主动公开…2284件次'
                # (zzzr9934; both readers): an outlet and a 、 before the verb — the list lost its next outlet
                two_sites = two_sites or bool(_OUTLET_LIST_CUT.search(text))
            category_counted = category_counted or (
                in_breakdown and not channel_named and bool(_LIST_ITEM_END.search(text))
            )
            if (
                index
                and not channel_named
                and _COUNT_ITEM_END.search(text)
                and not _PROACTIVE.search(text)
                and not _STATED_TOTAL.search(text)
            ):
                categories_listed += 1
            # an outlet's 累计 is its stock — unless the body, in a sentence that opens with the year, acts through
            # it ('2023年度,我办累计在柴桑区人民政府网站主动公开…104条' u2428, '2024年,我局通过…门户网站累计公开…276条'
            # zzj6540; both readers each time), not the outlet itself ('…微信平台累计发布365篇稿件', m1624)
            # (…nor when the outlet comes after 累计 as what the body published on it: '2022年,累计发布公众号文章1871篇',
            # zzzzzj12417, both readers)
            outlet_stock = bool(
                cumulative_clause and not own_year and channel_named
                and not (year_opens and (_THROUGH_OUTLET.search(text) or _OUTLET_AFTER_CUMULATIVE.match(text)))
            )
            if may_post and not item and not outlet_stock and not two_sites:
                # '通过政府门户网站主动公开…211条,…微信…435条,…微博…41条' (za3035, both readers): the
                # site is not the only outlet counted in its sentence — no proactive total from it
                # '2010年度公开政府信息84条,在政务网站共主动公开政府信息32条' (zzb5734, both readers): a site's
                # count after a larger count of the output in its sentence is a share of it
                share = in_breakdown or outlet_lists.counted(sentence)[0] > 1 or _below_earlier_total(
                    text, output_before
                )
                _posts(clause, whole_year, share, own_output)
            # The rest decides whether the clause states the proactive total: only a count of the
            # whole year, outside a breakdown, no item of a list of outlets — and every wording
            # _proactive reads says 主动, so a clause without it is done here.
            if not may_total or not whole_year or in_breakdown or item:
                continue
            # '通过区政府网站发布信息43条,主动公开政府信息11条,建议提案办理情况1条' (i1237): a count
            # between two other counts of the same list is one category, not the year's total
            earlier = sentence.clauses[index - 1 : index] if index else []
            in_list = bool(
                not _BREAKDOWN_OPENS.match(text)
                and earlier
                and later
                and _COUNT_ITEM_END.search(earlier[0].text)
                and _COUNT_ITEM_END.search(later[0].text)
                and not _BREAKDOWN_OPENS.match(later[0].text)  # '…449条,包括:机构领导…78条' (j1329)
            )
            # '通过门户网站发布各类信息1487条,主动公开政务信息282条,总访问量达802861次' (zx5340, both
            # readers): a count right after a channel's count in its list is one more item of it
            in_list = in_list or bool(
                earlier
                and not _BREAKDOWN_OPENS.match(text)
                and _COUNT_ITEM_END.search(earlier[0].text)
                and _channels_in(earlier[0].text)
                and not channel_named
                # …unless it says it is the total, or a breakdown of it follows ('共主动公开…3895条', zb3113;
                # '主动公开政府信息数共计449条,包括:…', j1329; '主动公开政府信息779条,其中…', s2223)
                and not _STATED_TOTAL.search(text)
                and not (later and _BREAKDOWN_OPENS.match(later[0].text))
            )
            # '通过伊州区政府网站政务公开、…公示公告等栏目,以网上公开发布等形式,共制作和主动发布政府信息7条'
            # (zo4428, both readers): 主动发布 through outlets named before it is what they carried,
            # not the proactive total (only 主动公开 over outlets is: convention 15:00)
            # …or split by outlets after it ('我局主动发布各类政务信息123条,其中区政府网站8条,…;区林业局微信
            # 公众号115条', zzh6305, both readers)
            carried = "主动发布" in text and "主动公开" not in sentence.text and bool(
                _OUTLETS_BEFORE.search(sentence.text)
                or any(_OUTLET.search(c.text) for c in sentence.clauses[index + 1 :] if _COUNT_AT_END.search(c.text))
            )
            # '主动公开工作动态、…等各类政务信息275条,民意征集、…等各类互动交流信息52条' (za3007, both
            # readers): two lists of kinds side by side are parallel categories, no total
            parallel = bool(later and "等" in text and "等" in later[0].text and _COUNT_ITEM_END.search(later[0].text))
            # …and a list of the key areas' kinds is their count, not the year's ('主动向社会公开财政预算、
            # 公共资源配置、重大建设项目…等政府信息13741条', zq4613, both readers)
            # (the kinds after the verb: '在安全生产、财政预决算…等领域主动公开政府信息71条' is all of it, zzl6711)
            kinds = text[text.find("主动") :]
            parallel = parallel or ("等" in kinds and len(set(_KEY_AREAS.findall(kinds))) >= 2)
            # '2025年,全县累计主动公开政府信息9条' in the county office's report (zo4416, both readers): the
            # area's running total over its bodies, not the body's year (a town's '全镇累计…' is its own)
            parallel = parallel or bool(_AREA_RUNNING_TOTAL.search(text))
            parallel = parallel or below_all_outlets
            if not in_list and not carried and not parallel:
                cut = sentence is cut_off and index == len(sentence.clauses) - 1
                _proactive(clause, own_output, cut=cut, following=later[0] if later else None)
    return out.figures()


__all__ = ["extract_narrative"]
