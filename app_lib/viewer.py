"""Report viewer: the source text with every extracted figure highlighted and linked to its
metric (and back). Pure functions: Lines + figures in, HTML out."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd

from app_lib import formatting
from app_lib.formatting import printed_mark
from pipelines.catalog import label as label_of
from pipelines.catalog import ocr_box, position_zh
from pipelines.model import Line
from pipelines.provenance import Provenance

_SUFFIX = re.compile(r"\s*\((text|正文)\)\s*$")


@dataclass
class Placed:
    """A figure located in the document: which line, and which cell or piece of it."""

    line: int | None  # index into lines, None when the provenance matched nothing
    cell: int | None  # index into line.cells (tables) or '|'-pieces (text dumps)


def locate(provenance: str, lines: list[Line]) -> Placed:
    """Find where a figure was read. Provenance forms (pipelines.provenance): 'line N',
    'line N cell K', 'table T row R col C', each optionally followed by ' (text)'."""
    parsed = Provenance.parse(provenance)
    prov = parsed.place if parsed else _SUFFIX.sub("", provenance or "").strip()
    line_index = {line.prov: i for i, line in enumerate(lines)}
    if prov in line_index:
        return Placed(line_index[prov], None)
    for i, line in enumerate(lines):
        for j, cell in enumerate(line.cells or []):
            if cell.prov == prov:
                return Placed(i, j)
    cell_no = parsed.get("cell") if parsed else None
    if parsed and cell_no is not None and parsed.line_place in line_index:
        return Placed(line_index[parsed.line_place], cell_no - 1)
    return Placed(None, None)


def _mark(raw: str, fig_ids: list[int], labels: list[str]) -> str:
    title = html.escape("；".join(labels))
    links = "".join(f'<a class="fig-ref" href="#fig-{i}">{i}</a>' for i in fig_ids)
    shown = html.escape(raw) if raw.strip() else "（空）"
    return f'<mark title="{title}">{shown}<sup>{links}</sup></mark>'


def _highlight_text(text: str, marks: list[tuple[str, int, str]]) -> str:
    """Escape ``text`` and wrap the first not-yet-used occurrence of each raw figure."""
    out, pos = [], 0
    taken: list[tuple[int, int, list[int], list[str]]] = []
    for raw, fid, label in marks:
        needle = raw.strip()
        if not needle:
            continue
        start = text.find(needle, 0)
        while start != -1 and any(s <= start < e for s, e, _, _ in taken):
            start = text.find(needle, start + 1)
        if start == -1:
            continue
        same = [t for t in taken if t[0] == start and t[1] == start + len(needle)]
        if same:
            same[0][2].append(fid)
            same[0][3].append(label)
        else:
            taken.append((start, start + len(needle), [fid], [label]))
    for s, e, ids, labels in sorted(taken):
        out.append(html.escape(text[pos:s]))
        out.append(_mark(text[s:e], ids, labels))
        pos = e
    out.append(html.escape(text[pos:]))
    return "".join(out)


def report_html(lines: list[Line], figures: pd.DataFrame) -> tuple[str, int]:
    """(HTML of the report with highlighted figures, number of figures not located)."""
    per_line: dict[int, list[tuple[int | None, str, int, str]]] = {}
    unplaced = 0
    rows = []
    for fid, fig in enumerate(figures.itertuples(), start=1):
        placed = locate(str(fig.provenance or ""), lines)
        label = (
            f"{fig.label or label_of(fig.metric)} = {printed_mark(fig.raw_text) or format(fig.value, 'g')}"
        )
        if placed.line is None:
            unplaced += 1
        else:
            per_line.setdefault(placed.line, []).append((placed.cell, str(fig.raw_text or ""), fid, label))
        where = html.escape(position_zh(fig.provenance))
        target = (
            f'<a href="#line-{placed.line}" title="{html.escape(fig.provenance or "")}">{where}</a>'
            if placed.line is not None
            else (where + "（未在原文中找到）")
        )
        mark = printed_mark(fig.raw_text)
        shown = html.escape(mark) if mark else f"{fig.value:,.10g}"
        original = getattr(fig, "original_value", None)
        if original is not None and not pd.isna(original):
            # 人工更正: the corrected figure, marked, with the value read from the document
            shown += f'<br><span class="corr" title="人工更正">✎ 已更正（原值 {original:,.10g}）</span>'
        rows.append(
            f'<tr id="fig-{fid}"><td>{fid}</td><td>{html.escape(str(fig.label or label_of(fig.metric)))}</td>'
            f'<td class="num">{shown}</td>'
            f"<td>{html.escape(str(fig.raw_text or ''))}</td><td>{target}</td></tr>"
        )
    body = []
    for i, line in enumerate(lines):
        marks = per_line.get(i, [])
        cls = "hit" if marks else ""
        if line.cells:
            cells_html = []
            for j, cell in enumerate(line.cells):
                here = [(raw, fid, label) for c, raw, fid, label in marks if c == j]
                if here:
                    ids = [fid for _, fid, _ in here]
                    cells_html.append(f"<td>{_mark(cell.text, ids, [lb for _, _, lb in here])}</td>")
                else:
                    cells_html.append(f"<td>{html.escape(cell.text)}</td>")
            content = f'<table class="row"><tr>{"".join(cells_html)}</tr></table>'
        elif any(c is not None for c, *_ in marks):
            pieces = line.text.split("|")
            for j in range(len(pieces)):
                here = [(raw, fid, label) for c, raw, fid, label in marks if c == j]
                pieces[j] = _highlight_text(pieces[j], here) if here else html.escape(pieces[j])
            rest = [(raw, fid, label) for c, raw, fid, label in marks if c is None or c >= len(pieces)]
            content = "|".join(pieces) if not rest else _highlight_text(line.text, rest)
        else:
            content = _highlight_text(line.text, [(raw, fid, label) for _, raw, fid, label in marks])
        body.append(
            f'<div class="ln {cls}" id="line-{i}"><span class="no" title="{html.escape(line.prov)}">{html.escape(position_zh(line.prov))}</span>'
            f'<span class="tx">{content}</span></div>'
        )
    doc = f"""
<style>
.gr-viewer {{ display:flex; gap:16px; font-size:14px; }}
.gr-viewer .src {{ flex: 5; max-height: 640px; overflow:auto; border:1px solid #ddd; border-radius:6px;
                  padding:8px; background:#fcfcfc; }}
.gr-viewer .figs {{ flex: 4; max-height: 640px; overflow:auto; }}
.gr-viewer .figs td:nth-child(2) {{ min-width: 9em; }}
.gr-viewer .figs code {{ font-size: 10px; color: #888; }}
.gr-viewer .ln {{ display:flex; gap:8px; line-height:1.6; white-space:pre-wrap; }}
.gr-viewer .ln.hit {{ background:#fffbea; }}
.gr-viewer .no {{ color:#999; width:6.5em; font-size:10px; flex-shrink:0; overflow-wrap:anywhere; }}
.gr-viewer mark {{ background:#ffe08a; border-radius:3px; padding:0 2px; }}
.gr-viewer sup a {{ margin-left:2px; font-size:10px; text-decoration:none; color:#1f5aa6; }}
.gr-viewer table.row td {{ border:1px solid #ccc; padding:1px 6px; }}
.gr-viewer table.row {{ border-collapse:collapse; }}
.gr-viewer .figs table {{ border-collapse:collapse; width:100%; font-size:12px; }}
.gr-viewer .figs td {{ border-bottom:1px solid #eee; padding:3px 4px; vertical-align:top; }}
.gr-viewer .num {{ text-align:right; font-variant-numeric: tabular-nums; }}
.gr-viewer .corr {{ color:#b35c00; font-size:11px; white-space:nowrap; }}
.gr-viewer tr:target, .gr-viewer .ln:target {{ outline:2px solid #d9822b; }}
</style>
<div class="gr-viewer">
  <div class="src">{"".join(body)}</div>
  <div class="figs"><table><tr><th>#</th><th>指标</th><th>数值</th><th>原文</th><th>位置</th></tr>{"".join(rows)}</table></div>
</div>"""
    return doc, unplaced


ORIGIN_LABELS = {"table": "统计表", "text": "正文"}


def with_source_lines(values: pd.DataFrame, lines: list[Line]) -> pd.DataFrame:
    """The figures a failed check compared, side by side in Chinese columns, each with the
    whole line (or table row) of ``lines`` (the report's text) it was read from."""
    out = values.copy()
    if lines:
        placed = [locate(p, lines) for p in out["provenance"]]
        out["source_line"] = [line_in_context(lines, p.line) for p in placed]
    if "provenance" in out:
        out["provenance"] = out["provenance"].map(formatting.position)
    if "origin" in out:
        out["origin"] = out["origin"].map(ORIGIN_LABELS).fillna(out["origin"])
    if "value" in out:
        raw = out["raw_text"] if "raw_text" in out else pd.Series(None, index=out.index)
        out["value"] = [printed_mark(r) or formatting.cell(v) for r, v in zip(raw, out["value"], strict=True)]
    columns = {
        "label": "指标",
        "value": "数值",
        "raw_text": "原文数字",
        "provenance": "位置",
        "source_line": "原文所在行",
        "origin": "出处",
    }
    return out[[c for c in columns if c in out]].rename(columns=columns).fillna("—")


def line_in_context(lines: list[Line], index: int | None) -> str:
    """The source line; a text dump with one cell per line gets the lines before it, so
    a bare '0' shows with its row label."""
    if index is None:
        return ""
    text = lines[index].text.strip()
    start, added = index, 0
    while len(text) < 16 and start > 0 and added < 3 and index - start < 8:
        start -= 1
        before = lines[start].text.strip()
        if before:
            text, added = f"{before} ┆ {text}", added + 1
    return text


def ocr_review_rows(figures: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame | None:
    """The report's figures read by OCR, with the page and box they were read from and
    whether they are flagged for review (low recognition score, or named by the report's
    ``ocr.review`` check); flagged first. None when no figure was read by OCR."""
    from pipelines.checks import OCR_REVIEW_CONFIDENCE

    if figures.empty or "origin" not in figures or not (figures["origin"] == "ocr").any():
        return None
    named: set[str] = set()
    for row in checks.itertuples() if not checks.empty else ():
        if row.rule == "ocr.review":
            named.update(list(row.metrics) if row.metrics is not None else [])
    out = []
    for fig in figures[figures["origin"] == "ocr"].itertuples():
        where = ocr_box(str(fig.provenance or ""))
        if where is None:
            continue
        confidence = getattr(fig, "confidence", None)
        low = confidence is not None and not pd.isna(confidence) and confidence < OCR_REVIEW_CONFIDENCE
        reason = "识别置信度低" if low else ("所在行未通过勾稽校验" if fig.metric in named else "")
        mark = printed_mark(fig.raw_text)
        out.append(
            {
                "metric": fig.metric,
                "label": str(fig.label or label_of(fig.metric)),
                "shown": mark if mark else f"{fig.value:,.10g}",
                "where": position_zh(fig.provenance),
                "page": where[0],
                "box": where[1],
                "confidence_text": "—" if confidence is None or pd.isna(confidence) else f"{confidence:.3f}",
                "flagged": bool(reason),
                "reason": reason,
            }
        )
    if not out:
        return None
    return pd.DataFrame(out).sort_values("flagged", ascending=False, kind="stable").reset_index(drop=True)
