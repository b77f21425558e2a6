"""newskg's spaCy pipeline components, added to the statistical model's own.

``newskg_line_breaks`` (before ``parser``) starts a sentence after a paragraph break and after a
line that is a heading or ends a sentence, so a title is never read as the start of the first
sentence of the body; a hard-wrapped line of running prose is left alone.

``newskg_gazetteer`` (:mod:`ingest.gazetteer`) corrects the entity spans of ``ner``: places are
never people or organisations, spans lose a leading article and a trailing possessive, demonyms
the model took for names become ``NORP``, and places the model missed are added.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex

import ingest.gazetteer  # noqa: F401  (registers the "newskg_gazetteer" factory)

__all__ = ["COMPONENTS", "EXTRA_INFIXES", "EXTRA_PREFIXES", "add_components", "adjust_tokenizer"]

#: Components newskg adds, in order.
COMPONENTS = ("newskg_line_breaks", "newskg_gazetteer")

_WRAPPED_LINE = 60  # a line at least this long that does not end a sentence is wrapped prose
_SENTENCE_END = ".!?:\"'”’)"


@Language.component("newskg_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    r"""Start a sentence after a paragraph break, the title line or a short line (before parser).

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> body = "Russia sent two thousand troops and ninety armoured vehicles on"
    >>> text = "Troops deployed\n" + body + "\nTuesday."
    >>> [t.text for t in line_breaks(nlp(text)) if t.is_sent_start]
    ['Troops', 'Russia']
    """
    line_start = 0
    for token in doc:
        if not (token.is_space and "\n" in token.text):
            continue
        nxt = token.i + 1
        if nxt >= len(doc):
            break
        first_line = line_start == 0
        line = doc[line_start : token.i].text
        line_start = nxt
        last = line.rstrip()[-1:] if line.strip() else ""
        paragraph = token.text.count("\n") >= 2
        short = len(line) < _WRAPPED_LINE
        if paragraph or first_line or not last or last in _SENTENCE_END or short:
            doc[nxt].is_sent_start = True
    return doc


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
    if "newskg_line_breaks" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("newskg_line_breaks", before="parser")
    if "newskg_gazetteer" not in nlp.pipe_names:
        if "ner" in nlp.pipe_names:
            nlp.add_pipe("newskg_gazetteer", after="ner")
        else:
            nlp.add_pipe("newskg_gazetteer", last=True)
    return nlp
