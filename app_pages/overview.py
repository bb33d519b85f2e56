"""总览: who reported, the year's headline figures, and the coverage heat map."""

import streamlit as st

from app_lib import charts, drill_ui, page, ui
from app_lib.formatting import metric_delta, number
from app_lib.queries import applications, drill, overview
from app_lib.queries import registry as registry_queries
from app_lib.queries.measures import measure
from pipelines import catalog

ctx = page.start(
    "总览", "所选范围与年度的报送情况与主要数字。数字为各单位年度报告所载之和，口径见左侧“统计口径”。"
)
year = page.year_picker(ctx, key="overview_year")

registry = registry_queries.current_or_error()
if isinstance(registry, str) or registry is None:
    reporting = overview.reporting(ctx.db, ctx.scope, year).iloc[0].to_dict()
    reporting_help = (
        "尚未建立应报单位名单（数据质量 → 收录情况）：应报单位按当前范围内数据库已知的全部单位计；"
        "报送单位：该年度有年度报告的单位。"
    )
else:
    reporting = registry_queries.reporting(ctx.db, ctx.scope, year, registry)
    reporting_help = (
        "应报单位：应报单位名单中当前范围内该年度应当报送的单位；报送单位：其中该年度有年度报告的单位。"
        "名单外单位的报告不计入。"
    )
headline = overview.headline(ctx.db, ctx.scope, year)
value = {(r.series, r.year): r.value for r in headline.itertuples()}

cols = st.columns(4)
expected = int(reporting["expected"])
cols[0].metric(
    "报送单位 / 应报单位",
    f"{int(reporting['reporting'])} / {expected}"
    + (f"（{int(reporting['reporting']) / expected:.0%}）" if expected else ""),
    **metric_delta(reporting["reporting"], reporting["reporting_last"], absolute=True),
    help=reporting_help,
)
for col, key in zip(cols[1:], ("applications_received", "reviews", "lawsuits"), strict=True):
    m = measure(f"series:{key}")
    col.metric(
        m.label,
        number(value.get((key, year))),
        **metric_delta(value.get((key, year)), value.get((key, year - 1))),
    )

cols = st.columns(4)
for col, key, base in (
    (cols[0], "reviews_corrected", "reviews"),
    (cols[1], "lawsuits_corrected", "lawsuits"),
):
    m = measure(f"series:{key}")
    corrected, total = value.get((key, year)), value.get((base, year))
    col.metric(m.label, number(corrected), help=f"{measure('series:' + base).label}：{number(total)}")
for col, key in zip(cols[2:], ("microblog_posts", "wechat_posts"), strict=True):
    m = measure(f"series:{key}")
    col.metric(
        m.label,
        number(value.get((key, year))),
        **metric_delta(value.get((key, year)), value.get((key, year - 1))),
    )

mix = applications.outcome_mix(ctx.db, ctx.scope, year)
if mix.empty or mix["value"].sum() == 0:
    ui.empty_state(f"{year}年没有可用的办理结果数字。")
else:
    fig = charts.bar_ranking(mix.rename(columns={"label": "name"}), value_col="value", x_title="件")
    group_keys = {applications.group_label(seg): f"apply_group.{seg}" for seg, _ in applications.STD_GROUPS}
    group_keys |= {catalog.label(k): k for k in applications.LEGACY_OUTCOMES}

    def pick_outcome(points: list[dict], fig) -> None:
        label = str(points[0].get("y", "")).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        if label in group_keys:
            units = drill.units_behind(ctx.db, ctx.scope, year, [group_keys[label]])
            drill_ui.show_units(f"{year}年 {label}", units, year=year)

    page.chart(ctx, fig, mix, title=f"{year}年依申请公开办理结果", key="ov-mix", on_pick=pick_outcome)
cov, n_units = overview.coverage_matrix(ctx.db, ctx.scope)
if cov.empty:
    ui.empty_state("当前范围内没有单位。")
else:
    links = {u: page.unit_link(ctx.scope, u) for u in cov["unit_id"].unique()}
    outside = (
        frozenset(cov["unit_id"]) - registry.unit_ids
        if registry is not None and not isinstance(registry, str)
        else frozenset()
    )
    fig = charts.coverage_heatmap(cov, years=ctx.years, unit_links=links, outside=outside)
    rows = charts.heatmap_rows(cov, outside)

    def pick_cell(points: list[dict], fig) -> None:
        point = points[0]
        cell_year, index = drill_ui.point_year(point), point.get("y")
        if cell_year is None or not isinstance(index, int) or not 0 <= index < len(rows):
            return
        unit_id, name = rows.loc[index, "unit_id"], rows.loc[index, "name"]
        found = cov[(cov["unit_id"] == unit_id) & (cov["year"] == cell_year)]
        status = found["status"].iloc[0] if not found.empty else None
        if not isinstance(status, str):
            status = "名单外单位，未报送" if unit_id in outside else "未报送"
        drill_ui.show_unit_year(unit_id, name, cell_year, status)

    page.chart(
        ctx,
        fig,
        cov.drop(columns=["detail"]),
        title="报送与校验情况（单位 × 年度）",
        key="ov-coverage",
        on_pick=pick_cell,
    )
    if n_units > cov["unit_id"].nunique():
        st.caption(
            f"范围内共 {n_units} 个单位，图中显示最需关注的 {cov['unit_id'].nunique()} 个（校验未通过、缺报较多）；可在左侧缩小范围。"
        )
    if outside:
        st.caption(
            f"〔名单外〕：{len(outside)} 个单位不在应报单位名单中，另列于图的底部；其未报送的年度为白色，不计为缺报。"
        )
    st.caption(
        "点击单位名称打开其单位档案，点击格子查看该单位该年度的报告。"
        "灰色为未报送，红色为有未通过的勾稽校验，黄色为仅有警告。点击办理结果的柱条列出其背后的单位。"
    )
