"""End to end: articles in, a graph that follows the data model of DESIGN.md out (real parts)."""

from __future__ import annotations

from tests.conftest import EXAMPLES

TYPED_ENTITIES = """
SELECT DISTINCT ?e ?type ?label WHERE {
  ?g a schema:NewsArticle ; schema:mentions ?e .
  ?e a ?type ; rdfs:label ?label .
  FILTER(?type IN (schema:Person, schema:Organization, schema:GovernmentOrganization,
                   schema:NewsMediaOrganization, schema:Country, schema:City,
                   schema:AdministrativeArea, schema:Place))
}"""

STATEMENTS_WITH_DIRECT_TRIPLE = """
SELECT ?st ?direct ?article ?sentence ?start ?end ?confidence WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      prov:wasDerivedFrom ?article ; nkg:sentence ?sentence ;
      nkg:charStart ?start ; nkg:charEnd ?end ; nkg:confidence ?confidence .
  FILTER(?p != rdf:type)
  BIND(EXISTS { GRAPH ?article { ?s ?p ?o } } AS ?direct)
}"""


def _open(path):
    from graph.store import KnowledgeGraph

    return KnowledgeGraph(path, read_only=True)


def test_examples_graph_follows_the_data_model(examples_store):
    with _open(examples_store) as kg:
        articles = list(
            kg.query(
                "SELECT ?a ?h ?d WHERE { ?a a schema:NewsArticle ; "
                "schema:headline ?h ; schema:datePublished ?d }"
            )
        )
        assert len(articles) == len(list(EXAMPLES.glob("*.txt")))
        assert {str(a.a) for a in articles} == {str(g) for g in kg.article_graphs()}
        entities = list(kg.query(TYPED_ENTITIES))
        assert len({r.e for r in entities}) >= 30
        statements = list(kg.query(STATEMENTS_WITH_DIRECT_TRIPLE))
        assert len(statements) >= 30
        for row in statements:
            assert row.direct.toPython() is True, row.st
            assert 0 <= float(row.confidence) <= 1
            assert int(row.start) < int(row.end)


def test_seeds_done_when(seed_store):
    """Issue 2: both seeds as NewsArticle, >= 15 typed labelled entities, >= 20 statements."""
    with _open(seed_store) as kg:
        assert len(list(kg.query("SELECT ?a WHERE { ?a a schema:NewsArticle }"))) == 2
        assert len({r.e for r in kg.query(TYPED_ENTITIES)}) >= 15
        statements = list(kg.query(STATEMENTS_WITH_DIRECT_TRIPLE))
        assert len(statements) >= 20
        assert all(row.direct.toPython() for row in statements)


def test_offsets_point_at_the_sentence(examples_store):
    with _open(examples_store) as kg:
        rows = kg.query(
            "SELECT ?text ?sentence ?start ?end WHERE { ?st nkg:sentence ?sentence ; "
            "nkg:charStart ?start ; nkg:charEnd ?end ; prov:wasDerivedFrom ?a . "
            "?a schema:text ?text } LIMIT 50"
        )
        for row in rows:
            assert str(row.text)[int(row.start) : int(row.end)] == str(row.sentence)


def test_reingest_is_idempotent(examples_store, tmp_path):
    import shutil

    from graph.store import KnowledgeGraph
    from ingest.pipeline import ingest

    copy = tmp_path / "store"
    shutil.copytree(examples_store, copy)
    with KnowledgeGraph(copy) as kg:
        before = len(kg)
        summary = ingest([EXAMPLES], kg, progress=False)
        assert (summary.added, summary.skipped) == (0, len(list(EXAMPLES.glob("*.txt"))))
        assert len(kg) == before
