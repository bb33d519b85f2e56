"""What every dashboard page does first, and how it shows a chart (with its downloads)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_lib import db as app_db
from app_lib import nav, ui
from app_lib.charts import PLOTLY_CONFIG
from app_lib.filters import Scope, current_scope
from app_lib.queries import common
from app_lib.snapshot import chart_downloads, safe_figure
from pipelines.errors import DatabaseError
from pipelines.query import Source
from pipelines.safetext import md


@dataclass(frozen=True)
class PageContext:
    db: Source  # the app's cached query source: pass it to every query
    scope: Scope
    summary: common.ScopeSummary
    unit_names: dict[str, str]  # unit_id → name of the scope's chosen units (scope.units)

    @property
    def scope_text(self) -> str:
        return self.scope.describe(self.unit_names)

    @property
    def years(self) -> list[int]:
        """Every year of the range (missing ones included, so charts show gaps)."""
        lo, hi = self.scope.years or (self.summary.year_min, self.summary.year_max)
        if lo is None or hi is None:
            return []
        return list(range(lo, hi + 1))

    @property
    def last_year(self) -> int | None:
        return self.summary.year_max


def start(title: str, caption: str | None = None, *, need_reports: bool = True) -> PageContext:
    """Header, 示例数据 banner and scope; stops the page with a friendly note when the scope
    holds no report (or the database cannot be read)."""
    ui.page_header(title, caption)
    scope = current_scope()
    db = app_db.source()
    try:
        summary = common.scope_summary(db, scope)
        names = common.names_of(db, scope.units)  # the subtitle names the chosen units only
    except DatabaseError as exc:
        ui.problem(f"无法读取数据库：{md(exc)}")
        st.stop()
    ui.demo_banner(summary.is_demo)
    corrected = common.corrected_in_scope(db, scope)
    if corrected:
        st.caption(
            f":material/edit_note: 本范围内有 {corrected} 个数字经人工更正，图表和合计使用更正后的数字"
            "（原值、理由和更正人见“单位档案 → 报告原文”）。"
        )
    if need_reports and summary.empty:
        ui.empty_state(
            "当前筛选范围内没有已导入的年度报告。",
            "请在左侧放宽地区、统计口径、单位或年份，或在“导入”页面上传报告。",
        )
        st.stop()
    return PageContext(db, scope, summary, names)


def chart(
    ctx: PageContext,
    fig: go.Figure,
    data: pd.DataFrame,
    *,
    title: str,
    key: str,
    n_reports: int | None = None,
    scope_text: str | None = None,
    on_pick: Callable[[list[dict], go.Figure], None] | None = None,
) -> None:
    """Draw a chart with its download buttons (PNG, SVG, HTML, CSV, XLSX).

    ``on_pick``: the chart's marks can be clicked (drill-down); it is called after the chart
    with the clicked points (Streamlit's selection: x, y, curve_number, point_index …) and
    the figure as drawn."""
    head, tools = st.columns([5, 2], vertical_alignment="bottom")
    head.markdown(f"**{md(title)}**")
    fig = safe_figure(fig)
    with tools:
        chart_downloads(
            fig,
            data,
            title=title,
            scope=scope_text or ctx.scope_text,
            n_reports=ctx.summary.n_reports if n_reports is None else n_reports,
            is_demo=ctx.summary.is_demo,
            key=key,
        )
    if on_pick is None:
        st.plotly_chart(fig, width="stretch", key=f"chart-{key}", config=PLOTLY_CONFIG)
        return
    event = st.plotly_chart(
        fig,
        width="stretch",
        key=f"chart-{key}",
        config=PLOTLY_CONFIG,
        on_select="rerun",
        selection_mode="points",
    )
    points = list(event.selection.points) if event is not None and event.selection else []
    if points:
        on_pick(points, fig)


def year_picker(ctx: PageContext, *, key: str, label: str = "年度", narrow: bool = True) -> int:
    """A single statistics year (defaults to the latest of the range), kept in the URL."""
    from app_lib.filters import page_param, set_page_param

    years = list(reversed(ctx.years)) or ([ctx.last_year] if ctx.last_year is not None else [])
    if not years:  # no report in scope: page.start has stopped such a page already
        st.stop()
    wanted = page_param("year")
    default = int(wanted) if wanted and wanted.isdigit() and int(wanted) in years else years[0]
    from_link = key not in st.session_state  # first run of this widget: the URL decides
    column = st.columns([1, 4])[0] if narrow else st.container()
    year = column.selectbox(label, years, index=years.index(default), key=key, format_func=lambda y: f"{y}年")
    if from_link and wanted and wanted != str(year):
        ui.unknown_link_value("年度", wanted, f"{year}年")
    set_page_param("year", str(year))
    return int(year)


# Characters JavaScript's encodeURI leaves as they are. Plotly passes every link of a chart
# label through encodeURI(decodeURI(href)); a percent-escape of one of these (``%3A`` for the
# colon of a unit id) does not survive that round trip — it comes out as ``%253A`` and the
# link opens another unit. Leaving them unescaped keeps the link exactly as built.
_URI_SAFE = ":,/;@$!'()*~"


def unit_link(scope: Scope, unit_id: str) -> str:
    """Relative URL of a unit's profile that keeps the current filters.

    Safe inside Plotly chart labels (see ``_URI_SAFE``) and in plain HTML alike.
    """
    from urllib.parse import quote, urlencode

    from app_lib.filters import scope_to_params

    params = {**scope_to_params(scope), "unit": unit_id}
    return nav.UNIT_PROFILE.url_path + "?" + urlencode(params, safe=_URI_SAFE, quote_via=quote)
