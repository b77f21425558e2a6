"""Write the outputs of ``newskg build``: the TriG export and the HTML view."""

from __future__ import annotations

from pathlib import Path

from graph.store import KnowledgeGraph
from graph.viz import write_view

__all__ = ["write_outputs"]


def write_outputs(out: str | Path) -> dict[str, Path]:
    """Write ``OUT/graph.trig`` and ``OUT/graph.html`` from the store in ``OUT/store``."""
    out = Path(out)
    with KnowledgeGraph(out / "store", read_only=True) as kg:
        trig = out / "graph.trig"
        trig.write_bytes(kg.export("trig"))
        html = write_view(kg, out / "graph.html")
    return {"store": out / "store", "RDF (TriG)": trig, "HTML view": html}
