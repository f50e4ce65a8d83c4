"""ingest: turn what the user names (files, directories, URLs, stdin, JSONL) into RawDocuments."""
