"""两年对比 of the narrative: the prose of two reports of one unit, aligned paragraph by
paragraph (long paragraphs sentence by sentence) with difflib, the changed characters marked,
shown as a plain two-column table and exported as DOCX (issue 13 point 8).

Plain functions and a typed result; no Streamlit. A report's text is never interpreted as
Markdown or HTML: the table is plain text with 〖〗 around changed characters, the DOCX marks
them with run formatting (strike-through for removed, bold underline for added).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

import pandas as pd

Kind = Literal["same", "added", "removed", "changed"]
KIND_LABELS: dict[str, str] = {"same": "相同", "added": "新增", "removed": "删除", "changed": "改动"}
MARK_OPEN, MARK_CLOSE = "〖", "〗"  # around changed characters in the plain-text table
SIMILAR = 0.5  # two paragraphs at least this similar are one paragraph changed, not removed + added

_SPACE = re.compile(r"\s+")
# the "words" compared inside a changed paragraph: a number (2016, 99.61%, 1,234) or a Latin
# word as a whole, any other character on its own (Chinese has no spaces)
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[A-Za-z]+|\s+|.", re.S)
# a sentence ends at 。！？; (and the closing quote or bracket right after it)
_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)]*|[^。！？!?]+$")


@dataclass(frozen=True)
class Part:
    text: str
    changed: bool


@dataclass(frozen=True)
class DiffRow:
    kind: Kind
    a: str  # the paragraph in the first year ('' when added)
    b: str  # the paragraph in the second year ('' when removed)
    a_parts: tuple[Part, ...] = ()  # for 'changed': a split into unchanged / changed pieces
    b_parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class TextDiff:
    rows: tuple[DiffRow, ...]

    def count(self, kind: Kind) -> int:
        return sum(1 for r in self.rows if r.kind == kind)

    @property
    def summary(self) -> str:
        """新增 2 段 · 删除 1 段 · 改动 5 段 · 相同 30 段"""
        return " · ".join(
            f"{KIND_LABELS[k]} {self.count(k)} 段" for k in ("added", "removed", "changed", "same")
        )


_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_SENTENCE_END = ("。", "！", "？", "!", "?", "；", ";")


def _is_table_row(text: str) -> bool:
    return "|" in text or "｜" in text


def _table_cells(lines: Sequence[str]) -> set[int]:
    """Indexes of the lines that are cells of a table laid out one cell a line with a lone '|'
    line between the cells (text dumps of web tables): a line between two bar lines, or next
    to one and not a sentence (nor a section heading 一、…)."""
    bars = [bool(t) and _is_table_row(t) for t in lines]
    cells: set[int] = set()
    for i, text in enumerate(lines):
        if not text or bars[i]:
            continue
        before = next((bars[k] for k in range(i - 1, -1, -1) if lines[k]), False)
        after = next((bars[k] for k in range(i + 1, len(lines)) if lines[k]), False)
        if (before and after) or (
            (before or after) and not text.endswith(_SENTENCE_END) and not _HEADING.match(text)
        ):
            cells.add(i)
    return cells


def prose_units(lines: Iterable[str]) -> list[str]:
    """The prose of a report as comparable units: whitespace normalised, table rows (lines
    with '|' cells, and the cells of a table laid out one cell a line between '|' lines) and
    empty lines dropped, a line of several sentences split into them."""
    texts = [_SPACE.sub(" ", line).strip() for line in lines]
    cells = _table_cells(texts)
    units: list[str] = []
    for i, text in enumerate(texts):
        if not text or i in cells or _is_table_row(text):
            continue
        sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
        units.extend(sentences or [text])
    return units


def report_prose(lines: Sequence) -> list[str]:
    """prose_units of a report's extracted Lines (pipelines.model.Line): table rows — lines
    that came with cells — are left out as well."""
    return prose_units(line.text for line in lines if getattr(line, "cells", None) is None)


def _key(text: str) -> str:
    return _SPACE.sub("", text)


def _parts(a: str, b: str) -> tuple[tuple[Part, ...], tuple[Part, ...]]:
    """a and b cut into unchanged / changed pieces (by _TOKEN: whole numbers, single Chinese
    characters)."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    a_parts: list[Part] = []
    b_parts: list[Part] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if i2 > i1:
            a_parts.append(Part("".join(ta[i1:i2]), tag != "equal"))
        if j2 > j1:
            b_parts.append(Part("".join(tb[j1:j2]), tag != "equal"))
    return _merge(a_parts), _merge(b_parts)


def _merge(parts: list[Part]) -> tuple[Part, ...]:
    out: list[Part] = []
    for p in parts:
        if out and out[-1].changed == p.changed:
            out[-1] = Part(out[-1].text + p.text, p.changed)
        else:
            out.append(p)
    return tuple(out)


WINDOW = 50  # how far ahead in the other year a paragraph's counterpart is looked for


def _align_block(a: list[str], b: list[str]) -> list[DiffRow]:
    """A replaced block: pair each paragraph of a with the most similar of the next WINDOW
    paragraphs of b (in order, at least SIMILAR); the rest are removed / added."""
    rows: list[DiffRow] = []
    keys_b = [_key(t) for t in b]
    matcher = SequenceMatcher(None, autojunk=False)
    j = 0
    for text_a in a:
        matcher.set_seq2(_key(text_a))  # difflib caches what it learns about seq2
        best, best_ratio = None, SIMILAR
        for k in range(j, min(len(b), j + WINDOW)):
            matcher.set_seq1(keys_b[k])
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            r = matcher.ratio()
            if r >= best_ratio:
                best, best_ratio = k, r
        if best is None:
            rows.append(DiffRow("removed", text_a, ""))
            continue
        rows.extend(DiffRow("added", "", text_b) for text_b in b[j:best])
        a_parts, b_parts = _parts(text_a, b[best])
        rows.append(DiffRow("changed", text_a, b[best], a_parts, b_parts))
        j = best + 1
    rows.extend(DiffRow("added", "", text_b) for text_b in b[j:])
    return rows


def compare(units_a: Sequence[str], units_b: Sequence[str]) -> TextDiff:
    """Align two lists of prose units (prose_units) with difflib.SequenceMatcher."""
    matcher = SequenceMatcher(None, [_key(u) for u in units_a], [_key(u) for u in units_b], autojunk=False)
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(
                DiffRow("same", units_a[i], units_b[j])
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
        elif tag == "delete":
            rows.extend(DiffRow("removed", units_a[i], "") for i in range(i1, i2))
        elif tag == "insert":
            rows.extend(DiffRow("added", "", units_b[j]) for j in range(j1, j2))
        else:
            rows.extend(_align_block(list(units_a[i1:i2]), list(units_b[j1:j2])))
    return TextDiff(tuple(rows))


def marked(parts: Sequence[Part]) -> str:
    """The pieces as plain text, changed characters in 〖〗."""
    return "".join(f"{MARK_OPEN}{p.text}{MARK_CLOSE}" if p.changed else p.text for p in parts)


def _collapsed(diff: TextDiff, collapse: bool) -> list[DiffRow | int]:
    """The rows, a run of unchanged ones replaced by its length when collapse is on."""
    out: list[DiffRow | int] = []
    for row in diff.rows:
        if collapse and row.kind == "same":
            if out and isinstance(out[-1], int):
                out[-1] += 1
            else:
                out.append(1)
        else:
            out.append(row)
    return out


def _folded(n: int) -> str:
    return f"（{n} 段相同，已折叠）"


def table(diff: TextDiff, label_a: str, label_b: str, *, collapse: bool = True) -> pd.DataFrame:
    """The side-by-side table (plain text): 变化 | label_a | label_b; collapse folds each run of
    unchanged paragraphs into one row."""
    records = []
    for item in _collapsed(diff, collapse):
        if isinstance(item, int):
            records.append(("相同", _folded(item), _folded(item)))
        elif item.kind == "changed":
            records.append(("改动", marked(item.a_parts), marked(item.b_parts)))
        else:
            records.append((KIND_LABELS[item.kind], item.a, item.b))
    return pd.DataFrame(records, columns=["变化", label_a, label_b])


def docx_bytes(diff: TextDiff, unit_name: str, year_a: int, year_b: int, *, collapse: bool = True) -> bytes:
    """The comparison as a Word document: title (单位, 年份A vs 年份B), the summary, and the
    side-by-side table — removed characters struck through in the first year, added ones in
    bold underline in the second. Every text is inserted as plain text (never interpreted)."""
    import docx
    from docx.shared import Pt

    doc = docx.Document()
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.add_heading(f"{unit_name} {year_a}年与{year_b}年政府信息公开工作年度报告文字对比", level=1)
    doc.add_paragraph(f"按段落（长段按句）对比两年报告的文字部分，表格行未纳入。{diff.summary}。")
    doc.add_paragraph(f"{year_a}年中删去的文字以删除线标出，{year_b}年中新增的文字以加粗下划线标出。")
    grid = doc.add_table(rows=1, cols=3)
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, ("变化", f"{year_a}年", f"{year_b}年"), strict=True):
        cell.text = text
    for item in _collapsed(diff, collapse):
        cells = grid.add_row().cells
        if isinstance(item, int):
            cells[0].text = "相同"
            cells[1].text = cells[2].text = _folded(item)
            continue
        cells[0].text = KIND_LABELS[item.kind]
        if item.kind == "changed":
            for cell, parts, struck in ((cells[1], item.a_parts, True), (cells[2], item.b_parts, False)):
                para = cell.paragraphs[0]
                for p in parts:
                    run = para.add_run(p.text)
                    if p.changed:
                        run.font.strike = struck
                        run.font.bold = not struck
                        run.font.underline = not struck
        elif item.kind == "removed":
            cells[1].paragraphs[0].add_run(item.a).font.strike = True
        elif item.kind == "added":
            run = cells[2].paragraphs[0].add_run(item.b)
            run.font.bold = run.font.underline = True
        else:
            cells[1].text, cells[2].text = item.a, item.b
    if not diff.rows:
        doc.add_paragraph("（两年报告均没有可对比的文字。）")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
