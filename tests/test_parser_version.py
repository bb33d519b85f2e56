"""PARSER_VERSION changes whenever the parser's output changes, and `reparse --stale`
re-parses only the reports of an older parser."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import duckdb
import pytest

import pipelines
from pipelines.parser_version import FIXTURES, fixture_inputs, is_older, output_digest, version_tuple

ROOT = Path(__file__).resolve().parent.parent


def test_parser_output_matches_the_recorded_digest() -> None:
    assert len(fixture_inputs()) >= 40, "the digest must cover the normalize fixtures"
    assert output_digest() == pipelines.PARSER_DIGEST, (
        "parser output changed: bump PARSER_VERSION and update the digest "
        "(.venv/bin/python scripts/parser_digest.py --update)"
    )


def test_digest_sees_a_changed_fixture(tmp_path: Path) -> None:
    folder = tmp_path / "fixtures"
    folder.mkdir()
    for src in fixture_inputs()[:3]:
        shutil.copy(src, folder / src.name)
    before = output_digest(folder)
    first = sorted(folder.iterdir())[0]
    first.write_text(
        first.read_text(encoding="utf-8") + "\n本年新收政府信息公开申请7件。\n", encoding="utf-8"
    )
    assert output_digest(folder) != before


def test_version_order() -> None:
    assert version_tuple(pipelines.PARSER_VERSION) is not None
    assert is_older("1.0.0", than="1.1.0")
    assert is_older("1.9.9", than="1.10.0")  # numeric, not text order
    assert is_older(None, than="1.0.0") and is_older("garbage", than="1.0.0")
    assert not is_older("1.1.0", than="1.1.0")
    assert not is_older("2.0.0", than="1.1.0")  # parsed by a newer release: leave it


def _script():
    spec = importlib.util.spec_from_file_location("parser_digest", ROOT / "scripts" / "parser_digest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_update_script_rewrites_version_and_digest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = _script()
    init = tmp_path / "__init__.py"
    init.write_text('"""doc"""\n\nPARSER_VERSION = "1.4.2"\nPARSER_DIGEST = "abc"\n', encoding="utf-8")
    monkeypatch.setattr(script, "INIT", init)
    monkeypatch.setattr(script, "ROOT", tmp_path)
    monkeypatch.setattr(script, "PARSER_VERSION", "1.4.2")
    monkeypatch.setattr(script, "PARSER_DIGEST", "abc")
    monkeypatch.setattr(script, "output_digest", lambda: "def")
    assert script.main([]) == 1  # changed, not updated
    assert script.main(["--update"]) == 0
    assert init.read_text(encoding="utf-8").endswith('PARSER_VERSION = "1.4.3"\nPARSER_DIGEST = "def"\n')
    assert script.bumped("1.4.2", minor=True) == "1.5.0"


@pytest.mark.slow  # a whole ingest or CLI run: full suite only (keeps the fast lane under a minute)
def test_reparse_stale_reparses_only_older_reports(tmp_path: Path) -> None:
    from pipelines.ingest import ingest_paths, reparse_database

    src = tmp_path / "in"
    src.mkdir()
    for name in ("real_101.txt", "real_102.txt", "real_103.txt"):
        shutil.copy(FIXTURES / name, src / f"2020_测试单位{name[5:8]}.txt")
    db = tmp_path / "t.duckdb"
    summary = ingest_paths([src], db, progress=False, workers=1)
    assert summary.loaded == 3, summary.rejected
    con = duckdb.connect(str(db))
    old_id = con.execute("SELECT report_id FROM reports ORDER BY report_id LIMIT 1").fetchone()[0]
    con.execute("UPDATE reports SET parser_version = '0.9.0' WHERE report_id = ?", [old_id])
    con.close()

    result = reparse_database(db, progress=False, stale_only=True)
    assert (result.replaced, result.unchanged) == (1, 2)
    assert result.report_ids == [old_id]
    con = duckdb.connect(str(db), read_only=True)
    versions = {v for (v,) in con.execute("SELECT parser_version FROM reports").fetchall()}
    con.close()
    assert versions == {pipelines.PARSER_VERSION}

    again = reparse_database(db, progress=False, stale_only=True)
    assert (again.replaced, again.unchanged) == (0, 3)
