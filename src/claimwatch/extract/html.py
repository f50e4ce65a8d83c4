"""HTML extraction: trafilatura for the article text, with its metadata.

The cascade, in one place (measured on ../shared/extraction-bench, see
benchmarks/extraction.py):

1. trafilatura with ``favor_precision=True`` and no comments: the precise
   extractor, F1 0.975 on the benchmark half we have.
2. If it returns fewer than ``MIN_WORDS`` words, trafilatura again with its
   default balance, then with ``favor_recall=True``; the longest of the tries
   wins. A short page (a brief, a live blog entry) is then kept as it is.
3. Fewer than ``MIN_ARTICLE_WORDS`` words even then (a menu, a lone label):
   ``NoArticle``.

Metadata comes from the same trafilatura call: it reads ``<meta>`` tags and
JSON-LD (``NewsArticle`` headline, author, publisher name), and dates the page
with htmldate (publication date, not last modification).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from claimwatch.errors import NoArticle

MIN_WORDS = 40
# Below this, what was found is a stray link or label, not an article.
MIN_ARTICLE_WORDS = 10
_WORD = re.compile(r"\w+")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(slots=True)
class HtmlResult:
    text: str
    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    url: str | None = None
    language: str | None = None


_TRIES: tuple[dict[str, Any], ...] = (
    {"favor_precision": True},
    {},
    {"favor_recall": True},
)


def _run(html: str, options: dict[str, Any]) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        **options,
    )


# A job title that bylines put where a name goes ("Tom Krisher; AP Auto Writer").
_ROLE = re.compile(
    r"\b(?:writer|staff|correspondent|editor|reporter|contributor|columnist|bureau|desk)s?$",
    re.IGNORECASE,
)


def _authors(value: str | None) -> list[str]:
    if not value:
        return []
    out: list[str] = []
    for name in re.split(r"\s*;\s*", value):
        name = name.strip()
        if name and not _ROLE.search(name) and name not in out:
            out.append(name)
    return out


def extract_html(html: str, *, label: str | None = None) -> HtmlResult:
    """The article text and metadata of one HTML page; ``NoArticle`` if it has none."""
    best = None
    best_words = 0
    for options in _TRIES:
        try:
            doc = _run(html, options)
        except Exception as exc:  # trafilatura raises bare ValueError/lxml errors on junk
            raise NoArticle(f"the HTML could not be parsed: {exc}", input_label=label) from exc
        text = (doc.text or "") if doc is not None else ""
        words = len(_WORD.findall(text))
        if words > best_words:
            best, best_words = doc, words
        if best_words >= MIN_WORDS:
            break
    if best is None or best_words < MIN_ARTICLE_WORDS:
        raise NoArticle(
            f"no article in the HTML page: the main content holds {best_words} word(s), "
            f"fewer than {MIN_ARTICLE_WORDS}",
            input_label=label,
        )
    date = best.date if best.date and _ISO_DATE.match(best.date) else None
    return HtmlResult(
        text=best.text.strip(),
        title=best.title or None,
        published=date[:10] if date else None,
        authors=_authors(best.author),
        outlet=best.sitename or best.hostname or None,
        url=best.url or None,
        language=best.language or None,
    )
