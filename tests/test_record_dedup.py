"""Duplicate articles: exact and near copies are kept as extra sources of the stored article,
never as articles of their own, so no count changes but the sources."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import create_engine, func, insert, select
from typer.testing import CliRunner

from tradewire.cli import app
from tradewire.models import Actor, Article, Event, RawDocument
from tradewire.read.clean import clean
from tradewire.record import after_ingest
from tradewire.record.query import canonical_events
from tradewire.store import dedup, open_store, schema
from tradewire.store.migrations import MIGRATIONS, current_version

BODY = (
    "South Korea's industry minister wrapped up a second day of talks with U.S. Commerce Secretary Howard Lutnick "
    "on Friday without a commitment that Washington would hold off on higher tariffs, but said the gap between the "
    "two sides had narrowed. Kim Jung-kwan told reporters outside the Commerce Department that he had assured Lutnick "
    "the National Assembly would pass the investment bill in February. The meeting followed a first round on "
    "Thursday that ended without a result. President Donald Trump rattled Seoul this week by announcing that "
    "tariffs on South Korean vehicles, lumber and pharmaceuticals would go up to 25% from 15%, saying the country's "
    "lawmakers had failed to approve the 2025 trade deal."
)
ORIGINAL = "South Korea's Kim ends second round of Lutnick talks\n" + BODY
COPY = BODY + "\nThis article was republished from Meridian News Agency."
OTHER = ("Canada announced counter-tariffs on 29.8 billion Canadian dollars of U.S. goods on Wednesday, including steel, "
         "computers and sports equipment, a day after Washington's metal tariffs took effect. Finance Minister Dominic "
         "LeBlanc said the measures would stay in place as long as the U.S. tariffs did.")

KOR = Actor(name="Kim Jung-kwan", country="KOR", kind="GOV", id="kor_kim_jungkwan")
USA = Actor(name="Howard Lutnick", country="USA", kind="GOV", id="usa_lutnick_howard")


def _talks(evidence: str) -> list[Event]:
    return [Event(type="CONSULT", participants=[KOR, USA], date="2026-01-30", evidence=[evidence], confidence=0.7)]


def _article(text: str, outlet: str, url: str, published=date(2026, 1, 31), id_: str = "a") -> Article:
    return Article(id=id_, text=text, outlet=outlet, url=url, published=published)


def _counts(store) -> dict:
    with store.engine.connect() as conn:
        n = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
             for t in (schema.article_sources, schema.canonical_events, schema.event_canonical)}
    return {**store.counts(), **n}


def test_shingles_and_signature_estimate():
    a, b = dedup.shingles(ORIGINAL), dedup.shingles(COPY)
    assert dedup.jaccard(a, b) >= dedup.THRESHOLD
    assert dedup.jaccard(a, dedup.shingles(OTHER)) < 0.1
    (va, _), (vb, _), (vo, _) = dedup.signatures([ORIGINAL, COPY, OTHER])
    assert dedup.estimate(va, vb) > 0.6 > dedup.estimate(va, vo)
    assert len(dedup.band_keys(va)) == dedup.lsh_params()[0]
    assert set(dedup.band_keys(va)) & set(dedup.band_keys(vb))  # the copy is an LSH candidate


def test_near_copy_becomes_a_source_of_the_original(db_path):
    store = open_store(db_path)
    first = store.save(_article(ORIGINAL, "Meridian News Agency", "https://meridian.example/1", id_="orig"), _talks(BODY[:80]))
    after_ingest(store, _article(ORIGINAL, "Meridian News Agency", "https://meridian.example/1"))
    before = _counts(store)
    copy = _article(COPY, "Business Asia Daily", "https://bad.example/2", date(2026, 1, 30), id_="copy")
    res = store.save(copy, _talks(BODY[:80]))
    after_ingest(store, copy)
    assert res.created is False and res.duplicate_of == first.article_id and res.similarity >= 0.8
    after = _counts(store)
    assert after["article_sources"] == before["article_sources"] + 1
    assert {k: v for k, v in after.items() if k != "article_sources"} == {
        k: v for k, v in before.items() if k != "article_sources"}
    assert store.find_article(copy.content_hash) == first.article_id
    with store.engine.connect() as conn:
        [c] = canonical_events(conn)
        row = conn.execute(select(schema.article_sources)).one()._mapping
    assert row["kind"] == "near" and row["outlet"] == "Business Asia Daily" and row["text"] == COPY
    # the copy is a source but not an independent one; its earlier date is the first report
    assert (c["n_sources"], c["n_articles"], c["n_outlets"]) == (2, 1, 1)
    assert str(c["first_report"]) == "2026-01-30"
    assert {s["outlet"] for s in c["sources"]} == {"Meridian News Agency", "Business Asia Daily"}
    # saving the copy again changes nothing
    again = store.save(copy, _talks(BODY[:80]))
    after_ingest(store, copy)
    assert again.created is False and _counts(store) == after


def test_exact_copy_from_another_outlet_is_a_source_once(db_path):
    store = open_store(db_path)
    store.save(_article(ORIGINAL, "Meridian News Agency", "https://meridian.example/1"), _talks(BODY[:80]))
    before = _counts(store)
    same_text = _article("  " + ORIGINAL.replace(" ", "  ") + "\n", "Pacific Wire", "https://pw.example/3")
    res = store.save(same_text, [])
    assert res.created is False and res.source_added is True and res.similarity == 1.0
    assert store.save(same_text, []).source_added is False       # the same outlet/url again: nothing new
    no_meta = Article(id="x", text=ORIGINAL)                      # no outlet, no url: a re-ingest, not a source
    assert store.save(no_meta, []).source_added is False
    after = _counts(store)
    assert after["article_sources"] == before["article_sources"] + 1
    assert after["articles"] == before["articles"] and after["events"] == before["events"]


def test_a_different_story_is_stored(db_path):
    store = open_store(db_path)
    store.save(_article(ORIGINAL, "Meridian", "u1"), [])
    res = store.save(_article(OTHER, "Maple Leaf Wire", "u2"), [])
    assert res.created is True and res.duplicate_of is None
    assert store.counts()["articles"] == 2


def test_migration_v2_indexes_articles_stored_before(tmp_path):
    """A version-1 store keeps its data and gets MinHash keys for its articles, so a copy of an old
    article is recognised."""
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        schema.schema_version.create(conn)
        MIGRATIONS[0][2](conn)
        conn.execute(insert(schema.schema_version).values(version=1, applied_at=datetime(2026, 1, 1), description="v1"))
        conn.execute(insert(schema.articles).values(content_hash=Article(id="o", text=ORIGINAL).content_hash, ext_id="old",
                                                    text=ORIGINAL, outlet="Meridian", ingested_at=datetime(2026, 1, 1)))
    engine.dispose()
    store = open_store(str(path))
    with store.engine.connect() as conn:
        assert current_version(conn) == MIGRATIONS[-1][0]
        assert conn.execute(select(func.count()).select_from(schema.article_minhash)).scalar_one() == 1
        assert conn.execute(select(schema.articles.c.ext_id)).scalar_one() == "old"
    res = store.save(_article(COPY, "Business Asia Daily", "u"), [])
    assert res.duplicate_of == 1 and res.created is False


def test_cli_ingest_syndicated_copy_changes_no_count_but_sources(tmp_path, db_path):
    """Through `tradewire ingest`: a republished copy is reported as a source; events, articles and
    canonical events stay as they were; ingesting everything again changes nothing."""
    folder = tmp_path / "in"
    folder.mkdir()
    rec = {"id": "orig", "title": "Kim ends second round", "outlet": "Meridian News Agency", "url": "https://m.example/1",
           "published": "2026-01-31", "text": ORIGINAL}
    (folder / "a.jsonl").write_text(json.dumps(rec) + "\n", encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(folder / "a.jsonl"), "--db", db_path])
    assert first.exit_code == 0, first.output
    store = open_store(db_path)
    before = _counts(store)
    assert before["events"] > 0 and before["canonical_events"] > 0
    copy = {"id": "copy", "outlet": "Business Asia Daily", "url": "https://b.example/2", "published": "2026-01-31",
            "text": COPY}
    (folder / "b.jsonl").write_text(json.dumps(copy) + "\n", encoding="utf-8")
    second = runner.invoke(app, ["ingest", str(folder / "b.jsonl"), "--db", db_path])
    assert second.exit_code == 0, second.output
    assert "kept as an extra source" in second.stdout
    after = _counts(store)
    assert after["article_sources"] == before["article_sources"] + 1
    assert {k: v for k, v in after.items() if k != "article_sources"} == {
        k: v for k, v in before.items() if k != "article_sources"}
    with store.engine.connect() as conn:
        assert all(c["n_sources"] == 2 and c["n_outlets"] == 1 for c in canonical_events(conn))
    third = runner.invoke(app, ["ingest", str(folder), "--db", db_path])
    assert third.exit_code == 0 and "0 stored, 2 already stored" in third.stdout
    assert _counts(store) == after


# -- a copy must really be a copy -------------------------------------------------------------------

WINE = ("{actor} accused Thailand of dumping wine on its market at prices far below the cost of making it, the "
        "trade ministry said on Tuesday, adding that imports of Thai wine had tripled in two years and that local "
        "vineyards were losing sales. The ministry asked the anti-dumping authority to open a formal case, a step that "
        "could lead to duties if investigators find that the sales harmed domestic producers and their workers.")
DISTINCT_PAIRS = [
    (WINE.format(actor="Mexico"), WINE.format(actor="India")),                                  # the acting country
    (WINE.format(actor="Mexico"), WINE.format(actor="Mexico").replace("accused Thailand", "accused Vietnam")),  # the accused
    (WINE.format(actor="Mexico"), WINE.format(actor="Mexico").replace("on Tuesday", "on Friday")),  # the date
    (WINE.format(actor="Mexico"), WINE.format(actor="Mexico").replace("tripled in two", "tripled in four")),  # a number
    (WINE.format(actor="Mexico"), WINE.format(actor="Mexico").replace("dumping wine", "dumping rice")),  # the goods
    (WINE.format(actor="Mexico"), WINE.format(actor="Mexico") + "\nChile made the same complaint."),  # one more side
]


@pytest.mark.parametrize("first,second", DISTINCT_PAIRS)
def test_reports_that_differ_in_a_fact_are_not_copies(db_path, first, second):
    assert dedup.jaccard(dedup.shingles(first), dedup.shingles(second)) >= dedup.THRESHOLD  # words alone say copy
    store = open_store(db_path)
    store.save(Article(id="1", text=first), [])
    res = store.save(Article(id="2", text=second), [])
    assert res.created is True and res.duplicate_of is None
    assert store.counts()["articles"] == 2


STORY = ("Canada imposed tariffs of 25% on electric vehicles made in China on Monday, matching a measure the United "
         "States took last month, Finance Minister Dominic LeBlanc said in Ottawa.\n\n"
         "The duties apply from Oct. 1 and cover cars, buses and delivery vans, the finance ministry said, adding that "
         "a review of steel and aluminium imports from China would follow within 30 days.\n\n"
         "Beijing said it would take all necessary measures to protect its companies and urged Ottawa to correct what "
         "it called a wrong decision.\n\n"
         "Carmakers in Ontario welcomed the move, saying cheap imports had made it hard to compete, while importers "
         "warned that prices for buyers would rise and that the choice of affordable models would shrink next year.")
COPIES = [
    # a byline and a trailer that the cleaner does not know, on each side
    ("Harriet Vale, trade correspondent.\n" + STORY + "\nHarbour Wire staff contributed to this report.",
     "Tom Reyes in Vancouver.\n" + STORY + "\nFollow Pacific Daily on social media for more updates."),
    # page debris that survived extraction, and a swapped headline-like first line
    ("Ottawa answers Washington's call on EVs.\n" + STORY,
     STORY + "\nOur newsroom reviews every story before it is published.\nMore from the business desk."),
    # the same text reflowed into other lines
    (STORY, STORY.replace("\n\n", " ").replace(", the finance ministry said,", ",\nthe finance ministry said,")),
]


@pytest.mark.parametrize("first,second", COPIES)
def test_syndicated_copies_with_other_debris_are_still_copies(db_path, first, second):
    store = open_store(db_path)
    a = store.save(clean(RawDocument(path="a.txt", text=first)), [])
    b = store.save(clean(RawDocument(path="b.txt", text=second, outlet="Pacific Daily")), [])
    assert a.created and b.created is False and b.duplicate_of == a.article_id
    assert dedup.same_facts(first, second)


# Short items written from templates: every slot a fact (sides, goods, figures, days).
_TEMPLATES = [
    "{a} accused {b} of dumping {g} on its market at prices far below cost, the trade ministry in {a} said on {d}.",
    "{a} raised tariffs on {g} from {b} to {n}% on {d}, the trade ministry of {a} said in a statement.",
    "Trade ministers of {a} and {b} met on {d} to discuss {g} quotas and agreed to meet again within {n} days.",
    "{a} threatened to restrict imports of {g} from {b} on {d} unless the two sides settle the dispute in {n} days.",
]
_SIDES = ["Mexico", "India", "Brazil", "Canada", "Japan", "South Korea", "Vietnam", "Chile", "Australia", "Germany",
          "France", "Indonesia", "Turkey", "Egypt", "Kenya", "Peru", "Norway", "Poland", "Thailand", "Malaysia"]
_GOODS = ["wine", "steel", "rice", "cars", "shrimp", "lumber", "solar panels", "sugar", "copper", "beef"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def generated_items(n: int, seed: int = 12) -> list[str]:
    import random

    rng = random.Random(seed)
    seen: dict[str, None] = {}
    while len(seen) < n:
        a, b = rng.sample(_SIDES, 2)
        seen[rng.choice(_TEMPLATES).format(a=a, b=b, g=rng.choice(_GOODS), d=rng.choice(_DAYS),
                                           n=rng.choice([10, 15, 20, 25, 30, 45, 60, 90]))] = None
    return list(seen)


@pytest.mark.slow
def test_thousands_of_distinct_short_items_are_never_copies(db_path):
    items = generated_items(3000)
    store = open_store(db_path)
    copies = [text for i, text in enumerate(items) if not store.save(Article(id=str(i), text=text), []).created]
    assert copies == []
    assert store.counts()["articles"] == len(items)
