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
import re
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
        default="1GB",
        metadata={"help": "内存上限：单个查询可使用的最大内存 / DuckDB memory_limit of the query connection"},
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
    """.split()
)
FORBIDDEN_FUNCTION_PATTERN = re.compile(
    r"^(read_\w+|\w+_scan|\w*parquet\w*|iceberg_\w+|delta_\w+|sqlite_\w+|postgres_\w+|mysql_\w+|http_\w+"
    r"|\w+_attach|enable_\w+|disable_\w+|\w*external_resource\w*|\w*grammar_extension|python_\w+"
    r"|json_execute_serialized_sql|copy_database|import_database|truncate_duckdb_logs|write_log|arrow_scan\w*)$"
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

    A statement DuckDB cannot parse raises QueryFailed with the parser's message.
    """
    if not sql or not sql.strip():
        raise _refused("没有可执行的语句。", "Empty statement.")
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
            f"不允许使用函数 {name}：它会读取文件、网络或其他数据库，或改变数据库状态。",
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
# The sandbox connection


def open_sandbox(db_path: str | Path, settings: SqlSettings) -> duckdb.DuckDBPyConnection:
    """A private in-memory DuckDB with the database attached read-only as ``data``, external
    access disabled and configuration locked (order matters: lock last)."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise _failed(f"数据库文件不存在：{db_path}", f"Database file not found: {db_path}")
    con = duckdb.connect(
        ":memory:",
        config={
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "allow_community_extensions": False,
        },
    )
    try:
        # The path goes in as a literal: escape quotes rather than format raw user text.
        literal = "'" + str(db_path).replace("'", "''") + "'"
        con.execute(f"ATTACH {literal} AS data (READ_ONLY)")
        con.execute("USE data")
        for setting in (
            f"SET memory_limit = '{settings.memory_limit}'",
            f"SET threads = {int(settings.threads)}",
            "SET temp_directory = ''",  # never spill to disk: no file appears anywhere
            "SET enable_progress_bar = false",
            "SET python_enable_replacements = false",  # no Python variables as tables
            "SET enable_external_access = false",
            "SET lock_configuration = true",
        ):
            con.execute(setting)
    except duckdb.Error as exc:
        con.close()
        raise _failed(f"无法打开数据库 {db_path}（是否为 DuckDB 文件？）", _clean_detail(exc)) from None
    return con


def run_sql(db_path: str | Path, sql: str, settings: SqlSettings | None = None) -> SqlResult:
    """Check, then run one read-only statement on its own sandbox connection."""
    settings = settings or SqlSettings()
    kind = check_statement(sql)
    started = time.monotonic()
    con = open_sandbox(db_path, settings)
    timed_out = threading.Event()

    def stop() -> None:
        timed_out.set()
        con.interrupt()

    timer = threading.Timer(settings.time_limit_s, stop)
    timer.daemon = True
    timer.start()
    try:
        table, truncated = _fetch_limited(con, sql, settings.max_rows)
    except duckdb.Error as exc:
        if timed_out.is_set() or isinstance(exc, duckdb.InterruptException):
            raise _stopped(
                f"查询超过时间上限 time_limit_s = {settings.time_limit_s:g} 秒，已中止。"
                "可缩小查询范围，或调高 time_limit_s。",
                f"Query interrupted after time_limit_s={settings.time_limit_s:g}s.",
            ) from None
        raise _friendly(exc, settings) from None
    finally:
        timer.cancel()
        con.close()
    df = table.to_pandas()
    return SqlResult(
        dataframe=df,
        row_count=len(df),
        truncated=truncated,
        elapsed_s=time.monotonic() - started,
        kind=kind,
        settings=settings,
    )


def _fetch_limited(con: duckdb.DuckDBPyConnection, sql: str, max_rows: int) -> tuple[pa.Table, bool]:
    """Stream record batches until max_rows + 1 rows are in hand; never materialise more."""
    reader = con.sql(sql).to_arrow_reader(min(max_rows + 1, 8192))
    batches, n = [], 0
    try:
        for batch in reader:
            batches.append(batch)
            n += batch.num_rows
            if n > max_rows:
                break
    finally:
        reader.close()
    table = pa.Table.from_batches(batches, schema=reader.schema)
    if n > max_rows:
        return table.slice(0, max_rows), True
    return table, False


_FRIENDLY = (
    (duckdb.ParserException, "SQL 语法错误，请检查语句写法。"),
    (duckdb.CatalogException, "找不到表、视图、列或函数：请对照表结构核对名称。"),
    (duckdb.BinderException, "列名或表达式有误：请检查列名、表别名和分组。"),
    (duckdb.ConversionException, "数据类型转换失败：请检查比较或计算的类型（如文本与数字）。"),
    (duckdb.OutOfRangeException, "数值超出范围。"),
    (duckdb.InvalidInputException, "输入无效。"),
)


def _friendly(exc: duckdb.Error, settings: SqlSettings) -> Exception:
    detail = _clean_detail(exc)
    if isinstance(exc, duckdb.OutOfMemoryException):
        return _stopped(
            f"查询超过内存上限 memory_limit = {settings.memory_limit}，已中止。请缩小查询范围。",
            detail,
        )
    if isinstance(exc, duckdb.PermissionException) or "configuration has been locked" in detail:
        # The sandbox caught what the statement check let through.
        return _refused("该语句需要访问文件、网络或更改设置，已被拒绝。", detail)
    for cls, message in _FRIENDLY:
        if isinstance(exc, cls):
            return _failed(message, detail)
    return _failed("查询执行失败。", detail)


def _clean_detail(exc: BaseException) -> str:
    return str(exc).strip()


def register(app) -> None:
    """Add `govreports sql` to the CLI (pipelines/cli.py calls this); see pipelines/sql_cli.py."""
    from pipelines.sql_cli import register as register_sql_command

    register_sql_command(app)
