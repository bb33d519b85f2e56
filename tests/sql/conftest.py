"""The database the SQL tests query: the shared `demo_db` (real generate + ingest)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def sql_db(demo_db) -> Path:
    return demo_db


@pytest.fixture
def private_db(sql_db, tmp_path) -> Path:
    """A copy of the database alone in its own folder, so the folder listing is ours."""
    folder = tmp_path / "dbdir"
    folder.mkdir()
    copy = folder / "reports.duckdb"
    shutil.copyfile(sql_db, copy)
    return copy
