"""PolNeAR scorer (EVALUATION.md section 2): hand-computed case, brat loader, gold vs gold."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimwatch.errors import EvaluationError
from claimwatch.evaluate.polnear import (
    GoldAttribution,
    GoldDoc,
    bootstrap_intervals,
    load_split,
    normalise,
    parse_ann,
    score,
    score_articles,
)
from claimwatch.records import Attribution, Span

TEXT = "Smith said taxes rise. Jones believes prices fall."


def _sp(start: int, end: int) -> Span:
    return Span.of(TEXT, start, end)


def _attr(i: str, cue: Span, content: list[Span], source: Span | None = None) -> Attribution:
    return Attribution(id=i, cue=cue, content=content, type="indirect", source=source)


def _gold() -> GoldDoc:
    return GoldDoc(
        name="doc",
        text=TEXT,
        attributions=[
            GoldAttribution("E1", cue=(_sp(6, 10),), content=(_sp(11, 21),), source=(_sp(0, 5),)),
            GoldAttribution(
                "E2", cue=(_sp(29, 37),), content=(_sp(38, 49),), source=(_sp(23, 28),)
            ),
        ],
    )


def test_offsets_of_the_hand_made_case() -> None:
    assert [TEXT[0:5], TEXT[6:10], TEXT[11:21]] == ["Smith", "said", "taxes rise"]
    assert [TEXT[23:28], TEXT[29:37], TEXT[38:49]] == ["Jones", "believes", "prices fall"]


def test_hand_computed_scores() -> None:
    pred = [
        # exact on every role once "taxes rise." is stripped of its full stop
        _attr("p1", _sp(6, 10), [_sp(11, 22)], _sp(0, 5)),
        # cue exact; content "prices" vs "prices fall": Dice 2*1/3 = 0.67, overlap only;
        # no source where gold has "Jones": the attribution does not match
        _attr("p2", _sp(29, 37), [_sp(38, 44)]),
        # spurious: cue "Smith", content "said taxes rise" (Dice 0.8 with E1's content,
        # but E1 is taken by p1 at Dice 1.0: one-to-one)
        _attr("p3", _sp(0, 5), [_sp(6, 21)]),
    ]
    s = score({"doc": pred}, [_gold()])
    j = s.to_json()
    # source: gold 2, pred 1 (p1), tp 1 -> P 1, R .5, F1 .667 (exact and overlap)
    for kind in ("exact", "overlap"):
        assert (j[kind]["source"]["tp"], j[kind]["source"]["pred"], j[kind]["source"]["gold"]) == (
            1,
            1,
            2,
        )
    assert s.exact["source"].f1 == pytest.approx(2 / 3)
    # cue: gold 2, pred 3, tp 2 -> P .667, R 1, F1 .8 (exact and overlap)
    assert s.exact["cue"].precision == pytest.approx(2 / 3)
    assert s.exact["cue"].recall == 1.0
    assert s.exact["cue"].f1 == pytest.approx(0.8)
    assert s.overlap["cue"].f1 == pytest.approx(0.8)
    # content exact: tp 1 of pred 3, gold 2 -> P 1/3, R 1/2, F1 .4
    assert s.exact["content"].precision == pytest.approx(1 / 3)
    assert s.exact["content"].recall == pytest.approx(1 / 2)
    assert s.exact["content"].f1 == pytest.approx(0.4)
    # content overlap: p1-E1 (1.0), p2-E2 (.67); p3 left -> P 2/3, R 1, F1 .8
    assert s.overlap["content"].tp == 2
    assert s.overlap["content"].f1 == pytest.approx(0.8)
    # attribution: only p1-E1 -> P 1/3, R 1/2, F1 .4
    assert (s.attribution.tp, s.attribution.pred, s.attribution.gold) == (1, 3, 2)
    assert s.attribution.f1 == pytest.approx(0.4)
    assert "attribution" in s.table()


def test_source_both_none_matches_and_missing_article_predicts_nothing() -> None:
    gold = GoldDoc("d", TEXT, [GoldAttribution("E1", cue=(_sp(6, 10),), content=(_sp(11, 21),))])
    s = score({"d": [_attr("p", _sp(6, 10), [_sp(11, 21)])]}, [gold])
    assert s.attribution.f1 == 1.0
    assert s.exact["source"].gold == 0 and s.exact["source"].pred == 0
    empty = score({}, [gold])
    assert empty.attribution.recall == 0.0 and empty.attribution.gold == 1
    with pytest.raises(EvaluationError):
        score({"nope": []}, [gold])


def test_normalise_strips_punctuation_but_keeps_punctuation_alone() -> None:
    t = ' "Hello, world." : — x'
    assert normalise(t, 0, 16) == (2, 14)  # ' "Hello, world."' -> 'Hello, world'
    assert t[2:14] == "Hello, world"
    assert normalise(t, 16, 19) == (17, 18)  # ' : ' -> ':' kept
    assert normalise(t, 19, 20) == (19, 20)  # '—' alone kept
    assert normalise(t, 16, 17) is None  # whitespace alone


def test_discontinuous_content_is_exact_only_as_the_same_set_of_pieces() -> None:
    text = '"We will win," Trump said, "and soon."'
    gold = GoldDoc(
        "d",
        text,
        [
            GoldAttribution(
                "E1",
                cue=(Span.of(text, 21, 25),),
                content=(Span.of(text, 0, 14), Span.of(text, 27, 38)),
                source=(Span.of(text, 15, 20),),
            )
        ],
    )
    both = _attr_t(text, [(1, 12), (28, 36)])  # pieces without the quotes: equal after stripping
    first = _attr_t(text, [(0, 14)])
    assert score({"d": [both]}, [gold]).exact["content"].f1 == 1.0
    s = score({"d": [first]}, [gold])
    assert s.exact["content"].tp == 0
    # tokens We will win | and soon: 3 of 5 -> Dice 2*3/8 = .75 -> overlap match
    assert s.overlap["content"].tp == 1 and s.attribution.tp == 1


def _attr_t(text: str, pieces: list[tuple[int, int]]) -> Attribution:
    return Attribution(
        id="p",
        cue=Span.of(text, 21, 25),
        content=[Span.of(text, a, b) for a, b in pieces],
        type="direct",
        source=Span.of(text, 15, 20),
    )


def test_parse_ann_events_roles_and_noise() -> None:
    text = "He said: yes and no. They think so.\nOther line here."
    ann = (
        "T1\tSource 0 2\tHe\n"
        "T2\tCue 3 7\tsaid\n"
        "T3\tContent 9 12;17 19\tyes no\n"
        "T4\tAttribution 3 7\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "T5\tCue 26 31\tthink\n"
        "T6\tContent 32 34\tso\n"
        "T7\tAttribution-no-source 26 31\tthink\n"
        "E2\tAttribution-no-source:T7 Cue:T5 Content:T6\n"
        "T8\tDiscuss 36 46\tOther line\n"
        "#1\tAnnotatorNotes T8\ta note\n"
        "T9\tContent 21 35\tThey think so.\n"
        "continuation of a span text\n"
        "T10\tAttribution 21 25\tThey\n"
        "E3\tAttribution:T10\n"
    )
    gold = parse_ann(ann, text)
    assert [g.id for g in gold] == ["E1", "E2"]  # E3 has no content: dropped
    e1, e2 = gold
    assert [p.text for p in e1.content] == ["yes", "no"]
    assert e1.source[0].text == "He" and e1.cue[0].text == "said"
    assert e2.source == () and e2.cue[0].text == "think"
    with pytest.raises(EvaluationError):
        parse_ann("T1\tCue 0 999\tx\n", text)


def test_load_real_dev_file_and_gold_scores_one(shared_dir: Path) -> None:
    docs = load_split(shared_dir / "polnear" / "dev")
    assert len(docs) == 84
    by_name = {d.name: d for d in docs}
    d = by_name["breitbart_2016-09-12_stealth-over-health-hillary-clin"]
    assert d.annotator == "ef2d"
    first = d.attributions[0]
    assert first.source[0].text == "The New York Post"
    assert first.cue[0].text == "reports"
    assert first.content[0].text.startswith("that Hillary Clinton’s team")
    for doc in docs:
        for g in doc.attributions:
            for sp in (*g.source, *g.cue, *g.content):
                assert doc.text[sp.start : sp.end] == sp.text
    # several annotation files: the first-listed annotator (4b22) is scored
    assert by_name["politico_2016-09-08_flynn-says-trump-absolutely-righ"].annotator == "4b22"
    s = score({doc.name: doc.as_attributions() for doc in docs}, docs)
    for counts in (*s.exact.values(), *s.overlap.values(), s.attribution):
        assert counts.gold > 0
        assert counts.precision == counts.recall == 1.0


def test_bootstrap_of_one_article_is_its_own_figure() -> None:
    gold = [_gold()]
    pred = {"doc": [_attr("p", _sp(6, 10), [_sp(11, 21)], _sp(0, 5))]}
    articles = score_articles(pred, gold)
    intervals = bootstrap_intervals(articles, samples=50)
    assert intervals["attribution"] == pytest.approx((100 * 2 / 3, 100 * 2 / 3))
    assert score(pred, gold).attribution.f1 == pytest.approx(2 / 3)


def test_bootstrap_intervals_bracket_the_dev_figure(shared_dir: Path) -> None:
    docs = load_split(shared_dir / "polnear" / "dev")
    # a system that finds two gold attributions in three
    pred = {d.name: [a for k, a in enumerate(d.as_attributions()) if k % 3] for d in docs}
    articles = score_articles(pred, docs)
    total = score(pred, docs)
    intervals = bootstrap_intervals(articles, samples=500, seed=1)
    for name, counts in total.rows():
        lo, hi = intervals[name]
        assert lo < 100 * counts.f1 < hi, name
        assert hi - lo < 10, name
    assert intervals == bootstrap_intervals(articles, samples=500, seed=1)
    assert intervals != bootstrap_intervals(articles, samples=500, seed=2)
    perfect = score_articles({d.name: d.as_attributions() for d in docs}, docs)
    assert bootstrap_intervals(perfect, samples=100)["exact content"] == (100.0, 100.0)
