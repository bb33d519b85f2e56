"""Showing text that someone else wrote (issue 11): file and member names, unit names read from
reports, URL values, SQL error details. One function per place text goes to.

- :func:`term` — for a terminal: control characters (escape sequences, newlines, carriage
  returns, BEL …), lone surrogates from undecodable file names and bidi overrides become
  visible ``\\x1b`` / ``\\u202e`` escapes, so a name can neither move the cursor, recolour
  the screen nor hide itself. Combine with rich's markup ``escape`` (:func:`rich_text`).
- :func:`rich_text` — the same, escaped for rich markup (``[/]`` and ``[red]`` print as is).
- :func:`md` — for Streamlit Markdown (st.markdown, st.error, st.warning, st.caption,
  labels): every Markdown/HTML-significant character backslash-escaped, so text renders as
  itself, never as a link, image, emphasis or tag.
- :func:`plotly` — for Plotly titles and labels, which understand a few HTML tags.
- :func:`fs_name` — a file name from the operating system (possibly undecodable bytes) as a
  storable string (undecodable bytes as ``\\xNN``).
"""

from __future__ import annotations

import os
import re

# C0 and C1 controls, DEL, bidi embedding/override/isolate marks, zero-width format chars.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")
_ESCAPED_BYTE = re.compile(r"[\udc80-\udcff]")  # an undecodable byte, as os.fsdecode escapes it
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'])")


def _escape_char(m: re.Match) -> str:
    ch = m.group(0)
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape of an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def term(text: object, max_len: int | None = None) -> str:
    """Text safe to print on a terminal: every control/format character as a visible escape."""
    out = _UNSAFE.sub(_escape_char, str(text))
    if max_len is not None and len(out) > max_len:
        out = out[: max_len - 1] + "…"
    return out


def rich_text(text: object, max_len: int | None = None) -> str:
    """term() and escaped for rich console markup."""
    from rich.markup import escape

    return escape(term(text, max_len))


def md(text: object, max_len: int | None = None) -> str:
    """Text that renders as itself inside Streamlit Markdown (no link, image, emphasis, HTML)."""
    out = term(text, max_len)
    return _MD_SPECIAL.sub(r"\\\1", out)


def plotly(text: object, max_len: int | None = None) -> str:
    """Text safe in a Plotly title/label (which renders <a>, <b>, <br>, <span style> …)."""
    out = term(text, max_len)
    return out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fs_name(name: str | bytes | os.PathLike) -> str:
    """A file-system name as a valid, storable str: undecodable bytes become \\xNN escapes."""
    raw = os.fspath(name)
    text = os.fsdecode(raw) if isinstance(raw, bytes) else raw
    if not _ESCAPED_BYTE.search(text):  # (one C scan: ingest names every input file)
        return text
    return _ESCAPED_BYTE.sub(_escape_char, text)


def is_printable_name(name: str) -> bool:
    """Whether a name has no control, format or surrogate characters."""
    return not _UNSAFE.search(name)
