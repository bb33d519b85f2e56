"""Small files that unpack to a lot (issue 11): made on the fly, sizes as parameters, so the
tests use small ones and scripts/bench_hostile.py the full-size ones of the issue."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

MB = 1024 * 1024


def many_member_zips(folder: Path, zips: int, members: int, member_bytes: int) -> list[Path]:
    """``zips`` archives of ``members`` text members of ``member_bytes`` each (blank lines:
    they compress ~1000×, and every member is under the per-member ratio check's floor)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    body = b"\n" * member_bytes
    for z in range(zips):
        path = folder / f"many_{z}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for m in range(members):
                zf.writestr(f"m{m:04d}.txt", body)
        paths.append(path)
    return paths


def docx_xml_bomb(path: Path, xml_bytes: int) -> Path:
    """A .docx whose word/document.xml unpacks to ``xml_bytes`` of paragraphs."""
    para = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    )
    tail = b"</w:body></w:document>"
    types = (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="xml" ContentType="application/xml"/></Types>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head)
            block = para * (MB // len(para))
            written = len(head)
            while written < xml_bytes:
                fh.write(block)
                written += len(block)
            fh.write(tail)
    return path


def pdf_stream_bomb(path: Path, inflated_bytes: int) -> Path:
    """A one-page PDF whose content stream (FlateDecode) inflates to ``inflated_bytes``."""
    comp = zlib.compressobj(9)
    chunk = b" " * MB
    parts = []
    for _ in range(max(1, inflated_bytes // MB)):
        parts.append(comp.compress(chunk))
    parts.append(comp.flush())
    stream = b"".join(parts)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    path.write_bytes(out.getvalue())
    return path


def html_many_cells(path: Path, cells: int) -> Path:
    """An HTML page with one table of ``cells`` cells (10 bytes each)."""
    row = b"<tr>" + b"<td>1</td>" * 100 + b"</tr>"
    with open(path, "wb") as fh:
        fh.write(b"<html><body><table>")
        for _ in range(max(1, cells // 100)):
            fh.write(row)
        fh.write(b"</table></body></html>")
    return path


def sparse_text(path: Path, size: int) -> Path:
    """A text file of ``size`` bytes that takes no disk space (a hole)."""
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path
