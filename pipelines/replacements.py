"""Replacing a report is never silent (issue 11): every replacement of a stored report (same
source path or same unit-year, new bytes) is recorded in ``report_replacements`` with the old
and the new figure counts and the figures that changed, and the old original bytes stay in
``sources`` (``old_sha256``) so the earlier version can be looked at or restored.

Called by pipelines.load.Loader.flush before it deletes the replaced rows.
"""

from __future__ import annotations

import datetime as dt

import duckdb

MAX_CHANGES_LISTED = 30

# sources rows kept: referenced by a report, or the old version of a replacement
KEEP_SOURCES_SQL = (
    "DELETE FROM sources WHERE sha256 NOT IN (SELECT sha256 FROM reports) "
    "AND sha256 NOT IN (SELECT sha256 FROM unplaced_reports) "
    "AND sha256 NOT IN (SELECT old_sha256 FROM report_replacements WHERE old_sha256 IS NOT NULL)"
)


def record(
    con: duckdb.DuckDBPyConnection,
    replaced: list[tuple[list[str], str]],
    new_reports: dict[str, dict],
    new_values: dict[str, dict[str, float | None]],
) -> list[dict]:
    """Insert one row per (old report → new report) and return them as dicts.

    ``replaced``: (old report_ids, new report_id); ``new_reports``: new report_id →
    {sha256, source_path, n_figures}; ``new_values``: new report_id → {metric: value}.
    The old reports are read from ``con`` (still there: the caller deletes them after).
    """
    old_ids = sorted({old for olds, _ in replaced for old in olds})
    if not old_ids:
        return []
    marks = ",".join("?" * len(old_ids))
    old_info = {
        r[0]: r
        for r in con.execute(
            f"SELECT report_id, unit_id, year, sha256, source_path, n_figures FROM reports WHERE report_id IN ({marks})",
            old_ids,
        ).fetchall()
    }
    old_values: dict[str, dict[str, float | None]] = {}
    for rid, metric, value in con.execute(
        f"SELECT report_id, metric, value FROM report_values WHERE report_id IN ({marks})", old_ids
    ).fetchall():
        old_values.setdefault(rid, {})[metric] = value
    now = dt.datetime.now().replace(microsecond=0)
    rows: list[dict] = []
    for olds, new_id in replaced:
        new = new_reports.get(new_id, {})
        for old_id in olds:
            if old_id not in old_info or old_id == new_id:
                continue
            _, unit_id, year, sha, path, n_old = old_info[old_id]
            diff = _changes(old_values.get(old_id, {}), new_values.get(new_id, {}))
            rows.append(
                {
                    "replaced_at": now,
                    "unit_id": unit_id,
                    "year": year,
                    "old_report_id": old_id,
                    "old_sha256": sha,
                    "old_source_path": path,
                    "old_figures": n_old,
                    "new_report_id": new_id,
                    "new_sha256": new.get("sha256"),
                    "new_source_path": new.get("source_path"),
                    "new_figures": new.get("n_figures"),
                    "changed_figures": len(diff),
                    "changes": "; ".join(diff[:MAX_CHANGES_LISTED])
                    + (" …" if len(diff) > MAX_CHANGES_LISTED else ""),
                }
            )
    if rows:
        columns = list(rows[0])
        con.executemany(
            f"INSERT INTO report_replacements ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [[row[c] for c in columns] for row in rows],
        )
    return rows


def _changes(old: dict[str, float | None], new: dict[str, float | None]) -> list[str]:
    out = []
    for metric in sorted(set(old) | set(new)):
        a, b = old.get(metric, "—"), new.get(metric, "—")
        if a != b:
            out.append(f"{metric}: {_num(a)} → {_num(b)}")
    return out


def _num(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "空" if value is None else str(value)
