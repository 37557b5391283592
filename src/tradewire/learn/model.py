"""A trained learned layer: readable weights in JSON, scored in plain Python (no pickle, no sklearn at run time).

model.json holds the feature configuration the model was trained with, one weight per named
feature, the Platt calibration (a, b) fitted on cross-validated scores, the keep threshold
chosen by grouped cross-validation, and the training figures. Everything is plain numbers and
names: a reviewer can read why an event was kept, and no code is loaded from the file.

Format 2 adds an optional retype head (`retype`): a multinomial logistic regression over the
scoring types (THREATEN standing for a planned or hypothetical IMPOSE too, as the scorer
reads it), weights by name per type. An event's type changes only when another type's
probability beats its own by the margin cross-validation chose; the retyped event is then
judged by the keep/drop head as it will be output. Format 1 files (no retype head) still load.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, Field, PrivateAttr

from tradewire.data import DataFileError, load_data, load_path, package_path
from tradewire.learn.features import FeatureConfig, featurize_with_info, retyped_features
from tradewire.models import SYMMETRIC_TYPES, Article, Event

FORMAT = "tradewire-learned-layer/2"
FORMATS = ("tradewire-learned-layer/1", FORMAT)   # format 1: no retype head
MODEL_FILE = "model.json"


def scoring_type(ev: Event) -> str:
    """The type as the scorer compares it: a planned or hypothetical IMPOSE is a THREATEN."""
    return "THREATEN" if ev.type == "IMPOSE" and ev.status in ("planned", "hypothetical") else ev.type


class RetypeHead(BaseModel):
    classes: list[str]                          # scoring types
    intercepts: dict[str, float]
    weights: dict[str, dict[str, float]]        # type -> feature name -> weight
    margin: float                               # retype when p(other) - p(own) >= margin
    enabled_by_default: bool = False            # did nested CV say the retypes pay?
    # Gold statuses per type in the training data (how a retyped event's status is chosen)
    statuses: dict[str, dict[str, int]] = Field(default_factory=dict)

    _by_feature: dict | None = PrivateAttr(default=None)

    def _index(self) -> dict[str, tuple[tuple[int, float], ...]]:
        """feature -> ((class index, weight), ...): one dict look-up per feature of an event."""
        if self._by_feature is None:
            idx: dict[str, list] = {}
            for j, c in enumerate(self.classes):
                for k, w in (self.weights.get(c) or {}).items():
                    idx.setdefault(k, []).append((j, w))
            self._by_feature = {k: tuple(v) for k, v in idx.items()}
        return self._by_feature

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        """Softmax over the classes of the linear scores (the multinomial model sklearn fitted)."""
        z = [self.intercepts.get(c, 0.0) for c in self.classes]
        idx = self._index()
        for k, v in feats.items():
            for j, w in idx.get(k, ()):
                z[j] += w * v
        top = max(z)
        ex = [math.exp(v - top) for v in z]
        tot = sum(ex)
        return {c: e / tot for c, e in zip(self.classes, ex, strict=True)}

    def choose(self, ev: Event, probs: dict[str, float], margin: float | None = None) -> str | None:
        """The scoring type to retype `ev` to, or None to keep its own."""
        m = self.margin if margin is None else margin
        own = scoring_type(ev)
        best = max(self.classes, key=lambda c: (probs[c], c == own))
        if best == own or probs[best] - probs.get(own, 0.0) < m:
            return None
        return best

    def status_for(self, cls: str, status: str) -> str:
        """The original status if the new type's gold events often have it, else its usual one."""
        counts = dict(self.statuses.get(cls) or {})
        if cls == "IMPOSE":  # a planned/hypothetical IMPOSE scores as THREATEN: not this class
            counts = {s: n for s, n in counts.items() if s not in ("planned", "hypothetical")}
        if not counts:
            return "occurred" if cls == "IMPOSE" else status
        total = sum(counts.values())
        if counts.get(status, 0) >= 0.05 * total:
            return status
        return max(sorted(counts), key=lambda s: counts[s])


def sides_as(ev: Event, cls: str) -> dict:
    """The fields that move when `ev` becomes type `cls`: the sides go to `participants` for a
    symmetric type (CONSULT, AGREE) and back to source/target for a directed one."""
    if cls in SYMMETRIC_TYPES and ev.type not in SYMMETRIC_TYPES:
        return {"participants": [a for a in (ev.source, ev.target) if a is not None] + list(ev.participants),
                "source": None, "target": None}
    if cls not in SYMMETRIC_TYPES and ev.type in SYMMETRIC_TYPES and ev.participants:
        parts = list(ev.participants)
        return {"source": ev.source or parts[0], "target": ev.target or (parts[1] if len(parts) > 1 else None),
                "participants": []}
    return {}


def retype_event(ev: Event, cls: str, head: RetypeHead) -> Event:
    """A copy of `ev` as scoring type `cls`: status made consistent with the type (an IMPOSE
    that stays IMPOSE is occurred or denied; a THREATEN never planned), sides moved between
    source/target and participants (sides_as), PLOVER/CAMEO codes redone for the new type."""
    from tradewire.extract.codes import code_event

    upd = {"type": cls, "status": head.status_for(cls, ev.status), **sides_as(ev, cls)}
    return code_event(ev.model_copy(update=upd, deep=True))


class ModelFile(BaseModel):
    format: str
    features: FeatureConfig
    intercept: float
    weights: dict[str, float]
    platt: tuple[float, float]          # p = 1 / (1 + exp(-(a * z + b))), z the linear score
    threshold: float                    # events with calibrated p below it are dropped (when enabled)
    # Did cross-validation say the drops pay? If not, the model only sets calibrated confidence
    # and keeps every event (a caller may still pass a threshold explicitly).
    enabled_by_default: bool = False
    retype: RetypeHead | None = None    # format 2: the retype head (None: keep the rules' types)
    meta: dict = Field(default_factory=dict)


@dataclass
class Decision:
    """What the layer did to one event: for a decision trail."""

    event: Event
    probability: float
    kept: bool
    reason: str              # "p=0.31 < threshold 0.40; top: cue:hedge -0.52, ..." (the weights that pushed most)
    retyped_from: str | None = None     # "IMPOSE/occurred" when the retype head changed the type
    retype_reason: str = ""             # "p(THREATEN)=0.71 - p(IMPOSE)=0.18 >= margin 0.30; ..."

    def trail(self) -> dict:
        """One entry of a decision trail (JSON-ready)."""
        ev = self.event
        out = {"stage": "learned", "action": "keep" if self.kept else "drop", "type": ev.type, "status": ev.status,
               "evidence": ev.evidence[0] if ev.evidence else None, "confidence": round(self.probability, 3),
               "reason": self.reason}
        if self.retyped_from:
            out.update(retyped_from=self.retyped_from, retype_reason=self.retype_reason)
        return out


class LearnedModel:
    def __init__(self, spec: ModelFile, path: str = "<memory>"):
        self.spec, self.path = spec, path

    @property
    def threshold(self) -> float:
        """The keep threshold in force: the trained one if drops pay, else 0 (confidence only)."""
        return self.spec.threshold if self.spec.enabled_by_default else 0.0

    def linear(self, feats: dict[str, float]) -> float:
        w = self.spec.weights
        return self.spec.intercept + sum(w.get(k, 0.0) * v for k, v in feats.items())

    def calibrate(self, z: float) -> float:
        a, b = self.spec.platt
        x = a * z + b
        return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))

    @property
    def retypes(self) -> bool:
        """Does the model retype events by default (a retype head that paid in nested CV)?"""
        return self.spec.retype is not None and self.spec.retype.enabled_by_default

    def probabilities(self, events: list[Event], doc, article: Article | None) -> list[float]:
        """The keep/drop head's calibrated probability of each event as given (no retype)."""
        _info, feats = featurize_with_info(events, doc, article, self.spec.features)
        return [self.calibrate(self.linear(f)) for f in feats]

    def type_probabilities(self, events: list[Event], doc, article: Article | None) -> list[dict[str, float]]:
        """The retype head's probability of each scoring type per event ({} without a retype head)."""
        head = self.spec.retype
        if head is None:
            return [{} for _ in events]
        _info, feats = featurize_with_info(events, doc, article, self.spec.features)
        return [head.probabilities(f) for f in feats]

    def decide(self, events: list[Event], doc, article: Article | None, threshold: float | None = None,
               retype: bool | None = None, margin: float | None = None) -> list[Decision]:
        """Every event (retyped when the retype head says so) with its calibrated probability and
        whether it stays (confidence set on kept copies). `retype`: None = the model's default."""
        t = self.threshold if threshold is None else threshold
        info, feats = featurize_with_info(events, doc, article, self.spec.features)
        head = self.spec.retype
        use_head = head is not None and (self.retypes if retype is None else retype)
        out = []
        w = self.spec.weights
        for ev, f in zip(events, feats, strict=True):
            retyped_from, retype_why = None, ""
            if use_head:
                probs = head.probabilities(f)
                cls = head.choose(ev, probs, margin)
                if cls is not None:
                    new = retype_event(ev, cls, head)
                    own = scoring_type(ev)
                    m = head.margin if margin is None else margin
                    others = ", ".join(f"{c} {q:.2f}" for c, q in sorted(probs.items(), key=lambda kv: -kv[1])[:4])
                    retyped_from = f"{ev.type}/{ev.status}"
                    retype_why = (f"{ev.type}/{ev.status} -> {new.type}/{new.status}: p({cls})={probs[cls]:.2f} - "
                                  f"p({own})={probs.get(own, 0.0):.2f} >= margin {m:.2f}; top: {others}")
                    f = retyped_features(ev, new, info, self.spec.features)
                    ev = new
            p = self.calibrate(self.linear(f))
            kept = p >= t
            top = sorted(((k, w.get(k, 0.0) * v) for k, v in f.items() if w.get(k)), key=lambda kv: -abs(kv[1]))[:3]
            why = f"p={p:.2f} {'>=' if kept else '<'} threshold {t:.2f}; " + ", ".join(f"{k} {c:+.2f}" for k, c in top)
            out.append(Decision(ev.model_copy(update={"confidence": round(p, 3)}), p, kept, why, retyped_from, retype_why))
        return out

    def rescore(self, events: list[Event], doc, article: Article | None, threshold: float | None = None,
                retype: bool | None = None) -> list[Event]:
        """The stage: finished Events + Doc + Article -> kept (maybe retyped) Events with calibrated confidence."""
        return [d.event for d in self.decide(events, doc, article, threshold, retype) if d.kept]

    def extract(self, extractor, article: Article) -> list[Event]:
        """The rule extractor's events of one article, re-scored (one parse)."""
        doc = extractor.nlp(article.text)
        return self.rescore(extractor.events.extract(doc, article), doc, article)

    def to_json(self) -> str:
        return json.dumps(self.spec.model_dump(mode="json"), indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    def save(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / MODEL_FILE
        tmp = out.with_suffix(".json.tmp")
        tmp.write_text(self.to_json(), "utf-8")
        tmp.replace(out)  # nothing half-written
        return out


def _checked(spec: ModelFile, where: str) -> LearnedModel:
    if spec.format not in FORMATS:
        raise DataFileError(where, f"unknown model format {spec.format!r} (expected one of {', '.join(FORMATS)})")
    if spec.format != FORMAT and spec.retype is not None:
        raise DataFileError(where, f"format {spec.format!r} has no retype head")
    return LearnedModel(spec, where)


SHIPPED_NAME = "shipped"   # `--model shipped`: the model built by `make train`, in the package


def load_model(path: str | Path | None = None) -> LearnedModel:
    """A model folder (or its model.json); None: the shipped model. Errors name the file.

    Read through the project's one data loader (JSON is YAML), validated by ModelFile.
    """
    if path is None or str(path) == SHIPPED_NAME:
        return shipped_model()
    p = Path(path)
    f = p / MODEL_FILE if p.is_dir() else p
    if not f.exists():
        raise DataFileError(str(f), "no such model file (train one with `tradewire train`)")
    return _checked(load_path(f, ModelFile), str(f))


@cache
def shipped_model() -> LearnedModel:
    """The model built by `make train`, loaded once per process."""
    return _checked(load_data(f"model/{MODEL_FILE}", ModelFile), package_path(f"model/{MODEL_FILE}"))


def rescore(events: list[Event], doc, article: Article | None, model: LearnedModel | None = None) -> list[Event]:
    """Stage function: keep the events the (shipped) model trusts, each with its calibrated confidence."""
    return (model or shipped_model()).rescore(events, doc, article)

