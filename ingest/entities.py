"""Entities of one article: NER spans typed with schema.org classes and merged by name.

:func:`find_entities` returns the article's entities and, for every token inside a mention, the
key of the entity it belongs to, so relation arguments can be mapped to entities.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ingest.records import Entity, slugify

__all__ = ["find_entities", "NER_TYPES"]

NER_TYPES = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "AdministrativeArea",
    "LOC": "Place",
    "FAC": "Place",
}


def find_entities(doc: Doc) -> tuple[dict[str, Entity], dict[int, str]]:
    """Entities of ``doc`` and a map from token index to entity key."""
    entities: dict[str, Entity] = {}
    token_entity: dict[int, str] = {}
    for ent in doc.ents:
        schema_type = NER_TYPES.get(ent.label_)
        if schema_type is None:
            continue
        name = ent.text.strip()
        if name.lower().startswith("the "):
            name = name[4:]
        key = slugify(name)
        entity = entities.get(key)
        if entity is None:
            entity = entities[key] = Entity(key=key, label=name, type=schema_type)
        entity.mentions.append((ent.start_char, ent.end_char))
        for i in range(ent.start, ent.end):
            token_entity[i] = key
    return entities, token_entity
