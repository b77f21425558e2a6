"""Resolve what the user passed to ``newskg query`` and format SPARQL results for the terminal."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.query import Result

__all__ = ["resolve_query", "format_result", "term_text", "result_json"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def resolve_query(query: str, params: Iterable[str] = ()) -> tuple[str, dict]:
    """SPARQL text and bindings for a query given as text, a ``.rq`` file or a named query.

    Parameters
    ----------
    query : str
        SPARQL text, a path to a ``.rq`` file, or the name of a query in ``queries/``.
    params : iterable of str
        ``key=value`` strings bound to the query's variables (values are never pasted in).
    """
    from queries import named

    bindings_raw = _parse_params(params)
    path = Path(query)
    if query in named.names():
        spec = named.get(query)
        return spec.text, spec.bind(bindings_raw)
    if path.suffix == ".rq" or (len(query) < 256 and "\n" not in query and path.is_file()):
        if not path.is_file():
            raise FileNotFoundError(f"{query}: no such query file")
        spec = named.QuerySpec.from_text(path.stem, path.read_text(encoding="utf-8"))
        return spec.text, spec.bind(bindings_raw)
    if bindings_raw:
        spec = named.QuerySpec.from_text("inline", query)
        return spec.text, spec.bind(bindings_raw)
    return query, {}


def _parse_params(params: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--param {item!r}: expected KEY=VALUE")
        out[key.strip()] = value
    return out


def term_text(term: object) -> str:
    """A term as plain text for tables and CSV: IRIs as IRIs, literals as their value."""
    if term is None:
        return ""
    if isinstance(term, (URIRef, BNode)):
        return str(term)
    if isinstance(term, Literal):
        return str(term)
    return str(term)


def format_result(result: Result, fmt: str = "table") -> str:
    """Format a SELECT/ASK/CONSTRUCT result as ``table``, ``csv``, ``tsv`` or ``json``."""
    if result.type == "ASK":
        answer = bool(result.askAnswer)
        return json.dumps({"boolean": answer}) + "\n" if fmt == "json" else f"{answer}\n".lower()
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format="json-ld" if fmt == "json" else "turtle")
    names = [str(v) for v in result.vars]
    rows = [list(row) for row in result]
    if fmt == "json":
        return result_json(names, rows) + "\n"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(
            buffer,
            delimiter="," if fmt == "csv" else "\t",
            lineterminator="\n",
            quoting=csv.QUOTE_MINIMAL,
        )
        writer.writerow(names)
        for row in rows:
            writer.writerow([_clean_cell(term_text(t), fmt) for t in row])
        return buffer.getvalue()
    return _table(names, [[term_text(t) for t in row] for row in rows])


def _clean_cell(text: str, fmt: str) -> str:
    return text.replace("\t", " ").replace("\n", " ") if fmt == "tsv" else text


def result_json(names: list[str], rows: list[list[object]]) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = []
    for row in rows:
        item = {}
        for name, term in zip(names, row, strict=True):
            if term is None:
                continue
            if isinstance(term, URIRef):
                item[name] = {"type": "uri", "value": str(term)}
            elif isinstance(term, BNode):
                item[name] = {"type": "bnode", "value": str(term)}
            else:
                entry = {"type": "literal", "value": str(term)}
                if term.language:
                    entry["xml:lang"] = term.language
                elif term.datatype and str(term.datatype) != _XSD_STRING:
                    entry["datatype"] = str(term.datatype)
                item[name] = entry
        bindings.append(item)
    return json.dumps(
        {"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False
    )


def _table(names: list[str], rows: list[list[str]], max_width: int = 60) -> str:
    if not names:
        return ""
    cut = [[_shorten(c, max_width) for c in row] for row in rows]
    widths = [max([len(n), *(len(r[i]) for r in cut)]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cut]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _shorten(text: str, width: int) -> str:
    """A table cell: IRIs under a known namespace as ``prefix:name``, cut to ``width``.

    >>> _shorten("https://w3id.org/newskg/id/vladimir-putin", 60)
    'e:vladimir-putin'
    >>> _shorten("a long sentence", 8)
    'a long …'
    """
    from graph.store import PREFIXES

    text = text.replace("\n", " ")
    best = max((ns for ns in PREFIXES.values() if text.startswith(ns)), key=len, default=None)
    if best is not None:
        prefix = next(p for p, ns in PREFIXES.items() if ns == best)
        text = f"{prefix}:{text[len(best) :]}"
    return text if len(text) <= width else text[: width - 1] + "…"
