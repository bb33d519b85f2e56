"""Waiting for another process's event instead of sleeping a guessed time (Linux /proc)."""

from __future__ import annotations

import os
import time
from pathlib import Path


def _parent(pid: str) -> str | None:
    try:
        return (Path("/proc") / pid / "stat").read_text().rsplit(")", 1)[-1].split()[1]
    except (OSError, IndexError):
        return None


def descends_from(pid: str, ancestor: str) -> bool:
    seen = 0
    while pid and pid not in ("0", "1") and seen < 64:
        if pid == ancestor:
            return True
        pid, seen = _parent(pid) or "", seen + 1
    return False


def wait_for_descendant(fragment: bytes, timeout_s: float = 60.0) -> bool:
    """True once a process descending from this one has ``fragment`` in its command line
    (e.g. the SQL page's sandbox child, b"sqlchild"); False after ``timeout_s``."""
    me = str(os.getpid())
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit() or proc.name == me:
                continue
            try:
                cmdline = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            if fragment in cmdline and descends_from(proc.name, me):
                return True
        time.sleep(0.01)  # polling for the event, not a timing assumption
    return False
