"""Date phrases of a sentence ("on Tuesday", "by December 1", "in October") resolved to dates.

A phrase is resolved against the article's publication date with dateparser
(``RELATIVE_BASE``), preferring dates from the past or the future as the tense of the clause
suggests (a weekday in "will meet on Tuesday" is the next Tuesday, in "met on Tuesday" the last
one). A calendar date without a year ("November 10", "in October") takes the year that puts it
nearest the publication date. What the text does not pin down stays unresolved: a time of day
("from 01.00 pm"), a duration ("five years"), a week, or any relative phrase in an article
without a publication date. The phrase as written is always kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from spacy.tokens import Span, Token

__all__ = [
    "DATE_PREPOSITIONS",
    "DatePhrase",
    "SLACK_DAYS",
    "Resolved",
    "date_phrases",
    "prefer_for",
    "resolve_date",
]

Prefer = Literal["past", "future"]
Granularity = Literal["day", "month", "year"]

DATE_PREPOSITIONS: frozenset[str] = frozenset(
    {"on", "by", "from", "in", "since", "until", "till", "before", "after", "at", "during"}
)
"""Words kept in front of a date phrase ("on Tuesday", "by December 1")."""

_LEADING = re.compile(
    r"^(?:(?:on|by|from|in|since|until|till|before|after|at|during|as of|of|starting|beginning|"
    r"effective|the|early|mid|late|around|about)\b[\s-]*)+",
    re.I,
)
_PARTS_OF_MONTH = re.compile(r"\b(?:early|mid|late)[\s-]+", re.I)
_DURATION = re.compile(
    r"^(?:(?:at least|almost|nearly|about|some|more than|over|up to|another|the next|the last|"
    r"the past)\s+)?(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|"
    r"few|many|a few|some)?[\s-]*(?:hours?|days?|weeks?|months?|years?|decades?|centuries)"
    r"(?:[\s-](?:long|old))?$",
    re.I,
)
_TIME_ONLY = re.compile(
    r"^(?:\d{1,2}(?:[.:]\d{2})?\s*(?:[ap]\.?m\.?|hrs|h)?|\d{1,2}[.:]\d{2}|noon|midnight|"
    r"overnight|tonight|this (?:morning|afternoon|evening)|(?:morning|afternoon|evening|night))$",
    re.I,
)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_MONTH = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b",
    re.I,
)
_WEEKDAY = re.compile(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day$", re.I)
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_FUTURE_HEADS = frozenset({"schedule", "due", "set", "expect", "plan", "go", "intend"})
_FUTURE_PREPOSITIONS = frozenset({"by", "until", "till"})

SLACK_DAYS = 31
"""How far a date without a year may fall on the wrong side of the publication date for the
tense ("scheduled to begin from November 10" in an article of 11 November)."""


@dataclass(frozen=True)
class Resolved:
    """A date and how much of it the text gives (day, month or year)."""

    date: dt.date | None
    granularity: Granularity | None

    @property
    def day(self) -> dt.date | None:
        """The date when the text gives the day, else ``None``."""
        return self.date if self.granularity == "day" else None


UNRESOLVED = Resolved(None, None)


@dataclass(frozen=True)
class DatePhrase:
    """A date expression of a sentence, with its preposition, and what it resolves to."""

    text: str
    start: int  # character offsets in the Doc
    end: int
    token_start: int
    token_end: int
    resolved: Resolved


def _clean(text: str) -> str:
    text = " ".join(text.replace("’", "'").split()).strip(" ,.;:")
    text = _PARTS_OF_MONTH.sub("", text)
    return _LEADING.sub("", text).strip(" ,.;:")


@lru_cache(maxsize=8)
def _parser(base: dt.date | None, prefer: Prefer):
    from dateparser.date import DateDataParser

    settings = {
        "PREFER_DATES_FROM": prefer,
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time())
    return DateDataParser(languages=["en"], settings=settings)


def _nearest_year(date: dt.date, base: dt.date, granularity: str, prefer: Prefer) -> dt.date:
    """The same day or month in the year (one either side) nearest the base date.

    Years that put the date more than :data:`SLACK_DAYS` on the wrong side of the base for the
    tense (after it for the past, before it for the future) are passed over.
    """
    anchor = base.replace(day=1) if granularity == "month" else base
    candidates = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidate = date.replace(year=year)
        except ValueError:  # 29 February
            continue
        offset = (candidate - anchor).days
        wrong_side = offset > SLACK_DAYS if prefer == "past" else offset < -SLACK_DAYS
        candidates.append((wrong_side, abs(offset), candidate))
    return min(candidates)[2] if candidates else date


@lru_cache(maxsize=4096)
def resolve_date(text: str, base: dt.date | None, prefer: Prefer = "past") -> Resolved:
    """Resolve a date phrase against a publication date.

    Parameters
    ----------
    text : str
        The phrase as written, with or without its preposition.
    base : datetime.date or None
        Publication date; without it only phrases that name their year resolve.
    prefer : {"past", "future"}
        Which way a relative phrase (a weekday) points, from the tense of its clause.

    Returns
    -------
    Resolved
        The date (first day of the month or year when only those are given) and its
        granularity, or both ``None``.

    Examples
    --------
    >>> base = dt.date(2020, 11, 11)
    >>> resolve_date("on Tuesday", base)
    Resolved(date=datetime.date(2020, 11, 10), granularity='day')
    >>> resolve_date("by December 1", base, "future").day
    datetime.date(2020, 12, 1)
    >>> resolve_date("in October", base)
    Resolved(date=datetime.date(2020, 10, 1), granularity='month')
    >>> resolve_date("from 01.00 pm", base)
    Resolved(date=None, granularity=None)
    """
    clean = _clean(text)
    if not clean or _DURATION.match(clean) or _TIME_ONLY.match(clean):
        return UNRESOLVED
    has_year = bool(_YEAR.search(clean))
    if base is None and not has_year:
        return UNRESOLVED
    data = _parser(base, prefer).get_date_data(clean)
    if data is None or data.date_obj is None or data.period not in ("day", "month", "year"):
        words = clean.split()
        if len(words) > 2:  # "August 13 after months": the date is the start of the phrase
            return resolve_date(" ".join(words[:-1]), base, prefer)
        return UNRESOLVED
    granularity: Granularity = data.period
    date = data.date_obj.date()
    if granularity == "year":
        if not has_year:
            return UNRESOLVED  # "five years", "last year": a span, not a date
        date = date.replace(month=1, day=1)
    elif granularity == "month":
        date = date.replace(day=1)
    if base is not None and not has_year and _MONTH.search(clean):
        date = _nearest_year(date, base, granularity, prefer)
    if base is not None and _WEEKDAY.match(clean) and clean.lower() == f"{base:%A}".lower():
        date = base  # "on Wednesday" in an article of a Wednesday is that day
    return Resolved(date, granularity)


def prefer_for(token: Token) -> Prefer:
    """Past or future, from the clause a date phrase belongs to.

    The future is preferred when the clause's verb has *will*/*shall*, is governed by
    *scheduled/due/set/expected to*, or the phrase is a deadline (*by*, *until*).
    """
    if token.lower_ in _FUTURE_PREPOSITIONS:
        return "future"
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        if verb.dep_ == "prep" and verb.lower_ in _FUTURE_PREPOSITIONS:
            return "future"
        verb = verb.head
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in verb.children):
            return "future"
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _FUTURE_HEADS:
            return "future"
        if verb.dep_ not in ("xcomp", "conj") or verb.head.i == verb.i:
            break
        verb = verb.head
    return "past"


def date_phrases(span: Span, base: dt.date | None) -> list[DatePhrase]:
    """The DATE and TIME entities of a span, each with its preposition, resolved.

    Parameters
    ----------
    span : Span
        A sentence (or any span) of a Doc that went through the NER.
    base : datetime.date or None
        The article's publication date.

    Returns
    -------
    list of DatePhrase
        In text order.
    """
    doc = span.doc
    phrases: list[DatePhrase] = []
    for ent in span.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        start = ent.start
        before = doc[start - 1] if start > span.start else None
        if before is not None and before.lower_ in DATE_PREPOSITIONS:
            start -= 1
        text = doc[start : ent.end].text
        anchor = doc[start]
        resolved = resolve_date(text, base, prefer_for(anchor))
        phrases.append(DatePhrase(text, doc[start].idx, ent.end_char, start, ent.end, resolved))
    return phrases
