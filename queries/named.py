"""Named SPARQL queries: ``queries/*.rq`` files with a header that says what they answer.

Header lines at the top of a ``.rq`` file::

    # title: Profile of an entity
    # description: Types, aliases, relations and sources of one entity, found by name.
    # param: name string "Vladimir Putin" -- label or alias of the entity
    # param: limit integer 100 -- maximum number of rows

A parameter has a type (``string``, ``integer``, ``decimal``, ``date``, ``iri``), an optional
default (``-`` for none, which makes it required) and a description. Values are bound to the
query variable of the same name through ``initBindings``; they are never pasted into the text.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from importlib.resources import files

from rdflib import XSD, Literal, URIRef

__all__ = ["Param", "QuerySpec", "names", "get", "all_queries"]

_TYPES = {"string", "integer", "decimal", "date", "iri"}


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "string"
    default: str | None = None
    description: str = ""

    def to_term(self, value: str) -> Literal | URIRef:
        """Convert a user-supplied string into an RDF term of this parameter's type."""
        if self.type == "iri":
            return URIRef(value)
        if self.type == "integer":
            try:
                return Literal(int(value))
            except ValueError:
                raise ValueError(f"parameter {self.name}: {value!r} is not an integer") from None
        if self.type == "decimal":
            try:
                return Literal(float(value), datatype=XSD.decimal)
            except ValueError:
                raise ValueError(f"parameter {self.name}: {value!r} is not a number") from None
        if self.type == "date":
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError(f"parameter {self.name}: {value!r} is not a YYYY-MM-DD date")
            return Literal(value, datatype=XSD.date)
        return Literal(value)


@dataclass(frozen=True)
class QuerySpec:
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
