"""Exact copies of one text whose extraction differs (the learned layer scores a text by its page
too: debris removed, title): the record must not depend on which copy arrived first. One
extraction is kept per text, the one of the copy published first (then by outlet, url, id)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from tradewire.flow import ingest
from tradewire.models import Actor, Article, Event, RawDocument
from tradewire.record import after_ingest, rebuild_record
from tradewire.record.query import record_signature
from tradewire.store import open_store, schema

ICELAND = Actor(name="Iceland", country="ISL", kind="GOV", id="country:ISL")
NORWAY = Actor(name="Norway", country="NOR", kind="GOV", id="country:NOR")
TEXT = ("Iceland imposed a 20% tariff on Norwegian herring on Monday, the fisheries ministry said. "
        "Norway said it would weigh a complaint at the trade body.")


def tariff(confidence: float, rate: float = 20.0) -> Event:
    return Event(type="IMPOSE", source=ICELAND, target=NORWAY, date="2031-03-03", measure="tariff", products=["herring"],
                 rate_to=rate, confidence=confidence, evidence=["Iceland imposed a 20% tariff on Norwegian herring on Monday."])


def complaint(confidence: float) -> Event:
    return Event(type="LITIGATE", source=NORWAY, target=ICELAND, status="planned", confidence=confidence,
                 evidence=["Norway said it would weigh a complaint at the trade body."])


def copy(outlet: str, published: str) -> Article:
    return Article(id=outlet.lower().replace(" ", "-"), text=TEXT, outlet=outlet, published=date.fromisoformat(published),
                   url=f"https://{outlet.lower().replace(' ', '')}.example/herring")


def store_all(db: str, items: list[tuple[Article, list[Event]]]):
    store = open_store(db)
    for article, events in items:
        store.save(article, events)
        after_ingest(store, article)
    with store.engine.connect() as conn:
        sig = record_signature(conn)
        stored = sorted(conn.execute(select(schema.articles.c.outlet)).scalars().all())
        orphans = conn.execute(select(func.count()).select_from(schema.canonical_events).outerjoin(
            schema.event_canonical, schema.event_canonical.c.canonical_id == schema.canonical_events.c.id)
            .where(schema.event_canonical.c.event_id.is_(None))).scalar_one()
    rebuild_record(store)
    with store.engine.connect() as conn:
        assert record_signature(conn) == sig    # the updates after each article equal a rebuild
    return sig, stored, orphans


def test_copies_scored_differently_give_one_record_in_any_order(tmp_path):
    first = (copy("Harbour Wire", "2031-03-03"), [tariff(0.9), complaint(0.6)])
    later = (copy("Fjord Daily", "2031-03-04"), [tariff(0.7)])        # the complaint dropped, another confidence
    other = (Article(id="b", text="Norway's minister condemned the herring tariff Iceland imposed on Monday.",
                     outlet="Bergen Post", url="https://bergenpost.example/1", published=date(2031, 3, 4)),
             [tariff(0.8)])
    a = store_all(str(tmp_path / "a.db"), [first, later, other])
    b = store_all(str(tmp_path / "b.db"), [later, other, first])    # the later copy first: replaced when the first comes
    c = store_all(str(tmp_path / "c.db"), [other, later, first])
    assert a == b == c
    sig, stored, orphans = a
    assert stored == ["Bergen Post", "Harbour Wire"] and orphans == 0
    [fused] = [s for s in sig if s[0] == "IMPOSE"]
    assert fused[6] == 2 and fused[7] == 3            # two articles, three sources (the copy is one)
    assert any(s[0] == "LITIGATE" for s in sig)       # the events of the copy published first


def test_a_copy_from_a_known_outlet_or_with_no_outlet_never_replaces(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    art = copy("Harbour Wire", "2031-03-04")
    store.save(art, [tariff(0.9)])
    again = art.model_copy(update={"published": date(2031, 3, 1)})
    bare = Article(id="x", text=TEXT, published=date(2031, 3, 1))
    with store.engine.connect() as conn:
        [aid] = conn.execute(select(schema.articles.c.id)).scalars().all()
    assert not store.first_of_copies(aid, again) and not store.first_of_copies(aid, bare)
    assert store.first_of_copies(aid, copy("Fjord Daily", "2031-03-01"))


class PageScorer:
    """Stands in for an extractor whose output depends on the page, not only the clean text."""

    def extract(self, article: Article) -> list[Event]:
        return [tariff(0.9), complaint(0.6)] if article.outlet == "Harbour Wire" else [tariff(0.7)]


def test_ingest_flow_keeps_the_extraction_of_the_first_published_copy(tmp_path):
    def raw(outlet: str, published: str) -> RawDocument:
        return RawDocument(path=f"{outlet}.txt", text=TEXT, id=outlet, outlet=outlet, url=f"https://{outlet}.example/h",
                           published=date.fromisoformat(published))

    sigs = []
    for n, order in enumerate(([("Harbour Wire", "2031-03-03"), ("Fjord Daily", "2031-03-04")],
                               [("Fjord Daily", "2031-03-04"), ("Harbour Wire", "2031-03-03")])):
        store = open_store(str(tmp_path / f"f{n}.db"))
        summary = ingest([raw(o, p) for o, p in order], store, extractor=PageScorer())
        assert not [it for it in summary.items if it.status == "failed"]
        with store.engine.connect() as conn:
            sigs.append(record_signature(conn))
    assert sigs[0] == sigs[1] and len(sigs[0]) == 2
