"""analyze: Article -> AnalyzedDocument (sentences, actors, attributions, evidence, responses)."""
