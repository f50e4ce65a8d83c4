"""The extraction score of EVALUATION.md section 3, pinned on hand-computed cases."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from claimwatch.errors import EvaluationError
from claimwatch.evaluate.extraction import (
    ExtractionScore,
    run_extraction_eval,
    score_corpus,
    score_page,
    shingles,
)


def test_shingles_are_4_word_multisets_with_case_kept() -> None:
    assert shingles("A b, c-d e. A b c d") == Counter(
        {
            ("A", "b", "c", "d"): 2,
            ("b", "c", "d", "e"): 1,
            ("c", "d", "e", "A"): 1,
            ("d", "e", "A", "b"): 1,
            ("e", "A", "b", "c"): 1,
        }
    )
    assert shingles("a b c d") != shingles("A b c d")


def test_short_and_empty_texts() -> None:
    # Fewer than four words: one shingle of all of them (the benchmark's own rule).
    assert shingles("Hello, world") == Counter({("Hello", "world"): 1})
    assert shingles("  ... ") == Counter()
    assert score_page("", "") == (1.0, 1.0)
    assert score_page("", "one two three four") == (0.0, 0.0)
    assert score_page("one two three four", "") == (0.0, 0.0)


def test_score_page_by_hand() -> None:
    gold = "w1 w2 w3 w4 w5 w6"  # shingles: 1234 2345 3456 -> 3
    pred = "w3 w4 w5 w6 x y"  # shingles: 3456 456x 56xy -> 3, one shared
    assert score_page(pred, gold) == pytest.approx((1 / 3, 1 / 3))
    # Multiset: a repeated shingle counts only as often as the gold has it.
    assert score_page("a b c d a b c d", "a b c d") == pytest.approx((1 / 5, 1.0))


def test_score_corpus_averages_pages_then_takes_f1() -> None:
    gold = {"p1": "w1 w2 w3 w4 w5 w6", "p2": "a b c d"}
    pred = {"p1": "w3 w4 w5 w6 x y", "p2": "a b c d e"}
    # p1: P = R = 1/3. p2: pred shingles abcd, bcde -> P = 1/2, R = 1.
    s = score_corpus(pred, gold)
    p = (1 / 3 + 1 / 2) / 2  # 5/12
    r = (1 / 3 + 1) / 2  # 2/3
    assert s.precision == pytest.approx(p)
    assert s.recall == pytest.approx(r)
    assert s.f1 == pytest.approx(2 * p * r / (p + r))  # 20/39
    assert s.f1 == pytest.approx(20 / 39)
    assert s.pages == 2
    # A missing prediction is an empty one; extra predictions are ignored.
    s2 = score_corpus({"p2": "a b c d e", "zz": "whatever"}, gold)
    assert s2.precision == pytest.approx(0.25) and s2.recall == pytest.approx(0.5)


def test_score_corpus_refuses_empty_gold() -> None:
    with pytest.raises(EvaluationError):
        score_corpus({}, {})


def _write_bench(tmp_path: Path) -> Path:
    body = "The minister said on Monday that the talks would go on. They did not."
    gold = {"p1": {"articleBody": body, "url": "https://example.org/a"}}
    (tmp_path / "ground-truth.json").write_text(json.dumps(gold), encoding="utf-8")
    page = "Home\nNews\nSport\n\n" + body + "\n\nAdvertisement\n© 2024 Example Media\n"
    (tmp_path / "plain-text.json").write_text(json.dumps({"p1": page}), encoding="utf-8")
    html_dir = tmp_path / "html"
    html_dir.mkdir()
    html = (
        "<html><head><title>Talks</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Talks</h1><p>{body}</p></article><footer>© 2024</footer></body></html>"
    )
    (html_dir / "p1.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))
    return tmp_path


def test_run_extraction_eval_on_both_input_shapes(tmp_path: Path) -> None:
    bench = _write_bench(tmp_path)
    plain = run_extraction_eval(bench / "ground-truth.json", bench / "plain-text.json")
    assert isinstance(plain, ExtractionScore)
    assert plain.pages == 1 and plain.f1 == pytest.approx(1.0)
    html = run_extraction_eval(bench / "ground-truth.json", bench / "html")
    assert html.pages == 1 and html.recall == pytest.approx(1.0)


def test_run_extraction_eval_bad_inputs(tmp_path: Path) -> None:
    bench = _write_bench(tmp_path)
    (tmp_path / "other.json").write_text(json.dumps({"p9": "text"}), encoding="utf-8")
    with pytest.raises(EvaluationError, match="no input"):
        run_extraction_eval(bench / "ground-truth.json", tmp_path / "other.json")
    with pytest.raises(EvaluationError):
        run_extraction_eval(tmp_path / "missing.json", bench / "plain-text.json")
