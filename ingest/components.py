"""newskg's spaCy pipeline components, added after the statistical model's own."""

from __future__ import annotations

from spacy.language import Language

__all__ = ["add_components"]


def add_components(nlp: Language) -> Language:
    """Add newskg's components to a loaded pipeline (idempotent)."""
    return nlp
