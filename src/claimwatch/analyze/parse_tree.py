"""Small readers of spaCy's dependency parse shared by the attribution rules."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

_EDGE_PUNCT = set(".,;:!?—–-()[]")


def child(tok: Token, *deps: str) -> Token | None:
    """The first child of ``tok`` with one of the dependency labels ``deps``."""
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def is_passive(v: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in v.children)


def char_ranges(doc: Doc, idxs: Iterable[int]) -> list[tuple[int, int]]:
    """Contiguous runs of tokens as character ranges, trimmed of edge punctuation and
    spaces; a run goes on across whitespace tokens."""
    runs: list[list[int]] = []
    for i in sorted(set(idxs)):
        if runs and (
            i == runs[-1][-1] + 1 or all(doc[j].is_space for j in range(runs[-1][-1] + 1, i))
        ):
            runs[-1].append(i)
        else:
            runs.append([i])
    out = []
    for run in runs:
        toks = [doc[i] for i in run]
        while toks and (toks[0].is_space or (toks[0].text in _EDGE_PUNCT)):
            toks.pop(0)
        while toks and (toks[-1].is_space or (toks[-1].text in _EDGE_PUNCT)):
            toks.pop()
        if not toks:
            continue
        out.append((toks[0].idx, toks[-1].idx + len(toks[-1].text)))
    return out
