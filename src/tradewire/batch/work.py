"""What a worker process does: extract events from articles with one extractor per process.

The extractor (spaCy model + knowledge base, a few seconds and ~300 MB) is built once per
process — by the process pool's initializer or the Dask worker plugin — and kept in a module
global; tasks then carry only articles in, and events and the texts' dedup signatures out.
Workers never touch the store.
"""

from __future__ import annotations

import os

from tradewire.models import Article, Event

_STATE: dict[str, object] = {}


def load_worker(actor_files: tuple[str, ...] = (), prefilter: bool = True) -> None:
    """A pool or cluster worker's start: one BLAS thread per process, then the extractor. Several
    worker processes each spinning a BLAS thread pool on the same cores cost ~15% more CPU for the
    same work (measured with 2 workers on 2 cores); the processes are the parallelism."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")   # for the libraries loaded from here on
    import numpy  # noqa: F401  (loads the BLAS, so that the limit below finds it)
    from threadpoolctl import threadpool_limits

    _STATE["blas_limit"] = threadpool_limits(limits=1)   # and for those loaded already; kept referenced
    load(actor_files, prefilter)


def load(actor_files: tuple[str, ...] = (), prefilter: bool = True) -> None:
    """Build this process's extractor (a no-op when it is already built with the same settings)."""
    key = (tuple(actor_files), prefilter)
    if _STATE.get("key") == key:
        return
    from tradewire.extract import Extractor
    from tradewire.extract.prefilter import gated

    ex = Extractor(tuple(actor_files))
    _STATE.update(key=key, extractor=gated(ex, tuple(actor_files)) if prefilter else ex,
                  loads=int(_STATE.get("loads", 0)) + 1)


def loads() -> int:
    """How many times this process built an extractor (once, unless its settings changed)."""
    return int(_STATE.get("loads", 0))


def extract_chunk(articles: list[Article]) -> tuple[list[list[Event] | str], list]:
    """Events of each article, in order (parsed together through nlp.pipe; an article the extractor
    rejects gets its one-line error instead), and the near-duplicate signature of each text
    (dedup.signatures), so that the writer only compares it with the store."""
    from tradewire.flow import extract_many
    from tradewire.store import dedup

    if "extractor" not in _STATE:
        load()
    return extract_many(_STATE["extractor"], articles), dedup.signatures([a.text for a in articles])


def pid() -> int:
    """This worker's process id (tests kill a worker with it)."""
    return os.getpid()


def ready(hold: float = 0.2) -> int:
    """This worker's pid once its extractor is built, holding the worker a moment so that a
    round of these calls reaches every worker of a pool (benchmarks start the clock after)."""
    import time

    if "extractor" not in _STATE:
        load()
    time.sleep(hold)
    return os.getpid()
