"""Coreference rules: which entity a pronoun or description refers to, in real sentences."""

from __future__ import annotations

import pytest

from ingest import coref
from ingest.entities import entity_map
from ingest.roles import find_roles


def _resolve(nlp, text: str):
    doc = nlp(text)
    emap = entity_map(doc)
    types = {k: e.type for k, e in emap.entities.items()}
    roles = find_roles(doc, emap.token_entity, types, demonym=emap.country_of)
    types = {k: e.type for k, e in emap.entities.items()}
    disputed = [k for k in emap.entities if k == "nagorno-karabakh"]
    result = coref.resolve(
        doc, emap.token_entity, types, roles=roles, gender=emap.gender, disputed=disputed
    )
    return doc, emap, result


def _token(doc, word: str, occurrence: int = 0) -> int:
    return [t.i for t in doc if t.text == word][occurrence]


@pytest.mark.parametrize(
    "text, word, occurrence, expected",
    [
        ("Nikol Pashinyan said he had concluded the deal.", "he", 0, "nikol-pashinyan"),
        (
            "Nikol Pashinyan said he had concluded the deal under pressure from his own army.",
            "his", 0, "nikol-pashinyan",
        ),
        (
            "The Russian defence ministry said on Tuesday it has started deploying servicemen.",
            "it", 0, "ministry-of-defence-of-russia",
        ),
        ("Azerbaijan will keep territory it captured.", "it", 0, "azerbaijan"),
        ("Turkey, which threw its weight behind Azerbaijan, was ready.", "which", 0, "turkey"),
        ("Turkey, which threw its weight behind Azerbaijan, was ready.", "its", 0, "turkey"),
        (
            "“I have signed a statement,” Armenian Prime Minister Nikol Pashinyan announced.",
            "I", 0, "nikol-pashinyan",
        ),
        (
            "Nikol Pashinyan spoke later. “I personally bear responsibility for this,” he said.",
            "I", 0, "nikol-pashinyan",
        ),
        (
            "Russian peacekeepers arrived. Putin said they would be deployed along the frontline.",
            "they", 0, "russia",
        ),
        (
            "Fighting broke out in Nagorno-Karabakh. The enclave is recognised as Azerbaijan's.",
            "enclave", 0, "nagorno-karabakh",
        ),
        (
            "Armenian Prime Minister Nikol Pashinyan signed. "
            "Ilham Aliyev mocked the Armenian leader.",
            "leader", 0, "nikol-pashinyan",
        ),
        (
            "Russia has a defense pact with Armenia and a military base there.",
            "there", 0, "armenia",
        ),
    ],
)  # fmt: skip
def test_referent(nlp, text: str, word: str, occurrence: int, expected: str) -> None:
    doc, _, result = _resolve(nlp, text)
    assert result.referents.get(_token(doc, word, occurrence)) == expected


@pytest.mark.parametrize(
    "text, word",
    [
        ("It's believed several thousands are dead in Armenia.", "It"),
        ("It is likely that Russia gained leverage.", "It"),
        ("Armenia and Azerbaijan fought. You can imagine the losses.", "You"),
    ],
)
def test_no_referent(nlp, text: str, word: str) -> None:
    doc, _, result = _resolve(nlp, text)
    assert _token(doc, word) not in result.referents


def test_she_skips_a_man(nlp) -> None:
    text = "Mr John Smith met Federica Mogherini. She said the talks went well."
    doc, _, result = _resolve(nlp, text)
    assert result.referents[_token(doc, "She")] == "federica-mogherini"


def test_the_deal_links_to_the_agreement_before(nlp) -> None:
    doc, _, result = _resolve(nlp, "The deal was signed on Monday. Protesters denounced the deal.")
    first, second = _token(doc, "deal", 0), _token(doc, "deal", 1)
    assert result.antecedents[second] == first


def test_annotate_sets_doc_extensions(nlp) -> None:
    doc, _, result = _resolve(nlp, "Azerbaijan will keep territory it captured.")
    coref.annotate(doc, result)
    assert doc._.coref == {_token(doc, "it"): "azerbaijan"}
    assert doc._.coref_antecedent[_token(doc, "it")] == _token(doc, "Azerbaijan")


def test_quote_spans() -> None:
    assert coref.quote_spans('He said: “I agree.” Then "we left".') == [(9, 19), (25, 34)]
