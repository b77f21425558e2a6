"""Entity resolution: which mentions name the same real-world entity, in one article and across.

Within an article, :func:`cluster_mentions` groups mentions by

* the gazetteer's canonical name (``US``, ``U.S.`` and ``the United States``);
* short names: ``Putin`` or ``President Putin`` joins the one ``Vladimir Putin`` of the article;
  a short name that two people share (``Miliband`` beside ``Ed Miliband`` and ``David
  Miliband``) is not merged, it is attached to the nearest preceding one and marked ambiguous;
* spelling variants (``Pashiyan`` / ``Pashinyan``, ``Hamed`` / ``Hamid Karzai``): rapidfuzz
  similarity on the one differing name part, same first letter, similar length, every other part
  equal, same type;
* acronyms: ``UN`` / ``United Nations`` through the gazetteer, and the initials of a multiword
  organisation named in the same article;
* aliases the text states (``Shusha, which Armenians call Shushi``; ``also known as``), found by
  :func:`stated_aliases`.

Every merged surface form is kept with its evidence, so a merge can be undone.

Across articles, :class:`EntityIndex` holds the stored entities; :meth:`EntityIndex.resolve` maps
an article's entities onto stored keys before they are written, keeping the stored label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ingest.records import ArticleExtraction, Entity, slugify

__all__ = [
    "Mention",
    "Cluster",
    "EntityIndex",
    "cluster_mentions",
    "initials",
    "name_variant",
    "stated_aliases",
]

#: Minimum rapidfuzz ratio of two spellings of one name part.
SPELLING_SIMILARITY = 80.0

#: Forms too generic to join an article's entity to a stored one by name alone.
_GENERIC_FORMS = frozenset(
    {
        "parliament", "national assembly", "assembly", "government", "congress", "senate",
        "ministry", "army", "council", "cabinet", "commission", "committee", "court", "police",
    }
)  # fmt: skip

_INITIAL_SKIP = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "des", "&", "-"})
_PERSONAL = "Person"


@dataclass(frozen=True)
class Mention:
    """One mention of an entity in an article.

    Parameters
    ----------
    start, end : int
        Token span ``[start, end)`` in the Doc.
    text : str
        Surface form, trimmed.
    name : str
        The name it gives: the gazetteer's canonical name, a constructed one (``Ministry of
        Defence of Russia``), or the surface without honorifics.
    type : str
        schema.org class.
    canonical : bool
        ``name`` is authoritative (gazetteer or constructed), not just the surface.
    char_start, char_end : int
        Character offsets in the article.
    evidence : str
        Why ``text`` names ``name`` when they differ.
    """

    start: int
    end: int
    text: str
    name: str
    type: str
    canonical: bool = False
    char_start: int = 0
    char_end: int = 0
    evidence: str = ""


@dataclass
class Cluster:
    """Mentions of one entity, with the surface forms merged into it and why."""

    name: str
    type: str
    canonical: bool
    mentions: list[Mention] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    ambiguous: list[Mention] = field(default_factory=list)

    def parts(self) -> set[tuple[str, ...]]:
        """The name parts of every full name of the cluster (lower case)."""
        names = {self.name, *(m.name for m in self.mentions)}
        return {tuple(_tokens(n)) for n in names}

    def absorb(self, other: Cluster, evidence: str) -> None:
        for mention in other.mentions:
            self.mentions.append(mention)
            if mention.text != self.name:
                self.aliases.setdefault(mention.text, mention.evidence or evidence)
        if other.name != self.name:
            self.aliases.setdefault(other.name, evidence)
        for surface, why in other.aliases.items():
            self.aliases.setdefault(surface, why)
        self.ambiguous.extend(other.ambiguous)


def _tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s]+", name.lower().replace("’", "'")) if t]


def initials(name: str) -> str:
    """Initials of a multiword name, skipping function words.

    >>> initials("Collective Security Treaty Organization")
    'CSTO'
    >>> initials("Organization for Security and Co-operation in Europe")
    'OSCE'
    """
    letters = []
    for word in re.split(r"[\s]+", name):
        if word.lower() in _INITIAL_SKIP or not word:
            continue
        for n, part in enumerate(word.split("-")):
            if not part or part.lower() in _INITIAL_SKIP or not part[0].isalpha():
                continue
            if n == 0 or part[0].isupper():  # "Co-operation" gives one letter
                letters.append(part[0].upper())
    return "".join(letters)


def _is_acronym(text: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", text)
    return 2 <= len(letters) <= 7 and letters.isupper() and " " not in text.strip()


def _similar_part(a: str, b: str) -> float | None:
    """Similarity of two spellings of one name part, or None when they cannot be one."""
    if a == b:
        return 100.0
    if min(len(a), len(b)) < 4 or a[0] != b[0] or abs(len(a) - len(b)) > 2:
        return None
    score = fuzz.ratio(a, b)
    return score if score >= SPELLING_SIMILARITY else None


def name_variant(a: str, b: str) -> float | None:
    """Similarity when ``a`` and ``b`` are spellings of one person's name, else None.

    Both names have the same number of parts; every part but one is equal and that one is a
    close spelling (same first letter, length within two, rapidfuzz ratio at least
    :data:`SPELLING_SIMILARITY`).

    >>> round(name_variant("Nikol Pashiyan", "Nikol Pashinyan"))
    94
    >>> round(name_variant("Hamed Karzai", "Hamid Karzai"))
    80
    >>> name_variant("George Bush", "Laura Bush") is None
    True
    >>> name_variant("Ed Miliband", "David Miliband") is None
    True
    """
    pa, pb = _tokens(a), _tokens(b)
    if len(pa) != len(pb) or pa == pb:
        return None
    differing = [(x, y) for x, y in zip(pa, pb, strict=True) if x != y]
    if len(differing) != 1:
        return None
    return _similar_part(*differing[0])


def _short_of(short: list[str], full: list[str]) -> bool:
    """``short`` is a shorter form of ``full``: its last part(s), or its first part(s)."""
    short, full = list(short), list(full)
    n = len(short)
    if n >= len(full) or n == 0:
        return False
    return full[-n:] == short or full[:n] == short


def _compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    orgs = {"Organization", "GovernmentOrganization", "NewsMediaOrganization"}
    places = {"Country", "City", "AdministrativeArea", "Place"}
    return (a in orgs and b in orgs) or (a in places and b in places)


def _label_choice(cluster: Cluster) -> str:
    """The label of a cluster of person names: the most mentioned full spelling."""
    if cluster.canonical or cluster.type != _PERSONAL:
        return cluster.name
    counts: dict[str, int] = {}
    for mention in cluster.mentions:
        for part in _tokens(mention.name):
            counts[part] = counts.get(part, 0) + 1
    full = [m.name for m in cluster.mentions if len(_tokens(m.name)) >= 2] or [cluster.name]

    def score(name: str) -> tuple[int, int, int]:
        parts = _tokens(name)
        return (len(parts), sum(counts.get(p, 0) for p in parts), -full.index(name))

    return max(dict.fromkeys(full), key=score)


def cluster_mentions(mentions: Iterable[Mention]) -> list[Cluster]:
    """Group an article's mentions into entities (see the module docstring).

    Parameters
    ----------
    mentions : iterable of Mention
        In document order.

    Returns
    -------
    list of Cluster
        In order of first mention.
    """
    mentions = list(mentions)
    clusters: list[Cluster] = []
    by_name: dict[tuple[str, str], Cluster] = {}

    def family(kind: str) -> str:
        if kind in {"Organization", "GovernmentOrganization", "NewsMediaOrganization"}:
            return "org"
        if kind == _PERSONAL:
            return "person"
        return "place"

    # 1. Exact names (canonical or surface), and full person names.
    for mention in mentions:
        if mention.type == _PERSONAL and len(_tokens(mention.name)) < 2:
            continue
        if mention.type != _PERSONAL and not mention.canonical and _is_acronym(mention.text):
            continue
        key = (family(mention.type), mention.name.lower())
        cluster = by_name.get(key)
        if cluster is None:
            cluster = by_name[key] = Cluster(mention.name, mention.type, mention.canonical)
            clusters.append(cluster)
        elif mention.canonical and not cluster.canonical:
            cluster.canonical, cluster.type = True, mention.type
        cluster.mentions.append(mention)
        if mention.text != mention.name:
            cluster.aliases.setdefault(mention.text, mention.evidence or "same name")

    # 2. Spelling variants of full person names.
    people = [c for c in clusters if c.type == _PERSONAL]
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            if not b.mentions or not a.mentions:
                continue
            score = name_variant(a.name, b.name)
            if score is not None:
                a.absorb(b, f"spelling variant (similarity {score:.0f})")
                b.mentions = []
    clusters = [c for c in clusters if c.mentions]

    # 2b. Shorter full names (Abdullah bin Zayed of Abdullah bin Zayed Al Nahyan).
    people = [c for c in clusters if c.type == _PERSONAL]
    for short in sorted(people, key=lambda c: len(_tokens(c.name))):
        parts = _tokens(short.name)
        longer = [
            c
            for c in people
            if c is not short and c.mentions and any(_short_of(parts, full) for full in c.parts())
        ]
        if len(longer) == 1 and short.mentions:
            longer[0].absorb(short, f"short name of {longer[0].name}")
            short.mentions = []
    clusters = [c for c in clusters if c.mentions]

    # 3. Short names, acronyms and mistyped surnames.
    for mention in mentions:
        if any(mention in c.mentions for c in clusters):
            continue
        _attach_short(mention, clusters, family)

    for cluster in clusters:
        if cluster.type == _PERSONAL:
            label = _label_choice(cluster)
            if label != cluster.name:
                old = cluster.name
                cluster.aliases.pop(label, None)
                score = name_variant(old, label)
                cluster.aliases[old] = (
                    f"spelling variant (similarity {score:.0f})" if score else "spelling variant"
                )
                for surface, why in cluster.aliases.items():
                    cluster.aliases[surface] = why.replace(f" of {old}", f" of {label}")
                cluster.name = label
        cluster.aliases.pop(cluster.name, None)
    return [c for c in clusters if c.mentions]


def _attach_short(mention: Mention, clusters: list[Cluster], family) -> None:
    """Attach a short or acronym mention to a cluster, or start a cluster of its own."""
    parts = _tokens(mention.name)
    people = [c for c in clusters if c.type == _PERSONAL and c.mentions]
    if mention.type == _PERSONAL or not mention.canonical:
        exact = [c for c in people if any(_short_of(parts, full) for full in c.parts())]
        if len(exact) == 1:
            exact[0].mentions.append(mention)
            exact[0].aliases.setdefault(mention.text, f"short name of {exact[0].name}")
            return
        if len(exact) > 1:
            nearest = max(
                exact,
                key=lambda c: (
                    max(m.start for m in c.mentions if m.start < mention.start)
                    if any(m.start < mention.start for m in c.mentions)
                    else -1
                ),
            )  # noqa: E501
            nearest.ambiguous.append(mention)
            return
        if mention.type == _PERSONAL and len(parts) == 1:
            for cluster in people:
                for full in cluster.parts():
                    score = _similar_part(parts[0], full[-1]) if len(full) > 1 else None
                    if score is not None and score < 100:
                        cluster.mentions.append(mention)
                        cluster.aliases.setdefault(
                            mention.text, f"spelling variant (similarity {score:.0f})"
                        )
                        return
    if family(mention.type) == "org" and _is_acronym(mention.text):
        letters = re.sub(r"[^A-Za-z]", "", mention.text).upper()
        for cluster in clusters:
            if (
                family(cluster.type) == "org"
                and cluster.mentions
                and initials(cluster.name) == letters
            ):
                cluster.mentions.append(mention)
                cluster.aliases.setdefault(mention.text, "acronym")
                return
    for cluster in clusters:
        if (
            cluster.mentions
            and cluster.name.lower() == mention.name.lower()
            and _compatible(cluster.type, mention.type)
        ):
            cluster.mentions.append(mention)
            if mention.text != cluster.name:
                cluster.aliases.setdefault(mention.text, mention.evidence or "same name")
            return
    cluster = Cluster(mention.name, mention.type, mention.canonical, [mention])
    if mention.text != mention.name:
        cluster.aliases[mention.text] = mention.evidence or "same name"
    clusters.append(cluster)
    if family(mention.type) == "org" and not _is_acronym(mention.text):
        # An acronym seen earlier than its expansion joins it now.
        for other in clusters[:-1]:
            if (
                other.mentions
                and family(other.type) == "org"
                and _is_acronym(other.name)
                and not other.canonical
                and initials(mention.name) == re.sub(r"[^A-Za-z]", "", other.name).upper()
            ):
                cluster.absorb(other, "acronym")
                other.mentions = []


_STATED_ALIAS = re.compile(
    r"^\s*,?\s*(?:(?:which|whom|who)\s+(?:[\w-]+\s+){0,3}(?:calls?|called|know|knows)\s+(?:as\s+)?"
    r"|\(?\s*(?:also\s+)?(?:known|called|spelt|spelled|referred\s+to)\s+(?:locally\s+)?(?:as\s+)?"
    r"|\(\s*)$",
    re.IGNORECASE,
)


def stated_aliases(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Pairs of mentions the text states are names of one thing.

    Parameters
    ----------
    text : str
        The article text.
    spans : list of (int, int)
        Character spans of the mentions, in order.

    Returns
    -------
    list of (int, int, str)
        Indexes into ``spans`` of the named thing and of its alias, and the phrase between.

    >>> text = "the city Shusha, which Armenians call Shushi. Later"
    >>> stated_aliases(text, [(9, 15), (38, 44)])
    [(0, 1, ', which Armenians call')]
    """
    pairs = []
    for i in range(len(spans) - 1):
        between = text[spans[i][1] : spans[i + 1][0]]
        if len(between) > 60 or "\n" in between:
            continue
        if _STATED_ALIAS.match(between):
            pairs.append((i, i + 1, " ".join(between.split())))
    return pairs


# --------------------------------------------------------------------------------------------
# Across articles.


@dataclass
class EntityIndex:
    """Stored entities by key, with their label, type and surface forms."""

    labels: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    forms: dict[str, set[str]] = field(default_factory=dict)
    by_form: dict[str, set[str]] = field(default_factory=dict)
    by_part: dict[str, set[str]] = field(default_factory=dict)
    by_initials: dict[str, set[str]] = field(default_factory=dict)
    relabels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_store(cls, kg) -> EntityIndex:
        """The index of every entity in the store ``kg``."""
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
            forms = {row["label"].value}
            if row["alt"] is not None:
                forms.add(row["alt"].value)
            index.add(key, row["label"].value, row["type"].value.rsplit("/", 1)[-1], forms)
        return index

    def add(self, key: str, label: str, type_: str, forms: Iterable[str]) -> None:
        """Record one entity (the first label and type of a key stay)."""
        self.labels.setdefault(key, label)
        self.types.setdefault(key, type_)
        known = self.forms.setdefault(key, set())
        for form in {label, *forms}:
            if form in known:
                continue
            known.add(form)
            self.by_form.setdefault(form.lower(), set()).add(key)
        if self.types[key] == _PERSONAL:
            parts = _tokens(self.labels[key])
            if len(parts) >= 2:
                self.by_part.setdefault(parts[-1], set()).add(key)
                self.by_part.setdefault(parts[0], set()).add(key)
        elif not _is_acronym(label) and len(label.split()) > 1:
            self.by_initials.setdefault(initials(label), set()).add(key)

    def update(self, extraction: ArticleExtraction) -> None:
        """Record the entities of an article just written."""
        for key, entity in extraction.entities.items():
            self.add(key, entity.label, entity.type, entity.aliases)
        for key, label in self.relabels.items():
            self.labels[key] = label
            if self.types.get(key) == _PERSONAL:
                parts = _tokens(label)
                if len(parts) >= 2:
                    self.by_part.setdefault(parts[-1], set()).add(key)
                    self.by_part.setdefault(parts[0], set()).add(key)

    def take_relabels(self) -> dict[str, str]:
        """Keys whose stored label must become a fuller name, emptied on reading."""
        out, self.relabels = self.relabels, {}
        return out

    def match(self, entity: Entity) -> tuple[str, str] | None:
        """The stored key ``entity`` is, and the evidence, or None."""
        if entity.key in self.labels and _compatible(self.types[entity.key], entity.type):
            return None
        for form in (entity.label, *entity.aliases):
            if form.lower().removeprefix("the ") in _GENERIC_FORMS:
                continue
            keys = [k for k in self.by_form.get(form.lower(), ()) if self._fits(k, entity)]
            if len(keys) == 1:
                stored = self.labels[keys[0]]
                if entity.type == _PERSONAL and _short_of(_tokens(stored), _tokens(entity.label)):
                    return keys[0], f"full name of the stored {stored}"
                return keys[0], f"same name as stored {stored}"
        parts = _tokens(entity.label)
        if entity.type == _PERSONAL and len(parts) == 1:
            keys = [
                k
                for k in self.by_part.get(parts[0], ())
                if self.types[k] == _PERSONAL and _short_of(parts, _tokens(self.labels[k]))
            ]
            if len(keys) == 1:
                return keys[0], f"short name of {self.labels[keys[0]]}"
        if entity.type == _PERSONAL and len(parts) >= 2:
            keys = [
                k
                for k in self.by_form.get(parts[-1], ())
                if self.types[k] == _PERSONAL and len(_tokens(self.labels[k])) == 1
            ]
            if len(keys) == 1:
                return keys[0], f"full name of the stored {self.labels[keys[0]]}"
            candidates = self.by_part.get(parts[-1], set()) | self.by_part.get(parts[0], set())
            for key in sorted(candidates):
                score = name_variant(entity.label, self.labels[key])
                if score is not None and self.types[key] == _PERSONAL:
                    return key, f"spelling variant (similarity {score:.0f})"
        if entity.type != _PERSONAL and _is_acronym(entity.label):
            letters = re.sub(r"[^A-Za-z]", "", entity.label).upper()
            keys = [k for k in self.by_initials.get(letters, ()) if self._fits(k, entity)]
            if len(keys) == 1:
                return keys[0], "acronym"
        return None

    def _fits(self, key: str, entity: Entity) -> bool:
        return _compatible(self.types[key], entity.type)

    def resolve(self, entities: dict[str, Entity], token_entity: dict[int, str]) -> None:
        """Map an article's entities onto stored keys, in place.

        An entity that is a stored one under another name (``Putin`` when the store has one
        ``Vladimir Putin``; ``Pashiyan`` for ``Pashinyan``; ``CSTO`` for ``Collective Security
        Treaty Organization``) takes the stored key, label and type; its own label becomes an
        alias with the evidence.
        """
        renames: dict[str, str] = {}
        for key, entity in list(entities.items()):
            found = self.match(entity)
            if found is None:
                continue
            stored, evidence = found
            renames[key] = stored
            target = entities.get(stored)
            if target is None:
                target = Entity(key=stored, label=self.labels[stored], type=self.types[stored])
                entities[stored] = target
            if evidence.startswith("full name of the stored"):
                # "Vladimir Putin" after a stored "Putin": the fuller name becomes the label of
                # the stored node (its IRI stays); the short one is kept as an alias.
                old = self.labels[stored]
                target.label = entity.label
                target.aliases.pop(entity.label, None)
                target.add_alias(old, f"short name of {entity.label}")
                self.relabels[stored] = entity.label
            else:
                target.add_alias(entity.label, evidence)
            for surface, why in entity.aliases.items():
                target.add_alias(surface, why)
            target.mentions.extend(entity.mentions)
            target.job_titles |= entity.job_titles
            target.demonyms |= entity.demonyms
            del entities[key]
        if renames:
            for i, key in token_entity.items():
                if key in renames:
                    token_entity[i] = renames[key]


def cluster_key(cluster: Cluster) -> str:
    """The entity key of a cluster."""
    return slugify(cluster.name)
