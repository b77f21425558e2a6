"""newskg's spaCy pipeline components, added after the statistical model's own.

``newskg_gazetteer`` (:mod:`ingest.gazetteer`) corrects the entity spans of ``ner``: places are
never people or organisations, spans lose a leading article and a trailing possessive, demonyms
the model took for names become ``NORP``, and places the model missed are added.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex

import ingest.gazetteer  # noqa: F401  (registers the "newskg_gazetteer" factory)

__all__ = ["COMPONENTS", "EXTRA_INFIXES", "EXTRA_PREFIXES", "add_components", "adjust_tokenizer"]

#: Components newskg adds, in order.
COMPONENTS = ("newskg_gazetteer",)

#: A hyphen after an abbreviation splits it from the word it modifies: "U.S.-mediated".
EXTRA_INFIXES = (r"(?<=[A-Z]\.)-(?=[A-Za-z])",)
#: A slash before a capital starts a new token: photo credits such as "/AP".
EXTRA_PREFIXES = (r"/(?=[A-Z])",)


def adjust_tokenizer(nlp: Language) -> Language:
    """Split ``U.S.-mediated`` and ``/AP`` so the names inside are tokens (idempotent).

    >>> import spacy
    >>> nlp = adjust_tokenizer(spacy.blank("en"))
    >>> [t.text for t in nlp("a U.S.-mediated truce. /AP")]
    ['a', 'U.S.', '-', 'mediated', 'truce', '.', '/', 'AP']
    """
    tokenizer = nlp.tokenizer
    infix = getattr(tokenizer.infix_finditer, "__self__", None)
    if infix is not None and EXTRA_INFIXES[0] in infix.pattern:
        return nlp
    infixes = [*(nlp.Defaults.infixes or ()), *EXTRA_INFIXES]
    prefixes = [*EXTRA_PREFIXES, *(nlp.Defaults.prefixes or ())]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    return nlp


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
    adjust_tokenizer(nlp)
    if "newskg_gazetteer" not in nlp.pipe_names:
        if "ner" in nlp.pipe_names:
            nlp.add_pipe("newskg_gazetteer", after="ner")
        else:
            nlp.add_pipe("newskg_gazetteer", last=True)
    return nlp
