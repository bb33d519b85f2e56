"""The audit trail (issue 12): one append-only row in ``audit_log`` per write, written by the
writer itself on the same connection — so in the same transaction and the same atomic publish
(``pipelines/db.py``) as the change it records: a write that fails leaves no audit row, and
no write is published without its row.

Nothing in govreports updates or deletes ``audit_log`` (``tests/quality/test_audit.py``
checks the source); ingest and reparse copy the whole database forward, so the log survives
them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

import pandas as pd

from pipelines.access import Actor

ACTIONS = {
    "ingest": "导入",
    "replace": "替换报告",
    "place": "确认归属",
    "decide": "核实结论",
    "withdraw": "撤销核实结论",
    "reparse": "重新解析",
    "alias": "单位别名",  # for the alias and unit-registry editors (admin role)
    "registry": "单位名录",
    "correct": "人工更正",
    "uncorrect": "撤销更正",
}

COLUMNS = {
    "logged_at": "时间",
    "identity": "账号",
    "action": "操作",
    "target": "对象",
    "before": "变更前",
    "after": "变更后",
    "source": "来源",
}


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(
    con: Any,
    actor: Actor,
    action: str,
    target: str,
    before: Any = None,
    after: Any = None,
    *,
    at: dt.datetime | None = None,
) -> None:
    """Append one row (``before`` / ``after`` become JSON text; None stays NULL)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    con.execute(
        "INSERT INTO audit_log (logged_at, identity, action, target, before, after, source) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            at or dt.datetime.now(),
            actor.identity,
            action,
            target,
            _json(before),
            _json(after),
            actor.source,
        ],
    )


def entries(
    source: Any,
    *,
    identity: str = "",
    actions: Sequence[str] = (),
    since: dt.date | None = None,
    until: dt.date | None = None,
    text: str = "",
    limit: int = 5000,
) -> pd.DataFrame:
    """Rows of the log, newest first, filtered (every filter optional)."""
    from pipelines.query import as_source

    db = as_source(source)
    where: list[str] = ["TRUE"]
    params: dict[str, Any] = {}
    if identity:
        where.append("identity = $identity")
        params["identity"] = identity
    if actions:
        where.append("list_contains($actions, action)")
        params["actions"] = list(actions)
    if since:
        where.append("logged_at >= $since")
        params["since"] = dt.datetime.combine(since, dt.time())
    if until:
        where.append("logged_at < $until")
        params["until"] = dt.datetime.combine(until + dt.timedelta(days=1), dt.time())
    if text:
        where.append("(contains(target, $text) OR contains(before, $text) OR contains(after, $text))")
        params["text"] = text
    exists = db.df("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'audit_log'")
    if int(exists.iloc[0, 0]) == 0:  # a database written before the trail existed
        return pd.DataFrame(columns=list(COLUMNS))
    return db.df(
        f"SELECT logged_at, identity, action, target, before, after, source FROM audit_log "
        f"WHERE {' AND '.join(where)} ORDER BY logged_at DESC, rowid DESC LIMIT {int(limit)}",
        params,
    )


def labelled(df: pd.DataFrame) -> pd.DataFrame:
    """Chinese column names and action labels, for the page and the XLSX export."""
    out = df.copy()
    out["action"] = out["action"].map(lambda a: ACTIONS.get(a, a))
    return out.rename(columns=COLUMNS)


def _cell(value: Any) -> Any:
    """A spreadsheet cell that is never a formula (a name may start with '=')."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def xlsx_bytes(df: pd.DataFrame) -> bytes:
    """The (labelled) log as an XLSX workbook."""
    table = labelled(df).map(_cell)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        table.to_excel(xl, index=False, sheet_name="审计记录")
        sheet = xl.sheets["审计记录"]
        for col, width in zip("ABCDEFG", (20, 28, 12, 30, 60, 60, 24), strict=False):
            sheet.column_dimensions[col].width = width
    return buf.getvalue()


__all__ = ["ACTIONS", "COLUMNS", "entries", "labelled", "record", "xlsx_bytes"]
