"""Titles and roles of people: "Armenian Prime Minister Nikol Pashinyan" leads Armenia.

Two patterns give a role, both read from the dependency parse and the entity map of an article:

* a title before the name, with an optional anchor before the title:
  ``[Armenian | Armenia's | Kremlin | Nagorno-Karabakh] [Prime Minister | spokesman | leader]
  [Person]``;
* a title in apposition: ``Ararat Mirzoyan, Speaker of the Armenian Parliament``,
  ``Dmitry Peskov, the Kremlin spokesman``, ``the Armenian Prime Minister, Nikol Pashinyan``.

A title whose head is a word of :data:`LEAD_WORDS` (president, prime minister, leader, speaker,
king, chancellor ...) gives ``leads``; one of :data:`MEMBER_WORDS` (spokesman, minister,
ambassador, general ...) gives ``memberOf``; ``deputy`` and ``vice`` make any title ``memberOf``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

__all__ = [
    "HONORIFICS",
    "LEAD_WORDS",
    "MEMBER_WORDS",
    "TITLE_WORDS",
    "Role",
    "find_roles",
    "title_words_before",
]

#: Forms of address that are not roles (stripped from names, kept as aliases).
HONORIFICS = frozenset(
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "sheikh", "shaikh",
        "prof", "professor", "rev", "reverend", "father", "imam", "ayatollah", "rabbi", "mr.",
        "mrs.", "ms.", "dr.", "prof.", "rev.", "hon", "baroness", "baron",
    }
)  # fmt: skip

#: Head words of titles that lead the anchor (country, organisation).
LEAD_WORDS = frozenset(
    {
        "president", "premier", "leader", "head", "chairman", "chairwoman", "chairperson",
        "chair", "king", "queen", "chancellor", "emperor", "sultan", "emir", "monarch",
        "governor", "mayor", "ceo", "secretary-general", "director-general", "speaker", "chief",
        "boss", "commander-in-chief", "prime minister", "first minister", "chief executive",
        "secretary general", "director general", "supreme leader", "prime-minister",
    }
)  # fmt: skip

#: Head words of titles that make the person a member of the anchor.
MEMBER_WORDS = frozenset(
    {
        "spokesman", "spokeswoman", "spokesperson", "minister", "secretary", "ambassador",
        "envoy", "member", "general", "officer", "official", "aide", "adviser", "advisor",
        "deputy", "lawmaker", "mp", "mep", "senator", "congressman", "congresswoman", "diplomat",
        "negotiator", "commander", "councillor", "councilor", "representative", "colonel",
        "lieutenant", "admiral", "marshal", "attorney-general", "ombudsman", "judge",
        "spokesmen", "correspondent", "editor", "analyst", "director", "chairman",
    }
)  # fmt: skip

#: Words that may stand inside a title before a name ("Foreign Minister", "Secretary of State").
TITLE_WORDS = frozenset(
    LEAD_WORDS
    | MEMBER_WORDS
    | {
        "prime", "first", "foreign", "defence", "defense", "interior", "finance", "economy",
        "energy", "health", "justice", "home", "state", "vice", "deputy", "acting", "former",
        "interim", "executive", "general", "supreme", "chief", "press", "of", "affairs", "army",
        "military", "security", "national", "external", "trade", "education", "culture",
        "transport", "environment", "agriculture", "emergency", "emergencies", "situations",
        "opposition", "party", "senior", "top", "then", "outgoing", "incoming", "elect",
        "president-elect", "crown", "prince", "princess", "pope", "ex", "shadow", "staff",
        "information", "communications", "work", "pensions", "treasury", "exchequer",
    }
)  # fmt: skip

EntityOf = Callable[[int], "str | None"]
_NOT_ANCHOR_LEMMAS = frozenset({"former", "then", "acting", "interim", "outgoing", "incoming"})
_CAPITALISED_TITLE = {"mp": "MP", "mep": "MEP", "ceo": "CEO"}


@dataclass(frozen=True)
class Role:
    """A title of a person and, when the text names it, what the title is of.

    Parameters
    ----------
    person : str
        Entity key of the person.
    title : str
        The title as a name (``Prime Minister``, ``Spokesman``).
    predicate : str
        ``leads`` or ``memberOf``.
    target : str or None
        Entity key of the country or organisation, when the text gives one.
    token : int
        Index of the title's head token.
    confidence : float
        How sure the pattern is.
    """

    person: str
    title: str
    predicate: str
    target: str | None
    token: int
    confidence: float


def _title_name(words: list[str]) -> str:
    words = [w for w in words if w.lower() not in {"former", "then", "acting", "interim"}]
    text = " ".join(_CAPITALISED_TITLE.get(w.lower(), w) for w in words)
    return " ".join(
        w if w.isupper() or w.lower() == "of" else w[:1].upper() + w[1:] for w in text.split()
    )


def _predicate(words: list[str]) -> str | None:
    lowered = [w.lower() for w in words]
    if not lowered:
        return None
    if {"deputy", "vice", "shadow"} & set(lowered):
        return "memberOf"
    text = " ".join(lowered)
    # The head of a pre-nominal title is its last word; of "Secretary of State", the first.
    head = lowered[: lowered.index("of")] if "of" in lowered else lowered
    for n in (3, 2):
        if " ".join(head[-n:]) in LEAD_WORDS:
            return "leads"
    if head[-1] in LEAD_WORDS:
        return "leads"
    if head[-1] in MEMBER_WORDS or any(w in MEMBER_WORDS for w in lowered):
        return "memberOf"
    if any(w in LEAD_WORDS for w in lowered) and "minister" not in text:
        return "leads"
    return None


def title_words_before(doc: Doc, start: int) -> tuple[int, list[str]]:
    """The title words right before token ``start`` (``Prime Minister`` in front of a name).

    Returns the index of the first title token and the words, or ``(start, [])``.
    """
    first = start
    while first > 0:
        token = doc[first - 1]
        in_title = token.lower_ in TITLE_WORDS and token.ent_type_ != "PERSON"
        hyphen = token.text == "-" and first > 1 and doc[first - 2].lower_ in TITLE_WORDS
        if not (in_title or hyphen) or "\n" in token.text:
            break
        first -= 1
    # "of" and "State" may only stand inside a title ("Secretary of State John Kerry").
    while first < start and doc[first].lower_ in {"of", "-"}:
        first += 1
    words = _join_hyphens([t.text for t in doc[first:start]])
    if not words or words[-1].lower() == "of":
        return start, []
    if not any(w.lower() in LEAD_WORDS | MEMBER_WORDS for w in words):
        return start, []
    return first, words


def _join_hyphens(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        if out and (word == "-" or out[-1].endswith("-")):
            out[-1] += word
        else:
            out.append(word)
    return out


def _anchor_before(doc: Doc, first: int, entity_of: EntityOf) -> str | None:
    """The country or organisation named just before a title."""
    i = first - 1
    while i >= 0 and doc[i].text in {"'s", "’s", "'"}:
        i -= 1
    if i < 0 or "\n" in doc[i].text:
        return None
    return entity_of(i)


def _appositive_title(
    title: Token, entity_of: EntityOf, named: EntityOf | None = None
) -> tuple[list[str], str | None]:
    """Title words and anchor of an appositive noun phrase headed by ``title``."""
    words = [title.text]
    anchor: str | None = None
    for child in title.children:
        if child.i < title.i and child.dep_ in {"compound", "amod", "poss", "nmod"}:
            key = entity_of(child.i)
            if key is not None:
                anchor = anchor or key
            elif child.dep_ != "poss" and child.is_alpha:
                for part in child.subtree:
                    if part.is_alpha and entity_of(part.i) is None:
                        words.insert(len(words) - 1, part.text)
        if child.dep_ == "prep" and child.lower_ in {"of", "for", "at", "in"} and anchor is None:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    anchor = _entity_of_phrase(pobj, entity_of, named)
                    if child.lower_ == "of":
                        words.append("of")
                        words.append(pobj.text if anchor is None else "")
    words = [w for w in words if w]
    if words and words[-1] == "of":
        words.pop()
    if "of" in words:
        words = words[: words.index("of")]
    return words, anchor


def _entity_of_phrase(
    head: Token, entity_of: EntityOf, named: EntityOf | None = None
) -> str | None:
    """The non-person entity a noun phrase names: the name it is, else a place it is in
    (``in ...``), else what its head or a modifier names (a demonym too).

    ``the ethnic Armenian authorities in Nagorno-Karabakh`` names Nagorno-Karabakh, not the
    country of the demonym; ``named`` tells names from demonyms (default: ``entity_of``).
    """
    named = named or entity_of
    key = named(head.i)
    if key is not None:
        return key
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for pobj in prep.children:
                key = named(pobj.i) if pobj.dep_ == "pobj" else None
                if key is not None:
                    return key
    key = entity_of(head.i)
    if key is not None:
        return key
    for child in head.children:
        if child.i < head.i:
            key = entity_of(child.i)
            if key is not None:
                return key
    return None


def _counterpart_title(doc: Doc, token: int, found: list[Role]) -> list[str]:
    """The title a ``counterpart`` stands for: the last title named before it in its sentence."""
    sent_start = doc[token].sent.start
    earlier = [r for r in found if sent_start <= r.token < token]
    return earlier[-1].title.split() if earlier else []


def _person_heads(doc: Doc, token_entity: dict[int, str], types: dict[str, str]):
    """Per person mention: (first token, head token, key)."""
    i = 0
    n = len(doc)
    while i < n:
        key = token_entity.get(i)
        if key is None or types.get(key) != "Person" or doc[i].pos_ == "PRON":
            i += 1
            continue
        j = i
        while j + 1 < n and token_entity.get(j + 1) == key:
            j += 1
        heads = [t for t in doc[i : j + 1] if not (i <= t.head.i <= j) or t.head.i == t.i]
        yield i, (heads[0] if heads else doc[j]), key
        i = j + 1


_NATIONAL = frozenset(
    {"president", "prime minister", "premier", "king", "queen", "chancellor", "minister",
     "secretary of state", "foreign secretary", "emir", "sultan"}
)  # fmt: skip


def _national(words: list[str]) -> bool:
    text = " ".join(w.lower() for w in words)
    return any(text == n or text.endswith(" " + n) for n in _NATIONAL) or text.endswith("minister")


def _context_country(doc: Doc, start: int, country: Callable[[int], str | None]) -> str | None:
    """The country of the nearest place named before ``start`` in its sentence or the last."""
    sent = doc[start].sent
    first = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for i in range(start - 1, first - 1, -1):
        key = country(i)
        if key is not None:
            return key
    return None


def find_roles(
    doc: Doc,
    token_entity: dict[int, str],
    types: dict[str, str],
    *,
    demonym: Callable[[int], str | None] | None = None,
    country: Callable[[int], str | None] | None = None,
) -> list[Role]:
    """Roles of the people of ``doc``.

    Parameters
    ----------
    doc : Doc
        The parsed article.
    token_entity : dict[int, str]
        Token index -> entity key.
    types : dict[str, str]
        Entity key -> schema.org class.
    demonym : callable, optional
        Token index -> key of the country a demonym there names (``Armenian``), or None.
    country : callable, optional
        Token index -> key of the country a place named there lies in (``Tehran`` -> Iran).
        A national title with no anchor (``President Hassan Rouhani``) then takes the nearest
        such country of its sentence or the one before, with a lower confidence.

    Returns
    -------
    list of Role
    """

    def entity_of(i: int) -> str | None:
        key = token_entity.get(i)
        if key is not None:
            return None if types.get(key) == "Person" else key
        return demonym(i) if demonym is not None else None

    def named(i: int) -> str | None:
        """A name (not a demonym phrase such as "Serb administration") of a non-person."""
        key = token_entity.get(i)
        if key is None or types.get(key) == "Person" or doc[i].ent_type_ == "NORP":
            return None
        return key if doc[i].pos_ == "PROPN" else None

    roles: list[Role] = []
    seen: set[tuple[str, str, str | None]] = set()

    def add(person: str, words: list[str], target: str | None, token: int, conf: float) -> None:
        predicate = _predicate(words)
        if predicate is None:
            return
        title = _title_name(words)
        if (person, title, target) in seen or target == person:
            return
        seen.add((person, title, target))
        roles.append(Role(person, title, predicate, target, token, conf))

    for first, head, key in _person_heads(doc, token_entity, types):
        start, words = title_words_before(doc, first)
        if not words and first > 0 and doc[first - 1].lower_ == "counterpart":
            # "Foreign Minister Sergei Lavrov and his Armenian counterpart Zohrab Mnatsakanyan"
            words, start = _counterpart_title(doc, first - 1, roles), first - 1
        if words:
            anchor = _anchor_before(doc, start, entity_of)
            confidence = 0.9
            if anchor is None and country is not None and _national(words):
                anchor, confidence = _context_country(doc, start, country), 0.6
            add(key, words, anchor, first - 1, confidence if anchor else 0.8)
        for child in head.children:
            if child.dep_ == "appos" and child.lower_ in TITLE_WORDS:
                words, anchor = _appositive_title(child, entity_of, named)
                add(key, words, anchor, child.i, 0.85 if anchor else 0.75)
        if head.dep_ == "appos" and head.head.lower_ in TITLE_WORDS:
            words, anchor = _appositive_title(head.head, entity_of, named)
            add(key, words, anchor, head.head.i, 0.85 if anchor else 0.75)
    return roles
