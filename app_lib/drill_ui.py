"""Drill-down panels: the units behind a clicked chart mark, with links to 单位档案."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_lib import nav
from app_lib.filters import KIND_LABELS
from pipelines.safetext import md

MAX_LINKS = 12


def show_units(what: str, units: pd.DataFrame, *, unit: str = "件", year: int | None = None) -> None:
    """A bordered panel under the chart: what was clicked, how many units it adds up, the
    largest with a link to their profile (at the report of ``year``), and the whole list.

    ``units``: unit_id, name, kind, value (largest first)."""
    zeros = int((units["value"] == 0).sum())
    units = units[units["value"] != 0]
    with st.container(border=True, key="drill-panel"):
        if units.empty:
            st.markdown(
                f":material/ads_click: **所选：{md(what)}** — 没有单位的报告在此项填报非零数字"
                + (f"（{zeros} 个单位填报为 0）。" if zeros else "。")
            )
            return
        total = units["value"].sum()
        st.markdown(
            f":material/ads_click: **所选：{md(what)}** — {len(units)} 个单位，合计 {total:,.0f} {unit}"
            + (f"（另有 {zeros} 个单位填报为 0）" if zeros else "")
        )
        params = {"report": str(year), "tab": "报告原文"} if year is not None else {}
        cols = st.columns(2)
        for i, row in enumerate(units.head(MAX_LINKS).itertuples()):
            cols[i % 2].page_link(
                nav.UNIT_PROFILE.script,
                label=f"{md(row.name)}：{row.value:,.0f} {unit}",
                query_params={"unit": row.unit_id, **params},
                icon=":material/badge:",
            )
        if len(units) > MAX_LINKS:
            st.caption(f"另有 {len(units) - MAX_LINKS} 个单位，见下表。")
        with st.expander("全部单位"):
            st.dataframe(
                units.assign(kind=units["kind"].map(lambda k: KIND_LABELS.get(k, "其他单位")))[
                    ["name", "kind", "value"]
                ],
                hide_index=True,
                width="stretch",
                column_config={
                    "name": "单位",
                    "kind": "类型",
                    "value": st.column_config.NumberColumn(f"数值（{unit}）", format="localized"),
                },
            )
        st.caption("再次点击同一标记或双击图表空白处可取消选择。")


def point_year(point: dict) -> int | None:
    x = point.get("x")
    try:
        return int(x) if x is not None else None
    except (TypeError, ValueError):
        return None


def trace_name(fig, point: dict) -> str | None:
    """The clicked trace's name (the legend entry: an outcome, an applicant type …), as drawn
    (entities of safe_figure turned back)."""
    try:
        name = fig.data[int(point["curve_number"])].name
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return None if name is None else name.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def keys_for(data: pd.DataFrame, label_col: str, label: str | None, fig) -> list[str]:
    """The metric keys behind a legend entry of a chart drawn from ``data`` (metric and
    ``label_col`` columns); 其他 (categories folded together by the chart) stands for every
    key whose label got no trace of its own."""
    from app_lib.charts import OTHER_LABEL

    if label is None:
        return []
    mine = data.loc[data[label_col] == label, "metric"]
    if not mine.empty:
        return sorted(set(mine))
    if label == OTHER_LABEL:
        drawn = {trace_name(fig, {"curve_number": i}) for i in range(len(fig.data))}
        return sorted(set(data.loc[~data[label_col].isin(drawn), "metric"]))
    return []


def pick_metric_mark(ctx, data: pd.DataFrame, label_col: str, *, unit: str = "件"):
    """on_pick for a chart of ``data`` (year, metric, ``label_col``) drawn one trace per label:
    the clicked year and label → the units of the scope stating those keys that year."""
    from app_lib.queries import drill

    def show(points: list[dict], fig) -> None:
        point = points[0]
        year, label = point_year(point), trace_name(fig, point)
        keys = keys_for(data, label_col, label, fig)
        if year is None or not keys:
            return
        units = drill.units_behind(ctx.db, ctx.scope, year, keys, source="metrics")
        show_units(f"{year}年 {label}", units, unit=unit, year=year)

    return show


def pick_from_list(ctx, marks: pd.DataFrame, *, year: int, key: str, param: str, label: str) -> None:
    """A drill-down offered as a select box under a chart whose clicks Streamlit does not
    report (a Sankey: plotly's click on a flow or a node never reaches ``on_select``):
    ``marks`` (label, value, keys — e.g. ``applications.flow_marks``); the chosen one lists
    the units of the scope behind it for ``year``, and stays in the URL as ``?param=``."""
    from app_lib import urlstate
    from app_lib.queries import drill

    if marks.empty:
        return
    options = marks["label"].tolist()
    values = dict(zip(marks["label"], marks["value"], strict=True))
    urlstate.restore(key, param, options, None, label=label)
    chosen = st.selectbox(
        label,
        options,
        index=None,
        key=key,
        placeholder="选择一条流向或一个节点，列出其背后的单位",
        format_func=lambda o: f"{o}（{values.get(o, 0):,.0f} 件）",
    )
    urlstate.mirror(param, chosen, None)
    if chosen is None:
        return
    keys = list(marks.loc[marks["label"] == chosen, "keys"].iloc[0])
    units = drill.units_behind(ctx.db, ctx.scope, year, keys)
    show_units(f"{year}年 {chosen}", units, year=year)


def show_unit_year(unit_id: str, name: str, year: int, status: str) -> None:
    """A clicked cell of the coverage map: the unit's report of that year (or its absence)."""
    with st.container(border=True, key="drill-panel"):
        st.markdown(f":material/ads_click: **所选：{md(name)} · {year}年** — {md(status)}")
        params = {"unit": unit_id}
        if not status.startswith(("未报送", "名单外")):
            params |= {"report": str(year), "tab": "报告原文"}
        st.page_link(
            nav.UNIT_PROFILE.script,
            label=f"打开 {md(name)} 的单位档案" + (f"（{year}年报告原文）" if "report" in params else ""),
            query_params=params,
            icon=":material/badge:",
        )


def peer_filter(ctx, df: pd.DataFrame, *, key: str, param: str, help: str) -> tuple[pd.DataFrame, str | None]:
    """A 同级同类 picker over ``df`` (unit_id, name, kind): the rows of the chosen peer group
    (default: the largest), kept in the URL as ``?param=``."""
    from app_lib import peers, urlstate
    from app_lib.queries import common

    if df.empty:
        return df, None
    places = common.filter_options(ctx.db).units.set_index("unit_id")
    df = df.assign(city=df["unit_id"].map(places["city"]), county=df["unit_id"].map(places["county"]))
    df = df.assign(peer=peers.peer_groups(df))
    groups = peers.ordered(df["peer"].tolist())
    sizes = df["peer"].value_counts().to_dict()
    largest = max(groups, key=lambda g: sizes.get(g, 0))
    urlstate.restore(key, param, groups, largest, label="同级同类")
    chosen = (
        st.segmented_control(
            "同级同类", groups, key=key, format_func=lambda g: f"{g}（{sizes.get(g, 0)}）", help=help
        )
        or largest
    )
    urlstate.mirror(param, chosen, None)
    return df[df["peer"] == chosen].drop(columns=["peer"]), chosen
