"""The learned layer's figures: cross-validated on its training sets, run-only on the test sets.

    python bench/learned_eval.py [--cache /tmp/learn/cache]
    python bench/learned_eval.py --gold my/gold.jsonl [--texts DIR] [--model DIR]   # any gold, any model

Training sets (eval/dev, eval/threads, ../shared/realnews/dev and threads): strict F1/P/R of
the rules alone and with the layer, where every article is scored by a model trained on the
other folds (GroupKFold by article) at the shipped threshold. Test sets (eval/holdout,
../shared/realnews/test): the shipped model as it is, run for a figure (never tuned on).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tradewire.learn import load_model
from tradewire.learn.build import cross_validated, figures, run_only
from tradewire.learn.data import extract_samples
from tradewire.learn.train import _prf, nested_threshold_scores, score_sets


def _row(name: str, s: dict, rules: dict, layer: dict, extra: str = "") -> str:
    return (f"{name:<18}{s.get('articles', ''):>9}{s.get('events', ''):>7}   {rules['f1']:.3f} {rules['p']:.3f} {rules['r']:.3f}"
            f"     {layer['f1']:.3f} {layer['p']:.3f} {layer['r']:.3f}{extra}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=Path("/tmp/learn/cache"))
    ap.add_argument("--model", type=Path, default=None, help="model folder (default: the shipped model)")
    ap.add_argument("--gold", type=Path, default=None, help="score this gold file only (run-only)")
    ap.add_argument("--texts", type=Path, default=None)
    args = ap.parse_args()
    model = load_model(args.model)
    head = f"{'set':<18}{'articles':>9}{'events':>7}   rules F1/P/R          with layer F1/P/R"
    if args.gold:
        s = figures(model, extract_samples(args.gold, args.texts, args.gold.stem, args.cache))
        print(head)
        print(_row(args.gold.stem, s, s["rules"], s["with_layer"], f"   non-trade events {s['non_trade_events']}"))
        return
    samples, ex, cv = cross_validated(args.cache)
    base = score_sets(samples, ex, None, 0.0)
    t = model.spec.threshold
    layer = score_sets(samples, ex, cv.p, t)
    print(f"cross-validated (5-fold GroupKFold by article, C={cv.C}), trained threshold {t:.2f}; "
          f"drops on by default: {model.spec.enabled_by_default}")
    print(head)
    for name in sorted(base):
        n_art = sum(1 for s in samples if s.set_name == name)
        n_ev = sum(1 for si, _ in ex.where if samples[si].set_name == name)
        print(_row(name, {"articles": n_art, "events": n_ev}, _prf(base[name]), _prf(layer[name]),
                   f"   non-trade events {layer[name].non_trade_events}"))
    nested = nested_threshold_scores(samples, ex, cv.p)
    print("stricter: each fold's threshold chosen on the other folds only (nested)")
    for name in sorted(nested):
        print(_row(name, {}, _prf(base[name]), _prf(nested[name])))
    print(f"run only (shipped model at threshold {t:.2f}, never trained or tuned on these):")
    for name, s in run_only(model, cache=args.cache).items():
        print(_row(name, s, s["rules"], s["with_layer"], f"   non-trade events {s['non_trade_events']}"))


if __name__ == "__main__":
    main()
