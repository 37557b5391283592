"""SQLAlchemy Core store: schema, versioned migrations and repository functions."""

from tradewire.store.db import Store, open_store

__all__ = ["Store", "open_store"]
