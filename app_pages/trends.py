"""趋势: any joined series or metric over years, by unit, region or unit kind."""

import streamlit as st

from app_lib import charts, page, tables, ui
from app_lib.filters import page_param, set_page_param
from app_lib.queries import common, trends
from app_lib.queries.measures import DEFAULT_MEASURE, measure, metric_measures, series_measures

MAX_LINES = 10

ctx = page.start(
    "趋势",
    "连续序列把 2019 年模板变更前后的对应指标拼接起来（如“收到申请数”与“本年新收申请数量”）；"
    "也可选择报告所载的任一单项指标。缺报的年度显示为断点，不按 0 计。",
)

available = common.metrics_with_data(ctx.db)
options = series_measures() + metric_measures(available["metric"].tolist())
ids = [m.id for m in options]
wanted = page_param("measure", DEFAULT_MEASURE)
if wanted not in ids and "trend_measure" not in st.session_state:
    ui.unknown_link_value("指标", wanted, f"“{measure(ids[0]).label}”")
c1, c2, c3 = st.columns([3, 3, 3])
measure_id = c1.selectbox(
    "指标",
    ids,
    index=ids.index(wanted) if wanted in ids else 0,
    format_func=lambda i: ("〔连续序列〕" if i.startswith("series:") else "") + measure(i).label,
    key="trend_measure",
    help="〔连续序列〕跨 2019 年模板变更拼接；其余为报告所载的单项指标（仅在有该项的年度出现）。",
)
set_page_param("measure", measure_id)
m = measure(measure_id)
by = (
    c2.segmented_control(
        "分组",
        list(trends.GROUPINGS),
        default="total",
        format_func=lambda k: trends.GROUPINGS[k][1],
        key="trend_by",
    )
    or "total"
)
agg = (
    c3.segmented_control(
        "汇总方式",
        list(trends.AGGREGATES),
        default="sum",
        format_func=lambda k: trends.AGGREGATES[k][1],
        key="trend_agg",
        help="合计：各单位之和；中位数：各单位数值的中位数；单位平均：各单位的平均值。",
    )
    or "sum"
)
c4, c5, _ = st.columns([2, 2, 3])
mode = (
    c4.segmented_control(
        "数值",
        ["abs", "yoy"],
        default="abs",
        key="trend_mode",
        format_func={"abs": "绝对值", "yoy": "同比变化 %"}.get,
    )
    or "abs"
)
layout = (
    c5.segmented_control(
        "排列",
        ["overlay", "facets"],
        default="overlay",
        key="trend_layout",
        format_func={"overlay": "同一图中", "facets": "分面小图"}.get,
    )
    or "overlay"
)

data = trends.trend(ctx.db, ctx.scope, m, by, agg)
if data.empty:
    ui.empty_state(f"当前范围内没有“{m.label}”的数字。", "该指标可能只存在于部分模板年度，或所选单位未填报。")
    st.stop()

shown = tables.top_groups(data, MAX_LINES) if layout == "overlay" else tables.top_groups(data, 24)
if shown["group"].nunique() < data["group"].nunique():
    st.caption(
        f"共 {data['group'].nunique()} 组，图中显示最新年度数值最大的 {shown['group'].nunique()} 组；可在左侧选择单位。"
    )
value_col = "yoy" if mode == "yoy" else "value"
y_title = "同比变化" if mode == "yoy" else f"{m.label}（{m.unit}）"
if layout == "facets" and shown["group"].nunique() > 1:
    fig = charts.small_multiples(shown, years=ctx.years, value_col=value_col, percent=mode == "yoy")
else:
    fig = charts.trend_lines(
        shown, years=ctx.years, value_col=value_col, y_title=y_title, percent=mode == "yoy"
    )
title = f"{m.label}（{trends.AGGREGATES[agg][1]}{'，同比' if mode == 'yoy' else ''}）"
page.chart(ctx, fig, data, title=title, key="trend-main")
st.caption("虚线为 2019 年模板变更（悬停查看说明）。悬停数据点可查看该值基于多少个单位。")

with st.expander("数据与来源"):
    st.dataframe(
        tables.display(
            data.rename(
                columns={"group": "分组", "year": "年度", "value": "数值", "n_units": "单位数", "yoy": "同比"}
            ),
            percent=("同比",),
            keep=("年度", "单位数"),
        ),
        hide_index=True,
        column_config={
            "年度": st.column_config.NumberColumn(format="%d"),
        },
    )
    st.dataframe(tables.source_summary(trends.source_keys(ctx.db, ctx.scope, m)), hide_index=True)
