"""Rule-based open information extraction over spaCy's dependency parse.

:func:`extract` reads one parsed sentence and returns :class:`OpenTriple` objects: who did what
to whom, with further arguments (time, place, manner) kept apart, token spans of the arguments so
the graph layer can map them to entities, and flags for negation, modality and reported speech.

The rules cover active and passive clauses, prepositional objects, copulas and appositions,
relative clauses, coordination, control verbs (``agreed to withdraw``), clausal complements and
reported speech. Arguments are token ranges of the Doc; their text is cut from the Doc's own text,
so a sentence that was given with spaces between tokens gives arguments with the same spacing.

Beyond clauses, a few implicit triples are read from noun phrases: appositions
(``Ararat Mirzoyan, Speaker of Parliament``), titles before names (``French President Emmanuel
Macron``) and places after nouns (``the foundation in Berlin``: ``is in``).

The output follows the conventions of the CaRB benchmark, which ``bench/carb.py`` scores: the
relation takes the preposition when a verb has no direct object (``taught at``), a passive with
an agent reads ``was signed by``, and further arguments keep their preposition (``in 1941``).
Each triple's confidence is a logistic score of a few features (the rule that made it, the kind
of clause, argument lengths, pronouns, entities), fitted to CaRB dev precision.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ingest.doctext import doc_text

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span, Token

__all__ = ["OpenTriple", "extract", "extract_lines", "format_carb"]

Ranges = tuple[tuple[int, int], ...]
"""Token index ranges ``[start, end)`` in the Doc that together make one argument."""

SPEECH_LEMMAS: frozenset[str] = frozenset(
    {
        "say", "tell", "add", "claim", "announce", "state", "report", "insist", "warn", "deny",
        "argue", "note", "confirm", "declare", "stress", "explain", "write", "contend", "assert",
        "allege", "accuse", "reply", "respond", "acknowledge", "admit", "predict", "suggest",
    }
)  # fmt: skip
"""Verb lemmas whose clausal complement is reported speech."""

MODALS: frozenset[str] = frozenset(
    {"can", "could", "may", "might", "must", "shall", "should", "will", "would"}
)
"""Auxiliary lemmas reported as :attr:`OpenTriple.modality`."""

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
_OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "acomp"})
_PREP_DEPS = frozenset({"prep", "agent"})
_AUX_DEPS = frozenset({"aux", "auxpass", "neg"})
_CLAUSE_DEPS = frozenset(
    {"ROOT", "conj", "ccomp", "advcl", "relcl", "acl", "xcomp", "pcomp", "parataxis", "csubj"}
)
_NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X", "SYM"})
_EDGE_DEPS = frozenset({"cc", "mark", "preconj", "neg"})
_QUOTES = frozenset({'"', "``", "''", "\u201c", "\u201d", "\u00ab", "\u00bb"})
_KEEP_PUNCT = _QUOTES | {"'", "`", "(", ")", "[", "]", "-LRB-", "-RRB-", "%", "$"}
_TIME_ENTS = frozenset({"DATE", "TIME"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "inside", "within", "outside", "across", "throughout", "around"}
)
_RELATIVE_WORDS = frozenset({"which", "who", "whom", "that", "whose"})
_THAT_MARKS = frozenset({"that", "whether", "if"})


@dataclass(frozen=True, kw_only=True, slots=True)
class OpenTriple:
    """One extraction: subject, relation, object and further arguments of a clause.

    Parameters
    ----------
    subject : str
        Subject text.
    relation : str
        Relation phrase, with auxiliaries, negation and a preposition where it belongs.
    object : str
        Object text (the first argument after the relation).
    extra : tuple[str, ...]
        Further arguments, such as ``"in the region"`` or ``"on Tuesday"``.
    confidence : float
        Score in ``(0, 1)``; higher is surer.
    negated : bool
        The clause is negated (``not``, ``n't``, ``never``).
    modality : str or None
        Lemma of a modal auxiliary (``could``, ``will``), if any.
    reported_by : str or None
        Who the clause is attributed to, for reported speech (``X said that ...``).
    sent_start : int
        Character offset of the sentence in the Doc text.
    sent_end : int
        Character offset just past the sentence in the Doc text.
    subject_span : tuple[int, int]
        Token indices ``[start, end)`` in the Doc covering the subject.
    object_span : tuple[int, int]
        Token indices ``[start, end)`` in the Doc covering the object.
    relation_head : int
        Doc index of the relation's head token: the verb or copula; for a copula the extractor
        supplies, the apposition, name or preposition it was read from.
    extra_spans : tuple[tuple[int, int], ...]
        Token index ranges of :attr:`extra`, in the same order.
    pattern : str
        Name of the rule that made the triple: ``svo``, ``copula``, ``copula-of``, ``prep``,
        ``passive`` (with an agent), ``active`` (its active reading), ``ccomp``, ``speech``,
        ``relcl``, ``relcl-object``, ``intransitive``, ``acl``, ``appos``, ``title``,
        ``located``.
    passive : bool
        The subject is the patient of a passive verb (``The deal was signed by Moscow``).
    preposition : str or None
        The preposition that joined the relation, whose object is :attr:`object`
        (``from`` in ``withdrew from Kelbajar``, ``by`` in ``was signed by Moscow``).
    """

    subject: str
    relation: str
    object: str
    extra: tuple[str, ...] = ()
    confidence: float
    negated: bool = False
    modality: str | None = None
    reported_by: str | None = None
    sent_start: int
    sent_end: int
    subject_span: tuple[int, int]
    object_span: tuple[int, int]
    relation_head: int
    extra_spans: tuple[tuple[int, int], ...] = ()
    pattern: str = "svo"
    passive: bool = False
    preposition: str | None = None


@dataclass(frozen=True, slots=True)
class _Frame:
    """An extraction before its text is cut: token ranges and relation parts."""

    subject: Ranges
    relation: tuple[int | str, ...]
    object: Ranges
    extras: tuple[Ranges, ...]
    head: int
    pattern: str
    negated: bool = False
    modality: str | None = None
    reported_by: Ranges | None = None
    inherited: bool = False
    passive: bool = False
    preposition: int | None = None


@dataclass(slots=True)
class _Sentence:
    """Per-sentence lookups shared by the rules."""

    doc_text: str
    tokens: Sequence[Token]
    offset: int
    trimmable: list[bool]
    quotes: list[bool]
    starts: list[int]
    ends: list[int]
    heads: list[int]
    lines: list[int]
    past: bool
    according: bool
    texts: dict[Ranges, str] = field(default_factory=dict)
    reporters: dict[int, Token | None] = field(default_factory=dict)

    def token(self, i: int) -> Token:
        return self.tokens[i - self.offset]

    def text(self, ranges: Ranges) -> str:
        """Text of token ranges, each range cut verbatim from the Doc, joined by spaces."""
        cached = self.texts.get(ranges)
        if cached is None:
            o = self.offset
            cached = " ".join(
                self.doc_text[self.starts[a - o] : self.ends[b - 1 - o]] for a, b in ranges
            )
            self.texts[ranges] = cached
        return cached

    def relation_text(self, parts: Sequence[int | str]) -> str:
        """Text of a relation: adjacent tokens are cut together, literal words kept as given."""
        words: list[str] = []
        run_start = run_end = -1
        for part in parts:
            if isinstance(part, int) and part == run_end:
                run_end += 1
                continue
            if run_start >= 0:
                words.append(self.text(((run_start, run_end),)))
                run_start = run_end = -1
            if isinstance(part, int):
                run_start, run_end = part, part + 1
            else:
                words.append(part)
        if run_start >= 0:
            words.append(self.text(((run_start, run_end),)))
        return " ".join(words)


def _sentence(sent: Span) -> _Sentence:
    tokens = list(sent)
    trimmable = [
        t.is_space or (t.is_punct and t.text not in _KEEP_PUNCT) or t.dep_ in _EDGE_DEPS
        for t in tokens
    ]
    lines: list[int] = []
    line = 0
    for t in tokens:
        if t.is_space and "\n" in t.text:
            line += 1
        lines.append(line)
    root = sent.root
    past = root.tag_ in ("VBD", "VBN") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in root.children
    )
    return _Sentence(
        doc_text=doc_text(sent.doc),
        tokens=tokens,
        offset=sent.start,
        trimmable=trimmable,
        quotes=[t.text in _QUOTES for t in tokens],
        starts=[t.idx for t in tokens],
        ends=[t.idx + len(t.text) for t in tokens],
        heads=[t.head.i for t in tokens],
        lines=lines,
        past=past,
        according=any(t.lower_ == "according" for t in tokens),
    )


def _subtree(s: _Sentence, tok: Token) -> list[tuple[int, int]]:
    """Token ranges of the subtree of ``tok``: one range, also where the parse is non-projective."""
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    heads, o = s.heads, s.offset
    for j in range(start, end):
        h = heads[j - o]
        if j != tok.i and (h == j or h < start or h >= end):
            # Non-projective: keep the stretch around the token; a dependent parsed far away
            # from its head is more often a parse error than a split phrase.
            runs = _runs(sorted(t.i for t in tok.subtree))
            return [r for r in runs if r[0] <= tok.i < r[1]]
    return [(start, end)]


def _runs(indices: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted token indices as ranges of consecutive indices."""
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _subtract(
    base: Iterable[tuple[int, int]], holes: Iterable[tuple[int, int]]
) -> list[tuple[int, int]]:
    pieces = list(base)
    for h_start, h_end in holes:
        cut: list[tuple[int, int]] = []
        for a, b in pieces:
            if h_end <= a or h_start >= b:
                cut.append((a, b))
                continue
            if a < h_start:
                cut.append((a, h_start))
            if h_end < b:
                cut.append((h_end, b))
        pieces = cut
    return pieces


def _trim(s: _Sentence, a: int, b: int) -> tuple[int, int]:
    """Drop punctuation, spaces, conjunctions and unmatched quotes from the edges of a range."""
    o = s.offset
    while True:
        while a < b and s.trimmable[a - o]:
            a += 1
        while b > a and s.trimmable[b - 1 - o]:
            b -= 1
        if a < b and sum(s.quotes[a - o : b - o]) % 2:
            if s.quotes[a - o]:
                a += 1
                continue
            if s.quotes[b - 1 - o]:
                b -= 1
                continue
        return a, b


def _carve(
    s: _Sentence,
    base: Iterable[tuple[int, int]],
    holes: Iterable[tuple[int, int]],
    anchor: int,
) -> Ranges:
    """Ranges of ``base`` minus the holes, on the anchor token's line, with trimmed edges."""
    o = s.offset
    line = s.lines[anchor - o]
    out: list[tuple[int, int]] = []
    for a, b in _subtract(base, holes):
        if s.lines[a - o] != line or s.lines[b - 1 - o] != line:
            on_line = [i for i in range(a, b) if s.lines[i - o] == line]
            if not on_line:
                continue
            a, b = on_line[0], on_line[-1] + 1
        a, b = _trim(s, a, b)
        if a < b:
            out.append((a, b))
    return tuple(out)


def _holes(s: _Sentence, tok: Token, drop: Iterable[str]) -> list[tuple[int, int]]:
    """Ranges of the subtrees of the children of ``tok`` whose dep is in ``drop``."""
    return [r for c in tok.children if c.dep_ in drop for r in _subtree(s, c)]


def _phrase(s: _Sentence, tok: Token, drop: frozenset[str] = frozenset()) -> Ranges:
    """The subtree of ``tok`` without the subtrees of its children whose dep is in ``drop``."""
    holes = _holes(s, tok, drop) if drop else []
    return _carve(s, _subtree(s, tok), holes, tok.i)


_NP_DROP = frozenset({"relcl", "appos"})
_CONJ_DROP = frozenset({"relcl", "appos", "conj", "cc"})


def _conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the nominal conjuncts hanging from it, in order."""
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj" and child.pos_ in _NOMINAL_POS | {"ADJ"}:
            out.extend(_conjuncts(child))
    return out


def _noun_phrases(s: _Sentence, tok: Token) -> list[Ranges]:
    """One argument per conjunct of a noun phrase, without relative clauses or appositions."""
    conj = _conjuncts(tok)
    if len(conj) == 1:
        return [_phrase(s, tok, _NP_DROP)]
    return [_phrase(s, c, _CONJ_DROP) for c in conj]


def _is_relative_pronoun(tok: Token) -> bool:
    return tok.tag_ in ("WDT", "WP", "WP$") or (
        tok.lower_ in _RELATIVE_WORDS and tok.head.dep_ == "relcl"
    )


def _clause_head(tok: Token) -> Token:
    """The verb a conjoined verb hangs from (itself when not conjoined)."""
    while tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _antecedent(verb: Token) -> Token | None:
    """The noun a relative clause (or a conjunct of one) modifies."""
    clause = _clause_head(verb)
    if clause.dep_ in ("relcl", "acl") and clause.head.pos_ in _NOMINAL_POS:
        return clause.head
    return None


@dataclass(frozen=True, slots=True)
class _Subject:
    token: Token
    inherited: bool


def _find_subject(verb: Token, depth: int = 0) -> _Subject | None:
    """The subject token of a verb, following conjunction, control and relative clauses."""
    if any(c.dep_ == "expl" for c in verb.children):
        return None  # ``there were concerns``: no subject to speak of
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS:
            if _is_relative_pronoun(child):
                ante = _antecedent(verb)
                return _Subject(ante, False) if ante is not None else None
            return _Subject(child, False)
    if depth > 6:
        return None
    dep = verb.dep_
    head = verb.head
    if dep == "conj" and head.pos_ in ("VERB", "AUX"):
        found = _find_subject(head, depth + 1)
        return _Subject(found.token, True) if found else None
    if dep == "xcomp":
        controller = next((c for c in head.children if c.dep_ == "dobj"), None)
        if controller is not None:
            return _Subject(controller, True)
    if dep == "xcomp" or (dep == "advcl" and verb.tag_ in ("VBG", "VBN")):
        found = _find_subject(head, depth + 1)
        return _Subject(found.token, True) if found else None
    if dep == "relcl" and head.pos_ in _NOMINAL_POS:
        return _Subject(head, False)
    return None


def _subject_ranges(s: _Sentence, tok: Token, conjuncts: bool = True) -> Ranges:
    """A noun phrase without relative clauses, appositions and comma-set participles.

    With ``conjuncts`` false, also without coordinated nouns (an antecedent of a relative clause
    that hangs on one of them).
    """
    drop = _NP_DROP if conjuncts else _CONJ_DROP
    holes = []
    for c in tok.children:
        dep = c.dep_
        if dep in drop or (dep == "acl" and _after_comma(s, c)):
            holes.extend(_subtree(s, c))
    return _carve(s, _subtree(s, tok), holes, tok.i)


def _after_comma(s: _Sentence, tok: Token) -> bool:
    before = tok.left_edge.i - 1
    return before >= s.offset and s.token(before).text == ","


def _aux_parts(verb: Token) -> list[Token]:
    """Auxiliaries, negation and pre-verbal single-word adverbs of a verb."""
    parts = [c for c in verb.children if c.dep_ in _AUX_DEPS]
    first = min((c.i for c in parts), default=verb.i)
    for c in verb.children:
        if (
            c.dep_ == "advmod"
            and first <= c.i < verb.i
            and c.n_lefts + c.n_rights == 0
            and c.lower_ not in _RELATIVE_WORDS
            and c.tag_ not in ("WRB",)
        ):
            parts.append(c)
    return parts


def _inherited_aux(verb: Token) -> list[Token]:
    """Auxiliaries a conjoined verb shares with its head (``has signed and ratified``).

    Only a bare verb or a participle without a subject or auxiliary of its own shares them, and
    a passive auxiliary only goes to a past participle.
    """
    if verb.dep_ != "conj" or verb.tag_ not in ("VB", "VBN", "VBG"):
        return []
    if any(c.dep_ in _SUBJECT_DEPS or c.dep_ in ("aux", "auxpass") for c in verb.children):
        return []
    shared: list[Token] = []
    for c in verb.head.children:
        dep = c.dep_
        if (dep == "aux" and c.tag_ != "TO") or (dep == "auxpass" and verb.tag_ == "VBN"):
            shared.append(c)
    if shared:
        shared.extend(c for c in verb.head.children if c.dep_ == "neg")
    return shared


def _is_temporal(prep: Token) -> bool:
    return any(c.ent_type_ in _TIME_ENTS for c in prep.children if c.dep_ == "pobj")


def _is_place(prep: Token) -> bool:
    """A locative preposition (in, at, near ...) whose object is a place name."""
    return prep.lower_ in _LOCATIVE_PREPS and any(
        c.ent_type_ in _PLACE_ENTS for c in prep.children if c.dep_ == "pobj"
    )


def _relation_preposition(preps: Sequence[Token], verb: Token) -> Token | None:
    """The preposition that joins the relation of a verb without an object.

    The first one after the verb whose object is neither a time nor a place; failing that, the
    first one after the verb whose object is not a time.
    """
    after = [p for p in preps if p.i > verb.i and not _is_temporal(p)]
    return next((p for p in after if not _is_place(p)), after[0] if after else None)


def _object_of_prep(s: _Sentence, prep: Token) -> list[Ranges]:
    """Arguments for the object of a preposition, split on conjunction."""
    for child in prep.children:
        if child.dep_ == "pobj":
            return _noun_phrases(s, child)
        if child.dep_ == "pcomp":
            return [_phrase(s, child)]
    return []


def _is_extra(verb: Token, c: Token) -> bool:
    """Whether a dependent of a verb is a further argument (time, place, manner ...)."""
    dep = c.dep_
    if dep in _PREP_DEPS:  # without ``according to`` (attribution) and stranded prepositions
        return c.lower_ != "according" and c.n_lefts + c.n_rights > 0
    if dep == "npadvmod" or (dep == "dative" and c.pos_ == "ADP"):
        return True
    if dep == "advmod":
        return c.n_lefts + c.n_rights > 0 and c.tag_ != "WRB"
    if dep == "xcomp":  # object control: ``urged both sides to respect the truce``
        return c.i > verb.i and any(o.dep_ == "dobj" for o in verb.children)
    return False


def _extras(s: _Sentence, verb: Token, skip: set[int]) -> list[Ranges]:
    """Further arguments of a verb: prepositional phrases, adverbials, reported clauses."""
    out: list[Ranges] = []
    speech = verb.lemma_ in SPEECH_LEMMAS
    for c in verb.children:
        if c.i in skip:
            continue
        if speech and c.dep_ == "ccomp":
            ranges = _clause(s, c)
        elif _is_extra(verb, c):
            ranges = _phrase(s, c)
        else:
            continue
        if ranges:
            out.append(ranges)
    return out


def _shared_extras(s: _Sentence, verb: Token, subject: Token) -> list[Ranges]:
    """Arguments before the subject, shared by conjoined verbs (``On Sunday, X did A and B``)."""
    head = _clause_head(verb)
    return _extras(s, head, {c.i for c in head.children if c.i > subject.i})


def _clause(s: _Sentence, head: Token) -> Ranges:
    """A clausal complement without its complementiser (``that``, ``whether``)."""
    marks = [(m.i, m.i + 1) for m in head.children if m.dep_ == "mark"]
    return _carve(s, _subtree(s, head), marks, head.i)


def _controlled(verb: Token) -> Token | None:
    """The ``to`` complement a verb shares its subject with (``agreed to withdraw``).

    None when there is none, or when the verb has a direct object, which is then the complement's
    subject (``urged both sides to respect``).
    """
    if any(c.dep_ == "dobj" for c in verb.children):
        return None
    for c in verb.rights:
        if (
            c.dep_ == "xcomp"
            and c.pos_ in ("VERB", "AUX")
            and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children)
        ):
            return c
        if verb.lemma_ == "be" and c.dep_ == "acomp" and c.pos_ == "ADJ" and _controlled(c):
            return c  # ``is likely to deploy``, ``will be able to service``
    return None


def _xcomp_chain(verb: Token) -> list[Token]:
    """``verb`` followed by the control complements it heads (``agreed to try to withdraw``)."""
    chain = [verb]
    nxt = _controlled(verb)
    while nxt is not None and len(chain) < 5:
        chain.append(nxt)
        nxt = _controlled(nxt)
    return chain


def _reporter(s: _Sentence, tok: Token) -> Token | None:
    """Who the clause of ``tok`` is attributed to.

    The subject of the speech verb whose clausal complement contains ``tok``, or the object of
    ``according to`` on its clause, whichever is nearer; remembered per token for the sentence.
    """
    if tok.i in s.reporters:
        return s.reporters[tok.i]
    found: Token | None = None
    head = tok.head
    if head.i != tok.i and tok.dep_ in ("ccomp", "parataxis") and head.lemma_ in SPEECH_LEMMAS:
        speaker = _find_subject(head)
        found = speaker.token if speaker else None
    elif s.according and (source := _according_to(tok)) is not None:
        found = source
    elif head.i != tok.i:
        found = _reporter(s, head)
    s.reporters[tok.i] = found
    return found


def _according_to(verb: Token) -> Token | None:
    """The object of ``according to`` attached to a verb."""
    for c in verb.children:
        if c.lower_ == "according":
            for to in c.children:
                pobj = next((o for o in to.children if o.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return None


def _copula(subject: Token, past: bool = False) -> str:
    """A copula agreeing with the subject: ``is``/``are``, or ``was``/``were`` when ``past``."""
    plural = subject.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subject.children)
    if past:
        return "were" if plural else "was"
    return "are" if plural else "is"


def _is_controlled(verb: Token) -> bool:
    """A ``to`` complement read as part of its head verb's relation."""
    if verb.dep_ != "xcomp" or verb.head.i == verb.i:
        return False
    found = _controlled(verb.head)
    return found is not None and found.i == verb.i and verb.head.pos_ in ("VERB", "AUX", "ADJ")


def _fold_attribute(s: _Sentence, attr: Token) -> tuple[list[Token], list[Ranges]] | None:
    """Split ``a notable influence on Buchan`` into relation words and the prepositional object.

    Returns the words up to and with the first preposition after the noun, and the object of that
    preposition; None when the noun has no such preposition or its object is a time or place.
    """
    prep = next((c for c in attr.rights if c.dep_ == "prep"), None)
    if prep is None or _is_temporal(prep) or _is_place(prep):
        return None
    objects = _object_of_prep(s, prep)
    if not objects:
        return None
    words = [s.token(i) for i in range(attr.left_edge.i, prep.i + 1)]
    return words, objects


@dataclass(frozen=True, slots=True)
class _Objects:
    """The objects of a clause and the words they add to its relation."""

    args: tuple[Ranges, ...]
    pattern: str
    words: tuple[Token, ...] = ()
    used: tuple[int, ...] = ()


def _direct_objects(s: _Sentence, chain: Sequence[Token], ante: Token | None) -> _Objects | None:
    """Direct objects or predicatives, of the last verb of the chain or else an earlier one."""
    links = {v.i for v in chain}
    for v in reversed(chain):
        c = next((c for c in v.children if c.dep_ in _OBJECT_DEPS and c.i not in links), None)
        if c is None:
            continue
        pattern = "copula" if v.lemma_ == "be" else "svo"
        if _is_relative_pronoun(c) and ante is not None:
            return _Objects((_subject_ranges(s, ante),), pattern, used=(c.i,))
        if pattern == "copula" and c.dep_ == "attr" and c.pos_ == "NOUN":
            folded = _fold_attribute(s, c)
            if folded is not None:
                words, args = folded
                return _Objects(tuple(args), "copula-of", tuple(words), (c.i,))
        args = _noun_phrases(s, c) if c.pos_ in _NOMINAL_POS else [_phrase(s, c)]
        return _Objects(tuple(args), pattern, used=(c.i,))
    return None


def _clausal_object(s: _Sentence, verb: Token) -> _Objects | None:
    """A clausal complement as the object; ``that`` joins the relation (``said that``)."""
    c = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
    if c is None:
        return None
    mark = next((m for m in c.children if m.dep_ == "mark"), None)
    words = (mark,) if mark is not None and mark.lower_ in _THAT_MARKS and mark.i < c.i else ()
    return _Objects((_clause(s, c),), "ccomp", words, (c.i,))


def _prepositional_object(
    s: _Sentence, chain: Sequence[Token], passive: bool, used: set[int]
) -> _Objects | None:
    """The object of a preposition, which joins the relation (``withdrew from``, ``signed by``)."""
    preps = [c for v in chain for c in v.children if c.dep_ in _PREP_DEPS and c.i not in used]
    agent = next((p for p in preps if p.dep_ == "agent"), None) if passive else None
    choice = agent or _relation_preposition(preps, chain[-1])
    if choice is None:
        return None
    args = _object_of_prep(s, choice)
    if not args:
        return None
    pattern = "passive" if choice.dep_ == "agent" else "prep"
    return _Objects(tuple(args), pattern, (choice,), (choice.i,))


def _copular_adverb(s: _Sentence, verb: Token) -> _Objects | None:
    """``the war was over``: an adverb as the predicate of *be*."""
    if verb.lemma_ != "be":
        return None
    adverb = next((c for c in verb.rights if c.dep_ == "advmod"), None)
    if adverb is None:
        return None
    return _Objects((_phrase(s, adverb),), "copula", used=(adverb.i,))


def _relation_parts(verb: Token, chain: Sequence[Token]) -> list[Token]:
    """Auxiliaries, negation, adverbs, verbs and particles of a (possibly chained) predicate."""
    parts = _inherited_aux(verb)
    for v in chain:
        parts.extend(_aux_parts(v))
        parts.append(v)
        parts.extend(c for c in v.children if _is_particle(c))
    return parts


def _is_particle(tok: Token) -> bool:
    """A particle, or a preposition without an object right after its verb (``paid for by``)."""
    if tok.dep_ == "prt":
        return True
    if tok.dep_ != "prep" or tok.i != tok.head.i + 1 or tok.n_lefts + tok.n_rights:
        return False
    after = tok.i + 1
    return after >= len(tok.doc) or tok.doc[after].pos_ in ("ADP", "PUNCT", "SPACE")


def _clause_pattern(verb: Token, objects: _Objects, subject_is_antecedent: bool) -> str:
    if subject_is_antecedent:
        return "relcl"
    if verb.lemma_ in SPEECH_LEMMAS and any(c.dep_ == "ccomp" for c in verb.children):
        return "speech"
    return objects.pattern


@dataclass(frozen=True, slots=True)
class _Clause:
    """A verb with its subject, before its complements are read."""

    verb: Token
    subject: _Subject
    subject_ranges: Ranges
    antecedent: Token | None

    @property
    def subject_is_antecedent(self) -> bool:
        return self.antecedent is not None and self.antecedent.i == self.subject.token.i


def _verb_frames(s: _Sentence, verb: Token) -> list[_Frame]:
    """Triples of one clause headed by ``verb``."""
    if _is_controlled(verb):
        return []  # read together with the controlling verb
    if verb.dep_ == "acl":
        return _acl_frames(s, verb)
    subject = _find_subject(verb)
    if subject is None or s.lines[subject.token.i - s.offset] != s.lines[verb.i - s.offset]:
        return []  # a subject on another line is a headline or caption run into the text
    ante = _antecedent(verb)
    own = ante is None or ante.i != subject.token.i
    subj_ranges = _subject_ranges(s, subject.token, conjuncts=own)
    if not subj_ranges:
        return []
    clause = _Clause(verb, subject, subj_ranges, ante)
    chain = _xcomp_chain(verb)
    frames = _chain_frames(s, clause, chain)
    if not frames and len(chain) > 1:
        frames = _chain_frames(s, clause, [verb])  # ``is ready to talk``: no object to share
    return frames


def _antecedent_object(s: _Sentence, clause: _Clause) -> _Objects | None:
    """``the territory it captured``: the antecedent is the object of a relative clause."""
    ante = clause.antecedent
    if ante is None or clause.subject_is_antecedent or clause.verb.pos_ != "VERB":
        return None
    return _Objects((_subject_ranges(s, ante),), "relcl-object")


def _chain_frames(s: _Sentence, clause: _Clause, chain: Sequence[Token]) -> list[_Frame]:
    """Triples of a clause whose relation runs through ``chain`` (``agreed to withdraw``)."""
    verb, subject, ante = clause.verb, clause.subject, clause.antecedent
    parts = _relation_parts(verb, chain)
    used = {t.i for t in parts}
    passive = subject.token.dep_ == "nsubjpass" or any(t.dep_ == "auxpass" for t in parts)

    objects = (
        _direct_objects(s, chain, ante)
        or _clausal_object(s, chain[-1])
        or _antecedent_object(s, clause)
    )
    if objects is None:
        objects = _prepositional_object(s, chain, passive, used)
    if objects is not None:
        used.update(objects.used)
    objects = objects or _copular_adverb(s, verb)
    if objects is not None:
        used.update(objects.used)
    extras = [e for v in chain for e in _extras(s, v, used)]
    if subject.inherited and verb.dep_ == "conj":
        extras.extend(_shared_extras(s, verb, subject.token))
    if objects is None:
        if not extras:
            return []
        objects = _Objects((extras.pop(0),), "intransitive")

    reporter = _reporter(s, verb)
    frame = _Frame(
        subject=clause.subject_ranges,
        relation=tuple(sorted(t.i for t in (*parts, *objects.words))),
        object=(),
        extras=tuple(extras),
        head=verb.i,
        pattern=_clause_pattern(verb, objects, clause.subject_is_antecedent),
        negated=any(t.dep_ == "neg" for t in parts),
        modality=next((t.lemma_.lower() for t in parts if t.lemma_.lower() in MODALS), None),
        reported_by=_subject_ranges(s, reporter) if reporter is not None else None,
        inherited=subject.inherited,
        passive=passive,
        preposition=next((w.i for w in objects.words if w.dep_ in _PREP_DEPS), None),
    )
    line = s.lines[verb.i - s.offset]
    frames = [
        replace(frame, object=obj)
        for obj in objects.args
        if obj and s.lines[obj[0][0] - s.offset] == line
    ]
    if passive and objects.pattern == "passive":
        frames.extend(_active_frames(verb, frame, objects.args))
    return frames


def _active_frames(verb: Token, passive: _Frame, agents: Sequence[Ranges]) -> list[_Frame]:
    """The active reading of a passive with an agent: ``(Moscow, signed, the deal)``."""
    relation = [c.i for c in verb.children if c.dep_ == "neg"]
    relation.append(verb.i)
    relation.extend(c.i for c in verb.children if _is_particle(c))
    active = replace(
        passive,
        relation=tuple(sorted(relation)),
        pattern="active",
        object=(),
        passive=False,
        preposition=None,
    )
    return [replace(active, subject=agent, object=passive.subject) for agent in agents if agent]


def _acl_frames(s: _Sentence, verb: Token) -> list[_Frame]:
    """A participle modifying a noun: ``a tank founded in 2005`` is ``(tank, was founded, ...)``."""
    noun = verb.head
    if noun.pos_ not in _NOMINAL_POS or verb.tag_ not in ("VBN", "VBG"):
        return []
    holes = _holes(s, noun, ("relcl", "appos", "acl"))
    subj = _carve(s, _subtree(s, noun), holes, noun.i)
    used = {verb.i}
    relation: list[int | str] = []
    if verb.tag_ == "VBN":
        relation.append(_copula(noun, s.past))
    relation.append(verb.i)
    relation.extend(c.i for c in verb.children if c.dep_ == "prt")
    objects: list[Ranges] = []
    for c in verb.children:
        if c.dep_ in _OBJECT_DEPS:
            objects = _noun_phrases(s, c)
            used.add(c.i)
            break
    preposition = None
    if not objects:
        preps = [c for c in verb.children if c.dep_ in _PREP_DEPS and not _is_temporal(c)]
        if preps:
            objects = _object_of_prep(s, preps[0])
            relation.append(preps[0].i)
            used.add(preps[0].i)
            preposition = preps[0].i
    extras = _extras(s, verb, used)
    if not objects:
        if not extras:
            return []
        objects = [extras.pop(0)]
    frame = _Frame(
        subj,
        tuple(relation),
        (),
        tuple(extras),
        verb.i,
        "acl",
        passive=verb.tag_ == "VBN",
        preposition=preposition,
    )
    return [replace(frame, object=obj) for obj in objects if obj]


def _appos_frames(s: _Sentence, appos: Token) -> list[_Frame]:
    """``Ararat Mirzoyan, Speaker of Parliament`` gives ``(Ararat Mirzoyan, is, Speaker ...)``.

    Without a comma between them, a common noun before a name reads the other way round
    (``the French socialist Henri de Saint-Simon``: the name is the subject), and a place after a
    place reads as ``is in`` (``Tampa, Florida``).
    """
    head = appos.head
    if head.pos_ not in _NOMINAL_POS or appos.pos_ not in _NOMINAL_POS:
        return []
    if appos.pos_ == "PRON" or head.pos_ == "PRON" or appos.ent_type_ in _TIME_ENTS:
        return []
    holes = _holes(s, head, ("appos", "relcl", "acl", "conj"))
    holes += [(c.i, c.i + 1) for c in head.children if c.dep_ == "cc"]
    subj = _carve(s, _subtree(s, head), holes, head.i)
    obj = _phrase(s, appos, frozenset({"relcl", "appos"}))
    if not subj or not obj:
        return []
    between = [s.token(i) for i in range(min(head.i, appos.i) + 1, max(head.i, appos.i))]
    if any(b.dep_ == "neg" for b in between):
        return []  # ``taxpayers, not employers``
    comma = any(b.text == "," for b in between)
    relation: tuple[int | str, ...] = (_copula(head),)
    if head.ent_type_ in _PLACE_ENTS and appos.ent_type_ in _PLACE_ENTS:
        relation = (_copula(head), "in")
    elif not comma and head.pos_ == "NOUN" and appos.pos_ == "PROPN":
        subj, obj = obj, subj
        relation = (_copula(appos),)
    return [_Frame(subj, relation, obj, (), appos.i, "appos")]


def _location_frames(s: _Sentence, prep: Token) -> list[_Frame]:
    """``the Helmut Newton Foundation in Berlin`` gives ``(the Foundation, is in, Berlin)``."""
    noun = prep.head
    if noun.pos_ not in ("NOUN", "PROPN") or noun.ent_type_ == "PERSON" or not _is_place(prep):
        return []  # a person in a place is rarely located there for good
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return []
    subj = _carve(s, [(noun.left_edge.i, prep.i)], [], noun.i)
    obj = _phrase(s, pobj, _NP_DROP)
    if not subj or not obj:
        return []
    return [
        _Frame(
            subj,
            (_copula(noun), prep.i),
            obj,
            (),
            prep.i,
            "located",
            preposition=prep.i,
        )
    ]


def _entity_start(s: _Sentence, tok: Token) -> int:
    i = tok.i
    while i > s.offset and s.token(i).ent_iob_ == "I":
        i -= 1
    return i


def _title_frames(s: _Sentence, name: Token) -> list[_Frame]:
    """``French President Emmanuel Macron`` gives ``(Emmanuel Macron, is, French President)``."""
    if name.pos_ != "PROPN" or name.ent_type_ != "PERSON" or name.dep_ == "compound":
        return []
    start = _entity_start(s, name)
    lefts = [c for c in name.lefts if c.dep_ not in ("det", "poss", "case", "punct")]
    if not lefts or lefts[0].left_edge.i >= start:
        return []
    first = lefts[0].left_edge.i
    while first < start and s.token(first).text.endswith("."):
        first += 1  # honorifics: Mr., Dr.
    title = _carve(s, [(first, start)], [], name.i)
    if not title or not any(s.token(i).pos_ in ("NOUN", "PROPN") for i in range(first, start)):
        return []
    return [_Frame(((start, name.i + 1),), ("is",), title, (), name.i, "title")]


def _is_predicate(tok: Token) -> bool:
    pos = tok.pos_
    if pos == "VERB":
        return tok.dep_ in _CLAUSE_DEPS
    if pos == "AUX":
        return tok.dep_ in _CLAUSE_DEPS and tok.dep_ != "xcomp"
    return False


def _span_len(ranges: Ranges) -> int:
    return sum(b - a for a, b in ranges)


def _is_pronoun(s: _Sentence, ranges: Ranges) -> bool:
    return _span_len(ranges) == 1 and s.token(ranges[0][0]).pos_ == "PRON"


def _has_entity(s: _Sentence, ranges: Ranges) -> bool:
    return any(s.token(i).ent_type for a, b in ranges for i in range(a, b))


_CLAUSE_FEATURES = frozenset({"ROOT", "conj", "ccomp", "advcl", "relcl", "acl", "xcomp"})
_TAG_FEATURES = frozenset({"VBD", "VBN", "VBG", "VB"})


def _features(s: _Sentence, frame: _Frame) -> dict[str, float]:
    """Features of an extraction for its confidence; names match :data:`_WEIGHTS`."""
    head = s.token(frame.head)
    dep = head.dep_ if head.dep_ in _CLAUSE_FEATURES else "other"
    tag = head.tag_ if head.tag_ in _TAG_FEATURES else "other"
    return {
        f"pattern={frame.pattern}": 1.0,
        f"clause={dep}": 1.0,
        f"tag={tag}": 1.0,
        "log_subject_len": math.log1p(_span_len(frame.subject)),
        "log_object_len": math.log1p(_span_len(frame.object)),
        "extras": float(len(frame.extras)),
        "subject_pronoun": float(_is_pronoun(s, frame.subject)),
        "object_pronoun": float(_is_pronoun(s, frame.object)),
        "subject_entity": float(_has_entity(s, frame.subject)),
        "object_entity": float(_has_entity(s, frame.object)),
        "subject_inherited": float(frame.inherited),
        "subject_split": float(len(frame.subject) > 1),
        "reported": float(frame.reported_by is not None),
        "modal": float(frame.modality is not None),
        "negated": float(frame.negated),
        "log_sentence_len": math.log(len(s.tokens)),
    }


_WEIGHTS: dict[str, float] = {
    "bias": 1.93,
    "pattern=active": -1.54,
    "pattern=speech": 0.77,
    "pattern=title": 0.68,
    "clause=ROOT": 0.58,
    "pattern=copula-of": -0.42,
    "tag=VBD": 0.37,
    "pattern=appos": 0.37,
    "pattern=prep": 0.37,
    "extras": -0.35,
    "tag=VBN": 0.35,
    "log_sentence_len": -0.32,
    "clause=conj": 0.31,
    "pattern=relcl-object": 0.29,
    "reported": -0.28,
    "pattern=ccomp": -0.28,
    "log_subject_len": -0.27,
    "object_pronoun": -0.27,
    "subject_pronoun": -0.26,
    "clause=other": -0.23,
    "pattern=svo": 0.23,
    "clause=xcomp": -0.21,
    "modal": 0.20,
    "pattern=passive": 0.19,
    "tag=VBG": -0.18,
    "object_entity": 0.15,
    "log_object_len": -0.14,
    "tag=VB": -0.14,
    "negated": 0.11,
    "pattern=located": -0.10,
    "subject_split": -0.10,
    "subject_entity": 0.10,
    "clause=acl": -0.08,
    "pattern=acl": -0.08,
    "clause=advcl": -0.08,
    "pattern=relcl": -0.06,
    "pattern=intransitive": -0.06,
}
"""Logistic weights of :func:`_features`.

Fitted by L2-regularised logistic regression to the best CaRB precision of each extraction on
the dev set (``bench/carb.py``), rounded; weights under 0.05 are left out.
"""


def _confidence(s: _Sentence, frame: _Frame) -> float:
    """Logistic score of the extraction's features: the rule, clause, lengths, entities."""
    z = _WEIGHTS["bias"]
    for name, value in _features(s, frame).items():
        z += _WEIGHTS.get(name, 0.0) * value
    return round(1.0 / (1.0 + math.exp(-z)), 4)


def _extent(ranges: Ranges) -> tuple[int, int]:
    return (ranges[0][0], ranges[-1][1]) if ranges else (0, 0)


def _to_triple(s: _Sentence, frame: _Frame, sent: Span) -> OpenTriple:
    return OpenTriple(
        subject=s.text(frame.subject),
        relation=s.relation_text(frame.relation),
        object=s.text(frame.object),
        extra=tuple(s.text(e) for e in frame.extras),
        confidence=_confidence(s, frame),
        negated=frame.negated,
        modality=frame.modality,
        reported_by=s.text(frame.reported_by) if frame.reported_by else None,
        sent_start=sent.start_char,
        sent_end=sent.end_char,
        subject_span=_extent(frame.subject),
        object_span=_extent(frame.object),
        relation_head=frame.head,
        extra_spans=tuple(_extent(e) for e in frame.extras),
        pattern=frame.pattern,
        passive=frame.passive,
        preposition=None if frame.preposition is None else s.token(frame.preposition).text,
    )


def extract(sent: Span) -> list[OpenTriple]:
    """Extract open triples from one parsed sentence.

    Parameters
    ----------
    sent : spacy.tokens.Span
        A sentence (or a whole Doc as ``doc[:]``) parsed by a pipeline with a dependency parser.

    Returns
    -------
    list[OpenTriple]
        Triples in order of their relation heads; the same span of text may appear in several.
    """
    if len(sent) == 0:
        return []
    s = _sentence(sent)
    return [_to_triple(s, f, sent) for f in _frames(s)]


def _frames(s: _Sentence) -> list[_Frame]:
    """All extractions of a sentence whose arguments share their relation head's line."""
    frames: list[_Frame] = []
    for tok in s.tokens:
        if _is_predicate(tok):
            frames.extend(_verb_frames(s, tok))
        elif tok.dep_ == "appos":
            frames.extend(_appos_frames(s, tok))
        elif tok.dep_ == "prep":
            frames.extend(_location_frames(s, tok))
        if tok.pos_ == "PROPN":
            frames.extend(_title_frames(s, tok))
    return [f for f in frames if _one_line(s, f)]


def _one_line(s: _Sentence, frame: _Frame) -> bool:
    """Whether subject, object and head are on one line (not a headline run into the text)."""
    lines, o = s.lines, s.offset
    line = lines[frame.head - o]
    return lines[frame.subject[0][0] - o] == line and lines[frame.object[0][0] - o] == line


def extract_lines(
    lines: Iterable[str], nlp: Language, batch_size: int = 64
) -> Iterator[tuple[str, list[OpenTriple]]]:
    """Parse lines with ``nlp.pipe`` and extract triples, each line read as one sentence.

    Parameters
    ----------
    lines : Iterable[str]
        Sentences, one per item; a trailing newline is dropped.
    nlp : spacy.language.Language
        A pipeline with a dependency parser.
    batch_size : int
        Batch size for ``nlp.pipe``.

    Yields
    ------
    tuple[str, list[OpenTriple]]
        The line (without its newline) and its triples, in input order.
    """
    stripped = (line.rstrip("\r\n") for line in lines)
    for doc in nlp.pipe(stripped, batch_size=batch_size):
        yield doc.text, extract(doc[:])


_TSV_SAFE = str.maketrans({"\t": " ", "\n": " ", "\r": " "})
_SUPPLIED_COPULA = frozenset({"appos", "acl", "located", "title"})
_COPULA_FORMS = frozenset({"is", "are", "was", "were"})


def format_carb(line: str, triple: OpenTriple) -> str:
    """Format a triple as a CaRB prediction row.

    A copula the extractor supplied rather than read (appositions, participles) is written as
    ``be``, the tense-neutral form CaRB scoring accepts for any form of *be*.

    Parameters
    ----------
    line : str
        The sentence, written verbatim.
    triple : OpenTriple
        The extraction.

    Returns
    -------
    str
        ``sentence<TAB>confidence<TAB>relation<TAB>subject<TAB>object[<TAB>extra...]``; a tab or
        line break inside a field becomes a space.
    """
    relation = triple.relation
    if triple.pattern in _SUPPLIED_COPULA:
        first, _, rest = relation.partition(" ")
        if first in _COPULA_FORMS:
            relation = f"be {rest}" if rest else "be"
    fields = [line, f"{triple.confidence:.3f}", relation, triple.subject, triple.object]
    fields.extend(triple.extra)
    return "\t".join(f.translate(_TSV_SAFE) for f in fields)
