"""analyze: Article -> AnalyzedDocument (sentences, actors, attributions, evidence, responses).

The rule attribution finder is ``find_attributions(doc)``: it returns candidate
attributions with unresolved speakers, so a learned tagger's candidates can be
merged before speakers, evidence and responses are resolved (``analyze_doc``'s
``extra``).
"""

from claimwatch.analyze.attributions import find_attributions
from claimwatch.analyze.nlp import load_nlp
from claimwatch.analyze.pipeline import Analyzer, analyze_doc

__all__ = ["Analyzer", "analyze_doc", "find_attributions", "load_nlp"]
