"""`newskg query` plumbing: user input becomes SPARQL and bindings, results become text."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Literal, URIRef

from queries import named
from queries.run import format_result, resolve_query, term_text

PERSONS = (
    "SELECT DISTINCT ?e ?label WHERE { ?e a schema:Person ; rdfs:label ?label } ORDER BY ?label"
)


# ---------------------------------------------------------------------- resolve_query
def test_a_named_query_gives_its_text_and_typed_bindings():
    text, bindings = resolve_query("top-actors", ["min_articles=2"])
    assert text == named.get("top-actors").text
    assert bindings == {"type": Literal(""), "min_articles": Literal(2)}


def test_a_rq_file_is_read_with_its_header(tmp_path):
    rq = tmp_path / "by-label.rq"
    rq.write_text(
        "# title: By label\n# param: name string - -- the label\n"
        "SELECT ?name ?e WHERE { ?e rdfs:label ?name }\n",
        encoding="utf-8",
    )
    text, bindings = resolve_query(str(rq), ["name=Armenia"])
    assert "SELECT ?name ?e" in text
    assert bindings == {"name": Literal("Armenia")}


def test_inline_text_without_params_is_passed_through():
    assert resolve_query(PERSONS) == (PERSONS, {})


@pytest.mark.parametrize(
    "query, params, error, message",
    [
        ("top-actors", ["min_articles"], ValueError, "expected KEY=VALUE"),
        ("top-actors", ["=2"], ValueError, "expected KEY=VALUE"),
        ("top-actors", ["limit=2"], ValueError, "unknown parameter 'limit'"),
        ("top-actors", ["min_articles=many"], ValueError, "not an integer"),
        ("entity-profile", ["name=x", "other=y"], ValueError, "unknown parameter 'other'"),
        ("missing.rq", [], FileNotFoundError, "no such query file"),
        ("SELECT ?x WHERE { ?x ?p ?o }", ["x=1"], ValueError, "unknown parameter 'x'"),
    ],
)
def test_bad_input_is_refused_with_a_message(query, params, error, message):
    with pytest.raises(error, match=message):
        resolve_query(query, params)


# ---------------------------------------------------------------------- format_result
@pytest.fixture()
def persons(seed_kg):
    return lambda: seed_kg.query(PERSONS)


def _labels(output: str, fmt: str) -> list[str]:
    if fmt == "json":
        return [b["label"]["value"] for b in json.loads(output)["results"]["bindings"]]
    if fmt in ("csv", "tsv"):
        rows = list(csv.reader(io.StringIO(output), delimiter="," if fmt == "csv" else "\t"))
        assert rows[0] == ["e", "label"]
        return [r[1] for r in rows[1:]]
    lines = output.splitlines()
    assert lines[0].split() == ["e", "label"] and lines[-1].startswith("(")
    return [line.split(None, 1)[1].strip() for line in lines[2:-1]]


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_select_in_every_format_lists_the_same_rows(persons, fmt):
    expected = [str(row.label) for row in persons()]
    assert expected, "the seed graph has people"
    assert _labels(format_result(persons(), fmt), fmt) == expected


def test_table_shortens_iris_and_counts_rows(persons):
    output = format_result(persons(), "table")
    assert "e:" in output and "https://w3id.org/newskg/id/" not in output
    assert output.rstrip().endswith(f"({len(list(persons()))} rows)")


def test_json_follows_the_sparql_results_format(seed_kg):
    result = seed_kg.query(
        "SELECT ?a ?date WHERE { ?a a schema:NewsArticle . "
        "OPTIONAL { ?a schema:datePublished ?date } }"
    )
    data = json.loads(format_result(result, "json"))
    assert data["head"]["vars"] == ["a", "date"]
    for binding in data["results"]["bindings"]:
        assert binding["a"]["type"] == "uri"
        if "date" in binding:
            assert binding["date"]["datatype"] == "http://www.w3.org/2001/XMLSchema#date"


@pytest.mark.parametrize(
    "query, fmt, expected",
    [
        ("ASK { ?a a schema:NewsArticle }", "table", "true\n"),
        ("ASK { ?a a schema:NoSuchClass }", "table", "false\n"),
        ("ASK { ?a a schema:NewsArticle }", "json", '{"boolean": true}\n'),
    ],
)
def test_ask(seed_kg, query, fmt, expected):
    assert format_result(seed_kg.query(query), fmt) == expected


def test_construct_is_turtle(seed_kg):
    from rdflib import Graph

    result = seed_kg.query("CONSTRUCT { ?e a schema:Person } WHERE { ?e a schema:Person }")
    graph = Graph().parse(data=format_result(result, "table"), format="turtle")
    assert len(graph) >= 1


def test_tsv_cells_stay_on_one_line(seed_kg):
    result = seed_kg.query("SELECT ?s WHERE { ?st nkg:sentence ?s } LIMIT 20")
    lines = format_result(result, "tsv").splitlines()
    assert len(lines) == 1 + len(
        list(seed_kg.query("SELECT ?s WHERE { ?st nkg:sentence ?s } LIMIT 20"))
    )


@pytest.mark.parametrize(
    "term, text",
    [
        (None, ""),
        (URIRef("https://w3id.org/newskg/id/russia"), "https://w3id.org/newskg/id/russia"),
        (Literal("Armenia", lang="en"), "Armenia"),
        (Literal(3), "3"),
    ],
)
def test_term_text(term, text):
    assert term_text(term) == text
