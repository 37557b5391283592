"""Stage `coding`: the final type of each act, its Event, PLOVER / CAMEO codes and weight."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tradewire.extract.candidate import Candidate
from tradewire.extract.codes import code_event
from tradewire.extract.merge import to_event
from tradewire.extract.registry import stage
from tradewire.extract.trail import note, retype

if TYPE_CHECKING:
    from tradewire.extract.context import ArticleState, Context

STAGE = "coding"


@stage(STAGE, scope="article")
def coding(ctx: Context, state: ArticleState, cands: list[Candidate]) -> list[Candidate]:
    published = state.published
    for c in cands:
        if c.type == "IMPOSE" and c.status == "planned" and not c.restriction and (
                c.date is None or published is not None and c.date <= published.isoformat()):
            # "would take all necessary measures", said on Friday: a measure with no day of its own
            # to take effect is a warning (EVENTS.md), made the day it was said.
            retype(c, STAGE, "planned_without_effective_date", "THREATEN", "occurred")
        c.event = code_event(to_event(c))
        note(c, STAGE, "codes", "set", f"{c.event.plover} / CAMEO {c.event.cameo} / weight {c.event.weight}")
    return cands
