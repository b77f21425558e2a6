"""The gazetteer: names, demonyms, and the component that corrects spaCy's entity spans."""

from __future__ import annotations

import pytest

from ingest.gazetteer import load_gazetteer, normalize


@pytest.mark.parametrize(
    "surface, name, kind",
    [
        ("U.S.", "United States", "Country"),
        ("the United States", "United States", "Country"),
        ("America", "United States", "Country"),
        ("Britain", "United Kingdom", "Country"),
        ("UK", "United Kingdom", "Country"),
        ("Russian Federation", "Russia", "Country"),
        ("Iran", "Iran", "Country"),
        ("South Korea", "South Korea", "Country"),
        ("Karabakh", "Nagorno-Karabakh", "AdministrativeArea"),
        ("Nagorno–Karabakh", "Nagorno-Karabakh", "AdministrativeArea"),
        ("Crimea", "Crimea", "AdministrativeArea"),
        ("Kalbajar", "Kalbajar District", "AdministrativeArea"),
        ("Shushi", "Shusha", "City"),
        ("Yerevan", "Yerevan", "City"),
        ("Kiev", "Kyiv", "City"),
        ("South Caucasus", "South Caucasus", "Place"),
        ("Kremlin", "Kremlin", "GovernmentOrganization"),
        ("Pentagon", "Pentagon", "GovernmentOrganization"),
        ("Reuters", "Reuters", "NewsMediaOrganization"),
        ("AP", "Associated Press", "NewsMediaOrganization"),
        ("Sky News", "Sky News", "NewsMediaOrganization"),
        ("CSTO", "Collective Security Treaty Organization", "Organization"),
        ("UN", "United Nations", "Organization"),
        ("Tories", "Conservative Party", "Organization"),
        ("Lib Dems", "Liberal Democrats", "Organization"),
        ("Labour", "Labour Party", "Organization"),
        ("SNP", "Scottish National Party", "Organization"),
    ],
)
def test_lookup(surface: str, name: str, kind: str) -> None:
    entry = load_gazetteer().lookup(surface)
    assert entry is not None
    assert (entry.name, entry.type) == (name, kind)


@pytest.mark.parametrize(
    "surface", ["us", "who", "Us", "the", "protesters", "Armenian", "labour", "conservative"]
)
def test_not_a_name(surface: str) -> None:
    assert load_gazetteer().lookup(surface) is None


@pytest.mark.parametrize(
    "demonym, country",
    [
        ("Armenian", "Armenia"),
        ("Armenians", "Armenia"),
        ("Azerbaijani", "Azerbaijan"),
        ("Azeri", "Azerbaijan"),
        ("Russian", "Russia"),
        ("British", "United Kingdom"),
        ("Britons", "United Kingdom"),
        ("Emirati", "United Arab Emirates"),
        ("Swiss", "Switzerland"),
        ("Filipinos", "Philippines"),
    ],
)
def test_demonym(demonym: str, country: str) -> None:
    assert load_gazetteer().country_of_demonym(demonym) == country


def test_demonyms_cover_the_countries_of_the_world() -> None:
    gaz = load_gazetteer()
    assert len(gaz.country_demonyms) >= 190
    assert all(gaz.lookup(country) is not None for country in gaz.country_demonyms)


def test_disputed_territories_are_marked() -> None:
    gaz = load_gazetteer()
    assert gaz.lookup("Nagorno-Karabakh").disputed
    assert not gaz.lookup("Armenia").disputed


def test_normalize_folds_case_quotes_articles_and_accents() -> None:
    assert normalize("The Armenia’s") == "armenia"
    assert normalize("Arāk") == "arak"


@pytest.mark.parametrize(
    "text, span, label",
    [
        ("Russian peacekeepers entered Nagorno-Karabakh on Tuesday.", "Nagorno-Karabakh", "GPE"),
        ("Azerbaijan will keep the city of Shusha, which Armenians call Shushi.", "Shusha", "GPE"),
        ("The agreement follows a U.S.-mediated truce in October.", "U.S.", "GPE"),
        ("Russian peacekeepers board a military plane. /AP", "AP", "ORG"),
        ("Hundreds stormed the Armenian Parliament's chamber.", "Armenian Parliament", "ORG"),
        ("The talks were held in Vienna.", "Vienna", "GPE"),
        ("Then Azerbaijani President Ilham Aliyev spoke.", "Azerbaijani", "NORP"),
    ],
)  # fmt: skip
def test_component_fixes_spans(nlp, text: str, span: str, label: str) -> None:
    ents = {(e.text, e.label_) for e in nlp(text).ents}
    assert (span, label) in ents


@pytest.mark.parametrize(
    "text, word",
    [
        ("We ate turkey at home.", "turkey"),
        ("He told us about it.", "us"),
    ],
)
def test_component_leaves_common_words(nlp, text: str, word: str) -> None:
    assert word not in {e.text for e in nlp(text).ents}


def test_a_longer_name_of_the_model_wins(nlp) -> None:
    texts = {e.text for e in nlp("Paris Hilton arrived in London.").ents}
    assert "Paris Hilton" in texts and "Paris" not in texts


@pytest.mark.parametrize(
    "country, capital", [("Armenia", "Yerevan"), ("Ukraine", "Kyiv"), ("United Kingdom", "London")]
)
def test_capitals(country: str, capital: str) -> None:
    assert load_gazetteer().capitals[country] == capital
