"""The pipeline: ingest -> extract -> analyze -> store, one way, for a batch of inputs.

Not a stage itself: it only composes the stages' public entry points. A bad input
never stops a batch: its error is recorded as a ``Failure`` and the batch goes on.
"""

from __future__ import annotations

import dataclasses
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from claimwatch.errors import ClaimwatchError
from claimwatch.records import AnalyzedDocument, Article, RawDocument, SourceMeta
from claimwatch.settings import Settings


@dataclass(frozen=True, slots=True)
class Failure:
    """One input that did not make it through, and the one line that says why."""

    label: str
    message: str


@dataclass(slots=True)
class BatchResult:
    analyzed: int = 0
    stored_new: int = 0
    stored_existing: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def _failure(label: str, exc: BaseException) -> Failure:
    if isinstance(exc, ClaimwatchError):
        return Failure(label, exc.line() if exc.input_label else f"{label}: {exc.line()}")
    # An unexpected error is still one line per input; the traceback goes to debug output.
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" (at {last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno})" if last else ""
    return Failure(label, f"{label}: [CW999] unexpected {type(exc).__name__}: {exc}{where}")


def extracted_articles(
    raws: Iterable[RawDocument | object], failures: list[Failure]
) -> Iterator[Article]:
    """Extract each raw document; failures (from ingest or extract) go to ``failures``."""
    from claimwatch.extract import extract
    from claimwatch.ingest import InputFailure

    for item in raws:
        if isinstance(item, InputFailure):
            failures.append(_failure(item.label, item.error))
            continue
        assert isinstance(item, RawDocument)
        try:
            yield extract(item)
        except Exception as exc:  # noqa: BLE001 - one bad input must not stop the batch
            failures.append(_failure(item.ref.label, exc))


def with_defaults(
    raws: Iterable[RawDocument | object], defaults: SourceMeta
) -> Iterator[RawDocument | object]:
    """Fill metadata the input itself lacks (a plain-text file has no outlet) from the user's."""
    for item in raws:
        if isinstance(item, RawDocument):
            meta = item.meta
            item = dataclasses.replace(
                item,
                meta=dataclasses.replace(
                    meta,
                    title=meta.title or defaults.title,
                    published=meta.published or defaults.published,
                    outlet=meta.outlet or defaults.outlet,
                    authors=meta.authors or defaults.authors,
                ),
            )
        yield item


def run(
    specs: Sequence[str],
    settings: Settings,
    *,
    defaults: SourceMeta | None = None,
    store: object | None = None,
    on_document: Callable[[AnalyzedDocument], None] | None = None,
    stdin: BinaryIO | None = None,
    analyzer: object | None = None,
) -> BatchResult:
    """Analyze every input named by ``specs``; store and hand each result on as it comes."""
    from claimwatch.analyze import Analyzer
    from claimwatch.ingest import iter_inputs

    result = BatchResult()
    raws = iter_inputs(specs, settings, stdin=stdin)
    if defaults is not None:
        raws = with_defaults(raws, defaults)
    articles = extracted_articles(raws, result.failures)
    engine = analyzer if analyzer is not None else Analyzer(settings)
    docs = engine.analyze_many(  # type: ignore[attr-defined]
        articles, n_process=settings.n_process, batch_size=settings.batch_size
    )
    try:
        for doc in docs:
            result.analyzed += 1
            if store is not None:
                try:
                    if store.save(doc):  # type: ignore[attr-defined]
                        result.stored_new += 1
                    else:
                        result.stored_existing += 1
                except ClaimwatchError as exc:
                    result.failures.append(_failure(doc.article.input.label, exc))
            if on_document is not None:
                on_document(doc)
    finally:
        if analyzer is None:
            engine.close()  # type: ignore[attr-defined]
    return result
