"""File types the extract stage reads, by file-name suffix."""

from __future__ import annotations

FORMAT_BY_SUFFIX = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    # scanned pages, read by OCR (pipelines/extract/ocr.py)
    ".jpg": "image",
    ".jpeg": "image",
    ".png": "image",
    ".tif": "image",
    ".tiff": "image",
}
SUPPORTED_SUFFIXES = frozenset(FORMAT_BY_SUFFIX)
IMAGE_SUFFIXES = frozenset(s for s, f in FORMAT_BY_SUFFIX.items() if f == "image")
# A picture smaller than this is a logo, an icon or a photo thumbnail, not a scanned report
# page (a 200-dpi page is 100 KB and more even as a 1-bit PNG): skipped like any non-report
# file in a folder or an archive, never sent to OCR.
MIN_SCAN_BYTES = 16 * 1024
ARCHIVE_SUFFIXES = frozenset({".zip"})
# Document formats officers receive that we cannot read: each gets a rejection line that
# says what to do, instead of being skipped like an image.
UNREADABLE_DOCUMENT_SUFFIXES = frozenset(
    {".doc", ".wps", ".rtf", ".odt", ".xls", ".xlsx", ".et", ".ofd", ".ceb", ".caj"}
)
REPORT_CANDIDATE_SUFFIXES = SUPPORTED_SUFFIXES | UNREADABLE_DOCUMENT_SUFFIXES


def suffix_of(name: str) -> str:
    """'.../报告.HTML' → '.html' ('' when the name has no suffix)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[-1].lower() if "." in base else ""


def format_of(name: str) -> str | None:
    """txt | html | pdf | docx | image for a supported file name, else None."""
    return FORMAT_BY_SUFFIX.get(suffix_of(name))


def is_report_candidate(name: str, size: int) -> bool:
    """Whether a file (or archive member) of this name and size is worth reading (or worth a
    rejection line): a report format, a document format we cannot read, or a picture big
    enough to be a scanned page."""
    suffix = suffix_of(name)
    if suffix in IMAGE_SUFFIXES:
        return size >= MIN_SCAN_BYTES
    return suffix in REPORT_CANDIDATE_SUFFIXES
