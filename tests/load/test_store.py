"""The officers' store beside the published file (pipelines/store.py): officers' writes never
touch the database file, readers (connections, the SQL sandbox) show the store's tables under
their contract names, ingest leaves the store alone, and an older file's officer tables are
moved into the store once."""

from __future__ import annotations

import datetime as dt
import sqlite3

import duckdb
import pytest

from pipelines import corrections, quality, store
from pipelines.db import connect_readonly, open_writer, schema_version
from pipelines.ingest import ingest_paths, reparse_database
from pipelines.schema import SCHEMA_VERSION
from pipelines.sqlguard import run_sql


def _stat(path):
    st = path.stat()
    return (st.st_ino, st.st_mtime_ns, st.st_size)


@pytest.fixture
def one_report(tmp_path, samples_dir):
    db = tmp_path / "one.duckdb"
    ingest_paths([samples_dir / "2017_北京市东城区政务服务中心.txt"], db, progress=False)
    con = duckdb.connect(str(db), read_only=True)
    report_id, metric, value = con.execute(
        "SELECT report_id, metric, value FROM report_values WHERE value > 0 ORDER BY metric LIMIT 1"
    ).fetchone()
    con.close()
    return db, report_id, metric, value


@pytest.mark.slow  # a whole ingest or CLI run: full suite only (keeps the fast lane under a minute)
def test_writes_go_to_the_store_and_readers_show_them_under_the_contract_names(one_report):
    db, report_id, metric, parsed = one_report
    published = _stat(db)
    quality.record_decision(
        db, "f-1", "已核实", "请单位说明", "张三", finding={"kind": "check", "year": 2017}
    )
    corrections.record_correction(db, report_id, metric, parsed + 7, "附表为准", "李四")
    assert _stat(db) == published
    assert store.store_path(db).is_file()

    con = connect_readonly(db)
    assert con.execute("SELECT finding_id, status, reviewer FROM review_decisions").fetchall() == [
        ("f-1", "已核实", "张三")
    ]
    assert con.execute("SELECT count(*) FROM review_log").fetchone()[0] == 1
    value = con.execute(
        "SELECT value FROM report_values WHERE report_id = ? AND metric = ?", [report_id, metric]
    ).fetchone()[0]
    assert value == parsed + 7
    actions = [a for (a,) in con.execute("SELECT action FROM audit_log ORDER BY logged_at, rowid").fetchall()]
    assert actions == ["ingest", "decide", "correct"]  # the file's rows, then the store's
    con.close()

    # the SQL sandbox (page and `govreports sql`) shows the same
    df = run_sql(db, "SELECT count(*) AS n FROM review_decisions WHERE status = '已核实'").dataframe
    assert int(df.iloc[0, 0]) == 1
    df = run_sql(
        db, f"SELECT value FROM report_values WHERE report_id = '{report_id}' AND metric = '{metric}'"
    )
    assert df.dataframe.iloc[0, 0] == parsed + 7
    # the file itself keeps the figure as parsed and no officer table
    raw = duckdb.connect(str(db), read_only=True)
    assert (
        raw.execute(
            "SELECT value FROM report_values WHERE report_id = ? AND metric = ?", [report_id, metric]
        ).fetchone()[0]
        == parsed
    )
    tables = {t for (t,) in raw.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    raw.close()
    assert not tables & set(store.MOVED_TABLES)


def test_ingest_and_reparse_leave_the_store_alone(one_report, samples_dir):
    db, report_id, metric, parsed = one_report
    corrections.record_correction(db, report_id, metric, parsed + 1, "附表为准", "李四")
    quality.record_decision(db, "f-2", "已排除", "", "张三")
    version = store.version(db)
    reparse_database(db, progress=False)
    ingest_paths([samples_dir / "2017_北京市东城区政务服务中心.txt"], db, progress=False)
    assert store.version(db) == version
    con = connect_readonly(db)
    assert (
        con.execute(
            "SELECT value FROM report_values WHERE report_id = ? AND metric = ?", [report_id, metric]
        ).fetchone()[0]
        == parsed + 1
    )  # the correction still applies
    assert con.execute("SELECT count(*) FROM review_decisions").fetchone()[0] == 1
    con.close()


def test_a_reader_holding_the_store_does_not_block_a_decision(one_report):
    db, *_ = one_report
    quality.record_decision(db, "f-3", "已核实", "", "张三")
    reader = sqlite3.connect(str(store.store_path(db)))
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM review_decisions").fetchone()[0] == 1  # holds a snapshot
    quality.record_decision(db, "f-4", "已核实", "", "张三")  # WAL: the writer is not blocked
    assert reader.execute("SELECT count(*) FROM review_decisions").fetchone()[0] == 1
    reader.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM review_decisions").fetchone()[0] == 2
    reader.close()


def test_a_failed_write_leaves_the_store_as_it_was(one_report):
    db, *_ = one_report
    quality.record_decision(db, "f-5", "已核实", "", "张三")
    version = store.version(db)
    with pytest.raises(RuntimeError), store.transaction(db) as con:
        con.execute("DELETE FROM review_decisions")
        raise RuntimeError("killed mid-write")
    assert store.version(db) == version
    con = connect_readonly(db)
    assert con.execute("SELECT count(*) FROM review_decisions").fetchone()[0] == 1
    con.close()


def _no_store(db):
    for suffix in ("", "-wal", "-shm"):
        path = store.store_path(db).with_name(store.store_path(db).name + suffix)
        path.unlink(missing_ok=True)


def _make_old(db, report_id, metric, parsed):
    """The file as a schema-3 version left it: officer tables inside, the correction applied."""
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE review_decisions (finding_id VARCHAR PRIMARY KEY, report_id VARCHAR, unit_id VARCHAR, "
        "year INTEGER, kind VARCHAR, rule VARCHAR, status VARCHAR NOT NULL, note VARCHAR, reviewer VARCHAR, "
        "decided_at TIMESTAMP)"
    )
    con.execute(
        "CREATE TABLE review_log (finding_id VARCHAR, status VARCHAR, note VARCHAR, reviewer VARCHAR, "
        "decided_at TIMESTAMP)"
    )
    con.execute(
        "CREATE TABLE corrections (sha256 VARCHAR, metric VARCHAR, value DOUBLE, original_value DOUBLE, "
        "raw_text VARCHAR, provenance VARCHAR, reason VARCHAR, corrected_by VARCHAR, corrected_at TIMESTAMP, "
        "withdrawn BOOLEAN DEFAULT FALSE)"
    )
    con.execute(
        "CREATE TABLE placements (sha256 VARCHAR PRIMARY KEY, source_path VARCHAR, unit_name VARCHAR, "
        "year INTEGER, placed_by VARCHAR, placed_at TIMESTAMP)"
    )
    when = dt.datetime(2025, 5, 1, 8, 0)
    con.execute(
        "INSERT INTO review_decisions VALUES ('old-1', NULL, NULL, 2017, 'check', NULL, '已核实', "
        "'旧结论', '赵六', ?)",
        [when],
    )
    con.execute("INSERT INTO review_log VALUES ('old-1', '已核实', '旧结论', '赵六', ?)", [when])
    sha = con.execute("SELECT sha256 FROM reports WHERE report_id = ?", [report_id]).fetchone()[0]
    con.execute(
        "INSERT INTO corrections VALUES (?, ?, ?, ?, '', '', '旧更正', '赵六', ?, false)",
        [sha, metric, parsed + 100, parsed, when],
    )
    con.execute(
        "UPDATE report_values SET value = ? WHERE report_id = ? AND metric = ?",
        [parsed + 100, report_id, metric],
    )
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    con.close()


def _seen(db, report_id, metric):
    con = connect_readonly(db)
    try:
        return (
            con.execute("SELECT finding_id, note FROM review_decisions").fetchall(),
            con.execute("SELECT count(*) FROM review_log").fetchone()[0],
            con.execute(
                "SELECT value FROM report_values WHERE report_id = ? AND metric = ?", [report_id, metric]
            ).fetchone()[0],
        )
    finally:
        con.close()


def test_an_old_files_officer_tables_move_into_the_store_once(one_report):
    db, report_id, metric, parsed = one_report
    _no_store(db)  # as if made before the store existed
    _make_old(db, report_id, metric, parsed)
    expected = ([("old-1", "旧结论")], 1, parsed + 100)
    assert _seen(db, report_id, metric) == expected  # a reader shows the file's own tables
    quality.record_decision(db, "new-1", "已排除", "", "张三")  # the first write copies them in
    with open_writer(db) as writer:  # the next writer drops them from the file
        assert schema_version(writer.con) == SCHEMA_VERSION
    raw = duckdb.connect(str(db), read_only=True)
    tables = {t for (t,) in raw.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    stored_value = raw.execute(
        "SELECT value FROM report_values WHERE report_id = ? AND metric = ?", [report_id, metric]
    ).fetchone()[0]
    raw.close()
    assert not tables & set(store.MOVED_TABLES)
    assert stored_value == parsed  # the file holds the parsed figure; readers apply the correction
    decisions, log, value = _seen(db, report_id, metric)
    assert sorted(decisions) == [("new-1", ""), ("old-1", "旧结论")] and log == 2 and value == parsed + 100


def test_an_old_file_moved_by_its_first_writer(one_report):
    """No reader opened it first: the writer copies the tables into the store, then drops them."""
    db, report_id, metric, parsed = one_report
    _no_store(db)
    _make_old(db, report_id, metric, parsed)
    with open_writer(db):
        pass
    assert _seen(db, report_id, metric) == ([("old-1", "旧结论")], 1, parsed + 100)
    with open_writer(db):  # once: a second writer copies nothing again
        pass
    assert _seen(db, report_id, metric) == ([("old-1", "旧结论")], 1, parsed + 100)
