"""Typed records that ingest hands to the graph layer: entities, relations and events of an article.

They hold plain values (text, offsets, keys), no RDF: ``graph/model.py`` turns them into quads.
An entity is referred to by its *key*, the slug of its canonical name, which is also the last
part of its IRI, so the same name in two articles gives the same node.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from ingest.readers import Article

__all__ = [
    "ENTITY_TYPES",
    "Entity",
    "Relation",
    "Event",
    "ArticleExtraction",
    "slugify",
]

#: schema.org classes newskg gives to entities (local names under https://schema.org/).
ENTITY_TYPES = (
    "Person",
    "Organization",
    "GovernmentOrganization",
    "NewsMediaOrganization",
    "Country",
    "City",
    "AdministrativeArea",
    "Place",
    "Event",
)


def slugify(name: str) -> str:
    """Turn a name into the stable key used in entity IRIs.

    >>> slugify("Nagorno-Karabakh")
    'nagorno-karabakh'
    >>> slugify("U.S. Department of State")
    'u-s-department-of-state'
    >>> slugify("Recep Tayyip Erdoğan")
    'recep-tayyip-erdogan'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "x" + format(abs(hash(name)) % 10**8, "08d")


@dataclass
class Entity:
    """A real-world entity found in an article, with every surface form merged into it."""

    key: str
    label: str
    type: str
    aliases: dict[str, str] = field(default_factory=dict)  # surface form -> merge evidence
    mentions: list[tuple[int, int]] = field(default_factory=list)  # character offsets
    job_titles: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)

    def add_alias(self, surface: str, evidence: str) -> None:
        if surface and surface != self.label and surface not in self.aliases:
            self.aliases[surface] = evidence


@dataclass(frozen=True)
class Relation:
    """A relation between two entities read from one sentence, with its provenance."""

    subject: str
    predicate: str  # ontology term local name (deploy, leads, ...) or an open relation phrase
    object: str
    sentence: str
    start: int
    end: int
    confidence: float
    relation_text: str = ""
    negated: bool = False
    modality: str | None = None
    reported: bool = False
    speaker: str | None = None
    arguments: tuple[str, ...] = ()


@dataclass
class Event:
    """An n-ary agreement or event node: who took part in which role, where, when, how many."""

    key: str
    kind: str  # ceasefire, deal, deploy, capture, ...
    is_agreement: bool
    label: str
    trigger: str
    sentence: str
    start: int
    end: int
    confidence: float
    roles: dict[str, set[str]] = field(default_factory=dict)  # party/signatory/mediator/agent/...
    date: dt.date | None = None
    date_text: str | None = None
    quantities: list[str] = field(default_factory=list)
    provisions: list[str] = field(default_factory=list)

    def add_role(self, role: str, entity_key: str) -> None:
        self.roles.setdefault(role, set()).add(entity_key)


@dataclass
class ArticleExtraction:
    """Everything ingest read from one article."""

    article: Article
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
