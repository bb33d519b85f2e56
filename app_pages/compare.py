"""对比: league table of a year with sparklines, scatter of two measures, distribution."""

import streamlit as st

from app_lib import charts, page, tables, ui
from app_lib.filters import KIND_LABELS, page_param, set_page_param
from app_lib.queries import common, compare
from app_lib.queries.measures import DEFAULT_MEASURE, measure, metric_measures, series_measures

ctx = page.start("对比", "同一年度各单位并列排名、两个指标的关系与分布；离群单位以红色标出。")
options = series_measures() + metric_measures(common.metrics_with_data(ctx.db)["metric"].tolist())
ids = [m.id for m in options]


def pick(label: str, param: str, default: str, key: str, column) -> str:
    wanted = page_param(param, default)
    if wanted not in ids and key not in st.session_state:
        ui.unknown_link_value(label, wanted, f"“{measure(ids[0]).label}”")
    chosen = column.selectbox(
        label,
        ids,
        index=ids.index(wanted) if wanted in ids else 0,
        key=key,
        format_func=lambda i: ("〔连续序列〕" if i.startswith("series:") else "") + measure(i).label,
    )
    set_page_param(param, chosen)
    return chosen


c1, c2 = st.columns([1, 3])
with c1:
    year = page.year_picker(ctx, key="compare_year", narrow=False)
m = measure(pick("排名指标", "measure", DEFAULT_MEASURE, "compare_measure", c2))

st.subheader("排名", anchor=False)
table = compare.league(ctx.db, ctx.scope, m, year)
if 0 < len(table) < 3:
    st.caption(
        f"{year}年只有 {len(table)} 个单位有此数字；可在左侧“统计口径”选择部门或全部单位，或放宽地区。"
    )
if table.empty:
    ui.empty_state(f"{year}年当前范围内没有单位填报“{m.label}”。")
else:
    first = year - compare.SPARK_YEARS + 1
    st.dataframe(
        tables.display(
            table[["rank", "name", "kind_label", "value", "previous", "yoy", "trend", "n_failed"]],
            percent=("yoy",),
            keep=("rank", "value", "trend", "n_failed"),
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "rank": st.column_config.NumberColumn("名次", width="small"),
            "name": st.column_config.TextColumn("单位", width="medium"),
            "kind_label": st.column_config.TextColumn("类型", width="small"),
            "value": st.column_config.NumberColumn(f"{year}年（{m.unit}）", format="localized"),
            "previous": st.column_config.TextColumn(f"{year - 1}年"),
            "yoy": st.column_config.TextColumn("同比"),
            "trend": st.column_config.LineChartColumn(f"{first}–{year}年走势", width="medium"),
            "n_failed": st.column_config.NumberColumn("未通过校验", help="该年度报告未通过的勾稽校验条数"),
        },
    )
    st.caption("点击列名排序。走势图按已报送的年度连线（缺报年度不计为 0），逐年数字见“单位档案”。")

st.subheader("两个指标的关系", anchor=False)
c1, c2, c3 = st.columns([3, 3, 1], vertical_alignment="bottom")
mx = measure(pick("横轴", "x", "series:applications_received", "compare_x", c1))
my = measure(pick("纵轴", "y", "series:lawsuits", "compare_y", c2))
log = c3.toggle("对数坐标", value=False, key="compare_log")
pairs = compare.pair(ctx.db, ctx.scope, mx, my, year)
if pairs.empty:
    ui.empty_state(f"{year}年没有同时填报“{mx.label}”和“{my.label}”的单位。")
else:
    fig = charts.scatter_outliers(pairs, x="x", y="y", x_title=mx.label, y_title=my.label, log=log)
    page.chart(
        ctx, fig, pairs, title=f"{year}年 {mx.label} 与 {my.label}", key="cmp-scatter", n_reports=len(pairs)
    )
    st.caption("离群：在对数尺度上超出四分位距 3 倍范围（任一指标或两者之比）的单位。")

st.subheader("分布", anchor=False)
if not table.empty:
    dist = compare.distribution(table)
    fig = charts.box_by(dist.data, group_col=dist.group_col, y_title=f"{m.label}（{m.unit}）")
    page.chart(
        ctx,
        fig,
        dist.data.drop(columns=["trend"]),
        title=f"{year}年 {m.label} 按{dist.label}分布",
        key="cmp-box",
    )
    if dist.group_col != "kind_label":
        st.caption(
            f"当前统计口径只含一类单位（{'、'.join(KIND_LABELS.get(k, k) for k in ctx.scope.kinds)}），按区县分组。"
        )
