"""The Turtle ontology is the single source: the Python vocabulary names exactly its terms."""

from __future__ import annotations

import pytest
from rdflib import RDFS, Graph, URIRef

from graph.vocab import NKG, ONTOLOGY_PATH


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(data=ONTOLOGY_PATH.read_text(encoding="utf-8"), format="turtle")


def _ttl_terms(ontology: Graph) -> set[str]:
    ns = str(NKG._NS)
    return {str(s)[len(ns) :] for s in ontology.subjects() if str(s).startswith(ns)}


def test_python_class_and_turtle_name_the_same_terms(ontology):
    py_terms = set(NKG.__annotations__)
    assert _ttl_terms(ontology) == py_terms


def test_every_term_has_label_and_comment(ontology):
    for term in _ttl_terms(ontology):
        iri = URIRef(str(NKG._NS) + term)
        assert ontology.value(iri, RDFS.label), f"{term} has no rdfs:label"
        assert ontology.value(iri, RDFS.comment), f"{term} has no rdfs:comment"


def test_misspelt_term_raises():
    assert NKG.deploy == URIRef("https://w3id.org/newskg/ns#deploy")
    with pytest.raises(AttributeError):
        NKG.deplyo  # noqa: B018
