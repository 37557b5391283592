"""A deal's terms (guide: an AGREE with its terms): an easing told as what a two-party deal does
("a pact that will cut tariffs", "the agreement will remove duties") is each side's planned EASE.
Used by the merge stage, which knows the deals of the article."""

from __future__ import annotations

import copy

from tradewire.extract.candidate import Candidate
from tradewire.extract.trail import note
from tradewire.resolve.kb import KnowledgeBase


def _named(actor) -> bool:
    """A person or institution of the knowledge base, not a bare country."""
    return bool(actor is not None and actor.id and not actor.id.startswith("country:"))


_MAYBE = ("would", "could", "may", "might", "should")


def _deal_term(c: Candidate, is_deal) -> bool:
    """An easing with no sides of its own told as what a deal does: "a pact that will cut tariffs",
    "the agreement will remove duties"."""
    if c.type != "EASE" or c.noun or not (c.anaphoric or c.source is None):
        return False
    t = c.trigger
    if any(ch.dep_ == "aux" and ch.lower_ in _MAYBE for ch in t.children):
        return False  # "a deal that would cut tariffs" is a hope, not a term
    if t.dep_ in ("relcl", "acl") and is_deal(t.head):
        return True
    return any(ch.dep_ == "nsubj" and is_deal(ch) for ch in t.children)


def _tied_to_deal(t, is_deal, preps, marks) -> bool:
    """The trigger (or the verb it hangs on) is told as what a deal does: "a pact that sets...",
    "the deal will lower...", "... under the agreement"; a clause "while the US will impose ..."
    hangs on another term of the deal."""
    for h in (t, t.head):
        if h.dep_ in ("relcl", "acl") and is_deal(h.head):
            return True
        for ch in h.children:
            if ch.dep_ in ("nsubj", "nsubjpass") and is_deal(ch) and h is t:
                return True
            if ch.dep_ == "prep" and ch.lower_ in preps and any(g.dep_ == "pobj" and is_deal(g) for g in ch.children):
                return True
        if h.dep_ not in ("xcomp", "ccomp", "conj") and not (
                h.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in h.children)):
            break
    return False


def deal_term_measure(c: Candidate, is_deal, preps, marks) -> bool:
    """A measure a deal sets ("the United States will impose a 20% tariff under the deal") is decided:
    a planned IMPOSE, never a THREATEN (guide: a deal term). Retypes c and says so on its trail."""
    if c.type != "THREATEN" or c.noun:
        return False
    t = c.trigger
    if any(ch.dep_ == "aux" and ch.lower_ in _MAYBE for ch in t.children) or any(
            ch.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in ch.children)
            for ch in t.children):
        return False  # "would face tariffs if no deal is reached" is a threat
    if not _tied_to_deal(t, is_deal, preps, marks):
        return False
    c.type, c.status = "IMPOSE", "planned"
    note(c, "merge", "deal_term_measure", "retyped", "a measure the deal sets: IMPOSE planned, not a threat")
    return True


def _deal_terms(c: Candidate, agree: Candidate, kb: KnowledgeBase) -> list[Candidate]:
    """Each side's easing under a two-party deal (guide: an AGREE with its terms), planned."""
    sides = sorted(agree.countries())
    if len(sides) != 2:
        return []
    parts = []
    for src, tgt in (sides, sides[::-1]):
        part = copy.copy(c)
        part.trail, part.products, part.evidence = list(c.trail), list(c.products), list(c.evidence)
        own = [p for p in agree.participants if p.country == src]
        part.source = next((p for p in own if _named(p)), None) or kb.country_actor(src)
        part.target = kb.country_actor(tgt)
        part.anaphoric, part.status, part.date, part.date_text = False, "planned", None, None
        note(part, "merge", "deal_term", "split", f"{src}'s term of the deal of sentence {agree.sent_index}")
        parts.append(part)
    return parts
