"""Train the learned layer: logistic regression over event features, grouped CV, Platt calibration.

Labels come from the project scorer (`label_events`). Folds are grouped by article
(GroupKFold), so no article is ever scored by a model that saw it; the regularisation C, the
calibration and the keep threshold are all chosen on those out-of-fold scores. The final
model is fitted on everything with the chosen C and written as JSON (model.py).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tradewire.evaluate.scorer import Score, score_articles
from tradewire.learn.data import Sample, TrainingDataError, code_fingerprint, label_events
from tradewire.learn.features import FeatureConfig, default_config, featurize_events
from tradewire.learn.model import FORMAT, LearnedModel, ModelFile

SEED = 0
C_GRID = (0.03, 0.1, 0.3, 1.0)
THRESHOLDS = tuple(round(0.02 * i, 2) for i in range(0, 36))  # 0.00 .. 0.70
# The sets whose cross-validated F1 decides whether the drops are on by default, and the floor
# the team's own dev set must keep (issue 9: eval/dev must not fall below 0.845).
TARGET_SET = "realnews/dev"
FLOOR = {"eval/dev": 0.845}


@dataclass
class Examples:
    feats: list[dict[str, float]]
    y: np.ndarray
    groups: list[str]
    where: list[tuple[int, int]]          # (sample index, event index)


def build_examples(samples: list[Sample], cfg: FeatureConfig) -> Examples:
    feats, y, groups, where = [], [], [], []
    for si, s in enumerate(samples):
        labels = label_events(s)
        for ei, f in enumerate(featurize_events(s.events, s.doc, s.article, cfg)):
            feats.append(f)
            y.append(labels[ei])
            groups.append(s.group)
            where.append((si, ei))
    return Examples(feats, np.array(y, dtype=int), groups, where)


class _Vocab:
    def __init__(self, feats: list[dict[str, float]]):
        self.names = sorted({k for f in feats for k in f})
        self.index = {k: i for i, k in enumerate(self.names)}

    def matrix(self, feats: list[dict[str, float]]):
        from scipy.sparse import csr_matrix

        rows, cols, vals = [], [], []
        for r, f in enumerate(feats):
            for k, v in sorted(f.items()):
                i = self.index.get(k)
                if i is not None and v:
                    rows.append(r)
                    cols.append(i)
                    vals.append(v)
        return csr_matrix((vals, (rows, cols)), shape=(len(feats), len(self.names)), dtype=np.float64)


def _fit(feats, y, C: float):
    from sklearn.linear_model import LogisticRegression

    vocab = _Vocab(feats)
    clf = LogisticRegression(C=C, solver="liblinear", class_weight=None, random_state=SEED, max_iter=1000)
    clf.fit(vocab.matrix(feats), y)
    return vocab, clf


def _platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    if len(set(y.tolist())) < 2:
        return 1.0, 0.0
    lr = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    lr.fit(z.reshape(-1, 1), y)
    a, b = float(lr.coef_[0][0]), float(lr.intercept_[0])
    if a <= 0:  # out-of-fold scores no better than chance: confidence is the base rate, never an inverted ranking
        rate = min(max(float(y.mean()), 1e-3), 1 - 1e-3)
        return 0.0, math.log(rate / (1 - rate))
    return a, b


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _folds(groups: list[str], n_splits: int):
    from sklearn.model_selection import GroupKFold

    n = min(n_splits, len(set(groups)))
    return list(GroupKFold(n_splits=n).split(np.zeros(len(groups)), groups=groups))


@dataclass
class CVResult:
    C: float
    z: np.ndarray                 # out-of-fold linear scores
    p: np.ndarray                 # out-of-fold calibrated probabilities (Platt fitted on the other folds)
    platt: tuple[float, float]    # Platt fitted on all out-of-fold scores (for the final model)
    logloss: dict[float, float] = field(default_factory=dict)


def cross_validate(ex: Examples, n_splits: int = 5, c_grid=C_GRID) -> CVResult:
    folds = _folds(ex.groups, n_splits)
    best = None
    for C in c_grid:
        z = np.zeros(len(ex.y))
        for tr, te in folds:
            ytr = ex.y[tr]
            if len(set(ytr.tolist())) < 2:
                z[te] = 0.0
                continue
            vocab, clf = _fit([ex.feats[i] for i in tr], ytr, C)
            z[te] = clf.decision_function(vocab.matrix([ex.feats[i] for i in te]))
        p = np.zeros(len(ex.y))
        fold_of = np.zeros(len(ex.y), dtype=int)
        for k, (_tr, te) in enumerate(folds):
            fold_of[te] = k
        for k, (_tr, te) in enumerate(folds):
            other = fold_of != k
            a, b = _platt(z[other], ex.y[other])
            p[te] = _sigmoid(a * z[te] + b)
        eps = 1e-6
        ll = float(-np.mean(ex.y * np.log(p + eps) + (1 - ex.y) * np.log(1 - p + eps)))
        if best is None or ll < best.logloss[best.C] - 1e-9:
            res = CVResult(C, z, p, _platt(z, ex.y))
            res.logloss = dict(best.logloss) if best else {}
            best = res
        best.logloss[C] = round(ll, 4)
    return best


def score_sets(samples: list[Sample], ex: Examples, p: np.ndarray | None, threshold: float) -> dict[str, Score]:
    """The project scorer per set, on the events the layer keeps (all of them when p is None)."""
    keep: dict[tuple[int, int], float] = {}
    for (si, ei), prob in zip(ex.where, p if p is not None else [1.0] * len(ex.where), strict=True):
        keep[(si, ei)] = float(prob)
    by_set: dict[str, list] = {}
    for si, s in enumerate(samples):
        preds = [e.model_dump(mode="json") for ei, e in enumerate(s.events) if keep.get((si, ei), 1.0) >= threshold]
        by_set.setdefault(s.set_name, []).append((s.gold["id"], preds, s.gold.get("events") or [], s.gold.get("trade_related", True)))
    return {name: score_articles(pairs) for name, pairs in by_set.items()}


def _prf(sc: Score) -> dict[str, float]:
    return {"f1": round(sc.f1, 4), "p": round(sc.precision, 4), "r": round(sc.recall, 4)}


def pooled_f1(scores: dict[str, Score]) -> float:
    m = sum(s.matched for s in scores.values())
    pr = sum(s.predicted for s in scores.values())
    g = sum(s.gold for s in scores.values())
    p, r = (m / pr if pr else 0.0), (m / g if g else 0.0)
    return 2 * p * r / (p + r) if p + r else 0.0


def choose_threshold(samples: list[Sample], ex: Examples, p: np.ndarray) -> tuple[float, dict[float, float]]:
    """The keep threshold, from out-of-fold scores.

    With the target set present: the best cross-validated F1 on it among the thresholds that
    keep every floor set at or above its floor; otherwise (a user's own gold) the best pooled F1
    over all training articles. Ties go to the lower threshold (it drops less).
    """
    curves = {t: score_sets(samples, ex, p, t) for t in THRESHOLDS}
    if TARGET_SET in curves[0.0]:
        ok = [t for t in THRESHOLDS if all(curves[t][n].f1 >= f for n, f in FLOOR.items() if n in curves[t])] or [0.0]
        curve = {t: round(curves[t][TARGET_SET].f1, 4) for t in THRESHOLDS}
        return max(ok, key=lambda t: (curve[t], -t)), curve
    curve = {t: round(pooled_f1(curves[t]), 4) for t in THRESHOLDS}
    return max(THRESHOLDS, key=lambda t: (curve[t], -t)), curve


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error: bin-weighted |accuracy - mean confidence| over equal-width bins."""
    idx = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.sum() / len(p) * abs(y[m].mean() - p[m].mean())
    return float(total)


def _r(x: float) -> float:
    """Weights rounded so that the same data gives the same file bytes on any machine."""
    v = round(float(x), 6)
    return 0.0 if v == 0 else v


def train(samples: list[Sample], cfg: FeatureConfig | None = None, n_splits: int = 5,
          c_grid=C_GRID, sources: list[str] | None = None) -> tuple[LearnedModel, dict]:
    """Fit a model on the samples; returns it and its cross-validated report."""
    cfg = cfg or default_config()
    ex = build_examples(samples, cfg)
    n_groups = len(set(ex.groups))
    if n_groups < 2 or len(set(ex.y.tolist())) < 2:
        raise TrainingDataError(
            f"training needs at least 2 articles and both matched and unmatched rule events "
            f"(got {n_groups} article(s), {int(ex.y.sum())} matched of {len(ex.y)} events)")
    cv = cross_validate(ex, n_splits, c_grid)
    threshold, curve = choose_threshold(samples, ex, cv.p)
    base = score_sets(samples, ex, None, 0.0)
    layer = score_sets(samples, ex, cv.p, threshold)
    nested = nested_threshold_scores(samples, ex, cv.p, n_splits)
    set_of = np.array([samples[si].set_name for si, _ in ex.where])
    sets = {name: {"articles": sum(1 for s in samples if s.set_name == name),
                   "events": int(sum(1 for (si, _e) in ex.where if samples[si].set_name == name)),
                   "rules": _prf(base[name]), "with_layer_cv": _prf(layer[name]),
                   "with_layer_nested_cv": _prf(nested[name]),
                   "ece_cv": round(ece(cv.p[set_of == name], ex.y[set_of == name]), 4)} for name in sorted(base)}
    # Decided on the stricter (nested) figures: drops are on by default only if they pay there.
    enabled = layer_pays(base, nested)
    vocab, clf = _fit(ex.feats, ex.y, cv.C)
    weights = {name: _r(w) for name, w in zip(vocab.names, clf.coef_[0], strict=True) if _r(w) != 0.0}
    import sklearn

    report = {
        "seed": SEED, "C": cv.C, "cv_logloss": {str(k): v for k, v in sorted(cv.logloss.items())},
        "folds": min(n_splits, n_groups), "threshold": threshold,
        "threshold_curve_f1": {f"{t:.2f}": v for t, v in curve.items()},
        "examples": len(ex.y), "positives": int(ex.y.sum()), "features": len(weights),
        "ece_cv": round(ece(cv.p, ex.y), 4), "ece_cv_rules": round(ece(np.array([samples[si].events[ei].confidence for si, ei in ex.where]), ex.y), 4),
        "sets": sets, "label": "positive = matches a gold event (core or not), negative = unmatched",
        "sources": sources or [], "sklearn": sklearn.__version__,
        # the extractor code + knowledge the rule events came from: retrain when it changes
        "extractor_fingerprint": code_fingerprint(),
    }
    spec = ModelFile(format=FORMAT, features=cfg, intercept=_r(clf.intercept_[0]), weights=weights,
                     platt=(_r(cv.platt[0]), _r(cv.platt[1])), threshold=threshold,
                     enabled_by_default=enabled, meta=report)
    return LearnedModel(spec), report


def layer_pays(base: dict[str, Score], layer: dict[str, Score]) -> bool:
    """On by default only if CV F1 on the target set rises and no floor set falls below its floor."""
    if TARGET_SET not in base:
        return pooled_f1(layer) > pooled_f1(base)
    if layer[TARGET_SET].f1 <= base[TARGET_SET].f1:
        return False
    return all(layer[n].f1 >= floor for n, floor in FLOOR.items() if n in layer)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def is_finite_model(model: LearnedModel) -> bool:
    return all(math.isfinite(v) for v in model.spec.weights.values())


def nested_threshold_scores(samples: list[Sample], ex: Examples, p: np.ndarray, n_splits: int = 5) -> dict[str, Score]:
    """Scores with each fold's threshold chosen on the other folds only (no article picks its own cut).

    The shipped figures choose one threshold on all out-of-fold scores, which flatters a little;
    this is the stricter figure.
    """
    folds = _folds([s.group for s in samples], n_splits)   # folds of articles
    shifted = np.array(p, dtype=float)
    sample_of = np.array([si for si, _ in ex.where], dtype=int)
    for tr, te in folds:
        sub = [samples[i] for i in tr]
        remap = {old: new for new, old in enumerate(tr)}
        rows = [k for k, si in enumerate(sample_of) if si in remap]
        sub_ex = Examples([ex.feats[k] for k in rows], ex.y[rows], [ex.groups[k] for k in rows],
                          [(remap[ex.where[k][0]], ex.where[k][1]) for k in rows])
        t, _ = choose_threshold(sub, sub_ex, p[rows])
        test_rows = np.isin(sample_of, te)
        shifted[test_rows] = p[test_rows] - t + 0.5   # keep iff p >= t  <=>  shifted >= 0.5
    return score_sets(samples, ex, shifted, 0.5)
