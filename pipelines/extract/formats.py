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
}
SUPPORTED_SUFFIXES = frozenset(FORMAT_BY_SUFFIX)
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
    """txt | html | pdf | docx for a supported file name, else None."""
    return FORMAT_BY_SUFFIX.get(suffix_of(name))
