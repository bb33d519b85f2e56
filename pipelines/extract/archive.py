"""Safe reading of .zip archives in memory (never extracted to disk).

The whole archive, nested archives included, is checked before the first member is
yielded: an unsafe member name (``..`` or an absolute path), too many members, too large an
unpacked size or a zip-bomb compression ratio rejects the WHOLE archive with one reason.
Sizes are checked from the central directory before reading, and enforced again while
reading in chunks (a directory that lies about sizes cannot make us read more).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from pipelines.errors import RejectedInput
from pipelines.extract.formats import (
    ARCHIVE_SUFFIXES,
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


def _open_zip(data: bytes, label: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
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


def _plan(data: bytes, label: str, limits: ArchiveLimits, depth: int, budget: _Budget) -> list[_Member]:
    """Check one archive (and, recursively, the archives inside it); list the members to yield."""
    zf = _open_zip(data, label)
    infos = zf.infolist()
    budget.members += len(infos)
    if budget.members > limits.max_members:
        raise RejectedInput(f"archive has more than {limits.max_members} members")
    for info in infos:  # every name first: one unsafe name rejects the whole archive
        reason = unsafe_name_reason(member_name(info))
        if reason:
            raise RejectedInput(f"unsafe archive {label}: {reason}")
    planned: list[_Member] = []
    for info in infos:
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
            planned.extend(_plan(inner, path, limits, depth + 1, budget))
        elif is_report_candidate(name, info.file_size):
            if info.flag_bits & 0x1:
                raise RejectedInput(f"encrypted archive member '{path}'")
            planned.append(_Member(path, info, zf))
    return planned


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
    included; folders and unsupported files (.jpg …) are skipped silently.

    Raises RejectedInput (before yielding anything) for an unsafe or invalid archive.
    Unsafe content found only while reading (a member larger than declared, a damaged
    member) raises RejectedInput at that point: the caller should drop the whole archive.
    """
    limits = limits or ArchiveLimits()
    budget = _Budget()
    planned = _plan(data, name, limits, 1, budget)
    for member in planned:
        yield member.path, _read_member(member, limits, budget)
