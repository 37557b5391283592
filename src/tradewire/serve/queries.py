"""Queries the API and the pages need beyond record/ and store/: filtered, cursor-paginated lists
(newest id first, keyset on the primary key so a page costs the same at any depth), and the
joins behind the event, actor and home pages. SQLAlchemy Core over the existing schema."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Text, cast, func, or_, select

from tradewire.record.query import attach_sources, canonical_events, pair_key
from tradewire.record.tension import place, weight
from tradewire.serve.schemas import CanonicalEvent, StoredActor, StoredArticle, StoredEvent
from tradewire.store import schema
from tradewire.store.db import sides_of


class BadRequest(ValueError):
    """A query parameter that parsed but makes no sense (bad cursor, bad pair)."""


def encode_cursor(kind: str, value: int) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        k, v = raw.split(":", 1)
        if k != kind:
            raise ValueError
        return int(v)
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(f"cursor {cursor!r} is not a cursor of this list") from None


def parse_pair(text: str) -> tuple[str, str]:
    parts = text.upper().replace("_", "-").split("-")
    if len(parts) != 2 or not all(len(p) == 3 and p.isalpha() for p in parts) or parts[0] == parts[1]:
        raise BadRequest(f"pair must be two different ISO3 codes such as USA-KOR, not {text!r}")
    return pair_key(*parts)


@dataclass
class Filters:
    country: str | None = None
    pair: tuple[str, str] | None = None
    type: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    measure: str | None = None
    goods: str | None = None
    min_confidence: float | None = None


def _date_range(col, since: date | None, until: date | None) -> list:
    # Dates are ISO strings of 4, 7 or 10 characters; an event overlaps [since, until] when its
    # last day >= since (d || '~' sorts after every day it contains) and its first day <= until.
    conds = []
    if since is not None:
        conds.append(col.is_not(None))
        conds.append((col + "~") >= since.isoformat())
    if until is not None:
        conds.append(col.is_not(None))
        conds.append(col <= until.isoformat())
    return conds


def _goods(col, goods: str) -> object:
    term = goods.lower().replace("\\", "").replace('"', "").replace("%", "").replace("_", " ").strip()
    return func.lower(cast(col, Text)).like(f'%"{term}"%')


def _event_country(c: str):
    e, ea, ac = schema.events, schema.event_actors, schema.actors
    part = select(ea.c.event_id).join(ac, ac.c.id == ea.c.actor_id).where(ac.c.country == c)
    return or_(e.c.source_country == c, e.c.target_country == c, e.c.id.in_(part))


def _shared_conditions(t, date_col, f: Filters) -> list:
    """The filters events and canonical events share (same column names in both tables)."""
    conds = []
    if f.type:
        conds.append(t.c.type == f.type.upper())
    if f.status:
        conds.append(t.c.status == f.status.lower())
    if f.measure:
        conds.append(t.c.measure == f.measure.lower())
    if f.goods:
        conds.append(_goods(t.c.products, f.goods))
    if f.min_confidence is not None:
        conds.append(t.c.confidence >= f.min_confidence)
    return conds + _date_range(date_col, f.since, f.until)


def _event_conditions(f: Filters) -> list:
    e = schema.events
    conds = []
    if f.country:
        conds.append(_event_country(f.country.upper()))
    if f.pair:
        conds += [_event_country(c) for c in f.pair]
    return conds + _shared_conditions(e, e.c.date, f)


def _event_models(conn, rows) -> list[StoredEvent]:
    ea, ac = schema.event_actors, schema.actors
    ids = [r.id for r in rows]
    links: dict[int, list] = {i: [] for i in ids}
    for k in range(0, len(ids), 500):
        for r in conn.execute(select(ea.c.event_id, ea.c.role, ac.c.id, ac.c.key, ac.c.name, ac.c.country, ac.c.kind)
                              .join(ac, ac.c.id == ea.c.actor_id).where(ea.c.event_id.in_(ids[k:k + 500]))
                              .order_by(ea.c.event_id, ac.c.name)):
            links[r.event_id].append(r)
    out = []
    for r in rows:
        m = dict(r._mapping)
        m.update(sides_of(links[m["id"]]))
        m["article"] = m.pop("ext_id", None)
        out.append(StoredEvent.model_validate(m))
    return out


def _events_select():
    e, a, ec = schema.events, schema.articles, schema.event_canonical
    return (select(e, a.c.ext_id, a.c.outlet, a.c.published, ec.c.canonical_id)
            .join(a, a.c.id == e.c.article_id).outerjoin(ec, ec.c.event_id == e.c.id))


def list_events(conn, f: Filters, cursor: str | None, limit: int) -> tuple[list[StoredEvent], str | None]:
    e = schema.events
    q = _events_select().where(*_event_conditions(f))
    after = decode_cursor("e", cursor)
    if after is not None:
        q = q.where(e.c.id < after)
    rows = conn.execute(q.order_by(e.c.id.desc()).limit(limit + 1)).all()
    nxt = encode_cursor("e", rows[limit - 1].id) if len(rows) > limit else None
    return _event_models(conn, rows[:limit]), nxt


def get_event(conn, event_id: int) -> StoredEvent | None:
    rows = conn.execute(_events_select().where(schema.events.c.id == event_id)).all()
    return _event_models(conn, rows)[0] if rows else None


def events_of_actor(conn, actor_id: int, limit: int = 100) -> list[StoredEvent]:
    e, ea = schema.events, schema.event_actors
    sub = select(ea.c.event_id).where(ea.c.actor_id == actor_id)
    rows = conn.execute(_events_select().where(e.c.id.in_(sub)).order_by(e.c.id.desc()).limit(limit)).all()
    return _event_models(conn, rows)


def events_of_article(conn, article_id: int) -> list[StoredEvent]:
    e = schema.events
    rows = conn.execute(_events_select().where(e.c.article_id == article_id).order_by(e.c.seq)).all()
    return _event_models(conn, rows)


# -- articles ---------------------------------------------------------------------------------

def _article_model(r, n_events: int = 0) -> StoredArticle:
    m = r._mapping
    return StoredArticle(article_id=m["id"], id=m["ext_id"] or str(m["id"]), text=m["text"], title=m["title"],
                         url=m["url"], outlet=m["outlet"], published=m["published"], path=m["path"],
                         byline=m["byline"], dateline=m["dateline"], ingested_at=m["ingested_at"], n_events=n_events)


def _n_events(conn, ids: list[int]) -> dict[int, int]:
    e = schema.events
    if not ids:
        return {}
    return dict(conn.execute(select(e.c.article_id, func.count()).where(e.c.article_id.in_(ids))
                             .group_by(e.c.article_id)).all())


def list_articles(conn, cursor: str | None, limit: int, since: date | None = None, until: date | None = None,
                  outlet: str | None = None) -> tuple[list[StoredArticle], str | None]:
    a = schema.articles
    q = select(a)
    if since:
        q = q.where(a.c.published >= since)
    if until:
        q = q.where(a.c.published <= until)
    if outlet:
        q = q.where(a.c.outlet == outlet)
    after = decode_cursor("a", cursor)
    if after is not None:
        q = q.where(a.c.id < after)
    rows = conn.execute(q.order_by(a.c.id.desc()).limit(limit + 1)).all()
    nxt = encode_cursor("a", rows[limit - 1].id) if len(rows) > limit else None
    counts = _n_events(conn, [r.id for r in rows[:limit]])
    return [_article_model(r, counts.get(r.id, 0)) for r in rows[:limit]], nxt


def get_article(conn, article_id: int) -> StoredArticle | None:
    r = conn.execute(select(schema.articles).where(schema.articles.c.id == article_id)).first()
    return _article_model(r, _n_events(conn, [article_id]).get(article_id, 0)) if r else None


# -- canonical events -------------------------------------------------------------------------

def _canonical_conditions(f: Filters) -> list:
    ce = schema.canonical_events
    conds = []
    if f.country:
        c = f.country.upper()   # a member of the sorted '|'-joined list, not a substring of another code
        conds.append(or_(ce.c.countries == c, ce.c.countries.like(f"{c}|%"), ce.c.countries.like(f"%|{c}"),
                         ce.c.countries.like(f"%|{c}|%")))
    if f.pair:
        cp = schema.canonical_pairs
        conds.append(ce.c.id.in_(select(cp.c.canonical_id).where(cp.c.c1 == f.pair[0], cp.c.c2 == f.pair[1])))
    return conds + _shared_conditions(ce, ce.c.sort_date, f)


def list_canonical(conn, f: Filters, cursor: str | None, limit: int,
                   with_sources: bool = True) -> tuple[list[CanonicalEvent], str | None]:
    from tradewire.record.query import CANONICAL_FIELDS

    ce = schema.canonical_events
    q = select(*[ce.c[c] for c in CANONICAL_FIELDS], ce.c.updated_at).where(*_canonical_conditions(f))
    after = decode_cursor("c", cursor)
    if after is not None:
        q = q.where(ce.c.id < after)
    rows = [dict(r._mapping) for r in conn.execute(q.order_by(ce.c.id.desc()).limit(limit + 1))]
    nxt = encode_cursor("c", rows[limit - 1]["id"]) if len(rows) > limit else None
    rows = rows[:limit]
    if with_sources and rows:
        attach_sources(conn, rows)
    return [CanonicalEvent.from_row(r) for r in rows], nxt


def get_canonical(conn, canonical_id: int) -> CanonicalEvent | None:
    rows = canonical_events(conn, ids=[canonical_id], with_mentions=True)
    return CanonicalEvent.from_row(rows[0]) if rows else None


def canonical_by_ids(conn, ids: list[int]) -> list[CanonicalEvent]:
    return [CanonicalEvent.from_row(r) for r in canonical_events(conn, ids=ids)] if ids else []


def canonical_texts(conn, canonical_id: int) -> list[dict]:
    """Each article behind a canonical event, with its text and the evidence its events quote."""
    e, ec, a = schema.events, schema.event_canonical, schema.articles
    q = (select(a.c.id, a.c.ext_id, a.c.title, a.c.outlet, a.c.url, a.c.published, a.c.text, e.c.evidence)
         .join(e, e.c.article_id == a.c.id).join(ec, ec.c.event_id == e.c.id)
         .where(ec.c.canonical_id == canonical_id).order_by(a.c.published, a.c.id, e.c.seq))
    out: dict[int, dict] = {}
    for r in conn.execute(q):
        d = out.setdefault(r.id, {"article_id": r.id, "article": r.ext_id, "title": r.title, "outlet": r.outlet,
                                  "url": r.url, "published": r.published, "text": r.text, "evidence": []})
        d["evidence"] += [s for s in r.evidence or [] if s not in d["evidence"]]
    return list(out.values())


def latest_canonical(conn, limit: int = 20) -> list[CanonicalEvent]:
    ce = schema.canonical_events
    ids = [r[0] for r in conn.execute(select(ce.c.id).order_by(ce.c.sort_date.is_(None), ce.c.sort_date.desc(),
                                                                 ce.c.id.desc()).limit(limit))]
    found = {c.id: c for c in canonical_by_ids(conn, ids)}
    return [found[i] for i in ids if i in found]


def pair_recent(conn, pair: tuple[str, str], limit: int = 60, before: str | None = None) -> list[CanonicalEvent]:
    """The pair's latest canonical events (newest first), with sources."""
    cp = schema.canonical_pairs
    q = select(cp.c.canonical_id).where(cp.c.c1 == pair[0], cp.c.c2 == pair[1])
    if before:
        q = q.where(cp.c.sort_date < before)
    ids = [r[0] for r in conn.execute(q.order_by(cp.c.sort_date.is_(None), cp.c.sort_date.desc(),
                                                 cp.c.canonical_id.desc()).limit(limit))]
    found = {c.id: c for c in canonical_by_ids(conn, ids)}
    return [found[i] for i in ids if i in found]


# -- pairs and movement -------------------------------------------------------------------------

def pairs(conn, country: str | None = None) -> list[dict]:
    cp = schema.canonical_pairs
    q = select(cp.c.c1, cp.c.c2, func.count(), func.min(cp.c.sort_date), func.max(cp.c.sort_date)).group_by(cp.c.c1, cp.c.c2)
    if country:
        q = q.where(or_(cp.c.c1 == country.upper(), cp.c.c2 == country.upper()))
    rows = conn.execute(q).all()
    out = [{"pair": f"{c1}-{c2}", "countries": [c1, c2], "n_events": n, "first": lo, "last": hi}
           for c1, c2, n, lo, hi in rows]
    return sorted(out, key=lambda p: (-p["n_events"], p["pair"]))


def latest_day(conn) -> date | None:
    ce = schema.canonical_events
    d = conn.execute(select(func.max(ce.c.sort_date)).where(func.length(ce.c.sort_date) == 10,
                                                           ce.c.sort_date <= date.today().isoformat())).scalar()
    return date.fromisoformat(d) if d else None


def movers(conn, asof: date, days: int, limit: int = 8) -> list[dict]:
    """Pairs whose tension moved most in the `days` up to `asof`: the sum of the weights of the
    events placed in that window (the change they brought to the daily score), largest first."""
    cp, ce = schema.canonical_pairs, schema.canonical_events
    start = asof - timedelta(days=days - 1)
    q = (select(cp.c.c1, cp.c.c2, ce.c.id, ce.c.type, ce.c.measure, ce.c.status, ce.c.date, ce.c.first_report)
         .join(ce, ce.c.id == cp.c.canonical_id)
         .where(cp.c.sort_date >= start.isoformat()[:7], cp.c.sort_date <= asof.isoformat()))
    by_pair: dict[tuple[str, str], dict] = {}
    for r in conn.execute(q):
        day = place(r.date, r.first_report)
        if day is None or not (start <= day <= asof):
            continue
        p = by_pair.setdefault((r.c1, r.c2), {"pair": f"{r.c1}-{r.c2}", "move": 0.0, "n_events": 0})
        p["move"] += weight(r.type, r.measure, r.status)
        p["n_events"] += 1
    out = sorted(by_pair.values(), key=lambda p: (-abs(p["move"]), p["pair"]))[:limit]
    for p in out:
        p["move"] = round(p["move"], 2)
    return out


# -- actors -------------------------------------------------------------------------------------

def all_role_counts(conn) -> dict[int, dict[str, int]]:
    """Events per actor and role, for every actor (one pass over event_actors; cache it)."""
    ea = schema.event_actors
    out: dict[int, dict[str, int]] = {}
    for aid, role, n in conn.execute(select(ea.c.actor_id, ea.c.role, func.count()).group_by(ea.c.actor_id, ea.c.role)):
        out.setdefault(aid, {})[role] = n
    return out


def timeline_page(conn, rows: list[dict], cursor: str | None, limit: int) -> tuple[list[dict], str | None]:
    """One page of a pair's canonical-event rows (date order), with their sources attached to
    copies (the rows may be shared by a cache). The cursor is the id of the last row shown."""
    start = 0
    after = decode_cursor("t", cursor)
    if after is not None:
        pos = next((i for i, r in enumerate(rows) if r["id"] == after), None)
        if pos is None:
            raise BadRequest("cursor no longer matches this timeline (the record changed): start again")
        start = pos + 1
    page = [dict(r) for r in rows[start:start + limit]]
    if page:
        attach_sources(conn, page)
    nxt = encode_cursor("t", page[-1]["id"]) if start + limit < len(rows) else None
    return page, nxt


def _role_counts(conn, ids: list[int]) -> dict[int, dict[str, int]]:
    ea = schema.event_actors
    out: dict[int, dict[str, int]] = {i: {} for i in ids}
    if ids:
        for aid, role, n in conn.execute(select(ea.c.actor_id, ea.c.role, func.count()).where(ea.c.actor_id.in_(ids))
                                         .group_by(ea.c.actor_id, ea.c.role)):
            out[aid][role] = n
    return out


def _actor_model(r, counts: dict[str, int]) -> StoredActor:
    return StoredActor(actor_id=r.id, actor_key=r.key, name=r.name, country=r.country, kind=r.kind,
                       n_source=counts.get("source", 0), n_target=counts.get("target", 0),
                       n_participant=counts.get("participant", 0))


def list_actors(conn, cursor: str | None, limit: int, country: str | None = None, name: str | None = None,
                counts: dict[int, dict[str, int]] | None = None) -> tuple[list[StoredActor], str | None]:
    ac = schema.actors
    q = select(ac)
    if country:
        q = q.where(ac.c.country == country.upper())
    if name:
        q = q.where(func.lower(ac.c.name).like(f"%{name.lower().replace('%', '')}%"))
    after = decode_cursor("r", cursor)
    if after is not None:
        q = q.where(ac.c.id < after)
    rows = conn.execute(q.order_by(ac.c.id.desc()).limit(limit + 1)).all()
    nxt = encode_cursor("r", rows[limit - 1].id) if len(rows) > limit else None
    if counts is None:
        counts = _role_counts(conn, [r.id for r in rows[:limit]])
    return [_actor_model(r, counts.get(r.id, {})) for r in rows[:limit]], nxt


def get_actor(conn, actor_id: int) -> StoredActor | None:
    r = conn.execute(select(schema.actors).where(schema.actors.c.id == actor_id)).first()
    return _actor_model(r, _role_counts(conn, [actor_id])[actor_id]) if r else None


def actor_roles(key: str) -> list[dict]:
    from tradewire.resolve.kb import load_kb

    person = load_kb().people.get(key)
    if person is None:
        return []
    return [{"role": r.role, "title": r.title, "start": r.start, "end": r.end}
            for r in sorted(person.roles, key=lambda r: (r.start or date.min, r.role))]


def agreements_of_pair(conn, pair: tuple[str, str]) -> list[dict]:
    ag = schema.agreements
    return [dict(r._mapping) for r in conn.execute(select(ag).where(ag.c.c1 == pair[0], ag.c.c2 == pair[1])
                                                    .order_by(ag.c.reached, ag.c.id))]



def canonical_actors(conn, canonical_id: int) -> list[dict]:
    """The actors named by the events behind a canonical event, with their roles."""
    ec, ea, ac = schema.event_canonical, schema.event_actors, schema.actors
    q = (select(ac.c.id, ac.c.name, ac.c.country, ac.c.kind, ea.c.role, func.count().label("n"))
         .join(ea, ea.c.actor_id == ac.c.id).join(ec, ec.c.event_id == ea.c.event_id)
         .where(ec.c.canonical_id == canonical_id).group_by(ac.c.id, ac.c.name, ac.c.country, ac.c.kind, ea.c.role)
         .order_by(ea.c.role.desc(), func.count().desc(), ac.c.name))
    return [dict(r._mapping) for r in conn.execute(q)]


def new_canonical(conn, f: Filters, limit: int = 50) -> list[CanonicalEvent]:
    """For feeds: the most recently created canonical events matching the filters."""
    items, _ = list_canonical(conn, f, None, limit)
    return items


def updated_at(conn, ids: list[int]) -> dict[int, object]:
    ce = schema.canonical_events
    return dict(conn.execute(select(ce.c.id, ce.c.updated_at).where(ce.c.id.in_(ids))).all()) if ids else {}
