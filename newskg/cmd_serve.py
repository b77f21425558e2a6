"""``newskg serve`` (the SPARQL endpoint) and ``newskg queries`` (the named queries)."""

from __future__ import annotations

import json

import click

from newskg.cli import store_option

__all__ = ["serve", "queries_cmd"]


@click.command()
@store_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0 or :: opens it to the network).",
)
@click.option("--port", default=7878, show_default=True, help="Port to listen on (0: any free).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds a query may run before it is stopped (504).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Most rows or triples in one answer; longer results are cut and flagged in a header.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Worker processes that run queries (each opens the store read-only).",
)
@click.option("--quiet", is_flag=True, help="Do not log each request to stderr.")
def serve(store, host, port, timeout, max_rows, workers, quiet):
    """Serve the store read-only over HTTP: SPARQL at /sparql, a query page at /.

    Named queries are served at /query/NAME?key=value and listed at /queries. Runs until
    Ctrl-C.
    """
    # Not wrapped in newskg.cli.user_errors, which imports spaCy: the server does not need it,
    # and starting takes a second instead of five.
    from graph.store import StoreError
    from queries.server import ServerConfig, ServerError
    from queries.server import serve as run_server

    config = ServerConfig(
        store=store,
        host=host,
        port=port,
        timeout=timeout,
        max_rows=max_rows,
        workers=workers,
        quiet=quiet,
    )
    try:
        run_server(config, announce=click.echo)
    except (ServerError, StoreError) as exc:
        raise click.ClickException(str(exc)) from None


@click.command("queries")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON (as /queries).")
def queries_cmd(as_json):
    """List the named queries with their title, description and parameters.

    Run one with `newskg query NAME --param key=value`.
    """
    from queries import named

    if as_json:
        click.echo(json.dumps(named.catalogue(), ensure_ascii=False, indent=1))
    else:
        click.echo(named.format_catalogue(), nl=False)
