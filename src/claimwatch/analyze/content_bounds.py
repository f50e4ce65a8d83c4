"""End a content where a coordinated attribution of its own begins.

"Machado promised to continue supporting Clinton and said she would stand up to
the attacks": the content of "promised" stops before "and said", whose own
attribution follows. PolNeAR never runs a content across "and" (or "but") into
another attribution's cue: no such content among the 22.5k of PolNeAR train.
Inside a quotation the words are the speaker's own and stay whole ("“If Russia
calls and says that ...,” he said").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from claimwatch.analyze.quotes import Quotes
from claimwatch.records import Attribution, Span

# The coordinator (and an adverb) in the 24 characters before a cue.
_COORDINATED = re.compile(r",?\s+(?:and|but)\s+(?:also\s+|then\s+|later\s+)?$")
_LOOK_BACK = 24


def cut_at_coordinated_cues(text: str, quotes: Quotes, attributions: Sequence[Attribution]) -> None:
    """Cut each content piece before ", and <cue>" of another attribution inside it
    (a piece left empty is dropped; a content is never left with no piece)."""
    cue_starts = sorted({a.cue.start for a in attributions})
    for att in attributions:
        pieces: list[Span] = []
        for piece in att.content:
            end = piece.end
            k = bisect_right(cue_starts, piece.start)
            for cue_start in cue_starts[k : bisect_left(cue_starts, end)]:
                if cue_start == att.cue.start:
                    continue
                window_start = max(piece.start, cue_start - _LOOK_BACK)
                m = _COORDINATED.search(text, window_start, cue_start)
                if m is not None and m.start() > piece.start:
                    if quotes.at(m.start()) is None:
                        end = m.start()
                    break
            if end < piece.end:
                piece = Span.of(text, piece.start, end)
            if piece.text.strip():
                pieces.append(piece)
        if pieces and pieces != att.content:
            att.content = pieces
            att.type = quotes.kind(text, pieces)
