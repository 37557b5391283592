"""The extractor: one spaCy Language and knowledge base, used for many articles."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from tradewire.extract.chain import EventExtractor, Trace
from tradewire.extract.registry import PipelineConfig, load_pipeline
from tradewire.models import Article, Event, RawDocument
from tradewire.nlp.pipeline import get_nlp
from tradewire.resolve.kb import load_kb
from tradewire.resolve.lexicon import load_lexicon
from tradewire.resolve.patterns import ruler_patterns

_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def windows(text: str, size: int) -> list[str]:
    """Cut a long text into pieces of about `size` characters at paragraph breaks (at sentence
    ends, or spaces, inside a paragraph longer than that), so that no piece is parsed twice and
    every piece's cost is bounded. Pieces keep their separators: they join back to the text."""
    out: list[str] = []
    cur: list[str] = []
    n = 0
    pos = 0
    cuts = [m.end() for m in _PARAGRAPH.finditer(text)] + [len(text)]
    for end in cuts:
        para = text[pos:end]
        pos = end
        if not para:
            continue
        for piece in _bounded(para, size):
            if n + len(piece) > size and cur:
                out.append("".join(cur))
                cur, n = [], 0
            cur.append(piece)
            n += len(piece)
    if cur:
        out.append("".join(cur))
    return out


def _bounded(para: str, size: int) -> list[str]:
    if len(para) <= size:
        return [para]
    out, start = [], 0
    while len(para) - start > size:
        chunk = para[start:start + size]
        ends = [m.end() for m in _SENTENCE_END.finditer(chunk)]
        cut = ends[-1] if ends and ends[-1] > size // 2 else (chunk.rfind(" ") + 1 or size)
        out.append(para[start:start + cut])
        start += cut
    out.append(para[start:])
    return out


LEARNED_SCORER = "tradewire.learn.stage:learned"


def with_scorer(config: PipelineConfig, model: str) -> PipelineConfig:
    """The pipeline with its `scoring` slot running the learned layer from `model`."""
    stages = [st.model_copy(update={"settings": {**st.settings, "scorer": LEARNED_SCORER, "model": model}})
              if st.name == "scoring" else st for st in config.stages]
    return config.model_copy(update={"stages": stages})


def rules_only(config: PipelineConfig | None = None) -> PipelineConfig:
    """The pipeline with an empty `scoring` slot: the rule extractor alone (what the learned
    layer is trained on and compared with)."""
    config = config or load_pipeline()
    stages = [st.model_copy(update={"settings": {}}) if st.name == "scoring" else st for st in config.stages]
    return config.model_copy(update={"stages": stages})


class Extractor:
    def __init__(self, actor_files: tuple[str, ...] = (), pipeline: PipelineConfig | None = None,
                 model: str | Path | None = None):
        """`model`: a learned-layer model (folder or model.json from `tradewire train`) for the
        `scoring` stage, instead of the shipped one."""
        if model is not None:
            pipeline = with_scorer(pipeline or load_pipeline(), str(model))
        self.kb = load_kb(actor_files)
        self.nlp = get_nlp(lambda: ruler_patterns(self.kb), key=("kb", tuple(actor_files)))
        self.events = EventExtractor(self.kb, load_lexicon(), self.nlp.vocab, pipeline)

    def extract_text(self, text: str, published: date | str | None = None, title: str | None = None) -> list[Event]:
        """Events of one text, cleaned as an ingested file would be; `published` as a date or 'YYYY-MM-DD'."""
        return self.extract(self.article_of(text, published, title))

    @staticmethod
    def article_of(text: str, published: date | str | None = None, title: str | None = None) -> Article:
        from tradewire.read.clean import clean

        pub = date.fromisoformat(published) if isinstance(published, str) else published
        article = clean(RawDocument(path="<text>", text=text, title=title, published=pub))
        if pub is not None:
            article.published = pub
        return article

    def extract(self, article: Article) -> list[Event]:
        return self.extract_article(article).events

    def extract_article(self, article: Article, trace: bool = False) -> Trace:
        """Events of one article in a Trace (each event's decision trail in `event.trail`, left out
        of normal output; printed by `extract --trace` and `explain`); with `trace=True` also the
        dropped candidates and the trigger words turned down, with their trails."""
        texts = self._texts(article)
        # One window at a time: a batch of windows would hold the parser's working memory for all of them.
        docs = [self.nlp(t) for t in texts] if len(texts) > 1 else list(self.nlp.pipe(texts))
        return self.events.trace(docs, article, keep=trace)

    def _texts(self, article: Article) -> list[str]:
        """The article's text, or its windows when it is longer than the pipeline's threshold."""
        w = self.events.config.windows
        return [article.text] if len(article.text) <= w.threshold_chars else windows(article.text, w.window_chars)

    def _long(self, article: Article) -> bool:
        return len(article.text) > self.events.config.windows.threshold_chars

    def pipe(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[tuple[Article, list[Event]]]:
        """Extract many articles, parsing them in batches (nlp.pipe); a long article is read alone,
        window by window, in its place in the order."""
        items = list(articles)
        start = 0
        while start < len(items):
            end = start
            while end < len(items) and not self._long(items[end]):
                end += 1
            docs = self.nlp.pipe((a.text for a in items[start:end]), batch_size=batch_size)
            for article, doc in zip(items[start:end], docs, strict=True):
                yield article, self.events.trace([doc], article, keep=False).events
            if end < len(items):
                yield items[end], self.extract_article(items[end]).events
            start = end + 1


def filter_confidence(events: list[Event], minimum: float) -> list[Event]:
    return [e for e in events if e.confidence >= minimum]
