"""Bounded PDF stream decoding (issue 11): pdfminer inflates every stream whole
(``zlib.decompress``), so a 1.5 MB PDF whose stream inflates to 1.5 GB takes gigabytes.

:func:`stream_budget` wraps one document's reading: while it is active, Flate, LZW and
RunLength decoding stop at ``ExtractLimits.max_pdf_stream_bytes`` per stream, and all
decoded streams together at ``max_pdf_decoded_bytes``. Going over raises RejectedInput;
pdfminer swallows some exceptions, so once over, every later decode of the document raises
again at once and the reader checks :func:`exceeded` at the end.

The hooks are installed into pdfminer once (module attributes it looks up at call time);
outside a budget they decode as pdfminer would, with the default caps.
"""

from __future__ import annotations

import io
import threading
import zlib
from contextlib import contextmanager

from pipelines.errors import RejectedInput
from pipelines.extract.limits import ExtractLimits, size_text

_state = threading.local()
_CHUNK = 256 * 1024


class _Budget:
    def __init__(self, limits: ExtractLimits):
        self.stream_cap = limits.max_pdf_stream_bytes
        self.total_cap = limits.max_pdf_decoded_bytes
        self.used = 0
        self.over: str | None = None


def _budget() -> _Budget:
    budget = getattr(_state, "budget", None)
    if budget is None:
        budget = _state.budget = _Budget(ExtractLimits())
    return budget


def _over(reason: str):
    budget = _budget()
    budget.over = budget.over or reason
    raise RejectedInput(budget.over)


def _stream_over(cap: int):
    _over(f"PDF stream inflates to more than {size_text(cap)} (decompression bomb?)")


def _cap() -> int:
    budget = _budget()
    if budget.over:
        raise RejectedInput(budget.over)
    return budget.stream_cap


class _CappedZlib:
    """Stands in for the zlib module inside pdfminer.pdftypes."""

    error = zlib.error

    def __getattr__(self, name):
        return getattr(zlib, name)

    @staticmethod
    def decompress(data: bytes, *args) -> bytes:
        cap = _cap()
        d = zlib.decompressobj()
        out = d.decompress(data, cap + 1)
        if len(out) > cap or d.unconsumed_tail:
            _stream_over(cap)
        if not d.eof:
            raise zlib.error("incomplete or truncated stream")
        return out


def _capped_corrupted(data: bytes) -> bytes:
    """pdfminer's decompress_corrupted (inflate what can be, ignore a bad checksum) in
    chunks, with the cap, instead of byte by byte into a growing bytes object."""
    cap = _cap()
    d = zlib.decompressobj()
    out = bytearray()
    try:
        for start in range(0, len(data), _CHUNK):
            out += d.decompress(data[start : start + _CHUNK], cap + 1 - len(out))
            if len(out) > cap or d.unconsumed_tail:
                _stream_over(cap)
    except zlib.error:
        if not out:
            raise
    return bytes(out)


def _capped_lzw(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    cap = _cap()
    out = bytearray()
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        out += chunk
        if len(out) > cap:
            _stream_over(cap)
    return bytes(out)


def _capped_rl(data: bytes) -> bytes:
    cap = _cap()
    out = bytearray()
    i, n = 0, len(data)
    while i < n:
        length = data[i]
        i += 1
        if length == 128:
            break
        if length < 128:
            out += data[i : i + length + 1]
            i += length + 1
        elif i < n:
            out += bytes([data[i]]) * (257 - length)
            i += 1
        if len(out) > cap:
            _stream_over(cap)
    return bytes(out)


_installed = False
_lock = threading.Lock()


def install() -> None:
    """Put the capped decoders into pdfminer (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        from pdfminer import pdftypes

        original_decode = pdftypes.PDFStream.decode

        def decode(self) -> None:
            _cap()  # already over: stop at once
            original_decode(self)
            budget = _budget()
            budget.used += len(self.data or b"")
            if budget.used > budget.total_cap:
                _over(f"PDF streams inflate to more than {size_text(budget.total_cap)} in all")

        # pdfminer has no hook for a decode budget: its module-level decoders are replaced
        pdftypes.zlib = _CappedZlib()  # type: ignore[assignment]
        pdftypes.decompress_corrupted = _capped_corrupted
        pdftypes.lzwdecode = _capped_lzw
        pdftypes.rldecode = _capped_rl
        pdftypes.PDFStream.decode = decode  # type: ignore[method-assign]
        _installed = True


@contextmanager
def stream_budget(limits: ExtractLimits):
    """Decode the streams of one document under ``limits`` (this thread only)."""
    install()
    previous = getattr(_state, "budget", None)
    _state.budget = _Budget(limits)
    try:
        yield _state.budget
    finally:
        _state.budget = previous


def exceeded() -> str | None:
    """The reason when the current budget was exceeded (pdfminer may have swallowed it)."""
    budget = getattr(_state, "budget", None)
    return budget.over if budget else None
