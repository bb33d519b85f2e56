"""Safe reading of .zip archives (never extracted to disk), one member in memory at a time.

The whole archive, nested archives included, is checked before the first member is
read: an unsafe member name (``..`` or an absolute path), too many members, too large an
unpacked size or a zip-bomb compression ratio rejects the WHOLE archive with one reason.
Sizes are checked from the central directory before reading, and enforced again while
reading in chunks (a directory that lies about sizes cannot make us read more).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from pipelines.errors import RejectedInput
from pipelines.extract.formats import (
    ARCHIVE_SUFFIXES,
    IMAGE_SUFFIXES,
    is_report_candidate,
    suffix_of,
)
from pipelines.extract.limits import MB, ArchiveLimits, size_text

_CHUNK = 1 * MB
_DRIVE = re.compile(r"^[A-Za-z]:")
_UTF8_FLAG = 0x800


@dataclass
class _Member:
    path: str  # 'archive.zip/folder/file.txt' (nested: 'a.zip/inner.zip/file.txt')
    info: zipfile.ZipInfo
    zf: zipfile.ZipFile


@dataclass
class _Budget:
    """Counters shared by an archive and the archives nested in it."""

    members: int = 0
    declared_bytes: int = 0
    read_bytes: int = 0


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author typed it: Chinese Windows zips store GBK names
    without the UTF-8 flag, which Python decodes as cp437 (mojibake)."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return info.filename


def unsafe_name_reason(name: str) -> str | None:
    """Why a member name could escape an extraction folder (None if it is safe)."""
    norm = name.replace("\\", "/")
    if norm.startswith("/") or _DRIVE.match(norm):
        return f"member '{name}' has an absolute path"
    if ".." in norm.split("/"):
        return f"member '{name}' has a '..' path component"
    return None


def _is_skipped(path: str) -> bool:
    """macOS resource forks (__MACOSX/, ._name) look like reports but are binary junk."""
    parts = path.replace("\\", "/").split("/")
    return any(p == "__MACOSX" for p in parts) or parts[-1].startswith("._")


def _open_zip(source, label: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise RejectedInput(f"not a valid zip archive: {label} ({exc})") from None


def _read_member(member: _Member, limits: ArchiveLimits, budget: _Budget) -> bytes:
    """Member bytes, read in chunks so neither the member nor the total can exceed its limit."""
    allowed = min(member.info.file_size, limits.max_member_bytes)
    chunks: list[bytes] = []
    size = 0
    try:
        with member.zf.open(member.info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                budget.read_bytes += len(chunk)
                if size > allowed:
                    raise RejectedInput(
                        f"member '{member.path}' unpacks to more than its declared size or limit"
                    )
                if budget.read_bytes > limits.max_total_bytes:
                    raise RejectedInput(f"archive unpacks to more than {size_text(limits.max_total_bytes)}")
                chunks.append(chunk)
    except RejectedInput:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        raise RejectedInput(f"damaged zip member '{member.path}': {exc}") from None
    return b"".join(chunks)


@dataclass(frozen=True)
class MemberRef:
    """One supported member of an archive on disk, to be read later (picklable, no bytes).

    ``chain`` holds the indexes (in ``infolist()``) of the nested archives leading to the
    member, outermost first; ``index`` is the member's index in the innermost archive.
    """

    source: str  # the archive file
    chain: tuple[int, ...]
    index: int
    path: str  # 'archive.zip/folder/file.txt' (nested: 'a.zip/inner.zip/file.txt')
    size: int  # declared unpacked size (zipfile never yields more than this)
    dropped: str | None = None  # why this member is not read (listed, never silently lost)


def plan_archive(
    source: str | os.PathLike | bytes, label: str, limits: ArchiveLimits | None = None
) -> list[MemberRef]:
    """Check a whole archive (names, member count, sizes, ratios, nesting) without keeping
    any member in memory; return the members to read. A nested archive is read (bounded by
    its member limit) only to be checked, then dropped.

    Raises RejectedInput for an unsafe or invalid archive (the whole archive is refused).
    """
    limits = limits or ArchiveLimits()
    budget = _Budget()
    src = io.BytesIO(source) if isinstance(source, bytes) else os.fspath(source)
    with _open_zip(src, label) as zf:
        key = "" if isinstance(source, bytes) else os.fspath(source)
        return _plan(zf, label, key, (), limits, 1, budget)


def _plan(
    zf: zipfile.ZipFile,
    label: str,
    source: str,
    chain: tuple[int, ...],
    limits: ArchiveLimits,
    depth: int,
    budget: _Budget,
) -> list[MemberRef]:
    """Check one archive (and, recursively, the archives inside it); list the members to read."""
    infos = zf.infolist()
    budget.members += len(infos)
    if budget.members > limits.max_members:
        raise RejectedInput(f"archive has more than {limits.max_members} members")
    for info in infos:  # every name first: one unsafe name rejects the whole archive
        reason = unsafe_name_reason(member_name(info))
        if reason:
            raise RejectedInput(f"unsafe archive {label}: {reason}")
    planned: list[MemberRef] = []
    for index, info in enumerate(infos):
        name = member_name(info)
        path = f"{label}/{name.replace(chr(92), '/').strip('/')}"
        if info.is_dir() or _is_skipped(name):
            continue
        _check_sizes(info, path, limits, budget)
        suffix = suffix_of(name)
        if suffix in ARCHIVE_SUFFIXES:
            if depth >= limits.max_depth:
                raise RejectedInput(f"archive nested deeper than {limits.max_depth} levels: {path}")
            if info.flag_bits & 0x1:
                raise RejectedInput(f"encrypted archive member '{path}'")
            inner = _read_member(_Member(path, info, zf), limits, budget)
            with _open_zip(io.BytesIO(inner), path) as inner_zf:
                del inner
                planned.extend(_plan(inner_zf, path, source, (*chain, index), limits, depth + 1, budget))
        elif is_report_candidate(name, info.file_size):
            if info.flag_bits & 0x1:
                raise RejectedInput(f"encrypted archive member '{path}'")
            planned.append(MemberRef(source, chain, index, path, info.file_size))
        else:
            planned.append(MemberRef(source, chain, index, path, info.file_size, _drop_reason(name, suffix)))
    return planned


def _drop_reason(name: str, suffix: str) -> str:
    if suffix in IMAGE_SUFFIXES:
        return "picture too small to be a scanned report page (archive member, not read)"
    return f"unsupported file type '{suffix or name}' (archive member, not read)"


class ArchiveReader:
    """Reads planned members one at a time, in plan order: the archive file stays open and
    the nested archive being read is kept (one at a time), so nothing else is in memory.
    ``data`` stands in for the file when the archive was planned from bytes."""

    def __init__(self, limits: ArchiveLimits | None = None, data: bytes | None = None):
        self.limits = limits or ArchiveLimits()
        self._data = data
        self._outer: tuple[str, zipfile.ZipFile] | None = None
        self._inner: tuple[str, tuple[int, ...], zipfile.ZipFile] | None = None
        self._budget = _Budget()

    def read(self, ref: MemberRef) -> bytes:
        zf = self._zip_for(ref)
        info = zf.infolist()[ref.index]
        return _read_member(_Member(ref.path, info, zf), self.limits, self._budget)

    def _zip_for(self, ref: MemberRef) -> zipfile.ZipFile:
        if self._outer is None or self._outer[0] != ref.source:
            self.close()
            src = io.BytesIO(self._data) if self._data is not None else ref.source
            self._outer = (ref.source, _open_zip(src, ref.path.split("/")[0]))
            self._budget = _Budget()
        zf = self._outer[1]
        if not ref.chain:
            return zf
        if self._inner is not None and self._inner[:2] == (ref.source, ref.chain):
            return self._inner[2]
        if self._inner is not None:
            self._inner[2].close()
            self._inner = None
        for depth, index in enumerate(ref.chain, start=1):
            info = zf.infolist()[index]
            label = "/".join(ref.path.split("/")[:depth])
            zf = _open_zip(
                io.BytesIO(_read_member(_Member(label, info, zf), self.limits, self._budget)), label
            )
        self._inner = (ref.source, ref.chain, zf)
        return zf

    def close(self) -> None:
        for holder in (self._inner, self._outer):
            if holder is not None:
                holder[-1].close()
        self._inner = self._outer = None

    def __enter__(self) -> ArchiveReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _check_sizes(info: zipfile.ZipInfo, path: str, limits: ArchiveLimits, budget: _Budget) -> None:
    budget.declared_bytes += info.file_size
    if info.file_size > limits.max_member_bytes:
        raise RejectedInput(
            f"member '{path}' unpacks to {size_text(info.file_size)}, over the {size_text(limits.max_member_bytes)} limit"
        )
    if budget.declared_bytes > limits.max_total_bytes:
        raise RejectedInput(f"archive unpacks to more than {size_text(limits.max_total_bytes)} (zip bomb?)")
    if info.file_size >= limits.ratio_min_bytes:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_ratio:
            raise RejectedInput(
                f"member '{path}' compression ratio {ratio:.0f}:1 is over the limit {limits.max_ratio:.0f}:1 (zip bomb)"
            )


def iter_archive(data: bytes, name: str, limits: ArchiveLimits | None = None) -> Iterator[tuple[str, bytes]]:
    """Yield ('archive.zip/folder/file.txt', bytes) for each supported member, nested zips
    included; folders and members of no supported format are not yielded (ingest lists them
    from ``plan_archive``, where each carries its ``dropped`` reason).

    Raises RejectedInput (before yielding anything) for an unsafe or invalid archive.
    Unsafe content found only while reading (a member larger than declared, a damaged
    member) raises RejectedInput at that point. Members are read one at a time as the
    caller advances (ingest plans archives on disk with plan_archive and ArchiveReader).
    """
    limits = limits or ArchiveLimits()
    planned = plan_archive(data, name, limits)
    with ArchiveReader(limits, data=data) as reader:
        for ref in planned:
            if not ref.dropped:
                yield ref.path, reader.read(ref)
