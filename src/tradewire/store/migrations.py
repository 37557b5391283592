"""Ordered schema migrations. Each step moves the store from version N-1 to N inside one
transaction and never drops data; a store newer than this code is refused, not touched."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, inspect, select

from tradewire.errors import StoreError
from tradewire.store import schema


def _v1(conn: Connection) -> None:
    for table in (schema.articles, schema.boilerplate, schema.actors, schema.events, schema.event_actors):
        table.create(conn, checkfirst=True)


def _v2(conn: Connection) -> None:
    """The record: article copies, MinHash/LSH keys, canonical events, agreements. Adds tables only;
    the MinHash keys of articles stored before are computed here (canonical events are built by
    `tradewire record` or by the first command that reads them)."""
    from tradewire.store import dedup

    for table in schema.RECORD_TABLES:
        table.create(conn, checkfirst=True)
    a = schema.articles
    last = 0
    while True:
        rows = conn.execute(select(a.c.id, a.c.text).where(a.c.id > last).order_by(a.c.id).limit(2000)).all()
        if not rows:
            break
        sigs = dedup.signatures([r.text for r in rows])
        for r, (values, n) in zip(rows, sigs, strict=True):
            conn.execute(schema.article_minhash.insert().values(article_id=r.id, signature=dedup.to_bytes(values), n_shingles=n))
            conn.execute(schema.article_lsh.insert(), [{"article_id": r.id, "band": i, "bucket": k}
                                                       for i, k in enumerate(dedup.band_keys(values))])
        last = rows[-1].id


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "articles, boilerplate, actors, events, event_actors", _v1),
    (2, "record: article_sources, article_minhash, article_lsh, canonical_events, canonical_pairs, "
        "event_canonical, agreements, agreement_status", _v2),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


class SchemaTooNew(StoreError):
    """The store was written by a newer tradewire: refused, never touched."""


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    v = conn.execute(select(schema.schema_version.c.version).order_by(schema.schema_version.c.version.desc())).first()
    return v[0] if v else 0


def refuse_newer(have: int) -> None:
    if have > SCHEMA_VERSION:
        raise SchemaTooNew(f"database schema version {have} is newer than this tradewire ({SCHEMA_VERSION}); upgrade tradewire")


def migrate(conn: Connection) -> list[int]:
    """Apply pending migrations; return the versions applied."""
    schema.schema_version.create(conn, checkfirst=True)
    have = current_version(conn)
    refuse_newer(have)
    applied = []
    for version, desc, step in MIGRATIONS:
        if version > have:
            step(conn)
            conn.execute(schema.schema_version.insert().values(
                version=version, applied_at=datetime.now(UTC).replace(tzinfo=None), description=desc))
            applied.append(version)
    return applied
