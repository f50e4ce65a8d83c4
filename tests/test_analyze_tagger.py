"""The wordpiece windowing and span decoding the taggers share (the shipped model: test_one_pass)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from claimwatch.analyze import tagger as T
from claimwatch.records import Span


def test_cue_windows_cover_every_wordpiece() -> None:
    assert T.cue_windows(0) == [(0, 0)]
    assert T.cue_windows(10) == [(0, 10)]
    for n in (T.CUE_WINDOW + 1, 500, 1234):
        wins = T.cue_windows(n)
        covered = set()
        for a, b in wins:
            assert b - a <= T.CUE_WINDOW
            covered.update(range(a, b))
        assert covered == set(range(n))


def test_runs_bio() -> None:
    labs = [0, 5, 6, 6, 0, 6, 6, 5, 5, 0]
    assert T.runs(labs, 5, 6) == [(1, 4), (5, 7), (7, 8), (8, 9)]
    assert T.runs([6, 6], 5, 6) == [(0, 2)]


def test_role_input_marks_the_cue_and_maps_positions() -> None:
    enc = T.Encoded(ids=list(range(1000, 1010)), starts=list(range(10)), ends=list(range(1, 11)))
    ids, where = T.role_input(enc, 4, 6)
    assert ids[0] == T.CLS_ID and ids[-1] == T.SEP_ID
    assert ids[ids.index(T.MARK_L) + 1 : ids.index(T.MARK_R)] == [1004, 1005]
    assert [w for w in where if w >= 0] == [0, 1, 2, 3, 6, 7, 8, 9]
    assert len(ids) == len(where)


def test_decode_maps_wordpieces_to_exact_offsets() -> None:
    text = 'Aides said "we will win" today.'
    enc = T.Encoded(
        ids=[0] * 7, starts=[0, 6, 11, 12, 15, 20, 23], ends=[5, 10, 12, 14, 19, 23, 24]
    )
    # wordpieces: Aides said " we will win "
    ids, where = T.role_input(enc, 1, 2)
    labels = {0: T.B_SRC, 2: T.B_CON, 3: T.I_CON, 4: T.I_CON, 5: T.I_CON, 6: T.I_CON}
    logits = np.zeros((len(ids), 7))
    for k, w in enumerate(where):
        logits[k, labels.get(w, T.OUTSIDE) if w >= 0 else T.OUTSIDE] = 6.0  # a confident model
    att = T.AttributionTagger._decode(text, enc, 1, 2, where, logits, "t1")
    assert att is not None
    assert att.source == Span.of(text, 0, 5)
    assert att.cue.text == "said"
    assert [c.text for c in att.content] == ['"we will win"']
    assert att.type == "direct"


def test_content_keeps_the_line_nearest_the_cue() -> None:
    text = "He said the plan works.\n\nThe group also met on Monday, aides said."
    whole = (8, len(text) - len(", aides said."))  # "the plan works.\n\nThe group ... Monday"
    assert T.nearest_line(text, *whole, anchor=3) == (8, 23)  # the cue "said" is on line 1
    a, b = T.nearest_line(text, *whole, anchor=text.index("aides"))
    assert text[a:b] == "The group also met on Monday"
    assert T.nearest_line(text, 8, 22, anchor=3) == (8, 22)  # one line: unchanged


@given(st.lists(st.tuples(st.integers(-5, 5), st.integers(-5, 5)), max_size=12))
def test_best_segment_is_the_highest_scoring_run(scores: list[tuple[int, int]]) -> None:
    first, inner = [float(f) for f, _ in scores], [float(i) for _, i in scores]
    brute = max(
        (
            (first[s] + sum(inner[s + 1 : e]), s, e)
            for s in range(len(scores))
            for e in range(s + 1, len(scores) + 1)
        ),
        default=None,
    )
    best = T.best_segment(first, inner)
    if brute is None or brute[0] <= 0:
        assert best is None
    else:
        assert best is not None
        s, e, score = best
        assert score == brute[0] == first[s] + sum(inner[s + 1 : e])


def test_content_bridges_one_doubtful_wordpiece() -> None:
    # "Aides said the plan , sadly , works ." with the content "the plan, sadly, works":
    # three wordpieces the model slightly doubts (", sadly ,") no longer cut the
    # content in two, since the sure wordpieces around them outweigh them.
    text = "Aides said the plan, sadly, works."
    words = [(0, 5), (6, 10), (11, 14), (15, 19), (19, 20), (21, 26), (26, 27), (28, 33), (33, 34)]
    enc = T.Encoded(ids=[0] * len(words), starts=[a for a, _ in words], ends=[b for _, b in words])
    where = [-1, 0, -1, 2, 3, 4, 5, 6, 7, 8, -1]
    roles = np.full((len(where), 5), 0.01)
    roles[:, 0] = 0.96
    for k, w in enumerate(where):
        if w == 0:
            roles[k] = [0.02, 0.9, 0.04, 0.02, 0.02]
        elif w in (2, 3, 7):
            roles[k] = [0.04, 0.01, 0.01, 0.9 if w == 2 else 0.04, 0.9 if w != 2 else 0.04]
        elif w in (4, 5, 6):
            roles[k] = [0.55, 0.01, 0.01, 0.01, 0.42]  # doubtful: outside is likelier
    att = T.decode_roles(text, enc, 1, 2, where, roles, "t1")
    assert att is not None
    assert [c.text for c in att.content] == ["the plan, sadly, works"]
    assert att.source is not None and att.source.text == "Aides"
