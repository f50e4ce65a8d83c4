"""Plain-text cleaning: find the lines of a scrape that are page furniture, not article.

Nothing in the text is changed: a line is either kept as it is or removed whole,
and every removed line is reported as a ``RemovedLine`` with offsets into the
*input* and a reason. The contract (EVALUATION.md section 1) is::

    article_text == "\\n".join(l for i, l in enumerate(text.split("\\n")) if i not in removed)

Blank lines are never removed. Three passes, each with its own reasons:

1. **Furniture patterns**, line by line: advertisement markers, correction and
   comment widgets, share buttons, bare (image) URLs, photo credits and gallery
   controls, newsletter and cookie notices, copyright lines, navigation words.
2. **Teasers and duplicates**, with context: a "related content" marker ("Other
   Topics of Interest", "Read more", "Related stories" ...) takes with it the
   headline-like lines around it, a headline repeated verbatim after it, and the
   lead paragraph that follows such a repeated headline. A short headline-like
   line that appears twice in the page is furniture both times.
3. **The main body of a full page** (a flattened web page has menus, link lists
   and footers around the article): every non-blank line gets a score, positive
   for prose (long, ends as a sentence ends, many function words) and negative
   for the short lines of menus and link lists; the body is the run of lines
   with the highest total score (a maximum-sum segment). Lines before it are
   ``navigation``, lines after it ``footer``. A text with no prose at all (one
   headline, a list) is left alone by this pass.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from claimwatch.records import RemovedLine

#: Every reason a line can be removed for.
REASONS = frozenset(
    {
        "advertisement",
        "teaser",
        "correction_widget",
        "comment_widget",
        "image_url",
        "link",
        "share_widget",
        "navigation",
        "caption",
        "subscription",
        "cookie_notice",
        "footer",
        "duplicate",
        "dateline",
        "byline",
    }
)

_WORD = re.compile(r"\w+")
# A line that ends like a sentence (closing quotes and brackets allowed).
_SENTENCE_END = re.compile(r"[.!?…:;。！？：；][\"'”’)\]」』）]*\s*$|[\"”’」』]\s*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _rx(*alternatives: str) -> re.Pattern[str]:
    """A case-insensitive pattern that must match the whole (stripped) line."""
    return re.compile(r"^(?:" + "|".join(alternatives) + r")$", re.IGNORECASE)


# Pass 1: (reason, whole-line pattern). Order matters only for the reason given.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "advertisement",
        _rx(
            r"advertisements?",
            r"advert(?:isement)?\s*[-:]?\s*(?:scroll|continue)\b.*",
            r"ad(?:vertisement)?\s*\(?\d*\)?",
            r"sponsored(?: content| links?| stories)?",
            r"(?:story|article|content) continues below(?: (?:this )?advertisement)?",
            r"continue reading (?:the main story|below)",
            r"paid (?:content|post|partner content)",
            r"promoted(?: stories| content)?",
            r"(?:supported|presented) by",
        ),
    ),
    (
        "correction_widget",
        _rx(
            r"to suggest a correction\b.*",
            r"you can also highlight the text and press ctrl\s*\+\s*enter\.?",
            r"(?:found|spotted|see) (?:a|an) (?:typo|error|mistake)\b.*",
            r"report (?:a|an) (?:typo|error|correction)\b.*",
            r"(?:select|highlight) (?:the )?text and press ctrl\s*\+\s*enter.*",
        ),
    ),
    (
        "comment_widget",
        _rx(
            r"comments?\s*(?:\(\d+\)|\d+)?",
            r"\d+\s+comments?",
            r"(?:view|show|hide|read|load|see)(?: all| more)? comments?(?: \(\d+\))?",
            r"write the first comment\b.*",
            r"be the first to comment\b.*",
            r"(?:leave|post|add|write) a (?:comment|reply)\b.*",
            r"join the (?:conversation|discussion|debate)\b.*",
            r"comments (?:are|have been) closed\.?",
            r"(?:sign|log) in to comment\.?",
            r"conversation(?:\s*\(\d+\))?",
            r"\d+\s+(?:responses?|comments?|replies|reactions|thoughts) (?:to|on)\b.*",
            r"[^\s].{0,60}\s(?:says|said|wrote|writes):",
            r"(?:reply|report(?: abuse)?|flag|like|\d+\s+(?:likes?|replies|points))",
        ),
    ),
    (
        "share_widget",
        _rx(
            r"(?:(?:share|tweet|email|e-mail|print|facebook|twitter|linkedin|whatsapp|pinterest"
            r"|reddit|flipboard|messenger|telegram|copy(?: the)? link|save|bookmark|comment"
            r"|share (?:this|on|via) \w+|share (?:this )?(?:article|story|page|post)|x)"
            r"[\s|,·•/:]*){1,12}",
            r"click to (?:share|email|print|tweet)\b.*",
        ),
    ),
    (
        "dateline",
        _rx(
            r"(?:updated|published|posted|first published|last updated|created|modified)"
            r"(?: on| at)?\s*:?\s*.{0,60}\d.{0,40}",
            r"\d+\s*(?:s|m|h|d|w|sec|secs|min|mins|minutes?|hrs?|hours?|days?|weeks?|months?"
            r"|years?)\s+ago",
            r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?"
            r"(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
            r"\s*(?:\d{1,2},?\s*)?\d{4}(?:,?\s*(?:at\s*)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?"
            r"(?:\s*[a-z]{2,4})?)?.{0,30}",
            r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?",
        ),
    ),
    (
        "byline",
        _rx(r"by\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*(?:,|and|&)\s*.{0,60})?"),
    ),
    (
        "image_url",
        _rx(r"(?:https?:)?//\S+\.(?:png|jpe?g|gif|webp|svg|avif|bmp)(?:[?#]\S*)?"),
    ),
    ("link", _rx(r"(?:https?://|www\.)\S+")),
    (
        "caption",
        _rx(
            r"(?:photo|image|picture|video|illustration|graphic|credit|source|photograph)s?"
            r"(?: credit)?\s*[:/|©].{0,80}",
            r"(?:image|photo|slide|picture)\s*\d+\s*(?:of|/)\s*\d*",
            r"\d+\s*(?:/|of)\s*\d+",
            r"(?:back to|view|open|close|launch|expand|exit|enlarge)\s*(?:the\s*)?"
            r"(?:gallery|slideshow|image|photo|full ?screen)?",
            r"caption|hide caption|toggle caption|enlarge this image|close|fullscreen",
            r".{0,80}\((?:getty images|reuters|ap|afp|shutterstock|epa)\)",
            r".{0,60}/(?:getty images|reuters|ap|afp|shutterstock|epa(?:-efe)?)",
        ),
    ),
    (
        "subscription",
        _rx(
            r".{0,80}\b(?:sign up|subscribe)\b.{0,80}",
            r".{0,60}\bnewsletters?\b.{0,60}",
            r"already (?:a subscriber|have an account)\b.*",
            r"(?:log|sign) ?in|(?:log|sign) ?out|register|my account",
        ),
    ),
    (
        "cookie_notice",
        re.compile(
            r"^(?=.*\bcookies?\b)(?=.*\b(?:use|uses|using|accept|consent|agree|policy|settings)\b).*$",
            re.IGNORECASE,
        ),
    ),
    (
        "footer",
        _rx(
            r".{0,120}(?:©|\(c\) ?\d{4}|\bcopyright\b|all rights reserved).{0,200}",
            r"(?:terms (?:of (?:use|service)|and conditions)|privacy (?:policy|notice|settings)"
            r"|about us|contact us|careers|advertise(?: with us)?|site ?map|accessibility"
            r"|help|faqs?|rss|ad ?choices|do not sell my (?:personal )?info(?:rmation)?)",
        ),
    ),
    (
        "navigation",
        _rx(
            r"skip to (?:main )?(?:content|navigation|search)",
            r"(?:main )?menu|navigation|search|home(?:page)?|back to top|return to top|top",
            r"(?:more|see all|view all|show more|load more)(?: (?:stories|news|articles))?",
            r"next(?: (?:article|story|post))?|previous(?: (?:article|story|post))?",
        ),
    ),
)

# A marker that introduces links to other articles.
_TEASER_MARKER = _rx(
    r"other topics of interest",
    r"related(?: (?:articles?|stories|story|content|coverage|news|topics|posts|reading|links))?\s*:?",
    r"(?:related|more) (?:articles?|stories|coverage|reading|links) (?:from|on|about|in)\b.{0,60}",
    r"read (?:more|also|next)(?:\s*[:|].*)?",
    r"(?:see|read) also\s*:?.*",
    r"more (?:from|on|about|in|stories|news|articles)\b.{0,60}",
    r"you (?:may|might) (?:also )?(?:like|be interested in|have missed)\b.*",
    r"(?:recommended|suggested)(?: for you| stories| articles| reading)?\s*:?",
    r"(?:most|top) (?:popular|read|viewed|shared|commented|emailed)(?: stories| articles)?.*",
    r"trending(?: now| stories)?\s*:?",
    r"editor'?s? (?:picks|choice)",
    r"(?:what|more) to read next",
    r"top stories|latest(?: news| stories)?|don'?t miss",
    r"(?:also|further) read(?:ing)?\s*:?.*",
)


@dataclass(frozen=True, slots=True)
class _Line:
    index: int
    start: int
    text: str
    words: int
    prose: bool

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@lru_cache(maxsize=1)
def _stoplists() -> dict[str, frozenset[str]]:
    """jusText's stopword lists, by language (jusText comes with trafilatura)."""
    try:
        import justext
    except ImportError:  # pragma: no cover - justext is a dependency of trafilatura
        return {}
    return {
        lang: frozenset(w.lower() for w in justext.get_stoplist(lang))
        for lang in sorted(justext.get_stoplists())
    }


def _page_stoplist(text: str) -> frozenset[str] | None:
    """The stoplist of the page's language: the one that covers most of its words.

    None when no list covers a tenth of the words (CJK text, or no stoplists):
    then prose is told by length and punctuation alone.
    """
    words = [w.lower() for w in _WORD.findall(text)][:5000]
    if not words:
        return None
    best, best_cover = None, 0.1
    for stop in _stoplists().values():
        cover = sum(w in stop for w in words) / len(words)
        if cover > best_cover:
            best, best_cover = stop, cover
    return best


def _stopword_ratio(text: str, stop: frozenset[str]) -> float:
    words = _WORD.findall(text.lower())
    return sum(w in stop for w in words) / len(words) if words else 0.0


def _size(text: str) -> int:
    """Length in words; a CJK character counts as half a word (they are not space-separated)."""
    words = len(_WORD.findall(text))
    cjk = len(_CJK.findall(text))
    return max(words, cjk // 2) if cjk else words


def _is_prose(text: str, words: int, stop: frozenset[str] | None) -> bool:
    """A line that reads like a paragraph of an article."""
    if words >= 8 and _SENTENCE_END.search(text):
        return stop is None or _stopword_ratio(text, stop) >= 0.2
    return False


def _headline_like(line: _Line) -> bool:
    """A short line that does not end as a sentence ends: a title, a link, a heading."""
    return 0 < line.words <= 20 and not _SENTENCE_END.search(line.text)


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    stop = _page_stoplist(text)
    for i, raw in enumerate(text.split("\n")):
        words = _size(raw)
        out.append(_Line(i, pos, raw, words, _is_prose(raw.strip(), words, stop)))
        pos += len(raw) + 1
    return out


def _pattern_reason(text: str) -> str | None:
    stripped = text.strip().strip("•·|>»«-–—*").strip()
    if not stripped:
        return None
    for reason, pattern in _PATTERNS:
        if pattern.match(stripped):
            return reason
    return None


def _next_nonblank(lines: list[_Line], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(lines):
        if not lines[j].blank:
            return j
        j += step
    return None


def _teasers(lines: list[_Line], removed: dict[int, str]) -> None:
    """Pass 2: a related-content marker and the teaser around it; repeated headlines."""
    for line in lines:
        if line.blank or line.index in removed:
            continue
        if not _TEASER_MARKER.match(line.text.strip()):
            continue
        removed[line.index] = "teaser"
        headlines: set[str] = set()
        # The teaser's headline may stand just before the marker.
        j = _next_nonblank(lines, line.index, -1)
        if j is not None and _headline_like(lines[j]) and j not in removed:
            removed[j] = "teaser"
            headlines.add(lines[j].text.strip())
        # After it: headline-like lines; a headline seen twice brings its lead paragraph.
        j = _next_nonblank(lines, line.index, 1)
        while j is not None and j not in removed and _headline_like(lines[j]):
            removed[j] = "teaser"
            key = lines[j].text.strip()
            repeated = key in headlines
            headlines.add(key)
            nxt = _next_nonblank(lines, j, 1)
            if repeated and nxt is not None and lines[nxt].prose and nxt not in removed:
                removed[nxt] = "teaser"
                break
            j = nxt

    # A short headline-like line that appears twice: a repeated title or teaser.
    counts = Counter(ln.text.strip() for ln in lines if _headline_like(ln) and ln.words >= 3)
    for line in lines:
        if line.index not in removed and _headline_like(line) and line.words >= 3:
            if counts[line.text.strip()] > 1:
                removed[line.index] = "duplicate"


# Pass 3 weights: a prose line earns its word count; any other line costs.
_SHORT_COST = 4.0
_LONG_NON_PROSE_FACTOR = 0.25


# Lines that open a section which is not the article: the body rarely runs across them.
_BARRIER_REASONS = frozenset({"teaser", "comment_widget", "share_widget", "dateline"})
_BARRIER_COST = 20.0


def _line_score(line: _Line, removed: dict[int, str]) -> float:
    if line.blank:
        return 0.0
    if line.index in removed:
        return -_BARRIER_COST if removed[line.index] in _BARRIER_REASONS else -1.0
    if line.prose:
        return float(line.words)
    if line.words >= 30 or (line.words >= 8 and _SENTENCE_END.search(line.text)):
        # Long, or sentence-like but few function words (scores, lists): weak evidence.
        return _LONG_NON_PROSE_FACTOR * line.words
    return -_SHORT_COST


# A lone paragraph between two headline-like lines is the blurb of a teaser list
# ("headline / blurb / headline / blurb"): it earns only this share of its words.
_BLURB_FACTOR = 0.2


def _scores(lines: list[_Line], removed: dict[int, str]) -> list[float]:
    nonblank = [ln for ln in lines if not ln.blank]
    scores = {ln.index: _line_score(ln, removed) for ln in nonblank}
    for k in range(1, len(nonblank) - 1):
        before, line, after = nonblank[k - 1], nonblank[k], nonblank[k + 1]
        if line.prose and not before.prose and not after.prose and scores[line.index] > 0:
            if (
                _headline_like(before)
                and _headline_like(after)
                and before.index not in removed
                and after.index not in removed
            ):
                scores[line.index] *= _BLURB_FACTOR
    return [scores.get(ln.index, 0.0) for ln in lines]


def _main_body(lines: list[_Line], removed: dict[int, str]) -> tuple[int, int] | None:
    """The maximum-sum run of lines (inclusive bounds), or None if no line scores above 0."""
    best, best_span = 0.0, None
    cur, cur_start = 0.0, 0
    for line, s in zip(lines, _scores(lines, removed), strict=True):
        if cur <= 0:
            cur, cur_start = s, line.index
        else:
            cur += s
        if cur > best:
            best, best_span = cur, (cur_start, line.index)
    return best_span


def find_furniture(text: str) -> list[RemovedLine]:
    """Every furniture line of ``text``, in input order, with offsets into ``text``."""
    lines = _lines(text)
    removed: dict[int, str] = {}
    for line in lines:
        reason = _pattern_reason(line.text)
        if reason is not None:
            removed[line.index] = reason
    _teasers(lines, removed)
    body = _main_body(lines, removed)
    if body is not None:
        first, last = body
        for line in lines:
            if line.blank or line.index in removed:
                continue
            if line.index < first:
                removed[line.index] = "navigation"
            elif line.index > last:
                removed[line.index] = "footer"
    return [
        RemovedLine(ln.index, ln.start, ln.end, ln.text, removed[ln.index])
        for ln in lines
        if ln.index in removed
    ]


def clean_text(text: str) -> tuple[str, list[RemovedLine]]:
    """The article text (input minus furniture lines, nothing else changed) and the removals."""
    removed = find_furniture(text)
    gone = {r.line for r in removed}
    kept = "\n".join(ln for i, ln in enumerate(text.split("\n")) if i not in gone)
    return kept, removed
