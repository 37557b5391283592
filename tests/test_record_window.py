"""One record update over a window of many articles and blocks (the batch runners' write step):
reads of every block come first and links are written once per window, so the record must be the
one of an update after each article, with every link and pair in place."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tradewire.models import Actor, Article, Event
from tradewire.record import after_ingest, ensure_current
from tradewire.record.query import record_signature
from tradewire.store import open_store, schema

US = Actor(name="United States", country="USA", kind="GOV", id="country:USA")
CN = Actor(name="China", country="CHN", kind="GOV", id="country:CHN")
CA = Actor(name="Canada", country="CAN", kind="GOV", id="country:CAN")
MX = Actor(name="Mexico", country="MEX", kind="GOV", id="country:MEX")


def levy(src: Actor, tgt: Actor, day: str | None, rate: float, goods: str) -> Event:
    return Event(type="IMPOSE", source=src, target=tgt, date=day, status="occurred", measure="tariff", products=[goods],
                 rate_to=rate, evidence=[f"{src.name} put a {rate:g}% tariff on {goods} from {tgt.name}."], confidence=0.7)


def deal(a: Actor, b: Actor, day: str | None) -> Event:
    return Event(type="AGREE", participants=[a, b], date=day, status="occurred",
                 evidence=[f"{a.name} and {b.name} signed a trade agreement."], confidence=0.7)


# (events, outlet, published): three blocks, then reports that join, and one that dates an act anew
ARTICLES = [
    ([levy(US, CN, "2025-03-04", 20, "steel"), deal(US, MX, "2025-03-02")], "Wire A", "2025-03-05"),
    ([levy(CA, US, "2025-03-06", 25, "cars")], "Wire B", "2025-03-06"),
    ([levy(US, CN, None, 20, "steel"), deal(US, MX, None)], "Wire C", "2025-03-07"),
    ([levy(CA, US, "2025-03-06", 25, "cars"), levy(US, CA, "2025-03-08", 10, "lumber")], "Wire D", "2025-03-08"),
    ([levy(US, CN, "2025-03", 20, "steel")], "Wire E", "2025-03-20"),
    ([deal(US, MX, "2025-03-02"), levy(US, CA, None, 10, "lumber")], "Wire F", "2025-03-09"),
]


def _articles():
    for n, (events, outlet, day) in enumerate(ARTICLES):
        text = f"Report {n} by {outlet}. " + " ".join(e.evidence[0] for e in events)
        yield Article(id=f"w{n}", text=text, outlet=outlet, url=f"https://w{n}.example/",
                      published=date.fromisoformat(day)), events


def _check_links(conn) -> None:
    ce, ec, cp = schema.canonical_events, schema.event_canonical, schema.canonical_pairs
    blocks = {r.id: r for r in conn.execute(select(ce.c.id, ce.c.block, ce.c.countries, ce.c.n_mentions))}
    members: dict[int, int] = {}
    for r in conn.execute(select(ec.c.canonical_id)):
        assert r.canonical_id in blocks
        members[r.canonical_id] = members.get(r.canonical_id, 0) + 1
    assert members == {i: r.n_mentions for i, r in blocks.items()}
    pairs = {(r.canonical_id, r.c1, r.c2) for r in conn.execute(select(cp.c.canonical_id, cp.c.c1, cp.c.c2))}
    want = set()
    for i, r in blocks.items():
        cs = sorted(r.countries.split("|"))
        want |= {(i, a, b) for k, a in enumerate(cs) for b in cs[k + 1:]}
    assert pairs == want


def test_one_update_per_window_gives_the_record_of_one_per_article(tmp_path, store_url):
    serial = open_store(str(tmp_path / "serial.db"))
    for art, events in _articles():
        serial.save(art, events)
        after_ingest(serial, art)
    windowed = open_store(store_url)   # SQLite and PostgreSQL
    items = list(_articles())
    for part in (items[:3], items[3:]):
        for art, events in part:
            windowed.save(art, events)
            windowed.last_saved = None
        res = ensure_current(windowed)
        assert res.blocks >= 2
    with serial.engine.connect() as a, windowed.engine.connect() as b:
        assert record_signature(a) == record_signature(b)
        _check_links(a)
        _check_links(b)
        agreements = select(schema.agreements.c.key, schema.agreements.c.status).order_by(schema.agreements.c.key)
        assert a.execute(agreements).all() == b.execute(agreements).all() != []
