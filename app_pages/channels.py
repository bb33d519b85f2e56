"""公开渠道: website, 政务微博, 政务微信 output; table figures and narrative figures apart."""

import streamlit as st

from app_lib import charts, page, ui
from app_lib.formatting import position
from app_lib.queries import channels

ctx = page.start(
    "公开渠道",
    "政府网站、政务微博、政务微信发布信息数。实线为统计表所载（旧版统计表“通过不同渠道和方式公开政府信息的情况”），"
    "虚线为报告正文所述（2019 年起的模板没有渠道行，数字只见于正文）。",
)
output = channels.channel_output(ctx.db, ctx.scope)
if output.empty:
    ui.empty_state("当前范围内没有渠道发布数字。")
    st.stop()

page.chart(
    ctx, charts.channel_lines(output, years=ctx.years), output, title="各渠道发布信息数", key="ch-lines"
)
st.caption(
    "正文数字可能是累计数或约数（如“开通至今”“3000余条”），解析时已排除约数；同一信息多渠道发布分别计数。"
)

st.subheader("统计表与正文的同一数字", anchor=False)
both = channels.table_vs_narrative(ctx.db, ctx.scope)
if both.empty:
    st.caption("没有报告同时在统计表和正文中给出同一渠道的数字。")
else:
    n_both, n_differ = int(both["n_both"].iloc[0]), int(both["n_differ"].iloc[0])
    shown = f"，下表列出前 {len(both)} 处（不一致的在前）" if n_both > len(both) else ""
    st.caption(f"{n_both} 处同时出现，其中 {n_differ} 处不一致{shown}。")
    both = both.assign(
        table_provenance=both["table_provenance"].map(position),
        narrative_provenance=both["narrative_provenance"].map(position),
    )
    st.dataframe(
        both[
            [
                "unit",
                "year",
                "channel",
                "table_value",
                "narrative_value",
                "agrees",
                "table_provenance",
                "narrative_provenance",
            ]
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "unit": "单位",
            "year": st.column_config.NumberColumn("年度", format="%d"),
            "channel": "渠道",
            "table_value": st.column_config.NumberColumn("统计表", format="localized"),
            "narrative_value": st.column_config.NumberColumn("正文", format="localized"),
            "agrees": st.column_config.CheckboxColumn("一致"),
            "table_provenance": "统计表位置",
            "narrative_provenance": "正文位置",
        },
    )
