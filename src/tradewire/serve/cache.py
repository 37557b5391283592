"""Results of the heavy per-pair reads (tension series, threads, a pair's canonical events) and
the actors' event counts, kept in memory until the record changes.

The record changes only when articles are ingested (events added, canonical events fused again),
so a cheap stamp of the tables — row counts, highest ids and the latest fusion time — tells when a
kept result is stale. A server that writes (POST) and one that only reads, while `tradewire ingest`
writes from another process, both see the change at the next request."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from sqlalchemy import func, select

from tradewire.store import schema

MAX_ENTRIES = 256


def record_stamp(conn) -> tuple:
    ce, e = schema.canonical_events, schema.events
    c = conn.execute(select(func.count(), func.max(ce.c.id), func.max(ce.c.updated_at))).one()
    n = conn.execute(select(func.count(), func.max(e.c.id)).select_from(e)).one()
    ag = conn.execute(select(func.count(), func.max(schema.agreements.c.updated_at))).one()
    return (*c, *n, *ag)


class RecordCache:
    def __init__(self, max_entries: int = MAX_ENTRIES):
        self._items: OrderedDict[tuple, object] = OrderedDict()
        self._stamp: tuple | None = None
        self._lock = threading.Lock()
        self.max_entries = max_entries

    def get(self, conn, key: tuple, compute: Callable[[], object]):
        stamp = record_stamp(conn)
        with self._lock:
            if stamp != self._stamp:
                self._items.clear()
                self._stamp = stamp
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            if stamp == self._stamp:
                self._items[key] = value
                while len(self._items) > self.max_entries:
                    self._items.popitem(last=False)
        return value
