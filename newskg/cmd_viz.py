"""``newskg viz``: write an interactive HTML view of the graph."""

from __future__ import annotations

from pathlib import Path

import click

from newskg.cli import DEFAULT_OUT, store_option, user_errors

__all__ = ["viz"]

_DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.command()
@store_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_OUT / "graph.html",
    show_default=True,
    help="HTML file to write.",
)
@click.option("--focus", metavar="ENTITY", help="Show only this entity and its neighbourhood.")
@click.option(
    "--depth", default=1, show_default=True, type=click.IntRange(0), help="Radius for --focus."
)
@click.option("--agreement", metavar="NAME", help="Show one agreement or event with its parties.")
@click.option(
    "--type",
    "types",
    multiple=True,
    metavar="TYPE",
    help="Keep only nodes of this type (repeatable): Person, Country, Organization, Agreement…",
)
@click.option("--from", "date_from", type=_DATE, help="Only articles/events from this date on.")
@click.option("--to", "date_to", type=_DATE, help="Only articles/events up to this date.")
@click.option(
    "--min-confidence",
    default=0.0,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Leave out statements read with a lower confidence.",
)
@click.option("--title", help="Page title (default: says what the view shows).")
@click.option(
    "--unlinked/--no-unlinked",
    default=None,
    help="Show entities without any link (default: shown up to 300 nodes, hidden above).",
)
@user_errors
def viz(
    store, out, focus, depth, agreement, types, date_from, date_to, min_confidence, title, unlinked
):
    """Write the graph, or part of it, as an interactive HTML page that works offline."""
    from graph.store import KnowledgeGraph
    from graph.viz import ViewOptions, write_view

    options = ViewOptions(
        focus=focus,
        depth=depth,
        agreement=agreement,
        types=tuple(types),
        date_from=date_from.date() if date_from else None,
        date_to=date_to.date() if date_to else None,
        min_confidence=min_confidence,
        unlinked=unlinked,
    )
    with KnowledgeGraph(store, read_only=True) as kg:
        path = write_view(kg, out, options, title=title)
    click.echo(f"wrote {path}")
