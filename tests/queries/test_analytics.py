"""Network analytics: known values on small classic graphs, then the seed store and the CLI."""

from __future__ import annotations

import networkx as nx
import pytest
from click.testing import CliRunner

from graph.projection import Source, entity_graph
from newskg.cli import cli
from queries.analytics import (
    CENTRALITY_MEASURES,
    NoPathError,
    UnknownEntityError,
    centrality,
    communities,
    ego_network,
    explain_path,
    find_node,
    ranking,
)


def _weighted(graph: nx.Graph, weight: int = 1) -> nx.Graph:
    nx.set_edge_attributes(graph, weight, "weight")
    nx.set_node_attributes(graph, {n: f"n{n}" for n in graph}, "label")
    return graph


def _edge(graph: nx.DiGraph, u: str, v: str, relation: str, *confidences: float) -> None:
    sources = [
        Source(f"{u} {relation} {v} ({c})", "title", "art", c, relation) for c in confidences
    ]
    graph.add_edge(u, v, weight=len(sources), relations=(relation,), sources=sources)


# ------------------------------------------------------------------ centrality
@pytest.mark.parametrize(
    "graph, by, expected",
    [
        (nx.star_graph(4), "degree", {0: 4.0, 1: 1.0}),
        (nx.path_graph(5), "betweenness", {0: 0.0, 1: 0.5, 2: 2 / 3}),
        (nx.cycle_graph(6), "pagerank", {0: 1 / 6, 3: 1 / 6}),
        (nx.complete_graph(4), "betweenness", {0: 0.0}),
        (nx.star_graph(3), "betweenness", {0: 1.0, 2: 0.0}),
    ],
)
def test_centrality_known_values(graph, by, expected):
    scores = centrality(_weighted(graph), by=by)
    assert set(scores) == set(graph)
    for node, value in expected.items():
        assert scores[node] == pytest.approx(value, abs=1e-4)


@pytest.mark.parametrize("by", CENTRALITY_MEASURES)
def test_weight_makes_a_node_more_central(by):
    g = _weighted(nx.path_graph(5))
    g[3][4]["weight"] = 10
    scores = centrality(g, by=by)
    if by == "betweenness":  # a heavy link is a short one: the path through 3 is preferred
        assert scores[3] >= scores[1]
    else:
        assert scores[3] > scores[1]


def test_centrality_ignores_direction_and_merges_weights():
    g = nx.DiGraph()
    g.add_edge("a", "b", weight=2)
    g.add_edge("b", "a", weight=3)
    g.add_edge("b", "c", weight=1)
    assert centrality(g, by="degree") == {"a": 5.0, "b": 6.0, "c": 1.0}


def test_centrality_unknown_measure():
    with pytest.raises(ValueError, match="pagerank, degree, betweenness"):
        centrality(nx.path_graph(2), by="closeness")


def test_centrality_of_an_empty_graph():
    assert centrality(nx.Graph()) == {}


def test_betweenness_estimate_from_samples_is_close_to_exact():
    g = _weighted(nx.connected_watts_strogatz_graph(200, 4, 0.1, seed=1))
    exact = centrality(g, by="betweenness")
    estimate = centrality(g, by="betweenness", k=60)
    assert estimate == centrality(g, by="betweenness", k=60)  # seeded
    assert estimate != exact
    top = [{n for n, _ in ranking(g, scores, top=15)} for scores in (exact, estimate)]
    assert len(top[0] & top[1]) >= 9
    assert exact == pytest.approx(nx.betweenness_centrality(g))


def test_betweenness_leaves_isolated_nodes_at_zero_and_keeps_the_scale():
    g = _weighted(nx.star_graph(3))
    g.add_nodes_from(["a", "b"], label="x")
    assert centrality(g, by="betweenness") == pytest.approx(nx.betweenness_centrality(g))


def test_ranking_orders_by_score_then_label():
    g = nx.Graph()
    g.add_nodes_from([("x", {"label": "Zed"}), ("y", {"label": "Amy"}), ("z", {"label": "Bo"})])
    assert ranking(g, {"x": 1.0, "y": 1.0, "z": 2.0}) == [("z", 2.0), ("y", 1.0), ("x", 1.0)]
    assert ranking(g, {"x": 1.0, "y": 1.0, "z": 2.0}, top=2) == [("z", 2.0), ("y", 1.0)]


# ------------------------------------------------------------------ communities
def test_communities_on_the_karate_club_are_deterministic_and_modular():
    g = _weighted(nx.karate_club_graph())
    first = communities(g, seed=3)
    assert first == communities(g, seed=3)
    assert sorted(n for group in first for n in group) == sorted(g)
    assert [len(c) for c in first] == sorted((len(c) for c in first), reverse=True)
    assert nx.community.modularity(g, first) > 0.35


def test_communities_split_two_cliques_joined_by_one_link():
    g = _weighted(nx.barbell_graph(5, 0))
    assert communities(g) == [set(range(5)), set(range(5, 10))]


def test_communities_follow_weights():
    g = _weighted(nx.cycle_graph(6))
    for u, v in [(0, 1), (2, 3), (4, 5)]:
        g[u][v]["weight"] = 20
    assert sorted(map(sorted, communities(g))) == [[0, 1], [2, 3], [4, 5]]


def test_isolated_nodes_are_groups_of_one():
    g = _weighted(nx.path_graph(3))
    g.add_node("alone", label="Alone")
    assert {"alone"} in communities(g)


# ------------------------------------------------------------------ find_node
@pytest.fixture()
def people() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_node("e/putin", label="Vladimir Putin", aliases=("Putin", "V. Putin"), type="Person")
    g.add_node("e/putin-2", label="Putin", aliases=(), type="Person")
    g.add_node("e/russia", label="Russia", aliases=("Moscow",), type="Country")
    g.add_node("e/moscow", label="Moscow", aliases=(), type="City")
    g.add_node("e/deal", label="Moscow ceasefire", aliases=(), type="Agreement")
    _edge(g, "e/putin", "e/russia", "leads", 0.8)
    return g


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Vladimir Putin", "e/putin"),
        ("vladimir putin", "e/putin"),
        ("  VLADIMIR PUTIN ", "e/putin"),
        ("V. Putin", "e/putin"),
        ("putin", "e/putin-2"),  # a label match beats an alias match
        ("moscow", "e/moscow"),
        ("e/russia", "e/russia"),  # a node ID
    ],
)
def test_find_node_by_label_alias_or_id(people, name, expected):
    assert find_node(people, name) == expected


def test_a_name_inside_one_label_is_enough(people):
    assert find_node(people, "ceasefire") == "e/deal"
    with pytest.raises(UnknownEntityError):  # inside two labels: ambiguous
        find_node(people, "uti")


def test_find_node_within_types(people):
    assert find_node(people, "moscow", types={"Country"}) == "e/russia"
    with pytest.raises(UnknownEntityError):
        find_node(people, "Russia", types={"Agreement"})


def test_unknown_name_suggests_near_names(people):
    with pytest.raises(UnknownEntityError) as info:
        find_node(people, "Vladimir Poutine")
    assert info.value.suggestions[0] == "Vladimir Putin"
    assert "did you mean 'Vladimir Putin'" in str(info.value)
    assert "\n" not in str(info.value)


def test_unknown_name_without_anything_near(people):
    with pytest.raises(UnknownEntityError) as info:
        find_node(people, "Qqqqqqqq")
    assert info.value.suggestions == []
    assert str(info.value) == "no entity named 'Qqqqqqqq' in the graph"


def test_several_matches_prefer_the_best_connected():
    g = nx.Graph()
    g.add_node("a", label="Labour", aliases=())
    g.add_node("b", label="Labour", aliases=())
    g.add_node("c", label="Blair", aliases=())
    g.add_edge("b", "c", weight=3)
    assert find_node(g, "labour") == "b"


# ------------------------------------------------------------------ paths
@pytest.fixture()
def chain() -> nx.DiGraph:
    """Putin and Pashinyan linked through Russia/Armenia (weak) and through a deal (strong)."""
    g = nx.DiGraph()
    for node, label in [
        ("putin", "Vladimir Putin"),
        ("russia", "Russia"),
        ("armenia", "Armenia"),
        ("pashinyan", "Nikol Pashinyan"),
        ("deal", "Ceasefire"),
        ("turkey", "Turkey"),
        ("alone", "Nobody"),
    ]:
        g.add_node(node, label=label, aliases=())
    g.nodes["pashinyan"]["aliases"] = ("Pashiyan",)
    _edge(g, "putin", "russia", "leads", 0.8)
    _edge(g, "russia", "armenia", "deploy", 0.7)
    _edge(g, "pashinyan", "armenia", "leads", 0.9)
    _edge(g, "putin", "deal", "signatory", 0.9, 0.8)
    _edge(g, "pashinyan", "deal", "signatory", 0.6, 0.95)
    _edge(g, "deal", "pashinyan", "mention", 0.5)
    _edge(g, "turkey", "russia", "warn", 0.4)
    return g


def test_shortest_path_prefers_better_supported_links(chain):
    hops = explain_path(chain, "Vladimir Putin", "pashiyan")
    assert [(h.source, h.target) for h in hops] == [("putin", "deal"), ("deal", "pashinyan")]
    assert [str(h) for h in hops] == [
        "Vladimir Putin —signatory→ Ceasefire",
        "Ceasefire ←signatory— Nikol Pashinyan",
    ]


def test_each_hop_gives_its_most_confident_sentence(chain):
    first, second = explain_path(chain, "putin", "nikol pashinyan")
    assert first.evidence.sentence == "putin signatory deal (0.9)"
    assert (first.forward, first.weight) == (True, 2)
    assert second.evidence.sentence == "pashinyan signatory deal (0.95)"
    assert (second.forward, second.weight) == (False, 3)


def test_a_sentence_naming_both_ends_is_preferred(chain):
    named = Source("Vladimir Putin leads Russia.", "t", "art", 0.3, "leads")
    chain["putin"]["russia"]["sources"].append(named)
    (hop,) = explain_path(chain, "Vladimir Putin", "Russia")
    assert hop.evidence == named


def test_fewest_hops_win_over_weight(chain):
    _edge(chain, "turkey", "pashinyan", "call", 0.3)
    hops = explain_path(chain, "Turkey", "Nikol Pashinyan")
    assert len(hops) == 1 and hops[0].relation == "call"


def test_path_to_itself_is_empty(chain):
    assert explain_path(chain, "Russia", "russia") == []


def test_no_path_is_a_one_line_error(chain):
    with pytest.raises(NoPathError, match="^no path between 'Vladimir Putin' and 'Nobody'"):
        explain_path(chain, "Vladimir Putin", "Nobody")


def test_path_with_unknown_name(chain):
    with pytest.raises(UnknownEntityError, match="did you mean 'Nikol Pashinyan'"):
        explain_path(chain, "Vladimir Putin", "Nikol Pashinian")


# ------------------------------------------------------------------ ego networks
@pytest.mark.parametrize(
    "depth, expected",
    [
        (0, {"russia"}),
        (1, {"russia", "putin", "armenia", "turkey"}),
        (2, {"russia", "putin", "armenia", "turkey", "deal", "pashinyan"}),
    ],
)
def test_ego_network_depths_ignore_direction(chain, depth, expected):
    ego = ego_network(chain, "Russia", depth=depth)
    assert set(ego) == expected
    assert isinstance(ego, nx.DiGraph)
    if depth:
        assert ego["putin"]["russia"]["relations"] == ("leads",)


def test_ego_network_negative_depth(chain):
    with pytest.raises(ValueError, match="depth"):
        ego_network(chain, "Russia", depth=-1)


# ------------------------------------------------------------------ on the seed store
def test_seed_graph_analytics_run_end_to_end(seed_kg):
    graph = entity_graph(seed_kg)
    top = ranking(graph, centrality(graph), top=3)
    assert len(top) == 3 and top[0][1] >= top[-1][1]
    groups = communities(graph)
    assert sorted(n for g in groups for n in g) == sorted(graph)
    russia = find_node(graph, "russia")
    assert russia in ego_network(graph, "Russia")
    assert graph.nodes[russia]["label"] == "Russia"


def test_seed_path_from_putin_to_pashinyan_has_a_sentence_per_hop(seed_kg):
    hops = explain_path(entity_graph(seed_kg), "Putin", "Nikol Pashinyan")
    assert hops and all(h.evidence.sentence for h in hops)
    assert [h.source for h in hops[1:]] == [h.target for h in hops[:-1]]


# ------------------------------------------------------------------ command line
@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def _run(runner, *args):
    return runner.invoke(cli, ["analyze", *args])


def test_cli_path_putin_to_pashinyan_on_the_seed_store(runner, seed_store, seed_kg):
    result = _run(runner, "path", "Vladimir Putin", "Nikol Pashinyan", "--store", str(seed_store))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    hops = [line for line in lines if line[:1].isdigit()]
    quotes = [line for line in lines if line.startswith("   “")]
    assert hops and len(quotes) == len(hops)
    graph = entity_graph(seed_kg)
    putin, pashinyan = (
        graph.nodes[find_node(graph, name)]["label"]
        for name in ("Vladimir Putin", "Nikol Pashinyan")
    )
    assert hops[0].startswith(f"1. {putin} ")
    assert pashinyan in hops[-1]


def test_cli_path_prints_a_sentence_per_hop(runner, seed_store):
    result = _run(runner, "path", "putin", "nikol pashinyan", "--store", str(seed_store))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    hops = [line for line in lines if line[:1].isdigit()]
    quotes = [line for line in lines if line.strip().startswith("“")]
    assert hops and len(quotes) == len(hops)
    assert "Putin" in hops[0] and "Nikol Pashinyan" in hops[-1]


@pytest.mark.parametrize("by", CENTRALITY_MEASURES)
def test_cli_central(runner, seed_store, by):
    result = _run(runner, "central", "--by", by, "--top", "4", "--store", str(seed_store))
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.split("\t") == ["rank", by, "links", "entity"]
    assert [row.split("\t")[0] for row in rows] == ["1", "2", "3", "4"]
    scores = [float(row.split("\t")[1]) for row in rows]
    assert scores == sorted(scores, reverse=True)


def test_cli_communities_and_ego(runner, seed_store):
    result = _run(runner, "communities", "--store", str(seed_store))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1\t")
    result = _run(runner, "ego", "RUSSIA", "--depth", "2", "--store", str(seed_store))
    assert result.exit_code == 0, result.output
    first, *rows = result.output.splitlines()
    assert first.startswith("Russia (")
    assert rows and all(row.split("\t")[0] in {"1", "2"} for row in rows)


@pytest.mark.parametrize(
    "args, message",
    [
        (["path", "Vladmir Putn", "Russia"], "no entity named 'Vladmir Putn'"),
        (["ego", "Rusia"], "did you mean 'Russia'"),
        (["path", "Russia", "Sky Newz"], "did you mean 'Sky News'"),
    ],
)
def test_cli_errors_are_one_line(runner, seed_store, args, message):
    result = _run(runner, *args, "--store", str(seed_store))
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
