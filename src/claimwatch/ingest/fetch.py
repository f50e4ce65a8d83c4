"""Fetch one URL with httpx: bounded in time and size, every failure one ``FetchError``.

* ``settings.http_timeout_s`` bounds each network step (connect, each read), and
  ``4 x`` that bounds the whole download, so a server that trickles bytes cannot
  hold a batch forever.
* ``settings.max_input_bytes`` is enforced while streaming: a ``Content-Length``
  over it is refused before the body is read, and a body that grows past it is cut
  off there.
* Redirects are followed; ``SourceMeta.url`` is the final URL.
* The kind comes from ``Content-Type`` (``text/html``, ``application/xhtml+xml`` ->
  html; other ``text/*`` -> text; none -> sniffed); anything else is refused.
  Plain text in a declared non-UTF-8 charset is re-encoded as UTF-8.
"""

from __future__ import annotations

import time

import httpx

from claimwatch.errors import BinaryInput, FetchError, InputTooLarge
from claimwatch.ingest.sniff import classify, human_size
from claimwatch.records import InputKind, InputRef, RawDocument, SourceMeta
from claimwatch.settings import Settings

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/", "application/json", "application/xml")


def is_url(spec: str) -> bool:
    head = spec[:8].lower()
    return head.startswith("http://") or head.startswith("https://")


def make_client(settings: Settings) -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(settings.http_timeout_s),
        follow_redirects=True,
        max_redirects=10,
        headers={
            "User-Agent": settings.user_agent,
            "Accept": "text/html, text/plain;q=0.9, */*;q=0.1",
        },
    )


def fetch(url: str, settings: Settings, client: httpx.Client) -> RawDocument:
    """GET ``url`` into a ``RawDocument``, or raise ``FetchError``/``InputTooLarge``/``BinaryInput``."""
    limit = settings.max_input_bytes
    deadline = time.monotonic() + 4 * settings.http_timeout_s
    try:
        with client.stream("GET", url) as resp:
            if resp.status_code >= 400:
                reason = resp.reason_phrase or "error"
                raise FetchError(f"HTTP {resp.status_code} {reason}")
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                size, cap = human_size(int(declared)), human_size(limit)
                raise InputTooLarge(f"response is {size}, over the {cap} limit")
            chunks: list[bytes] = []
            total = 0
            for chunk in resp.iter_bytes():
                total += len(chunk)
                if total > limit:
                    raise InputTooLarge(f"response is over the {human_size(limit)} limit")
                if time.monotonic() > deadline:
                    raise FetchError(
                        f"download took over {4 * settings.http_timeout_s:g} s; gave up"
                    )
                chunks.append(chunk)
            data = b"".join(chunks)
            final_url = str(resp.url)
            ctype = resp.headers.get("content-type", "")
            charset = resp.charset_encoding
    except httpx.TimeoutException as exc:
        raise FetchError(
            f"timed out after {settings.http_timeout_s:g} s ({_one_line(exc) or 'no response'})"
        ) from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError("too many redirects") from exc
    except httpx.ConnectError as exc:
        raise FetchError(f"cannot connect: {_one_line(exc)}") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise FetchError(f"not a valid URL: {_one_line(exc)}") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {_one_line(exc)}") from exc

    hint = _kind_of(ctype)
    if hint == "text" and charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        data = _to_utf8(data, charset)
    kind = classify(data, hint)
    ref = InputRef(url=url, kind=kind)
    return RawDocument(ref=ref, data=data, meta=SourceMeta(url=final_url))


def _kind_of(content_type: str) -> InputKind | None:
    mime = content_type.split(";", 1)[0].strip().lower()
    if not mime:
        return None
    if mime in _HTML_TYPES:
        return "html"
    if mime.startswith(_TEXT_TYPES):
        return "text"
    raise BinaryInput(f"has Content-Type {mime}, not text or HTML")


def _to_utf8(data: bytes, charset: str) -> bytes:
    try:
        return data.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError) as exc:
        raise BinaryInput(f"is not valid {charset} text as its Content-Type declares") from exc


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
