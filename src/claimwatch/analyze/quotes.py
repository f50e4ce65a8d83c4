"""Quotation regions of a text: where a quote opens and closes, marks included.

Curly quotes pair up; straight double quotes (and ``''`` pairs) toggle; a closing
mark of the other kind closes an open quote (“A," and "A,” are common typos). A
quote left open at the end of a paragraph runs to that paragraph's end (the
newspaper convention for a quotation that goes on in the next paragraph).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from claimwatch.records import AttributionType, Span

OPEN = "“"
CLOSE = "”"
STRAIGHT = '"'


class Quotes:
    """Sorted, non-overlapping quote regions ``[start, end)`` over one text."""

    def __init__(self, text: str) -> None:
        regions: list[tuple[int, int]] = []
        start: int | None = None
        straight = False
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            width = 1
            if ch == "'" and i + 1 < n and text[i + 1] == "'":
                ch, width = STRAIGHT, 2  # '' as a double quote (NYT style)
            elif ch == "`" and i + 1 < n and text[i + 1] == "`":
                ch, width = OPEN, 2
            if ch == "\n":
                if start is not None:
                    regions.append((start, i))
                start, straight = None, False
            elif ch == OPEN and start is None:
                start, straight = i, False
            elif ch == CLOSE and start is not None:
                # A closing curly mark closes a straight opening one too ("A,” he said).
                regions.append((start, i + width))
                start = None
            elif ch == STRAIGHT:
                if start is None:
                    start, straight = i, True
                elif straight or (i > 0 and not text[i - 1].isspace()):
                    # A straight mark right after a word closes a curly opening (“A," ...).
                    regions.append((start, i + width))
                    start, straight = None, False
            i += width
        if start is not None:
            regions.append((start, len(text)))
        self.regions = regions
        self._starts = [r[0] for r in regions]

    def at(self, pos: int) -> tuple[int, int] | None:
        """The region that holds character ``pos``, if any."""
        k = bisect_right(self._starts, pos) - 1
        if k >= 0 and self.regions[k][0] <= pos < self.regions[k][1]:
            return self.regions[k]
        return None

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """Regions that overlap ``[start, end)``."""
        k = max(bisect_right(self._starts, start) - 1, 0)
        out = []
        while k < len(self.regions) and self.regions[k][0] < end:
            if self.regions[k][1] > start:
                out.append(self.regions[k])
            k += 1
        return out

    def kind(self, text: str, content: Sequence[Span]) -> AttributionType:
        """ "direct" when every letter and digit of the content is quoted, "mixed" when
        some are, "indirect" when none are."""
        quoted = total = 0
        for c in content:
            for i in range(c.start, c.end):
                if text[i].isalnum():
                    total += 1
                    quoted += self.at(i) is not None
        if quoted == 0:
            return "indirect"
        return "direct" if quoted == total else "mixed"
