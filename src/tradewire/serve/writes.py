"""Writing through the server: an article posted to the API or the form goes through the one
ingest flow, with the Extractor loaded once per app (at the first write, since loading the
model takes seconds and a read-only server never needs it)."""

from __future__ import annotations

import threading

from tradewire.ingest.readers import IngestError, read_text
from tradewire.models import RawDocument
from tradewire.serve.schemas import ArticleIn, IngestResult


class Writer:
    def __init__(self, store, extractor=None):
        self.store = store
        self._extractor = extractor
        self._lock = threading.Lock()   # one write at a time: the model and SQLite both prefer it

    def extractor(self):
        if self._extractor is None:
            from tradewire.extract import Extractor

            self._extractor = Extractor()
        return self._extractor

    def raw(self, body: ArticleIn) -> RawDocument:
        where = body.url or body.id or "posted article"
        if body.html:
            docs = [d for d in read_text(body.html.encode("utf-8"), where, ".html")]
            doc = docs[0]
            if isinstance(doc, IngestError):
                raise doc
        else:
            doc = RawDocument(path=where, text=body.text or "")
        updates = {k: v for k, v in {"title": body.title, "url": body.url, "outlet": body.outlet,
                                     "published": body.published, "id": body.id}.items() if v is not None}
        return doc.model_copy(update=updates)

    def ingest(self, body: ArticleIn) -> IngestResult:
        raw = self.raw(body)
        with self._lock:
            return _ingest(raw, self.store, self.extractor())


def _ingest(raw: RawDocument, store, extractor) -> IngestResult:
    from tradewire.ingest.clean import clean
    from tradewire.record import after_ingest

    article = clean(raw)
    existing = store.find_article(article.content_hash)
    events = [] if existing is not None else extractor.extract(article)
    res = store.save(article, events) if existing is None else None
    after_ingest(store, article)
    if res is None or not res.created:
        aid = existing if res is None else res.article_id
        return IngestResult(article_id=aid, stored=False, article=article, events=[])
    return IngestResult(article_id=res.article_id, stored=True, article=article, events=events)
