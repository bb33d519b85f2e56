"""Bytes → text for plain-text and HTML reports: encoding detection and junk rejection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from pipelines.errors import RejectedInput

# Chinese government pages are UTF-8, GB2312/GBK (decoded as their superset GB18030) or Big5.
_DETECT_CANDIDATES = ["utf_8", "gb18030", "big5"]
_GB_ALIASES = {"gb2312", "gbk", "gb_2312", "gb2312-80", "x-gbk", "cp936", "euc-cn", "gb18030", "hz-gb-2312"}

# Control characters that never occur in text (tab, newlines, form feed excluded) and U+FFFD.
_JUNK_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_MAX_JUNK_SHARE = 0.02
# the same control characters as bytes, and the codecs that decode a byte below 0x80 only to
# itself and never use one inside a multi-byte sequence (GB18030's and Big5's second bytes are
# 0x30 and up)
_JUNK_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_ASCII_SAFE = frozenset({"utf-8", "utf-8-sig", "gb18030", "big5"})
_MAX_DEBRIS_SHARE = 0.01  # broken bytes tolerated in a text that is otherwise valid
_CJK_RE = re.compile("[\u4e00-\u9fff]")
_GB_PLAUSIBLE = 0.8  # GB text: ~100 % of its characters are GB2312 level 1 (simplified), 65 % if traditional
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def python_codec(label: str) -> str | None:
    """A charset label as printed in a page (gb2312, GBK, utf8 …) → a Python codec, or None."""
    label = label.strip().strip("\"'").lower()
    if label in _GB_ALIASES:
        return "gb18030"  # superset: pages labelled gb2312 routinely use GBK-only characters
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding name). Raises RejectedInput for empty files and binary junk.

    Order: BOM, the declared charset (HTML meta), strict UTF-8, GB18030 or Big5, then detection.
    """
    if not data.strip():
        raise RejectedInput("empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _checked(_decode(data, codec), codec, data), codec
    if b"\x00" in data:
        raise RejectedInput("binary data, not a text report (NUL bytes)")
    for codec in dict.fromkeys(c for c in (declared, "utf-8") if c):
        try:
            return _checked(data.decode(codec), codec, data), codec
        except UnicodeDecodeError:
            continue
    chinese = _decode_chinese(data)
    if chinese is not None:
        return _checked(*chinese, data), chinese[1]
    lenient = _decode_with_debris(data)
    if lenient is not None:
        return lenient
    best = from_bytes(data, cp_isolation=_DETECT_CANDIDATES).best()
    if best is None:
        raise RejectedInput("binary data, not a text report (no text encoding fits)")
    return _checked(str(best), best.encoding, data), best.encoding


def _decode_with_debris(data: bytes) -> tuple[str, str] | None:
    """Real dumps carry a few broken bytes (cut multi-byte characters, copy debris): accept
    the encoding that needs the fewest replacements, if they are rare; '?' marks them."""
    best = min(
        ((data.decode(codec, "replace"), codec) for codec in ("utf-8", "gb18030")),
        key=lambda pair: pair[0].count("\ufffd"),
    )
    text, codec = best
    bad = text.count("\ufffd")
    if bad > _MAX_DEBRIS_SHARE * len(text):
        return None
    return _checked(text.replace("\ufffd", "?"), codec, data), f"{codec} ({bad} bad bytes replaced)"


def _common_share(text: str, codec: str, first: int, last: int) -> float:
    """Share of the Chinese characters (a sample) that are common characters of ``codec``:
    encoded with a lead byte in [first, last] (GB2312 level 1: B0–D7; Big5 常用字: A4–C6)."""
    sample = _CJK_RE.findall(text[:6000])[:1000]
    try:  # all at once: GB2312 and Big5 encode each Chinese character in two bytes
        encoded = "".join(sample).encode(codec)
    except UnicodeEncodeError:
        encoded = b""
    if sample and len(encoded) == 2 * len(sample):
        leads = encoded[0::2]
        return (len(leads) - len(leads.translate(None, bytes(range(first, last + 1))))) / len(sample)
    common = 0
    for char in sample:
        try:
            common += first <= char.encode(codec)[0] <= last
        except UnicodeEncodeError:
            continue
    return common / len(sample) if sample else 1.0


def _decode_chinese(data: bytes) -> tuple[str, str] | None:
    """GB18030 (the superset of GB2312/GBK) or Big5, whichever gives common characters.

    Big5 bytes also decode as GB18030, into rare characters, so a GB18030 result made of
    uncommon characters is compared with the Big5 reading before it is accepted.
    """
    try:
        gb_text = data.decode("gb18030")
    except UnicodeDecodeError:
        gb_text = None
    gb_share = _common_share(gb_text, "gb2312", 0xB0, 0xD7) if gb_text is not None else 0.0
    if gb_text is not None and gb_share >= _GB_PLAUSIBLE:
        return gb_text, "gb18030"
    try:
        big5_text = data.decode("big5")
    except UnicodeDecodeError:
        big5_text = None
    if big5_text is not None and _common_share(big5_text, "big5", 0xA4, 0xC6) > gb_share:
        return big5_text, "big5"
    return (gb_text, "gb18030") if gb_text is not None else None


def _decode(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise RejectedInput(f"binary data, not a text report (invalid {codec} at byte {exc.start})") from None


def _checked(text: str, codec: str, data: bytes) -> str:
    """Reject text that decoded but is mostly control characters (binary renamed .txt)."""
    if not text.strip():
        raise RejectedInput("empty file")
    junk = len(_JUNK_RE.findall(text)) if _may_hold_junk(text, codec, data) else 0
    if junk and junk > _MAX_JUNK_SHARE * len(text):
        raise RejectedInput(f"binary data, not a text report ({junk} control characters in {codec} text)")
    return text


def _may_hold_junk(text: str, codec: str, data: bytes) -> bool:
    """Whether ``text`` (``data`` decoded with ``codec``) may hold a junk character. Most texts
    hold none, and the bytes say so several times faster than a search of the text: in the
    codecs of _ASCII_SAFE a control character can only be decoded from the same control byte."""
    if codec in _ASCII_SAFE and "\ufffd" not in text:
        return len(data.translate(None, _JUNK_BYTES)) != len(data)
    return _JUNK_RE.search(text) is not None
