"""Sign-in, roles and 本地模式 in the dashboard (issue 12).

- **本地模式** (no ``[auth]`` in ``.streamlit/secrets.toml``): one local user, 本地用户, holds
  every role; a banner on every page says so; ``scripts/run.sh`` binds the server to
  127.0.0.1, and a client that is not on this machine gets no role at all.
- **Sign-in** (``[auth]`` configured): Streamlit's own ``st.login`` (OpenID Connect) before any
  page; the signed-in e-mail or subject is looked up in the roles file
  (``pipelines/access.py``); a sign-out button in the sidebar.

The role checks themselves are :func:`pipelines.access.authorize`; the writers call it with
:func:`current_actor`, and pages call :func:`require` (raises
:class:`pipelines.access.AccessDenied`, whose text is the Chinese message).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

import streamlit as st

from app_lib.nav import PAGE_ROLES  # url_path of a page → the role it needs
from pipelines import access
from pipelines.access import AccessDenied, Actor, Region
from pipelines.safetext import md

LOCAL_IDENTITY = "本地用户"
LOCAL_BANNER = (
    "**本地模式**：没有配置统一身份认证（`.streamlit/secrets.toml` 中没有 `[auth]`），"
    "只有本机（127.0.0.1）可以访问；所有操作以“本地用户”的身份进行，并记入审计记录。"
)
_PAGE_KEY = "auth-page-title"


def auth_settings() -> Mapping[str, Any] | None:
    """The ``[auth]`` section of the secrets, or None (本地模式)."""
    try:
        section = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets file, or one that does not parse
        return None
    return section if isinstance(section, Mapping) and section else None


def local_mode() -> bool:
    return auth_settings() is None


def provider_name(section: Mapping[str, Any]) -> str | None:
    """The provider to pass to ``st.login``: None when ``client_id`` sits directly under
    ``[auth]``, else the first ``[auth.NAME]`` sub-section."""
    if "client_id" in section:
        return None
    for name, value in section.items():
        if isinstance(value, Mapping) and "client_id" in value:
            return str(name)
    return None


def _source() -> str:
    page = st.session_state.get(_PAGE_KEY)
    return f"看板 · {page}" if page else "看板"


def _remote_client() -> bool:
    try:
        ip = st.context.ip_address  # None for 127.0.0.1 / ::1
    except Exception:  # noqa: BLE001 - outside a browser session
        return False
    return is_remote_ip(ip)


def is_remote_ip(ip: object) -> bool:
    """Whether a client address is another machine (loopback, also IPv4-mapped, is not)."""
    if not isinstance(ip, str) or not ip:  # (AppTest has a stand-in object here)
        return False
    try:
        address = ipaddress.ip_address(ip.split("%")[0])
    except ValueError:
        return True
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 from a dual-stack socket
    return not address.is_loopback


def current_actor() -> Actor:
    """Who is using this session, with the grants of the roles file."""
    if local_mode():
        if _remote_client():
            return Actor("非本机访问（本地模式）", (), _source())
        return Actor(LOCAL_IDENTITY, access.ALL_ROLES, _source() + "（本地模式）")
    user = st.user
    if not user.is_logged_in:
        return Actor("未登录", (), _source())
    email = str(user.get("email") or "").strip()
    sub = str(user.get("sub") or "").strip()
    grants = access.load_roles().grants_for([email, sub])
    return Actor(email or sub, grants, _source(), signed_in=True, name=str(user.get("name") or ""))


def require(role: str, region: Region | None = None) -> Actor:
    """The current actor if it holds ``role`` (within ``region``); else AccessDenied."""
    return access.authorize(current_actor(), role, region)


def can(role: str, region: Region | None = None) -> bool:
    return current_actor().can(role, region)


def signed_in_identity() -> str | None:
    """The identity vouched for by the provider (None in 本地模式): the 核实人 of a decision."""
    actor = current_actor()
    return actor.identity if actor.signed_in else None


def gate() -> Actor:
    """Before anything else on every page: the sign-in screen when a provider is configured
    and nobody is signed in; the 本地模式 banner otherwise; refusal for a user without any role."""
    section = auth_settings()
    if section is None:
        st.info(LOCAL_BANNER, icon=":material/computer:")
        actor = current_actor()
        if not actor.grants:
            st.error("本地模式只允许在运行看板的这台计算机上访问。请在本机打开，或配置统一身份认证。")
            st.stop()
        return actor
    if not st.user.is_logged_in:
        _sign_in_screen(section)
        st.stop()
    try:
        actor = current_actor()
    except access.RolesFileError as exc:
        st.error(f"角色文件有误，暂时无法确定权限：{md(exc)}", icon=":material/error:")
        _sign_out_button()
        st.stop()
    with st.sidebar:
        st.caption("当前账号")
        st.text(actor.identity + (f"（{actor.name}）" if actor.name and actor.name != actor.identity else ""))
        st.text("角色：" + ("、".join(_grant_text(g) for g in actor.grants) or "无"))  # roles file text: never Markdown
        _sign_out_button()
    if not actor.can("viewer"):
        st.error("你的账号还没有分配角色，暂时不能查看。请联系管理员在角色文件中添加：", icon=":material/block:")
        st.text(actor.identity)
        st.stop()
    return actor


def page_gate(page: Any) -> None:
    """Refuse a page the current user's roles do not reach (also when opened by its URL)."""
    st.session_state[_PAGE_KEY] = getattr(page, "title", "")
    role = PAGE_ROLES.get(getattr(page, "url_path", ""), "viewer")
    try:
        require(role)
    except AccessDenied as exc:
        st.title(getattr(page, "title", ""), anchor=False)
        st.error(f"无权访问此页面。{md(exc)}", icon=":material/block:")
        st.stop()


def _grant_text(grant: access.Grant) -> str:
    label = access.ROLE_LABELS[grant.role]
    return f"{label}（{grant.region}）" if grant.region else label


def _sign_in_screen(section: Mapping[str, Any]) -> None:
    st.title("政府信息公开年度报告", anchor=False)
    st.info("请使用单位统一身份认证账号登录后使用。", icon=":material/lock:")
    if st.button("登录", type="primary", icon=":material/login:", key="auth-login"):
        st.login(provider_name(section))


def _sign_out_button() -> None:
    if st.button("退出登录", icon=":material/logout:", key="auth-logout"):
        st.logout()


__all__ = [
    "LOCAL_IDENTITY",
    "PAGE_ROLES",
    "AccessDenied",
    "can",
    "current_actor",
    "gate",
    "local_mode",
    "page_gate",
    "require",
    "signed_in_identity",
]
