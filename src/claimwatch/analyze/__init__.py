"""analyze: Article -> AnalyzedDocument (sentences, actors, attributions, evidence, responses).

The rule attribution finder is ``find_attributions(doc)``; the learned tagger is
``analyze.tagger.AttributionTagger``. Their candidates are merged
(``analyze.merge``) before speakers, addressees, evidence and responses are
resolved, so both go through the same resolution (``analyze_doc``'s ``learned``).

The names below load on first use, so that ``claimwatch.analyze.one_pass`` and
``claimwatch.analyze.tagger`` import without spaCy (the training scripts run on
machines that have torch but not spaCy).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimwatch.analyze.attributions import find_attributions
    from claimwatch.analyze.nlp import load_nlp
    from claimwatch.analyze.pipeline import Analyzer, analyze_doc

__all__ = ["Analyzer", "analyze_doc", "find_attributions", "load_nlp"]

_HOME = {
    "Analyzer": "pipeline",
    "analyze_doc": "pipeline",
    "find_attributions": "attributions",
    "load_nlp": "nlp",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
