"""Small archives made in the tests."""

from __future__ import annotations

import io
import zipfile


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    """A deflated zip of ``name → bytes`` (names as given, hostile ones included)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()
