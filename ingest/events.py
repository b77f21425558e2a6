"""Agreements and events as n-ary nodes (parties, signatories, mediator, place, date, quantities)."""

from __future__ import annotations

from spacy.tokens import Doc

from ingest.records import ArticleExtraction, Event

__all__ = ["find_events"]


def find_events(doc: Doc, extraction: ArticleExtraction) -> list[Event]:
    """Agreements and events of an article (being written: see issue 3)."""
    return []
