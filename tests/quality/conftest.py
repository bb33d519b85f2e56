"""Fixtures of the 数据质量 tests."""

from __future__ import annotations

import duckdb
import pytest


@pytest.fixture(scope="module")
def con(demo_db):
    """A read-only connection to the demo database (the file's own tables, no officers' store)."""
    c = duckdb.connect(str(demo_db), read_only=True)
    yield c
    c.close()
