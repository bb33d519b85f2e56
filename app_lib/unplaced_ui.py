"""The 待归属 list, shown on the 导入 and 数据质量 pages: report texts kept because their unit
or year is not certain, with the ranked candidates and the line each was read from, and a
form that places one (the same library call as `govreports place`).

Every name, reason and evidence line is shown through st.dataframe / st.text (never as
Markdown): they come from the reports and from file names.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_lib.auth import current_actor
from app_lib.db import get_db_path, source
from app_lib.queries.unplaced import unplaced_reports
from pipelines.errors import GovReportsError


def _as_list(values) -> list:
    """A list column cell (a numpy array from DuckDB, or None) as a Python list."""
    return [] if values is None else list(values)


def _candidates_text(values, confidences) -> str:
    pairs = list(zip(_as_list(values), _as_list(confidences), strict=False))
    return "；".join(f"{v}（{c:.0%}）" for v, c in pairs) or "—"


def unplaced_table(df: pd.DataFrame) -> pd.DataFrame:
    """The list as an officer reads it: file, why, candidates with their confidence."""
    return pd.DataFrame(
        {
            "文件": df["file_name"],
            "原因": df["reason"],
            "单位候选（把握）": [_candidates_text(v, c) for v, c in zip(df["unit_candidates"], df["unit_confidence"], strict=True)],
            "年度候选（把握）": [_candidates_text(v, c) for v, c in zip(df["year_candidates"], df["year_confidence"], strict=True)],
            "已读出数字": df["n_figures"],
        }
    )


def render_unplaced(key: str) -> None:
    """The 待归属 section: the list, then the form to place one report."""
    df = unplaced_reports(source())
    st.subheader(f"待归属报告：{len(df)} 份", anchor=False)
    if df.empty:
        st.caption("没有待归属的报告：每份导入的报告都已确定单位和年度。")
        return
    st.caption(
        "这些文件是年度报告，但单位或年度不能确定，已保存（连同读出的数字），在归属前不计入任何图表和统计。"
        "请核对候选后确认归属。"
    )
    st.dataframe(unplaced_table(df), hide_index=True, width="stretch")
    labels = [f"{r.file_name}（{r.sha256[:8]}）" for r in df.itertuples()]
    with st.form(f"place-{key}"):
        choice = st.selectbox("报告", range(len(df)), format_func=lambda i: labels[i], key=f"place-pick-{key}")
        row = df.iloc[int(choice or 0)]
        units, years = _as_list(row["unit_candidates"]), _as_list(row["year_candidates"])
        unit = st.text_input("归属单位（全称）", value=units[0] if units else "", key=f"place-unit-{key}")
        year = st.number_input(
            "统计年度", min_value=2000, max_value=2100, value=int(years[0]) if years else 2000, step=1,
            key=f"place-year-{key}",
        )
        evidence = _as_list(row["unit_evidence"])
        if evidence:
            st.text("单位依据：" + " ｜ ".join(evidence[:3]))
        submitted = st.form_submit_button("确认归属", type="primary")
    if submitted:
        _place(row["sha256"], unit, int(year), placed_by=_PAGE_NAMES.get(key, key))


_PAGE_NAMES = {"intake": "导入页面", "quality": "数据质量页面"}  # who placed it, in the placements table


def _place(sha256: str, unit: str, year: int, *, placed_by: str) -> None:
    from pipelines.placing import place_source

    try:
        placed = place_source(get_db_path(), sha256, unit, year, placed_by=placed_by, actor=current_actor())
    except GovReportsError as exc:
        st.error("未能归属，数据库保持原样：", icon=":material/error:")
        st.text(str(exc))  # names a file and a unit: plain text, never Markdown
        return
    st.session_state["placed-message"] = f"已归属：{placed.unit_name} {placed.year} 年度（{placed.figures} 个数字）"
    st.rerun()


def placed_message() -> None:
    msg = st.session_state.pop("placed-message", None)
    if msg:
        st.success("归属完成", icon=":material/check_circle:")
        st.text(msg)
