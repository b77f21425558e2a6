"""Rule-based coreference: what pronouns and definite descriptions refer to.

No maintained coreference package runs offline with spaCy 3.8 (coreferee and fastcoref download
their models at install or run time), so newskg resolves with rules over the dependency parse:

* ``he``/``she``/``his``/``her``: the nearest person of compatible gender, preferring a subject
  of the same sentence, else the subject of the nearest preceding sentence that has one;
* ``it``/``its``: the same over countries, places, organisations and agreements (``the deal``);
  an expletive ``it`` (``it is likely that``, ``it's believed``) refers to nothing;
* ``they``/``their``: the same over plural actors (``Russian peacekeepers`` -> Russia);
* ``I``/``me``/``my`` inside a quotation: the speaker of the quote (the subject of ``said``,
  ``announced`` ... next to it); ``we``/``our`` too when the speaker is not a person;
* ``which``/``who``/``that`` opening a relative clause: the noun the clause attaches to;
* definite descriptions: ``the Armenian leader`` -> the person the article titles leader,
  president or prime minister of Armenia; ``the enclave``/``the region``/``the breakaway
  territory`` -> the most recent disputed territory; ``the country`` -> the most recent country;
  ``the deal``/``the agreement``/``the truce`` -> the agreement mentioned before (a token link:
  the agreement node belongs to :mod:`ingest.events`).

:func:`resolve` returns a :class:`Coreference`; :func:`annotate` also stores it on the Doc as
``doc._.coref`` (token index -> entity key) and ``doc._.coref_antecedent`` (token index ->
antecedent token index, for agreements as well).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ingest.doctext import doc_text
from ingest.roles import Role

__all__ = [
    "AGREEMENT_NOUNS",
    "Coreference",
    "annotate",
    "resolve",
]

#: Nouns naming an agreement (antecedents of ``it`` and of ``the deal``).
AGREEMENT_NOUNS = frozenset(
    {"deal", "agreement", "truce", "ceasefire", "accord", "pact", "treaty", "armistice"}
)
SPEECH_LEMMAS = frozenset(
    {
        "say", "tell", "add", "announce", "state", "declare", "write", "insist", "warn",
        "confirm", "explain", "claim", "stress", "note", "reply", "respond", "acknowledge",
    }
)  # fmt: skip
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_NEUTER = frozenset({"it", "its", "itself"})
_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
_FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
_FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
_RELATIVE = frozenset({"which", "who", "whom", "that", "whose"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_ROLE_NOUNS = {
    "leader": None,
    "president": "President",
    "premier": "Prime Minister",
    "minister": "Minister",
    "spokesman": "Spokesman",
    "spokeswoman": "Spokeswoman",
    "speaker": "Speaker",
    "chancellor": "Chancellor",
    "king": "King",
}
_TERRITORY_NOUNS = frozenset({"enclave", "region", "territory", "republic", "province", "exclave"})
_PLACE_NOUNS = {"country": "Country", "city": "City", "capital": "City"}
_NON_PERSON = frozenset(
    {
        "Country", "City", "AdministrativeArea", "Place", "Organization",
        "GovernmentOrganization", "NewsMediaOrganization",
    }
)  # fmt: skip
_LOOKBACK_SENTENCES = 2


@dataclass(frozen=True)
class Coreference:
    """What the article's pronouns and descriptions refer to.

    Attributes
    ----------
    referents : dict[int, str]
        Token index -> entity key.
    antecedents : dict[int, int]
        Token index -> token index of the antecedent (entities and agreements).
    """

    referents: dict[int, str] = field(default_factory=dict)
    antecedents: dict[int, int] = field(default_factory=dict)


@dataclass
class _Item:
    """Something a later word may refer to."""

    i: int
    key: str | None
    kind: str  # schema.org class, or "Agreement"
    subject: bool
    sent: int
    plural: bool = False


def _register_extensions() -> None:
    for name in ("coref", "coref_antecedent"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


_register_extensions()


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations (between “ and ”, or a pair of straight double quotes).

    >>> quote_spans('He said: “I agree.” Then "we left".')
    [(9, 19), (25, 34)]
    """
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"“[^”]*”?|\"[^\"]*\"?", text):
        spans.append((match.start(), match.end()))
    return spans


def _in_span(idx: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    for start, end in spans:
        if start <= idx < end:
            return start, end
    return None


def _is_expletive(token: Token) -> bool:
    head = token.head
    deps = {c.dep_ for c in head.children}
    if token.dep_ in _SUBJECTS and deps & {"ccomp", "csubj"}:
        return True
    if token.dep_ in _SUBJECTS and head.lemma_ in {"seem", "appear", "be"} and "acomp" in deps:
        return True
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.pos_ == "ADJ" and token.dep_ == "dobj":
        return True  # "made it impossible for ..."
    return (
        nxt is not None
        and nxt.lower_ in {"'s", "’s", "is", "was"}
        and token.i + 2 < len(token.doc)
        and token.doc[token.i + 2].lower_ in {"time", "likely", "believed", "clear", "unclear"}
    )


def _heads(token_entity: dict[int, str], doc: Doc) -> Iterable[tuple[int, str]]:
    """Head token and key of each entity mention (runs of tokens with one key)."""
    run: list[int] = []
    for i in sorted(token_entity):
        if run and (i != run[-1] + 1 or token_entity[i] != token_entity[run[-1]]):
            yield _run_head(run, doc), token_entity[run[0]]
            run = []
        run.append(i)
    if run:
        yield _run_head(run, doc), token_entity[run[0]]


def _run_head(run: list[int], doc: Doc) -> int:
    first, last = run[0], run[-1]
    for i in run:
        if not first <= doc[i].head.i <= last or doc[i].head.i == i:
            return i
    return last


def _pick(
    items: list[_Item], token: Token, sent: int, fits: Callable[[_Item], bool]
) -> _Item | None:
    same = [it for it in items if it.sent == sent and it.i < token.i and fits(it)]
    if same:
        subjects = [it for it in same if it.subject]
        return (subjects or same)[-1]
    for back in range(1, _LOOKBACK_SENTENCES + 1):
        previous = [it for it in items if it.sent == sent - back and fits(it)]
        if previous:
            subjects = [it for it in previous if it.subject]
            return subjects[0] if subjects else previous[-1]
    return None


def resolve(
    doc: Doc,
    token_entity: dict[int, str],
    types: dict[str, str],
    *,
    roles: Iterable[Role] = (),
    gender: dict[str, str] | None = None,
    disputed: Iterable[str] = (),
) -> Coreference:
    """Resolve the pronouns and definite descriptions of ``doc``.

    Parameters
    ----------
    doc : Doc
        The parsed article.
    token_entity : dict[int, str]
        Token index -> entity key of the entity mentions.
    types : dict[str, str]
        Entity key -> schema.org class.
    roles : iterable of Role
        Titles of the article's people, for ``the Armenian leader``.
    gender : dict[str, str], optional
        Entity key -> ``m``/``f`` where known; grows as pronouns resolve.
    disputed : iterable of str
        Keys of disputed territories, the preferred referents of ``the enclave``.

    Returns
    -------
    Coreference
    """
    gender = dict(gender or {})
    disputed = set(disputed)
    roles = list(roles)
    sent_of = {}
    for n, sent in enumerate(doc.sents):
        for token in sent:
            sent_of[token.i] = n
    referents: dict[int, str] = {}
    antecedents: dict[int, int] = {}
    items: list[_Item] = []
    heads = dict(_heads(token_entity, doc))
    quotes = quote_spans(doc_text(doc))
    first_person: list[Token] = []

    def add(i: int, key: str | None, kind: str, plural: bool = False) -> None:
        token = doc[i]
        subject = token.dep_ in _SUBJECTS
        items.append(_Item(i, key, kind, subject, sent_of[i], plural))

    def link(token: Token, item: _Item) -> None:
        antecedents[token.i] = item.i
        if item.key is not None:
            referents[token.i] = item.key
        add(token.i, item.key, item.kind, item.plural)

    for token in doc:
        if token.i in heads:
            key = heads[token.i]
            add(token.i, key, types.get(key, "Thing"), token.tag_ in {"NNS", "NNPS"})
            continue
        if token.i in token_entity:
            continue
        lower = token.lower_
        sent = sent_of[token.i]
        if lower in _FIRST_SINGULAR | _FIRST_PLURAL and _in_span(token.idx, quotes):
            first_person.append(token)
            continue
        if lower in _MALE | _FEMALE and token.pos_ == "PRON":
            wanted = "m" if lower in _MALE else "f"

            def person(it: _Item, wanted: str = wanted) -> bool:
                return it.kind == "Person" and gender.get(it.key or "", wanted) == wanted

            item = _pick(items, token, sent, person)
            if item is not None:
                link(token, item)
                gender.setdefault(item.key or "", wanted)
            continue
        if lower in _NEUTER and token.pos_ == "PRON":
            if lower == "it" and _is_expletive(token):
                continue
            item = _pick(
                items,
                token,
                sent,
                lambda it: (it.kind in _NON_PERSON or it.kind == "Agreement") and not it.plural,
            )
            if item is not None:
                link(token, item)
            continue
        if lower in _PLURAL and token.pos_ == "PRON":
            item = _pick(items, token, sent, lambda it: it.plural and it.key is not None)
            if item is not None:
                link(token, item)
            continue
        if lower == "there" and token.dep_ == "advmod":
            places = [
                it
                for it in items
                if it.sent == sent and it.kind in {"Country", "City", "AdministrativeArea"}
            ]
            if places:
                link(token, places[-1])
            continue
        if lower in _RELATIVE and token.tag_ in {"WDT", "WP", "WP$"}:
            clause = token.head if token.head.dep_ == "relcl" else token.head.head
            if clause.dep_ == "relcl":
                noun = clause.head
                key = token_entity.get(noun.i) or referents.get(noun.i)
                if key is not None:
                    antecedents[token.i] = noun.i
                    referents[token.i] = key
                    add(token.i, key, types.get(key, "Thing"), noun.tag_ in {"NNS", "NNPS"})
                elif noun.lemma_.lower() in AGREEMENT_NOUNS:
                    antecedents[token.i] = noun.i
            continue
        if token.pos_ == "NOUN":
            _description(token, sent, items, token_entity, types, roles, disputed, link, add)

    for token in first_person:
        key = _speaker(doc, token, quotes, token_entity, referents, types)
        if key is None:
            continue
        if token.lower_ in _FIRST_PLURAL and types.get(key) == "Person":
            continue
        referents[token.i] = key
    return Coreference(referents, antecedents)


def _description(token, sent, items, token_entity, types, roles, disputed, link, add) -> None:
    """Resolve ``the Armenian leader``, ``the enclave``, ``the deal``."""
    lemma = token.lemma_.lower()
    dets = [c for c in token.children if c.dep_ == "det" and c.lower_ in {"the", "this", "that"}]
    modifiers = [c for c in token.children if c.i < token.i and c.dep_ in {"amod", "compound"}]
    if lemma in AGREEMENT_NOUNS:
        if dets:
            previous = [it for it in items if it.kind == "Agreement" and it.i < token.i]
            if previous:
                link(token, previous[-1])
                return
        add(token.i, None, "Agreement")
        return
    if not dets or any(
        c.i in token_entity and types.get(token_entity[c.i]) not in {"Country"} for c in modifiers
    ):
        return
    if lemma in _ROLE_NOUNS:
        country = next((token_entity[c.i] for c in modifiers if c.i in token_entity), None)
        title = _ROLE_NOUNS[lemma]
        candidates = [
            r
            for r in roles
            if (title is None and r.predicate == "leads" or title and r.title.endswith(title))
            and (country is None or r.target == country)
        ]
        people = {r.person for r in candidates}
        if len(people) == 1:
            person = people.pop()
            previous = [it for it in items if it.key == person and it.i < token.i]
            if previous:
                link(token, previous[-1])
        return
    if lemma in _TERRITORY_NOUNS and token.tag_ == "NN":
        previous = [it for it in items if it.key in disputed and it.i < token.i]
        if not previous:
            previous = [it for it in items if it.kind == "AdministrativeArea" and it.i < token.i]
        if previous and sent - previous[-1].sent <= 6:
            link(token, previous[-1])
        return
    if lemma in _PLACE_NOUNS and not modifiers and token.tag_ == "NN":
        previous = [it for it in items if it.kind == _PLACE_NOUNS[lemma] and it.i < token.i]
        if previous and sent - previous[-1].sent <= 3:
            link(token, previous[-1])


def _speaker(doc, token, quotes, token_entity, referents, types) -> str | None:
    """Who speaks the quotation that holds ``token``."""
    span = _in_span(token.idx, quotes)
    if span is None:
        return None
    start, end = span
    candidates: list[Token] = []
    after = doc.char_span(end, min(len(doc_text(doc)), end + 200), alignment_mode="expand")
    if after is not None:
        candidates.extend(t for t in after.sent if t.idx >= end)
    before = doc.char_span(max(0, start - 1), start, alignment_mode="expand")
    if before is not None and len(before):
        candidates.extend(t for t in before[0].sent if t.idx < start)
    for verb in candidates:
        if verb.lemma_ not in SPEECH_LEMMAS or _in_span(verb.idx, quotes):
            continue
        for child in verb.children:
            if child.dep_ in _SUBJECTS:
                key = token_entity.get(child.i) or referents.get(child.i)
                if key is None:
                    for sub in child.subtree:
                        key = token_entity.get(sub.i)
                        if key is not None and types.get(key) in {"Person"} | _NON_PERSON:
                            break
                if key is not None:
                    return key
    return None


def annotate(doc: Doc, coreference: Coreference) -> None:
    """Store ``coreference`` on the Doc as ``doc._.coref`` and ``doc._.coref_antecedent``."""
    doc._.coref = dict(coreference.referents)
    doc._.coref_antecedent = dict(coreference.antecedents)
