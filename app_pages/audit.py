"""审计记录 (admins): every write — ingest runs, replaced reports, placements, review decisions —
with who, when, what before and after, and where from; filters and an XLSX export.

Identities, targets and the before / after JSON come from users and reports: shown in
st.dataframe cells and st.text only, never as Markdown.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_lib import urlstate
from app_lib.db import source
from app_lib.ui import empty_state, page_header, problem
from pipelines import audit
from pipelines.errors import GovReportsError
from pipelines.safetext import md


def _period(value) -> tuple[dt.date | None, dt.date | None]:
    """The date_input's value: a (start, end) pair, or one date while the user picks."""
    if isinstance(value, tuple | list):
        start = value[0] if len(value) > 0 else None
        end = value[1] if len(value) > 1 else start
        return start, end
    return value, value


page_header(
    "审计记录",
    "每一次写入（导入、替换报告、确认归属、核实结论及其撤销）由谁、在何时、从何处做出，改动前后各是什么。"
    "记录只增不改，重新导入和重新解析后仍然保留。",
)
try:
    everyone = audit.entries(source(), limit=100_000)
except GovReportsError as exc:
    problem(f"无法读取数据库：{md(exc)}")
    st.stop()
if everyone.empty:
    empty_state("还没有审计记录：导入报告、确认归属或保存核实结论后，这里会列出每一次写入。")
    st.stop()
cols = st.columns([2, 2, 2, 2])
identities = sorted(everyone["identity"].dropna().unique().tolist())
urlstate.restore("audit-identity", "who", ["（全部）", *identities], "（全部）", label="账号")
urlstate.restore_many("audit-actions", "actions", list(audit.ACTIONS), [], label="操作")
urlstate.restore("audit-text", "text", None, "", label="对象或内容包含")
identity = cols[0].selectbox("账号", ["（全部）", *identities], key="audit-identity")
actions = cols[1].multiselect(
    "操作", list(audit.ACTIONS), format_func=lambda a: audit.ACTIONS[a], key="audit-actions", placeholder="全部操作"
)
urlstate.mirror("who", identity, "（全部）")
urlstate.mirror_many("actions", actions)
first = everyone["logged_at"].min().date()
last = everyone["logged_at"].max().date()
period = cols[2].date_input("日期", value=(first, last), key="audit-period")
text = cols[3].text_input("对象或内容包含", key="audit-text", placeholder="问题编号、文件名、单位…")
urlstate.mirror("text", text.strip())
since, until = _period(period)
rows = audit.entries(
    source(),
    identity="" if identity == "（全部）" else identity,
    actions=actions,
    since=since,
    until=until,
    text=text.strip(),
)
st.caption(f"共 {len(rows)} 条（最新的在前）")
st.dataframe(audit.labelled(rows), hide_index=True, width="stretch")  # plain-text cells
st.download_button(
    "导出 XLSX",
    data=audit.xlsx_bytes(rows),
    file_name=f"审计记录_{dt.date.today():%Y%m%d}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    key="audit-export",
    on_click="ignore",
    disabled=rows.empty,
)
