"""Batch ingest (tradewire.batch): the relevance prefilter, and parallel runs that store exactly
what the serial flow stores."""

from __future__ import annotations

import pytest

from batch_helpers import trade_text, write_corpus
from tradewire.batch import ingest_batch
from tradewire.batch.digest import snapshot
from tradewire.data import load_data
from tradewire.extract.prefilter import Gated, Prefilter, split_sentences
from tradewire.flow import ingest, open_store


@pytest.fixture(scope="module")
def pf() -> Prefilter:
    return Prefilter.load()


@pytest.mark.parametrize("text", [
    "The U.S. raised tariffs on Chinese steel.",                      # one sentence, one clear trade word
    "Japan and South Korea agreed on Friday to ease export controls on chip materials.",
    "Canada threatened countermeasures against Washington.",           # prefilter.yaml vocabulary only
])
def test_a_one_sentence_trade_item_passes(pf, text):
    v = pf.check(text)
    assert v.keep and v.text == text


@pytest.mark.parametrize("text", [
    "The mayor opened a new library on Saturday, with a reading room for children.",
    "Heavy rain flooded the lower town overnight and the river rose by two metres.",
])
def test_text_without_trade_vocabulary_is_never_parsed(pf, text):
    v = pf.check(text)
    assert not v.keep and v.why == "no trade vocabulary"


def _filler(i: int) -> str:
    return f"The club's coach praised player number {i} after the match, which drew {1000 + i} fans."


def test_a_long_page_with_one_trade_word_and_one_country_is_skipped(pf):
    text = " ".join([_filler(i) for i in range(12)] + ["The striker said France would be a hard trade to make."])
    v = pf.check(text)
    assert not v.keep and "fewer than two countries" in v.why


def test_a_long_page_is_cut_to_its_relevant_sentences_neighbours_and_lede(pf):
    s = load_data("prefilter.yaml")
    filler = [_filler(i) for i in range(30)]
    act = "Japan imposed tariffs on South Korean steel on Monday, the Trade Ministry in Tokyo said."
    text = " ".join(filler[:15] + [act] + filler[15:])
    v = pf.check(text)
    assert v.keep and v.sentences == 31
    kept = [v.text[a:b] for a, b in split_sentences(v.text)]
    assert act in kept
    assert filler[0] in kept and filler[s["lede_sentences"]] not in kept  # the lede, not what follows it
    assert filler[14] in kept and filler[15] in kept                      # one neighbour on each side
    assert v.kept_sentences == s["lede_sentences"] + 1 + 2 * s["context_sentences"] < 31


def test_a_dense_trade_story_is_parsed_whole(pf):
    text = "\n".join(trade_text(i)[1] for i in range(6))
    v = pf.check(text)
    assert v.keep and v.text == text and v.why == "whole"


def test_the_gated_extractor_finds_the_same_events_in_a_cut_page(extractor):
    from tradewire.models import Article

    act = "Japan imposed 25% tariffs on South Korean steel on Monday, the Trade Ministry in Tokyo said."
    page = " ".join([_filler(i) for i in range(20)] + [act] + [_filler(i) for i in range(20, 40)])
    article = Article(id="page", text=page)
    gated = Gated(extractor)
    got = [(e.type, e.source.country, e.target.country) for e in gated.extract(article)]
    assert got == [(e.type, e.source.country, e.target.country) for e in extractor.extract(Article(id="a", text=act))]
    assert gated.stats["cut"] == 1


@pytest.fixture(scope="module")
def extractor():
    from tradewire.extract import Extractor

    return Extractor()


@pytest.fixture(scope="module")
def serial(tmp_path_factory, extractor):
    """The corpus ingested by the serial flow: what every batch run must store."""
    folder = tmp_path_factory.mktemp("corpus")
    corpus = write_corpus(folder)
    store = open_store(str(folder / "serial.db"))
    summary = ingest([str(corpus)], store, extractor=extractor)
    assert summary.ok and summary.stored == 13 and summary.duplicates == 1
    return corpus, snapshot(store), summary


def test_in_process_batches_store_what_the_serial_flow_stores(tmp_path, serial):
    corpus, expected, summary = serial
    store = open_store(str(tmp_path / "batch.db"))
    seen = []
    got = ingest_batch([str(corpus)], store, workers=0, batch_size=4, on_item=seen.append)
    assert (got.stored, got.duplicates, got.failed, got.n_events) == (
        summary.stored, summary.duplicates, summary.failed, summary.n_events)
    assert [i.path for i in seen] == [i.path for i in summary.items]   # input order kept
    assert snapshot(store) == expected
    assert expected["canonical"] and expected["sources"]               # fusion and the copy were exercised
    again = ingest_batch([str(corpus)], store, workers=0)              # a second run: everything already stored
    assert again.stored == 0 and again.duplicates == 14
    assert snapshot(store) == expected


def test_a_bad_input_fails_alone_in_a_batch(tmp_path, serial):
    corpus, expected, _ = serial
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Canada imposed tariffs on U.S. steel."}\nnot json\n', "utf-8")
    store = open_store(str(tmp_path / "batch.db"))
    got = ingest_batch([str(corpus), str(bad)], store, workers=0)
    assert got.failed == 1 and got.stored == 14
    assert [i.error for i in got.items if i.status == "failed"][0].startswith(f"{bad}:2")


@pytest.mark.slow
def test_two_worker_processes_store_what_the_serial_flow_stores(tmp_path, serial):
    corpus, expected, summary = serial
    store = open_store(str(tmp_path / "pool.db"))
    got = ingest_batch([str(corpus)], store, workers=2, batch_size=4)
    assert got.stored == summary.stored and got.n_events == summary.n_events
    assert snapshot(store) == expected


@pytest.mark.slow
def test_cli_ingest_with_workers(tmp_path, serial, runner):
    from tradewire.cli import app

    corpus, expected, _ = serial
    db = str(tmp_path / "cli.db")
    res = runner.invoke(app, ["ingest", str(corpus), "--db", db, "--workers", "1", "--quiet"])
    assert res.exit_code == 0, res.output
    assert "13 stored" in res.output
    res = runner.invoke(app, ["ingest", str(corpus), "--db", db, "--scheduler", "tcp://127.0.0.1:1"])
    assert res.exit_code == 1 and "no Dask scheduler answers" in res.output


@pytest.mark.slow
def test_a_pool_worker_killed_mid_run_is_replaced_and_its_chunks_redone(tmp_path, serial):
    import os
    import signal

    from tradewire.batch.runner import LocalPool, run

    corpus, expected, summary = serial
    killed = []

    class KillOnce(LocalPool):
        def result(self, handle, chunk):
            if not killed:
                victim = next(iter(self.pool._processes))  # a worker of the pool, busy with the first chunks
                killed.append(victim)
                os.kill(victim, signal.SIGKILL)
            return super().result(handle, chunk)

    store = open_store(str(tmp_path / "killed.db"))
    pool = KillOnce(2)
    got = run([str(corpus)], store, pool, batch_size=4, chunk_size=2)
    assert killed and pool.generation == 2   # the broken pool was replaced once
    assert got.ok and got.stored == summary.stored
    assert snapshot(store) == expected
