"""A source's bounds: completed where cut to its article ("the" -> "the Institute for
the Study of War"), trimmed of a discourse adverbial ("..., for example").

The tagger sometimes ends a source on its first word when the noun phrase also
sources a neighbouring attribution ("Commenting on ..., the Institute for the
Study of War believes ..."). An article alone never names anyone, so such a
source is completed to its noun: the head, and the prepositional phrases and
compounds after it, short of a comma, a relative clause or the cue. A trailing
", for example" or ", however" belongs to the sentence, not to the source
(PolNeAR train and dev: no gold source ends so).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from claimwatch.records import Attribution, Span

_TRAILING_ADVERBIAL = re.compile(
    r"\s*,\s*(?:for example|for instance|however|though|too|in turn|meanwhile)\W*$", re.I
)
ARTICLES = frozenset({"the", "a", "an"})
# Right-hand dependents that belong to a source's noun phrase ("for the Study of War").
NOUN_PHRASE_RIGHT = frozenset({"prep", "pobj", "compound", "nummod", "amod", "det", "poss", "case"})


def complete_source(doc: Doc, att: Attribution) -> None:
    """Replace a source that is a lone article with its noun phrase, where the parse
    gives one that runs into neither the cue nor the content."""
    src = att.source
    if src is None or src.text.lower() not in ARTICLES:
        return
    tokens = doc.char_span(src.start, src.end)
    if tokens is None or len(tokens) != 1:
        return
    det = tokens[0]
    head = det.head
    if det.dep_ != "det" or head.i <= det.i or head.pos_ not in {"NOUN", "PROPN"}:
        return
    last = head.i
    for child in head.rights:
        if child.dep_ not in NOUN_PHRASE_RIGHT or any(
            t.is_punct or t.dep_ in {"relcl", "acl", "appos"} for t in child.subtree
        ):
            break
        last = child.right_edge.i
    start, end = det.idx, doc[last].idx + len(doc[last])
    taken = [att.cue, *att.content]
    if any(s.start < end and start < s.end for s in taken):
        return
    att.source = Span.of(doc.text, start, end)


def trim_source(text: str, att: Attribution) -> None:
    """Cut a trailing discourse adverbial from the source ("Dannatt, for example")."""
    src = att.source
    if src is None:
        return
    m = _TRAILING_ADVERBIAL.search(src.text)
    if m is not None and m.start() > 0:
        att.source = Span.of(text, src.start, src.start + m.start())
