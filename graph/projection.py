"""The entity graph of a store as a networkx ``DiGraph``, for analytics and views.

Nodes are entities and agreements/events, keyed by IRI. An edge ``u -> v`` gathers every
statement whose subject is ``u`` and object is ``v``: its ``weight`` is the number of supporting
statements and its ``sources`` say where each came from. An agreement or event is linked to each
entity that plays a role in it (``party``, ``signatory``, ``mediator``, ``agent``, ``target``:
entity -> event; ``location``: event -> place), the edge labelled with the role (all of them when
the entity plays several) and sourced by the sentences the event was read from.

The store is read with a handful of native Oxigraph queries; filters (confidence, types, dates)
are applied in Python, so no user value is ever pasted into query text.

Node attributes
    ``label``, ``type`` (schema.org local name, ``Agreement`` or ``Event``), ``kind``
    (``entity`` or ``event``), ``aliases`` (tuple), ``articles`` (number of articles in the
    selection that mention it), ``job_titles`` (tuple); events also ``event_type``, ``date``
    (ISO string or None), ``date_text``, ``quantities`` and ``provisions`` (tuples).
Edge attributes
    ``relations`` (tuple of relation labels, most supported first), ``weight`` (int) and
    ``sources`` (list of :class:`Source`, most confident first).
Graph attributes
    ``articles``: ``{article IRI: {"title": str, "date": str | None}}`` of the selection.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from graph.vocab import ENTITY, EVENT, NKG_NS
from ingest.records import ENTITY_TYPES

__all__ = [
    "EVENT_TYPES",
    "NODE_TYPES",
    "ROLES",
    "Source",
    "entity_graph",
    "undirected",
]

#: Node types of events; entity types are :data:`ingest.records.ENTITY_TYPES`.
EVENT_TYPES = ("Agreement", "Event")
NODE_TYPES = tuple(dict.fromkeys((*ENTITY_TYPES, *EVENT_TYPES)))

_SCHEMA = "https://schema.org/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"

#: Event role properties and the edge label each gives; ``location`` points event -> place.
ROLES = {
    NKG_NS + "party": "party",
    NKG_NS + "signatory": "signatory",
    NKG_NS + "mediator": "mediator",
    NKG_NS + "agent": "agent",
    NKG_NS + "target": "target",
    _SCHEMA + "location": "location",
}

# Preference when an entity is typed differently in different articles (ties on article count).
_TYPE_ORDER = {name: i for i, name in enumerate(NODE_TYPES)}

_ARTICLES = """
SELECT ?g ?title ?date WHERE {
  ?g a schema:NewsArticle .
  OPTIONAL { ?g schema:headline ?title }
  OPTIONAL { ?g schema:datePublished ?date }
}"""

_MENTIONS = """
SELECT DISTINCT ?g ?x ?type WHERE { GRAPH ?g { ?g schema:mentions ?x . ?x a ?type } }"""

_NAMES = """
SELECT DISTINCT ?x ?p ?v WHERE {
  VALUES ?p { rdfs:label skos:altLabel nkg:jobTitle }
  ?x ?p ?v .
}"""

_STATEMENTS = """
SELECT ?st ?s ?p ?o ?g ?sentence ?confidence ?negated WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      prov:wasDerivedFrom ?g .
  OPTIONAL { ?st nkg:sentence ?sentence }
  OPTIONAL { ?st nkg:confidence ?confidence }
  OPTIONAL { ?st nkg:negated ?negated }
}"""

_PREDICATE_LABELS = """
SELECT DISTINCT ?p ?label WHERE { [] rdf:predicate ?p . ?p rdfs:label ?label }"""

_EVENTS = """
SELECT DISTINCT ?ev ?p ?v WHERE { ?ev a schema:Event ; ?p ?v }"""


@dataclass(frozen=True, order=True)
class Source:
    """Where a statement was read: the sentence, its article and how sure the reading is.

    Parameters
    ----------
    sentence : str
        The source sentence, verbatim.
    title : str
        Headline of the article.
    article : str
        IRI of the article (and of its named graph).
    confidence : float
        Confidence of the statement, between 0 and 1.
    relation : str
        Label of the relation (or role) the sentence supports.
    negated : bool
        Whether the sentence denies the relation.
    """

    sentence: str
    title: str
    article: str
    confidence: float
    relation: str = ""
    negated: bool = False


@dataclass
class _Statement:
    subject: str
    predicate: str
    object: str
    source: Source


@dataclass
class _EventRecord:
    types: set[str] = field(default_factory=set)
    label: str = ""
    event_type: str = ""
    date: str | None = None
    date_text: str = ""
    quantities: set[str] = field(default_factory=set)
    provisions: set[str] = field(default_factory=set)
    roles: list[tuple[str, str]] = field(default_factory=list)  # (role label, entity IRI)


def entity_graph(
    kg,
    *,
    min_confidence: float = 0.0,
    types: Iterable[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    events: bool = True,
) -> nx.DiGraph:
    """Project the store onto a weighted directed graph of entities and events.

    Parameters
    ----------
    kg : graph.store.KnowledgeGraph
        An open store.
    min_confidence : float
        Statements (and events) read with a lower confidence are left out.
    types : iterable of str, optional
        Keep only nodes of these types (schema.org local names such as ``Person`` or
        ``Country``, or ``Agreement`` / ``Event``); case-insensitive. ``None`` keeps all.
    date_from, date_to : datetime.date, optional
        Keep what comes from articles published in this range (inclusive); an event with a
        date of its own is kept when that date is in the range. Undated articles are left out
        once either bound is given.
    events : bool
        Include agreements and events as nodes.

    Returns
    -------
    networkx.DiGraph
        See the module docstring for the node, edge and graph attributes.

    Raises
    ------
    ValueError
        For an unknown type or a date range that ends before it starts.
    """
    wanted = _normalise_types(types)
    if date_from and date_to and date_to < date_from:
        raise ValueError(f"date range ends ({date_to}) before it starts ({date_from})")
    dated = date_from is not None or date_to is not None

    articles = _articles(kg)
    kept = {
        iri: meta
        for iri, meta in articles.items()
        if not dated or _in_range(meta["date"], date_from, date_to)
    }
    mentions, typed = _mentions(kg)
    names = _names(kg)
    statements = _statements(kg, articles)

    graph = nx.DiGraph(articles=kept)
    node_articles = {node: len(arts & kept.keys()) for node, arts in mentions.items()}
    entities = sorted(x for x in mentions if x.startswith(str(ENTITY)) and node_articles[x])

    def node_type(iri: str) -> str:
        return min(typed[iri].items(), key=lambda kv: (-kv[1], _TYPE_ORDER.get(kv[0], 99)))[0]

    def add_entity(iri: str) -> bool:
        if iri in graph:
            return True
        if iri not in typed:
            return False
        kind = node_type(iri)
        if wanted is not None and kind not in wanted:
            return False
        label, aliases, titles = names.get(iri, ("", (), ()))
        graph.add_node(
            iri,
            label=label or iri.rsplit("/", 1)[-1],
            type=kind,
            kind="entity",
            aliases=aliases,
            articles=node_articles.get(iri, 0),
            job_titles=titles,
        )
        return True

    for iri in entities:
        add_entity(iri)

    edges: dict[tuple[str, str], list[Source]] = defaultdict(list)
    labels: dict[tuple[str, str], Counter] = defaultdict(Counter)

    if events:
        event_sources: dict[str, list[Source]] = defaultdict(list)
        for st in statements:
            if st.predicate == _RDF + "type":
                event_sources[st.subject].append(st.source)
        for iri, record in sorted(_events(kg).items()):
            sources = event_sources.get(iri, [])
            if not _keep_event(
                record,
                sources,
                mentions.get(iri, set()),
                kept,
                min_confidence,
                dated,
                date_from,
                date_to,
            ):
                continue
            kind = "Agreement" if NKG_NS + "Agreement" in record.types else "Event"
            if wanted is not None and kind not in wanted:
                continue
            graph.add_node(
                iri,
                label=record.label or iri.rsplit("/", 1)[-1],
                type=kind,
                kind="event",
                aliases=(),
                articles=node_articles.get(iri, 0),
                job_titles=(),
                event_type=record.event_type,
                date=record.date,
                date_text=record.date_text,
                quantities=tuple(sorted(record.quantities)),
                provisions=tuple(sorted(record.provisions)),
            )
            sources = [s for s in sources if s.confidence >= min_confidence]
            roles: dict[tuple[str, str], set[str]] = defaultdict(set)
            for role, entity in record.roles:
                if add_entity(entity):
                    roles[(iri, entity) if role == "location" else (entity, iri)].add(role)
            for pair, names in sorted(roles.items()):
                role = ", ".join(sorted(names))
                edges[pair].extend(_as_role(s, role) for s in sources or [_no_source(role)])
                labels[pair].update(dict.fromkeys(names, max(len(sources), 1)))

    # Statements last: their subject or object may be an event ("Putin said the deal ...").
    for st in statements:
        if st.predicate == _RDF + "type" or st.source.article not in kept:
            continue
        if st.source.confidence < min_confidence:
            continue
        if st.subject in graph and st.object in graph and st.subject != st.object:
            edges[st.subject, st.object].append(st.source)
            labels[st.subject, st.object][st.source.relation] += 1
    for (u, v), sources in sorted(edges.items()):
        sources.sort(key=lambda s: (-s.confidence, s.sentence, s.article))
        counts = labels[u, v]
        relations = tuple(r for r, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        graph.add_edge(u, v, relations=relations, weight=len(sources), sources=sources)
    return graph


def undirected(graph: nx.DiGraph) -> nx.Graph:
    """The graph without edge direction: ``u -> v`` and ``v -> u`` merge into one edge.

    Weights add up, sources and relations are pooled, and ``distance = 1 / weight`` is set for
    algorithms that need a length (closer = more statements).

    Parameters
    ----------
    graph : networkx.DiGraph
        A projection from :func:`entity_graph` (or any graph with ``weight`` on its edges).

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_edge("a", "b", weight=2, relations=("x",), sources=[])
    >>> g.add_edge("b", "a", weight=1, relations=("y",), sources=[])
    >>> u = undirected(g)
    >>> u["a"]["b"]["weight"], u["a"]["b"]["relations"], round(u["a"]["b"]["distance"], 3)
    (3, ('x', 'y'), 0.333)
    """
    out = nx.Graph(**graph.graph)
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        weight = data.get("weight", 1)
        if out.has_edge(u, v):
            edge = out[u][v]
            edge["weight"] += weight
            edge["sources"] = edge["sources"] + list(data.get("sources", ()))
            edge["relations"] = tuple(
                dict.fromkeys((*edge["relations"], *data.get("relations", ())))
            )
        else:
            out.add_edge(
                u,
                v,
                weight=weight,
                sources=list(data.get("sources", ())),
                relations=tuple(data.get("relations", ())),
            )
        out[u][v]["distance"] = 1.0 / max(out[u][v]["weight"], 1)
    return out


# ---------------------------------------------------------------------------- store readers
def _articles(kg) -> dict[str, dict[str, str | None]]:
    out: dict[str, dict[str, str | None]] = {}
    for row in kg.ox_query(_ARTICLES):
        meta = out.setdefault(row["g"].value, {"title": "", "date": None})
        if row["title"] is not None and not meta["title"]:
            meta["title"] = row["title"].value
        if row["date"] is not None and meta["date"] is None:
            meta["date"] = row["date"].value[:10]
    return out


def _mentions(kg) -> tuple[dict[str, set[str]], dict[str, Counter]]:
    """Articles mentioning each node, and how many articles give it each type."""
    mentions: dict[str, set[str]] = defaultdict(set)
    typed: dict[str, Counter] = defaultdict(Counter)
    for row in kg.ox_query(_MENTIONS):
        x, kind = row["x"].value, row["type"].value
        mentions[x].add(row["g"].value)
        if kind.startswith(_SCHEMA) and x.startswith(str(ENTITY)):
            typed[x][kind[len(_SCHEMA) :]] += 1
    return mentions, typed


def _names(kg) -> dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]:
    labels: dict[str, list[str]] = defaultdict(list)
    aliases: dict[str, set[str]] = defaultdict(set)
    titles: dict[str, set[str]] = defaultdict(set)
    for row in kg.ox_query(_NAMES):
        x, p, v = row["x"].value, row["p"].value, row["v"].value
        if not x.startswith(str(ENTITY)):
            continue
        if p == _RDFS + "label":
            labels[x].append(v)
        elif p == _SKOS + "altLabel":
            aliases[x].add(v)
        else:
            titles[x].add(v)
    out = {}
    for x in labels.keys() | aliases.keys() | titles.keys():
        label = min(labels[x], key=lambda s: (-len(s), s)) if labels[x] else ""
        out[x] = (
            label,
            tuple(sorted(aliases[x] | set(labels[x]) - {label})),
            tuple(sorted(titles[x])),
        )
    return out


def _statements(kg, articles: dict[str, dict]) -> list[_Statement]:
    labels: dict[str, str] = {}
    for row in kg.ox_query(_PREDICATE_LABELS):
        labels.setdefault(row["p"].value, row["label"].value)
    out: dict[str, _Statement] = {}
    for row in kg.ox_query(_STATEMENTS):
        st = row["st"].value
        if st in out:
            continue
        p, g = row["p"].value, row["g"].value
        relation = labels.get(p) or p.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        source = Source(
            sentence=row["sentence"].value if row["sentence"] is not None else "",
            title=str(articles.get(g, {}).get("title") or ""),
            article=g,
            confidence=float(row["confidence"].value) if row["confidence"] is not None else 1.0,
            relation=relation,
            negated=row["negated"] is not None and row["negated"].value == "true",
        )
        out[st] = _Statement(row["s"].value, p, row["o"].value, source)
    return [out[key] for key in sorted(out)]


def _events(kg) -> dict[str, _EventRecord]:
    records: dict[str, _EventRecord] = defaultdict(_EventRecord)
    for row in kg.ox_query(_EVENTS):
        ev, p, v = row["ev"].value, row["p"].value, row["v"].value
        if not ev.startswith(str(EVENT)):
            continue
        record = records[ev]
        if p == _RDF + "type":
            record.types.add(v)
        elif p == _RDFS + "label":
            record.label = min(filter(None, (record.label, v)), key=lambda s: (-len(s), s))
        elif p == NKG_NS + "eventType":
            record.event_type = record.event_type or v
        elif p == _SCHEMA + "startDate":
            record.date = min(filter(None, (record.date, v[:10])))
        elif p == NKG_NS + "dateText":
            record.date_text = record.date_text or v
        elif p == NKG_NS + "quantity":
            record.quantities.add(v)
        elif p == NKG_NS + "provision":
            record.provisions.add(v)
        elif p in ROLES and v.startswith(str(ENTITY)):
            record.roles.append((ROLES[p], v))
    return dict(records)


# ---------------------------------------------------------------------------- helpers
def _normalise_types(types: Iterable[str] | None) -> set[str] | None:
    if types is None:
        return None
    by_lower = {name.lower(): name for name in NODE_TYPES}
    out = set()
    for name in types:
        if name.lower() not in by_lower:
            raise ValueError(f"unknown type {name!r}; choose from {', '.join(NODE_TYPES)}")
        out.add(by_lower[name.lower()])
    return out or None


def _in_range(date: str | None, start: dt.date | None, end: dt.date | None) -> bool:
    if date is None:
        return False
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        return False
    return (start is None or day >= start) and (end is None or day <= end)


def _keep_event(
    record: _EventRecord,
    sources: list[Source],
    mentioned_in: set[str],
    kept: dict[str, dict],
    min_confidence: float,
    dated: bool,
    date_from: dt.date | None,
    date_to: dt.date | None,
) -> bool:
    if sources and max(s.confidence for s in sources) < min_confidence:
        return False
    if dated and record.date is not None:
        return _in_range(record.date, date_from, date_to)
    articles = mentioned_in | {s.article for s in sources}
    return bool(articles & kept.keys())


def _as_role(source: Source, role: str) -> Source:
    return Source(source.sentence, source.title, source.article, source.confidence, role)


def _no_source(role: str) -> Source:
    return Source("", "", "", 1.0, role)
