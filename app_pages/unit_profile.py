"""单位档案: one unit — every year side by side with YoY, failed checks, two-year
comparison (figures and the reports' text, app_lib/textdiff.py), and the report viewer with
every extracted figure highlighted."""

from pathlib import Path

import streamlit as st

from app_lib import charts, formatting, page, tables, textdiff, ui, urlstate
from app_lib.corrections_ui import correction_panel
from app_lib.db import ocr_page_crop, report_lines
from app_lib.filters import KIND_LABELS, page_param, set_page_param
from app_lib.queries import common
from app_lib.queries import unit_profile as q
from app_lib.report_source import original_file
from app_lib.viewer import ocr_review_rows, report_html
from pipelines.catalog import FAMILY_LABELS, rule_name
from pipelines.safetext import md

ctx = page.start("单位档案", "一个单位历年的数字、同比变化、未通过的校验与报告原文。")

wanted_unit = page_param("unit")
picker = q.unit_picker(ctx.db, ctx.scope, wanted_unit)
if wanted_unit and wanted_unit not in picker.names and "profile_unit" not in st.session_state:
    # An old or mistyped link: name it, never open another unit as if it were the one asked for.
    ui.unknown_link_value("单位", wanted_unit, None if picker.empty else f"“{picker.names[picker.default]}”")
if picker.empty:
    ui.empty_state("当前范围内没有单位。")
    st.stop()
find_col, pick_col = st.columns([1, 2])
query = find_col.text_input(
    "查找单位",
    key="profile_find",
    placeholder="现名或曾用名，繁简体均可",
    help="按单位现名或报告中出现过的任一名称（曾用名、繁体、带省名或空格的写法）查找。",
)
ids = common.find_units(ctx.db, query, picker.ids) if query else picker.ids
if not ids:
    find_col.caption(f"没有名称含“{query}”的单位。")
    ids = picker.ids
current = st.session_state.get("profile_unit", picker.default)
unit_id = pick_col.selectbox(
    "单位",
    ids,
    index=ids.index(current) if current in ids else 0,
    format_func=picker.names.get,
    key="profile_unit",
)
set_page_param("unit", unit_id)

info = q.unit_info(ctx.db, unit_id).iloc[0]
reports = q.unit_reports(ctx.db, unit_id)
region = "".join(p for p in (info.province, info.city, info.county) if isinstance(p, str))
st.markdown(
    f"**{md(info['name'])}** · {KIND_LABELS.get(info.kind, '其他单位')} · {md(region) or '地区未知'} · "
    f"{len(reports)} 份报告（{'、'.join(str(y) for y in reports['year'])}年）"
)
if isinstance(info.other_names, str) and info.other_names:
    st.caption(f"报告中出现过的其他名称：{md(info.other_names)}")
ui.demo_banner(bool(reports["is_demo"].any()) and not ctx.summary.is_demo)
if reports.empty:
    ui.empty_state("该单位还没有已导入的报告。")
    st.stop()

unit_scope = f"{info['name']}"
values = q.unit_values(ctx.db, unit_id)
series = q.unit_series(ctx.db, unit_id)
years = list(range(int(reports["year"].min()), int(reports["year"].max()) + 1))

TABS = ["历年数字", "未通过的校验", "两年对比", "报告原文"]
have = sorted(int(y) for y in reports["year"])
checks = q.unit_checks(ctx.db, unit_id)

def _years_tab() -> None:
    if series.empty:
        ui.empty_state("该单位的报告中没有连续序列的数字。")
    else:
        fig = charts.small_multiples(series.rename(columns={"label": "group"}), years=years, cols=3)
        page.chart(
            ctx,
            fig,
            series,
            title=f"{info['name']} 主要指标历年变化",
            key="up-series",
            n_reports=len(reports),
            scope_text=unit_scope,
        )
    urlstate.restore("profile_yoy", "yoy", [False, True], False, label="显示同比变化")
    show_yoy = st.toggle("显示同比变化", key="profile_yoy")
    urlstate.mirror("yoy", show_yoy, False)
    if show_yoy:
        change = tables.yoy(tables.years_side_by_side(tables.not_applicable_as_missing(values)))
        shown = tables.display(change, percent=tuple(change.columns))
    else:
        shown = tables.years_side_by_side_printed(values)
    st.dataframe(shown, width="stretch", height=min(600, 38 + 35 * len(shown)))
    st.caption("“—”表示该年度报告没有这一项（模板不同或未填报），不是 0；“/”等为报告原样所印（不适用）。")

def _checks_tab() -> None:
    if checks.empty:
        st.success("该单位所有报告均通过勾稽校验。")
    else:
        st.dataframe(
            checks[["year", "severity_label", "rule", "description", "detail"]].assign(
                rule=checks["rule"].map(rule_name)
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "year": st.column_config.NumberColumn("年度", format="%d"),
                "severity_label": "级别",
                "rule": "规则",
                "description": "说明",
                "detail": "不一致的数字",
            },
        )

def _two_years_tab() -> None:
    c1, c2 = st.columns(2)
    urlstate.restore("profile_a", "a", have, have[max(0, len(have) - 2)], label="年度一", shown=lambda y: f"{y}年")
    urlstate.restore("profile_b", "b", have, have[-1], label="年度二", shown=lambda y: f"{y}年")
    year_a = c1.selectbox("年度一", have, key="profile_a", format_func=lambda y: f"{y}年")
    year_b = c2.selectbox("年度二", have, key="profile_b", format_func=lambda y: f"{y}年")
    urlstate.mirror("a", year_a, have[max(0, len(have) - 2)])
    urlstate.mirror("b", year_b, have[-1])
    pair_series = tables.two_years(series, year_a, year_b, key_col="series").reset_index()
    if not pair_series.empty:
        fig = charts.paired_bars(
            pair_series,
            category="指标",
            value_a=f"{year_a}年",
            value_b=f"{year_b}年",
            label_a=f"{year_a}年",
            label_b=f"{year_b}年",
        )
        page.chart(
            ctx,
            fig,
            pair_series,
            title=f"{info['name']} {year_a}年与{year_b}年对比",
            key="up-two",
            n_reports=2,
            scope_text=unit_scope,
        )
    if reports.set_index("year").loc[[year_a, year_b], "template"].nunique() > 1:
        st.caption("两个年度使用不同模板，单项指标可能无法逐项对应；上图为跨模板拼接的连续序列。")
    st.dataframe(tables.two_years_printed(values, year_a, year_b), width="stretch")
    _text_diff(year_a, year_b)


def _prose(year: int) -> list[str] | None:
    """The prose of the unit's report of ``year`` (None, said on the page, when no text is stored)."""
    report = reports[reports["year"] == year].iloc[0]
    lines, problem = report_lines(report.sha256, report.source_path)
    if problem or not lines:
        st.info(f"{year}年报告没有可对比的原文：{md(problem) if problem else '原文为空。'}")
        return None
    return textdiff.report_prose(lines)


def _text_diff(year_a: int, year_b: int) -> None:
    st.subheader("报告文字对比", divider="gray")
    if year_a == year_b:
        st.caption("请选择两个不同的年度以对比报告文字。")
        return
    prose_a, prose_b = _prose(year_a), _prose(year_b)
    if prose_a is None or prose_b is None:
        return
    diff = textdiff.compare(prose_a, prose_b)
    st.caption(
        f"按段落（长段按句）对比{year_a}年与{year_b}年报告的文字部分（表格行未纳入）：{diff.summary}。"
        f"改动的段落中，变化的文字用〖〗标出。"
    )
    show_same = st.toggle("显示相同的段落", key="profile_diff_same", help="关闭时，连续相同的段落折叠为一行。")
    label_a, label_b = f"{year_a}年", f"{year_b}年"
    shown = textdiff.table(diff, label_a, label_b, collapse=not show_same)
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=min(700, 38 + 35 * len(shown)),
        column_config={
            "变化": st.column_config.TextColumn("变化", width="small"),
            label_a: st.column_config.TextColumn(label_a, width="large"),
            label_b: st.column_config.TextColumn(label_b, width="large"),
        },
    )
    st.download_button(
        "下载文字对比（DOCX）",
        data=lambda: textdiff.docx_bytes(diff, str(info["name"]), year_a, year_b, collapse=not show_same),
        file_name=f"文字对比_{info['name']}_{year_a}-{year_b}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="up-textdiff-docx",
        on_click="ignore",
        icon=":material/download:",
    )

def _viewer_tab() -> None:
    urlstate.restore("profile_report", "report", have, have[-1], label="报告年度", shown=lambda y: f"{y}年")
    year = st.selectbox("报告年度", have, key="profile_report", format_func=lambda y: f"{y}年")
    urlstate.mirror("report", year, have[-1])
    report = reports[reports["year"] == year].iloc[0]
    st.caption(
        f"{md(report.unit_name or info['name'])} · {FAMILY_LABELS.get(report.template, report.template)} · "
        f"{md(Path(report.source_path).name)} · 发布日期 {formatting.day(report.published_on)}"
    )
    original = original_file(ctx.db, report.sha256, report.source_path)
    if original is not None:
        st.download_button(
            "下载原始文件",
            data=original.content,
            file_name=original.name,
            mime=original.mime,
            key=f"up-original-{report.report_id}",
            on_click="ignore",
            icon=":material/download:",
            help="报告导入时的原始文件，与数据库中保存的字节完全相同（SHA-256 "
            + report.sha256[:12]
            + "…）。",
        )
    lines, problem = report_lines(report.sha256, report.source_path)
    if problem:
        ui.problem(problem)
    else:
        figures = q.report_figures(ctx.db, report.report_id)
        doc, unplaced = report_html(lines, figures)
        st.caption(f"共 {len(figures)} 个数字，黄色标出；上标编号链接到右侧指标，右侧“位置”链接回原文。")
        if unplaced:
            st.caption(f"{unplaced} 个数字未能在原文中定位（见右侧列表）。")
        st.html(doc)
        review = ocr_review_rows(figures, checks[checks["report_id"] == report.report_id])
        if review is not None:
            flagged = review[review["flagged"]]
            with st.expander(
                f"扫描件经 OCR 识别的数字 {len(review)} 个，其中待核对 {len(flagged)} 个",
                expanded=not flagged.empty,
            ):
                st.caption(
                    "这些数字由文字识别（OCR）从扫描页读出。识别置信度低、或所在行未通过勾稽校验的数字列在下面，"
                    "旁边是原件中读出它的位置（红框）；如有误，请在下方“人工更正”中更正。"
                )
                show_all = st.toggle("显示全部 OCR 数字", key=f"up-ocr-all-{report.report_id}")
                shown = review if show_all else flagged
                for row in shown.head(40).itertuples():
                    left, right = st.columns([1, 3])
                    left.text(f"{row.label}\n{row.shown}\n{row.where}\n置信度 {row.confidence_text}")
                    if row.reason:
                        left.caption(row.reason)
                    picture = ocr_page_crop(report.sha256, report.source_path, row.page, row.box)
                    if picture is None:
                        right.caption("无法显示原件的这一部分。")
                    else:
                        right.image(picture, width="stretch")
                if len(shown) > 40:
                    st.caption(f"仅显示前 40 个，共 {len(shown)} 个。")
        correction_panel(report, figures)


urlstate.tab_param("tab", TABS)  # an unknown ?tab= is said; Streamlit keeps the tab in the URL
# Lazy tabs (issue 13: page speed): only the chosen tab runs and reaches the browser; its
# controls come back from the URL when it is chosen again (urlstate.restore).
tabs = st.tabs(TABS, key="tab", bind="query-params", on_change="rerun")
for tab, body in zip(tabs, (_years_tab, _checks_tab, _two_years_tab, _viewer_tab), strict=True):
    if tab.open is not False:  # None: Streamlit does not track the tab, every body is drawn
        with tab:
            body()
