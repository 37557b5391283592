"""Table definitions (SQLAlchemy 2 Core). Bump SCHEMA_VERSION with a migration in migrations.py."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", DateTime, nullable=False),
    Column("description", Text),
)

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("ext_id", String(200)),
    Column("title", Text),
    Column("url", Text),
    Column("outlet", String(200)),
    Column("published", Date),
    Column("path", Text),
    Column("byline", Text),
    Column("dateline", Text),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime, nullable=False),
)

boilerplate = Table(
    "boilerplate", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("text", Text, nullable=False),
)

actors = Table(
    "actors", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("name", String(300), nullable=False),
    Column("country", String(3)),
    Column("kind", String(8), nullable=False),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("type", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("date", String(10)),
    Column("date_text", Text),
    Column("measure", String(20)),
    Column("products", JSON, nullable=False),
    Column("rate_from", Float),
    Column("rate_to", Float),
    Column("amount_usd", Float),
    Column("location", String(200)),
    Column("evidence", JSON, nullable=False),
    Column("plover", String(20)),
    Column("cameo", String(8)),
    Column("weight", Float),
    Column("confidence", Float, nullable=False),
    Column("source_country", String(3)),
    Column("target_country", String(3)),
    UniqueConstraint("article_id", "seq"),
    Index("ix_events_type_date", "type", "date"),
)

event_actors = Table(
    "event_actors", metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", Integer, ForeignKey("actors.id"), primary_key=True),
    Column("role", String(12), primary_key=True),  # source | target | participant
    Index("ix_event_actors_actor", "actor_id"),
)
