"""Several processes ingesting into one store at once give the record a serial run gives: the same
articles (with their copies as sources), events and canonical events, on SQLite and PostgreSQL;
a store another writer keeps locked makes a writer wait, or give up with one line."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

import ingest_worker as corpus
from tradewire.errors import StoreError
from tradewire.models import Article
from tradewire.store import open_store, schema

WORKER = Path(__file__).with_name("ingest_worker.py")


def snapshot(url: str) -> dict:
    """The record without ids or times: what must not depend on who wrote first."""
    store = open_store(url)
    a, s, e, ce, ec = (schema.articles, schema.article_sources, schema.events, schema.canonical_events,
                       schema.event_canonical)
    with store.engine.connect() as conn:
        hash_of = dict(conn.execute(select(a.c.id, a.c.content_hash)).all())
        origins: dict[str, set] = {h: set() for h in hash_of.values()}
        for r in conn.execute(select(a.c.content_hash, a.c.ext_id, a.c.outlet, a.c.url)):
            origins[r.content_hash].add((r.ext_id, r.outlet, r.url))
        for r in conn.execute(select(s.c.article_id, s.c.ext_id, s.c.outlet, s.c.url, s.c.kind)):
            origins[hash_of[r.article_id]].add((r.ext_id, r.outlet, r.url))
        event_key = {r.id: (hash_of[r.article_id], r.seq) for r in conn.execute(select(e.c.id, e.c.article_id, e.c.seq))}
        events = sorted((event_key[r.id], r.type, r.date, r.source_country, r.target_country)
                        for r in conn.execute(select(e)))
        members: dict[int, list] = {}
        for r in conn.execute(select(ec)):
            members.setdefault(r.canonical_id, []).append(event_key[r.event_id])
        canon = sorted((r.type, r.status, r.date or "", r.countries, r.title, r.n_mentions, r.n_articles, r.n_sources,
                        r.n_outlets, r.confidence, str(r.first_report), tuple(sorted(members.get(r.id, []))))
                       for r in conn.execute(select(ce)))
        linked = sum(len(m) for m in members.values())
    store.engine.dispose()
    return {"articles": sorted((h, tuple(sorted(o, key=str))) for h, o in origins.items()), "events": events,
            "canonical": canon, "events_linked": linked}


def _serial(url: str, order: list[int]) -> dict:
    corpus.ingest(url, order)
    return snapshot(url)


def _concurrent(url: str, n: int) -> None:
    """n processes, each with an overlapping share of the corpus (every article in two of them),
    in different orders; they all start on a new, empty store (so they also race on the schema)."""
    shares = []
    for p in range(n):
        mine = [i for i in corpus.ALL if i % n in (p, (p + 1) % n)]
        random.Random(p).shuffle(mine)
        shares.append(mine)
    procs = [subprocess.Popen([sys.executable, str(WORKER), url, ",".join(map(str, s))],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for s in shares]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-3000:]


@pytest.fixture(scope="module")
def serial_record(tmp_path_factory) -> dict:
    return _serial(str(tmp_path_factory.mktemp("serial") / "serial.db"), corpus.ALL)


def test_serial_record_does_not_depend_on_order(serial_record, tmp_path):
    """The yardstick of the concurrent tests: fusion gives one record whatever the order."""
    order = list(corpus.ALL)
    random.Random(7).shuffle(order)
    assert _serial(str(tmp_path / "shuffled.db"), order) == serial_record
    assert len(serial_record["articles"]) == corpus.N_ARTICLES
    assert len(serial_record["canonical"]) < len(serial_record["events"])   # mentions were fused
    assert serial_record["events_linked"] == len(serial_record["events"])


@pytest.mark.parametrize("n", [2, pytest.param(4, marks=pytest.mark.slow)])
def test_concurrent_ingests_give_the_serial_record(store_url, serial_record, n):
    _concurrent(store_url, n)
    assert snapshot(store_url) == serial_record


def test_first_opens_race_on_the_schema(store_url):
    """Four processes opening a new store at once: all succeed, the schema is created once."""
    code = "import sys; from tradewire.store import open_store; open_store(sys.argv[1]).engine.dispose()"
    procs = [subprocess.Popen([sys.executable, "-c", code, store_url], stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
    store = open_store(store_url)
    with store.engine.connect() as conn:
        versions = conn.execute(select(schema.schema_version.c.version)).scalars().all()
    assert sorted(versions) == sorted(set(versions)) and versions


def _hold_sqlite_lock(path: str, seconds: float, ready: threading.Event) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    ready.set()
    time.sleep(seconds)
    con.execute("COMMIT")
    con.close()


def test_locked_sqlite_store_gives_up_with_one_line(db_path):
    store = open_store(db_path, busy_timeout=0.3)
    ready = threading.Event()
    holder = threading.Thread(target=_hold_sqlite_lock, args=(db_path, 2.0, ready))
    holder.start()
    ready.wait(5)
    with pytest.raises(StoreError) as exc:
        store.save(Article(id="x", text="Canada imposed duties on steel from Mexico on Monday."), [])
    holder.join()
    msg = str(exc.value)
    assert "\n" not in msg and db_path in msg and "locked" in msg
    assert store.counts()["articles"] == 0                       # nothing half-written


@pytest.mark.slow
def test_writer_waits_for_a_lock_held_20_seconds(db_path):
    """Another process holding the write lock for 20 s: the save waits and succeeds."""
    open_store(db_path).engine.dispose()
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
                               "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(20); c.execute('COMMIT')",
                               db_path], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    start = time.monotonic()
    store = open_store(db_path)
    res = store.save(Article(id="x", text="Canada imposed duties on steel from Mexico on Monday."), [])
    holder.wait(30)
    assert res.created and time.monotonic() - start >= 15


@pytest.mark.slow
def test_kill_9_mid_ingest_leaves_a_sound_store_and_a_rerun_completes_it(store_url, serial_record):
    """Crash safety under the new locking: a writer killed at random points leaves every article
    whole (one transaction each), SQLite's integrity check ok, and re-running gives the serial record."""
    order = list(corpus.ALL)
    for k, (after, delay) in enumerate(((2, 0.0), (9, 0.004), (17, 0.01), (30, 0.02))):
        random.Random(k).shuffle(order)
        proc = subprocess.Popen([sys.executable, str(WORKER), store_url, ",".join(map(str, order))],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout.readline().strip() == "ready"
        for _ in range(after):      # let it store some articles, then kill it inside a later one
            proc.stdout.readline()
        time.sleep(delay)
        proc.kill()
        proc.wait()
        proc.stdout.close()
        store = open_store(store_url)
        with store.engine.connect() as conn:
            if store.engine.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            n_articles = conn.execute(select(schema.articles.c.id)).all()
            n_keys = conn.execute(select(schema.article_minhash.c.article_id)).all()
        store.engine.dispose()
        assert len(n_articles) == len(n_keys)      # no article without its duplicate keys: all or nothing
    corpus.ingest(store_url, corpus.ALL)
    assert snapshot(store_url) == serial_record


@pytest.mark.slow
def test_two_cli_ingests_at_once_give_the_serial_record(tmp_path, runner):
    """The real path: `tradewire ingest` (read, clean, extract, save, record) in two processes on
    the examples, both on a new SQLite store, against one serial run."""
    from tradewire.cli import app

    examples = Path(__file__).resolve().parents[1] / "examples"
    serial = str(tmp_path / "serial.db")
    assert runner.invoke(app, ["ingest", str(examples), "--db", serial, "-q"]).exit_code == 0
    shared = str(tmp_path / "shared.db")
    exe = Path(sys.executable).with_name("tradewire")
    procs = [subprocess.Popen([str(exe), "ingest", str(examples), "--db", shared, "-q"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
    assert snapshot(shared) == snapshot(serial)


def test_locked_postgresql_store_gives_up_with_one_line(pg_url):
    """Another session holding tradewire's write lock: a writer waits for the timeout, then one line."""
    from sqlalchemy import create_engine, text

    from tradewire.store.db import PG_WRITE_LOCK

    store = open_store(pg_url, busy_timeout=0.5)
    other = create_engine(pg_url)
    with other.connect() as conn, conn.begin():
        conn.execute(text(PG_WRITE_LOCK))
        with pytest.raises(StoreError) as exc:
            store.save(Article(id="x", text="Canada imposed duties on steel from Mexico on Monday."), [])
    other.dispose()
    assert "\n" not in str(exc.value) and "locked" in str(exc.value)
    assert store.counts()["articles"] == 0
