"""The database schema, in SQLAlchemy Core, portable across SQLite and PostgreSQL.

Every row of an article's analysis hangs off ``articles.id`` (the content hash).
Spans are stored as ``*_start``/``*_end``/``*_text`` columns, or as JSON lists of
``{"start", "end", "text"}`` where an attribution holds several. The ``*_key``
columns hold ``str.casefold()`` of what the claim filters search, so a
case-insensitive match is a plain ``LIKE`` on any backend, Unicode included.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

SCHEMA_VERSION = 1

metadata = MetaData()


def _article_fk() -> Column:
    return Column(
        "article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )


schema_info = Table(
    "schema_info",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("input_path", Text),
    Column("input_url", Text),
    Column("input_kind", String(16), nullable=False),
    Column("input_record", Integer),
    Column("title", Text),
    Column("published", Text),  # YYYY-MM-DD: compares as a date
    Column("authors", JSON, nullable=False),
    Column("outlet", Text),
    Column("language", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("sentences", JSON, nullable=False),  # [[start, end], ...]
    Column("analyzed_at", DateTime(timezone=True), nullable=False),
)
Index("ix_articles_published", articles.c.published)

removed_lines = Table(
    "removed_lines",
    metadata,
    _article_fk(),
    Column("seq", Integer, primary_key=True),
    Column("line", Integer, nullable=False),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("reason", Text, nullable=False),
)

actors = Table(
    "actors",
    metadata,
    _article_fk(),
    Column("actor_id", Text, primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("titles", JSON, nullable=False),
    Column("represents", Text),
    Column("role", Text),
    Column("mentions", JSON, nullable=False),  # [{"start", "end", "text"}, ...]
)

attributions = Table(
    "attributions",
    metadata,
    _article_fk(),
    Column("attribution_id", Text, primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("speaker_name", Text),
    Column("speaker_actor", Text),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("source_text", Text),
    Column("cue_start", Integer, nullable=False),
    Column("cue_end", Integer, nullable=False),
    Column("cue_text", Text, nullable=False),
    Column("content", JSON, nullable=False),  # [{"start", "end", "text"}, ...]
    Column("content_text", Text, nullable=False),  # pieces joined with " … "
    Column("type", String(16), nullable=False),
    Column("addressees", JSON, nullable=False),  # [{"name", "actor"}, ...]
    Column("addressee_start", Integer),
    Column("addressee_end", Integer),
    Column("addressee_text", Text),
    Column("evidence_status", String(16)),
    Column("evidence_spans", JSON, nullable=False),  # [{"start", "end", "text"}, ...]
    Column("speaker_key", Text),
    Column("cue_key", Text, nullable=False),
    Column("content_key", Text, nullable=False),
)

responses = Table(
    "responses",
    metadata,
    _article_fk(),
    Column("seq", Integer, primary_key=True),
    Column("from_id", Text, nullable=False),
    Column("to_id", Text, nullable=False),
    Column("stance", String(16), nullable=False),
)

events = Table(
    "events",
    metadata,
    _article_fk(),
    Column("seq", Integer, primary_key=True),
    Column("type", Text, nullable=False),
    Column("payload", JSON, nullable=False),  # Event.to_json()
)

# Children first: the order rows of one article are deleted in.
CHILD_TABLES = (removed_lines, actors, attributions, responses, events)
