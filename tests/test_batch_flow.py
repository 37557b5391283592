"""The one ingest flow works window by window (tradewire.flow.ingest): articles parsed together,
one failing alone, and the near-duplicate signatures computed by the workers, not the writer."""

from __future__ import annotations

import numpy as np
import pytest

from batch_helpers import trade_text
from tradewire.errors import TradewireError
from tradewire.flow import ingest, open_store
from tradewire.models import Article, Event
from tradewire.store import dedup


class Spy:
    """An extractor that finds no events and records how it was called; a text with 'Ruritania'
    makes it fail (the whole pipe, and extract for that article only)."""

    def __init__(self) -> None:
        self.piped: list[int] = []
        self.extracted: list[str] = []

    def pipe(self, articles, batch_size: int = 16):
        items = list(articles)
        self.piped.append(len(items))
        if any("Ruritania" in a.text for a in items):
            raise TradewireError("the parser gave up")
        return [(a, []) for a in items]

    def extract(self, article: Article) -> list[Event]:
        self.extracted.append(article.id)
        if "Ruritania" in article.text:
            raise TradewireError("the parser gave up")
        return []


def _articles(n: int) -> list[Article]:
    return [Article(id=f"a{i}", path=f"a{i}.txt", text=trade_text(i)[1]) for i in range(n)]


def test_the_default_ingest_parses_each_window_together(tmp_path):
    spy = Spy()
    seen = []
    got = ingest(_articles(5), open_store(tmp_path / "t.db"), extractor=spy, batch_size=4, on_item=seen.append)
    assert got.ok and got.stored == 5
    assert spy.piped == [4] and spy.extracted == ["a4"]       # a window of 4 through nlp.pipe, then the last one
    assert [i.path for i in seen] == [f"a{i}.txt" for i in range(5)]   # input order


def test_an_article_the_extractor_rejects_fails_alone_in_its_window(tmp_path):
    arts = _articles(3)
    arts.insert(1, Article(id="bad", path="bad.txt", text="Ruritania imposed tariffs on Canadian steel on Monday."))
    got = ingest(arts, open_store(tmp_path / "t.db"), extractor=Spy())
    assert [i.status for i in got.items] == ["stored", "failed", "stored", "stored"]
    assert got.items[1].error == "bad.txt: the parser gave up"
    assert got.stored == 3 and got.failed == 1


def test_a_signature_given_by_a_worker_is_used_once_and_equals_the_writers():
    text = trade_text(3)[1]
    mine = dedup.signatures([text])[0]
    sig = (mine[0].copy(), mine[1])
    dedup.given(text, sig)
    assert dedup.signatures([text])[0] is sig                 # not hashed again
    again = dedup.signatures([text])[0]
    assert again is not sig and np.array_equal(again[0], sig[0]) and again[1] == sig[1]
    dedup.forget()


def test_workers_return_each_texts_signature_and_the_writer_forgets_them(tmp_path):
    from tradewire.batch import work
    from tradewire.batch.runner import InProcess, run

    arts = _articles(3)
    events, sigs = work.extract_chunk(arts)
    assert len(events) == len(sigs) == 3
    assert all(np.array_equal(s[0], d[0]) and s[1] == d[1]
               for s, d in zip(sigs, dedup.signatures([a.text for a in arts]), strict=True))
    got = run(arts, open_store(tmp_path / "t.db"), InProcess(), batch_size=2, chunk_size=2)
    assert got.ok and got.stored == 3
    assert not dedup._GIVEN                                   # nothing kept after the window is written


@pytest.mark.slow
def test_the_fixed_lsh_parameters_are_what_datasketch_picks():
    # stored band keys depend on them: a datasketch upgrade that chose others must be noticed
    assert dedup.lsh_params() == dedup.datasketch_params()
