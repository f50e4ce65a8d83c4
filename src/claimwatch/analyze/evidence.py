"""What the article says of a claim's evidence: "Shoigu did not provide any evidence".

The statement's subject is resolved like a source; its status is linked to the
claims (allege, claim, accuse, ...) of that speaker.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimwatch.analyze.constructions import subject_of
from claimwatch.analyze.quotes import Quotes
from claimwatch.analyze.speakers import Resolver
from claimwatch.records import Attribution, Evidence, EvidenceStatus, Span

EVIDENCE_NOUNS = frozenset("evidence proof".split())
GIVE_VERBS = frozenset(
    "provide offer present give show produce cite share furnish supply back".split()
)
CLAIM_CUES = frozenset("allege claim accuse charge assert insist say warn".split())


def _statement(
    doc: Doc, noun: Token, quotes: Quotes
) -> tuple[EvidenceStatus, Token, Token, int] | None:
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in GIVE_VERBS:
        return None
    negated = any(c.dep_ == "neg" for c in verb.children) or any(
        c.lower_ in {"no", "little"} and c.dep_ in {"det", "amod"} for c in noun.children
    )
    subj = subject_of(verb, quotes)
    if subj is None or quotes.at(noun.idx):
        return None
    end = noun.right_edge.i
    for c in verb.rights:
        if c.dep_ == "prep" and c.lower_ in {"for", "of", "to"} and c.i == end + 1:
            end = c.right_edge.i
    return ("none" if negated else "stated"), subj, verb, end


def link_evidence(
    doc: Doc, quotes: Quotes, resolver: Resolver, attributions: list[Attribution]
) -> None:
    """Attach stated evidence status to the speaker's claims."""
    text = doc.text
    for noun in doc:
        if noun.lemma_.lower() not in EVIDENCE_NOUNS:
            continue
        found = _statement(doc, noun, quotes)
        if found is None:
            continue
        status, subj, verb, end = found
        start = min(subj.left_edge.i, verb.i)
        stated = Span.of(text, doc[start].idx, doc[end].idx + len(doc[end].text))
        who = resolver.speaker(Span.of(text, subj.left_edge.idx, subj.idx + len(subj.text)))
        if who is None:
            continue
        for att in attributions:
            if att.speaker is None or att.speaker.name != who.name:
                continue
            cue_tok = doc.char_span(att.cue.start, att.cue.end, alignment_mode="expand")
            if cue_tok is None or cue_tok.root.lemma_.lower() not in CLAIM_CUES:
                continue
            if att.evidence is None:
                att.evidence = Evidence(status=status)
            elif att.evidence.status != status:
                att.evidence.status = "none" if "none" in (status, att.evidence.status) else status
            if stated not in att.evidence.stated_by:
                att.evidence.stated_by.append(stated)
