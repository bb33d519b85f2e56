"""Safe ad-hoc SQL over the published database (issue 5): the one path the SQL page and
`govreports sql` share.

Two layers, each sufficient for the obvious attacks, together for the less obvious ones:

1. **The statement check** (:func:`check_statement`) uses DuckDB's own parser and tokenizer,
   so comments and string literals cannot hide anything: exactly one statement, of an
   allowed kind (SELECT / WITH / FROM / VALUES / EXPLAIN / DESCRIBE / SUMMARIZE / SHOW /
   PRAGMA table_info), no state-changing keyword, no table function that reads files or the
   network, no file-like table reference (``FROM '/etc/passwd'``).
2. **The sandbox connection** (:func:`open_sandbox`): a fresh in-memory DuckDB per call that
   ATTACHes the database file READ_ONLY, then disables external access and locks its
   configuration, so even a statement the check missed cannot read or write files, attach
   databases, load extensions or change settings. Read-only attach takes a shared lock,
   so it coexists with the dashboard's read-only connection in the same process and with
   other readers; writers never touch the live file (they publish with os.replace, see
   pipelines/db.py), so a query never blocks an ingest.

Limits are named settings (:class:`SqlSettings`): a time limit that interrupts the query,
and a row limit that stops fetching after ``max_rows + 1`` rows and flags the truncation.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field, fields
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from pipelines.errors import QueryFailed, QueryRefused, QueryStopped

# ---------------------------------------------------------------------------
# Settings


@dataclass(frozen=True)
class SqlSettings:
    """Limits of one ad-hoc query. The help texts are shown by the CLI and the SQL page."""

    time_limit_s: float = field(
        default=10.0,
        metadata={
            "help": "时间上限（秒）：查询超过此时长即被中止 / time limit in seconds; the query is interrupted"
        },
    )
    max_rows: int = field(
        default=10_000,
        metadata={"help": "行数上限：最多返回这么多行，多出的部分截断 / at most this many rows are returned"},
    )
    memory_limit: str = field(
        default="768MB",
        metadata={
            "help": "内存上限：单个查询可使用的最大内存（查询进程另有硬上限）"
            " / DuckDB memory_limit of the query; its process has a hard address-space cap on top"
        },
    )
    threads: int = field(
        default=1,
        metadata={"help": "线程数：查询使用的 CPU 线程数 / DuckDB threads of the query connection"},
    )

    def __post_init__(self) -> None:
        if not self.time_limit_s > 0:
            raise ValueError(f"time_limit_s must be > 0, got {self.time_limit_s}")
        if self.max_rows < 1:
            raise ValueError(f"max_rows must be >= 1, got {self.max_rows}")
        if self.threads < 1:
            raise ValueError(f"threads must be >= 1, got {self.threads}")
        if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]?i?B", self.memory_limit.strip(), re.IGNORECASE):
            raise ValueError(f"memory_limit must look like '1GB', got {self.memory_limit!r}")


def setting_help(name: str) -> str:
    """Help text of one SqlSettings field (used by CLI option help and the page)."""
    for f in fields(SqlSettings):
        if f.name == name:
            return f.metadata["help"]
    raise KeyError(name)


# ---------------------------------------------------------------------------
# Results and errors


@dataclass(frozen=True)
class SqlResult:
    dataframe: pd.DataFrame
    row_count: int  # rows returned (after truncation)
    truncated: bool  # more rows existed than settings.max_rows
    elapsed_s: float
    kind: str  # SELECT | EXPLAIN | DESCRIBE | SUMMARIZE | SHOW | PRAGMA
    settings: SqlSettings

    @property
    def truncation_message(self) -> str:
        if not self.truncated:
            return ""
        return (
            f"结果超过行数上限 max_rows={self.settings.max_rows}，只显示前 {self.row_count} 行"
            f"（可调高 max_rows 或在 SQL 中加 LIMIT / 汇总）。"
            f"\nResult truncated at max_rows={self.settings.max_rows}."
        )


def _refused(reason_zh: str, detail: str) -> QueryRefused:
    exc = QueryRefused(f"{reason_zh}\n{detail}")
    exc.reason = reason_zh
    exc.detail = detail
    return exc


def _stopped(reason_zh: str, detail: str) -> QueryStopped:
    exc = QueryStopped(f"{reason_zh}\n{detail}")
    exc.reason = reason_zh
    exc.detail = detail
    return exc


def _failed(reason_zh: str, detail: str) -> QueryFailed:
    exc = QueryFailed(f"{reason_zh}\n{detail}")
    exc.reason = reason_zh
    exc.detail = detail
    return exc


def error_parts(exc: Exception) -> tuple[str, str]:
    """(Chinese reason, technical detail) of an error raised by run_sql, for display."""
    reason = getattr(exc, "reason", None)
    if reason is not None:
        return reason, getattr(exc, "detail", "")
    text = str(exc)
    head, _, tail = text.partition("\n")
    return head, tail


# ---------------------------------------------------------------------------
# The statement check

# Keywords that only occur in statements changing state or reaching outside. Checked on
# DuckDB's own tokens, so a keyword inside a comment or a string literal does not count,
# and a quoted identifier ("load") is an identifier, not a keyword.
FORBIDDEN_KEYWORDS = frozenset(
    """
    attach detach copy export import install load set reset call checkpoint create insert update
    delete drop alter truncate merge vacuum use begin commit rollback transaction grant revoke
    """.split()
)

# Table/scalar functions that read files, the network, other databases, run SQL text,
# change state, or describe the server (file paths, settings, memory). Blocked by name even though the sandbox would refuse most of them anyway.
FORBIDDEN_FUNCTIONS = frozenset(
    """
    read_csv read_csv_auto read_parquet parquet_scan read_json read_json_auto read_json_objects
    read_json_objects_auto read_ndjson read_ndjson_auto read_ndjson_objects read_text read_blob
    read_xlsx read_duckdb glob sniff_csv iceberg_scan iceberg_metadata iceberg_snapshots delta_scan
    parquet_metadata parquet_schema parquet_file_metadata parquet_kv_metadata parquet_bloom_probe
    sqlite_scan sqlite_attach sqlite_query postgres_scan postgres_query postgres_attach mysql_scan
    mysql_query query query_table getenv checkpoint force_checkpoint duckdb_secrets which_secret
    load_aws_credentials http_get http_post install_extension load_extension
    duckdb_databases duckdb_settings duckdb_extensions duckdb_temporary_files duckdb_memory
    current_setting duckdb_logs duckdb_log_contexts duckdb_external_file_cache duckdb_variables
    getvariable duckdb_secret_types duckdb_approx_database_count
    """.split()
)
FORBIDDEN_FUNCTION_PATTERN = re.compile(
    r"^(read_\w+|\w+_scan|\w*parquet\w*|iceberg_\w+|delta_\w+|sqlite_\w+|postgres_\w+|mysql_\w+|http_\w+"
    r"|\w+_attach|enable_\w+|disable_\w+|\w*external_resource\w*|\w*grammar_extension|python_\w+"
    r"|json_execute_serialized_sql|copy_database|import_database|truncate_duckdb_logs|write_log|arrow_scan\w*"
    r"|pragma_(?!table_info$)\w+)$"
)

ALLOWED_PRAGMAS = frozenset({"table_info"})
# A table reference must be a plain name: no path, URL, glob or extension.
PLAIN_NAME = re.compile(r"^\w+$", re.UNICODE)


@dataclass(frozen=True)
class _Token:
    text: str
    kind: str  # keyword | identifier | string_const | numeric_const | operator | comment


def _tokens(sql: str) -> list[_Token]:
    # duckdb.tokenize reports UTF-8 byte offsets: slice the bytes, or every token after a
    # Chinese character is cut in the wrong place.
    data = sql.encode("utf-8")
    raw = duckdb.tokenize(sql)
    out = []
    for i, (start, ttype) in enumerate(raw):
        end = raw[i + 1][0] if i + 1 < len(raw) else len(data)
        out.append(_Token(data[start:end].decode("utf-8", errors="replace").strip(), ttype.name))
    return [t for t in out if t.kind != "comment" and t.text]


def _split_operators(tokens: list[_Token]) -> list[_Token]:
    # The tokenizer may glue adjacent operators ("('" or ");"); split operator runs by char.
    out: list[_Token] = []
    for t in tokens:
        if t.kind == "operator" and len(t.text) > 1:
            out.extend(_Token(ch, "operator") for ch in t.text if not ch.isspace())
        else:
            out.append(t)
    return out


def _statement_kind(tokens: list[_Token]) -> str:
    first = tokens[0].text.lower() if tokens else ""
    return {
        "explain": "EXPLAIN",
        "describe": "DESCRIBE",
        "desc": "DESCRIBE",
        "summarize": "SUMMARIZE",
        "show": "SHOW",
        "pragma": "PRAGMA",
    }.get(first, "SELECT")


def check_statement(sql: str) -> str:
    """Refuse (QueryRefused) anything but one read-only statement; return its kind.

    A statement DuckDB cannot parse raises QueryFailed with the parser's message; anything
    unexpected in the check refuses the statement (never a traceback).
    """
    if not sql or not sql.strip():
        raise _refused("没有可执行的语句。", "Empty statement.")
    if len(sql) > MAX_SQL_CHARS:
        raise _refused(
            f"语句过长（{len(sql):,} 个字符，上限 {MAX_SQL_CHARS:,}）。",
            f"Statement longer than {MAX_SQL_CHARS} characters.",
        )
    try:
        return _check_statement(sql)
    except (QueryRefused, QueryFailed):
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. a statement type this DuckDB cannot name
        raise _refused(
            "无法识别该语句，已拒绝执行。", f"{type(exc).__name__}: {_clean_detail(exc)}"
        ) from None


def _check_statement(sql: str) -> str:
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise _failed("SQL 语法错误，请检查语句写法。", _clean_detail(exc)) from None
    if len(statements) != 1:
        raise _refused(
            f"一次只能执行一条语句（检测到 {len(statements)} 条）。",
            f"Exactly one statement is allowed, got {len(statements)}.",
        )
    stmt = statements[0]
    stype = stmt.type.name
    tokens = _split_operators(_tokens(stmt.query))
    kind = _statement_kind(tokens)

    if stype == "SELECT":
        pass
    elif stype == "EXPLAIN":
        _check_explain_target(tokens)
    elif stype == "PRAGMA":
        _check_pragma(tokens)
    elif stype == "MULTI" and any(t.text.lower() == "pivot" for t in tokens):
        # PIVOT without an IN list first creates a type of the pivot values: a write.
        raise _refused(
            "PIVOT 须写明取值列表，例如 PIVOT … ON kind IN ('government', 'department') USING count(*)。",
            "PIVOT without an explicit IN (...) list runs several statements and is not allowed.",
        )
    else:
        # name the statement as written: DuckDB files INSTALL under LOAD, COPY … TO under COPY
        word = tokens[0].text.upper() if tokens and tokens[0].text.isalpha() else stype
        raise _refused(
            f"只允许查询语句（SELECT / WITH / EXPLAIN / DESCRIBE / SUMMARIZE / SHOW / PRAGMA table_info），"
            f"不允许 {word} 语句。",
            f"Statement type {stype} ({word}) is not allowed; only read-only queries are.",
        )
    _check_tokens(tokens, allow_pragma=stype == "PRAGMA")
    if stype == "SELECT":
        _check_ast(stmt.query)
    elif stype == "EXPLAIN":
        _check_ast(_explain_inner(stmt.query))
    return kind


# Functions whose argument syntax contains FROM (``extract(year FROM d)``,
# ``trim(both ' ' FROM s)``, ``substring(s FROM 2)``): a FROM inside them is no FROM clause.
_FROM_ARGUMENT_FUNCTIONS = frozenset({"extract", "trim", "substring", "overlay", "position"})


def _from_clause_positions(tokens: list[_Token]) -> set[int]:
    """Indexes of the tokens that start a FROM clause or a JOIN: not the FROM of
    ``IS [NOT] DISTINCT FROM`` nor one inside extract()/trim()/substring()/overlay()."""
    out: set[int] = set()
    parens: list[bool] = []  # per open parenthesis: does it hold a FROM-argument function's arguments?
    for i, tok in enumerate(tokens):
        word = tok.text.lower()
        if tok.text == "(":
            prev = tokens[i - 1].text.lower() if i else ""
            parens.append(prev in _FROM_ARGUMENT_FUNCTIONS)
        elif tok.text == ")":
            if parens:
                parens.pop()
        elif word == "join" and tok.kind == "keyword":
            out.add(i)
        elif word == "from" and tok.kind == "keyword":
            after_distinct = i > 0 and tokens[i - 1].text.lower() == "distinct"
            if not after_distinct and not (parens and parens[-1]):
                out.add(i)
    return out


def _check_tokens(tokens: list[_Token], allow_pragma: bool) -> None:
    clause_starts = _from_clause_positions(tokens)
    for i, tok in enumerate(tokens):
        word = tok.text.lower()
        if tok.kind == "keyword" and word in FORBIDDEN_KEYWORDS:
            raise _refused(
                f"语句含有不允许的关键字 {tok.text.upper()}：SQL 查询只能读取数据，不能修改数据、设置或访问文件。",
                f"Keyword {tok.text.upper()} is not allowed in the read-only SQL sandbox.",
            )
        if tok.kind == "keyword" and word == "pragma" and not (allow_pragma and i == 0):
            raise _refused("只允许 PRAGMA table_info。", "Only PRAGMA table_info is allowed.")
        is_call = i + 1 < len(tokens) and tokens[i + 1].text == "("
        if is_call and tok.kind in ("identifier", "keyword"):
            _check_function_name(_unquote(tok.text))
        if tok.kind == "string_const" and i - 1 in clause_starts:
            raise _refused(
                "不允许以字符串作表名（这会读取文件）：请使用数据库中的表名。",
                f"String table reference {tok.text} is not allowed (it would read a file).",
            )


def _unquote(name: str) -> str:
    name = name.split(".")[-1]
    return name.strip('"').lower()


def _check_function_name(name: str) -> None:
    name = name.lower()
    if name in FORBIDDEN_FUNCTIONS or FORBIDDEN_FUNCTION_PATTERN.match(name):
        raise _refused(
            f"不允许使用函数 {name}：它会读取文件、网络或其他数据库，显示服务器的路径或设置，或改变数据库状态。",
            f"Function {name}() is blocked in the SQL sandbox (file, network or state access).",
        )


def _check_pragma(tokens: list[_Token]) -> None:
    name = tokens[1].text.lower() if len(tokens) > 1 else ""
    args_ok = (
        len(tokens) >= 5
        and tokens[2].text == "("
        and tokens[3].kind in ("string_const", "identifier")
        and tokens[4].text == ")"
        and all(t.text == ";" for t in tokens[5:])
    )
    if name not in ALLOWED_PRAGMAS or not args_ok:
        raise _refused(
            "只允许 PRAGMA table_info('表名')；其他 PRAGMA 会改变数据库设置。",
            f"PRAGMA {name or '?'} is not allowed; only PRAGMA table_info('table') is.",
        )


def _explain_inner(query: str) -> str:
    # EXPLAIN [ANALYZE] <statement>: drop the leading keywords, keep the statement text.
    return re.sub(
        r"^\s*(?:(?:--[^\n]*\n|/\*.*?\*/|\s)*)explain(\s+analyze)?", "", query, count=1, flags=re.I | re.S
    )


def _check_explain_target(tokens: list[_Token]) -> None:
    target = (
        tokens[2]
        if len(tokens) > 2 and tokens[1].text.lower() == "analyze"
        else (tokens[1] if len(tokens) > 1 else None)
    )
    if target is None or target.text.lower() not in ("select", "with", "from", "values", "(", "table"):
        raise _refused(
            "EXPLAIN 只能用于查询语句。",
            "EXPLAIN is allowed only on a query (SELECT / WITH / FROM).",
        )


_parser = threading.local()


def _parser_connection() -> duckdb.DuckDBPyConnection:
    """A per-thread in-memory connection used only to parse (json_serialize_sql): no data,
    no file access, configuration locked."""
    con = getattr(_parser, "con", None)
    if con is None:
        con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False})
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        _parser.con = con
    return con


def _check_ast(query: str) -> None:
    """Walk DuckDB's own parse tree: every function name and every table reference."""
    try:
        raw = _parser_connection().execute("SELECT json_serialize_sql(?)", [query]).fetchall()[0][0]
    except duckdb.Error as exc:
        raise _refused("无法分析该语句的结构，已拒绝执行。", _clean_detail(exc)) from None
    tree = json.loads(raw)
    if tree.get("error"):
        raise _refused("无法分析该语句的结构，已拒绝执行。", tree.get("error_message", ""))
    for node in _walk(tree):
        fname = node.get("function_name")
        if isinstance(fname, str) and fname:
            _check_function_name(fname)
        if node.get("type") == "BASE_TABLE":
            # `FROM pragma_database_list` names a table function without parentheses
            _check_function_name(node.get("table_name") or "")
            for part in ("table_name", "schema_name", "catalog_name"):
                name = node.get(part) or ""
                if name and not PLAIN_NAME.match(name):
                    raise _refused(
                        f"不允许的表引用 {name!r}：只能查询数据库中的表和视图，不能读取文件。",
                        f"Table reference {name!r} is not a plain table name (file or URL access is blocked).",
                    )


def _walk(obj):
    if isinstance(obj, dict):
        yield obj
        for value in obj.values():
            yield from _walk(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _walk(value)


# ---------------------------------------------------------------------------
# The sandbox connection and the query process

# Address space of the query process beyond DuckDB's memory_limit: the interpreter, DuckDB,
# pyarrow (about 480 MB of virtual memory after connect, with Arrow's system allocator).
ADDRESS_SPACE_OVERHEAD = 512 * 2**20
RESULT_BYTES_LIMIT = 200 * 2**20  # an Arrow result larger than this is refused, not shipped
KILL_GRACE_S = 2.0  # after time_limit_s the child interrupts itself; after this more it is killed
MAX_SQL_CHARS = 100_000
# At most this many query processes per server/CLI process at once; further queries wait
# (within their time limit) so concurrent sessions cannot multiply the memory cap.
MAX_CONCURRENT_QUERIES = 2
_slots = threading.BoundedSemaphore(MAX_CONCURRENT_QUERIES)
_CHILD = Path(__file__).with_name("sqlchild.py")


def memory_bytes(text: str) -> int:
    """'512MB' / '1GiB' / '1.5 GB' → bytes (DuckDB's units: KB = 1000, KiB = 1024)."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMGT]?)(i?)B", text.strip(), re.IGNORECASE)
    if not m:
        raise ValueError(f"memory_limit must look like '1GB', got {text!r}")
    base = 1024 if m.group(3) else 1000
    power = " KMGT".index(m.group(2).upper() or " ")
    return int(float(m.group(1)) * base**power)


def open_sandbox(db_path: str | Path, settings: SqlSettings) -> duckdb.DuckDBPyConnection:
    """A private in-memory DuckDB with the database attached read-only as ``data``, external
    access disabled and configuration locked (the connection the query process uses; here
    for tests and callers that need a connection in this process)."""
    from pipelines import sqlchild

    db_path = Path(db_path)
    if not db_path.is_file():
        raise _failed("数据库文件不存在。", "Database file not found.")
    try:
        return sqlchild.open_sandbox(db_path, settings.memory_limit, settings.threads, _officer(db_path))
    except duckdb.Error as exc:
        raise _failed("无法打开数据库（是否为 DuckDB 文件？）", _scrub(_clean_detail(exc), db_path)) from None


def _officer(db_path: Path) -> dict:
    """The officers' store beside the database (pipelines/store.py), for the sandbox: its
    tables (review_decisions, corrections, audit_log …) are shown as temp tables."""
    from pipelines import store

    return store.spec(db_path)


def run_sql(db_path: str | Path, sql: str, settings: SqlSettings | None = None) -> SqlResult:
    """Check, then run one read-only statement in its own capped process.

    The statement check runs here (DuckDB's parser, no data); the statement itself runs in
    a child process with a hard address-space cap (DuckDB memory_limit + overhead), killed
    at ``time_limit_s`` + a short grace, so no statement can grow this process or outlive
    its limit. Every failure is a QueryRefused / QueryStopped / QueryFailed with a Chinese
    reason and a detail that names no server path.
    """
    settings = settings or SqlSettings()
    kind = check_statement(sql)
    db_path = Path(db_path)
    if not db_path.is_file():
        raise _failed("数据库文件不存在。", "Database file not found.")
    started = time.monotonic()
    if not _slots.acquire(timeout=settings.time_limit_s):
        raise _stopped(
            "服务器正忙（其他查询占满了查询进程），请稍后再试。",
            f"No free query process within time_limit_s={settings.time_limit_s:g}s.",
        )
    try:
        header, payload = _run_child(
            db_path, sql, settings, settings.time_limit_s - (time.monotonic() - started)
        )
    finally:
        _slots.release()
    if not header.get("ok"):
        raise _child_error(header, settings)
    try:
        with pa.ipc.open_stream(payload) as reader:
            table = reader.read_all()
        df = table.to_pandas()
    except Exception as exc:  # noqa: BLE001 - one clear message, never a traceback
        raise _failed("查询结果无法读取。", type(exc).__name__) from None
    return SqlResult(
        dataframe=df,
        row_count=len(df),
        truncated=bool(header.get("truncated")),
        elapsed_s=time.monotonic() - started,
        kind=kind,
        settings=settings,
    )


def _child_env(home: str) -> dict[str, str]:
    env = {
        "HOME": home,  # DuckDB derives its secret/extension folders from HOME: nothing real
        "LANG": "C.UTF-8",
        "ARROW_DEFAULT_MEMORY_POOL": "system",  # no allocator reserving address space up front
        "MALLOC_ARENA_MAX": "2",
        "OMP_NUM_THREADS": "1",
    }
    for key in ("PATH", "TZ"):
        if key in os.environ:
            env[key] = os.environ[key]
    return env


def _run_child(db_path: Path, sql: str, settings: SqlSettings, time_left: float) -> tuple[dict, bytes]:
    time_left = max(time_left, 0.1)
    with tempfile.TemporaryDirectory(prefix="govreports-sql-") as tmp:
        # The child sees the database only as <tmp>/data.duckdb: anything that shows the
        # attached path shows that, never the server's folders.
        link = Path(tmp) / "data.duckdb"
        os.symlink(db_path.resolve(), link)
        request = {
            "db": "data.duckdb",
            "sql": sql,
            "memory_limit": settings.memory_limit,
            "threads": settings.threads,
            "time_limit_s": time_left,
            "max_rows": settings.max_rows,
            "result_bytes": RESULT_BYTES_LIMIT,
            "address_space_bytes": memory_bytes(settings.memory_limit) + ADDRESS_SPACE_OVERHEAD,
            "officer": _officer(db_path),  # the officers' store, shown as temp tables
        }
        proc = subprocess.Popen(
            [sys.executable, "-I", str(_CHILD)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=tmp,
            env=_child_env(tmp),
            start_new_session=True,
        )
        try:
            out, _ = proc.communicate(json.dumps(request).encode("utf-8"), timeout=time_left + KILL_GRACE_S)
        except subprocess.TimeoutExpired:
            _kill(proc)
            return {"ok": False, "error": "Killed", "detail": "time"}, b""
        finally:
            _kill(proc)
    head, sep, payload = out.partition(b"\n")
    if not sep:
        # No header: the process died (CPU limit, out of memory inside the allocator, a crash).
        if proc.returncode == -signal.SIGXCPU:
            return {"ok": False, "error": "Killed", "detail": "cpu time"}, b""
        return {"ok": False, "error": "Crashed", "detail": f"exit status {proc.returncode}"}, b""
    try:
        header = json.loads(head.decode("utf-8"))
    except ValueError:
        return {"ok": False, "error": "Crashed", "detail": "unreadable answer"}, b""
    header["detail"] = _scrub(str(header.get("detail", "")), db_path, Path(tmp))
    return header, payload


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            proc.kill()
        proc.wait()


_ABS_PATH = re.compile(r"(?<![\w)\]'\"])/(?:[^\s'\"/:]+/)+[^\s'\"/:]*")


def _scrub(text: str, db_path: Path | None = None, tmp: Path | None = None) -> str:
    """Remove server paths from a message: the database path, the query folder, any absolute path."""
    for path, label in ((tmp, ""), (db_path, "data.duckdb")):
        if path is not None:
            for form in {str(path), str(Path(path).resolve())}:
                text = text.replace(form + "/", label).replace(form, label or "")
    return _ABS_PATH.sub("<路径>", text)


def _child_error(header: dict, settings: SqlSettings) -> Exception:
    error, detail = header.get("error", ""), header.get("detail", "")
    time_msg = (
        f"查询超过时间上限 time_limit_s = {settings.time_limit_s:g} 秒，已中止。"
        "可缩小查询范围，或调高 time_limit_s。"
    )
    if error in ("InterruptException", "Killed"):
        return _stopped(time_msg, f"Query interrupted after time_limit_s={settings.time_limit_s:g}s.")
    if error in ("OutOfMemoryException", "Crashed"):
        return _stopped(
            f"查询超过内存上限 memory_limit = {settings.memory_limit}，已中止。请缩小查询范围。",
            f"Query stopped by memory_limit={settings.memory_limit}. {_first_line(detail)}".strip(),
        )
    if error == "ResultTooLarge":
        return _stopped(
            f"查询结果超过 {RESULT_BYTES_LIMIT // 2**20} MB，已中止。请减少行数或列数（LIMIT / 汇总）。",
            f"Result larger than {RESULT_BYTES_LIMIT} bytes.",
        )
    if header.get("stage") == "open":
        return _failed("无法打开数据库（是否为 DuckDB 文件？）", detail)
    if error == "PermissionException" or "configuration has been locked" in detail:
        # The sandbox caught what the statement check let through.
        return _refused("该语句需要访问文件、网络或更改设置，已被拒绝。", detail)
    for name, message in _FRIENDLY:
        if error == name:
            return _failed(message, detail)
    return _failed("查询执行失败。", detail)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


_FRIENDLY = (
    ("ParserException", "SQL 语法错误，请检查语句写法。"),
    ("CatalogException", "找不到表、视图、列或函数：请对照表结构核对名称。"),
    ("BinderException", "列名或表达式有误：请检查列名、表别名和分组。"),
    ("ConversionException", "数据类型转换失败：请检查比较或计算的类型（如文本与数字）。"),
    ("OutOfRangeException", "数值超出范围。"),
    ("InvalidInputException", "输入无效。"),
)


def _clean_detail(exc: BaseException) -> str:
    return _scrub(str(exc).strip())


def register(app) -> None:
    """Add `govreports sql` to the CLI (pipelines/cli.py calls this); see pipelines/sql_cli.py."""
    from pipelines.sql_cli import register as register_sql_command

    register_sql_command(app)
