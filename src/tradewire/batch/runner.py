"""Batch ingest: workers extract, the parent writes through the one flow.

    from tradewire.batch import ingest_batch
    summary = ingest_batch(["news/"], store, workers=2)                       # a process pool
    summary = ingest_batch(["news/"], store, scheduler="tcp://host:8786")     # a Dask cluster

The windows are the one ingest flow's (`tradewire.flow.ingest`, given a backend here): the
parent reads and cleans each input (cheap, and it gives the content hash), skips texts already
stored (a resumed run does no work twice), sends the rest in chunks to the workers and writes
their results window by window, in input order, updating the record once per window. Workers
extract and hash the texts for the near-duplicate check; they never write. A run killed at any
point keeps every article it stored whole (one transaction each) and a new run finds them
"already stored" and fuses what was not fused yet: nothing is lost or doubled.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradewire.batch import work
from tradewire.errors import TradewireError
from tradewire.flow import IngestSummary, ItemResult, Source, ingest
from tradewire.models import Article, Event
from tradewire.read.readers import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from tradewire.store import Store

__all__ = ["InProcess", "LocalPool", "WorkerLost", "ingest_batch", "run"]

MAX_TRIES = 3  # a chunk whose worker died is sent again this many times in all


class WorkerLost(TradewireError):
    """The worker extracting a chunk died every time the chunk was sent."""


class InProcess:
    """Extraction in this process (workers=0): the same windows, no pool. For tests and debugging."""

    def __init__(self, actor_files: tuple[str, ...] = (), prefilter: bool = True):
        work.load(actor_files, prefilter)

    def submit(self, chunk: list[Article]) -> Any:
        return work.extract_chunk(chunk)

    def result(self, handle: Any, chunk: list[Article]) -> tuple[list[list[Event] | str], list]:
        return handle

    def close(self) -> None:
        pass


def _preload_writer() -> None:
    from tradewire.record import preload

    try:
        preload()
    except Exception:  # noqa: BLE001 - a broken table fails again, with its message, where it is used
        pass


class LocalPool:
    """N worker processes on this machine, each building the extractor once (pool initializer).

    A worker that dies (killed, out of memory) breaks the pool: a new pool is started and the
    chunks that were in flight are sent again."""

    def __init__(self, workers: int, actor_files: tuple[str, ...] = (), prefilter: bool = True):
        self.workers, self.args = workers, (tuple(actor_files), prefilter)
        self.generation = 0
        self.pool = self._start()
        # the writer's own tables load while the workers load spaCy (seconds), not on the first window
        threading.Thread(target=_preload_writer, daemon=True, name="tradewire-preload").start()

    def _start(self) -> ProcessPoolExecutor:
        # spawn: a clean interpreter per worker (the parent holds database connections and threads)
        self.generation += 1
        return ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"),
                                   initializer=work.load_worker, initargs=self.args)

    def submit(self, chunk: list[Article]) -> Any:
        return self.generation, self.pool.submit(work.extract_chunk, chunk)

    def result(self, handle: Any, chunk: list[Article]) -> tuple[list[list[Event] | str], list]:
        gen, fut = handle
        for _ in range(MAX_TRIES):
            try:
                return fut.result()
            except BrokenProcessPool:
                if gen == self.generation:  # the first chunk to notice restarts the pool
                    self.pool.shutdown(wait=False, cancel_futures=True)
                    self.pool = self._start()
                gen, fut = self.submit(chunk)
        raise WorkerLost(f"{chunk[0].path or chunk[0].id}: a worker died {MAX_TRIES} times extracting this chunk")

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def run(sources: Iterable[Source], store: Store, backend, *, published: date | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES, batch_size: int = 32, chunk_size: int = 8, in_flight: int = 2,
        on_item: Callable[[ItemResult], None] | None = None) -> IngestSummary:
    """Ingest through `backend` (InProcess, LocalPool or the Dask one) with the one ingest flow:
    `in_flight` windows of `batch_size` articles are being extracted while the oldest one is written."""
    return ingest(sources, store, backend=backend, published=published, max_bytes=max_bytes, batch_size=batch_size,
                  chunk_size=chunk_size, in_flight=in_flight, on_item=on_item)


def ingest_batch(sources: Iterable[Source], store: Store, *, workers: int = 2, scheduler: str | None = None,
                 published: date | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 actor_files: Iterable[str | Path] = (), batch_size: int = 32, prefilter: bool = True,
                 on_item: Callable[[ItemResult], None] | None = None) -> IngestSummary:
    """`tradewire ingest --workers N` / `--scheduler tcp://HOST:8786`: the same result as the
    serial flow (same articles, events and canonical events), extracted in parallel."""
    files = tuple(str(f) for f in actor_files)
    if scheduler is not None:
        from tradewire.batch.cluster import DaskBackend

        backend = DaskBackend(scheduler, files, prefilter)
        chunk = max(1, batch_size // (2 * max(1, backend.n_workers)))
    elif workers <= 0:
        backend, chunk = InProcess(files, prefilter), batch_size
    else:
        backend, chunk = LocalPool(workers, files, prefilter), max(1, batch_size // (2 * workers))
    return run(sources, store, backend, published=published, max_bytes=max_bytes, batch_size=batch_size,
               chunk_size=chunk, on_item=on_item)
