"""store: AnalyzedDocuments in SQLite (default) or any SQLAlchemy URL."""
