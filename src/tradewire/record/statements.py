"""The record's statements, built once with bound parameters (expanding IN lists).

A record update runs a dozen statements per block on every batch window; building them per call
(SQLAlchemy expressions and their cache keys) was about half of its CPU. Built once, an execute
only binds the values (the compiled form is cached by the engine, as before)."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import bindparam, delete, func, insert, or_, select, update

from tradewire.store import schema

CHUNK = 500   # ids per IN list (SQLite's bound-parameter limit is 999 on old builds)


def ids(name: str = "ids"):
    return bindparam(name, expanding=True)


class Statements:
    def __init__(self) -> None:
        from tradewire.record.features import HEAD_CHARS

        ce, ec, cp = schema.canonical_events, schema.event_canonical, schema.canonical_pairs
        e, a, s, ea, ac = schema.events, schema.articles, schema.article_sources, schema.event_actors, schema.actors
        ag, st = schema.agreements, schema.agreement_status
        # features.load_events
        self.event_rows = (select(e, a.c.content_hash, a.c.published, a.c.outlet, a.c.dateline,
                                  func.substr(a.c.text, 1, HEAD_CHARS).label("head"))
                           .join(a, a.c.id == e.c.article_id).where(e.c.id.in_(ids())))
        self.event_actors = (select(ea.c.event_id, ea.c.role, ac.c.key, ac.c.name, ac.c.country, ac.c.kind)
                             .join(ac, ac.c.id == ea.c.actor_id).where(ea.c.event_id.in_(ids())))
        # fusion
        self.light_blocks = (select(ce.c.block, ec.c.event_id, ec.c.canonical_id, e.c.article_id, e.c.type, e.c.status, e.c.date,
                                    e.c.target_country, e.c.measure, e.c.rate_from, e.c.rate_to, e.c.amount_usd,
                                    a.c.published)
                             .join(ce, ce.c.id == ec.c.canonical_id).join(e, e.c.id == ec.c.event_id)
                             .join(a, a.c.id == e.c.article_id).where(ce.c.block.in_(ids())))
        self.article_sources = select(a.c.id, a.c.outlet, a.c.url, a.c.published, a.c.title, a.c.ext_id).where(a.c.id.in_(ids()))
        self.copy_sources = (select(s.c.article_id, s.c.outlet, s.c.url, s.c.published, s.c.title, s.c.ext_id)
                             .where(s.c.article_id.in_(ids())).order_by(s.c.id))
        self.canonical_rows = select(ce).where(ce.c.id.in_(ids()))
        self.update_canonical = update(ce).where(ce.c.id == bindparam("_cid"))
        self.insert_canonical_returning = insert(ce).returning(ce.c.id, sort_by_parameter_order=True)
        self.unlink_events = delete(ec).where(ec.c.event_id.in_(ids()))
        self.unlink_canonical = delete(ec).where(ec.c.canonical_id.in_(ids()))
        self.delete_pairs = delete(cp).where(cp.c.canonical_id.in_(ids()))
        self.delete_canonical = delete(ce).where(ce.c.id.in_(ids()))
        self.insert_links = insert(ec)
        self.insert_pairs = insert(cp)
        self.unlinked = (select(e.c.id).outerjoin(ec, ec.c.event_id == e.c.id)
                         .where(ec.c.event_id.is_(None)).order_by(e.c.id))
        self.blocks_of_articles = (select(ce.c.block).distinct().join(ec, ec.c.canonical_id == ce.c.id)
                                   .join(e, e.c.id == ec.c.event_id).where(e.c.article_id.in_(ids())))
        # agreements
        self.founders = select(ce).where(ce.c.countries.in_(ids()), ce.c.type == "AGREE",
                                         ce.c.status != "denied")
        pair_ids = select(cp.c.canonical_id).where(cp.c.c1 == bindparam("c1"), cp.c.c2 == bindparam("c2"))
        self.pair_events = select(ce).where(or_(ce.c.id.in_(pair_ids), ce.c.countries.in_(ids("alone"))))
        self.canonical_evidence = (select(ec.c.canonical_id, e.c.evidence).join(e, e.c.id == ec.c.event_id)
                                   .where(ec.c.canonical_id.in_(ids())).order_by(e.c.id))
        self.agreements_of = select(ag.c.key, ag.c.id, ag.c.c1, ag.c.c2).where(ag.c.c1.in_(ids())).order_by(ag.c.id)
        self.update_agreement = update(ag).where(ag.c.id == bindparam("_aid"))
        self.insert_agreement = insert(ag)
        self.delete_status = delete(st).where(st.c.agreement_id == bindparam("_aid"))
        self.delete_agreement = delete(ag).where(ag.c.id == bindparam("_aid"))
        self.insert_status = insert(st)


@lru_cache(maxsize=1)
def q() -> Statements:
    return Statements()


def chunks(values: list, size: int = CHUNK):
    for k in range(0, len(values), size):
        yield values[k:k + size]
