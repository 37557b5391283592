"""What a store holds, independent of row ids and arrival order: to check that a parallel,
distributed or resumed run stored the same as a clean serial one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from tradewire.store import schema

if TYPE_CHECKING:
    from tradewire.store import Store

__all__ = ["snapshot"]

_EVENT_COLS = ("seq", "type", "status", "date", "date_text", "measure", "rate_from", "rate_to", "amount_usd",
               "location", "source_country", "target_country", "plover", "cameo", "weight", "confidence")
_CANON_COLS = ("block", "type", "status", "date", "sort_date", "first_report", "last_report", "source_country",
               "target_country", "countries", "title", "n_mentions", "n_articles", "n_sources", "n_outlets",
               "confidence", "members")


def snapshot(store: Store) -> dict[str, list]:
    """Articles (by content hash), their events, copies kept as sources, canonical events and
    agreements, each as sorted tuples without database ids."""
    a, e, s, c, ag = (schema.articles, schema.events, schema.article_sources, schema.canonical_events,
                      schema.agreements)
    with store.engine.connect() as conn:
        arts = sorted(tuple(r) for r in conn.execute(select(a.c.content_hash, a.c.ext_id, a.c.title, a.c.published)))
        evs = sorted((r[0], *(str(v) for v in r[1:])) for r in conn.execute(
            select(a.c.content_hash, *(e.c[k] for k in _EVENT_COLS), e.c.evidence, e.c.products)
            .join(a, a.c.id == e.c.article_id)))
        srcs = sorted((r[0], r[1], r[2], r[3], r[4]) for r in conn.execute(
            select(a.c.content_hash, s.c.kind, s.c.content_hash, s.c.outlet, s.c.url).join(a, a.c.id == s.c.article_id)))
        canon = sorted(tuple(str(v) for v in r) for r in conn.execute(select(*(c.c[k] for k in _CANON_COLS))))
        agree = sorted(tuple(str(v) for v in r) for r in conn.execute(select(ag.c.key, ag.c.status, ag.c.reached)))
    return {"articles": arts, "events": evs, "sources": srcs, "canonical": canon, "agreements": agree}
