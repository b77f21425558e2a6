"""Rule-based open information extraction over spaCy's dependency parse.

:func:`extract` reads one parsed sentence and returns :class:`OpenTriple` objects: who did what
to whom, with further arguments (time, place, manner) kept apart, token spans of the arguments so
the graph layer can map them to entities, and flags for negation, modality and reported speech.

The rules cover active and passive clauses, prepositional objects, copulas and appositions,
relative clauses, coordination, control verbs (``agreed to withdraw``), clausal complements and
reported speech. Arguments are token ranges of the Doc; their text is cut from the Doc's own text,
so a sentence that was given with spaces between tokens gives arguments with the same spacing.

The output follows the conventions of the CaRB benchmark, which ``bench/carb.py`` scores: the
relation takes the preposition when a verb has no direct object (``taught at``), a passive with
an agent reads ``was signed by``, and further arguments keep their preposition (``in 1941``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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
_KEEP_PUNCT = frozenset({"``", "''", '"', "'", "`", "(", ")", "[", "]", "-LRB-", "-RRB-", "%", "$"})
_TIME_ENTS = frozenset({"DATE", "TIME"})
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
        Doc index of the relation's head token (the verb or copula; the apposition head for a
        synthesised ``is``).
    extra_spans : tuple[tuple[int, int], ...]
        Token index ranges of :attr:`extra`, in the same order.
    pattern : str
        Name of the rule that made the triple (``svo``, ``passive``, ``appos`` ...).
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


@dataclass(slots=True)
class _Sentence:
    """Per-sentence lookups shared by the rules."""

    doc_text: str
    tokens: Sequence[Token]
    offset: int
    trimmable: list[bool]
    starts: list[int]
    ends: list[int]
    past: bool
    texts: dict[Ranges, str] = field(default_factory=dict)

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
        (t.is_punct and t.text not in _KEEP_PUNCT) or t.dep_ in ("cc", "mark") for t in tokens
    ]
    starts = [t.idx for t in tokens]
    ends = [t.idx + len(t.text) for t in tokens]
    root = sent.root
    past = root.tag_ in ("VBD", "VBN") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in root.children
    )
    return _Sentence(sent.doc.text, tokens, sent.start, trimmable, starts, ends, past)


def _subtree(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def _carve(s: _Sentence, start: int, end: int, holes: Iterable[tuple[int, int]]) -> Ranges:
    """Ranges of ``[start, end)`` minus the holes, with punctuation trimmed at every cut edge."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    for h_start, h_end in sorted(holes):
        if h_start > cursor:
            pieces.append((cursor, min(h_start, end)))
        cursor = max(cursor, h_end)
    if cursor < end:
        pieces.append((cursor, end))
    trimmed: list[tuple[int, int]] = []
    o = s.offset
    for a, b in pieces:
        while a < b and s.trimmable[a - o]:
            a += 1
        while b > a and s.trimmable[b - 1 - o]:
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return tuple(trimmed)


def _phrase(s: _Sentence, tok: Token, drop: frozenset[str] = frozenset()) -> Ranges:
    """The subtree of ``tok`` without the subtrees of its children whose dep is in ``drop``."""
    start, end = _subtree(tok)
    holes = [_subtree(c) for c in tok.children if c.dep_ in drop] if drop else []
    return _carve(s, start, end, holes)


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
    while tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") and tok.head is not tok:
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
    if dep == "xcomp" or (dep == "advcl" and verb.tag_ in ("VBG", "VBN")):
        found = _find_subject(head, depth + 1)
        return _Subject(found.token, True) if found else None
    if dep == "relcl" and head.pos_ in _NOMINAL_POS:
        return _Subject(head, False)
    return None


def _subject_ranges(s: _Sentence, tok: Token) -> Ranges:
    return _phrase(s, tok, _NP_DROP)


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
    """Auxiliaries a conjoined verb without its own subject shares with its head."""
    if verb.dep_ != "conj":
        return []
    if any(c.dep_ in _SUBJECT_DEPS or c.dep_ == "aux" for c in verb.children):
        return []
    head = verb.head
    return [c for c in head.children if c.dep_ in ("aux", "auxpass", "neg")]


def _is_temporal(prep: Token) -> bool:
    return any(c.ent_type_ in _TIME_ENTS for c in prep.children if c.dep_ == "pobj")


def _object_of_prep(s: _Sentence, prep: Token) -> list[Ranges]:
    """Arguments for the object of a preposition, split on conjunction."""
    for child in prep.children:
        if child.dep_ == "pobj":
            return _noun_phrases(s, child)
        if child.dep_ == "pcomp":
            return [_phrase(s, child)]
    return []


def _extras(s: _Sentence, verb: Token, skip: set[int]) -> list[Ranges]:
    """Prepositional phrases, noun-phrase adverbials and phrasal adverbs of a verb."""
    out: list[Ranges] = []
    for c in verb.children:
        if c.i in skip:
            continue
        dep = c.dep_
        phrasal_adverb = dep == "advmod" and c.n_lefts + c.n_rights > 0 and c.tag_ != "WRB"
        if not (
            dep in _PREP_DEPS
            or dep == "npadvmod"
            or (dep == "dative" and c.pos_ == "ADP")
            or phrasal_adverb
        ):
            continue
        ranges = _phrase(s, c)
        if ranges:
            out.append(ranges)
    return out


def _xcomp_chain(verb: Token) -> list[Token]:
    """``verb`` followed by the control complements it heads (``agreed to withdraw``)."""
    chain = [verb]
    current = verb
    while True:
        nxt = next(
            (
                c
                for c in current.children
                if c.dep_ == "xcomp"
                and c.pos_ in ("VERB", "AUX")
                and c.i > current.i
                and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children)
            ),
            None,
        )
        if nxt is None or len(chain) > 4:
            return chain
        chain.append(nxt)
        current = nxt


def _speech_reporter(verb: Token) -> Token | None:
    """The subject of the speech verb whose clausal complement contains ``verb``."""
    tok = verb
    for _ in range(12):
        head = tok.head
        if head is tok:
            return None
        if tok.dep_ in ("ccomp", "parataxis") and head.lemma_ in SPEECH_LEMMAS:
            found = _find_subject(head)
            return found.token if found else None
        tok = head
    return None


def _copula(s: _Sentence, subject: Token) -> str:
    plural = subject.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subject.children)
    if s.past:
        return "were" if plural else "was"
    return "are" if plural else "is"


def _is_controlled(verb: Token) -> bool:
    """A ``to`` complement of a verb, read as part of that verb's relation."""
    return (
        verb.dep_ == "xcomp"
        and verb.head.pos_ in ("VERB", "AUX")
        and verb.i > verb.head.i
        and any(a.dep_ == "aux" and a.tag_ == "TO" for a in verb.children)
    )


def _verb_frames(s: _Sentence, verb: Token) -> list[_Frame]:
    """Triples of one clause headed by ``verb``."""
    if _is_controlled(verb):
        return []  # read together with the controlling verb
    if verb.dep_ == "acl":
        return _acl_frames(s, verb)
    subject = _find_subject(verb)
    if subject is None:
        return []
    subj_tok = subject.token
    subj_ranges = _subject_ranges(s, subj_tok)
    if not subj_ranges:
        return []

    chain = _xcomp_chain(verb)
    last = chain[-1]
    rel_tokens: list[Token] = list(_inherited_aux(verb))
    for v in chain:
        rel_tokens.extend(_aux_parts(v))
        rel_tokens.append(v)
        rel_tokens.extend(c for c in v.children if c.dep_ == "prt")
    used = {t.i for t in rel_tokens}
    negated = any(t.dep_ == "neg" for t in rel_tokens)
    modality = next((t.lemma_.lower() for t in rel_tokens if t.lemma_.lower() in MODALS), None)
    passive = any(t.dep_ == "auxpass" for t in rel_tokens) or subj_tok.dep_ == "nsubjpass"

    # Objects: of the last verb of the chain, else an object of an earlier verb.
    objects: list[Ranges] = []
    object_pattern = "svo"
    for v in reversed(chain):
        for c in v.children:
            if c.dep_ in _OBJECT_DEPS and c.i not in used:
                objects = _noun_phrases(s, c) if c.pos_ in _NOMINAL_POS else [_phrase(s, c)]
                used.add(c.i)
                object_pattern = "copula" if v.lemma_ == "be" else "svo"
                break
        if objects:
            break

    rel_extra: list[Token] = []
    if not objects:
        for c in last.children:
            if c.dep_ in ("ccomp", "xcomp") and c.i not in used:
                mark = next((m for m in c.children if m.dep_ == "mark"), None)
                holes = [(mark.i, mark.i + 1)] if mark is not None else []
                start, end = _subtree(c)
                objects = [_carve(s, start, end, holes)]
                if mark is not None and mark.lower_ in _THAT_MARKS and mark.i < c.i:
                    rel_extra.append(mark)
                used.add(c.i)
                object_pattern = "ccomp"
                break

    # The relative clause's antecedent is the object when the relative pronoun is one.
    if not objects and subject.token is not _antecedent(verb):
        ante = _antecedent(verb)
        if ante is not None and verb.pos_ == "VERB":
            objects = [_subject_ranges(s, ante)]
            object_pattern = "relcl-object"

    preps = [c for v in chain for c in v.children if c.dep_ in _PREP_DEPS and c.i not in used]
    if not objects:
        choice = None
        agents = [p for p in preps if p.dep_ == "agent"]
        if passive and agents:
            choice = agents[0]
        else:
            for p in preps:
                if p.i > last.i and not _is_temporal(p):
                    choice = p
                    break
        if choice is not None:
            args = _object_of_prep(s, choice)
            if args:
                objects = args
                rel_extra.append(choice)
                used.add(choice.i)
                object_pattern = "passive" if choice.dep_ == "agent" else "prep"

    extras: list[Ranges] = []
    for v in chain:
        extras.extend(_extras(s, v, used))
    if not objects:
        if not extras:
            return []
        objects = [extras.pop(0)]
        object_pattern = "intransitive"

    relation: list[int | str] = sorted(t.i for t in rel_tokens + rel_extra)
    reporter = _speech_reporter(verb)
    reported = _subject_ranges(s, reporter) if reporter is not None else None
    pattern = object_pattern
    if subject.token is _antecedent(verb):
        pattern = "relcl"
    elif verb.lemma_ in SPEECH_LEMMAS and object_pattern == "ccomp":
        pattern = "speech"
    frames = [
        _Frame(
            subj_ranges,
            tuple(relation),
            obj,
            tuple(extras),
            verb.i,
            pattern,
            negated,
            modality,
            reported,
            subject.inherited,
        )
        for obj in objects
        if obj
    ]
    if passive and object_pattern == "passive" and frames:
        frames.extend(_active_frames(s, verb, subj_ranges, objects, extras, negated, modality))
    return frames


def _active_frames(
    s: _Sentence,
    verb: Token,
    patient: Ranges,
    agents: list[Ranges],
    extras: list[Ranges],
    negated: bool,
    modality: str | None,
) -> list[_Frame]:
    """The active reading of a passive with an agent: ``(agent, signed, patient)``."""
    relation: list[int | str] = [c.i for c in verb.children if c.dep_ == "neg"]
    relation.append(verb.i)
    relation.extend(c.i for c in verb.children if c.dep_ == "prt")
    return [
        _Frame(agent, tuple(sorted(relation)), patient, tuple(extras), verb.i, "active", negated,
               modality)
        for agent in agents
    ]  # fmt: skip


def _acl_frames(s: _Sentence, verb: Token) -> list[_Frame]:
    """A participle modifying a noun: ``a tank founded in 2005`` is ``(tank, was founded, ...)``."""
    noun = verb.head
    if noun.pos_ not in _NOMINAL_POS or verb.tag_ not in ("VBN", "VBG"):
        return []
    subj = _subject_ranges(s, noun)
    used = {verb.i}
    relation: list[int | str] = []
    if verb.tag_ == "VBN":
        relation.append(_copula(s, noun))
    relation.append(verb.i)
    relation.extend(c.i for c in verb.children if c.dep_ == "prt")
    objects: list[Ranges] = []
    for c in verb.children:
        if c.dep_ in _OBJECT_DEPS:
            objects = _noun_phrases(s, c)
            used.add(c.i)
            break
    if not objects:
        preps = [c for c in verb.children if c.dep_ in _PREP_DEPS and not _is_temporal(c)]
        if preps:
            objects = _object_of_prep(s, preps[0])
            relation.append(preps[0].i)
            used.add(preps[0].i)
    extras = _extras(s, verb, used)
    if not objects:
        if not extras:
            return []
        objects = [extras.pop(0)]
    return [
        _Frame(subj, tuple(relation), obj, tuple(extras), verb.i, "acl") for obj in objects if obj
    ]


def _appos_frames(s: _Sentence, appos: Token) -> list[_Frame]:
    """``Ararat Mirzoyan, Speaker of Parliament`` gives ``(Ararat Mirzoyan, is, Speaker ...)``."""
    head = appos.head
    if head.pos_ not in _NOMINAL_POS or appos.pos_ not in _NOMINAL_POS:
        return []
    start, end = _subtree(head)
    holes = [_subtree(c) for c in head.children if c.dep_ in ("appos", "relcl", "acl", "conj")]
    holes += [(c.i, c.i + 1) for c in head.children if c.dep_ == "cc"]
    subj = _carve(s, start, end, holes)
    obj = _phrase(s, appos, frozenset({"relcl", "appos"}))
    if not subj or not obj:
        return []
    return [_Frame(subj, (_copula(s, head),), obj, (), appos.i, "appos")]


def _is_predicate(tok: Token) -> bool:
    pos = tok.pos_
    if pos == "VERB":
        return tok.dep_ in _CLAUSE_DEPS
    if pos == "AUX":
        return tok.dep_ in _CLAUSE_DEPS and tok.dep_ != "xcomp"
    return False


_PATTERN_SCORE: dict[str, float] = {
    "svo": 1.2,
    "copula": 1.0,
    "prep": 0.9,
    "passive": 1.0,
    "ccomp": 0.6,
    "speech": 0.8,
    "relcl": 0.7,
    "relcl-object": 0.2,
    "intransitive": 0.3,
    "active": -0.2,
    "acl": 0.0,
    "appos": 0.5,
}


def _span_len(ranges: Ranges) -> int:
    return sum(b - a for a, b in ranges)


def _confidence(frame: _Frame) -> float:
    """A logistic score from the rule, the argument lengths and how the subject was found."""
    subj_len = _span_len(frame.subject)
    obj_len = _span_len(frame.object)
    z = _PATTERN_SCORE.get(frame.pattern, 0.0)
    z -= 0.08 * max(0, subj_len - 4)
    z -= 0.05 * max(0, obj_len - 8)
    z -= 0.15 * len(frame.extras)
    if frame.inherited:
        z -= 0.3
    if len(frame.subject) > 1:
        z -= 0.3
    return round(1.0 / (1.0 + math.exp(-z)), 3)


def _extent(ranges: Ranges) -> tuple[int, int]:
    return (ranges[0][0], ranges[-1][1]) if ranges else (0, 0)


def _to_triple(s: _Sentence, frame: _Frame, sent: Span) -> OpenTriple:
    return OpenTriple(
        subject=s.text(frame.subject),
        relation=s.relation_text(frame.relation),
        object=s.text(frame.object),
        extra=tuple(s.text(e) for e in frame.extras),
        confidence=_confidence(frame),
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
    s = _sentence(sent)
    frames: list[_Frame] = []
    for tok in sent:
        if _is_predicate(tok):
            frames.extend(_verb_frames(s, tok))
        elif tok.dep_ == "appos":
            frames.extend(_appos_frames(s, tok))
    return [_to_triple(s, f, sent) for f in frames]


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


def format_carb(line: str, triple: OpenTriple) -> str:
    """Format a triple as a CaRB prediction row.

    Parameters
    ----------
    line : str
        The sentence, written verbatim.
    triple : OpenTriple
        The extraction.

    Returns
    -------
    str
        ``sentence<TAB>confidence<TAB>relation<TAB>subject<TAB>object[<TAB>extra...]``.
    """
    fields = [line, f"{triple.confidence:.3f}", triple.relation, triple.subject, triple.object]
    fields.extend(triple.extra)
    return "\t".join(f.replace("\t", " ") for f in fields)
