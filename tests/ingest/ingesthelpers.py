"""Helpers of the ingest tests: waiting for a running ingest's events instead of sleeping."""

from __future__ import annotations

import time
from pathlib import Path


def private_copy_sizes(folder: Path, flushes: int, timeout_s: float = 120.0) -> list[int]:
    """The sizes (database + its WAL) of a running ingest's private copy
    (``*.duckdb.tmp-*``) each time it has changed, until it has changed ``flushes`` times
    (or the time-out): polls for the event of a write, no guessed delay."""
    sizes: list[int] = []
    deadline = time.monotonic() + timeout_s
    while len(sizes) < flushes and time.monotonic() < deadline:
        total = 0
        for path in folder.glob("*.duckdb.tmp-*"):
            try:
                total += path.stat().st_size
            except FileNotFoundError:  # the run renamed or removed it meanwhile
                continue
        if total and (not sizes or total != sizes[-1]):
            sizes.append(total)
        time.sleep(0.02)  # polling interval, not a timing assumption
    return sizes
