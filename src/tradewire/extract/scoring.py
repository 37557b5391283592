"""Stage `scoring`: the slot for a learned scorer, a no-op unless one is configured.

A scorer is any registered stage (see registry.py) named in pipeline.yaml's `scoring`
settings, e.g. `settings: {scorer: learned_veto}`; it receives the finished candidates (each
with `c.event` and `c.trail`) plus `state.doc` and `state.article`, and returns the ones
to keep, after `trail.drop(c, ...)` on those it rejects and setting `c.event.confidence`
on those it re-scores. Because it runs after merging and coding it sees the events exactly
as they would be stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, field_validator

from tradewire.extract.candidate import Candidate
from tradewire.extract.registry import STAGES, stage

if TYPE_CHECKING:
    from tradewire.extract.context import ArticleState, Context


class ScoringSettings(BaseModel):
    model_config = ConfigDict(extra="allow")  # the scorer's own settings pass through
    scorer: str | None = None

    @field_validator("scorer")
    @classmethod
    def _loadable(cls, name: str | None) -> str | None:
        if name is not None:
            resolve_scorer(name)  # fail when the pipeline is read, not at the first article
        return name


@stage("scoring", settings=ScoringSettings, scope="article")
def scoring(ctx: Context, state: ArticleState, cands: list[Candidate], scorer=None, **settings) -> list[Candidate]:
    if scorer is None:
        return cands
    return resolve_scorer(scorer)(ctx, state, cands, **settings)


def resolve_scorer(name: str):
    """A registered stage name, or 'package.module:function' (imported, so it can register itself)."""
    if ":" in name:
        import importlib

        module, _, attr = name.partition(":")
        try:
            return getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as exc:
            raise ValueError(f"scorer {name!r} cannot be loaded ({exc.__class__.__name__})") from None
    if name not in STAGES:
        raise ValueError(f"scorer {name!r} is no registered stage and no 'module:function'")
    return STAGES[name].func
