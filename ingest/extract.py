"""From a parsed article to its entities, relations and events (an :class:`ArticleExtraction`).

Open triples come from :mod:`ingest.openie`; a triple becomes a relation between entities when
its subject and its object (or a further argument, whose preposition then joins the relation)
contain an entity mention.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ingest import events, openie
from ingest.entities import find_entities
from ingest.readers import Article
from ingest.records import ArticleExtraction, Relation

__all__ = ["extract_article", "relation_name"]


def extract_article(doc: Doc, article: Article, index=None) -> ArticleExtraction:
    """Everything newskg reads from one parsed article.

    Parameters
    ----------
    doc : Doc
        The article text after the spaCy pipeline.
    article : Article
        The article record (metadata, content hash).
    index : ingest.resolve.EntityIndex, optional
        Entities already stored, to reuse their keys across articles.
    """
    entities, token_entity = find_entities(doc)
    if index is not None and hasattr(index, "resolve"):
        index.resolve(entities, token_entity)
    extraction = ArticleExtraction(article=article, entities=entities)
    seen: set[tuple] = set()
    for sent in doc.sents:
        for triple in openie.extract(sent):
            for relation in _relations(triple, sent, token_entity):
                key = (relation.subject, relation.predicate, relation.object, relation.start)
                if key not in seen and relation.subject != relation.object:
                    seen.add(key)
                    extraction.relations.append(relation)
    extraction.events.extend(events.find_events(doc, extraction))
    return extraction


def _entity_in(span: tuple[int, int] | None, token_entity: dict[int, str]) -> str | None:
    """The entity of a span: the one with a token nearest the span's start."""
    if span is None:
        return None
    for i in range(span[0], span[1]):
        key = token_entity.get(i)
        if key is not None:
            return key
    return None


def relation_name(doc: Doc, head: int, preposition: str | None = None) -> str:
    """The relation's name from its head verb's lemma, plus a preposition when one joins it."""
    token = doc[head]
    lemma = token.lemma_.lower() if token.lemma_ else token.text.lower()
    particles = [c.text.lower() for c in token.children if c.dep_ == "prt"]
    parts = [lemma, *particles]
    if preposition:
        parts.append(preposition.lower())
    return " ".join(parts)


def _relations(triple, sent: Span, token_entity: dict[int, str]):
    doc = sent.doc
    subject = _entity_in(triple.subject_span, token_entity)
    if subject is None:
        return
    targets: list[tuple[str, str | None]] = []
    obj = _entity_in(triple.object_span, token_entity)
    if obj is not None:
        targets.append((obj, _leading_preposition(doc, triple.object_span)))
    for span in getattr(triple, "extra_spans", ()) or ():
        key = _entity_in(span, token_entity)
        if key is not None:
            targets.append((key, _leading_preposition(doc, span)))
    head = getattr(triple, "relation_head", None)
    for target, prep in targets:
        predicate = relation_name(doc, head, prep) if head is not None else triple.relation.lower()
        yield Relation(
            subject=subject,
            predicate=predicate,
            object=target,
            sentence=sent.text,
            start=sent.start_char,
            end=sent.end_char,
            confidence=float(triple.confidence),
            relation_text=triple.relation,
            negated=bool(getattr(triple, "negated", False)),
            modality=getattr(triple, "modality", None),
            reported=bool(getattr(triple, "reported_by", None)),
            speaker=_speaker_key(triple, token_entity),
            arguments=tuple(getattr(triple, "extra", ()) or ()),
        )


def _leading_preposition(doc: Doc, span: tuple[int, int] | None) -> str | None:
    if span is None or span[0] >= span[1]:
        return None
    first = doc[span[0]]
    return first.text if first.dep_ == "prep" or first.pos_ == "ADP" else None


def _speaker_key(triple, token_entity: dict[int, str]) -> str | None:
    span = getattr(triple, "reported_by_span", None)
    return _entity_in(span, token_entity) if span else None
