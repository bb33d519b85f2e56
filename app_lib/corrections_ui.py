"""人工更正 in the report viewer: correct one figure with a reason (pipelines.corrections), and
the list of a report's corrections (who, when, why). Names and texts are shown as plain text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_lib.auth import current_actor
from app_lib.db import get_db_path, source
from app_lib.formatting import position
from app_lib.ui import problem, write_succeeded
from pipelines import corrections
from pipelines.catalog import label as label_of
from pipelines.errors import GovReportsError
from pipelines.safetext import md

CORRECTION_COLUMNS = {
    "label": "指标",
    "value": "更正后",
    "original_value": "原值（解析所得）",
    "raw_text": "原文",
    "reason": "更正理由",
    "corrected_by": "更正人",
    "corrected_at": "更正时间",
    "state": "状态",
}


def listed(report_id: str | None = None) -> pd.DataFrame:
    """Corrections (newest first) in Chinese columns, for a table."""
    df = corrections.corrections(source(), report_id)
    out = df.assign(
        label=df["metric"].map(label_of),
        state=[
            "撤销" if w else ("现行" if c else "已被取代")
            for w, c in zip(df["withdrawn"], df["current"], strict=True)
        ],
    )
    cols = (["unit_name", "year"] if report_id is None else []) + list(CORRECTION_COLUMNS)
    names = {"unit_name": "单位", "year": "年度", **CORRECTION_COLUMNS}
    return out[cols].rename(columns=names)


def correction_panel(report, figures: pd.DataFrame) -> None:
    """Below the viewer: the form to correct a figure of ``report`` and its corrections."""
    history = listed(report.report_id)
    title = "更正数字（人工更正）" + (f"　已有 {len(history)} 条记录" if len(history) else "")
    with st.expander(title, icon=":material/edit_note:"):
        st.caption(
            "报告印错或解析读错时在此更正：原文数字和位置保持不变，图表和合计使用更正后的数字并标注“已更正”，"
            "重新解析后更正仍然有效。"
        )
        if figures.empty:
            st.text("这份报告没有可更正的数字。")
        else:
            _form(report, figures)
        if not history.empty:
            st.dataframe(history, hide_index=True, key=f"up-corrections-{report.report_id}")


def _form(report, figures: pd.DataFrame) -> None:
    by_metric = figures.drop_duplicates("metric").set_index("metric")
    metric = st.selectbox(
        "指标",
        list(by_metric.index),
        format_func=lambda m: (
            f"{by_metric.at[m, 'label'] or label_of(m)}（{_number(by_metric.at[m, 'value'])}）"
        ),
        key=f"up-correct-metric-{report.report_id}",
        index=None,
        placeholder="选择要更正的数字",
    )
    if metric is None:
        return
    fig = by_metric.loc[metric]
    st.text(f"原文：{fig['raw_text'] or '—'} · 位置：{position(fig['provenance'])}")
    with st.form(f"up-correct-{report.report_id}-{metric}", border=True):
        value = st.number_input("更正后的数值", value=float(fig["value"]), step=1.0, format="%g")
        reason = st.text_area("更正理由", placeholder="例如：第三表合计栏印错，按分项之和更正；已与单位核实")
        who = st.text_input("更正人", value=st.session_state.get("q-reviewer", ""))
        saved = st.form_submit_button("保存更正", type="primary")
    if saved:
        if not write_succeeded(
            lambda: corrections.record_correction(
                get_db_path(), report.report_id, metric, value, reason, who, actor=current_actor()
            )
        ):
            return
        st.session_state["q-reviewer"] = who.strip()
        st.toast("已保存更正")
        st.rerun()
    original = fig.get("original_value")
    if original is not None and not pd.isna(original):
        if st.button("撤销这项更正", key=f"up-correct-withdraw-{report.report_id}-{metric}"):
            try:
                corrections.withdraw_correction(
                    get_db_path(), report.report_id, metric, st.session_state.get("q-reviewer", ""),
                    actor=current_actor(),
                )
            except GovReportsError as exc:
                problem(f"撤销失败：{md(exc)}")
                return
            st.rerun()


def _number(value) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:,.10g}"
