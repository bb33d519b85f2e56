"""SQL 查询: ad-hoc, read-only SQL over the database (issue 5).

Every statement goes through pipelines.sqlguard.run_sql — one statement, read-only kinds only,
on its own sandboxed connection with a time and a row limit — never the app's connection.
A long query therefore only occupies this session's thread; other pages keep answering.
Logic lives in app_lib.sql_page / sql_schema / sql_examples; this file lays out the page.
"""

from __future__ import annotations

import streamlit as st
from code_editor import code_editor

from app_lib.charts import PLOTLY_CONFIG
from app_lib.db import get_db_path, source, sql_catalog, sql_schema
from app_lib.filters import MAX_SQL_PARAM_CHARS, page_param, set_page_param
from app_lib.snapshot import chart_downloads, safe_figure
from app_lib.sql_examples import EXAMPLES, example_by_key
from app_lib.sql_page import (
    CHART_KINDS,
    NO_COLOR,
    QueryOutcome,
    build_chart,
    csv_bytes,
    default_chart_choice,
    numeric_columns,
    parquet_bytes,
    push_history,
    run_for_page,
    xlsx_bytes,
)
from app_lib.sql_schema import TABLE_DOCS, search_catalog, search_schema
from app_lib.ui import demo_banner, empty_state, page_header
from pipelines.errors import GovReportsError
from pipelines.safetext import md
from pipelines.sqlguard import SqlSettings, setting_help

# The SQL of the session lives in CURRENT; the two editors (highlighting component, plain
# text area) are views of it. A widget's own state is dropped when it is not drawn, so
# neither widget key can hold it.
CURRENT = "sql_current"
TEXT_KEY = "sql_text"
ACE_ON = "sql-ace-on"
DEFAULT_SQL = "SELECT year AS 年份, template AS 模板, count(*) AS 报告数\nFROM reports\nGROUP BY ALL\nORDER BY 年份, 模板"


def _db_facts() -> tuple[int, bool]:
    """(number of reports, whether any is demo data) — for the chart export's source line."""
    try:
        row = source().df("SELECT count(*) AS n, coalesce(bool_or(is_demo), false) AS demo FROM reports")
        return int(row["n"].iloc[0]), bool(row["demo"].iloc[0])
    except Exception:  # noqa: BLE001 - only the export's footer depends on it
        return 0, False


# ---------------------------------------------------------------------------
# State changes (callbacks run before the rerun draws the page)


def _set_sql(sql: str) -> None:
    st.session_state[CURRENT] = sql
    st.session_state[TEXT_KEY] = sql
    # A new key re-mounts the highlighting editor with the new text.
    st.session_state["sql_editor_gen"] = st.session_state.get("sql_editor_gen", 0) + 1


def _load_example(key: str) -> None:
    _set_sql(example_by_key(key).sql)
    st.session_state["sql_pending"] = ("example", key)


def _load_history(sql: str) -> None:
    _set_sql(sql)
    st.session_state["sql_pending"] = ("history", None)


def _text_changed() -> None:
    st.session_state[CURRENT] = st.session_state[TEXT_KEY]


def _request_run() -> None:
    _text_changed()
    st.session_state["sql_pending"] = ("editor", None)


def _sql_from_link() -> None:
    """A shared link (?sql=…) opens with its question in the editor and runs it once."""
    if st.session_state.get("sql_link_read"):
        return
    st.session_state["sql_link_read"] = True
    sql = page_param("sql")
    if sql and len(sql) <= MAX_SQL_PARAM_CHARS:
        _set_sql(sql)
        st.session_state["sql_pending"] = ("link", None)


def _run_pending(db_path, settings: SqlSettings) -> None:
    pending = st.session_state.pop("sql_pending", None)
    if pending is None:
        return
    _source, example_key = pending
    sql = st.session_state.get(CURRENT, "")
    with st.spinner("正在查询…"):
        outcome = run_for_page(db_path, sql, settings, example_key=example_key)
    st.session_state["sql_outcome"] = outcome
    st.session_state["sql_history"] = push_history(st.session_state.get("sql_history", []), outcome)
    # the question in the URL: copying the link shares it (very long SQL is not put there)
    set_page_param("sql", sql if 0 < len(sql) <= MAX_SQL_PARAM_CHARS else None)


# ---------------------------------------------------------------------------
# Sections


def _settings_panel() -> SqlSettings:
    defaults = SqlSettings()
    with st.expander("查询设置（时间上限、行数上限）"):
        c1, c2 = st.columns(2)
        time_limit = c1.number_input(
            "时间上限 time_limit_s（秒）",
            min_value=0.5,
            max_value=120.0,
            value=defaults.time_limit_s,
            step=1.0,
            help=setting_help("time_limit_s"),
            key="sql_time_limit",
        )
        max_rows = c2.number_input(
            "行数上限 max_rows",
            min_value=1,
            max_value=200_000,
            value=defaults.max_rows,
            step=1000,
            help=setting_help("max_rows"),
            key="sql_max_rows",
        )
        st.caption(
            f"内存上限 memory_limit = {defaults.memory_limit}（{setting_help('memory_limit')}）；"
            f"线程数 threads = {defaults.threads}。查询在独立的只读进程中运行，超过时间或内存上限即被终止："
            "不能修改数据、读取文件或更改设置。"
        )
    return SqlSettings(time_limit_s=float(time_limit), max_rows=int(max_rows))


def _editor() -> None:
    st.session_state.setdefault(CURRENT, DEFAULT_SQL)
    st.session_state.setdefault(TEXT_KEY, st.session_state[CURRENT])
    label = "SQL 语句（只读：SELECT / WITH / EXPLAIN / DESCRIBE / SUMMARIZE / SHOW / PRAGMA table_info）"
    use_ace = st.toggle("语法高亮编辑器", value=True, key=ACE_ON, help="关闭后改用纯文本框（附高亮预览）")
    if use_ace:
        st.caption(label + "　·　按 Ctrl+Enter 或编辑器右下角的「运行」执行")
        _ace_editor()
        return
    st.text_area(label, key=TEXT_KEY, height=220, on_change=_text_changed)
    st.button("运行", type="primary", key="sql-run", on_click=_request_run, icon=":material/play_arrow:")
    st.code(st.session_state.get(TEXT_KEY, ""), language="sql", line_numbers=True)


def _ace_editor() -> None:
    response = code_editor(
        st.session_state[CURRENT],
        lang="sql",
        height=[8, 22],
        key=f"sql-ace-{st.session_state.get('sql_editor_gen', 0)}",
        response_mode=["blur"],  # keep CURRENT in step when the editor loses focus
        options={"wrap": True, "showLineNumbers": True},
        buttons=[
            {
                "name": "运行",
                "feather": "Play",
                "primary": True,
                "hasText": True,
                "showWithIcon": True,
                "commands": ["submit"],
                "style": {"bottom": "0.44rem", "right": "0.4rem"},
            }
        ],
    )
    event_id = (response or {}).get("id")
    if not event_id or event_id == st.session_state.get("sql_ace_last_event"):
        return  # the component repeats its last value on every rerun
    st.session_state["sql_ace_last_event"] = event_id
    st.session_state[CURRENT] = response.get("text", "")
    st.session_state[TEXT_KEY] = st.session_state[CURRENT]
    if response.get("type") == "submit":
        st.session_state["sql_pending"] = ("editor", None)


def _examples() -> None:
    with st.expander("示例查询（点击即运行）", expanded=False):
        for ex in EXAMPLES:
            st.button(
                ex.title,
                key=f"ex-{ex.key}",
                on_click=_load_example,
                args=(ex.key,),
                width="stretch",
                icon=":material/lightbulb:",
            )


def _show_outcome(outcome: QueryOutcome, is_demo: bool, n_reports: int) -> None:
    if not outcome.ok:
        icon = {"已拒绝": ":material/block:", "已中止": ":material/timer_off:"}.get(
            outcome.status, ":material/warning:"
        )
        st.error(f"**{outcome.status}**：{md(outcome.reason)}", icon=icon)
        if outcome.detail:
            st.caption("DuckDB 详情")
            st.code(outcome.detail, language=None, wrap_lines=True)
        return
    res = outcome.result
    df = res.dataframe
    st.markdown(f"**查询结果**　{res.row_count:,} 行 · 用时 {res.elapsed_s:.2f} 秒 · {res.kind}")
    if res.truncated:
        st.warning(res.truncation_message, icon=":material/content_cut:")
    if df.empty:
        empty_state("查询没有返回任何行。", "可放宽筛选条件，或检查表名、指标键是否正确（见右侧表结构）。")
        return
    st.dataframe(df, width="stretch", hide_index=True, key="sql-result-table")
    d1, d2, d3 = st.columns(3)
    d1.download_button(
        "下载 CSV",
        data=csv_bytes(df),
        file_name="查询结果.csv",
        mime="text/csv",
        key="sql-dl-csv",
        on_click="ignore",
    )
    d2.download_button(
        "下载 Parquet",
        data=lambda: parquet_bytes(df),
        file_name="查询结果.parquet",
        mime="application/vnd.apache.parquet",
        key="sql-dl-parquet",
        on_click="ignore",
    )
    d3.download_button(
        "下载 XLSX",
        data=lambda: xlsx_bytes(df, outcome.sql),
        file_name="查询结果.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="sql-dl-xlsx",
        on_click="ignore",
    )
    _chart_builder(outcome, is_demo, n_reports)


def _chart_builder(outcome: QueryOutcome, is_demo: bool, n_reports: int) -> None:
    df = outcome.result.dataframe
    nums = numeric_columns(df)
    st.subheader("快速作图", anchor=False)
    if not nums:
        st.caption("结果中没有数值列，无法作图。")
        return
    hint = example_by_key(outcome.example_key).chart if outcome.example_key else None
    kind0, x0, y0, color0 = default_chart_choice(df, hint)
    cols = [str(c) for c in df.columns]
    c1, c2, c3, c4 = st.columns(4)
    kind = c1.selectbox("图表类型", CHART_KINDS, index=CHART_KINDS.index(kind0), key="sql-chart-kind")
    x = c2.selectbox("横轴 x", cols, index=cols.index(x0) if x0 in cols else 0, key="sql-chart-x")
    y = c3.selectbox("纵轴 y", nums, index=nums.index(y0) if y0 in nums else 0, key="sql-chart-y")
    colors = [NO_COLOR, *cols]
    color = c4.selectbox(
        "颜色分组", colors, index=colors.index(color0) if color0 in colors else 0, key="sql-chart-color"
    )
    title = example_by_key(outcome.example_key).title if outcome.example_key else f"{y}（按{x}）"
    fig = safe_figure(build_chart(df, kind=kind, x=x, y=y, color=color))
    st.plotly_chart(fig, width="stretch", key="sql-chart", config=PLOTLY_CONFIG)
    chart_downloads(
        fig, df, title=title, scope="SQL 查询结果", n_reports=n_reports, is_demo=is_demo, key="sql-chart"
    )


def _history() -> None:
    history = st.session_state.get("sql_history", [])
    with st.expander(f"本次会话的查询记录（{len(history)}）", expanded=False):
        if not history:
            st.caption("还没有运行过查询。")
            return
        for i, h in enumerate(history):
            c1, c2 = st.columns([5, 1])
            stats = f"{h['行数']} 行 · {h['用时（秒）']} 秒" if h["行数"] is not None else ""
            c1.markdown(f"{md(h['时间'])} {md(h['状态'])} {stats}")
            c1.code(h["SQL"], language="sql")
            c2.button("重新运行", key=f"sql-history-{i}", on_click=_load_history, args=(h["SQL"],))


def _schema_browser(db_path) -> None:
    st.subheader("表结构", anchor=False)
    query = st.text_input(
        "搜索表、列或指标",
        placeholder="可输入中文，如：微博、过程性信息、区县",
        key="sql-schema-search",
    )
    try:
        schema = sql_schema()
    except GovReportsError as exc:
        st.error(f"无法读取表结构：{md(exc)}")
        return
    # Lazy (issue 13: page speed): without a search only the chosen tab is drawn, and a table's
    # columns only when its expander is opened; a search draws every match at once, opened.
    searching = bool(query.strip())
    tab_tables, tab_values = st.tabs(["表与列", "指标 · 序列 · 规则"], key="sql-schema-tab", on_change="rerun")
    if searching or tab_tables.open is not False:
        with tab_tables:
            _schema_tables(schema, query, searching)
    if searching or tab_values.open is not False:
        with tab_values:
            values = search_catalog(query, sql_catalog())
            st.caption(
                f"{len(values)} 项 · 指标键用于 report_values.metric，序列键用于 series.series，"
                "规则用于 check_results.rule"
            )
            height = min(420, 38 + 35 * max(len(values), 1))
            st.dataframe(values, hide_index=True, width="stretch", height=height, key="schema-values")


def _schema_tables(schema, query: str, searching: bool) -> None:
    found = search_schema(schema, query)
    if found.empty:
        n_values = len(search_catalog(query, sql_catalog()))
        st.caption(f"没有匹配的表或列；「指标 · 序列 · 规则」中有 {n_values} 项匹配。")
    for table, cols in found.groupby("表", sort=False):
        kind = cols["类型"].iloc[0]
        label = f"{table}（{kind}）　{TABLE_DOCS.get(table, '')}"
        if searching:
            box = st.expander(label, expanded=True)
        else:
            box = st.expander(label, key=f"schema-open-{table}", on_change="rerun")
        if searching or box.open is not False:
            with box:
                st.dataframe(
                    cols[["列", "数据类型", "说明"]], hide_index=True, width="stretch", key=f"schema-{table}"
                )


page_header(
    "SQL 查询",
    "用 SQL 回答页面没有预设的问题。只读：每次一条查询语句，在独立连接上运行，有时间与行数上限。"
    "侧栏的筛选条件不作用于这里的查询：范围由 SQL 自己写明。",
)
db_path = get_db_path()
if not db_path.exists():
    empty_state("数据库文件不存在。", "请先导入报告，或运行 govreports demo 生成示例数据库。")
    st.stop()
n_reports, is_demo = _db_facts()
demo_banner(is_demo)
left, right = st.columns([3, 2], gap="large")
with left:
    settings = _settings_panel()
    _examples()
    _sql_from_link()
    _editor()
    _run_pending(db_path, settings)
    outcome = st.session_state.get("sql_outcome")
    if outcome is not None:
        _show_outcome(outcome, is_demo, n_reports)
    _history()
with right:
    _schema_browser(db_path)
