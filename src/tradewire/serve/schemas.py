"""Response and request bodies of the HTTP API: the extractor's own models (Event, Actor, Article)
extended with the store's ids, plus the record's shapes (canonical events, tension, threads,
agreements) that models.py does not define."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, model_validator

from tradewire.models import Actor, Article, Event

# the store keeps naive UTC timestamps; the API says so (RFC 3339 wants an offset)
UtcDatetime = Annotated[dt.datetime, AfterValidator(lambda d: d if d.tzinfo else d.replace(tzinfo=dt.UTC))]


class StoredArticle(Article):
    article_id: int = Field(description="store id (Article.id is the source's own id)")
    ingested_at: UtcDatetime | None = None
    n_events: int = 0


class StoredEvent(Event):
    id: int
    article_id: int
    article: str | None = Field(None, description="the article's own id")
    outlet: str | None = None
    published: dt.date | None = None
    canonical_id: int | None = None


class ArticleDetail(StoredArticle):
    events: list[StoredEvent] = Field(default_factory=list)


class StoredActor(Actor):
    actor_id: int
    actor_key: str
    n_source: int = 0
    n_target: int = 0
    n_participant: int = 0


class Role(BaseModel):
    role: str
    title: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


class ActorDetail(StoredActor):
    roles: list[Role] = Field(default_factory=list, description="dated roles from the knowledge base")
    events: list[StoredEvent] = Field(default_factory=list, description="latest events naming this actor")


class Source(BaseModel):
    article: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    title: str | None = None
    copy_of: str | None = None


class Mention(BaseModel):
    event_id: int
    article: str | None = None
    type: str
    status: str
    date: str | None = None
    evidence: list[str] = Field(default_factory=list)


class CanonicalEvent(BaseModel):
    id: int
    type: str
    status: str
    date: str | None = None
    sort_date: str | None = None
    first_report: dt.date | None = None
    last_report: dt.date | None = None
    source: Actor | None = None
    target: Actor | None = None
    participants: list[Actor] = Field(default_factory=list)
    countries: list[str]
    measure: str | None = None
    products: list[str] = Field(default_factory=list)
    rate_from: float | None = None
    rate_to: float | None = None
    amount_usd: float | None = None
    title: str
    n_mentions: int
    n_articles: int
    n_sources: int
    n_outlets: int
    confidence: float
    plover: str | None = None
    cameo: str | None = None
    weight: float | None = None
    sources: list[Source] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)

    @classmethod
    def from_row(cls, r: dict) -> CanonicalEvent:
        d = dict(r)
        countries = d.pop("countries")
        d["countries"] = [c for c in countries.split("|") if c] if isinstance(countries, str) else countries
        d["source"] = Actor(name=d["source_name"], country=d["source_country"]) if d.get("source_name") else None
        d["target"] = Actor(name=d["target_name"], country=d["target_country"]) if d.get("target_name") else None
        d["participants"] = [Actor(name=p["name"], country=p.get("country"), kind=p.get("kind") or "GOV")
                             for p in d.get("participants") or []]
        return cls.model_validate(d)


class Page(BaseModel):
    next_cursor: str | None = Field(None, description="pass as ?cursor= for the next page; null on the last page")
    count: int


class ArticlePage(Page):
    items: list[StoredArticle]


class EventPage(Page):
    items: list[StoredEvent]


class CanonicalPage(Page):
    items: list[CanonicalEvent]


class ActorPage(Page):
    items: list[StoredActor]


class PairSummary(BaseModel):
    pair: str
    countries: list[str]
    n_events: int
    first: str | None = None
    last: str | None = None


class Timeline(BaseModel):
    pair: list[str]
    since: str | None = None
    until: str | None = None
    events: list[CanonicalEvent] = Field(description="dated canonical events of this page, in date order")
    undated: list[CanonicalEvent] = Field(description="undated ones of this page (placed by first report)")
    next_cursor: str | None = Field(None, description="pass as ?cursor= for the next page; null on the last page")


class TensionEvent(BaseModel):
    id: int
    type: str
    status: str
    date: str | None = None
    weight: float
    title: str
    sources: int


class TensionDay(BaseModel):
    date: dt.date
    score: float
    trend: float
    events: list[TensionEvent]


class Tension(BaseModel):
    pair: list[str]
    halflife_days: float
    days: list[TensionDay]
    unplaced: list[TensionEvent]


class ThreadEvent(BaseModel):
    id: int
    date: str | None = None
    type: str
    status: str | None = None
    title: str | None = None
    n_sources: int | None = None


class Thread(BaseModel):
    pair: list[str]
    thread: int
    title: str
    start: dt.date | None = None
    end: dt.date | None = None
    events: list[ThreadEvent]


class AgreementBrief(BaseModel):
    id: int
    key: str
    c1: str
    c2: str
    parties: list
    title: str
    reached: str | None = None
    status: str
    terms: dict


class StatusEvent(BaseModel):
    id: int
    type: str
    status: str
    date: str | None = None
    first_report: dt.date | None = None
    title: str
    sources: list[Source] = Field(default_factory=list)


class StatusChange(BaseModel):
    seq: int
    status: str
    date: str | None = None
    canonical_ids: list[int]
    evidence: str | None = None
    events: list[StatusEvent] = Field(default_factory=list)


class Agreement(AgreementBrief):
    updated_at: UtcDatetime | None = None
    history: list[StatusChange]


class SearchHit(BaseModel):
    kind: str = Field(description="article (title and text) or evidence (an event's evidence sentences)")
    article_id: int
    event_id: int | None = None
    title: str | None = None
    snippet: str = Field(description="matching words between [[ and ]]")
    published: dt.date | None = None


class SearchPage(Page):
    query: str
    items: list[SearchHit]


class ArticleIn(BaseModel):
    """An article to ingest: plain text, or HTML (the body is extracted as for .html files)."""

    text: str | None = Field(None, max_length=500_000)
    html: str | None = Field(None, max_length=2_000_000)
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=200)
    published: dt.date | None = None
    id: str | None = Field(None, max_length=200)

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if bool(self.text and self.text.strip()) == bool(self.html and self.html.strip()):
            raise ValueError("give exactly one of `text` or `html`, not empty")
        return self


class IngestResult(BaseModel):
    article_id: int | None = None
    stored: bool = Field(description="false when the text was already stored (or kept as a copy of a stored one)")
    note: str | None = Field(None, description="why it was not stored again, for a duplicate")
    article: StoredArticle | None = None
    events: list[Event]


class ErrorBody(BaseModel):
    error: str
    status: int
