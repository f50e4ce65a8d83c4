"""Named actors of one article: NER mentions grouped, short forms resolved, titles kept.

One pass over ``doc.ents``. A person's short form ("Shoigu") joins the fullest name
the article uses ("Sergei Shoigu"); variants ("U.S.", "the United States") are
normalised; metonyms ("Kyiv", "the Kremlin") stay what they are and say what they
represent.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimwatch.records import Actor, Span

LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}

# Variants of one name, lower-cased, to the name used for the actor.
ALIASES = {
    "u.s.": "United States",
    "us": "United States",
    "u.s": "United States",
    "u.s.a.": "United States",
    "usa": "United States",
    "united states": "United States",
    "united states of america": "United States",
    "america": "United States",
    "u.k.": "United Kingdom",
    "uk": "United Kingdom",
    "u.k": "United Kingdom",
    "united kingdom": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "u.n.": "United Nations",
    "un": "United Nations",
    "united nations": "United Nations",
    "e.u.": "European Union",
    "eu": "European Union",
    "european union": "European Union",
    "russian federation": "Russia",
    "kiev": "Kyiv",
    "nato": "NATO",
    "iaea": "International Atomic Energy Agency",
}

# Metonyms: name -> (what it represents, kind, role).
METONYMS = {
    "Kyiv": ("Ukraine", "city", "government"),
    "Moscow": ("Russia", "city", "government"),
    "Kremlin": ("Russia", "organization", "government"),
    "Washington": ("United States", "city", "government"),
    "White House": ("United States", "organization", "government"),
    "Pentagon": ("United States", "organization", "military"),
    "London": ("United Kingdom", "city", "government"),
    "Downing Street": ("United Kingdom", "organization", "government"),
    "Paris": ("France", "city", "government"),
    "Elysee": ("France", "organization", "government"),
    "Berlin": ("Germany", "city", "government"),
    "Beijing": ("China", "city", "government"),
    "Ankara": ("Turkey", "city", "government"),
    "Tehran": ("Iran", "city", "government"),
    "Minsk": ("Belarus", "city", "government"),
    "Warsaw": ("Poland", "city", "government"),
    "Tokyo": ("Japan", "city", "government"),
    "Seoul": ("South Korea", "city", "government"),
    "Pyongyang": ("North Korea", "city", "government"),
    "Jerusalem": ("Israel", "city", "government"),
    "Damascus": ("Syria", "city", "government"),
    "Brussels": ("European Union", "city", "government"),
    "Ottawa": ("Canada", "city", "government"),
    "Rome": ("Italy", "city", "government"),
    "Madrid": ("Spain", "city", "government"),
}

# Demonyms (NORP) -> country they stand for.
DEMONYMS = {
    "russian": "Russia",
    "russians": "Russia",
    "ukrainian": "Ukraine",
    "ukrainians": "Ukraine",
    "american": "United States",
    "americans": "United States",
    "british": "United Kingdom",
    "french": "France",
    "turkish": "Turkey",
    "turks": "Turkey",
    "german": "Germany",
    "germans": "Germany",
    "chinese": "China",
    "iranian": "Iran",
    "iranians": "Iran",
    "israeli": "Israel",
    "israelis": "Israel",
    "belarusian": "Belarus",
    "polish": "Poland",
    "syrian": "Syria",
}

PERSON_PRONOUNS = {"he", "she", "him", "her"}
TITLE_WORDS = re.compile(
    r"\b(president|minister|secretary|spokes(?:man|woman|person)|chancellor|premier|senator|"
    r"governor|general|chief|director|head|leader|ambassador|mayor|commander|chairman|chair|"
    r"candidate|nominee|adviser|advisor|official|representative|rep\.|sen\.|gov\.|gen\.|"
    r"king|queen|prince|pope|judge|attorney|ceo|founder|manager|speaker|envoy|deputy|"
    r"analyst|professor|dr\.|mr\.|mrs\.|ms\.)\b",
    re.I,
)
_POSSESSIVE = {"'s", "’s", "'", "’"}
_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    return _SLUG.sub("-", name.lower()).strip("-") or "actor"


def normalise_name(raw: str) -> str:
    """A variant's normal name: "U.S." -> "United States"; others unchanged."""
    return ALIASES.get(raw.lower(), raw)


@dataclass(slots=True)
class ActorIndex:
    """The actors of one doc and where their mentions lie, for resolution."""

    actors: list[Actor] = field(default_factory=list)
    by_id: dict[str, Actor] = field(default_factory=dict)
    token_actor: dict[int, str] = field(default_factory=dict)
    # Person mentions in order: (token index, actor id, is a subject).
    person_pos: list[int] = field(default_factory=list)
    person_ids: list[str] = field(default_factory=list)
    person_subj_pos: list[int] = field(default_factory=list)
    person_subj_ids: list[str] = field(default_factory=list)

    def actor_at(self, i: int) -> Actor | None:
        aid = self.token_actor.get(i)
        return self.by_id[aid] if aid else None

    def last_person(self, before: int, subject_only: bool = False) -> Actor | None:
        pos, ids = (
            (self.person_subj_pos, self.person_subj_ids)
            if subject_only
            else (self.person_pos, self.person_ids)
        )
        k = bisect_left(pos, before)
        return self.by_id[ids[k - 1]] if k else None

    def person_with_title(self, word: str, before: int) -> Actor | None:
        """The most recent person (before token ``before``) whose title has ``word``."""
        k = bisect_left(self.person_pos, before)
        w = word.lower()
        seen: set[str] = set()
        for j in range(k - 1, -1, -1):
            aid = self.person_ids[j]
            if aid in seen:
                continue
            seen.add(aid)
            if any(w in t.lower() for t in self.by_id[aid].titles):
                return self.by_id[aid]
        return None


def _clean(ent: SpacySpan) -> tuple[int, int] | None:
    """Token bounds of an entity without a leading "the" or a trailing possessive."""
    s, e = ent.start, ent.end
    doc = ent.doc
    while s < e and (doc[s].lower_ in {"the", "a", "an"} or doc[s].is_punct):
        s += 1
    while e > s and (
        doc[e - 1].text in _POSSESSIVE or doc[e - 1].tag_ == "POS" or doc[e - 1].is_punct
    ):
        e -= 1
    if s >= e:
        return None
    text = doc[s:e].text
    if any(ch.isdigit() for ch in text) or not any(ch.isalpha() for ch in text):
        return None
    return s, e


def _title_of(doc: Doc, s: int) -> str | None:
    """The title written before a person's name: "Russia's Defense Minister", "President"."""
    root = doc[s]
    while root.head.i != root.i and root.head.i < s + 6 and root.dep_ in {"compound", "flat"}:
        root = root.head
    left = [
        t for t in root.lefts if t.i < s and t.dep_ in {"compound", "poss", "amod", "nmod", "det"}
    ]
    if not left:
        return None
    start = min(t.left_edge.i for t in left)
    if start >= s:
        return None
    title = doc[start:s].text.strip(" ,")
    if not TITLE_WORDS.search(title):
        return None
    return title


def _appos_title(doc: Doc, e: int) -> str | None:
    """A title in apposition after a name: "Dmitry Peskov, the Kremlin's spokesperson"."""
    head = doc[e - 1]
    for child in head.rights:
        if (
            child.dep_ == "appos"
            and child.pos_ in {"NOUN", "PROPN"}
            and child.ent_type_ != "PERSON"
        ):
            title = doc[child.left_edge.i : child.i + 1].text.strip(" ,")
            if TITLE_WORDS.search(title) and len(title) < 80:
                return title
    return None


def build_actors(doc: Doc) -> ActorIndex:
    """Group the doc's named mentions into actors."""
    text = doc.text
    mentions: list[tuple[int, int, str, str]] = []  # token start, end, label, surface
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        bounds = _clean(ent)
        if bounds is None:
            continue
        s, e = bounds
        surface = doc[s:e].text
        label = ent.label_
        if label == "LOC" and surface.lower() not in {"west", "the west"}:
            continue
        if label == "FAC" and surface not in METONYMS:
            continue
        # A one-word ORG that is part of a title ("Defense" Minister) is no actor.
        if (
            label == "ORG"
            and e - s == 1
            and doc[s].head.i > s
            and TITLE_WORDS.search(doc[s].head.text)
        ):
            continue
        mentions.append((s, e, label, surface))

    # Persons: fullest name per surname, by the most recent full mention before.
    full_names: dict[str, list[tuple[int, str]]] = {}
    for s, e, label, surface in mentions:
        if label == "PERSON" and e - s >= 2:
            full_names.setdefault(doc[e - 1].text, []).append((s, surface))
    index = ActorIndex()
    for s, e, label, surface in mentions:
        name = surface
        kind: str
        represents = role = None
        last = doc[e - 1].text
        if last in full_names and (
            label == "PERSON"
            or (e - s == 1 and surface not in METONYMS and surface.lower() not in ALIASES)
        ):
            cands = full_names[last]
            before = [c for c in cands if c[0] <= s]
            name = (before[-1] if before else cands[0])[1]
            kind = "person"
        elif label == "PERSON":
            kind = "person"
            if surface in METONYMS:
                kind = METONYMS[surface][1]
        else:
            name = normalise_name(surface)
            if label == "NORP":
                kind = "group"
                represents = DEMONYMS.get(name.lower())
            elif label == "GPE":
                kind = "country"
            elif label == "LOC":
                kind = "group"
                name = "the West"
            else:
                kind = "organization"
        if name in METONYMS:
            represents, kind, role = METONYMS[name]
        aid = slug(name)
        actor = index.by_id.get(aid)
        if actor is None:
            actor = Actor(id=aid, name=name, kind=kind, represents=represents, role=role)
            index.by_id[aid] = actor
            index.actors.append(actor)
        actor.mentions.append(Span.of(text, doc[s].idx, doc[e - 1].idx + len(doc[e - 1])))
        for i in range(s, e):
            index.token_actor[i] = aid
        if actor.kind == "person":
            title = _title_of(doc, s) or _appos_title(doc, e)
            if title and title not in actor.titles:
                actor.titles.append(title)
            index.person_pos.append(s)
            index.person_ids.append(aid)
            if doc[e - 1].dep_ in {"nsubj", "nsubjpass"} or doc[e - 1].head.dep_ in {"nsubj"}:
                index.person_subj_pos.append(s)
                index.person_subj_ids.append(aid)
    return index


def is_person_pronoun(tok: Token) -> bool:
    return tok.lower_ in PERSON_PRONOUNS
