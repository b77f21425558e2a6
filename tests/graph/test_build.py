"""``write_outputs``: the TriG export and the HTML view that ``newskg build`` writes."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox

from graph.build import write_outputs
from graph.projection import entity_graph
from graph.store import KnowledgeGraph
from tests.graph.test_projection import sample_store


def test_write_outputs_exports_every_quad_and_views_every_node(tmp_path):
    out = tmp_path / "out"
    sample_store(out / "store")
    written = write_outputs(out)
    assert written == {
        "store": out / "store",
        "RDF (TriG)": out / "graph.trig",
        "HTML view": out / "graph.html",
    }
    with KnowledgeGraph(out / "store", read_only=True) as kg:
        quads = len(kg)
        nodes = set(entity_graph(kg))
    reread = ox.Store()
    reread.load(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
    assert len(reread) == quads

    html = (out / "graph.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert {n["id"] for n in data["nodes"]} == nodes
    assert data["title"] == "newskg · whole graph"


def test_write_outputs_twice_gives_the_same_files(tmp_path):
    out = tmp_path / "out"
    sample_store(out / "store")
    first = {p.name: p.read_bytes() for p in (write_outputs(out)["HTML view"],)}
    second = {p.name: p.read_bytes() for p in (write_outputs(out)["HTML view"],)}
    assert first == second
