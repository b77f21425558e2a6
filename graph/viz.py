"""Interactive HTML views of the graph that work offline.

A view is a part of the entity graph (:func:`graph.projection.entity_graph`): the whole graph,
the ego network of one entity, or one agreement with its parties and provisions, optionally
filtered by type, date and confidence. Nodes are sized by PageRank and coloured by type; edges
carry their source sentences for tooltips and the side panel.

The network is assembled with pyvis; the page is our own template with vis-network inlined
from the installed pyvis package (pyvis's ``in_line`` mode still links Bootstrap from a CDN),
under a Content-Security-Policy that allows only the page's own inline scripts and styles, by
hash. Article text reaches the page only as JSON inside ``<script type="application/json">``
with ``<``, ``>`` and ``&`` escaped, and is put on screen with ``textContent``: it never becomes
markup or script.

Layout: vis-network's ``improvedLayout`` (quadratic) is always off. Up to
:data:`PHYSICS_UP_TO` nodes the browser runs a bounded number of physics steps before the first
frame and physics then stops; above, positions come from :func:`layout` (igraph, in Python) and
the page draws at once: the 2,086-node graph of the BBC politics articles settles in about 2 s in
headless Chromium (``python -m bench.viz_scale``). Labels are drawn only once zoomed in far
enough to read them, and large graphs hide edges while dragging or zooming.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import networkx as nx
import numpy as np
from pyvis.network import Network

from graph.projection import Source, entity_graph
from queries.analytics import centrality, ego_network, find_node

__all__ = [
    "TYPE_COLOURS",
    "ViewOptions",
    "agreement_view",
    "layout",
    "render_html",
    "select_view",
    "to_network",
    "view_data",
    "write_view",
]

TYPE_COLOURS = {
    "Person": "#e15759",
    "Country": "#4e79a7",
    "City": "#76b7b2",
    "AdministrativeArea": "#59a14f",
    "Place": "#8cd17d",
    "Organization": "#f28e2b",
    "GovernmentOrganization": "#b07aa1",
    "NewsMediaOrganization": "#9c755f",
    "Agreement": "#edc948",
    "Event": "#ff9da7",
    "Provision": "#d4d4d4",
    "Other": "#bab0ac",
}

#: Up to this many nodes vis-network lays the graph out in the browser (a second or two);
#: above, positions are computed in Python and the page draws without physics.
PHYSICS_UP_TO = 150
#: Above this many nodes the page hides edges while dragging or zooming and shows edge
#: labels only when zoomed in further.
LARGE = 400
#: Sources kept per edge in the page (the strongest first).
SOURCES_PER_EDGE = 20
_PROVISION = "Provision"


@dataclass(frozen=True)
class ViewOptions:
    """What part of the graph a view shows; the fields mirror ``newskg viz`` options.

    Parameters
    ----------
    focus : str, optional
        Name of an entity: show its ego network.
    depth : int
        Radius of the ego network in links.
    agreement : str, optional
        Name of an agreement or event: show it with its parties, signatories, mediator,
        location and provisions.
    types : tuple of str
        Keep only nodes of these types (empty: all).
    date_from, date_to : datetime.date, optional
        Keep what comes from articles (or events) in this date range.
    min_confidence : float
        Leave out statements read with a lower confidence.
    unlinked : bool, optional
        Show entities with no link in the view. By default they are shown unless the whole
        graph has more than :data:`UNLINKED_LIMIT` nodes, where they would crowd the page.
    """

    focus: str | None = None
    depth: int = 1
    agreement: str | None = None
    types: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    min_confidence: float = 0.0
    unlinked: bool | None = None

    def title(self, centre: str | None = None) -> str:
        """Page title saying what the view shows; ``centre`` is the found focus/agreement."""
        parts = ["newskg"]
        if self.agreement:
            parts.append(centre or self.agreement)
        elif self.focus:
            parts.append(f"{centre or self.focus} and its neighbours (depth {self.depth})")
        else:
            parts.append("whole graph")
        if self.types:
            parts.append("types " + ", ".join(self.types))
        if self.date_from or self.date_to:
            parts.append(f"{self.date_from or '…'} to {self.date_to or '…'}")
        if self.min_confidence:
            parts.append(f"confidence ≥ {self.min_confidence:g}")
        return " · ".join(parts)


#: Above this many nodes the whole-graph view leaves out entities without any link.
UNLINKED_LIMIT = 300


def select_view(kg, options: ViewOptions | None = None) -> nx.DiGraph:
    """The part of the store's entity graph that ``options`` asks for.

    Raises
    ------
    ValueError
        For both ``focus`` and ``agreement``, or a name that matches nothing
        (:class:`queries.analytics.UnknownEntityError`, with suggestions).
    """
    options = options or ViewOptions()
    if options.focus and options.agreement:
        raise ValueError("choose either a focus entity or an agreement, not both")
    graph = entity_graph(
        kg,
        min_confidence=options.min_confidence,
        types=options.types or None,
        date_from=options.date_from,
        date_to=options.date_to,
    )
    if options.agreement:
        return agreement_view(graph, options.agreement)
    if options.focus:
        view = ego_network(graph, options.focus, depth=options.depth)
        view.graph["centre"] = find_node(graph, options.focus)
        return view
    hide = options.unlinked is False or (
        options.unlinked is None and graph.number_of_nodes() > UNLINKED_LIMIT
    )
    if hide:
        alone = [node for node in graph if graph.degree(node) == 0]
        graph.remove_nodes_from(alone)
        graph.graph["hidden_unlinked"] = len(alone)
    return graph


def agreement_view(graph: nx.DiGraph, name: str) -> nx.DiGraph:
    """An agreement (or event) with every node linked to it, and its provisions as nodes.

    Links among the agreement's parties are kept, so the view shows how they relate. Each
    provision becomes a node of type ``Provision`` linked to the agreement, its text the source.

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_node("ev", label="Ceasefire", type="Agreement", provisions=("Troops stay.",))
    >>> g.add_node("am", label="Armenia", type="Country")
    >>> g.add_node("fr", label="France", type="Country")
    >>> g.add_edge("am", "ev", weight=1, relations=("signatory",), sources=[])
    >>> view = agreement_view(g, "ceasefire")
    >>> sorted(view.nodes), view.nodes["ev#provision-1"]["label"]
    (['am', 'ev', 'ev#provision-1'], 'Troops stay.')
    """
    centre = find_node(graph, name, types={"Agreement", "Event"})
    view = nx.DiGraph(ego_network(graph, centre, depth=1))
    view.graph["centre"] = centre
    evidence = sorted(
        (
            s
            for u, v in (*graph.in_edges(centre), *graph.out_edges(centre))
            for s in graph[u][v].get("sources", ())
            if s.title
        ),
        key=lambda s: -s.confidence,
    )
    title, confidence = (evidence[0].title, evidence[0].confidence) if evidence else ("", 1.0)
    for i, text in enumerate(graph.nodes[centre].get("provisions", ()), start=1):
        node = f"{centre}#provision-{i}"
        view.add_node(node, label=_shorten(text, 40), type=_PROVISION, kind="provision", text=text)
        source = Source(text, title, "", confidence, "provision")
        view.add_edge(centre, node, relations=("provision",), weight=1, sources=[source])
    return view


def layout(graph: nx.Graph, *, seed: int = 0, spacing: float = 60.0) -> dict:
    """Node positions for a large graph, computed before the page opens.

    Each connected component is laid out on its own with igraph's Fruchterman-Reingold (its grid
    variant is near-linear per step, where networkx's layouts take 20 s and more at 2,000 nodes),
    links weighted by their statements and started from seeded positions, so the same graph
    gives the same picture, then spread to an even density (:func:`_even_out`: the hubs of news
    graphs otherwise pack hundreds of nodes into a small core). Components are packed in rows,
    largest first, unlinked nodes last. Coordinates are pixels at zoom 1, about ``spacing``
    apart.

    Examples
    --------
    >>> g = nx.path_graph(3)
    >>> g.add_node("alone")
    >>> pos = layout(g)
    >>> sorted(pos, key=str), all(len(xy) == 2 for xy in pos.values())
    ([0, 1, 2, 'alone'], True)
    >>> layout(g) == pos
    True
    """
    import igraph

    rng = np.random.default_rng(seed)
    components = sorted(
        (sorted(c, key=str) for c in nx.connected_components(nx.Graph(graph))),
        key=lambda c: (-len(c), str(c[0])),
    )
    blocks: list[tuple[list, np.ndarray]] = []
    # igraph draws from a process-wide generator: give it a seeded one, then put the default back.
    igraph.set_random_number_generator(random.Random(seed))
    try:
        for nodes in components:
            blocks.append((nodes, _component_layout(graph, nodes, rng, spacing)))
    finally:
        igraph.set_random_number_generator(random)
    return _pack(blocks, spacing)


def _component_layout(graph: nx.Graph, nodes: list, rng, spacing: float) -> np.ndarray:
    import igraph

    if len(nodes) == 1:
        return np.zeros((1, 2))
    index = {node: i for i, node in enumerate(nodes)}
    sub = graph.subgraph(nodes)
    pairs = [(index[u], index[v]) for u, v in sub.edges() if u != v]
    weights = [float(sub[u][v].get("weight", 1)) for u, v in sub.edges() if u != v]
    start = rng.uniform(-1, 1, size=(len(nodes), 2)) * len(nodes) ** 0.5 / 2  # as igraph spreads
    coords = np.array(
        igraph.Graph(n=len(nodes), edges=pairs)
        .layout_fruchterman_reingold(weights=weights, niter=500, seed=start.tolist(), grid="auto")
        .coords
    )
    return _even_out(coords, spacing)


def _even_out(coords: np.ndarray, spacing: float) -> np.ndarray:
    """Spread a layout to an even density: each node keeps its direction from the centre and
    its rank by distance, and the disc gets about ``spacing`` squared of area per node.

    Force layouts of news graphs pack the hubs' neighbours into a dense core; this unpacks it
    without changing who is nearer the centre than whom.
    """
    n = len(coords)
    centred = coords - np.median(coords, axis=0)
    radius = np.hypot(centred[:, 0], centred[:, 1])
    rank = np.empty(n)
    rank[np.argsort(radius, kind="stable")] = np.arange(n)
    target = spacing * np.sqrt((rank + 0.5) / np.pi)
    scale = np.divide(target, radius, out=np.zeros(n), where=radius > 0)
    return centred * scale[:, None]


def _pack(blocks: list, spacing: float) -> dict:
    """Place laid-out blocks in rows (shelf packing), as wide as the largest block or wider."""
    total = sum(len(nodes) for nodes, _ in blocks)
    widest = max((float(np.ptp(c[:, 0])) for _, c in blocks), default=0.0)
    row_width = max(widest, spacing * total**0.5 * 1.5)
    positions: dict = {}
    x = y = row_height = 0.0
    for nodes, coords in blocks:
        low, high = coords.min(axis=0), coords.max(axis=0)
        width, height = (high - low) + spacing
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        shifted = coords - low + (x, y)
        for node, (px, py) in zip(nodes, shifted, strict=True):
            positions[node] = (round(float(px), 1), round(float(py), 1))
        x += width
        row_height = max(row_height, height)
    return positions


def to_network(graph: nx.DiGraph, *, fixed_layout: bool | None = None) -> Network:
    """A pyvis network of ``graph``: nodes sized by PageRank and coloured by type.

    Parameters
    ----------
    graph : networkx.DiGraph
        A view from :func:`select_view`.
    fixed_layout : bool, optional
        Give nodes precomputed positions (:func:`layout`) so the page draws them without
        physics; by default for graphs of more than :data:`PHYSICS_UP_TO` nodes.
    """
    net = Network(directed=True)
    scores = centrality(graph, by="pagerank") if graph.number_of_nodes() else {}
    if fixed_layout is None:
        fixed_layout = graph.number_of_nodes() > PHYSICS_UP_TO
    positions = layout(graph.to_undirected(as_view=True)) if fixed_layout else {}
    articles = graph.graph.get("articles", {})
    for node, data in sorted(graph.nodes(data=True), key=lambda kv: str(kv[0])):
        kind = data.get("type", "Other")
        info = {
            "type": kind,
            "aliases": list(data.get("aliases", ())),
            "articles": data.get("articles", 0),
            "jobTitles": list(data.get("job_titles", ())),
        }
        for key in ("event_type", "date", "date_text", "quantities", "provisions", "text"):
            if data.get(key):
                value = data[key]
                info[_camel(key)] = list(value) if isinstance(value, tuple) else value
        extra = {"x": positions[node][0], "y": positions[node][1]} if node in positions else {}
        net.add_node(
            str(node),
            label=str(data.get("label", node)),
            color=TYPE_COLOURS.get(kind, TYPE_COLOURS["Other"]),
            value=round(scores.get(node, 0.0), 6),
            kind=kind if kind in TYPE_COLOURS else "Other",
            info=info,
            **extra,
        )
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        relations = list(data.get("relations", ()))
        label = ", ".join(relations[:2]) + (" …" if len(relations) > 2 else "")
        sources = [
            {
                "sentence": s.sentence,
                "article": s.title or articles.get(s.article, {}).get("title", ""),
                "relation": s.relation,
                "confidence": s.confidence,
            }
            for s in list(data.get("sources", ()))[:SOURCES_PER_EDGE]
        ]
        net.add_edge(
            str(u),
            str(v),
            label=label,
            value=data.get("weight", 1),
            relations=relations,
            sources=sources,
        )
    return net


def render_html(net: Network, title: str = "newskg graph", *, centre: str | None = None) -> str:
    """The offline HTML page for a pyvis network, with a hash-based Content-Security-Policy.

    ``centre`` is a node to select and describe in the side panel once the page has settled.
    """
    data = {
        "centre": centre,
        "nodes": net.nodes,
        "edges": net.edges,
        "colours": TYPE_COLOURS,
        "title": title,
        "large": len(net.nodes) > LARGE,
        "fixed": bool(net.nodes) and all("x" in node for node in net.nodes),
    }
    parts = {
        "VIS_CSS": _asset("vis-network.css"),
        "VIS_JS": _asset("vis-network.min.js"),
        "GRAPH_DATA": _safe_json(data),
    }
    template = (files("graph") / "static" / "view.html").read_text(encoding="utf-8")
    page = re.sub(r"/\*(VIS_CSS|VIS_JS|GRAPH_DATA)\*/", lambda m: parts[m.group(1)], template)
    return page.replace("/*CSP*/", _csp(page), 1)


def view_data(kg, options: ViewOptions | None = None) -> Network:
    """The pyvis network for a view of the store (see :func:`select_view`)."""
    return to_network(select_view(kg, options))


def write_view(
    kg,
    out: str | Path,
    options: ViewOptions | None = None,
    *,
    title: str | None = None,
) -> Path:
    """Write a view of ``kg`` (the whole graph by default) as an offline HTML page.

    Parameters
    ----------
    kg : graph.store.KnowledgeGraph
        An open store.
    out : str or Path
        HTML file to write; missing folders are made.
    options : ViewOptions, optional
        Which part of the graph to show.
    title : str, optional
        Page title (default: from the options).
    """
    options = options or ViewOptions()
    out = Path(out)
    graph = select_view(kg, options)
    centre = graph.graph.get("centre")
    label = graph.nodes[centre].get("label") if centre is not None else None
    title = title or options.title(label)
    if graph.graph.get("hidden_unlinked"):
        title += f" · {graph.graph['hidden_unlinked']:,} unlinked entities hidden"
    html = render_html(to_network(graph), title=title, centre=centre)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out


# ---------------------------------------------------------------------------- helpers
def _asset(name: str) -> str:
    return (files("pyvis") / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")


def _safe_json(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _hashes(page: str, tag: str) -> Iterable[str]:
    for match in re.finditer(rf"<{tag}>(.*?)</{tag}>", page, flags=re.DOTALL):
        digest = hashlib.sha256(match.group(1).encode("utf-8")).digest()
        yield f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _csp(page: str) -> str:
    scripts = " ".join(_hashes(page, "script"))
    styles = " ".join(_hashes(page, "style"))
    return (
        f"default-src 'none'; script-src {scripts}; style-src {styles}; "
        "img-src data: blob:; base-uri 'none'; form-action 'none'"
    )


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
