"""What a workspace schema may refer to: itself and the packaged schemas, nothing else.

Schemas arrive through pull requests that CI checks, so a ``$ref`` to ``http://…`` or
``file://…`` must never make either engine send a request or read a file. The registries
below answer for the packaged schemas and refuse everything else; :func:`reference_problems`
turns each reference they would refuse into a finding before anything is compiled.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urldefrag, urljoin

import jsonschema_rs

from cfo_tools.loading.resources import packaged_dir

if TYPE_CHECKING:
    from referencing import Registry

# ``referencing`` (with attrs) serves the Python engine only, which explains invalid
# documents: it is imported when that engine is, not by a run whose documents are valid.

#: jsonschema-rs resolves a relative reference against this base when the schema has no $id.
RUST_BASE = "json-schema:///"

_REFERENCE_KEYWORDS = ("$ref", "$dynamicRef", "$recursiveRef")

Path = tuple[str | int, ...]


class RefusedReference(Exception):
    """A reference to something outside the workspace schema and the packaged ones."""


@cache
def packaged_contents() -> dict[str, Any]:
    """Every packaged schema by file name (so a new kind's schema is found with no list)."""
    return {path.name: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(packaged_dir("schemas").glob("*.schema.json"))}


def _refuse(uri: str) -> NoReturn:
    raise RefusedReference(f"{uri} is not fetched: refer to this schema or a packaged one")


@cache
def python_registry() -> Registry:
    """The packaged schemas by file name; retrieving anything else fails."""
    import referencing.jsonschema
    from referencing import Registry

    # Without their $schema, so that jsonschema keeps our validator class (whose regular
    # expressions are linear) inside them instead of switching to its stock 2020-12 class.
    resources = [
        (name, referencing.jsonschema.DRAFT202012.create_resource(
            {key: value for key, value in contents.items() if key != "$schema"}))
        for name, contents in packaged_contents().items()
    ]
    registry = Registry(retrieve=_refuse)  # type: ignore[call-arg]  # attrs alias of _retrieve
    return registry.with_resources(resources)


@cache
def rust_registry() -> jsonschema_rs.Registry:
    return jsonschema_rs.Registry(
        [(RUST_BASE + name, contents) for name, contents in packaged_contents().items()],
        retriever=_refuse,
    )


def refusing_retriever(uri: str) -> NoReturn:
    """For jsonschema-rs: refuse to fetch anything."""
    _refuse(uri)


def known_dialect(schema: dict[str, Any]) -> bool:
    """Whether ``$schema`` (when given) names a JSON Schema draft both engines know."""
    dialect = schema.get("$schema")
    if dialect is None:
        return True
    if not isinstance(dialect, str):
        return False
    import referencing.jsonschema

    try:
        referencing.jsonschema.specification_with(dialect)
    except referencing.jsonschema.UnknownDialect:
        return False
    return True


def reference_problems(schema: dict[str, Any]) -> list[tuple[Path, str]]:
    """Every reference of ``schema`` that does not resolve to a part of itself or of a
    packaged schema, and every unknown ``$schema``, with the path of the value; resolving
    fetches nothing."""
    import referencing.jsonschema
    from referencing.exceptions import Unresolvable

    problems: list[tuple[Path, str]] = []
    specification = referencing.jsonschema.specification_with(
        schema.get("$schema", ""), default=referencing.jsonschema.DRAFT202012)
    root = specification.create_resource(schema)
    registry = python_registry().with_resource(root.id() or "", root)
    try:
        registry = registry.crawl()
    except Exception as exc:  # an $id that does not form a URI, say
        return [((), f"the schema's $id values cannot be read: {exc}")]
    resolver = registry.resolver(base_uri=root.id() or "")
    found = list(_references(schema))
    # Resources of this schema (its root and every $id in it), wherever they are written.
    own = {root.id() or ""} | {urldefrag(urljoin(base, value))[0]
                               for _, keyword, value, base in found if keyword in ("$id", "id")}
    for path, keyword, value, base in found:
        if keyword == "$schema":
            if path != ("$schema",):
                problems.append((path, "$schema is allowed only at the top of the schema"))
            elif not known_dialect({"$schema": value}):
                problems.append((path, f"unknown $schema {value!r}: use "
                                       "https://json-schema.org/draft/2020-12/schema"))
            continue
        if keyword in ("$id", "id"):
            continue
        target = urljoin(base, value)
        document = urldefrag(target)[0]
        if document not in own and document not in packaged_contents():
            problems.append((path, f"{keyword} {_outside(value)}"))
            continue
        try:
            resolver.lookup(target)
        except Unresolvable:
            where = "this schema" if document in own else f"the packaged {document}"
            problems.append((path, f"{keyword} {value!r} points to nothing in {where}"))
    return problems


def _outside(value: str) -> str:
    return (
        f"{value!r} leads outside this schema, and nothing is fetched: refer to a part of "
        "this schema (#/$defs/...) or of a packaged schema by its file name "
        "(freelancer.schema.json#/$defs/email)"
    )


def _references(schema: Any) -> Iterator[tuple[Path, str, str, str]]:
    """``(path, keyword, value, base URI)`` of every ``$id``, ``$schema`` and reference, in
    document order, each with the base URI its own and enclosing ``$id`` values give it."""
    stack: list[tuple[Any, Path, str]] = [(schema, (), "")]
    while stack:
        node, path, base = stack.pop()
        if isinstance(node, dict):
            for id_keyword in ("$id", "id"):
                value = node.get(id_keyword)
                if isinstance(value, str):
                    yield (*path, id_keyword), id_keyword, value, base
                    base = urljoin(base, value)
            for keyword in (*_REFERENCE_KEYWORDS, "$schema"):
                value = node.get(keyword)
                if isinstance(value, str):
                    yield (*path, keyword), keyword, value, base
            children = [(value, (*path, key)) for key, value in node.items()]
        elif isinstance(node, list):
            children = [(value, (*path, index)) for index, value in enumerate(node)]
        else:
            continue
        stack.extend((child, child_path, base) for child, child_path in reversed(children))
