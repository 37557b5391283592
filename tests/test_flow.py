"""The one ingest flow (tradewire.flow): sources of every kind, per-item errors, the summary."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date

import pytest

import tradewire
from tradewire import Extractor, IngestSummary, ingest, open_store
from tradewire.errors import StoreError
from tradewire.models import Article, RawDocument


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_public_api_names_are_the_flow_after_every_module_is_imported():
    # importing a subpackage rebinds the parent's attribute: no module may be called `ingest`
    for mod in pkgutil.walk_packages(tradewire.__path__, "tradewire."):
        importlib.import_module(mod.name)
    from tradewire import ingest as fn
    from tradewire import open_store as opener

    assert callable(fn) and fn.__module__ == "tradewire.flow" and fn.__name__ == "ingest"
    assert opener.__module__ == "tradewire.flow"
    assert tradewire.ingest is fn
    assert Extractor.__module__.startswith("tradewire.extract")


def test_open_store_without_create_refuses_a_missing_file(tmp_path):
    missing = tmp_path / "nope.db"
    with pytest.raises(StoreError, match="nope.db: no such database"):
        open_store(missing, create=False)
    assert not missing.exists()
    open_store(missing)  # create=True (default) makes it
    assert missing.exists()
    open_store(missing, create=False)


def test_ingest_mixed_sources_with_a_bad_one(tmp_path, extractor, texts):
    (tmp_path / "steel.txt").write_text(texts["steel"], encoding="utf-8")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    raw = RawDocument(path="posted", text=texts["talks"], title="Seoul and Tokyo talk chips")
    store = open_store(tmp_path / "t.db")
    seen = []
    summary = ingest([tmp_path / "steel.txt", str(tmp_path / "bad.json"), raw, str(tmp_path / "missing.txt")],
                     store, extractor=extractor, published=date(2025, 3, 5), on_item=seen.append)
    assert isinstance(summary, IngestSummary)
    assert [i.status for i in summary.items] == ["stored", "failed", "stored", "failed"]
    assert seen == summary.items
    assert (summary.stored, summary.duplicates, summary.failed) == (2, 0, 2)
    assert summary.n_events == sum(len(i.events) for i in summary.items) > 0
    steel = summary.items[0]
    assert steel.article_id is not None and steel.error is None
    assert {e.type for e in steel.events} >= {"IMPOSE"}
    imp = next(e for e in steel.events if e.type == "IMPOSE")
    assert (imp.source.country, imp.target.country, imp.rate_to) == ("USA", "CAN", 25.0)
    bad = summary.items[1]
    assert bad.error.startswith(str(tmp_path / "bad.json")) and "not valid JSON" in bad.error
    assert "no such file" in summary.items[3].error
    assert not summary.ok
    counts = store.counts()
    assert counts["articles"] == 2 and counts["events"] == summary.n_events


def test_reingest_is_a_duplicate_and_extracts_nothing(tmp_path, texts):
    class Refusing:
        """An extractor that must not be called: a stored text is not extracted again."""

        def extract(self, article):
            raise AssertionError(f"extracted {article.path} again")

    store = open_store(tmp_path / "t.db")
    article = Article(id="talks", text=texts["talks"], path="talks.txt", published=date(2025, 3, 3))
    first = ingest([article], store, extractor=Extractor())
    assert first.stored == 1
    again = ingest([article], store, extractor=Refusing())
    assert (again.stored, again.duplicates, again.failed, again.n_events) == (0, 1, 0, 0)
    item = again.items[0]
    assert item.status == "duplicate" and item.article_id == first.items[0].article_id
    assert item.note == "already stored"


def test_an_exact_copy_from_another_outlet_becomes_a_source(tmp_path, extractor, texts):
    store = open_store(tmp_path / "t.db")
    ingest([Article(id="a", text=texts["steel"], path="a.txt", outlet="Harbour Wire")], store, extractor=extractor)
    copy = ingest([Article(id="b", text=texts["steel"], path="b.txt", outlet="Other Daily")], store, extractor=extractor)
    assert copy.items[0].status == "duplicate"
    assert "same text as stored article" in copy.items[0].note and "extra source" in copy.items[0].note


def test_a_single_source_and_stdin(tmp_path, extractor, texts, monkeypatch):
    import io
    import sys

    store = open_store(tmp_path / "t.db")
    one = ingest(RawDocument(path="one", text=texts["steel"]), store, extractor=extractor)
    assert one.stored == 1
    monkeypatch.setattr(sys, "stdin", type("S", (), {"buffer": io.BytesIO(texts["talks"].encode())})())
    std = ingest(["-"], store, extractor=extractor)
    assert std.stored == 1 and std.items[0].path == "-"


def test_a_store_error_on_one_item_is_recorded_and_the_run_goes_on(tmp_path, extractor, texts):
    store = open_store(tmp_path / "t.db")
    real_save = store.save

    def save(article, events):
        if article.path == "locked.txt":
            raise StoreError("database is locked")
        return real_save(article, events)

    store.save = save
    arts = [Article(id="x", text=texts["steel"], path="locked.txt"), Article(id="y", text=texts["talks"], path="ok.txt")]
    summary = ingest(arts, store, extractor=extractor)
    assert [i.status for i in summary.items] == ["failed", "stored"]
    assert summary.items[0].error == "locked.txt: database is locked"


def test_actor_files_build_the_extractor_when_none_is_given(tmp_path):
    people = tmp_path / "people.yaml"
    people.write_text("""\
- id: kor_test_minister
  name: Ryu Seon-woo
  surname: Ryu
  country: KOR
  kind: GOV
  roles:
    - {role: trade_negotiator, title: Minister for Trade, start: 2027-01-02, end: null}
""", encoding="utf-8")
    text = ("Ryu Seon-woo threatened on Tuesday to impose tariffs on Japanese steel, "
            "saying Tokyo had ignored repeated warnings about dumping in export markets.")
    store = open_store(tmp_path / "t.db")
    summary = ingest([Article(id="r", text=text, path="r.txt", published=date(2027, 3, 3))], store, actor_files=[people])
    events = summary.items[0].events
    threat = next(e for e in events if e.type == "THREATEN")
    assert (threat.source.name, threat.source.country) == ("Ryu Seon-woo", "KOR")
    assert threat.target.country == "JPN"



def test_extract_sources_without_a_store(tmp_path, extractor, texts):
    from tradewire import extract_sources

    path = tmp_path / "steel.txt"
    path.write_text(texts["steel"], encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    [(article, events, warnings)] = list(extract_sources(str(path), extractor=extractor, published=date(2025, 3, 5)))
    assert article.path == str(path) and article.published == date(2025, 3, 5) and warnings == []
    assert [(e.type, e.source.country, e.target.country) for e in events] == [("IMPOSE", "USA", "CAN"), ("ACCUSE", "CAN", "USA")]
    [(error, none, _)] = list(extract_sources([tmp_path / "empty.txt"], extractor=extractor))
    assert str(error) == f"{tmp_path / 'empty.txt'}: file is empty" and none == []


@pytest.mark.parametrize("content, says", [(None, "no such file"), ("- id: x\n  name: [unclosed\n", "not valid YAML")])
def test_a_bad_actors_file_stops_the_run_before_reading(tmp_path, texts, content, says):
    from tradewire.data import DataFileError

    people = tmp_path / "people.yaml"
    if content is not None:
        people.write_text(content, encoding="utf-8")
    store = open_store(tmp_path / "t.db")
    with pytest.raises(DataFileError, match=f"{people}: .*{says}"):
        ingest([Article(id="a", text=texts["steel"], path="a.txt")], store, actor_files=[people])
    assert store.counts()["articles"] == 0
