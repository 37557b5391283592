"""Extraction speed against bare spaCy on the same texts (prints figures; never pass/fail).

    python bench/extract_speed.py [--repeat 3] [--folder eval/dev] [--learned]

Reports articles/s and words/s of (a) bare en_core_web_sm `nlp.pipe` and (b) the full
tradewire extractor (entity ruler + resolution + event rules + merge + codes), both in one
process on the same texts, the overhead ratio (b)/(a), and peak memory (ru_maxrss). Times are
CPU seconds of this process (time.process_time: what other load on a shared machine barely
moves), wall seconds shown beside them.
`--learned` adds (c): the extractor followed by the learned layer (shipped model, loaded once).
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
    ap.add_argument("--learned", action="store_true", help="also time the extractor + learned layer")
    args = ap.parse_args()
    files = sorted(Path(args.folder).glob("*.txt"))
    articles = [clean(RawDocument(path=str(f), text=f.read_text("utf-8"))) for f in files] * args.repeat
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)

    bare = spacy.load(MODEL)
    list(bare.pipe(texts[:5]))  # warm-up
    t0, w0 = time.process_time(), time.perf_counter()
    for _ in bare.pipe(texts, batch_size=16):
        pass
    t_bare, w_bare = time.process_time() - t0, time.perf_counter() - w0

    ex = Extractor()
    list(ex.pipe(articles[:5]))
    t0, w0 = time.process_time(), time.perf_counter()
    n_events = sum(len(evs) for _, evs in ex.pipe(articles))
    t_full, w_full = time.process_time() - t0, time.perf_counter() - w0

    t_layer = None
    if args.learned:
        from tradewire.learn import shipped_model

        model = shipped_model()
        # The layer's own time is summed around each call (the machine is shared: a second full
        # run would differ by more than the layer costs); (c) = (b) + that time.
        n_kept, t_rescore = 0, 0.0
        for article, doc in zip(articles, ex.nlp.pipe((a.text for a in articles), batch_size=16), strict=True):
            events = ex.events.extract(doc, article)
            t0 = time.process_time()
            n_kept += len(model.rescore(events, doc, article))
            t_rescore += time.process_time() - t0
        t_layer = t_full + t_rescore

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"texts: {len(texts)} articles, {words:,} words ({len(files)} files x {args.repeat})")
    print(f"bare spaCy nlp.pipe : {len(texts) / t_bare:7.1f} articles/s  {words / t_bare:9,.0f} words/s  ({t_bare:.2f} CPU s, {w_bare:.2f} wall s)")
    print(f"tradewire extractor : {len(texts) / t_full:7.1f} articles/s  {words / t_full:9,.0f} words/s  ({t_full:.2f} CPU s, {w_full:.2f} wall s, {n_events} events)")
    print(f"overhead ratio      : {t_full / t_bare:.2f}x bare spaCy (CPU; wall {w_full / w_bare:.2f}x)")
    if t_layer is not None:
        print(f"extractor + learned : {len(texts) / t_layer:7.1f} articles/s  {words / t_layer:9,.0f} words/s  ({t_layer:.2f} CPU s, {n_kept} events kept)")
        print(f"overhead ratio      : {t_layer / t_bare:.2f}x bare spaCy (learned layer {t_rescore:.2f} s, {t_rescore / len(texts) * 1000:.1f} ms/article)")
    print(f"peak memory         : {peak_mb:.0f} MB (both pipelines loaded)")


if __name__ == "__main__":
    main()
