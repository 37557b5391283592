"""The Dask distributed backend: `tradewire ingest --scheduler tcp://HOST:8786`.

Each worker builds the extractor once, through a WorkerPlugin (also on a worker that joins or
is restarted later); tasks are chunks of articles in, events out. The client writes. A worker
that dies mid-chunk loses nothing: the scheduler runs its chunks again on another worker, and
since only the client writes, nothing is stored twice.
"""

from __future__ import annotations

from typing import Any

from distributed import Client, WorkerPlugin

from tradewire.batch import work
from tradewire.errors import TradewireError
from tradewire.models import Article, Event

__all__ = ["DaskBackend", "ExtractorPlugin"]

PLUGIN = "tradewire-extractor"


class ExtractorPlugin(WorkerPlugin):
    def __init__(self, actor_files: tuple[str, ...] = (), prefilter: bool = True):
        self.actor_files, self.prefilter = tuple(actor_files), prefilter

    def setup(self, worker) -> None:
        work.load_worker(self.actor_files, self.prefilter)


class DaskBackend:
    def __init__(self, scheduler: str | Client, actor_files: tuple[str, ...] = (), prefilter: bool = True,
                 retries: int = 3):
        self.own = not isinstance(scheduler, Client)
        try:
            self.client = Client(scheduler, timeout="5s") if self.own else scheduler
        except OSError as exc:
            raise TradewireError(f"{scheduler}: no Dask scheduler answers ({exc})") from None
        self.client.register_plugin(ExtractorPlugin(actor_files, prefilter), name=PLUGIN)
        self.retries = retries
        self.n_workers = max(1, len(self.client.scheduler_info(n_workers=-1).get("workers", {})))

    def submit(self, chunk: list[Article]) -> Any:
        # pure=False: every chunk is its own task, even two with equal articles
        return self.client.submit(work.extract_chunk, chunk, pure=False, retries=self.retries)

    def result(self, handle: Any, chunk: list[Article]) -> tuple[list[list[Event] | str], list]:
        try:
            return handle.result()
        except Exception as exc:  # KilledWorker and kin: the chunk failed on every try
            from tradewire.batch.runner import WorkerLost

            raise WorkerLost(f"{chunk[0].path or chunk[0].id}: extraction failed on the cluster "
                             f"({exc.__class__.__name__})") from None

    def close(self) -> None:
        if self.own:
            self.client.close()
