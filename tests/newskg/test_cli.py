"""The command line through click's runner, checked through the library."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from graph.store import KnowledgeGraph
from newskg.cli import cli
from tests.conftest import EXAMPLES


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def _commands(group=cli, prefix=()):
    import click

    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_every_command_and_option_is_documented(runner):
    for path, command in _commands():
        assert command.help, f"newskg {' '.join(path)} has no help text"
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, result.output
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                assert param.help, f"option {param.name} of {' '.join(path)} has no help"


@pytest.fixture()
def mixed_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "2020-11-10-deal.txt").write_text(
        "Truce agreed\n\nArmenian Prime Minister Nikol Pashinyan signed the agreement with "
        "Azerbaijani President Ilham Aliyev and Russian President Vladimir Putin.\n",
        encoding="utf-8",
    )
    (folder / "latin.txt").write_bytes(
        "Caf\u00e9 talks\n\nTurkey backed Azerbaijan in the war over Nagorno-Karabakh.".encode(
            "cp1252"
        )
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.md").write_bytes(b"\x00\x01\x02\x03 not text")
    (folder / "feed.jsonl").write_text(
        json.dumps({"title": "Peacekeepers", "text": "Russia deployed peacekeepers to the region."})
        + "\n{broken\n",
        encoding="utf-8",
    )
    return folder


def test_ingest_reports_bad_files_in_one_line_each_and_keeps_the_rest(
    runner, mixed_folder, tmp_path
):
    store = tmp_path / "store"
    result = runner.invoke(cli, ["ingest", str(mixed_folder), "--store", str(store)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("newskg: skipped")]
    assert len(skipped) == 3, result.output
    assert any("empty.txt: empty file" in line for line in skipped)
    assert any("binary.md: binary file" in line for line in skipped)
    assert any("feed.jsonl:2: invalid JSON" in line for line in skipped)
    with KnowledgeGraph(store, read_only=True) as kg:
        assert kg.stats()["articles"] == 3
        headlines = {str(r.h) for r in kg.query("SELECT ?h WHERE { ?a schema:headline ?h }")}
    assert headlines == {"Truce agreed", "Café talks", "Peacekeepers"}


def test_ingest_twice_changes_nothing(runner, mixed_folder, tmp_path):
    store = tmp_path / "store"
    runner.invoke(cli, ["ingest", str(mixed_folder), "--store", str(store)])
    with KnowledgeGraph(store, read_only=True) as kg:
        before = len(kg)
    result = runner.invoke(cli, ["ingest", str(mixed_folder), "--store", str(store)])
    assert "added 0, skipped 3" in result.output
    with KnowledgeGraph(store, read_only=True) as kg:
        assert len(kg) == before


def test_locked_store_is_a_one_line_error(runner, mixed_folder, tmp_path):
    store = tmp_path / "store"
    with KnowledgeGraph(store):
        result = runner.invoke(cli, ["ingest", str(mixed_folder), "--store", str(store)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "cannot open store" in result.output


def test_unknown_model_is_a_one_line_error(runner, mixed_folder, tmp_path):
    result = runner.invoke(
        cli, ["ingest", str(mixed_folder), "--store", str(tmp_path / "s"), "--model", "xx_none"]
    )
    assert result.exit_code == 1
    assert "spaCy pipeline 'xx_none' is not installed" in result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    result = CliRunner().invoke(cli, ["build", str(EXAMPLES), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_build_writes_store_trig_and_offline_html(built):
    assert (built / "store").is_dir()
    trig = (built / "graph.trig").read_text(encoding="utf-8")
    assert "schema:NewsArticle" in trig or "https://schema.org/NewsArticle" in trig
    html = (built / "graph.html").read_text(encoding="utf-8")
    for tag in re.findall(r"<(?:script|link)\b[^>]*>", html):
        assert not re.search(r"https?://", tag), tag


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_query_formats(runner, built, fmt):
    sparql = (
        "SELECT DISTINCT ?label WHERE { ?g schema:mentions ?e . ?e rdfs:label ?label } "
        "ORDER BY ?label"
    )
    result = runner.invoke(cli, ["query", sparql, "--store", str(built / "store"), "--format", fmt])
    assert result.exit_code == 0, result.output
    out = result.output
    if fmt == "json":
        labels = [b["label"]["value"] for b in json.loads(out)["results"]["bindings"]]
    elif fmt in ("csv", "tsv"):
        rows = list(csv.reader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
        assert rows[0] == ["label"]
        labels = [r[0] for r in rows[1:]]
    else:
        labels = [line.strip() for line in out.splitlines()[2:-1]]
    assert {"Armenia", "Azerbaijan", "Russia"} <= set(labels)


def test_query_from_rq_file_with_param(runner, built, tmp_path):
    rq = tmp_path / "country.rq"
    rq.write_text(
        "# title: Entity by label\n# param: name string - -- the label\n"
        "SELECT ?name ?e WHERE { ?e rdfs:label ?name }\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        cli,
        [
            "query",
            str(rq),
            "--param",
            "name=Armenia",
            "--store",
            str(built / "store"),
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "https://w3id.org/newskg/id/armenia" in result.output


@pytest.mark.parametrize("sparql", ["SELEC nothing", "SELECT ?x WHERE {"])
def test_query_syntax_error_is_one_line(runner, built, sparql):
    result = runner.invoke(cli, ["query", sparql, "--store", str(built / "store")])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.output.startswith("Error: SPARQL syntax error")
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["trig", "nquads", "turtle", "jsonld"])
def test_export(runner, built, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    result = runner.invoke(
        cli, ["export", "--store", str(built / "store"), "--format", fmt, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000


def test_stats(runner, built):
    result = runner.invoke(cli, ["stats", "--store", str(built / "store")])
    counts = dict(line.split("\t") for line in result.output.strip().splitlines())
    assert int(counts["articles"]) == len(list(EXAMPLES.glob("*.txt")))
    assert int(counts["entities"]) > 20


def test_extract_lines_prints_carb_rows(runner, tmp_path):
    lines = tmp_path / "s.txt"
    lines.write_text(
        "Russia deployed 2,000 troops in the disputed region on Tuesday .\n"
        "The deal was signed by Moscow .\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["extract", "--lines", str(lines)])
    assert result.exit_code == 0, result.output
    rows = [r.split("\t") for r in result.output.strip().splitlines()]
    assert rows and all(len(r) >= 5 for r in rows)
    sentences = {r[0] for r in rows}
    assert sentences <= set(lines.read_text(encoding="utf-8").splitlines())
    assert all(0.0 <= float(r[1]) <= 1.0 for r in rows)
    assert any(r[2] == "deployed" and r[3] == "Russia" for r in rows)
