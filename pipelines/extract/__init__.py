"""EXTRACT stage: file bytes + name → Document (lines in reading order, tables as cells).

A pure function of the bytes and the file name (no clock, no disk, no database), so the same
code can run on a distributed engine. Every failure on bad input is a ``RejectedInput`` with
a one-line reason; no library exception escapes.

- ``extract_document(data, name)`` — .txt/.text, .html/.htm/.shtml, .pdf, .docx, and scanned
  pages .jpg/.jpeg/.png/.tif/.tiff (OCR; a PDF page without a usable text layer too). The suffix
  chooses the reader, but content wins: a .txt holding HTML markup is read as HTML, a PDF or
  DOCX saved under a text name by its own reader; ``Document.format`` says what was read.
- ``iter_archive(data, name)`` — the supported members of a .zip, checked for safety first.

Every Line has ``text`` (as printed) and ``norm`` (NFKC, simplified, pinyin runs removed;
see normtext.py). ``Document.traditional`` is set when the document is a traditional-character
mirror (at least 2 % of its Chinese characters change): a stray 於 does not convert a report.

Provenance: text files 'line N' (as in an editor); HTML/DOCX 'line N' = line N of
Document.text, table rows 'table T row R' and cells '… col C' (1-based; ``Cell.col`` is the
0-based grid column after rowspan/colspan expansion); PDF 'page P line L' and
'page P table T row R col C'.
"""

from __future__ import annotations

from pipelines.errors import GovReportsError, RejectedInput
from pipelines.extract.archive import ArchiveReader, MemberRef, iter_archive, plan_archive
from pipelines.extract.decode import decode_text
from pipelines.extract.formats import (
    ARCHIVE_SUFFIXES,
    REPORT_CANDIDATE_SUFFIXES,
    SUPPORTED_SUFFIXES,
    UNREADABLE_DOCUMENT_SUFFIXES,
    format_of,
    is_report_candidate,
    suffix_of,
)
from pipelines.extract.html import looks_like_html, read_html
from pipelines.extract.limits import ArchiveLimits, ExtractLimits, size_text
from pipelines.extract.text import read_text
from pipelines.model import Document


def extract_document(data: bytes, name: str, limits: ExtractLimits | None = None) -> Document:
    """Read one report file (not a .zip: use ``iter_archive`` and extract each member).

    Raises RejectedInput whose ``reason`` is one line without the file name (the caller
    stores the file next to it) and whose ``source_path`` is ``name``.
    """
    limits = limits or ExtractLimits()
    fmt = format_of(name)
    if fmt is None:
        suffix = suffix_of(name)
        if suffix in UNREADABLE_DOCUMENT_SUFFIXES:
            raise RejectedInput(
                f"unsupported document format '{suffix}': save it as .docx, PDF or HTML", name
            )
        raise RejectedInput(f"unsupported file type '{suffix or name}'", name)
    try:
        return _extract(data, name, fmt, limits)
    except RejectedInput as exc:
        reason = " ".join(exc.reason.split())  # one line, whatever a library put in its message
        raise RejectedInput(reason, exc.source_path or name) from None
    except GovReportsError:
        raise
    except RecursionError:
        raise RejectedInput("file nested too deeply to read", name) from None
    except Exception as exc:  # a library choked on malformed input: a reason, never a traceback
        raise RejectedInput(
            f"unreadable {fmt.upper()} file: {type(exc).__name__}: {exc}"[:300], name
        ) from None


def sniff_format(data: bytes, fmt: str) -> str:
    """The format the bytes really are: a PDF or DOCX saved under a text name is read as such
    (a download tool that names every file .txt or .html is common). Text vs HTML markup is
    decided later, on the decoded text."""
    if fmt in ("txt", "html"):
        if data[:1024].lstrip().startswith(b"%PDF-"):
            return "pdf"
        if data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
            return "docx"
    return fmt


def _extract(data: bytes, name: str, fmt: str, limits: ExtractLimits) -> Document:
    fmt = sniff_format(data, fmt)
    _check_size(data, fmt, limits)
    if fmt == "pdf":
        from pipelines.extract.pdf import read_pdf  # heavy import, only when needed

        return read_pdf(data, name, limits)
    if fmt == "image":
        from pipelines.extract.ocr import read_image  # OCR engine: loaded only for scans

        return read_image(data, name, limits)
    if fmt == "docx":
        from pipelines.extract.word import read_docx

        return read_docx(data, name, limits)
    if fmt == "html" or looks_like_html(data):
        return read_html(data, name, limits=limits)
    text, encoding = decode_text(data)
    return read_text(data, name, text, encoding)


def check_size_before_read(size: int, name: str, limits: ExtractLimits | None = None) -> int:
    """Refuse a file by its size before reading it (stat, or a zip member's declared size);
    return how many bytes may be read. Text/HTML names get the largest limit (content
    sniffing may find a PDF or DOCX inside); the format's own limit applies after reading."""
    limits = limits or ExtractLimits()
    fmt = format_of(name)
    if size == 0:
        raise RejectedInput("empty file", name)
    own = limits.max_bytes(fmt) if fmt else limits.max_text_bytes
    allowed = own if fmt in ("pdf", "docx") else max(limits.max_bytes(f) for f in ("txt", "pdf", "docx"))
    if size > allowed:
        kind = "text/HTML" if fmt in (None, "txt", "html") else fmt.upper()
        raise RejectedInput(
            f"file too large: {size_text(size)}, the limit for {kind} files is {size_text(own)}", name
        )
    return allowed


def _check_size(data: bytes, fmt: str, limits: ExtractLimits) -> None:
    if not data:
        raise RejectedInput("empty file")
    limit = limits.max_bytes(fmt)
    if len(data) > limit:
        kind = {"txt": "text/HTML", "html": "text/HTML", "image": "image"}.get(fmt, fmt.upper())
        raise RejectedInput(
            f"file too large: {size_text(len(data))}, the limit for {kind} files is {size_text(limit)}"
        )


__all__ = [
    "ARCHIVE_SUFFIXES",
    "REPORT_CANDIDATE_SUFFIXES",
    "ArchiveReader",
    "MemberRef",
    "plan_archive",
    "size_text",
    "ArchiveLimits",
    "ExtractLimits",
    "check_size_before_read",
    "SUPPORTED_SUFFIXES",
    "extract_document",
    "format_of",
    "is_report_candidate",
    "iter_archive",
    "suffix_of",
]
