"""Entity resolution: names of one entity, in one article and across articles."""

from __future__ import annotations

import pytest

from ingest.records import Entity
from ingest.resolve import (
    EntityIndex,
    Mention,
    cluster_mentions,
    initials,
    name_variant,
    stated_aliases,
)


def _m(start: int, text: str, kind: str = "Person", name: str | None = None) -> Mention:
    return Mention(start, start + len(text.split()), text, name or text, kind)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("Nikol Pashiyan", "Nikol Pashinyan", 94),
        ("Hamed Karzai", "Hamid Karzai", 80),
        ("Viktor Makarov", "Victor Makarov", 83),
        ("Viktor Makarov", "Wiktor Makarov", None),  # first letters differ
        ("George Bush", "Laura Bush", None),
        ("Ed Miliband", "David Miliband", None),
        ("Vladimir Putin", "Vladimir Putin", None),
        ("Jon Smith", "Jan Smith", None),  # parts too short to judge
    ],
)
def test_name_variant(a: str, b: str, expected) -> None:
    score = name_variant(a, b)
    assert (round(score) if score is not None else None) == expected


@pytest.mark.parametrize(
    "name, letters",
    [
        ("United Nations", "UN"),
        ("Collective Security Treaty Organization", "CSTO"),
        ("International Security Assistance Force", "ISAF"),
        ("Organization for Security and Co-operation in Europe", "OSCE"),
    ],
)
def test_initials(name: str, letters: str) -> None:
    assert initials(name) == letters


def test_short_name_joins_the_one_full_name() -> None:
    clusters = cluster_mentions([_m(0, "Vladimir Putin"), _m(5, "Putin")])
    assert [(c.name, c.aliases) for c in clusters] == [
        ("Vladimir Putin", {"Putin": "short name of Vladimir Putin"})
    ]


def test_short_name_shared_by_two_is_not_merged() -> None:
    clusters = cluster_mentions([_m(0, "Ed Miliband"), _m(3, "David Miliband"), _m(8, "Miliband")])
    assert sorted(c.name for c in clusters) == ["David Miliband", "Ed Miliband"]
    assert all("Miliband" not in c.aliases for c in clusters)
    nearest = next(c for c in clusters if c.name == "David Miliband")
    assert [m.text for m in nearest.ambiguous] == ["Miliband"]


def test_acronym_of_an_organisation_in_the_same_article() -> None:
    org = "Organization"
    clusters = cluster_mentions([_m(0, "Democratic Unionist Party", org), _m(9, "DUP", org)])
    assert [(c.name, c.aliases) for c in clusters] == [
        ("Democratic Unionist Party", {"DUP": "acronym"})
    ]


def test_acronym_before_its_expansion() -> None:
    org = "Organization"
    clusters = cluster_mentions([_m(0, "DUP", org), _m(9, "Democratic Unionist Party", org)])
    assert [c.name for c in clusters] == ["Democratic Unionist Party"]
    assert clusters[0].aliases == {"DUP": "acronym"}


def test_canonical_names_merge_whatever_the_surface() -> None:
    clusters = cluster_mentions(
        [
            Mention(0, 1, "US", "United States", "Country", canonical=True),
            Mention(5, 6, "U.S.", "United States", "Country", canonical=True),
        ]
    )
    assert len(clusters) == 1 and set(clusters[0].aliases) == {"US", "U.S."}


def test_different_types_of_one_name_stay_apart() -> None:
    clusters = cluster_mentions([_m(0, "Jordan", "Country"), _m(4, "Michael Jordan")])
    assert sorted(c.type for c in clusters) == ["Country", "Person"]


def test_stated_aliases() -> None:
    text = "the city Shusha, which Armenians call Shushi, and Kyiv (also known as Kiev)."
    spans = [(9, 15), (38, 44), (50, 54), (70, 74)]
    assert stated_aliases(text, spans) == [
        (0, 1, ", which Armenians call"),
        (2, 3, "(also known as"),
    ]


def _index(*rows: tuple[str, str, str, tuple[str, ...]]) -> EntityIndex:
    index = EntityIndex()
    for key, label, kind, forms in rows:
        index.add(key, label, kind, forms)
    return index


@pytest.mark.parametrize(
    "stored, label, kind, expected, evidence",
    [
        (
            [("vladimir-putin", "Vladimir Putin", "Person", ())],
            "Putin", "Person", "vladimir-putin", "short name of Vladimir Putin",
        ),
        (
            [("vladimir-putin", "Vladimir Putin", "Person", ()),
             ("lyudmila-putin", "Lyudmila Putin", "Person", ())],
            "Putin", "Person", None, None,
        ),
        (
            [("nikol-pashinyan", "Nikol Pashinyan", "Person", ())],
            "Nikol Pashiyan", "Person", "nikol-pashinyan", "spelling variant (similarity 94)",
        ),
        (
            [("putin", "Putin", "Person", ())],
            "Vladimir Putin", "Person", "putin", "full name of the stored Putin",
        ),
        (
            [("democratic-unionist-party", "Democratic Unionist Party", "Organization", ())],
            "DUP", "Organization", "democratic-unionist-party", "acronym",
        ),
        (
            [("shusha", "Shusha", "City", ("Shushi",))],
            "Shushi", "City", "shusha", "same name as stored Shusha",
        ),
        (
            [("jordan", "Jordan", "Country", ())],
            "Jordan", "Person", None, None,
        ),
        (
            [("national-assembly-of-armenia", "National Assembly of Armenia",
              "GovernmentOrganization", ("Parliament",))],
            "Parliament", "GovernmentOrganization", None, None,
        ),
    ],
)  # fmt: skip
def test_index_resolves_across_articles(stored, label, kind, expected, evidence) -> None:
    index = _index(*stored)
    key = label.lower().replace(" ", "-")
    entities = {key: Entity(key=key, label=label, type=kind)}
    token_entity = {0: key}
    index.resolve(entities, token_entity)
    if expected is None:
        assert list(entities) == [key] and token_entity == {0: key}
        return
    assert list(entities) == [expected] and token_entity == {0: expected}
    entity = entities[expected]
    if evidence.startswith("full name of the stored"):
        # The fuller name becomes the label (the store is relabelled after the write); the
        # stored short name is kept as an alias.
        stored_label = index.labels[expected]
        assert entity.label == label
        assert entity.aliases[stored_label] == f"short name of {label}"
        assert index.take_relabels() == {expected: label}
        return
    assert entity.label == index.labels[expected]
    assert entity.aliases[label] == evidence


def test_fuller_name_in_a_later_article_relabels_the_stored_node(tmp_path) -> None:
    from graph.store import KnowledgeGraph
    from ingest.pipeline import ingest

    (tmp_path / "a.txt").write_text("Talks\n\nPresident Putin met Armenian officials.\n")
    (tmp_path / "b.txt").write_text("More talks\n\nRussian President Vladimir Putin spoke.\n")
    with KnowledgeGraph(tmp_path / "store") as kg:
        ingest([tmp_path / "a.txt"], kg, progress=False)
        ingest([tmp_path / "b.txt"], kg, progress=False)
        rows = kg.query(
            "SELECT DISTINCT ?e ?label WHERE { ?e rdfs:label ?label ; skos:altLabel ?alt . "
            "FILTER(?alt = 'Putin') }"
        )
        assert {str(r.label) for r in rows} == {"Vladimir Putin"}


def test_index_from_the_seed_store_has_one_putin(seed_kg) -> None:
    index = EntityIndex.from_store(seed_kg)
    putins = [k for k, forms in index.forms.items() if any("Putin" in f for f in forms)]
    assert len(putins) == 1
