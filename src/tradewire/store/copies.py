"""Copies of a stored text: the near copy's lookup (`near_duplicate`), and for exact copies of
one text, which copy holds the text's events.

One extraction is kept per text; which copy it comes from must not depend on the arrival order
(the learned layer scores a text by its page too: debris removed, title), so it is the copy
published first, then by outlet, url and id. `Store.save` lets such a copy take the stored
article's place (`take_over`); the ingest flow asks `to_extract` once per window which of its
articles to extract, so that copy is extracted and no other copy of a text is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Connection, and_, bindparam, delete, insert, or_, select, union, update

from tradewire.models import Article, Event
from tradewire.store import dedup, schema


def order_key(published: date | None, outlet: str | None, url: str | None, ext_id: str | None) -> tuple:
    return (published or date.max, outlet or "", url or "", ext_id or "")


def key_of(article: Article) -> tuple:
    return order_key(article.published, article.outlet, article.url, article.id)


@dataclass
class Holder:
    """The stored article holding a text's events: its id, sort key, and the pages (outlet, url)
    of it and of its kept copies."""

    article_id: int
    key: tuple
    pages: set[tuple]

    def yields_to(self, article: Article) -> bool:
        """Does `article`, an exact copy, sort first? One naming no outlet or url, or a page
        already known, never does (re-ingesting changes nothing)."""
        if not (article.outlet or article.url) or (article.outlet, article.url) in self.pages:
            return False
        return key_of(article) < self.key


class _Queries:
    """Built once with bound parameters, as store.db's (asked once per save or per window)."""

    def __init__(self) -> None:
        a, s, lsh, mh = schema.articles, schema.article_sources, schema.article_lsh, schema.article_minhash
        cond = or_(*[and_(lsh.c.band == i, lsh.c.bucket == bindparam(f"k{i}")) for i in range(dedup.lsh_params()[0])])
        self.candidates = (select(lsh.c.article_id, mh.c.signature).distinct()
                           .join(mh, mh.c.article_id == lsh.c.article_id).where(cond))
        cols = (a.c.id, a.c.content_hash, a.c.published, a.c.outlet, a.c.url, a.c.ext_id)
        self.by_hash = select(*cols).where(a.c.content_hash.in_(bindparam("hs", expanding=True)))
        self.by_id = select(*cols).where(a.c.id == bindparam("id"))
        self.pages = select(s.c.article_id, s.c.outlet, s.c.url).where(s.c.article_id.in_(bindparam("ids", expanding=True)))
        self.stored = union(select(a.c.content_hash).where(a.c.content_hash.in_(bindparam("hs", expanding=True))),
                            select(s.c.content_hash).where(s.c.content_hash.in_(bindparam("hs2", expanding=True))))


@lru_cache(maxsize=1)
def _q() -> _Queries:
    return _Queries()


def near_duplicate(conn: Connection, text: str, values, bands: list[int]) -> tuple[int, float] | None:
    """The stored article of which `text` is a copy: shingle Jaccard >= THRESHOLD (candidates
    from the LSH band keys) and the same facts (`dedup.same_facts`), best Jaccard first."""
    a = schema.articles
    cands = conn.execute(_q().candidates, {f"k{i}": k for i, k in enumerate(bands)}).all()
    # cheap filter on the signature estimate, then the exact shingle Jaccard on the texts
    likely = sorted(aid for aid, sig in cands if dedup.estimate(values, dedup.from_bytes(sig)) >= dedup.THRESHOLD - 0.2)
    if not likely:
        return None
    mine = dedup.shingles(text)
    found = []
    for aid, other in conn.execute(select(a.c.id, a.c.text).where(a.c.id.in_(likely[:200])).order_by(a.c.id)):
        j = dedup.jaccard(mine, dedup.shingles(other))
        if j >= dedup.THRESHOLD:
            found.append((-j, aid, other))
    for neg_j, aid, other in sorted(found):
        if dedup.same_facts(text, other):
            return aid, -neg_j
    return None


def _holders(conn: Connection, rows) -> dict[str, Holder]:
    out = {r.content_hash: Holder(r.id, order_key(r.published, r.outlet, r.url, r.ext_id), {(r.outlet, r.url)})
           for r in rows}
    by_id = {h.article_id: h for h in out.values()}
    if by_id:
        for r in conn.execute(_q().pages, {"ids": sorted(by_id)}):
            by_id[r.article_id].pages.add((r.outlet, r.url))
    return out


def first_of_copies(conn: Connection, article_id: int, article: Article) -> bool:
    """Should `article`, an exact copy of stored article `article_id`, hold the text's events in its place?"""
    if not (article.outlet or article.url):
        return False
    held = _holders(conn, conn.execute(_q().by_id, {"id": article_id}))
    # a stored article of another text: `article` is a copy of one of its near copies, not of it
    return article.content_hash in held and held[article.content_hash].yields_to(article)


def to_extract(conn: Connection, articles: list[Article], run: dict[str, tuple]) -> list[bool]:
    """Which of one window's articles to extract, in order: per text at most one, the copy that
    sorts first among those that would hold its events (a text new to the store and to this run,
    or a copy sorting before the stored holder or before the copy extracted earlier in this run).
    `run` (text hash -> sort key of the copy extracted for it in this run) is updated."""
    hashes = sorted({a.content_hash for a in articles})
    known = set(conn.execute(_q().stored, {"hs": hashes, "hs2": hashes}).scalars()) if hashes else set()
    todo = sorted(known - run.keys())
    held = _holders(conn, conn.execute(_q().by_hash, {"hs": todo})) if todo else {}
    best: dict[str, int] = {}
    for i, a in enumerate(articles):
        h = a.content_hash
        if h in run:   # the store may not show it yet (windows in flight): Store.save checks again
            ok = bool(a.outlet or a.url) and key_of(a) < run[h]
        else:   # a hash known only as a near copy's has no holder: never extracted again
            ok = h not in known or (h in held and held[h].yields_to(a))
        if ok and (h not in best or key_of(a) < key_of(articles[best[h]])):
            best[h] = i
    for h, i in best.items():
        run[h] = key_of(articles[i])
    chosen = set(best.values())
    return [i in chosen for i in range(len(articles))]


def take_over(conn: Connection, aid: int, article: Article, events: list[Event], insert_event) -> list[int]:
    """`article` (an exact copy) becomes stored article `aid` with its own events; the article as
    stored so far becomes a source of it. Returns the articles whose record must be redone."""
    a, s, ev, ec = schema.articles, schema.article_sources, schema.events, schema.event_canonical
    old = conn.execute(select(a).where(a.c.id == aid)).first()._mapping
    removed = [{"kind": r.kind, "text": r.text} for r in conn.execute(
        select(schema.boilerplate.c.kind, schema.boilerplate.c.text)
        .where(schema.boilerplate.c.article_id == aid).order_by(schema.boilerplate.c.position))]
    conn.execute(insert(s).values(
        article_id=aid, kind="exact", similarity=1.0, content_hash=old["content_hash"], ext_id=old["ext_id"],
        title=old["title"], url=old["url"], outlet=old["outlet"], published=old["published"], path=old["path"],
        byline=old["byline"], text=None, removed=removed, ingested_at=old["ingested_at"]))
    conn.execute(update(a).where(a.c.id == aid).values(
        ext_id=article.id, title=article.title, url=article.url, outlet=article.outlet, published=article.published,
        path=article.path, byline=article.byline, dateline=article.dateline))
    conn.execute(delete(schema.boilerplate).where(schema.boilerplate.c.article_id == aid))
    if article.removed:
        conn.execute(insert(schema.boilerplate), [
            {"article_id": aid, "position": i, "kind": r.kind, "text": r.text} for i, r in enumerate(article.removed)])
    old_events = select(ev.c.id).where(ev.c.article_id == aid)
    canon = select(ec.c.canonical_id).where(ec.c.event_id.in_(old_events))
    partners = select(ec.c.event_id).where(ec.c.canonical_id.in_(canon))
    redo = set(conn.execute(select(ev.c.article_id).distinct().where(ev.c.id.in_(partners))).scalars())
    conn.execute(delete(ev).where(ev.c.article_id == aid))   # their actor and canonical links go with them
    for seq, e in enumerate(events):
        insert_event(conn, aid, seq, e)
    return sorted(redo | {aid})
