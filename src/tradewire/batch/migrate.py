"""Copy a whole store to another database (`tradewire migrate --from sqlite:///a.db --to postgresql+psycopg://...`).

Every table of the schema is copied row for row, ids included, into an EMPTY store of the same
schema version, in ONE destination transaction: the copy is verified (row counts and a SHA-256
checksum of every table's rows, in key order, values normalised across backends) before it is
committed, so a failed or unequal copy leaves the destination as it was.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text

from tradewire.errors import StoreError
from tradewire.store import schema

__all__ = ["CopyReport", "copy_store", "shown", "table_digests"]

CHUNK = 2000  # rows read and inserted at a time


@dataclass
class CopyReport:
    source: str
    target: str
    tables: dict[str, tuple[int, str]] = field(default_factory=dict)  # name -> (rows, sha256)

    @property
    def rows(self) -> int:
        return sum(n for n, _ in self.tables.values())


def _tables() -> list[Table]:
    # schema_version is written by each store's own migrations, not copied
    return [t for t in schema.metadata.sorted_tables if t.name != schema.schema_version.name]


def _norm(v: Any) -> Any:
    """One representation of a value on every backend (bytes/memoryview, dates, floats, JSON)."""
    if isinstance(v, memoryview):
        v = v.tobytes()
    if isinstance(v, bytes):
        return v.hex()
    if isinstance(v, datetime | date):
        return v.isoformat()
    if isinstance(v, float):
        return repr(v)
    return v


def _digest(conn: Connection, table: Table) -> tuple[int, str]:
    h = hashlib.sha256()
    n = 0
    order = list(table.primary_key.columns) or list(table.columns)
    for row in conn.execution_options(yield_per=CHUNK).execute(select(table).order_by(*order)):
        h.update(json.dumps([_norm(v) for v in row], sort_keys=True, default=str).encode())
        h.update(b"\n")
        n += 1
    return n, h.hexdigest()


def table_digests(conn: Connection) -> dict[str, tuple[int, str]]:
    """(row count, SHA-256 of the rows) of every copied table."""
    return {t.name: _digest(conn, t) for t in _tables()}


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL: serial ids continue after the copied ones (rows were inserted with their ids)."""
    if conn.dialect.name != "postgresql":
        return
    for t in _tables():
        if "id" in t.c and t.c.id.primary_key:
            conn.execute(text("SELECT setval(pg_get_serial_sequence(:t, 'id'), COALESCE(MAX(id), 0) + 1, false) "
                              f'FROM "{t.name}"'), {"t": t.name})


def shown(db: str) -> str:
    """A store's name for messages: a URL without its password."""
    if "://" not in db:
        return db
    from sqlalchemy.engine import make_url

    try:
        return make_url(db).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy reads: shown as given, minus anything before '@'
        return db.split("://", 1)[0] + "://" + db.rsplit("@", 1)[-1]


def copy_store(source: str, target: str, on_table: Callable[[str, int], None] | None = None) -> CopyReport:
    """Copy the store at `source` into the empty store at `target` (paths or SQLAlchemy URLs)."""
    from tradewire.flow import open_store

    if source.startswith("sqlite:///") and not Path(source.removeprefix("sqlite:///")).exists():
        raise StoreError(f"{source}: no such database")
    src, dst = open_store(source, create=False), open_store(target)
    report = CopyReport(shown(source), shown(target))
    source, target = report.source, report.target
    with src.engine.connect() as sconn, dst.engine.begin() as dconn:
        held = {t.name: n for t in _tables() if (n := dconn.execute(select(func.count()).select_from(t)).scalar_one())}
        if held:
            raise StoreError(f"{target}: not empty ({', '.join(f'{k} {v}' for k, v in sorted(held.items()))}); "
                             "migrate copies into an empty store")
        for t in _tables():
            n = 0
            rows = sconn.execution_options(yield_per=CHUNK).execute(select(t))
            for part in rows.partitions(CHUNK):
                dconn.execute(insert(t), [dict(r._mapping) for r in part])
                n += len(part)
            if on_table is not None:
                on_table(t.name, n)
        _reset_sequences(dconn)
        want, got = table_digests(sconn), table_digests(dconn)
        bad = [name for name in want if want[name] != got.get(name)]
        if bad:  # raising rolls the destination transaction back: nothing half-written
            raise StoreError(f"{target}: copy differs from {source} in table(s) {', '.join(bad)}; nothing was written")
        report.tables = got
    src.engine.dispose()
    dst.engine.dispose()
    return report
