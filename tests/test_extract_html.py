"""HTML extraction on real benchmark pages, and the extraction quality gate."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from claimwatch.errors import BinaryInput, NoArticle
from claimwatch.evaluate.extraction import run_extraction_eval
from claimwatch.extract import extract
from claimwatch.records import InputRef, RawDocument, SourceMeta

# The floors below were measured on this corpus (sha256 of ground-truth.json).
GOLD_SHA256 = "24bd029ce4a23ebb663b25726767aa07618921ca7a24ffc2773e82aa4a24e8d9"
HTML_F1_FLOOR = 0.96  # measured 0.975
PLAIN_F1_FLOOR = 0.89  # measured 0.912

WSJ = "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856"
CTPOST = "05844573ca7e1fba714d715bb11ca08c26e25328999c74a1cb3bc8a0e4399f0f"


def _bench(shared_dir: Path) -> Path:
    bench = shared_dir / "extraction-bench"
    if not (bench / "ground-truth.json").is_file():
        pytest.skip("../shared/extraction-bench is absent")
    return bench


def _page(shared_dir: Path, pid: str, meta: SourceMeta | None = None) -> RawDocument:
    path = _bench(shared_dir) / "html" / f"{pid}.html.gz"
    data = gzip.decompress(path.read_bytes())
    return RawDocument(InputRef(path=str(path), kind="html"), data, meta or SourceMeta())


def test_wsj_page(shared_dir: Path) -> None:
    art = extract(_page(shared_dir, WSJ))
    assert art.text.startswith("Gaming used to be so simple.")
    for furniture in ("Dow Jones, a News Corp company", "Subscribe", "Sign In", "Barron's"):
        assert furniture not in art.text
    assert (
        art.title == "Google Stadia, Microsoft xCloud, Apple Arcade: So Many Ways to Play…and Pay"
    )
    assert art.published == "2019-11-19"
    assert art.authors == ["Sarah E Needleman"]
    assert art.outlet == "Wall Street Journal"
    assert art.removed == []


def test_ctpost_page(shared_dir: Path) -> None:
    art = extract(_page(shared_dir, CTPOST))
    assert "Nissan is hoping a sleek redesign of the Sentra" in art.text
    assert "The RAV4 Prime goes on sale in the summer." in art.text
    for furniture in ("Most Popular", "Privacy Notice", "Back to Gallery", "Hearst"):
        assert furniture not in art.text
    assert art.published == "2019-11-20"
    assert art.authors == ["Tom Krisher"]
    assert art.outlet == "Connecticut Post"


def test_record_metadata_wins(shared_dir: Path) -> None:
    meta = SourceMeta(title="Given title", published="2019-11-21", authors=("Someone Else",))
    art = extract(_page(shared_dir, CTPOST, meta))
    assert (art.title, art.published, art.authors) == (
        "Given title",
        "2019-11-21",
        ["Someone Else"],
    )
    assert art.outlet == "Connecticut Post"  # not given: extraction fills it


def test_page_without_article_is_no_article() -> None:
    html = b"<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(NoArticle) as info:
        extract(RawDocument(InputRef(path="empty.html", kind="html"), html))
    assert "empty.html" in info.value.line()
    assert "[CW201]" in info.value.line()


def test_html_in_a_declared_legacy_charset_is_read() -> None:
    body = "Le ministre a déclaré lundi que les négociations allaient continuer. " * 8
    html = (
        "<html><head><meta charset='iso-8859-1'><title>Négociations</title></head>"
        f"<body><article><p>{body}</p></article></body></html>"
    ).encode("iso-8859-1")
    art = extract(RawDocument(InputRef(kind="html"), html))
    assert "négociations allaient continuer" in art.text


def test_binary_html_is_refused() -> None:
    with pytest.raises(BinaryInput):
        extract(RawDocument(InputRef(kind="html"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff"))


def _check_corpus(bench: Path) -> None:
    digest = hashlib.sha256((bench / "ground-truth.json").read_bytes()).hexdigest()
    if digest != GOLD_SHA256:
        pytest.skip(f"floors were measured on corpus {GOLD_SHA256[:12]}, this is {digest[:12]}")


def test_gate_html_f1(shared_dir: Path) -> None:
    """Whole benchmark half (91 pages, a few seconds)."""
    bench = _bench(shared_dir)
    _check_corpus(bench)
    score = run_extraction_eval(bench / "ground-truth.json", bench / "html")
    assert score.pages == 91
    assert score.f1 >= HTML_F1_FLOOR, score.line()


def test_gate_plain_text_f1(shared_dir: Path) -> None:
    bench = _bench(shared_dir)
    _check_corpus(bench)
    score = run_extraction_eval(bench / "ground-truth.json", bench / "plain-text.json")
    assert score.pages == 91
    assert score.f1 >= PLAIN_F1_FLOOR, score.line()
