"""store: AnalyzedDocuments in SQLite (default) or any SQLAlchemy URL.

``Store.open(db)`` opens (and creates) the database: ``None`` is the SQLite file at
``default_db_path()``, a path is a SQLite file, a string with ``://`` is an
SQLAlchemy URL (PostgreSQL works: the SQL is portable Core, no SQLite dialect).
A plain ``postgresql://`` (or ``postgres://``) URL uses psycopg 3, the driver
claimwatch depends on; ``postgresql+DRIVER://`` picks another.

``save`` is idempotent by content hash and runs in one transaction; ``claims``
lists attributions with their article, filtered by speaker, text and date;
``article`` gives back the output contract of EVALUATION.md section 1.
Any database failure is a ``StoreError`` wrapping the cause.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Select, create_engine, event, func, select
from sqlalchemy import text as sql_text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from claimwatch.errors import StoreError
from claimwatch.records import AnalyzedDocument, Attribution, Span
from claimwatch.settings import default_db_path
from claimwatch.store import schema
from claimwatch.store.schema import SCHEMA_VERSION

__all__ = ["ClaimRow", "Store"]

CONTENT_JOIN = " … "
# Seconds a PostgreSQL server may take to answer before opening fails (a host that
# drops packets would otherwise hold the command for minutes); a URL's own
# ``?connect_timeout=`` wins.
CONNECT_TIMEOUT_S = 10
# The PostgreSQL advisory lock that serialises schema creation (any fixed 64-bit key).
MIGRATE_LOCK = 0x636C61696D7761  # "claimwa"


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One attribution with its article: a row of ``claimwatch claims``."""

    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    attribution_id: str
    speaker: str | None
    cue: str
    content: str
    type: str
    evidence: str | None
    addressees: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "addressees": list(self.addressees)}


class Store:
    """The claim database. Open with ``Store.open``; close, or use as a context manager."""

    def __init__(self, engine: Engine, label: str) -> None:
        self._engine = engine
        self.label = label

    # --- opening -------------------------------------------------------------

    @classmethod
    def open(cls, db: str | Path | None = None) -> Store:
        """Open or create the database named by ``db`` and its schema."""
        try:
            url, label = _resolve(db)
        except StoreError:
            raise
        except (OSError, SQLAlchemyError, ValueError) as exc:
            raise StoreError(f"cannot open database {db}: {_reason(exc)}") from exc
        connect_args: dict[str, Any] = {}
        if url.drivername == "postgresql+psycopg" and "connect_timeout" not in url.query:
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
        try:
            engine = create_engine(url, connect_args=connect_args)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"cannot open database {label}: {_reason(exc)}") from exc
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine, label)
        try:
            store._migrate()
        except StoreError:
            engine.dispose()
            raise
        except (SQLAlchemyError, OSError, ImportError) as exc:
            engine.dispose()
            raise StoreError(f"cannot open database {label}: {_reason(exc)}") from exc
        return store

    def _migrate(self) -> None:
        with self._engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Two claimwatch processes opening a new database at once would both
                # create the tables (a duplicate-key error for one): one at a time.
                conn.execute(sql_text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATE_LOCK})
            schema.metadata.create_all(conn)
            found = conn.execute(
                select(schema.schema_info.c.value).where(schema.schema_info.c.key == "version")
            ).scalar_one_or_none()
            if found is None:
                conn.execute(
                    schema.schema_info.insert().values(key="version", value=str(SCHEMA_VERSION))
                )
            elif found != str(SCHEMA_VERSION):
                raise StoreError(
                    f"database {self.label} has schema version {found}; "
                    f"this claimwatch reads version {SCHEMA_VERSION}"
                )

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self, doing: str) -> Iterator[Connection]:
        try:
            with self._engine.begin() as conn:
                yield conn
        except StoreError:
            raise
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot {doing} in {self.label}: {_reason(exc)}") from exc

    # --- writing -------------------------------------------------------------

    def save(self, doc: AnalyzedDocument, *, replace: bool = False) -> bool:
        """Store ``doc`` in one transaction; True when its article was new.

        An article already stored (same content hash) is left as it is and
        ``False`` comes back; with ``replace=True`` its analysis is replaced instead,
        all rows at once, in the same transaction.
        """
        _check_offsets(doc)
        article_id = doc.article.id
        try:
            with self._tx(f"save article {article_id[:12]}") as conn:
                exists = conn.execute(
                    select(schema.articles.c.id).where(schema.articles.c.id == article_id)
                ).first()
                if exists and not replace:
                    return False
                if exists:
                    for table in schema.CHILD_TABLES:
                        conn.execute(table.delete().where(table.c.article_id == article_id))
                    conn.execute(schema.articles.delete().where(schema.articles.c.id == article_id))
                _insert(conn, doc)
                return not exists
        except StoreError as exc:
            # Two writers saving the same article: the loser finds it stored.
            if isinstance(exc.__cause__, IntegrityError) and not replace and self._has(article_id):
                return False
            raise

    def _has(self, article_id: str) -> bool:
        with self._tx("read") as conn:
            q = select(schema.articles.c.id).where(schema.articles.c.id == article_id)
            return conn.execute(q).first() is not None

    # --- reading -------------------------------------------------------------

    def count_articles(self) -> int:
        with self._tx("count articles") as conn:
            return int(conn.execute(select(func.count()).select_from(schema.articles)).scalar_one())

    def claims(
        self,
        speaker: str | None = None,
        text: str | None = None,
        since: str | dt.date | None = None,
        limit: int | None = None,
    ) -> list[ClaimRow]:
        """Attributions, newest article first, filtered.

        ``speaker``: case-insensitive substring of the resolved speaker's name;
        ``text``: case-insensitive substring of the content or the cue;
        ``since``: the article was published on or after that date (YYYY-MM-DD);
        articles with no date are left out then. ``limit``: at most that many rows.
        """
        q = claims_query(speaker=speaker, text=text, since=since, limit=limit)
        with self._tx("list claims") as conn:
            rows = conn.execute(q).all()
        return [
            ClaimRow(
                article_id=r[0],
                title=r[1],
                outlet=r[2],
                published=r[3],
                attribution_id=r[4],
                speaker=r[5],
                cue=r[6],
                content=r[7],
                type=r[8],
                evidence=r[9],
                addressees=tuple(x["name"] for x in r[10]),
            )
            for r in rows
        ]

    def article(self, id: str) -> dict[str, Any] | None:  # noqa: A002 - the record's own name
        """The stored article as the output contract (``AnalyzedDocument.to_json()``).

        Adds ``analyzed_at`` (ISO 8601) and ``sentences``. None when not stored.
        """
        with self._tx(f"read article {id[:12]}") as conn:
            row = (
                conn.execute(select(schema.articles).where(schema.articles.c.id == id))
                .mappings()
                .first()
            )
            if row is None:
                return None
            children = {
                table.name: conn.execute(
                    select(table).where(table.c.article_id == id).order_by(table.c.seq)
                )
                .mappings()
                .all()
                for table in schema.CHILD_TABLES
            }
        return _article_json(row, children)


# --- helpers ---------------------------------------------------------------------


def claims_query(
    speaker: str | None = None,
    text: str | None = None,
    since: str | dt.date | None = None,
    limit: int | None = None,
) -> Select[Any]:
    """The SELECT behind ``Store.claims`` (portable: a test compiles it for PostgreSQL)."""
    a, t = schema.attributions, schema.articles
    q = (
        select(
            t.c.id,
            t.c.title,
            t.c.outlet,
            t.c.published,
            a.c.attribution_id,
            a.c.speaker_name,
            a.c.cue_text,
            a.c.content_text,
            a.c.type,
            a.c.evidence_status,
            a.c.addressees,
        )
        .join(t, t.c.id == a.c.article_id)
        .order_by(t.c.published.desc().nulls_last(), t.c.id, a.c.seq)
    )
    if speaker:
        q = q.where(a.c.speaker_key.contains(speaker.casefold(), autoescape=True))
    if text:
        key = text.casefold()
        q = q.where(
            a.c.content_key.contains(key, autoescape=True)
            | a.c.cue_key.contains(key, autoescape=True)
        )
    if since is not None:
        q = q.where(t.c.published >= _iso_date(since))
    if limit is not None:
        if limit < 0:
            raise StoreError(f"limit must be 0 or more, not {limit}")
        q = q.limit(limit)
    return q


def _resolve(db: str | Path | None) -> tuple[URL, str]:
    """The SQLAlchemy URL for ``db`` and a label for messages (no password)."""
    if isinstance(db, str) and "://" in db:
        try:
            url = make_url(db)
        except ValueError as exc:  # a bad port, say: the label must not show the password
            raise StoreError(
                f"cannot open database {_hide_password(db)}: not a valid database URL "
                f"({_reason(exc)})"
            ) from exc
        label = url.render_as_string(hide_password=True)  # as the user wrote it
        if url.drivername in ("postgresql", "postgres"):
            # SQLAlchemy 2.0 would pick psycopg2, which claimwatch does not install.
            url = url.set(drivername="postgresql+psycopg")
        return url, label
    path = Path(db).expanduser() if db is not None else default_db_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise StoreError(f"cannot open database {path}: {path.parent} is not a directory") from exc
    except OSError as exc:
        raise StoreError(f"cannot open database {path}: {_reason(exc)}") from exc
    return URL.create("sqlite", database=str(path)), str(path)


def _hide_password(url: str) -> str:
    """``scheme://user:***@host...`` for a URL too broken for SQLAlchemy to parse."""
    return re.sub(r"(://[^/@:]*:)[^/]*@", r"\1***@", url)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _reason(exc: BaseException) -> str:
    """The cause of a failure in one line, without SQLAlchemy's statement dump."""
    if isinstance(exc, SQLAlchemyError):
        orig = getattr(exc, "orig", None)
        text = str(orig) if orig is not None else str(exc).split("\n(Background")[0]
    elif isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror
    else:
        text = str(exc)
    return " ".join(text.split()) or type(exc).__name__


def _iso_date(value: str | dt.date) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(value).isoformat()
    except (TypeError, ValueError) as exc:
        raise StoreError(f"since must be a date YYYY-MM-DD, not {value!r}") from exc


def _check_offsets(doc: AnalyzedDocument) -> None:
    """Refuse a document whose spans do not cover what they say: the record must trace."""
    text = doc.article.text
    for span in doc.spans():
        if text[span.start : span.end] != span.text:
            raise StoreError(
                f"article {doc.article.id[:12]}: span [{span.start}:{span.end}] "
                f"{span.text[:40]!r} does not match the article text there"
            )


def _span(s: Span | None) -> tuple[int | None, int | None, str | None]:
    return (s.start, s.end, s.text) if s else (None, None, None)


def _spans(spans: Sequence[Span]) -> list[dict[str, Any]]:
    return [s.to_json() for s in spans]


def _attribution_row(article_id: str, seq: int, a: Attribution) -> dict[str, Any]:
    src, adr = _span(a.source), _span(a.addressee_span)
    content_text = CONTENT_JOIN.join(c.text for c in a.content)
    return {
        "article_id": article_id,
        "attribution_id": a.id,
        "seq": seq,
        "speaker_name": a.speaker.name if a.speaker else None,
        "speaker_actor": a.speaker.actor if a.speaker else None,
        "source_start": src[0],
        "source_end": src[1],
        "source_text": src[2],
        "cue_start": a.cue.start,
        "cue_end": a.cue.end,
        "cue_text": a.cue.text,
        "content": _spans(a.content),
        "content_text": content_text,
        "type": a.type,
        "addressees": [x.to_json() for x in a.addressees],
        "addressee_start": adr[0],
        "addressee_end": adr[1],
        "addressee_text": adr[2],
        "evidence_status": a.evidence.status if a.evidence else None,
        "evidence_spans": _spans(a.evidence.stated_by) if a.evidence else [],
        "speaker_key": a.speaker.name.casefold() if a.speaker else None,
        "cue_key": a.cue.text.casefold(),
        "content_key": content_text.casefold(),
    }


def _insert(conn: Connection, doc: AnalyzedDocument) -> None:
    art = doc.article
    conn.execute(
        schema.articles.insert().values(
            id=art.id,
            input_path=art.input.path,
            input_url=art.input.url,
            input_kind=art.input.kind,
            input_record=art.input.record,
            title=art.title,
            published=art.published,
            authors=list(art.authors),
            outlet=art.outlet,
            language=art.language,
            text=art.text,
            sentences=[[s.start, s.end] for s in doc.sentences],
            analyzed_at=dt.datetime.now(dt.UTC),
        )
    )
    rows: dict[Any, list[dict[str, Any]]] = {
        schema.removed_lines: [
            {
                "article_id": art.id,
                "seq": i,
                "line": r.line,
                "start_offset": r.start,
                "end_offset": r.end,
                "text": r.text,
                "reason": r.reason,
            }
            for i, r in enumerate(art.removed)
        ],
        schema.actors: [
            {
                "article_id": art.id,
                "actor_id": x.id,
                "seq": i,
                "name": x.name,
                "kind": x.kind,
                "titles": list(x.titles),
                "represents": x.represents,
                "role": x.role,
                "mentions": _spans(x.mentions),
            }
            for i, x in enumerate(doc.actors)
        ],
        schema.attributions: [
            _attribution_row(art.id, i, a) for i, a in enumerate(doc.attributions)
        ],
        schema.responses: [
            {
                "article_id": art.id,
                "seq": i,
                "from_id": r.from_id,
                "to_id": r.to_id,
                "stance": r.stance,
            }
            for i, r in enumerate(doc.responses)
        ],
        schema.events: [
            {"article_id": art.id, "seq": i, "type": e.type, "payload": e.to_json()}
            for i, e in enumerate(doc.events)
        ],
    }
    for table, values in rows.items():
        if values:
            conn.execute(table.insert(), values)


def _span_json(start: int | None, end: int | None, text: str | None) -> dict[str, Any] | None:
    return None if start is None else {"start": start, "end": end, "text": text}


def _article_json(row: Any, children: dict[str, Sequence[Any]]) -> dict[str, Any]:
    analyzed = row["analyzed_at"]
    if analyzed is not None and analyzed.tzinfo is None:  # SQLite keeps no zone: it is UTC
        analyzed = analyzed.replace(tzinfo=dt.UTC)
    elif analyzed is not None:  # PostgreSQL gives it in the session's time zone
        analyzed = analyzed.astimezone(dt.UTC)
    attributions = []
    for a in children["attributions"]:
        addressee_span = _span_json(a["addressee_start"], a["addressee_end"], a["addressee_text"])
        attributions.append(
            {
                "id": a["attribution_id"],
                "source": _span_json(a["source_start"], a["source_end"], a["source_text"]),
                "speaker": {"name": a["speaker_name"], "actor": a["speaker_actor"]}
                if a["speaker_name"] is not None
                else None,
                "cue": {"start": a["cue_start"], "end": a["cue_end"], "text": a["cue_text"]},
                "content": list(a["content"]),
                "type": a["type"],
                "addressee": {"span": addressee_span, "actors": list(a["addressees"])}
                if a["addressees"] or addressee_span
                else None,
                "evidence": {"status": a["evidence_status"], "stated_by": list(a["evidence_spans"])}
                if a["evidence_status"] is not None
                else None,
            }
        )
    return {
        "id": row["id"],
        "input": {"path": row["input_path"], "url": row["input_url"], "kind": row["input_kind"]},
        "article": {
            "title": row["title"],
            "published": row["published"],
            "authors": list(row["authors"]),
            "outlet": row["outlet"],
            "language": row["language"],
            "text": row["text"],
        },
        "removed": [
            {
                "line": r["line"],
                "start": r["start_offset"],
                "end": r["end_offset"],
                "text": r["text"],
                "reason": r["reason"],
            }
            for r in children["removed_lines"]
        ],
        "actors": [
            {
                "id": x["actor_id"],
                "name": x["name"],
                "kind": x["kind"],
                "titles": list(x["titles"]),
                "represents": x["represents"],
                "role": x["role"],
                "mentions": list(x["mentions"]),
            }
            for x in children["actors"]
        ],
        "attributions": attributions,
        "responses": [
            {"from": r["from_id"], "to": r["to_id"], "stance": r["stance"]}
            for r in children["responses"]
        ],
        "events": [dict(e["payload"]) for e in children["events"]],
        "sentences": [list(s) for s in row["sentences"]],
        "analyzed_at": analyzed.isoformat() if analyzed is not None else None,
    }
