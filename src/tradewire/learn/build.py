"""Build a learned-layer model from gold files: `make train` and `tradewire train`.

    python -m tradewire.learn.build [--out src/tradewire/data/model] [--cache /tmp/learn/cache]

`make train` trains on eval/dev and eval/threads, plus ../shared/realnews/dev and
../shared/realnews/threads when ../shared/ is there (it says which). realnews/test and
eval/holdout are never training material. The same data and code give the same model.json bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from tradewire.errors import TradewireError
from tradewire.learn.data import Sample, extract_samples
from tradewire.learn.model import LearnedModel
from tradewire.learn.train import FLOOR, TARGET_SET, train

ROOT = Path(__file__).resolve().parents[3]          # the checkout (src/tradewire/learn/ -> ..)
SHIPPED = ROOT / "src" / "tradewire" / "data" / "model"
# (set name, gold file relative to the checkout): the training sets of issue 9.
TRAINING_SETS = (
    ("eval/dev", "eval/dev/gold.jsonl"),
    ("eval/threads", "eval/threads/gold.jsonl"),
    ("realnews/dev", "../shared/realnews/dev/gold.jsonl"),
    ("realnews/threads", "../shared/realnews/threads/gold.jsonl"),
)
# Run for a figure only: never trained or tuned on.
TEST_SETS = (
    ("eval/holdout", "eval/holdout/gold.jsonl"),
    ("realnews/test", "../shared/realnews/test/gold.jsonl"),
)


def available(sets=TRAINING_SETS, root: Path = ROOT) -> list[tuple[str, Path]]:
    return [(name, root / rel) for name, rel in sets if (root / rel).exists()]


def load_samples(sets: list[tuple[str, Path]], cache: Path | None, extractor=None) -> list[Sample]:
    samples: list[Sample] = []
    for name, gold in sets:
        samples += extract_samples(gold, None, name, cache, extractor)
    return samples


def _sources(sets: list[tuple[str, Path]]) -> list[str]:
    return [f"{name} sha256:{hashlib.sha256(gold.read_bytes()).hexdigest()[:16]}" for name, gold in sets]


def train_from_gold(gold: Path, texts: Path | None, out: Path, cache: Path | None = None) -> tuple[LearnedModel, dict]:
    """A user's own annotations -> OUT/model.json (and the cross-validated report)."""
    if not gold.exists():
        raise TradewireError(f"{gold}: no such gold file")
    samples = extract_samples(gold, texts, gold.stem, cache)
    model, report = train(samples, sources=_sources([(gold.stem, gold)]))
    model.save(out)
    return model, report


def format_report(report: dict) -> list[str]:
    lines = [f"trained on {report['examples']} rule events ({report['positives']} matched gold), "
             f"{report['folds']}-fold CV grouped by article, C={report['C']}, threshold {report['threshold']:.2f}",
             f"expected calibration error (CV): {report['ece_cv']:.3f} (rule confidence: {report['ece_cv_rules']:.3f})",
             f"{'set':<18}{'articles':>9}{'events':>7}   rules F1/P/R          with layer (CV) F1/P/R"
             "     nested CV F1/P/R"]
    for name, s in report["sets"].items():
        r, w, n = s["rules"], s["with_layer_cv"], s["with_layer_nested_cv"]
        lines.append(f"{name:<18}{s['articles']:>9}{s['events']:>7}   {r['f1']:.3f} {r['p']:.3f} {r['r']:.3f}     "
                     f"{w['f1']:.3f} {w['p']:.3f} {w['r']:.3f}     {n['f1']:.3f} {n['p']:.3f} {n['r']:.3f}")
    rt = report.get("retype")
    if rt:
        lines.append(f"retype head: {rt['aligned_events']} aligned events ({sum(rt['label_differs'].values())} whose gold type differs), "
                     f"C={rt['C']}, margin {'off' if rt['margin'] > 1 else format(rt['margin'], '.2f')} "
                     f"({rt['retyped_cv']} retyped in CV), nested margins {rt['nested_margins']}")
        lines.append(f"{'nested CV':<18}{'rules F1/P/R':>31}     {'+ retype F1/P/R':<22}{'+ keep/drop + retype F1/P/R'}")
        for name, s in report["sets"].items():
            r, a, b = s["rules"], s["with_retype_nested_cv"], s["with_layer_retype_nested_cv"]
            lines.append(f"{name:<18}{'':>16}   {r['f1']:.3f} {r['p']:.3f} {r['r']:.3f}     "
                         f"{a['f1']:.3f} {a['p']:.3f} {a['r']:.3f}     {b['f1']:.3f} {b['p']:.3f} {b['r']:.3f}")
        lines.append(f"retype on by default: {rt['on']} (nested CV on {TARGET_SET}, {', '.join(f'{k} >= {v}' for k, v in FLOOR.items())})")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=SHIPPED)
    ap.add_argument("--cache", type=Path, default=None, help="cache parses and rule events here (e.g. /tmp/learn/cache)")
    args = ap.parse_args(argv)
    sets = available()
    missing = [name for name, rel in TRAINING_SETS if not (ROOT / rel).exists()]
    if missing:
        print(f"note: {', '.join(missing)} not found (../shared/ absent?): training on {', '.join(n for n, _ in sets) or 'nothing'}",
              file=sys.stderr)
    if not sets:
        print("error: no training gold found (needs eval/dev/gold.jsonl)", file=sys.stderr)
        return 1
    try:
        model, report = train(load_samples(sets, args.cache), sources=_sources(sets))
    except TradewireError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    path = model.save(args.out)
    for line in format_report(report):
        print(line)
    on = model.spec.enabled_by_default
    print(f"drops on by default: {on} ({'nested CV F1 rose on the target set' if on else 'nested CV did not show a gain: confidence only'})"
          f"  ->  {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def cross_validated(cache: Path | None = None):
    """The training sets' samples, examples and out-of-fold predictions (what `make train` chose from)."""
    from tradewire.learn.features import default_config
    from tradewire.learn.train import build_examples, cross_validate

    samples = load_samples(available(), cache)
    ex = build_examples(samples, default_config())
    return samples, ex, cross_validate(ex)


def run_only(model: LearnedModel, sets=TEST_SETS, cache: Path | None = None) -> dict:
    """Figures on sets the model never saw (run for a number only): rules vs rules + layer, and ECE."""
    return {name: figures(model, load_samples([(name, gold)], cache)) for name, gold in available(sets)}


def figures(model: LearnedModel, samples: list[Sample]) -> dict:
    """Rules alone vs rules + `model` on one set's samples (project scorer), with calibration errors."""
    import numpy as np

    from tradewire.learn.train import _prf, build_examples, ece, score_sets

    name = samples[0].set_name if samples else "-"
    ex = build_examples(samples, model.spec.features)
    p = np.array([q for s in samples for q in model.probabilities(s.events, s.doc, s.article)])
    base = score_sets(samples, ex, None, 0.0).get(name)
    layer = score_sets(samples, ex, p, model.spec.threshold).get(name)  # what the drops give
    rules_conf = np.array([e.confidence for s in samples for e in s.events])
    return {"articles": len(samples), "events": len(ex.y), "rules": _prf(base), "with_layer": _prf(layer),
            "ece_layer": round(ece(p, ex.y), 4) if len(p) else None,
            "ece_rules": round(ece(rules_conf, ex.y), 4) if len(p) else None,
            "non_trade_events": layer.non_trade_events}
