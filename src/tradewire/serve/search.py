"""Full-text search over article titles/texts and event evidence.

SQLite: an FTS5 table `serve_fts` is a derived index owned by the server (not part of the store's
schema or migrations): created when missing, and brought up to date before each search by adding
the articles and events stored since the last update (ids above the high-water marks kept in
`serve_fts_state`). It can be dropped at any time; the next search rebuilds it.
PostgreSQL: `to_tsvector` / `websearch_to_tsquery` over the same columns, no extra table.
"""

from __future__ import annotations

import re
import threading

from sqlalchemy import func, select, text

from tradewire.store import schema

HIT_OPEN, HIT_CLOSE = "[[", "]]"
_WORD = re.compile(r"\w+", re.UNICODE)
_lock = threading.Lock()


def fts_query(q: str) -> str | None:
    """User words as an FTS5 query: every word required, each quoted (no FTS syntax reaches SQLite)."""
    words = _WORD.findall(q)
    return " ".join(f'"{w}"' for w in words[:20]) if words else None


def ensure_index(engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    with _lock, engine.begin() as conn:
        conn.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS serve_fts USING fts5("
                          "kind UNINDEXED, article_id UNINDEXED, event_id UNINDEXED, title, body, "
                          "tokenize='porter unicode61')"))
        conn.execute(text("CREATE TABLE IF NOT EXISTS serve_fts_state (kind TEXT PRIMARY KEY, last_id INTEGER NOT NULL)"))
        marks = dict(conn.execute(text("SELECT kind, last_id FROM serve_fts_state")).all())
        a, e = schema.articles, schema.events
        top_a = conn.execute(select(func.max(a.c.id))).scalar() or 0
        top_e = conn.execute(select(func.max(e.c.id))).scalar() or 0
        last_a, last_e = marks.get("article", 0), marks.get("event", 0)
        if top_a > last_a:
            rows = conn.execute(select(a.c.id, a.c.title, a.c.text).where(a.c.id > last_a)).all()
            conn.execute(text("INSERT INTO serve_fts (kind, article_id, event_id, title, body) "
                              "VALUES ('article', :aid, NULL, :title, :body)"),
                         [{"aid": r.id, "title": r.title or "", "body": r.text} for r in rows])
        if top_e > last_e:
            rows = conn.execute(select(e.c.id, e.c.article_id, e.c.evidence).where(e.c.id > last_e)).all()
            conn.execute(text("INSERT INTO serve_fts (kind, article_id, event_id, title, body) "
                              "VALUES ('evidence', :aid, :eid, '', :body)"),
                         [{"aid": r.article_id, "eid": r.id, "body": " ".join(r.evidence or [])} for r in rows])
        for kind, top, last in (("article", top_a, last_a), ("event", top_e, last_e)):
            if top > last:
                conn.execute(text("INSERT INTO serve_fts_state (kind, last_id) VALUES (:k, :v) "
                                  "ON CONFLICT(kind) DO UPDATE SET last_id = excluded.last_id"), {"k": kind, "v": top})


def search(engine, q: str, offset: int, limit: int, kind: str | None = None) -> list[dict]:
    """Hits best first: {kind, article_id, event_id, title, snippet, published}."""
    if engine.dialect.name != "sqlite":
        return _search_pg(engine, q, offset, limit, kind)
    query = fts_query(q)
    if query is None:
        return []
    ensure_index(engine)
    where = "serve_fts MATCH :q" + (" AND f.kind = :kind" if kind else "")
    # the join drops hits of articles deleted since they were indexed
    sql = text(f"""
        SELECT f.kind, f.article_id, f.event_id, a.title, a.published,
               snippet(serve_fts, 4, :o, :c, ' … ', 16) AS snip, snippet(serve_fts, 3, :o, :c, ' … ', 16) AS tsnip
        FROM serve_fts AS f JOIN articles AS a ON a.id = f.article_id
        WHERE {where} ORDER BY bm25(serve_fts, 0.0, 0.0, 0.0, 3.0, 1.0), f.rowid LIMIT :lim OFFSET :off""")
    with engine.connect() as conn:
        rows = conn.execute(sql, {"q": query, "o": HIT_OPEN, "c": HIT_CLOSE, "lim": limit, "off": offset,
                                  "kind": kind}).all()
    out = []
    for r in rows:
        snip = r.snip if HIT_OPEN in (r.snip or "") or not r.tsnip else r.tsnip
        out.append({"kind": r.kind, "article_id": r.article_id, "event_id": r.event_id, "title": r.title,
                    "snippet": snip, "published": r.published})
    return out


def _search_pg(engine, q: str, offset: int, limit: int, kind: str | None) -> list[dict]:
    parts = []
    if kind in (None, "article"):
        parts.append("""SELECT 'article' AS kind, a.id AS article_id, NULL::int AS event_id, a.title, a.published,
                  ts_headline('english', a.text, query, 'StartSel=[[, StopSel=]], MaxFragments=2') AS snippet,
                  ts_rank(to_tsvector('english', coalesce(a.title, '') || ' ' || a.text), query) AS rank
           FROM articles a, websearch_to_tsquery('english', :q) query
           WHERE to_tsvector('english', coalesce(a.title, '') || ' ' || a.text) @@ query""")
    if kind in (None, "evidence"):
        parts.append("""SELECT 'evidence' AS kind, e.article_id, e.id AS event_id, a.title, a.published,
                  ts_headline('english', e.evidence::text, query, 'StartSel=[[, StopSel=]]') AS snippet,
                  ts_rank(to_tsvector('english', e.evidence::text), query) AS rank
           FROM events e JOIN articles a ON a.id = e.article_id, websearch_to_tsquery('english', :q) query
           WHERE to_tsvector('english', e.evidence::text) @@ query""")
    sql = text("SELECT * FROM (" + " UNION ALL ".join(parts) + ") AS hits "
               "ORDER BY rank DESC, article_id, event_id NULLS FIRST LIMIT :lim OFFSET :off")
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(sql, {"q": q, "lim": limit, "off": offset})]
    for r in rows:
        r.pop("rank", None)
    return rows
