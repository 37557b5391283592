"""Shared fixtures: a temporary database path, a CLI runner, a few small articles, and PostgreSQL
stores (`pg_url`, `store_url`) for tests that must hold on both back ends.

The articles are short trade-news items written for these tests (not copied from any outlet).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

STEEL_TXT = """\
US raises steel duties on Canada
By Harriet Vale

WASHINGTON, March 4 (Harbour Wire) -- The United States imposed 25% tariffs on Canadian steel on Tuesday, the Commerce Department said, ending a trade exemption that had shielded Canadian exports for two years.

Read Also: Lumber prices hit a three-month high

Canadian Prime Minister Mark Carney called the duties unjustified and said Ottawa would respond to the tariffs in the coming days.
"""

TALKS_TXT = """\
South Korean Trade Minister Yeo Han-koo met Japanese Economy Minister Yoji Muto in Tokyo on Monday to discuss export controls on semiconductor materials.
The two ministers agreed to meet again next month to review trade in chip chemicals, according to a statement from Seoul's trade ministry.
Advertisement
"""

EV_JSONL = (
    '{"id": "eu-chn-ev", "title": "EU opens probe into Chinese electric cars", "outlet": "Brussels Ledger", '
    '"published": "2025-10-02", "text": "The European Commission on Wednesday opened an anti-subsidy investigation '
    "into electric vehicles imported from China, saying cheap imports were hurting European carmakers and distorting "
    "trade.\\n\\nBeijing accused Brussels of protectionism and urged the bloc to drop the probe, warning that it could "
    'hurt trade ties and exports."}\n'
)

ARTICLES = {"usa_can_steel.txt": STEEL_TXT, "kor_jpn_talks.txt": TALKS_TXT, "eu_chn.jsonl": EV_JSONL}


@pytest.fixture(scope="session")
def extractor():
    """The default extractor, built once for the whole run (a few seconds each); tests only read it.
    A module that needs other settings defines its own `extractor` fixture."""
    from tradewire.extract.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def texts() -> dict[str, str]:
    """The texts of the three articles by file name, and of the two .txt ones by short name."""
    return {**ARTICLES, "steel": STEEL_TXT, "talks": TALKS_TXT}


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "tradewire.db")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    """A folder with three small articles (.txt, .txt, .jsonl with one record)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# -- PostgreSQL: one schema per test, dropped after it; skipped when no server answers ---------------

PG_BASE = os.environ.get("TRADEWIRE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The base URL of a PostgreSQL server that answers (TRADEWIRE_TEST_PG), or the test is skipped."""
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_BASE, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure to connect means: no server for these tests
        first = (str(getattr(exc, "orig", exc)).strip().splitlines() or [""])[0]
        pytest.skip(f"no PostgreSQL server at {PG_BASE} ({first})")
    finally:
        engine.dispose()
    return PG_BASE


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A store URL on its own fresh schema (search_path set in the URL, so subprocesses given the
    URL use it too); the schema is dropped after the test."""
    from sqlalchemy import create_engine, text

    name = f"tw_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        yield f"{pg_server}?options=-csearch_path%3D{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path: Path) -> str:
    """A fresh store of each kind: an SQLite file, and a PostgreSQL schema (skipped without a server)."""
    if request.param == "sqlite":
        return str(tmp_path / "tradewire.db")
    return request.getfixturevalue("pg_url")
