"""The on-disk Oxigraph store: atomic article writes, union-graph SPARQL, exports, locking."""

from __future__ import annotations

import json

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import SDO

from graph.model import extraction_quads
from graph.store import KnowledgeGraph, StoreError
from ingest.readers import Article
from ingest.records import ArticleExtraction, Entity, Relation


def _extraction(text: str = "Russia deployed troops to Nagorno-Karabakh.") -> ArticleExtraction:
    article = Article(text=text, title="Troops", origin="t.txt")
    russia = Entity("russia", "Russia", "Country", mentions=[(0, 6)])
    nk = Entity("nagorno-karabakh", "Nagorno-Karabakh", "AdministrativeArea")
    nk.add_alias("Karabakh", "short name")
    relation = Relation("russia", "deploy", "nagorno-karabakh", text, 0, len(text), 0.8, "deployed")
    return ArticleExtraction(article, {"russia": russia, "nagorno-karabakh": nk}, [relation])


def test_article_graph_and_union_query(tmp_path):
    with KnowledgeGraph(tmp_path / "store") as kg:
        kg.add_quads(extraction_quads(_extraction()))
        kg.add_quads(extraction_quads(_extraction("Russia deployed troops again.")))
        assert len(kg.article_graphs()) == 2
        rows = list(
            kg.query(
                "SELECT DISTINCT ?name ?o WHERE { ?s nkg:deploy ?o . ?s rdfs:label ?name }",
                {"name": Literal("Russia")},
            )
        )
        assert [str(r.o) for r in rows] == ["https://w3id.org/newskg/id/nagorno-karabakh"]
        stats = kg.stats()
        assert (stats["articles"], stats["entities"], stats["statements"]) == (2, 2, 2)


def test_store_persists_and_read_only_sees_it(tmp_path):
    path = tmp_path / "store"
    with KnowledgeGraph(path) as kg:
        kg.add_quads(extraction_quads(_extraction()))
        before = len(kg)
    with KnowledgeGraph(path, read_only=True) as kg:
        assert len(kg) == before
        assert kg.has_article(_extraction().article.content_hash)
        assert kg.ask("ASK { ?a a schema:NewsArticle }")


def test_failed_write_leaves_nothing(tmp_path):
    with KnowledgeGraph(tmp_path / "store") as kg:
        before = len(kg)
        quads = extraction_quads(_extraction())
        g = quads[0][3]
        broken = [*quads, (URIRef("https://x/s"), RDF.type, object(), g)]
        with pytest.raises(TypeError):
            kg.add_quads(broken)
        assert len(kg) == before
        assert not kg.ask("ASK { ?a a ?t }", {"t": SDO.NewsArticle})


def test_read_only_on_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no newskg store here"):
        KnowledgeGraph(tmp_path / "nothing", read_only=True)


@pytest.mark.parametrize("fmt", ["trig", "nquads", "turtle", "ntriples", "jsonld"])
def test_exports_parse_back(tmp_path, fmt):
    from rdflib import Dataset

    with KnowledgeGraph(tmp_path / "store") as kg:
        kg.add_quads(extraction_quads(_extraction()))
        data = kg.export(fmt)
    rdflib_format = {"jsonld": "json-ld", "ntriples": "nt"}.get(fmt, fmt)
    ds = Dataset()
    ds.parse(data=data.decode("utf-8"), format=rdflib_format)
    assert len(ds) > 0 or len(list(ds.quads())) > 0
    if fmt == "jsonld":
        assert isinstance(json.loads(data), (list, dict))
