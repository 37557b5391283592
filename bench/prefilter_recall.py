"""Strict F1 of every gold set with and without the relevance prefilter (tradewire.extract.prefilter).

    .venv/bin/python bench/prefilter_recall.py            # eval/dev, eval/threads, ../shared/realnews/dev

The prefilter must cost no recall: the difference is to stay within 0.005 on each set. Sets whose
folder is missing (../shared/ absent) are skipped with a note.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = [("eval/dev", ROOT / "eval/dev"), ("eval/threads", ROOT / "eval/threads"),
        ("realnews/dev", ROOT.parent / "shared/realnews/dev")]


def articles_of(folder: Path):
    from tradewire.evaluate.runner import load_gold
    from tradewire.read.clean import clean
    from tradewire.read.readers import IngestError, parse_date, read_path

    gold = load_gold(folder / "gold.jsonl")
    arts = []
    for rec in gold:
        raw = next(d for d in read_path(str(folder / f"{rec['id']}.txt")) if not isinstance(d, IngestError))
        raw.published, raw.id = parse_date(rec.get("published")), rec["id"]
        arts.append(clean(raw))
    return gold, arts


def score(extractor, gold, arts):
    from tradewire.evaluate.scorer import score_articles

    pairs = [(rec["id"], [e.model_dump(mode="json") for e in evs], rec.get("events") or [], rec.get("trade_related", True))
             for (_a, evs), rec in zip(extractor.pipe(arts), gold, strict=True)]
    return score_articles(pairs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="*", default=[n for n, _ in SETS], help="which of: " + ", ".join(n for n, _ in SETS))
    args = ap.parse_args()
    from tradewire.extract import Extractor
    from tradewire.extract.prefilter import Gated

    plain = Extractor()
    worst = 0.0
    print(f"{'set':<14}{'articles':>9}{'F1 plain':>10}{'F1 filter':>10}{'diff':>8}{'skipped':>9}{'cut':>5}")
    for name, folder in SETS:
        if name not in args.sets:
            continue
        if not (folder / "gold.jsonl").exists():
            print(f"{name:<14} skipped: {folder} not found")
            continue
        gold, arts = articles_of(folder)
        gated = Gated(plain)
        a, b = score(plain, gold, arts), score(gated, gold, arts)
        worst = max(worst, abs(a.f1 - b.f1))
        print(f"{name:<14}{len(arts):>9}{a.f1:>10.3f}{b.f1:>10.3f}{b.f1 - a.f1:>+8.3f}{gated.stats['skipped']:>9}{gated.stats['cut']:>5}")
    print(f"largest |difference|: {worst:.3f} (limit 0.005)")
    return 0 if worst <= 0.005 else 1


if __name__ == "__main__":
    sys.exit(main())
