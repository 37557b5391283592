"""Extraction speed against bare spaCy on the same texts (prints figures; never pass/fail).

    python bench/extract_speed.py [--repeat 3] [--folder eval/dev]

Reports articles/s and words/s of (a) bare en_core_web_sm `nlp.pipe` and (b) the full
tradewire extractor (entity ruler + resolution + event rules + merge + codes), both in one
process on the same texts, the overhead ratio (b)/(a), and peak memory (ru_maxrss).
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import spacy

from tradewire.extract.pipeline import Extractor
from tradewire.models import RawDocument
from tradewire.nlp.pipeline import MODEL
from tradewire.read.clean import clean


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folder", default=str(Path(__file__).parents[1] / "eval" / "dev"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = sorted(Path(args.folder).glob("*.txt"))
    articles = [clean(RawDocument(path=str(f), text=f.read_text("utf-8"))) for f in files] * args.repeat
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)

    bare = spacy.load(MODEL)
    list(bare.pipe(texts[:5]))  # warm-up
    t0 = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=16):
        pass
    t_bare = time.perf_counter() - t0

    ex = Extractor()
    list(ex.pipe(articles[:5]))
    t0 = time.perf_counter()
    n_events = sum(len(evs) for _, evs in ex.pipe(articles))
    t_full = time.perf_counter() - t0

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"texts: {len(texts)} articles, {words:,} words ({len(files)} files x {args.repeat})")
    print(f"bare spaCy nlp.pipe : {len(texts) / t_bare:7.1f} articles/s  {words / t_bare:9,.0f} words/s  ({t_bare:.2f} s)")
    print(f"tradewire extractor : {len(texts) / t_full:7.1f} articles/s  {words / t_full:9,.0f} words/s  ({t_full:.2f} s, {n_events} events)")
    print(f"overhead ratio      : {t_full / t_bare:.2f}x bare spaCy")
    print(f"peak memory         : {peak_mb:.0f} MB (both pipelines loaded)")


if __name__ == "__main__":
    main()
