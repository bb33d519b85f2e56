"""The stored original of a report, decoded into Lines for the viewer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from app_lib.queries.unit_profile import source_bytes
from pipelines.model import Line
from pipelines.query import Source


def read_lines(db: Source, sha256: str, source_path: str) -> tuple[list[Line], str | None]:
    """(lines, None) or ([], a Chinese explanation of why the original cannot be shown).
    The app caches it (app_lib.db.report_lines)."""
    from pipelines.errors import GovReportsError
    from pipelines.extract import extract_document

    content = source_bytes(db, sha256)
    if content is None:
        return [], f"数据库中没有保存这份报告的原始文件（{source_path}）。"
    try:
        return extract_document(content, source_path).lines, None
    except GovReportsError as exc:
        return [], f"无法读取报告原文 {source_path}：{exc}"


def read_page_crop(
    db: Source, sha256: str, source_path: str, page: int, box: tuple[float, float, float, float]
) -> bytes | None:
    """PNG of the page region a figure was read from by OCR, rendered from the stored
    original (None when it was not stored or cannot be rendered). The app caches it
    (app_lib.db.ocr_page_crop)."""
    from pipelines.extract.ocr import page_crop

    content = source_bytes(db, sha256)
    return None if content is None else page_crop(bytes(content), str(source_path), page, box)


MIME_TYPES = {
    ".txt": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class OriginalFile:
    name: str  # the file's own name, never a server path
    content: bytes
    mime: str


def original_file(db: Source, sha256: str, source_path: str) -> OriginalFile | None:
    """The report's original bytes as stored at ingest (None when not stored)."""
    content = source_bytes(db, sha256)
    if content is None:
        return None
    name = PurePath(str(source_path)).name or f"{sha256[:12]}.bin"
    return OriginalFile(
        name, bytes(content), MIME_TYPES.get(PurePath(name).suffix.lower(), "application/octet-stream")
    )
