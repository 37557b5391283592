"""Fusion evaluation on story threads: pairwise precision and recall over event pairs.

    .venv/bin/python bench/fusion_eval.py                      # every thread set found, both figures
    .venv/bin/python bench/fusion_eval.py --gold G.jsonl [--texts DIR] [--gold-events | --end-to-end]
        [--seed N] [--details] [--cache DIR] [--model shipped]

Without --gold it measures the team's threads (eval/threads) and, when ../shared/ is there, the
real threads (../shared/realnews/threads), each twice: end to end (the extractor's events) and
with the gold events (the fusion rules alone). Every article (published date, outlet and url
from the gold file, text from --texts, default the gold file's folder) goes through the one
ingest flow `tradewire.flow.ingest` into a fresh store (read, clean, extract, Store.save,
record.after_ingest); with the gold events the "extractor" hands the flow the article's gold events.
Extracted events are aligned with the article's gold events (tradewire.evaluate.scorer.is_match,
one-to-one). Over every pair of aligned extracted events from different articles: the pair is
"same" in gold when the gold `act` ids are equal, "same" in prediction when both events are in one
canonical event. P = TP / predicted same, R = TP / gold same. Syndicated copies are stored as
extra sources of their original (no events of their own), so they add no pairs.
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
import tempfile
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

from sqlalchemy import select

from tradewire.evaluate.runner import load_gold
from tradewire.evaluate.scorer import is_match
from tradewire.flow import ingest, open_store
from tradewire.models import Article, Event, RawDocument
from tradewire.read.readers import IngestError, parse_date, read_path
from tradewire.store import schema

ROOT = Path(__file__).resolve().parents[1]
THREAD_SETS = {"team (eval/threads)": ROOT / "eval" / "threads" / "gold.jsonl",
               "real (../shared/realnews/threads)": ROOT.parent / "shared" / "realnews" / "threads" / "gold.jsonl"}


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


def load_articles(gold_path: Path, texts: Path | None = None) -> list[tuple[dict, RawDocument]]:
    """Each gold article with its text as read (the flow cleans it), dated and named from the gold."""
    texts = texts or gold_path.parent
    out = []
    for rec in load_gold(gold_path):
        txt = texts / f"{rec['id']}.txt"
        if not txt.exists():
            raise IngestError(str(txt), "text of gold article not found")
        raw = next(d for d in read_path(str(txt)) if not isinstance(d, IngestError))
        raw.published = parse_date(rec.get("published"))
        raw.id, raw.outlet, raw.url = rec["id"], rec.get("outlet"), rec.get("url")
        out.append((rec, raw))
    return out


def gold_events(rec: dict) -> list[Event]:
    """The gold events of an article as if the extractor had produced them (fusion alone)."""
    keep = set(Event.model_fields)
    return [Event(**{k: v for k, v in g.items() if k in keep}) for g in rec.get("events") or []]


class GoldExtractor:
    """Stands in for the extractor in the ingest flow: an article's events are its gold events."""

    def __init__(self, recs: list[dict]):
        self.events = {rec["id"]: gold_events(rec) for rec in recs}

    def extract(self, article: Article) -> list[Event]:
        return self.events[article.id]


class CachedExtractor:
    """The real extractor, its output kept per clean text under `cache` (extraction is the slow
    part and fusion work does not change it); without a cache folder it just extracts."""

    def __init__(self, cache: Path | None, model: str | None = None):
        # one cache folder per learned-layer model: its events differ from the rules' alone
        self.cache = cache / f"model-{Path(model).name}" if cache is not None and model else cache
        self.model, self._x = model, None

    def extract(self, article: Article) -> list[Event]:
        # pickled, not JSON: an actor's KB id is excluded from the JSON form and fusion uses it
        f = self.cache / f"{article.content_hash[:32]}.pkl" if self.cache else None
        if f is not None and f.exists():
            return pickle.loads(f.read_bytes())
        if self._x is None:
            from tradewire.extract.pipeline import Extractor

            self._x = Extractor(model=self.model)
        events = self._x.extract(article)
        if f is not None:
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_bytes(pickle.dumps(events))
        return events


def run(gold_path: Path, db: str, seed: int | None, oracle: bool = False, texts: Path | None = None,
        extractor: object | None = None) -> dict:
    items = load_articles(gold_path, texts)
    if oracle:
        extractor = GoldExtractor([rec for rec, _ in items])
    elif extractor is None:
        extractor = CachedExtractor(None)
    order = list(range(len(items)))
    if seed is not None:
        random.Random(seed).shuffle(order)
    store = open_store(db)
    t0 = time.perf_counter()
    summary = ingest([items[i][1] for i in order], store, extractor=extractor)
    t_ingest = time.perf_counter() - t0
    failed = [it.error for it in summary.items if it.status == "failed"]
    if failed:
        raise SystemExit("\n".join(failed))
    gold_by_id = {rec["id"]: rec for rec, _ in items}
    with store.engine.connect() as conn:
        canon = dict(conn.execute(select(schema.event_canonical.c.event_id, schema.event_canonical.c.canonical_id)).all())
        ext_of = dict(conn.execute(select(schema.articles.c.id, schema.articles.c.ext_id)).all())
        seq_of = dict(conn.execute(select(schema.events.c.id, schema.events.c.seq)).all())
    copies = [(it.path, it.article_id, it.note) for it in summary.items if it.status == "duplicate"]
    rows = store.events()
    by_article: dict[str, list[dict]] = {}
    for r in rows:
        by_article.setdefault(r["article"], []).append(r)
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
            "ingest_seconds": t_ingest}


def print_details(r: dict) -> None:
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=None, help="one thread set's gold file (default: every set found)")
    ap.add_argument("--texts", type=Path, default=None, help="folder of the <id>.txt texts (default: the gold file's folder)")
    ap.add_argument("--seed", type=int, default=None, help="shuffle the arrival order with this seed")
    ap.add_argument("--details", action="store_true", help="list the wrong pairs")
    ap.add_argument("--db", default=None,
                    help="keep the store here (default: a temporary file); one set (--gold, default the team's) and one mode")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--gold-events", action="store_true",
                      help="only fuse the gold events themselves (measures the fusion rules alone)")
    mode.add_argument("--end-to-end", action="store_true", help="only fuse the extractor's events")
    ap.add_argument("--cache", type=Path, default=None,
                    help="keep the extractor's events per article text in this folder and reuse them")
    ap.add_argument("--model", default=None,
                    help="end to end with the learned layer: 'shipped' or a folder from `tradewire train`")
    args = ap.parse_args()
    if args.gold is not None:
        sets = {str(args.gold): args.gold}
    elif args.db:  # one store: the team's threads
        sets = dict(list(THREAD_SETS.items())[:1])
    else:
        sets = {name: g for name, g in THREAD_SETS.items() if g.exists()}
    modes = [m for m, on in (("end to end", not args.gold_events), ("gold events", not args.end_to_end)) if on]
    if args.db:  # one store: end to end unless --gold-events
        modes = modes[:1]
    extractor = CachedExtractor(args.cache, args.model)
    with tempfile.TemporaryDirectory() as tmp:
        for name, gold in sets.items():
            texts = args.texts if args.gold is not None else None
            for m in modes:
                db = args.db or str(Path(tmp) / f"threads{len(list(Path(tmp).iterdir()))}.db")
                r = run(gold, db, args.seed, oracle=m == "gold events", texts=texts, extractor=extractor)
                print(f"== {name}, {m}")
                print(f"articles stored: {r['articles']}  copies kept as sources: {len(r['copies'])} "
                      + " ".join(f"{Path(c).stem}->article {o}" for c, o, _ in r["copies"]))
                print(f"events stored: {r['events']}  aligned with gold: {r['aligned']}  canonical events: {r['canonical']}")
                print(f"pairs: TP={r['tp']} FP={r['fp']} FN={r['fn']}")
                print(f"fusion pairwise precision={r['precision']:.3f} recall={r['recall']:.3f}"
                      f"  (ingest+record {r['ingest_seconds']:.1f}s)")
                if args.details:
                    print_details(r)
    sys.exit(0)


if __name__ == "__main__":
    main()
