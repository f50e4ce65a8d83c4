"""extract: RawDocument -> Article (article text and metadata; page furniture removed and reported)."""
