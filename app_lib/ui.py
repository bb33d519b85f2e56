"""Shared page furniture: header, the 示例数据 banner, friendly empty states and notes.

Every page starts with :func:`page_header`; pages call :func:`demo_banner` with whether the
data in scope includes synthetic reports, and :func:`empty_state` instead of drawing a chart
from nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

DEMO_MARK = "示例数据"
DEMO_EXPLANATION = (
    "当前范围包含**示例数据**：由演示语料生成器合成的年度报告（地名与单位名称为虚构或仅作演示），"
    "不代表任何机关的真实数字。"
)


def page_header(title: str, caption: str | None = None) -> None:
    """The page title, with an optional one-line explanation under it."""
    st.title(title, anchor=False)
    if caption:
        st.caption(caption)


def demo_banner(is_demo: bool) -> None:
    """A clear 示例数据 banner whenever the data in scope includes synthetic reports."""
    if is_demo:
        st.warning(DEMO_EXPLANATION, icon=":material/science:")


def empty_state(message: str, hint: str | None = None) -> None:
    """Shown instead of a chart or table when the scope holds no data: says what is missing."""
    st.info(message if not hint else f"{message}\n\n{hint}", icon=":material/info:")


def write_succeeded(write: Callable[[], object]) -> bool:
    """Run an officer's write (a decision, a correction …); a refusal (ValueError) or a failed
    write (GovReportsError) is shown as one plain message and gives False."""
    from pipelines.errors import GovReportsError
    from pipelines.safetext import md

    try:
        write()
    except ValueError as exc:
        problem(md(exc))
        return False
    except GovReportsError as exc:
        problem(f"保存失败：{md(exc)}")
        return False
    return True


def problem(message: str) -> None:
    """Shown when data is present but unusable (odd values, a missing table): never a traceback."""
    st.error(message, icon=":material/error:")


def unknown_link_value(what: str, value: str, shown: str | None = None) -> None:
    """A link (URL parameter) asked for something the database does not have: say so on the
    page instead of silently showing something else."""
    instead = f"，现显示{shown}" if shown else ""
    st.warning(f"链接中的{what}“{value}”在当前数据中不存在{instead}。", icon=":material/link_off:")
