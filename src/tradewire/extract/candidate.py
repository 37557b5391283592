"""The working record of one event mention while an article is being read (extract stage)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from tradewire.models import Actor


@dataclass
class Candidate:
    type: str
    trigger: Token
    sent_index: int
    noun: bool
    anaphoric: bool = False
    restriction: bool = False      # a negated permission ("not allowed to bid"): the ban is the act
    source: Actor | None = None
    target: Actor | None = None
    participants: list[Actor] = field(default_factory=list)
    status: str = "occurred"
    date: str | None = None
    date_text: str | None = None
    measure: str | None = None
    products: list[str] = field(default_factory=list)
    rate_from: float | None = None
    rate_to: float | None = None
    amount: float | None = None
    location: str | None = None
    evidence: list[str] = field(default_factory=list)
    separate: bool = False
    measure_head: str | None = None
    third_party: bool = False
    date_direct: bool = False
    date_inferred: bool = False    # dated from neighbouring sentences, not from its own words
    report_date: tuple[str, str] | None = None  # (value, text) of the report that tells a perfect-tense act
    mentions: int = 1
    kb_actors: int = 0

    def countries(self) -> set[str]:
        return {a.country for a in [self.source, self.target, *self.participants] if a and a.country}
