"""Repository functions over the store. SQLite by default; any SQLAlchemy URL works (PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, and_, create_engine, event, insert, or_, select
from sqlalchemy.exc import IntegrityError

from tradewire.models import Actor, Article, Event
from tradewire.store import schema
from tradewire.store.migrations import migrate


def db_url(db: str) -> str:
    """A path becomes an SQLite URL; anything with '://' is used as a SQLAlchemy URL."""
    if "://" in db:
        return db.replace("postgresql://", "postgresql+psycopg://", 1) if db.startswith("postgresql://") else db
    return f"sqlite:///{Path(db).expanduser()}"


@dataclass
class SaveResult:
    article_id: int
    created: bool
    n_events: int
    duplicate_of: int | None = None      # set when the text was kept as a copy of this stored article
    similarity: float | None = None      # word 5-shingle Jaccard with that article
    source_added: bool = False           # the copy added a source (new outlet/url) to that article


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.last_saved: tuple[str, SaveResult] | None = None  # (content hash, result) of the last save()
        with engine.begin() as conn:
            migrate(conn)

    # -- writing ---------------------------------------------------------------------------
    def _actor_id(self, conn, actor: Actor) -> int:
        key = actor.id or f"{actor.name}|{actor.country or ''}|{actor.kind}"
        found = conn.execute(select(schema.actors.c.id).where(schema.actors.c.key == key)).scalar()
        if found is not None:
            return found
        return conn.execute(insert(schema.actors).values(
            key=key, name=actor.name, country=actor.country, kind=actor.kind)).inserted_primary_key[0]

    def find_article(self, content_hash: str) -> int | None:
        """The stored article with this text, or the article a stored copy of this text belongs to."""
        with self.engine.connect() as conn:
            found = conn.execute(select(schema.articles.c.id).where(
                schema.articles.c.content_hash == content_hash)).scalar()
            if found is None:
                found = conn.execute(select(schema.article_sources.c.article_id).where(
                    schema.article_sources.c.content_hash == content_hash)
                    .order_by(schema.article_sources.c.id).limit(1)).scalar()
            return found

    # -- duplicates ------------------------------------------------------------------------
    def add_source(self, article_id: int, article: Article, kind: str, similarity: float, conn=None,
                   always: bool = False) -> bool:
        """Keep `article` as an extra source (a copy) of stored article `article_id`.

        A near copy (a different text) is always kept. An exact copy (same clean text) is kept once
        per outlet/url: one with neither, or with the outlet and url of the article or of a copy
        already kept, adds nothing, so re-ingesting changes nothing."""
        if conn is None:
            with self.engine.begin() as c:
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

    def _near_duplicate(self, conn, text: str, values, bands: list[int]) -> tuple[int, float] | None:
        """The stored article whose text is a near-duplicate of `text` (best Jaccard >= threshold)."""
        from tradewire.record import dedup

        lsh, mh, a = schema.article_lsh, schema.article_minhash, schema.articles
        cond = or_(*[and_(lsh.c.band == i, lsh.c.bucket == k) for i, k in enumerate(bands)])
        cands = conn.execute(select(lsh.c.article_id, mh.c.signature).distinct()
                             .join(mh, mh.c.article_id == lsh.c.article_id).where(cond)).all()
        # cheap filter on the signature estimate, then the exact shingle Jaccard on the texts
        likely = sorted(aid for aid, sig in cands if dedup.estimate(values, dedup.from_bytes(sig)) >= dedup.THRESHOLD - 0.2)
        if not likely:
            return None
        mine = dedup.shingles(text)
        best = None
        for aid, other in conn.execute(select(a.c.id, a.c.text).where(a.c.id.in_(likely[:200])).order_by(a.c.id)):
            j = dedup.jaccard(mine, dedup.shingles(other))
            if j >= dedup.THRESHOLD and (best is None or j > best[1]):
                best = (aid, j)
        return best

    def _index_text(self, conn, aid: int, values, n_shingles: int, bands: list[int]) -> None:
        from tradewire.record import dedup

        conn.execute(insert(schema.article_minhash).values(article_id=aid, signature=dedup.to_bytes(values),
                                                           n_shingles=n_shingles))
        conn.execute(insert(schema.article_lsh), [{"article_id": aid, "band": i, "bucket": k} for i, k in enumerate(bands)])

    def save(self, article: Article, events: list[Event]) -> SaveResult:
        """Store one article with its events and noise in ONE transaction (all or nothing).

        A text already stored is not stored again (an exact copy from another outlet/url is kept as
        an extra source); a near-duplicate of a stored text (word 5-shingle Jaccard >= 0.8, found
        by MinHash/LSH) is kept as an extra source of it, without events."""
        res = self._save(article, events)
        self.last_saved = (article.content_hash, res)
        return res

    def _save(self, article: Article, events: list[Event]) -> SaveResult:
        from tradewire.record import dedup

        h = article.content_hash
        existing = self.find_article(h)
        if existing is not None:
            added = self.add_source(existing, article, "exact", 1.0)
            return SaveResult(existing, False, 0, duplicate_of=existing, similarity=1.0, source_added=added)
        values, n_shingles = dedup.signatures([article.text])[0]
        bands = dedup.band_keys(values)
        try:
            with self.engine.begin() as conn:
                near = self._near_duplicate(conn, article.text, values, bands) if n_shingles >= dedup.MIN_SHINGLES else None
                if near is not None:
                    # a near-duplicate (syndicated or republished copy): an extra source, no new events
                    added = self.add_source(near[0], article, "near", near[1], conn, always=True)
                    return SaveResult(near[0], False, 0, duplicate_of=near[0], similarity=near[1], source_added=added)
                aid = conn.execute(insert(schema.articles).values(
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
            # Another writer stored the same text between our check and insert.
            existing = self.find_article(h)
            if existing is None:
                raise
            return SaveResult(existing, False, 0)
        return SaveResult(aid, True, len(events))

    def _insert_event(self, conn, aid: int, seq: int, ev: Event) -> None:
        eid = conn.execute(insert(schema.events).values(
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
            actor = {"source": None, "target": None, "participants": []}
            for link in roles[r["id"]]:
                obj = {"name": link.name, "country": link.country, "kind": link.kind}
                if link.role == "participant":
                    actor["participants"].append(obj)
                else:
                    actor[link.role] = obj
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


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


def open_store(db: str) -> Store:
    url = db_url(db)
    engine = create_engine(url)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    return Store(engine)
