"""Fusion evaluation on the story threads (eval/threads): pairwise precision and recall over event pairs.

    .venv/bin/python bench/fusion_eval.py [--gold eval/threads/gold.jsonl] [--seed N] [--details]

Ingests every thread article (published date, outlet and url from gold.jsonl) into a fresh
store through the same path as `tradewire ingest` (extract, Store.save, record.after_ingest).
Extracted events are aligned with the article's gold events (tradewire.evaluate.scorer.is_match,
one-to-one). Over every pair of aligned extracted events from different articles: the pair is
"same" in gold when the gold `act` ids are equal, "same" in prediction when both events are in one
canonical event. P = TP / predicted same, R = TP / gold same. Syndicated copies are stored as
extra sources of their original (no events of their own), so they add no pairs.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

from sqlalchemy import select

from tradewire.evaluate.scorer import is_match
from tradewire.models import Event
from tradewire.read.clean import clean
from tradewire.read.readers import IngestError, parse_date, read_path
from tradewire.record import after_ingest
from tradewire.store import open_store, schema


def align(preds: list[dict], golds: list[dict]) -> dict[int, int]:
    """pred index -> gold index: a maximum one-to-one matching over is_match pairs; among the
    maximum matchings, the one agreeing most on date, then status, goods and people (an article
    may report several rounds of talks in one sentence: the evidence alone cannot tell them apart)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    if not preds or not golds:
        return {}
    weight = np.zeros((len(preds), len(golds)))
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            if is_match(p, g):
                names_p = {x["name"] for x in [p.get("source"), p.get("target"), *p.get("participants", [])] if x}
                names_g = {x["name"] for x in [g.get("source"), g.get("target"), *g.get("participants", [])] if x}
                weight[i, j] = (100 + 4 * (p.get("date") == g.get("date")) + 2 * (p.get("status") == g.get("status"))
                                + (sorted(p.get("products") or []) == sorted(g.get("products") or []))
                                + (names_p == names_g))
    rows, cols = linear_sum_assignment(-weight)
    return {int(i): int(j) for i, j in zip(rows, cols, strict=True) if weight[i, j] > 0}


def load_articles(gold_path: Path) -> list[tuple[dict, object]]:
    out = []
    for line in gold_path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        raw = next(d for d in read_path(str(gold_path.parent / f"{rec['id']}.txt")) if not isinstance(d, IngestError))
        raw.published = parse_date(rec.get("published"))
        raw.id, raw.outlet, raw.url = rec["id"], rec.get("outlet"), rec.get("url")
        out.append((rec, clean(raw)))
    return out


def gold_events(rec: dict) -> list[Event]:
    """The gold events of an article as if the extractor had produced them (fusion alone)."""
    keep = set(Event.model_fields)
    return [Event(**{k: v for k, v in g.items() if k in keep}) for g in rec.get("events") or []]


def run(gold_path: Path, db: str, seed: int | None, extracted: dict | None = None, oracle: bool = False) -> dict:
    from tradewire.extract.pipeline import Extractor

    items = load_articles(gold_path)
    if oracle:
        extracted = {rec["id"]: gold_events(rec) for rec, _ in items}
    if extracted is None:
        extractor = Extractor()
        extracted = {rec["id"]: events for (rec, _), (_, events) in zip(items, extractor.pipe([a for _, a in items]), strict=True)}
    order = list(range(len(items)))
    if seed is not None:
        random.Random(seed).shuffle(order)
    store = open_store(db)
    t0 = time.perf_counter()
    copies = []
    for i in order:
        rec, article = items[i]
        res = store.save(article, extracted[rec["id"]])
        after_ingest(store, article)
        if res.duplicate_of is not None and not res.created:
            copies.append((rec["id"], res.duplicate_of, res.similarity))
    t_ingest = time.perf_counter() - t0
    gold_by_id = {rec["id"]: rec for rec, _ in items}
    with store.engine.connect() as conn:
        canon = dict(conn.execute(select(schema.event_canonical.c.event_id, schema.event_canonical.c.canonical_id)).all())
        ext_of = dict(conn.execute(select(schema.articles.c.id, schema.articles.c.ext_id)).all())
    rows = store.events()
    by_article: dict[str, list[dict]] = {}
    for r in rows:
        by_article.setdefault(r["article"], []).append(r)
    with store.engine.connect() as conn:
        seq_of = dict(conn.execute(select(schema.events.c.id, schema.events.c.seq)).all())
    aligned = []   # (article, event row, gold event)
    for aid, preds in by_article.items():
        golds = gold_by_id[aid].get("events") or []
        if oracle:  # the stored events are the gold events, in order
            pairs = {i: seq_of[p["id"]] for i, p in enumerate(preds)}
        else:
            pairs = align(preds, golds)
        for p, g in pairs.items():
            aligned.append((aid, preds[p], golds[g]))
    tp = fp = fn = 0
    errors = []
    for (a1, p1, g1), (a2, p2, g2) in combinations(aligned, 2):
        if a1 == a2:
            continue
        gold_same = g1["act"] == g2["act"]
        pred_same = canon.get(p1["id"]) is not None and canon.get(p1["id"]) == canon.get(p2["id"])
        if gold_same and pred_same:
            tp += 1
            if not (p1["date"] and p2["date"]):
                errors.append(("TPu", a1, p1, g1, a2, p2, g2))
        elif pred_same:
            fp += 1
            errors.append(("FP", a1, p1, g1, a2, p2, g2))
        elif gold_same:
            fn += 1
            errors.append(("FN", a1, p1, g1, a2, p2, g2))
    n_canon = len(set(canon.values()))
    return {"tp": tp, "fp": fp, "fn": fn, "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / (tp + fn) if tp + fn else 1.0, "aligned": len(aligned), "events": len(rows),
            "canonical": n_canon, "articles": len(ext_of), "copies": copies, "errors": errors,
            "ingest_seconds": t_ingest, "extracted": extracted}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=Path(__file__).resolve().parents[1] / "eval" / "threads" / "gold.jsonl")
    ap.add_argument("--seed", type=int, default=None, help="shuffle the arrival order with this seed")
    ap.add_argument("--details", action="store_true", help="list the wrong pairs")
    ap.add_argument("--db", default=None, help="keep the store here (default: a temporary file)")
    ap.add_argument("--gold-events", action="store_true",
                    help="fuse the gold events themselves instead of the extractor's (measures the fusion rules alone)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        r = run(args.gold, args.db or str(Path(tmp) / "threads.db"), args.seed, oracle=args.gold_events)
    print(f"articles stored: {r['articles']}  copies kept as sources: {len(r['copies'])} "
          + " ".join(f"{c}->article {o} (J={s:.2f})" for c, o, s in r["copies"]))
    print(f"events stored: {r['events']}  aligned with gold: {r['aligned']}  canonical events: {r['canonical']}")
    print(f"pairs: TP={r['tp']} FP={r['fp']} FN={r['fn']}")
    print(f"fusion pairwise precision={r['precision']:.3f} recall={r['recall']:.3f}  (ingest+record {r['ingest_seconds']:.1f}s)")
    if args.details:
        kinds = Counter()
        for kind, _a1, _p1, g1, _a2, _p2, g2 in r["errors"]:
            if kind != "TPu":
                kinds[(kind, g1["act"], g2["act"])] += 1
        for (kind, act1, act2), n in sorted(kinds.items()):
            print(f"  {kind} x{n}: {act1} / {act2}")
        shown = set()
        for kind, a1, p1, g1, a2, p2, g2 in r["errors"]:
            k = (kind, g1["act"], g2["act"])
            if k in shown or kind == "TPu":
                continue
            shown.add(k)
            print(f"--- {kind} {g1['act']} / {g2['act']}")
            for a, p in ((a1, p1), (a2, p2)):
                sides = (" + ".join(f"{x['name']}({x['country']})" for x in p["participants"]) or
                         f"{(p['source'] or {}).get('name')}({(p['source'] or {}).get('country')}) -> "
                         f"{(p['target'] or {}).get('name')}({(p['target'] or {}).get('country')})")
                print(f"   {a} pub={p['published']} {p['type']} {p['status']} {p['date']} {sides} {p['products']} "
                      f"{p['rate_from']}->{p['rate_to']} {p['amount_usd']}")
    sys.exit(0)


if __name__ == "__main__":
    main()
