"""Stage `coding`: the final type of each act, its Event, PLOVER / CAMEO codes and weight."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tradewire.extract.candidate import Candidate
from tradewire.extract.codes import code_event
from tradewire.extract.merge import to_event
from tradewire.extract.registry import stage
from tradewire.extract.syntax import _ancestors
from tradewire.extract.trail import note, retype

if TYPE_CHECKING:
    from tradewire.extract.context import ArticleState, Context

STAGE = "coding"


@stage(STAGE, scope="article")
def coding(ctx: Context, state: ArticleState, cands: list[Candidate]) -> list[Candidate]:
    published = state.published
    for c in cands:
        if c.type == "IMPOSE" and c.status == "planned" and not c.restriction and (
                c.date is None or published is not None and c.date <= published.isoformat()) and _decided(ctx, c):
            # "has decided to impose duties", "will ban exports with immediate effect": taken, not warned of
            retype(c, STAGE, "decided_measure", "IMPOSE", "occurred")
        elif c.type == "EASE" and c.status == "planned" and c.date is None and _decided(ctx, c):
            retype(c, STAGE, "decided_measure", "EASE", "occurred")  # "decided to permit limited exports"
        elif c.type == "IMPOSE" and c.status == "planned" and not c.restriction and (
                c.date is None or published is not None and c.date <= published.isoformat()):
            # "would take all necessary measures", said on Friday: a measure with no day of its own
            # to take effect is a warning (EVENTS.md), made the day it was said.
            retype(c, STAGE, "planned_without_effective_date", "THREATEN", "occurred")
        c.event = code_event(to_event(c))
        note(c, STAGE, "codes", "set", f"{c.event.plover} / CAMEO {c.event.cameo} / weight {c.event.weight}")
    return cands


def _decided(ctx: Context, c: Candidate) -> bool:
    """A measure decided or put in force at once: a decision verb above it, or an immediacy phrase."""
    tok = c.trigger
    cur = tok
    for head in _ancestors(tok, 3):
        if cur.dep_ not in ("xcomp", "conj"):
            break
        if head.lemma_.lower() in ctx.lex.decision_verbs:
            return True
        cur = head
    words = " ".join(t.lower_ for t in tok.subtree if t.dep_ not in ("ccomp", "relcl") or t == tok)
    low = f" {words} "
    return any(f" {w} " in low for w in ctx.lex.immediacy_phrases)
