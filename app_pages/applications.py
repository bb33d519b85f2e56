"""依申请公开: received → outcomes flow, applicant mix, reasons, backlog."""

import streamlit as st

from app_lib import charts, drill_ui, page, ui, urlstate
from app_lib.queries import applications

ctx = page.start(
    "依申请公开",
    "收到和处理政府信息公开申请情况（统计表三）。2018 年及以前为旧版统计表，其行目与现行模板不同，单独标注“旧版”。",
)
year = page.year_picker(ctx, key="applications_year")

flows = applications.outcome_flows(ctx.db, ctx.scope, year, with_keys=True)
if flows.empty or flows["value"].sum() == 0:
    ui.empty_state(f"{year}年当前范围内没有办理情况数字。")
else:
    shown = flows.drop(columns="key")
    page.chart(ctx, charts.sankey(shown), shown, title=f"{year}年 申请受理与办理结果", key="app-sankey")
    # Streamlit reports no click on a Sankey's flow or node (its selection stays empty): the
    # same drill-down as the other charts, offered as a list of the drawn flows and nodes
    drill_ui.pick_from_list(
        ctx,
        applications.flow_marks(flows),
        year=year,
        key="app_sankey_flow",
        param="flow",
        label="查看流向背后的单位",
    )

left, right = st.columns(2)
with left:
    mix = applications.applicant_mix(ctx.db, ctx.scope)
    if mix.empty:
        ui.empty_state("没有按申请人类型的数字（仅 2019 年起的统计表有此项）。")
    else:
        urlstate.restore("app_mix_share", "share", [True, False], True, label="显示占比")
        share = st.toggle("显示占比", key="app_mix_share")
        urlstate.mirror("share", share, True)
        fig = charts.stacked_bars(
            mix,
            x="year",
            y="value",
            color="applicant",
            order=applications.applicant_order(),
            years=ctx.years,
            share=share,
            y_title="占比" if share else "件",
        )
        page.chart(
            ctx,
            fig,
            mix,
            title="本年新收申请 按申请人类型",
            key="app-applicants",
            on_pick=drill_ui.pick_metric_mark(ctx, mix, "applicant"),
        )
with right:
    backlog = applications.backlog(ctx.db, ctx.scope)
    if backlog.empty:
        ui.empty_state("没有结转数字（仅 2019 年起的统计表有此项）。")
    else:
        fig = charts.trend_lines(
            backlog.rename(columns={"which": "group"}), years=ctx.years, y_title="件", hover_extra="n_reports"
        )
        page.chart(
            ctx,
            fig,
            backlog,
            title="结转办理的申请（积压）",
            key="app-backlog",
            on_pick=drill_ui.pick_metric_mark(ctx, backlog, "which"),
        )

reasons = applications.reasons_over_years(ctx.db, ctx.scope)
if reasons.empty:
    ui.empty_state("没有不予公开或无法提供的理由数字。")
else:
    fig = charts.stacked_bars(
        reasons,
        x="year",
        y="value",
        color="reason",
        years=ctx.years,
        order=applications.reason_order(),
        palette=charts.WIDE_PALETTE,
        y_title="件",
    )
    fig.update_layout(height=560, legend={"orientation": "v", "y": 1, "x": 1.02, "yanchor": "top"})
    page.chart(
        ctx,
        fig,
        reasons,
        title="不予公开与无法提供的理由",
        key="app-reasons",
        on_pick=drill_ui.pick_metric_mark(ctx, reasons, "reason"),
    )
    st.caption(
        "2019 年起为统计表三（三）不予公开 1–8 项与（四）无法提供 1–3 项；旧版统计表的“不同意公开答复数”分项另列并注“旧版”。"
        "点击图中的柱条或数据点，列出其背后的单位。"
    )
