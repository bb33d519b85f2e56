"""Normalised text for label matching: NFKC, traditional → simplified, pinyin runs removed.

The whole document is normalised in one pass (``normalize_pieces``): opencc and NFKC are
fast on one big string but slow per call, and extract must stay around 1 ms per report.

Why t2s plus a short word table, not opencc's ``tw2sp``: mirror sites convert with
phrase tables (文件→檔案, 门户网站→入口網站, 信息→資訊, 在线→線上), and ``tw2sp`` maps
those back, but it also rewrites words the mirror never touched, and some are template
labels: 属于行政查询事项 → 查找, 预算执行 → 运行 (and in prose 指标→指针, 新增→添加,
文件→文档). Measured (tests/extract/test_extract_normtext.py): of the 169 labels of
metrics.csv sent through s2twp, ours restores all, tw2sp breaks 3; on the real samples made
into mirrors, ours restores 99.8 % of the characters (tw2sp a little more prose, fewer labels).
"""

from __future__ import annotations

import re
import threading
import unicodedata

import opencc

# Taiwan wording introduced by mirror converters (s2twp), after t2s: word → mainland word.
_MIRROR_WORDS = {
    "档案": "文件",  # 文件 → 檔案 (but 档案馆/档案局/档案室 stay, see _ARCHIVE_KEEP)
    "资讯": "信息",
    "入口网站": "门户网站",
    "网路": "网络",
    "软体": "软件",
    "视窗": "窗口",
    "专案": "项目",
    "联络": "联系",
    "释出": "发布",
    "设定": "设置",
    "简讯": "短信",
    "列印": "打印",
    "部落格": "博客",
    "程式码": "代码",
    "程式": "程序",
    "预设": "默认",
    "品质": "质量",
    "影片": "视频",
    "线上": "在线",  # 政府网站在线访谈次数 (a legacy label) → 政府網站線上訪談次數
}
_ARCHIVE_KEEP = ("馆", "局", "室", "管理", "工作")
_MIRROR_RE = re.compile("|".join(sorted(map(re.escape, _MIRROR_WORDS), key=len, reverse=True)))

# Pinyin left inside words by some mirrors: 區(qū)委, 數(shù)量. After NFKC the brackets are ASCII.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_PINYIN_RE = re.compile(
    rf"\((?<=[{_CJK}]\()(?:[a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*|[a-zü]{{1,6}}(?=\)[{_CJK}]))\)"
)

_PINYIN_HINT = re.compile(f"\\([a-zü{_TONED}]")  # cheap test: most documents have no pinyin at all

# A document counts as traditional when t2s changes at least this share of its CJK characters
# (and at least _MIN_TRAD_CHARS of them): one stray 於 in a simplified report is not a mirror,
# and converting simplified text would risk changing words that are already right.
_MIN_TRAD_SHARE = 0.02
_MIN_TRAD_CHARS = 3
_CJK_RE = re.compile(f"[{_CJK}]")

_COMMON_FULLWIDTH = [(c, chr(ord(c) - 0xFEE0)) for c in "，：（）；！？％／－．＋０１２３４５６７８９"] + [
    ("\u3000", " ")
]

_local = threading.local()


def _t2s() -> opencc.OpenCC:
    conv = getattr(_local, "t2s", None)
    if conv is None:
        conv = _local.t2s = opencc.OpenCC("t2s")
    return conv


def _map_mirror_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if word == "档案":
        following = match.string[match.end() : match.end() + 2]
        if following.startswith(_ARCHIVE_KEEP):
            return word
    return _MIRROR_WORDS[word]


def strip_pinyin(text: str) -> str:
    """區(qū)委 → 區委: bracketed pinyin right after a Chinese character is dropped."""
    return _PINYIN_RE.sub("", text) if _PINYIN_HINT.search(text) else text


def to_simplified(text: str) -> tuple[str, bool]:
    """(simplified text, whether the text was traditional). Input must already be NFKC."""
    simple = _t2s().convert(text)
    if simple == text:
        return text, False
    if len(simple) == len(text):
        changed = sum(map(str.__ne__, simple, text))
    else:
        changed = abs(len(simple) - len(text)) + _MIN_TRAD_CHARS
    cjk = len(_CJK_RE.findall(text)) or 1
    if changed < _MIN_TRAD_CHARS or changed / cjk < _MIN_TRAD_SHARE:
        return text, False
    return _mirror_words_back(simple), True


def convert_traditional(text: str) -> str:
    """Traditional (mirror) text → simplified mainland wording, unconditionally."""
    return _mirror_words_back(_t2s().convert(text))


def _mirror_words_back(simple: str) -> str:
    return _MIRROR_RE.sub(_map_mirror_word, simple)


def nfkc(text: str) -> str:
    """unicodedata NFKC, faster on Chinese text: the common full-width punctuation and the
    ideographic space (nearly all that NFKC changes in a report) are replaced first, and the
    full normalisation runs only if something else is left (１２３, ①, ㈠ …)."""
    for wide, narrow in _COMMON_FULLWIDTH:  # str.replace is a C scan: far cheaper than a regex callback
        if wide in text:
            text = text.replace(wide, narrow)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def normalize_text(text: str) -> tuple[str, bool]:
    """One string → (normalised string, traditional?). Newlines are kept where they were."""
    norm = nfkc(text)
    norm, traditional = to_simplified(norm)
    return strip_pinyin(norm), traditional


def normalize_pieces(pieces: list[str]) -> tuple[list[str], bool]:
    """Normalise many single-line strings in one pass; returns (norms, traditional?).

    Pieces must not contain newlines (callers replace them). If a conversion ever changed
    the number of lines, fall back to one call per piece so lines never shift.
    """
    if not pieces:
        return [], False
    joined, traditional = normalize_text("\n".join(pieces))
    norms = joined.split("\n")
    if len(norms) != len(pieces):  # pragma: no cover - defensive, NFKC/opencc keep newlines
        norms = [normalize_text(p)[0] for p in pieces]
    return norms, traditional
