"""Issue 11, point 1: every SQL query is bounded in memory and time (it runs in a capped child
process), fails with one Chinese message, and discloses no server path or setting."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pipelines.errors import QueryRefused, QueryStopped
from pipelines.sqlguard import SqlSettings, run_sql

ROOT = Path(__file__).resolve().parents[2]
GB = 2**30
ALLOCATES = "SELECT len(range(250000000))"  # allocated outside DuckDB's buffer manager
ENDLESS = "SELECT levenshtein(repeat('a', 200000), repeat('b', 200000))"  # one long function call


def _measured(code: str, env: dict | None = None) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON line. Adds its own peak RSS and
    its children's (the query processes) in bytes."""
    wrapper = textwrap.dedent(
        """
        import json, resource, sys
        out = {}
        exec(sys.argv[1], {"out": out})
        out["self_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        out["children_rss"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        print(json.dumps(out, ensure_ascii=False))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_allocating_query_is_stopped_and_this_process_does_not_grow(sql_db):
    res = _measured(
        textwrap.dedent(
            f"""
            import time
            from pipelines.sqlguard import SqlSettings, run_sql
            import resource
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            t = time.monotonic()
            try:
                run_sql({str(sql_db)!r}, {ALLOCATES!r}, SqlSettings(time_limit_s=10))
                out["error"] = None
            except Exception as exc:
                out["error"], out["reason"] = type(exc).__name__, exc.reason
            out["elapsed"] = time.monotonic() - t
            out["before"] = before
            """
        )
    )
    assert res["error"] == "QueryStopped" and "内存上限" in res["reason"]
    assert res["elapsed"] < 30
    assert res["self_rss"] - res["before"] < 100 * 2**20, "the caller's memory grew"
    assert res["children_rss"] < 1.5 * GB


def test_cli_allocating_query_exits_4_under_the_memory_bound(sql_db):
    started = time.monotonic()
    res = _measured(
        textwrap.dedent(
            f"""
            import subprocess, sys
            proc = subprocess.run([sys.executable, "-m", "pipelines", "sql", {ALLOCATES!r}, "--time-limit", "5",
                                   "--db", {str(sql_db)!r}], capture_output=True, text=True)
            out["code"], out["stderr"] = proc.returncode, proc.stderr
            """
        )
    )
    assert time.monotonic() - started < 30
    assert res["code"] == 4 and "内存上限" in res["stderr"]
    assert "Traceback" not in res["stderr"]
    assert res["children_rss"] < 1.5 * GB


def test_a_statement_duckdb_cannot_interrupt_is_killed_at_the_time_limit(sql_db):
    started = time.monotonic()
    with pytest.raises(QueryStopped) as info:
        run_sql(sql_db, ENDLESS, SqlSettings(time_limit_s=1))
    assert time.monotonic() - started < 6
    assert "time_limit_s" in info.value.reason


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM pragma_database_list",
        "SELECT * FROM pragma_database_list()",
        "FROM duckdb_databases",
        "SELECT current_setting('secret_directory')",
        "SELECT current_setting('home_directory')",
        "SELECT * FROM duckdb_extensions()",
        "SELECT * FROM pragma_user_agent()",
        "UPDATE EXTENSIONS",
        "SELECT 1 " + "x" * 200_000,
    ],
)
def test_statements_disclosing_paths_or_settings_are_refused(sql_db, sql):
    with pytest.raises(QueryRefused) as info:
        run_sql(sql_db, sql)
    assert "Traceback" not in str(info.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.reason)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM no_such_table",
        "SELECT database_name FROM duckdb_tables() WHERE nope",
        "SELECT 1/0::INTEGER, 'x'::INTEGER",
    ],
)
def test_failures_name_no_server_path(private_db, sql):
    with pytest.raises(Exception) as info:  # noqa: PT011 - any of the three kinds
        run_sql(private_db, sql)
    text = str(info.value)
    assert str(private_db.parent) not in text and "/tmp/" not in text


def test_cli_escapes_markup_and_control_characters(sql_db):
    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "pipelines", "sql", *args, "--db", str(sql_db)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )

    proc = run('SELECT * FROM "[/]oops"')  # a refusal naming rich's closing tag
    assert proc.returncode == 3, proc.stderr
    assert "[/]oops" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("SELECT chr(27) || '[31mred' AS s, '[bold]x[/]' AS t")
    assert proc.returncode == 0, proc.stderr
    assert "\x1b[31m" not in proc.stdout and "\\x1b[31mred" in proc.stdout
    assert "[bold]x[/]" in proc.stdout
