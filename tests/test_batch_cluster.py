"""`ingest --scheduler` on a real Dask LocalCluster (2 worker processes): the store equals a
serial run's, the model is built once per worker, and a worker killed mid-batch loses nothing."""

from __future__ import annotations

import os
import signal
import time

import pytest

from batch_helpers import write_corpus
from tradewire.batch.digest import snapshot
from tradewire.flow import ingest, open_store

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc, \
            Client(lc) as client:
        yield lc, client


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    from tradewire.extract import Extractor

    folder = tmp_path_factory.mktemp("corpus")
    corpus = write_corpus(folder, n_trade=16)
    store = open_store(str(folder / "serial.db"))
    assert ingest([str(corpus)], store, extractor=Extractor()).ok
    return corpus, snapshot(store)


def test_a_cluster_run_stores_what_a_serial_run_stores(tmp_path, cluster, serial):
    from tradewire.batch import ingest_batch, work

    lc, client = cluster
    corpus, expected = serial
    store = open_store(str(tmp_path / "cluster.db"))
    got = ingest_batch([str(corpus)], store, scheduler=lc.scheduler_address, batch_size=6)
    assert got.ok and got.stored == 19 and got.duplicates == 1
    assert snapshot(store) == expected
    loads = client.run(work.loads)
    assert len(loads) == 2 and set(loads.values()) == {1}  # the worker plugin built each extractor once


def test_a_worker_killed_mid_batch_has_its_articles_redone(tmp_path, cluster, serial):
    from tradewire.batch import runner, work
    from tradewire.batch.cluster import DaskBackend

    lc, client = cluster
    corpus, expected = serial
    killed: list[list] = []

    class KillOnce(DaskBackend):
        def result(self, handle, chunk):
            if not killed:
                deadline = time.monotonic() + 30
                busy = {}
                while not busy and time.monotonic() < deadline:  # a worker holding chunks right now
                    busy = {w: ts for w, ts in client.processing().items() if ts}
                    time.sleep(0.01)
                victim = sorted(busy)[0]
                pid = client.run(work.pid, workers=[victim])[victim]
                killed.append(busy[victim])
                os.kill(pid, signal.SIGKILL)
            return super().result(handle, chunk)

    store = open_store(str(tmp_path / "killed.db"))
    got = runner.run([str(corpus)], store, KillOnce(client), batch_size=6, chunk_size=2)
    assert killed and killed[0], "no worker was busy when the test meant to kill one"
    assert got.ok and got.stored == 19
    assert snapshot(store) == expected  # nothing lost, nothing doubled
    client.wait_for_workers(2, timeout=60)
