"""Which attribution answers which: "In response, ...", "reject ... allegations", "agreed with".

Heuristics over the found attributions, in text order. A response's target is an
earlier attribution by another speaker: for agreement, the one just before; else
the earlier claim (itself not a response) whose content shares most words with the
response's, the nearest one on a tie.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Token

from claimwatch.records import Attribution, Response, Stance

REJECT_CUES = frozenset(
    "reject deny dismiss refute rebuff dispute counter rebut deny contradict".split()
)
SUPPORT_CUES = frozenset("agree support endorse back confirm echo insist".split())
CLAIM_CUES = frozenset("allege claim accuse charge assert warn threaten".split())
QUESTION_CUES = frozenset("question doubt wonder query".split())
CLAIM_WORDS = re.compile(r"\b(accusations?|allegations?|claims?|assertions?|charges?)\b", re.I)
REJECT_WORDS = re.compile(
    r"\b(reject\w*|den(?:y|ies|ied)|false|lies?|baseless|nonsense|absurd|untrue|not true)\b", re.I
)
_WORD = re.compile(r"\w+")
_STOP = frozenset(
    """the a an of to in on for and or that this is are was were be been it its their his her
    with by as at from will would not any all we our they he she has have had""".split()
)


def _words(doc: Doc, att: Attribution) -> set[str]:
    out: set[str] = set()
    for c in att.content:
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        if span is None:
            continue
        out |= {t.lemma_.lower() for t in span if t.is_alpha and t.lower_ not in _STOP}
    return out


def _cue_lemma(doc: Doc, att: Attribution) -> str:
    span = doc.char_span(att.cue.start, att.cue.end, alignment_mode="expand")
    if span is None:
        return att.cue.text.lower()
    verbs = [t for t in span if t.pos_ in {"VERB", "AUX"}]
    return (verbs[-1] if verbs else span.root).lemma_.lower()


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    k = bisect_right(ranges, (pos, float("inf"))) - 1
    # Ranges may nest; look back over the few that start before ``pos``.
    for j in range(k, max(k - 8, -1), -1):
        if ranges[j][0] <= pos < ranges[j][1]:
            return True
    return False


def _answers(cue: Token) -> bool:
    """Whether the cue's clause is marked as an answer: "In response, X said"."""
    verb = cue.sent.root if cue.dep_ != "ROOT" else cue
    if verb.i != cue.i and cue.head.i != verb.i:
        return False
    for c in verb.children:
        if (
            c.dep_ == "prep"
            and c.lower_ == "in"
            and any(g.lower_ in {"response", "reply"} for g in c.children)
        ):
            return True
        if c.lemma_.lower() in {"respond", "reply"} and c.dep_ == "advcl":
            return True
    return False


def find_responses(doc: Doc, attributions: list[Attribution]) -> list[Response]:
    ordered = sorted(attributions, key=lambda a: a.cue.start)
    # Attributions inside another's content (nested reports) neither answer nor are answered.
    contents = sorted((c.start, c.end) for a in ordered for c in a.content)
    atts = [a for a in ordered if not _inside(a.cue.start, contents)]
    claimish = [_cue_lemma(doc, a) in CLAIM_CUES for a in atts]
    words = [_words(doc, a) for a in atts]
    responders: dict[int, tuple[int, Stance]] = {}
    out: list[Response] = []
    for i, att in enumerate(atts):
        if att.speaker is None:
            continue
        lemma = _cue_lemma(doc, att)
        sent = doc.char_span(att.cue.start, att.cue.end, alignment_mode="expand")
        content = " ".join(c.text for c in att.content)
        cue_text = att.cue.text.lower()
        stance: Stance | None = None
        if lemma in REJECT_CUES or (REJECT_WORDS.search(content) and CLAIM_WORDS.search(content)):
            stance = "rejects"
        elif lemma in SUPPORT_CUES:
            stance = "supports"
        elif lemma in QUESTION_CUES:
            stance = "questions"
        elif sent is not None and _answers(sent.root):
            stance = (
                "rejects"
                if CLAIM_WORDS.search(content) or REJECT_WORDS.search(content)
                else "no_position"
            )
        elif "response" in cue_text or "reaction" in cue_text:
            stance = "no_position"
        prev = atts[i - 1] if i else None
        if (
            stance is None
            and prev is not None
            and att.type == "direct"
            and i - 1 in responders
            and prev.speaker is not None
            and prev.speaker.name == att.speaker.name
        ):
            target, stance = responders[i - 1]
            responders[i] = (target, stance)
            out.append(Response(att.id, atts[target].id, stance))
            continue
        if stance is None:
            continue
        target = None
        if (
            lemma == "agree"
            and prev is not None
            and prev.speaker
            and prev.speaker.name != att.speaker.name
        ):
            target = i - 1
        else:
            best = (0, -1)
            for j in range(i - 1, -1, -1):
                other = atts[j]
                if (
                    other.speaker is None
                    or other.speaker.name == att.speaker.name
                    or j in responders
                ):
                    continue
                score = len(words[i] & words[j]) + 2 * claimish[j]
                if (score, j) > best and (score > 0 or best[1] < 0):
                    best = (score, j)
            if best[1] >= 0:
                target = best[1]
        if target is None:
            continue
        responders[i] = (target, stance)
        out.append(Response(att.id, atts[target].id, stance))
    return out
