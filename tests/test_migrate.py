"""`tradewire migrate`: a whole store copied to another database, verified by counts and checksums."""

from __future__ import annotations

import pytest

from batch_helpers import pg_schema_url, trade_text, write_corpus
from tradewire.batch.digest import snapshot
from tradewire.batch.migrate import copy_store, table_digests
from tradewire.cli import app
from tradewire.flow import ingest, open_store
from tradewire.models import Article


@pytest.fixture(scope="module")
def extractor():
    from tradewire.extract import Extractor

    return Extractor()


@pytest.fixture(scope="module")
def source(tmp_path_factory, extractor):
    folder = tmp_path_factory.mktemp("src")
    db = str(folder / "a.db")
    assert ingest([str(write_corpus(folder, n_trade=8))], open_store(db), extractor=extractor).ok
    return db


def _copy_and_check(source: str, target: str, runner, extractor) -> None:
    res = runner.invoke(app, ["migrate", "--from", f"sqlite:///{source}", "--to", target])
    assert res.exit_code == 0, res.output
    assert "copied and verified" in res.output
    src, dst = open_store(source), open_store(target)
    assert snapshot(dst) == snapshot(src)
    with src.engine.connect() as a, dst.engine.connect() as b:
        assert table_digests(a) == table_digests(b)
    assert dst.counts() == src.counts() and src.counts()["events"] > 0
    # the copy is a working store: new rows get fresh ids after the copied ones
    title, text = trade_text(40)
    more = ingest([Article(id="new", title=title, text=text.replace("report", "story"))], dst, extractor=extractor)
    assert more.stored == 1 and more.items[0].article_id == src.counts()["articles"] + 1


def test_sqlite_to_sqlite(tmp_path, source, runner, extractor):
    _copy_and_check(source, f"sqlite:///{tmp_path / 'b.db'}", runner, extractor)


def test_sqlite_to_postgresql(request, source, runner, extractor):
    _copy_and_check(source, pg_schema_url(request), runner, extractor)


def test_a_store_that_is_not_empty_is_refused_and_left_as_it_was(tmp_path, source, runner):
    target = str(tmp_path / "full.db")
    copy_store(source, target)
    before = snapshot(open_store(target))
    res = runner.invoke(app, ["migrate", "--from", source, "--to", target])
    assert res.exit_code == 1
    assert res.output.count("\n") == 1 and "not empty" in res.output and "articles" in res.output
    assert snapshot(open_store(target)) == before


def test_a_missing_source_is_an_error_and_creates_nothing(tmp_path, runner):
    res = runner.invoke(app, ["migrate", "--from", f"sqlite:///{tmp_path / 'none.db'}", "--to", str(tmp_path / "b.db")])
    assert res.exit_code == 1 and "no such database" in res.output
    assert not (tmp_path / "none.db").exists() and not (tmp_path / "b.db").exists()
