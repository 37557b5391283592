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
