"""analyze: the seed article end to end, offsets, actors, evidence, responses, API."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import claimwatch.analyze as analyze
from claimwatch.analyze import Analyzer, load_nlp
from claimwatch.analyze.quotes import Quotes
from claimwatch.errors import ModelError
from claimwatch.records import AnalyzedDocument, Article, InputRef
from claimwatch.settings import Settings

# These tests pin the rule layer; the merged full mode is tested end to end.
RULES = Settings(fast=True)

SEED_GOLD = (
    Path(__file__).resolve().parents[1] / "examples" / "kyivpost-2022-10-24-dirty-bomb.gold.json"
)
_WORD = re.compile(r"\w+")


def dice(a: str, b: str) -> float:
    x, y = set(_WORD.findall(a)), set(_WORD.findall(b))
    return 2 * len(x & y) / (len(x) + len(y)) if x or y else 1.0


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_article(seed_text: str, gold: dict) -> Article:
    removed = set(gold["boilerplate_lines"])
    text = "\n".join(line for i, line in enumerate(seed_text.split("\n")) if i not in removed)
    return Article(id="seed", input=InputRef(path="seed.txt"), text=text, published="2022-10-24")


@pytest.fixture(scope="module")
def seed(seed_article: Article) -> AnalyzedDocument:
    return Analyzer(RULES).analyze(seed_article)


def _match(doc: AnalyzedDocument, g: dict):
    for a in doc.attributions:
        content = " ".join(c.text for c in a.content)
        if dice(a.cue.text, g["cue"]["text"]) < 0.5 or dice(content, g["content"]["text"]) < 0.5:
            continue
        if g.get("source") and (a.source is None or dice(a.source.text, g["source"]["text"]) < 0.5):
            continue
        return a
    return None


def test_public_api():
    assert set(analyze.__all__) >= {"Analyzer", "load_nlp", "find_attributions", "analyze_doc"}
    for name in analyze.__all__:
        assert hasattr(analyze, name)


def test_missing_model_is_a_model_error():
    with pytest.raises(ModelError, match="pip install"):
        load_nlp("no_such_spacy_pipeline_xyz")


def test_load_nlp_is_cached():
    assert load_nlp() is load_nlp()


def test_seed_core_attributions_with_speakers(seed: AnalyzedDocument, gold: dict):
    core = [g for g in gold["attributions"] if g["core"]]
    assert len(core) == 10
    for g in core:
        a = _match(seed, g)
        assert a is not None, f"{g['id']} not found: {g['cue']['text']!r}"
        assert a.speaker is not None and a.speaker.name == g["speaker"], g["id"]
        assert a.type == g["type"], g["id"]


def test_every_span_matches_the_text(seed: AnalyzedDocument):
    text = seed.article.text
    spans = seed.spans()
    assert len(spans) > 100
    for s in spans:
        assert 0 <= s.start <= s.end <= len(text)
        assert s.text == text[s.start : s.end]


def test_sentences_split_at_line_breaks(seed: AnalyzedDocument):
    assert any(s.text == "Puzzling motives" for s in seed.sentences)
    assert all("\n" not in s.text for s in seed.sentences)


def test_actors_titles_metonyms_variants(seed: AnalyzedDocument):
    by_name = {a.name: a for a in seed.actors}
    shoigu = by_name["Sergei Shoigu"]
    assert shoigu.kind == "person"
    assert any("Defense Minister" in t for t in shoigu.titles)
    assert {m.text for m in shoigu.mentions} >= {"Sergei Shoigu", "Shoigu"}
    assert "President" in by_name["Volodymyr Zelensky"].titles
    assert by_name["Dmitry Peskov"].titles == ["the Kremlin’s spokesperson"]
    kyiv = by_name["Kyiv"]
    assert (kyiv.represents, kyiv.role) == ("Ukraine", "government")
    assert by_name["Moscow"].represents == "Russia"
    assert by_name["Kremlin"].represents == "Russia"
    assert {m.text for m in by_name["United States"].mentions} >= {"U.S.", "United States"}
    assert "U.K." in {m.text for m in by_name["United Kingdom"].mentions}
    assert "Shoigu" not in by_name and "U.S." not in by_name


def test_addressee_and_evidence(seed: AnalyzedDocument, gold: dict):
    g = gold["attributions"][0]
    a = _match(seed, g)
    assert a is not None
    assert a.addressee_span is not None and a.addressee_span.text == "the four NATO member states"
    assert [x.name for x in a.addressees] == g["addressee"]
    assert a.evidence is not None and a.evidence.status == "none"
    assert [s.text for s in a.evidence.stated_by] == [s["text"] for s in g["evidence"]["stated_by"]]


def test_responses(seed: AnalyzedDocument, gold: dict):
    ids = {}
    for g in gold["attributions"]:
        a = _match(seed, g)
        if a is not None:
            ids[a.id] = g["id"]
    got = {(ids.get(r.from_id), ids.get(r.to_id), r.stance) for r in seed.responses}
    want = {(r["from"], r["to"], r["stance"]) for r in gold["responses"]}
    assert len(got & want) >= 5


def test_analyze_many_keeps_order(seed_article: Article):
    arts = [
        Article(id=str(i), input=InputRef(), text=t)
        for i, t in enumerate(
            ["Putin said the war would end.", "", "“We will win,” Zelensky said."]
        )
    ]
    out = list(Analyzer(RULES).analyze_many(arts, batch_size=2))
    assert [d.article.id for d in out] == ["0", "1", "2"]
    assert out[1].attributions == [] and out[1].sentences == []
    assert out[2].attributions[0].type == "direct"
    assert out[2].attributions[0].speaker.name == "Zelensky"


def test_quotes_pair_and_run_to_paragraph_end():
    text = 'He said “a b” and "c d".\n“open to the end\nnext'
    q = Quotes(text)
    assert [text[s:e] for s, e in q.regions] == ["“a b”", '"c d"', "“open to the end"]
    assert q.at(text.index("a b")) is not None and q.at(0) is None
    nyt = "''Look, a b,'' said X. ''C d.''"
    assert [nyt[s:e] for s, e in Quotes(nyt).regions] == ["''Look, a b,''", "''C d.''"]


def test_quote_continues_in_next_sentence():
    text = "“We will win,” Zelensky said. “Russia has already lost.”\nNext paragraph."
    doc = Analyzer(RULES).analyze(Article(id="q", input=InputRef(), text=text))
    (att,) = doc.attributions
    assert [c.text for c in att.content] == ["“We will win,”", "“Russia has already lost.”"]
    assert att.type == "direct"


def _rules(text: str) -> list[tuple[str | None, str, list[str]]]:
    """The rule finder alone (no learned tagger): (source, cue, content pieces)."""
    from claimwatch.analyze.attributions import find_attributions

    out = []
    for a in find_attributions(load_nlp()(text)):
        out.append((a.source.text if a.source else None, a.cue.text, [c.text for c in a.content]))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # PolNeAR keeps the medium in the cue.
        (
            "Senator Smith said in a statement that the bill was a mistake.",
            ("Senator Smith", "said in a statement", ["that the bill was a mistake"]),
        ),
        (
            "The campaign released a statement saying the report was false.",
            ("The campaign", "released a statement saying", ["the report was false"]),
        ),
        # Naming, polls, endorsements and attitudes count as attributions.
        (
            "Trump called the program “a total disaster.”",
            ("Trump", "called", ["the program “a total disaster.”"]),
        ),
        (
            "A new Fox News poll shows Trump leading Clinton by five points.",
            ("A new Fox News poll", "shows", ["Trump leading Clinton by five points"]),
        ),
        (
            "Republicans have been critical of the deal.",
            ("Republicans", "have been critical of", ["the deal"]),
        ),
        # The pipeline lemmatises "hopes" as "hop".
        (
            "Clinton hopes to carry the state by a large margin.",
            ("Clinton", "hopes", ["to carry the state by a large margin"]),
        ),
        (
            "“The economy is rigged,” Sanders continued.",
            ("Sanders", "continued", ["“The economy is rigged,”"]),
        ),
    ],
)
def test_rule_constructions(text: str, expected: tuple):
    assert expected in _rules(text)


def test_quote_continues_past_the_rest_of_the_sentence_and_mixed_marks():
    text = "“We will win,” Zelensky said on Tuesday in Kyiv. “Russia has already lost.”\nNext."
    assert _rules(text) == [("Zelensky", "said", ["“We will win,”", "“Russia has already lost.”"])]
    mixed = '"We will win,” Zelensky said. "Russia has lost."'
    assert [mixed[s:e] for s, e in Quotes(mixed).regions] == [
        '"We will win,”',
        '"Russia has lost."',
    ]
