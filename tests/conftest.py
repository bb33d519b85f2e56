"""Shared fixtures: a small demo database built by the REAL pipeline (generate + ingest)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
TEST_UNITS = 30  # small but covers every kind, family and format

# Fixtures that generate a corpus or build a database: a test that uses one (directly or
# through another fixture) is marked `demo` and left out of the fast lane
# (`bash scripts/test.sh --fast`, i.e. `-m "not demo and not browser and not slow"`).
DEMO_FIXTURES = frozenset(
    {"demo_corpus", "demo_db", "demo_db_copy", "sql_db", "private_db", "default_corpus", "mixed_corpus"}
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test whose fixture closure reaches a demo corpus or database as `demo`."""
    for item in items:
        if DEMO_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.demo)


@pytest.fixture(scope="session")
def demo_corpus(tmp_path_factory) -> Path:
    """A generated demo corpus (files + truth.jsonl), every format and family."""
    from pipelines.demo.generate import generate_corpus

    out = tmp_path_factory.mktemp("demo_corpus")
    generate_corpus(out, units=TEST_UNITS, seed=7)
    return out


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, demo_corpus) -> Path:
    """A demo database built like `govreports demo` (real ingest of the corpus + real samples).

    A test that uses it has GOVREPORTS_DB pointing to it (`_demo_db_env`), so the app under
    test opens it. Tests that write must copy it first (see `demo_db_copy`).
    """
    from pipelines.demo import install_registry
    from pipelines.ingest import ingest_paths

    db = tmp_path_factory.mktemp("db") / "demo.duckdb"
    ingest_paths([demo_corpus], db, is_demo=True, progress=False)
    ingest_paths([SAMPLES], db, progress=False)
    install_registry(demo_corpus, db)  # the demo's 应报单位名单, next to the database
    return db


@pytest.fixture(autouse=True)
def _demo_db_env(request, monkeypatch):
    """GOVREPORTS_DB = the demo database for a test that uses it, undone after the test (a
    test may point it elsewhere with its own monkeypatch.setenv, which comes later)."""
    if "demo_db" in request.fixturenames:
        monkeypatch.setenv("GOVREPORTS_DB", str(request.getfixturevalue("demo_db")))


@pytest.fixture
def demo_db_copy(demo_db, tmp_path) -> Path:
    """A private copy of the demo database for tests that write to it."""
    from pipelines.registry import copy_with_database

    return copy_with_database(demo_db, tmp_path / "demo-copy.duckdb")


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES
