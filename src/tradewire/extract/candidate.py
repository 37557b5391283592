"""The working record of one event mention while an article is being read (extract stage)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from tradewire.extract.trail import Decision
from tradewire.models import Actor, Event


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
    split_target: bool = False     # one of several listed targets of one measure (split stage)
    measure_head: str | None = None
    third_party: bool = False
    date_direct: bool = False
    date_inferred: bool = False    # dated from neighbouring sentences, not from its own words
    report_date: tuple[str, str] | None = None  # (value, text) of the report that tells a perfect-tense act
    mentions: int = 1
    kb_actors: int = 0
    # Set by the triggers stage, read by the later ones (the frame the act is told in).
    frame: str = "main"            # "main", "restriction" (a negated permission) or "patient" ("India will face ...")
    speaker: Actor | None = None   # the one whose reported speech the trigger is in
    speech_verb: Token | None = None
    gov: Token | None = None       # the verb a nominal trigger depends on ("held talks")
    act: Token | None = None       # the participle stating a nominal act ("a deal struck on Sunday")
    clause: Token | None = None    # the clause the act's attributes are read from
    decree: bool = False           # the trigger describes a decree ("an order imposing duties")
    vowed: bool = False            # a measure vowed ("vowed to retaliate"): a threat
    dating_type: str | None = None  # the type the dating rules read the act as, when retyped before dating
    people: dict[str, Actor] = field(default_factory=dict)  # country -> the person its sentence names (roles)
    dropped: bool = False
    trail: list[Decision] = field(default_factory=list)
    event: Event | None = None     # the finished Event (coding stage)

    def countries(self) -> set[str]:
        return {a.country for a in [self.source, self.target, *self.participants] if a and a.country}
