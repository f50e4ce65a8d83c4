"""Contents end where a coordinated attribution of their own begins (a PolNeAR dev line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimwatch.analyze.content_bounds import cut_at_coordinated_cues
from claimwatch.analyze.quotes import Quotes
from claimwatch.records import Attribution, Span

# PolNeAR dev, breitbart_2016-09-30_the-latest-trump-urges-supporter, line 149.
LINE = (
    "Merrill says Machado promised to continue supporting Clinton and said she would "
    "stand up to the attacks."
)
ARTICLE = "breitbart_2016-09-30_the-latest-trump-urges-supporter"


def span(text: str, words: str) -> Span:
    start = text.index(words)
    return Span.of(text, start, start + len(words))


def att(text: str, cue: str, content: str, source: str | None) -> Attribution:
    return Attribution(
        id=cue,
        cue=span(text, cue),
        content=[span(text, content)],
        source=span(text, source) if source else None,
        type="indirect",
    )


def test_a_content_stops_before_and_plus_another_cue() -> None:
    says = att(
        LINE,
        "says",
        "Machado promised to continue supporting Clinton and said she would stand up to the attacks",
        "Merrill",
    )
    said = att(LINE, "said", "she would stand up to the attacks", None)
    cut_at_coordinated_cues(LINE, Quotes(LINE), [says, said])
    assert [c.text for c in says.content] == ["Machado promised to continue supporting Clinton"]
    assert [c.text for c in said.content] == ["she would stand up to the attacks"]
    assert all(c.text == LINE[c.start : c.end] for c in says.content)


def test_a_nested_attribution_stays_inside_the_content() -> None:
    text = "Merrill says Machado said she would stand up to the attacks."
    says = att(text, "says", "Machado said she would stand up to the attacks", "Merrill")
    said = att(text, "said", "she would stand up to the attacks", "Machado")
    cut_at_coordinated_cues(text, Quotes(text), [says, said])
    assert says.content[0].text == "Machado said she would stand up to the attacks"


def test_and_without_an_attribution_behind_it_stays() -> None:
    says = att(
        LINE,
        "says",
        "Machado promised to continue supporting Clinton and said she would stand up to the attacks",
        "Merrill",
    )
    cut_at_coordinated_cues(LINE, Quotes(LINE), [says])
    assert says.content[0].text.endswith("the attacks")


def test_the_analyzer_cuts_the_polnear_line(shared_dir: Path) -> None:
    from claimwatch.analyze import Analyzer
    from claimwatch.records import Article, InputRef

    path = shared_dir / "polnear" / "dev" / "text" / f"{ARTICLE}.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    text = path.read_text(encoding="utf-8")
    doc = Analyzer().analyze(Article(id="x", input=InputRef(), text=text))
    line = text.index(LINE)
    says = [a for a in doc.attributions if a.cue.start == line + len("Merrill ")]
    assert says and says[0].content[-1].text == "Machado promised to continue supporting Clinton"


def test_a_quotation_stays_whole(seed_text: str) -> None:
    quote = (
        "“If Russia calls and says that Ukraine is allegedly preparing something, "
        "it means one thing: Russia has already prepared all this,”"
    )
    said = att(seed_text, quote + " he said", quote, None)
    said.cue = span(seed_text, quote + " he said")
    said.cue = Span.of(seed_text, said.cue.end - 4, said.cue.end)
    says = att(
        seed_text,
        "says that Ukraine is allegedly",
        "that Ukraine is allegedly preparing something",
        None,
    )
    says.cue = Span.of(seed_text, says.cue.start, says.cue.start + 4)
    cut_at_coordinated_cues(seed_text, Quotes(seed_text), [said, says])
    assert said.content[0].text == quote
