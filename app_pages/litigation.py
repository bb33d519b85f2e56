"""复议诉讼: outcomes over years, correction rate with its base, most corrected units."""

import streamlit as st

from app_lib import charts, drill_ui, page, ui
from app_lib.queries import drill, litigation


def pick_outcome(proceeding: str):
    """Clicking a bar (a year's outcome): the units whose reports add it up."""

    def show(points: list[dict], fig) -> None:
        point = points[0]
        year, outcome = drill_ui.point_year(point), drill_ui.trace_name(fig, point)
        keys = [k for k, (p, o) in litigation.OUTCOME_KEYS.items() if p == proceeding and o == outcome]
        if year is None or not keys:
            return
        units = drill.units_behind(ctx.db, ctx.scope, year, keys, source="metrics")
        drill_ui.show_units(f"{year}年 {proceeding} {outcome}", units, year=year)

    return show


def pick_unit(points: list[dict], fig) -> None:
    """Clicking a unit's bar: a link to its profile."""
    data = top.sort_values("corrected", ascending=True).reset_index(drop=True)
    index = points[0].get("point_index")
    if not isinstance(index, int) or not 0 <= index < len(data):
        return
    row = data.iloc[index]
    drill_ui.show_units(
        f"{row['name']}（{row['years']}年）",
        data.iloc[[index]].rename(columns={"corrected": "value"})[["unit_id", "name", "kind", "value"]],
    )


ctx = page.start(
    "复议诉讼",
    "因政府信息公开引起的行政复议、行政诉讼（统计表四；旧版统计表“行政复议数量”“行政诉讼数量”）。"
    "行政诉讼合计未经复议直接起诉与复议后起诉两类。",
)
outcomes = litigation.outcomes_over_years(ctx.db, ctx.scope)
if outcomes.empty:
    ui.empty_state("当前范围内没有复议、诉讼数字。")
    st.stop()

cols = st.columns(2)
for col, proceeding in zip(cols, (litigation.REVIEW, litigation.SUIT), strict=True):
    with col:
        part = outcomes[outcomes["proceeding"] == proceeding]
        if part.empty:
            ui.empty_state(f"没有{proceeding}数字。")
            continue
        fig = charts.stacked_bars(
            part,
            x="year",
            y="value",
            color="outcome",
            years=ctx.years,
            order=list(litigation.OUTCOMES),
            y_title="件",
        )
        page.chart(
            ctx, fig, part, title=f"{proceeding}结果", key=f"lit-{proceeding}", on_pick=pick_outcome(proceeding)
        )

rates = litigation.correction_rates(ctx.db, ctx.scope)
if not rates.empty:
    page.chart(ctx, charts.rate_lines(rates, years=ctx.years), rates, title="被纠错率", key="lit-rate")
    st.caption(
        "被纠错率 = 结果纠正 ÷ 已审结（结果维持 + 结果纠正 + 其他结果）；每个点标注其基数 n。基数很小时比率波动大。"
    )

ranked = litigation.most_corrected_units(ctx.db, ctx.scope, limit=1000)
if ranked.empty:
    ui.empty_state("所选年度内没有被纠错的复议或诉讼案件。")
else:
    st.markdown("**被纠错案件最多的单位**")
    top, peer = drill_ui.peer_filter(
        ctx,
        ranked,
        key="lit_peer",
        param="top_peer",
        help="只在同一级别、同一类型的单位之间排名（括号内为有被纠错案件的单位数）。",
    )
    top = top.head(15)
    fig = charts.bar_ranking(top, value_col="corrected", x_title="被纠错件数", hover_col="years")
    page.chart(
        ctx, fig, top, title=f"被纠错案件最多的单位（{peer}）", key="lit-top", on_pick=pick_unit
    )
st.caption("点击柱条可列出其背后的单位及其单位档案链接。")
