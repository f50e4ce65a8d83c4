"""extract: RawDocument -> Article (article text and metadata; page furniture removed and reported).

``extract(raw)`` dispatches on ``raw.ref.kind``:

* ``"text"``: the plain-text cleaner (:mod:`claimwatch.extract.plaintext`) removes
  furniture lines and reports each one; the text is otherwise unchanged.
* ``"html"``: trafilatura (:mod:`claimwatch.extract.html`) extracts the article
  text and its metadata.

Metadata given with the input (``raw.meta``, from a JSONL record) wins over what
extraction finds; extraction fills what the record leaves out.
"""

from __future__ import annotations

import codecs

from claimwatch.errors import BinaryInput, EmptyInput, ExtractionError
from claimwatch.extract.html import extract_html
from claimwatch.extract.plaintext import REASONS, clean_text, find_furniture
from claimwatch.records import Article, RawDocument

__all__ = ["REASONS", "clean_text", "decode", "extract", "find_furniture"]

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode(data: bytes, *, label: str | None = None) -> str:
    """Bytes to text: UTF-8 (a BOM is dropped), or UTF-16 when it starts with its BOM.

    Anything else that is not valid UTF-8, or text holding NUL characters, is
    ``BinaryInput``.
    """
    try:
        if data.startswith(_UTF16_BOMS):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BinaryInput(
            f"not UTF-8 text (undecodable byte at offset {exc.start})", input_label=label
        ) from exc
    if "\x00" in text:
        raise BinaryInput("the input holds NUL characters: binary, not text", input_label=label)
    return text


def _decode_html(data: bytes, *, label: str | None) -> str:
    """HTML is UTF-8 as a rule; a page in another charset is decoded as it declares
    (trafilatura's charset detection). NUL bytes still mean binary."""
    try:
        return decode(data, label=label)
    except BinaryInput:
        if b"\x00" in data:
            raise
        from trafilatura.utils import decode_file

        return str(decode_file(data))


def extract(raw: RawDocument) -> Article:
    """The article of one raw document, with its metadata and removed lines."""
    label = raw.ref.label
    kind = raw.ref.kind
    if kind == "html":
        text = _decode_html(raw.data, label=label)
    else:
        text = decode(raw.data, label=label)
    if not text.strip():
        raise EmptyInput("the input is empty", input_label=label)
    meta = raw.meta
    if kind == "html":
        found = extract_html(text, label=label)
        return Article(
            id=raw.id,
            input=raw.ref,
            text=found.text,
            title=meta.title or found.title,
            published=meta.published or found.published,
            authors=list(meta.authors) or found.authors,
            outlet=meta.outlet or found.outlet,
        )
    if kind == "text":
        body, removed = clean_text(text)
        return Article(
            id=raw.id,
            input=raw.ref,
            text=body,
            title=meta.title,
            published=meta.published,
            authors=list(meta.authors),
            outlet=meta.outlet,
            removed=removed,
        )
    raise ExtractionError(
        f"cannot extract an input of kind {kind!r}: ingest must set it to 'text' or 'html'",
        input_label=label,
    )
