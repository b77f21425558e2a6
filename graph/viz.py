"""Interactive HTML views of the graph that work offline.

The network is assembled with pyvis; the page is our own template with vis-network inlined
from the installed pyvis package (pyvis's ``in_line`` mode still links Bootstrap from a CDN).
Article text reaches the page only as JSON inside ``<script type="application/json">`` with
``<``, ``>`` and ``&`` escaped, and is put on screen with ``textContent``: it never becomes
markup or script.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from pyvis.network import Network

__all__ = ["TYPE_COLOURS", "view_data", "render_html", "write_view"]

TYPE_COLOURS = {
    "Person": "#e15759",
    "Country": "#4e79a7",
    "City": "#76b7b2",
    "AdministrativeArea": "#59a14f",
    "Place": "#8cd17d",
    "Organization": "#f28e2b",
    "GovernmentOrganization": "#b07aa1",
    "NewsMediaOrganization": "#9c755f",
    "Agreement": "#edc948",
    "Event": "#ff9da7",
    "Other": "#bab0ac",
}

_NODES = """
SELECT ?e ?label ?type (COUNT(DISTINCT ?g) AS ?articles) WHERE {
  ?e rdfs:label ?label ; a ?type .
  ?g schema:mentions ?e .
  FILTER(?type != nkg:Agreement || true)
  FILTER(STRSTARTS(STR(?type), "https://schema.org/") || ?type = nkg:Agreement)
} GROUP BY ?e ?label ?type
"""

_EDGES = """
SELECT ?s ?p ?o ?plabel ?sentence ?title ?confidence WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      nkg:sentence ?sentence ; prov:wasDerivedFrom ?g ; nkg:confidence ?confidence .
  FILTER(?p != rdf:type)
  ?g schema:headline ?title .
  OPTIONAL { ?p rdfs:label ?plabel }
}
"""


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def view_data(kg) -> Network:
    """A pyvis network of entities and the relations between them, from the store."""
    net = Network(directed=True)
    types: dict[str, str] = {}
    labels: dict[str, str] = {}
    weight: dict[str, int] = {}
    for row in kg.ox_query(_NODES):
        iri = row["e"].value
        kind = _local(row["type"].value)
        if kind == "Event" and types.get(iri) == "Agreement":
            continue
        types[iri] = kind if kind in TYPE_COLOURS else "Other"
        labels[iri] = row["label"].value
        weight[iri] = weight.get(iri, 0) + int(row["articles"].value)
    edges: dict[tuple[str, str, str], dict] = {}
    for row in kg.ox_query(_EDGES):
        s, o = row["s"].value, row["o"].value
        if s not in labels or o not in labels:
            continue
        label = row["plabel"].value if row["plabel"] is not None else _local(row["p"].value)
        edge = edges.setdefault((s, row["p"].value, o), {"label": label, "sources": []})
        edge["sources"].append({"sentence": row["sentence"].value, "article": row["title"].value})
    for iri, label in labels.items():
        kind = types[iri]
        net.add_node(
            iri,
            label=label,
            color=TYPE_COLOURS[kind],
            value=1 + weight.get(iri, 0),
            group=kind,
            kind=kind,
        )
    for (s, _p, o), edge in edges.items():
        net.add_edge(
            s, o, label=edge["label"], sources=edge["sources"][:5], value=len(edge["sources"])
        )
    return net


def _asset(name: str) -> str:
    return (files("pyvis") / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")


def _safe_json(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render_html(net: Network, title: str = "newskg graph") -> str:
    """The offline HTML page for a pyvis network."""
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "colours": TYPE_COLOURS,
        "title": title,
    }
    template = (files("graph") / "static" / "view.html").read_text(encoding="utf-8")
    return (
        template.replace("/*VIS_CSS*/", _asset("vis-network.css"))
        .replace("/*VIS_JS*/", _asset("vis-network.min.js"))
        .replace("/*GRAPH_DATA*/", _safe_json(data))
    )


def write_view(kg, out: str | Path, *, title: str = "newskg graph") -> Path:
    """Write the whole-graph view of ``kg`` to ``out``."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(view_data(kg), title=title), encoding="utf-8")
    return out
