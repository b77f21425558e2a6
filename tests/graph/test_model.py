"""Extraction records to quads: the data model of DESIGN.md, one named graph per article."""

from __future__ import annotations

import datetime as dt

from rdflib import RDF, Literal
from rdflib.namespace import PROV, SDO, SKOS

from graph.model import article_iri, extraction_quads, predicate_iri
from graph.vocab import ENTITY, EVENT, NKG, REL
from ingest.readers import Article
from ingest.records import ArticleExtraction, Entity, Event, Relation

TEXT = "Putin said the deal would hold. Russia deployed troops to Nagorno-Karabakh."


def _extraction() -> ArticleExtraction:
    article = Article(TEXT, "Deal", "a.txt", source="Wire", date=dt.date(2020, 11, 10))
    putin = Entity("vladimir-putin", "Vladimir Putin", "Person")
    putin.add_alias("Putin", "short name of Vladimir Putin")
    entities = {
        "vladimir-putin": putin,
        "russia": Entity("russia", "Russia", "Country"),
        "nagorno-karabakh": Entity("nagorno-karabakh", "Nagorno-Karabakh", "AdministrativeArea"),
    }
    deal = Event("ceasefire-x", "ceasefire", True, "Ceasefire", "deal", TEXT[:31], 0, 31, 0.9)
    deal.add_role("party", "russia")
    relations = [
        Relation("vladimir-putin", "said", "ceasefire-x", TEXT[:31], 0, 31, 0.7, "said"),
        Relation("russia", "deploy", "nagorno-karabakh", TEXT[32:], 32, len(TEXT), 0.8, "deployed"),
        Relation("russia", "pave the way for", "nagorno-karabakh", TEXT[32:], 32, 75, 0.5, "x"),
        Relation("russia", "deploy", "nobody-known", TEXT[32:], 32, len(TEXT), 0.8, "deployed"),
    ]
    return ArticleExtraction(article, entities, relations, [deal])


def test_every_quad_is_in_the_article_graph():
    quads = extraction_quads(_extraction())
    graphs = {q[3] for q in quads}
    assert graphs == {article_iri(_extraction().article.content_hash)}


def test_article_entities_statements_and_events():
    quads = extraction_quads(_extraction())
    triples = {(s, p, o) for s, p, o, _ in quads}
    g = article_iri(_extraction().article.content_hash)
    assert (g, RDF.type, SDO.NewsArticle) in triples
    assert (g, SDO.datePublished, Literal(dt.date(2020, 11, 10))) in triples
    assert (ENTITY["vladimir-putin"], SKOS.altLabel, Literal("Putin")) in triples
    assert (ENTITY["russia"], NKG.deploy, ENTITY["nagorno-karabakh"]) in triples
    assert (ENTITY["vladimir-putin"], NKG.said, EVENT["ceasefire-x"]) in triples
    assert (EVENT["ceasefire-x"], RDF.type, NKG.Agreement) in triples
    assert (EVENT["ceasefire-x"], NKG.party, ENTITY["russia"]) in triples
    # a relation to something that is neither an entity nor an event is dropped
    assert not any(str(o).endswith("nobody-known") for _, _, o in triples)
    statements = {s for s, p, o in triples if p == RDF.type and o == RDF.Statement}
    assert len(statements) == 4  # three relations and the event's own record
    for st in statements:
        assert (st, PROV.wasDerivedFrom, g) in triples


def test_open_relations_are_declared():
    triples = {(s, p, o) for s, p, o, _ in extraction_quads(_extraction())}
    rel = predicate_iri("pave the way for")
    assert rel == REL["pave-the-way-for"]
    assert (rel, RDF.type, NKG.Relation) in triples
