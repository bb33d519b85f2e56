"""One page convention (docs/metrics.md, "add a dashboard page"): every page is defined once
in app_lib/nav.py and runs top to bottom as a script; the pages that show the filtered data
start with page.start(); no page path is spelled anywhere else."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from app_lib import nav

ROOT = Path(__file__).resolve().parent.parent
PAGE_FILES = sorted((ROOT / "app_pages").glob("*.py"))
# Tool pages: not about the sidebar's scope (their own header, no scope summary).
TOOL_PAGES = {nav.SQL, nav.INTAKE, nav.AUDIT, nav.ROLES}


def test_every_page_is_defined_once():
    scripts = [p.script for p in nav.PAGES]
    assert len(scripts) == len(set(scripts))
    assert len({p.url_path for p in nav.PAGES}) == len(nav.PAGES)
    assert sorted(scripts) == sorted(str(f.relative_to(ROOT)) for f in PAGE_FILES)
    assert [p for p in nav.PAGES if p.default] == [nav.OVERVIEW]


def test_no_page_path_is_spelled_outside_nav():
    runtime = [ROOT / "dashboard.py", *sorted((ROOT / "app_lib").rglob("*.py")), *PAGE_FILES]
    spelled = re.compile(r"""["']app_pages/""")
    offenders = [
        str(f.relative_to(ROOT)) for f in runtime if f != ROOT / "app_lib" / "nav.py" and spelled.search(f.read_text("utf-8"))
    ]
    assert not offenders


def _starts_with_page_start(tree: ast.Module) -> bool:
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Attribute) and func.attr == "start" and getattr(func.value, "id", "") == "page":
                return True
    return False


def test_pages_are_scripts_and_scoped_pages_use_page_start():
    for page in nav.PAGES:
        source = (ROOT / page.script).read_text("utf-8")
        tree = ast.parse(source)
        assert "__main__" not in source, page.script
        assert not any(isinstance(n, ast.FunctionDef) and n.name == "main" for n in tree.body), page.script
        assert _starts_with_page_start(tree) == (page not in TOOL_PAGES), page.script


def test_roles_of_pages_come_from_their_definitions():
    from app_lib import auth

    assert auth.PAGE_ROLES == {"sql": "analyst", "intake": "importer", "audit": "admin", "roles": "admin"}
