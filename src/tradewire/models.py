"""Typed records passed between pipeline stages (ingest → clean → nlp → resolve → extract → store)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

EventType = Literal[
    "CONSULT", "AGREE", "THREATEN", "IMPOSE", "EASE", "ACCUSE",
    "DEMAND", "REJECT", "PLEDGE", "INVESTIGATE", "LITIGATE",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE"})
Status = Literal["occurred", "planned", "hypothetical", "denied"]
Measure = Literal[
    "tariff", "investment", "purchase", "export_control", "quota", "sanction",
    "market_access", "legislation", "other",
]
Kind = Literal["GOV", "LEG", "BUS", "MED", "IGO", "OTHER"]


class RawDocument(BaseModel):
    """What a reader got from a source, before cleaning."""

    path: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    id: str | None = None
    warnings: list[str] = Field(default_factory=list)


class Removed(BaseModel):
    """A piece of scraping noise taken out of the text, kept with the article."""

    kind: str
    text: str


class Article(BaseModel):
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    path: str | None = None
    byline: str | None = None
    dateline: str | None = None
    removed: list[Removed] = Field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


def content_hash(text: str) -> str:
    """Identity of an article: the hash of its whitespace-normalised clean text."""
    norm = " ".join(text.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


class Actor(BaseModel):
    name: str
    country: str | None = None
    kind: Kind = "GOV"
    id: str | None = Field(default=None, exclude=True)

    def key(self) -> tuple:
        return (self.id or self.name, self.country)


class Event(BaseModel):
    """One trade-policy act, in the public shape of EVENTS.md (plus coding fields)."""

    type: EventType
    source: Actor | None = None
    target: Actor | None = None
    participants: list[Actor] = Field(default_factory=list)
    date: str | None = None
    date_text: str | None = None
    status: Status = "occurred"
    measure: Measure | None = None
    products: list[str] = Field(default_factory=list)
    rate_from: float | None = None
    rate_to: float | None = None
    amount_usd: float | None = None
    location: str | None = None
    evidence: list[str] = Field(default_factory=list)
    # coding (issue: codes and confidence)
    plover: str | None = None
    cameo: str | None = None
    weight: float | None = None
    confidence: float = 0.5
    # The decision trail (stage, rule, decision, why) of the candidate this event came from:
    # excluded from normal output, included by `extract --trace` and `explain`.
    trail: list[dict] | None = Field(default=None, exclude=True)

    def countries(self) -> set[str]:
        actors = [self.source, self.target, *self.participants]
        return {a.country for a in actors if a is not None and a.country}


class ExtractionResult(BaseModel):
    article: Article
    events: list[Event]


class Mention(BaseModel):
    """A span of the article's Doc resolved to an actor (or a place)."""

    start: int                 # token offsets in the Doc
    end: int
    text: str
    kind: str                  # person | country | capital | demonym | institution | group | title | pronoun
    actor: Actor
    is_location: bool = False
    role_title: str | None = None
