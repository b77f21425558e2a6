"""Named SPARQL queries: ``queries/*.rq`` files with a header that says what they answer.

Header lines at the top of a ``.rq`` file::

    # title: Profile of an entity
    # description: Types, aliases, relations and sources of one entity, found by name.
    # param: name string "Vladimir Putin" -- label or alias of the entity

A parameter has a type (``string``, ``integer``, ``decimal``, ``date``, ``iri``), an optional
default (``-`` for none, which makes it required) and a description. Values are bound to the
query variable of the same name (``initBindings`` in rdflib, ``substitutions`` in pyoxigraph);
they are never pasted into the text.

Writing a named query for Oxigraph (both ``newskg query`` and ``newskg serve`` run on it):

- every parameter must be a variable of the outermost ``SELECT`` (and of its ``GROUP BY`` when
  the query aggregates), and of any sub-select that uses it;
- use parameters in ``FILTER`` expressions and triple patterns, not in ``BIND`` or ``BOUND``:
  Oxigraph's optimiser treats a parameter there as unbound;
- an optional parameter has a default that means "no filter" (``""`` for a string, a date far in
  the past or future) tested in the filter: ``FILTER(?name = "" || ...)``;
- a parameter cannot be used as a ``LIMIT``: keep a fixed limit and filter instead;
- the union default graph repeats a triple once per article graph that states it (an entity's
  label, a relation's label): match per article with ``GRAPH ?article { ... }``, check with
  ``EXISTS``, and use ``DISTINCT`` or ``COUNT(DISTINCT ...)``;
- look an entity up by name in a ``SELECT DISTINCT`` sub-select with a ``LIMIT``: the limit tells
  the optimiser the result is small, so what follows is looked up from it rather than read whole
  (seconds become milliseconds on a few thousand articles);
- write ``OPTIONAL { GRAPH ?g { ... } }`` rather than ``GRAPH ?g { OPTIONAL { ... } }``, and
  ``FILTER(?x IN (...))`` rather than joining a ``VALUES`` table;
- in Oxigraph one unbound value makes ``MIN``, ``MAX`` or ``GROUP_CONCAT`` of a group unbound:
  aggregate optional values in a sub-select where they are required.

:func:`QuerySpec.problems` checks a file against these rules as far as text can tell.
"""

from __future__ import annotations

import re
import shlex
import textwrap
from dataclasses import dataclass, field
from importlib.resources import files

from rdflib import Literal, URIRef

__all__ = [
    "Param",
    "QuerySpec",
    "RESERVED_PARAMS",
    "names",
    "get",
    "all_queries",
    "catalogue",
    "format_catalogue",
]

_TYPES = {"string", "integer", "decimal", "date", "iri"}
_XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
_XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")

#: Parameter names that the SPARQL endpoint keeps for itself in ``/query/NAME?...``.
RESERVED_PARAMS = frozenset({"format"})


@dataclass(frozen=True)
class Param:
    """One parameter of a named query.

    Parameters
    ----------
    name : str
        The query variable the value is bound to.
    type : str
        ``string``, ``integer``, ``decimal``, ``date`` (``YYYY-MM-DD``) or ``iri``.
    default : str or None
        The value used when none is given; ``None`` makes the parameter required.
    description : str
        What the value means, for ``newskg queries`` and the query page.
    """

    name: str
    type: str = "string"
    default: str | None = None
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is None

    def to_term(self, value: str) -> Literal | URIRef:
        """Convert a user-supplied string into an RDF term of this parameter's type.

        >>> Param("from", "date").to_term("2020-11-10")
        rdflib.term.Literal('2020-11-10', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date'))
        """
        if self.type == "iri":
            return URIRef(value)
        if self.type == "integer":
            try:
                return Literal(int(value))
            except ValueError:
                raise ValueError(f"parameter {self.name}: {value!r} is not an integer") from None
        if self.type == "decimal":
            try:
                return Literal(float(value), datatype=_XSD_DECIMAL)
            except ValueError:
                raise ValueError(f"parameter {self.name}: {value!r} is not a number") from None
        if self.type == "date":
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError(f"parameter {self.name}: {value!r} is not a YYYY-MM-DD date")
            return Literal(value, datatype=_XSD_DATE)
        return Literal(value)

    def to_dict(self) -> dict[str, object]:
        """The parameter as plain JSON-ready values."""
        return {
            "name": self.name,
            "type": self.type,
            "default": self.default,
            "required": self.required,
            "description": self.description,
        }


@dataclass(frozen=True)
class QuerySpec:
    """A named query: its SPARQL text and what its header declares."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = field(default_factory=tuple)

    @classmethod
    def from_text(cls, name: str, text: str) -> QuerySpec:
        title = description = ""
        params: list[Param] = []
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped:
                continue
            if not stripped.startswith("#"):
                break
            key, sep, value = stripped.lstrip("#").strip().partition(":")
            if not sep:
                continue
            key, value = key.strip().lower(), value.strip()
            if key == "title":
                title = value
            elif key == "description":
                description = (description + " " + value).strip()
            elif key == "param":
                params.append(_parse_param(name, value))
        return cls(name=name, text=text, title=title, description=description, params=tuple(params))

    def bind(self, values: dict[str, str]) -> dict[str, Literal | URIRef]:
        """Bindings for ``initBindings`` from ``key=value`` strings, defaults filled in."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            choices = ", ".join(known) or "none"
            raise ValueError(
                f"query {self.name}: unknown parameter {unknown[0]!r} (parameters: {choices})"
            )
        out: dict[str, Literal | URIRef] = {}
        for param in self.params:
            value = values.get(param.name, param.default)
            if value is None:
                raise ValueError(
                    f"query {self.name}: missing --param {param.name}=… ({param.description})"
                )
            out[param.name] = param.to_term(value)
        return out

    def body(self) -> str:
        """The query text without comments, string literals or IRIs (for checks on variables)."""
        text = re.sub(r"<[^<>\s]*>", " ", self.text)
        text = re.sub(r"'''.*?'''|\"\"\".*?\"\"\"", " ", text, flags=re.S)
        text = re.sub(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"", " ", text)
        return re.sub(r"#[^\n]*", " ", text)

    def variables(self) -> set[str]:
        """Names of the variables the query uses anywhere.

        >>> sorted(QuerySpec.from_text("x", "SELECT ?a WHERE { ?a <urn:p?q> $b }").variables())
        ['a', 'b']
        """
        return set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", self.body()))

    def projection(self) -> set[str]:
        """Variables named between the first ``SELECT`` and its ``WHERE`` (or ``{``)."""
        match = re.search(
            r"\bSELECT\b(.*?)(?:(?<![?$\w])WHERE\b|\{)", self.body(), flags=re.S | re.I
        )
        if match is None:
            return set()
        return set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", match.group(1)))

    def problems(self) -> list[str]:
        """What is wrong with the header or with how parameters are used, one line each."""
        out = []
        if not self.title:
            out.append(f"{self.name}: no '# title:' line")
        if not self.description:
            out.append(f"{self.name}: no '# description:' line")
        used, projected = self.variables(), self.projection()
        seen: set[str] = set()
        for param in self.params:
            where = f"{self.name}: parameter {param.name}"
            if param.name in seen:
                out.append(f"{where} is declared twice")
            seen.add(param.name)
            if param.name in RESERVED_PARAMS:
                out.append(f"{where}: the name is reserved by the endpoint")
            if param.name not in used:
                out.append(f"{where} is not a variable of the query")
            elif re.search(r"\bSELECT\b", self.body(), flags=re.I) and param.name not in projected:
                out.append(f"{where} is not in the SELECT projection (Oxigraph needs it there)")
            if not param.description:
                out.append(f"{where} has no description")
            if param.default is not None:
                try:
                    param.to_term(param.default)
                except ValueError as exc:
                    out.append(f"{where}: bad default: {exc}")
        return out

    def to_dict(self) -> dict[str, object]:
        """The query as plain JSON-ready values: name, title, description, params, text."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "params": [p.to_dict() for p in self.params],
            "text": self.text,
        }


def _parse_param(query: str, spec: str) -> Param:
    head, _, description = spec.partition("--")
    parts = shlex.split(head)
    if not parts:
        raise ValueError(f"query {query}: empty param line")
    name = parts[0]
    ptype = parts[1] if len(parts) > 1 else "string"
    if ptype not in _TYPES:
        raise ValueError(f"query {query}: parameter {name} has unknown type {ptype!r}")
    default = parts[2] if len(parts) > 2 else None
    return Param(name, ptype, None if default == "-" else default, description.strip())


def all_queries() -> dict[str, QuerySpec]:
    """Every named query shipped in the ``queries`` package, by name."""
    out = {}
    for entry in sorted(files("queries").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out[name] = QuerySpec.from_text(name, entry.read_text(encoding="utf-8"))
    return out


def names() -> list[str]:
    return list(all_queries())


def get(name: str) -> QuerySpec:
    queries = all_queries()
    if name not in queries:
        raise ValueError(f"no named query {name!r}; available: {', '.join(queries) or 'none'}")
    return queries[name]


def catalogue() -> list[dict[str, object]]:
    """The named queries as JSON-ready dictionaries (what ``/queries`` serves)."""
    return [spec.to_dict() for spec in all_queries().values()]


def format_catalogue(specs: list[QuerySpec] | None = None) -> str:
    """The named queries as text for the terminal: name, title, description, parameters."""
    specs = list(all_queries().values()) if specs is None else specs
    blocks = []
    for spec in specs:
        lines = [f"{spec.name}: {spec.title}"]
        lines += [
            f"    {line}" for line in textwrap.wrap(spec.description, 92, break_on_hyphens=False)
        ]
        for param in spec.params:
            if param.required:
                default = "required"
            else:
                default = f"default {param.default!r}" if param.default else "default empty"
            lines.append(
                f"    --param {param.name}=<{param.type}>  ({default}) {param.description}"
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")
