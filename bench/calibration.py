"""Is `confidence` calibrated? Expected calibration error on held-out predictions, and a reliability plot.

    python bench/calibration.py [--cache /tmp/learn/cache] [--plot docs/reliability.png] [--bins 10]

Held-out means: on the training sets every event's probability comes from a model trained on
the other folds (GroupKFold by article) and a Platt scaling fitted on the other folds' scores;
on the run-only sets (eval/holdout, ../shared/realnews/test) it is the shipped model as it is.
"Right" = the project scorer matches the event to a gold event. The rules' own confidence is
shown beside it for comparison.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from tradewire.learn import load_model
from tradewire.learn.build import TEST_SETS, available, cross_validated, load_samples
from tradewire.learn.train import build_examples, ece


def reliability(p: np.ndarray, y: np.ndarray, bins: int) -> list[tuple[float, float, int]]:
    idx = np.minimum((p * bins).astype(int), bins - 1)
    return [(float(p[idx == b].mean()), float(y[idx == b].mean()), int((idx == b).sum())) for b in range(bins) if (idx == b).any()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=Path("/tmp/learn/cache"))
    ap.add_argument("--plot", type=Path, default=Path(__file__).parents[1] / "docs" / "reliability.png")
    ap.add_argument("--bins", type=int, default=10)
    args = ap.parse_args()
    samples, ex, cv = cross_validated(args.cache)
    rules = np.array([samples[si].events[ei].confidence for si, ei in ex.where])
    model = load_model()
    test_p, test_y, test_rules = [], [], []
    for name, gold in available(TEST_SETS):
        ts = load_samples([(name, gold)], args.cache)
        tex = build_examples(ts, model.spec.features)
        test_p += [q for s in ts for q in model.probabilities(s.events, s.doc, s.article)]
        test_rules += [e.confidence for s in ts for e in s.events]
        test_y += tex.y.tolist()
    rows = [("training sets, cross-validated", cv.p, rules, ex.y)]
    if test_y:
        rows.append(("run-only sets, shipped model", np.array(test_p), np.array(test_rules), np.array(test_y)))
    print(f"expected calibration error ({args.bins} equal-width bins; lower is better)")
    print(f"{'predictions':<34}{'events':>7}{'right':>7}   {'learned':>8}   {'rules':>8}")
    for label, p, r, y in rows:
        print(f"{label:<34}{len(y):>7}{y.mean():>7.2f}   {ece(p, y, args.bins):>8.3f}   {ece(r, y, args.bins):>8.3f}")
    set_of = np.array([samples[si].set_name for si, _ in ex.where])
    for name in sorted(set(set_of)):
        m = set_of == name
        print(f"  {name + ', cross-validated':<32}{m.sum():>7}{ex.y[m].mean():>7.2f}   {ece(cv.p[m], ex.y[m], args.bins):>8.3f}"
              f"   {ece(rules[m], ex.y[m], args.bins):>8.3f}")
    print("reliability (training sets, cross-validated): mean confidence -> share right (n)")
    for conf, acc, n in reliability(cv.p, ex.y, args.bins):
        print(f"  {conf:.2f} -> {acc:.2f} ({n})")

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 5), dpi=100)
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", label="perfect calibration")
    for (label, p, _r, y), marker in zip(rows, ("o", "s"), strict=False):
        pts = reliability(p, y, args.bins)
        ax.plot([c for c, _, _ in pts], [a for _, a, _ in pts], marker=marker,
                label=f"learned, {label} (ECE {ece(p, y, args.bins):.3f})")
    for label, _p, r, y in rows:
        pts = reliability(r, y, args.bins)
        ax.plot([c for c, _, _ in pts], [a for _, a, _ in pts], marker="^", linestyle="--",
                label=f"rule confidence, {label.split(',')[0]} (ECE {ece(r, y, args.bins):.3f})")
    ax.set_xlabel("confidence")
    ax.set_ylabel("share of events matching gold")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title("tradewire: reliability of event confidence")
    ax.legend(loc="upper left", fontsize=7)
    fig.tight_layout()
    args.plot.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.plot, metadata={"Software": None})
    print(f"plot -> {args.plot}")


if __name__ == "__main__":
    main()
