"""Turn an :class:`~ingest.records.ArticleExtraction` into RDF quads, following DESIGN.md.

Every quad goes into the article's named graph (the article IRI). For each relation there is a
direct triple between entity IRIs and an ``rdf:Statement`` record with its provenance.
"""

from __future__ import annotations

import hashlib

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import PROV, SDO, SKOS

from graph.vocab import ARTICLE, ENTITY, EVENT, NKG, REL, STATEMENT
from ingest.records import ArticleExtraction, Entity, Event, Relation, slugify

__all__ = ["article_iri", "entity_iri", "predicate_iri", "extraction_quads", "Quad"]

Quad = tuple[URIRef, URIRef, object, URIRef]

_ONTOLOGY_RELATIONS = {
    "deploy",
    "sign",
    "broker",
    "mediate",
    "capture",
    "storm",
    "withdraw",
    "kill",
    "support",
    "leads",
    "memberOf",
    "locatedIn",
    "sameAs",
    "said",
}


def article_iri(content_hash: str) -> URIRef:
    """The IRI of an article and of the named graph holding what was read from it."""
    return ARTICLE[content_hash[:24]]


def entity_iri(key: str) -> URIRef:
    return ENTITY[key]


def predicate_iri(predicate: str) -> URIRef:
    """An ontology relation, or an open relation IRI under ``rel:`` for any other phrase.

    >>> str(predicate_iri("deploy"))
    'https://w3id.org/newskg/ns#deploy'
    >>> str(predicate_iri("pave the way for"))
    'https://w3id.org/newskg/rel/pave-the-way-for'
    """
    if predicate in _ONTOLOGY_RELATIONS:
        return NKG[predicate]
    return REL[slugify(predicate)]


def extraction_quads(extraction: ArticleExtraction) -> list[Quad]:
    """All quads for one article, in its own named graph."""
    article = extraction.article
    g = article_iri(article.content_hash)
    quads: list[Quad] = []

    def add(s, p, o) -> None:
        quads.append((s, p, o, g))

    add(g, RDF.type, SDO.NewsArticle)
    add(g, SDO.headline, Literal(article.title))
    add(g, NKG.contentHash, Literal(article.content_hash))
    add(g, NKG.sourceFile, Literal(article.origin))
    add(g, SDO.text, Literal(article.text))
    if article.source:
        add(g, SDO.publisher, Literal(article.source))
    if article.url:
        add(g, SDO.url, Literal(article.url, datatype=XSD.anyURI))
    if article.date:
        add(g, SDO.datePublished, Literal(article.date, datatype=XSD.date))

    for entity in extraction.entities.values():
        _entity_quads(entity, g, add)
    used_predicates: set[str] = set()
    events = {event.key for event in extraction.events}
    for relation in extraction.relations:
        if relation.subject not in extraction.entities:
            continue
        if relation.object in events:  # "Putin said the deal ...": an agreement as object
            obj = EVENT[relation.object]
        elif relation.object in extraction.entities:
            obj = entity_iri(relation.object)
        else:
            continue
        used_predicates.add(relation.predicate)
        _relation_quads(relation, obj, g, add)
    for predicate in used_predicates - _ONTOLOGY_RELATIONS:
        p = predicate_iri(predicate)
        add(p, RDF.type, NKG.Relation)
        add(p, RDFS.label, Literal(predicate))
        add(p, RDFS.subPropertyOf, NKG.relatedTo)
    for event in extraction.events:
        _event_quads(event, g, add)
    return quads


def _entity_quads(entity: Entity, g: URIRef, add) -> None:
    e = entity_iri(entity.key)
    add(e, RDF.type, SDO[entity.type])
    add(e, RDFS.label, Literal(entity.label))
    add(e, NKG.mentionCount, Literal(len(entity.mentions) or 1))
    add(g, SDO.mentions, e)
    for surface, evidence in sorted(entity.aliases.items()):
        add(e, SKOS.altLabel, Literal(surface))
        add(e, NKG.mergeEvidence, Literal(f"{surface}: {evidence}"))
    for title in sorted(entity.job_titles):
        add(e, NKG.jobTitle, Literal(title))
    for demonym in sorted(entity.demonyms):
        add(e, NKG.demonym, Literal(demonym))


def _statement_id(g: URIRef, *parts: object) -> URIRef:
    digest = hashlib.sha1("\x1f".join(map(str, (g, *parts))).encode("utf-8")).hexdigest()
    return STATEMENT[digest[:24]]


def _relation_quads(relation: Relation, o: URIRef, g: URIRef, add) -> None:
    s = entity_iri(relation.subject)
    p = predicate_iri(relation.predicate)
    add(s, p, o)
    st = _statement_id(g, s, p, o, relation.start, relation.relation_text)
    add(st, RDF.type, RDF.Statement)
    add(st, RDF.subject, s)
    add(st, RDF.predicate, p)
    add(st, RDF.object, o)
    add(st, PROV.wasDerivedFrom, g)
    add(st, NKG.sentence, Literal(relation.sentence))
    add(st, NKG.charStart, Literal(relation.start))
    add(st, NKG.charEnd, Literal(relation.end))
    add(st, NKG.confidence, Literal(round(relation.confidence, 3), datatype=XSD.decimal))
    if relation.relation_text:
        add(st, NKG.relationText, Literal(relation.relation_text))
    add(st, NKG.negated, Literal(relation.negated))
    add(st, NKG.reported, Literal(relation.reported))
    if relation.modality:
        add(st, NKG.modality, Literal(relation.modality))
    if relation.speaker:
        add(st, NKG.speaker, entity_iri(relation.speaker))
    for argument in relation.arguments:
        add(st, NKG.argument, Literal(argument))


_ROLE_PROPERTIES = {
    "party": NKG.party,
    "signatory": NKG.signatory,
    "mediator": NKG.mediator,
    "agent": NKG.agent,
    "target": NKG.target,
    "location": SDO.location,
}


def _event_quads(event: Event, g: URIRef, add) -> None:
    ev = EVENT[event.key]
    add(ev, RDF.type, NKG.Agreement if event.is_agreement else SDO.Event)
    if event.is_agreement:
        add(ev, RDF.type, SDO.Event)
    add(ev, RDFS.label, Literal(event.label))
    add(ev, NKG.eventType, Literal(event.kind))
    add(ev, NKG.trigger, Literal(event.trigger))
    add(g, SDO.mentions, ev)
    for role, keys in sorted(event.roles.items()):
        prop = _ROLE_PROPERTIES.get(role)
        if prop is None:
            continue
        for key in sorted(keys):
            add(ev, prop, entity_iri(key))
    if event.date:
        add(ev, SDO.startDate, Literal(event.date, datatype=XSD.date))
    if event.date_text:
        add(ev, NKG.dateText, Literal(event.date_text))
    for quantity in event.quantities:
        add(ev, NKG.quantity, Literal(quantity))
    for provision in event.provisions:
        add(ev, NKG.provision, Literal(provision))
    st = _statement_id(g, ev, event.start, event.trigger)
    add(st, RDF.type, RDF.Statement)
    add(st, RDF.subject, ev)
    add(st, RDF.predicate, RDF.type)
    add(st, RDF.object, NKG.Agreement if event.is_agreement else SDO.Event)
    add(st, PROV.wasDerivedFrom, g)
    add(st, NKG.sentence, Literal(event.sentence))
    add(st, NKG.charStart, Literal(event.start))
    add(st, NKG.charEnd, Literal(event.end))
    add(st, NKG.confidence, Literal(round(event.confidence, 3), datatype=XSD.decimal))
