"""Table definitions (SQLAlchemy 2 Core). Bump SCHEMA_VERSION with a migration in migrations.py."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
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

def _provenance() -> list[Column]:
    """Where a text came from: the same columns for an article and for each stored copy of it
    (fresh Column objects each call: a Column belongs to one table)."""
    return [Column("ext_id", String(200)), Column("title", Text), Column("url", Text), Column("outlet", String(200)),
            Column("published", Date), Column("path", Text), Column("byline", Text)]


articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    *_provenance(),
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


# -- version 2: the record (duplicates, canonical events, agreements) ----------------------------
# Everything below is derived from `articles`/`events` except `article_sources`, which keeps the
# copies (syndicated or republished texts) that were not stored as articles of their own.

article_sources = Table(
    "article_sources", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(8), nullable=False),          # exact | near
    Column("similarity", Float, nullable=False),         # word 5-shingle Jaccard with the article's text
    Column("content_hash", String(64), nullable=False, index=True),
    *_provenance(),
    Column("text", Text),                                # null for exact copies (same text as the article)
    Column("removed", JSON),
    Column("ingested_at", DateTime, nullable=False),
)

article_minhash = Table(
    "article_minhash", metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),    # num_perm uint64 MinHash values
    Column("n_shingles", Integer, nullable=False),
)

article_lsh = Table(
    "article_lsh", metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("band", Integer, primary_key=True),
    Column("bucket", BigInteger, nullable=False),
    Index("ix_article_lsh_band_bucket", "band", "bucket"),
)

canonical_events = Table(
    "canonical_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("block", String(80), nullable=False, index=True),   # fusion block: family|sides
    Column("type", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("date", String(10)),
    Column("sort_date", String(10)),                           # date, or first report when undated
    Column("first_report", Date),
    Column("last_report", Date),
    Column("source_country", String(3)),
    Column("target_country", String(3)),
    Column("countries", String(80), nullable=False, index=True),  # sorted ISO3 codes joined by '|'
    Column("source_name", String(300)),
    Column("target_name", String(300)),
    Column("participants", JSON, nullable=False),
    Column("measure", String(20)),
    Column("products", JSON, nullable=False),
    Column("rate_from", Float),
    Column("rate_to", Float),
    Column("amount_usd", Float),
    Column("title", Text, nullable=False),
    Column("n_mentions", Integer, nullable=False),
    Column("n_articles", Integer, nullable=False),
    Column("n_sources", Integer, nullable=False),              # articles + their stored copies
    Column("n_outlets", Integer, nullable=False),              # independent sources
    Column("confidence", Float, nullable=False),
    Column("plover", String(20)),
    Column("cameo", String(8)),
    Column("weight", Float),
    Column("members", String(64), nullable=False),             # hash of the member event keys
    Column("updated_at", DateTime, nullable=False),
)

canonical_pairs = Table(
    "canonical_pairs", metadata,
    Column("canonical_id", Integer, ForeignKey("canonical_events.id", ondelete="CASCADE"), primary_key=True),
    Column("c1", String(3), primary_key=True),
    Column("c2", String(3), primary_key=True),
    Column("sort_date", String(10)),
    Index("ix_canonical_pairs_pair_date", "c1", "c2", "sort_date"),
)

event_canonical = Table(
    "event_canonical", metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("canonical_id", Integer, ForeignKey("canonical_events.id", ondelete="CASCADE"), nullable=False, index=True),
)

agreements = Table(
    "agreements", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(120), nullable=False, unique=True),
    Column("c1", String(3), nullable=False),
    Column("c2", String(3), nullable=False),
    Column("parties", JSON, nullable=False),
    Column("title", Text, nullable=False),
    Column("reached", String(10)),
    Column("status", String(24), nullable=False),
    Column("terms", JSON, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_agreements_pair", "c1", "c2"),
)

agreement_status = Table(
    "agreement_status", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agreement_id", Integer, ForeignKey("agreements.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("status", String(24), nullable=False),
    Column("date", String(10)),
    Column("canonical_ids", JSON, nullable=False),
    Column("evidence", Text),
)

RECORD_TABLES = (article_sources, article_minhash, article_lsh, canonical_events, canonical_pairs, event_canonical,
                 agreements, agreement_status)
