"""Turn JSON Schema errors into findings a non-programmer can act on."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from cfo_tools.loading.source_map import SourceMap
from cfo_tools.model.close_names import CloseNames, did_you_mean
from cfo_tools.model.findings import Finding, json_pointer, pointer_parts
from cfo_tools.model.values import describe_value, number_hint

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of keys to values",
    "null": "nothing",
}


def schema_findings(
    file: str, errors: Iterable[ValidationError], source: SourceMap,
    schema: Any = None,
) -> list[Finding]:
    """Findings for ``errors``; ``schema`` is the document's whole schema, from which a value
    left empty is told apart as required (fill it in) or optional (or remove the key)."""
    findings: list[Finding] = []
    seen_required: set[str] = set()
    for error in errors:
        pointer = json_pointer(error.absolute_path)
        keyword = error.validator
        if keyword == "additionalProperties" and isinstance(error.instance, dict):
            findings.extend(_unknown_keys(file, pointer, error, source))
        elif keyword == "required" and isinstance(error.instance, dict):
            if pointer in seen_required:
                continue
            seen_required.add(pointer)
            line, column = source.position(pointer)
            required = cast("list[str]", error.validator_value)
            for name in required:
                if name not in error.instance:
                    findings.append(Finding(
                        file, line, column, pointer, "schema", "error",
                        f"missing required key '{name}'",
                    ))
        else:
            rule, message = _message(error, pointer, source, schema)
            line, column = source.position(pointer)
            findings.append(Finding(file, line, column, pointer, rule, "error", message))
    return findings


@functools.lru_cache(maxsize=64)
def _close_names(known: tuple[str, ...]) -> CloseNames:
    """One index per list of names: the same schema meets many files and many wrong names."""
    return CloseNames(known)


def _unknown_keys(
    file: str, pointer: str, error: ValidationError, source: SourceMap
) -> list[Finding]:
    # Reached only for a document that failed its schema: the engines are loaded by then.
    from cfo_tools.loading.schema_patterns import pattern_matches

    schema = error.schema if isinstance(error.schema, dict) else {}
    known = list(schema.get("properties", {}))
    patterns = list(schema.get("patternProperties", {}))
    findings = []
    instance = cast("dict[str, Any]", error.instance)
    for key in instance:
        if key in known or any(pattern_matches(p, key) for p in patterns):
            continue
        key_pointer = f"{pointer}/{json_pointer([key])[1:]}"
        line, column = source.position(key_pointer, key=True)
        hint = did_you_mean(_close_names(tuple(known)).closest(key),
                            "known keys: " + ", ".join(known))
        if "extra" in known:
            hint += " (a field of the company's own goes under 'extra:')"
        findings.append(Finding(
            file, line, column, key_pointer, "schema", "error", f"unknown key '{key}'; {hint}",
        ))
    return findings


def _message(error: ValidationError, pointer: str, source: SourceMap,
             root: Any) -> tuple[str, str]:
    keyword = str(error.validator)
    value = cast(Any, error.instance)
    schema = error.schema if isinstance(error.schema, dict) else {}
    surprise = _yaml_surprise(value, keyword, schema, pointer, source)
    if surprise:
        return "ambiguous-scalar", surprise
    if keyword == "type":
        expected = cast("str | list[str]", error.validator_value)
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        if value is None:
            described = schema.get("description")
            if isinstance(described, str) and described and described != "text" and len(
                    names) == 1 and names[0] in ("string", "integer", "number"):
                # The schema's own words say what to write: "a date written YYYY-MM-DD".
                wanted = f"a {described}"
            if _required_key(root, error):
                # Removing it would only trade this finding for "missing required key".
                return "schema", f"a value is required here: write {wanted}"
            return "schema", f"the value is missing: write {wanted} or remove the key"
        message = f"expected {wanted}, found {describe_value(value)}"
        if {"number", "integer"} & set(names):
            message += number_hint(value)
        elif names == ["array"]:
            message += _list_hint(value)
        return "schema", message
    if keyword == "enum":
        allowed = cast("list[Any]", error.validator_value)
        options = [str(o) for o in allowed]
        message = f"{value!r} is not one of: {', '.join(options)}"
        close = _close_names(tuple(options)).closest(str(value))
        if close is not None:
            message += f"; {did_you_mean(close, '')}"
        return "schema", message
    if keyword == "pattern" and "description" in schema:
        message = f"{value!r} is not a {schema['description']}"
        if "lowercase" in schema["description"] and isinstance(value, str):
            suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
            if suggestion and suggestion != value:
                message += f"; try '{suggestion}'"
        return "schema", message
    if keyword == "anyOf" and "description" in schema:
        # A choice of shapes (text, or text per language): say what fits, not "any of".
        return "schema", f"expected {schema['description']}, found {describe_value(value)}"
    if keyword == "minLength" and value == "":
        return "schema", "the text is empty: write something or remove the key"
    if keyword == "uniqueItems" and isinstance(value, list):
        repeated = _first_repeated(value)
        if repeated is not None:
            return "schema", f"the list holds {repeated!r} more than once; keep one"
    if keyword == "minItems" and value == []:
        return "schema", "the list is empty: it needs at least one item"
    return "schema", error.message


#: An item of a list written as text that can be given back in a flow list unquoted: one
#: word (an id, a language); with spaces it may be a sentence, not a list.
_PLAIN_ITEM = re.compile(r"[\w@.+-]+")


def _list_hint(value: object) -> str:
    """``; write [dev, design]`` for a list written as text (``roles: dev, design``), when
    each of its items can be written plainly; else nothing."""
    if not isinstance(value, str):
        return ""
    items = [item.strip() for item in value.split(",")]
    if not all(_PLAIN_ITEM.fullmatch(item) for item in items):
        return ""
    return f"; write [{', '.join(items)}]"


def _required_key(root: Any, error: ValidationError) -> bool:
    """Whether the value of ``error`` sits under a key its object's schema requires. The
    schema path ends ``properties/KEY/<keyword>``; the object's schema is found by walking
    the path from ``root``, through local ``$ref``s (jsonschema leaves them out of the path).
    Anything else (no schema given, a remote reference, an unexpected shape) says no."""
    path = list(error.absolute_schema_path)
    instance_path = list(error.absolute_path)
    if (len(path) < 3 or path[-3] != "properties" or not instance_path
            or path[-2] != instance_path[-1]):
        return False
    node = root
    for segment in [*path[:-3], None]:
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and (
                segment is None or segment not in node) and seen < 32:
            node = _local_reference(root, node["$ref"])
            seen += 1
        if segment is None:
            break
        try:
            node = node[segment]
        except (KeyError, IndexError, TypeError):
            return False
    required = node.get("required") if isinstance(node, dict) else None
    return isinstance(required, list) and path[-2] in required


def _local_reference(root: Any, reference: str) -> Any:
    """The part of ``root`` a ``#/...`` reference names, else None."""
    if not reference.startswith("#"):
        return None
    node = root
    for part in pointer_parts(reference[1:]):
        try:
            node = node[int(part)] if isinstance(node, list) else node[part]
        except (KeyError, IndexError, TypeError, ValueError):
            return None
    return node


def _first_repeated(items: list[Any]) -> Any:
    """The first item seen twice, in one pass (a list may have 100,000 items)."""
    seen: set[str] = set()
    for item in items:
        key = json.dumps(item, sort_keys=True, default=str)
        if key in seen:
            return item
        seen.add(key)
    return None


def _yaml_surprise(
    value: Any, keyword: str, schema: dict[str, Any], pointer: str, source: SourceMap
) -> str | None:
    """YAML 1.1 reads ``no``, ``on``, ``1.10`` and ``010`` as booleans and numbers; when text
    was wanted, say what happened and how to quote it."""
    if not isinstance(value, (bool, int, float)):
        return None
    if keyword == "type":
        expected = schema.get("type")
        wanted = [expected] if isinstance(expected, str) else list(expected or [])
        if "string" not in wanted:
            return None
    elif keyword == "enum":
        if not any(isinstance(option, str) for option in schema.get("enum", [])):
            return None
    else:
        return None
    written = source.scalar_text(pointer)
    if written is None:
        return None
    return (
        f"{written} was read as {describe_value(value)}, not as text; "
        f'put it in quotes: "{written}"'
    )
