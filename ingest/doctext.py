"""The text of a spaCy ``Doc``, computed once.

``Doc.text`` joins every token's text on each access; code that asks for it per sentence or per
mention turns a linear pass into a quadratic one. :func:`doc_text` keeps it in ``doc.user_data``.
"""

from __future__ import annotations

from spacy.tokens import Doc

__all__ = ["doc_text", "remember_text"]

_KEY = "newskg.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached on the document.

    >>> import spacy
    >>> doc = spacy.blank("en")("Russia deployed troops.")
    >>> doc_text(doc) == doc.text
    True
    """
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Record the text a document was made from, so :func:`doc_text` need not rebuild it.

    spaCy keeps every character, so ``text`` is the document's text; the lengths are checked.
    """
    last = doc[-1] if len(doc) else None
    if last is None or last.idx + len(last.text_with_ws) == len(text):
        doc.user_data[_KEY] = text
