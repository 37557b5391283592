"""Exact copies of one text in the windowed ingest: the copy published first (then outlet, url,
id) holds the text's events whatever the window, the arrival order or the windows in flight,
each text is extracted once per run, and a copy that was not extracted never holds events."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tradewire.errors import TradewireError
from tradewire.flow import ingest, open_store
from tradewire.models import Actor, Article, Event
from tradewire.store import schema

TEXT = ("Portugal raised its tariff on Moroccan sardines to 15% on Tuesday, the economy ministry said. "
        "Morocco said it would answer in kind.")
OTHER = "Chile and Peru opened talks on a copper export accord in Lima on Friday, officials said."


def _event(outlet: str) -> Event:
    return Event(type="IMPOSE", source=Actor(name="Portugal", country="PRT", kind="GOV"),
                 target=Actor(name="Morocco", country="MAR", kind="GOV"), measure="tariff",
                 products=["sardines"], evidence=[f"scored on the page of {outlet}"])


class PageScorer:
    """Its events depend on the page (as the learned layer's do); counts what it extracted."""

    def __init__(self, fail: str | None = None) -> None:
        self.extracted: list[str] = []
        self.fail = fail

    def extract(self, article: Article) -> list[Event]:
        self.extracted.append(article.id)
        if article.id == self.fail:
            raise TradewireError("the parser gave up")
        return [_event(article.outlet or "")] if article.text == TEXT else []


def copy(outlet: str, day: int) -> Article:
    return Article(id=outlet.lower(), path=f"{outlet}.txt", text=TEXT, outlet=outlet,
                   url=f"https://{outlet.lower()}.example/s", published=date(2031, 5, day))


def holder(store) -> tuple[str, list[str], list[str]]:
    """(outlet of the article holding TEXT, its events' evidence, the outlets of its copies)."""
    a, s, ev = schema.articles, schema.article_sources, schema.events
    with store.engine.connect() as conn:
        [(aid, outlet)] = conn.execute(select(a.c.id, a.c.outlet).where(a.c.outlet.is_not(None))).all()
        evidence = [x for (e,) in conn.execute(select(ev.c.evidence).where(ev.c.article_id == aid)) for x in e]
        sources = sorted(conn.execute(select(s.c.outlet).where(s.c.article_id == aid)).scalars())
    return outlet, evidence, sources


FIRST = ("Atlas", ["scored on the page of Atlas"], ["Beira", "Coast"])


@pytest.mark.parametrize("batch_size,in_flight", [(32, 0), (1, 0), (1, 2), (2, 1)])
@pytest.mark.parametrize("order", [("Coast", "Beira", "Atlas"), ("Beira", "Atlas", "Coast"), ("Atlas", "Coast", "Beira")])
def test_the_copy_published_first_holds_the_events_in_any_window(tmp_path, order, batch_size, in_flight):
    days = {"Atlas": 1, "Beira": 2, "Coast": 3}
    scorer = PageScorer()
    store = open_store(tmp_path / "t.db")
    got = ingest([copy(o, days[o]) for o in order], store, extractor=scorer, batch_size=batch_size, in_flight=in_flight)
    assert got.ok and not got.failed
    assert holder(store) == FIRST
    if batch_size == 32:   # one window: only the copy that sorts first is extracted
        assert scorer.extracted == ["atlas"]
    again = ingest([copy(o, days[o]) for o in order], store, extractor=scorer)
    assert again.duplicates == 3 and holder(store) == FIRST


def test_a_stored_text_is_extracted_again_only_for_a_copy_published_first(tmp_path):
    store = open_store(tmp_path / "t.db")
    scorer = PageScorer()
    ingest([copy("Beira", 2)], store, extractor=scorer)
    ingest([copy("Coast", 3), Article(id="o", text=OTHER)], store, extractor=scorer)   # later: a source only
    assert scorer.extracted == ["beira", "o"]
    got = ingest([copy("Coast", 3), copy("Atlas", 1)], store, extractor=scorer)
    assert scorer.extracted == ["beira", "o", "atlas"] and got.duplicates == 2
    assert holder(store) == FIRST


def test_a_copy_not_extracted_never_takes_the_stored_articles_place(tmp_path):
    store = open_store(tmp_path / "t.db")
    store.save(copy("Beira", 2), [_event("Beira")])
    res = store.save(copy("Atlas", 1), [], extracted=False)
    assert not res.replaced and res.source_added
    assert holder(store) == ("Beira", ["scored on the page of Beira"], ["Atlas"])


def test_when_the_copy_to_extract_fails_its_other_copies_are_not_stored_empty(tmp_path):
    store = open_store(tmp_path / "t.db")
    got = ingest([copy("Beira", 2), copy("Atlas", 1)], store, extractor=PageScorer(fail="atlas"))
    assert [i.status for i in got.items] == ["failed", "failed"]
    assert "ingest it again" in got.items[0].error and got.items[1].error.endswith("the parser gave up")
    assert store.counts()["articles"] == 0
    again = ingest([copy("Beira", 2), copy("Atlas", 1)], store, extractor=PageScorer())
    assert again.ok and holder(store) == ("Atlas", ["scored on the page of Atlas"], ["Beira"])
