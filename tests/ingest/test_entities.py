"""Entities of an article: real sentences and the typed, resolved entities they must give."""

from __future__ import annotations

import pytest

from ingest.entities import entity_map, find_entities


def _labels(nlp, text: str) -> set[tuple[str, str]]:
    entities, _ = find_entities(nlp(text))
    return {(e.label, e.type) for e in entities.values()}


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Armenian Prime Minister Nikol Pashinyan announced the deal on Facebook.",
            {("Nikol Pashinyan", "Person"), ("Facebook", "Organization")},
        ),
        (
            "Kremlin spokesman Dmitry Peskov said there had been no agreement.",
            {("Kremlin", "GovernmentOrganization"), ("Dmitry Peskov", "Person")},
        ),
        (
            "The Russian defence ministry said it has started deploying 1,960 servicemen.",
            {("Ministry of Defence of Russia", "GovernmentOrganization")},
        ),
        (
            "Protesters stormed Armenia’s parliament in Yerevan.",
            {("National Assembly of Armenia", "GovernmentOrganization"), ("Yerevan", "City")},
        ),
        (
            "Fighting has raged in Nagorno-Karabakh and around Shusha in the South Caucasus.",
            {
                ("Nagorno-Karabakh", "AdministrativeArea"),
                ("Shusha", "City"),
                ("South Caucasus", "Place"),
            },
        ),
        (
            "Sky News reported that Reuters confirmed it.",
            {("Sky News", "NewsMediaOrganization"), ("Reuters", "NewsMediaOrganization")},
        ),
        (
            "Sheikh Abdullah bin Zayed Al Nahyan thanked Israel.",
            {("Abdullah bin Zayed Al Nahyan", "Person"), ("Israel", "Country")},
        ),
        (
            "Secretary of State John Kerry spent weeks in Vienna.",
            {("John Kerry", "Person"), ("Vienna", "City")},
        ),
        (
            "The heavy-water reactor at Arak will be redesigned.",
            {("Arak", "City")},
        ),
    ],
)
def test_entities_and_types(nlp, text: str, expected: set[tuple[str, str]]) -> None:
    assert _labels(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "He said it was time, and crowds and protesters stormed government buildings.",
        "On Tuesday, 17 political parties and hundreds of people joined them.",
        "Armenians call it a betrayal, you know.",
    ],
)
def test_no_junk_nodes(nlp, text: str) -> None:
    assert _labels(nlp, text) == set()


@pytest.mark.parametrize(
    "text, label",
    [
        ("Tory leader Michael Howard attacked the plan.", "Conservative Party"),
        ("The Lib Dems voted against the bill.", "Liberal Democrats"),
    ],
)
def test_a_party_the_model_takes_for_a_group_is_an_organisation(nlp, text, label) -> None:
    assert (label, "Organization") in _labels(nlp, text)


def test_demonym_before_an_actor_noun_is_the_country(nlp) -> None:
    doc = nlp("Russian peacekeepers were deployed to Nagorno-Karabakh.")
    emap = entity_map(doc)
    russia = emap.entities["russia"]
    assert russia.type == "Country" and russia.demonyms == {"Russian"}
    peacekeepers = next(t.i for t in doc if t.text == "peacekeepers")
    assert emap.token_entity[peacekeepers] == "russia"


def test_demonym_of_people_is_not_the_state(nlp) -> None:
    doc = nlp("Armenians call the city Shushi, and Armenia calls it so too.")
    emap = entity_map(doc)
    armenians = next(t.i for t in doc if t.text == "Armenians")
    assert armenians not in emap.token_entity
    assert "Armenians" in emap.entities["armenia"].demonyms


@pytest.mark.parametrize(
    "text, label, alias, evidence",
    [
        (
            "Vladimir Putin spoke. Later Putin said the deal would hold.",
            "Vladimir Putin",
            "Putin",
            "short name of Vladimir Putin",
        ),
        (
            "Nikol Pashiyan announced it. Nikol Pashinyan said so. Pashinyan left.",
            "Nikol Pashinyan",
            "Nikol Pashiyan",
            "spelling variant (similarity 94)",
        ),
        (
            "Azerbaijan will keep Shusha, which Armenians call Shushi.",
            "Shusha",
            "Shushi",
            "stated alias: which Armenians call Shushi",
        ),
        (
            "Hundreds stormed the Armenian Parliament. Armenia’s parliament was empty.",
            "National Assembly of Armenia",
            "Armenia’s parliament",
            "parliament of Armenia",
        ),
        (
            "Hamid Karzai met the press. Hamed Karzai then left Kabul.",
            "Hamid Karzai",
            "Hamed Karzai",
            "spelling variant (similarity 80)",
        ),
    ],
)
def test_aliases_keep_their_evidence(nlp, text, label, alias, evidence) -> None:
    entities, _ = find_entities(nlp(text))
    entity = next(e for e in entities.values() if e.label == label)
    assert entity.aliases.get(alias) == evidence


def test_title_and_name_is_an_alias(nlp) -> None:
    entities, _ = find_entities(nlp("Vladimir Putin met them. President Putin announced it."))
    assert entities["vladimir-putin"].aliases["President Putin"] == "title and name"


@pytest.mark.parametrize(
    "text, people",
    [
        ("George Bush and Laura Bush visited Texas.", {"George Bush", "Laura Bush"}),
        (
            "Ed Miliband and David Miliband spoke. Miliband said no.",
            {"Ed Miliband", "David Miliband"},
        ),
    ],
)  # fmt: skip
def test_people_sharing_a_surname_stay_apart(nlp, text: str, people: set[str]) -> None:
    emap = entity_map(nlp(text))
    persons = {e.label for e in emap.entities.values() if e.type == "Person"}
    assert persons == people
    assert all(not set(e.aliases) & {"Bush", "Miliband"} for e in emap.entities.values())


def test_ambiguous_short_name_goes_to_the_nearest_and_is_marked(nlp) -> None:
    doc = nlp("Ed Miliband and David Miliband spoke. Miliband said no.")
    emap = entity_map(doc)
    short = [t.i for t in doc if t.text == "Miliband"][-1]
    assert short in emap.ambiguous
    assert emap.token_entity[short] in {"ed-miliband", "david-miliband"}


def test_every_token_of_a_mention_maps_to_its_entity(nlp) -> None:
    doc = nlp("Russian President Vladimir Putin said the deal would hold.")
    emap = entity_map(doc)
    assert [emap.token_entity.get(i) for i in (2, 3)] == ["vladimir-putin"] * 2
