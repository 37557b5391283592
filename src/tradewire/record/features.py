"""What fusion compares: one stored event with its article, actors, goods and dates, loaded once.

Everything here is derived from stored content only (never from row ids or arrival order), so
that the clusters built from it do not depend on the order articles were ingested in.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache

from tradewire.models import SYMMETRIC_TYPES
from tradewire.record.knowledge import generic_goods, goods, looks_like_person
from tradewire.resolve.kb import load_kb, norm_key

_WORD = re.compile(r"\w+", re.UNICODE)
# Measures are a government's acts (fusion.py says what follows from that).
MEASURE_TYPES = frozenset({"IMPOSE", "EASE", "INVESTIGATE", "LITIGATE"})
# a dateline ("WASHINGTON, March 4 (Harbour Wire) -") the cleaner did not take out opens the text
# within this many characters (after the outlet's name, at most)
HEAD_CHARS = 80


@lru_cache(maxsize=1)
def goods_index() -> tuple[dict[str, str], frozenset[str]]:
    """term -> sector (goods.yaml) and the generic goods phrases (goods_generic.yaml)."""
    sector = {t.lower(): g.sector for g in goods() for t in g.terms}
    return sector, generic_goods()


@lru_cache(maxsize=1)
def hs_chapters_of() -> dict[str, list[str]]:
    """sector -> HS 2022 chapters (goods.yaml)."""
    return {g.sector: list(g.hs_chapters) for g in goods()}


def sectors(products: list[str]) -> frozenset[str] | None:
    """The goods of an event as sectors (unknown terms kept as written, singularised); None when
    the event names no goods or only generic ones ("other major exports"): a wildcard."""
    sector, generic = goods_index()
    out = set()
    for p in products or []:
        t = " ".join(p.lower().split())
        if not t or t in generic:
            continue
        if t in sector:
            out.add(sector[t])
            continue
        # longest known term inside the phrase ("korean steel products" -> steel)
        words = t.split()
        hit = None
        for n in range(len(words), 0, -1):
            for i in range(len(words) - n + 1):
                sub = " ".join(words[i:i + n])
                if sub in sector:
                    hit = sector[sub]
                    break
            if hit:
                break
        out.add(hit or t.rstrip("s"))
    return frozenset(out) or None


@lru_cache(maxsize=1)
def kb_ids() -> tuple[frozenset[str], frozenset[str]]:
    """Ids of the people and of every other actor (countries, institutions, regions) of the KB."""
    kb = load_kb()
    others = frozenset(e.actor.id for entries in kb.surface.values() for e in entries if e.actor.id)
    return frozenset(kb.people), others


def is_person(key: str, name: str) -> bool:
    """Is a stored actor (its key: the KB id, or name|country|kind when unresolved) a person?

    The knowledge base decides for its own actors. Any other actor, one added with `--actors`
    or a name the resolver did not know, is decided from its stored name, so that the record
    does not depend on which actor files a later command happens to load."""
    people, others = kb_ids()
    if key in people:
        return True
    if key in others or key.startswith("country:"):
        return False
    return looks_like_person(name)


@lru_cache(maxsize=1)
def _country_surfaces() -> dict[str, str]:
    """Spelling-insensitive surface (name, demonym, capital, institution, person's name or
    surname) -> its country, from the KB; a surface of two countries is left out."""
    kb = load_kb()
    out: dict[str, str | None] = {}

    def add(key: str, country: str | None) -> None:
        if country:
            out[key] = country if out.get(key, country) == country else None

    for key, entries in kb.surface.items():
        for e in entries:
            add(key, e.actor.country)
    for key, ids in kb.person_keys.items():
        for pid in ids:
            add(key, kb.people[pid].country)
    for surname, ids in kb.surnames.items():
        for pid in ids:
            add(norm_key(surname), kb.people[pid].country)
    return {k: v for k, v in out.items() if v}


def names_country(texts: list[str], country: str, name: str | None = None) -> bool:
    """Does one of these sentences name the country (or the actor `name`), by any KB surface of it
    (word n-grams up to four words)?"""
    surf = _country_surfaces()
    own = norm_key(name) if name else None
    for text in texts:
        keys = _text_keys(text)
        if own in keys or any(surf.get(key) == country for key in keys):
            return True
    return False


@lru_cache(maxsize=8192)
def _text_keys(text: str) -> frozenset[str]:
    """The keys of a sentence's word n-grams (up to four words): an event's evidence is asked
    again on every record update that loads it."""
    words = _WORD.findall(text)
    return frozenset(norm_key(" ".join(words[i:i + n])) for n in range(1, 5) for i in range(len(words) - n + 1))


@lru_cache(maxsize=1)
def _day_phrase() -> re.Pattern:
    """ "April 28", "28 April", "Aug. 1" (month names from data/dates.yaml)."""
    from tradewire.extract.dates import MONTHS

    mon = "|".join(sorted({m for full in MONTHS for m in (full, full[:3] + r"\.?")}, key=len, reverse=True))
    return re.compile(rf"\b(?:(?:{mon})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?|\d{{1,2}}\s+(?:{mon})(?:\s+(?:19|20)\d\d)?)\b",
                      re.IGNORECASE)


def named_days(texts: list[str], published: date | None) -> frozenset[str]:
    """The days (YYYY-MM-DD) these sentences name by month and day, resolved against publication
    (a day without its year: the one nearest publication, ahead or behind: "from April 28")."""
    return _named_days(tuple(texts), published)


@lru_cache(maxsize=4096)
def _named_days(texts: tuple[str, ...], published: date | None) -> frozenset[str]:
    from tradewire.extract.dates import resolve_date

    out = set()
    for text in texts:
        for m in _day_phrase().finditer(text):
            days = [d for d in {resolve_date(m.group(0), published), resolve_date(m.group(0), published, future=True)}
                    if d and len(d) == 10]
            if days and published is not None:
                out.add(min(days, key=lambda d: (abs((date.fromisoformat(d) - published).days), d)))
            elif len(days) == 1:
                out.add(days[0])
    return frozenset(out)


def date_span(d: str) -> tuple[date, date]:
    """First and last day of a YYYY, YYYY-MM or YYYY-MM-DD date."""
    parts = [int(x) for x in d.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    day = date(*parts)
    return day, day


def family(type_: str, status: str) -> str:
    """Types that may report the same act: a threat and a planned imposition are one family
    ("COERCE"); denied acts only fuse with denied acts of the same type."""
    if status == "denied":
        return f"{type_}~denied"
    if type_ in ("THREATEN", "IMPOSE"):
        return "COERCE"
    return type_


@dataclass
class Ev:
    id: int
    key: str                      # order-independent identity: article text hash + position
    article_id: int
    article_key: str              # article text hash
    published: date | None
    outlet_key: str               # independent-source key: the outlet, else the article itself
    type: str
    status: str
    date: str | None
    measure: str | None
    products: list[str]
    rate_from: float | None
    rate_to: float | None
    amount_usd: float | None
    evidence: list[str]
    confidence: float
    source_country: str | None
    target_country: str | None
    countries: frozenset[str]
    actors: list[dict] = field(default_factory=list)      # role, name, country, kind, key
    sectors: frozenset[str] | None = None
    persons: dict[str, frozenset[str]] = field(default_factory=dict)
    words: list[frozenset[str]] = field(default_factory=list)
    span: tuple[date, date] | None = None
    source_kind: str | None = None   # GOV, BUS, ... of the source (directed types)
    date_text: str | None = None
    head: str = ""                   # its article's dateline and the opening of its text

    @property
    def dated_by_report(self) -> bool:
        """Dated by its article's day (the dateline or publication date, no date words of its own):
        the act may be of the day before (a statement of the evening, filed the next morning). Date
        words that stand in the article's opening line ("NEW YORK, June 28 -") are its dateline."""
        if not (self.date is not None and self.published is not None and self.date == self.published.isoformat()):
            return False
        words = (self.date_text or "").strip()
        return not words or words == self.date or (len(words) > 2 and words in self.head)

    @cached_property
    def target_stated(self) -> bool:
        """Its evidence names the target (else the extractor inferred it); computed when asked."""
        if not self.target_country or self.type in SYMMETRIC_TYPES:
            return True
        target = next((x["name"] for x in self.actors if x["role"] == "target"), None)
        return names_country(self.evidence, self.target_country, target)

    @cached_property
    def days_named(self) -> frozenset[str]:
        """The days a dated measure's evidence names ("announced the ban from April 28")."""
        if self.type not in MEASURE_TYPES or not self.date:
            return frozenset()
        return named_days(self.evidence, self.published)

    @property
    def fam(self) -> str:
        return family(self.type, self.status)

    @property
    def block(self) -> str:
        if self.type in SYMMETRIC_TYPES:
            sides = "+".join(sorted(self.countries)) or "-"
        else:  # the target is compared pairwise (an unknown target may meet any)
            sides = f"{self.source_country or '-'}>"
        return f"{self.fam}|{sides}"


def load_events(conn, event_ids: list[int]) -> list[Ev]:
    """Fusion features of these stored events (chunked IN queries)."""
    from tradewire.record.statements import chunks, q

    rows, links = [], {}
    for part in chunks(event_ids):
        rows += conn.execute(q().event_rows, {"ids": part}).all()
        for r in conn.execute(q().event_actors, {"ids": part}):
            links.setdefault(r.event_id, []).append(
                {"role": r.role, "key": r.key, "name": r.name, "country": r.country, "kind": r.kind})
    out = []
    for r in rows:
        m = r._mapping
        actors = sorted(links.get(m["id"], []), key=lambda x: (x["role"], x["name"], x["country"] or ""))
        countries = frozenset(x["country"] for x in actors if x["country"])
        persons: dict[str, set[str]] = {}
        for x in actors:
            if x["country"] and is_person(x["key"], x["name"]):
                persons.setdefault(x["country"], set()).add(x["name"])
        outlet = (m["outlet"] or "").strip().lower()
        ev = Ev(
            id=m["id"], key=f"{m['content_hash'][:20]}:{m['seq']:03d}", article_id=m["article_id"],
            article_key=m["content_hash"], published=m["published"],
            outlet_key=f"outlet:{outlet}" if outlet else f"article:{m['content_hash'][:20]}",
            type=m["type"], status=m["status"], date=m["date"], measure=m["measure"], products=list(m["products"] or []),
            rate_from=m["rate_from"], rate_to=m["rate_to"], amount_usd=m["amount_usd"], evidence=list(m["evidence"] or []),
            confidence=m["confidence"], source_country=m["source_country"], target_country=m["target_country"],
            countries=countries, actors=actors, date_text=m["date_text"], head=f"{m['dateline'] or ''}\n{m['head'] or ''}",
        )
        ev.source_kind = next((x["kind"] for x in actors if x["role"] == "source" and x["kind"]), None)
        ev.sectors = sectors(ev.products)
        ev.persons = {c: frozenset(v) for c, v in persons.items()}
        ev.words = [frozenset(_WORD.findall(s.lower())) for s in ev.evidence]
        if ev.date:
            try:
                ev.span = date_span(ev.date)
            except ValueError:
                ev.date, ev.span = None, None
        out.append(ev)
    out.sort(key=lambda x: x.key)
    return out
