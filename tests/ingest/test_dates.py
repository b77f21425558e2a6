"""Date phrases resolved against a publication date, and the tense that picks past or future."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.dates import date_phrases, prefer_for, resolve_date

BASE = dt.date(2020, 11, 11)  # a Wednesday


@pytest.mark.parametrize(
    "text, prefer, expected, granularity",
    [
        ("on Tuesday", "past", dt.date(2020, 11, 10), "day"),
        ("Tuesday", "past", dt.date(2020, 11, 10), "day"),
        ("on Tuesday", "future", dt.date(2020, 11, 17), "day"),
        ("on Wednesday", "past", BASE, "day"),  # the day of publication itself
        ("on Monday", "past", dt.date(2020, 11, 9), "day"),
        ("by December 1", "future", dt.date(2020, 12, 1), "day"),
        ("by December 1", "past", dt.date(2020, 12, 1), "day"),  # within a month ahead
        ("November 10", "past", dt.date(2020, 11, 10), "day"),
        ("from November 10", "future", dt.date(2020, 11, 10), "day"),  # a day before, no slip
        ("since September 27", "past", dt.date(2020, 9, 27), "day"),
        ("January 5", "past", dt.date(2020, 1, 5), "day"),
        ("January 5", "future", dt.date(2021, 1, 5), "day"),
        ("4 November", "past", dt.date(2020, 11, 4), "day"),
        ("November 10, 2020", "past", dt.date(2020, 11, 10), "day"),
        ("11-Nov-2020", "past", dt.date(2020, 11, 11), "day"),
        ("yesterday", "past", dt.date(2020, 11, 10), "day"),
        ("on August 13 after months", "past", dt.date(2020, 8, 13), "day"),
        ("in October", "past", dt.date(2020, 10, 1), "month"),
        ("mid-October", "past", dt.date(2020, 10, 1), "month"),
        ("in April 2015", "past", dt.date(2015, 4, 1), "month"),
        ("in 2013", "past", dt.date(2013, 1, 1), "year"),
        ("from 01.00 pm", "past", None, None),  # a time of day, not a date
        ("overnight", "past", None, None),
        ("five years", "future", None, None),  # a duration
        ("for at least five years", "future", None, None),
        ("decades", "past", None, None),
        ("two-year", "past", None, None),
        ("a six-week-long", "past", None, None),
        ("last week", "past", None, None),  # a week is not a day
        ("the coming weeks", "future", None, None),
    ],
)
def test_resolve_date(text: str, prefer: str, expected, granularity) -> None:
    resolved = resolve_date(text, BASE, prefer)
    assert (resolved.date, resolved.granularity) == (expected, granularity)
    assert resolved.day == (expected if granularity == "day" else None)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("on Tuesday", None),
        ("November 10", None),
        ("November 10, 2020", dt.date(2020, 11, 10)),
        ("in 2015", dt.date(2015, 1, 1)),
    ],
)
def test_without_a_publication_date_only_years_resolve(text: str, expected) -> None:
    assert resolve_date(text, None).date == expected


@pytest.mark.parametrize(
    "sentence, word, expected",
    [
        ("Russia deployed troops on Tuesday.", "on", "past"),
        ("Russia will deploy troops on Tuesday.", "on", "future"),
        ("The talks are scheduled to begin on Tuesday.", "on", "future"),
        ("Forces must leave the district by December 1.", "by", "future"),
        ("The agreement was signed on Monday.", "on", "past"),
    ],
)
def test_prefer_for_reads_the_tense(nlp, sentence: str, word: str, expected: str) -> None:
    doc = nlp(sentence)
    token = next(t for t in doc if t.lower_ == word)
    assert prefer_for(token) == expected


def test_date_phrases_keep_the_preposition_and_resolve(nlp) -> None:
    doc = nlp("Russia deployed troops on Tuesday. Forces will leave Lachin by December 1.")
    phrases = date_phrases(doc[:], BASE)
    assert [p.text for p in phrases] == ["on Tuesday", "by December 1"]
    assert [p.resolved.day for p in phrases] == [dt.date(2020, 11, 10), dt.date(2020, 12, 1)]
    first = phrases[0]
    assert doc.text[first.start : first.end] == "on Tuesday"
    assert doc[first.token_start : first.token_end].text == "on Tuesday"
