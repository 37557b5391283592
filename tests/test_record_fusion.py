"""Event fusion: one canonical event per real act, whatever the order the articles arrive in."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tradewire.models import Actor, Article, Event
from tradewire.record import after_ingest, rebuild_record
from tradewire.record.query import canonical_events, record_signature
from tradewire.store import open_store, schema

THREADS = Path(__file__).resolve().parents[1] / "eval" / "threads"

KIM = Actor(name="Kim Jung-kwan", country="KOR", kind="GOV", id="kor_kim_jungkwan")
LUTNICK = Actor(name="Howard Lutnick", country="USA", kind="GOV", id="usa_lutnick_howard")
YEO = Actor(name="Yeo Han-koo", country="KOR", kind="GOV", id="kor_yeo_hankoo")
GREER = Actor(name="Jamieson Greer", country="USA", kind="GOV", id="usa_greer_jamieson")
TRUMP = Actor(name="Donald Trump", country="USA", kind="GOV", id="usa_trump_donald")
US = Actor(name="United States", country="USA", kind="GOV", id="country:USA")
KR = Actor(name="South Korea", country="KOR", kind="GOV", id="country:KOR")
CA = Actor(name="Canada", country="CAN", kind="GOV", id="country:CAN")


class Feed:
    """Stores articles with given events (no extractor) and updates the record after each."""

    def __init__(self, db: str):
        self.store = open_store(db)
        self.n = 0

    def add(self, events: list[Event], outlet: str, published: str, text: str | None = None) -> int:
        self.n += 1
        text = text or f"Article {self.n} from {outlet}: " + " ".join(e.evidence[0] for e in events)
        art = Article(id=f"a{self.n}", text=text, outlet=outlet, url=f"https://{outlet.lower().replace(' ', '')}.example/{self.n}",
                      published=date.fromisoformat(published))
        res = self.store.save(art, events)
        after_ingest(self.store, art)
        return res.article_id

    def canon(self) -> list[dict]:
        with self.store.engine.connect() as conn:
            return canonical_events(conn)


def talks(day: str | None, *people: Actor, status: str = "occurred", words: str = "talks") -> Event:
    return Event(type="CONSULT", participants=list(people), date=day, status=status,
                 evidence=[f"{' and '.join(p.name for p in people)} held {words} ({day})."], confidence=0.7)


def threat(day: str | None, rate: float | None = 25.0, products=("cars",), type_="THREATEN", status="occurred",
           amount=None, source=TRUMP, target=KR) -> Event:
    return Event(type=type_, source=source, target=target, date=day, status=status, measure="tariff",
                 products=list(products), rate_to=rate, amount_usd=amount,
                 evidence=[f"{source.name} {type_.lower()} tariffs of {rate}% on {', '.join(products)} ({day})."],
                 confidence=0.7)


@pytest.fixture
def feed(db_path) -> Feed:
    return Feed(db_path)


def test_one_act_three_outlets_is_one_canonical_event(feed):
    feed.add([talks("2026-01-29", KIM, LUTNICK)], "Korea Ledger", "2026-01-30")
    feed.add([talks("2026-01", KIM, LUTNICK, status="planned")], "Korea Wire", "2026-01-27")
    feed.add([talks(None, KIM, LUTNICK, words="a first round of talks")], "Pacific Wire", "2026-01-31")
    [c] = feed.canon()
    assert c["type"] == "CONSULT" and c["status"] == "occurred"
    assert c["date"] == "2026-01-29"                       # the most precise date
    assert str(c["first_report"]) == "2026-01-27"          # the earliest publication
    assert (c["n_mentions"], c["n_articles"], c["n_outlets"]) == (3, 3, 3)
    assert c["confidence"] == pytest.approx(1 - 0.3 ** 3, abs=1e-3)
    assert c["countries"] == "KOR|USA" and "Kim Jung-kwan" in c["title"] and "Howard Lutnick" in c["title"]
    assert [s["published"] for s in c["sources"]] == ["2026-01-27", "2026-01-30", "2026-01-31"]


def test_confidence_grows_with_independent_outlets_only(feed):
    feed.add([threat("2026-01-26")], "Korea Wire", "2026-01-27")
    feed.add([threat("2026-01-26")], "Korea Wire", "2026-01-28")    # the same outlet again
    [c] = feed.canon()
    assert (c["n_articles"], c["n_outlets"]) == (2, 1) and c["confidence"] == pytest.approx(0.7)
    feed.add([threat("2026-01-26")], "Pacific Wire", "2026-01-28")
    [c] = feed.canon()
    assert c["n_outlets"] == 2 and c["confidence"] == pytest.approx(0.91)


def test_talks_on_other_days_or_between_other_people_stay_apart(feed):
    feed.add([talks("2026-01-29", KIM, LUTNICK), talks("2026-01-30", KIM, LUTNICK)], "Korea Ledger", "2026-01-31")
    feed.add([talks("2026-01-30", KIM, LUTNICK)], "Meridian", "2026-01-31")
    feed.add([talks("2026-01-30", YEO, GREER)], "Meridian Two", "2026-01-31")
    feed.add([talks("2026-02-05", KIM, LUTNICK)], "Ministry", "2026-02-06")
    got = sorted((c["date"], c["n_articles"], c["title"].split(" hold")[0]) for c in feed.canon())
    assert got == [("2026-01-29", 1, "Kim Jung-kwan (KOR) and Howard Lutnick (USA)"),
                   ("2026-01-30", 1, "Yeo Han-koo (KOR) and Jamieson Greer (USA)"),
                   ("2026-01-30", 2, "Kim Jung-kwan (KOR) and Howard Lutnick (USA)"),
                   ("2026-02-05", 1, "Kim Jung-kwan (KOR) and Howard Lutnick (USA)")]


def test_threat_planned_imposition_and_imposition(feed):
    # a threat and the imposition it announced are separate acts ...
    feed.add([threat("2025-03-11", 50.0, ("steel",), source=US, target=CA)], "Wire A", "2025-03-12")
    feed.add([threat("2025-06-04", 50.0, ("steel",), "IMPOSE", source=US, target=CA)], "Wire B", "2025-06-05")
    assert len(feed.canon()) == 2
    # ... but a dated planned imposition (announced, not yet in force) is the imposition once in force
    feed.add([threat("2025-06-04", 50.0, ("steel",), "IMPOSE", "planned", source=US, target=CA)], "Wire C", "2025-05-31")
    got = sorted((c["date"], c["type"], c["status"], c["n_articles"]) for c in feed.canon())
    assert got == [("2025-03-11", "THREATEN", "occurred", 1), ("2025-06-04", "IMPOSE", "occurred", 2)]
    # and a planned imposition may be reported as a threat, which it then joins ...
    feed.add([threat("2025-07-01", 25.0, ("cars",), "IMPOSE", "planned", source=US, target=CA)], "Wire E", "2025-06-20")
    feed.add([threat("2025-07-01", 25.0, ("cars",), source=US, target=CA)], "Wire F", "2025-06-21")
    july = [c for c in feed.canon() if c["date"] == "2025-07-01"]
    assert [(c["type"], c["status"], c["n_articles"]) for c in july] == [("IMPOSE", "planned", 2)]


@pytest.mark.parametrize("a,b", [
    ({"rate": 25.0}, {"rate": 50.0}),                              # other rate
    ({"amount": 30e9}, {"amount": 29.8e9}),                        # other amount (C$30bn vs C$29.8bn lists)
    ({"products": ("pork",)}, {"products": ("brandy",)}),          # other goods
    ({"target": KR}, {"target": CA}),                               # other target
])
def test_conflicting_attributes_stay_apart(feed, a, b):
    feed.add([threat("2026-01-26", **a)], "Wire A", "2026-01-27")
    feed.add([threat("2026-01-26", **b)], "Wire B", "2026-01-27")
    assert len(feed.canon()) == 2


def test_undated_reports_need_a_close_date_or_a_shared_attribute(feed):
    feed.add([threat("2026-01-26", products=("cars",))], "Wire A", "2026-01-27")
    feed.add([threat(None, products=("autos",))], "Wire B", "2026-02-13")       # same goods, 18 days later: fused
    feed.add([threat(None, products=("cars",))], "Wire C", "2026-04-20")        # months later: not fused
    feed.add([Event(type="ACCUSE", source=TRUMP, target=KR, evidence=["Trump blamed Seoul."])], "Wire D", "2026-01-27")
    feed.add([Event(type="ACCUSE", source=US, target=KR, evidence=["Washington criticised Korea."])], "Wire E", "2026-02-20")
    got = sorted((c["type"], c["n_articles"]) for c in feed.canon())
    assert got == [("ACCUSE", 1), ("ACCUSE", 1), ("THREATEN", 1), ("THREATEN", 2)]


def test_events_of_one_article_are_fused_only_when_plainly_repeated(feed):
    feed.add([talks("2026-01-29", KIM, LUTNICK), talks("2026-01-29", KIM, LUTNICK, words="more talks")],
             "Wire A", "2026-01-30")
    feed.add([threat("2026-01-26", products=()), threat("2026-01-26", products=())], "Wire B", "2026-01-27")
    assert len(feed.canon()) == 4
    # the same amount (or rate on the same goods) twice in one article: the extractor failed to merge
    feed.add([threat("2025-03-12", type_="IMPOSE", status="planned", amount=29.8e9, source=CA, target=US),
              threat("2025-03-13", type_="IMPOSE", amount=29.8e9, source=CA, target=US)], "Wire C", "2025-03-12")
    merged = [c for c in feed.canon() if c["source_country"] == "CAN"]
    assert [(c["n_mentions"], c["n_articles"], c["date"]) for c in merged] == [(2, 1, "2025-03-13")]


def test_denied_acts_only_meet_denied_acts(feed):
    feed.add([threat("2026-01-26", type_="IMPOSE", status="denied", source=US)], "Wire A", "2026-01-27")
    feed.add([threat("2026-01-26", type_="IMPOSE", source=US)], "Wire B", "2026-01-27")
    assert sorted(c["status"] for c in feed.canon()) == ["denied", "occurred"]


def test_rebuild_gives_the_same_record(feed):
    feed.add([talks("2026-01-29", KIM, LUTNICK), threat("2026-01-26")], "Wire A", "2026-01-30")
    feed.add([talks(None, KIM, LUTNICK), threat("2026-01-26", products=("autos", "lumber"))], "Wire B", "2026-01-31")
    with feed.store.engine.connect() as conn:
        before = record_signature(conn)
    rebuild_record(feed.store)
    with feed.store.engine.connect() as conn:
        assert record_signature(conn) == before
        assert conn.execute(select(func.count()).select_from(schema.event_canonical)).scalar_one() == 4


# -- the story threads in shuffled orders ------------------------------------------------------

def _thread_articles() -> list[tuple[dict, Article]]:
    from tradewire.read.clean import clean
    from tradewire.read.readers import read_path

    out = []
    for line in (THREADS / "gold.jsonl").read_text("utf-8").splitlines():
        rec = json.loads(line)
        raw = next(iter(read_path(str(THREADS / f"{rec['id']}.txt"))))
        raw.published = date.fromisoformat(rec["published"])
        raw.id, raw.outlet, raw.url = rec["id"], rec["outlet"], rec["url"]
        out.append((rec, clean(raw)))
    return out


@pytest.fixture(scope="module")
def thread_events():
    """Each thread article with the extractor's events and with its gold events."""
    from tradewire.extract.pipeline import Extractor

    items = _thread_articles()
    extracted = Extractor().pipe([a for _, a in items])
    keep = set(Event.model_fields)
    return [(article, events, [Event(**{k: v for k, v in g.items() if k in keep}) for g in rec["events"]])
            for (rec, article), (_, events) in zip(items, extracted, strict=True)]


def _ingest(db: str, items, order, which: int, rebuild: bool = False) -> list[tuple]:
    store = open_store(db)
    for i in order:
        article = items[i][0]
        store.save(article, items[i][which])
        after_ingest(store, article)
    with store.engine.connect() as conn:
        sig = record_signature(conn)
        n_sources = conn.execute(select(func.count()).select_from(schema.article_sources)).scalar_one()
    if rebuild:  # fusing everything at once gives what article-by-article updates gave
        rebuild_record(store)
        with store.engine.connect() as conn:
            assert record_signature(conn) == sig
    store.engine.dispose()
    return sig, n_sources


@pytest.mark.slow
@pytest.mark.parametrize("which", [1, 2], ids=["extracted", "gold"])
def test_shuffled_arrival_gives_the_same_canonical_events(tmp_path, thread_events, which):
    base = list(range(len(thread_events)))
    reference, copies = _ingest(str(tmp_path / "in_order.db"), thread_events, base, which, rebuild=True)
    assert copies == 3                      # t1_syn1, t2_syn1, t3_syn1 kept as sources of their originals
    assert len(reference) > 20
    for seed in (1, 2):
        order = base[:]
        random.Random(seed).shuffle(order)
        got, _ = _ingest(str(tmp_path / f"shuffled{seed}.db"), thread_events, order, which)
        assert got == reference


def test_reingesting_changes_nothing(tmp_path, thread_events):
    db = str(tmp_path / "t.db")
    items = thread_events[:9]
    first, _ = _ingest(db, items, range(len(items)), 1)
    again, _ = _ingest(db, items, range(len(items)), 1)
    assert again == first


REAL_THREADS = Path(__file__).resolve().parents[2] / "shared" / "realnews" / "threads"


@pytest.mark.slow
@pytest.mark.skipif(not (REAL_THREADS / "gold.jsonl").exists(), reason="../shared/realnews is not here")
def test_real_threads_fuse_alike_in_any_order(tmp_path):
    """The two real 8-outlet threads (their gold events, no extractor): the record is the same
    whatever the arrival order, and equal to a rebuild."""
    from tradewire.read.clean import clean
    from tradewire.read.readers import read_path

    keep = set(Event.model_fields)
    items = []
    for line in (REAL_THREADS / "gold.jsonl").read_text("utf-8").splitlines():
        rec = json.loads(line)
        raw = next(iter(read_path(str(REAL_THREADS / f"{rec['id']}.txt"))))
        raw.published = date.fromisoformat(rec["published"])
        raw.id, raw.outlet, raw.url = rec["id"], rec["outlet"], rec.get("url")
        items.append((clean(raw), [Event(**{k: v for k, v in g.items() if k in keep}) for g in rec["events"]]))
    base = list(range(len(items)))
    reference, _ = _ingest(str(tmp_path / "in_order.db"), items, base, 1, rebuild=True)
    assert len(reference) > 30
    for seed in (3, 4, 5):
        order = base[:]
        random.Random(seed).shuffle(order)
        got, _ = _ingest(str(tmp_path / f"shuffled{seed}.db"), items, order, 1)
        assert got == reference


def test_title_words_are_data_checked_at_load():
    """The title wording lives in data/titles.yaml; a type without a phrase for a status is refused
    at load with the file and the problem named."""
    import pytest

    from tradewire.data import DataFileError, validate
    from tradewire.record.fusion import TitleWords, _words

    words = _words()
    assert words.verbs["IMPOSE"]["planned"] == "to impose {m} on {t}" and words.measures["export_control"] == "export controls"
    broken = words.model_dump()
    del broken["verbs"]["EASE"]["denied"]
    with pytest.raises(DataFileError, match=r"titles.yaml: .*EASE.denied"):
        validate(broken, TitleWords, "tradewire/data/titles.yaml")
