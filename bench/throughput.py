"""Throughput of a news stream: bare spaCy, the extractor, and full ingest (SQLite, PostgreSQL).

    .venv/bin/python bench/throughput.py --articles 250               # 50 trade + 200 other news
    .venv/bin/python bench/throughput.py --articles 500 --workers 2   # also 1 vs 2 worker processes

The stream: trade articles (eval/dev's trade texts, eval/threads, then articles composed from
templates) and four times as many other news pages (eval/dev's non-trade texts, then long pages
composed from templates: sport, weather, courts, culture, markets, some with a stray trade
word), every text distinct. Nothing from ../shared/ is used. Each figure is measured in its own
process (model loading excluded, a warm-up first), so peak RSS is that step's own. Prints
articles/s, words/s, peak RSS and the ratios to bare spaCy, on the mixed stream and on its
trade part alone. Figures, never pass/fail.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.gettempdir()) / "scale-bench"
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

# -- the stream ------------------------------------------------------------------------------
FIRST = ["Anna", "Ben", "Carla", "Dmitri", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kemal", "Lina",
         "Marco", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Samir", "Tara", "Umar", "Vera", "Wes", "Yara"]
LAST = ["Abbott", "Bianchi", "Costa", "Dahl", "Eriksen", "Fischer", "Garcia", "Holm", "Ivanova", "Jensen", "Kowalski",
        "Lind", "Moreau", "Novak", "Olsen", "Petrov", "Quinn", "Rossi", "Silva", "Tanaka", "Ueda", "Varga", "Weber"]
TOWNS = ["Millbrook", "Ashford", "Riverton", "Lakeside", "Oakridge", "Pinehurst", "Stonebridge", "Fairview",
         "Harborview", "Westfield", "Northgate", "Elmstead"]
TEAMS = ["Rovers", "United", "Falcons", "Comets", "Wanderers", "Athletic", "Harriers", "Tigers"]
OTHER = {
    "sport": [
        "The {team} beat the {team2} {a}-{b} on {day}, with {name} scoring twice in the second half.",
        "{name} said the squad had trained hard for {n} weeks before the match in {town}.",
        "The coach, {name}, told reporters the team would rest three players before {day}'s game.",
        "A crowd of {big} watched the game at the {town} stadium, the club's best attendance this season.",
        "{name}, who joined the club in {year}, has now played {n} games without a booking.",
        "The {team} sit {n} points clear at the top of the table with {m} games left.",
        "Supporters queued for hours outside the {town} ground to buy tickets for the derby.",
    ],
    "weather": [
        "Forecasters expect up to {n} millimetres of rain in {town} by {day}, with gusts of {m} km/h.",
        "Schools in {town} will open two hours late on {day} because of ice on the roads.",
        "{name}, a meteorologist, said the cold spell would last at least {n} more days.",
        "The river at {town} rose by {m} centimetres overnight and volunteers filled sandbags.",
        "Temperatures fell to minus {n} degrees, the lowest reading in {town} since {year}.",
    ],
    "courts": [
        "A court in {town} heard on {day} that {name} had been seen near the warehouse at {n} p.m.",
        "The jury will return on {day} to hear closing arguments in the case against {name}.",
        "{name}'s lawyer said her client would appeal the sentence of {n} months.",
        "Police said {m} people had been questioned and released without charge in {town}.",
        "The judge, {name}, adjourned the hearing until {day} to allow more witnesses to appear.",
    ],
    "culture": [
        "The {town} festival opens on {day} with {n} concerts on three stages.",
        "{name}'s new novel, her {nth} book, follows a family of bakers over {m} years.",
        "The museum in {town} will show {n} paintings lent by private collectors until {year}.",
        "Tickets for the opening night sold out within {m} minutes, the organisers said.",
        "{name} directed the play, which runs for {n} nights at the {town} theatre.",
    ],
    "markets": [
        "Shares in the {town} Bakery Group rose {n}% on {day} after it raised its profit forecast.",
        "{name}, an analyst, said the company's margins had improved for {m} quarters in a row.",
        "The index closed {n} points higher, led by banks and energy companies.",
        "House prices in {town} rose {n}% over the year, a property website said.",
        "The firm will open {m} new branches and hire {big} staff by {year}.",
    ],
}
STRAY = [  # everyday uses of trade words: the prefilter must not let these cost a full parse
    "The {team} traded their backup goalkeeper to a rival club for a draft pick on {day}.",
    "Shops in {town} said goods such as bread and milk cost {n}% more than a year ago.",
    "The council said its budget deficit would narrow to {m} million by {year}.",
    "{name} opened a second-hand trade fair for vintage furniture in {town}.",
]
TRADE_PARTIES = [("The United States", "U.S.", "Washington"), ("China", "Chinese", "Beijing"),
                 ("Canada", "Canadian", "Ottawa"), ("Mexico", "Mexican", "Mexico City"),
                 ("Japan", "Japanese", "Tokyo"), ("South Korea", "South Korean", "Seoul"),
                 ("India", "Indian", "New Delhi"), ("The European Union", "EU", "Brussels"),
                 ("Brazil", "Brazilian", "Brasilia"), ("Australia", "Australian", "Canberra"),
                 ("Indonesia", "Indonesian", "Jakarta"), ("Turkey", "Turkish", "Ankara")]
GOODS = ["steel", "aluminium", "cars", "solar panels", "wine", "beef", "semiconductors", "lumber", "soybeans",
         "electric vehicles", "pork", "rice", "textiles", "chemicals"]
TRADE = [
    "{A} imposed {r}% tariffs on {Bd} {g} on {day}, {name}, a trade ministry spokesperson, said.",
    "{B} called the duties unjustified and said {Bc} would respond in the coming days.",
    "Trade officials from {A} and {B} met in {Ac} on {day} to discuss tariffs on {g}.",
    "The two sides agreed to meet again next month to review exports of {g2}.",
    "{A} threatened to raise tariffs on {Bd} {g2} to {r2}% unless {Bc} cut its duties.",
    "{B} urged {Ac} to settle the dispute through talks rather than new tariffs.",
    "Exports of {g} from {B} to {A} were worth ${m} billion last year, official figures show.",
    "{A} said it would lift its {r}% duty on {Bd} {g} from {day} after the talks.",
    "Analysts said the measures could hurt {g} producers in {B}, who sell {n}% of their output abroad.",
    "{B} filed a complaint at the World Trade Organization over the {Ad} tariffs on {g}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _fill(rng: random.Random, t: str, extra: dict | None = None) -> str:
    vals = {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "town": rng.choice(TOWNS), "day": rng.choice(DAYS),
            "team": rng.choice(TEAMS), "team2": rng.choice(TEAMS), "a": rng.randint(0, 5), "b": rng.randint(0, 5),
            "n": rng.randint(2, 95), "m": rng.randint(2, 60), "big": f"{rng.randint(2, 60)},{rng.randint(100, 999)}",
            "year": rng.randint(1990, 2025), "nth": rng.choice(["second", "third", "fifth", "seventh"])}
    vals.update(extra or {})
    return t.format(**vals)


def other_page(rng: random.Random, i: int) -> str:
    topic = rng.choice(sorted(OTHER))
    sents = [_fill(rng, rng.choice(OTHER[topic])) for _ in range(rng.randint(14, 36))]
    if rng.random() < 0.3:
        sents.insert(rng.randrange(len(sents)), _fill(rng, rng.choice(STRAY)))
    title = f"{rng.choice(TOWNS)} {topic} report no. {i}"
    paras = [" ".join(sents[k:k + 3]) for k in range(0, len(sents), 3)]
    return title + "\n\n" + "\n\n".join(paras) + "\n"


def trade_article(rng: random.Random, i: int) -> str:
    a, b = rng.sample(TRADE_PARTIES, 2)
    slots = {"A": a[0], "Ad": a[1], "Ac": a[2], "B": b[0], "Bd": b[1], "Bc": b[2], "g": rng.choice(GOODS),
             "g2": rng.choice(GOODS), "r": rng.choice([10, 15, 20, 25, 30, 50]), "r2": rng.choice([35, 40, 60, 100])}
    sents = [_fill(rng, t, slots) for t in rng.sample(TRADE, rng.randint(5, 9))]
    sents += [_fill(rng, rng.choice(OTHER["markets"])) for _ in range(rng.randint(1, 4))]
    paras = [" ".join(sents[k:k + 2]) for k in range(0, len(sents), 2)]
    return f"{a[1]} and {b[1]} trade dispute, report {i}\n\n" + "\n\n".join(paras) + "\n"


def build_stream(n: int, seed: int = 7) -> list[dict]:
    """n articles: n/5 trade, 4n/5 other news, each text distinct (checked)."""
    from tradewire.evaluate.runner import load_gold

    rng = random.Random(seed)
    gold = {g["id"]: g for g in load_gold(ROOT / "eval/dev/gold.jsonl")}
    dev = sorted((ROOT / "eval/dev").glob("*.txt"))
    dev_trade = [f for f in dev if gold.get(f.stem, {}).get("trade_related", True)]
    dev_other = [f for f in dev if not gold.get(f.stem, {}).get("trade_related", True)]
    threads = sorted((ROOT / "eval/threads").glob("*.txt"))
    n_trade = max(1, n // 5)
    trade = [p.read_text("utf-8") for p in (dev_trade + threads)[:n_trade]]
    trade += [trade_article(rng, i) for i in range(n_trade - len(trade))]
    other = [p.read_text("utf-8") for p in dev_other[:n - n_trade]]
    other += [other_page(rng, i) for i in range(n - n_trade - len(other))]
    recs = [{"id": f"t{i}", "kind": "trade", "published": "2025-06-02", "text": t} for i, t in enumerate(trade)]
    recs += [{"id": f"o{i}", "kind": "other", "published": "2025-06-02", "text": t} for i, t in enumerate(other)]
    rng.shuffle(recs)
    assert len({" ".join(r["text"].split()) for r in recs}) == len(recs), "stream texts must be distinct"
    return recs


# -- one measurement per process ---------------------------------------------------------------
def _articles(stream: Path):
    from tradewire.flow import read_sources

    return [a for a, _w in read_sources([str(stream)])]


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def measure(step: str, stream: Path, workers: int) -> dict:
    texts = [json.loads(line)["text"] for line in stream.read_text("utf-8").splitlines()]
    out: dict = {}
    c0 = 0.0
    if step in ("spacy", "spacy_np"):
        import spacy

        from tradewire.nlp.pipeline import MODEL

        nlp = spacy.load(MODEL)
        list(nlp.pipe(texts[:3]))
        # spacy_np: spaCy's own multiprocessing (n_process=workers), the reference the issue names
        n_process = workers if step == "spacy_np" else 1
        t0, c0 = time.perf_counter(), _cpu()
        for _ in nlp.pipe(texts, batch_size=16, n_process=n_process):
            pass
    elif step in ("extractor", "gated"):
        from tradewire.extract import Extractor
        from tradewire.extract.prefilter import Gated

        ex = Extractor() if step == "extractor" else Gated(Extractor())
        arts = _articles(stream)
        list(ex.pipe(arts[:3]))
        t0, c0 = time.perf_counter(), _cpu()
        out["events"] = sum(len(e) for _a, e in ex.pipe(arts))
    elif step in ("sqlite", "postgresql"):
        from tradewire.extract import Extractor
        from tradewire.flow import ingest, open_store

        ex = Extractor()
        _warm_up(stream, lambda store: ingest(_articles(stream)[:5], store, extractor=ex))
        url, drop = _db(step)
        try:
            store = open_store(url)
            t0, c0 = time.perf_counter(), _cpu()
            s = ingest([str(stream)], store, extractor=ex)
            out["events"] = s.n_events
        finally:
            drop()
    elif step == "workers":
        from tradewire.batch.runner import LocalPool, run
        from tradewire.flow import open_store

        url, drop = _db("sqlite")
        from tradewire.batch import work

        pool = LocalPool(workers)
        warm = _articles(stream)[:3]
        pids: set[int] = set()
        while len(pids) < workers:  # every worker has built its extractor before the clock starts
            pids |= {f.result() for f in [pool.pool.submit(work.ready) for _ in range(2 * workers)]}
        for f in [pool.submit(warm) for _ in range(2 * workers)]:  # and extracted once (lazy tables loaded)
            pool.result(f, warm)
        import psutil

        def worker_cpu() -> float:  # user+sys of every worker process, live
            return sum(sum(c.cpu_times()[:2]) for c in psutil.Process().children(recursive=True))

        try:
            store = open_store(url)
            t0, c0, w0 = time.perf_counter(), _cpu(), worker_cpu()
            pool.close = lambda: None  # the pool is shut down below, after its CPU time is read
            s = run([str(stream)], store, pool, batch_size=32, chunk_size=max(1, 32 // (2 * workers)))
            out["events"] = s.n_events
            out["worker_cpu"] = worker_cpu() - w0
        finally:
            drop()
        LocalPool.close(pool)
        out["worker_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    else:
        raise SystemExit(f"unknown step {step}")
    out["seconds"] = time.perf_counter() - t0
    out["cpu"] = _cpu() - c0
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _warm_up(stream: Path, ingest_some) -> None:
    """Ingest a few articles into a throwaway store: every lazily loaded table (dates, goods,
    fusion rules) is loaded before the clock starts, as in a long run."""
    from tradewire.flow import open_store

    with tempfile.TemporaryDirectory() as d:
        ingest_some(open_store(f"{d}/warm.db"))


def _db(kind: str):
    if kind == "sqlite":
        d = tempfile.mkdtemp(prefix="tw-bench-")
        return f"sqlite:///{d}/bench.db", lambda: None
    import uuid

    from sqlalchemy import create_engine, text

    engine = create_engine(PG, connect_args={"connect_timeout": 3})
    name = f"twbench_{uuid.uuid4().hex[:10]}"
    with engine.begin() as c:
        c.execute(text(f'create schema "{name}"'))

    def drop() -> None:
        with engine.begin() as c:
            c.execute(text(f'drop schema if exists "{name}" cascade'))

    return f"{PG}?options=-csearch_path%3D{name}", drop


def _pg_up() -> str | None:
    try:
        from sqlalchemy import create_engine, text

        with create_engine(PG, connect_args={"connect_timeout": 3}).connect() as c:
            c.execute(text("select 1"))
        return None
    except Exception as exc:
        return exc.__class__.__name__


def _run(step: str, stream: Path, workers: int = 1) -> dict:
    cmd = [sys.executable, __file__, "--measure", step, "--stream", str(stream), "--workers", str(workers)]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"{step} failed:\n{res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=250)
    ap.add_argument("--workers", type=int, default=0, help="also time ingest with 1 and with N worker processes")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each worker count (the best is kept)")
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    ap.add_argument("--stream", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, Path(args.stream), args.workers)))
        return 0

    CACHE.mkdir(exist_ok=True)
    recs = build_stream(args.articles)
    streams = {}
    for name, keep in (("mixed", lambda r: True), ("trade", lambda r: r["kind"] == "trade")):
        path = CACHE / f"stream-{args.articles}-{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in recs if keep(r)), "utf-8")
        streams[name] = path
    pg_down = _pg_up()
    steps = [("bare spaCy nlp.pipe", "spacy"), ("extractor alone", "extractor"), ("extractor + prefilter", "gated"),
             ("full ingest, SQLite", "sqlite"), ("full ingest, PostgreSQL", "postgresql")]
    for name, path in streams.items():
        lines = [json.loads(x) for x in path.read_text("utf-8").splitlines()]
        n, words = len(lines), sum(len(r["text"].split()) for r in lines)
        n_trade = sum(r["kind"] == "trade" for r in lines)
        print(f"\n== {name} stream: {n} articles ({n_trade} trade, {n - n_trade} other), {words:,} words")
        print("(rates per CPU second of the measuring process: other load on the machine barely moves them;"
              " wall seconds shown too)")
        print(f"{'step':<26}{'articles/s':>11}{'words/s':>10}{'cpu s':>8}{'wall s':>8}{'peak RSS':>10}{'vs spaCy':>10}")
        base = None
        for label, step in steps:
            if step == "postgresql" and pg_down:
                print(f"{label:<26} skipped: no PostgreSQL at 127.0.0.1:5432/test ({pg_down})")
                continue
            r = _run(step, path)
            base = base or r["cpu"]
            print(f"{label:<26}{n / r['cpu']:>11.1f}{words / r['cpu']:>10,.0f}{r['cpu']:>8.2f}{r['seconds']:>8.2f}"
                  f"{r['rss_mb']:>8.0f}MB{base / r['cpu']:>9.2f}x")
    for name, path in streams.items() if args.workers else ():
        n = len(path.read_text("utf-8").splitlines())
        print(f"\n== worker processes, {name} stream, SQLite (wall clock: pools started and warm before timing;"
              f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        runs: dict[int, list[dict]] = {1: [], args.workers: []}
        for _ in range(args.repeat):  # interleaved, best of each: load from others only ever slows a run
            for k in runs:
                runs[k].append(_run("workers", path, k))
        best = {k: min(rs, key=lambda r: r["seconds"]) for k, rs in runs.items()}
        for k, r in best.items():
            times = ", ".join(f"{x['seconds']:.2f}" for x in runs[k])
            print(f"{k} worker(s): {n / r['seconds']:7.1f} articles/s  (best {r['seconds']:.2f} s of "
                  f"{times}; CPU s: parent {r['cpu']:.2f}, workers {r['worker_cpu']:.2f};"
                  f" peak RSS: parent {r['rss_mb']:.0f} MB, largest worker {max(x['worker_rss_mb'] for x in runs[k]):.0f} MB)")
        print(f"speed-up of {args.workers} workers over 1: {best[1]['seconds'] / best[args.workers]['seconds']:.2f}x")
        # the reference: bare spaCy's own n_process on the same texts (wall clock, best of the same runs)
        ref: dict[int, list[float]] = {1: [], args.workers: []}
        for _ in range(args.repeat):
            for k in ref:
                ref[k].append(_run("spacy_np", path, k)["seconds"])
        print(f"bare spaCy nlp.pipe n_process={args.workers} over 1 on the same texts: "
              f"{min(ref[1]) / min(ref[args.workers]):.2f}x (best {min(ref[1]):.2f} s / {min(ref[args.workers]):.2f} s)")
        # what the CPU split allows on this many cores, whatever the other load: the writer (parent)
        # is one process; the workers' extraction divides among the cores left to it
        p, w, cores = best[1]["cpu"], best[1]["worker_cpu"], min(os.cpu_count() or 1, args.workers + 1)
        bound = max(p, w) / max(p, (p + w) / cores, w / args.workers)
        print(f"CPU-bound speed-up the split allows on {cores} cores (parent {p:.2f} s, workers {w:.2f} s): {bound:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
