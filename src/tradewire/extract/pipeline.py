"""The extractor: one spaCy Language and knowledge base, used for many articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from tradewire.extract.events import EventExtractor
from tradewire.models import Article, Event, RawDocument
from tradewire.nlp.pipeline import get_nlp
from tradewire.resolve.kb import load_kb
from tradewire.resolve.lexicon import load_lexicon


class Extractor:
    def __init__(self, actor_files: tuple[str, ...] = ()):
        self.nlp = get_nlp(actor_files)
        self.kb = load_kb(actor_files)
        self.events = EventExtractor(self.kb, load_lexicon(), self.nlp.vocab)

    def extract_text(self, text: str, published: date | str | None = None, title: str | None = None) -> list[Event]:
        """Events of one text, cleaned as an ingested file would be; `published` as a date or 'YYYY-MM-DD'."""
        from tradewire.read.clean import clean

        pub = date.fromisoformat(published) if isinstance(published, str) else published
        article = clean(RawDocument(path="<text>", text=text, title=title, published=pub))
        if pub is not None:
            article.published = pub
        return self.extract(article)

    def extract(self, article: Article) -> list[Event]:
        return self.events.extract(self.nlp(article.text), article)

    def pipe(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[tuple[Article, list[Event]]]:
        """Extract many articles, parsing them in batches (nlp.pipe)."""
        items = list(articles)
        docs = self.nlp.pipe((a.text for a in items), batch_size=batch_size)
        for article, doc in zip(items, docs, strict=True):
            yield article, self.events.extract(doc, article)


def filter_confidence(events: list[Event], minimum: float) -> list[Event]:
    return [e for e in events if e.confidence >= minimum]
