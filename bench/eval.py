"""Graph-level evaluation against hand-made gold annotations of real articles.

For every gold file (``bench/gold/*.json``, format in ``bench/gold/README.md``) the articles are
ingested with the real pipeline into a fresh temporary store; what the graph holds is then read
back with SPARQL only (the public contract) and compared with the gold. Scores are computed per
corpus; a corpus whose gold file says ``heldout`` is reported as HELD-OUT and must never be used
to tune extraction.

Matching rules
--------------
Names are compared after :func:`normalise_name` (case-folded, typographic quotes and dashes made
plain, spaces collapsed, a leading "the" dropped).

entities
    The predicted entity nodes of an article are the nodes its named graph mentions
    (``schema:mentions``) and types with one of :data:`ENTITY_CLASSES`. A node matches a gold
    entity when its ``rdfs:label`` or one of its ``skos:altLabel`` equals the gold name or one of
    its aliases. Precision = nodes matching some gold entity of the article / nodes; recall = gold
    entities matched by some node / gold entities; both summed over the articles of the corpus.
    Type accuracy = matched nodes typed (in that article's graph) with the class of a gold entity
    they match / matched nodes.
alias merge
    Over the whole corpus (one IRI per real-world entity across articles): gold entities of the
    same name are pooled with all their aliases; every gold entity with two or more surface forms
    is *merged* when exactly one node of the corpus carries any of its forms, *split* when several
    do, *missing* when none does. Accuracy = merged / gold entities with two or more forms. Nodes
    carrying the forms of two different gold entities are counted as *over-merged*.
facts
    A gold fact links a subject to an object (a gold entity, or a gold agreement by its name)
    with a list of accepted relation phrases. It is *found* when, in the article's graph,

    * an ``rdf:Statement`` links a node matching the subject to a node matching the object (in
      that direction) and an accepted phrase occurs in the statement's predicate label,
      predicate name or relation text (:func:`phrase_matches`: the phrase's words in order,
      inflected forms allowed); for an agreement object, the matching node is the agreement
      node matched to the gold agreement (see below); or
    * an event node lists the subject in a role that an accepted phrase names (signatory: sign,
      conclude; mediator: broker, mediate; party: party, agree) and is itself the object's
      agreement node; or its event type matches an accepted phrase and it lists the subject as
      agent/party/signatory/mediator and the object as target/location/party.

    Recall = found / gold facts. Precision cannot be measured without judging every predicted
    statement by hand, so it is approximated on the statements the gold can judge: statements
    whose subject matches a gold entity of the article and whose object matches a gold entity or
    a matched gold agreement. Such a statement is correct when some gold fact of the article has
    a subject and object it matches and an accepted phrase it matches. Statements touching a node
    the gold does not know are not counted (their number is reported as coverage).
agreements
    A predicted agreement node (``nkg:Agreement`` mentioned by the article) can match a gold
    agreement when their kinds are compatible (:func:`kinds_compatible`) and it attaches at least
    one node matching a gold party, signatory or mediator (any of the three roles). Gold and
    predicted agreements are paired one to one, greedily, by the number of gold role entities
    attached, then by equal date. Party recall = gold role entities (parties, signatories and
    mediator, each name once) attached in any of the three roles to the paired node / all of
    them; the per-role recalls require the same role. Date accuracy: the node's
    ``schema:startDate`` starts with the gold date; the date is read from the node in any
    article's graph (one node holds one date, whichever article gave it), while roles are read
    from the article's own graph. Across articles a gold agreement (by name) should be one node:
    more than one is counted as a split.
junk
    An unmatched entity node is *junk* when :func:`junk_reason` finds its label listed in the
    article's ``junk_examples``, a pronoun, a date or number, a generic noun phrase (no capital
    letter, or led by a determiner or quantifier) or a demonym (Armenian, Russians, Russian
    peacekeepers). Junk share = junk nodes / predicted entity nodes; the unmatched share (any
    node matching no gold entity) is reported beside it.

Run ``python -m bench.eval`` (all gold files) or ``python -m bench.eval --gold
bench/gold/seeds.json --json``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ingest.records import ENTITY_TYPES

__all__ = [
    "ENTITY_CLASSES",
    "GOLD_DIR",
    "AgreementScore",
    "CorpusScore",
    "EventNode",
    "GoldAgreement",
    "GoldArticle",
    "GoldCorpus",
    "GoldEntity",
    "GoldFact",
    "Node",
    "PredictedArticle",
    "PredictedCorpus",
    "Ratio",
    "Statement",
    "evaluate",
    "format_score",
    "junk_reason",
    "kinds_compatible",
    "load_gold",
    "main",
    "normalise_name",
    "phrase_matches",
    "read_predictions",
    "resolve_article_path",
    "score_corpus",
]

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "bench" / "gold"
CORPUS_ROOTS = (ROOT, (ROOT / ".." / "shared" / "corpus").resolve())

ENTITY_CLASSES: tuple[str, ...] = tuple(t for t in ENTITY_TYPES if t != "Event")
"""schema.org classes (local names) that make a node an entity node for the scores."""

SCHEMA = "https://schema.org/"
NKG_NS = "https://w3id.org/newskg/ns#"

# ---------------------------------------------------------------------------------- gold records


@dataclass(frozen=True)
class GoldEntity:
    """A real-world entity an article names, with every surface form the gold accepts."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()

    @property
    def forms(self) -> frozenset[str]:
        """Normalised name and aliases."""
        return frozenset(normalise_name(f) for f in (self.name, *self.aliases))


@dataclass(frozen=True)
class GoldFact:
    """A relation the article states: subject, accepted relation phrases, object."""

    subject: str
    relation: tuple[str, ...]
    object: str
    evidence: str = ""


@dataclass(frozen=True)
class GoldAgreement:
    """An agreement the article reports, with who is bound by, signed and mediated it."""

    name: str
    kind: str
    date: str | None = None
    parties: tuple[str, ...] = ()
    signatories: tuple[str, ...] = ()
    mediator: tuple[str, ...] = ()

    @property
    def role_entities(self) -> tuple[str, ...]:
        """Parties, signatories and mediators, each name once, in that order."""
        return tuple(dict.fromkeys((*self.parties, *self.signatories, *self.mediator)))


@dataclass(frozen=True)
class GoldArticle:
    """The gold annotation of one article."""

    file: str
    entities: tuple[GoldEntity, ...] = ()
    facts: tuple[GoldFact, ...] = ()
    agreements: tuple[GoldAgreement, ...] = ()
    junk_examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldCorpus:
    """A gold file: a named selection of articles."""

    name: str
    articles: tuple[GoldArticle, ...]
    selection: str | None = None
    source: str = ""

    @property
    def heldout(self) -> bool:
        """Whether the corpus is held out (reported apart, never tuned on)."""
        return "heldout" in self.name.lower() or "heldout" in Path(self.source).stem.lower()


def _tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def load_gold(path: str | Path) -> GoldCorpus:
    """Read a gold file (see ``bench/gold/README.md``).

    Parameters
    ----------
    path : str or Path
        A JSON gold file.

    Returns
    -------
    GoldCorpus
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    articles = []
    for item in data["articles"]:
        articles.append(
            GoldArticle(
                file=item["file"],
                entities=tuple(
                    GoldEntity(e["name"], e.get("type", ""), _tuple(e.get("aliases")))
                    for e in item.get("entities", ())
                ),
                facts=tuple(
                    GoldFact(
                        f["subject"], _tuple(f["relation"]), f["object"], f.get("evidence", "")
                    )
                    for f in item.get("facts", ())
                ),
                agreements=tuple(
                    GoldAgreement(
                        name=a["name"],
                        kind=a.get("kind", ""),
                        date=a.get("date") or None,
                        parties=_tuple(a.get("parties")),
                        signatories=_tuple(a.get("signatories")),
                        mediator=_tuple(a.get("mediator")),
                    )
                    for a in item.get("agreements", ())
                ),
                junk_examples=_tuple(item.get("junk_examples")),
            )
        )
    return GoldCorpus(
        name=data.get("corpus") or Path(path).stem,
        articles=tuple(articles),
        selection=data.get("selection"),
        source=str(path),
    )


def resolve_article_path(file: str, roots: Sequence[Path] = CORPUS_ROOTS) -> Path | None:
    """The article file a gold entry names: relative to the repository, else to the corpus.

    >>> resolve_article_path("examples/no-such-article.txt") is None
    True
    """
    for root in roots:
        candidate = root / file
        if candidate.is_file():
            return candidate
    return None


# ----------------------------------------------------------------------------- text matching

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalise_name(name: str) -> str:
    """The form names are compared in.

    >>> normalise_name("  The Armenia’s  Parliament ")
    "armenia's parliament"
    >>> normalise_name("U.S.")
    'u.s.'
    """
    text = unicodedata.normalize("NFKC", name).translate(_QUOTES).casefold()
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


_IRREGULAR = {
    "have": {"has", "had", "having"},
    "be": {"is", "are", "was", "were", "been", "being", "'s"},
    "say": {"said"},
    "tell": {"told"},
    "lead": {"led"},
    "give": {"gave", "given"},
    "take": {"took", "taken"},
    "seize": {"seized"},
    "hold": {"held"},
    "keep": {"kept"},
    "win": {"won"},
    "meet": {"met"},
    "send": {"sent"},
    "make": {"made"},
    "speak": {"spoke", "spoken"},
    "throw": {"threw", "thrown"},
    "break": {"broke", "broken"},
}
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _word_forms(word: str) -> frozenset[str]:
    """A lemma and its regular (and a few irregular) inflections."""
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("e"):
        forms.add(word[:-1] + "ing")
    if word.endswith("y") and len(word) > 2:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if len(word) > 2 and word[-1] not in "aeiouwy":
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    forms |= _IRREGULAR.get(word, set())
    return frozenset(forms)


def _words(text: str) -> list[str]:
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)  # memberOf -> member Of
    return _WORD.findall(normalise_name(text).replace("-", " "))


def phrase_matches(phrase: str, text: str) -> bool:
    """Whether a relation phrase occurs in a relation text: its words in order, inflected.

    >>> phrase_matches("start deploying", "has started deploying")
    True
    >>> phrase_matches("deploy", "deploys")
    True
    >>> phrase_matches("located in", "locatedIn")
    True
    >>> phrase_matches("have security pact with", "has a security pact with")
    True
    >>> phrase_matches("sign", "design")
    False
    """
    wanted = _words(phrase)
    if not wanted:
        return False
    have = _words(text)
    i = 0
    for word in have:
        if word in _word_forms(wanted[i]):
            i += 1
            if i == len(wanted):
                return True
    return False


_KIND_FAMILIES = {
    "ceasefire": "ceasefire",
    "cease-fire": "ceasefire",
    "truce": "ceasefire",
    "armistice": "ceasefire",
    "memorandum": "memorandum",
}


def _kind_family(kind: str) -> str | None:
    for word in reversed(_words(kind)):
        family = _KIND_FAMILIES.get(word)
        if family is not None:
            return family
    return None


def kinds_compatible(gold_kind: str, predicted_kind: str) -> bool:
    """Whether an agreement kind of the gold and of the graph may name the same agreement.

    Ceasefires (ceasefire, truce, armistice) and memoranda are families of their own; any other
    kind (deal, agreement, accord, treaty, pact, statement) is generic and matches everything.

    >>> kinds_compatible("ceasefire", "truce")
    True
    >>> kinds_compatible("ceasefire", "deal")
    True
    >>> kinds_compatible("memorandum", "ceasefire")
    False
    """
    gold, predicted = _kind_family(gold_kind), _kind_family(predicted_kind)
    return gold is None or predicted is None or gold == predicted


_PRONOUNS = frozenset(
    {
        "i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours", "he", "him",
        "his", "she", "her", "hers", "it", "its", "they", "them", "their", "theirs", "this",
        "that", "these", "those", "who", "whom", "whose", "which", "what", "someone", "somebody",
        "anyone", "everyone", "nobody", "none", "one",
    }
)  # fmt: skip
_LEADING = frozenset(
    {
        "a", "an", "the", "this", "that", "these", "those", "some", "many", "several", "both",
        "all", "each", "every", "his", "her", "its", "their", "our", "my", "your", "any", "few",
        "most", "other", "another", "hundreds", "thousands", "dozens", "millions", "two",
        "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    }
)  # fmt: skip
_TIME_WORDS = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday", "today", "yesterday", "tomorrow", "tonight", "morning",
        "evening", "night", "week", "month", "year", "weeks", "months", "years", "decade",
        "century", "am", "pm",
    }
)  # fmt: skip
_DEMONYM_SUFFIXES = ("ians", "ian", "eans", "ean", "ese", "ish", "anis", "ani", "is", "i", "ans")


@lru_cache(maxsize=1)
def _country_names() -> tuple[str, ...]:
    import pycountry

    names = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(value.casefold())
    names |= {"britain", "england", "scotland", "wales", "europe", "asia", "africa", "america"}
    return tuple(sorted(names))


def _is_demonym(word: str) -> bool:
    lower = word.casefold()
    for suffix in _DEMONYM_SUFFIXES:
        stem = lower[: -len(suffix)]
        if lower.endswith(suffix) and len(stem) >= 4:
            return any(name.startswith(stem) for name in _country_names())
    return False


def junk_reason(label: str, listed: Iterable[str] = ()) -> str | None:
    """Why an entity node that matches no gold entity looks like junk, or ``None``.

    >>> junk_reason("he")
    'pronoun'
    >>> junk_reason("September 27")
    'date or number'
    >>> junk_reason("protesters")
    'generic noun'
    >>> junk_reason("Russian peacekeepers")
    'demonym'
    >>> junk_reason("Armenians")
    'demonym'
    >>> junk_reason("Shusha") is None
    True
    """
    norm = normalise_name(label)
    if norm in {normalise_name(item) for item in listed}:
        return "listed in gold"
    words = label.split()
    if not words:
        return "generic noun"
    low = [w.casefold().strip(".,'’\"") for w in words]
    if len(low) == 1 and low[0] in _PRONOUNS:
        return "pronoun"
    if any(ch.isdigit() for ch in label) or any(w in _TIME_WORDS for w in low):
        return "date or number"
    if _is_demonym(words[0].strip(".,'’\"")) and all(not w[:1].isupper() for w in words[1:]):
        return "demonym"
    if not any(ch.isupper() for ch in label) or low[0] in _LEADING:
        return "generic noun"
    return None


# --------------------------------------------------------------------------- predicted records


@dataclass(frozen=True)
class Node:
    """An entity node as one article's graph gives it."""

    iri: str
    label: str
    types: frozenset[str]
    forms: frozenset[str]  # normalised label and altLabels

    @classmethod
    def of(cls, iri: str, label: str, types: Iterable[str], alt: Iterable[str] = ()) -> Node:
        """A node from plain values (labels as written)."""
        forms = frozenset(normalise_name(f) for f in (label, *alt) if f)
        return cls(iri, label, frozenset(types), forms)


@dataclass(frozen=True)
class Statement:
    """A provenance statement: subject and object IRIs and the texts naming the relation."""

    subject: str
    object: str
    texts: tuple[str, ...]  # predicate label, predicate local name, relation text

    def says(self, phrases: Iterable[str]) -> bool:
        """Whether an accepted phrase occurs in one of the relation texts."""
        return any(phrase_matches(p, t) for p in phrases for t in self.texts)


@dataclass(frozen=True)
class EventNode:
    """An agreement or event node as one article's graph gives it."""

    iri: str
    kinds: frozenset[str]
    is_agreement: bool
    dates: frozenset[str] = frozenset()
    roles: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def role(self, *names: str) -> frozenset[str]:
        """IRIs of the entities in any of the given roles."""
        return frozenset().union(*(self.roles.get(n, frozenset()) for n in names))


@dataclass(frozen=True)
class PredictedArticle:
    """What the graph holds for one article."""

    graph: str
    entities: tuple[Node, ...] = ()
    statements: tuple[Statement, ...] = ()
    events: tuple[EventNode, ...] = ()


@dataclass(frozen=True)
class PredictedCorpus:
    """Predicted articles keyed by gold file, and every node's forms across all articles."""

    articles: Mapping[str, PredictedArticle]
    forms: Mapping[str, frozenset[str]]  # entity IRI -> normalised label/altLabels (union)


# ------------------------------------------------------------------------------ SPARQL reading

_TYPES = " ".join(f"schema:{c}" for c in ENTITY_CLASSES)
_ROLES = {
    NKG_NS + "party": "party",
    NKG_NS + "signatory": "signatory",
    NKG_NS + "mediator": "mediator",
    NKG_NS + "agent": "agent",
    NKG_NS + "target": "target",
    SCHEMA + "location": "location",
}

Q_ENTITIES = f"""
SELECT DISTINCT ?g ?e ?type ?label ?alt WHERE {{
  VALUES ?type {{ {_TYPES} }}
  GRAPH ?g {{
    ?g schema:mentions ?e . ?e a ?type .
    OPTIONAL {{ ?e rdfs:label ?label }}
    OPTIONAL {{ ?e skos:altLabel ?alt }}
  }}
}}"""

Q_FORMS = f"""
SELECT DISTINCT ?e ?form WHERE {{
  VALUES ?type {{ {_TYPES} }}
  ?e a ?type . ?e rdfs:label|skos:altLabel ?form .
}}"""

Q_STATEMENTS = """
SELECT DISTINCT ?g ?st ?s ?p ?o ?plabel ?text WHERE {
  GRAPH ?g { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
             OPTIONAL { ?st nkg:relationText ?text } }
  FILTER(?p != rdf:type)
  OPTIONAL { ?p rdfs:label ?plabel }
}"""

Q_EVENTS = """
SELECT DISTINCT ?g ?ev ?agreement ?kind ?date ?role ?x WHERE {
  GRAPH ?g {
    ?g schema:mentions ?ev . ?ev a schema:Event .
    BIND(EXISTS { ?ev a nkg:Agreement } AS ?agreement)
    OPTIONAL { ?ev nkg:eventType ?kind }
    OPTIONAL {
      VALUES ?role { nkg:party nkg:signatory nkg:mediator nkg:agent nkg:target schema:location }
      ?ev ?role ?x }
  }
  OPTIONAL { ?ev schema:startDate ?date }
}"""

Q_ARTICLES = "SELECT ?g ?h WHERE { GRAPH ?g { ?g a schema:NewsArticle ; nkg:contentHash ?h } }"


def _value(term) -> str | None:
    return None if term is None else term.value


def read_predictions(kg, files: Mapping[str, str]) -> PredictedCorpus:
    """Read entities, statements and events of some articles back from a store with SPARQL.

    Parameters
    ----------
    kg : graph.store.KnowledgeGraph
        An open store.
    files : mapping of str to str
        Gold file name -> content hash of the article read from it.

    Returns
    -------
    PredictedCorpus
        Articles missing from the store are absent from ``articles``.
    """
    by_hash = {_value(r["h"]): _value(r["g"]) for r in kg.ox_query(Q_ARTICLES)}
    graphs = {by_hash[h]: name for name, h in files.items() if h in by_hash}

    labels: dict[tuple[str, str], str] = {}
    alts: dict[tuple[str, str], set[str]] = defaultdict(set)
    types: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in kg.ox_query(Q_ENTITIES):
        g = _value(row["g"])
        if g not in graphs:
            continue
        key = (g, _value(row["e"]))
        types[key].add(_value(row["type"]).removeprefix(SCHEMA))
        if row["label"] is not None:
            labels.setdefault(key, _value(row["label"]))
        if row["alt"] is not None:
            alts[key].add(_value(row["alt"]))
    entities: dict[str, list[Node]] = defaultdict(list)
    for (g, e), kinds in sorted(types.items()):
        label = labels.get((g, e), e.rsplit("/", 1)[-1])
        entities[g].append(Node.of(e, label, kinds, alts.get((g, e), ())))

    forms: dict[str, set[str]] = defaultdict(set)
    for row in kg.ox_query(Q_FORMS):
        forms[_value(row["e"])].add(normalise_name(_value(row["form"])))

    texts: dict[tuple[str, str], dict[str, object]] = {}
    for row in kg.ox_query(Q_STATEMENTS):
        g = _value(row["g"])
        if g not in graphs:
            continue
        record = texts.setdefault(
            (g, _value(row["st"])),
            {"s": _value(row["s"]), "o": _value(row["o"]), "texts": set()},
        )
        predicate = _value(row["p"])
        record["texts"].add(re.split(r"[#/]", predicate)[-1].replace("-", " "))
        for name in ("plabel", "text"):
            if row[name] is not None:
                record["texts"].add(_value(row[name]))
    statements: dict[str, list[Statement]] = defaultdict(list)
    for (g, _), record in sorted(texts.items()):
        statements[g].append(Statement(record["s"], record["o"], tuple(sorted(record["texts"]))))

    events: dict[tuple[str, str], dict[str, object]] = {}
    for row in kg.ox_query(Q_EVENTS):
        g = _value(row["g"])
        if g not in graphs:
            continue
        record = events.setdefault(
            (g, _value(row["ev"])),
            {"agreement": False, "kinds": set(), "dates": set(), "roles": defaultdict(set)},
        )
        record["agreement"] = record["agreement"] or _value(row["agreement"]) == "true"
        if row["kind"] is not None:
            record["kinds"].add(_value(row["kind"]))
        if row["date"] is not None:
            record["dates"].add(_value(row["date"]))
        if row["role"] is not None and row["x"] is not None:
            record["roles"][_ROLES[_value(row["role"])]].add(_value(row["x"]))
    nodes: dict[str, list[EventNode]] = defaultdict(list)
    for (g, ev), record in sorted(events.items()):
        nodes[g].append(
            EventNode(
                iri=ev,
                kinds=frozenset(record["kinds"]),
                is_agreement=bool(record["agreement"]),
                dates=frozenset(record["dates"]),
                roles={r: frozenset(v) for r, v in record["roles"].items()},
            )
        )

    articles = {
        name: PredictedArticle(
            graph=g,
            entities=tuple(entities.get(g, ())),
            statements=tuple(statements.get(g, ())),
            events=tuple(nodes.get(g, ())),
        )
        for g, name in graphs.items()
    }
    return PredictedCorpus(articles, {e: frozenset(f) for e, f in forms.items()})


# ------------------------------------------------------------------------------------ scoring


@dataclass(frozen=True)
class Ratio:
    """A count of hits out of a total."""

    hit: int
    total: int

    @property
    def value(self) -> float | None:
        """``hit / total``, or ``None`` when there is nothing to count."""
        return self.hit / self.total if self.total else None

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.hit + other.hit, self.total + other.total)

    def __str__(self) -> str:
        value = self.value
        return f"{'n/a' if value is None else f'{value:.2f}'} ({self.hit}/{self.total})"


ZERO = Ratio(0, 0)


def _f1(precision: Ratio, recall: Ratio) -> float | None:
    p, r = precision.value, recall.value
    if p is None or r is None:
        return None
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


@dataclass(frozen=True)
class AgreementScore:
    """Agreement scores of a corpus."""

    found: Ratio = ZERO
    party_recall: Ratio = ZERO  # any of party/signatory/mediator
    parties: Ratio = ZERO
    signatories: Ratio = ZERO
    mediator: Ratio = ZERO
    date: Ratio = ZERO
    split: tuple[str, ...] = ()


@dataclass(frozen=True)
class CorpusScore:
    """Every score of one corpus; see the module docstring for the definitions."""

    corpus: str
    heldout: bool
    articles: int
    entity_precision: Ratio
    entity_recall: Ratio
    type_accuracy: Ratio
    alias_merge: Ratio
    split_entities: tuple[str, ...]
    missing_entities: tuple[str, ...]
    over_merged: tuple[str, ...]
    fact_recall: Ratio
    fact_precision: Ratio
    statements: int
    agreements: AgreementScore
    junk: Ratio
    unmatched: Ratio
    missed_facts: tuple[str, ...] = ()
    junk_nodes: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def entity_f1(self) -> float | None:
        """Harmonic mean of entity precision and recall."""
        return _f1(self.entity_precision, self.entity_recall)

    def to_dict(self) -> dict[str, object]:
        """Plain numbers for ``--json``: each ratio as value, hit and total."""

        def convert(value):
            if isinstance(value, Ratio):
                return {"value": value.value, "hit": value.hit, "total": value.total}
            if isinstance(value, dict):
                return {k: convert(v) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return [convert(v) for v in value]
            return value

        out = {name: getattr(self, name) for name in self.__dataclass_fields__}
        out["agreements"] = {
            name: getattr(self.agreements, name) for name in AgreementScore.__dataclass_fields__
        }
        out["entity_f1"] = self.entity_f1
        return convert(out)


def _matching(nodes: Iterable[Node], forms: frozenset[str]) -> set[str]:
    return {n.iri for n in nodes if n.forms & forms}


@dataclass
class _Tally:
    """Running counts while a corpus is scored."""

    entity_precision: Ratio = ZERO
    entity_recall: Ratio = ZERO
    type_accuracy: Ratio = ZERO
    fact_recall: Ratio = ZERO
    fact_precision: Ratio = ZERO
    statements: int = 0
    junk: Ratio = ZERO
    unmatched: Ratio = ZERO
    found: Ratio = ZERO
    party_recall: Ratio = ZERO
    parties: Ratio = ZERO
    signatories: Ratio = ZERO
    mediator: Ratio = ZERO
    date: Ratio = ZERO
    agreement_nodes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    missed_facts: list[str] = field(default_factory=list)
    junk_nodes: list[str] = field(default_factory=list)


_ROLE_WORDS = {
    "signatory": ("sign", "conclude"),
    "mediator": ("broker", "mediate"),
    "party": ("party", "agree"),
}
_AGENT_ROLES = ("agent", "party", "signatory", "mediator")
_TARGET_ROLES = ("target", "location", "party")


def _role_named(role: str, phrases: Iterable[str]) -> bool:
    verbs = _ROLE_WORDS.get(role, ())
    return any(phrase_matches(v, p) for v in verbs for p in phrases)


def _pair_agreements(
    gold: Sequence[GoldAgreement], nodes: Sequence[EventNode], forms_of
) -> dict[int, EventNode]:
    """Gold agreement index -> the predicted agreement node paired with it (one to one)."""
    candidates = []
    for gi, agreement in enumerate(gold):
        wanted = [forms_of(name) for name in agreement.role_entities]
        for ni, node in enumerate(nodes):
            if not node.is_agreement:
                continue
            if not any(kinds_compatible(agreement.kind, k) for k in node.kinds or {""}):
                continue
            attached = node.role("party", "signatory", "mediator")
            count = sum(1 for iris in wanted if iris & attached)
            if count == 0:
                continue
            same_date = bool(agreement.date) and any(
                d.startswith(agreement.date) for d in node.dates
            )
            candidates.append((count, same_date, -gi, -ni, gi, ni))
    pairs: dict[int, EventNode] = {}
    used: set[int] = set()
    for *_, gi, ni in sorted(candidates, reverse=True):
        if gi not in pairs and ni not in used:
            pairs[gi] = nodes[ni]
            used.add(ni)
    return pairs


def _score_article(
    gold: GoldArticle, predicted: PredictedArticle, corpus_entities: Mapping[str, GoldEntity]
) -> _Tally:
    tally = _Tally()
    nodes = predicted.entities
    local = {normalise_name(e.name): e for e in gold.entities}

    def entity_forms(name: str) -> frozenset[str]:
        key = normalise_name(name)
        entity = local.get(key) or corpus_entities.get(key)
        return entity.forms if entity is not None else frozenset({key})

    def forms_of(name: str) -> set[str]:
        return _matching(nodes, entity_forms(name))

    # entities
    matched_nodes: dict[str, list[GoldEntity]] = defaultdict(list)
    for entity in gold.entities:
        for iri in _matching(nodes, entity.forms):
            matched_nodes[iri].append(entity)
    found = sum(1 for e in gold.entities if _matching(nodes, e.forms))
    tally.entity_recall = Ratio(found, len(gold.entities))
    tally.entity_precision = Ratio(len(matched_nodes), len(nodes))
    typed = sum(
        1
        for n in nodes
        if n.iri in matched_nodes and n.types & {e.type for e in matched_nodes[n.iri]}
    )
    tally.type_accuracy = Ratio(typed, len(matched_nodes))
    junk = 0
    for node in nodes:
        if node.iri in matched_nodes:
            continue
        reason = junk_reason(node.label, gold.junk_examples)
        if reason is not None:
            junk += 1
            tally.junk_nodes.append(f"{gold.file}: {node.label} ({reason})")
    tally.junk = Ratio(junk, len(nodes))
    tally.unmatched = Ratio(len(nodes) - len(matched_nodes), len(nodes))

    # agreements
    pairs = _pair_agreements(gold.agreements, predicted.events, forms_of)
    agreement_node = {gold.agreements[gi].name: node.iri for gi, node in pairs.items()}
    for gi, agreement in enumerate(gold.agreements):
        node = pairs.get(gi)
        if node is not None:
            tally.agreement_nodes[agreement.name].add(node.iri)
        tally.found += Ratio(int(node is not None), 1)

        def attached(names: Sequence[str], roles: Sequence[str], node=node) -> Ratio:
            if node is None:
                return Ratio(0, len(names))
            iris = node.role(*roles)
            return Ratio(sum(1 for n in names if forms_of(n) & iris), len(names))

        tally.party_recall += attached(agreement.role_entities, ("party", "signatory", "mediator"))
        tally.parties += attached(agreement.parties, ("party",))
        tally.signatories += attached(agreement.signatories, ("signatory",))
        tally.mediator += attached(agreement.mediator, ("mediator",))
        if agreement.date:
            hit = node is not None and any(d.startswith(agreement.date) for d in node.dates)
            tally.date += Ratio(int(hit), 1)

    def object_iris(name: str) -> set[str]:
        if name in agreement_node:
            return {agreement_node[name]}
        if any(a.name == name for a in gold.agreements):
            return set()
        return forms_of(name)

    # facts: recall
    found_facts = 0
    for fact in gold.facts:
        subjects, objects = forms_of(fact.subject), object_iris(fact.object)
        hit = bool(subjects and objects) and (
            any(
                st.subject in subjects and st.object in objects and st.says(fact.relation)
                for st in predicted.statements
            )
            or _event_states(predicted.events, subjects, objects, fact.relation)
        )
        found_facts += hit
        if not hit:
            tally.missed_facts.append(
                f"{gold.file}: {fact.subject} —{'/'.join(fact.relation)}→ {fact.object}"
            )
    tally.fact_recall = Ratio(found_facts, len(gold.facts))

    # facts: precision over statements the gold can judge
    gold_subject = {iri for iri in matched_nodes}
    gold_object = gold_subject | set(agreement_node.values())
    judged = correct = 0
    for st in predicted.statements:
        if st.subject not in gold_subject or st.object not in gold_object:
            continue
        judged += 1
        correct += any(
            st.subject in forms_of(f.subject)
            and st.object in object_iris(f.object)
            and st.says(f.relation)
            for f in gold.facts
        )
    tally.fact_precision = Ratio(correct, judged)
    tally.statements = len(predicted.statements)
    return tally


def _event_states(
    events: Iterable[EventNode], subjects: set[str], objects: set[str], phrases: Sequence[str]
) -> bool:
    """Whether an n-ary node states the fact (see the module docstring)."""
    for ev in events:
        if ev.iri in objects and any(
            subjects & ev.role(role) and _role_named(role, phrases) for role in _ROLE_WORDS
        ):
            return True
        if (
            any(phrase_matches(p, k) for p in phrases for k in ev.kinds)
            and subjects & ev.role(*_AGENT_ROLES)
            and objects & ev.role(*_TARGET_ROLES)
        ):
            return True
    return False


def score_corpus(gold: GoldCorpus, predicted: PredictedCorpus, seconds: float = 0.0) -> CorpusScore:
    """Score what the graph holds for a corpus against its gold.

    Parameters
    ----------
    gold : GoldCorpus
        The gold file.
    predicted : PredictedCorpus
        What :func:`read_predictions` read back; a gold article it lacks counts as empty.
    seconds : float
        Time the ingest took, reported as is.

    Returns
    -------
    CorpusScore
    """
    pooled: dict[str, GoldEntity] = {}
    for article in gold.articles:
        for entity in article.entities:
            key = normalise_name(entity.name)
            known = pooled.get(key)
            aliases = (*(known.aliases if known else ()), *entity.aliases)
            pooled[key] = GoldEntity(entity.name, entity.type, tuple(dict.fromkeys(aliases)))
    total = _Tally()
    agreement_nodes: dict[str, set[str]] = defaultdict(set)
    for article in gold.articles:
        pred = predicted.articles.get(article.file, PredictedArticle(graph=""))
        tally = _score_article(article, pred, pooled)
        for name in (
            "entity_precision", "entity_recall", "type_accuracy", "fact_recall",
            "fact_precision", "junk", "unmatched", "found", "party_recall", "parties",
            "signatories", "mediator", "date",
        ):  # fmt: skip
            setattr(total, name, getattr(total, name) + getattr(tally, name))
        total.statements += tally.statements
        total.missed_facts += tally.missed_facts
        total.junk_nodes += tally.junk_nodes
        for name, iris in tally.agreement_nodes.items():
            agreement_nodes[name] |= iris

    # alias merge over the corpus: which nodes carry each gold entity's forms
    corpus_nodes = {n.iri for a in predicted.articles.values() for n in a.entities}
    node_forms = {iri: predicted.forms.get(iri, frozenset()) for iri in corpus_nodes}
    for article in predicted.articles.values():
        for node in article.entities:
            node_forms[node.iri] = node_forms[node.iri] | node.forms
    merged, split, missing = 0, [], []
    carriers: dict[str, set[str]] = defaultdict(set)
    multi = 0
    for key, entity in pooled.items():
        iris = {iri for iri, forms in node_forms.items() if forms & entity.forms}
        for iri in iris:
            carriers[iri].add(key)
        if len(entity.forms) < 2:
            continue
        multi += 1
        if len(iris) == 1:
            merged += 1
        elif iris:
            split.append(f"{entity.name} ({len(iris)} nodes)")
        else:
            missing.append(entity.name)
    over = sorted(
        f"{iri.rsplit('/', 1)[-1]}: {', '.join(sorted(keys))}"
        for iri, keys in carriers.items()
        if len(keys) > 1
    )
    return CorpusScore(
        corpus=gold.name,
        heldout=gold.heldout,
        articles=len(gold.articles),
        entity_precision=total.entity_precision,
        entity_recall=total.entity_recall,
        type_accuracy=total.type_accuracy,
        alias_merge=Ratio(merged, multi),
        split_entities=tuple(split),
        missing_entities=tuple(missing),
        over_merged=tuple(over),
        fact_recall=total.fact_recall,
        fact_precision=total.fact_precision,
        statements=total.statements,
        agreements=AgreementScore(
            found=total.found,
            party_recall=total.party_recall,
            parties=total.parties,
            signatories=total.signatories,
            mediator=total.mediator,
            date=total.date,
            split=tuple(sorted(n for n, iris in agreement_nodes.items() if len(iris) > 1)),
        ),
        junk=total.junk,
        unmatched=total.unmatched,
        missed_facts=tuple(total.missed_facts),
        junk_nodes=tuple(total.junk_nodes),
        seconds=seconds,
    )


# --------------------------------------------------------------------------------- running


def evaluate(
    gold: GoldCorpus, *, model: str | None = None, store: str | Path | None = None
) -> CorpusScore:
    """Ingest a gold corpus's articles into a fresh store, read the graph back and score it.

    Parameters
    ----------
    gold : GoldCorpus
        The gold file.
    model : str, optional
        spaCy pipeline to ingest with (the pipeline's default when omitted).
    store : str or Path, optional
        Folder for the store (must be new or empty); a temporary folder by default.

    Returns
    -------
    CorpusScore

    Raises
    ------
    FileNotFoundError
        When an article of the gold cannot be found.
    """
    from graph.store import KnowledgeGraph
    from ingest.pipeline import DEFAULT_MODEL, ingest
    from ingest.readers import Article, read_file

    paths: dict[str, Path] = {}
    for article in gold.articles:
        path = resolve_article_path(article.file)
        if path is None:
            raise FileNotFoundError(
                f"{gold.source}: article {article.file!r} not found under "
                + " or ".join(str(r) for r in CORPUS_ROOTS)
            )
        paths[article.file] = path
    hashes = {}
    for name, path in paths.items():
        read = next(iter(read_file(path)))
        if isinstance(read, Article):
            hashes[name] = read.content_hash

    with tempfile.TemporaryDirectory(prefix="newskg-eval-") as tmp:
        folder = Path(store) if store is not None else Path(tmp) / "store"
        with KnowledgeGraph(folder) as kg:
            started = time.perf_counter()
            ingest(list(paths.values()), kg, model=model or DEFAULT_MODEL, progress=False)
            seconds = time.perf_counter() - started
            predicted = read_predictions(kg, hashes)
    return score_corpus(gold, predicted, seconds)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def format_score(score: CorpusScore, *, details: bool = False) -> str:
    """A human-readable block of text for one corpus."""
    ag = score.agreements
    head = f"{score.corpus}  ({score.articles} articles, ingest {score.seconds:.1f} s)"
    if score.heldout:
        head = f"HELD-OUT {head}  -- reported only, never tune on it"
    lines = [
        head,
        f"  entities     P {score.entity_precision}  R {score.entity_recall}  "
        f"F1 {_fmt(score.entity_f1)}  type accuracy {score.type_accuracy}",
        f"  alias merge  {score.alias_merge}  split {len(score.split_entities)}  "
        f"missing {len(score.missing_entities)}  over-merged nodes {len(score.over_merged)}",
        f"  facts        R {score.fact_recall}  P {score.fact_precision} "
        f"(over statements between gold entities; {score.statements} statements in all)",
        f"  agreements   found {ag.found}  party recall {ag.party_recall}  "
        f"parties {ag.parties}  signatories {ag.signatories}  mediator {ag.mediator}  "
        f"date {ag.date}  split {len(ag.split)}",
        f"  junk         {score.junk} of entity nodes  unmatched {score.unmatched}",
    ]
    if details:
        for title, items in (
            ("split entities", score.split_entities),
            ("missing entities", score.missing_entities),
            ("over-merged nodes", score.over_merged),
            ("split agreements", ag.split),
            ("missed facts", score.missed_facts),
            ("junk nodes", score.junk_nodes),
        ):
            if items:
                lines.append(f"  {title}:")
                lines.extend(f"    {item}" for item in items)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: score every gold file (or those given) and print the numbers."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.eval", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--gold",
        action="append",
        type=Path,
        help="gold file (repeatable); default: every bench/gold/*.json",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable numbers")
    parser.add_argument("--model", default=None, help="spaCy pipeline to ingest with")
    parser.add_argument(
        "-v", "--details", action="store_true", help="list splits, missed facts and junk nodes"
    )
    args = parser.parse_args(argv)
    files = args.gold or sorted(GOLD_DIR.glob("*.json"))
    if not files:
        parser.error(f"no gold files in {GOLD_DIR}")
    golds = [load_gold(path) for path in files]
    golds.sort(key=lambda g: g.heldout)  # held-out corpora last, apart
    results: list[CorpusScore] = []
    status = 0
    for gold in golds:
        try:
            score = evaluate(gold, model=args.model)
        except FileNotFoundError as exc:
            print(f"skipped {gold.name}: {exc}", file=sys.stderr)
            status = 1
            continue
        results.append(score)
        if not args.json:
            print(format_score(score, details=args.details), flush=True)
            print()
    if args.json:
        print(json.dumps({s.corpus: s.to_dict() for s in results}, indent=1))
    return status


if __name__ == "__main__":
    sys.exit(main())
