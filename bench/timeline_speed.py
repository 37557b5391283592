"""Time `tradewire timeline` on a large synthetic store.

    .venv/bin/python bench/timeline_speed.py [--events 100000] [--db /tmp/timeline_bench.db] [--reuse]

Builds a store of N synthetic events (articles of 5 events each, saved through Store.save, then
fused by the record), over 20 countries (190 pairs, a few pairs much busier than the rest) and
2017-2026 dates, each act reported by 1-4 articles at mixed date precision; then times the
timeline of the busiest pair: the query alone, the command in-process, and the command as a
new process (Python start-up and imports included).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from typer.testing import CliRunner

from tradewire.cli import app
from tradewire.models import Actor, Article, Event
from tradewire.record import ensure_current
from tradewire.record.timeline import timeline
from tradewire.store import open_store

COUNTRIES = ["USA", "CHN", "EUR", "KOR", "JPN", "CAN", "MEX", "GBR", "IND", "AUS",
             "BRA", "VNM", "TWN", "IDN", "TUR", "ZAF", "CHE", "NOR", "SGP", "THA"]
TYPES = ["CONSULT", "AGREE", "THREATEN", "IMPOSE", "EASE", "ACCUSE", "DEMAND", "REJECT", "PLEDGE", "INVESTIGATE",
         "LITIGATE"]
GOODS = ["steel", "aluminum", "cars", "soybeans", "semiconductors", "lumber", "pork", "brandy", "solar panels", "wine"]
OUTLETS = [f"Outlet {i}" for i in range(60)]
WORDS = ("trade tariff talks minister officials said week government exports imports deal market duty probe industry "
         "goods measure response retaliation ministry statement agreement pressure negotiations partners").split()


def _acts(rng: random.Random, n: int) -> list[dict]:
    busy = [("CHN", "USA"), ("KOR", "USA"), ("CAN", "USA"), ("CHN", "EUR")]
    pairs = [(a, b) for i, a in enumerate(COUNTRIES) for b in COUNTRIES[i + 1:]]
    start = date(2017, 1, 1)
    acts = []
    for i in range(n):
        a, b = rng.choice(busy) if rng.random() < 0.3 else rng.choice(pairs)
        if rng.random() < 0.5:
            a, b = b, a
        t = rng.choice(TYPES)
        acts.append({"i": i, "type": t, "src": a, "tgt": b, "day": start + timedelta(days=rng.randrange(3500)),
                     "status": rng.choice(["occurred"] * 6 + ["planned", "hypothetical"]),
                     "products": rng.sample(GOODS, rng.randint(0, 2)) if t in ("IMPOSE", "THREATEN", "EASE", "INVESTIGATE") else [],
                     "rate": rng.choice([None, 10.0, 15.0, 25.0, 50.0]) if t in ("IMPOSE", "THREATEN", "EASE") else None})
    return acts


def _event(rng: random.Random, act: dict, k: int) -> Event:
    src = Actor(name=act["src"], country=act["src"], kind="GOV", id=f"country:{act['src']}")
    tgt = Actor(name=act["tgt"], country=act["tgt"], kind="GOV", id=f"country:{act['tgt']}")
    d = act["day"].isoformat()
    precision = rng.random()
    d = d if precision < 0.75 else (d[:7] if precision < 0.9 else (None if precision < 0.97 else d[:4]))
    sym = act["type"] in ("CONSULT", "AGREE")
    return Event(type=act["type"], source=None if sym else src, target=None if sym else tgt,
                 participants=[src, tgt] if sym else [], date=d, status=act["status"],
                 measure="tariff" if act["rate"] else None, products=act["products"], rate_to=act["rate"],
                 evidence=[f"Synthetic sentence {act['i']}-{k} about {act['type'].lower()}."], confidence=0.7)


def build(db: str, n_events: int, seed: int = 7) -> float:
    rng = random.Random(seed)
    acts = _acts(rng, max(1, n_events * 2 // 5))
    by_pair: dict[tuple, list[dict]] = {}
    for a in acts:
        by_pair.setdefault(tuple(sorted((a["src"], a["tgt"]))), []).append(a)
    store = open_store(db)
    t0 = time.perf_counter()
    made, n_article = 0, 0
    while made < n_events:
        pair = tuple(sorted((acts[rng.randrange(len(acts))]["src"], acts[rng.randrange(len(acts))]["tgt"])))
        pool = by_pair.get(pair) or by_pair[next(iter(by_pair))]
        chosen = rng.sample(pool, min(5, len(pool)))
        events = [_event(rng, a, n_article) for a in chosen]
        last = max(a["day"] for a in chosen)
        text = " ".join(rng.choice(WORDS) for _ in range(120)) + f" (synthetic article {n_article})"
        art = Article(id=f"syn-{n_article}", text=text, outlet=rng.choice(OUTLETS),
                      url=f"https://example.org/{n_article}", published=last + timedelta(days=rng.randint(0, 20)))
        store.save(art, events)
        made += len(events)
        n_article += 1
        if n_article % 2000 == 0:
            print(f"  {made} events in {n_article} articles, {time.perf_counter() - t0:.0f}s", flush=True)
    t_save = time.perf_counter() - t0
    t1 = time.perf_counter()
    ensure_current(store)
    t_fuse = time.perf_counter() - t1
    print(f"built {made} events in {n_article} articles: save {t_save:.1f}s, fusion {t_fuse:.1f}s")
    return t_save + t_fuse


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--db", default="/tmp/tradewire_timeline_bench.db")
    ap.add_argument("--reuse", action="store_true", help="reuse an existing bench database")
    ap.add_argument("--pair", nargs=2, default=["USA", "CHN"])
    args = ap.parse_args()
    path = Path(args.db)
    if not (args.reuse and path.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        build(str(path), args.events)
    store = open_store(str(path))
    counts = store.counts()
    a, b = args.pair
    t0 = time.perf_counter()
    with store.engine.connect() as conn:
        tl = timeline(conn, a, b)
    t_query = time.perf_counter() - t0
    n_sources = sum(len(r["sources"]) for r in tl["events"] + tl["undated"])
    print(f"store: {counts['events']} events, {counts['articles']} articles")
    print(f"timeline {a} {b}: {len(tl['events'])} dated + {len(tl['undated'])} undated canonical events, "
          f"{n_sources} sources")
    print(f"  query (open store, fetch events + sources): {t_query * 1000:.0f} ms")
    runner = CliRunner()
    t0 = time.perf_counter()
    res = runner.invoke(app, ["timeline", a, b, "--db", str(path)])
    t_cmd = time.perf_counter() - t0
    assert res.exit_code == 0, res.output
    print(f"  `tradewire timeline {a} {b}` in-process (record check + query + text): {t_cmd * 1000:.0f} ms, "
          f"{len(res.stdout.splitlines())} lines")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tradewire.cli", "timeline", a, b, "--db", str(path)], check=True,
                   stdout=subprocess.DEVNULL)
    t_proc = time.perf_counter() - t0
    print(f"  `tradewire timeline {a} {b}` as a new process (incl. Python start-up): {t_proc * 1000:.0f} ms")
    t0 = time.perf_counter()
    res = runner.invoke(app, ["timeline", a, b, "--db", str(path), "--format", "json", "--since", "2024-01-01"])
    print(f"  --format json --since 2024-01-01 in-process: {(time.perf_counter() - t0) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
