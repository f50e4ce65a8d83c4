"""The analyzer: one spaCy pass per article, then stand-off layers from the parse."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claimwatch.analyze.actors import build_actors
from claimwatch.analyze.attributions import find_attributions
from claimwatch.analyze.evidence import link_evidence
from claimwatch.analyze.nlp import load_nlp
from claimwatch.analyze.quotes import Quotes
from claimwatch.analyze.responses import find_responses
from claimwatch.analyze.speakers import Resolver
from claimwatch.records import AnalyzedDocument, Article, Attribution, Span
from claimwatch.settings import Settings


def sentences(doc: Doc) -> list[Span]:
    """Sentence spans without surrounding whitespace (blank-line-only sentences dropped)."""
    text = doc.text
    out = []
    for s in doc.sents:
        start, end = s.start_char, s.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(Span.of(text, start, end))
    return out


def analyze_doc(
    article: Article, doc: Doc, extra: list[Attribution] | None = None
) -> AnalyzedDocument:
    """All layers for one parsed article. ``extra``: candidates from another finder."""
    quotes = Quotes(doc.text)
    index = build_actors(doc)
    attributions = find_attributions(doc, quotes)
    if extra:
        attributions = sorted(attributions + extra, key=lambda a: a.cue.start)
        for n, a in enumerate(attributions, 1):
            a.id = f"a{n}"
    resolver = Resolver(doc, index)
    for att in attributions:
        if att.source is not None and att.speaker is None:
            att.speaker = resolver.speaker(att.source)
        if att.addressee_span is not None and not att.addressees:
            att.addressees = resolver.addressees(att.addressee_span)
    link_evidence(doc, quotes, resolver, attributions)
    return AnalyzedDocument(
        article=article,
        sentences=sentences(doc),
        actors=index.actors,
        attributions=attributions,
        responses=find_responses(doc, attributions),
    )


class Analyzer:
    """Article -> AnalyzedDocument, with one spaCy pipeline loaded once."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_nlp(self.settings.spacy_model)
        return self._nlp

    def analyze(self, article: Article) -> AnalyzedDocument:
        return analyze_doc(article, self.nlp(article.text))

    def analyze_many(
        self, articles: Iterable[Article], n_process: int = 1, batch_size: int = 32
    ) -> Iterator[AnalyzedDocument]:
        """Analyze in one ``nlp.pipe`` pass; results come in input order."""
        pairs = self.nlp.pipe(
            ((a.text, a) for a in articles),
            as_tuples=True,
            n_process=n_process,
            batch_size=batch_size,
        )
        for doc, article in pairs:
            yield analyze_doc(article, doc)
