"""Decide what a run of bytes is: empty, binary, HTML or plain text.

Only the first ``SNIFF_BYTES`` are looked at, so a 20 MB input is judged as fast
as a 2 kB one. The rules, in order:

* nothing but whitespace -> ``EmptyInput``;
* a NUL byte -> ``BinaryInput`` (UTF-16 text is refused too: claimwatch reads UTF-8);
* not UTF-8 -> ``BinaryInput``, unless it is HTML that declares another charset
  (HTML carries its own encoding; extraction decodes it);
* starts with ``<!doctype html`` or ``<html`` (after a BOM, whitespace or a comment),
  or the caller's hint says so -> ``"html"``; else ``"text"``.
"""

from __future__ import annotations

import codecs
import re

from claimwatch.errors import BinaryInput, EmptyInput
from claimwatch.records import InputKind

SNIFF_BYTES = 8192

_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*|<\?xml[^>]*>\s*)*<(?:!doctype\s+html|html)\b",
    re.I | re.S,
)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def looks_like_html(head: bytes) -> bool:
    """True when the bytes open like an HTML document."""
    return _HTML_START.match(head[:SNIFF_BYTES]) is not None


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML document declares in its first bytes, lower-cased."""
    m = _CHARSET.search(head[:SNIFF_BYTES])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def _utf8_prefix_error(head: bytes) -> int | None:
    """The offset of the first byte that is not UTF-8, or None (a cut-off last char is fine)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def classify(data: bytes, hint: InputKind | None = None) -> InputKind:
    """``"html"`` or ``"text"`` for ``data``, or raise ``EmptyInput``/``BinaryInput``.

    ``hint`` is what the name or Content-Type says ("html" or "text"); content that
    opens like HTML is HTML whatever the hint.
    """
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        raise BinaryInput("holds NUL bytes: a binary file, not text or HTML")
    html = hint == "html" or looks_like_html(head)
    bad = _utf8_prefix_error(head)
    if bad is not None:
        charset = declared_charset(head) if html else None
        if charset is None or charset.replace("_", "-") in ("utf-8", "utf8"):
            raise BinaryInput(f"is not UTF-8 text (invalid byte at offset {bad})")
    if _is_blank(data):
        raise EmptyInput("is empty (nothing but whitespace)")
    return "html" if html else "text"


def _is_blank(data: bytes) -> bool:
    """Whitespace only, Unicode whitespace (no-break spaces, ideographic spaces) included."""
    rest = data.lstrip()
    if not rest:
        return True
    if rest[:SNIFF_BYTES].decode("utf-8", "ignore").strip():
        return False
    return not rest.decode("utf-8", "ignore").strip()


def human_size(n: int) -> str:
    """A byte count for messages: ``1,000 bytes``, ``20.0 MiB``."""
    if n < 1 << 20:
        return f"{n:,} bytes"
    return f"{n / (1 << 20):.1f} MiB"
