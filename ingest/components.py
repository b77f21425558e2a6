"""newskg's spaCy pipeline components, added after the statistical model's own.

``newskg_gazetteer`` (:mod:`ingest.gazetteer`) corrects the entity spans of ``ner``: places are
never people or organisations, spans lose a leading article and a trailing possessive, demonyms
the model took for names become ``NORP``, and places the model missed are added.
"""

from __future__ import annotations

from spacy.language import Language

import ingest.gazetteer  # noqa: F401  (registers the "newskg_gazetteer" factory)

__all__ = ["COMPONENTS", "add_components"]

#: Components newskg adds, in order.
COMPONENTS = ("newskg_gazetteer",)


def add_components(nlp: Language) -> Language:
    """Add newskg's components to a loaded pipeline (idempotent).

    The gazetteer goes right after ``ner`` (or last when the pipeline has no ``ner``).

    Examples
    --------
    >>> import spacy
    >>> nlp = add_components(spacy.blank("en"))
    >>> nlp.pipe_names
    ['newskg_gazetteer']
    >>> add_components(nlp).pipe_names
    ['newskg_gazetteer']
    """
    if "newskg_gazetteer" not in nlp.pipe_names:
        if "ner" in nlp.pipe_names:
            nlp.add_pipe("newskg_gazetteer", after="ner")
        else:
            nlp.add_pipe("newskg_gazetteer", last=True)
    return nlp
