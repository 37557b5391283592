"""Batch runners over the one ingest flow: a process pool, a Dask cluster, store copies.

Workers read nothing from and write nothing to the store: they extract; the caller writes
through `tradewire.flow.save_extracted`.
"""

from tradewire.batch.runner import ingest_batch

__all__ = ["ingest_batch"]
