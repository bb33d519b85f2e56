"""数据质量: failed cross-checks, coverage, late publication, anomalies, rejected files and
extraction doubts — and the officers' review of each finding (已核实 / 已排除), exportable
as a list to send to the units. Logic lives in pipelines.quality; queries in
app_lib.queries.quality; this file only lays out the page."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import plotly.express as px
import streamlit as st

from app_lib import nav, page, urlstate
from app_lib.auth import current_actor, signed_in_identity
from app_lib.charts import PLOTLY_CONFIG, stacked_bars
from app_lib.db import (
    get_db_path,
    quality_coverage,
    quality_findings,
    quality_outside_registry,
    report_lines,
    source,
)
from app_lib.filters import Scope, current_scope, units_in_region
from app_lib.queries import quality as q
from app_lib.queries import registry as registry_queries
from app_lib.snapshot import chart_downloads, safe_figure
from app_lib.tables import display
from app_lib.ui import empty_state, problem
from app_lib.unplaced_ui import placed_message, render_unplaced
from app_lib.viewer import with_source_lines
from pipelines import catalog
from pipelines import quality as qual
from pipelines import registry as registry_mod
from pipelines.errors import GovReportsError
from pipelines.registry import registry_path
from pipelines.safetext import md

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


@st.fragment
def _with_decisions(render, found: pd.DataFrame, *args) -> None:
    """A tab with decision forms, as a fragment: saving a verdict reruns only this tab (the
    findings are cached; the decisions are read again from the officers' store, which moved),
    not the whole page — issue 13: a verdict in ≤ 0.5 s. The header's counts follow on the
    next full run."""
    render(q.with_fresh_decisions(source(), found), *args)


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
                value=setting.current(),
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


PINNED = "q-pinned-finding"  # (form key, finding_id, table selection when saved): its form stays open
SELECTIONS = "q-table-selections"  # form key → the row selection of its table on the last run


def _table(
    df: pd.DataFrame, key: str, *, select: bool = True, height: int | str = "auto", pin_key: str | None = None
):
    """A findings table; returns the selected row (a Series) or None.

    After a verdict is saved the list may change under the selection (a decided finding
    leaves the 待核实 list and the next one moves into its row): while the selection is the
    one of the save, the finding just decided is returned, so the form never jumps to
    another finding; picking another row moves on."""
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
    rows = tuple(event.selection.rows) if select and event is not None else ()
    st.session_state.setdefault(SELECTIONS, {})[pin_key] = rows
    where, pinned, at_save = st.session_state.get(PINNED) or (None, None, None)
    if where == pin_key and pinned is not None:
        if rows == at_save:
            return df[df["finding_id"] == pinned].iloc[0] if pinned in set(df["finding_id"]) else None
        st.session_state.pop(PINNED, None)  # another row picked: move on
    if rows:
        return df.iloc[rows[0]]
    return None


def _pin(key: str, finding_id: str) -> None:
    """Keep the form on ``finding_id`` after a rerun (see :func:`_table`)."""
    st.session_state[PINNED] = (key, finding_id, st.session_state.get(SELECTIONS, {}).get(key, ()))


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
    st.plotly_chart(safe_figure(fig), key="q-checks-by-rule", config=PLOTLY_CONFIG)
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
    row = _table(filtered, "q-checks-table", pin_key="q-checks-decide")
    if row is not None:
        _check_detail(row)
        _decision_form(row, "q-checks-decide")


def _filter_row(df: pd.DataFrame, key: str) -> pd.DataFrame:
    cols = st.columns(3)
    rules = sorted(df["rule"].dropna().unique())
    units = sorted(df["unit_name"].dropna().unique())
    years = sorted(int(y) for y in df["year"].dropna().unique())
    # in the URL as ?rules=…&names=…&check_years=… (a shared link reopens the same list)
    urlstate.restore_many(f"{key}-rule", "rules", rules, [], label="规则")
    urlstate.restore_many(f"{key}-unit", "names", units, [], label="单位")
    urlstate.restore_many(f"{key}-year", "check_years", years, [], label="年度")
    rule = cols[0].multiselect(
        "规则",
        rules,
        format_func=lambda r: f"{catalog.rule_name(r)}（{catalog.rule_description(r) or r}）",
        key=f"{key}-rule",
        placeholder="全部规则",
    )
    unit = cols[1].multiselect("单位", units, key=f"{key}-unit", placeholder="全部单位")
    year = cols[2].multiselect("年度", years, key=f"{key}-year", placeholder="全部年度")
    urlstate.mirror_many("rules", rule)
    urlstate.mirror_many("names", unit)
    urlstate.mirror_many("check_years", year)
    if rule:
        df = df[df["rule"].isin(rule)]
    if unit:
        df = df[df["unit_name"].isin(unit)]
    if year:
        df = df[df["year"].isin(year)]
    return df.reset_index(drop=True)


def _check_detail(row: pd.Series) -> None:
    info = q.report_info(source(), row["report_id"]) if row["report_id"] else {}
    st.subheader(f"{md(catalog.rule_name(row['rule']))}：{md(row['description'])}", anchor=False)
    st.text(f"{_text(row['unit_name'])} · {_year_text(row['year'])} · 报告 {row['report_id']}")
    if info:
        st.caption(
            f"来源文件：{md(_file_name(info.get('source_path')))}（{catalog.FAMILY_LABELS.get(info.get('template'), '')}）"
        )
    box = st.error if row["severity"] == "error" else st.warning
    box(row["detail"] or "（无详细说明）", icon=":material/balance:")
    values = q.check_values(source(), row["report_id"], list(row["metrics"] or []))
    if values.empty:
        st.info("这条规则涉及的数字在数据库中没有逐项记录。")
        return
    st.markdown("**参与比较的数字（按原文）**")
    st.dataframe(_with_source_lines(values, info), hide_index=True)
    if info.get("unit_id"):
        _unit_link(info["unit_id"], info.get("unit_name") or row["unit_name"])


def _with_source_lines(values: pd.DataFrame, info: dict) -> pd.DataFrame:
    """The figures side by side, each with the whole line (or table row) it was read from."""
    lines, _why = report_lines(info["sha256"], info["source_path"]) if info.get("sha256") else ([], None)
    return with_source_lines(values, lines)


def _unit_link(unit_id: str, name: str) -> None:
    nav.link(
        nav.UNIT_PROFILE, f"打开单位概况：{md(name)}", fallback=f"单位编号：{unit_id}", query_params={"unit": unit_id}
    )


# ---------------------------------------------------------------------------
# 收录情况


def _capped(df: pd.DataFrame) -> pd.DataFrame:
    """The first q.TABLE_ROWS_MAX rows, said when the list is longer (a national database can
    list 10^5 unit-years: the browser would receive them all)."""
    if len(df) <= q.TABLE_ROWS_MAX:
        return df
    st.caption(f"共 {len(df):,} 行，这里列出前 {q.TABLE_ROWS_MAX:,} 行；完整清单请用图表的“下载数据”。")
    return df.head(q.TABLE_ROWS_MAX)


def _coverage_tab(found: pd.DataFrame, scope: dict, through_latest: bool) -> None:
    reg = registry_queries.current()
    if reg is None:
        st.info(
            "还没有应报单位名单：“年度报告缺失”按各单位已有报告推断（自第一份报告起每年应报）。"
            "请在下方“应报单位名单”中建立名单。",
            icon=":material/info:",
        )
    else:
        st.caption(
            f"应报单位名单：{len(reg.frame)} 个单位。缺报按名单中各单位的起止年度计算，"
            "名单外单位的报告另列，不计为缺报。"
        )
    cov = _in_scope(quality_coverage(through_latest=through_latest), current_scope())
    if cov.empty:
        empty_state("数据库中还没有年度报告。")
        return
    listed = cov[cov["in_registry"]]
    # The same counts as the metrics at the top of the page (one finding = one row of a tab).
    checks = found[found["kind"] == "check"]
    rejected = found[found["kind"] == "rejected"]
    cols = st.columns(4)
    cols[0].metric("已收录报告（单位年度）", int(listed["status"].isin(["loaded", "failed"]).sum()))
    cols[1].metric(
        qual.KIND_LABELS["check"],
        len(checks),
        help=f"不符的勾稽规则条数，涉及 {checks['report_id'].nunique()} 份报告；"
        f"其中 {int((listed['status'] == 'failed').sum())} 个单位年度有“错误”级不符。",
    )
    cols[2].metric(qual.KIND_LABELS["missing"], int((found["kind"] == "missing").sum()))
    cols[3].metric(
        qual.KIND_LABELS["rejected"],
        len(rejected),
        help=f"其中能从文件名辨认单位和年度的 {int((cov['status'] == 'rejected').sum())} 个标在图中。",
    )
    colour = {"已收录": "#2e86c1", "勾稽不符": "#e67e22", "缺失": "#c0392b", "未能导入": "#7d3c98"}
    n_units = listed["unit_name"].nunique()
    if n_units > q.COVERAGE_DOTS_MAX_UNITS:
        # a dot per unit and year stops being readable (and drawable) long before 88,000
        # units: the states counted per year, and the list of what needs following up below
        counts = q.coverage_by_year(listed)
        st.caption(
            f"范围内 {n_units:,} 个单位：按年度统计各状态的单位数。缩小地区或单位范围"
            f"（{q.COVERAGE_DOTS_MAX_UNITS} 个单位以内）可逐个单位查看。"
        )
        fig = stacked_bars(
            counts,
            x="year",
            y="n",
            color="status_label",
            order=list(colour),
            years=sorted(counts["year"].unique().tolist()),
            y_title="单位年度数",
            palette=list(colour.values()),
        )
    else:
        fig = px.scatter(
            listed,
            x="year",
            y="unit_name",
            color="status_label",
            symbol="status_label",
            color_discrete_map=colour,
            labels={"year": "年度", "unit_name": "单位", "status_label": "状态"},
            hover_data={"failed_checks": True},
        )
        fig.update_traces(marker={"size": 12})
        fig.update_layout(height=min(2400, 160 + 22 * n_units), xaxis={"dtick": 1}, margin={"t": 30})
    st.plotly_chart(safe_figure(fig), key="q-coverage-chart", config=PLOTLY_CONFIG)
    chart_downloads(
        fig,
        listed.rename(
            columns={
                "unit_name": "单位",
                "year": "年度",
                "status_label": "状态",
                "failed_checks": "勾稽不符数",
            }
        )[["单位", "年度", "状态", "勾稽不符数"]],
        title="年度报告收录情况（单位×年度）",
        scope="应报单位名单" if reg is not None else "全部单位",
        n_reports=scope["n_reports"],
        is_demo=scope["is_demo"],
        key="q-coverage",
    )
    with st.expander("单位×年度表"):
        if n_units > q.COVERAGE_GRID_MAX_UNITS:
            st.caption(f"范围内有 {n_units:,} 个单位，表格只在 {q.COVERAGE_GRID_MAX_UNITS:,} 个单位以内列出；请缩小地区或单位范围。")
        else:
            st.dataframe(qual.coverage_grid(listed))
    missing = listed[listed["status"].isin(["missing", "rejected"])]
    st.markdown(f"**需要跟进的单位年度：{len(missing)} 个**（缺失或文件未能导入）")
    if missing.empty:
        st.success("所有应报单位在其应报年度都有年度报告。")
    else:
        st.dataframe(
            _capped(missing[["unit_name", "year", "status_label"]]).rename(
                columns={"unit_name": "单位", "year": "年度", "status_label": "状态"}
            ),
            hide_index=True,
        )
    if reg is not None:
        outside = quality_outside_registry()
        outside = outside[outside["unit_id"].isin(set(cov["unit_id"]))]
        st.markdown(f"**名单外单位：{len(outside)} 个**（有年度报告但不在应报单位名单中，不计为缺报）")
        if not outside.empty:
            shown = outside.assign(
                region=[
                    registry_queries.region_text(p, c, k)
                    for p, c, k in zip(outside["province"], outside["city"], outside["county"], strict=True)
                ]
            )
            st.dataframe(
                display(
                    _capped(shown[["unit_name", "region", "n_reports", "first_year", "last_year"]]),
                    plain=("first_year", "last_year"),
                ),
                hide_index=True,
                column_config={
                    "unit_name": "单位",
                    "region": "地区",
                    "n_reports": "报告数",
                    "first_year": "最早年度",
                    "last_year": "最近年度",
                },
                key="q-outside-table",
            )


REGISTRY_EDITOR_COLUMNS = {
    "name": st.column_config.TextColumn("单位名称", required=True, width="large"),
    "region": st.column_config.TextColumn("所属地区", help="省、市、县（区），如 江苏省宿迁市沭阳县"),
    "kind": st.column_config.SelectboxColumn("单位类别", options=["政府", "部门", "其他"], required=True),
    "first_year": st.column_config.NumberColumn(
        "起报年度", min_value=1990, max_value=2100, step=1, format="%d", required=True
    ),
    "last_year": st.column_config.TextColumn("止报年度", help="四位年份；留空：仍需每年报送"),
    "note": st.column_config.TextColumn("备注"),
}


def _registry_section() -> None:
    """应报单位名单: shown and edited here, stored as the CSV file next to the database."""
    path = registry_path(get_db_path())
    st.divider()
    st.subheader("应报单位名单", anchor=False)
    st.caption(
        "哪些单位应当报送哪些年度的年度报告。名单保存为 CSV 文件（列：name, region, kind, first_year, "
        "last_year, note），也可以直接用表格软件编辑该文件；收录情况、年度报告缺失、报送率和报送期限都按名单计算。"
    )
    st.text(f"名单文件：{path.name}（与数据库文件在同一文件夹）")
    reg = registry_queries.current_or_error()
    if isinstance(reg, str):
        problem(f"名单文件无法读取：{reg}")
        return
    if reg is None:
        frame = pd.DataFrame(columns=registry_mod.COLUMNS)
        if st.button(
            "按数据库中已有的单位生成名单草稿", key="q-registry-draft", icon=":material/playlist_add:"
        ):
            st.session_state["q-registry-draft-rows"] = registry_queries.draft_from_database(source())
        draft = st.session_state.get("q-registry-draft-rows")
        if draft is not None:
            frame = draft
    else:
        frame = reg.frame[registry_mod.COLUMNS].copy()
    frame = frame.assign(
        kind=frame["kind"].map(lambda k: registry_mod.KIND_ZH.get(k, k)),
        # blank, not a missing number: a unit that still must report
        last_year=frame["last_year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
        note=frame["note"].fillna(""),
        region=frame["region"].fillna(""),
    )
    with st.form("q-registry-form", border=False):
        edited = st.data_editor(
            frame,
            num_rows="dynamic",
            hide_index=True,
            column_config=REGISTRY_EDITOR_COLUMNS,
            key="q-registry-editor",
            height=360,
        )
        saved = st.form_submit_button("保存名单", type="primary", icon=":material/save:")
    if saved:
        try:
            registry_mod.save_registry(edited, path, get_db_path(), actor=current_actor())
        except GovReportsError as exc:  # not an admin (AccessDenied)
            problem(f"名单未保存：{md(exc)}")
        except registry_mod.RegistryError as exc:
            problem(f"名单未保存：{exc}")
        except OSError as exc:
            problem(f"名单未保存：无法写入文件（{exc.strerror or exc}）")
        else:
            st.session_state.pop("q-registry-draft-rows", None)
            st.toast("应报单位名单已保存")
            st.rerun()
    if reg is not None:
        st.download_button(
            "下载名单（CSV）",
            data=registry_mod.to_csv_bytes(reg.frame[registry_mod.COLUMNS]),
            file_name="应报单位名单.csv",
            mime="text/csv",
            key="q-registry-download",
            on_click="ignore",
            icon=":material/download:",
        )


# ---------------------------------------------------------------------------
# 报送期限


def _deadline_tab() -> None:
    reg = registry_queries.current()
    if reg is None:
        empty_state("报送期限按应报单位名单计算：请先在“收录情况”中建立应报单位名单。")
        return
    today = dt.date.today()
    years = sorted(
        {int(y) for y in reg.frame["first_year"]} | set(range(int(reg.frame["first_year"].min()), today.year))
    )
    default = registry_queries.default_deadline_year(today)
    choices = list(reversed(years))
    fallback = default if default in years else choices[0]
    urlstate.restore("q-deadline-year", "deadline", choices, fallback, label="统计年度", shown=lambda y: f"{y}年度")
    year = st.selectbox("统计年度", choices, format_func=lambda y: f"{y}年度", key="q-deadline-year")
    urlstate.mirror("deadline", year, fallback)
    due = qual.deadline(int(year))
    # every unit must publish: the sidebar's 统计口径 (government / department sums) does not narrow it
    status = registry_queries.deadline_status(
        source(), replace(current_scope(), kind_scope="all"), int(year), reg, today
    )
    passed = today > due
    st.caption(
        f"{year}年度报告的法定公布期限：{due:%Y年%m月%d日}"
        f"（{'2019年度起为次年1月31日' if year >= 2019 else '2019年度以前为次年3月31日'}，《政府信息公开条例》）。"
        + ("期限已过。" if passed else f"距期限还有 {(due - today).days} 天。")
    )
    if status.empty:
        empty_state("当前范围内没有该年度应报的单位。")
        return
    counts = status["status"].value_counts()
    cols = st.columns(4)
    cols[0].metric(f"{year}年度应报单位", len(status))
    cols[1].metric(f"{year}年度按时公布", int(counts.get("按时公布", 0)))
    cols[2].metric(f"{year}年度逾期公布", int(counts.get("逾期公布", 0)))
    cols[3].metric(
        f"{year}年度未公布" + ("（已逾期）" if passed else ""),
        int(counts.get("未公布（已逾期）", 0) + counts.get("未公布（未到期）", 0)),
    )
    by_region = (
        status.assign(chase=status["status"].isin(["未公布（已逾期）", "逾期公布"]))
        .groupby("county")
        .agg(应报=("unit_id", "size"), 未按期公布=("chase", "sum"))
        .reset_index()
        .rename(columns={"county": "地区"})
    )
    by_region["按期公布率"] = [
        f"{(n - late) / n:.0%}" if n else "—"
        for n, late in zip(by_region["应报"], by_region["未按期公布"], strict=True)
    ]
    st.markdown("**按地区**")
    st.dataframe(by_region, hide_index=True, key="q-deadline-regions")
    chase = status[status["status"].isin(["未公布（已逾期）", "逾期公布", "未公布（未到期）"])]
    st.markdown(f"**需催报的单位：{len(chase)} 个**")
    table = chase.assign(published_on=chase["published_on"].map(lambda d: f"{d:%Y-%m-%d}" if d else "—"))[
        ["unit_name", "region", "kind", "status", "published_on", "days_late"]
    ].rename(
        columns={
            "unit_name": "单位",
            "region": "地区",
            "kind": "类别",
            "status": "状态",
            "published_on": "公布日期",
            "days_late": "逾期天数",
        }
    )
    st.dataframe(display(table, plain=("逾期天数",)), hide_index=True, key="q-deadline-table")
    cols = st.columns([1, 1, 4])
    name = f"{year}年度报告催报名单"
    _file_button(cols[0], "催报名单（XLSX）", lambda: registry_queries.table_xlsx(table, name),
                 f"{name}.xlsx", "q-deadline-xlsx", table.empty)
    _file_button(cols[1], "催报名单（CSV）", lambda: table.to_csv(index=False).encode("utf-8-sig"),
                 f"{name}.csv", "q-deadline-csv", table.empty)


_MIME = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".csv": "text/csv",
}


def _file_button(col, label: str, data, file_name: str, key: str, empty: bool) -> None:
    """A download built only when clicked (``data`` is a callable), off when there is nothing."""
    mime = _MIME[file_name[file_name.rfind("."):]]
    col.download_button(label, data=data, file_name=file_name, mime=mime, key=key, on_click="ignore",
                        disabled=empty)


# ---------------------------------------------------------------------------
# 逾期公布, 数据异常, 未能导入, 提取存疑


def _simple_kind_tab(found: pd.DataFrame, kind: str, empty: str, key: str) -> None:
    rows = found[found["kind"] == kind].reset_index(drop=True)
    if rows.empty:
        empty_state(empty)
        return
    if kind == "late":
        st.caption("期限：2019年度起为次年1月31日，之前为次年3月31日（《政府信息公开条例》）。")
    row = _table(rows, f"q-{key}-table", pin_key=f"q-{key}-decide")
    if row is not None:
        _decision_form(row, f"q-{key}-decide")


def _anomaly_tab(found: pd.DataFrame, settings: dict, scope: dict) -> None:
    st.caption(
        f"同比变化超过 {settings['jump_factor']:g} 倍或恰为 10 倍、100 倍（两年中较小者不小于 {settings['jump_min']:g}）、"
        f"上年不小于 {settings['zero_after']:g} 而本年为 0、比例超出 0–100% 的数字。阈值可在页面上方调整。"
    )
    rows = found[found["kind"] == "anomaly"].reset_index(drop=True)
    if rows.empty:
        empty_state("按当前阈值没有数据异常。")
        return
    sub = {
        "anomaly.jump": "同比大幅变化",
        "anomaly.tenfold": "疑似数量级错误（10倍、100倍）",
        "anomaly.zero": "上年数百、本年为零",
        "anomaly.share": "比例超出0–100%",
    }
    urlstate.restore_many("q-anomaly-kinds", "anomaly", list(sub), [], label="异常类型")
    kinds = st.multiselect("异常类型", list(sub), format_func=sub.get, key="q-anomaly-kinds", placeholder="全部类型")
    urlstate.mirror_many("anomaly", kinds)
    if kinds:
        rows = rows[rows["rule"].isin(kinds)].reset_index(drop=True)
    row = _table(rows, "q-anomaly-table", pin_key="q-anomaly-decide")
    if row is not None:
        values = q.check_values(source(), row["report_id"], list(row["metrics"] or [])) if row["report_id"] else None
        if values is not None and not values.empty:
            st.dataframe(_with_source_lines(values, q.report_info(source(), row["report_id"])), hide_index=True)
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
    urlstate.restore_many("q-review-status", "status", STATUS_FILTERS, [qual.STATUS_OPEN], label="核实状态")
    urlstate.restore_many("q-review-kinds", "kinds", list(qual.KIND_LABELS), [], label="类别")
    status = cols[0].multiselect("核实状态", STATUS_FILTERS, key="q-review-status", placeholder="全部状态")
    urlstate.mirror_many("status", status, [qual.STATUS_OPEN])
    kinds = cols[1].multiselect(
        "类别",
        list(qual.KIND_LABELS),
        format_func=qual.KIND_LABELS.get,
        key="q-review-kinds",
        placeholder="全部类别",
    )
    urlstate.mirror_many("kinds", kinds)
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
    _notice_exports(found)
    where, pinned, _ = st.session_state.get(PINNED) or (None, None, None)
    if (
        where == "q-review-decide"
        and pinned not in set(rows["finding_id"])
        and pinned in set(found["finding_id"])
    ):
        # just decided and now outside the status filter: its form stays until another is picked
        st.caption("刚刚核实的问题（已不在当前筛选结果中）：")
        _decision_form(found[found["finding_id"] == pinned].iloc[0], "q-review-decide")
        if st.button("继续核实下一条", key="q-review-next", icon=":material/skip_next:"):
            st.session_state.pop(PINNED, None)
            st.rerun()
        return
    if rows.empty:
        empty_state("当前筛选条件下没有问题。")
        return
    row = _table(rows, "q-review-table", height=420, pin_key="q-review-decide")
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


def _year_text(value) -> str:
    return "—" if value is None or pd.isna(value) else f"{int(value)}年度"


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


def _corrections_list() -> None:
    """Every 人工更正 (who, when, why), newest first; made in 单位档案 → 报告原文."""
    from app_lib.corrections_ui import listed

    table = listed()
    with st.expander(f"人工更正记录（{len(table)} 条）", icon=":material/edit_note:"):
        if table.empty:
            st.text("还没有人工更正。在“单位档案 → 报告原文”中可更正报告印错或读错的数字。")
        else:
            st.dataframe(display(table, plain=("年度",)), hide_index=True)


def _notice_exports(found: pd.DataFrame) -> None:
    """整改通知 for one unit: its findings as a DOCX letter and an XLSX list."""
    with st.expander("按单位导出整改通知（DOCX / XLSX）", icon=":material/mail:"):
        units = found.dropna(subset=["unit_id"]).drop_duplicates("unit_id")
        names = dict(zip(units["unit_id"], units["unit_name"].fillna(units["unit_id"]), strict=True))
        cols = st.columns([3, 2, 2])
        unit = cols[0].selectbox(
            "单位",
            sorted(names, key=lambda u: names[u]),
            index=None,
            format_func=lambda u: names[u],
            placeholder="选择单位",
            key="q-notice-unit",
        )
        statuses = cols[1].multiselect(
            "包括的问题",
            STATUS_FILTERS,
            default=[qual.STATUS_CONFIRMED],
            key="q-notice-status",
            placeholder="选择问题的核实状态",
            help="默认只包括已核实的问题；已排除的问题不应发给单位。",
        )
        issuer = cols[2].text_input("发文单位", key="q-notice-issuer", placeholder="如：宿迁市政务公开办")
        if unit is None:
            return
        rows = qual.unit_findings(found, unit, statuses)
        st.caption(f"{len(rows)} 个问题")
        name = names[unit]
        c = st.columns([1, 1, 3])
        _file_button(c[0], "整改通知（DOCX）", lambda: qual.notice_docx(rows, name, issuer=issuer),
                     f"整改通知_{name}.docx", "q-notice-docx", rows.empty)
        _file_button(c[1], "问题清单（XLSX）", lambda: qual.notice_xlsx(rows, name),
                     f"问题清单_{name}.xlsx", "q-notice-xlsx", rows.empty)


VERDICT_OUTCOME = "q-verdict-outcome"  # (finding_id, failed, message) of the save just made


def _save_verdict(finding: dict, key: str, wkey: str) -> None:
    """The 保存核实结论 button's callback: it runs before the (fragment) rerun the click starts,
    so that one run already shows the saved verdict — no second run (issue 13: ≤ 0.5 s)."""
    fid = finding["finding_id"]
    status = st.session_state.get(f"{wkey}-status-{fid}")
    reviewer = st.session_state.get(f"{wkey}-reviewer-{fid}") or ""
    try:
        qual.record_decision(
            get_db_path(), fid, status, st.session_state.get(f"{wkey}-note-{fid}") or "", reviewer,
            finding=finding, actor=current_actor(),  # role and region are checked by record_decision itself
        )
    except ValueError as exc:
        st.session_state[VERDICT_OUTCOME] = (fid, True, md(exc))
        return
    except GovReportsError as exc:
        st.session_state[VERDICT_OUTCOME] = (fid, True, f"保存失败：{md(exc)}")
        return
    st.session_state["q-reviewer"] = reviewer.strip()
    _pin(key, fid)
    st.session_state[VERDICT_OUTCOME] = (fid, False, f"已保存：{status}")


def _decision_form(row: pd.Series, key: str) -> None:
    """Mark one finding 已核实 / 已排除 with a note and the officer's name."""
    wkey = "q-review" if key == "q-review-decide" else key  # widget keys: one set per form
    st.markdown(f"**核实**　问题编号 `{row['finding_id']}` · 当前状态：**{row['status']}**")
    st.text(f"{_text(row.get('unit_name'))} · {_year_text(row.get('year'))} · {row.get('description') or ''}")
    if row.get("reviewer"):
        st.text(
            f"{row['reviewer']} 于 {row.get('decided_at')} 标记为 {row['status']}：{row.get('note') or '（无意见）'}"
        )
    with st.form(key=f"{key}-{row['finding_id']}", border=True):
        st.radio(
            "核实结论",
            qual.DECISION_STATUSES,
            index=qual.DECISION_STATUSES.index(row["status"])
            if row["status"] in qual.DECISION_STATUSES
            else 0,
            horizontal=True,
            captions=["确实存在问题，需要单位更正或说明", "经核实不是问题"],
            key=f"{wkey}-status-{row['finding_id']}",
        )
        st.text_area(
            "核实意见",
            value=row.get("note") or "",
            placeholder="例如：已电话联系，单位将更正第三项数字",
            key=f"{wkey}-note-{row['finding_id']}",
        )
        st.text_input(  # signed in: the signed-in identity, not a free-text name
            "核实人",
            value=signed_in_identity() or st.session_state.get("q-reviewer", ""),
            disabled=signed_in_identity() is not None,
            key=f"{wkey}-reviewer-{row['finding_id']}",
        )
        st.form_submit_button(
            "保存核实结论", type="primary", on_click=_save_verdict, args=(row.to_dict(), key, wkey)
        )
    outcome = st.session_state.pop(VERDICT_OUTCOME, None)
    if outcome and outcome[0] == row["finding_id"]:
        if outcome[1]:
            problem(outcome[2])
        else:
            st.toast(outcome[2])
    if row["status"] in qual.DECISION_STATUSES and st.button(
        "撤销核实结论", key=f"{key}-clear-{row['finding_id']}"
    ):
        try:
            qual.clear_decision(get_db_path(), row["finding_id"], st.session_state.get("q-reviewer", ""),
                                actor=current_actor())
        except GovReportsError as exc:
            problem(f"撤销失败：{md(exc)}")
            return
        _pin(key, row["finding_id"])
        st.rerun(scope="fragment")
    history = q.decision_history(source(), row["finding_id"])
    if len(history) > 1 or (len(history) == 1 and row["status"] == qual.STATUS_OPEN):
        with st.expander(f"核实记录（{len(history)} 条）"):
            st.table(  # Markdown in cells: the officer's note and name are escaped
                history.map(lambda v: md(v) if isinstance(v, str) else v).rename(
                    columns={"status": "结论", "note": "意见", "reviewer": "核实人", "decided_at": "时间"}
                ),
            )


def _file_name(path) -> str:
    """A source file as an officer knows it: its name, never a server or temporary path."""
    from pathlib import PurePath

    return PurePath(str(path)).name if path else "—"


ctx = page.start(
    "数据质量",
    "勾稽关系不符、年度报告缺失、逾期公布、数据异常、未能导入的文件和提取存疑之处；逐条核实并导出清单发给有关单位。",
    need_reports=False,
)
scope = q.scope_info(ctx.db)  # the whole database: findings are listed for every loaded report
settings = _threshold_settings()
found = _in_scope(quality_findings(**settings), ctx.scope)
_summary_metrics(found)


def _coverage_and_registry() -> None:
    _coverage_tab(found, scope, settings["through_latest"])
    _registry_section()


def _unplaced_tab() -> None:
    placed_message()
    render_unplaced("quality")


def _review_and_corrections() -> None:
    _with_decisions(_review_tab, found)
    _corrections_list()


late_empty = "没有逾期公布的年度报告（仅统计公布日期已知的报告）。"
TABS = {
    "勾稽关系": lambda: _with_decisions(_checks_tab, found, scope),
    "收录情况": _coverage_and_registry,
    "报送期限": _deadline_tab,
    "逾期公布": lambda: _with_decisions(_simple_kind_tab, found, "late", late_empty, "late"),
    "数据异常": lambda: _with_decisions(_anomaly_tab, found, settings, scope),
    "未能导入与提取存疑": lambda: _with_decisions(_rejected_and_doubts_tab, found),
    "待归属": _unplaced_tab,
    "核实与导出": _review_and_corrections,
}
labels = list(TABS)
urlstate.tab_param("tab", labels)  # an unknown ?tab= is said; Streamlit keeps the tab in the URL
# Lazy tabs (issue 13: 数据质量 ≤ 2 s): only the chosen tab's body runs and reaches the
# browser; choosing another tab reruns the page (the findings are cached) and draws that one.
tabs = st.tabs(labels, key="tab", bind="query-params", on_change="rerun")
for tab, body in zip(tabs, TABS.values(), strict=True):
    if tab.open is not False:  # None: Streamlit does not track the tab, every body is drawn
        with tab:
            body()
