"""Issue 14, point 1: 数据质量's findings and coverage stored beside the database
(pipelines.quality.stored) — read back exactly as computed, keyed by what they are computed
from, written by an ingest of a big database, and never trusted when unreadable."""

from __future__ import annotations

import pandas as pd
import pytest

from pipelines import quality
from pipelines.db import connect_readonly
from pipelines.quality import stored
from pipelines.query import Connection

DEFAULTS = {s.name: float(s.default) for s in quality.ANOMALY_SETTINGS}


@pytest.fixture
def reader(demo_db_copy):
    con = connect_readonly(demo_db_copy)
    yield Connection(con)
    con.close()


def _plain(found: pd.DataFrame) -> pd.DataFrame:
    """The metrics lists as a column of Python lists (stored ones stay in Arrow, and give a
    Python list for each value read)."""
    lists = pd.Series([None if m is None else list(m) for m in found["metrics"]], dtype=object, index=found.index)
    return found.assign(metrics=lists)


def _findings(path, source):
    return stored.findings_of(path, stored.data_key(path), source, DEFAULTS, through_latest=True)


def test_stored_findings_and_coverage_read_back_as_computed(demo_db_copy, reader):
    took = stored.warm(demo_db_copy)
    assert took is not None
    assert set(took) == {"findings", "coverage"}
    files = sorted(p.name.split("-")[0] for p in stored.folder(demo_db_copy).iterdir())
    assert files == ["coverage", "findings"]
    computed = quality.findings(reader, **DEFAULTS, missing_through_latest=True)
    read = _findings(demo_db_copy, reader)
    assert computed["kind"].nunique() >= 3  # failed checks, gaps, late reports, anomalies …
    pd.testing.assert_frame_equal(_plain(read), computed)
    metrics = [read["metrics"].iloc[i] for i in range(len(read))]
    assert all(isinstance(m, list) for m in metrics) and any(metrics)  # each read as a Python list
    assert [r["metrics"] for r in read.to_dict("records")] == list(computed["metrics"])
    cov = stored.coverage_of(demo_db_copy, stored.data_key(demo_db_copy), reader, through_latest=True)
    pd.testing.assert_frame_equal(cov, quality.coverage(reader))


def test_the_key_follows_the_data_not_the_verdicts(demo_db_copy, reader):
    before = stored.data_key(demo_db_copy)
    found = _findings(demo_db_copy, reader)
    quality.record_decision(demo_db_copy, found["finding_id"].iloc[0], quality.STATUS_CONFIRMED, "核实", "张三")
    assert stored.data_key(demo_db_copy) == before  # a verdict changes no finding
    registry = demo_db_copy.parent / "unit_registry.csv"
    registry.write_text(registry.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after = stored.data_key(demo_db_copy)
    assert after != before  # an edit of the 应报单位名单 does
    thresholds = tuple(sorted({**DEFAULTS, "through_latest": True}.items()))
    assert stored.load(demo_db_copy, "findings", (after, thresholds)) is None
    assert stored.load(demo_db_copy, "findings", (before, thresholds)) is not None


def test_an_unreadable_file_is_computed_again(demo_db_copy, reader):
    first = _findings(demo_db_copy, reader)
    (path,) = stored.folder(demo_db_copy).glob("findings-*.arrow")
    path.write_bytes(b"not an arrow file")
    again = _findings(demo_db_copy, reader)
    pd.testing.assert_frame_equal(_plain(again), _plain(first))
    assert path.read_bytes()[:6] == b"ARROW1"  # and stored again


def test_a_folder_that_cannot_be_written_only_costs_the_computation(demo_db_copy, reader):
    stored.folder(demo_db_copy).write_text("a file where the folder would be")
    found = _findings(demo_db_copy, reader)
    assert len(found) == len(quality.findings(reader, **DEFAULTS))


@pytest.mark.slow
def test_an_ingest_of_a_big_database_stores_the_default_view(tmp_path, samples_dir, monkeypatch):
    from pipelines.ingest import ingest_paths

    small = tmp_path / "small" / "db.duckdb"
    small.parent.mkdir()
    ingest_paths([samples_dir], small, progress=False)
    assert not stored.folder(small).exists()  # below quality_store_min_reports: the page computes

    monkeypatch.setenv("GOVREPORTS_QUALITY_STORE_MIN_REPORTS", "1")
    big = tmp_path / "big" / "db.duckdb"
    big.parent.mkdir()
    ingest_paths([samples_dir], big, progress=False)
    con = connect_readonly(big)
    try:
        source = Connection(con)
        thresholds = tuple(sorted({**DEFAULTS, "through_latest": True}.items()))
        read = stored.load(big, "findings", (stored.data_key(big), thresholds))
        assert read is not None
        pd.testing.assert_frame_equal(_plain(read), quality.findings(source, **DEFAULTS))
    finally:
        con.close()
