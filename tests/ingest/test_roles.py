"""Titles and roles: sentences beside the (person, title, relation, anchor) they must give."""

from __future__ import annotations

import pytest

from ingest.entities import entity_map
from ingest.roles import find_roles, title_words_before


def _roles(nlp, text: str) -> set[tuple[str, str, str, str | None]]:
    doc = nlp(text)
    emap = entity_map(doc)
    types = {k: e.type for k, e in emap.entities.items()}
    found = find_roles(doc, emap.token_entity, types, demonym=emap.country_of)
    label = {k: e.label for k, e in emap.entities.items()}
    return {(label[r.person], r.title, r.predicate, label.get(r.target)) for r in found}


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Armenian Prime Minister Nikol Pashinyan announced the deal.",
            ("Nikol Pashinyan", "Prime Minister", "leads", "Armenia"),
        ),
        (
            "Russian President Vladimir Putin said the deal would hold.",
            ("Vladimir Putin", "President", "leads", "Russia"),
        ),
        (
            "Kremlin spokesman Dmitry Peskov said there had been no agreement.",
            ("Dmitry Peskov", "Spokesman", "memberOf", "Kremlin"),
        ),
        (
            "Ararat Mirzoyan, Speaker of the Armenian Parliament, was beaten by protesters.",
            ("Ararat Mirzoyan", "Speaker", "leads", "National Assembly of Armenia"),
        ),
        (
            "Nagorno-Karabakh leader Arayik Harutyunyan said there had been no option.",
            ("Arayik Harutyunyan", "Leader", "leads", "Nagorno-Karabakh"),
        ),
        (
            "Azerbaijani Foreign Minister Jeyhun Bayramov met his counterpart.",
            ("Jeyhun Bayramov", "Foreign Minister", "memberOf", "Azerbaijan"),
        ),
        (
            "It was announced by Federica Mogherini, the EU's foreign policy chief, in Vienna.",
            ("Federica Mogherini", "Foreign Policy Chief", "leads", "European Union"),
        ),
        (
            "Deputy Prime Minister John Prescott spoke to reporters.",
            ("John Prescott", "Deputy Prime Minister", "memberOf", None),
        ),
    ],
)
def test_roles(nlp, text: str, expected) -> None:
    assert expected in _roles(nlp, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Tory leader Michael Howard attacked the plan.",
            ("Michael Howard", "Leader", "leads", "Conservative Party"),
        ),
        (
            "Labour MP Barry Sheerman chairs the committee.",
            ("Barry Sheerman", "MP", "memberOf", "Labour Party"),
        ),
    ],
)
def test_party_titles(nlp, text: str, expected) -> None:
    assert expected in _roles(nlp, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Talks were hosted by Russian Foreign Minister Sergei Lavrov with his Armenian "
            "counterpart Zohrab Mnatsakanyan.",
            ("Zohrab Mnatsakanyan", "Foreign Minister", "memberOf", "Armenia"),
        ),
        (
            "Prime Minister Boris Johnson met his Irish counterpart Leo Varadkar.",
            ("Leo Varadkar", "Prime Minister", "leads", "Ireland"),
        ),
    ],
)
def test_a_counterpart_takes_the_title_before_it(nlp, text: str, expected) -> None:
    assert expected in _roles(nlp, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Arayik Harutyunyan, the leader of the ethnic Armenian authorities in "
            "Nagorno-Karabakh, backed the deal.",
            ("Arayik Harutyunyan", "Leader", "leads", "Nagorno-Karabakh"),
        ),
        (
            "Milorad Dodik, the head of the Serb administration in Bosnia, spoke on Monday.",
            ("Milorad Dodik", "Head", "leads", "Bosnia and Herzegovina"),
        ),
    ],
)
def test_a_place_the_anchor_is_in_comes_before_a_demonym(nlp, text: str, expected) -> None:
    assert expected in _roles(nlp, text)


def test_national_title_takes_the_country_in_context(nlp) -> None:
    doc = nlp("In Tehran, President Hassan Rouhani welcomed the deal.")
    emap = entity_map(doc)
    types = {k: e.type for k, e in emap.entities.items()}

    def country(i: int):
        return "iran" if emap.token_entity.get(i) == "tehran" else None

    (role,) = find_roles(doc, emap.token_entity, types, country=country)
    assert (role.person, role.target, role.predicate) == ("hassan-rouhani", "iran", "leads")
    assert role.confidence < 0.9


def test_no_title_no_role(nlp) -> None:
    assert _roles(nlp, "Nikol Pashinyan met Ilham Aliyev in Moscow.") == set()


@pytest.mark.parametrize(
    "text, words",
    [
        ("Secretary of State John Kerry spoke.", ["Secretary", "of", "State"]),
        ("The prime minister Boris said.", ["prime", "minister"]),
        ("Officials of Boris said.", []),
    ],
)
def test_title_words_before(nlp, text: str, words: list[str]) -> None:
    doc = nlp(text)
    name = next(t.i for t in doc if t.text in {"John", "Boris"})
    assert title_words_before(doc, name)[1] == words
