"""HTML views: what part of the graph they show, and that the page is offline and inert.

The pages are checked as text here; ``tests/browser`` opens them in headless Chromium.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from importlib.resources import files

import networkx as nx
import pytest
from click.testing import CliRunner

from graph.projection import entity_graph
from graph.store import KnowledgeGraph
from graph.viz import (
    LARGE,
    PHYSICS_UP_TO,
    TYPE_COLOURS,
    ViewOptions,
    agreement_view,
    layout,
    render_html,
    select_view,
    to_network,
    write_view,
)
from newskg.cli import cli
from queries.analytics import UnknownEntityError, centrality
from tests.graph.test_projection import PAYLOAD, PROVISIONS, sample_store

E = "https://w3id.org/newskg/id/"
DEAL = "https://w3id.org/newskg/event/karabakh-ceasefire-2020-11-10"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return sample_store(tmp_path_factory.mktemp("viz") / "store")


@pytest.fixture()
def kg(store):
    with KnowledgeGraph(store, read_only=True) as graph:
        yield graph


@pytest.fixture(scope="module")
def page(store, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("page") / "graph.html"
    with KnowledgeGraph(store, read_only=True) as kg:
        write_view(kg, out)
    return out.read_text(encoding="utf-8")


def _data(html: str) -> dict:
    block = re.search(
        r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.DOTALL
    )
    return json.loads(block.group(1))


# ------------------------------------------------------------------ the page as text
def test_page_loads_nothing_from_elsewhere(page):
    tags = re.findall(r"<[a-zA-Z][^>]*>", page.split("<body>")[0] + page.split("</head>")[1])
    for tag in tags:
        assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", tag), tag
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert re.findall(r"<link[^>]*>", page) == ['<link rel="icon" href="data:,">']
    assert "vis.Network" in page or "Network" in page  # vis-network is inlined


def test_csp_allows_only_the_page_own_scripts_and_styles(page):
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    rules = dict(rule.strip().split(" ", 1) for rule in csp.split(";") if rule.strip())
    assert rules["default-src"] == "'none'"
    assert rules["base-uri"] == "'none'" and rules["form-action"] == "'none'"
    assert "unsafe" not in csp and "http" not in csp

    def digests(tag: str) -> set[str]:
        bodies = re.findall(rf"<{tag}>(.*?)</{tag}>", page, re.DOTALL)
        return {
            "'sha256-" + base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() + "'"
            for b in bodies
        }

    assert set(rules["script-src"].split()) == digests("script")
    assert len(digests("script")) == 2  # vis-network and the page's own code
    assert set(rules["style-src"].split()) == digests("style")


def test_article_text_never_becomes_markup(page):
    assert PAYLOAD not in page
    assert "<img" not in page
    vis = (files("pyvis") / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text("utf-8")
    ours = page.replace(vis, "")  # the library writes "<script>" into a string of its own
    assert ours.count("<script") == ours.count("</script>") == 3
    assert "window.__pwned" in page  # present, but only as escaped JSON text
    data = _data(page)
    labels = [n["label"] for n in data["nodes"]]
    assert f"Mr {PAYLOAD}" in labels
    sources = [s for e in data["edges"] for s in e["sources"]]
    assert any(PAYLOAD in s["sentence"] and PAYLOAD in s["article"] for s in sources)


def test_page_script_puts_text_on_screen_as_text_only(page):
    own = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)[-1]
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in own
    assert "textContent" in own


def test_page_data_mirrors_the_graph(page, kg):
    data = _data(page)
    graph = entity_graph(kg)
    assert {n["id"] for n in data["nodes"]} == set(graph)
    assert len(data["edges"]) == graph.number_of_edges()
    scores = centrality(graph)
    for node in data["nodes"]:
        assert node["value"] == pytest.approx(scores[node["id"]], abs=1e-6)
        assert node["color"] == TYPE_COLOURS[node["kind"]]
    edge = next(e for e in data["edges"] if (e["from"], e["to"]) == (E + "russia", DEAL))
    assert edge["label"] == "mediator" and edge["value"] == 1
    assert data["title"] == "newskg · whole graph"
    assert data["large"] is False and data["fixed"] is False


# ------------------------------------------------------------------ what a view shows
def test_focus_shows_the_ego_network(kg):
    view = select_view(kg, ViewOptions(focus="yerevan", depth=1))
    assert set(view) == {E + "yerevan", E + "armenia", E + "armenian-parliament"}
    assert view.graph["centre"] == E + "yerevan"
    deeper = select_view(kg, ViewOptions(focus="Yerevan", depth=2))
    assert {E + "nikol-pashinyan", E + "ararat-mirzoyan", DEAL} <= set(deeper)


def test_agreement_view_has_parties_signatories_mediator_place_and_provisions(kg):
    view = select_view(kg, ViewOptions(agreement="nagorno-karabakh ceasefire"))
    keys = {n.rsplit("/", 1)[-1] for n, d in view.nodes(data=True) if d["kind"] == "entity"}
    assert keys == {
        "vladimir-putin",
        "nikol-pashinyan",
        "ilham-aliyev",
        "armenia",
        "azerbaijan",
        "russia",
        "nagorno-karabakh",
    }
    provisions = [d for _, d in view.nodes(data=True) if d["type"] == "Provision"]
    assert sorted(d["text"] for d in provisions) == sorted(PROVISIONS)
    assert view.graph["centre"] == DEAL
    # links among the parties are kept: Putin leads Russia
    assert view.has_edge(E + "vladimir-putin", E + "russia")


def test_agreement_view_on_a_small_graph():
    g = nx.DiGraph()
    g.add_node("ev", label="Truce", type="Agreement", provisions=("A.", "B."))
    g.add_node("x", label="X", type="Country")
    g.add_node("far", label="Far", type="Country")
    g.add_edge("x", "ev", weight=1, relations=("party",), sources=[])
    g.add_edge("far", "x", weight=1, relations=("near",), sources=[])
    view = agreement_view(g, "TRUCE")
    assert set(view) == {"ev", "x", "ev#provision-1", "ev#provision-2"}


def test_agreement_name_must_be_an_agreement_or_event(kg):
    with pytest.raises(UnknownEntityError):
        select_view(kg, ViewOptions(agreement="Russia"))


@pytest.mark.parametrize(
    "options, present, absent",
    [
        (ViewOptions(types=("Person",)), ["vladimir-putin"], ["russia"]),
        (ViewOptions(date_from=dt.date(2020, 11, 11)), ["yerevan"], ["russia", "turkey"]),
        (ViewOptions(date_to=dt.date(2020, 11, 10)), ["russia"], ["yerevan"]),
        (ViewOptions(min_confidence=0.4), ["yerevan"], []),
        (ViewOptions(focus="Turkey", types=("Country",)), ["azerbaijan"], ["payload"]),
    ],
)
def test_filters(kg, options, present, absent):
    view = select_view(kg, options)
    for key in present:
        assert E + key in view
    for key in absent:
        assert E + key not in view


def test_min_confidence_drops_weak_links(kg):
    view = select_view(kg, ViewOptions(min_confidence=0.4))
    assert not view.has_edge(E + "ararat-mirzoyan", E + "armenian-parliament")


def test_focus_and_agreement_together_is_an_error(kg):
    with pytest.raises(ValueError, match="either"):
        select_view(kg, ViewOptions(focus="Russia", agreement="ceasefire"))


@pytest.mark.parametrize(
    "options, title",
    [
        (ViewOptions(), "newskg · whole graph"),
        (ViewOptions(focus="putin", depth=2), "newskg · putin and its neighbours (depth 2)"),
        (
            ViewOptions(types=("Person", "Country"), min_confidence=0.5),
            "newskg · whole graph · types Person, Country · confidence ≥ 0.5",
        ),
        (
            ViewOptions(agreement="x", date_from=dt.date(2020, 1, 1)),
            "newskg · x · 2020-01-01 to …",
        ),
    ],
)
def test_titles_say_what_the_view_shows(options, title):
    assert options.title() == title


# ------------------------------------------------------------------ large graphs
def _big(n: int) -> nx.DiGraph:
    g = nx.gnm_random_graph(n, int(n * 0.7), seed=2, directed=True)
    for node in g:
        g.nodes[node].update(label=f"entity {node}", type="Person", aliases=(), articles=1)
    for _u, _v, data in g.edges(data=True):
        data.update(weight=1, relations=("meets",), sources=[])
    return g


def test_large_graphs_get_positions_small_ones_physics():
    small = to_network(_big(PHYSICS_UP_TO))
    large = to_network(_big(PHYSICS_UP_TO + 1))
    assert not any("x" in n for n in small.nodes)
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in large.nodes)
    assert _data(render_html(large))["fixed"] is True
    assert _data(render_html(large))["large"] is False
    assert _data(render_html(to_network(_big(LARGE + 1))))["large"] is True
    forced = to_network(_big(20), fixed_layout=True)
    assert all("x" in n for n in forced.nodes)


def test_layout_is_deterministic_and_keeps_components_apart():
    g = nx.disjoint_union_all([nx.cycle_graph(30), nx.star_graph(12), nx.path_graph(4)])
    g.add_nodes_from(["alone", "lonely"])
    pos = layout(g)
    assert pos == layout(g)
    assert set(pos) == set(g)
    boxes = []
    for component in nx.connected_components(g):
        xs = [pos[n][0] for n in component]
        ys = [pos[n][1] for n in component]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1], (a, b)


def test_layout_of_nothing():
    assert layout(nx.Graph()) == {}


# ------------------------------------------------------------------ command line
@pytest.mark.parametrize(
    "args, expect_nodes",
    [
        ([], 13),
        (["--focus", "Yerevan"], 3),
        (["--agreement", "ceasefire", "--type", "Person", "--type", "Agreement"], 6),
        (["--from", "2020-11-11", "--to", "2020-11-11"], 5),
        (["--min-confidence", "0.9", "--type", "Country", "--type", "City"], 5),
    ],
)
def test_cli_viz(store, tmp_path, args, expect_nodes):
    out = tmp_path / "view.html"
    result = CliRunner().invoke(cli, ["viz", "--store", str(store), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {out}"
    assert len(_data(out.read_text(encoding="utf-8"))["nodes"]) == expect_nodes


@pytest.mark.parametrize(
    "args, message",
    [
        (["--focus", "Yerevn"], "did you mean 'Yerevan'"),
        (["--focus", "Russia", "--agreement", "ceasefire"], "either a focus entity"),
        (["--type", "Planet"], "unknown type 'Planet'"),
        (["--from", "2020-12-01", "--to", "2020-11-01"], "before it starts"),
    ],
)
def test_cli_viz_errors_are_one_line(store, tmp_path, args, message):
    out = tmp_path / "view.html"
    result = CliRunner().invoke(cli, ["viz", "--store", str(store), "--out", str(out), *args])
    assert result.exit_code == 1
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_cli_viz_rejects_a_bad_date(store, tmp_path):
    result = CliRunner().invoke(cli, ["viz", "--store", str(store), "--from", "10/11/2020"])
    assert result.exit_code == 2 and "10/11/2020" in result.output


def test_seed_view_has_every_entity_of_the_store(seed_kg, tmp_path):
    out = write_view(seed_kg, tmp_path / "seed.html")
    data = _data(out.read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == set(entity_graph(seed_kg))
    assert all(s["sentence"] and s["article"] for e in data["edges"] for s in e["sources"])


def test_whole_view_hides_unlinked_entities_above_the_limit(monkeypatch, seed_kg):
    import graph.viz as viz

    full = viz.select_view(seed_kg, viz.ViewOptions(unlinked=True))
    alone = [n for n in full if full.degree(n) == 0]
    assert alone, "the seed graph has entities without links"
    monkeypatch.setattr(viz, "UNLINKED_LIMIT", 5)
    view = viz.select_view(seed_kg)
    assert view.graph["hidden_unlinked"] == len(alone)
    assert all(view.degree(n) > 0 for n in view)
    assert viz.select_view(seed_kg, viz.ViewOptions(unlinked=True)).number_of_nodes() == len(full)
