"""数据质量: failed cross-checks, coverage, late publication, anomalies, rejected files and
extraction doubts — and the officers' review of each finding (已核实 / 已排除), exportable
as a list to send to the units. Logic lives in pipelines.quality; queries in
app_lib.queries.quality; this file only lays out the page."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from app_lib.auth import current_actor, signed_in_identity
from app_lib.db import get_db_path
from app_lib.filters import Scope, current_scope, units_in_region
from app_lib.formatting import cell, position, printed_mark
from app_lib.queries import quality as q
from app_lib.report_source import load_lines
from app_lib.snapshot import chart_downloads, safe_figure
from app_lib.tables import display
from app_lib.ui import demo_banner, empty_state, page_header, problem
from app_lib.unplaced_ui import placed_message, render_unplaced
from app_lib.viewer import locate
from pipelines import catalog
from pipelines import quality as qual
from pipelines.errors import GovReportsError
from pipelines.safetext import md

UNIT_PROFILE_PAGE = "app_pages/unit_profile.py"
ORIGIN_LABELS = {"table": "统计表", "text": "正文"}
STATUS_FILTERS = (qual.STATUS_OPEN, qual.STATUS_CONFIRMED, qual.STATUS_DISMISSED)
TABLE_COLUMNS = {
    "kind_label": "类别",
    "severity_label": "程度",
    "unit_name": "单位",
    "year": "年度",
    "rule_label": "规则/指标",
    "description": "说明",
    "detail": "具体情况",
    "status": "核实状态",
    "note": "核实意见",
    "reviewer": "核实人",
    "finding_id": "问题编号",
}


def main() -> None:
    page_header(
        "数据质量",
        "勾稽关系不符、年度报告缺失、逾期公布、数据异常、未能导入的文件和提取存疑之处；逐条核实并导出清单发给有关单位。",
    )
    try:
        scope = q.scope_info()
    except GovReportsError as exc:
        empty_state(
            "还没有可用的数据库。", f"请先在“导入”页上传年度报告，或运行 `govreports demo`。（{exc}）"
        )
        return
    demo_banner(scope["is_demo"])
    settings = _threshold_settings()
    found = _in_scope(q.findings(**settings), current_scope())
    _summary_metrics(found)
    tabs = st.tabs(["勾稽关系", "收录情况", "逾期公布", "数据异常", "未能导入与提取存疑", "待归属", "核实与导出"])
    with tabs[0]:
        _checks_tab(found, scope)
    with tabs[1]:
        _coverage_tab(scope, settings["through_latest"])
    with tabs[2]:
        _simple_kind_tab(found, "late", "没有逾期公布的年度报告（仅统计公布日期已知的报告）。", "late")
    with tabs[3]:
        _anomaly_tab(found, settings, scope)
    with tabs[4]:
        _rejected_and_doubts_tab(found)
    with tabs[5]:
        placed_message()
        render_unplaced("quality")
    with tabs[6]:
        _review_tab(found)


# ---------------------------------------------------------------------------
# Settings and overview


def _in_scope(found: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The sidebar's region, units and years narrow the list; 统计口径 does not (every unit
    must publish), and a file that could not be read has no unit or year: always listed."""
    region = units_in_region(scope)
    if region is not None:
        found = found[found["unit_id"].isna() | found["unit_id"].isin(region)]
    if scope.units:
        found = found[found["unit_id"].isna() | found["unit_id"].isin(scope.units)]
    if scope.years:
        lo, hi = scope.years
        found = found[found["year"].isna() | found["year"].between(lo, hi)]
    return found.reset_index(drop=True)


def _threshold_settings() -> dict:
    with st.expander("数据异常提示的阈值", icon=":material/tune:"):
        cols = st.columns(4)
        values = {}
        for col, setting in zip(cols, qual.ANOMALY_SETTINGS, strict=False):
            values[setting.name] = col.number_input(
                setting.label,
                min_value=1.0 if setting is qual.JUMP_FACTOR else 0.0,
                value=float(setting.default),
                step=1.0,
                help=setting.help,
                key=f"q-setting-{setting.name}",
            )
        values["through_latest"] = cols[3].checkbox(
            "缺失年度计算到库中最新年度",
            value=True,
            help="勾选时，某单位最后一份报告之后、到数据库中最新年度为止的年份也列为“年度报告缺失”；"
            "不勾选时只列出该单位已有报告年份之间的空缺。",
            key="q-setting-through-latest",
        )
    return values


def _summary_metrics(found: pd.DataFrame) -> None:
    cols = st.columns(len(qual.KIND_LABELS) + 1)
    for col, (kind, label) in zip(cols, qual.KIND_LABELS.items(), strict=False):
        col.metric(label, int((found["kind"] == kind).sum()))
    cols[-1].metric("待核实", int((found["status"] == qual.STATUS_OPEN).sum()))


def _labelled(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["kind_label"] = out["kind"].map(qual.KIND_LABELS)
    out["severity_label"] = out["severity"].map(qual.SEVERITY_LABELS)
    out["rule_label"] = [
        _rule_label(k, r, m) for k, r, m in zip(out["kind"], out["rule"], out["metric"], strict=True)
    ]
    return out


def _rule_label(kind: str, rule: str, metric: str) -> str:
    """The rule's Chinese name for a failed check, the figure's label for an anomaly."""
    return qual.rule_label(kind, rule, metric)


def _table(df: pd.DataFrame, key: str, *, select: bool = True, height: int | str = "auto"):
    """A findings table; returns the selected row (a Series) or None."""
    shown = _labelled(df)
    cols = [c for c in TABLE_COLUMNS if c in shown]
    event = st.dataframe(
        display(shown[cols], plain=("year",)),
        hide_index=True,
        column_config={k: v for k, v in TABLE_COLUMNS.items() if k in cols},
        on_select="rerun" if select else "ignore",
        selection_mode="single-row",
        key=key,
        height=height,
    )
    if select and event is not None and event.selection.rows:
        return df.iloc[event.selection.rows[0]]
    return None


# ---------------------------------------------------------------------------
# 勾稽关系


def _checks_tab(found: pd.DataFrame, scope: dict) -> None:
    checks = found[found["kind"] == "check"]
    if checks.empty:
        empty_state("没有勾稽关系不符的报告。")
        return
    by_rule = (
        checks.groupby(["rule", "severity"]).size().reset_index(name="n").sort_values("n", ascending=True)
    )
    by_rule["说明"] = by_rule["rule"].map(catalog.rule_description)
    by_rule["rule"] = by_rule["rule"].map(catalog.rule_name)
    by_rule["severity"] = by_rule["severity"].map(qual.SEVERITY_LABELS).fillna(by_rule["severity"])
    fig = px.bar(
        by_rule,
        x="n",
        y="rule",
        color="severity",
        orientation="h",
        hover_data={"说明": True},
        labels={"n": "不符数", "rule": "规则", "severity": "程度"},
        color_discrete_map={"错误": "#c0392b", "提示": "#e67e22"},
    )
    fig.update_layout(height=140 + 28 * len(by_rule), margin={"l": 10, "r": 10, "t": 30, "b": 10})
    fig.update_xaxes(tickformat="d", rangemode="tozero", dtick=max(1, -(-int(by_rule["n"].max()) // 8)))
    st.plotly_chart(safe_figure(fig), key="q-checks-by-rule")
    chart_downloads(
        fig,
        by_rule.rename(columns={"rule": "规则", "severity": "程度", "n": "不符数"}),
        title="各勾稽规则不符数",
        scope="全部已收录报告",
        n_reports=scope["n_reports"],
        is_demo=scope["is_demo"],
        key="q-checks-by-rule",
    )
    with st.expander("规则说明（勾稽关系）"):
        st.dataframe(
            pd.DataFrame(
                [
                    (catalog.rule_name(r), catalog.RULES[r][1], qual.SEVERITY_LABELS[catalog.RULES[r][0]], r)
                    for r in catalog.RULES
                ],
                columns=["规则", "成立条件", "程度", "规则键（SQL 中 check_results.rule）"],
            ),
            hide_index=True,
        )
    filtered = _filter_row(checks, "q-checks")
    st.caption("点选一行，查看不一致的数字及其在原文中的位置。")
    row = _table(filtered, "q-checks-table")
    if row is not None:
        _check_detail(row)
        _decision_form(row, "q-checks-decide")


def _filter_row(df: pd.DataFrame, key: str) -> pd.DataFrame:
    cols = st.columns(3)
    rules = sorted(df["rule"].dropna().unique())
    units = sorted(df["unit_name"].dropna().unique())
    years = sorted(int(y) for y in df["year"].dropna().unique())
    rule = cols[0].multiselect(
        "规则",
        rules,
        format_func=lambda r: f"{catalog.rule_name(r)}（{catalog.rule_description(r) or r}）",
        key=f"{key}-rule",
        placeholder="全部规则",
    )
    unit = cols[1].multiselect("单位", units, key=f"{key}-unit", placeholder="全部单位")
    year = cols[2].multiselect("年度", years, key=f"{key}-year", placeholder="全部年度")
    if rule:
        df = df[df["rule"].isin(rule)]
    if unit:
        df = df[df["unit_name"].isin(unit)]
    if year:
        df = df[df["year"].isin(year)]
    return df.reset_index(drop=True)


def _check_detail(row: pd.Series) -> None:
    info = q.report_info(row["report_id"]) if row["report_id"] else {}
    st.subheader(f"{md(catalog.rule_name(row['rule']))}：{md(row['description'])}", anchor=False)
    st.markdown(f"**{md(row['unit_name'])}** · {row['year']}年度 · 报告 {md(row['report_id'])}")
    if info:
        st.caption(
            f"来源文件：{md(_file_name(info.get('source_path')))}（{catalog.FAMILY_LABELS.get(info.get('template'), '')}）"
        )
    box = st.error if row["severity"] == "error" else st.warning
    box(row["detail"] or "（无详细说明）", icon=":material/balance:")
    values = q.check_values(row["report_id"], list(row["metrics"] or []))
    if values.empty:
        st.info("这条规则涉及的数字在数据库中没有逐项记录。")
        return
    st.markdown("**参与比较的数字（按原文）**")
    st.dataframe(_with_source_lines(values, info), hide_index=True)
    if info.get("unit_id"):
        _unit_link(info["unit_id"], info.get("unit_name") or row["unit_name"])


def _with_source_lines(values: pd.DataFrame, info: dict) -> pd.DataFrame:
    """The figures side by side, each with the whole line (or table row) it was read from."""
    out = values.copy()
    lines, _why = load_lines(info["sha256"], info["source_path"]) if info.get("sha256") else ([], None)
    if lines:
        placed = [locate(p, lines) for p in out["provenance"]]
        out["source_line"] = [_line_in_context(lines, p.line) for p in placed]
    if "provenance" in out:
        out["provenance"] = out["provenance"].map(position)
    if "origin" in out:
        out["origin"] = out["origin"].map(ORIGIN_LABELS).fillna(out["origin"])
    if "value" in out:
        raw = out["raw_text"] if "raw_text" in out else pd.Series(None, index=out.index)
        out["value"] = [printed_mark(r) or cell(v) for r, v in zip(raw, out["value"], strict=True)]
    columns = {
        "label": "指标",
        "value": "数值",
        "raw_text": "原文数字",
        "provenance": "位置",
        "source_line": "原文所在行",
        "origin": "出处",
    }
    return out[[c for c in columns if c in out]].rename(columns=columns).fillna("—")


def _line_in_context(lines: list, index: int | None) -> str:
    """The source line; a text dump with one cell per line gets the lines before it, so
    a bare '0' shows with its row label."""
    if index is None:
        return ""
    text = lines[index].text.strip()
    start, added = index, 0
    while len(text) < 16 and start > 0 and added < 3 and index - start < 8:
        start -= 1
        before = lines[start].text.strip()
        if before:
            text, added = f"{before} ┆ {text}", added + 1
    return text


def _unit_link(unit_id: str, name: str) -> None:
    try:
        st.page_link(UNIT_PROFILE_PAGE, label=f"打开单位概况：{md(name)}", query_params={"unit": unit_id})
    except Exception:  # noqa: BLE001 - page not registered (e.g. page run on its own): no link
        st.caption(f"单位编号：{md(unit_id)}")


# ---------------------------------------------------------------------------
# 收录情况


def _coverage_tab(scope: dict, through_latest: bool) -> None:
    cov = q.coverage(through_latest=through_latest)
    if cov.empty:
        empty_state("数据库中还没有年度报告。")
        return
    counts = cov.groupby("status_label").size()
    cols = st.columns(len(qual.COVERAGE_LABELS))
    for col, label in zip(cols, qual.COVERAGE_LABELS.values(), strict=True):
        col.metric(label, int(counts.get(label, 0)))
    colour = {"已收录": "#2e86c1", "勾稽不符": "#e67e22", "缺失": "#c0392b", "未能导入": "#7d3c98"}
    fig = px.scatter(
        cov,
        x="year",
        y="unit_name",
        color="status_label",
        symbol="status_label",
        color_discrete_map=colour,
        labels={"year": "年度", "unit_name": "单位", "status_label": "状态"},
        hover_data={"failed_checks": True},
    )
    fig.update_traces(marker={"size": 12})
    fig.update_layout(
        height=min(2400, 160 + 22 * cov["unit_name"].nunique()), xaxis={"dtick": 1}, margin={"t": 30}
    )
    st.plotly_chart(safe_figure(fig), key="q-coverage-chart")
    chart_downloads(
        fig,
        cov.rename(
            columns={
                "unit_name": "单位",
                "year": "年度",
                "status_label": "状态",
                "failed_checks": "勾稽不符数",
            }
        )[["单位", "年度", "状态", "勾稽不符数"]],
        title="年度报告收录情况（单位×年度）",
        scope="全部单位",
        n_reports=scope["n_reports"],
        is_demo=scope["is_demo"],
        key="q-coverage",
    )
    with st.expander("单位×年度表"):
        st.dataframe(qual.coverage_grid(cov))
    missing = cov[cov["status"].isin(["missing", "rejected"])]
    st.markdown(f"**需要跟进的单位年度：{len(missing)} 个**（缺失或文件未能导入）")
    if missing.empty:
        st.success("所有单位在其年度范围内都有年度报告。")
    else:
        st.dataframe(
            missing[["unit_name", "year", "status_label"]].rename(
                columns={"unit_name": "单位", "year": "年度", "status_label": "状态"}
            ),
            hide_index=True,
        )


# ---------------------------------------------------------------------------
# 逾期公布, 数据异常, 未能导入, 提取存疑


def _simple_kind_tab(found: pd.DataFrame, kind: str, empty: str, key: str) -> None:
    rows = found[found["kind"] == kind].reset_index(drop=True)
    if rows.empty:
        empty_state(empty)
        return
    if kind == "late":
        st.caption("期限：2019年度起为次年1月31日，之前为次年3月31日（《政府信息公开条例》）。")
    row = _table(rows, f"q-{key}-table")
    if row is not None:
        _decision_form(row, f"q-{key}-decide")


def _anomaly_tab(found: pd.DataFrame, settings: dict, scope: dict) -> None:
    st.caption(
        f"同比变化超过 {settings['jump_factor']:g} 倍（两年中较大者不小于 {settings['jump_min']:g}）、"
        f"上年不小于 {settings['zero_after']:g} 而本年为 0、比例超出 0–100% 的数字。阈值可在页面上方调整。"
    )
    rows = found[found["kind"] == "anomaly"].reset_index(drop=True)
    if rows.empty:
        empty_state("按当前阈值没有数据异常。")
        return
    sub = {
        "anomaly.jump": "同比大幅变化",
        "anomaly.zero": "上年数百、本年为零",
        "anomaly.share": "比例超出0–100%",
    }
    kinds = st.multiselect(
        "异常类型", list(sub), format_func=sub.get, key="q-anomaly-kinds", placeholder="全部类型"
    )
    if kinds:
        rows = rows[rows["rule"].isin(kinds)].reset_index(drop=True)
    row = _table(rows, "q-anomaly-table")
    if row is not None:
        values = q.check_values(row["report_id"], list(row["metrics"] or [])) if row["report_id"] else None
        if values is not None and not values.empty:
            st.dataframe(_with_source_lines(values, q.report_info(row["report_id"])), hide_index=True)
        _decision_form(row, "q-anomaly-decide")


def _rejected_and_doubts_tab(found: pd.DataFrame) -> None:
    st.markdown("**未能导入的文件**")
    _simple_kind_tab(found, "rejected", "没有未能导入的文件。", "rejected")
    st.markdown("**提取存疑**（解析时无法确定的数字或表格，例如只找到部分统计表）")
    _simple_kind_tab(found, "doubt", "没有提取存疑之处。", "doubt")


# ---------------------------------------------------------------------------
# 核实与导出


def _review_tab(found: pd.DataFrame) -> None:
    cols = st.columns(4)
    status = cols[0].multiselect(
        "核实状态", STATUS_FILTERS, default=[qual.STATUS_OPEN], key="q-review-status", placeholder="全部状态"
    )
    kinds = cols[1].multiselect(
        "类别",
        list(qual.KIND_LABELS),
        format_func=qual.KIND_LABELS.get,
        key="q-review-kinds",
        placeholder="全部类别",
    )
    severities = cols[2].multiselect(
        "程度",
        list(qual.SEVERITY_LABELS),
        format_func=qual.SEVERITY_LABELS.get,
        key="q-review-sev",
        placeholder="全部",
    )
    unit = cols[3].multiselect(
        "单位", sorted(found["unit_name"].dropna().unique()), key="q-review-unit", placeholder="全部单位"
    )
    rows = found
    if status:
        rows = rows[rows["status"].isin(status)]
    if kinds:
        rows = rows[rows["kind"].isin(kinds)]
    if severities:
        rows = rows[rows["severity"].isin(severities)]
    if unit:
        rows = rows[rows["unit_name"].isin(unit)]
    rows = rows.reset_index(drop=True)
    st.caption(f"共 {len(rows)} 条。点选一行（或按问题编号选择）进行核实。")
    _export_buttons(rows)
    if rows.empty:
        empty_state("当前筛选条件下没有问题。")
        return
    row = _table(rows, "q-review-table", height=420)
    if row is None:
        # keyboard-friendly alternative to clicking a row (and an id from an exported list)
        by_id = rows.set_index("finding_id")
        picked = st.selectbox(
            "按问题编号选择",
            list(by_id.index),
            index=None,
            format_func=lambda f: (
                f"{f} · {_text(by_id.at[f, 'unit_name'])} · {qual.KIND_LABELS[by_id.at[f, 'kind']]}"
            ),
            placeholder="输入或选择问题编号",
            key="q-review-pick",
        )
        row = rows[rows["finding_id"] == picked].iloc[0] if picked else None
    if row is not None:
        _decision_form(row, "q-review-decide")


def _text(value) -> str:
    return value if isinstance(value, str) and value else "—"


def _export_buttons(rows: pd.DataFrame) -> None:
    cols = st.columns([1, 1, 4])
    for col, fmt, mime in (
        (cols[0], "csv", "text/csv"),
        (cols[1], "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ):
        col.download_button(
            f"导出清单（{fmt.upper()}）",
            data=lambda fmt=fmt: qual.export_bytes(rows, fmt),
            file_name=f"数据质量问题清单.{fmt}",
            mime=mime,
            key=f"q-export-{fmt}",
            on_click="ignore",
            disabled=rows.empty,
        )


def _decision_form(row: pd.Series, key: str) -> None:
    """Mark one finding 已核实 / 已排除 with a note and the officer's name."""
    st.markdown(f"**核实**　问题编号 `{row['finding_id']}` · 当前状态：**{row['status']}**")
    if row.get("reviewer"):
        st.caption(
            f"{md(row['reviewer'])} 于 {row.get('decided_at')} 标记为 {md(row['status'])}：{md(row.get('note') or '（无意见）')}"
        )
    with st.form(key=f"{key}-{row['finding_id']}", border=True):
        status = st.radio(
            "核实结论",
            qual.DECISION_STATUSES,
            index=qual.DECISION_STATUSES.index(row["status"])
            if row["status"] in qual.DECISION_STATUSES
            else 0,
            horizontal=True,
            captions=["确实存在问题，需要单位更正或说明", "经核实不是问题"],
            key=f"q-review-status-{row['finding_id']}",
        )
        note = st.text_area(
            "核实意见",
            value=row.get("note") or "",
            placeholder="例如：已电话联系，单位将更正第三项数字",
            key=f"q-review-note-{row['finding_id']}",
        )
        reviewer = st.text_input(  # signed in: the signed-in identity, not a free-text name
            "核实人", value=signed_in_identity() or st.session_state.get("q-reviewer", ""),
            disabled=signed_in_identity() is not None, key=f"q-review-reviewer-{row['finding_id']}"
        )
        submitted = st.form_submit_button("保存核实结论", type="primary")
    if submitted:
        try:
            qual.record_decision(
                get_db_path(), row["finding_id"], status, note, reviewer, finding=row.to_dict(),
                actor=current_actor(),  # role and region are checked by record_decision itself
            )
        except ValueError as exc:
            problem(md(exc))
            return
        except GovReportsError as exc:
            problem(f"保存失败：{md(exc)}")
            return
        st.session_state["q-reviewer"] = reviewer.strip()
        st.toast(f"已保存：{status}")
        st.rerun()
    if row["status"] in qual.DECISION_STATUSES and st.button(
        "撤销核实结论", key=f"{key}-clear-{row['finding_id']}"
    ):
        try:
            qual.clear_decision(get_db_path(), row["finding_id"], st.session_state.get("q-reviewer", ""),
                                actor=current_actor())
        except GovReportsError as exc:
            problem(f"撤销失败：{md(exc)}")
            return
        st.rerun()
    history = q.decision_history(row["finding_id"])
    if len(history) > 1 or (len(history) == 1 and row["status"] == qual.STATUS_OPEN):
        with st.expander(f"核实记录（{len(history)} 条）"):
            st.table(  # Markdown in cells: the officer's note and name are escaped
                history.map(lambda v: md(v) if isinstance(v, str) else v).rename(
                    columns={"status": "结论", "note": "意见", "reviewer": "核实人", "decided_at": "时间"}
                ),
            )


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import its helpers
    main()


def _file_name(path) -> str:
    """A source file as an officer knows it: its name, never a server or temporary path."""
    from pathlib import PurePath

    return PurePath(str(path)).name if path else "—"
