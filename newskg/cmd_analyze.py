"""``newskg analyze``: network analytics over the entity graph (central actors, communities,
how two actors are connected, who surrounds an actor)."""

from __future__ import annotations

import click

from newskg.cli import store_option, user_errors

__all__ = ["analyze"]


def _confidence_option(func):
    return click.option(
        "--min-confidence",
        default=0.0,
        show_default=True,
        type=click.FloatRange(0, 1),
        help="Leave out statements read with a lower confidence.",
    )(func)


def _load(store, min_confidence: float):
    from graph.projection import entity_graph
    from graph.store import KnowledgeGraph

    with KnowledgeGraph(store, read_only=True) as kg:
        return entity_graph(kg, min_confidence=min_confidence)


def _name(graph, node) -> str:
    data = graph.nodes[node]
    return f"{data.get('label', node)} ({data.get('type', '?')})"


@click.group()
def analyze() -> None:
    """Network analytics over the entity graph (links between entities, agreements, events)."""


@analyze.command()
@store_option
@_confidence_option
@click.option("--top", default=20, show_default=True, type=click.IntRange(1), help="Rows to show.")
@click.option(
    "--by",
    type=click.Choice(["pagerank", "degree", "betweenness"]),
    default="pagerank",
    show_default=True,
    help="Centrality measure (weighted by the number of supporting statements).",
)
@user_errors
def central(store, min_confidence, top, by):
    """List the most central entities."""
    from queries.analytics import centrality, ranking

    graph = _load(store, min_confidence)
    rows = ranking(graph, centrality(graph, by=by), top=top)
    click.echo(f"rank\t{by}\tlinks\tentity")
    for rank, (node, score) in enumerate(rows, start=1):
        click.echo(f"{rank}\t{score:.4g}\t{graph.degree(node)}\t{_name(graph, node)}")


@analyze.command()
@store_option
@_confidence_option
@click.option("--seed", default=0, show_default=True, help="Seed of the Louvain algorithm.")
@click.option(
    "--min-size",
    default=2,
    show_default=True,
    type=click.IntRange(1),
    help="Leave out smaller communities.",
)
@click.option(
    "--members", default=8, show_default=True, type=click.IntRange(1), help="Members to name."
)
@user_errors
def communities(store, min_confidence, seed, min_size, members):
    """Find groups of closely linked entities (Louvain), largest first."""
    from queries.analytics import centrality, communities, ranking

    graph = _load(store, min_confidence)
    degree = centrality(graph, by="degree")
    groups = [g for g in communities(graph, seed=seed) if len(g) >= min_size]
    if not groups:
        click.echo(f"no community of {min_size} or more entities")
    for i, group in enumerate(groups, start=1):
        ranked = ranking(graph, {n: degree[n] for n in group}, top=members)
        names = ", ".join(str(graph.nodes[n].get("label", n)) for n, _ in ranked)
        more = f", … {len(group) - len(ranked)} more" if len(group) > len(ranked) else ""
        click.echo(f"{i}\t{len(group)} entities: {names}{more}")


@analyze.command()
@click.argument("source")
@click.argument("target")
@store_option
@_confidence_option
@user_errors
def path(source, target, store, min_confidence):
    """Show how SOURCE and TARGET are connected, hop by hop, with a sentence for each hop.

    SOURCE and TARGET are names or aliases (case-insensitive).
    """
    from queries.analytics import explain_path

    graph = _load(store, min_confidence)
    hops = explain_path(graph, source, target)
    if not hops:
        click.echo(f"{source} and {target} are the same entity")
    for i, hop in enumerate(hops, start=1):
        click.echo(f"{i}. {hop}   [{hop.weight} statement{'s' if hop.weight != 1 else ''}]")
        if hop.evidence.sentence:
            click.echo(f"   “{' '.join(hop.evidence.sentence.split())}”")
        origin = hop.evidence.title or hop.evidence.article
        if origin:
            click.echo(f"   — {origin} (confidence {hop.evidence.confidence:.2f})")


@analyze.command()
@click.argument("name")
@store_option
@_confidence_option
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0), help="Radius.")
@user_errors
def ego(name, store, min_confidence, depth):
    """List the entities within DEPTH links of NAME and how each is linked."""
    import networkx as nx

    from queries.analytics import ego_network, find_node

    graph = _load(store, min_confidence)
    centre = find_node(graph, name)
    sub = ego_network(graph, centre, depth=depth)
    paths = nx.single_source_shortest_path(sub.to_undirected(as_view=True), centre)
    click.echo(
        f"{_name(graph, centre)}: {sub.number_of_nodes() - 1} entities within {depth} "
        f"link{'s' if depth != 1 else ''}, {sub.number_of_edges()} links"
    )
    order = sorted(paths, key=lambda n: (len(paths[n]), str(sub.nodes[n].get("label", n))))
    for node in order[1:]:
        parent = paths[node][-2]
        relations = [
            ("→ " if u == parent else "← ") + ", ".join(sub[u][v]["relations"])
            for u, v in ((parent, node), (node, parent))
            if sub.has_edge(u, v)
        ]
        via = "" if parent == centre else f"via {sub.nodes[parent].get('label', parent)}: "
        click.echo(f"{len(paths[node]) - 1}\t{_name(graph, node)}\t{via}{'; '.join(relations)}")
