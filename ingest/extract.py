"""From a parsed article to its entities, relations and events (an :class:`ArticleExtraction`).

Steps: entities (:mod:`ingest.entities`), mapped onto stored ones (:mod:`ingest.resolve`); roles
of people (:mod:`ingest.roles`), which give ``leads``/``memberOf`` relations and job titles;
coreference (:mod:`ingest.coref`), so a pronoun argument maps to its antecedent; then open
triples (:mod:`ingest.openie`) become relations between entities, named after their verb.

A relation's name is an ontology term where the meaning is clear (:data:`ONTOLOGY_LEMMAS`:
``deployed`` and ``sent troops`` give ``deploy``, ``seized`` gives ``capture``, ``threw its
weight behind`` gives ``support``), else the verb's lemma with its particle and preposition
(``have``, ``deny``, ``break out in``). Relations read inside reported speech carry
``reported=True`` and the speaker's key; every relation has a confidence, lowered a little where
an argument was resolved by coreference or is an ambiguous short name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import product

from spacy.tokens import Doc, Span, Token

from ingest import coref, events, openie, roles
from ingest.doctext import remember_text
from ingest.entities import entity_map
from ingest.gazetteer import load_gazetteer
from ingest.readers import Article
from ingest.records import ArticleExtraction, Relation

__all__ = [
    "ONTOLOGY_LEMMAS",
    "PART_NOUNS",
    "content_verb",
    "extract_article",
    "ontology_relation",
    "relation_name",
]

#: Verb lemmas whose meaning is an ontology relation.
ONTOLOGY_LEMMAS = {
    "deploy": "deploy",
    "station": "deploy",
    "dispatch": "deploy",
    "airlift": "deploy",
    "sign": "sign",
    "ink": "sign",
    "broker": "broker",
    "mediate": "mediate",
    "capture": "capture",
    "seize": "capture",
    "occupy": "capture",
    "retake": "capture",
    "recapture": "capture",
    "overrun": "capture",
    "storm": "storm",
    "withdraw": "withdraw",
    "kill": "kill",
    "back": "support",
    "support": "support",
    "endorse": "support",
    "lead": "leads",
    "head": "leads",
    "say": "said",
    "announce": "said",
    "confirm": "said",
    "state": "said",
    "declare": "said",
    "report": "said",
}
_TROOP_NOUNS = frozenset(
    {
        "troop", "troops", "soldier", "soldiers", "peacekeeper", "peacekeepers", "force",
        "forces", "serviceman", "servicemen", "army", "military", "unit", "units", "ship",
        "ships", "jet", "jets", "warship", "warships", "personnel",
    }
)  # fmt: skip
#: Verbs whose infinitive or gerund complement carries the meaning (helping to broker).
_LIGHT_VERBS = frozenset(
    {
        "help", "start", "begin", "continue", "agree", "decide", "try", "seek", "vow", "pledge",
        "promise", "plan", "move", "threaten", "refuse", "attempt", "finish", "resume",
    }
)  # fmt: skip
_SPEECH = frozenset({"said"})
#: Ontology relations whose prepositional argument is still their object (deploy to, capture in).
_PLACE_MAPPED = frozenset({"deploy", "withdraw", "capture", "storm", "leads", "support"})
COREF_FACTOR = 0.9
"""Confidence factor for a relation with an argument resolved by coreference."""
AMBIGUOUS_FACTOR = 0.8
"""Confidence factor for a relation with an argument that is an ambiguous short name."""


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
    remember_text(doc, article.text)
    emap = entity_map(doc)
    entities, token_entity = emap.entities, emap.token_entity
    if index is not None and hasattr(index, "resolve"):
        index.resolve(entities, token_entity)
    types = {key: entity.type for key, entity in entities.items()}

    def demonym(i: int) -> str | None:
        key = emap.country_of(i)
        if key is not None:
            types[key] = entities[key].type
        return key

    gaz = load_gazetteer()

    def country(i: int) -> str | None:
        key = token_entity.get(i)
        if key is None:
            return demonym(i)
        if types.get(key) == "Country":
            return key
        entry = gaz.lookup(entities[key].label) if key in entities else None
        if entry is not None and entry.type == "City" and entry.country:
            found = emap.ensure(entry.country, "Country")
            types[found] = entities[found].type
            return found
        return None

    institutions = _bare_institutions(doc, token_entity, entities, gaz)
    with_institutions = {**token_entity, **institutions}
    found_roles = roles.find_roles(doc, with_institutions, types, demonym=demonym, country=country)
    extraction = ArticleExtraction(article=article, entities=entities)
    for role in found_roles:
        entities[role.person].job_titles.add(role.title)
    extraction.relations.extend(_role_relations(doc, found_roles))

    disputed = [
        key
        for key, entity in entities.items()
        if (entry := gaz.lookup(entity.label)) is not None and entry.disputed
    ]
    resolved = coref.resolve(
        doc, token_entity, types, roles=found_roles, gender=emap.gender, disputed=disputed
    )
    coref.annotate(doc, resolved)
    arguments = dict(with_institutions)
    coreferent = set()
    for i, key in resolved.referents.items():
        if i not in arguments:
            arguments[i] = key
            coreferent.add(i)
    context = _Context(arguments, coreferent, emap.ambiguous, types)

    seen = {(r.subject, r.predicate, r.object, r.start) for r in extraction.relations}
    for sent in doc.sents:
        for triple in openie.extract(sent):
            for relation in _relations(triple, sent, context):
                key = (relation.subject, relation.predicate, relation.object, relation.start)
                if key not in seen and relation.subject != relation.object:
                    seen.add(key)
                    extraction.relations.append(relation)

    def capital_of(key: str | None) -> str | None:
        entity = entities.get(key) if key else None
        return _key_of_label(entities, gaz.capitals.get(entity.label)) if entity else None

    capitals = _capital_relations(doc, country, capital_of)
    places = _seat_relations(doc, context, types)
    for relation in [*_part_relations(doc, context), *capitals, *places]:
        key = (relation.subject, relation.predicate, relation.object, relation.start)
        if key not in seen and relation.subject != relation.object:
            seen.add(key)
            extraction.relations.append(relation)
    extraction.events.extend(events.find_events(doc, extraction))
    return extraction


_INSTITUTION_WORDS = frozenset({"parliament", "legislature"})


def _bare_institutions(
    doc: Doc, token_entity: dict[int, str], entities: dict, gaz
) -> dict[int, str]:
    """A lower-case ``parliament`` names the article's one legislature, when it names one.

    ``Ararat Mirzoyan, the speaker of parliament`` in an article about the National Assembly of
    Armenia: ``parliament`` maps to that entity.
    """
    legislatures = set(gaz.legislatures.values())
    named = {
        key
        for key, entity in entities.items()
        if entity.label in legislatures or entity.label.startswith("Parliament of ")
    }
    if len(named) != 1:
        return {}
    (key,) = named
    return {
        token.i: key
        for token in doc
        if token.lower_ in _INSTITUTION_WORDS and token.i not in token_entity
    }


class _Context:
    """Token -> entity map for relation arguments, and which tokens came from where."""

    def __init__(
        self,
        arguments: dict[int, str],
        coreferent: set[int],
        ambiguous: set[int],
        types: dict[str, str] | None = None,
    ):
        self.arguments = arguments
        self.coreferent = coreferent
        self.ambiguous = ambiguous
        self.types = types or {}

    def entity_in(
        self, doc: Doc, span: tuple[int, int] | None, depth: int, skip: int = -1
    ) -> tuple[str, int]:
        """The entity of a span: its head's, else a modifier's at most ``depth`` steps down.

        Token ``skip`` gives no entity (an apposition resolved to the name it stands beside).
        Returns the key (or "") and the token it came from (or -1).
        """
        if span is None or span[0] >= span[1]:
            return "", -1
        start, end = span
        heads = phrase_heads(doc, start, end)
        best: tuple[int, int, str] | None = None
        for head in heads:
            for token, steps in _descend(head, start, end, depth):
                key = self.arguments.get(token.i) if token.i != skip else None
                if key is not None and (best is None or (steps, token.i) < best[:2]):
                    best = (steps, token.i, key)
            if best is not None:
                break
        if best is None:
            return "", -1
        return best[2], best[1]

    def factor(self, tokens: list[int]) -> float:
        factor = 1.0
        if any(i in self.coreferent for i in tokens):
            factor *= COREF_FACTOR
        if any(i in self.ambiguous for i in tokens):
            factor *= AMBIGUOUS_FACTOR
        return factor


def _descend(head: Token, start: int, end: int, depth: int) -> Iterator[tuple[Token, int]]:
    frontier = [(head, 0)]
    while frontier:
        token, steps = frontier.pop(0)
        yield token, steps
        if steps < depth:
            frontier.extend(
                (child, steps + 1) for child in token.children if start <= child.i < end
            )


def relation_name(doc: Doc, head: int, preposition: str | None = None) -> str:
    """The relation's name from its head verb's lemma, plus a preposition when one joins it."""
    token = doc[head]
    lemma = token.lemma_.lower() if token.lemma_ else token.text.lower()
    particles = [c.text.lower() for c in token.children if c.dep_ == "prt"]
    parts = [lemma, *particles]
    if preposition and preposition.lower() not in parts:
        parts.append(preposition.lower())
    return " ".join(parts)


def content_verb(doc: Doc, head: int, deps: frozenset[str] = frozenset({"xcomp"})) -> Token:
    """The verb that carries a clause's meaning: through light and control verbs to their
    infinitive or gerund complement (``agreed to hand back`` -> ``hand``); ``deps`` are the
    complement relations followed (not a reported ``ccomp`` by default)."""
    token = doc[head]
    for _ in range(3):
        if token.lemma_.lower() not in _LIGHT_VERBS:
            break
        complements = [c for c in token.children if c.dep_ in deps]
        if not complements or complements[0].pos_ not in {"VERB", "AUX"}:
            break
        token = complements[0]
    return token


def ontology_relation(doc: Doc, head: int) -> str | None:
    """The ontology relation a verb means, or None.

    Looks through light verbs (``helping to broker``, ``started deploying``) and reads
    phrases: ``send troops`` and ``deploy``; ``take control of`` and ``capture``; ``pull out``
    and ``withdraw``; ``throw its weight behind`` and ``support``.
    """
    token = content_verb(doc, head, frozenset({"xcomp", "ccomp", "pcomp"}))
    lemma = token.lemma_.lower()
    particles = {c.lower_ for c in token.children if c.dep_ in {"prt", "prep"}}
    objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    object_lemmas = {o.lemma_.lower() for o in objects}
    if lemma == "pull" and particles & {"out", "back"}:
        return "withdraw"
    if lemma in {"send", "move", "dispatch"} and object_lemmas & _TROOP_NOUNS:
        return "deploy"
    if lemma in {"take", "gain", "seize"} and "control" in object_lemmas:
        return "capture"
    if lemma == "throw" and "weight" in object_lemmas:
        return "support"
    if lemma == "take" and particles & {"over"}:
        return "capture"
    return ONTOLOGY_LEMMAS.get(lemma)


def _relations(triple, sent: Span, context: _Context) -> Iterator[Relation]:
    doc = sent.doc
    head = getattr(triple, "relation_head", None)
    appos = getattr(triple, "pattern", "") == "appos" and head is not None
    if appos and doc[head].lower_ in roles.TITLE_WORDS:
        return  # "Ararat Mirzoyan, Speaker of ...": a role, read by ingest.roles
    passive_by = getattr(triple, "passive", False) and getattr(triple, "preposition", None) == "by"
    if passive_by and context.entity_in(doc, triple.object_span, depth=2)[0]:
        return  # (deal, was signed by, Moscow): the active reading (Moscow, signed, deal) is kept
    # "Bordeaux in France and Oporto in Portugal": a bare place phrase spreads over no conjuncts
    spread = head is not None and doc[head].pos_ != "ADP"
    if spread:
        subject, subject_token = context.entity_in(doc, triple.subject_span, depth=1)
        if subject and _modifies_a_title(doc[subject_token]):
            subject = ""  # "the Tory leader said": the leader, not the party, says
        subjects = [(subject, subject_token)] if subject else []
        if subject:
            subjects += _conjunct_entities(doc, subject_token, triple.subject_span, context)
    else:  # "Armenia's headquarters and parliament in Yerevan": the nouns, not their owner
        subjects = _head_entities(doc, triple.subject_span, context)
    if not subjects:
        return
    mapped = ontology_relation(doc, head) if head is not None else None
    depth = 0 if mapped in _SPEECH else 2
    targets: list[tuple[str, int, str | None]] = []
    skip = head if appos and head in context.coreferent else -1
    obj, obj_token = context.entity_in(doc, triple.object_span, depth=depth, skip=skip)
    object_span = triple.object_span
    if not obj and object_span is not None and depth:
        obj, obj_token, inner = _planned_object(doc, object_span, context)
        object_span = inner or object_span
    listed = _listed_entities(doc, triple.object_span, context) if not appos else []
    if listed and not passive_by:
        prep = getattr(triple, "preposition", None)
        targets.extend((key, token, prep) for key, token in listed)
    elif obj and not passive_by:
        prep = getattr(triple, "preposition", None) or _leading_preposition(doc, triple.object_span)
        targets.append((obj, obj_token, prep))
        for key, token in (
            _conjunct_entities(doc, obj_token, object_span, context) if spread else ()
        ):
            targets.append((key, token, prep))
    for span in getattr(triple, "extra_spans", ()) or ():
        key, token = context.entity_in(doc, span, depth=2)
        if key:
            prep = _leading_preposition(doc, span)
            targets.append((key, token, prep))
            for other, found in _conjunct_entities(doc, token, span, context):
                targets.append((other, found, prep))
    reported_by = getattr(triple, "reported_by", None)
    speaker = _speaker_key(doc, sent, reported_by, context) if reported_by else None
    if mapped not in _SPEECH and triple.object_span is not None and head is not None:
        for key, token in _included(doc, head, triple.object_span, context):
            targets.append((key, token, None))
    for (subject, subject_token), (target, target_token, prep) in product(subjects, targets):
        if head is not None and target_token >= 0 and _inside_mention(doc, head, context):
            continue  # an apposition of a name to itself ("Arayik Harutyunyan, ... leader")
        if _possessor_object(doc, head, target_token):
            continue  # "put their names to ...": the owner of the object is not its patient
        indirect = prep and mapped not in _PLACE_MAPPED or object_span != triple.object_span
        if mapped == "leads" and context.types.get(subject) != "Person":
            indirect = True  # "Labour lead the Conservatives by five points": no leader
        if mapped is not None and not indirect:
            predicate = mapped
        elif head is not None:
            predicate = _phrase_name(doc, head, target_token, prep)
        else:
            predicate = triple.relation.lower()
        confidence = float(triple.confidence) * context.factor([subject_token, target_token])
        yield Relation(
            subject=subject,
            predicate=predicate,
            object=target,
            sentence=sent.text,
            start=sent.start_char,
            end=sent.end_char,
            confidence=round(confidence, 3),
            relation_text=triple.relation,
            negated=bool(getattr(triple, "negated", False)),
            modality=getattr(triple, "modality", None),
            reported=bool(reported_by),
            speaker=speaker,
            arguments=tuple(getattr(triple, "extra", ()) or ()),
        )


def _mention_head(doc: Doc, i: int, context: _Context) -> Token:
    """The head token of the entity mention holding token ``i`` (``Lachin`` -> ``corridor``)."""
    token = doc[i]
    key = context.arguments.get(i)
    while token.head.i != token.i and context.arguments.get(token.head.i) == key:
        token = token.head
    return token


def _conjunct_entities(
    doc: Doc, i: int, span: tuple[int, int] | None, context: _Context
) -> list[tuple[str, int]]:
    """Entities coordinated with the mention at token ``i`` inside ``span``, one per conjunct.

    ``the districts of Kalbajar, Agdam and Lachin``: from ``Kalbajar``, Agdam and Lachin.
    """
    if i < 0 or span is None:
        return []
    start, end = span
    first = context.arguments.get(i)
    head = _mention_head(doc, i, context)
    if not _heads_span(head, start, end):
        return []
    found: list[tuple[str, int]] = []
    for conjunct in head.conjuncts:
        if not start <= conjunct.i < end:
            continue
        key = context.arguments.get(conjunct.i)
        token = conjunct.i
        if key is None:
            key, token = context.entity_in(doc, (conjunct.i, conjunct.i + 1), depth=0)
        if key and key != first and all(key != k for k, _ in found):
            found.append((key, token))
    return found


def _to_infinitive(noun: Token) -> Token | None:
    """The ``to`` infinitive or gerund a noun governs (``plans to annex``, ``agreements
    establishing``), or None."""
    for child in noun.children:
        if child.dep_ == "acl" and (
            child.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        ):
            return child
    return None


def _planned_object(
    doc: Doc, span: tuple[int, int], context: _Context
) -> tuple[str, int, tuple[int, int] | None]:
    """The entity in the object of the infinitive an object noun governs: ``(suspended) plans
    to annex parts of the West Bank`` -> the West Bank."""
    head = single_head(doc, span)
    if head is None or head.pos_ != "NOUN" or head.dep_ != "dobj":
        return "", -1, None
    verb = _to_infinitive(head)
    if verb is None:
        return "", -1, None
    start, end = span
    for child in verb.children:
        if child.dep_ == "dobj" and start <= child.i < end:
            inner = (child.i, child.right_edge.i + 1)
            key, token = context.entity_in(doc, inner, depth=2)
            return key, token, inner
    return "", -1, None


def phrase_heads(doc: Doc, start: int, end: int) -> list[Token]:
    """Tokens of ``doc[start:end]`` whose head lies outside it (or who are their own head)."""
    return [t for t in doc[start:end] if not (start <= t.head.i < end) or t.head.i == t.i]


def single_head(doc: Doc, span: tuple[int, int] | None) -> Token | None:
    """The head of a non-empty phrase that has exactly one, else None."""
    if span is None or span[0] >= span[1]:
        return None
    heads = phrase_heads(doc, *span)
    return heads[0] if len(heads) == 1 else None


def _modifies_a_title(token: Token) -> bool:
    """``Tory`` in ``the Tory leader``: a modifier of a title noun."""
    return token.dep_ in {"compound", "amod", "poss", "nmod"} and (
        token.head.lower_ in roles.LEAD_WORDS | roles.MEMBER_WORDS
    )


def _head_entities(
    doc: Doc, span: tuple[int, int] | None, context: _Context
) -> list[tuple[str, int]]:
    """Entities the head of a phrase and its conjuncts name themselves (no modifiers)."""
    head = single_head(doc, span)
    if head is None:
        return []
    start, end = span
    found: list[tuple[str, int]] = []
    for token in (head, *head.conjuncts):
        key = context.arguments.get(token.i)
        if key is not None and start <= token.i < end and all(key != k for k, _ in found):
            found.append((key, token.i))
    return found


def _listed_entities(
    doc: Doc, span: tuple[int, int] | None, context: _Context
) -> list[tuple[str, int]]:
    """Names a common-noun object lists in apposition (``three districts: Kalbajar, Agdam``)."""
    head = single_head(doc, span)
    if head is None or head.pos_ != "NOUN" or head.i in context.arguments:
        return []
    found: list[tuple[str, int]] = []
    frontier = [c for c in head.children if c.dep_ == "appos"]
    while frontier:
        token = frontier.pop(0)
        key = context.arguments.get(token.i)
        if key is None:
            continue
        if all(key != k for k, _ in found):
            found.append((key, token.i))
        frontier.extend(c for c in token.children if c.dep_ in {"appos", "conj"})
    return found


def _heads_span(token: Token, start: int, end: int) -> bool:
    """``token`` heads the phrase ``[start, end)``, or is the object of its head's preposition.

    True of ``Kalbajar`` in ``(from) the districts of Kalbajar``; false of a modifier
    (``EU`` in ``EU sanctions``) or of a name deeper down (``after a call between Trump and``).
    """
    link = token
    for _ in range(6):
        if link.head.i == link.i or not start <= link.head.i < end:
            return True
        if link.dep_ == "conj":
            link = link.head
        elif link.dep_ == "pobj":
            prep = link.head
            if prep.head.i == prep.i or not start <= prep.head.i < end:
                return True
            noun = prep.head
            if noun.head.i == noun.i or not start <= noun.head.i < end:
                return True  # "(held) talks with France and Germany"
            if prep.lower_ != "of":
                return False
            link = noun
        else:
            return False
    return False


def _possessor_object(doc: Doc, head: int | None, target: int) -> bool:
    """The target is a possessive pronoun of the verb's object (``put their names``)."""
    if head is None or target < 0:
        return False
    token = doc[target]
    return (
        token.dep_ == "poss"
        and token.pos_ == "PRON"
        and doc[head].pos_ in {"VERB", "AUX"}
        and token.head.head.i == head
    )


#: Nouns naming a place as a part of another ("its exclave of Nakhchivan").
PART_NOUNS = frozenset(
    {"capital", "exclave", "enclave", "province", "region", "city", "district", "territory"}
)


def _part_relations(doc: Doc, context: _Context) -> Iterator[Relation]:
    """``Azerbaijan's exclave of Nakhchivan``, ``its capital, Baku``: the part of the possessor.

    A noun of :data:`PART_NOUNS` with a possessor names, through ``of`` or an apposition, a
    place that is that noun of the possessor (Nakhchivan ``exclave of`` Azerbaijan).
    """
    for noun in doc:
        if noun.lemma_.lower() not in PART_NOUNS or noun.i in context.arguments:
            continue
        holder = noun.head if noun.dep_ == "compound" else noun  # "Armenia's second city Gyumri"
        owners = [
            c
            for c in (*noun.children, *holder.children)
            if c.dep_ == "poss" and c.i in context.arguments
        ]
        if not owners:
            continue
        parts = [holder] if holder is not noun else []
        parts += [c for c in noun.children if c.dep_ == "appos"]
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                parts.extend(c for c in prep.children if c.dep_ == "pobj")
        if noun.dep_ == "appos":
            parts.append(noun.head)
        owner = owners[0]
        for part in parts:
            key, token = context.entity_in(doc, (part.i, part.i + 1), depth=0)
            if not key:
                continue
            sent = noun.sent
            yield Relation(
                subject=key,
                predicate=f"{noun.lemma_.lower()} of",
                object=context.arguments[owner.i],
                sentence=sent.text,
                start=sent.start_char,
                end=sent.end_char,
                confidence=round(0.7 * context.factor([token, owner.i]), 3),
                relation_text=f"{noun.lower_} of",
            )


_ORGANISATION_TYPES = frozenset({"Organization", "GovernmentOrganization"})


def _seat_relations(doc: Doc, context: _Context, types: dict[str, str]) -> Iterator[Relation]:
    """``stormed the parliament in Yerevan``: an organisation a verb acts on, ``in`` a city named
    beside it, is located there (``locatedIn``)."""
    for verb in doc:
        if verb.pos_ != "VERB":
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.i in context.arguments]
        places = [
            pobj
            for prep in verb.children
            if prep.dep_ == "prep" and prep.lower_ == "in"
            for pobj in prep.children
            if pobj.dep_ == "pobj" and types.get(context.arguments.get(pobj.i, "")) == "City"
        ]
        for obj in objects:
            key = context.arguments[obj.i]
            if types.get(key) not in _ORGANISATION_TYPES:
                continue
            for place in places:
                if place.i < obj.i:
                    continue
                sent = verb.sent
                yield Relation(
                    subject=key,
                    predicate="locatedIn",
                    object=context.arguments[place.i],
                    sentence=sent.text,
                    start=sent.start_char,
                    end=sent.end_char,
                    confidence=round(0.6 * context.factor([obj.i, place.i]), 3),
                    relation_text="in",
                )


def _key_of_label(entities: dict, label: str | None) -> str | None:
    if label is None:
        return None
    return next((key for key, e in entities.items() if e.label == label), None)


def _capital_relations(doc: Doc, country_of, capital_of) -> Iterator[Relation]:
    """``the Armenian capital`` in an article that names Yerevan: Yerevan ``capital of`` Armenia.

    ``country_of`` maps a token to the key of the country it names (name or demonym),
    ``capital_of`` a country's key to the key of its capital when the article names it.
    """
    for noun in doc:
        if noun.lower_ != "capital" or noun.pos_ != "NOUN":
            continue
        for child in noun.children:
            if child.i > noun.i or child.dep_ not in {"amod", "compound", "poss", "nmod"}:
                continue
            country = country_of(child.i)
            capital = capital_of(country)
            if capital is not None:
                sent = noun.sent
                yield Relation(
                    subject=capital,
                    predicate="capital of",
                    object=country,
                    sentence=sent.text,
                    start=sent.start_char,
                    end=sent.end_char,
                    confidence=0.7,
                    relation_text="capital of",
                )
                break


def _inside_mention(doc: Doc, head: int, context: _Context) -> bool:
    return head in context.arguments and doc[head].pos_ == "PROPN"


def _phrase_name(doc: Doc, head: int, target: int, prep: str | None) -> str:
    """The open relation's name: the verb, or verb + noun + preposition (have pact with).

    A nominal head takes ``of`` for its possessor (``Armenia's capital`` -> ``capital of``).
    """
    verb = content_verb(doc, head)
    if verb.i != head and (target < 0 or doc[target].head.i != head):
        head = verb.i  # "agreed to hand back Kalbajar": named "hand back"
        link = doc[target].head if target >= 0 else verb
        if prep is None and link.dep_ == "prep" and link.head.i == head:
            prep = link.text  # "began arriving in the region": "arrive in"
    if target < 0:
        return relation_name(doc, head, prep)
    token = doc[target]
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head  # "talks with Merkel and Putin": Putin is named like Merkel
    link = token.head
    if verb.pos_ in {"NOUN", "PROPN"}:
        if token.dep_ == "poss" and link.i == head:
            return f"{verb.lemma_.lower()} of"
        if link.lower_ == "of" and link.dep_ == "prep" and link.head.i == head:
            return f"{verb.lemma_.lower()} of"  # "Gyumri, the second city of Armenia"
    for noun in (c for c in doc[head].children if c.dep_ == "dobj"):
        plan = _to_infinitive(noun)
        if plan is not None and plan.left_edge.i <= target <= plan.right_edge.i:
            # "suspended plans to annex the West Bank": "suspend plan to annex"
            named = _phrase_name(doc, plan.i, target, prep)
            to = "" if plan.tag_ == "VBG" else " to"
            return f"{relation_name(doc, head)} {noun.lemma_.lower()}{to} {named}"
    if (
        link.dep_ != "prep"
        or link.lower_ != (prep or link.lower_)
        and prep != link.head.head.lower_
    ):
        return relation_name(doc, head, prep)
    noun = link.head
    through = []
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.i == head:
        through = [noun.head.lower_]  # "recognised as part of"
    elif not (noun.dep_ in {"dobj", "attr", "oprd"} and noun.head.i == head):
        return relation_name(doc, head, prep)
    if prep is not None and not through and noun.dep_ != "attr":
        return relation_name(doc, head, prep)
    words = [
        c.lower_
        for c in noun.children
        if c.i < noun.i and c.dep_ in {"compound", "amod"} and c.is_alpha
    ]
    verb_name = relation_name(doc, head)
    return " ".join([verb_name, *through, *words, noun.lemma_.lower(), link.lower_])


def _included(doc: Doc, verb: int, span: tuple[int, int], context: _Context):
    """Entities an object names through ``including`` (keep territory, including Shusha)."""
    start, end = span
    heads = phrase_heads(doc, start, end)
    if not heads or heads[0].i in context.arguments:
        return
    sent = doc[verb].sent
    for token in doc[end : sent.end]:
        if token.lower_ == "including" and token.dep_ == "prep":
            key, found = context.entity_in(doc, (token.i + 1, token.right_edge.i + 1), depth=3)
            if key:
                yield key, found
            return


def _role_relations(doc: Doc, found: list[roles.Role]) -> list[Relation]:
    relations = []
    for role in found:
        if role.target is None:
            continue
        sent = doc[role.token].sent
        relations.append(
            Relation(
                subject=role.person,
                predicate=role.predicate,
                object=role.target,
                sentence=sent.text,
                start=sent.start_char,
                end=sent.end_char,
                confidence=role.confidence,
                relation_text=f"{role.title} of",
            )
        )
    return relations


def _leading_preposition(doc: Doc, span: tuple[int, int] | None) -> str | None:
    if span is None or span[0] >= span[1]:
        return None
    first = doc[span[0]]
    return first.text if first.dep_ == "prep" or first.pos_ == "ADP" else None


def _speaker_key(doc: Doc, sent: Span, reported_by: str, context: _Context) -> str | None:
    """The entity who says a reported clause: the subject of a speech verb with that text."""
    pattern = r"(?<!\w)" + re.escape(reported_by) + r"(?!\w)"
    for match in re.finditer(pattern, sent.text):
        span = sent.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None or not any(t.dep_ in {"nsubj", "nsubjpass"} for t in span):
            continue
        key, _ = context.entity_in(doc, (span.start, span.end), depth=1)
        if key:
            return key
    return None
