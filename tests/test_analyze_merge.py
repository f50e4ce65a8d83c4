"""Merging learned and rule attributions, on spans of the seed article."""

from __future__ import annotations

from pathlib import Path

from claimwatch.analyze.merge import RULE_ONLY_MIN_CUE_PROB, merge_attributions
from claimwatch.records import Attribution, Span

TEXT = (
    Path(__file__).resolve().parents[1] / "examples/kyivpost-2022-10-24-dirty-bomb.txt"
).read_text(encoding="utf-8")


def span(words: str, after: int = 0) -> Span:
    start = TEXT.index(words, after)
    return Span.of(TEXT, start, start + len(words))


def att(cue: str, content: str, source: str | None = None, kind: str = "indirect") -> Attribution:
    return Attribution(
        id="x",
        cue=span(cue),
        content=[span(content)],
        source=span(source) if source else None,
        type=kind,  # type: ignore[arg-type]
    )


def test_twins_take_the_rule_source_and_a_containing_rule_content() -> None:
    rule = att(
        "issued a statement",
        "that “our countries made clear that we all reject Russia’s transparently false allegations",
        source="the U.S., France, and the U.K.",
        kind="mixed",
    )
    learned = att(
        "issued a statement",
        "our countries made clear that we all reject Russia’s transparently",
        source="the U.S., France, and the",
    )
    (merged,) = merge_attributions([rule], [learned])
    assert merged.source == rule.source  # it completes the learned noun phrase
    assert merged.content == rule.content and merged.type == "mixed"
    assert merged.id == "a1"


def test_twins_keep_a_learned_content_far_shorter_than_the_rule_one() -> None:
    rule = att(
        "issued a statement",
        "that “our countries made clear that we all reject Russia’s transparently false allegations",
        kind="mixed",
    )
    learned = att("issued a statement", "our countries made clear")  # under half its length
    (merged,) = merge_attributions([rule], [learned])
    assert merged.content == learned.content


def test_twins_keep_a_learned_source_the_rule_source_does_not_complete() -> None:
    rule = att("said", "the Russian accusation is a reflection", source="Kremlin")
    learned = att(
        "said", "the Russian accusation is a reflection", source="President Volodymyr Zelensky"
    )
    (merged,) = merge_attributions([rule], [learned])
    assert merged.source is not None and merged.source.text == "President Volodymyr Zelensky"
    # a rule source that adds an apposition or a clause to the learned one
    rule.source = span("General Richard Dannatt, for example")
    learned.source = span("General Richard Dannatt")
    (merged,) = merge_attributions([rule], [learned])
    assert merged.source is not None and merged.source.text == "General Richard Dannatt"
    learned.source = span("The Russian Telegram")  # cut short: the rule one completes it
    rule.source = span("The Russian Telegram channels")
    (merged,) = merge_attributions([rule], [learned])
    assert merged.source is not None and merged.source.text == "The Russian Telegram channels"


def test_twins_keep_the_learned_content_when_the_rule_one_does_not_contain_it() -> None:
    rule = att(
        "said", "the Russian accusation is a reflection", source="President Volodymyr Zelensky"
    )
    learned = att("said", "the Russian accusation is a reflection of what Moscow wants to do")
    (merged,) = merge_attributions([rule], [learned])
    assert merged.content == learned.content
    assert merged.source is not None and merged.source.text == "President Volodymyr Zelensky"


def test_rule_only_attributions_need_the_taggers_confidence_in_their_cue() -> None:
    sure = att("alleged", "that Ukraine is", source="Shoigu")
    unsure = att("expressing", "a general concern")
    probs = {sure.cue: RULE_ONLY_MIN_CUE_PROB, unsure.cue: RULE_ONLY_MIN_CUE_PROB - 0.01}
    merged = merge_attributions([unsure, sure], [], cue_prob=lambda s: probs[s])
    assert [a.cue.text for a in merged] == ["alleged"]
    assert len(merge_attributions([unsure, sure], [])) == 2  # no tagger: rules kept as they are


def test_a_learned_content_that_crosses_another_attribution_takes_the_rule_content() -> None:
    # "... the Institute for the Study of War believes that the main aim is ... a
    # supposition the former chief ... Richard Dannatt, for example, agreed with."
    believes = att("believes", "that the main aim is not", source="the Institute for the Study")
    rule = att("agreed with", "a supposition", source="General Richard Dannatt")
    crossing = att("agreed with", "believes that the main aim is not to use the bomb")
    crossing.content = [Span.of(TEXT, believes.cue.start, rule.content[0].end)]
    merged = merge_attributions([rule], [believes, crossing])
    agreed = next(a for a in merged if a.cue.text == "agreed with")
    assert agreed.content == rule.content
    assert agreed.source is not None and "Dannatt" in agreed.source.text
    # the same learned content without the crossed cue among the attributions is kept
    alone = att("agreed with", "believes that the main aim is not to use the bomb")
    alone.content = list(crossing.content)
    (kept,) = merge_attributions([att("agreed with", "a supposition")], [alone])
    assert kept.content == crossing.content


def test_a_rule_only_signed_quotation_is_kept_whatever_the_cue_probability() -> None:
    text = "“He represents our greatest shame.” ― Sonya Herridge\nShe said it twice."
    signed = Attribution(
        id="r1",
        cue=Span.of(text, text.index("―"), text.index("―") + 1),
        content=[Span.of(text, 0, text.index(" ―"))],
        source=Span.of(text, text.index("Sonya"), text.index("\n")),
        type="direct",
    )
    said = Attribution(
        id="r2",
        cue=Span.of(text, text.index("said"), text.index("said") + 4),
        content=[Span.of(text, text.index("it twice"), text.index("it twice") + 8)],
        source=Span.of(text, text.index("She"), text.index("She") + 3),
        type="indirect",
    )
    merged = merge_attributions([signed, said], [], cue_prob=lambda s: 0.0)
    assert [a.cue.text for a in merged] == ["―"]


def test_a_learned_content_that_opens_with_the_to_addressee_takes_the_rule_content() -> None:
    # "Shoigu alleged to the four NATO member states, all of which [...], that Ukraine
    # is “planning ...”": the audience is the addressee, not part of the claim.
    rule = att("alleged", "that Ukraine is “planning to use a dirty bomb", "Shoigu", kind="mixed")
    rule.addressee_span = span("the four NATO member states")
    learned = att(
        "alleged",
        "to the four NATO member states, all of which either have nuclear weapons of their "
        "own or host those belonging to the U.S. and openly support Kyiv since the beginning "
        "of the full-scale war, that Ukraine is “planning to use a dirty bomb",
        "Shoigu",
        kind="direct",
    )
    (merged,) = merge_attributions([rule], [learned])
    assert merged.content == rule.content and merged.type == "mixed"
    assert merged.addressee_span == rule.addressee_span


def test_a_learned_content_with_a_to_phrase_inside_keeps_it() -> None:
    # Only a content that opens with the addressee's "to" is cut: a "to" further in
    # is part of the claim ("his engagement to ...", PolNeAR train keeps it).
    rule = att("alleged", "that Ukraine is “planning to use a dirty bomb", "Shoigu")
    rule.addressee_span = span("the four NATO member states")
    learned = att(
        "alleged",
        "Shoigu alleged to the four NATO member states, all of which either have nuclear "
        "weapons of their own or host those belonging to the U.S. and openly support Kyiv "
        "since the beginning of the full-scale war, that Ukraine is “planning",
    )
    learned.source = None
    (merged,) = merge_attributions([rule], [learned])
    assert merged.content == learned.content
