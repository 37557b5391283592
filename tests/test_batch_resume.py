"""Crash safety: `tradewire ingest` killed with SIGKILL at several points (serial and with
--workers 2, on SQLite and PostgreSQL) and started again stores every article exactly once,
and the record equals a clean run's."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, text

from batch_helpers import pg_schema_url, write_corpus
from tradewire.batch.digest import snapshot
from tradewire.flow import ingest, open_store

pytestmark = pytest.mark.slow

N_TRADE = 24  # + 3 other news + 1 exact copy


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    from tradewire.extract import Extractor

    folder = tmp_path_factory.mktemp("corpus")
    corpus = write_corpus(folder, n_trade=N_TRADE)
    store = open_store(str(folder / "clean.db"))
    assert ingest([str(corpus)], store, extractor=Extractor()).ok
    return corpus, snapshot(store)


def _cli(corpus, db: str, workers: int) -> list[str]:
    # small windows, serial too: with one window of all articles they are saved in a few ms, and a
    # kill meant to land mid-run could land after the last save (seen in CI)
    cmd = [sys.executable, "-c", "from tradewire.cli import main; main()", "ingest", str(corpus), "--db", db, "--quiet",
           "--batch-size", "4"]
    return cmd + (["--workers", str(workers)] if workers else [])


def _stored(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("select count(*) from articles")).scalar_one()
    except Exception:  # the schema is not created yet
        return 0
    finally:
        engine.dispose()


def _kill_when(cmd: list[str], url: str, at: int | float) -> None:
    """Run `cmd` and SIGKILL it once `at` articles are stored (an int) or after `at` seconds (a float)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if isinstance(at, float):
                if time.monotonic() - (deadline - 120) >= at:
                    break
            elif _stored(url) >= at:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the run finished before the test could kill it"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the run and its worker processes, as a crash would
        proc.wait()


def _kill_and_resume(corpus, db: str, url: str, workers: int, at: int | float, expected) -> None:
    _kill_when(_cli(corpus, db, workers), url, at)
    before = _stored(url)
    assert before < N_TRADE + 3
    done = subprocess.run(_cli(corpus, db, workers), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{N_TRADE + 3 - before} stored" in done.stdout
    assert snapshot(open_store(db)) == expected


@pytest.mark.parametrize("workers, at", [(0, 1.0), (0, 1), (0, N_TRADE // 2), (2, 1), (2, N_TRADE // 2)])
def test_sqlite_run_killed_and_resumed_equals_a_clean_run(tmp_path, clean, workers, at):
    corpus, expected = clean
    db = str(tmp_path / "killed.db")
    _kill_and_resume(corpus, db, f"sqlite:///{db}", workers, at, expected)


@pytest.mark.parametrize("workers", [0, 2])
def test_postgresql_run_killed_and_resumed_equals_a_clean_run(request, clean, workers):
    corpus, expected = clean
    url = pg_schema_url(request)
    _kill_and_resume(corpus, url, url, workers, N_TRADE // 3, expected)
