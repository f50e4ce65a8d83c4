"""JSONL: one news record a line, each becoming its own ``RawDocument``.

A record is a JSON object in the shape news datasets come in. The content is the
first non-empty field of ``text``, ``content``, ``body``, ``maintext``, ``article``
(kind "text") or, failing those, ``html``, ``raw_html`` (kind "html"). Metadata:

* url: ``url``, ``link``
* title: ``title``, ``headline``
* published: ``published``, ``date``, ``date_publish``, ``published_at``,
  ``publish_date``; an ISO date or timestamp is cut to ``YYYY-MM-DD``, anything
  else is kept as given for extraction to judge
* outlet: ``outlet``, ``source``, ``site``, ``source_domain``, ``publisher``
* authors: ``authors``, ``author`` (a string or a list of strings)

A line that is not a JSON object, has no content, or has a field of the wrong type
is a ``BadRecord`` naming ``file:line``; the other lines still come.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from claimwatch.errors import BadRecord, ClaimwatchError, EmptyInput, InputTooLarge
from claimwatch.ingest.sniff import human_size
from claimwatch.records import InputKind, InputRef, RawDocument, SourceMeta

TEXT_FIELDS = ("text", "content", "body", "maintext", "article")
HTML_FIELDS = ("html", "raw_html")
URL_FIELDS = ("url", "link")
TITLE_FIELDS = ("title", "headline")
PUBLISHED_FIELDS = ("published", "date", "date_publish", "published_at", "publish_date")
OUTLET_FIELDS = ("outlet", "source", "site", "source_domain", "publisher")
AUTHOR_FIELDS = ("authors", "author")

_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:$|[T ])")


@dataclass(frozen=True, slots=True)
class Record:
    """What one JSONL line holds: the content (UTF-8 bytes), its kind, its metadata."""

    kind: InputKind
    data: bytes
    meta: SourceMeta


def parse_record(line: str | bytes, max_bytes: int | None = None) -> Record:
    """Parse one JSONL line into a ``Record``, or raise ``BadRecord``/``EmptyInput``/``InputTooLarge``."""
    try:
        obj = json.loads(line)
    except UnicodeDecodeError as exc:
        raise BadRecord(f"is not UTF-8 (invalid byte at offset {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise BadRecord(f"is not valid JSON: {exc.msg} (column {exc.colno})") from exc
    except RecursionError as exc:
        raise BadRecord("is not valid JSON: nested too deeply") from exc
    if not isinstance(obj, dict):
        raise BadRecord(f"is not a JSON object but {_json_type(obj)}")
    kind: InputKind = "text"
    content = _first_str(obj, TEXT_FIELDS)
    if content is None:
        kind, content = "html", _first_str(obj, HTML_FIELDS)
    if content is None:
        present = [k for k in TEXT_FIELDS + HTML_FIELDS if k in obj]
        if present:
            raise EmptyInput(f"has an empty {present[0]!r} field")
        raise BadRecord(
            "has no text: expected one of the fields " + ", ".join(TEXT_FIELDS + HTML_FIELDS)
        )
    if "\x00" in content:
        raise BadRecord("holds a NUL character in its content")
    data = content.encode("utf-8")
    if max_bytes is not None and len(data) > max_bytes:
        size, limit = human_size(len(data)), human_size(max_bytes)
        raise InputTooLarge(f"content is {size}, over the {limit} limit")
    published = _first_str(obj, PUBLISHED_FIELDS)
    if published is not None and (m := _ISO_DATE.match(published)):
        published = m.group(1)
    meta = SourceMeta(
        title=_first_str(obj, TITLE_FIELDS),
        published=published,
        outlet=_first_str(obj, OUTLET_FIELDS),
        url=_first_str(obj, URL_FIELDS),
        authors=_authors(obj),
    )
    return Record(kind=kind, data=data, meta=meta)


def iter_jsonl(
    stream: IO[bytes], path: str, max_bytes: int
) -> Iterator[RawDocument | tuple[str, ClaimwatchError]]:
    """Each line of ``stream`` as a ``RawDocument``, or ``(label, error)`` for a bad one.

    Lines are read with a cap of ``max_bytes`` each, so one huge line cannot fill memory.
    Blank lines are skipped.
    """
    lineno = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        label = f"{path}:{lineno}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            err = InputTooLarge(
                f"line is over the {human_size(max_bytes)} limit", input_label=label
            )
            yield (label, err)
            continue
        if not line.strip():
            continue
        try:
            rec = parse_record(line, max_bytes)
        except ClaimwatchError as exc:
            exc.input_label = label
            yield (label, exc)
            continue
        ref = InputRef(path=path, url=rec.meta.url, kind=rec.kind, record=lineno)
        yield RawDocument(ref=ref, data=rec.data, meta=rec.meta)


def _first_str(obj: dict[str, Any], names: tuple[str, ...]) -> str | None:
    """The first of ``names`` holding a non-blank string (stripped); None when none does."""
    for name in names:
        value = obj.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise BadRecord(f"field {name!r} must be a string, not {_json_type(value)}")
        _check_encodable(name, value)
        if value.strip():
            return value if name in TEXT_FIELDS + HTML_FIELDS else value.strip()
    return None


def _authors(obj: dict[str, Any]) -> tuple[str, ...]:
    for name in AUTHOR_FIELDS:
        value = obj.get(name)
        if value is None:
            continue
        if isinstance(value, str):
            _check_encodable(name, value)
            return (value.strip(),) if value.strip() else ()
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            for v in value:
                _check_encodable(name, v)
            return tuple(v.strip() for v in value if v.strip())
        raise BadRecord(f"field {name!r} must be a string or a list of strings")
    return ()


def _check_encodable(name: str, value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadRecord(f"field {name!r} holds an unpaired surrogate escape") from exc


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"
