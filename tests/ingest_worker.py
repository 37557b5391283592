"""A corpus of short articles with their events (written for the concurrency tests), and a worker
that saves some of them into a store and updates the record, as `tradewire ingest` does after
extraction. Run as a script by tests/test_concurrency.py in several processes at once:

    python tests/ingest_worker.py STORE_URL 3,1,4,...      # article indices, in this order
"""

from __future__ import annotations

import sys
from datetime import date, timedelta

from tradewire.models import Actor, Article, Event

COUNTRIES = {"USA": "United States", "CHN": "China", "KOR": "South Korea", "JPN": "Japan", "CAN": "Canada",
             "MEX": "Mexico", "IND": "India", "BRA": "Brazil"}
GOODS = ["steel", "soybeans", "semiconductors", "cars", "wine", "lumber", "solar panels", "rice"]

# The acts the articles report: (type, source, target, date, rate, goods). Several articles report
# each act, some undated, so the record has to fuse mentions from different articles.
ACTS = [
    ("IMPOSE", "USA", "CHN", "2026-02-03", 25.0, "steel"),
    ("CONSULT", "KOR", "USA", "2026-02-10", None, None),
    ("THREATEN", "CAN", "USA", None, None, "lumber"),
    ("IMPOSE", "CHN", "USA", "2026-02-05", 15.0, "soybeans"),
    ("ACCUSE", "IND", "BRA", None, None, "rice"),
    ("AGREE", "JPN", "MEX", "2026-02-12", None, "cars"),
    ("EASE", "USA", "MEX", "2026-02-14", 10.0, "wine"),
    ("INVESTIGATE", "KOR", "CHN", None, None, "solar panels"),
    ("PLEDGE", "JPN", "USA", "2026-02", None, "semiconductors"),
    ("IMPOSE", "MEX", "CHN", "2026-02-18", 30.0, "cars"),
]
N_ARTICLES = 36
# Articles 36.. are the texts of articles 0.. again under other URLs of the same outlet (exact copies,
# kept as sources). Not from other outlets: which copy is stored first decides the article's outlet,
# and so the count of independent outlets, whatever the concurrency.
N_COPIES = 6


def _actor(iso: str) -> Actor:
    return Actor(name=COUNTRIES[iso], country=iso, kind="GOV", id=f"country:{iso}")


def _event(k: int, i: int) -> Event:
    type_, src, tgt, day, rate, goods = ACTS[k]
    dated = day if (i + k) % 3 else None          # a third of the mentions leave the date out
    ev = Event(type=type_, date=dated, measure="tariff" if rate else None, rate_to=rate,
               products=[goods] if goods else [], evidence=[f"Mention {i} of act {k}."], confidence=0.5 + (i % 5) / 10)
    if type_ in ("CONSULT", "AGREE"):
        ev.participants = [_actor(src), _actor(tgt)]
    else:
        ev.source, ev.target = _actor(src), _actor(tgt)
    return ev


def article(i: int) -> tuple[Article, list[Event]]:
    """Article i with its events. Texts differ in their countries, figures and dates, so none is a copy."""
    base = i % N_ARTICLES
    acts = [base % len(ACTS)] + ([(base * 3 + 1) % len(ACTS)] if base % 3 == 0 else [])
    lines = []
    for k in acts:
        type_, src, tgt, day, rate, goods = ACTS[k]
        lines.append(f"{COUNTRIES[src]} and {COUNTRIES[tgt]} were at the centre of report number {base} on "
                     f"{goods or 'trade'}, which described a {type_.lower()} act{f' at {rate:g}%' if rate else ''}"
                     f"{f' dated {day}' if day else ''}.")
    lines.append(f"Officials in {COUNTRIES[ACTS[acts[0]][1]]} gave item {base} a briefing on day {base % 9}.")
    art = Article(id=f"a{i}", text="\n\n".join(lines), outlet=f"Wire {base % 4}", url=f"https://news.example/{i}",
                  published=date(2026, 2, 1) + timedelta(days=base % 20), path=f"a{i}.txt")
    return art, [_event(k, base) for k in acts]


ALL = list(range(N_ARTICLES)) + [N_ARTICLES + j for j in range(N_COPIES)]


def ingest(url: str, indices: list[int]) -> None:
    from tradewire.record import after_ingest
    from tradewire.store import open_store

    store = open_store(url)
    print("ready", flush=True)
    for i in indices:
        art, events = article(i)
        if store.find_article(art.content_hash) is None:   # as the CLI does: extract only new texts
            store.save(art, events)
        after_ingest(store, art)
        print("done", i, flush=True)
    store.engine.dispose()


if __name__ == "__main__":
    ingest(sys.argv[1], [int(x) for x in sys.argv[2].split(",") if x])
