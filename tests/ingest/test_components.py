"""newskg's components are added to the pipeline once, after ner, as users get them."""

from __future__ import annotations

import spacy

from ingest.components import COMPONENTS, add_components, adjust_tokenizer


def test_components_follow_ner(nlp) -> None:
    names = nlp.pipe_names
    assert names.index("newskg_gazetteer") == names.index("ner") + 1
    assert set(COMPONENTS) <= set(names)


def test_adding_twice_adds_once(nlp) -> None:
    before = list(nlp.pipe_names)
    assert add_components(nlp).pipe_names == before


def test_component_is_added_by_name_with_add_pipe() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("newskg_gazetteer")
    doc = nlp("Protests spread from Yerevan to Karabakh.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Yerevan", "GPE"), ("Karabakh", "GPE")]


def test_tokenizer_splits_abbreviation_hyphens_and_credits() -> None:
    nlp = adjust_tokenizer(spacy.blank("en"))
    assert [t.text for t in nlp("U.S.-mediated /AP e-mail")] == [
        "U.S.", "-", "mediated", "/", "AP", "e", "-", "mail",
    ]  # fmt: skip
    assert adjust_tokenizer(nlp) is nlp
