"""ingest: files, directories, stdin and JSONL into RawDocuments; every bad input one line."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, SEED_TXT
from hypothesis import given
from hypothesis import strategies as st

import claimwatch.ingest as ingest
from claimwatch.errors import (
    BadRecord,
    BinaryInput,
    ClaimwatchError,
    EmptyInput,
    InputTooLarge,
    MissingInput,
)
from claimwatch.ingest import InputFailure, iter_inputs, parse_record
from claimwatch.records import RawDocument, content_hash
from claimwatch.settings import Settings

DATA = Path(__file__).parent / "data" / "ingest"
SEED_HTML = DATA / "seed.html"
SETTINGS = Settings(db=None)


def run(*specs: str, settings: Settings = SETTINGS, stdin=None) -> list:
    return list(iter_inputs(list(specs), settings, stdin=stdin))


def only_failure(items: list, cls: type[ClaimwatchError], label: str) -> str:
    """The one item must be a failure of ``cls`` for ``label``; return its line."""
    assert len(items) == 1, items
    (item,) = items
    assert isinstance(item, InputFailure), item
    assert isinstance(item.error, cls), item.error
    assert item.label == label
    line = item.line()
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith(f"{label}: [{cls.code}] "), line
    return line


def test_all_names_exist() -> None:
    for name in ingest.__all__:
        assert hasattr(ingest, name), name


# --- files -------------------------------------------------------------------


def test_seed_text_file() -> None:
    (doc,) = run(str(SEED_TXT))
    assert isinstance(doc, RawDocument)
    assert doc.ref.kind == "text" and doc.ref.path == str(SEED_TXT) and doc.ref.url is None
    assert doc.data == SEED_TXT.read_bytes()
    assert doc.id == content_hash(SEED_TXT.read_bytes())


def test_html_by_extension_and_by_content(tmp_path: Path) -> None:
    sniffed = tmp_path / "page.dat"
    sniffed.write_bytes(SEED_HTML.read_bytes())
    lower = tmp_path / "lower.txt"
    lower.write_bytes(b"\xef\xbb\xbf  <!-- saved -->\n<html><body><p>Hi.</p></body></html>")
    mentions = tmp_path / "mentions.txt"
    mentions.write_text("An article that writes <html> inside its text.\n")
    docs = run(str(SEED_HTML), str(sniffed), str(lower), str(mentions))
    assert [d.ref.kind for d in docs] == ["html", "html", "html", "text"]


def test_gzipped_files(tmp_path: Path) -> None:
    html_gz = tmp_path / "page.html.gz"
    html_gz.write_bytes(gzip.compress(SEED_HTML.read_bytes()))
    txt_gz = tmp_path / "seed.txt.gz"
    txt_gz.write_bytes(gzip.compress(SEED_TXT.read_bytes()))
    bad_gz = tmp_path / "bad.txt.gz"
    bad_gz.write_bytes(b"not gzip at all")
    a, b, c = run(str(html_gz), str(txt_gz), str(bad_gz))
    assert a.ref.kind == "html" and a.data == SEED_HTML.read_bytes()
    assert b.ref.kind == "text" and b.data == SEED_TXT.read_bytes()
    assert isinstance(c, InputFailure) and isinstance(c.error, BinaryInput)
    assert "not a valid gzip file" in c.line()


def test_directory_recursive_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "one.txt").write_text("Second file, b/one.\n")
    (tmp_path / "a" / "deep" / "two.htm").write_text("<html><p>First, a/deep/two.</p></html>")
    (tmp_path / "a" / "z.html").write_text("<!doctype html><p>a/z</p>")
    (tmp_path / "a" / "notes.md").write_text("not an input kind")
    (tmp_path / ".hidden" / "x.txt").write_text("hidden")
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": "From JSONL."}) + "\n")
    docs = run(str(tmp_path))
    rel = [Path(d.ref.path).relative_to(tmp_path).as_posix() for d in docs]
    assert rel == ["a/deep/two.htm", "a/z.html", "b/one.txt", "c.jsonl"]
    assert all(isinstance(d, RawDocument) for d in docs)
    assert run(str(tmp_path)) == docs  # deterministic


def test_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "only.md").write_text("no inputs here")
    only_failure(run(str(tmp_path)), EmptyInput, str(tmp_path))


def test_stdin_text_and_html() -> None:
    (doc,) = run("-", stdin=io.BytesIO(SEED_TXT.read_bytes()))
    assert doc.ref.kind == "text" and doc.ref.path is None and doc.ref.label == "<stdin>"
    (doc,) = run("-", stdin=io.BytesIO(SEED_HTML.read_bytes()))
    assert doc.ref.kind == "html"
    only_failure(run("-", stdin=io.BytesIO(b" \n\t ")), EmptyInput, "<stdin>")


# --- bad inputs: each one line naming the input, and the batch goes on ------------


def test_missing_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    line = only_failure(run(missing), MissingInput, missing)
    assert line == f"{missing}: [CW101] does not exist"


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \r\n", "\u00a0\u3000\n".encode()])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    line = only_failure(run(str(path)), EmptyInput, str(path))
    assert "is empty" in line


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "NUL bytes"),
        ("Café crème, déjà vu.".encode("latin-1"), "not UTF-8 text (invalid byte at offset 3)"),
    ],
)
def test_binary_file(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "picture.txt"
    path.write_bytes(content)
    line = only_failure(run(str(path)), BinaryInput, str(path))
    assert says in line


def test_html_in_a_declared_charset_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    data = '<html><head><meta charset="iso-8859-1"></head><p>Café</p></html>'.encode("latin-1")
    path.write_bytes(data)
    (doc,) = run(str(path))
    assert doc.ref.kind == "html" and doc.data == data


def test_too_large_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: instant, no disk used
    line = only_failure(run(str(path)), InputTooLarge, str(path))
    assert line == f"{path}: [CW104] is 50.0 MiB, over the 20.0 MiB limit"


def test_too_large_gzip_is_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 5000))
    small = Settings(db=None, max_input_bytes=1000)
    line = only_failure(run(str(path), settings=small), InputTooLarge, str(path))
    assert "decompresses to over the 1,000 bytes limit" in line


def test_batch_goes_on_past_bad_inputs(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    items = run(str(tmp_path / "missing.txt"), str(empty), str(SEED_TXT), str(SEED_HTML))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["InputFailure", "InputFailure", "RawDocument", "RawDocument"]


# --- JSONL ---------------------------------------------------------------------


def test_jsonl_records(tmp_path: Path) -> None:
    seed = SEED_TXT.read_text(encoding="utf-8")
    lines = [
        json.dumps(
            {
                "text": seed,
                "url": "https://www.kyivpost.com/post/4013",
                "title": "Russia Claims Ukraine Plans 'Dirty Bomb'",
                "published": "2022-10-24T15:03:00+03:00",
                "outlet": "Kyiv Post",
                "authors": ["Kyiv Post"],
            },
            ensure_ascii=False,
        ),
        "",
        '{"text": "cut off',
        json.dumps({"html": SEED_HTML.read_text(encoding="utf-8"), "date": "2022-10-25"}),
        json.dumps({"body": "Alias body.", "source": "example.org", "author": "A. Writer"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "no text"}),
        json.dumps({"text": "   "}),
    ]
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = run(str(path))
    assert len(items) == 7
    first, bad, html, alias, arr, notext, blank = items

    assert isinstance(first, RawDocument)
    assert first.data == seed.encode("utf-8") and first.id == content_hash(seed.encode())
    assert first.ref.path == str(path) and first.ref.record == 1 and first.ref.kind == "text"
    assert first.ref.url == "https://www.kyivpost.com/post/4013"
    assert first.meta.published == "2022-10-24" and first.meta.outlet == "Kyiv Post"
    assert first.meta.authors == ("Kyiv Post",)

    assert html.ref.kind == "html" and html.ref.record == 4 and html.meta.published == "2022-10-25"
    assert alias.data == b"Alias body." and alias.meta.outlet == "example.org"
    assert alias.meta.authors == ("A. Writer",)

    for item, cls, n in [(bad, BadRecord, 3), (arr, BadRecord, 6), (notext, BadRecord, 7)]:
        assert isinstance(item, InputFailure) and isinstance(item.error, cls)
        assert item.label == f"{path}:{n}"
        assert item.line().startswith(f"{path}:{n}: [CW106] ")
    assert "is not valid JSON" in bad.line()
    assert "is not a JSON object but an array" in arr.line()
    assert "has no text" in notext.line()
    assert isinstance(blank.error, EmptyInput) and blank.label == f"{path}:8"


def test_jsonl_gz_and_oversized_line(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    big = json.dumps({"text": "x" * 3000})
    small = json.dumps({"text": "Small record."})
    path.write_bytes(gzip.compress(f"{big}\n{small}\n".encode()))
    tiny = Settings(db=None, max_input_bytes=1000)
    first, second = run(str(path), settings=tiny)
    assert isinstance(first, InputFailure) and isinstance(first.error, InputTooLarge)
    assert first.label == f"{path}:1"
    assert second.data == b"Small record." and second.ref.record == 2


# --- the record parser, property-tested -----------------------------------------

_text = st.text(min_size=1).filter(lambda s: s.strip() and "\x00" not in s)
_meta = st.one_of(st.none(), st.text(max_size=40))


@given(
    content=_text,
    field=st.sampled_from(["text", "content", "body", "html"]),
    title=_meta,
    outlet=_meta,
    url=_meta,
)
def test_parse_record_keeps_content_exactly(content, field, title, outlet, url) -> None:
    obj = {field: content, "title": title, "outlet": outlet, "url": url}
    try:
        line = json.dumps(obj)
        rec = parse_record(line)
    except BadRecord:
        # Only an unpaired surrogate may be refused.
        assert any(0xD800 <= ord(c) <= 0xDFFF for c in f"{content}{title}{outlet}{url}")
        return
    assert rec.data == content.encode("utf-8")
    assert rec.kind == ("html" if field == "html" else "text")
    assert rec.meta.title == (title.strip() or None if title else None)
    assert rec.meta.outlet == (outlet.strip() or None if outlet else None)
    assert rec.meta.url == (url.strip() or None if url else None)


@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda s: s.encode("utf-8", "replace")))
def test_parse_record_never_raises_anything_else(line: bytes) -> None:
    try:
        parse_record(line)
    except ClaimwatchError as exc:
        assert "\n" not in exc.line()


def test_seed_examples_dir_reads() -> None:
    docs = run(str(EXAMPLES))
    assert [Path(d.ref.path).name for d in docs] == ["kyivpost-2022-10-24-dirty-bomb.txt"]
