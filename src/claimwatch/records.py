"""Typed records that flow one way through the pipeline.

ingest -> ``RawDocument``; extract -> ``Article``; analyze -> ``AnalyzedDocument``.
An ``Article`` owns its text once; every later layer is stand-off: spans hold
character offsets into ``Article.text`` and the text they cover, and
``span.text == article.text[span.start:span.end]`` always holds.
The exception is ``RemovedLine``, whose offsets point into the *input* text
(EVALUATION.md section 1), because removed lines are not in ``Article.text``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

InputKind = Literal["text", "html", "jsonl"]
AttributionType = Literal["direct", "indirect", "mixed"]
Stance = Literal["rejects", "supports", "questions", "no_position"]
EvidenceStatus = Literal["none", "stated", "unknown"]


def content_hash(data: bytes) -> str:
    """The document id: sha256 of the input bytes, hex."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of ``Article.text``: offsets are Python ``str`` indices."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class InputRef:
    """Where a document came from, as the user gave it."""

    path: str | None = None
    url: str | None = None
    kind: InputKind = "text"
    # Line number inside a JSONL file, so an error can name the record.
    record: int | None = None

    @property
    def label(self) -> str:
        """A short name for messages: the path (with record) or the URL."""
        where = self.url or self.path or "<stdin>"
        if self.path and self.url:
            where = self.path
        return f"{where}:{self.record}" if self.record is not None else where

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "url": self.url, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """Metadata that came with the input itself (a JSONL record, HTTP headers)."""

    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Output of ingest: the bytes of one document and what is known of it."""

    ref: InputRef
    data: bytes
    meta: SourceMeta = field(default_factory=SourceMeta)

    @property
    def id(self) -> str:
        return content_hash(self.data)


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line of the input that is page furniture, not article. Offsets into the input."""

    line: int
    start: int
    end: int
    text: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(slots=True)
class Article:
    """Output of extract: the article text, stored once, and its metadata."""

    id: str
    input: InputRef
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    language: str = "en"
    removed: list[RemovedLine] = field(default_factory=list)

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.text, start, end)

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "published": self.published,
            "authors": list(self.authors),
            "outlet": self.outlet,
            "language": self.language,
            "text": self.text,
        }


@dataclass(slots=True)
class Actor:
    """A named actor of one article, with every mention that refers to it.

    ``represents`` names what a metonym stands for: "Kyiv" is kept as the actor
    "Kyiv" with ``represents="Ukraine"`` and ``role="government"``.
    """

    id: str
    name: str
    kind: str  # person | organization | country | city | group
    mentions: list[Span] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    represents: str | None = None
    role: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "titles": list(self.titles),
            "represents": self.represents,
            "role": self.role,
            "mentions": [m.to_json() for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class Speaker:
    """The resolved speaker of an attribution: a named actor, not a pronoun."""

    name: str
    actor: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "actor": self.actor}


@dataclass(slots=True)
class Evidence:
    """What the article says of a claim's evidence, with the spans that say it."""

    status: EvidenceStatus
    stated_by: list[Span] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "stated_by": [s.to_json() for s in self.stated_by]}


@dataclass(slots=True)
class Attribution:
    """Who said (believed, intended) what: source, cue and content spans."""

    id: str
    cue: Span
    content: list[Span]
    type: AttributionType
    source: Span | None = None
    speaker: Speaker | None = None
    addressees: list[Speaker] = field(default_factory=list)
    addressee_span: Span | None = None
    evidence: Evidence | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source.to_json() if self.source else None,
            "speaker": self.speaker.to_json() if self.speaker else None,
            "cue": self.cue.to_json(),
            "content": [c.to_json() for c in self.content],
            "type": self.type,
            "addressee": {
                "span": self.addressee_span.to_json() if self.addressee_span else None,
                "actors": [a.to_json() for a in self.addressees],
            }
            if self.addressees or self.addressee_span
            else None,
            "evidence": self.evidence.to_json() if self.evidence else None,
        }


@dataclass(frozen=True, slots=True)
class Response:
    """One attribution answering another."""

    from_id: str
    to_id: str
    stance: Stance

    def to_json(self) -> dict[str, Any]:
        return {"from": self.from_id, "to": self.to_id, "stance": self.stance}


@dataclass(frozen=True, slots=True)
class EventActor:
    name: str
    span: Span

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, **self.span.to_json()}


@dataclass(slots=True)
class Event:
    """A PLOVER event: actor, action, target."""

    type: str
    trigger: Span
    actor: list[EventActor] = field(default_factory=list)
    target: list[EventActor] = field(default_factory=list)
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    date: str | None = None
    location: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "mode": self.mode,
            "context": list(self.context),
            "trigger": self.trigger.to_json(),
            "actor": [a.to_json() for a in self.actor],
            "target": [t.to_json() for t in self.target],
            "date": self.date,
            "location": self.location,
        }


@dataclass(slots=True)
class AnalyzedDocument:
    """Output of analyze: the article and every stand-off layer over it."""

    article: Article
    sentences: list[Span] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def spans(self) -> list[Span]:
        """Every span over ``article.text``, for the offset invariant."""
        out: list[Span] = list(self.sentences)
        for actor in self.actors:
            out.extend(actor.mentions)
        for a in self.attributions:
            out.append(a.cue)
            out.extend(a.content)
            if a.source:
                out.append(a.source)
            if a.addressee_span:
                out.append(a.addressee_span)
            if a.evidence:
                out.extend(a.evidence.stated_by)
        for e in self.events:
            out.append(e.trigger)
            out.extend(x.span for x in e.actor + e.target)
        return out

    def to_json(self) -> dict[str, Any]:
        """The output contract of EVALUATION.md section 1."""
        art = self.article
        return {
            "id": art.id,
            "input": art.input.to_json(),
            "article": art.to_json(),
            "removed": [r.to_json() for r in art.removed],
            "actors": [a.to_json() for a in self.actors],
            "attributions": [a.to_json() for a in self.attributions],
            "responses": [r.to_json() for r in self.responses],
            "events": [e.to_json() for e in self.events],
        }
