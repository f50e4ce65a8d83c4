"""The plain-text cleaner: the seed's furniture exactly, the contract on any text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimwatch.extract as extract_pkg
from claimwatch.errors import BinaryInput, ExtractionError
from claimwatch.extract import REASONS, clean_text, extract, find_furniture
from claimwatch.records import InputRef, RawDocument, SourceMeta

SEED_GOLD = (
    Path(__file__).resolve().parents[1] / "examples" / "kyivpost-2022-10-24-dirty-bomb.gold.json"
)

SEED_REASONS = {
    8: "advertisement",
    16: "teaser",
    17: "teaser",
    19: "teaser",
    21: "teaser",
    29: "advertisement",
    39: "advertisement",
    47: "advertisement",
    61: "advertisement",
    62: "correction_widget",
    63: "correction_widget",
    65: "comment_widget",
    67: "image_url",
    68: "comment_widget",
}


def _contract(text: str, removed_lines: set[int]) -> str:
    return "\n".join(ln for i, ln in enumerate(text.split("\n")) if i not in removed_lines)


def test_public_names_are_listed() -> None:
    assert set(extract_pkg.__all__) >= {"extract"}
    for name in extract_pkg.__all__:
        assert hasattr(extract_pkg, name)


def test_seed_removes_exactly_the_gold_lines(seed_text: str) -> None:
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["boilerplate_lines"]
    raw = RawDocument(InputRef(path="seed.txt", kind="text"), seed_text.encode("utf-8"))
    article = extract(raw)
    assert [r.line for r in article.removed] == sorted(gold)
    assert {r.line: r.reason for r in article.removed} == SEED_REASONS
    for r in article.removed:
        assert seed_text[r.start : r.end] == r.text
        assert r.text == seed_text.split("\n")[r.line]
        assert r.reason in REASONS
    assert article.text == _contract(seed_text, set(gold))
    # The real sub-heading stays; the teaser's lead paragraph goes.
    assert "\nPuzzling motives\n" in article.text
    assert "Oniks" not in article.text
    assert article.id == raw.id
    assert article.input == raw.ref


def test_record_metadata_is_kept(seed_text: str) -> None:
    meta = SourceMeta(
        title="Shoigu's dirty bomb calls",
        published="2022-10-24",
        outlet="Kyiv Post",
        authors=("A. Writer",),
    )
    raw = RawDocument(InputRef(path="seed.txt", kind="text"), seed_text.encode(), meta)
    art = extract(raw)
    assert (art.title, art.published, art.outlet, art.authors) == (
        "Shoigu's dirty bomb calls",
        "2022-10-24",
        "Kyiv Post",
        ["A. Writer"],
    )


def test_full_page_keeps_the_body_and_drops_menus_and_footer() -> None:
    body = [
        "The central bank raised its main interest rate by half a point on Thursday, "
        "the third increase this year.",
        "",
        "What it means",
        "",
        "Economists said the move was expected, but warned that inflation would stay "
        "high for most of next year.",
    ]
    page = ["Home", "World", "Business", "Sign in", "", *body, "", "Most Popular"]
    page += ["Five things to know today", "Share", "© 2024 Example News. All rights reserved."]
    text = "\n".join(page)
    kept, removed = clean_text(text)
    assert kept.strip() == "\n".join(body)
    assert {r.reason for r in removed} <= REASONS
    assert kept == _contract(text, {r.line for r in removed})


@pytest.mark.parametrize(
    "text",
    [
        "Russia accuses Ukraine of planning a dirty bomb",  # one headline, no prose
        "Shoigu said Ukraine was preparing a provocation.",
        "",
        "\n\n",
        "Line one\r\nLine two\r\n",
    ],
)
def test_short_inputs_are_left_alone(text: str) -> None:
    kept, removed = clean_text(text)
    assert removed == []
    assert kept == text


def test_undecodable_bytes_are_binary_input() -> None:
    raw = RawDocument(InputRef(path="x.bin", kind="text"), b"\xff\xfe\x00\x01\x80abc\x00")
    with pytest.raises(BinaryInput):
        extract(raw)
    with pytest.raises(BinaryInput):
        extract(RawDocument(InputRef(kind="text"), b"caf\xe9 au lait"))


def test_bom_is_tolerated() -> None:
    data = "\ufeffThe minister said the talks would continue next week.".encode()
    art = extract(RawDocument(InputRef(kind="text"), data))
    assert art.text == "The minister said the talks would continue next week."
    utf16 = "Hello there.".encode("utf-16")
    assert extract(RawDocument(InputRef(kind="text"), utf16)).text == "Hello there."


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ExtractionError):
        extract(RawDocument(InputRef(kind="jsonl"), b"{}"))


_lines = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(
            [
                "",
                "Advertisement",
                "Other Topics of Interest",
                "Comments (0)",
                "Home",
                "A short headline",
                "https://example.org/a.png",
                "The minister said on Monday that the talks would go on for another week.",
            ]
        ),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(_lines)
def test_contract_holds_on_any_text(lines: list[str]) -> None:
    text = "\n".join(lines)
    removed = find_furniture(text)
    kept, removed2 = clean_text(text)
    assert removed == removed2
    idx = [r.line for r in removed]
    assert idx == sorted(set(idx))
    split = text.split("\n")
    for r in removed:
        assert text[r.start : r.end] == r.text == split[r.line]
        assert r.text.strip(), "blank lines are never removed"
        assert r.reason in REASONS
    assert kept == _contract(text, set(idx))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_contract_holds_on_arbitrary_strings(text: str) -> None:
    kept, removed = clean_text(text)
    assert kept == _contract(text, {r.line for r in removed})
    for r in removed:
        assert text[r.start : r.end] == r.text
