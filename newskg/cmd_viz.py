"""``newskg viz``: write an interactive HTML view of the graph."""

from __future__ import annotations

from pathlib import Path

import click

from newskg.cli import DEFAULT_OUT, store_option, user_errors

__all__ = ["viz"]


@click.command()
@store_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_OUT / "graph.html",
    show_default=True,
    help="HTML file to write.",
)
@user_errors
def viz(store, out):
    """Write the graph as an interactive HTML page that works offline."""
    from graph.store import KnowledgeGraph
    from graph.viz import write_view

    with KnowledgeGraph(store, read_only=True) as kg:
        path = write_view(kg, out)
    click.echo(f"wrote {path}")
