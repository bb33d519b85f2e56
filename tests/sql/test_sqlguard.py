"""The safe SQL path (pipelines.sqlguard.run_sql), as the SQL page and `govreports sql` use it:
hostile statements are refused or stopped and leave no trace; good statements run."""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from pathlib import Path

import duckdb
import pytest

from app_lib.sql_examples import EXAMPLES
from pipelines.db import connect_readonly, write_transaction
from pipelines.errors import QueryFailed, QueryRefused, QueryStopped
from pipelines.sqlguard import SqlSettings, check_statement, open_sandbox, run_sql
from tests.prochelpers import wait_for_descendant

PROBE = "govreports-sqlguard-probe"  # every file a hostile statement tries to create is named so
TMP_TARGET = f"/tmp/{PROBE}"
CJK = re.compile(r"[\u4e00-\u9fff]")

HOSTILE = [
    # writes and DDL
    "INSERT INTO units (unit_id, name) VALUES ('x', 'x')",
    "UPDATE reports SET year = 1900",
    "DELETE FROM report_values",
    "DROP TABLE reports",
    "ALTER TABLE reports ADD COLUMN pwned INTEGER",
    "CREATE TABLE pwned AS SELECT 1",
    "CREATE TEMP TABLE pwned AS SELECT * FROM reports",
    "CREATE VIEW pwned AS SELECT 1",
    "CREATE MACRO pwned(a) AS a + 1",
    "CREATE SEQUENCE pwned",
    "MERGE INTO reports USING units ON false WHEN MATCHED THEN DELETE",
    "TRUNCATE reports",
    # files out
    f"COPY reports TO '{TMP_TARGET}.csv'",
    f"COPY (SELECT * FROM sources) TO '{TMP_TARGET}.parquet' (FORMAT parquet)",
    f"EXPORT DATABASE '{TMP_TARGET}-export'",
    f"IMPORT DATABASE '{TMP_TARGET}-export'",
    # other databases, extensions, settings
    f"ATTACH '{TMP_TARGET}.duckdb' AS pwned",
    "ATTACH ':memory:' AS pwned",
    "DETACH data",
    "USE memory",
    "INSTALL httpfs",
    "LOAD httpfs",
    "FORCE INSTALL httpfs",
    "SET enable_external_access = true",
    "SET threads = 64",
    "RESET memory_limit",
    "PRAGMA enable_profiling",
    "PRAGMA threads = 8",
    "PRAGMA memory_limit = '64GB'",
    "CALL pragma_version()",
    "CHECKPOINT",
    "SELECT * FROM checkpoint()",
    "BEGIN TRANSACTION",
    "VACUUM",
    "CREATE SECRET (TYPE s3, KEY_ID 'a', SECRET 'b')",
    # files in, through table functions or string table references
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_csv_auto('/etc/passwd')",
    "SELECT * FROM read_csv(['/etc/passwd', '/etc/hosts'])",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT path FROM duckdb_databases()",  # the server's file paths
    "SELECT name, value FROM duckdb_settings()",
    "SELECT * FROM read_blob('/etc/passwd')",
    "SELECT * FROM read_json('/etc/passwd')",
    "SELECT * FROM read_parquet('/tmp/*.parquet')",
    "SELECT * FROM parquet_scan('x.parquet')",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM sniff_csv('/etc/passwd')",
    "SELECT * FROM sqlite_scan('x.db', 't')",
    "SELECT * FROM '/etc/passwd'",
    'SELECT * FROM "/etc/passwd"',
    "SELECT * FROM 'https://example.com/data.csv'",
    "SELECT * FROM reports, '/etc/passwd'",
    'SELECT * FROM data.main."../../etc/passwd"',
    "SELECT * FROM \"read_csv\"('/etc/passwd')",
    "SELECT * FROM main.read_text('/etc/passwd')",
    "SELECT (SELECT content FROM read_blob('/etc/passwd'))",
    "WITH x AS (SELECT * FROM read_text('/etc/hosts')) SELECT * FROM x",
    "SELECT r.*, p.* FROM reports r JOIN read_csv('/etc/passwd') p ON true",
    "SELECT * FROM query('SELECT 42')",
    "SELECT * FROM query_table('reports')",
    "SELECT getenv('HOME')",
    "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))",
    "SELECT * FROM copy_database('data', 'memory')",
    "SELECT * FROM enable_logging()",
    "SELECT write_log('x')",
    "SET VARIABLE pwned = 1",
    "DESCRIBE SELECT * FROM read_csv('/etc/passwd')",
    "SUMMARIZE SELECT * FROM '/etc/passwd'",
    "EXPLAIN ANALYZE SELECT * FROM read_text('/etc/passwd')",
    f"EXPLAIN COPY reports TO '{TMP_TARGET}-explain.csv'",
    # several statements and comment tricks
    "SELECT 1; DROP TABLE reports",
    "SELECT 1; -- \n DROP TABLE reports",
    "SELECT 1 /* ; */; /* */ DELETE FROM reports",
    "/* SELECT 1; */ DROP TABLE reports",
    f"SELECT 1 -- harmless\n; COPY reports TO '{TMP_TARGET}-2.csv'",
    "SELECT 1; SELECT 2",
    "SELECT ';' AS a; CREATE TABLE pwned AS SELECT 1",
    "PIVOT reports ON year USING count(*)",
    "",
    "   -- only a comment",
]

FOREVER = [
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
    "SELECT count(*) FROM range(100000000) a, range(10000) b",
]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _probe_files() -> list[str]:
    return sorted(name for name in os.listdir("/tmp") if PROBE in name)


@pytest.fixture(scope="module")
def guarded_db(sql_db, tmp_path_factory):
    """A private copy, its folder listing and hash before any hostile statement runs."""
    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "reports.duckdb"
    db.write_bytes(Path(sql_db).read_bytes())
    before = (_sha256(db), sorted(os.listdir(folder)), _probe_files())
    yield db
    # After every hostile statement of this module: the file is byte-identical, nothing new.
    assert _sha256(db) == before[0], "the database file changed"
    assert sorted(os.listdir(folder)) == before[1], "a file appeared next to the database"
    assert _probe_files() == before[2] == [], "a hostile statement created a file in /tmp"


def test_enough_hostile_statements():
    assert len(HOSTILE) + len(FOREVER) >= 30


@pytest.mark.parametrize("sql", HOSTILE, ids=[f"h{i:02d}" for i in range(len(HOSTILE))])
def test_hostile_statement_is_refused(guarded_db, sql):
    with pytest.raises(QueryRefused) as info:
        run_sql(guarded_db, sql, SqlSettings(time_limit_s=5))
    reason, detail = info.value.reason, info.value.detail
    assert CJK.search(reason), f"reason should be Chinese: {reason!r}"
    assert detail.strip(), "the technical detail is shown under the reason"


@pytest.mark.parametrize("sql", FOREVER, ids=["recursive_cte", "cross_join"])
def test_query_running_forever_is_stopped_by_time_limit(guarded_db, sql):
    started = time.monotonic()
    with pytest.raises(QueryStopped) as info:
        run_sql(guarded_db, sql, SqlSettings(time_limit_s=1.0))
    assert time.monotonic() - started < 6
    assert "time_limit_s" in str(info.value)


def test_all_hostile_statements_leave_no_trace(guarded_db):
    """Runs after the hostile tests (same module fixture); the fixture's teardown checks too."""
    assert _probe_files() == []
    assert run_sql(guarded_db, "SELECT count(*) AS n FROM reports").dataframe["n"][0] > 0


# ---------------------------------------------------------------------------
# The sandbox holds even when the statement check is bypassed


@pytest.mark.parametrize(
    "sql",
    [
        f"COPY reports TO '{TMP_TARGET}-raw.csv'",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/hosts')",
        "SELECT * FROM glob('/etc/*')",
        f"ATTACH '{TMP_TARGET}-raw.duckdb' AS x",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "RESET threads",
        "SET lock_configuration = false",
        "DROP TABLE reports",
        f"EXPORT DATABASE '{TMP_TARGET}-raw-export'",
    ],
)
def test_sandbox_connection_blocks_without_the_check(private_db, sql):
    db_hash = _sha256(private_db)
    con = open_sandbox(private_db, SqlSettings())
    try:
        with pytest.raises(duckdb.Error):
            con.execute(sql).fetchall()
    finally:
        con.close()
    assert _sha256(private_db) == db_hash
    assert _probe_files() == []


# ---------------------------------------------------------------------------
# Good statements


GOOD = [
    "SELECT count(*) FROM reports",
    "FROM units LIMIT 5",
    "SELECT r.year, u.kind, count(*) AS n FROM reports r JOIN units u USING (unit_id) GROUP BY ALL",
    """SELECT v.metric, m.label_zh, sum(v.value) AS total
       FROM report_values v JOIN metrics m ON m.metric = v.metric JOIN reports r ON r.report_id = v.report_id
       GROUP BY ALL ORDER BY total DESC LIMIT 10""",
    """SELECT unit_id, year, value, value - lag(value) OVER (PARTITION BY unit_id ORDER BY year) AS delta,
              rank() OVER (PARTITION BY year ORDER BY value DESC) AS rnk
       FROM series WHERE series = 'applications_received'""",
    "WITH t AS (SELECT year, count(*) AS n FROM reports GROUP BY year) SELECT *, sum(n) OVER (ORDER BY year) FROM t",
    "SELECT s.series, d.label_zh, count(*) FROM series s JOIN series_defs d ON d.series = s.series GROUP BY ALL",
    "SELECT 'DROP TABLE reports; COPY x TO ''/tmp/y''' AS harmless_text, 1 AS n",
    "SELECT 1 AS n -- DROP TABLE reports",
    'SELECT "load", "set" FROM (SELECT 1 AS "load", 2 AS "set")',
    "SELECT * FROM reports WHERE source_path LIKE '%/%' OR source_path = 'read_csv(x)'",
    "DESCRIBE reports",
    "SUMMARIZE units",
    "SHOW TABLES",
    "PRAGMA table_info('report_values')",
    "EXPLAIN SELECT * FROM reports",
    "SELECT table_name FROM information_schema.tables",
    "SELECT 1 AS n;",
]


@pytest.mark.parametrize("sql", GOOD, ids=[f"g{i:02d}" for i in range(len(GOOD))])
def test_good_statement_runs(sql_db, sql):
    result = run_sql(sql_db, sql)
    assert result.row_count > 0
    assert not result.truncated
    assert result.elapsed_s < 10


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.key for e in EXAMPLES])
def test_example_query_returns_rows(sql_db, example):
    assert CJK.search(example.title)
    result = run_sql(sql_db, example.sql)
    assert result.row_count > 0, f"example {example.key} returned no rows"
    if example.chart:
        assert {example.chart.x, example.chart.y} <= set(result.dataframe.columns)


def test_at_least_a_dozen_examples():
    assert len(EXAMPLES) >= 12
    assert len({e.key for e in EXAMPLES}) == len(EXAMPLES)


def test_statement_kinds():
    assert check_statement("WITH a AS (SELECT 1) SELECT * FROM a") == "SELECT"
    assert check_statement("/* x */ DESCRIBE reports") == "DESCRIBE"
    assert check_statement("SUMMARIZE reports") == "SUMMARIZE"
    assert check_statement("SHOW TABLES") == "SHOW"
    assert check_statement("EXPLAIN SELECT 1") == "EXPLAIN"
    assert check_statement("PRAGMA table_info('reports')") == "PRAGMA"


# ---------------------------------------------------------------------------
# Limits and errors


def test_row_limit_truncates_and_names_the_setting(sql_db):
    result = run_sql(sql_db, "SELECT * FROM range(1000)", SqlSettings(max_rows=100))
    assert result.truncated and result.row_count == 100 == len(result.dataframe)
    assert "max_rows" in result.truncation_message
    exact = run_sql(sql_db, "SELECT * FROM range(100)", SqlSettings(max_rows=100))
    assert not exact.truncated and exact.row_count == 100


def test_row_limit_streams_a_huge_result(sql_db):
    started = time.monotonic()
    result = run_sql(sql_db, "SELECT range AS n, 'x' AS s FROM range(10000000000)")
    assert result.truncated and result.row_count == SqlSettings().max_rows
    assert time.monotonic() - started < 5  # fetched max_rows + 1, not ten billion


def test_duckdb_errors_become_friendly_failures(sql_db):
    with pytest.raises(QueryFailed) as info:
        run_sql(sql_db, "SELECT no_such_column FROM reports")
    assert CJK.search(info.value.reason) and "no_such_column" in info.value.detail
    with pytest.raises(QueryFailed) as info:
        run_sql(sql_db, "SELEC 1")
    assert "语法" in info.value.reason and info.value.detail
    with pytest.raises(QueryFailed) as info:
        run_sql(sql_db, "SELECT * FROM no_such_table")
    assert "no_such_table" in info.value.detail


def test_missing_database_is_a_clear_failure(tmp_path):
    missing = tmp_path / "nope.duckdb"
    with pytest.raises(QueryFailed) as info:
        run_sql(missing, "SELECT 1")
    assert "不存在" in info.value.reason
    assert str(tmp_path) not in str(info.value)  # the page must not show server paths
    assert not missing.exists()


def test_settings_have_defaults_and_help():
    from dataclasses import fields

    s = SqlSettings()
    assert (s.time_limit_s, s.max_rows, s.memory_limit, s.threads) == (10.0, 10_000, "768MB", 1)
    for f in fields(SqlSettings):
        assert CJK.search(f.metadata["help"])
    with pytest.raises(ValueError):
        SqlSettings(time_limit_s=0)
    with pytest.raises(ValueError):
        SqlSettings(memory_limit="1GB'; SET x=1; --")


# ---------------------------------------------------------------------------
# Coexistence: the dashboard's read-only connection, and writers


def test_coexists_with_the_apps_read_only_connection(private_db):
    app_con = connect_readonly(private_db)  # opened first, as the dashboard does
    try:
        n_app = app_con.execute("SELECT count(*) FROM reports").fetchone()[0]
        assert run_sql(private_db, "SELECT count(*) AS n FROM reports").dataframe["n"][0] == n_app
        late_con = connect_readonly(private_db)  # and opened while a sandbox is attached
        sandbox = open_sandbox(private_db, SqlSettings())
        try:
            assert late_con.execute("SELECT count(*) FROM reports").fetchone()[0] == n_app
        finally:
            sandbox.close()
            late_con.close()
    finally:
        app_con.close()


def test_long_query_blocks_neither_a_writer_nor_other_readers(private_db):
    outcome = {}

    def long_query():
        try:
            run_sql(private_db, FOREVER[1], SqlSettings(time_limit_s=4))
        except QueryStopped as exc:
            outcome["stopped"] = exc

    thread = threading.Thread(target=long_query)
    thread.start()
    assert wait_for_descendant(b"sqlchild"), "the query's child process did not start"
    with write_transaction(private_db) as con:  # an ingest publishing a new version
        con.execute("INSERT INTO rejected_files VALUES ('later.pdf', '测试', now(), 'z')")
    # The write is done while the query still runs (it runs until its 4 s limit): the
    # writer did not wait for the reader.
    assert thread.is_alive(), "the writer waited for the query"
    assert (
        run_sql(
            private_db, "SELECT count(*) AS n FROM rejected_files WHERE source_path = 'later.pdf'"
        ).dataframe["n"][0]
        == 1
    )
    assert thread.is_alive(), "the long query should still be running"
    thread.join(timeout=10)
    assert "stopped" in outcome


def test_memory_limit_stops_the_query_without_spilling_to_disk(private_db):
    folder_before = sorted(os.listdir(private_db.parent))
    cwd_before = sorted(os.listdir("."))
    with pytest.raises(QueryStopped) as info:
        run_sql(
            private_db,
            "SELECT list(range::VARCHAR || 'xxxxxxxxxxxxxxxxxxxxxxxx') FROM range(5000000)",
            SqlSettings(memory_limit="32MB"),
        )
    assert "memory_limit" in str(info.value)
    assert sorted(os.listdir(private_db.parent)) == folder_before
    assert [n for n in os.listdir(".") if n not in cwd_before and "tmp" in n] == []
