"""Chart snapshots: PNG, SVG, self-contained HTML, CSV and XLSX of a chart and its data.

Every export carries the chart's title, its scope, the source line
("数据来源：政府信息公开工作年度报告，N 份"), the date, and the 示例数据 mark on synthetic data —
inside the file itself (figure title and annotations; header rows of CSV/XLSX).

PNG/SVG are rendered server-side by kaleido 1.x with Debian's chromium. Starting a browser
per image costs ~2 s, so the process starts ONE kaleido sync server on first use and sends
every image to it (0.2–0.4 s each). Images are rendered lazily: the download buttons hold
callables that run only when the user clicks.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import threading
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from app_lib import nav
from app_lib.charts import PLOTLY_CONFIG
from app_lib.ui import DEMO_MARK
from pipelines.safetext import md

SOURCE_TEMPLATE = "数据来源：政府信息公开工作年度报告，{n} 份"
EXPORT_WIDTH = 1200
EXPORT_HEIGHT = 700
CJK_FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"

_kaleido_lock = threading.Lock()
_kaleido_started = False


@dataclass(frozen=True)
class SnapshotMeta:
    """What every snapshot says about itself."""

    title: str
    scope: str
    n_reports: int
    is_demo: bool
    date: dt.date

    @property
    def source_line(self) -> str:
        return SOURCE_TEMPLATE.format(n=self.n_reports)

    @property
    def footer(self) -> str:
        return f"{self.source_line}　·　生成日期：{self.date.isoformat()}"

    def header_rows(self) -> list[tuple[str, str]]:
        rows = [
            ("标题", self.title),
            ("范围", self.scope),
            ("来源", self.source_line),
            ("日期", self.date.isoformat()),
        ]
        if self.is_demo:
            rows.append(("说明", f"{DEMO_MARK}：含演示语料合成的报告，不代表真实数字"))
        return rows


def make_meta(*, title: str, scope: str, n_reports: int, is_demo: bool, date: dt.date | None = None):
    return SnapshotMeta(title, scope, int(n_reports or 0), bool(is_demo), date or dt.date.today())


# ---------------------------------------------------------------------------
# The figure as exported


def stamp(fig: go.Figure, meta: SnapshotMeta) -> go.Figure:
    """A copy of ``fig`` with title, scope, source line, date and (demo) mark drawn into it."""
    out = go.Figure(fig)
    title = f"<b>{_escape(meta.title)}</b><br><span style='font-size:13px;color:#555'>{_escape(meta.scope)}</span>"
    # A horizontal legend sits above the plot and grows upwards row by row: the top margin
    # makes room for all its rows under the title, so they never overlap.
    margin_top = max(out.layout.margin.t or 0, 95) + LEGEND_ROW_PX * legend_rows(out)
    margin_bottom = max(out.layout.margin.b or 0, 90)
    out.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "y": 0.97, "yanchor": "top"},
        margin={"t": margin_top, "b": margin_bottom},
        font={"family": CJK_FONT},
        paper_bgcolor="white",
    )
    out.add_annotation(
        text=_escape(meta.footer),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-margin_bottom + 12,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        font={"size": 11, "color": "#666"},
    )
    if meta.is_demo:
        out.add_annotation(
            text=f"<b>{DEMO_MARK}</b>",
            xref="paper",
            yref="paper",
            x=1,
            y=1,
            yshift=margin_top - 18,
            xanchor="right",
            yanchor="top",
            showarrow=False,
            font={"size": 15, "color": "#b42318"},
            bordercolor="#b42318",
            borderwidth=1.5,
            borderpad=4,
            bgcolor="rgba(255,240,240,0.9)",
        )
    return out


LEGEND_ROW_PX = 24


def legend_rows(fig: go.Figure, width: int | None = None) -> int:
    """Rows a horizontal legend above the plot takes at the export width (0: no such legend)."""
    layout = fig.layout
    if layout.showlegend is False or (layout.legend.orientation or "v") != "h":
        return 0
    if (layout.legend.y if layout.legend.y is not None else 1.02) < 1:
        return 0
    names = [t.name for t in fig.data if t.name and t.showlegend is not False]
    if not names:
        return 0
    width = width or EXPORT_WIDTH
    available = width - (layout.margin.l or 80) - (layout.margin.r or 80)
    rows, used = 1, 0.0
    for name in names:
        item = 40 + sum(13 if ord(ch) > 0x2E80 else 7 for ch in str(name))  # 13 px font
        if used and used + item > available:
            rows, used = rows + 1, 0.0
        used += item
    return rows


# Trace properties that carry data (unit names, file names …) into the figure's SVG text.
_DATA_TEXT_KEYS = frozenset(
    "x y z text hovertext name labels parents ids customdata legendgroup label categoryarray ticktext".split()
)
_SAFE_MARK = "govreports-safe-text"
# The one link our charts put in labels: a unit's profile, its name already escaped
# (charts.coverage_heatmap); it stays a link, anything else in a label is shown as text.
_OWN_UNIT_LINK = re.compile(
    r'(?:〔名单外〕)?<a href="' + re.escape(nav.UNIT_PROFILE.url_path) + r'\?[^"<>\s]*" target="_self">[^<>]*</a>'
)


def safe_figure(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` whose data strings cannot render as Plotly's HTML subset (<a href>,
    <b>, <img>-like spans …): '&', '<', '>' in trace data and category arrays become
    entities (they still display as themselves). Our own templates (hovertemplate,
    annotations, titles) are left as they are. Idempotent."""
    if getattr(fig.layout, "meta", None) == _SAFE_MARK:
        return fig
    spec = fig.to_plotly_json()
    for trace in spec.get("data", []):
        _escape_tree(trace)
    layout = spec.get("layout", {})
    for key, axis in layout.items():
        if isinstance(axis, dict) and (key.startswith(("xaxis", "yaxis"))):
            for sub in ("categoryarray", "ticktext"):
                if sub in axis:
                    axis[sub] = [
                        v if sub == "ticktext" and isinstance(v, str) and _OWN_UNIT_LINK.fullmatch(v)
                        else _escape_value(v)
                        for v in axis[sub]
                    ] if isinstance(axis[sub], list | tuple) else _escape_value(axis[sub])
    if layout.get("meta") is None:
        layout["meta"] = _SAFE_MARK
    # The spec is a valid figure's own (only its strings escaped): validating it again would
    # cost more than drawing the page (tens of ms a chart).
    return go.Figure(spec, _validate=False)


def _escape_tree(node: dict) -> None:
    for key, value in node.items():
        if key in _DATA_TEXT_KEYS:
            node[key] = _escape_value(value)
        elif isinstance(value, dict):
            _escape_tree(value)


def _escape_value(value):
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, list | tuple):
        return [_escape_value(v) for v in value]
    if hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "OUS":
        return [_escape_value(v) for v in value.tolist()]
    return value


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------------------
# Renderers (pure: figure/data in, bytes out)


def _ensure_kaleido_server() -> None:
    """Start the process-wide kaleido server once (one chromium for all images)."""
    global _kaleido_started
    if _kaleido_started:
        return
    import kaleido

    os.environ.setdefault("BROWSER_PATH", "/usr/bin/chromium")
    kaleido.start_sync_server(silence_warnings=True)
    _kaleido_started = True


def render_image(
    fig: go.Figure, fmt: str, *, width: int = EXPORT_WIDTH, height: int = EXPORT_HEIGHT
) -> bytes:
    """PNG or SVG bytes of an (already stamped) figure, through the one kaleido server."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported image format: {fmt}")
    # The sync server pairs requests and answers through two queues: serialise the callers
    # (Streamlit runs sessions and deferred downloads on several threads).
    with _kaleido_lock:
        _ensure_kaleido_server()
        import kaleido

        opts = {"format": fmt, "width": width, "height": height, "scale": 2 if fmt == "png" else 1}
        return kaleido.calc_fig_sync(fig.to_dict(), opts=opts)


def render_html(fig: go.Figure, meta: SnapshotMeta | None = None) -> bytes:
    """A self-contained interactive HTML file (plotly.js embedded, works offline); with
    ``meta`` its <title> and a header line say what it is (readable without JavaScript)."""
    page = fig.to_html(full_html=True, include_plotlyjs=True, config=PLOTLY_CONFIG)
    if meta is not None:
        head = f"<title>{_escape(meta.title)}</title>"
        desc = "　·　".join(_escape(v) for _, v in meta.header_rows())
        page = page.replace("<head>", "<head>" + head, 1)
        page = page.replace("<body>", f'<body>\n<p style="font:12px sans-serif;color:#555">{desc}</p>', 1)
    return page.encode("utf-8")


def render_csv(df: pd.DataFrame, meta: SnapshotMeta) -> bytes:
    """CSV (UTF-8 with BOM so Excel reads the Chinese), with '# ' header lines saying what it is."""
    buf = io.StringIO()
    for name, value in meta.header_rows():
        buf.write(f"# {name}：{value}\n")
    df.to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8-sig")


def render_xlsx(df: pd.DataFrame, meta: SnapshotMeta) -> bytes:
    """XLSX: the description rows on top, then the table."""
    buf = io.BytesIO()
    header = meta.header_rows()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        df.to_excel(writer, sheet_name="数据", index=False, startrow=len(header) + 1)
        sheet = writer.sheets["数据"]
        for i, (name, value) in enumerate(header, start=1):
            sheet.cell(row=i, column=1, value=name)
            sheet.cell(row=i, column=2, value=value)
    return buf.getvalue()


def file_stem(title: str, meta: SnapshotMeta | None = None) -> str:
    """A safe file name from the chart title (Chinese kept), plus the date."""
    stem = re.sub(r"[\\/:*?\"<>|\s]+", "_", title).strip("_") or "chart"
    if meta is not None:
        stem = f"{stem}_{meta.date.isoformat()}"
        if meta.is_demo:
            stem += f"_{DEMO_MARK}"
    return stem[:120]


# ---------------------------------------------------------------------------
# Streamlit widget


def chart_downloads(
    fig: go.Figure,
    df: pd.DataFrame,
    *,
    title: str,
    scope: str,
    n_reports: int,
    is_demo: bool,
    key: str,
) -> None:
    """Download buttons for a chart: PNG, SVG, interactive HTML, CSV and XLSX.

    One 下载 popover per chart, drawn empty: its buttons are made when it is opened (a rerun
    of this fragment only, not of the page), and nothing is rendered until the user clicks
    a button (the buttons hold callables). Five hidden buttons per chart cost a page with four
    charts about a third of its drawing time in the browser. ``key`` must be unique on the page.
    """
    import streamlit as st

    meta = make_meta(title=title, scope=scope, n_reports=n_reports, is_demo=is_demo)
    shown = safe_figure(fig)
    data = df.copy()

    @st.fragment
    def downloads() -> None:
        popover = st.popover(
            "下载",
            icon=":material/download:",
            help="下载图表（PNG、SVG、交互式 HTML）与数据（CSV、XLSX）",
            width="stretch",
            key=f"dl-{key}",
            on_change="rerun",
        )
        if popover.open:
            with popover:
                _download_buttons(shown, data, meta, key)

    downloads()


def _download_buttons(shown: go.Figure, data: pd.DataFrame, meta: SnapshotMeta, key: str) -> None:
    import streamlit as st

    stem = file_stem(meta.title, meta)
    made: list[go.Figure] = []

    def stamped() -> go.Figure:
        # drawn into on the first click only (a copy of the figure with its title and source)
        if not made:
            made.append(stamp(shown, meta))
        return made[0]

    def _failing_safely(fn):
        # A deferred download runs on another thread: an exception there would be lost, so
        # return a short text explaining the failure instead of an empty file.
        def run():
            try:
                return fn()
            except Exception as exc:  # noqa: BLE001 - shown to the user as the file content
                return f"导出失败：{exc}".encode()

        return run

    buttons = (
        ("PNG", "png", "image/png", lambda: render_image(stamped(), "png")),
        ("SVG", "svg", "image/svg+xml", lambda: render_image(stamped(), "svg")),
        ("HTML", "html", "text/html", lambda: render_html(stamped(), meta)),
        ("CSV", "csv", "text/csv", lambda: render_csv(data, meta)),
        (
            "XLSX",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            lambda: render_xlsx(data, meta),
        ),
    )
    st.caption(f"{md(meta.title)} · {md(meta.scope)}")
    cols = st.columns(len(buttons))
    for col, (label, ext, mime, build) in zip(cols, buttons, strict=True):
        col.download_button(
            label,
            data=_failing_safely(build),
            file_name=f"{stem}.{ext}",
            mime=mime,
            key=f"dl-{key}-{ext}",
            on_click="ignore",
            width="stretch",
        )
