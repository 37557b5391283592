"""Repository functions over the store. SQLite by default; any SQLAlchemy URL works (PostgreSQL)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, Engine, bindparam, create_engine, event, insert, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError

from tradewire.errors import StoreError, TradewireError
from tradewire.models import Actor, Article, Event
from tradewire.store import copies, dedup, schema
from tradewire.store.migrations import SCHEMA_VERSION, current_version, migrate, refuse_newer

# How long a writer waits for another one holding the SQLite write lock before giving up
# (a long `record --rebuild` or a bulk ingest in another process holds it for seconds).
BUSY_TIMEOUT_S = 120.0
# The PostgreSQL lock every tradewire writer of a store (a schema) takes first.
PG_WRITE_LOCK = "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.tradewire'))"


def db_url(db: str) -> str:
    """A path becomes an SQLite URL; anything with '://' is used as a SQLAlchemy URL."""
    if "://" in db:
        return db.replace("postgresql://", "postgresql+psycopg://", 1) if db.startswith("postgresql://") else db
    return f"sqlite:///{Path(db).expanduser()}"


class _Queries:
    """The statements of every save, built once with bound parameters: building them per call
    (SQLAlchemy expressions and their cache keys) was a third of the writer's CPU in a batch ingest."""

    def __init__(self) -> None:
        a, s = schema.articles, schema.article_sources
        self.actor = select(schema.actors.c.id).where(schema.actors.c.key == bindparam("key"))
        self.article = select(a.c.id).where(a.c.content_hash == bindparam("h"))
        self.source = select(s.c.article_id).where(s.c.content_hash == bindparam("h")).order_by(s.c.id).limit(1)


@lru_cache(maxsize=1)
def _q() -> _Queries:
    return _Queries()


@dataclass
class SaveResult:
    article_id: int
    created: bool
    n_events: int
    duplicate_of: int | None = None      # set when the text was kept as a copy of this stored article
    similarity: float | None = None      # word 5-shingle Jaccard with that article
    source_added: bool = False           # the copy added a source (new outlet/url) to that article
    # An exact copy that sorts before the stored article (`first_of_copies`) took its place: its events
    # replaced the stored ones, and the record must re-cluster these articles' events (the replaced
    # events' canonical partners); the earlier article became a source.
    replaced: list[int] | None = None


class Store:
    def __init__(self, engine: Engine, busy_timeout: float = BUSY_TIMEOUT_S):
        self.engine = engine
        self.busy_timeout = busy_timeout   # SQLite: set on the connections; PostgreSQL: lock_timeout
        self.last_saved: tuple[str, SaveResult] | None = None  # (content hash, result) of the last save()
        with engine.connect() as conn:
            have = current_version(conn)
        refuse_newer(have)   # refused before any write: a newer store is never touched
        if have < SCHEMA_VERSION:
            # Two first ingests into a new database both create the schema: serialised like any
            # write, and `migrate` looks again under the lock (the other may have done it).
            with self.write() as conn:
                migrate(conn)

    @property
    def where(self) -> str:
        return db_where(self.engine)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction, serialised with every other tradewire writer of this store.

        SQLite: BEGIN IMMEDIATE takes the write lock first (waiting up to the busy timeout), so
        what the transaction reads is not changed by another process before it writes; a deferred
        BEGIN would fail instead of waiting when it upgrades to a writer after another commit.
        PostgreSQL: a transaction-scoped advisory lock per schema, for the same reason (two
        record updates reading the same unfused events would both create canonical events)."""
        try:
            with self.engine.connect() as conn:
                conn.execution_options(tradewire_write=True)
                with conn.begin():
                    if conn.dialect.name == "postgresql":
                        conn.execute(text(f"SET LOCAL lock_timeout = {int(self.busy_timeout * 1000)}"))
                        conn.execute(text(PG_WRITE_LOCK))
                    yield conn
        except OperationalError as exc:
            if _locked(exc):
                raise StoreError(f"{self.where}: the database stayed locked by another writer; nothing was written, "
                                 "try again") from None
            raise StoreError(f"{self.where}: {_first_line(exc)}") from None

    # -- writing ---------------------------------------------------------------------------
    def _actor_id(self, conn, actor: Actor) -> int:
        key = actor.id or f"{actor.name}|{actor.country or ''}|{actor.kind}"
        found = conn.execute(_q().actor, {"key": key}).scalar()
        if found is not None:
            return found
        return conn.execute(insert(schema.actors), {"key": key, "name": actor.name, "country": actor.country,
                                                     "kind": actor.kind}).inserted_primary_key[0]

    def find_article(self, content_hash: str, conn: Connection | None = None) -> int | None:
        """The stored article with this text, or the article a stored copy of this text belongs to."""
        if conn is None:
            with self.engine.connect() as c:
                return self.find_article(content_hash, c)
        found = conn.execute(_q().article, {"h": content_hash}).scalar()
        if found is None:
            found = conn.execute(_q().source, {"h": content_hash}).scalar()
        return found

    # -- duplicates ------------------------------------------------------------------------
    def add_source(self, article_id: int, article: Article, kind: str, similarity: float, conn=None,
                   always: bool = False) -> bool:
        """Keep `article` as an extra source (a copy) of stored article `article_id`.

        A near copy (a different text) is always kept. An exact copy (same clean text) is kept once
        per outlet/url: one with neither, or with the outlet and url of the article or of a copy
        already kept, adds nothing, so re-ingesting changes nothing."""
        if conn is None:
            with self.write() as c:
                return self.add_source(article_id, article, kind, similarity, c, always)
        a, s = schema.articles, schema.article_sources
        same_text = conn.execute(select(a.c.content_hash).where(a.c.id == article_id)).scalar() == article.content_hash
        if not always:
            if not (article.outlet or article.url):
                return False
            known = {(r.outlet, r.url) for r in conn.execute(select(a.c.outlet, a.c.url).where(a.c.id == article_id))}
            known |= {(r.outlet, r.url) for r in conn.execute(select(s.c.outlet, s.c.url).where(s.c.article_id == article_id))}
            if (article.outlet, article.url) in known:
                return False
        conn.execute(insert(s).values(
            article_id=article_id, kind=kind, similarity=round(similarity, 4), content_hash=article.content_hash,
            ext_id=article.id, title=article.title, url=article.url, outlet=article.outlet, published=article.published,
            path=article.path, byline=article.byline, text=None if same_text else article.text,
            removed=[r.model_dump() for r in article.removed],
            ingested_at=datetime.now(UTC).replace(tzinfo=None)))
        return True

    def first_of_copies(self, article_id: int, article: Article, conn: Connection | None = None) -> bool:
        """Should `article`, an exact copy of stored article `article_id`, hold the text's events in
        its place? The copy published first (then by outlet, url, id) does (`store.copies`); one
        naming no outlet or url, or a page of the stored article's, never does."""
        if conn is None:
            with self.engine.connect() as c:
                return self.first_of_copies(article_id, article, c)
        return copies.first_of_copies(conn, article_id, article)

    def _index_text(self, conn, aid: int, values, n_shingles: int, bands: list[int]) -> None:
        conn.execute(insert(schema.article_minhash), {"article_id": aid, "signature": dedup.to_bytes(values),
                                                      "n_shingles": n_shingles})
        conn.execute(insert(schema.article_lsh), [{"article_id": aid, "band": i, "bucket": k} for i, k in enumerate(bands)])

    def save(self, article: Article, events: list[Event], extracted: bool = True) -> SaveResult:
        """Store one article with its events and noise in ONE transaction (all or nothing).

        A text already stored is not stored again (an exact copy from another outlet/url is kept as
        an extra source, or, published first, takes the stored article's place with its events:
        `first_of_copies`); a copy of a stored text (word 5-shingle Jaccard >= 0.8 found by
        MinHash/LSH, and the same facts) is kept as an extra source of it, without events. Safe
        with other processes writing the same store (the check and the insert are one
        serialised transaction). `extracted=False`: the article was not extracted (the flow
        extracted another copy of its text), so it may only be kept as a copy, never hold events."""
        if not article.text.strip():
            # every empty text has the same hash: storing one would make all later ones "already stored"
            raise TradewireError(f"{article.path or article.id}: empty text, not stored")
        res = self._save(article, events if extracted else None)
        self.last_saved = (article.content_hash, res)
        return res

    @staticmethod
    def _signature(article: Article) -> tuple:
        values, n_shingles = dedup.signatures([article.text])[0]
        return values, n_shingles, dedup.band_keys(values)

    def _save(self, article: Article, events: list[Event] | None) -> SaveResult:
        h = article.content_hash
        # outside the lock (CPU only); a copy not extracted is all but always an exact copy of a stored
        # text, which needs no signature: hashing it (and importing the hasher) only when it is not
        sig = None if events is None else self._signature(article)
        try:
            with self.write() as conn:
                existing = self.find_article(h, conn)
                if existing is not None:
                    if events is not None and self.first_of_copies(existing, article, conn):
                        redo = copies.take_over(conn, existing, article, events, self._insert_event)
                        return SaveResult(existing, False, len(events), duplicate_of=existing, similarity=1.0,
                                          source_added=True, replaced=redo)
                    added = self.add_source(existing, article, "exact", 1.0, conn)
                    return SaveResult(existing, False, 0, duplicate_of=existing, similarity=1.0, source_added=added)
                values, n_shingles, bands = sig or self._signature(article)
                near = copies.near_duplicate(conn, article.text, values, bands) if n_shingles >= dedup.MIN_SHINGLES else None
                if near is not None:
                    # a near-duplicate (syndicated or republished copy): an extra source, no new events
                    added = self.add_source(near[0], article, "near", near[1], conn, always=True)
                    return SaveResult(near[0], False, 0, duplicate_of=near[0], similarity=near[1], source_added=added)
                if events is None:   # its text's copy to be extracted was not (its extraction failed)
                    raise TradewireError(f"{article.path or article.id}: not stored: the copy of its text that was "
                                         "extracted in this run failed; ingest it again")
                aid = conn.execute(insert(schema.articles), dict(
                    content_hash=h, ext_id=article.id, title=article.title, url=article.url,
                    outlet=article.outlet, published=article.published, path=article.path,
                    byline=article.byline, dateline=article.dateline, text=article.text,
                    ingested_at=datetime.now(UTC).replace(tzinfo=None),
                )).inserted_primary_key[0]
                if article.removed:
                    conn.execute(insert(schema.boilerplate), [
                        {"article_id": aid, "position": i, "kind": r.kind, "text": r.text}
                        for i, r in enumerate(article.removed)])
                for seq, ev in enumerate(events):
                    self._insert_event(conn, aid, seq, ev)
                self._index_text(conn, aid, values, n_shingles, bands)
        except IntegrityError:
            # A writer outside tradewire's lock stored the same text between our check and insert.
            existing = self.find_article(h)
            if existing is None:
                raise
            return SaveResult(existing, False, 0)
        return SaveResult(aid, True, len(events))

    def _insert_event(self, conn, aid: int, seq: int, ev: Event) -> None:
        eid = conn.execute(insert(schema.events), dict(
            article_id=aid, seq=seq, type=ev.type, status=ev.status, date=ev.date, date_text=ev.date_text,
            measure=ev.measure, products=ev.products, rate_from=ev.rate_from, rate_to=ev.rate_to,
            amount_usd=ev.amount_usd, location=ev.location, evidence=ev.evidence, plover=ev.plover,
            cameo=ev.cameo, weight=ev.weight, confidence=ev.confidence,
            source_country=ev.source.country if ev.source else None,
            target_country=ev.target.country if ev.target else None,
        )).inserted_primary_key[0]
        links = set()
        for role, actors in (("source", [ev.source]), ("target", [ev.target]), ("participant", ev.participants)):
            for a in actors:
                if a is not None:
                    links.add((self._actor_id(conn, a), role))
        if links:
            conn.execute(insert(schema.event_actors), [
                {"event_id": eid, "actor_id": a, "role": r} for a, r in sorted(links)])

    # -- reading ---------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        from sqlalchemy import func
        with self.engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in (schema.articles, schema.events, schema.actors, schema.boilerplate)}

    def events(self, country: str | None = None, type_: str | None = None,
               since: date | None = None, limit: int | None = None) -> list[dict]:
        """Stored events in EVENTS.md shape, with their article's metadata."""
        e, a, ea, ac = schema.events, schema.articles, schema.event_actors, schema.actors
        q = (select(e, a.c.ext_id.label("article"), a.c.outlet, a.c.url, a.c.published)
             .join(a, a.c.id == e.c.article_id).order_by(e.c.date.is_(None), e.c.date, e.c.id))
        if type_:
            q = q.where(e.c.type == type_.upper())
        if since:
            q = q.where(e.c.date >= since.isoformat())
        if country:
            sub = (select(ea.c.event_id).join(ac, ac.c.id == ea.c.actor_id)
                   .where(ac.c.country == country.upper()))
            q = q.where(e.c.id.in_(sub))
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(q)]
            ids = [r["id"] for r in rows]
            roles: dict[int, list] = {i: [] for i in ids}
            for chunk in range(0, len(ids), 500):
                part = ids[chunk:chunk + 500]
                for r in conn.execute(select(ea.c.event_id, ea.c.role, ac.c.name, ac.c.country, ac.c.kind)
                                      .join(ac, ac.c.id == ea.c.actor_id).where(ea.c.event_id.in_(part))):
                    roles[r.event_id].append(r)
        out = []
        for r in rows:
            actor = sides_of(roles[r["id"]])
            out.append({
                "id": r["id"], "article": r["article"], "outlet": r["outlet"], "url": r["url"],
                "published": r["published"].isoformat() if r["published"] else None,
                "type": r["type"], **actor, "date": r["date"], "date_text": r["date_text"],
                "status": r["status"], "measure": r["measure"], "products": r["products"],
                "rate_from": r["rate_from"], "rate_to": r["rate_to"], "amount_usd": r["amount_usd"],
                "location": r["location"], "evidence": r["evidence"], "plover": r["plover"],
                "cameo": r["cameo"], "weight": r["weight"], "confidence": r["confidence"],
            })
        return out


def sides_of(links) -> dict:
    """An event's actor links (rows with role, name, country, kind) as its EVENTS.md sides."""
    sides: dict = {"source": None, "target": None, "participants": []}
    for link in links:
        actor = {"name": link.name, "country": link.country, "kind": link.kind}
        if link.role == "participant":
            sides["participants"].append(actor)
        else:
            sides[link.role] = actor
    return sides


def _first_line(exc: BaseException) -> str:
    """The driver's own message, first line only (SQLAlchemy appends SQL and a link)."""
    orig = getattr(exc, "orig", None) or exc
    lines = [ln.strip() for ln in str(orig).splitlines() if ln.strip()]
    return lines[0] if lines else exc.__class__.__name__


def _locked(exc: BaseException) -> bool:
    msg = str(getattr(exc, "orig", exc)).lower()
    return any(w in msg for w in ("database is locked", "database table is locked", "busy", "lock timeout"))


def _sqlite_connect(dbapi_conn, _record) -> None:
    # tradewire emits BEGIN itself (see `_sqlite_begin`): pysqlite would begin only before DML,
    # leaving the reads of a check-then-write transaction and all DDL outside it.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    # Switching a new file to WAL needs its exclusive lock, and SQLite may answer "database is
    # locked" at once (no busy handler) while another process is creating the same store: retry.
    for attempt in range(400):
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 399:
                raise
            time.sleep(min(0.05 * (attempt + 1), 0.5))
    # In WAL mode NORMAL syncs at checkpoints, not at every commit: a killed process loses nothing
    # committed and the file never corrupts; only an OS crash may undo the last commits, which a
    # resumed ingest redoes (an article is stored whole or not at all). Saves an fsync per article.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("tradewire_write") else "BEGIN")


def open_store(db: str, busy_timeout: float = BUSY_TIMEOUT_S) -> Store:
    """Open (and create or migrate) a store. Every problem is one StoreError line: not a
    database, corrupt, unreachable, missing, newer than this code, locked too long."""
    url = db_url(db)
    try:
        if url.startswith("sqlite"):
            path = Path(url.split(":///", 1)[1]) if ":///" in url else None
            if path is not None and str(path) not in ("", ":memory:") and path.is_dir():
                raise StoreError(f"{path}: is a directory, not a database file")
            engine = create_engine(url, connect_args={"timeout": busy_timeout})
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
        else:
            # a server that does not answer fails in seconds, not after the OS's TCP timeout
            args = {"connect_timeout": 10} if url.startswith("postgresql") else {}
            engine = create_engine(url, pool_pre_ping=True, connect_args=args)
    except StoreError:
        raise
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StoreError(f"{db}: not a usable database URL ({_first_line(exc)})") from None
    try:
        return Store(engine, busy_timeout)
    except StoreError as exc:
        engine.dispose()
        msg = str(exc)
        raise type(exc)(msg if msg.startswith(db_where(engine)) else f"{db_where(engine)}: {msg}") from None
    except DBAPIError as exc:
        engine.dispose()
        raise StoreError(f"{db_where(engine)}: {_describe(exc)}") from None
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"{db_where(engine)}: {_first_line(exc)}") from None


def db_where(engine: Engine) -> str:
    """The store as named in messages (a file path, or the URL without its password)."""
    url = engine.url
    return (url.database or "") if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=True)


def _describe(exc: DBAPIError) -> str:
    msg = _first_line(exc)
    low = msg.lower()
    if "file is not a database" in low or "malformed" in low:
        return "not an SQLite database, or a corrupt one (" + msg + ")"
    return msg
