"""Entities of one article: typed mentions, resolved into entities a reader would trust.

:func:`find_entities` returns the article's entities and, for every token that names one, the
key of that entity, so relation arguments can be mapped to entities. :func:`entity_map` returns
the same and more (demonym tokens, ambiguous short names, gender hints) for extraction.

What becomes an entity, and of which schema.org class:

* people (``PERSON``), without honorifics and titles in the name: ``Sheikh Abdullah bin Zayed``
  is ``Abdullah bin Zayed`` with the titled form kept as an alias;
* places: the gazetteer's name and class when it knows the name (``Country``, ``City``,
  ``AdministrativeArea``, ``Place``), else ``City`` for a geonames city, ``AdministrativeArea``
  for another ``GPE`` and ``Place`` for ``LOC`` and ``FAC``;
* organisations: the gazetteer's class, else ``GovernmentOrganization`` or
  ``NewsMediaOrganization`` by the head word (``ministry``, ``parliament``; ``news``, ``times``),
  else ``Organization``. A ministry or legislature named through its country (``the Russian
  defence ministry``, ``Armenia's parliament``) gets a constructed name (``Ministry of Defence of
  Russia``, ``National Assembly of Armenia``), so every form joins one node.

What does not: pronouns, dates, numbers and generic nouns (they are never ``PERSON``/``ORG``/
``GPE`` spans), spans the model got wrong (``Abraham Accords`` as a person, ``Martial`` of
"martial law"), and demonyms. A demonym (``Armenian``, ``Azerbaijanis``) is stored on its
country (:attr:`Entity.demonyms`); it stands for the country only where it modifies an actor noun
(``Russian peacekeepers``, ``Azerbaijani forces``, ``the Armenian side``): those tokens map to the
country, so ``Russian peacekeepers were deployed`` gives ``Russia deploy ...``. A plural demonym
used alone (``Armenians call it Shushi``) is the people, not the state, and maps to nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ingest.gazetteer import Gazetteer, load_gazetteer, normalize, trim_span
from ingest.records import Entity, slugify
from ingest.resolve import Cluster, Mention, cluster_mentions, stated_aliases
from ingest.roles import HONORIFICS, title_words_before

__all__ = [
    "ACTOR_NOUNS",
    "NER_TYPES",
    "EntityMap",
    "entity_map",
    "find_entities",
]

#: Default schema.org class of a spaCy label when the gazetteer does not know the name.
NER_TYPES = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "AdministrativeArea",
    "LOC": "Place",
    "FAC": "Place",
}

#: Nouns (lemmas) for which a country demonym or name stands as the actor.
ACTOR_NOUNS = frozenset(
    {
        "peacekeeper", "peacekeepers", "troop", "troops", "force", "forces", "army", "military",
        "serviceman", "servicemen", "soldier", "soldiers", "government", "side", "authority",
        "authorities", "official", "officials", "navy", "jet", "jets", "warplane", "warplanes",
        "diplomat", "diplomats", "delegation", "leadership", "administration", "regime",
        "artillery", "drone", "drones", "unit", "units", "contingent", "mission",
    }
)  # fmt: skip

_GOV_HEADS = frozenset(
    {
        "ministry", "parliament", "government", "assembly", "senate", "congress", "council",
        "commission", "department", "office", "agency", "court", "police", "army", "navy",
        "military", "cabinet", "executive", "committee", "duma", "knesset", "treasury",
        "service", "administration", "kremlin", "pentagon", "legislature", "bureau",
        "authority", "forces", "guard", "intelligence",
    }
)  # fmt: skip
_MEDIA_HEADS = frozenset(
    {
        "news", "times", "post", "journal", "tribune", "herald", "gazette", "telegraph",
        "guardian", "observer", "independent", "mail", "mirror", "express", "radio", "tv",
        "television", "broadcasting", "newspaper", "magazine", "channel", "press", "today",
        "chronicle", "review", "daily", "weekly", "newsnight",
    }
)  # fmt: skip
_LEGISLATURE_HEADS = frozenset({"parliament", "legislature"})
_MINISTRY_KINDS = {
    "defence": "Defence",
    "defense": "Defence",
    "foreign": "Foreign Affairs",
    "interior": "Internal Affairs",
    "finance": "Finance",
    "health": "Health",
    "justice": "Justice",
    "economy": "Economy",
    "energy": "Energy",
    "emergency": "Emergency Situations",
    "emergencies": "Emergency Situations",
    "education": "Education",
    "trade": "Trade",
}
_AGREEMENT_WORDS = frozenset(
    {
        "accord", "accords", "agreement", "agreements", "treaty", "deal", "pact", "protocol",
        "ceasefire", "truce", "declaration", "convention", "charter", "plan", "act", "law",
    }
)  # fmt: skip
_PRONOUNS = frozenset(
    {
        "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her",
        "it", "its", "they", "them", "their", "this", "that", "these", "those", "which", "who",
        "whom", "one", "there", "here",
    }
)  # fmt: skip
_MALE = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "sheikh", "baron", "father"})
_FEMALE = frozenset(
    {"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen", "princess", "baroness"}
)
_BARE_LEGISLATURES = frozenset({"parliament", "national assembly", "legislature"})
_NOT_ACTOR_MODIFIERS = frozenset({"ethnic", "former", "pro", "anti"})


@dataclass
class EntityMap:
    """Entities of one article and where the text names them.

    Attributes
    ----------
    entities : dict[str, Entity]
        By key.
    token_entity : dict[int, str]
        Token index -> entity key, for every token of a mention (and actor nouns).
    demonyms : dict[int, str]
        Token index of a demonym -> the country's canonical name.
    ambiguous : set[int]
        Tokens of short names two entities share, attached to the nearest preceding one.
    gender : dict[str, str]
        Entity key -> ``m`` or ``f`` where an honorific tells.
    """

    entities: dict[str, Entity] = field(default_factory=dict)
    token_entity: dict[int, str] = field(default_factory=dict)
    demonyms: dict[int, str] = field(default_factory=dict)
    ambiguous: set[int] = field(default_factory=set)
    gender: dict[str, str] = field(default_factory=dict)

    def ensure(self, name: str, type_: str) -> str:
        """The key of the entity named ``name``, made if missing."""
        key = slugify(name)
        for existing in self.entities.values():
            if existing.label == name or name in existing.aliases:
                return existing.key
        if key not in self.entities:
            self.entities[key] = Entity(key=key, label=name, type=type_)
        return key

    def country_of(self, i: int) -> str | None:
        """Key of the country that token ``i`` names as a demonym (made if missing)."""
        country = self.demonyms.get(i)
        if country is None:
            return None
        key = self.ensure(country, "Country")
        entity = self.entities[key]
        entity.demonyms.add(self._demonym_text(i))
        return key

    _doc: Doc | None = None

    def _demonym_text(self, i: int) -> str:
        return self._doc[i].text if self._doc is not None else ""


def _cut_at_newline(span: Span) -> Span:
    """The longest part of a span that does not cross a line break."""
    parts: list[tuple[int, int]] = []
    start = span.start
    for token in span:
        if "\n" in token.text or "\n" in token.whitespace_:
            end = token.i if "\n" in token.text else token.i + 1
            if end > start:
                parts.append((start, end))
            start = token.i + 1
    if start < span.end:
        parts.append((start, span.end))
    if not parts:
        return span[0:0]
    a, b = max(parts, key=lambda p: (sum(t.is_alpha for t in span.doc[p[0] : p[1]]), p[0]))
    return Span(span.doc, a, b, label=span.label)


def _is_junk(span: Span, gaz: Gazetteer) -> bool:
    text = span.text
    if not re.search(r"[A-Z]", text) or len(span) > 8:
        return True
    first, last = span[0], span[-1]
    if len(span) == 1 and (first.pos_ == "PRON" or first.lower_ in _PRONOUNS):
        return True
    if span.label_ in {"PERSON", "ORG"} and last.lower_ in _AGREEMENT_WORDS:
        return True
    if (
        span.label_ == "PERSON"
        and len(span) == 1
        and first.dep_ == "amod"
        and first.head.pos_ == "NOUN"
        and first.head.is_lower
    ):
        return True  # "Martial" of "Martial law"
    if span.label_ == "ORG" and gaz.country_of_demonym(first.text) and re.search(r"\d", text):
        return True  # "Russian Mi-24"
    return all(t.like_num or t.is_punct or t.is_space for t in span)


def _strip_person(span: Span) -> tuple[Span, str]:
    """A person span without leading honorifics and titles; the stripped words."""
    start = span.start
    doc = span.doc
    while start < span.end - 1 and (
        doc[start].lower_ in HONORIFICS
        or doc[start].lower_ in {"president", "king", "queen", "prince", "princess", "pope"}
        or (doc[start].lower_ in {"prime", "foreign", "deputy"} and start + 1 < span.end - 1)
        or doc[start].lower_ in {"minister", "general", "gen", "gen.", "col", "col."}
    ):
        start += 1
    stripped = doc[span.start : start].text
    return Span(doc, start, span.end, label=span.label), stripped


def _org_type(span: Span) -> str:
    head = span[-1].lower_
    words = {t.lower_ for t in span}
    if head in _MEDIA_HEADS or "news" in words:
        return "NewsMediaOrganization"
    if head in _GOV_HEADS or words & {"ministry", "parliament", "department"}:
        return "GovernmentOrganization"
    return "Organization"


def _country_modifier(
    head: Token, gaz: Gazetteer, places: dict[int, str]
) -> tuple[str, int] | None:
    """Country named by a demonym or country modifier of ``head``, with the modifier's index."""
    for child in head.children:
        if child.i > head.i or child.dep_ not in {"amod", "compound", "poss", "nmod", "npadvmod"}:
            continue
        country = gaz.country_of_demonym(child.text)
        if country is not None:
            return country, child.i
        if child.i in places:
            return places[child.i], child.left_edge.i
    return None


def _government_name(head: Token, country: str, gaz: Gazetteer) -> str | None:
    """The constructed name of a ministry or legislature of ``country`` headed by ``head``."""
    lemma = head.lower_
    if lemma in _LEGISLATURE_HEADS or (
        lemma == "assembly" and any(c.lower_ == "national" for c in head.children)
    ):
        return gaz.legislature(country)
    if lemma == "ministry":
        kinds = [c.lower_ for c in head.children if c.i < head.i and c.dep_ in {"compound", "amod"}]
        kind = next((_MINISTRY_KINDS[k] for k in kinds if k in _MINISTRY_KINDS), None)
        if kind is None:
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    pobj = [c for c in prep.children if c.dep_ == "pobj"]
                    if pobj:
                        words = [t.text for t in pobj[0].subtree if not t.is_punct]
                        kind = _MINISTRY_KINDS.get(words[-1].lower(), " ".join(words).title())
        if kind:
            return f"Ministry of {kind} of {country}"
    return None


_LOCATIVE = frozenset({"in", "at", "near", "from", "to", "outside", "inside", "around", "into"})


def _title_tokens(doc: Doc) -> set[int]:
    """Tokens of titles before person names ("Secretary of State" John Kerry)."""
    covered: set[int] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            first, words = title_words_before(doc, ent.start)
            if words:
                covered.update(range(first, ent.start))
    return covered


def _ent_mentions(doc: Doc, gaz: Gazetteer, emap: EntityMap) -> list[Mention]:
    mentions: list[Mention] = []
    places: dict[int, str] = {}
    titles = _title_tokens(doc)
    for ent in doc.ents:
        if ent.label_ not in {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}:
            continue
        span = trim_span(_cut_at_newline(ent))
        if len(span) == 0:
            continue
        if ent.label_ != "PERSON" and all(t.i in titles for t in span):
            continue  # "State" of "Secretary of State John Kerry"
        if (
            ent.label_ == "PERSON"
            and len(span) == 1
            and span[0].dep_ == "pobj"
            and span[0].head.lower_ in _LOCATIVE
            and normalize(span.text) in gaz.cities
        ):
            mentions.append(_mention(span, span.text, "City", True, ""))
            continue  # "the reactor at Arak"
        listed = gaz.lookup(span.text)
        party = listed is not None and listed.type == "Organization"  # "Tory", "Lib Dem"
        if (ent.label_ == "NORP" and not party) or (
            gaz.country_of_demonym(span.text) and listed is None
        ):
            country = gaz.country_of_demonym(span.text)
            if country is not None:
                for token in span:
                    emap.demonyms[token.i] = country
            continue
        if _is_junk(span, gaz):
            continue
        entry = gaz.lookup(span.text)
        if entry is not None:
            evidence = "" if entry.name == span.text else f"gazetteer: a name of {entry.name}"
            mentions.append(_mention(span, entry.name, entry.type, True, evidence))
            if entry.type == "Country":
                for token in span:
                    places[token.i] = entry.name
            continue
        if span.label_ == "PERSON":
            name_span, stripped = _strip_person(span)
            evidence = f"name with title ({stripped})" if stripped else ""
            mention = _mention(span, name_span.text, "Person", False, evidence)
            mentions.append(mention)
            before = doc[span.start - 1].lower_ if span.start > 0 else ""
            honorific = (stripped.lower().split() or [before])[0]
            if honorific in _MALE | _FEMALE:
                emap.gender[slugify(name_span.text)] = "m" if honorific in _MALE else "f"
            continue
        if span.label_ == "ORG":
            mentions.append(_org_mention(span, gaz, places, doc))
            continue
        entry = gaz.place_type(span.text)
        kind = entry.type if entry is not None else NER_TYPES[span.label_]
        mentions.append(_mention(span, span.text, kind, False, ""))
    mentions.extend(_government_mentions(doc, gaz, places, mentions))
    return mentions


def _org_mention(span: Span, gaz: Gazetteer, places: dict[int, str], doc: Doc) -> Mention:
    head = span.root
    modifier = _country_modifier(head, gaz, places)
    if modifier is None and gaz.country_of_demonym(span[0].text):
        modifier = (gaz.country_of_demonym(span[0].text), span[0].i)
    if modifier is not None:
        name = _government_name(head, modifier[0], gaz)
        if name is not None:
            return _mention(
                span, name, "GovernmentOrganization", True, f"{head.lower_} of {modifier[0]}"
            )
    return _mention(span, span.text, _org_type(span), False, "")


def _mention(span: Span, name: str, kind: str, canonical: bool, evidence: str) -> Mention:
    return Mention(
        start=span.start,
        end=span.end,
        text=span.text,
        name=name,
        type=kind,
        canonical=canonical,
        char_start=span.start_char,
        char_end=span.end_char,
        evidence=evidence,
    )


def _government_mentions(
    doc: Doc, gaz: Gazetteer, places: dict[int, str], mentions: list[Mention]
) -> list[Mention]:
    """Ministries and legislatures named through their country outside any entity span."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    found: list[Mention] = []
    for token in doc:
        if token.i in covered or token.lower_ not in {"ministry", "parliament", "legislature"}:
            continue
        modifier = _country_modifier(token, gaz, places)
        if modifier is None:
            continue
        name = _government_name(token, modifier[0], gaz)
        if name is None:
            continue
        start = modifier[1]
        end = token.i + 1
        if token.lower_ == "ministry":
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    end = max(end, prep.right_edge.i + 1)
        span = trim_span(doc[start:end])
        found.append(
            _mention(span, name, "GovernmentOrganization", True, f"{token.lower_} of {modifier[0]}")
        )
    return found


def _bare_legislatures(
    doc: Doc, mentions: list[Mention], emap: EntityMap, gaz: Gazetteer
) -> list[Mention]:
    """Give "Parliament" the name of the legislature the article is about, when it says."""
    named = {m.name for m in mentions if m.canonical and m.name in set(gaz.legislatures.values())}
    named |= {m.name for m in mentions if m.canonical and m.name.startswith("Parliament of ")}
    out: list[Mention] = []
    for mention in mentions:
        if mention.canonical or mention.text.lower() not in _BARE_LEGISLATURES:
            out.append(mention)
            continue
        name = next(iter(named)) if len(named) == 1 else None
        if name is None:
            country = _nearest_country(doc, mention.start, mentions, emap)
            name = gaz.legislature(country) if country else None
        if name is None:
            out.append(mention)
            continue
        out.append(
            Mention(
                mention.start,
                mention.end,
                mention.text,
                name,
                "GovernmentOrganization",
                True,
                mention.char_start,
                mention.char_end,
                "the legislature of the country in context",
            )
        )
    return out


def _nearest_country(doc: Doc, start: int, mentions: list[Mention], emap: EntityMap) -> str | None:
    sent = doc[start].sent
    window_start = sent.start
    previous = sent.start - 1
    if previous >= 0:
        window_start = doc[previous].sent.start
    best: tuple[int, str] | None = None
    for mention in mentions:
        in_window = mention.type == "Country" and window_start <= mention.start < start
        if in_window and (best is None or mention.start > best[0]):
            best = (mention.start, mention.name)
    for i, country in emap.demonyms.items():
        if window_start <= i < start and (best is None or i > best[0]):
            best = (i, country)
    return best[1] if best else None


def _titled_aliases(doc: Doc, cluster: Cluster) -> dict[str, str]:
    """``President Putin``, ``Mr Blair``: a title or honorific right before a person's name."""
    aliases: dict[str, str] = {}
    for mention in cluster.mentions:
        first, words = title_words_before(doc, mention.start)
        i = mention.start - 1
        if not words and i >= 0 and doc[i].lower_ in HONORIFICS:
            first, words = i, [doc[i].text]
        if not words:
            continue
        if _has_anchor(doc, first):
            continue  # "Armenian Prime Minister Nikol Pashinyan": the anchor makes it a role
        surface = doc[first : mention.end].text
        if "\n" not in surface:
            aliases.setdefault(surface, "title and name")
    return aliases


def _has_anchor(doc: Doc, first: int) -> bool:
    """A country, organisation or demonym stands right before the title starting at ``first``."""
    i = first - 1
    while i >= 0 and doc[i].text in {"'s", "’s"}:
        i -= 1
    if i < 0 or doc[i].sent != doc[first].sent or "\n" in doc[i].text:
        return False
    token = doc[i]
    if token.ent_type_ in {"GPE", "ORG", "NORP", "LOC", "FAC"}:
        return True
    return token.is_title and not token.is_sent_start and token.pos_ == "PROPN"


def _surname_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Surnames of the article's people the model did not tag, or tagged as something else."""
    surnames = {
        m.name.split()[-1]
        for m in mentions
        if m.type == "Person" and len(m.name.split()) >= 2 and m.name.split()[-1][:1].isupper()
    }
    if not surnames:
        return mentions
    out: list[Mention] = []
    for mention in mentions:
        if not mention.canonical and mention.type != "Person" and mention.text in surnames:
            mention = Mention(
                mention.start,
                mention.end,
                mention.text,
                mention.text,
                "Person",
                False,
                mention.char_start,
                mention.char_end,
                "",
            )
        out.append(mention)
    covered = {i for m in out for i in range(m.start, m.end)}
    for token in doc:
        if token.i not in covered and token.text in surnames and token.pos_ in {"PROPN", "NOUN"}:
            span = doc[token.i : token.i + 1]
            out.append(_mention(span, token.text, "Person", False, ""))
    return out


def entity_map(doc: Doc) -> EntityMap:
    """Entities of ``doc`` with every token that names one (see the module docstring)."""
    gaz = load_gazetteer()
    emap = EntityMap()
    emap._doc = doc
    mentions = _ent_mentions(doc, gaz, emap)
    mentions = _bare_legislatures(doc, mentions, emap, gaz)
    mentions = _surname_mentions(doc, mentions)
    mentions.sort(key=lambda m: (m.start, -m.end))
    mentions = _drop_nested(mentions)
    clusters = cluster_mentions(mentions)
    _merge_stated_aliases(doc, clusters)
    for cluster in clusters:
        key = slugify(cluster.name)
        entity = emap.entities.get(key)
        if entity is None:
            entity = emap.entities[key] = Entity(key=key, label=cluster.name, type=cluster.type)
        for surface, evidence in cluster.aliases.items():
            entity.add_alias(surface, evidence)
        if cluster.type == "Person":
            for surface, evidence in _titled_aliases(doc, cluster).items():
                entity.add_alias(surface, evidence)
        for mention in cluster.mentions:
            entity.mentions.append((mention.char_start, mention.char_end))
            for i in range(mention.start, mention.end):
                emap.token_entity[i] = key
            gender = emap.gender.pop(slugify(mention.name), None)
            if gender:
                emap.gender[key] = gender
        for mention in cluster.ambiguous:
            for i in range(mention.start, mention.end):
                emap.token_entity[i] = key
                emap.ambiguous.add(i)
    _map_actors(doc, emap)
    _record_demonyms(emap)
    return emap


def _drop_nested(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    end = -1
    for mention in mentions:
        if mention.start < end:
            continue
        out.append(mention)
        end = mention.end
    return out


def _merge_stated_aliases(doc: Doc, clusters: list[Cluster]) -> None:
    """Merge ``Shushi`` into ``Shusha`` where the text says one is the other's name."""
    located = sorted(((m.char_start, m.char_end), c, m) for c in clusters for m in c.mentions)
    spans = [span for span, _, _ in located]
    for i, j, between in stated_aliases(doc.text, spans):
        (_, named, _), (_, alias, mention) = located[i], located[j]
        evidence = f"stated alias: {between.strip(', ')} {mention.text}".strip()
        if named is alias:
            named.aliases[mention.text] = evidence
            continue
        if not alias.mentions:
            continue
        named.absorb(alias, evidence)
        for surface in [mention.text, alias.name]:
            if surface != named.name:
                named.aliases[surface] = evidence
        alias.mentions = []
    clusters[:] = [c for c in clusters if c.mentions]


def _map_actors(doc: Doc, emap: EntityMap) -> None:
    """Map actor nouns modified by a country or demonym to that country."""
    types = {k: e.type for k, e in emap.entities.items()}
    for token in doc:
        country_key: str | None = None
        if token.i in emap.demonyms or types.get(emap.token_entity.get(token.i, "")) == "Country":
            head = token.head
        else:
            continue
        if token.dep_ not in {"amod", "compound", "poss", "nmod", "npadvmod"} or head.i == token.i:
            continue
        if head.lemma_.lower() not in ACTOR_NOUNS and head.lower_ not in ACTOR_NOUNS:
            continue
        if any(c.lower_ in _NOT_ACTOR_MODIFIERS for c in head.children if c.i < head.i):
            continue
        if token.i in emap.demonyms:
            country_key = emap.country_of(token.i)
            emap.token_entity[token.i] = country_key
        else:
            country_key = emap.token_entity[token.i]
        emap.token_entity.setdefault(head.i, country_key)


def _record_demonyms(emap: EntityMap) -> None:
    """Store each demonym used in the article on its country, when the country is an entity."""
    by_label = {e.label: e for e in emap.entities.values()}
    for i, country in emap.demonyms.items():
        entity = by_label.get(country)
        if entity is not None:
            entity.demonyms.add(emap._demonym_text(i))


def find_entities(doc: Doc) -> tuple[dict[str, Entity], dict[int, str]]:
    """Entities of ``doc`` and a map from token index to entity key.

    Examples
    --------
    >>> from ingest.pipeline import load_nlp
    >>> doc = load_nlp()("Russian peacekeepers entered Nagorno-Karabakh, Vladimir Putin said.")
    >>> entities, _ = find_entities(doc)
    >>> sorted((e.label, e.type) for e in entities.values())  # doctest: +NORMALIZE_WHITESPACE
    [('Nagorno-Karabakh', 'AdministrativeArea'), ('Russia', 'Country'),
     ('Vladimir Putin', 'Person')]
    """
    emap = entity_map(doc)
    return emap.entities, emap.token_entity
