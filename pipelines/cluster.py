"""Parsing on a Dask distributed cluster: workers write Parquet shards, this process loads them.

``govreports ingest PATHS --scheduler ADDRESS`` (``local``: a LocalCluster on this machine)
sends the parse jobs — the same pure :func:`pipelines.ingest._parse_job` a local worker
process runs — to the cluster in chunks. Each task writes its results to one Parquet shard
in a folder every worker and this process can read and write (the shard directory), and
returns only the shard's path. This process reads the shards back **in input order** (so
duplicates, replacements and unplaced reports come out exactly as on one machine), loads
them with the ordinary :class:`pipelines.load.Loader`, and publishes once, atomically, at the
end of the run. Memory stays flat: at most a few chunks are in flight, and a shard is removed
once loaded.

Workers read the input files themselves, by absolute path: the inputs must be visible at
the same path on every worker (a shared file system). Archive members are read here and
sent with the task.

A shard row is one parsed document: its status, the parsed report (JSON, with the searchable
text and without figures), its check results, its figures as list columns and the original bytes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import shutil
import uuid
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.errors import DatabaseError
from pipelines.model import Candidate, CheckResult, ParsedReport, Placement

CHUNK_ITEMS = 128  # documents per task (and per shard)
LOCAL = "local"  # --scheduler local: a LocalCluster of worker processes on this machine

SHARD_SCHEMA = pa.schema(
    [
        ("status", pa.string()),  # ok | rejected
        ("name", pa.string()),  # source path
        ("reason", pa.string()),  # rejected: why
        ("sha256", pa.string()),
        ("report", pa.string()),  # ok: the ParsedReport as JSON (figures apart)
        ("checks", pa.list_(pa.struct([("rule", pa.string()), ("severity", pa.string()),
                                       ("detail", pa.string()), ("metrics", pa.list_(pa.string()))]))),
        ("metric", pa.list_(pa.string())),
        ("value", pa.list_(pa.float64())),
        ("raw_text", pa.list_(pa.string())),
        ("provenance", pa.list_(pa.string())),
        ("origin", pa.list_(pa.string())),
        ("confidence", pa.list_(pa.float64())),  # OCR recognition score (None otherwise)
        ("content", pa.large_binary()),  # the original bytes
    ]
)


# ---------------------------------------------------------------------------
# Shards: parse results ⇄ Parquet rows


def _report_json(report: ParsedReport) -> str:
    d = dataclasses.asdict(report)
    d.pop("figures")  # shipped as list columns; the text (searchable form) stays
    d["published_on"] = report.published_on.isoformat() if report.published_on else None
    return json.dumps(d, ensure_ascii=False)


def _report_from_json(text: str) -> ParsedReport:
    d = json.loads(text)
    p = d.pop("placement")

    def cand(c: dict | None) -> Candidate | None:
        return Candidate(**c) if c is not None else None

    placement = Placement(
        units=[Candidate(**c) for c in p["units"]],
        years=[Candidate(**c) for c in p["years"]],
        unit=cand(p["unit"]),
        year=cand(p["year"]),
        reason=p["reason"],
    )
    published = d.pop("published_on")
    return ParsedReport(
        **d,
        published_on=dt.date.fromisoformat(published) if published else None,
        placement=placement,
    )


def results_table(results: Iterable[Any]) -> pa.Table:
    """Parse results (what ``_parse_job`` returns: Parsed or Rejected) → one Arrow table in
    SHARD_SCHEMA."""
    from pipelines.ingest import Parsed

    rows: dict[str, list[Any]] = {name: [] for name in SHARD_SCHEMA.names}
    for result in results:
        if isinstance(result, Parsed):
            report = result.report
            metrics, values, raws, provs, origins, confidences = result.columns.lists()
            row = {
                "status": "ok", "name": report.source_path, "reason": None, "sha256": report.sha256,
                "report": _report_json(report),
                "checks": [{"rule": c.rule, "severity": c.severity, "detail": c.detail,
                            "metrics": list(c.metrics)} for c in result.checks],
                "metric": metrics, "value": values, "raw_text": raws, "provenance": provs,
                "origin": origins, "confidence": confidences, "content": result.data,
            }
        else:
            row = dict.fromkeys(SHARD_SCHEMA.names)
            row.update(status="rejected", name=result.name, reason=result.reason, sha256=result.sha256)
        for key, value in row.items():
            rows[key].append(value)
    return pa.table(rows, schema=SHARD_SCHEMA)


def table_results(table: pa.Table) -> Iterator[Any]:
    """The inverse of :func:`results_table`: the same results ``_parse_job`` returned."""
    from pipelines.ingest import Parsed, Rejected
    from pipelines.load import FigureColumns

    for row in table.to_pylist():
        if row["status"] != "ok":
            yield Rejected(row["name"], row["reason"], row["sha256"])
            continue
        checks = [CheckResult(c["rule"], c["severity"], c["detail"], tuple(c["metrics"] or ()))
                  for c in row["checks"] or ()]
        columns = FigureColumns.of(row["metric"] or [], row["value"] or [], row["raw_text"] or [],
                                   row["provenance"] or [], row["origin"] or [], row["confidence"] or [])
        yield Parsed(_report_from_json(row["report"]), checks, row["content"], columns)


def write_shard(table: pa.Table, path: Path) -> None:
    """Written under a temporary name and renamed: a shard that exists is complete."""
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def parse_chunk(items: list, shard_path: str) -> tuple[str, str, int]:
    """Dask task: parse ``items`` (InputItems) into one shard; returns (path, parser version, rows)."""
    from pipelines import PARSER_VERSION
    from pipelines.ingest import _parse_job

    table = results_table(_parse_job(item) for item in items)
    write_shard(table, Path(shard_path))
    return shard_path, PARSER_VERSION, table.num_rows


# ---------------------------------------------------------------------------
# Running on a cluster


def default_shard_dir(db_path: str | os.PathLike) -> Path:
    """Next to the database: ``.NAME.shards`` (shared with the workers when the database's
    folder is on a shared file system; else pass --shard-dir)."""
    db = Path(db_path).absolute()
    return db.with_name(f".{db.name}.shards")


@contextlib.contextmanager
def connect(scheduler: str, workers: int | None = None) -> Iterator[Any]:
    """A dask.distributed Client: to the scheduler at ``scheduler``, or (``local``) to a new
    LocalCluster of ``workers`` single-threaded worker processes (default: one per core)."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler == LOCAL:
        # the parser is pure Python: processes, one thread each; no dashboard server
        with dask.config.set({"distributed.admin.system-monitor.gil.enabled": False}), LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster, Client(cluster) as client:
            yield client
    else:
        try:
            client = Client(scheduler, timeout="30s")
        except OSError as exc:
            raise DatabaseError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            yield client


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _portable(item):
    """An item a worker on another machine can parse: absolute path, no local handles."""
    if item.path is not None and item.data is None:
        return dataclasses.replace(item, path=Path(item.path).absolute())
    return item


def parsed_stream(
    items: list,
    scheduler: str,
    shard_dir: str | os.PathLike,
    workers: int | None = None,
    chunk_items: int = CHUNK_ITEMS,
) -> Generator[Any, None, None]:
    """Parse ``items`` on the cluster; yield the results in input order (as _parsed_stream)."""
    from pipelines import PARSER_VERSION
    from pipelines.ingest import _materialized

    run_dir = Path(shard_dir) / f"run-{uuid.uuid4().hex[:12]}"
    run_dir.mkdir(parents=True, exist_ok=True)
    try:
        with connect(scheduler, workers) as client:
            slots = max(2, 2 * sum(client.nthreads().values()))  # tasks in flight
            pending: deque = deque()
            chunks = enumerate(_chunks((_portable(i) for i in _materialized(items)), chunk_items))

            def submit() -> bool:
                nxt = next(chunks, None)
                if nxt is None:
                    return False
                n, chunk = nxt
                path = str(run_dir / f"part-{n:06d}.parquet")
                pending.append(client.submit(parse_chunk, chunk, path, pure=False, key=f"parse-{run_dir.name}-{n}"))
                return True

            while len(pending) < slots and submit():
                pass
            while pending:
                future = pending.popleft()
                path, version, _rows = future.result()
                future.release()
                submit()
                if version != PARSER_VERSION:
                    raise DatabaseError(
                        f"a Dask worker runs parser {version}, this process {PARSER_VERSION}: "
                        "install the same govreports version on every worker"
                    )
                try:
                    table = pq.read_table(path, schema=SHARD_SCHEMA)
                except FileNotFoundError:
                    raise DatabaseError(
                        f"a Dask worker wrote {path}, but this machine cannot see it: the shard "
                        "folder (--shard-dir) must be a folder every worker and this machine share"
                    ) from None
                os.remove(path)
                yield from table_results(table)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
        with contextlib.suppress(OSError):
            Path(shard_dir).rmdir()  # only when empty (another run may be using it)
