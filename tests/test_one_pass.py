"""The one-pass attribution tagger: stitching, role windows, and the shipped model."""

from __future__ import annotations

import json

import pytest

from claimwatch.analyze import one_pass as P
from claimwatch.analyze import tagger as T


def test_stitch_index_takes_each_wordpiece_from_its_most_central_window() -> None:
    assert P.stitch_index(5) == ([0] * 5, [1, 2, 3, 4, 5])  # one window, after [CLS]
    n = 300  # windows [0,126) [100,226) [200,300)
    assert T.cue_windows(n) == [(0, 126), (100, 226), (200, 300)]
    w, p = P.stitch_index(n)
    assert (w[0], p[0]) == (0, 1)
    assert (w[112], p[112]) == (0, 113)  # 13 from the end of window 0, 12 into window 1
    assert (w[113], p[113]) == (1, 14)  # 13 into window 1, 12 from the end of window 0
    assert (w[299], p[299]) == (2, 100)
    for k in range(n):
        a, b = T.cue_windows(n)[w[k]]
        assert a <= k < b and p[k] == k - a + 1


def test_cue_windows_of_another_size_as_a_model_records_them() -> None:
    assert T.cue_windows(600, 254, 200) == [(0, 254), (200, 454), (400, 600)]
    w, p = P.stitch_index(600, 254, 200)
    assert (w[226], p[226]) == (0, 227) and (w[227], p[227]) == (1, 28)
    assert P.stitch_index(600) != (w, p)  # the defaults are the shipped 126 / 100


def test_role_window_and_relative_positions() -> None:
    assert P.role_bounds(1000, 500, 502) == (500 - P.ROLE_LEFT, 502 + P.ROLE_RIGHT)
    assert P.role_bounds(30, 5, 6) == (0, 30)
    rel = P.rel_ids(3, 10, 5, 7)  # wordpieces 3..9, cue 5..6
    left = P.ROLE_LEFT
    assert rel == [left - 2, left - 1, left, left, left + 1, left + 2, left + 3]
    assert max(P.rel_ids(*P.role_bounds(1000, 500, 502), 500, 502)) == P.N_REL - 1


def test_shipped_model_predicts_with_exact_offsets() -> None:
    pytest.importorskip("onnxruntime")
    if not (P.MODEL_DIR / "encoder.onnx").is_file():
        pytest.skip("the one-pass model is not in this checkout")
    tagger = P.OnePassTagger.load()
    assert P.OnePassTagger.load() is tagger  # cached
    meta = json.loads((P.MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    assert [tagger.cue_window, tagger.cue_stride] == meta["windows"]["cue"]
    text = (
        "Donald Trump said on Monday that the election was rigged. "
        '"We will win," Clinton told supporters in Ohio.'
    )
    atts = tagger.predict(text)
    for a in atts:
        for sp in (a.cue, *a.content, *([a.source] if a.source else [])):
            assert text[sp.start : sp.end] == sp.text
    heads = {a.cue.text.split()[0] for a in atts}
    assert "said" in heads and "told" in heads
    said = next(a for a in atts if a.cue.text.split()[0] == "said")
    assert said.source is not None and "Trump" in said.source.text
    assert "rigged" in " ".join(c.text for c in said.content)
    told = next(a for a in atts if a.cue.text.split()[0] == "told")
    assert told.source is not None and told.source.text == "Clinton"
    assert [c.text for c in told.content] == ['"We will win,"']
    assert tagger.predict("") == []


def test_the_tagger_imports_without_spacy() -> None:
    """The training scripts run where torch is and spaCy is not (the GPU machine)."""
    import subprocess
    import sys

    code = (
        "import sys; import claimwatch.analyze.one_pass, claimwatch.evaluate.polnear; "
        "import claimwatch.analyze as a; "
        "assert 'spacy' not in sys.modules and 'platformdirs' not in sys.modules; "
        "a.Analyzer; assert 'spacy' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
