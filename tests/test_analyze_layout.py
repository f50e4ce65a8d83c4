"""Attributions that the page layout carries: signed quotations, transcript speaker
labels, and the cue endings PolNeAR leaves out. On PolNeAR dev articles (skipped
when ../shared is absent)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from claimwatch.analyze import Analyzer
from claimwatch.analyze.cue_trailing import LEFT_OUT, trim_cue
from claimwatch.evaluate.polnear import PolnearScores, load_split, score_doc
from claimwatch.records import Article, Attribution, InputRef, Span
from claimwatch.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SIGNED = "huff-post_2016-09-27_latinos-share-their-most-honest-"
TRANSCRIPT = "breitbart_2016-09-25_pence-gennifer-flowers-won-t-be-"
NOTE = "huff-post_2016-09-16_black-lawmakers-rip-donald-trump"


@pytest.fixture(scope="module")
def dev(shared_dir: Path) -> dict:
    return {d.name: d for d in load_split(shared_dir / "polnear" / "dev")}


def _analyze(text: str, fast: bool) -> list[Attribution]:
    article = Article(id="x", input=InputRef(), text=text)
    return Analyzer(Settings(fast=fast)).analyze(article).attributions


def _doc(dev: dict, prefix: str):
    return next(d for name, d in dev.items() if name.startswith(prefix))


@pytest.mark.parametrize("fast", [True, False])
def test_signed_quotations_are_attributed_to_the_name_after_the_dash(dev, fast) -> None:
    doc = _doc(dev, SIGNED)
    found = [a for a in _analyze(doc.text, fast) if a.cue.text == "―"]
    by_source = {a.source.text for a in found if a.source}
    # "― Karen Bobadilla." and "― Edwin G. Monroy": the line's full stop is not the name's.
    assert {"Sonya Herridge", "Karen Bobadilla", "Edwin G. Monroy"} <= by_source
    gold = [g for g in doc.attributions if doc.text[g.cue[0].start : g.cue[0].end] == "―"]
    # Every signed quotation of the gold is found whole: cue, source and content.
    scores = PolnearScores()
    match = score_doc(doc.text, found, doc, scores)
    gold_ids = {k for k, g in enumerate(doc.attributions) if g in gold}
    assert gold_ids <= set(match.attribution)
    assert len(found) == len(gold)


def test_a_transcript_speaker_label_speaks_its_whole_turn(dev) -> None:
    doc = _doc(dev, TRANSCRIPT)
    labelled = [a for a in _analyze(doc.text, True) if a.cue.text == ":" and a.source]
    turn = next(a for a in labelled if a.source.text == "WALLACE")
    content = turn.content[-1]
    # The turn runs over several sentences, to the end of its line.
    assert content.text.startswith("Let’s start with breaking news")
    assert content.text.count(". ") >= 2
    assert not doc.text[content.end :].split("\n")[0].strip(' .?!"”')
    assert {"WALLACE", "PENCE"} <= {a.source.text for a in labelled}


def test_an_editors_note_is_not_a_speaker(dev) -> None:
    doc = _doc(dev, NOTE)
    assert "Editor’s note:" in doc.text
    sources = {a.source.text for a in _analyze(doc.text, True) if a.source}
    assert not any(s.lower().startswith("editor") for s in sources)


def test_cue_endings_left_out_are_cut_and_others_kept() -> None:
    text = "Peskov said of the talks that nothing was agreed. Zelensky called for calm."
    said_of = Attribution(
        id="a1",
        cue=Span.of(text, text.index("said of"), text.index("said of") + 7),
        content=[Span.of(text, text.index("nothing"), text.index(" Zelensky") - 1)],
        type="indirect",
    )
    called_for = Attribution(
        id="a2",
        cue=Span.of(text, text.index("called for"), text.index("called for") + 10),
        content=[Span.of(text, text.index("calm"), text.index("calm") + 4)],
        type="indirect",
    )
    trim_cue(text, said_of)
    trim_cue(text, called_for)
    assert said_of.cue.text == "said" == text[said_of.cue.start : said_of.cue.end]
    assert called_for.cue.text == "called for"  # PolNeAR keeps "for" in 46 of 46
    assert ("said", "of") in LEFT_OUT and ("called", "for") not in LEFT_OUT


def test_the_cue_ending_table_is_what_the_training_script_writes(shared_dir, tmp_path) -> None:
    spec = importlib.util.spec_from_file_location(
        "cue_trailing_words", ROOT / "training" / "cue_trailing_words.py"
    )
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    out = tmp_path / "cue_trailing_pairs.py"
    module.main(out)
    subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(out)], check=True)
    shipped = ROOT / "src" / "claimwatch" / "analyze" / "cue_trailing_pairs.py"
    assert out.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")
