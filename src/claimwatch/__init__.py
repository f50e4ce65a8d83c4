"""claimwatch: who claimed what, to whom, on what evidence, and who answered."""

from claimwatch.errors import ClaimwatchError
from claimwatch.records import (
    AnalyzedDocument,
    Article,
    Attribution,
    Event,
    RawDocument,
    Response,
    Span,
)
from claimwatch.settings import Settings

__version__ = "0.1.0"

__all__ = [
    "AnalyzedDocument",
    "Article",
    "Attribution",
    "ClaimwatchError",
    "Event",
    "RawDocument",
    "Response",
    "Settings",
    "Span",
    "__version__",
]
