"""National scale (issue 14, point 1): compressed original files, derived tables stored at
publish time, `govreports optimize` for older files, the 单位 picker of a big database, and
the benchmark databases of scripts/make_scale_db.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines import derived
from pipelines.ingest import ingest_paths
from pipelines.sources import DICT_MIN_SAMPLES, SourceCodec, read_source

pytestmark = pytest.mark.slow  # integration runs of whole ingests: the full suite, not the fast lane

ROOT = Path(__file__).resolve().parents[2]
REAL = sorted((ROOT / "tests" / "realworld").rglob("*.txt"))


def _ingest(tmp_path: Path, files: list[Path]) -> Path:
    db = tmp_path / "g.duckdb"
    ingest_paths(files, db, progress=False)
    return db


def test_original_files_are_stored_compressed_and_read_back_exactly(tmp_path, samples_dir):
    files = [samples_dir / "2017_北京市东城区政务服务中心.txt", *REAL[:12]]
    db = _ingest(tmp_path, files)
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT sha256, source_path, codec, octet_length(content), size_bytes FROM sources"
        ).fetchall()
        assert len(rows) >= 10
        by_name = {Path(path).name: (sha, codec, stored, size) for sha, path, codec, stored, size in rows}
        for f in files:
            if f.name not in by_name:  # rejected or a duplicate: not stored
                continue
            sha, codec, stored, size = by_name[f.name]
            assert codec == "zstd" and stored < size
            assert read_source(con, sha) == f.read_bytes()
    finally:
        con.close()


def test_a_dictionary_is_trained_once_from_enough_texts_and_compresses_better():
    texts = [p.read_bytes() for p in REAL]
    assert len(texts) >= DICT_MIN_SAMPLES
    con = duckdb.connect()
    from pipelines.db import ensure_schema

    ensure_schema(con)
    plain = SourceCodec(con)
    plain_size = sum(len(plain.encode(t)[0]) for t in texts)
    codec = SourceCodec(con)
    codec.maybe_train(texts[: DICT_MIN_SAMPLES - 1])
    assert codec.dict_id is None  # too few samples
    rows = codec.rows([(f"s{i}", f"p{i}", "txt", len(t), t) for i, t in enumerate(texts)])
    assert codec.dict_id is not None
    assert con.execute("SELECT count(*) FROM source_dicts").fetchall()[0][0] == 1
    assert sum(len(r[4]) for r in rows) < plain_size  # the dictionary pays
    frame = pd.DataFrame(
        rows, columns=["sha256", "source_path", "format", "size_bytes", "content", "codec", "dict_id"]
    )
    con.register("f", frame)
    con.execute("INSERT INTO sources SELECT * FROM f")
    for i in (0, len(texts) // 2, len(texts) - 1):
        assert read_source(con, f"s{i}") == texts[i]
    # a second writer reuses the stored dictionary instead of training another
    again = SourceCodec(con)
    again.maybe_train(texts)
    assert again.dict_id == codec.dict_id
    assert con.execute("SELECT count(*) FROM source_dicts").fetchall()[0][0] == 1


def test_derived_tables_are_stored_at_publish_and_read_by_a_new_connection(tmp_path, samples_dir):
    from app_lib.queries import common
    from app_lib.source import open_connection
    from pipelines.query import Connection

    path = _ingest(tmp_path, [samples_dir / "2017_北京市东城区政务服务中心.txt", *REAL[:30]])
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert derived.stored_fresh(con) and derived.stored_fresh(con, thorough=True)
        n_series = con.execute("SELECT count(*) FROM series").fetchall()[0][0]
        assert n_series > 0
        assert con.execute("SELECT count(*) FROM series_cached").fetchall()[0][0] == n_series
        assert (
            con.execute(
                "SELECT count(*) FROM (SELECT * FROM series EXCEPT SELECT * FROM series_cached)"
            ).fetchall()[0][0]
            == 0
        )
    finally:
        con.close()
    con, timings = open_connection(path)
    try:
        assert timings == {}  # nothing computed on opening
        assert len(common.metrics_with_data(Connection(con))) > 0
    finally:
        con.close()


def test_stale_stored_tables_are_not_used(tmp_path, samples_dir):
    """A file changed without the publish step (here: a report deleted by hand) keeps its old
    stored tables; a reader sees they are stale and computes its own."""
    from app_lib.source import open_connection

    path = _ingest(tmp_path, REAL[:30])
    con = duckdb.connect(str(path))
    before = con.execute("SELECT count(*) FROM series_cached").fetchall()[0][0]
    rid = con.execute(
        "SELECT r.report_id FROM reports r JOIN series s USING (unit_id, year) GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchall()[0][0]
    con.execute("DELETE FROM report_values WHERE report_id = ?", [rid])
    con.execute("DELETE FROM reports WHERE report_id = ?", [rid])
    con.close()
    ro = duckdb.connect(str(path), read_only=True)
    assert not derived.stored_fresh(ro) and not derived.stored_fresh(ro, thorough=True)
    ro.close()
    con, timings = open_connection(path)
    try:
        assert timings  # computed on opening
        assert con.execute("SELECT count(*) FROM series_cached").fetchall()[0][0] < before
    finally:
        con.close()


def test_optimize_brings_an_old_database_forward(tmp_path, samples_dir):
    """A database of schema 3 (sources stored as they came, no derived tables) is rewritten:
    sources compressed and read back exactly, derived tables fresh, data unchanged."""
    from pipelines.db import schema_version
    from pipelines.schema import SCHEMA_VERSION

    files = REAL[:20]
    path = _ingest(tmp_path, files)
    con = duckdb.connect(str(path))
    originals = {
        sha: read_source(con, sha) for (sha,) in con.execute("SELECT sha256 FROM sources").fetchall()
    }
    counts = con.execute(
        "SELECT (SELECT count(*) FROM reports), (SELECT sum(value) FROM report_values)"
    ).fetchall()[0]
    con.execute("CREATE TEMP TABLE raw AS SELECT sha256, source_path, format, size_bytes FROM sources")
    con.execute("DELETE FROM sources")
    con.execute("ALTER TABLE sources DROP COLUMN codec")
    con.execute("ALTER TABLE sources DROP COLUMN dict_id")
    con.execute("DROP TABLE source_dicts")
    frame = pd.DataFrame([(sha, data) for sha, data in originals.items()], columns=["sha256", "content"])
    con.register("orig", frame)
    con.execute("INSERT INTO sources SELECT r.*, o.content FROM raw r JOIN orig o USING (sha256)")
    for t in derived.HELPER_TABLES:
        con.execute(f"DROP TABLE {t.name}")
    con.execute("DELETE FROM meta WHERE key LIKE 'derived_%'")
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    con.close()

    out = subprocess.run(
        [sys.executable, "-m", "pipelines", "optimize", "--db", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert f"{len(originals)} original files compressed now" in " ".join(out.stdout.split())
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert schema_version(con) == SCHEMA_VERSION
        assert derived.stored_fresh(con) and derived.stored_fresh(con, thorough=True)
        assert con.execute("SELECT count(*) FROM sources WHERE codec IS NULL").fetchall()[0][0] == 0
        assert {sha: read_source(con, sha) for sha in originals} == originals
        assert (
            con.execute(
                "SELECT (SELECT count(*) FROM reports), (SELECT sum(value) FROM report_values)"
            ).fetchall()[0]
            == counts
        )
    finally:
        con.close()


def test_the_unit_picker_of_a_big_database_lists_search_hits_only():
    from app_lib.filters import unit_options

    units = pd.DataFrame(
        {
            "unit_id": [f"u{i}" for i in range(5000)],
            "name": [f"{'沭阳县' if i % 2 else '泗洪县'}第{i}局" for i in range(5000)],
        }
    )
    assert len(unit_options(units.head(100), (), "", limit=2000)) == 100  # small: every unit
    assert list(unit_options(units, ("u7",), "", limit=2000)["unit_id"]) == ["u7"]  # big: the chosen only
    hits = unit_options(units, ("u8",), "沭阳 县", limit=50)
    assert "u8" in set(hits["unit_id"]) and len(hits) == 51
    assert hits["name"].drop(hits.index[hits["unit_id"] == "u8"]).str.startswith("沭阳县").all()


def test_make_scale_db_moves_each_copy_to_other_real_regions(tmp_path):
    source = _ingest(tmp_path, REAL[:40])
    out = tmp_path / "x3.duckdb"
    run = subprocess.run(
        [
            sys.executable,
            "scripts/make_scale_db.py",
            "--source",
            str(source),
            "--copies",
            "3",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    src = duckdb.connect(str(source), read_only=True)
    con = duckdb.connect(str(out), read_only=True)
    try:
        n_units, n_reports, n_values = src.execute(
            "SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM reports), (SELECT count(*) FROM report_values)"
        ).fetchall()[0]
        assert con.execute(
            "SELECT count(DISTINCT unit_id), (SELECT count(*) FROM reports), (SELECT count(*) FROM report_values) FROM units"
        ).fetchall()[0] == (3 * n_units, 3 * n_reports, 3 * n_values)
        provinces = {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT province FROM reports WHERE province IS NOT NULL"
            ).fetchall()
        }
        assert {"山东省", "河南省"} <= provinces
        # every report keeps its readable original and belongs to a unit of its region
        assert (
            con.execute(
                """SELECT count(*) FROM reports r JOIN units u USING (unit_id)
               WHERE r.province IS DISTINCT FROM u.province OR r.city IS DISTINCT FROM u.city"""
            ).fetchall()[0][0]
            == 0
        )
        sha = con.execute("SELECT sha256 FROM reports WHERE province = '河南省' LIMIT 1").fetchall()[0][0]
        assert read_source(con, sha)
        assert derived.stored_fresh(con) and derived.stored_fresh(con, thorough=True)
    finally:
        src.close()
        con.close()


def _same_as_full(con: duckdb.DuckDBPyConnection) -> None:
    """Every stored derived table holds exactly what a full computation gives now."""
    derived.materialize(con, temp=True)  # temp tables of the same names, computed from scratch
    for t in derived.HELPER_TABLES:
        for a, b in ((f"main.{t.name}", f"temp.main.{t.name}"), (f"temp.main.{t.name}", f"main.{t.name}")):
            diff = con.execute(
                f"SELECT count(*) FROM (SELECT * FROM {a} EXCEPT ALL SELECT * FROM {b})"
            ).fetchall()[0][0]
            assert diff == 0, f"{t.name}: {diff} rows of {a} not in {b}"


def test_a_small_change_recomputes_only_its_reports_and_cells(tmp_path):
    path = _ingest(tmp_path, REAL[:60])
    # an ingest of a few more files: its publish step refreshes the derived tables
    ingest_paths(REAL[60:64], path, progress=False)
    con = duckdb.connect(str(path))
    try:
        assert derived.stored_fresh(con) and derived.stored_fresh(con, thorough=True)
        _same_as_full(con)
    finally:
        con.close()
    # a report removed and a unit moved to another county, written without the publish step
    con = duckdb.connect(str(path))
    try:
        rid, uid = con.execute(
            "SELECT r.report_id, r.unit_id FROM reports r JOIN series s USING (report_id) "
            "GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 1"
        ).fetchall()[0]
        con.execute("DELETE FROM report_values WHERE report_id = ?", [rid])
        con.execute("DELETE FROM reports WHERE report_id = ?", [rid])
        other = con.execute(
            "SELECT unit_id FROM units WHERE unit_id <> ? AND unit_id IN (SELECT unit_id FROM reports) LIMIT 1",
            [uid],
        ).fetchall()[0][0]
        con.execute("UPDATE units SET county = '某某县', kind = 'department' WHERE unit_id = ?", [other])
        timings = derived.refresh(con)
        assert timings is not None and "changed reports" in timings  # the incremental path
        assert derived.stored_fresh(con) and derived.stored_fresh(con, thorough=True)
        _same_as_full(con)
    finally:
        con.close()


def test_a_new_definition_computes_only_its_tables(tmp_path):
    """Same data, one derived table defined anew (a new release): only it is computed."""
    import json

    path = _ingest(tmp_path, REAL[:20])
    con = duckdb.connect(str(path))
    try:
        stored = dict(derived.TABLE_DIGESTS, cell_series="an older definition")
        con.execute(
            "UPDATE meta SET value = ? WHERE key = 'derived_tables'", [json.dumps(stored, sort_keys=True)]
        ).fetchall()
        con.execute("UPDATE meta SET value = 'older' WHERE key = 'derived_digest'").fetchall()
        con.execute("DELETE FROM cell_series").fetchall()
        assert not derived.stored_fresh(con)
        timings = derived.refresh(con)
        # and what is computed from it (province_series sums its cells)
        assert timings is not None and set(timings) == {"cell_series", "province_series", "derived_reports"}
        assert derived.stored_fresh(con) and derived.stored_fresh(con, thorough=True)
        _same_as_full(con)
    finally:
        con.close()


def test_a_derived_step_out_of_memory_at_the_publish_limit_is_rebuilt_whole_at_the_fallback(tmp_path, monkeypatch):
    """The publish step keeps DuckDB small (DERIVED_MEMORY_LIMIT, so a whole ingest stays under 1 GB); a step
    that cannot spill at that limit is not a failed ingest: the tables are rebuilt whole at the fallback."""
    from pipelines import db as dbmod

    path = _ingest(tmp_path, REAL[:40])
    con = duckdb.connect(str(path))
    try:
        con.execute("DELETE FROM meta WHERE key = 'derived_fingerprint'")  # stale: the next publish rebuilds
        monkeypatch.setattr(dbmod, "DERIVED_MEMORY_LIMIT", "1MB")
        with pytest.raises(duckdb.OutOfMemoryException):  # (what the limit alone does to this step)
            con.execute("SET memory_limit = '1MB'")
            derived.refresh(con, force=True)
        con.execute("SET memory_limit = '256MB'")
        before = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
        assert dbmod.publish_derived(con) is not None
        after = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
        assert abs(float(after.split()[0]) - float(before.split()[0])) < 0.5  # the writer's again (DuckDB rounds)
        assert derived.stored_fresh(con, thorough=True)
        _same_as_full(con)
    finally:
        con.close()
