"""复议诉讼: outcomes over years, correction rate with its base, most corrected units."""

import streamlit as st

from app_lib import charts, page, ui
from app_lib.queries import litigation

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
        page.chart(ctx, fig, part, title=f"{proceeding}结果", key=f"lit-{proceeding}")

rates = litigation.correction_rates(ctx.db, ctx.scope)
if not rates.empty:
    page.chart(ctx, charts.rate_lines(rates, years=ctx.years), rates, title="被纠错率", key="lit-rate")
    st.caption(
        "被纠错率 = 结果纠正 ÷ 已审结（结果维持 + 结果纠正 + 其他结果）；每个点标注其基数 n。基数很小时比率波动大。"
    )

top = litigation.most_corrected_units(ctx.db, ctx.scope)
if top.empty:
    ui.empty_state("所选年度内没有被纠错的复议或诉讼案件。")
else:
    fig = charts.bar_ranking(top, value_col="corrected", x_title="被纠错件数", hover_col="years")
    page.chart(ctx, fig, top, title="被纠错案件最多的单位", key="lit-top")
