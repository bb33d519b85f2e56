"""角色 (admins, read-only): the roles file as it is applied — who holds which role where —
and what each role may do. The admin edits the file itself (data/roles.csv or
$GOVREPORTS_ROLES); a change applies on the next page view, without a restart.

Identities and regions are shown in st.dataframe cells and st.text, never as Markdown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_lib import auth
from app_lib.ui import page_header, problem
from pipelines import access
from pipelines.safetext import md

page_header(
    "角色",
    "谁可以做什么。角色写在角色文件中（每行：账号、角色、地区范围），由管理员编辑；此页只读。",
)
path = access.roles_path()
st.caption("角色文件")
st.text(str(path))
if auth.local_mode():
    st.info(
        "本地模式下只有一个“本地用户”，拥有全部角色；角色文件在配置统一身份认证后生效。",
        icon=":material/computer:",
    )
try:
    roles = access.load_roles(path)
except access.RolesFileError as exc:
    problem(f"角色文件有误：{md(exc)}")
    st.stop()
if not path.exists():
    st.warning("角色文件不存在：登录后所有账号都没有角色。", icon=":material/warning:")
table = pd.DataFrame(
    [
        {
            "账号": r.identity,
            "角色": f"{access.ROLE_LABELS[r.role]}（{r.role}）",
            "地区范围": r.region or "全部地区",
            "行号": r.line,
        }
        for r in roles.rows
    ],
    columns=["账号", "角色", "地区范围", "行号"],
)
st.subheader(f"已分配的角色：{len(table)} 条", anchor=False)
st.dataframe(table, hide_index=True, width="stretch")
st.subheader("各角色的权限", anchor=False)
st.caption("每个角色包含前面各角色的全部权限；地区范围限制核实和确认归属。")
st.dataframe(
    pd.DataFrame(
        [
            {"角色": f"{access.ROLE_LABELS[r]}（{r}）", "可以": access.ROLE_DESCRIPTIONS[r]}
            for r in access.ROLES
        ]
    ),
    hide_index=True,
    width="stretch",
)
