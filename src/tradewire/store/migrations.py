"""Ordered schema migrations. Each step moves the store from version N-1 to N inside one
transaction and never drops data; a store newer than this code is refused, not touched."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, inspect, select

from tradewire.store import schema


def _v1(conn: Connection) -> None:
    for table in (schema.articles, schema.boilerplate, schema.actors, schema.events, schema.event_actors):
        table.create(conn, checkfirst=True)


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "articles, boilerplate, actors, events, event_actors", _v1),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


class SchemaTooNew(RuntimeError):
    pass


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    v = conn.execute(select(schema.schema_version.c.version).order_by(schema.schema_version.c.version.desc())).first()
    return v[0] if v else 0


def migrate(conn: Connection) -> list[int]:
    """Apply pending migrations; return the versions applied."""
    schema.schema_version.create(conn, checkfirst=True)
    have = current_version(conn)
    if have > SCHEMA_VERSION:
        raise SchemaTooNew(f"database schema version {have} is newer than this tradewire ({SCHEMA_VERSION}); upgrade tradewire")
    applied = []
    for version, desc, step in MIGRATIONS:
        if version > have:
            step(conn)
            conn.execute(schema.schema_version.insert().values(
                version=version, applied_at=datetime.now(UTC).replace(tzinfo=None), description=desc))
            applied.append(version)
    return applied
