"""CPU of the record update in a batch ingest (the parent's share of `ingest --workers N`).

    .venv/bin/python bench/record_speed.py [--articles 500] [--shared] [--batch 32] [--profile]
                                           [--dump out.json] [--compare before.json]

The corpus: bench/throughput.py's mixed stream (trade and other news), and with `--shared` the
texts of ../shared/realnews/dev and threads too (read at run time, never stored). Extraction runs
once and is cached in the temp directory; then the extracted articles are written into a fresh
SQLite store window by window through `tradewire.flow.save_extracted`, as the batch runner's
parent does, and the CPU time (user+sys, getrusage) of the record calls (`ensure_current`,
`after_ingest`) is summed. `--dump` writes the record tables (canonical events, their links and
pairs, agreements); `--compare` checks them against an earlier dump (exit 1 on a difference).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import pickle
import pstats
import resource
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "realnews"
sys.path.insert(0, str(ROOT / "bench"))


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def corpus(n: int, shared: bool):
    from throughput import build_stream

    from tradewire.flow import read_sources

    tmp = Path(tempfile.gettempdir()) / "record-speed"
    tmp.mkdir(exist_ok=True)
    stream = tmp / f"stream-{n}.jsonl"
    stream.write_text("".join(json.dumps(r) + "\n" for r in build_stream(n)), "utf-8")
    sources = [str(stream)]
    if shared:
        sources += [str(SHARED / d) for d in ("dev", "threads") if (SHARED / d).is_dir()]
    arts = [a for a, _w in read_sources(sources) if not isinstance(a, Exception)]
    key = hashlib.sha1("".join(a.content_hash for a in arts).encode()).hexdigest()[:16]
    cache = tmp / f"extracted-{key}.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    from tradewire.batch import work

    work.load()
    items = []
    for i in range(0, len(arts), 16):
        part = arts[i:i + 16]
        events, _signatures = work.extract_chunk(part)   # (the workers' near-duplicate hashes: not timed here)
        items += [(a, ev) for a, ev in zip(part, events, strict=True) if not isinstance(ev, str)]
    cache.write_bytes(pickle.dumps(items))
    return items


def with_copies(items: list) -> list:
    """Every 7th article with events again, 40 items later, from another outlet: published a day
    later (an extra source) or, every third one, two days earlier (its extraction takes over)."""
    from datetime import date, timedelta

    out = list(items)
    with_events = [(i, a, ev) for i, (a, ev) in enumerate(items) if ev][::7]
    for k, (i, a, ev) in reversed(list(enumerate(with_events))):
        day = (a.published or date(2025, 6, 2)) + timedelta(days=-2 if k % 3 == 0 else 1)
        copy = a.model_copy(update={"id": f"{a.id}-copy", "outlet": f"Copy Wire {k % 5}", "url": f"https://copy.example/{k}",
                                    "published": day, "path": f"{a.path or a.id}-copy"})
        out.insert(min(len(out), i + 40), (copy, ev))
    return out


def dump(store) -> dict:
    from sqlalchemy import select

    from tradewire.store import schema

    out = {}
    with store.engine.connect() as conn:
        for t in (schema.canonical_events, schema.event_canonical, schema.canonical_pairs, schema.agreements,
                  schema.agreement_status):
            cols = [c for c in t.c if c.name != "updated_at"]
            rows = [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r._mapping.items()}
                    for r in conn.execute(select(*cols))]
            out[t.name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--shared", action="store_true")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--copies", action="store_true", help="also exact copies from other outlets, some published first")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--repeat", type=int, default=1, help="replay this many times, report the least CPU")
    ap.add_argument("--dump")
    ap.add_argument("--compare")
    args = ap.parse_args()

    import tradewire.record as record
    from tradewire.flow import save_extracted
    from tradewire.store import open_store

    items = corpus(args.articles, args.shared)
    if args.copies:
        items = with_copies(items)
    spent = [0.0, 0]
    prof = cProfile.Profile() if args.profile else None

    def timed(fn):
        def wrapper(*a, **kw):
            c0 = _cpu()
            if prof:
                prof.enable()
            try:
                return fn(*a, **kw)
            finally:
                if prof:
                    prof.disable()
                spent[0] += _cpu() - c0
                spent[1] += 1
        return wrapper

    record.ensure_current = timed(record.ensure_current)
    record.after_ingest = timed(record.after_ingest)
    import tradewire.extract.dates  # noqa: F401  (the record's day names; imports spaCy once per process)

    with tempfile.TemporaryDirectory() as w:   # warm-up: lazily loaded tables, as in a long run
        save_extracted(items[:5], open_store(f"{w}/warm.db"))
    runs = []
    for _ in range(args.repeat):
        spent[:] = [0.0, 0]
        if prof:
            prof = cProfile.Profile()
        with tempfile.TemporaryDirectory() as d:
            store = open_store(f"{d}/bench.db")
            c0 = _cpu()
            for i in range(0, len(items), args.batch):
                save_extracted(items[i:i + args.batch], store)
            runs.append((spent[0], _cpu() - c0))
            tables = dump(store)
            store.engine.dispose()
    best, total = min(runs)
    n_ev = sum(len(ev) for _a, ev in items)
    print(f"{len(items)} articles, {n_ev} events, batch {args.batch}: record update {best:.2f} CPU s in "
          f"{spent[1]} calls (least of {len(runs)}: {', '.join(f'{r:.2f}' for r, _ in runs)}); whole write step {total:.2f} CPU s; canonical events {len(tables['canonical_events'])}")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
    if args.dump:
        Path(args.dump).write_text(json.dumps(tables, sort_keys=True, default=str), "utf-8")
    if args.compare:
        before = json.loads(Path(args.compare).read_text("utf-8"))
        now = json.loads(json.dumps(tables, sort_keys=True, default=str))
        diff = [t for t in before if before[t] != now.get(t)]
        print("record tables equal" if not diff else f"record tables DIFFER: {', '.join(diff)}")
        return 1 if diff else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
