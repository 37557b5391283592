"""Reading canonical events with their sources and mentions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select

from tradewire.record.features import date_span
from tradewire.store import schema

CANONICAL_FIELDS = ("id", "type", "status", "date", "sort_date", "first_report", "last_report", "source_country",
                    "target_country", "countries", "source_name", "target_name", "participants", "measure", "products",
                    "rate_from", "rate_to", "amount_usd", "title", "n_mentions", "n_articles", "n_sources", "n_outlets",
                    "confidence", "plover", "cameo", "weight")


def pair_key(a: str, b: str) -> tuple[str, str]:
    a, b = a.upper(), b.upper()
    return (a, b) if a <= b else (b, a)


def _in_range(d: str | None, since: date | None, until: date | None) -> bool:
    if d is None:
        return True
    first, last = date_span(d)
    return (since is None or last >= since) and (until is None or first <= until)


def canonical_events(conn, pair: tuple[str, str] | None = None, country: str | None = None,
                     since: date | None = None, until: date | None = None, ids: list[int] | None = None,
                     with_sources: bool = True, with_mentions: bool = False) -> list[dict]:
    """Canonical events in date order (coarse dates before the days they contain; undated ones by
    first report), optionally of one country pair, with their sources (articles and copies)."""
    ce, cp = schema.canonical_events, schema.canonical_pairs
    cols = [ce.c[f] for f in CANONICAL_FIELDS]
    if pair is not None:
        c1, c2 = pair_key(*pair)
        q = select(*cols).join(cp, cp.c.canonical_id == ce.c.id).where(cp.c.c1 == c1, cp.c.c2 == c2)
        sd = cp.c.sort_date
    else:
        q = select(*cols)
        sd = ce.c.sort_date
    if country:
        q = q.where(ce.c.countries.like(f"%{country.upper()}%"))
    if ids is not None:
        q = q.where(ce.c.id.in_(ids))
    if since is not None:
        q = q.where(or_(sd.is_(None), sd >= since.isoformat()[:4]))
    if until is not None:
        q = q.where(or_(sd.is_(None), sd <= until.isoformat()))
    q = q.order_by(sd.is_(None), sd, ce.c.id)
    rows = []
    for r in conn.execute(q):
        d = dict(r._mapping)
        ref = d["date"] or (d["first_report"].isoformat() if d["first_report"] else None)
        if (since or until) and not _in_range(ref, since, until):
            continue
        if country and country.upper() not in d["countries"].split("|"):
            continue
        rows.append(d)
    if with_sources and rows:
        attach_sources(conn, rows, with_mentions)
    return rows


def attach_sources(conn, rows: list[dict], with_mentions: bool = False) -> None:
    e, ec, a, s = schema.events, schema.event_canonical, schema.articles, schema.article_sources
    by_id = {r["id"]: r for r in rows}
    for r in rows:
        r["sources"], r["mentions"] = [], []
    ids = list(by_id)
    seen: dict[int, set] = {i: set() for i in ids}
    art_of: dict[int, set[int]] = {i: set() for i in ids}
    for k in range(0, len(ids), 900):
        part = ids[k:k + 900]
        cols = [ec.c.canonical_id, e.c.id, e.c.article_id, a.c.ext_id, a.c.outlet, a.c.url, a.c.published, a.c.title]
        if with_mentions:
            cols += [e.c.type, e.c.status, e.c.date, e.c.evidence]
        q = (select(*cols).join(e, e.c.id == ec.c.event_id).join(a, a.c.id == e.c.article_id)
             .where(ec.c.canonical_id.in_(part)).order_by(a.c.published, a.c.id, e.c.seq))
        for m in conn.execute(q):
            row = by_id[m.canonical_id]
            if m.article_id not in art_of[m.canonical_id]:
                art_of[m.canonical_id].add(m.article_id)
                row["sources"].append({"article": m.ext_id, "outlet": m.outlet, "url": m.url,
                                       "published": m.published.isoformat() if m.published else None,
                                       "title": m.title, "copy_of": None})
                seen[m.canonical_id].add((m.outlet, m.url, m.ext_id))
            if with_mentions:
                row["mentions"].append({"event_id": m.id, "article": m.ext_id, "type": m.type, "status": m.status,
                                        "date": m.date, "evidence": m.evidence})
    arts = sorted({aid for v in art_of.values() for aid in v})
    copies: dict[int, list] = {}
    for k in range(0, len(arts), 900):
        for c in conn.execute(select(s.c.article_id, s.c.ext_id, s.c.outlet, s.c.url, s.c.published, s.c.title, s.c.kind,
                                     a.c.ext_id.label("orig"))
                              .join(a, a.c.id == s.c.article_id).where(s.c.article_id.in_(arts[k:k + 900]))
                              .order_by(s.c.published, s.c.id)):
            copies.setdefault(c.article_id, []).append(c)
    for cid, aids in art_of.items():
        row = by_id[cid]
        for aid in sorted(aids):
            for c in copies.get(aid, []):
                row["sources"].append({"article": c.ext_id, "outlet": c.outlet, "url": c.url,
                                       "published": c.published.isoformat() if c.published else None,
                                       "title": c.title, "copy_of": c.orig})
        row["sources"].sort(key=lambda x: (x["published"] or "9999", x["copy_of"] is not None, x["outlet"] or "",
                                           x["article"] or ""))



def record_signature(conn) -> list[tuple]:
    """The canonical events as content only (no ids), to compare two stores built in different
    orders. Sources are compared by outlet, url and date: which of two copies of a text holds the
    events and which is kept as its copy depends on which arrived first."""
    rows = canonical_events(conn)
    sig = []
    for r in rows:
        sources = tuple(sorted((s["outlet"] or "", s["url"] or "", s["published"] or "") for s in r["sources"]))
        sig.append((r["type"], r["status"], r["date"] or "", r["countries"], r["title"], r["n_mentions"], r["n_articles"],
                    r["n_sources"], r["n_outlets"], r["confidence"], str(r["first_report"]), sources))
    return sorted(sig)


def record_size(conn) -> dict[str, int]:
    """Rows in the stored record: articles, copies kept as sources, events, canonical events, agreements."""
    from sqlalchemy import func

    tables = (schema.articles, schema.article_sources, schema.events, schema.canonical_events, schema.agreements)
    return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in tables}
