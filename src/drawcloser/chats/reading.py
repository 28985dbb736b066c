"""What the check reads in a chat's messages, batch after batch, on every core.

An import checks tens of thousands of messages; the fast engine is pure numpy and Python
on one core, so on a machine with several cores the batches go to worker processes while
the main process parses, fingerprints, encrypts and stores. The workers are forked from
the main process after the engine is loaded, so they start at once and share its pages.
The deep engine is never forked: ONNX Runtime already uses every core, and a fork of a
process whose thread pool is running is not safe.

Results come back in submission order, so what is stored is the same as a serial run.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from drawcloser.coach.report import Report
from drawcloser.practice.checkins import reading

Reading = dict[str, Any]
Check = Callable[[list[str]], list[Report]]

PARALLEL_FROM = 6_000  # fewer messages than this: starting workers costs more than it saves

# The forked workers' check: set in the parent just before the fork, inherited by the
# children, so no engine has to be pickled or loaded again.
_WORKER_CHECK: Check | None = None


def read(check: Check, texts: list[str]) -> list[Reading]:
    """Each text's verdict, score, labels, sentence counts and whether safety was raised."""
    out = []
    for report in check(texts):
        r = reading(report)
        r["safety"] = report.safety is not None
        out.append(r)
    return out


def _read_in_worker(texts: list[str]) -> list[Reading]:
    assert _WORKER_CHECK is not None  # set before the fork
    return read(_WORKER_CHECK, texts)


class Reader:
    """Checks batches now, in this process."""

    workers = 0

    def __init__(self, check: Check) -> None:
        self._check = check

    def submit(self, texts: list[str]) -> Future[list[Reading]]:
        done: Future[list[Reading]] = Future()
        try:
            done.set_result(read(self._check, texts) if texts else [])
        except BaseException as exc:  # handed over like a worker's error would be
            done.set_exception(exc)
        return done

    def close(self) -> None:
        pass


class PoolReader(Reader):
    """Checks batches in forked worker processes; ``submit`` returns at once."""

    def __init__(self, check: Check, workers: int) -> None:
        super().__init__(check)
        global _WORKER_CHECK
        check(["warm up"])  # load the engine here, once, before the workers are forked
        _WORKER_CHECK = check
        self.workers = workers
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))

    def submit(self, texts: list[str]) -> Future[list[Reading]]:
        if not texts:
            return super().submit(texts)
        return self._pool.submit(_read_in_worker, texts)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def reader_for(check: Check, engine: str, messages: int, workers: int | None = None) -> Reader:
    """A pool of one worker per core for a big import with the fast engine; else serial.

    ``workers`` forces the number of worker processes (0: serial), for tests and benchmarks.
    """
    if workers is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        fits = engine == "fast" and messages >= PARALLEL_FROM and cores > 1
        workers = cores if fits else 0
    if workers <= 0 or "fork" not in multiprocessing.get_all_start_methods():
        return Reader(check)
    return PoolReader(check, workers)
