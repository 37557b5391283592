"""The API on a PostgreSQL store: filters and PostgreSQL full-text search. Starts a throwaway
cluster (initdb + pg_ctl, Unix socket only) when the binaries are here; skips otherwise."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

import pytest

from tradewire.models import Actor, Article, Event

pytestmark = pytest.mark.slow
PORT = 55439


def _pg_cmd(*args: str) -> list[str]:
    # initdb refuses to run as root: run the cluster as the postgres user when we are root
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)


@pytest.fixture(scope="module")
def pg_url():
    if not (shutil.which("initdb") and shutil.which("pg_ctl")):
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not installed")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("running as root without runuser")
    # not under pytest's tmp folder: the postgres user cannot enter root's private folders
    base = Path(tempfile.mkdtemp(prefix="tradewire-pg-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    data = base / "data"
    try:
        subprocess.run(_pg_cmd("initdb", "-D", str(data), "-A", "trust", "-U", "postgres"), check=True,
                       capture_output=True, cwd="/tmp")
        subprocess.run(_pg_cmd("pg_ctl", "-D", str(data), "-l", str(base / "log"), "-w", "-o",
                               f"-k {base} -c listen_addresses='' -p {PORT}", "start"),
                       check=True, capture_output=True, cwd="/tmp")
    except (subprocess.CalledProcessError, KeyError, LookupError) as exc:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"could not start a PostgreSQL cluster: {exc}")
    try:
        subprocess.run(["psql", "-h", str(base), "-p", str(PORT), "-U", "postgres", "-c", "CREATE DATABASE tw"],
                       check=True, capture_output=True)
        yield f"postgresql://postgres@/tw?host={base}&port={PORT}"
    finally:
        subprocess.run(_pg_cmd("pg_ctl", "-D", str(data), "-m", "fast", "stop"), capture_output=True, cwd="/tmp")
        shutil.rmtree(base, ignore_errors=True)


def _event(t: str, src: str, tgt: str, d: str, evidence: str, **kw) -> Event:
    return Event(type=t, source=Actor(name=src, country=src, id=f"country:{src}"),
                 target=Actor(name=tgt, country=tgt, id=f"country:{tgt}"), date=d, evidence=[evidence],
                 confidence=0.8, **kw)


@pytest.fixture(scope="module")
def client(pg_url):
    from tradewire import open_store
    from tradewire.record import ensure_current
    from tradewire.serve import create_app

    store = open_store(pg_url)
    s1 = "Ottawa imposed a surtax on American aluminium on Monday."
    s2 = "Washington threatened duties on Canadian lumber, officials said."
    store.save(Article(id="pg-1", text=f"{s1} The levy starts at once.", title="Canada hits aluminium",
                       published="2026-02-02"),
               [_event("IMPOSE", "CAN", "USA", "2026-02-02", s1, measure="tariff", products=["aluminium"])])
    store.save(Article(id="pg-2", text=f"{s2} Mills braced for the blow.", title="Lumber threat", published="2026-02-05"),
               [_event("THREATEN", "USA", "CAN", "2026-02-04", s2, measure="tariff", products=["lumber"])])
    ensure_current(store)
    store.engine.dispose()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(create_app(pg_url, token=""))


def test_filters_on_postgresql(client):
    ev = client.get("/api/v1/events", params={"goods": "lumber", "pair": "CAN-USA"}).json()["items"]
    assert [e["type"] for e in ev] == ["THREATEN"]
    can = client.get("/api/v1/canonical-events", params={"country": "CAN", "since": "2026-02-03"}).json()["items"]
    assert [c["type"] for c in can] == ["THREATEN"]
    assert client.get("/api/v1/pairs/CAN-USA/timeline").json()["events"]


def test_full_text_search_on_postgresql(client):
    hits = client.get("/api/v1/search", params={"q": "aluminium"}).json()["items"]
    assert {h["kind"] for h in hits} == {"article", "evidence"}
    assert all("[[" in h["snippet"] for h in hits)
    only = client.get("/api/v1/search", params={"q": "lumber", "kind": "evidence"}).json()["items"]
    assert len(only) == 1 and only[0]["event_id"]
    page = client.get("/search", params={"q": "threatened"}, headers={"accept": "text/html"})
    assert page.status_code == 200 and "Lumber threat" in page.text
