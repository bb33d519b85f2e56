"""The ingest's parse pool (``ingest._Pool``): the thread that keeps its workers alive wakes when
a worker exits or the pool's state changes, not for every result (multiprocessing's own Pool
also waits on the result pipe and loops while results sit in it: ~0.2 ms of the ingest
process's CPU a report). Results, order and shutdown are those of the stock Pool; a dead worker's sentinel still wakes the
thread (the stock code adds each worker's sentinel to the ones it waits on).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool

from pipelines import ingest


def _square(n: int) -> int:
    return n * n


def test_results_do_not_wake_the_thread_that_keeps_the_workers(monkeypatch) -> None:
    wakes: list[int] = []
    maintain = multiprocessing.pool.Pool._maintain_pool

    def counted(*args):  # the worker thread runs this once each time it wakes
        wakes.append(1)
        return maintain(*args)

    monkeypatch.setattr(multiprocessing.pool.Pool, "_maintain_pool", staticmethod(counted))
    pool = ingest._Pool(2, context=multiprocessing.get_context("fork"))
    try:
        results = list(pool.imap(_square, range(3000), chunksize=1))
        pool.close()
        pool.join()  # returns only if a state change still wakes the thread
    finally:
        pool.terminate()
    assert results == [n * n for n in range(3000)]
    # 3,000 results came through the pipe; the thread woke for the start and the close only
    assert len(wakes) < 20, len(wakes)
