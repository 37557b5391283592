"""The one ingest flow: read -> clean -> extract -> save -> update the record.

The CLI, the HTTP API and batch runners all call `ingest` (or `extract_sources` when nothing is
stored), so the loop exists once. Bad inputs are recorded per item and the run goes on.

    from tradewire import Extractor, open_store, ingest
    store = open_store("tradewire.db")
    summary = ingest(["examples/"], store, extractor=Extractor())
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from tradewire.errors import StoreError, TradewireError
from tradewire.models import Article, Event, RawDocument
from tradewire.read.clean import clean
from tradewire.read.readers import DEFAULT_MAX_BYTES, IngestError, iter_paths, read_path, read_stdin

if TYPE_CHECKING:  # heavy imports (spaCy, SQLAlchemy) only when used
    from tradewire.extract import Extractor
    from tradewire.store import Store

Source = str | Path | RawDocument | Article

__all__ = ["IngestSummary", "ItemResult", "extract_sources", "ingest", "is_url", "open_store", "read_sources",
           "save_extracted"]


class ItemResult(BaseModel):
    """What happened to one input item (a file, a JSONL record, a posted text)."""

    path: str
    status: Literal["stored", "duplicate", "failed"]
    article_id: int | None = None
    events: list[Event] = Field(default_factory=list)
    error: str | None = None
    # why a duplicate is one ("already stored", "near-duplicate ... kept as an extra source")
    note: str | None = None
    warnings: list[str] = Field(default_factory=list)


class IngestSummary(BaseModel):
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    n_events: int = 0
    items: list[ItemResult] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def add(self, item: ItemResult) -> None:
        self.items.append(item)
        if item.status == "stored":
            self.stored += 1
            self.n_events += len(item.events)
        elif item.status == "duplicate":
            self.duplicates += 1
        else:
            self.failed += 1


def is_url(db: str) -> bool:
    return "://" in db


def open_store(url_or_path: str | Path = "tradewire.db", *, create: bool = True) -> Store:
    """Open (and migrate) a store: an SQLite path or a SQLAlchemy URL.

    With create=False a missing SQLite file is an error instead of a new empty database
    (what every read command wants)."""
    from tradewire.store import open_store as _open

    db = str(url_or_path)
    if not create and not is_url(db) and not Path(db).expanduser().exists():
        raise StoreError(f"{db}: no such database")
    return _open(db)


def _article(raw: RawDocument, published: date | None) -> Article:
    article = clean(raw)
    if published is not None:
        article.published = published
    return article


def _cleaned(doc: RawDocument, published: date | None) -> tuple[Article | IngestError, list[str]]:
    """One document cleaned; a text that is all page debris is its own error, and the file's
    other records (JSONL) are still read."""
    try:
        return _article(doc, published), list(doc.warnings)
    except IngestError as exc:
        return exc, list(doc.warnings)


def read_sources(sources: Iterable[Source], *, published: date | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[tuple[Article | IngestError, list[str]]]:
    """Every input as a clean Article (or the IngestError that stopped it), with reader warnings.

    Paths may be files, directories or "-" (standard input); RawDocuments are cleaned; Articles
    pass as they are (`published` still overrides their date). A single source needs no list."""
    if isinstance(sources, str | Path | RawDocument | Article):
        sources = [sources]
    for src in sources:
        if isinstance(src, Article):
            if published is not None:
                src = src.model_copy(update={"published": published})
            yield src, []
            continue
        if isinstance(src, RawDocument):
            yield _cleaned(src, published)
            continue
        for path, problem in iter_paths([str(src)]):
            if problem is not None:
                yield problem, []
                continue
            try:
                for doc in (read_stdin(max_bytes) if path == "-" else read_path(path, max_bytes)):
                    if isinstance(doc, IngestError):
                        yield doc, []
                    else:
                        yield _cleaned(doc, published)
            except IngestError as exc:
                yield exc, []


def extract_sources(sources: Iterable[Source], *, extractor: Extractor | None = None, published: date | None = None,
                    max_bytes: int = DEFAULT_MAX_BYTES, actor_files: Iterable[str | Path] = (), model: str | Path | None = None,
                    ) -> Iterator[tuple[Article | TradewireError, list[Event], list[str]]]:
    """Read, clean and extract without a store: (article or error, events, warnings) per item."""
    lazy = _LazyExtractor(extractor, actor_files, model)
    for item, warnings in read_sources(sources, published=published, max_bytes=max_bytes):
        if isinstance(item, IngestError):
            yield item, [], warnings
            continue
        try:
            yield item, lazy.get().extract(item), warnings
        except TradewireError as exc:
            yield _named(item, exc), [], warnings


def explain_sources(sources: Iterable[Source], *, extractor: Extractor | None = None, published: date | None = None,
                    max_bytes: int = DEFAULT_MAX_BYTES, actor_files: Iterable[str | Path] = (), model: str | Path | None = None, all_sentences: bool = False,
                    ) -> Iterator[tuple[object, list[str]]]:
    """Read, clean and explain (tradewire.extract.explain): (explanation or error, warnings) per item."""
    from tradewire.extract.explain import explain_article

    lazy = _LazyExtractor(extractor, actor_files, model)
    for item, warnings in read_sources(sources, published=published, max_bytes=max_bytes):
        if isinstance(item, IngestError):
            yield item, warnings
            continue
        try:
            yield explain_article(lazy.get(), item, all_sentences), warnings
        except TradewireError as exc:
            yield _named(item, exc), warnings


def _named(article: Article, exc: TradewireError) -> TradewireError:
    """The error of one article, naming it (store and extractor messages do not know the file)."""
    where = article.path or article.id
    return exc if str(exc).startswith(where) else IngestError(where, str(exc))


def check_actor_files(files: Iterable[str | Path]) -> None:
    """A missing or unparsable `--actors` file stops the run before any input is read: every
    article would be extracted without its people. Raises DataFileError (file, line, problem)."""
    from tradewire.data import load_path

    for f in files:
        load_path(f)


class _LazyExtractor:
    """Build the extractor (spaCy + KB, seconds) only when an article needs extracting."""

    def __init__(self, extractor: Extractor | None, actor_files: Iterable[str | Path], model: str | Path | None = None):
        self._extractor, self._files, self._model = extractor, tuple(str(f) for f in actor_files), model
        if extractor is None:
            check_actor_files(self._files)
            if model is not None:  # a bad model is one line before any input is read
                from tradewire.learn import load_model

                load_model(model)

    def get(self) -> Extractor:
        if self._extractor is None:
            from tradewire.extract import Extractor

            self._extractor = Extractor(self._files, model=self._model)
        from tradewire.extract.prefilter import gated

        # the relevance prefilter: text that can hold no event is never parsed
        self._extractor = gated(self._extractor, self._files)
        return self._extractor


class _Notes:
    """Collects what record.after_ingest would print (it reports to a console-like object)."""

    def __init__(self, path: str | None) -> None:
        self.prefix = f"{path}: "
        self.lines: list[str] = []

    def print(self, msg: str, **_kw) -> None:
        msg = str(msg)
        self.lines.append(msg[len(self.prefix):] if msg.startswith(self.prefix) else msg)


def _ingest_one(article: Article, store: Store, lazy: _LazyExtractor) -> ItemResult:
    from tradewire.record import after_ingest

    path = article.path or article.id
    notes = _Notes(article.path)
    found = store.find_article(article.content_hash)
    if found is not None and not store.first_of_copies(found, article):
        # same clean text already stored: no extraction; the record may still gain a source
        # (a copy that sorts first is extracted and takes the stored article's place)
        after_ingest(store, article, console=notes)
        found = store.find_article(article.content_hash)
        return ItemResult(path=path, status="duplicate", article_id=found,
                          note=notes.lines[-1] if notes.lines else "already stored")
    events = lazy.get().extract(article)
    res = store.save(article, events)
    after_ingest(store, article, console=notes)
    if res.created:
        return ItemResult(path=path, status="stored", article_id=res.article_id, events=events)
    return ItemResult(path=path, status="duplicate", article_id=res.article_id,
                      note=notes.lines[-1] if notes.lines else "already stored")


def ingest(sources: Iterable[Source], store: Store, *, extractor: Extractor | None = None,
           published: date | None = None, max_bytes: int = DEFAULT_MAX_BYTES, actor_files: Iterable[str | Path] = (), model: str | Path | None = None,
           on_item: Callable[[ItemResult], None] | None = None) -> IngestSummary:
    """Read, clean, extract and store every source, updating the record after each article.

    One transaction per article (Store.save). A bad input or a store error on one item
    (any TradewireError) is recorded as a failed item and the run goes on; `on_item` is called
    with each item's result as soon as it is known. `actor_files` are used only when no
    `extractor` is given (the extractor already holds its knowledge base)."""
    lazy = _LazyExtractor(extractor, actor_files, model)
    summary = IngestSummary()
    for item, warnings in read_sources(sources, published=published, max_bytes=max_bytes):
        if isinstance(item, IngestError):
            result = ItemResult(path=item.path, status="failed", error=str(item), warnings=warnings)
        else:
            try:
                result = _ingest_one(item, store, lazy)
            except TradewireError as exc:
                result = ItemResult(path=item.path or item.id, status="failed", error=str(_named(item, exc)))
            result.warnings = warnings
        summary.add(result)
        if on_item is not None:
            on_item(result)
    return summary


def save_extracted(items: Iterable[tuple[Article, list[Event]]], store: Store) -> list[ItemResult]:
    """Store articles extracted elsewhere (worker processes, a Dask cluster) and update the record
    ONCE for the whole batch (the batch runners' write step; `ingest` does the same per article).

    Each article is still its own transaction (Store.save), so a run killed mid-batch keeps every
    article whole and the next run finds them "already stored"; events stored but not yet fused
    are fused by the next record update."""
    from tradewire.record import after_ingest, ensure_current

    results = []
    for article, events in items:
        path = article.path or article.id
        try:
            res = store.save(article, events)  # an exact or near copy is kept as a source, not stored
            if res.created:
                store.last_saved = None
                results.append(ItemResult(path=path, status="stored", article_id=res.article_id, events=events))
                continue
            # a copy: after_ingest refreshes the record of the article it is a copy of, as in `ingest`
            notes = _Notes(article.path)
            after_ingest(store, article, console=notes)
            results.append(ItemResult(path=path, status="duplicate", article_id=store.find_article(article.content_hash),
                                      note=notes.lines[-1] if notes.lines else "already stored"))
        except TradewireError as exc:
            results.append(ItemResult(path=path, status="failed", error=str(_named(article, exc))))
    ensure_current(store)
    return results
