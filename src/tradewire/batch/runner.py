"""Batch ingest: workers extract, the parent writes through the one flow.

    from tradewire.batch import ingest_batch
    summary = ingest_batch(["news/"], store, workers=2)                       # a process pool
    summary = ingest_batch(["news/"], store, scheduler="tcp://host:8786")     # a Dask cluster

The parent reads and cleans each input (cheap, and it gives the content hash), skips texts
already stored (a resumed run does no work twice), sends the rest in chunks to the workers
and writes their results window by window through `tradewire.flow.save_extracted`, in input
order, updating the record once per window. Workers only extract; they never write. A run
killed at any point keeps every article it stored whole (one transaction each) and a new run
finds them "already stored" and fuses what was not fused yet: nothing is lost or doubled.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradewire.batch import work
from tradewire.errors import TradewireError
from tradewire.flow import IngestSummary, ItemResult, Source, read_sources, save_extracted
from tradewire.models import Article, Event, RawDocument
from tradewire.read.readers import DEFAULT_MAX_BYTES, IngestError

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

    def result(self, handle: Any, chunk: list[Article]) -> list[list[Event] | str]:
        return handle

    def close(self) -> None:
        pass


class LocalPool:
    """N worker processes on this machine, each building the extractor once (pool initializer).

    A worker that dies (killed, out of memory) breaks the pool: a new pool is started and the
    chunks that were in flight are sent again."""

    def __init__(self, workers: int, actor_files: tuple[str, ...] = (), prefilter: bool = True):
        self.workers, self.args = workers, (tuple(actor_files), prefilter)
        self.generation = 0
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # spawn: a clean interpreter per worker (the parent holds database connections and threads)
        self.generation += 1
        return ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"),
                                   initializer=work.load, initargs=self.args)

    def submit(self, chunk: list[Article]) -> Any:
        return self.generation, self.pool.submit(work.extract_chunk, chunk)

    def result(self, handle: Any, chunk: list[Article]) -> list[list[Event] | str]:
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


@dataclass
class _Entry:
    result: ItemResult | None = None          # known without extraction (a bad input)
    article: Article | None = None
    warnings: list[str] = field(default_factory=list)
    extract: bool = False                     # needs a worker (not stored yet, first in this run)
    events: list[Event] | str = field(default_factory=list)


@dataclass
class _Window:
    entries: list[_Entry]
    chunks: list[tuple[list[_Entry], Any]]


def _entries(sources: Iterable[Source], published: date | None, max_bytes: int) -> Iterator[_Entry]:
    for item, warnings in read_sources(sources, published=published, max_bytes=max_bytes):
        if isinstance(item, IngestError):
            yield _Entry(result=ItemResult(path=item.path, status="failed", error=str(item), warnings=warnings))
        else:
            yield _Entry(article=item, warnings=warnings, extract=True)


def _stored(store: Store, hashes: list[str]) -> set[str]:
    """Which of these texts the store holds (as an article or a kept copy): one query per window."""
    from sqlalchemy import select, union

    from tradewire.store import schema

    a, s = schema.articles, schema.article_sources
    q = union(select(a.c.content_hash).where(a.c.content_hash.in_(hashes)),
              select(s.c.content_hash).where(s.c.content_hash.in_(hashes)))
    with store.engine.connect() as conn:
        return {h for (h,) in conn.execute(q)}


def _windows(entries: Iterator[_Entry], store: Store, size: int) -> Iterator[list[_Entry]]:
    """Windows of `size` articles. A text stored already (a resumed run, a re-ingest) or met earlier
    in this run is not extracted: it goes to the store as a copy, as in the serial flow."""
    seen: set[str] = set()

    def mark(window: list[_Entry]) -> list[_Entry]:
        arts = [e for e in window if e.article is not None]
        known = _stored(store, sorted({e.article.content_hash for e in arts})) if arts else set()
        for e in arts:
            h = e.article.content_hash
            e.extract = h not in known and h not in seen
            seen.add(h)
        return window

    window: list[_Entry] = []
    n = 0
    for e in entries:
        window.append(e)
        n += e.article is not None
        if n >= size:
            yield mark(window)
            window, n = [], 0
    if window:
        yield mark(window)


def run(sources: Iterable[Source], store: Store, backend, *, published: date | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES, batch_size: int = 32, chunk_size: int = 8, in_flight: int = 2,
        on_item: Callable[[ItemResult], None] | None = None) -> IngestSummary:
    """Ingest through `backend` (InProcess, LocalPool or the Dask one): `in_flight` windows of
    `batch_size` articles are being extracted while the oldest one is written."""
    if isinstance(sources, str | Path | RawDocument | Article):
        sources = [sources]
    summary = IngestSummary()
    pending: deque[_Window] = deque()

    def flush(win: _Window) -> None:
        for part, handle in win.chunks:
            try:
                out = backend.result(handle, [e.article for e in part])
            except WorkerLost as exc:
                out = [str(exc)] * len(part)
            for e, events in zip(part, out, strict=True):
                e.events = events
        to_save = [e for e in win.entries if e.article is not None and not isinstance(e.events, str)]
        saved = iter(save_extracted([(e.article, e.events) for e in to_save], store))
        for e in win.entries:
            if e.result is None:
                if isinstance(e.events, str):
                    where = e.article.path or e.article.id
                    msg = e.events if e.events.startswith(where) else f"{where}: {e.events}"
                    e.result = ItemResult(path=where, status="failed", error=msg)
                else:
                    e.result = next(saved)
                e.result.warnings = e.warnings
            summary.add(e.result)
            if on_item is not None:
                on_item(e.result)

    try:
        for entries in _windows(_entries(sources, published, max_bytes), store, batch_size):
            todo = [e for e in entries if e.extract]
            chunks = [todo[i:i + chunk_size] for i in range(0, len(todo), chunk_size)]
            pending.append(_Window(entries, [(c, backend.submit([e.article for e in c])) for c in chunks]))
            while len(pending) > in_flight:
                flush(pending.popleft())
        while pending:
            flush(pending.popleft())
    finally:
        backend.close()
    return summary


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
