"""Resolving who a source (or addressee) span names: pronouns, titles, groups, short forms.

Works from spans alone, so it resolves a learned tagger's attributions the same way
as the rule finder's. Everything is one pass in text order with bisection into
sorted mention lists: nothing quadratic in the article length.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimwatch.analyze.actors import TITLE_WORDS, Actor, ActorIndex
from claimwatch.records import Attribution, Span, Speaker

GROUP_NOUNS = frozenset(
    """government country nation state ally leader minister official power partner member
    capital side""".split()
)
NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_DETS = {"the", "a", "an", "these", "those", "this", "that", "both", "all"}


@dataclass(slots=True)
class Groups:
    """Coordinated actors ("France, the U.K. and Turkey") in text order."""

    pos: list[int] = field(default_factory=list)
    members: list[list[Actor]] = field(default_factory=list)

    def last(self, before: int, size: int | None = None) -> list[Actor] | None:
        k = bisect_left(self.pos, before)
        for j in range(k - 1, max(k - 40, -1), -1):
            if size is None or len(self.members[j]) == size:
                return self.members[j]
        return None


def _conj_chain(tok: Token) -> list[Token]:
    out = [tok]
    stack = [c for c in tok.children if c.dep_ == "conj"]
    while stack:
        t = stack.pop(0)
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    return sorted(out, key=lambda t: t.i)


def _actors_of(tokens: list[Token], index: ActorIndex) -> list[Actor]:
    out: list[Actor] = []
    for t in tokens:
        a = index.actor_at(t.i)
        if a is None:
            # "the U.K." may have its actor on a compound inside the conjunct.
            for x in t.subtree:
                if x.i < t.i and index.actor_at(x.i) is not None and x.head is t:
                    a = index.actor_at(x.i)
                    break
        if a is not None and a not in out:
            out.append(a)
    return out


def find_groups(doc: Doc, index: ActorIndex) -> Groups:
    groups = Groups()
    for t in doc:
        if t.dep_ == "conj" or not any(c.dep_ == "conj" for c in t.children):
            continue
        members = _actors_of(_conj_chain(t), index)
        if len(members) >= 2:
            groups.pos.append(t.i)
            groups.members.append(members)
    return groups


def _speaker(actor: Actor) -> Speaker:
    """Metonyms and peoples speak for what they represent ("Moscow" -> Russia)."""
    if actor.represents and actor.kind in {"city", "group"}:
        return Speaker(actor.represents, actor.id)
    return Speaker(actor.name, actor.id)


def _group_speaker(members: list[Actor]) -> Speaker:
    return Speaker("; ".join(a.name for a in members), ";".join(a.id for a in members))


class Resolver:
    def __init__(self, doc: Doc, index: ActorIndex) -> None:
        self.doc = doc
        self.index = index
        self.groups = find_groups(doc, index)
        # Speakers that were groups, in text order, for "the governments" later on.
        self.group_sources: list[tuple[int, list[Actor]]] = []

    def tokens(self, span: Span) -> SpacySpan | None:
        return self.doc.char_span(span.start, span.end, alignment_mode="expand")

    def speaker(self, span: Span) -> Speaker | None:
        toks = self.tokens(span)
        if toks is None or len(toks) == 0:
            return None
        root = toks.root
        index = self.index
        low = root.lower_
        if low in {"he", "she", "him", "her"}:
            a = index.last_person(toks.start, subject_only=True) or index.last_person(toks.start)
            return Speaker(a.name, a.id) if a else None
        if low in {"they", "them"}:
            g = self._last_group(toks.start)
            return _group_speaker(g) if g else None
        if root.pos_ == "PRON" or low in {"who", "which", "that"}:
            return None
        # A coordinated group: "the U.S., France, and the U.K."
        members = (
            _actors_of(_conj_chain(root), index)
            if any(c.dep_ == "conj" for c in root.children)
            else []
        )
        if len(members) >= 2:
            self.group_sources.append((toks.start, members))
            return _group_speaker(members)
        persons = [index.actor_at(t.i) for t in toks if index.actor_at(t.i) is not None]
        people = [a for a in persons if a is not None and a.kind == "person"]
        if people:
            return Speaker(people[-1].name, people[-1].id)
        a = index.actor_at(root.i)
        if a is not None:
            return _speaker(a)
        lemma = root.lemma_.lower()
        first = toks[0].lower_
        if first in _DETS and root.tag_ in {"NNS", "NNPS"} and lemma in GROUP_NOUNS:
            g = self._last_group(toks.start)
            if g:
                return _group_speaker(g)
        if (
            first in {"the", "this"}
            and TITLE_WORDS.fullmatch(root.text)
            and root.tag_ in {"NN", "NNP"}
        ):
            p = index.person_with_title(root.text, toks.start) or index.last_person(
                toks.start, subject_only=True
            )
            if p:
                return Speaker(p.name, p.id)
        # No named actor: the source's own words, without a leading determiner.
        words = [t for t in toks if not t.is_punct]
        while words and words[0].lower_ in _DETS:
            words.pop(0)
        if not words:
            return None
        name = self.doc[words[0].i : words[-1].i + 1].text
        return Speaker(name, None)

    def _last_group(self, before: int) -> list[Actor] | None:
        k = bisect_left([p for p, _ in self.group_sources], before)
        if k:
            return self.group_sources[k - 1][1]
        return self.groups.last(before)

    def addressees(self, span: Span) -> list[Speaker]:
        toks = self.tokens(span)
        if toks is None or len(toks) == 0:
            return []
        root = toks.root
        members = _actors_of(_conj_chain(root), self.index)
        if len(members) >= 1 and self.index.actor_at(root.i) is not None:
            return [_speaker(a) for a in members]
        if root.tag_ in {"NNS", "NNPS"}:
            size = None
            for t in toks:
                if t.lower_ in NUMBERS:
                    size = NUMBERS[t.lower_]
                elif t.like_num and t.text.isdigit():
                    size = int(t.text)
            g = self.groups.last(toks.start, size)
            if g:
                return [Speaker(a.name, a.id) for a in g]
        return []


def resolve_speakers(doc: Doc, index: ActorIndex, attributions: list[Attribution]) -> None:
    """Fill ``speaker`` and ``addressees`` of each attribution, in text order."""
    resolver = Resolver(doc, index)
    for att in sorted(attributions, key=lambda a: a.cue.start):
        if att.source is not None and att.speaker is None:
            att.speaker = resolver.speaker(att.source)
        if att.addressee_span is not None and not att.addressees:
            att.addressees = resolver.addressees(att.addressee_span)
