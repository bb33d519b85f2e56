"""Ingest: files → extract → normalize → check → load, with a progress bar and a summary.

Parsing (extract + normalize + checks) is a pure function of a file's bytes and name
(:func:`parse_file`) and runs in worker processes; loading runs in this process through
one :class:`pipelines.db.Writer`, so a running dashboard keeps answering and sees the new
data only once it is published whole.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import multiprocessing
import multiprocessing.pool
import os
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath, PurePosixPath
from typing import TYPE_CHECKING

from pipelines import audit, search_index, units
from pipelines.access import Actor, authorize
from pipelines.checks import run_checks
from pipelines.db import open_writer
from pipelines.errors import DatabaseError, RejectedInput
from pipelines.load import FigureColumns, Loader, figure_columns
from pipelines.manifest import MANIFEST_NAME, Manifest, read_manifest
from pipelines.model import CheckResult, Document, ParsedReport, Placement, PlacementHints, UnitKind
from pipelines.quality import stored as quality_stored
from pipelines.safetext import fs_name

if TYPE_CHECKING:
    from pipelines.extract.archive import MemberRef

ProgressCallback = Callable[[int, int, str], None]

PARALLEL_MIN_FILES = 24  # below this, a worker pool costs more than it saves
PARSE_WINDOW = 256  # documents handed to the worker pool at a time
AUDIT_MAX_NAMES = 200  # file names an ingest's audit row lists (the counts are complete)
PLACE_BATCH = 1000  # parsed reports placed with one region lookup, keyed with one query and written together


@dataclass
class IngestSummary:
    files_seen: int = 0
    loaded: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: int = 0  # files in folders that are not report formats (e.g. .jpg, truth.jsonl)
    figures: int = 0
    figures_unplaced: int = 0  # figures of the reports kept unplaced (out of charts until placed)
    failed_checks: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (source_path, reason)
    duplicate_of: list[tuple[str, str]] = field(default_factory=list)  # (source_path, already-loaded path)
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # (source_path, reason): kept, to place
    report_ids: list[str] = field(default_factory=list)  # loaded or replaced
    elapsed_s: float = 0.0
    replacements: list[dict] = field(default_factory=list)  # report_replacements rows of this run
    unpacked_bytes: int = 0  # declared unpacked size of the run's archives (ArchiveLimits.max_run_bytes)


@dataclass
class InputItem:
    """One document to parse: a file on disk, or a member of an archive (read when parsed)."""

    name: str
    path: Path | None = None
    data: bytes | None = None
    reject_reason: str | None = None  # set when the item is known bad before parsing (unsafe zip)
    hints: PlacementHints | None = None  # manifest / --unit --year / folder names
    member: MemberRef | None = None  # an archive member: read only when its turn comes


# ---------------------------------------------------------------------------
# Pure parsing


def parse_file(
    data: bytes, name: str, *, place: bool = True, hints: PlacementHints | None = None
) -> ParsedReport:
    """extract + normalize one document; raises RejectedInput with the reason when it is
    no report at all. A report whose unit or year is not certain comes back with
    ``placed`` False and its ranked candidates (ingest keeps it in unplaced_reports).

    ``place=False`` leaves region and kind to the caller (ingest resolves them for a whole
    batch of reports at once, which is much cheaper than one lookup per report).
    """
    report, _ = _parse_document(data, name, hints)
    if place:
        place_report(report)
    return report


def _parse_document(
    data: bytes, name: str, hints: PlacementHints | None, *, with_text: bool = True
) -> tuple[ParsedReport, Document]:
    """parse_file's work, unplaced, with the extracted Document (the worker reuses its lines;
    ``with_text=False``: the report's original text is left empty, for a caller that ships none)."""
    from pipelines.extract import extract_document
    from pipelines.normalize import parse_document

    doc = extract_document(data, name)
    report = parse_document(doc, hints=hints, with_text=with_text)
    if doc.ocr_confidence:  # figures read by OCR: origin 'ocr', low-confidence digits left out
        from pipelines.extract.ocr import mark_figures

        mark_figures(report, doc)
    return report, doc


def searchable_text(doc: Document) -> str:
    """``search_index.searchable(doc.text)``, without normalising the whole text a second time:
    extract normalised the document's pieces (text lines, and each table cell on its own)
    joined by newlines in one pass (builder.normalize_pieces), and a row's ``norm`` is its
    cells' joined by ' | ' as its text is theirs. NFKC, opencc's phrase matching, the mirror
    words and the pinyin pattern never reach across a newline or ' | ', and the
    traditional-or-not decision counts the same characters either way, so the lines' ``norm``
    joined by newlines are that very string (checked on 2,128 documents with tables, 36 of
    them traditional: HTML, DOCX, PDF, the fixtures)."""
    return doc.norm_text  # (joined once: the metadata readers searched it)


def place_report(report: ParsedReport, alias_map: dict[str, str] | None = None) -> None:
    """Region and kind from the (alias-resolved) unit name."""
    name = report.unit_name or ""
    _set_place(report, _region_for(name, alias_map), lambda: units.kind_of(name))


def _region_for(name: str, alias_map: dict[str, str] | None) -> units.Region:
    region = units.region_of(units.canonical_name(name, alias_map))
    return region if region.adcode else units.region_of(name)


def _set_place(report: ParsedReport, region: units.Region, kind: Callable[[], UnitKind]) -> None:
    report.province, report.city, report.county = region.province, region.city, region.county
    report.kind = report.kind or kind()


class _UnitsOfBatch:
    """place_report and unit_id_for for a batch of reports, each unit name worked out once:
    a batch holds many reports of one unit (its years), and each answer is a function of the
    name alone (the alias map is the run's; regions, once resolved, never change)."""

    def __init__(self, alias_map: dict[str, str]) -> None:
        self.alias_map = alias_map
        self._regions: dict[str, units.Region] = {}
        self._kinds: dict[str, UnitKind] = {}
        self._ids: dict[str, str] = {}

    def place(self, report: ParsedReport) -> None:
        name = report.unit_name or ""
        region = self._regions.get(name)
        if region is None:
            region = self._regions[name] = _region_for(name, self.alias_map)
        _set_place(report, region, lambda: self._kind(name))

    def _kind(self, name: str) -> UnitKind:
        kind = self._kinds.get(name)
        if kind is None:
            kind = self._kinds[name] = units.kind_of(name)
        return kind

    def unit_id(self, name: str) -> str:
        unit_id = self._ids.get(name)
        if unit_id is None:
            unit_id = self._ids[name] = units.unit_id_for(name, self.alias_map)
        return unit_id


@dataclass
class Parsed:
    """A worker's parsed file: figures shipped as plain columns (cheap to pickle and to load)
    and no text (the loader stores the original bytes)."""

    report: ParsedReport
    checks: list[CheckResult]
    data: bytes
    columns: FigureColumns
    unit_id: str | None = None  # filled in by the ingest process (_placed), from the alias-resolved name

    @property
    def name(self) -> str:
        return self.report.source_path


@dataclass(frozen=True)
class Rejected:
    """A worker's file that could not be read or parsed, with the reason."""

    name: str
    reason: str
    sha256: str | None  # None when not even its bytes could be read


ParseResult = Parsed | Rejected
_SHIPPED_PLACED = Placement()  # what a placed report's placement is shipped as (_parse_job)


def _parse_job(item: InputItem) -> ParseResult:
    """Worker entry point: the parsed file, or why it was rejected."""
    data = item.data
    try:
        if item.reject_reason:
            raise RejectedInput(item.reject_reason)
        if data is None:
            assert item.path is not None
            data = read_input_file(item.path, item.name)
        # (the loader stores the original bytes, not the text: its lines are not joined here)
        report, doc = _parse_document(data, item.name, item.hints, with_text=False)
        checks: list[CheckResult] = run_checks(report)
        # Ship figures as plain columns (cheap to pickle and to load); the text only in its
        # searchable form, for the full-text index (the loader stores the original bytes).
        columns = figure_columns(report.figures)
        report.figures, report.text = [], searchable_text(doc) if report.placed else ""
        if report.placed:  # the loader reads a placed report's candidates and sources of nothing:
            report.placement, report.meta_sources = _SHIPPED_PLACED, {}  # not pickled twice a report
        del doc
        return Parsed(report, checks, data, columns)
    except RejectedInput as exc:
        sha = hashlib.sha256(data).hexdigest() if data is not None else None
        return Rejected(item.name, exc.reason, sha)
    except Exception as exc:  # a parser bug must not stop the run: reject with the reason
        sha = hashlib.sha256(data).hexdigest() if data is not None else None
        return Rejected(item.name, f"parser error ({type(exc).__name__}: {exc})", sha)


# ---------------------------------------------------------------------------
# Collecting inputs
#
# Nothing is read here but archive directories: files are read by the parse job (size
# checked first), archive members one at a time as the parse stream reaches them, so an
# ingest holds at most two parse windows of bytes whatever its inputs unpack to.


def collect_inputs(
    paths: Iterable[str | os.PathLike],
    summary: IngestSummary,
    *,
    manifest: Manifest | None = None,
    said: PlacementHints | None = None,
) -> list[InputItem]:
    """Files and folders (recursive) → items; archives are checked here (members read later).

    Names are made storable (undecodable bytes as \\xNN); a symbolic link inside a folder
    that leads outside it is not followed but listed with its reason. Each item carries its
    placement hints: what ``said`` (--unit/--year) or a manifest row states, and the folder
    names between the input root and the file (evidence only). A ``manifest.csv`` at the top
    of a folder applies to the files below it.
    """
    from pipelines.extract import REPORT_CANDIDATE_SUFFIXES as CANDIDATES
    from pipelines.extract import is_report_candidate
    from pipelines.extract.formats import IMAGE_SUFFIXES

    items: list[InputItem] = []
    real_dirs: dict[Path, str] = {}  # each folder resolved once (a file's name: its folder's + its own)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            local = manifest
            if local is None and (path / MANIFEST_NAME).is_file():
                local = read_manifest(path / MANIFEST_NAME)
            root_name = path.resolve().name
            for f, reason in _folder_files(path):
                if reason:
                    items.append(InputItem(fs_name(str(f.absolute())), reject_reason=reason))
                    continue
                suffix = f.suffix.lower()
                # .doc etc. get a rejection line; pictures only when big enough to be a scanned page
                # (the size is asked of pictures only: a stat a file less)
                size = f.stat().st_size if suffix in IMAGE_SUFFIXES else 0
                if is_report_candidate(f.name, size) or suffix == ".zip":
                    folders = (root_name, *f.relative_to(path).parent.parts)
                    items.extend(_items_for_file(f, summary, _hints(f, folders, local, said), real_dirs))
                elif f.name != MANIFEST_NAME:
                    summary.skipped += 1
        elif path.is_file():
            if path.suffix.lower() in CANDIDATES or path.suffix.lower() == ".zip":
                items.extend(_items_for_file(path, summary, _hints(path, (), manifest, said), real_dirs))
            else:
                items.append(
                    InputItem(
                        fs_name(str(path.resolve())),
                        reject_reason=f"unsupported file type '{fs_name(path.suffix)}'",
                    )
                )
        else:
            items.append(InputItem(fs_name(str(path)), reject_reason="no such file or folder"))
    return items


def _hints(
    path: Path, folders: tuple[str, ...], manifest: Manifest | None, said: PlacementHints | None
) -> PlacementHints | None:
    row = manifest.hints_for(path, folders) if manifest else None
    if said is not None:  # --unit/--year say it for every file; a manifest row may add the rest
        return PlacementHints(
            said.unit or (row.unit if row else None),
            said.year or (row.year if row else None),
            row.url if row else None,
            folders,
            said.said_by,
        )
    if row is not None:
        return row
    return PlacementHints(folders=folders) if folders else None


def _member_hints(hints: PlacementHints | None, zip_path: Path, member: str) -> PlacementHints:
    """A zip member: the zip's name and the member's folders are evidence too."""
    inner = PurePosixPath(member.replace("\\", "/")).parent.parts
    base = hints or PlacementHints()
    return replace(base, folders=(*base.folders, zip_path.stem, *inner))


def _folder_files(root: Path) -> list[tuple[Path, str | None]]:
    """Regular files under ``root`` (hidden ones skipped), sorted by path, without following
    symbolic links that lead outside ``root`` (those come back with a reason)."""
    real_root = root.resolve()
    found: list[tuple[Path, str | None]] = []
    folders = [root]
    while folders:  # (os.scandir's entries know their type: no stat a file, as os.walk's names need)
        here = folders.pop()
        try:
            entries = list(os.scandir(here))
        except OSError:  # unreadable folder: skipped, as os.walk does
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            p = here / entry.name
            if entry.is_dir(follow_symlinks=False):
                folders.append(p)
            elif entry.is_symlink() and p.is_dir():  # never descends into linked folders
                if not _inside(p, real_root):
                    found.append((p, "symbolic link to a folder outside the input folder (not followed)"))
            elif entry.is_symlink() and not _inside(p, real_root):
                found.append((p, "symbolic link to a file outside the input folder (not followed)"))
            elif entry.is_file():  # regular files only: no FIFOs, devices or dangling links
                found.append((p, None))
    return sorted(found, key=lambda entry: entry[0].parts)  # Path order, as rglob-and-sort gave


def _inside(link: Path, real_root: Path) -> bool:
    try:
        return link.resolve().is_relative_to(real_root)
    except (OSError, RuntimeError):  # a link loop
        return False


def _real_path(path: Path, real_dirs: dict[Path, str] | None) -> str:
    """``str(path.resolve())``, the folder's part resolved once per folder: a file that is
    no symbolic link (and no '.'/'..') resolves to its resolved folder joined with its name."""
    if real_dirs is None or path.name in ("", ".", "..") or path.is_symlink():
        return str(path.resolve())
    folder = real_dirs.get(path.parent)
    if folder is None:
        folder = real_dirs[path.parent] = str(path.parent.resolve())
    return os.path.join(folder, path.name)


def _items_for_file(
    path: Path, summary: IngestSummary, hints: PlacementHints | None = None, real_dirs: dict[Path, str] | None = None
) -> Iterator[InputItem]:
    name = fs_name(_real_path(path, real_dirs))
    if path.suffix.lower() != ".zip":
        yield InputItem(name, path=path, hints=hints)
        return
    from pipelines.extract import ArchiveLimits, plan_archive, size_text

    limits = ArchiveLimits()
    try:
        members = plan_archive(path, name, limits)
    except RejectedInput as exc:
        yield InputItem(name, reject_reason=exc.reason)
        return
    unpacked = sum(m.size for m in members if not m.dropped)
    if summary.unpacked_bytes + unpacked > limits.max_run_bytes:
        yield InputItem(
            name,
            reject_reason=(
                f"the archives of this run unpack to more than {size_text(limits.max_run_bytes)} "
                "(ingest this archive in a separate run)"
            ),
        )
        return
    summary.unpacked_bytes += unpacked
    for member in members:
        if member.dropped:  # a member that is no report format: listed with its reason
            yield InputItem(member.path, reject_reason=member.dropped)
            continue
        inner = member.path[len(name) :].lstrip("/\\") if member.path.startswith(name) else member.path
        yield InputItem(member.path, member=member, hints=_member_hints(hints, path, inner))



def read_input_file(path: Path, name: str) -> bytes:
    """A file's bytes, its size checked before reading and the read bounded (it may grow)."""
    from pipelines.extract import check_size_before_read

    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            allowed = check_size_before_read(size, name)
            # read what stat said (+1 to see growth), not a buffer of the whole limit (a
            # read(n) allocates n bytes first); a file that grew is read on, up to the limit
            want = min(size, allowed) + 1
            data = fh.read(want)
            if len(data) == want and want <= allowed:
                data += fh.read(allowed + 1 - want)
    except OSError as exc:
        raise RejectedInput(f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > allowed:
        check_size_before_read(len(data), name)
    return data


def _materialized(items: Iterable[InputItem]) -> Iterator[InputItem]:
    """Items with archive members read, one at a time, as the caller advances."""
    from pipelines.extract import ArchiveReader, check_size_before_read

    with ArchiveReader() as reader:
        for item in items:
            if item.member is None:
                yield item
                continue
            try:
                check_size_before_read(item.member.size, item.name)
                data = reader.read(item.member)
            except RejectedInput as exc:
                yield InputItem(item.name, reject_reason=exc.reason)
                continue
            yield InputItem(item.name, data=data, hints=item.hints)


# ---------------------------------------------------------------------------
# Running

PARSE_WINDOW_BYTES = 16 * 2**20  # bytes of archive members in one parse window (two in flight)


def _windows(items: Iterator[tuple[int, InputItem]]) -> Iterator[list[tuple[int, InputItem]]]:
    """Consecutive (position, item) pairs, at most PARSE_WINDOW of them and
    PARSE_WINDOW_BYTES of bytes."""
    window: list[tuple[int, InputItem]] = []
    size = 0
    for pair in items:
        window.append(pair)
        size += len(pair[1].data or b"")
        if len(window) >= PARSE_WINDOW or size >= PARSE_WINDOW_BYTES:
            yield window
            window, size = [], 0
    if window:
        yield window


@dataclass(frozen=True)
class _Later:
    """A file the first pass left for the second: it needs OCR (its position in the run)."""

    position: int


def _parse_text_first(job: tuple[int, InputItem]) -> ParseResult | _Later:
    """Worker entry point of the first pass: the parsed file, or _Later when it is a scan
    (found before any page is read by OCR)."""
    from pipelines.extract import ocr

    position, item = job
    try:
        with ocr.deferred_scans():
            return _parse_job(item)
    except ocr.Deferred:
        return _Later(position)


def _parse_scan(job: tuple[int, InputItem]) -> ParseResult:
    return _parse_job(job[1])


def _is_picture(item: InputItem) -> bool:
    from pipelines.extract.formats import IMAGE_SUFFIXES

    return item.reject_reason is None and PurePath(item.name).suffix.lower() in IMAGE_SUFFIXES


def _parsed_stream(items: list[InputItem], workers: int | None) -> Generator[ParseResult, None, None]:
    """Parse results, in two passes: first every file with a text layer, in input order (a
    scanned PDF is found when its text layer is read, a picture by its name, and left for
    later), then the scans, in input order, read by OCR with progress per page. A scan never
    holds up the text reports queued behind it."""
    workers = workers or os.cpu_count() or 1
    later = [(i, item) for i, item in enumerate(items) if _is_picture(item)]
    first = [(i, item) for i, item in enumerate(items) if not _is_picture(item)]
    for result in _run_jobs(first, workers, _parse_text_first, PARALLEL_MIN_FILES):
        if isinstance(result, _Later):
            later.append((result.position, items[result.position]))
        else:
            yield result
    later.sort(key=lambda job: job[0])
    # OCR reads the pages of one file in parallel already: files in parallel from two on
    yield from _run_jobs(later, workers, _parse_scan, 2)  # type: ignore[misc]


def _run_jobs(
    jobs: list[tuple[int, InputItem]], workers: int, parse: Callable, parallel_from: int
) -> Iterator[ParseResult | _Later]:
    """``parse`` of each (position, item) in order: here, or in a pool of ``workers``
    processes when there are at least ``parallel_from`` jobs. A pool's workers send their OCR
    progress (file, page, pages) back; it is reported here, in the caller's thread (the 导入
    page's progress bar can only be drawn from there)."""
    positions = [position for position, _ in jobs]
    stream = zip(positions, _materialized(item for _, item in jobs), strict=True)
    if workers <= 1 or len(jobs) < parallel_from:
        for job in stream:
            yield parse(job)
        return
    from pipelines.extract import ocr

    _preload_parser()
    # fork is fast and shares the imported parser; inside a multi-threaded host (the
    # Streamlit intake page) forking is unsafe, so use a fork server there.
    method = "fork" if threading.active_count() == 1 else "forkserver"
    ctx = multiprocessing.get_context(method)
    pages = ctx.SimpleQueue()

    def drain() -> None:
        while not pages.empty():
            ocr.report_progress(*pages.get())

    def results(running: Iterator) -> Iterator[ParseResult | _Later]:
        if parse is _parse_text_first:  # (imap in chunks; no page is read by OCR there)
            yield from running
            return
        while True:
            try:
                result = running.next(timeout=0.2)  # type: ignore[attr-defined]
            except multiprocessing.TimeoutError:
                drain()
                continue
            except StopIteration:
                drain()
                return
            drain()
            yield result

    with _Pool(min(workers, len(jobs)), _pool_worker, (pages,), context=ctx) as pool:
        # Two windows in flight: workers never wait for the loader, and results never pile
        # up in memory when the loader is the slower side (memory stays flat with corpus size).
        windows = _windows(stream)
        window = next(windows, None)
        if window is None:
            return
        chunk = 8 if parse is _parse_text_first else 1
        running = pool.imap(parse, window, chunksize=chunk)
        for window in windows:
            queued = pool.imap(parse, window, chunksize=chunk)
            yield from results(running)
            running = queued
        yield from results(running)


def _preload_parser() -> None:
    """Import every module of the parser here, before the workers fork: they share them instead
    of each importing them and compiling their patterns on its first file (~0.06–0.2 s a worker)."""
    import importlib
    import pkgutil

    from pipelines import normalize

    for module in pkgutil.iter_modules(normalize.__path__):
        importlib.import_module(f"{normalize.__name__}.{module.name}")


class _Pool(multiprocessing.pool.Pool):
    """multiprocessing's Pool whose worker-maintaining thread does not spin on the results.

    The stock Pool's thread that replaces dead workers also wakes whenever the result pipe is
    readable, and finds it still readable until the result thread has read it: with hundreds
    of results a second it loops (~0.2 ms of the ingest process's CPU a report, and the GIL
    taken from the loader). It needs waking only when a worker exits (each worker's sentinel)
    or the pool's state changes (the change notifier): those stay."""

    def _get_sentinels(self) -> list:
        return [self._change_notifier._reader]  # type: ignore[attr-defined]


def _pool_worker(pages: object) -> None:
    """A pool worker sends each OCR page it starts to the parent (``_run_jobs``)."""
    from pipelines.extract import ocr

    ocr.set_progress(lambda name, page, total: pages.put((name, page, total)))  # type: ignore[attr-defined]


def ingest_paths(
    paths: Iterable[str | os.PathLike],
    db_path: str | os.PathLike,
    *,
    is_demo: bool = False,
    progress: bool | ProgressCallback = True,
    workers: int | None = None,
    manifest: Manifest | None = None,
    said: PlacementHints | None = None,
    on_wait: Callable[[str], None] | None = None,
    actor: Actor | None = None,
    scheduler: str | None = None,
    shard_dir: str | os.PathLike | None = None,
) -> IngestSummary:
    """Ingest files/folders/zips into the database at ``db_path`` (created if missing).

    ``scheduler``: parse on a Dask distributed cluster (its scheduler's address, or
    ``local`` for a LocalCluster of ``workers`` processes) through Parquet shards in
    ``shard_dir`` (default: beside the database), see pipelines/cluster.py; the result is
    the same as parsing here.

    Needs the ``importer`` role (``actor``; None: the command-line user); the run, and each
    replacement it makes, get their audit_log rows in the same publish.

    The run is published once, whole, at its end. When another writer holds the database,
    ``on_wait`` (default: a line on stderr) is told what the run waits for.

    Returns the summary; rejected files are listed (and stored in rejected_files), never
    raised. Raises DatabaseError only when the database itself cannot be written.
    """
    actor = authorize(actor, "importer", what="导入报告")
    started = time.monotonic()
    summary = IngestSummary()
    items = collect_inputs(paths, summary, manifest=manifest, said=said)
    summary.files_seen = len(items)
    alias_map = units.aliases()  # (before the workers fork: they share what it loads, cpca and placement)
    # One publish, at the end of the run (open_writer's exit): readers never see part of a
    # run, and a run killed at any moment leaves the published file byte-identical.
    stager = search_index.Stager(db_path)  # 全文检索: each report's text as it is parsed
    with _quiet_gc(), contextlib.closing(_parse_stream(items, workers, scheduler, shard_dir, db_path)) as stream:
        parsed = _started(stream)  # the workers parse while the writer copies and opens the database
        # (the stager's thread ends last: it indexes the run's last texts during the publish)
        with stager, open_writer(db_path, on_wait) as writer:
            loader = Loader(writer.con, is_demo=is_demo)
            # The parser workers have the cores: DuckDB appends the batches on one thread (its
            # task hand-offs between threads cost more than they save on batches this size).
            writer.con.execute("SET threads = 1")
            with _Progress(progress, len(items)) as bar, loader.run():
                for result in _placed(parsed, alias_map, loader=loader):
                    if isinstance(result, Parsed) and result.report.text:
                        stager.add(result.report.sha256, result.report.text)
                    _record(loader, result, alias_map, summary)
                    bar.advance(result.name)
            stager.flush()
            writer.con.execute("RESET threads")
            _release_memory()  # before the publish's own peak (units, checks, derived tables)
            loader.finish(alias_map, every_unit=bool(writer.folded))  # (folded placements: other units)
            summary.replacements = list(loader.replacement_log)  # listed by the CLI and the 导入 page
            run_id = _log_run(writer.con, summary, started)
            _audit_run(writer.con, actor, run_id, summary)
    search_index.refresh_quietly(db_path)  # 全文检索: the new reports' texts, after the publish
    quality_stored.warm_quietly(db_path)  # 数据质量's default view, stored beside the file
    summary.elapsed_s = time.monotonic() - started
    return summary


def _parse_stream(
    items: list[InputItem], workers: int | None, scheduler: str | None, shard_dir, db_path
) -> Generator[ParseResult, None, None]:
    """The run's parse results in input order: a local pool, or a Dask cluster (``scheduler``)."""
    if not scheduler:
        return _parsed_stream(items, workers)
    from pipelines import cluster

    return cluster.parsed_stream(items, scheduler, shard_dir or cluster.default_shard_dir(db_path), workers)


def _started(results: Iterator[ParseResult]) -> Iterator[ParseResult]:
    """``results``, its first one asked for now: that starts the workers and hands them their
    first windows, so they parse while the caller does its own setup."""
    first = next(results, None)
    return results if first is None else itertools.chain((first,), results)


@contextlib.contextmanager
def _quiet_gc() -> Iterator[None]:
    """Fewer garbage-collector passes during a run.

    An ingest allocates millions of short-lived objects (parsed reports, buffered rows) and
    makes no reference cycles worth collecting, yet with the default thresholds every full
    collection walks the whole heap: a fifth of the loader's time. The imported modules are
    frozen (never walked again, and shared copy-on-write with forked parser workers) and
    collections run 50× less often; both are undone at the end.
    """
    thresholds = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(max(thresholds[0], 50_000), thresholds[1], thresholds[2])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _release_memory() -> None:
    """Give the memory the run's batches left free back to the system: Python's garbage, the
    C heap's free pages (glibc ``malloc_trim``) and Arrow's pool (about 70 MB of the loader's
    RSS after 4,000 reports). Nothing that is still in use is touched."""
    import ctypes

    import pyarrow as pa

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    pa.default_memory_pool().release_unused()


def _placed(
    results: Iterator[ParseResult],
    alias_map: dict[str, str],
    batch: int = PLACE_BATCH,
    loader: Loader | None = None,
) -> Iterator[ParseResult]:
    """Fill in region and kind, resolving each batch's unit names with one lookup; with a
    ``loader``, its unit_id too, and the loader looks up what the database holds for the
    batch's keys with one query (Loader.prepare)."""
    pending: list[ParseResult] = []

    def release() -> Iterator[ParseResult]:
        parsed = [r for r in pending if isinstance(r, Parsed)]
        names = {r.report.unit_name for r in parsed if r.report.unit_name}
        units.prefetch_regions(names)  # canonical_name() keys aliases by region: resolve names first
        units.prefetch_regions([units.canonical_name(n, alias_map) for n in names])
        batch_units = _UnitsOfBatch(alias_map)
        for r in parsed:
            batch_units.place(r.report)
        if loader is not None:
            keys: list[tuple[str, str, str | None, int | None]] = []
            for r in parsed:
                report = r.report
                if report.placed and report.unit_name is not None:
                    r.unit_id = batch_units.unit_id(report.unit_name)
                    keys.append((report.sha256, report.source_path, r.unit_id, report.year))
                else:
                    keys.append((report.sha256, report.source_path, None, None))
            loader.prepare(keys)
        yield from pending
        pending.clear()

    for result in results:
        pending.append(result)
        if len(pending) >= batch:
            yield from release()
    yield from release()


def _record(loader, result: ParseResult, alias_map: dict[str, str], summary: IngestSummary) -> None:
    if isinstance(result, Rejected):
        loader.reject(result.name, result.reason, result.sha256)
        summary.rejected.append((result.name, result.reason))
        return
    report, checks, data, columns = result.report, result.checks, result.data, result.columns
    if not report.placed:
        said = loader.placement_of(report.sha256)
        if said is None:
            outcome = loader.keep_unplaced(report, data, columns)
            if outcome.status == "unplaced":
                summary.unplaced.append((report.source_path, report.placement.reason or ""))
                summary.figures_unplaced += outcome.figures
            else:
                summary.unchanged += 1
            return
        # an officer placed these bytes before: parse again with what they said
        report, checks, columns = _parse_placed(data, report.source_path, said)
        place_report(report, alias_map)
        result.unit_id = None
    assert report.unit_name is not None, "a placed report names its unit"
    unit_id = result.unit_id or units.unit_id_for(report.unit_name, alias_map)
    outcome = loader.add(report, checks, data, unit_id, columns=columns)
    if outcome.status == "unchanged":
        summary.unchanged += 1
    elif outcome.status == "duplicate":
        summary.duplicates += 1
        summary.duplicate_of.append((report.source_path, outcome.detail))
    else:
        summary.loaded += outcome.status == "loaded"
        summary.replaced += outcome.status == "replaced"
        summary.figures += outcome.figures
        summary.failed_checks += outcome.failed_checks
        summary.report_ids.append(outcome.report_id)


def _parse_placed(data: bytes, name: str, hints: PlacementHints):
    report = parse_file(data, name, place=False, hints=hints)
    return report, run_checks(report), figure_columns(report.figures)


def _audit_run(con, actor: Actor, run_id: str, summary: IngestSummary) -> None:
    """The run's audit rows: one for the run (counts, the files by name), one per replacement
    (old and new version)."""

    def names(pairs: list[tuple[str, str]]) -> list[str]:
        return [PurePath(str(p)).name for p, _ in pairs[:AUDIT_MAX_NAMES]]

    audit.record(con, actor, "ingest", run_id, None, {
        "files": summary.files_seen,
        "loaded": summary.loaded,
        "replaced": summary.replaced,
        "unchanged": summary.unchanged + summary.duplicates,
        "unplaced": names(summary.unplaced),
        "rejected": names(summary.rejected),
        "figures": summary.figures,
        "report_ids": summary.report_ids[:AUDIT_MAX_NAMES],
    })
    for r in summary.replacements:
        audit.record(
            con, actor, "replace", f"{r.get('unit_id')} {r.get('year')}",
            {"report_id": r.get("old_report_id"), "sha256": r.get("old_sha256"),
             "file": PurePath(str(r.get("old_source_path"))).name, "figures": r.get("old_figures")},
            {"report_id": r.get("new_report_id"), "sha256": r.get("new_sha256"),
             "file": PurePath(str(r.get("new_source_path"))).name, "figures": r.get("new_figures"),
             "changed_figures": r.get("changed_figures"), "changes": r.get("changes"), "run": run_id},
        )


def _log_run(con, summary: IngestSummary, started: float) -> str:
    import datetime as dt

    now = dt.datetime.now().replace(microsecond=0)
    begun = now - dt.timedelta(seconds=round(time.monotonic() - started))
    run_id = hashlib.sha1(str(started).encode()).hexdigest()[:12]
    con.execute(
        "INSERT INTO ingest_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            begun,
            now,
            summary.files_seen,
            summary.loaded,
            summary.replaced,
            summary.unchanged,
            len(summary.rejected),
            summary.figures,
            summary.failed_checks,
        ],
    )
    return run_id


def reparse_database(
    db_path: str | os.PathLike,
    *,
    progress: bool | ProgressCallback = True,
    stale_only: bool = False,
    actor: Actor | None = None,
) -> IngestSummary:
    """Re-parse every stored source with the current parser (after a parser upgrade).

    ``stale_only``: only reports whose ``parser_version`` is older than PARSER_VERSION
    (the others count as unchanged). Reports keep their report_id (it derives from the bytes), source path and demo flag,
    so review decisions stay attached; officers' placements are applied again. A source the
    new parser rejects, or can no longer place, keeps its old report and is listed in the
    summary; a kept unplaced text that the new parser places becomes a report.
    """
    if not Path(db_path).exists():
        raise DatabaseError(f"database not found: {db_path}")
    actor = authorize(actor, "importer", what="重新解析")
    started = time.monotonic()
    summary = IngestSummary()
    alias_map = units.aliases()
    with open_writer(db_path) as writer:
        con = writer.con
        rows = con.execute(
            "SELECT s.sha256, r.source_path, r.is_demo FROM sources s JOIN reports r USING (sha256) "
            "UNION ALL SELECT s.sha256, u.source_path, false FROM sources s JOIN unplaced_reports u USING (sha256)"
        ).fetchall()
        if stale_only:
            stale = _stale(con, rows)
            summary.unchanged, rows = len(rows) - len(stale), stale
        summary.files_seen = len(rows)
        loader = Loader(con, force=True)
        was_placed = {path for (path,) in con.execute("SELECT source_path FROM reports").fetchall()}
        with _Progress(progress, len(rows)) as bar:
            demo_flags = {path: is_demo for _, path, is_demo in rows}
            items = _stored_sources(con, rows, loader)
            for result in _placed((_parse_job(item) for item in items), alias_map, loader=loader):
                source_path = result.name
                _record_reparsed(loader, result, demo_flags[source_path], source_path in was_placed,
                                 alias_map, summary)
                bar.advance(source_path)
        loader.finish(alias_map, every_unit=bool(writer.folded))
        audit.record(con, actor, "reparse", "stale" if stale_only else "all", None, {
            "files": summary.files_seen, "loaded": summary.loaded, "replaced": summary.replaced,
            "unchanged": summary.unchanged, "rejected": len(summary.rejected), "figures": summary.figures,
        })
    search_index.refresh_quietly(db_path)  # texts of reports a reparse placed
    quality_stored.warm_quietly(db_path)
    summary.elapsed_s = time.monotonic() - started
    return summary


def _record_reparsed(loader, result: ParseResult, is_demo: bool, was_placed: bool, alias_map, summary) -> None:
    if isinstance(result, Rejected):
        summary.rejected.append((result.name, f"reparse failed, kept old figures: {result.reason}"))
        return
    report, checks, data, columns = result.report, result.checks, result.data, result.columns
    if not report.placed:
        if was_placed:
            summary.rejected.append(
                (report.source_path, f"reparse could not place it, kept old figures: {report.placement.reason}")
            )
        else:
            loader.keep_unplaced(report, data, columns)
            summary.unplaced.append((report.source_path, report.placement.reason or ""))
        return
    assert report.unit_name is not None, "a placed report names its unit"
    unit_id = result.unit_id or units.unit_id_for(report.unit_name, alias_map)
    outcome = loader.add(report, checks, data, unit_id, is_demo=is_demo, columns=columns)
    summary.replaced += was_placed
    summary.loaded += not was_placed
    summary.figures += outcome.figures
    summary.failed_checks += outcome.failed_checks
    summary.report_ids.append(outcome.report_id)


def _stale(con, rows: list) -> list:
    """The rows whose report was parsed by an older parser (pipelines/parser_version.py)."""
    from pipelines.parser_version import is_older

    versions = dict(con.execute("SELECT sha256, parser_version FROM reports").fetchall())
    return [row for row in rows if is_older(versions.get(row[0]))]


def _stored_sources(con, rows, loader) -> Iterator[InputItem]:
    from pipelines.sources import read_source

    for sha, source_path, _ in rows:
        content = read_source(con, sha)
        if content is None:
            continue
        yield InputItem(source_path, data=content, hints=loader.placement_of(sha))


class _Progress:
    """A rich progress bar on stderr, a caller's callback, or nothing."""

    def __init__(self, progress: bool | ProgressCallback, total: int):
        self.callback = progress if callable(progress) else None
        self.total = total
        self.done = 0
        self.bar = None
        if progress is True:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            self.bar = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                transient=False,
            )
            self.task = self.bar.add_task("ingest", total=total)

    def __enter__(self) -> _Progress:
        if self.bar:
            self.bar.start()
        return self

    def advance(self, name: str) -> None:
        self.done += 1
        if self.bar:
            self.bar.advance(self.task)
        if self.callback:
            self.callback(self.done, self.total, name)

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()
