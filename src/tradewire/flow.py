"""The one ingest flow: read -> clean -> extract -> save -> update the record.

The CLI, the HTTP API and batch runners all call `ingest` (or `extract_sources` when nothing is
stored), so the loop exists once. Bad inputs are recorded per item and the run goes on.

    from tradewire import Extractor, open_store, ingest
    store = open_store("tradewire.db")
    summary = ingest(["examples/"], store, extractor=Extractor())
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
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
    """One document cleaned; a text of page debris only is its own error (a JSONL file goes on)."""
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


def extract_many(extractor, articles: list[Article]) -> list[list[Event] | str]:
    """Events of each article in order, parsed together (nlp.pipe); one the extractor rejects gets its one-line error."""
    inner = getattr(extractor, "extractor", extractor)  # the extractor behind the prefilter
    if len(articles) > 1 and callable(getattr(inner, "pipe", None)):
        try:
            return [events for _a, events in extractor.pipe(articles)]
        except TradewireError:
            pass  # one article failed: find it below, keep the others
    out: list[list[Event] | str] = []
    for a in articles:
        try:
            out.append(extractor.extract(a))
        except TradewireError as exc:
            out.append(str(_named(a, exc)))
    return out


class _Here:
    """The default backend: this process's extractor. tradewire.batch passes worker pools or a
    Dask cluster with the same methods; their `result` may also return the texts' dedup signatures."""

    def __init__(self, lazy: _LazyExtractor):
        self.lazy = lazy

    def submit(self, chunk: list[Article]) -> list[list[Event] | str]:
        return extract_many(self.lazy.get(), chunk)

    def result(self, handle: list[list[Event] | str], chunk: list[Article]) -> list[list[Event] | str]:
        return handle

    def close(self) -> None:
        pass


@dataclass
class _Entry:
    result: ItemResult | None = None          # known without extraction (a bad input)
    article: Article | None = None
    warnings: list[str] = field(default_factory=list)
    extract: bool = False                     # to extract: the copy of its text to hold its events
    events: list[Event] | str = field(default_factory=list)


def _entries(sources, published: date | None, max_bytes: int) -> Iterator[_Entry]:
    for item, warnings in read_sources(sources, published=published, max_bytes=max_bytes):
        if isinstance(item, IngestError):
            yield _Entry(result=ItemResult(path=item.path, status="failed", error=str(item), warnings=warnings))
        else:
            yield _Entry(article=item, warnings=warnings, extract=True)


def _windows(entries: Iterator[_Entry], store: Store, size: int) -> Iterator[list[_Entry]]:
    """Windows of `size` articles; of a text stored already or met in this run, only a copy that
    sorts first (`Store.first_of_copies`) is extracted again, to take its place (store.copies)."""
    from tradewire.store import copies

    run: dict[str, tuple] = {}   # text hash -> sort key of the copy extracted for it in this run

    def mark(window: list[_Entry]) -> list[_Entry]:
        arts = [e for e in window if e.article is not None]
        with store.engine.connect() as conn:   # one look at the store per window
            todo = copies.to_extract(conn, [e.article for e in arts], run)
        for e, extract in zip(arts, todo, strict=True):
            e.extract = extract
        return window

    window: list[_Entry] = []
    n = 0
    for e in entries:
        window.append(e)
        n += e.article is not None
        if n >= size:
            yield mark(window)
            window, n = [], 0
    if window:
        yield mark(window)


def _write(entries: list[_Entry], chunks: list[tuple[list[_Entry], object]], store: Store, backend,
           summary: IngestSummary, on_item: Callable[[ItemResult], None] | None) -> None:
    """One window: its chunks' events, then its articles stored and the record updated once."""
    from tradewire.store import dedup

    for part, handle in chunks:
        arts = [e.article for e in part]
        try:
            out = backend.result(handle, arts)
        except TradewireError as exc:  # a chunk lost on every try (WorkerLost): its articles fail
            out = [str(exc)] * len(part)
        if isinstance(out, tuple):  # the workers hashed the texts too: the writer only compares
            out, sigs = out
            for a, sig in zip(arts, sigs, strict=True):
                dedup.given(a.text, sig)
        for e, events in zip(part, out, strict=True):
            e.events = events
    to_save = [e for e in entries if e.article is not None and not isinstance(e.events, str)]
    # the copy of a text extracted (to hold its events) is saved before the other copies of the window
    lead = {e.article.content_hash: e for e in to_save if e.extract}
    order = list({id(x): x for e in to_save for x in (lead.get(e.article.content_hash, e), e)}.values())
    try:
        done = save_extracted([(e.article, e.events if e.extract else None) for e in order], store)
        saved = dict(zip(map(id, order), done, strict=True))
    finally:
        dedup.forget()
    for e in entries:
        if e.result is None:
            if isinstance(e.events, str):
                where = e.article.path or e.article.id
                msg = e.events if e.events.startswith(where) else f"{where}: {e.events}"
                e.result = ItemResult(path=where, status="failed", error=msg)
            else:
                e.result = saved[id(e)]
            e.result.warnings = e.warnings
        summary.add(e.result)
        if on_item is not None:
            on_item(e.result)


BATCH_SIZE = 32  # articles parsed together and written between two record updates


def ingest(sources: Iterable[Source], store: Store, *, extractor: Extractor | None = None,
           published: date | None = None, max_bytes: int = DEFAULT_MAX_BYTES, actor_files: Iterable[str | Path] = (), model: str | Path | None = None,
           on_item: Callable[[ItemResult], None] | None = None, batch_size: int = BATCH_SIZE, backend=None,
           chunk_size: int | None = None, in_flight: int = 0) -> IngestSummary:
    """Read, clean, extract and store every source, updating the record.

    Window by window of `batch_size` articles: texts already stored are not extracted again, the
    others are parsed together (nlp.pipe), each article is stored in its own transaction (all or
    nothing) and the record is updated once per window, so a run killed at any point keeps every
    article it stored whole and the next run finds them "already stored" and fuses the rest. A
    failed item (any TradewireError) does not stop the run; `on_item` gets each item's result in
    input order. `actor_files`/`model` are used only when no `extractor` is given. A `backend`
    (tradewire.batch) extracts elsewhere, `chunk_size` articles a task, `in_flight` windows ahead."""
    if isinstance(sources, str | Path | RawDocument | Article):
        sources = [sources]
    if backend is None:
        backend = _Here(_LazyExtractor(extractor, actor_files, model))
    chunk_size = chunk_size or batch_size
    summary = IngestSummary()
    pending: deque[tuple[list[_Entry], list]] = deque()
    try:
        for entries in _windows(_entries(sources, published, max_bytes), store, batch_size):
            todo = [e for e in entries if e.extract]
            chunks = [todo[i:i + chunk_size] for i in range(0, len(todo), chunk_size)]
            pending.append((entries, [(c, backend.submit([e.article for e in c])) for c in chunks]))
            while len(pending) > in_flight:
                _write(*pending.popleft(), store, backend, summary, on_item)
        while pending:
            _write(*pending.popleft(), store, backend, summary, on_item)
    finally:
        backend.close()
    return summary


def save_extracted(items: Iterable[tuple[Article, list[Event] | None]], store: Store) -> list[ItemResult]:
    """Store extracted articles (one transaction each) and update the record ONCE for the batch.
    Events None: not extracted (a copy of a text extracted from another copy, kept as a copy only)."""
    from tradewire.record import after_ingest, ensure_current

    results = []
    for article, events in items:
        path = article.path or article.id
        try:
            # an exact or near copy is kept as a source, not stored
            res = store.save(article, events) if events is not None else store.save(article, [], extracted=False)
            if res.created:
                store.last_saved = None
                results.append(ItemResult(path=path, status="stored", article_id=res.article_id, events=events))
                continue
            # a copy: after_ingest refreshes the record of the article it is a copy of
            notes = _Notes(article.path)
            after_ingest(store, article, console=notes)
            results.append(ItemResult(path=path, status="duplicate", article_id=store.find_article(article.content_hash),
                                      note=notes.lines[-1] if notes.lines else "already stored"))
        except TradewireError as exc:
            results.append(ItemResult(path=path, status="failed", error=str(_named(article, exc))))
    ensure_current(store)
    return results
