"""Cross-article entity resolution: reuse the IRI of an entity already in the store.

:class:`EntityIndex` holds every stored entity's label and aliases; an article's entities are
mapped onto it before they are written, so "Putin" in a new article joins the stored
"Vladimir Putin".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.records import ArticleExtraction

__all__ = ["EntityIndex"]


@dataclass
class EntityIndex:
    """Stored entities by key, with their label, type and surface forms."""

    labels: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    forms: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_store(cls, kg) -> EntityIndex:
        index = cls()
        rows = kg.ox_query(
            """SELECT ?e ?type ?label ?alt WHERE {
                 ?e rdfs:label ?label ; a ?type .
                 FILTER(STRSTARTS(STR(?e), "https://w3id.org/newskg/id/"))
                 FILTER(STRSTARTS(STR(?type), "https://schema.org/"))
                 OPTIONAL { ?e skos:altLabel ?alt }
               }"""
        )
        prefix = len("https://w3id.org/newskg/id/")
        for row in rows:
            key = row["e"].value[prefix:]
            index.labels.setdefault(key, row["label"].value)
            index.types.setdefault(key, row["type"].value.rsplit("/", 1)[-1])
            forms = index.forms.setdefault(key, {row["label"].value})
            if row["alt"] is not None:
                forms.add(row["alt"].value)
        return index

    def update(self, extraction: ArticleExtraction) -> None:
        for key, entity in extraction.entities.items():
            self.labels.setdefault(key, entity.label)
            self.types.setdefault(key, entity.type)
            self.forms.setdefault(key, set()).update({entity.label, *entity.aliases})
