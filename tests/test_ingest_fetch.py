"""ingest of URLs: a real http.server on loopback (never the internet)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import SEED_TXT

from claimwatch.errors import BinaryInput, FetchError, InputTooLarge
from claimwatch.ingest import InputFailure, iter_inputs
from claimwatch.records import RawDocument, content_hash
from claimwatch.settings import Settings

SEED_HTML = Path(__file__).parent / "data" / "ingest" / "seed.html"
SLEEP_S = 1.5


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, body: bytes, ctype: str, status: int = 200, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        path = self.path
        if path == "/seed.txt":
            self._send(SEED_TXT.read_bytes(), "text/plain; charset=utf-8")
        elif path == "/seed.html":
            self._send(SEED_HTML.read_bytes(), "text/html; charset=utf-8")
        elif path == "/latin1.txt":
            self._send("Café crème.".encode("latin-1"), "text/plain; charset=iso-8859-1")
        elif path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/seed.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/ua":
            self._send(self.headers.get("User-Agent", "").encode(), "text/plain")
        elif path == "/slow":
            time.sleep(SLEEP_S)
            self._send(b"too late", "text/plain")
        elif path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(10**9))
            self.end_headers()
        elif path == "/big-streamed":
            # No Content-Length: the body only ends when the server closes.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"word " * 200)
            except OSError:
                pass  # the client hung up at the cap, as it should
        elif path == "/image.png":
            self._send(b"\x89PNG\r\n\x1a\n", "image/png")
        elif path == "/empty":
            self._send(b"", "text/html")
        else:
            self._send(b"<html><body>Not found</body></html>", "text/html", status=404)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up (timeout, size cap) is what these tests make happen


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def fetch_one(url: str, **kw: object) -> RawDocument | InputFailure:
    settings = Settings(db=None, http_timeout_s=kw.pop("timeout", 5.0), **kw)  # type: ignore[arg-type]
    (item,) = list(iter_inputs([url], settings))
    return item


def failure_line(item: object, cls: type, url: str) -> str:
    assert isinstance(item, InputFailure), item
    assert isinstance(item.error, cls), item.error
    assert item.label == url
    line = item.line()
    assert line.startswith(f"{url}: [{cls.code}] ") and "\n" not in line
    return line


def test_fetch_seed_text(server: str) -> None:
    url = f"{server}/seed.txt"
    doc = fetch_one(url)
    assert isinstance(doc, RawDocument)
    assert doc.data == SEED_TXT.read_bytes() and doc.id == content_hash(SEED_TXT.read_bytes())
    assert doc.ref.kind == "text" and doc.ref.url == url and doc.ref.path is None
    assert doc.meta.url == url


def test_fetch_seed_html_through_a_redirect(server: str) -> None:
    doc = fetch_one(f"{server}/redirect")
    assert isinstance(doc, RawDocument)
    assert doc.ref.kind == "html" and doc.data == SEED_HTML.read_bytes()
    assert doc.ref.url == f"{server}/redirect"
    assert doc.meta.url == f"{server}/seed.html"


def test_fetch_sends_user_agent(server: str) -> None:
    doc = fetch_one(f"{server}/ua", user_agent="claimwatch-test/1.0")
    assert doc.data == b"claimwatch-test/1.0"


def test_fetch_declared_charset_becomes_utf8(server: str) -> None:
    doc = fetch_one(f"{server}/latin1.txt")
    assert doc.data.decode("utf-8") == "Café crème."


def test_fetch_404(server: str) -> None:
    url = f"{server}/missing"
    line = failure_line(fetch_one(url), FetchError, url)
    assert line == f"{url}: [CW105] HTTP 404 Not Found"


def test_fetch_timeout(server: str) -> None:
    url = f"{server}/slow"
    started = time.monotonic()
    line = failure_line(fetch_one(url, timeout=0.2), FetchError, url)
    assert time.monotonic() - started < SLEEP_S
    assert "timed out after 0.2 s" in line


def test_fetch_too_large_declared(server: str) -> None:
    url = f"{server}/big-declared"
    line = failure_line(fetch_one(url, max_input_bytes=50_000), InputTooLarge, url)
    assert line.endswith("response is 953.7 MiB, over the 50,000 bytes limit")


def test_fetch_too_large_streamed(server: str) -> None:
    url = f"{server}/big-streamed"
    line = failure_line(fetch_one(url, max_input_bytes=50_000), InputTooLarge, url)
    assert line.endswith("response is over the 50,000 bytes limit")


def test_fetch_wrong_type_and_empty(server: str) -> None:
    url = f"{server}/image.png"
    assert "Content-Type image/png" in failure_line(fetch_one(url), BinaryInput, url)
    url = f"{server}/empty"
    assert fetch_one(url).error.code == "CW102"


def test_fetch_connection_refused() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/gone"
    line = failure_line(fetch_one(url), FetchError, url)
    assert "cannot connect" in line


def test_urls_and_files_in_one_batch(server: str, tmp_path: Path) -> None:
    specs = [f"{server}/missing", str(SEED_TXT), f"{server}/seed.html", str(tmp_path / "no")]
    items = list(iter_inputs(specs, Settings(db=None, http_timeout_s=5.0)))
    assert [type(i).__name__ for i in items] == [
        "InputFailure",
        "RawDocument",
        "RawDocument",
        "InputFailure",
    ]
