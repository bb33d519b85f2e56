"""Dependencies: everything the code imports is declared, everything declared is imported (or
listed below with the reason), and requirements.lock pins each declared package inside its range."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_CODE = ["pipelines", "app_lib", "app_pages", "dashboard.py"]
TEST_CODE = ["tests", "scripts"]
# Declared though no module imports it by name, with the reason.
USED_INDIRECTLY = {
    "authlib": "the OpenID Connect client behind st.login (streamlit[auth]); app_lib/auth.py",
    "openpyxl": "the engine of pandas' DataFrame.to_excel (XLSX downloads and `govreports findings`)",
}
# Imported, but installed with another declared package (not a direct dependency).
BUNDLED = {"packaging"}  # streamlit's and pytest's requirement; used only by this test


def _pyproject() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)


def _declared(extra: str | None = None) -> dict[str, Requirement]:
    project = _pyproject()["project"]
    reqs = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    return {canonicalize_name(r.name): r for r in map(Requirement, reqs)}


def _imports(paths: list[str]) -> set[str]:
    names: set[str] = set()
    for rel in paths:
        root = ROOT / rel
        for path in [root] if root.is_file() else root.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names.update(a.name.split(".")[0] for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names.add(node.module.split(".")[0])
    return names


def _third_party(names: set[str]) -> dict[str, set[str]]:
    """import name → distribution names, for imports that are neither stdlib nor ours."""
    dists = packages_distributions()
    ours = {"pipelines", "app_lib", "tests", "app_pages", "dashboard"}
    out = {}
    for name in names - ours - set(sys.stdlib_module_names):
        if name in dists:
            out[name] = {canonicalize_name(d) for d in dists[name]}
    return out


@pytest.mark.slow  # scans every file of the repository (~1–1.5 s): the full suite, not the fast lane
def test_every_runtime_import_is_declared() -> None:
    declared = set(_declared())
    missing = {n: d for n, d in _third_party(_imports(RUNTIME_CODE)).items() if not d & declared}
    assert not missing, f"imported by the app/pipeline but not in [project.dependencies]: {missing}"


def test_every_test_import_is_declared() -> None:
    declared = set(_declared()) | set(_declared("test")) | BUNDLED
    missing = {n: d for n, d in _third_party(_imports(TEST_CODE)).items() if not d & declared}
    assert not missing, f"imported by tests/scripts but not declared: {missing}"


@pytest.mark.slow  # scans every file of the repository (~1–1.5 s): the full suite, not the fast lane
def test_every_declared_runtime_package_is_imported() -> None:
    imported = set().union(*_third_party(_imports(RUNTIME_CODE)).values())
    unused = sorted(set(_declared()) - imported - set(USED_INDIRECTLY))
    assert not unused, f"declared in [project.dependencies] but never imported: {unused}"


def test_lock_pins_every_declared_package_inside_its_range() -> None:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.lock: not an exact pin: {line!r}"
            pins[canonicalize_name(name)] = version
    for name, req in {**_declared(), **_declared("test")}.items():
        assert name in pins, f"{name} is declared but not in requirements.lock"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {name}=={pins[name]}, outside {req.specifier}"
        )
