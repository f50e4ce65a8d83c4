"""The analyzer: one spaCy pass per article, then stand-off layers from the parse."""

from __future__ import annotations

import bisect
import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from claimwatch.analyze.actors import build_actors
from claimwatch.analyze.attributions import find_attributions
from claimwatch.analyze.content_bounds import cut_at_coordinated_cues
from claimwatch.analyze.cue_trailing import trim_cue
from claimwatch.analyze.evidence import link_evidence
from claimwatch.analyze.merge import merge_attributions
from claimwatch.analyze.nlp import load_nlp
from claimwatch.analyze.one_pass import OnePassTagger
from claimwatch.analyze.quotes import Quotes
from claimwatch.analyze.responses import find_responses
from claimwatch.analyze.source_bounds import complete_source, trim_source
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
    article: Article, doc: Doc, learned: TaggerOutput | None = None
) -> AnalyzedDocument:
    """All layers for one parsed article. ``learned``: the tagger's output, if run."""
    quotes = Quotes(doc.text)
    index = build_actors(doc)
    attributions = find_attributions(doc, quotes)
    if learned is not None:
        attributions = merge_attributions(
            attributions, learned.attributions, cue_prob=learned.cue_prob
        )
    cut_at_coordinated_cues(article.text, quotes, attributions)
    resolver = Resolver(doc, index)
    for att in attributions:
        trim_cue(article.text, att)
        complete_source(doc, att)
        trim_source(article.text, att)
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


@dataclass(slots=True)
class TaggerOutput:
    """The tagger's attributions, and its cue probability for any span of the text."""

    attributions: list[Attribution]
    starts: list[int]
    ends: list[int]
    probs: list[float]

    @classmethod
    def of(cls, tagger: OnePassTagger, text: str) -> TaggerOutput:
        attributions, enc, probs = tagger.tag(text)
        return cls(attributions, enc.starts, enc.ends, probs.tolist())

    def cue_prob(self, span: Span) -> float:
        """The highest cue probability of a wordpiece inside ``span``."""
        k = bisect.bisect_right(self.ends, span.start)
        best = 0.0
        while k < len(self.starts) and self.starts[k] < span.end:
            best = max(best, self.probs[k])
            k += 1
        return best


class Analyzer:
    """Article -> AnalyzedDocument, with one spaCy pipeline (and tagger) loaded once.

    Full mode merges the learned tagger's attributions with the rules'; fast mode
    (``Settings.fast``) runs the rules alone.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._nlp: Language | None = None
        self._tagger: OnePassTagger | None = None
        self._pool: Any = None
        self._pool_size = 0

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_nlp(self.settings.spacy_model)
        return self._nlp

    def learned(self, text: str) -> TaggerOutput | None:
        if self.settings.fast:
            return None
        if self._tagger is None:
            self._tagger = OnePassTagger.load()
        return TaggerOutput.of(self._tagger, text)

    def analyze(self, article: Article) -> AnalyzedDocument:
        return analyze_doc(article, self.nlp(article.text), self.learned(article.text))

    def analyze_many(
        self, articles: Iterable[Article], n_process: int = 1, batch_size: int = 32
    ) -> Iterator[AnalyzedDocument]:
        """Analyze a stream of articles; results come in input order.

        With ``n_process > 1`` whole articles go to worker processes, each with its
        own pipeline and tagger, so the learned model scales with the parse.
        """
        if n_process > 1:
            yield from self._analyze_in_workers(articles, n_process, batch_size)
            return
        pairs = self.nlp.pipe(
            ((a.text, a) for a in articles), as_tuples=True, batch_size=batch_size
        )
        for doc, article in pairs:
            yield analyze_doc(article, doc, self.learned(article.text))

    def _analyze_in_workers(
        self, articles: Iterable[Article], n_process: int, batch_size: int
    ) -> Iterator[AnalyzedDocument]:
        if self._pool is None or self._pool_size != n_process:
            self.close()
            # Spawned, not forked: onnxruntime and spaCy thread pools do not survive a fork.
            context = multiprocessing.get_context("spawn")
            self._pool = context.Pool(
                n_process, initializer=_init_worker, initargs=(self.settings,)
            )
            self._pool_size = n_process
        yield from self._pool.imap(_analyze_in_worker, articles, chunksize=max(1, batch_size // 8))

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> Analyzer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_worker: Analyzer | None = None


def _init_worker(settings: Settings) -> None:
    global _worker
    _worker = Analyzer(settings)


def _analyze_in_worker(article: Article) -> AnalyzedDocument:
    assert _worker is not None
    return _worker.analyze(article)
