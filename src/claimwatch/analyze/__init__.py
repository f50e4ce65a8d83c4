"""analyze: Article -> AnalyzedDocument (sentences, actors, attributions, evidence, responses).

The rule attribution finder is ``find_attributions(doc)``; the learned tagger is
``analyze.tagger.AttributionTagger``. Their candidates are merged
(``analyze.merge``) before speakers, addressees, evidence and responses are
resolved, so both go through the same resolution (``analyze_doc``'s ``learned``).
"""

from claimwatch.analyze.attributions import find_attributions
from claimwatch.analyze.nlp import load_nlp
from claimwatch.analyze.pipeline import Analyzer, analyze_doc

__all__ = ["Analyzer", "analyze_doc", "find_attributions", "load_nlp"]
