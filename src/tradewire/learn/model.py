"""A trained learned layer: readable weights in JSON, scored in plain Python (no pickle, no sklearn at run time).

model.json holds the feature configuration the model was trained with, one weight per named
feature, the Platt calibration (a, b) fitted on cross-validated scores, the keep threshold
chosen by grouped cross-validation, and the training figures. Everything is plain numbers and
names: a reviewer can read why an event was kept, and no code is loaded from the file.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, Field

from tradewire.data import DataFileError, load_data, load_path, package_path
from tradewire.learn.features import FeatureConfig, featurize_events
from tradewire.models import Article, Event

FORMAT = "tradewire-learned-layer/1"
MODEL_FILE = "model.json"


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
    meta: dict = Field(default_factory=dict)


@dataclass
class Decision:
    """What the layer did to one event: for a decision trail."""

    event: Event
    probability: float
    kept: bool
    reason: str              # "p=0.31 < threshold 0.40; top: cue:hedge -0.52, ..." (the weights that pushed most)

    def trail(self) -> dict:
        """One entry of a decision trail (JSON-ready)."""
        ev = self.event
        return {"stage": "learned", "action": "keep" if self.kept else "drop", "type": ev.type, "status": ev.status,
                "evidence": ev.evidence[0] if ev.evidence else None, "confidence": round(self.probability, 3),
                "reason": self.reason}


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

    def probabilities(self, events: list[Event], doc, article: Article | None) -> list[float]:
        feats = featurize_events(events, doc, article, self.spec.features)
        return [self.calibrate(self.linear(f)) for f in feats]

    def decide(self, events: list[Event], doc, article: Article | None, threshold: float | None = None) -> list[Decision]:
        """Every event with its calibrated probability and whether it stays (confidence set on kept copies)."""
        t = self.threshold if threshold is None else threshold
        feats = featurize_events(events, doc, article, self.spec.features)
        out = []
        w = self.spec.weights
        for ev, f in zip(events, feats, strict=True):
            p = self.calibrate(self.linear(f))
            kept = p >= t
            top = sorted(((k, w.get(k, 0.0) * v) for k, v in f.items() if w.get(k)), key=lambda kv: -abs(kv[1]))[:3]
            why = f"p={p:.2f} {'>=' if kept else '<'} threshold {t:.2f}; " + ", ".join(f"{k} {c:+.2f}" for k, c in top)
            out.append(Decision(ev.model_copy(update={"confidence": round(p, 3)}), p, kept, why))
        return out

    def rescore(self, events: list[Event], doc, article: Article | None, threshold: float | None = None) -> list[Event]:
        """The stage: finished Events + Doc + Article -> kept Events with calibrated confidence."""
        return [d.event for d in self.decide(events, doc, article, threshold) if d.kept]

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
    if spec.format != FORMAT:
        raise DataFileError(where, f"unknown model format {spec.format!r} (expected {FORMAT!r})")
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

