"""全文检索: which reports mention a text, with the passages, and links to the report viewer."""

from __future__ import annotations

import streamlit as st

from app_lib import db, nav, page, ui, urlstate
from app_lib.filters import MAX_PARAM_CHARS
from app_lib.queries import common
from app_lib.queries import search as q
from pipelines import search_index
from pipelines.safetext import md

PER_PAGE = 20

ctx = page.start(
    "全文检索",
    "在所有报告的正文与表格中查找文字：哪些报告提到了某个词、在什么地方。多个词用空格分开，须同时出现；"
    "繁体、全角字符按简体、半角查找。地区、单位与年份按左侧筛选，统计口径不限（政府与部门的报告都检索）。",
)

state = db.search_index_state()
if state is None:
    ui.empty_state(
        "尚未建立全文索引。",
        "导入报告时会自动建立；已有的数据库请在命令行运行 `govreports search-index` 建立（数据库只读，不会改动）。",
    )
    st.stop()

urlstate.restore("search_q", "q", None, "", label="检索词")
text = st.text_input(
    "检索词",
    key="search_q",
    max_chars=search_index.MAX_QUERY_CHARS,
    placeholder="例如：政务微博　或　行政复议 纠错",
    help="至少 3 个字的词用全文索引查找；1–2 个字的词逐份阅读报告，最多用时约 "
    f"{search_index.SCAN_BUDGET_S:g} 秒，超时时注明只查了多少份。",
)
urlstate.mirror("q", (text or "")[:MAX_PARAM_CHARS])
terms = search_index.query_terms(text or "")
if not terms:
    st.caption(f"索引中共有 {state.total:,} 份报告的全文。")
    st.stop()

reports = q.scope_reports(ctx.db, ctx.scope)
units = common.filter_options(ctx.db).units
result = q.combine(reports, db.search_hits(state, tuple(terms)), state.keys, terms, units)

said = "”“".join(md(t) for t in result.terms)
n = len(result.hits)
if result.n_scope == 0:
    ui.empty_state("当前筛选范围内没有报告。", "请在左侧放宽地区、单位或年份。")
    st.stop()
st.markdown(f"**{n:,}** 份报告提到“{said}”（当前范围共 {result.n_scope:,} 份报告）")
if not result.complete:
    st.warning(
        f"1–2 个字的检索词无法使用全文索引，只逐份查看了索引中 {result.total:,} 份报告中的 {result.scanned:,} 份"
        "（时间所限）；结果可能不全。请加长检索词或缩小范围。",
        icon=":material/timer:",
    )
if result.n_unindexed:
    st.warning(
        f"当前范围内有 {result.n_unindexed:,} 份报告尚未进入全文索引，未被检索；"
        "请在命令行运行 `govreports search-index`。",
        icon=":material/warning:",
    )
if n == 0:
    st.stop()

pages = max(1, (n + PER_PAGE - 1) // PER_PAGE)
if st.session_state.get("search_last_terms", result.terms) != result.terms:
    st.session_state["search_page"] = 1  # a new question starts at its first page
st.session_state["search_last_terms"] = result.terms
urlstate.restore("search_page", "p", list(range(1, pages + 1)), 1, label="结果页")
if pages > 1:
    current = st.session_state.get("search_page", 1)
    if not isinstance(current, int) or not 1 <= current <= pages:
        st.session_state["search_page"] = 1
    number = st.number_input("结果页", min_value=1, max_value=pages, step=1, key="search_page")
    st.caption(f"共 {pages} 页，每页 {PER_PAGE} 份（按年度从新到旧、单位名称排列）。")
else:
    number = 1
urlstate.mirror("p", int(number), 1)

shown = result.hits.iloc[(int(number) - 1) * PER_PAGE : int(number) * PER_PAGE]
found = db.search_passages(state, tuple(int(k) for k in shown["doc_key"]), result.terms)
for row in shown.itertuples():
    where = found.get(int(row.doc_key))
    with st.container(border=True):
        region = "".join(p for p in (row.province, row.city, row.county) if isinstance(p, str))
        times = f" · 出现 {where.occurrences} 次" if where and where.occurrences else ""
        st.page_link(
            nav.UNIT_PROFILE.script,
            label=f"{md(row.name)} · {int(row.year)}年报告{times}",
            query_params={"unit": row.unit_id, "report": str(int(row.year)), "tab": "报告原文"},
            icon=":material/description:",
        )
        if region:
            st.caption(md(region))
        for passage in where.passages if where else ():
            st.text(passage)  # the report's words as plain text: 【】 marks the match

MAX_LISTED = 10_000
with st.expander(f"全部 {n:,} 份报告的列表"):
    if n > MAX_LISTED:
        st.caption(f"列出前 {MAX_LISTED:,} 份；请缩小范围或加长检索词。")
    st.dataframe(
        result.hits[["name", "year", "province", "city", "county"]].head(MAX_LISTED),
        hide_index=True,
        width="stretch",
        column_config={
            "name": "单位",
            "year": st.column_config.NumberColumn("年度", format="%d"),
            "province": "省份",
            "city": "城市",
            "county": "区县",
        },
    )
