"""The 待归属 list, shown on the 导入 and 数据质量 pages: report texts kept because their unit
or year is not certain, with the ranked candidates and the line each was read from, and a
form that places one or several of them (the same library call as `govreports place`).

Several reports can be placed at once under one unit (a folder of one body's reports whose
texts say only 我局): each keeps the year read from its own text. The form's fields are
keyed by the reports picked, so a field's pre-filled candidate is always the picked
report's — never one left over from an earlier pick.

Every name, reason and evidence line is shown through st.dataframe / st.text (never as
Markdown): they come from the reports and from file names.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from app_lib.auth import current_actor
from app_lib.db import get_db_path, source
from app_lib.queries.unplaced import unplaced_reports
from pipelines.placing import Placed, PlacementRequest


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


def first_candidate(row: pd.Series, column: str) -> str | None:
    """The row's likeliest candidate in ``column`` (unit_candidates / year_candidates), if any."""
    values = _as_list(row[column])
    return str(values[0]) if values else None


@dataclass(frozen=True)
class PickedReport:
    """A report the officer picked, as the form needs it: its hash, its file, the year its text gave."""

    sha256: str
    file_name: str
    year_read: int | None


def picked_reports(rows: pd.DataFrame) -> list[PickedReport]:
    return [
        PickedReport(row["sha256"], row["file_name"], int(y) if (y := first_candidate(row, "year_candidates")) else None)
        for _, row in rows.iterrows()
    ]


def shared_unit(rows: pd.DataFrame) -> str:
    """The unit to pre-fill for the picked reports: their likeliest unit when they all share it,
    else nothing (the officer types it: no report is offered another report's candidate)."""
    firsts = {first_candidate(row, "unit_candidates") for _, row in rows.iterrows()}
    if len(firsts) != 1:
        return ""
    return next(iter(firsts)) or ""


@dataclass(frozen=True)
class PlacementPlan:
    """What the form asks for: the requests to make, and the reports it cannot place as filled in."""

    requests: list[PlacementRequest]
    problems: list[str]


def placement_plan(picked: list[PickedReport], unit: str, year: int | None) -> PlacementPlan:
    """The requests for the ``picked`` reports under ``unit``: one report takes ``year`` (the form's
    field); several each take the year read from their own text, and one with no year read is
    left out with the reason (to be placed alone, with its year typed)."""
    unit = " ".join(unit.split())
    if not unit:
        return PlacementPlan([], ["请填写归属单位的全称。"])
    if len(picked) == 1:
        if year is None:
            return PlacementPlan([], ["请填写统计年度。"])
        return PlacementPlan([PlacementRequest(picked[0].sha256, unit, int(year))], [])
    requests, problems = [], []
    for report in picked:
        if report.year_read is None:
            problems.append(f"{report.file_name}：文中没有读出年度，请单独选择这份报告并填写统计年度。")
        else:
            requests.append(PlacementRequest(report.sha256, unit, report.year_read))
    return PlacementPlan(requests, problems)


def render_unplaced(key: str) -> None:
    """The 待归属 section: the list, then the form that places the reports picked."""
    df = unplaced_reports(source())
    st.subheader(f"待归属报告：{len(df)} 份", anchor=False)
    if df.empty:
        st.caption("没有待归属的报告：每份导入的报告都已确定单位和年度。")
        return
    st.caption(
        "这些文件是年度报告，但单位或年度不能确定，已保存（连同读出的数字），在归属前不计入任何图表和统计。"
        "请核对候选后确认归属；同一单位的几份报告可以一起选择，各按文中读出的年度归属。"
    )
    st.dataframe(unplaced_table(df), hide_index=True, width="stretch")
    by_sha = df.set_index("sha256", drop=False)
    labels = {r.sha256: f"{r.file_name}（{r.sha256[:8]}）" for r in df.itertuples()}
    # (options are content hashes, not row numbers: the list changes after each placement)
    picked = st.multiselect(
        "选择要归属的报告（可多选）", list(labels), format_func=labels.__getitem__, key=f"place-pick-{key}",
        placeholder="选择一份或几份报告",
    )
    picked = [sha for sha in picked if sha in labels]
    if not picked:
        return
    rows = by_sha.loc[picked]
    reports = picked_reports(rows)
    # the fields are keyed by the pick: their pre-filled candidates are always the picked reports'
    pick = hashlib.sha256("".join(picked).encode()).hexdigest()[:12]
    with st.form(f"place-{key}"):
        st.text_input("归属单位（全称）", value=shared_unit(rows), key=f"place-unit-{key}-{pick}")
        if len(reports) == 1:
            st.number_input(
                "统计年度", min_value=2000, max_value=2100, value=reports[0].year_read, step=1,
                placeholder="文中没有读出年度：请填写", key=f"place-year-{key}-{pick}",
            )
            evidence = _as_list(rows.iloc[0]["unit_evidence"])
            if evidence:
                st.text("单位依据：" + " ｜ ".join(evidence[:3]))
        else:
            st.caption("各报告按文中读出的年度归属：")
            years = [str(r.year_read) if r.year_read else "（未读出）" for r in reports]
            st.dataframe(pd.DataFrame({"文件": [r.file_name for r in reports], "统计年度": years}), hide_index=True)
        st.form_submit_button(
            f"确认归属（{len(reports)} 份）", type="primary", on_click=_place_picked, args=(key, pick, reports),
        )


_PAGE_NAMES = {"intake": "导入页面", "quality": "数据质量页面"}  # who placed it, in the placements table


def _place_picked(key: str, pick: str, reports: list[PickedReport]) -> None:
    """The form's submit callback (it runs before the page is drawn again, so the pick can be
    cleared once its reports are placed)."""
    from pipelines.placing import place_sources

    plan = placement_plan(
        reports, st.session_state.get(f"place-unit-{key}-{pick}", ""), st.session_state.get(f"place-year-{key}-{pick}")
    )
    refused = list(plan.problems)
    placed: list[Placed] = []
    if plan.requests:
        placed, not_placed = place_sources(
            get_db_path(), plan.requests, placed_by=_PAGE_NAMES.get(key, key), actor=current_actor()
        )
        names = {r.sha256: r.file_name for r in reports}
        refused += [f"{names.get(r.source, r.source)}：{r.reason}" for r in not_placed]
    st.session_state["placed-message"] = (
        [f"已归属：{p.unit_name} {p.year} 年度（{p.figures} 个数字）" for p in placed], refused,
    )
    if placed and not refused:
        st.session_state.pop(f"place-pick-{key}", None)


def placed_message() -> None:
    """What the last placement did: the reports placed, and those not placed with the reason."""
    message = st.session_state.pop("placed-message", None)
    if not message:
        return
    placed, refused = message
    if placed:
        st.success(f"归属完成：{len(placed)} 份", icon=":material/check_circle:")
        for line in placed:
            st.text(line)  # names a unit as typed: plain text, never Markdown
    if refused:
        st.error(f"未能归属：{len(refused)} 项", icon=":material/error:")
        for line in refused:
            st.text(line)
