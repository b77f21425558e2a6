"""Ingest: read articles, run the spaCy pipeline, extract entities, relations and events."""
