"""The domain documentation in docs/ guards itself: every document a file refers to exists,
every 勾稽 rule name the code uses is documented in docs/checks.md, every table of
pipelines/schema.py is in docs/contract.md, and nothing points outside the repository."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest

from pipelines import catalog, schema
from pipelines.load import CONTINUITY_RULES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
REQUIRED_DOCS = ("reports.md", "checks.md", "contract.md", "metrics.md", "queries.md", "newcomer.md")
TEXT_SUFFIXES = {".py", ".md", ".toml", ".sh", ".cfg", ".ini", ".txt", ".csv", ".json", ".yml", ".yaml"}
# Generated or bulky folders that are not the project's own writing.
SKIP_PARTS = {".venv", ".git", "demo_corpus", "test-artifacts", "bench-out", "__pycache__"}
# Only real-report fixtures and samples (texts as found on public pages) are not scanned.
SKIP_PREFIXES = ("tests/normalize/fixtures/", "data/samples/")

# A reference to a Markdown document: `docs/checks.md`, `checks.md#anchor`, `README.md`.
MD_REF = re.compile(r"(?<![\w/.-])((?:\.\./|\./)?[\w./-]*[\w-]\.md)\b")
# Paths that leave the repository (the spec folder lives beside it, not in it).
OUTSIDE_REF = re.compile(r"\.\./shared\b|\bshared/spec\b|(?<![\w.])/work/")
RULE_NAME = re.compile(r"^(?:std|legacy)\.[a-z_]+$|^text_vs_table$")


def _repo_files() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    files = []
    for rel in out:
        path = ROOT / rel
        if (
            path.suffix in TEXT_SUFFIXES
            and not SKIP_PARTS.intersection(Path(rel).parts)
            and not rel.startswith(SKIP_PREFIXES)
            and path.is_file()
        ):
            files.append(path)
    return files


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _code_spans(path: Path) -> set[str]:
    """Every `code span` of a Markdown file."""
    return set(re.findall(r"`([^`\n]+)`", _text(path)))


@pytest.mark.parametrize("name", REQUIRED_DOCS)
def test_domain_docs_exist(name: str) -> None:
    doc = DOCS / name
    assert doc.is_file(), f"docs/{name} is missing"
    assert len(_text(doc)) > 1000, f"docs/{name} is nearly empty"


@pytest.mark.slow  # scans every file of the repository (~1–1.5 s): the full suite, not the fast lane
def test_every_referenced_document_exists() -> None:
    repo_md_names = {p.name for p in ROOT.rglob("*.md") if not SKIP_PARTS.intersection(p.parts)}
    missing = []
    for path in _repo_files():
        for lineno, line in enumerate(_text(path).splitlines(), 1):
            for ref in MD_REF.findall(line):
                if "/" in ref:
                    ok = (path.parent / ref).resolve().is_file() or (ROOT / ref).is_file()
                else:
                    ok = ref in repo_md_names
                if not ok:
                    missing.append(f"{path.relative_to(ROOT)}:{lineno}: {ref}")
    assert not missing, "references to documents that are not in the repository:\n" + "\n".join(missing)


@pytest.mark.slow  # scans every file of the repository (~1–1.5 s): the full suite, not the fast lane
def test_nothing_points_outside_the_repository() -> None:
    outside = [
        f"{path.relative_to(ROOT)}:{lineno}: {line.strip()}"
        for path in _repo_files()
        if path != Path(__file__).resolve()
        for lineno, line in enumerate(_text(path).splitlines(), 1)
        if OUTSIDE_REF.search(line)
    ]
    assert not outside, "paths outside the repository:\n" + "\n".join(outside)


def _rule_names_in_checks() -> set[str]:
    """Rule names pipelines/checks.py uses: string constants shaped like a rule name."""
    tree = ast.parse(_text(ROOT / "pipelines" / "checks.py"))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and RULE_NAME.match(node.value)
    }


def test_checks_use_catalog_rules() -> None:
    used = _rule_names_in_checks()
    assert used, "no rule names found in pipelines/checks.py"
    assert used <= set(catalog.RULES), f"rules used but not in catalog.RULES: {used - set(catalog.RULES)}"


def test_every_rule_is_documented() -> None:
    documented = _code_spans(DOCS / "checks.md")
    rules = _rule_names_in_checks() | set(catalog.RULES) | set(CONTINUITY_RULES)
    missing = sorted(rules - documented)
    assert not missing, f"rules not documented in docs/checks.md: {missing}"


def test_every_family_is_documented() -> None:
    documented = _code_spans(DOCS / "reports.md")
    missing = [f for f in catalog.FAMILIES if f not in documented]
    assert not missing, f"template families not documented in docs/reports.md: {missing}"


def _schema_tables() -> set[str]:
    return set(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", schema.DDL))


def test_every_table_is_in_the_contract_doc() -> None:
    documented = _code_spans(DOCS / "contract.md")
    tables = set(schema.PUBLIC_TABLES) | _schema_tables()
    missing = sorted(tables - documented)
    assert not missing, f"tables of pipelines/schema.py not in docs/contract.md: {missing}"


def test_public_tables_exist_in_the_schema() -> None:
    views = {"series"}  # created by pipelines/load.py
    assert set(schema.PUBLIC_TABLES) <= _schema_tables() | views


def test_contract_doc_lists_every_cli_command() -> None:
    from typer.main import get_command

    from pipelines.cli import app

    documented = " ".join(_code_spans(DOCS / "contract.md"))
    commands = sorted(get_command(app).commands)  # type: ignore[attr-defined]  # a click Group
    missing = [c for c in commands if f"govreports {c}" not in documented]
    assert not missing, f"commands not documented in docs/contract.md: {missing}"


def test_the_readme_settings_table_is_the_settings_object():
    from pipelines import settings

    text = _text(ROOT / "README.md")
    block = text.split("<!-- settings:begin -->\n", 1)[1].split("<!-- settings:end -->", 1)[0]
    assert block.strip().splitlines() == settings.readme_rows(), "run: .venv/bin/python -m pipelines.settings"


def test_every_environment_variable_is_a_setting():
    """GOVREPORTS_* variables are read in pipelines/settings.py only, and each is a row of the table."""
    from pipelines import settings

    known = {*settings.ENV.values(), settings.SETTINGS_ENV}
    named, read_elsewhere = set(), []
    for folder in ("pipelines", "app_lib", "app_pages"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            code = _text(path)
            named |= set(re.findall(r"\bGOVREPORTS_[A-Z_]+\b", code))
            if path.name != "settings.py" and re.search(r"environ(?:\.get)?[\[(]\s*[\"']GOVREPORTS_", code):
                read_elsewhere.append(str(path.relative_to(ROOT)))
    assert named <= known, named - known
    assert not read_elsewhere
