"""The record over the store: duplicate articles, canonical events, timelines, tension, agreements,
the TPU baseline and exports. Everything here reads the store; nothing re-runs extraction."""

from __future__ import annotations

from tradewire.models import Article
from tradewire.record.fusion import SyncResult, drop_orphans, rebuild, sync
from tradewire.store.db import Store

__all__ = ["after_ingest", "ensure_current", "preload", "rebuild_record", "SyncResult"]


def preload() -> None:
    """Load the tables the record update reads (the KB's ids and surfaces, goods, agreement cues):
    a batch writer calls it while its workers load their models, not on the first window."""
    from tradewire.record import agreements, features, knowledge

    features.kb_ids()
    features._country_surfaces()
    features.goods_index()
    agreements.cues()
    knowledge.countries()


def _update(conn, refresh_articles: list[int] | None = None, orphans: bool = False) -> SyncResult:
    from tradewire.record.agreements import refresh_agreements

    res = sync(conn, refresh_articles)
    if orphans:   # canonical events whose every member was replaced (Store.first_of_copies)
        drop_orphans(conn, res)
    if res.pairs or res.countries:
        refresh_agreements(conn, res.pairs, res.countries)
    return res


def ensure_current(store: Store) -> SyncResult:
    """Fuse the events stored since the record was last updated (a no-op when it is current)."""
    with store.write() as conn:   # serialised with other writers: two fusing the same events would duplicate them
        return _update(conn)


def rebuild_record(store: Store) -> SyncResult:
    from tradewire.record.agreements import refresh_agreements

    with store.write() as conn:
        res = rebuild(conn)
        refresh_agreements(conn, res.pairs, res.countries)
    return res


def after_ingest(store: Store, article: Article, console=None) -> SyncResult:
    """Update the record after `article` went through ingest (stored, a copy, or already stored).

    An exact copy from another outlet/url (same clean text) becomes an extra source of the stored
    article (or, published first, takes its place with its own extraction: `Store.first_of_copies`);
    a near copy was already kept as one by `Store.save`. Then the events not yet fused
    are fused, and the blocks of an article that gained a source are clustered again (its first
    report date, source count and confidence may change)."""
    saved = store.last_saved[1] if store.last_saved and store.last_saved[0] == article.content_hash else None
    store.last_saved = None
    refresh: list[int] = []
    note = None
    kept = ", kept as an extra source"
    # One serialised transaction: another process ingesting at the same time neither fuses the
    # same new events (phantom duplicate canonical events) nor collides on the record's keys.
    with store.write() as conn:
        if saved is None or not saved.created:
            if saved is not None and saved.source_added:
                refresh.append(saved.duplicate_of)
                refresh += [a for a in saved.replaced or [] if a != saved.duplicate_of]
                if (saved.similarity or 0.0) < 1.0:
                    note = f"near-duplicate (Jaccard {saved.similarity:.2f}) of stored article {saved.duplicate_of}"
                elif saved.replaced:
                    note = (f"same text as stored article {saved.duplicate_of}, published first: its extraction "
                            "replaces the stored one")
                    kept = "; the stored page is kept as an extra source"
                else:
                    note = f"same text as stored article {saved.duplicate_of}"
            elif saved is None:
                original = store.find_article(article.content_hash, conn)
                if original is not None and store.add_source(original, article, "exact", 1.0, conn):
                    refresh.append(original)
                    note = f"same text as stored article {original}"
        res = _update(conn, refresh, orphans=bool(saved is not None and saved.replaced))
    if note and console is not None:
        console.print(f"{article.path}: {note}{kept}", highlight=False, markup=False)
    return res
