"""govreports dashboard: `streamlit run dashboard.py`.

Builds the demo database on first start when none exists, draws the global filters in the
sidebar (they carry across pages and live in the URL) and runs the chosen page.
"""

from __future__ import annotations

import subprocess
import sys

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from app_lib import auth, nav
from app_lib.filters import sidebar_filters
from pipelines.db import PROJECT_ROOT, default_db_path


def ensure_database() -> None:
    """First start: build the embedded demo database, with a visible progress message.

    The build (pipelines.demo.build_demo, via `python -m pipelines demo`) runs in a child
    process: the ingest forks worker processes, which is unsafe from inside the threaded
    Streamlit server, and the app stays responsive while the child works.
    """
    path = default_db_path()
    if path.exists():
        return
    with st.status("首次启动：正在生成示例数据库（示例数据）…", expanded=True) as status:
        st.write("数据库文件不存在。正在用演示语料生成报告并以正式导入流程入库，约需一到两分钟。")
        progress = st.empty()
        command = [sys.executable, "-m", "pipelines", "demo", "--db", str(path)]
        with subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=PROJECT_ROOT
        ) as child:
            tail: list[str] = []
            for line in child.stdout:  # type: ignore[union-attr]
                if line.strip():
                    tail = [*tail[-4:], line.rstrip()]
                    progress.code("\n".join(tail), language=None)
        if child.returncode != 0 or not path.exists():
            status.update(label="示例数据库生成失败", state="error")
            st.error("无法生成示例数据库。最后的输出：")
            st.code("\n".join(tail), language=None)
            st.stop()
        status.update(label="示例数据库已生成", state="complete", expanded=False)


# Only inside a Streamlit session: a child process that imports this module as __main__
# (multiprocessing's forkserver preload does) must not start the app or a build.
if get_script_run_ctx() is not None:
    st.set_page_config(page_title="政府信息公开年度报告", page_icon=":material/analytics:", layout="wide")
    auth.gate()  # sign-in (or the 本地模式 banner) before anything, the first-start build included
    ensure_database()
    page = st.navigation(nav.navigation(), expanded=True)  # every page listed (no "view more")
    auth.page_gate(page)  # the page's role, also when opened by its URL
    sidebar_filters()
    page.run()
