"""Chart builders: each takes a tidy DataFrame (as the queries return it) and returns a
Plotly figure. No Streamlit here, so the export CLI draws exactly what the pages show.

Conventions: years are integers on a category-free linear axis with one tick per year; a
year with no report is NaN, drawn as a gap (never a zero); the 2019 template change is a
dashed line between 2018 and 2019 whose hover explains why the figures may jump.
"""

from __future__ import annotations

import copy
import unicodedata

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from pipelines.catalog import FAMILY_LABELS

PALETTE = [
    "#1f5aa6",
    "#d9822b",
    "#2a9d8f",
    "#c0392b",
    "#7b5ea7",
    "#8c6d31",
    "#e377c2",
    "#5d6d7e",
    "#bcbd22",
    "#17becf",
]
CJK_FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
BREAK_X = 2018.5
BREAK_LABEL = "2019 模板变更"
BREAK_HOVER = (
    "<b>2019 年起统计表改版</b><br>"
    f"2018 年及以前：{FAMILY_LABELS['legacy']}<br>"
    f"2019–2020 年：{FAMILY_LABELS['std2019']}<br>"
    f"2021 年起：{FAMILY_LABELS['std2021']}<br>"
    "前后口径不同（如“收到申请数”与“本年新收申请数量”），<br>连续序列按对照关系拼接，跨年变化需谨慎解读。"
)
# Many categories (e.g. 8 denial + 3 无法提供 reasons + legacy rows) need more distinct colours.
WIDE_PALETTE = PALETTE + [
    "#6b8e23",
    "#ff7f50",
    "#4682b4",
    "#b8860b",
    "#9370db",
    "#20b2aa",
    "#cd5c5c",
    "#708090",
    "#daa520",
    "#3cb371",
]
STATUS_COLORS = {"未报送": "#e9ecef", "已报送": "#5aa469", "有警告": "#f0b429", "校验未通过": "#d64545"}

# Outcomes coloured by what they mean (checked in this order: 不予公开 before 公开):
# disclosed green, partly amber, refused red, could not provide purple, neutral grey; for
# reviews and lawsuits an upheld decision green, a corrected one red.
OUTCOME_COLORS: tuple[tuple[str, str], ...] = (
    ("不予公开", "#c0392b"),
    ("部分公开", "#e9a23b"),
    ("予以公开", "#2e8b57"),
    ("无法提供", "#8e6fb5"),
    ("不予处理", "#b9770e"),
    ("结果纠正", "#c0392b"),
    ("被依法纠错", "#c0392b"),
    ("结果维持", "#2e8b57"),
    ("维持", "#2e8b57"),
    ("尚未审结", "#bdc3c7"),
    ("其他", "#95a5a6"),
)
OTHER_LABEL = "其他"
OTHER_COLOR = "#b0b7bf"
MAX_CATEGORIES = 8  # a stack or legend shows at most this many, the rest as 其他


def outcome_color(name: str) -> str | None:
    """The colour an outcome category means, or None when ``name`` is no outcome."""
    for word, color in OUTCOME_COLORS:
        if word in str(name):
            return color
    return None


def _outcome_palette(names: list[str]) -> list[str] | None:
    colors = [c for n in names if (c := outcome_color(n)) is not None]
    return colors if names and len(colors) == len(names) else None


def wan_ticks(vmax: float, n: int = 5) -> tuple[list[float], list[str]]:
    """Tick values from 0 to at least ``vmax`` with Chinese units: 0, 5,000, 1万, 1.5万 … 2亿."""
    if not vmax or vmax <= 0 or not np.isfinite(vmax):
        return [0], ["0"]
    raw = vmax / n
    mag = 10 ** np.floor(np.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    top = step * np.ceil(vmax / step)
    values = [float(v) for v in np.arange(0, top + step / 2, step)]
    return values, [_wan(v) for v in values]


def _wan(v: float) -> str:
    if v >= 1e8:
        return f"{v / 1e8:,.4g}亿"
    if v >= 1e4:
        return f"{v / 1e4:,.4g}万"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4g}"


def _value_axes(fig: go.Figure) -> dict[str, list[float]]:
    """Layout axis name (yaxis, yaxis2, xaxis …) → the values plotted along it."""
    out: dict[str, list[float]] = {}
    stacked = fig.layout.barmode == "stack"
    stacks: dict[str, dict] = {}
    for trace in fig.data:
        if trace.type not in ("scatter", "bar", "box"):
            continue
        horizontal = getattr(trace, "orientation", None) == "h"
        values = trace.x if horizontal else trace.y
        axis_id = (trace.xaxis if horizontal else trace.yaxis) or ("x" if horizontal else "y")
        name = ("xaxis" if horizontal else "yaxis") + axis_id[1:]
        nums = pd.to_numeric(pd.Series(list(values) if values is not None else []), errors="coerce")
        if trace.type == "bar" and stacked:
            cats = list(trace.y if horizontal else trace.x)
            acc = stacks.setdefault(name, {})
            for c, v in zip(cats, nums, strict=False):
                if pd.notna(v):
                    acc[c] = acc.get(c, 0) + max(v, 0)
            out.setdefault(name, [])
            continue
        out.setdefault(name, []).extend(v for v in nums if pd.notna(v))
    for name, acc in stacks.items():
        out[name].extend(acc.values())
    return out


def count_axes(fig: go.Figure) -> go.Figure:
    """Count axes start at 0 and carry Chinese number units (万, 亿) instead of 20k / 100k.

    Percent, log and hidden axes, and axes with negative values, are left as they are."""
    for name, values in _value_axes(fig).items():
        axis = fig.layout[name]
        if axis is None or axis.visible is False or axis.type == "log" or "%" in (axis.tickformat or ""):
            continue
        if not values or min(values) < 0:
            continue
        vmax = max(values)
        axis.rangemode = "tozero"
        if vmax >= 1000:
            tickvals, ticktext = wan_ticks(vmax)
            axis.tickmode = "array"
            axis.tickvals = tickvals
            axis.ticktext = ticktext
            axis.range = [0, tickvals[-1] * 1.04]
        else:
            axis.tickformat = ",~r"
    return fig


def limit_categories(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    color: str,
    order: list[str] | None = None,
    limit: int = MAX_CATEGORIES,
) -> tuple[pd.DataFrame, list[str]]:
    """At most ``limit`` categories of ``color`` (the largest in total) plus 其他, the rest
    summed per ``x`` (so a stack never needs 17 colours)."""
    present = set(df[color])
    names = [n for n in (order or list(dict.fromkeys(df[color]))) if n in present]
    names += [n for n in dict.fromkeys(df[color]) if n not in names]
    if len(names) <= limit + 1:  # one more is drawn, not folded into a 其他 of one
        return df, names
    totals = df.groupby(color)[y].sum()
    keep = set(totals.sort_values(ascending=False).index[:limit])
    data = df[[x, color, y]].copy()
    data[color] = data[color].where(data[color].isin(keep), OTHER_LABEL)
    data = data.groupby([x, color], as_index=False, sort=False)[y].sum(min_count=1)
    return data, [*(n for n in names if n in keep), OTHER_LABEL]


_TEMPLATE: go.layout.Template | None = None


# Plotly's own words on a chart (the tool bar's button titles, the hints of a double click)
# in Chinese: Plotly shows them in English unless the figure's config names a locale and
# brings its dictionary (issue 13 point 4). Every st.plotly_chart and the HTML export use it;
# Streamlit's own full-screen button keeps its English title.
PLOTLY_CONFIG: dict = {
    "displaylogo": False,
    "locale": "zh-CN",
    "locales": {
        "zh-CN": {
            "dictionary": {
                "Zoom": "缩放",
                "Pan": "平移",
                "Box Select": "框选",
                "Lasso Select": "套索选择",
                "Zoom in": "放大",
                "Zoom out": "缩小",
                "Autoscale": "自动调整范围",
                "Reset axes": "还原坐标轴",
                "Reset": "还原",
                "Reset view": "还原视图",
                "Reset views": "还原视图",
                "Download plot as a png": "下载为 PNG 图片",
                "Download plot as a PNG": "下载为 PNG 图片",
                "Download plot as JSON": "下载为 JSON",
                "Download plot": "下载图表",
                "Toggle Spike Lines": "显示或隐藏辅助线",
                "Show closest data on hover": "悬停显示最近的数据",
                "Compare data on hover": "悬停比较各系列数据",
                "Toggle show closest data on hover": "切换悬停显示方式",
                "Double-click to zoom back out": "双击还原",
                "Double-click on legend to isolate one trace": "双击图例只显示这一项",
                "Taking snapshot - this may take a few seconds": "正在生成图片，请稍候",
                "Snapshot succeeded": "图片已生成",
                "Sorry, there was a problem downloading your snapshot!": "图片下载失败",
                "trace": "系列",
            }
        }
    },
}



def template() -> go.layout.Template:
    """plotly_white with the trace defaults of the kinds our charts draw only (bar, scatter,
    heatmap): half the bytes of every figure sent to the browser and a quarter of the time
    Plotly spends validating a figure's template (issue 13: page speed). Built once."""
    global _TEMPLATE
    if _TEMPLATE is None:
        import plotly.io as pio

        white = pio.templates["plotly_white"]
        _TEMPLATE = go.layout.Template(
            layout=white.layout, data={kind: white.data[kind] for kind in ("bar", "scatter", "heatmap")}
        )
    return _TEMPLATE


def _figure(traces: list[dict]) -> go.Figure:
    """A figure of ``traces`` — plain dicts built here from query results and constants —
    without Plotly validating every property of every trace again: validation was most of a
    page's server time (a stacked bar chart of nine series 16 ms → 2 ms; issue 13, page
    speed). Layout updates afterwards are validated as usual."""
    fig = go.Figure(data=traces, _validate=False)
    fig._validate = True
    fig.layout._validate = True
    return fig


def _unchecked(fig: go.Figure, **props) -> None:
    """Set layout properties built here (the template, lists of annotations and shapes)
    without validating them again: Plotly validates a template or each annotation anew on
    every assignment (17 ms for the template, a few ms per annotation)."""
    layout = fig.layout
    layout._validate = False
    try:
        for key, value in props.items():
            layout[key] = value
    finally:
        layout._validate = True


def _append_layout(fig: go.Figure, prop: str, items: list[dict]) -> None:
    """Append annotations or shapes (plain dicts) to the layout's list, unchecked."""
    _unchecked(fig, **{prop: [*fig.layout._props.get(prop, []), *items]})


_TEMPLATE_JSON: dict | None = None


def _template_json() -> dict:
    global _TEMPLATE_JSON
    if _TEMPLATE_JSON is None:
        _TEMPLATE_JSON = template().to_plotly_json()
    return copy.deepcopy(_TEMPLATE_JSON)  # each figure its own: a later edit stays in its figure


# Margins that already hold the axes' tick labels and titles and a one-row legend: Plotly's
# automargin (kept, so a long label is never cut) then has nothing to grow and draws the
# chart once instead of twice (half the drawing time of a chart in the browser, issue 13).
AXES_MARGIN = {"l": 72, "r": 10, "t": 50, "b": 56}
PLAIN_MARGIN = {"l": 10, "r": 10, "t": 40, "b": 10}  # no axes (Sankey)


def _style(
    fig: go.Figure, *, y_title: str = "", height: int = 420, legend: bool = True, axes: bool = True
) -> go.Figure:
    _unchecked(fig, template=_template_json())
    fig.update_layout(
        height=height,
        font={"family": CJK_FONT, "size": 13},
        margin=AXES_MARGIN if axes else PLAIN_MARGIN,
        hoverlabel={"font": {"family": CJK_FONT}},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0, "title": None},
        showlegend=legend,
        colorway=PALETTE,
    )
    if y_title:
        fig.update_yaxes(title_text=y_title)
    return fig


def _year_axis(fig: go.Figure, years: list[int]) -> None:
    if years:
        lo, hi = min(years), max(years)
        fig.update_xaxes(range=[lo - 0.5, hi + 0.5], dtick=1, tickformat="d", title_text="年度")


def add_template_break(fig: go.Figure, years: list[int], *, facets: bool = False) -> go.Figure:
    """Mark the 2019 template change when the years span it; the marker's hover explains it."""
    if not years or not (min(years) <= 2018 < 2019 <= max(years)):
        return fig
    line = {"dash": "dash", "color": "#888", "width": 1.2}
    if facets:
        fig.add_vline(x=BREAK_X, line=line, row="all", col="all")
    else:
        _append_layout(
            fig,
            "shapes",
            [
                {
                    "type": "line",
                    "x0": BREAK_X,
                    "x1": BREAK_X,
                    "xref": "x",
                    "y0": 0,
                    "y1": 1,
                    "yref": "y domain",
                    "line": line,
                }
            ],
        )
        _append_layout(
            fig,
            "annotations",
            [
                {
                    "x": BREAK_X,
                    "y": 1,
                    "xref": "x",
                    "yref": "paper",
                    "text": BREAK_LABEL,
                    "showarrow": False,
                    "xanchor": "left",
                    "yanchor": "top",
                    "xshift": 3,
                    "font": {"size": 11, "color": "#666"},
                    "bgcolor": "rgba(255,255,255,0.75)",
                    "hovertext": BREAK_HOVER,
                }
            ],
        )
        # An invisible marker along the line carries the explanation as a hover tooltip.
        fig.add_trace(
            go.Scatter(
                x=[BREAK_X] * 5,
                y=np.linspace(0, 1, 5),
                yaxis="y2",
                mode="markers",
                marker={"size": 14, "opacity": 0},
                hovertemplate=BREAK_HOVER + "<extra></extra>",
                showlegend=False,
                name=BREAK_LABEL,
            )
        )
        fig.update_layout(yaxis2={"overlaying": "y", "range": [0, 1], "visible": False, "fixedrange": True})
    return fig


def fill_year_gaps(df: pd.DataFrame, years: list[int], group_col: str) -> pd.DataFrame:
    """One row per group × year of ``years``: missing years get NaN (drawn as gaps)."""
    if df.empty:
        return df
    groups = df[group_col].dropna().unique()
    full = pd.MultiIndex.from_product([groups, years], names=[group_col, "year"])
    return df.set_index([group_col, "year"]).reindex(full).reset_index()


def trend_lines(
    df: pd.DataFrame,
    *,
    years: list[int],
    value_col: str = "value",
    group_col: str = "group",
    y_title: str = "",
    percent: bool = False,
    hover_extra: str | None = "n_units",
) -> go.Figure:
    """Lines over years, one per group; gaps where a year is missing."""
    data = fill_year_gaps(df, years, group_col)
    traces = []
    for i, (name, part) in enumerate(data.groupby(group_col, sort=False)):
        custom = part[hover_extra].to_numpy() if hover_extra and hover_extra in part else None
        value_fmt = "%{y:.1%}" if percent else "%{y:,.4~g}"
        extra = "<br>基于 %{customdata} 个单位" if custom is not None else ""
        traces.append(
            {
                "type": "scatter",
                "x": part["year"].to_numpy(),
                "y": part[value_col].to_numpy(dtype=float, na_value=np.nan),
                "name": str(name),
                "mode": "lines+markers",
                "connectgaps": False,
                **({"customdata": custom} if custom is not None else {}),
                "line": {"color": PALETTE[i % len(PALETTE)], "width": 2.2, "shape": "linear"},
                "hovertemplate": f"<b>{name}</b><br>%{{x}}年：{value_fmt}{extra}<extra></extra>",
            }
        )
    fig = _figure(traces)
    _style(fig, y_title=y_title, legend=data[group_col].nunique() > 1)
    if percent:
        fig.update_yaxes(tickformat=".0%")
    else:
        count_axes(fig)
    _year_axis(fig, years)
    return add_template_break(fig, years)


def small_multiples(
    df: pd.DataFrame,
    *,
    years: list[int],
    group_col: str = "group",
    value_col: str = "value",
    y_title: str = "",
    percent: bool = False,
    cols: int = 3,
) -> go.Figure:
    """One small panel per group, shared year axis, independent y axes."""
    from plotly.subplots import make_subplots

    data = fill_year_gaps(df, years, group_col)
    groups = list(dict.fromkeys(data[group_col]))
    rows = max(1, -(-len(groups) // cols))
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[str(g) for g in groups],
        shared_xaxes=True,
        vertical_spacing=min(0.12, 0.5 / rows),
        horizontal_spacing=0.06,
    )
    for i, name in enumerate(groups):
        part = data[data[group_col] == name]
        fig.add_trace(
            go.Scatter(
                x=part["year"],
                y=part[value_col],
                mode="lines+markers",
                name=str(name),
                connectgaps=False,
                line={"color": PALETTE[0], "width": 2, "shape": "linear"},
                marker={"size": 5},
                hovertemplate=f"<b>{name}</b><br>%{{x}}年：%{{y:,.4~g}}<extra></extra>",
            ),
            row=i // cols + 1,
            col=i % cols + 1,
        )
    _style(fig, y_title="", height=max(260, 200 * rows + 60), legend=False)
    fig.update_annotations(font_size=12)
    if percent:
        fig.update_yaxes(tickformat=".0%")
    else:
        count_axes(fig)
    if years:
        # every other year, counted back from the latest so the latest year is always labelled
        fig.update_xaxes(
            range=[min(years) - 0.5, max(years) + 0.5], dtick=2, tick0=max(years), tickformat="d"
        )
    # No automargin on the panels (issue 13, page speed): Plotly measures every tick label of
    # every panel's two axes for it, which tripled the drawing time of nine panels in the
    # browser (175 → 65 ms a draw, drawn twice by Streamlit). Nothing needs it: the margins
    # (AXES_MARGIN) hold the first column's y labels — at most a few characters, counts
    # being written with 万/亿 (count_axes), shares as whole percents — and the bottom row's
    # years; the other panels' labels sit in the spacing between panels, where automargin
    # never reached.
    fig.update_xaxes(automargin=False)
    fig.update_yaxes(automargin=False)
    return add_template_break(fig, years, facets=True)


def stacked_bars(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    color: str,
    y_title: str = "",
    order: list[str] | None = None,
    years: list[int] | None = None,
    horizontal_legend: bool = True,
    share: bool = False,
    palette: list[str] | None = None,
) -> go.Figure:
    """Stacked bars (by year, or any category): absolute, or each bar's share when ``share``."""
    traces = []
    data, names = limit_categories(df, x=x, y=y, color=color, order=order)
    if share and not data.empty:
        totals = data.groupby(x)[y].transform("sum")
        data[y] = np.where(totals > 0, data[y] / totals, np.nan)
    colors = _outcome_palette([n for n in names if n != OTHER_LABEL]) or palette or PALETTE
    if OTHER_LABEL in names:
        colors = [*colors[: len(names) - 1], OTHER_COLOR]
    for i, name in enumerate(names):
        part = data[data[color] == name]
        if part.empty:
            continue
        fmt = "%{y:.1%}" if share else "%{y:,.4~g}"
        traces.append(
            {
                "type": "bar",
                "x": part[x].to_numpy(),
                "y": part[y].to_numpy(dtype=float, na_value=np.nan),
                "name": str(name),
                "marker": {"color": colors[i % len(colors)]},
                "hovertemplate": f"<b>{name}</b><br>%{{x}}：{fmt}<extra></extra>",
            }
        )
    fig = _figure(traces)
    fig.update_layout(barmode="stack", bargap=0.25, legend_traceorder="normal")
    _style(fig, y_title=y_title, height=440, legend=horizontal_legend)
    if share:
        fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    else:
        count_axes(fig)
    if years is not None:
        _year_axis(fig, years)
        add_template_break(fig, years)
    return fig


def sankey(flows: pd.DataFrame) -> go.Figure:
    """Flows (source, target, value) as a Sankey diagram; zero flows are dropped."""
    data = flows[flows["value"] > 0]
    nodes = list(dict.fromkeys([*data["source"], *data["target"]]))
    index = {n: i for i, n in enumerate(nodes)}
    inflow = data.groupby("target")["value"].sum()
    outflow = data.groupby("source")["value"].sum()
    totals = [max(inflow.get(n, 0), outflow.get(n, 0)) for n in nodes]
    labels = [f"{n}  {t:,.0f}" for n, t in zip(nodes, totals, strict=True)]
    fig = _figure(
        [
            {
                "type": "sankey",
                "arrangement": "snap",
                "node": {
                    "label": labels,
                    "pad": 18,
                    "thickness": 16,
                    "color": [PALETTE[i % len(PALETTE)] for i in range(len(nodes))],
                    "hovertemplate": "%{label}：%{value:,.0f} 件<extra></extra>",
                },
                "link": {
                    "source": [index[s] for s in data["source"]],
                    "target": [index[t] for t in data["target"]],
                    "value": data["value"].tolist(),
                    "color": "rgba(31,90,166,0.18)",
                    "hovertemplate": "%{source.label} → %{target.label}：%{value:,.0f} 件<extra></extra>",
                },
            }
        ]
    )
    return _style(fig, height=460, legend=False, axes=False)


OUTSIDE_STATUS = "名单外单位"
OUTSIDE_COLOR = "#ffffff"
OUTSIDE_PREFIX = "〔名单外〕"


def heatmap_rows(df: pd.DataFrame, outside: set[str] | frozenset[str] = frozenset()) -> pd.DataFrame:
    """The heat map's rows top to bottom (unit_id, name): the registry's units by name, then
    the units outside it (名单外) apart, at the bottom."""
    units = df[["unit_id", "name"]].drop_duplicates()
    units = units.assign(_outside=units["unit_id"].isin(outside))
    return units.sort_values(["_outside", "name"]).drop(columns="_outside").reset_index(drop=True)


def coverage_heatmap(
    df: pd.DataFrame,
    *,
    years: list[int],
    unit_links: dict[str, str] | None = None,
    outside: set[str] | frozenset[str] = frozenset(),
) -> go.Figure:
    """Units × years coloured by status (未报送 / 已报送 / 有警告 / 校验未通过).

    ``df``: unit_id, name, year, status, detail. Unit labels become links to the unit's
    profile when ``unit_links`` (unit_id → URL) is given. Units in ``outside`` (not in the
    应报单位名单) are drawn apart at the bottom, labelled 〔名单外〕, their years without a
    report white (not required), never grey 未报送.
    """
    statuses = list(STATUS_COLORS)
    units = heatmap_rows(df, outside)
    is_outside = units["unit_id"].isin(outside).to_numpy()
    if is_outside.any():
        statuses.append(OUTSIDE_STATUS)
    colors = {**STATUS_COLORS, OUTSIDE_STATUS: OUTSIDE_COLOR}
    z = np.zeros((len(units), len(years)))
    text = np.full((len(units), len(years)), "未报送", dtype=object)
    if is_outside.any():
        z[is_outside, :] = statuses.index(OUTSIDE_STATUS)
        text[is_outside, :] = "名单外单位：不在应报单位名单中，未报送不计为缺报"
    pos = {u: i for i, u in enumerate(units["unit_id"])}
    ypos = {y: j for j, y in enumerate(years)}
    for row in df.itertuples():
        if row.year in ypos and row.unit_id in pos and isinstance(row.status, str):
            z[pos[row.unit_id], ypos[row.year]] = statuses.index(row.status)
            text[pos[row.unit_id], ypos[row.year]] = row.detail or row.status
    n = len(statuses)
    colorscale = []
    for i, s in enumerate(statuses):
        colorscale += [[i / n, colors[s]], [(i + 1) / n, colors[s]]]
    labels = [
        (OUTSIDE_PREFIX if out else "") + f'<a href="{unit_links[u]}" target="_self">{_label_text(name)}</a>'
        if unit_links and u in unit_links
        else (OUTSIDE_PREFIX if out else "") + name
        for u, name, out in zip(units["unit_id"], units["name"], is_outside, strict=True)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=years,
            y=list(range(len(units))),
            zmin=0,
            zmax=n,
            colorscale=colorscale,
            xgap=2,
            ygap=2,
            showscale=False,
            hoverinfo="skip",
        )
    )
    # Plotly cannot select a heat map cell: an invisible marker on every cell carries the
    # hover text and makes the cell clickable (drill-down to the unit's report of the year).
    # The heat map itself carries no text (its hover is off): the texts once, not twice, in
    # the page (half of the 0.7 MB 总览 sends at national scope).
    grid_x, grid_y = np.meshgrid(years, np.arange(len(units)))
    fig.add_trace(
        go.Scatter(
            x=grid_x.ravel(),
            y=grid_y.ravel(),
            customdata=text.ravel(),
            mode="markers",
            marker={"symbol": "square", "size": 16, "opacity": 0},
            selected={"marker": {"opacity": 0}},
            unselected={"marker": {"opacity": 0}},
            showlegend=False,
            hovertemplate="%{x}年<br>%{customdata}<extra></extra>",
        )
    )
    # A legend of coloured squares reads better than a colour bar for four categories.
    for status in statuses:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=status,
                hoverinfo="skip",
                marker={
                    "symbol": "square",
                    "size": 12,
                    "color": colors[status],
                    "line": {"width": 1, "color": "#adb5bd"} if status == OUTSIDE_STATUS else None,
                },
            )
        )
    # The unit names are shown whole (ticklabeloverflow "allow": the left margin holds them):
    # Plotly's default for a numeric axis measures every label against the others once per
    # label, 120² text boxes in the browser at national scope, most of the page's drawing.
    fig.update_yaxes(
        tickvals=list(range(len(units))), ticktext=labels, autorange="reversed", ticklabeloverflow="allow"
    )
    _style(fig, height=max(260, 22 * len(units) + 120), legend=True)
    # A left margin that already holds the longest name: Plotly's automargin (kept, so a name
    # is never cut) then has nothing to grow and draws the chart once instead of twice.
    longest = max(
        (
            _label_width(name) + (_label_width(OUTSIDE_PREFIX) if out else 0)
            for name, out in zip(units["name"], is_outside, strict=True)
        ),
        default=0,
    )
    fig.update_layout(margin={"l": max(AXES_MARGIN["l"], longest + 16)})
    fig.update_xaxes(dtick=1, tickformat="d", side="bottom", ticklabeloverflow="allow")
    return fig


def _label_width(text: str, size: int = 13) -> int:
    """Pixels a tick label of ``text`` takes at font ``size`` (wide CJK characters a full
    em, others about 0.6 em): enough for a margin, never used to cut a label."""
    wide = sum(1 for ch in str(text) if unicodedata.east_asian_width(ch) in "WF")
    return int(round(wide * size + (len(str(text)) - wide) * size * 0.6))


def _label_text(name: str) -> str:
    """A name inside our own link label: shown as text, never as Plotly's HTML."""
    return str(name).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def scatter_outliers(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    x_title: str,
    y_title: str,
    name_col: str = "name",
    outlier_col: str = "outlier",
    log: bool = False,
) -> go.Figure:
    """Units as points; outliers in red and labelled with the unit's name."""
    fig = go.Figure()
    for flag, color, label in ((False, PALETTE[0], "单位"), (True, "#d64545", "离群单位")):
        part = df[df[outlier_col] == flag]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part[x],
                y=part[y],
                mode="markers+text" if flag else "markers",
                name=label,
                text=part[name_col] if flag else None,
                textposition="top center",
                textfont={"size": 11, "color": color},
                customdata=part[[name_col]].to_numpy(),
                marker={
                    "color": color,
                    "size": 10 if flag else 8,
                    "opacity": 0.8,
                    "line": {"width": 0.5, "color": "white"},
                },
                hovertemplate=f"<b>%{{customdata[0]}}</b><br>{x_title}：%{{x:,.4~g}}<br>{y_title}：%{{y:,.4~g}}<extra></extra>",
            )
        )
    _style(fig, height=460)
    fig.update_xaxes(title_text=x_title, type="log" if log else "linear")
    fig.update_yaxes(title_text=y_title, type="log" if log else "linear")
    return fig


def box_by(df: pd.DataFrame, *, group_col: str, value_col: str = "value", y_title: str = "") -> go.Figure:
    """Distribution of a value per group; every unit is a point, outliers stand out."""
    fig = go.Figure()
    for i, (name, part) in enumerate(df.groupby(group_col, sort=True)):
        fig.add_trace(
            go.Box(
                y=part[value_col],
                name=str(name),
                boxpoints="all",
                jitter=0.35,
                pointpos=0,
                marker={"color": PALETTE[i % len(PALETTE)], "size": 5, "opacity": 0.6},
                text=part["name"],
                hovertemplate="<b>%{text}</b><br>%{y:,.4~g}<extra></extra>",
            )
        )
    return count_axes(_style(fig, y_title=y_title, height=420, legend=False))


def bar_ranking(
    df: pd.DataFrame,
    *,
    value_col: str,
    name_col: str = "name",
    x_title: str = "",
    hover_col: str | None = None,
) -> go.Figure:
    """Horizontal bars, largest on top."""
    data = df.sort_values(value_col, ascending=True)
    outcome = _outcome_palette(list(data[name_col]))
    fig = _figure(
        [
            {
                "type": "bar",
                "x": data[value_col].to_numpy(),
                "y": data[name_col].to_numpy(),
                "orientation": "h",
                "marker": {"color": outcome or PALETTE[0]},
                "text": data[value_col].to_numpy(),
                "textposition": "outside",
                "cliponaxis": False,
                "texttemplate": "%{x:,.0f}",
                **({"customdata": data[[hover_col]].to_numpy()} if hover_col else {}),
                "hovertemplate": "<b>%{y}</b><br>%{x:,.0f}"
                + ("<br>%{customdata[0]}" if hover_col else "")
                + "<extra></extra>",
            }
        ]
    )
    _style(fig, height=max(150, 30 * len(data) + 70), legend=False)
    fig.update_xaxes(title_text=x_title)
    fig.update_layout(margin={"r": 50})
    return count_axes(fig)


def rate_lines(df: pd.DataFrame, *, years: list[int], group_col: str = "group") -> go.Figure:
    """Correction rate per year; the base n of every point is printed in a strip under the
    plot, one row per series in its colour, so no label ever sits on a line."""
    data = fill_year_gaps(df, years, group_col)
    traces, labels = [], []
    groups = list(dict.fromkeys(data[group_col]))
    for i, (name, part) in enumerate(data.groupby(group_col, sort=False)):
        color = PALETTE[i % len(PALETTE)]
        traces.append(
            {
                "type": "scatter",
                "x": part["year"].to_numpy(),
                "y": part["rate"].to_numpy(dtype=float, na_value=np.nan),
                "name": str(name),
                "mode": "lines+markers",
                "connectgaps": False,
                "line": {"color": color, "width": 2.2, "shape": "linear"},
                "customdata": np.stack(
                    [
                        part["corrected"].fillna(0).to_numpy(dtype=float),
                        part["n"].fillna(0).to_numpy(dtype=float),
                    ],
                    axis=-1,
                ),
                "hovertemplate": f"<b>{name}</b><br>%{{x}}年 纠错率：%{{y:.1%}}<br>被纠错 %{{customdata[0]:.0f}} 件 / 已审结 %{{customdata[1]:.0f}} 件<extra></extra>",
            }
        )
        labels += [
            {
                "x": int(year),
                "y": 0,
                "xref": "x",
                "yref": "paper",
                "yshift": -34 - 15 * i,
                "text": f"n={int(n)}",
                "showarrow": False,
                "font": {"size": 10, "color": color},
            }
            for year, n in zip(part["year"], part["n"], strict=True)
            if pd.notna(n)
        ]
    fig = _figure(traces)
    _append_layout(fig, "annotations", labels)  # one list, not one validated relayout per label
    _style(fig, y_title="纠错率（被纠错 ÷ 已审结）")
    top = data["rate"].max()
    fig.update_yaxes(
        tickformat=".0%", range=[0, 1.15 * (top or 1)] if pd.notna(top) else None, rangemode="tozero"
    )
    # room under the year ticks for the n rows
    fig.update_layout(margin={"b": 40 + 15 * len(groups)})
    _year_axis(fig, years)
    fig.update_xaxes(title_text=None)
    return add_template_break(fig, years)


def channel_lines(df: pd.DataFrame, *, years: list[int]) -> go.Figure:
    """Channel output over years; solid = statistical table figure, dashed = narrative figure."""
    data = df.copy()
    data["group"] = data["channel"] + "（" + data["origin_label"] + "）"
    channels = list(dict.fromkeys(data["channel"]))
    fig = go.Figure()
    filled = fill_year_gaps(data, years, "group")
    for name, part in filled.groupby("group", sort=False):
        channel = name.split("（")[0]
        narrative = name.endswith("（正文）")
        color = PALETTE[channels.index(channel) % len(PALETTE)] if channel in channels else PALETTE[0]
        fig.add_trace(
            go.Scatter(
                x=part["year"],
                y=part["value"],
                name=name,
                mode="lines+markers",
                connectgaps=False,
                line={
                    "color": color,
                    "width": 2.2,
                    "dash": "dash" if narrative else "solid",
                    "shape": "linear",
                },
                marker={"symbol": "circle-open" if narrative else "circle", "size": 8},
                customdata=part["n_units"].fillna(0).to_numpy(),
                hovertemplate=f"<b>{name}</b><br>%{{x}}年：%{{y:,.0f}} 条<br>%{{customdata:.0f}} 个单位<extra></extra>",
            )
        )
    _style(fig, y_title="发布信息数（条）", height=440)
    count_axes(fig)
    _year_axis(fig, years)
    return add_template_break(fig, years)


def paired_bars(
    df: pd.DataFrame, *, category: str, value_a: str, value_b: str, label_a: str, label_b: str
) -> go.Figure:
    """Two years side by side per category (e.g. joined series of one unit)."""
    fig = go.Figure()
    for col, label, color in ((value_a, label_a, PALETTE[5]), (value_b, label_b, PALETTE[0])):
        fig.add_trace(
            go.Bar(
                y=df[category],
                x=df[col],
                name=label,
                orientation="h",
                marker_color=color,
                hovertemplate=f"<b>%{{y}}</b><br>{label}：%{{x:,.4~g}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    return count_axes(_style(fig, height=max(260, 46 * len(df) + 80)))
