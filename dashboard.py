"""govreports dashboard: `streamlit run dashboard.py`.

Builds the demo database on first start when none exists, draws the global filters in the
sidebar (they carry across pages and live in the URL) and runs the chosen page.
"""

from __future__ import annotations

import streamlit as st

from app_lib.filters import sidebar_filters
from pipelines.db import default_db_path

st.set_page_config(page_title="政府信息公开年度报告", page_icon="📊", layout="wide")


def ensure_database() -> None:
    """First start: build the embedded demo database, with a visible progress message."""
    path = default_db_path()
    if path.exists():
        return
    with st.status("首次启动：正在生成示例数据库（示例数据）…", expanded=True) as status:
        st.write(f"数据库文件不存在：`{path}`，正在用演示语料生成并导入，约需一分钟。")
        try:
            from pipelines.demo import build_demo

            build_demo(path)
        except Exception as exc:  # noqa: BLE001 - shown to the user, the app cannot run without it
            status.update(label="示例数据库生成失败", state="error")
            st.error(f"无法生成示例数据库：{exc}")
            st.stop()
        status.update(label="示例数据库已生成", state="complete", expanded=False)


PAGES = {
    "数据看板": [
        st.Page("app_pages/overview.py", title="总览", icon=":material/dashboard:", default=True),
        st.Page("app_pages/trends.py", title="趋势", icon=":material/trending_up:", url_path="trends"),
        st.Page("app_pages/compare.py", title="对比", icon=":material/leaderboard:", url_path="compare"),
    ],
    "专题": [
        st.Page(
            "app_pages/applications.py", title="依申请公开", icon=":material/mail:", url_path="applications"
        ),
        st.Page("app_pages/litigation.py", title="复议诉讼", icon=":material/gavel:", url_path="litigation"),
        st.Page("app_pages/channels.py", title="公开渠道", icon=":material/campaign:", url_path="channels"),
        st.Page(
            "app_pages/unit_profile.py", title="单位档案", icon=":material/badge:", url_path="unit_profile"
        ),
    ],
    "数据管理": [
        st.Page("app_pages/sql_explorer.py", title="SQL 查询", icon=":material/terminal:", url_path="sql"),
        st.Page("app_pages/quality.py", title="数据质量", icon=":material/fact_check:", url_path="quality"),
        st.Page("app_pages/intake.py", title="导入", icon=":material/upload_file:", url_path="intake"),
    ],
}

ensure_database()
page = st.navigation(PAGES)
sidebar_filters()
page.run()
