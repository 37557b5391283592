"""The learned layer: a trained model that re-scores the rule extractor's finished events.

    from tradewire.learn import load_model, rescore
    model = load_model()                      # the shipped model (or load_model("my-model/"))
    events = model.rescore(events, doc, article)   # kept events, calibrated `confidence`
    trail = model.decide(events, doc, article)     # every event with p, kept?, and why
    events = model.extract(extractor, article)     # parse + rules + rescore, for an Extractor

Training (`tradewire train`, `make train`): tradewire.learn.train / tradewire.learn.cli.
"""

from tradewire.learn.model import Decision, LearnedModel, load_model, rescore, shipped_model

__all__ = ["Decision", "LearnedModel", "load_model", "rescore", "shipped_model"]
