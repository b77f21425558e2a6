"""The store -> networkx projection, on a hand-made store and on the seed store.

:func:`sample_store` writes three articles' extractions through the real RDF model into a real
on-disk store; the view and browser tests use it too. The third article carries script and
markup in its headline, an entity name and a sentence, to check that they stay text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pytest

from graph.model import extraction_quads
from graph.projection import NODE_TYPES, Source, entity_graph, undirected
from graph.store import KnowledgeGraph
from ingest.readers import Article
from ingest.records import ArticleExtraction, Entity, Event, Relation

E = "https://w3id.org/newskg/id/"
EV = "https://w3id.org/newskg/event/"
PAYLOAD = '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned2 = 1">'
DEAL = (
    "The trilateral statement was signed by Ilham Aliyev, Nikol Pashinyan and Vladimir Putin "
    "under a deal brokered by Russia."
)
DEPLOY = "Russia will deploy 1,960 troops to Nagorno-Karabakh."
PROVISIONS = (
    "Russia will deploy 1,960 troops along the line of contact.",
    "Armenia hands back the Kalbajar district by November 15.",
)


def _entity(key: str, label: str, kind: str, **aliases: str) -> Entity:
    entity = Entity(key, label, kind, mentions=[(0, len(label))])
    for surface, evidence in aliases.items():
        entity.add_alias(surface.replace("_", " "), evidence)
    return entity


def _relation(s: str, p: str, o: str, sentence: str, confidence: float) -> Relation:
    return Relation(s, p, o, sentence, 0, len(sentence), confidence, p)


def sample_extractions() -> list[ArticleExtraction]:
    """Three articles: a dated ceasefire report, a dated protest report, an undated payload."""
    deal = Article(
        text=f"Moscow brokers Karabakh ceasefire\n\n{DEAL} {DEPLOY}",
        title="Moscow brokers Karabakh ceasefire",
        origin="deal.txt",
        date=dt.date(2020, 11, 10),
    )
    people = {
        "vladimir-putin": _entity("vladimir-putin", "Vladimir Putin", "Person", Putin="short"),
        "nikol-pashinyan": _entity(
            "nikol-pashinyan", "Nikol Pashinyan", "Person", Pashiyan="typo", Pashinyan="short"
        ),
        "ilham-aliyev": _entity("ilham-aliyev", "Ilham Aliyev", "Person"),
    }
    places = {
        "russia": _entity("russia", "Russia", "Country", Moscow="metonym"),
        "armenia": _entity("armenia", "Armenia", "Country"),
        "azerbaijan": _entity("azerbaijan", "Azerbaijan", "Country"),
        "nagorno-karabakh": _entity(
            "nagorno-karabakh", "Nagorno-Karabakh", "AdministrativeArea", Karabakh="short"
        ),
    }
    ceasefire = Event(
        key="karabakh-ceasefire-2020-11-10",
        kind="ceasefire",
        is_agreement=True,
        label="Nagorno-Karabakh ceasefire",
        trigger="statement",
        sentence=DEAL,
        start=0,
        end=len(DEAL),
        confidence=0.9,
        date=dt.date(2020, 11, 10),
        date_text="on Tuesday",
        quantities=["1,960 troops"],
        provisions=list(PROVISIONS),
    )
    for key in ("vladimir-putin", "nikol-pashinyan", "ilham-aliyev"):
        ceasefire.add_role("signatory", key)
    for key in ("armenia", "azerbaijan"):
        ceasefire.add_role("party", key)
    ceasefire.add_role("mediator", "russia")
    ceasefire.add_role("signatory", "azerbaijan")  # a second role: one edge naming both
    ceasefire.add_role("location", "nagorno-karabakh")
    first = ArticleExtraction(
        deal,
        {**people, **places},
        [
            _relation("russia", "deploy", "nagorno-karabakh", DEPLOY, 0.9),
            _relation("vladimir-putin", "leads", "russia", DEAL, 0.8),
            _relation("nikol-pashinyan", "leads", "armenia", DEAL, 0.7),
            _relation("ilham-aliyev", "said", "karabakh-ceasefire-2020-11-10", DEAL, 0.65),
        ],
        [ceasefire],
    )

    protest = "Protesters stormed the Armenian parliament in Yerevan, the capital of Armenia."
    second = ArticleExtraction(
        Article(
            text=f"Protesters storm parliament\n\n{protest} Ararat Mirzoyan was beaten.",
            title="Protesters storm parliament",
            origin="protest.txt",
            date=dt.date(2020, 11, 11),
        ),
        {
            "armenia": _entity("armenia", "Armenia", "Country"),
            "yerevan": _entity("yerevan", "Yerevan", "City"),
            "armenian-parliament": _entity(
                "armenian-parliament", "Armenian Parliament", "GovernmentOrganization"
            ),
            "ararat-mirzoyan": _entity("ararat-mirzoyan", "Ararat Mirzoyan", "Person"),
            "nikol-pashinyan": _entity("nikol-pashinyan", "Nikol Pashinyan", "Person"),
        },
        [
            _relation("yerevan", "locatedIn", "armenia", protest, 0.95),
            _relation("armenian-parliament", "locatedIn", "yerevan", protest, 0.9),
            _relation("ararat-mirzoyan", "memberOf", "armenian-parliament", protest, 0.3),
            _relation("nikol-pashinyan", "leads", "armenia", protest, 0.6),
        ],
    )

    sentence = f"Turkey backed Azerbaijan {PAYLOAD} in the war."
    third = ArticleExtraction(
        Article(text=f"{PAYLOAD}\n\n{sentence}", title=f"Backing {PAYLOAD}", origin="x.txt"),
        {
            "turkey": _entity("turkey", "Turkey", "Country"),
            "azerbaijan": _entity("azerbaijan", "Azerbaijan", "Country"),
            "payload": _entity("payload", f"Mr {PAYLOAD}", "Person"),
        },
        [
            _relation("turkey", "support", "azerbaijan", sentence, 0.6),
            _relation("payload", "said", "turkey", sentence, 0.5),
        ],
    )
    return [first, second, third]


def sample_store(folder: Path) -> Path:
    """Write :func:`sample_extractions` into a new on-disk store at ``folder``."""
    with KnowledgeGraph(folder) as kg:
        for extraction in sample_extractions():
            kg.add_quads(extraction_quads(extraction))
    return folder


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = sample_store(tmp_path_factory.mktemp("projection") / "store")
    with KnowledgeGraph(path, read_only=True) as kg:
        yield kg


@pytest.fixture(scope="module")
def graph(sample) -> nx.DiGraph:
    return entity_graph(sample)


def test_entities_are_nodes_with_label_type_aliases_and_article_count(graph):
    putin = graph.nodes[E + "vladimir-putin"]
    assert putin["label"] == "Vladimir Putin"
    assert putin["type"] == "Person" and putin["kind"] == "entity"
    assert putin["aliases"] == ("Putin",)
    assert graph.nodes[E + "nikol-pashinyan"]["aliases"] == ("Pashinyan", "Pashiyan")
    assert graph.nodes[E + "armenia"]["articles"] == 2
    assert graph.nodes[E + "yerevan"]["type"] == "City"


def test_edge_carries_relations_weight_and_sources(graph):
    edge = graph[E + "russia"][E + "nagorno-karabakh"]
    assert edge["relations"] == ("deploys",)
    assert edge["weight"] == 1
    (source,) = edge["sources"]
    assert isinstance(source, Source)
    assert source.sentence == DEPLOY
    assert source.title == "Moscow brokers Karabakh ceasefire"
    assert source.article.startswith("https://w3id.org/newskg/article/")
    assert source.confidence == pytest.approx(0.9)


def test_same_link_in_two_articles_adds_up_most_confident_first(graph):
    edge = graph[E + "nikol-pashinyan"][E + "armenia"]
    assert edge["weight"] == 2
    assert [s.confidence for s in edge["sources"]] == pytest.approx([0.7, 0.6])
    assert {s.title for s in edge["sources"]} == {
        "Moscow brokers Karabakh ceasefire",
        "Protesters storm parliament",
    }


def test_agreement_is_a_node_linked_to_its_roles(graph):
    deal = EV + "karabakh-ceasefire-2020-11-10"
    data = graph.nodes[deal]
    assert (data["type"], data["kind"], data["date"]) == ("Agreement", "event", "2020-11-10")
    assert data["provisions"] == tuple(sorted(PROVISIONS))
    assert data["quantities"] == ("1,960 troops",)
    roles = {(u, v): graph[u][v]["relations"] for u, v in graph.in_edges(deal)}
    roles |= {(u, v): graph[u][v]["relations"] for u, v in graph.out_edges(deal)}
    assert roles == {
        (E + "vladimir-putin", deal): ("signatory",),
        (E + "nikol-pashinyan", deal): ("signatory",),
        (E + "ilham-aliyev", deal): ("said", "signatory"),
        (E + "armenia", deal): ("party",),
        (E + "azerbaijan", deal): ("party", "signatory"),
        (E + "russia", deal): ("mediator",),
        (deal, E + "nagorno-karabakh"): ("location",),
    }
    assert graph[E + "vladimir-putin"][deal]["sources"][0].sentence == DEAL
    both = graph[E + "azerbaijan"][deal]
    assert both["weight"] == 1 and both["sources"][0].relation == "party, signatory"


def test_a_statement_may_point_at_an_agreement(graph):
    edge = graph[E + "ilham-aliyev"][EV + "karabakh-ceasefire-2020-11-10"]
    assert edge["weight"] == 2  # the role, read from the event, and the statement
    assert sorted(s.relation for s in edge["sources"]) == ["said", "signatory"]


def test_article_metadata_is_kept_on_the_graph(graph):
    titles = sorted(meta["title"] for meta in graph.graph["articles"].values())
    assert titles[:2] == ["Backing " + PAYLOAD, "Moscow brokers Karabakh ceasefire"]
    dates = sorted(str(meta["date"]) for meta in graph.graph["articles"].values())
    assert dates == ["2020-11-10", "2020-11-11", "None"]


def test_text_is_kept_verbatim(graph):
    assert graph.nodes[E + "payload"]["label"] == f"Mr {PAYLOAD}"
    (source,) = graph[E + "turkey"][E + "azerbaijan"]["sources"]
    assert PAYLOAD in source.sentence and PAYLOAD in source.title


@pytest.mark.parametrize(
    "minimum, kept, dropped",
    [
        (0.0, [("ararat-mirzoyan", "armenian-parliament")], []),
        (0.5, [("turkey", "azerbaijan")], [("ararat-mirzoyan", "armenian-parliament")]),
        (0.65, [("nikol-pashinyan", "armenia")], [("turkey", "azerbaijan")]),
        (0.95, [("yerevan", "armenia")], [("russia", "nagorno-karabakh")]),
    ],
)
def test_min_confidence(sample, minimum, kept, dropped):
    graph = entity_graph(sample, min_confidence=minimum)
    for u, v in kept:
        assert graph.has_edge(E + u, E + v)
    for u, v in dropped:
        assert not graph.has_edge(E + u, E + v)
    assert all(s.confidence >= minimum for *_, d in graph.edges(data=True) for s in d["sources"])
    assert all(d["weight"] == len(d["sources"]) for *_, d in graph.edges(data=True))


def test_min_confidence_drops_only_weaker_sources(sample):
    edge = entity_graph(sample, min_confidence=0.65)[E + "nikol-pashinyan"][E + "armenia"]
    assert edge["weight"] == 1


@pytest.mark.parametrize(
    "types, expected",
    [
        (["Person"], {"Person"}),
        (["country", "AGREEMENT"], {"Country", "Agreement"}),
        (["City", "GovernmentOrganization"], {"City", "GovernmentOrganization"}),
    ],
)
def test_type_filter(sample, types, expected):
    graph = entity_graph(sample, types=types)
    assert {d["type"] for _, d in graph.nodes(data=True)} == expected


def test_type_filter_keeps_links_between_kept_types(sample):
    graph = entity_graph(sample, types=["Country", "Agreement", "Event"])
    assert graph.has_edge(E + "russia", EV + "karabakh-ceasefire-2020-11-10")
    assert not any(d["type"] == "Person" for _, d in graph.nodes(data=True))


def test_unknown_type_is_an_error_naming_the_choices(sample):
    with pytest.raises(ValueError, match="unknown type 'Planet'.*Person"):
        entity_graph(sample, types=["Planet"])


@pytest.mark.parametrize(
    "start, end, present, absent",
    [
        (
            dt.date(2020, 11, 11),
            None,
            ["yerevan", "armenia"],
            ["russia", "turkey", "vladimir-putin"],
        ),
        (None, dt.date(2020, 11, 10), ["russia", "vladimir-putin"], ["yerevan", "turkey"]),
        (dt.date(2020, 11, 1), dt.date(2020, 11, 30), ["russia", "yerevan"], ["turkey"]),
        (dt.date(2021, 1, 1), None, [], ["russia", "yerevan", "turkey"]),
    ],
)
def test_date_range_keeps_dated_articles_in_range(sample, start, end, present, absent):
    graph = entity_graph(sample, date_from=start, date_to=end)
    for key in present:
        assert E + key in graph
    for key in absent:
        assert E + key not in graph


def test_date_range_uses_the_event_date(sample):
    deal = EV + "karabakh-ceasefire-2020-11-10"
    assert deal in entity_graph(
        sample, date_from=dt.date(2020, 11, 10), date_to=dt.date(2020, 11, 10)
    )
    assert deal not in entity_graph(sample, date_from=dt.date(2020, 11, 11))


def test_date_range_backwards_is_an_error(sample):
    with pytest.raises(ValueError, match="before it starts"):
        entity_graph(sample, date_from=dt.date(2020, 12, 1), date_to=dt.date(2020, 11, 1))


def test_events_can_be_left_out(sample):
    graph = entity_graph(sample, events=False)
    assert not [n for n, d in graph.nodes(data=True) if d["kind"] == "event"]
    assert graph.has_edge(E + "russia", E + "nagorno-karabakh")


def test_undirected_merges_both_directions():
    g = nx.DiGraph()
    one = Source("a to b", "t", "art", 0.9, "x")
    two = Source("b to a", "t", "art", 0.4, "y")
    g.add_edge("a", "b", weight=2, relations=("x",), sources=[one])
    g.add_edge("b", "a", weight=1, relations=("y",), sources=[two])
    u = undirected(g)
    assert u.number_of_edges() == 1
    assert u["a"]["b"]["weight"] == 3
    assert u["a"]["b"]["sources"] == [one, two]
    assert u["a"]["b"]["distance"] == pytest.approx(1 / 3)


def test_node_types_cover_entity_and_event_types():
    assert {"Person", "Country", "Agreement", "Event"} <= set(NODE_TYPES)


def test_seed_store_projection_matches_the_statements(seed_kg):
    graph = entity_graph(seed_kg, events=False)
    rows = seed_kg.ox_query(
        """SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE {
             ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
             FILTER(?p != rdf:type && ?s != ?o)
             FILTER(STRSTARTS(STR(?s), "https://w3id.org/newskg/id/"))
             FILTER(STRSTARTS(STR(?o), "https://w3id.org/newskg/id/")) }"""
    )
    statements = int(next(iter(rows))["n"].value)
    assert statements > 0
    assert sum(d["weight"] for *_, d in graph.edges(data=True)) == statements
    articles = graph.graph["articles"]
    assert len(articles) == 2
    for *_, data in graph.edges(data=True):
        for source in data["sources"]:
            assert source.sentence and source.article in articles
    labels = {d["label"] for _, d in graph.nodes(data=True)}
    assert {"Armenia", "Azerbaijan", "Russia"} <= labels
