"""rdflib terms as pyoxigraph terms, for writing quads and binding query variables."""

from __future__ import annotations

import pyoxigraph as ox

__all__ = ["to_ox"]


def to_ox(term: object) -> ox.NamedNode | ox.Literal:
    """An rdflib IRI or literal as a pyoxigraph term.

    >>> from rdflib import Literal
    >>> to_ox(Literal("Armenia", lang="en"))
    <Literal value=Armenia language=en>
    """
    from rdflib import Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an IRI or a literal: {term!r}")
