"""Store: versioned schema, one transaction per article, idempotent saves and event queries."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, insert, select

from tradewire.errors import StoreError
from tradewire.models import Actor, Article, Event, Removed
from tradewire.store import Store, open_store, schema
from tradewire.store.migrations import MIGRATIONS, SCHEMA_VERSION, SchemaTooNew, current_version, migrate

USA = Actor(name="United States", country="USA", kind="GOV")
CAN = Actor(name="Canada", country="CAN", kind="GOV")
KOR = Actor(name="Yeo Han-koo", country="KOR", kind="GOV")
JPN = Actor(name="Yoji Muto", country="JPN", kind="GOV")

STEEL_1 = "The United States imposed 25% tariffs on Canadian steel on Tuesday, the Commerce Department said."
STEEL_2 = "Canada warned it could retaliate against American goods if the duties stayed in place."
TALKS_1 = "South Korea's trade minister met his Japanese counterpart in Tokyo to discuss export controls."


def _steel_article() -> tuple[Article, list[Event]]:
    article = Article(id="usa-can-steel", text=f"{STEEL_1}\n\n{STEEL_2}", title="US raises steel duties", outlet="Harbour Wire",
                      published=date(2025, 3, 5), path="steel.txt", byline="By Harriet Vale",
                      removed=[Removed(kind="related_headline", text="Read Also: Lumber prices climb"),
                               Removed(kind="advertisement", text="Advertisement")])
    events = [
        Event(type="IMPOSE", source=USA, target=CAN, date="2025-03-04", date_text="on Tuesday", measure="tariff",
              products=["steel"], rate_to=25.0, evidence=[STEEL_1], confidence=0.8),
        Event(type="THREATEN", source=CAN, target=USA, date="2025-03", status="hypothetical", measure="tariff",
              evidence=[STEEL_2]),
    ]
    return article, events


def _talks_article() -> tuple[Article, list[Event]]:
    article = Article(id="kor-jpn-talks", text=TALKS_1, published=date(2024, 11, 21))
    events = [
        Event(type="CONSULT", participants=[KOR, JPN], date="2024-11-20", evidence=[TALKS_1]),
        Event(type="PLEDGE", source=Actor(name="South Korea", country="KOR"), target=Actor(name="Japan", country="JPN"),
              evidence=[TALKS_1]),
    ]
    return article, events


@pytest.fixture
def store(db_path) -> Store:
    return open_store(db_path)


def _count(store: Store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


# -- schema and migrations -------------------------------------------------------------------

def test_schema_version_table_records_every_migration(store):
    with store.engine.connect() as conn:
        rows = conn.execute(select(schema.schema_version.c.version).order_by(schema.schema_version.c.version)).scalars().all()
        assert rows == [v for v, _, _ in MIGRATIONS]
        assert current_version(conn) == SCHEMA_VERSION


def test_migrate_is_idempotent(store, db_path):
    article, events = _steel_article()
    store.save(article, events)
    with store.engine.begin() as conn:
        assert migrate(conn) == []
    again = open_store(db_path)  # opening an up-to-date store migrates nothing and keeps data
    assert _count(again, schema.schema_version) == len(MIGRATIONS)
    assert again.counts()["articles"] == 1 and again.counts()["events"] == 2


def test_fresh_database_applies_all_migrations(db_path):
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{db_path}")
    with engine.begin() as conn:
        assert current_version(conn) == 0
        assert migrate(conn) == [v for v, _, _ in MIGRATIONS]
        assert current_version(conn) == SCHEMA_VERSION


def test_database_newer_than_the_code_is_refused(store, db_path):
    article, events = _steel_article()
    store.save(article, events)
    with store.engine.begin() as conn:
        conn.execute(insert(schema.schema_version).values(version=SCHEMA_VERSION + 1, applied_at=datetime(2030, 1, 1),
                                                          description="from the future"))
    store.engine.dispose()
    with pytest.raises(SchemaTooNew, match="newer") as exc:
        open_store(db_path)
    assert isinstance(exc.value, StoreError) and _one_line_naming(exc.value, db_path)
    # refused, not touched: the stored data is still there
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.articles)).scalar_one() == 1
        assert current_version(conn) == SCHEMA_VERSION + 1


def _one_line_naming(exc: BaseException, where: str) -> bool:
    return "\n" not in str(exc) and where in str(exc) and not str(exc).startswith("(")


@pytest.mark.parametrize("content", [b"this is not a database\n" * 200, bytes(range(256)) * 64])
def test_a_file_that_is_not_a_database_is_one_line(tmp_path, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(StoreError) as exc:
        open_store(str(path))
    assert _one_line_naming(exc.value, str(path)) and "not an SQLite database" in str(exc.value)
    assert path.read_bytes() == content          # refused, not touched


def test_a_corrupt_database_is_one_line(store, db_path):
    article, events = _steel_article()
    store.save(article, events)
    store.engine.dispose()
    data = bytearray(open(db_path, "rb").read())
    data[100:4096 * 3] = b"\xff" * (4096 * 3 - 100)   # the header survives, the schema pages do not
    open(db_path, "wb").write(bytes(data))
    with pytest.raises(StoreError) as exc:
        open_store(db_path)
    assert _one_line_naming(exc.value, db_path)


def test_a_directory_is_not_a_database(tmp_path):
    with pytest.raises(StoreError) as exc:
        open_store(str(tmp_path))
    assert _one_line_naming(exc.value, str(tmp_path))


def test_a_postgresql_database_that_does_not_exist_is_one_line(pg_server):
    url = pg_server.rsplit("/", 1)[0] + "/tradewire_no_such_database"
    with pytest.raises(StoreError) as exc:
        open_store(url)
    assert "\n" not in str(exc.value) and "tradewire_no_such_database" in str(exc.value)
    assert "does not exist" in str(exc.value)


def test_an_unreachable_postgresql_server_is_one_line():
    with pytest.raises(StoreError) as exc:
        open_store("postgresql://postgres@127.0.0.1:1/test")
    assert "\n" not in str(exc.value) and "127.0.0.1:1" in str(exc.value)


def test_an_unknown_database_url_is_one_line():
    with pytest.raises(StoreError) as exc:
        open_store("nosuchdb://somewhere/x")
    assert "\n" not in str(exc.value) and "nosuchdb" in str(exc.value)


# -- saving ------------------------------------------------------------------------------------

def test_save_stores_article_events_actors_links_and_boilerplate(store):
    article, events = _steel_article()
    res = store.save(article, events)
    assert res.created is True and res.n_events == 2
    assert store.counts() == {"articles": 1, "events": 2, "actors": 2, "boilerplate": 2}
    assert _count(store, schema.event_actors) == 4
    with store.engine.connect() as conn:
        row = conn.execute(select(schema.articles)).one()._mapping
        assert row["content_hash"] == article.content_hash
        assert row["ext_id"] == "usa-can-steel" and row["text"] == article.text
        assert row["byline"] == "By Harriet Vale" and row["published"] == date(2025, 3, 5)
        kinds = conn.execute(select(schema.boilerplate.c.kind).order_by(schema.boilerplate.c.position)).scalars().all()
        assert kinds == ["related_headline", "advertisement"]
    assert store.find_article(article.content_hash) == res.article_id


def test_saved_events_read_back_in_events_md_shape(store):
    article, events = _steel_article()
    store.save(article, events)
    rows = {r["type"]: r for r in store.events()}
    imp = rows["IMPOSE"]
    assert imp["source"] == {"name": "United States", "country": "USA", "kind": "GOV"}
    assert imp["target"] == {"name": "Canada", "country": "CAN", "kind": "GOV"}
    assert imp["participants"] == []
    assert (imp["date"], imp["date_text"], imp["status"], imp["measure"]) == ("2025-03-04", "on Tuesday", "occurred", "tariff")
    assert imp["products"] == ["steel"] and imp["rate_to"] == 25.0 and imp["rate_from"] is None
    assert imp["evidence"] == [STEEL_1]
    assert imp["article"] == "usa-can-steel" and imp["published"] == "2025-03-05"
    assert rows["THREATEN"]["status"] == "hypothetical"
    for r in rows.values():
        for s in r["evidence"]:
            assert s in article.text


def test_participants_of_symmetric_events(store):
    article, events = _talks_article()
    store.save(article, events)
    [consult] = store.events(type_="CONSULT")
    assert consult["source"] is None and consult["target"] is None
    assert sorted(p["country"] for p in consult["participants"]) == ["JPN", "KOR"]


def test_actors_are_shared_between_events_and_articles(store):
    store.save(*_steel_article())
    n_actors = store.counts()["actors"]
    other = Article(id="second", text="A second story about Canadian steel and US duties.")
    store.save(other, [Event(type="IMPOSE", source=USA, target=CAN, evidence=[other.text])])
    assert store.counts()["actors"] == n_actors


def test_resaving_the_same_text_is_a_no_op(store):
    article, events = _steel_article()
    first = store.save(article, events)
    before = store.counts()
    again = store.save(article, events)
    assert again.created is False and again.n_events == 0
    assert again.article_id == first.article_id
    # the identity is the whitespace-normalised text, not the id or the metadata
    reflowed = Article(id="other-id", text="  " + article.text.replace("\n\n", "\n \n") + "\n", title="Another title")
    assert store.save(reflowed, events).created is False
    assert store.counts() == before


def test_an_exact_copy_not_extracted_is_kept_without_hashing_its_text(store, monkeypatch):
    from tradewire.store import dedup

    article, events = _steel_article()
    first = store.save(article, events)

    def no_hashing(texts):
        raise AssertionError("a copy of a stored text needs no near-duplicate signature")

    monkeypatch.setattr(dedup, "signatures", no_hashing)
    copy = Article(id="copy", text=article.text, outlet="Other Wire", url="https://other.example/steel")
    res = store.save(copy, [], extracted=False)
    assert res.created is False and res.duplicate_of == first.article_id and res.source_added
    with pytest.raises(AssertionError):   # a new text still is hashed (and compared with the store)
        store.save(Article(id="new", text=TALKS_1), [], extracted=False)


def test_failure_in_the_middle_of_save_leaves_nothing(store, monkeypatch):
    original = Store._insert_event
    calls = []

    def flaky(self, conn, aid, seq, ev):
        calls.append(seq)
        if len(calls) == 2:
            raise RuntimeError("disk unplugged")
        return original(self, conn, aid, seq, ev)

    monkeypatch.setattr(Store, "_insert_event", flaky)
    article, events = _steel_article()
    with pytest.raises(RuntimeError, match="disk unplugged"):
        store.save(article, events)
    assert calls == [0, 1]
    assert store.counts() == {"articles": 0, "events": 0, "actors": 0, "boilerplate": 0}
    assert _count(store, schema.event_actors) == 0
    assert store.find_article(article.content_hash) is None
    # once the fault is gone the same article is stored in full
    monkeypatch.setattr(Store, "_insert_event", original)
    res = store.save(article, events)
    assert res.created and res.n_events == 2


def test_failed_save_does_not_touch_stored_articles(store, monkeypatch):
    store.save(*_talks_article())
    before = store.counts()

    def broken(self, conn, aid, seq, ev):
        raise RuntimeError("boom")

    monkeypatch.setattr(Store, "_insert_event", broken)
    with pytest.raises(RuntimeError):
        store.save(*_steel_article())
    assert store.counts() == before
    assert len(store.events()) == 2


# -- querying ----------------------------------------------------------------------------------

@pytest.fixture
def filled(store) -> Store:
    store.save(*_steel_article())
    store.save(*_talks_article())
    return store


def test_events_unfiltered(filled):
    rows = filled.events()
    assert len(rows) == 4
    dated = [r["date"] for r in rows if r["date"]]
    assert dated == sorted(dated)
    assert rows[-1]["date"] is None  # undated events come last


@pytest.mark.parametrize("country,expected", [
    ("CAN", {"IMPOSE", "THREATEN"}), ("can", {"IMPOSE", "THREATEN"}), ("JPN", {"CONSULT", "PLEDGE"}), ("FRA", set()),
])
def test_events_filter_by_country(filled, country, expected):
    assert {r["type"] for r in filled.events(country=country)} == expected


@pytest.mark.parametrize("type_,n", [("IMPOSE", 1), ("consult", 1), ("EASE", 0)])
def test_events_filter_by_type(filled, type_, n):
    rows = filled.events(type_=type_)
    assert len(rows) == n
    assert all(r["type"] == type_.upper() for r in rows)


def test_events_filter_since(filled):
    assert {r["type"] for r in filled.events(since=date(2025, 1, 1))} == {"IMPOSE", "THREATEN"}
    assert {r["type"] for r in filled.events(since=date(2025, 3, 5))} == set()
    assert {r["type"] for r in filled.events(since=date(2024, 11, 20))} == {"IMPOSE", "THREATEN", "CONSULT"}


def test_events_filters_combine_and_limit(filled):
    assert [r["type"] for r in filled.events(country="USA", type_="THREATEN", since=date(2025, 1, 1))] == ["THREATEN"]
    assert filled.events(country="KOR", type_="IMPOSE") == []
    assert len(filled.events(limit=2)) == 2


@pytest.mark.parametrize("text", ["", "  \n\n "])
def test_an_empty_text_is_never_stored(store, text):
    from tradewire.errors import TradewireError

    with pytest.raises(TradewireError, match="empty.txt: empty text"):
        store.save(Article(id="e", text=text, path="empty.txt"), [])
    assert store.counts()["articles"] == 0


def test_store_newer_than_the_code_is_refused_on_every_back_end(store_url):
    store = open_store(store_url)
    with store.engine.begin() as conn:
        conn.execute(insert(schema.schema_version).values(version=SCHEMA_VERSION + 1, applied_at=datetime(2030, 1, 1),
                                                          description="from the future"))
    store.engine.dispose()
    with pytest.raises(StoreError, match="newer than this tradewire") as exc:
        open_store(store_url)
    assert "\n" not in str(exc.value)


def test_store_never_imports_the_record():
    """Dependencies point one way (... extract -> store -> record): no module of the store imports
    tradewire.record, not even lazily inside a function."""
    import ast
    from pathlib import Path

    import tradewire.store

    for path in Path(tradewire.store.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.startswith("tradewire.record") for n in names), f"{path.name} imports {names}"
