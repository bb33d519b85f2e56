"""Named size limits of the extract stage (one place to tune them, with the reason for each)."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class ExtractLimits:
    """Largest input file accepted per format (bytes). Bigger files are rejected, not read."""

    max_text_bytes: int = 20 * MB
    """Plain text and HTML: a real report page is 10–300 KB; 20 MB is far beyond any report."""

    max_pdf_bytes: int = 50 * MB
    """PDF attachments may embed fonts and images, so they get more room than text."""

    max_docx_bytes: int = 50 * MB
    """DOCX attachments (compressed size of the file as stored)."""

    max_docx_unpacked_bytes: int = 200 * MB
    """DOCX is a zip: its unpacked parts must stay below this (defends against zip bombs)."""

    max_pdf_pages: int = 2000
    """A report longer than this is not a report; parsing it would block a worker for minutes."""

    max_docx_xml_bytes: int = 16 * MB
    """One XML part of a DOCX (word/document.xml, styles, headers …) unpacked: a real report's
    document.xml is 0.1–3 MB; the parsed tree takes ~20× its size, so 16 MB stays < 0.5 GB."""

    max_docx_xml_total_bytes: int = 32 * MB
    """All XML parts of a DOCX together, unpacked (images are not parsed, only kept)."""

    max_html_cells: int = 100_000
    """Table cells (<td>/<th>) of one HTML page: a report has a few hundred; the parsed tree
    costs ~1 KB per cell, so 1.8 M cells would take ~2 GB."""

    max_html_tags: int = 400_000
    """Tags ('<') of one HTML page, counted before parsing; a report page has < 30,000."""
    max_pdf_memory_bytes: int = 512 * MB
    """Memory a PDF's reader may use beyond what the process already has (a forked child with
    RLIMIT_AS): a small file whose streams inflate to gigabytes is rejected, not read."""

    pdf_timeout_s: float = 300.0
    """Wall-clock limit for reading one PDF's text layer (or rendering one page for OCR)."""

    max_image_bytes: int = 50 * MB
    """Scanned pages as image files (.jpg .png .tif)."""

    max_image_pixels: int = 40_000_000
    """Largest picture decoded for OCR (a 200-dpi A4 page is 3.9 M pixels); bigger ones are
    scaled down, so a decompression bomb cannot take the memory."""

    def max_bytes(self, fmt: str) -> int:
        """The size limit for a format (txt | html | pdf | docx | image)."""
        return {
            "txt": self.max_text_bytes,
            "html": self.max_text_bytes,
            "pdf": self.max_pdf_bytes,
            "docx": self.max_docx_bytes,
            "image": self.max_image_bytes,
        }[fmt]


@dataclass(frozen=True)
class ArchiveLimits:
    """Limits that make a .zip safe to open in memory (zip bombs, huge or deep archives)."""

    max_total_bytes: int = 500 * MB
    """Sum of the unpacked sizes of all members, nested archives included."""

    max_member_bytes: int = 50 * MB
    """Unpacked size of one member (the largest per-format limit of ExtractLimits)."""

    max_members: int = 10_000
    """Number of entries (files and folders) in one archive, nested archives included."""

    max_ratio: float = 100.0
    """Unpacked / compressed size of a member; text compresses about 5–10×, bombs 1000×."""

    ratio_min_bytes: int = 1 * MB
    """The ratio check applies only to members unpacking to at least this size: a tiny
    file of blanks can legitimately compress 200×, and cannot hurt anyone."""

    max_depth: int = 2
    """Archive nesting: 2 allows a zip inside the zip, but no zip inside that one."""

    max_run_bytes: int = 2000 * MB
    """Sum of the unpacked sizes of all archives of one ingest run: archives over it are
    rejected whole (members are read one at a time, so this bounds time, not memory)."""


def size_text(size: float) -> str:
    """Bytes for a human: '50 MB', '20.5 MB', '12 KB'."""
    if size >= MB:
        return f"{size / MB:.1f}".removesuffix(".0") + " MB"
    return f"{max(size / 1024, 0.1):.1f}".removesuffix(".0") + " KB"
