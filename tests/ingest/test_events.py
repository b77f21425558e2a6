"""Agreements and events as n-ary nodes: real-style sentences beside the nodes they must give."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import URIRef

from ingest.events import EventIndex, agreement_family, event_key, find_events
from ingest.extract import extract_article
from ingest.readers import Article
from ingest.records import ArticleExtraction, Entity, Event, Relation

BASE = dt.date(2020, 11, 11)


def _extract(nlp, text: str, date: dt.date | None = BASE) -> ArticleExtraction:
    article = Article(text=text, title=text.split("\n", 1)[0], origin="test.txt", date=date)
    return extract_article(nlp(text), article)


def _one(events: list[Event], *, agreement: bool, kind: str | None = None) -> Event:
    found = [e for e in events if e.is_agreement == agreement and kind in (None, e.kind)]
    assert len(found) == 1, [(e.key, e.roles) for e in events]
    return found[0]


# ------------------------------------------------------------------------------- agreements

AGREEMENTS = [
    (
        "A ceasefire was signed between Armenia and Azerbaijan on Tuesday.",
        "ceasefire",
        {"party": {"armenia", "azerbaijan"}},
        dt.date(2020, 11, 10),
        "ceasefire-armenia-azerbaijan-2020-11-10",
    ),
    (
        "Russia brokered a ceasefire agreement between Armenia and Azerbaijan.",
        "ceasefire",
        {"party": {"armenia", "azerbaijan"}, "mediator": {"russia"}},
        None,
        "ceasefire-armenia-azerbaijan",
    ),
    (
        "Armenia and Azerbaijan agreed to stop the fighting under a deal brokered by Russia.",
        "deal",
        {"party": {"armenia", "azerbaijan"}, "mediator": {"russia"}},
        None,
        "agreement-armenia-azerbaijan",
    ),
    (
        "Israel and Bahrain signed a peace deal in Washington.",
        "deal",
        {"party": {"israel", "bahrain"}, "signatory": {"israel", "bahrain"}},
        None,
        "agreement-bahrain-israel",
    ),
    (
        "Armenia and Azerbaijan fought for weeks. The Armenia-Azerbaijan truce took effect.",
        "truce",
        {"party": {"armenia", "azerbaijan"}},
        None,
        "ceasefire-armenia-azerbaijan",
    ),
    (
        "Russia and Turkey signed a memorandum on a joint monitoring centre on Wednesday.",
        "memorandum",
        {"party": {"russia", "turkey"}, "signatory": {"russia", "turkey"}},
        dt.date(2020, 11, 11),
        "memorandum-russia-turkey-2020-11-11",
    ),
]


@pytest.mark.parametrize("text, kind, roles, date, key", AGREEMENTS)
def test_agreement_roles_date_and_key(nlp, text, kind, roles, date, key) -> None:
    extraction = _extract(nlp, text)
    event = _one(extraction.events, agreement=True)
    assert event.kind == kind
    for role, keys in roles.items():
        assert keys <= event.roles.get(role, set()), (role, event.roles)
    assert event.date == date
    assert event.key == key


def test_agreement_of_one_signatory_is_keyed_by_it(nlp) -> None:
    event = _one(_extract(nlp, "Andy Williams signed a two-year deal.").events, agreement=True)
    assert event.key == "agreement-andy-williams" and event.label == "Andy Williams deal"


def test_location_of_the_signing(nlp) -> None:
    extraction = _extract(nlp, "Israel and Bahrain signed a peace deal in Washington.")
    assert _one(extraction.events, agreement=True).roles.get("location") == {"washington"}


def test_signed_by_a_capital_is_its_country(nlp) -> None:
    text = (
        "Russia welcomed the ceasefire between Armenia and Azerbaijan. "
        "The deal, announced overnight, was also signed by Moscow."
    )
    event = _one(_extract(nlp, text).events, agreement=True)
    assert "russia" in event.roles["signatory"] and "moscow" not in event.roles["signatory"]
    assert {"armenia", "azerbaijan", "russia"} <= event.roles["party"]


def test_first_person_signatory_is_the_speaker(nlp) -> None:
    text = (
        "“I have signed a statement on the termination of the war with Azerbaijan,” "
        "Armenian Prime Minister Nikol Pashinyan announced on Facebook."
    )
    event = _one(_extract(nlp, text).events, agreement=True)
    assert event.kind == "statement"
    assert "nikol-pashinyan" in event.roles["signatory"]


def test_mediated_compound_gives_the_mediator(nlp) -> None:
    text = "Russia said the deal between Armenia and Azerbaijan follows a Russian-brokered truce."
    extraction = _extract(nlp, text)
    mediators = set().union(*(e.roles.get("mediator", set()) for e in extraction.events))
    assert "russia" in mediators


@pytest.mark.parametrize(
    "text",
    [
        "Three previous ceasefires between Armenia and Azerbaijan had failed.",
        "Peskov said there had been no agreement on deploying Turkish peacekeepers in Syria.",
        "Unlike prior attempts at a ceasefire between Armenia and Azerbaijan, this one held.",
        "The statement by Armenia was read on television.",
    ],
)
def test_not_an_agreement(nlp, text: str) -> None:
    extraction = _extract(nlp, text)
    assert [e for e in extraction.events if e.is_agreement] == []


def test_mentions_of_one_agreement_are_one_node(nlp) -> None:
    text = (
        "Armenia and Azerbaijan signed a ceasefire on Tuesday. "
        "The deal was brokered by Russia. "
        "Under the agreement, Azerbaijan will keep Shusha. "
        "Armenian forces must leave Lachin by December 1."
    )
    event = _one(_extract(nlp, text).events, agreement=True)
    assert event.key == "ceasefire-armenia-azerbaijan-2020-11-10"
    assert event.label == "Armenia–Azerbaijan ceasefire (10 November 2020)"
    assert event.roles["mediator"] == {"russia"}
    assert event.date == dt.date(2020, 11, 10) and event.date_text == "on Tuesday"
    assert event.provisions == [
        "Under the agreement, Azerbaijan will keep Shusha.",
        "Armenian forces must leave Lachin by December 1.",
    ]


def test_an_earlier_truce_of_another_month_is_another_node(nlp) -> None:
    text = (
        "Russia brokered a ceasefire between Armenia and Azerbaijan on Tuesday. "
        "The agreement follows a U.S.-mediated truce in October which broke down within hours."
    )
    events = [e for e in _extract(nlp, text).events if e.is_agreement]
    keys = sorted(e.key for e in events)
    assert keys == [
        "ceasefire-armenia-azerbaijan-2020-10",
        "ceasefire-armenia-azerbaijan-2020-11-10",
    ]
    october = next(e for e in events if e.key.endswith("-2020-10"))
    assert october.kind == "truce" and october.date is None and october.date_text == "in October"


TOLD_APART = [
    (
        "A humanitarian truce between Armenia and Azerbaijan was agreed on October 10. "
        "A second truce from October 18 collapsed too.",
        {
            "ceasefire-armenia-azerbaijan-2020-10-10": dt.date(2020, 10, 10),
            "ceasefire-armenia-azerbaijan-2020-10-18": dt.date(2020, 10, 18),
        },
    ),
    (
        "France mediated a truce between Armenia and Azerbaijan in October. "
        "A U.S.-mediated truce between Armenia and Azerbaijan collapsed in October.",
        {
            "ceasefire-armenia-azerbaijan-2020-10": None,
            "ceasefire-armenia-azerbaijan-2020-10-united-states": None,
        },
    ),
    (
        "Armenia and Azerbaijan signed a ceasefire on Tuesday. "
        "The deal was brokered by Russia. The truce has held since Tuesday.",
        {"ceasefire-armenia-azerbaijan-2020-11-10": dt.date(2020, 11, 10)},
    ),
]


@pytest.mark.parametrize("text, nodes", TOLD_APART)
def test_agreements_told_apart_by_day_and_mediator(nlp, text, nodes) -> None:
    events = [e for e in _extract(nlp, text).events if e.is_agreement]
    assert {e.key: e.date for e in events} == nodes


MEDIATORS = [
    (
        "Russia hosted talks between Armenia and Azerbaijan. "
        "A humanitarian truce between Armenia and Azerbaijan brokered in Moscow broke down.",
        {"ceasefire-armenia-azerbaijan": {"russia"}},
    ),
    (
        "Armenia and Azerbaijan fought on. A truce between Armenia and Azerbaijan, which France "
        "said had followed French mediation, went the same way.",
        {"ceasefire-armenia-azerbaijan": {"france"}},
    ),
    (
        "A second truce between Armenia and Azerbaijan from October 18 failed. "
        "A third, mediated by the United States, was due to start on October 26 but was broken.",
        {
            "ceasefire-armenia-azerbaijan-2020-10-18": set(),
            "ceasefire-armenia-azerbaijan-2020-10-26": {"united-states"},
        },
    ),
]


@pytest.mark.parametrize("text, mediators", MEDIATORS)
def test_mediator_from_capital_mediation_noun_and_ordinal(nlp, text, mediators) -> None:
    events = [e for e in _extract(nlp, text).events if e.is_agreement]
    assert {e.key: e.roles.get("mediator", set()) for e in events} == mediators


def test_an_undated_mention_joins_the_nearest_of_equal_agreements(nlp) -> None:
    text = (
        "A truce between Armenia and Azerbaijan was agreed on October 10. "
        "A second truce between Armenia and Azerbaijan began on October 18. "
        "Azerbaijan said the truce was broken by Armenia."
    )
    extraction = _extract(nlp, text)
    assert {e.key for e in extraction.events if e.is_agreement} == {
        "ceasefire-armenia-azerbaijan-2020-10-10",
        "ceasefire-armenia-azerbaijan-2020-10-18",
    }
    said = [(r.subject, r.object) for r in extraction.relations if r.predicate == "said"]
    assert said == [("azerbaijan", "ceasefire-armenia-azerbaijan-2020-10-18")]


SENTENCES = [
    (
        "Moscow brokers Karabakh ceasefire\n\n"
        "Fighting stopped overnight. "
        "The ceasefire was signed by Armenia and Azerbaijan on Tuesday.",
        "The ceasefire was signed by Armenia and Azerbaijan on Tuesday.",
    ),
    (
        "Armenia and Azerbaijan sign ceasefire\n\nThe ceasefire held overnight.",
        "Armenia and Azerbaijan sign ceasefire",
    ),
]


@pytest.mark.parametrize("text, sentence", SENTENCES)
def test_agreement_sentence_carries_most_roles_headline_last(nlp, text, sentence) -> None:
    event = _one(_extract(nlp, text).events, agreement=True)
    assert event.sentence.strip() == sentence
    assert text[event.start : event.end].strip() == sentence


DATE_PRECISION = [
    ("Armenia and Azerbaijan agreed a truce in October.", None, "in October"),
    (
        "Armenia and Azerbaijan agreed a truce on October 26.",
        dt.date(2020, 10, 26),
        "on October 26",
    ),
]


@pytest.mark.parametrize("text, date, date_text", DATE_PRECISION)
def test_only_a_day_is_a_date(nlp, text, date, date_text) -> None:
    event = _one(_extract(nlp, text).events, agreement=True)
    assert (event.date, event.date_text) == (date, date_text)


def test_a_pact_on_another_subject_is_another_node(nlp) -> None:
    text = (
        "Russia brokered a ceasefire between Armenia and Azerbaijan. "
        "Russia, which has a security pact with Armenia, will send peacekeepers."
    )
    keys = {e.key for e in _extract(nlp, text).events if e.is_agreement}
    assert keys == {"ceasefire-armenia-azerbaijan", "agreement-armenia-russia"}


def test_named_agreement_keeps_its_name(nlp) -> None:
    text = (
        "Israel, the United Arab Emirates and Bahrain signed the Abraham Accords on Tuesday. "
        "The Joint Comprehensive Plan of Action was concluded between Iran and the United "
        "States in 2015."
    )
    events = {e.key: e for e in _extract(nlp, text).events if e.is_agreement}
    assert events["abraham-accords"].label == "Abraham Accords"
    assert {"israel", "bahrain"} <= events["abraham-accords"].roles["signatory"]
    jcpoa = events["joint-comprehensive-plan-of-action"]
    assert {"iran", "united-states"} <= jcpoa.roles["party"]


# ----------------------------------------------------------------------------------- events

EVENTS = [
    (
        "Russia deployed 2,000 troops to Nagorno-Karabakh on Tuesday.",
        "deploy",
        {"agent": {"russia"}, "location": {"nagorno-karabakh"}},
        ["2,000 troops"],
        "deploy-russia-nagorno-karabakh-2020-11-10",
    ),
    (
        "Russian peacekeepers were deployed to Nagorno-Karabakh on November 10, 2020.",
        "deploy",
        {"agent": {"russia"}, "location": {"nagorno-karabakh"}},
        [],
        "deploy-russia-nagorno-karabakh-2020-11-10",
    ),
    (
        "Russian peacekeepers will enter Nagorno-Karabakh.",
        "deploy",
        {"agent": {"russia"}, "location": {"nagorno-karabakh"}},
        [],
        "deploy-russia-nagorno-karabakh",
    ),
    (
        "Azerbaijani forces captured Shusha.",
        "capture",
        {"agent": {"azerbaijan"}, "target": {"shusha"}},
        [],
        "capture-azerbaijan-shusha",
    ),
    (
        "Almost 2,000 servicemen, 90 armored personnel carriers and 380 vehicles were "
        "deployed by Russia, the ministry said.",
        "deploy",
        {"agent": {"russia"}},
        ["Almost 2,000 servicemen", "90 armored personnel carriers", "380 vehicles"],
        "deploy-russia",
    ),
]


@pytest.mark.parametrize("text, kind, roles, quantities, key", EVENTS)
def test_event_roles_quantities_and_key(nlp, text, kind, roles, quantities, key) -> None:
    event = _one(_extract(nlp, text).events, agreement=False, kind=kind)
    for role, keys in roles.items():
        assert event.roles.get(role) == keys, (role, event.roles)
    assert event.quantities == quantities
    assert event.key == key


@pytest.mark.parametrize(
    "text",
    [
        "Peskov said there had been no agreement on deploying Turkish peacekeepers in Syria.",
        "Russia did not deploy troops to Syria.",
        "The shelling in Nagorno-Karabakh resumed.",  # a place alone is not enough
        "Andy Roddick attacks the net and wins the point.",  # nothing attacked is named
    ],
)
def test_not_an_event(nlp, text: str) -> None:
    assert [e for e in _extract(nlp, text).events if not e.is_agreement] == []


def test_pronoun_agent_from_an_earlier_sentence(nlp) -> None:
    """Needs ``doc._.coref`` from ingest.coref (read through the entities' mention offsets)."""
    text = "Azerbaijan kept the districts. Earlier, it captured Shusha after heavy fighting."
    event = _one(_extract(nlp, text).events, agreement=False, kind="capture")
    assert event.roles["agent"] == {"azerbaijan"}


# ------------------------------------------------------------------------------ attribution


def test_said_relations_point_at_the_agreement(nlp) -> None:
    text = (
        "Russia brokered a ceasefire between Armenia and Azerbaijan. "
        "Vladimir Putin said the deal would hold. "
        "Reuters confirms the following:\n\n"
        "Russia deployed 1,960 troops to Nagorno-Karabakh."
    )
    extraction = _extract(nlp, text)
    keys = {e.key for e in extraction.events}
    said = {(r.subject, r.object) for r in extraction.relations if r.object in keys}
    assert ("vladimir-putin", "ceasefire-armenia-azerbaijan") in said
    assert ("reuters", "deploy-russia-nagorno-karabakh") in said
    relation = next(r for r in extraction.relations if r.subject == "vladimir-putin")
    assert relation.predicate == "said" and relation.relation_text == "said"


# --------------------------------------------------------------------------- keys and index


def test_keys() -> None:
    assert agreement_family("truce") == "ceasefire"
    assert agreement_family("accord") == "agreement"
    assert event_key("ceasefire", ["azerbaijan", "armenia"], [], "2020-11") == (
        "ceasefire-armenia-azerbaijan-2020-11"
    )
    assert event_key("deploy", ["russia"], ["russia", "lachin"], None) == "deploy-russia-lachin"


OCTOBER = "ceasefire-armenia-azerbaijan-2020-10"


def _agreement(key: str, date: dt.date | None, **roles: set[str]) -> Event:
    return Event(
        key=key,
        kind="ceasefire",
        is_agreement=True,
        label=key,
        trigger="ceasefire",
        sentence="s",
        start=0,
        end=1,
        confidence=0.8,
        roles=dict(roles),
        date=date,
    )


def _with(events: list[Event], relations: list[Relation] = ()) -> ArticleExtraction:
    article = Article(text="x", title="x", origin="x")
    entities = {k: Entity(k, k, "Country") for k in ("armenia", "azerbaijan", "russia", "putin")}
    return ArticleExtraction(article, entities, list(relations), events)


def test_index_joins_an_undated_node_to_the_stored_dated_one() -> None:
    index = EventIndex()
    stored = _agreement(
        "ceasefire-armenia-azerbaijan-2020-11-10",
        dt.date(2020, 11, 10),
        party={"armenia", "azerbaijan", "russia"},
        mediator={"russia"},
    )
    october = _agreement(
        "ceasefire-armenia-azerbaijan-2020-10", None, party={"armenia", "azerbaijan"}
    )
    index.update(_with([stored, october]))
    undated = _agreement("ceasefire-armenia-azerbaijan", None, party={"armenia", "azerbaijan"},
                         signatory={"russia"})  # fmt: skip
    said = Relation("putin", "said", "ceasefire-armenia-azerbaijan", "s", 0, 1, 0.7)
    article = _with([undated], [said])
    index.resolve(article)
    assert article.events[0].key == "ceasefire-armenia-azerbaijan-2020-11-10"  # shares Russia
    assert article.events[0].label == stored.label
    assert article.relations[0].object == "ceasefire-armenia-azerbaijan-2020-11-10"


def test_index_joins_a_dated_node_to_the_stored_undated_one_once() -> None:
    index = EventIndex()
    undated = _agreement(
        "ceasefire-armenia-azerbaijan", None, party={"armenia", "azerbaijan"}, signatory={"russia"}
    )
    index.update(_with([undated]))
    november = _agreement(
        "ceasefire-armenia-azerbaijan-2020-11-10",
        dt.date(2020, 11, 10),
        party={"armenia", "azerbaijan"},
        mediator={"russia"},
    )
    october = _agreement(
        "ceasefire-armenia-azerbaijan-2020-10", None, party={"armenia", "azerbaijan"}
    )
    article = _with([november, october])
    index.resolve(article)
    assert [e.key for e in article.events] == [
        "ceasefire-armenia-azerbaijan",
        "ceasefire-armenia-azerbaijan-2020-10",
    ]


def test_index_keeps_other_months_and_other_parties_apart() -> None:
    index = EventIndex()
    index.update(_with([_agreement("ceasefire-armenia-azerbaijan-2020-11", dt.date(2020, 11, 10),
                                   party={"armenia", "azerbaijan"})]))  # fmt: skip
    article = _with(
        [
            _agreement(
                "ceasefire-armenia-azerbaijan-2020-10", None, party={"armenia", "azerbaijan"}
            ),
            _agreement("ceasefire-russia", None, party={"russia"}),
        ]
    )
    index.resolve(article)
    assert [e.key for e in article.events] == [
        "ceasefire-armenia-azerbaijan-2020-10",
        "ceasefire-russia",
    ]


INDEX_APART = [
    ("ceasefire-armenia-azerbaijan-2020-10-18", dt.date(2020, 10, 18), {}),  # another day
    ("ceasefire-armenia-azerbaijan-2020-10", None, {"mediator": {"france"}}),  # another mediator
]


@pytest.mark.parametrize("key, date, roles", INDEX_APART)
def test_index_keeps_other_days_and_mediators_apart(key, date, roles) -> None:
    index = EventIndex()
    stored = _agreement("ceasefire-armenia-azerbaijan-2020-10-10", dt.date(2020, 10, 10),
                        party={"armenia", "azerbaijan"}, mediator={"russia"})  # fmt: skip
    index.update(_with([stored]))
    article = _with([_agreement(key, date, party={"armenia", "azerbaijan"}, **roles)])
    index.resolve(article)
    assert article.events[0].key == key


# ------------------------------------------------------------------------- the seeds, stored


def test_seed_ceasefire_is_one_node_with_its_parties_and_date(seed_kg) -> None:
    rows = seed_kg.query(
        """SELECT DISTINCT ?ev ?date WHERE {
             ?ev a nkg:Agreement ; nkg:party ?p . ?p rdfs:label "Armenia" .
             OPTIONAL { ?ev schema:startDate ?date } }"""
    )
    found = {str(row.ev).rsplit("/", 1)[-1]: row.date for row in rows}
    november = [k for k, d in found.items() if d is not None and str(d) == "2020-11-10"]
    assert len(november) == 1, found
    node = URIRef("https://w3id.org/newskg/event/" + november[0])
    attached = seed_kg.query(
        """SELECT DISTINCT ?ev ?label WHERE {
             ?ev ?role ?x . ?x rdfs:label ?label .
             VALUES ?role { nkg:party nkg:signatory nkg:mediator } }""",
        {"ev": node},
    )
    assert {"Armenia", "Azerbaijan", "Russia"} <= {str(row.label) for row in attached}
    graphs = seed_kg.query(
        "SELECT DISTINCT ?ev ?g WHERE { GRAPH ?g { ?g schema:mentions ?ev } }", {"ev": node}
    )
    assert len(list(graphs)) == 2  # both seed articles report it, on one node
    october = [k for k in found if k.endswith("-2020-10")]
    assert len(october) == 1 and october[0] != november[0]


def test_find_events_on_an_empty_article(nlp) -> None:
    article = Article(text="Nothing happened.", title="Nothing happened.", origin="x")
    extraction = ArticleExtraction(article)
    assert find_events(nlp(article.text), extraction) == []
    assert extraction.relations == []
