"""Shared helpers for the serve tests: the demo database (examples/ plus the invented articles in
tests/serve_articles/, one of them hostile), copies of it per test module, and a live server.

The hostile article carries <script>, an onerror= attribute and javascript: links in its title,
text, outlet and url; pages must show them as text."""

from __future__ import annotations

import shutil
import socket
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = Path(__file__).parent / "serve_articles"
OUTPUT = Path(__file__).parent / "output"
TOKEN = "test-token-0123456789"
HOSTILE_MARKERS = ("<script", "onerror=", "javascript:alert")


@pytest.fixture(scope="session")
def demo_db_master(tmp_path_factory) -> Path:
    """The demo store, built once per session through `tradewire ingest` (the ingest flow)."""
    from tradewire.cli import app

    path = tmp_path_factory.mktemp("serve") / "demo.db"
    res = CliRunner().invoke(app, ["ingest", str(ROOT / "examples"), str(ARTICLES), "--db", str(path), "-q"])
    assert res.exit_code == 0, res.output
    from tradewire.record import ensure_current
    from tradewire.store import open_store

    store = open_store(str(path))
    ensure_current(store)
    store.engine.dispose()
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")   # everything in the main file, so a copy is whole
    con.close()
    return path


def copy_db(master: Path, folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / "demo.db"
    shutil.copy(master, dest)
    return str(dest)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving `app` on a free loopback port in a background thread."""

    def __init__(self, app):
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
