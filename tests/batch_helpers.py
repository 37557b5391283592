"""Helpers for the batch, resume and migrate tests: a small corpus the team wrote (templates
over country pairs and acts, each text distinct) and PostgreSQL schemas made and dropped per test."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

PG_BASE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

# (country, demonym, capital, ministry) of the parties in the templates
_PARTIES = [("The United States", "U.S.", "Washington", "the Commerce Department"),
            ("Canada", "Canadian", "Ottawa", "the Finance Ministry"),
            ("Japan", "Japanese", "Tokyo", "the Trade Ministry"),
            ("South Korea", "South Korean", "Seoul", "the Trade Ministry"),
            ("India", "Indian", "New Delhi", "the Commerce Ministry"),
            ("Australia", "Australian", "Canberra", "the Trade Department")]
_GOODS = ["steel", "aluminium", "cars", "solar panels", "wine", "beef", "semiconductors", "lumber"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def trade_text(i: int) -> tuple[str, str]:
    """The i-th trade article (title, text): an act between two parties, then a reaction."""
    a, b = _PARTIES[i % len(_PARTIES)], _PARTIES[(i * 5 + 1) % len(_PARTIES)]
    if a == b:
        b = _PARTIES[(i + 2) % len(_PARTIES)]
    goods, day, rate = _GOODS[i % len(_GOODS)], _DAYS[i % len(_DAYS)], 10 + 5 * (i % 7)
    kind = i % 3
    if kind == 0:
        body = (f"{a[0]} imposed {rate}% tariffs on {b[1]} {goods} on {day}, {a[3]} said, citing a surge of imports.\n\n"
                f"{b[0]} called the duties unjustified and said {b[2]} would respond to the tariffs.")
        title = f"{a[1]} duties on {b[1]} {goods}"
    elif kind == 1:
        body = (f"Trade officials from {a[0]} and {b[0]} met in {a[2]} on {day} to discuss tariffs on {goods} "
                f"and other trade barriers, {a[3]} said in a statement.\n\n"
                f"The two sides agreed to meet again next month to review exports of {goods}.")
        title = f"{a[1]} and {b[1]} officials discuss {goods} trade"
    else:
        body = (f"{a[0]} threatened on {day} to impose {rate}% tariffs on {b[1]} {goods} unless {b[2]} "
                f"cut its duties on {a[1]} exports, {a[3]} said.\n\n"
                f"{b[0]} urged {a[2]} to settle the trade dispute through talks.")
        title = f"{a[0]} threatens tariffs on {b[1]} {goods}"
    return title, f"{title}\n\n{body}\n"


NON_TRADE = [
    "City council approves new park\n\nThe city council voted on Tuesday to turn a disused rail yard into a park "
    "with playgrounds, a pond and a cycling track, the mayor's office said.\n",
    "Storm brings heavy rain to the coast\n\nForecasters warned of rainfall of up to 80 millimetres as a storm moved "
    "along the coast on Wednesday, closing schools and ferry routes.\n",
    "Local bakery wins regional prize\n\nA family bakery was named the best in the region on Friday for its rye "
    "bread, which the owners say follows a recipe kept since 1921.\n",
]


def write_corpus(folder: Path, n_trade: int = 10, published: str = "2025-03-07") -> Path:
    """n_trade trade articles and three other news items as JSONL records, plus an exact copy of
    the first trade article from another outlet (kept as an extra source, not stored twice)."""
    folder.mkdir(parents=True, exist_ok=True)
    recs = []
    for i in range(n_trade):
        title, text = trade_text(i)
        recs.append({"id": f"t{i:03d}", "title": title, "outlet": "Harbour Wire", "published": published, "text": text})
    for j, text in enumerate(NON_TRADE):
        recs.append({"id": f"n{j:03d}", "outlet": "Town Crier", "published": published, "text": text})
    copy = dict(recs[0], id="copy", outlet="Other Daily")
    recs.append(copy)
    path = folder / "stream.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), "utf-8")
    return path


def pg_schema_url(request) -> str:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped when the test ends; the
    test is skipped, with the reason, when no server answers at 127.0.0.1:5432."""
    sqlalchemy = pytest.importorskip("sqlalchemy")
    try:
        engine = sqlalchemy.create_engine(PG_BASE, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sqlalchemy.text("select 1"))
    except Exception as exc:  # no server, no database: skip, saying why
        pytest.skip(f"PostgreSQL not available at 127.0.0.1:5432/test ({exc.__class__.__name__})")
    name = f"tw_{uuid.uuid4().hex[:12]}"
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text(f'create schema "{name}"'))

    def drop() -> None:
        with engine.begin() as conn:
            conn.execute(sqlalchemy.text(f'drop schema if exists "{name}" cascade'))
        engine.dispose()

    request.addfinalizer(drop)
    return f"{PG_BASE}?options=-csearch_path%3D{name}"
