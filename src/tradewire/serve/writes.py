"""Writing through the server: an article posted to the API or the form goes through the one
ingest flow (`tradewire.ingest`), with the Extractor loaded once per app (at the first write:
loading the model takes seconds and a read-only server never needs it; a server with a token
loads it in the background as it starts)."""

from __future__ import annotations

import threading

from tradewire.models import RawDocument
from tradewire.read.readers import IngestError, read_text
from tradewire.serve.queries import BadRequest, get_article
from tradewire.serve.schemas import ArticleIn, IngestResult


class Writer:
    def __init__(self, store, extractor=None):
        self.store = store
        self._extractor = extractor
        self._lock = threading.Lock()   # one write at a time: the model and SQLite both prefer it
        self._loading = threading.Lock()

    def extractor(self):
        with self._loading:
            if self._extractor is None:
                from tradewire import Extractor

                self._extractor = Extractor()
        return self._extractor

    def warm(self) -> None:
        """Load the model in the background as the server starts, so that the first POST does not
        wait seconds for it (only a server that accepts writes needs it)."""
        threading.Thread(target=self.extractor, name="tradewire-warm-extractor", daemon=True).start()

    @staticmethod
    def raw(body: ArticleIn) -> RawDocument:
        """The posted article as a reader would have produced it; metadata given in the request wins."""
        where = body.url or body.id or "posted article"
        if body.html:
            try:
                doc = next(iter(read_text(body.html.encode("utf-8"), where, ".html")))
            except IngestError as exc:
                raise BadRequest(str(exc)) from None
        else:
            doc = RawDocument(path=where, text=body.text or "")
        updates = {k: v for k, v in {"title": body.title, "url": body.url, "outlet": body.outlet,
                                     "published": body.published, "id": body.id}.items() if v is not None}
        return doc.model_copy(update=updates)

    def ingest(self, body: ArticleIn) -> IngestResult:
        from tradewire import ingest

        raw = self.raw(body)
        with self._lock:
            summary = ingest([raw], self.store, extractor=self.extractor())
        item = summary.items[0]
        if item.status == "failed":
            raise BadRequest(item.error or "the article could not be ingested")
        with self.store.engine.connect() as conn:
            article = get_article(conn, item.article_id) if item.article_id else None
        return IngestResult(article_id=item.article_id, stored=item.status == "stored", note=item.note,
                            article=article, events=item.events)
