"""Named queries: headers, parameter binding, and what each query answers on real stores.

The seed store is built from ../shared/corpus/seeds by the real pipeline. Agreements and events
are extracted by a part of ingest that is still being written, so the queries about them are
also run on a store written through the real model and store code from a hand-made extraction
of the seed story (``events_store``).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from queries import named

NAMES = [
    "entity-profile",
    "actor-actions",
    "agreements",
    "timeline",
    "fact-sources",
    "actors-at-place",
    "top-actors",
    "co-occurrence",
]


def run(store, query: str, /, **params: str) -> list[dict[str, str]]:
    """Rows of a named query as {column: value}, through the library path ``newskg query`` uses."""
    from graph.store import KnowledgeGraph

    spec = named.get(query)
    with KnowledgeGraph(store, read_only=True) as kg:
        result = kg.query(spec.text, spec.bind(params))
        columns = [str(v) for v in result.vars]
        return [
            {c: str(t) for c, t in zip(columns, row, strict=True) if t is not None}
            for row in result
        ]


@pytest.fixture(scope="module")
def events_store(tmp_path_factory):
    """A store holding the ceasefire and the deployment of the seed story as n-ary events."""
    from graph.model import extraction_quads
    from graph.store import KnowledgeGraph
    from ingest.readers import Article
    from ingest.records import ArticleExtraction, Entity, Event, Relation

    text = (
        "Armenia and Azerbaijan signed a ceasefire brokered by Russia on November 9. "
        "Russia deployed peacekeepers to Nagorno-Karabakh."
    )
    split = text.index("Russia deployed")
    article = Article(
        text=text,
        title="Ceasefire signed",
        origin="hand-made",
        source="newskg tests",
        date=dt.date(2020, 11, 11),
    )
    entities = {
        key: Entity(key, label, kind)
        for key, label, kind in [
            ("armenia", "Armenia", "Country"),
            ("azerbaijan", "Azerbaijan", "Country"),
            ("russia", "Russia", "Country"),
            ("nagorno-karabakh", "Nagorno-Karabakh", "AdministrativeArea"),
            ("vladimir-putin", "Vladimir Putin", "Person"),
            ("yerevan", "Yerevan", "City"),
        ]
    }
    entities["vladimir-putin"].add_alias("Putin", "short name")
    ceasefire = Event(
        "ceasefire-2020",
        "ceasefire",
        True,
        "2020 Nagorno-Karabakh ceasefire agreement",
        "ceasefire",
        text[:split].strip(),
        0,
        split,
        0.9,
        date=dt.date(2020, 11, 9),
        date_text="on November 9",
    )
    for role, key in [
        ("party", "armenia"),
        ("party", "azerbaijan"),
        ("signatory", "vladimir-putin"),
        ("mediator", "russia"),
        ("location", "nagorno-karabakh"),
    ]:
        ceasefire.add_role(role, key)
    deployment = Event(
        "russia-deploys", "deploy", False, "Russia deploys peacekeepers", "deployed",
        text[split:], split, len(text), 0.8,
    )  # fmt: skip
    deployment.add_role("agent", "russia")
    deployment.add_role("target", "nagorno-karabakh")
    relation = Relation(
        "russia", "deploy", "nagorno-karabakh", text[split:], split, len(text), 0.8,
        relation_text="deployed",
    )  # fmt: skip
    extraction = ArticleExtraction(article, entities, [relation], [ceasefire, deployment])

    # A second report, with no date: the ceasefire again (no date, no mediator) and a storming.
    text2 = "Armenia agreed to the ceasefire. Protesters stormed the parliament in Yerevan."
    split2 = text2.index("Protesters")
    article2 = Article(text=text2, title="Protests in Yerevan", origin="hand-made")
    entities2 = {
        "armenia": Entity("armenia", "Armenia", "Country"),
        "yerevan": Entity("yerevan", "Yerevan", "City"),
    }
    again = Event(
        "ceasefire-2020", "ceasefire", True, "2020 Nagorno-Karabakh ceasefire agreement",
        "ceasefire", text2[:split2].strip(), 0, split2, 0.7,
    )  # fmt: skip
    again.add_role("party", "armenia")
    storming = Event(
        "storm-parliament", "storm", False, "Protesters storm the parliament", "stormed",
        text2[split2:], split2, len(text2), 0.7,
    )  # fmt: skip
    storming.add_role("location", "yerevan")
    extraction2 = ArticleExtraction(article2, entities2, [], [again, storming])

    folder = tmp_path_factory.mktemp("events") / "store"
    with KnowledgeGraph(folder) as kg:
        kg.add_quads(extraction_quads(extraction))
        kg.add_quads(extraction_quads(extraction2))
    return folder


# ---------------------------------------------------------------------- the .rq files
def test_the_eight_named_queries_ship():
    assert set(NAMES) <= set(named.names())


@pytest.mark.parametrize("name", sorted(named.all_queries()))
def test_header_and_params_match_the_query(name):
    spec = named.get(name)
    assert spec.title and spec.description
    assert spec.problems() == []
    assert {p.name for p in spec.params} <= spec.variables()


@pytest.mark.parametrize("name", sorted(named.all_queries()))
def test_every_query_runs_with_its_defaults_on_an_empty_store(name):
    import pyoxigraph as ox

    from queries.server import to_ox

    spec = named.get(name)
    bindings = spec.bind({p.name: "x" for p in spec.params if p.required})
    result = ox.Store().query(
        spec.text,
        use_default_graph_as_union=True,
        substitutions={ox.Variable(k): to_ox(v) for k, v in bindings.items()},
    )
    assert list(result) == []


# ---------------------------------------------------------------------- header parsing
HEADER = """# title: A query
# description: first line,
# description: second line.
# param: name string "Vladimir Putin" -- who
# param: since date - -- from when
# param: n integer 5 -- how many
SELECT ?name ?since ?n ?x WHERE { ?x ?p ?name FILTER(?x != ?since && ?n > 0) }
"""


def test_header_is_parsed():
    spec = named.QuerySpec.from_text("q", HEADER)
    assert spec.title == "A query"
    assert spec.description == "first line, second line."
    assert [(p.name, p.type, p.default, p.required) for p in spec.params] == [
        ("name", "string", "Vladimir Putin", False),
        ("since", "date", None, True),
        ("n", "integer", "5", False),
    ]
    assert spec.problems() == []


@pytest.mark.parametrize(
    "text, problem",
    [
        ("# description: d\nSELECT * {}", "no '# title:' line"),
        ("# title: t\nSELECT * {}", "no '# description:' line"),
        (
            "# title: t\n# description: d\n# param: who string x -- w\nSELECT ?a {}",
            "not a variable",
        ),
        (
            "# title: t\n# description: d\n# param: who string x -- w\nSELECT ?a { ?a ?p ?who }",
            "not in the SELECT projection",
        ),
        (
            "# title: t\n# description: d\n# param: format string x -- w\n"
            "SELECT ?format { ?a ?p ?format }",
            "reserved",
        ),
        (
            "# title: t\n# description: d\n# param: n integer many -- w\nSELECT ?n { ?a ?p ?n }",
            "bad default",
        ),
        (
            "# title: t\n# description: d\n# param: n integer 1\nSELECT ?n { ?a ?p ?n }",
            "no description",
        ),
    ],
)
def test_problems_are_found(text, problem):
    problems = named.QuerySpec.from_text("q", text).problems()
    assert any(problem in p for p in problems), problems


def test_variables_ignore_iris_strings_and_comments():
    spec = named.QuerySpec.from_text(
        "q", '# ?comment\nSELECT ?a WHERE { ?a <urn:x?y> "?not" } # ?no\n'
    )
    assert spec.variables() == {"a"}


@pytest.mark.parametrize(
    "ptype, value, expected",
    [
        ("string", "Putin", Literal("Putin")),
        ("integer", "3", Literal(3)),
        ("decimal", "0.5", Literal(0.5, datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))),
        ("date", "2020-11-10", Literal("2020-11-10", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))),
        ("iri", "https://w3id.org/newskg/id/russia", URIRef("https://w3id.org/newskg/id/russia")),
    ],
)  # fmt: skip
def test_param_values_become_typed_terms(ptype, value, expected):
    assert named.Param("p", ptype).to_term(value) == expected


@pytest.mark.parametrize(
    "ptype, value", [("integer", "two"), ("decimal", "half"), ("date", "10/11/2020")]
)
def test_bad_param_values_are_refused(ptype, value):
    with pytest.raises(ValueError, match="parameter p"):
        named.Param("p", ptype).to_term(value)


def test_bind_fills_defaults_and_refuses_unknown_or_missing_params():
    spec = named.QuerySpec.from_text("q", HEADER)
    bound = spec.bind({"since": "2020-01-01"})
    assert bound["name"] == Literal("Vladimir Putin") and bound["n"] == Literal(5)
    with pytest.raises(ValueError, match="unknown parameter 'who'"):
        spec.bind({"since": "2020-01-01", "who": "x"})
    with pytest.raises(ValueError, match="missing --param since"):
        spec.bind({})


def test_get_unknown_query_names_the_known_ones():
    with pytest.raises(ValueError, match="entity-profile"):
        named.get("no-such-query")


# ---------------------------------------------------------------------- newskg queries
def test_queries_command_lists_title_description_and_params():
    from newskg.cli import cli

    result = CliRunner().invoke(cli, ["queries"])
    assert result.exit_code == 0, result.output
    for spec in named.all_queries().values():
        assert f"{spec.name}: {spec.title}" in result.output
        for param in spec.params:
            assert f"--param {param.name}=<{param.type}>" in result.output
    assert "Who did what to whom" in result.output


def test_queries_command_json_is_the_catalogue():
    from newskg.cli import cli

    result = CliRunner().invoke(cli, ["queries", "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert listed == named.catalogue()
    assert {"name", "title", "description", "params", "text"} <= set(listed[0])


# ---------------------------------------------------------------------- answers on the seeds
def test_entity_profile_of_putin(seed_store):
    # "Putin" is the label of the short-name node today and an alias of Vladimir Putin once
    # mentions are merged; either way the profile must show a person with relations.
    rows = run(seed_store, "entity-profile", name="pUtIn")
    assert rows
    assert {"type", "label", "source"} <= {r["section"] for r in rows}
    assert any(r["section"] == "type" and r["valueLabel"] == "Person" for r in rows)
    assert any(r["section"] in ("out", "in", "role") for r in rows)
    assert all(int(r["articles"]) >= 1 for r in rows)


def test_top_actors_include_armenia_and_are_ordered(seed_store):
    rows = run(seed_store, "top-actors")
    assert "Armenia" in {r["label"] for r in rows}
    keys = [(int(r["articles"]), int(r["mentions"])) for r in rows]
    assert keys == sorted(keys, reverse=True)
    assert not {"City", "Place"} & {t for r in rows for t in r["types"].split(", ")}


def test_top_actors_min_articles_and_type_filter(seed_store):
    everyone = run(seed_store, "top-actors")
    frequent = run(seed_store, "top-actors", min_articles="2")
    assert frequent and len(frequent) < len(everyone)
    assert all(int(r["articles"]) >= 2 for r in frequent)
    people = run(seed_store, "top-actors", type="person")
    assert people and all("Person" in r["types"].split(", ") for r in people)


def test_actor_actions_of_russia_have_sentences_and_articles(seed_store):
    rows = run(seed_store, "actor-actions", name="Russia")
    assert rows
    for row in rows:
        assert row["role"] in ("subject", "object", "event")
        assert row["sentence"].strip()
        assert row["article"].startswith("https://w3id.org/newskg/article/")
    assert any(r["role"] == "subject" and r["subjectLabel"] == "Russia" for r in rows)


def test_fact_sources_filter_on_predicate_and_object(seed_store):
    everything = run(seed_store, "fact-sources", subject="Russia")
    assert everything
    relation, target = everything[0]["relation"], everything[0]["objectLabel"]
    narrowed = run(seed_store, "fact-sources", subject="russia", predicate=relation, object=target)
    assert narrowed and all(
        (r["relation"], r["objectLabel"]) == (relation, target) for r in narrowed
    )
    assert run(seed_store, "fact-sources", subject="Russia", predicate="no such relation") == []


def test_actors_at_place_nagorno_karabakh_include_russia(seed_store):
    rows = run(seed_store, "actors-at-place", place="nagorno-karabakh")
    assert "Russia" in {r["actorLabel"] for r in rows}
    assert all(r["link"] for r in rows)


def test_co_occurrence_with_a_name_keeps_its_pairs(seed_store):
    rows = run(seed_store, "co-occurrence", name="Armenia")
    assert rows and {r["actorLabel"] for r in rows} == {"Armenia"}
    azerbaijan = [r for r in rows if r["otherLabel"] == "Azerbaijan"]
    assert azerbaijan and int(azerbaijan[0]["articles"]) == 2
    pairs = run(seed_store, "co-occurrence")
    assert all(r["actor"] < r["other"] for r in pairs)
    assert len({(r["actor"], r["other"]) for r in pairs}) == len(pairs)


def test_agreements_on_the_seeds_include_the_armenia_azerbaijan_ceasefire(seed_store):
    rows = run(seed_store, "agreements")
    assert all(r["label"] for r in rows)
    assert any({"Armenia", "Azerbaijan"} <= set(r.get("parties", "").split("; ")) for r in rows)
    assert run(seed_store, "agreements", name="azerbaijan")
    assert run(seed_store, "agreements", name="no such agreement") == []


def test_timeline_on_the_seeds_is_in_date_order(seed_store):
    rows = run(seed_store, "timeline")
    assert rows and all(r["label"] for r in rows)
    dates = [r["date"] for r in rows if "date" in r]
    assert dates == sorted(dates)
    assert [r["basis"] for r in rows if "date" not in r] == ["undated"] * (len(rows) - len(dates))


# ---------------------------------------------------------------------- answers on events
def test_agreements_list_parties_signatories_and_mediator(events_store):
    # the second report gives no date, no mediator and one party: the lists and the date come
    # from both reports all the same
    rows = run(events_store, "agreements")
    assert len(rows) == 1
    row = rows[0]
    assert row["label"] == "2020 Nagorno-Karabakh ceasefire agreement"
    assert set(row["parties"].split("; ")) == {"Armenia", "Azerbaijan"}
    assert row["signatories"] == "Vladimir Putin"
    assert row["mediators"] == "Russia"
    assert row["places"] == "Nagorno-Karabakh"
    assert row["date"] == "2020-11-09"
    assert row["articles"] == "2"


@pytest.mark.parametrize(
    "name, found",
    [("", 1), ("putin", 1), ("AZERBAIJAN", 1), ("ceasefire", 1), ("Yerevan", 0), ("truce", 0)],
)
def test_agreements_name_filter(events_store, name, found):
    assert len(run(events_store, "agreements", name=name)) == found


@pytest.mark.parametrize(
    "params, labels",
    [
        (
            {},
            [
                "2020 Nagorno-Karabakh ceasefire agreement",
                "Russia deploys peacekeepers",
                "Protesters storm the parliament",
            ],
        ),
        ({"from": "2020-11-10"}, ["Russia deploys peacekeepers"]),
        ({"to": "2020-11-10"}, ["2020 Nagorno-Karabakh ceasefire agreement"]),
        ({"from": "2020-11-09", "to": "2020-11-09"}, ["2020 Nagorno-Karabakh ceasefire agreement"]),
        ({"from": "2021-01-01"}, []),
    ],
)
def test_timeline_orders_and_filters_by_date(events_store, params, labels):
    rows = run(events_store, "timeline", **params)
    assert [r["label"] for r in rows] == labels


def test_timeline_falls_back_to_the_publication_date(events_store):
    rows = {r["label"]: r for r in run(events_store, "timeline")}
    assert rows["Russia deploys peacekeepers"]["date"] == "2020-11-11"
    assert rows["Russia deploys peacekeepers"]["basis"] == "published"
    assert rows["2020 Nagorno-Karabakh ceasefire agreement"]["basis"] == "stated"
    assert rows["2020 Nagorno-Karabakh ceasefire agreement"]["date"] == "2020-11-09"
    assert rows["2020 Nagorno-Karabakh ceasefire agreement"]["agreement"] == "true"
    assert rows["Protesters storm the parliament"]["basis"] == "undated"
    assert "date" not in rows["Protesters storm the parliament"]
    assert rows["Protesters storm the parliament"]["places"] == "Yerevan"


def test_actors_at_place_through_events_and_relations(events_store):
    links = {(r["actorLabel"], r["link"]) for r in run(events_store, "actors-at-place")}
    assert {
        ("Russia", "deploys"),
        ("Russia", "agent of deploy"),
        ("Russia", "mediator of ceasefire"),
        ("Armenia", "party of ceasefire"),
        ("Vladimir Putin", "signatory of ceasefire"),
    } <= links
    assert "Yerevan" not in {actor for actor, _ in links}


def test_actor_actions_include_roles_in_agreements(events_store):
    rows = run(events_store, "actor-actions", name="Putin")
    assert [(r["role"], r["relation"], r["objectLabel"]) for r in rows] == [
        ("event", "signatory of ceasefire", "2020 Nagorno-Karabakh ceasefire agreement")
    ]


def test_entity_profile_finds_an_entity_by_alias(events_store):
    rows = run(events_store, "entity-profile", name="putin")
    assert {r["entity"] for r in rows} == {"https://w3id.org/newskg/id/vladimir-putin"}
    sections = {(r["section"], r["valueLabel"]) for r in rows}
    assert {("type", "Person"), ("alias", "Putin"), ("label", "Vladimir Putin")} <= sections
    assert ("role", "2020 Nagorno-Karabakh ceasefire agreement") in sections


def test_co_occurrence_counts_sentences_of_shared_events(events_store):
    rows = run(events_store, "co-occurrence", name="Armenia")
    tied = {r["otherLabel"]: int(r["sentences"]) for r in rows}
    assert tied["Azerbaijan"] == 1 and tied["Vladimir Putin"] == 1
    assert "Yerevan" not in tied
