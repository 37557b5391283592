"""The learned layer as the extractor's `scoring` stage (data/pipeline.yaml:
`scoring: {scorer: "tradewire.learn.stage:learned"}`).

It sees the finished candidates (`c.event`, after merging and coding) with the article's Doc,
drops those the model does not trust (a trail entry with the probability and the weights that
decided) and sets a calibrated `confidence` on the others. Named in config and imported when
the pipeline is bound, as spaCy resolves registered functions, so `extract` does not depend on
this layer (which trains by running the extractor).
"""

from __future__ import annotations

from tradewire.extract import trail
from tradewire.learn.model import load_model


def learned(ctx, state, cands, model: str | None = None, threshold: float | None = None, retype: bool | None = None):
    """Stage function: (ctx, state, candidates) -> kept candidates; `model` a folder or model.json
    (None: the shipped model, loaded once per process); `retype` forces the retype head on or
    off (None: the model's default, set by nested CV when it was trained)."""
    live = [c for c in cands if c.event is not None]
    if not live:
        return cands
    decisions = load_model(model).decide([c.event for c in live], state.doc, state.article, threshold, retype)
    for c, d in zip(live, decisions, strict=True):
        if d.retyped_from:
            # the candidate follows its event: type, status and sides as the retyped Event has them
            c.type, c.status = d.event.type, d.event.status
            c.event = d.event.model_copy(update={"trail": c.event.trail})
            trail.note(c, "scoring", "learned_retype", "retyped", d.retype_reason)
        if d.kept:
            c.event.confidence = d.event.confidence
            trail.note(c, "scoring", "learned_keep", "kept", d.reason)
        else:
            trail.drop(c, "scoring", "learned_drop", d.reason)
    return cands  # the runner moves the dropped ones to the article's dropped list
