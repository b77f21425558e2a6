"""The knowledge graph on disk: an rdflib ``Dataset`` over an embedded Oxigraph store (oxrdflib).

One named graph per article, the ontology in a graph of its own, and SPARQL queries without
``GRAPH`` over the union of all graphs. An article's quads are written in one Oxigraph
transaction, so an article is stored whole or not at all.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox
from oxrdflib.store import OxigraphStore
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, SDO, SKOS
from rdflib.query import Result

from graph.model import Quad
from graph.terms import to_ox
from graph.vocab import NKG, ONTOLOGY_PATH

__all__ = ["KnowledgeGraph", "StoreError", "ONTOLOGY_GRAPH", "PREFIXES", "EXPORT_FORMATS"]

ONTOLOGY_GRAPH = URIRef("https://w3id.org/newskg/ns")

PREFIXES = {
    "nkg": str(NKG._NS),
    "schema": str(SDO._NS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "e": "https://w3id.org/newskg/id/",
    "rel": "https://w3id.org/newskg/rel/",
    "ev": "https://w3id.org/newskg/event/",
    "art": "https://w3id.org/newskg/article/",
}

EXPORT_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": None,
}


class StoreError(Exception):
    """The store cannot be opened or used (locked by another process, missing, corrupt)."""


class KnowledgeGraph:
    """An open newskg store.

    Parameters
    ----------
    path : str or Path or None
        Folder of the on-disk store; created when missing. ``None`` keeps it in memory.
    read_only : bool
        Open an existing store without taking its write lock (for the SPARQL server).
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self.ox = ox.Store()
            elif read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(
                        f"{self.path}: no newskg store here (run `newskg ingest` first)"
                    )
                self.ox = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.ox = ox.Store(str(self.path))
        except OSError as exc:
            message = str(exc)
            if "lock" in message.lower():
                message = "the store is open in another newskg process (stop it and retry)"
            raise StoreError(f"{self.path}: cannot open store: {message}") from exc
        self.read_only = read_only
        self.dataset = Dataset(store=OxigraphStore(store=self.ox), default_union=True)
        for prefix, namespace in PREFIXES.items():
            self.dataset.bind(prefix, namespace)
        if not read_only and not self.ox.contains_named_graph(ox.NamedNode(str(ONTOLOGY_GRAPH))):
            self.ox.load(
                ONTOLOGY_PATH.read_bytes(),
                format=ox.RdfFormat.TURTLE,
                to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)),
            )

    # ------------------------------------------------------------------ context manager
    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the store; RocksDB's lock is freed once no reference to it is left."""
        if getattr(self, "ox", None) is not None:
            if not self.read_only:
                self.ox.flush()
            self.dataset.store.close()
            self.ox = None
            self.dataset = None
            gc.collect()

    # ------------------------------------------------------------------ writing
    def has_article(self, content_hash: str) -> bool:
        """Whether an article with this content hash is already stored."""
        return self.ask("ASK { ?a nkg:contentHash ?h }", {"h": Literal(content_hash)})

    def add_quads(self, quads: Iterable[Quad]) -> int:
        """Write quads in one transaction; all of them are stored, or none."""
        batch = [
            ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(g))) for s, p, o, g in quads
        ]
        self.ox.extend(batch)
        return len(batch)

    def relabel(self, entity: URIRef, label: str) -> None:
        """Make ``label`` the entity's only ``rdfs:label``; older labels become altLabels.

        Used when a later article gives the full name of an entity first stored under a short
        one ("Vladimir Putin" after "Putin"): one transaction over all article graphs.
        """
        e, new = ox.NamedNode(str(entity)), ox.Literal(label)
        self.ox.update(
            f"""DELETE {{ GRAPH ?g {{ {e} rdfs:label ?old }} }}
                INSERT {{ GRAPH ?g {{ {e} skos:altLabel ?old }} }}
                WHERE {{ GRAPH ?g {{ {e} rdfs:label ?old }} FILTER(?old != {new}) }}""",
            prefixes=PREFIXES,
        )

    # ------------------------------------------------------------------ reading
    def query(self, sparql: str, bindings: Mapping[str, object] | None = None) -> Result:
        """Run SPARQL over the union of all graphs, with values bound (never pasted in)."""
        return self.dataset.query(sparql, initNs=PREFIXES, initBindings=dict(bindings or {}))

    def ask(self, sparql: str, bindings: Mapping[str, object] | None = None) -> bool:
        return bool(self.query(sparql, bindings).askAnswer)

    def ox_query(self, sparql: str, **kwargs):
        """Run SPARQL natively on Oxigraph (union default graph), for speed."""
        return self.ox.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES, **kwargs)

    def __len__(self) -> int:
        return len(self.ox)

    def article_graphs(self) -> list[URIRef]:
        return [URIRef(g.value) for g in self.ox.named_graphs() if g.value != str(ONTOLOGY_GRAPH)]

    def stats(self) -> dict[str, int]:
        """Counts users ask for first: articles, entities, relations, statements, events, quads."""
        row = next(
            iter(
                self.ox_query(
                    """
            SELECT
              (COUNT(DISTINCT ?article) AS ?articles)
              (COUNT(DISTINCT ?entity) AS ?entities)
              (COUNT(DISTINCT ?statement) AS ?statements)
              (COUNT(DISTINCT ?agreement) AS ?agreements)
              (COUNT(DISTINCT ?event) AS ?events)
            WHERE {
              { ?article a schema:NewsArticle }
              UNION { ?entity rdfs:label ?l . ?entity a ?t .
                      FILTER(?t IN (schema:Person, schema:Organization,
                        schema:GovernmentOrganization, schema:NewsMediaOrganization,
                        schema:Country, schema:City, schema:AdministrativeArea, schema:Place)) }
              UNION { ?statement a rdf:Statement ; rdf:predicate ?p . FILTER(?p != rdf:type) }
              UNION { ?agreement a nkg:Agreement }
              UNION { ?event a schema:Event . FILTER NOT EXISTS { ?event a nkg:Agreement } }
            }"""
                )
            )
        )
        names = ["articles", "entities", "statements", "agreements", "events"]
        out = {name: int(row[name].value) for name in names}
        out["quads"] = len(self.ox)
        return out

    def export(self, fmt: str = "trig") -> bytes:
        """Serialise the whole dataset (or, for turtle/ntriples, the union graph)."""
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(EXPORT_FORMATS)}")
        if fmt == "jsonld":
            ds = Dataset()
            for prefix, namespace in PREFIXES.items():
                ds.bind(prefix, namespace)
            ds.parse(data=self.ox.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
            return ds.serialize(format="json-ld", indent=1).encode("utf-8")
        rdf_format = EXPORT_FORMATS[fmt]
        if rdf_format.supports_datasets:
            return self.ox.dump(format=rdf_format, prefixes=PREFIXES)
        triples = self.ox_query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        buffer = io.BytesIO()
        ox.serialize(triples, buffer, format=rdf_format, prefixes=PREFIXES)
        return buffer.getvalue()

    def graph_for(self, article: URIRef) -> Graph:
        return self.dataset.graph(article)
