"""The database the SQL tests query: the shared `demo_db` (real generate + ingest) when it
can be built, else a synthetic one written through the real writer (see synthetic_db.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from synthetic_db import build_synthetic_db


@pytest.fixture(scope="session")
def sql_db(request, tmp_path_factory) -> Path:
    try:
        return request.getfixturevalue("demo_db")
    except (ImportError, pytest.FixtureLookupError):
        return build_synthetic_db(tmp_path_factory.mktemp("sqldb") / "synthetic.duckdb")


@pytest.fixture
def private_db(sql_db, tmp_path) -> Path:
    """A copy of the database alone in its own folder, so the folder listing is ours."""
    folder = tmp_path / "dbdir"
    folder.mkdir()
    copy = folder / "reports.duckdb"
    shutil.copyfile(sql_db, copy)
    return copy
