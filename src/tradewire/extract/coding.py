"""Stage `coding`: the final type of each act, its Event, PLOVER / CAMEO codes and weight."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tradewire.extract.candidate import Candidate
from tradewire.extract.codes import code_event
from tradewire.extract.deals import _tied_to_deal
from tradewire.extract.merge import to_event
from tradewire.extract.registry import stage
from tradewire.extract.syntax import _ancestors, _is_time_word
from tradewire.extract.trail import drop, note, retype

if TYPE_CHECKING:
    from tradewire.extract.context import ArticleState, Context

STAGE = "coding"


@stage(STAGE, scope="article")
def coding(ctx: Context, state: ArticleState, cands: list[Candidate]) -> list[Candidate]:
    published = state.published
    for c in cands:
        if c.type == "IMPOSE" and c.status == "planned" and not c.restriction and not c.noun \
                and c.trigger.lemma_.lower() in ctx.lex.status_quo_verbs:
            # "will maintain its tariffs": the measure stays as it is, no new act (nor a threat)
            drop(c, STAGE, "status_quo_measure", f"{c.trigger.lemma_!r} a measure in force: no new act")
            continue
        if c.type == "IMPOSE" and c.status == "planned" and not c.restriction and _effective_from(ctx, c):
            note(c, STAGE, "own_effective_date", "kept", "a day it takes effect ('from Sunday'): a measure, not a warning")
        elif c.type == "IMPOSE" and c.status == "planned" and not c.restriction and _deal_term(ctx, c):
            note(c, STAGE, "deal_term", "kept", "a term of a deal: planned, never a threat")
        elif c.type == "IMPOSE" and c.status == "planned" and not c.restriction and (
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
        # ("decided to stop imports, expanding its ban": a participle shares the decision)
        if cur.dep_ not in ("xcomp", "conj") and not (cur.dep_ == "advcl" and cur.tag_ == "VBG"
                                                      and not any(k.dep_ == "mark" for k in cur.children)):
            break
        if head.lemma_.lower() in ctx.lex.decision_verbs:
            return True
        cur = head
    words = " ".join(t.lower_ for t in tok.subtree if t.dep_ not in ("ccomp", "relcl") or t == tok)
    low = f" {words} "
    return any(f" {w} " in low for w in ctx.lex.immediacy_phrases)


def _effective_from(ctx: Context, c: Candidate) -> bool:
    """The measure's own clause gives the day it applies from ("... on 28 products from Sunday")."""
    if c.date_text and c.date_text.lower().split()[0] in ctx.lex.effective_date_prefixes:
        return True
    own = [t for t in c.trigger.subtree if not _in_other_clause(t, c.trigger)]
    return any(t.lower_ in ctx.lex.effective_date_prefixes and t.dep_ == "prep" and any(
        _is_time_word(g) for g in t.children) for t in own)


def _in_other_clause(t, top) -> bool:
    """Is t inside a clause of its own (ccomp, relcl, advcl) below top?"""
    cur = t
    while cur != top and cur.head != cur:
        if cur.dep_ in ("ccomp", "relcl", "advcl"):
            return True
        cur = cur.head
    return False


def _deal_term(ctx: Context, c: Candidate) -> bool:
    """'Under the deal, the US will impose a 19% tariff ...', 'a pact that will set duties ...': a deal's term."""
    tok = c.trigger
    for a in [tok, *tok.ancestors]:
        if a.dep_ in ("relcl", "acl") and a.head.lemma_.lower() in ctx.lex.deal_words:
            return True
    return any(ch.dep_ == "prep" and ch.lower_ in ("under",) and any(
        g.dep_ == "pobj" and g.lemma_.lower() in ctx.lex.deal_words for g in ch.children) for ch in tok.children) \
        or _tied_to_deal(tok, lambda t: t.lemma_.lower() in ctx.lex.deal_words, ctx.lex.deal_term_preps,
                         ctx.lex.deal_term_marks)  # (deals.py: "..., while the US will impose ...")
