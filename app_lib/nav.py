"""Every page of the dashboard, defined once: its script, title, icon, address and the role
it needs. dashboard.py builds the navigation from :data:`SECTIONS`; links to a page
(:func:`link`), its role (app_lib.auth) and URLs (``UNIT_PROFILE.url_path``) use the same
definitions — no page path is spelled twice.

An ``st.Page`` resolves its script against the running app, so the objects are made in the
session (:func:`st_page`, once per page and run); the definitions here are plain data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from pipelines.safetext import md


@dataclass(frozen=True)
class PageDef:
    script: str  # relative to dashboard.py
    title: str
    icon: str
    url_path: str  # "" for the default page
    role: str = "viewer"  # pipelines.access role needed to open it
    default: bool = False


OVERVIEW = PageDef("app_pages/overview.py", "总览", ":material/dashboard:", "", default=True)
TRENDS = PageDef("app_pages/trends.py", "趋势", ":material/trending_up:", "trends")
COMPARE = PageDef("app_pages/compare.py", "对比", ":material/leaderboard:", "compare")
SEARCH = PageDef("app_pages/search.py", "全文检索", ":material/search:", "search")
APPLICATIONS = PageDef("app_pages/applications.py", "依申请公开", ":material/mail:", "applications")
LITIGATION = PageDef("app_pages/litigation.py", "复议诉讼", ":material/gavel:", "litigation")
CHANNELS = PageDef("app_pages/channels.py", "公开渠道", ":material/campaign:", "channels")
UNIT_PROFILE = PageDef("app_pages/unit_profile.py", "单位档案", ":material/badge:", "unit_profile")
SQL = PageDef("app_pages/sql_explorer.py", "SQL 查询", ":material/terminal:", "sql", role="analyst")
QUALITY = PageDef("app_pages/quality.py", "数据质量", ":material/fact_check:", "quality")
INTAKE = PageDef("app_pages/intake.py", "导入", ":material/upload_file:", "intake", role="importer")
AUDIT = PageDef("app_pages/audit.py", "审计记录", ":material/history:", "audit", role="admin")
ROLES = PageDef("app_pages/roles.py", "角色", ":material/admin_panel_settings:", "roles", role="admin")

SECTIONS: dict[str, tuple[PageDef, ...]] = {
    "数据看板": (OVERVIEW, TRENDS, COMPARE, SEARCH),
    "专题": (APPLICATIONS, LITIGATION, CHANNELS, UNIT_PROFILE),
    "数据管理": (SQL, QUALITY, INTAKE),
    "系统管理": (AUDIT, ROLES),
}
PAGES: tuple[PageDef, ...] = tuple(p for pages in SECTIONS.values() for p in pages)
# url_path of a page → the role it needs (every other page: viewer); read by app_lib.auth.
PAGE_ROLES: dict[str, str] = {p.url_path: p.role for p in PAGES if p.role != "viewer"}


def st_page(page: PageDef) -> Any:
    """The ``st.Page`` of a definition (made in the running session)."""
    kwargs: dict[str, Any] = {"title": page.title, "icon": page.icon, "default": page.default}
    if page.url_path:
        kwargs["url_path"] = page.url_path
    return st.Page(page.script, **kwargs)


def navigation() -> dict[str, list]:
    """The sections of st.navigation, every page made from its definition."""
    return {section: [st_page(p) for p in pages] for section, pages in SECTIONS.items()}


def link(page: PageDef, label: str, *, fallback: str | None = None, **kwargs: Any) -> None:
    """A link to another page (``label`` is Markdown: escape any name in it with md());
    ``fallback`` (plain text, default the label) when the page is not in the navigation,
    e.g. a page run on its own as AppTest does."""
    try:
        st.page_link(page.script, label=label, **kwargs)
    except Exception:  # noqa: BLE001 - StreamlitAPIException / KeyError depending on context
        st.caption(md(fallback) if fallback is not None else label)
