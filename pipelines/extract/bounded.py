"""Run one risky reader (PDFium on an untrusted PDF) in a forked child with a memory cap.

A 1.5 MB PDF can hold a content stream that inflates to gigabytes; PDFium then allocates
it whole. The child gets ``RLIMIT_AS`` = its address space at the fork + ``memory_bytes``
and a wall-clock limit per request; whatever it does (allocation failure, abort, crash,
endless loop) the caller gets either the function's result or a ``RejectedInput`` with one
line of reason, and the next request gets a fresh child. The child is forked once per
process and serves many files (it shares the parent's imported modules; requests and results
go pickled through two pipes). Where there is no fork (Windows), the function runs in this
process, unbounded.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import time
from collections.abc import Callable
from typing import Any, TypeVar

from pipelines.errors import RejectedInput

T = TypeVar("T")


def _address_space() -> int:
    """This process's current virtual memory size in bytes (0 when unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


_LEN = struct.Struct("<Q")


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(_LEN.pack(len(payload)) + payload)
    while view:
        view = view[os.write(fd, view) :]


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes | None:
    """``size`` bytes from ``fd``; None when the other side closed (or the deadline passed)."""
    chunks: list[bytes] = []
    while size:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], min(left, 1.0))
            if not ready:
                continue
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _serve(requests: int, replies: int, memory_bytes: int, base: int) -> None:
    """The child's loop: (fn, args) in, ("ok", result) / ("rejected", reason) / … out."""
    import resource

    if base:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = base + memory_bytes
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    while True:
        head = _read_exact(requests, _LEN.size, None)
        if head is None:
            return
        body = _read_exact(requests, _LEN.unpack(head)[0], None)
        if body is None:
            return
        try:
            fn, args = pickle.loads(body)
            outcome: tuple = ("ok", fn(*args))
        except RejectedInput as exc:
            outcome = ("rejected", exc.reason)
        except MemoryError:
            outcome = ("memory", "")
        except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
            outcome = ("error", f"{type(exc).__name__}: {exc}"[:300])
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory", ""))
        _write_all(replies, payload)
        if outcome[0] == "memory":
            return  # the heap may be in pieces: let the next request start a fresh child


class _Child:
    """A forked helper process that runs requests one at a time under the memory cap. It
    stays alive between requests (a fresh fork per file costs PDFium its warm caches and
    doubles the time), is replaced after it dies, and is recycled every ``MAX_REQUESTS``."""

    MAX_REQUESTS = 200

    def __init__(self, memory_bytes: int) -> None:
        self.memory_bytes = memory_bytes
        self.owner = os.getpid()
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        base = _address_space()
        pid = os.fork()
        if pid == 0:  # child
            code = 0
            try:
                import faulthandler

                faulthandler.disable()  # a crash under the memory cap is expected, not a trace
                os.close(req_w)
                os.close(rep_r)
                _serve(req_r, rep_w, memory_bytes, base)
            except BaseException:  # noqa: BLE001
                code = 1
            finally:
                os._exit(code)
        os.close(req_r)
        os.close(rep_w)
        self.pid, self.requests, self.replies = pid, req_w, rep_r
        self.served = 0

    def call(self, fn: Callable[..., Any], args: tuple, timeout_s: float) -> tuple:
        self.served += 1
        try:
            _write_all(self.requests, pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL))
            deadline = time.monotonic() + timeout_s
            head = _read_exact(self.replies, _LEN.size, deadline)
            body = None if head is None else _read_exact(self.replies, _LEN.unpack(head)[0], deadline)
        except TimeoutError:
            self.close(kill=True)
            return ("timeout", "")
        except OSError:  # broken pipe: the child is gone
            body = None
        if body is None:
            self.close(kill=True)
            return ("memory", "")
        outcome = pickle.loads(body)
        if outcome[0] == "memory":
            self.close(kill=True)
        return outcome

    @property
    def alive(self) -> bool:
        return self.pid > 0 and self.owner == os.getpid() and self.served < self.MAX_REQUESTS

    def close(self, kill: bool = False) -> None:
        if self.pid <= 0 or self.owner != os.getpid():
            self.pid = 0
            return
        for fd in (self.requests, self.replies):
            try:
                os.close(fd)
            except OSError:
                pass
        if kill:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        self.pid = 0


_children: dict[int, _Child] = {}


def _child(memory_bytes: int) -> _Child:
    child = _children.get(memory_bytes)
    if child is None or not child.alive:
        if child is not None:
            child.close()
        child = _children[memory_bytes] = _Child(memory_bytes)
    return child


def run_bounded(
    fn: Callable[..., T], *args: Any, memory_bytes: int, timeout_s: float, what: str = "PDF"
) -> T:
    """``fn(*args)`` (``fn`` a module-level function, args picklable) in the helper child,
    limited to ``memory_bytes`` more address space and ``timeout_s`` seconds. RejectedInput
    raised by ``fn`` is passed on; any other failure becomes RejectedInput saying which limit
    it hit."""
    if not hasattr(os, "fork"):
        return fn(*args)
    child = _child(memory_bytes)
    fresh = child.served == 0
    status, value = child.call(fn, args, timeout_s)
    if status == "memory" and not fresh:
        # a child that served other files before has spent part of its budget on them (its
        # heap grows in pieces): the verdict counts only from a fresh child, which gets the
        # whole cap for this one file (a demo PDF was refused in a long test run otherwise)
        status, value = _child(memory_bytes).call(fn, args, timeout_s)
    if status == "ok":
        return value
    if status == "rejected":
        raise RejectedInput(value)
    if status == "timeout":
        raise RejectedInput(f"{what} took longer than {timeout_s:.0f} s to read: given up")
    if status == "memory":
        raise RejectedInput(
            f"{what} needs more than {memory_bytes // (1024 * 1024)} MB of memory to read "
            "(its streams inflate too far): not read"
        )
    raise RejectedInput(f"unreadable {what}: {value}")
