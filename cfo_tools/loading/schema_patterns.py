"""Regular expressions of schemas, matched in time proportional to the text.

Python's ``re`` backtracks: ``^(a+)+$`` from a workspace schema, against a long enough value,
runs for hours. ``jsonschema`` uses ``re`` for ``pattern``, ``patternProperties`` and
``additionalProperties``; these keywords are replaced here by ones that match with the
engine of jsonschema-rs (Rust's ``regex``, linear; patterns that need backtracking, such as
look-arounds, run with its backtracking limit). The fast path already uses it, so both
engines also agree on what matches.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema_rs
from jsonschema import ValidationError, validators

_MATCHERS: dict[str, Any] = {}


def pattern_matches(pattern: str, text: str) -> bool:
    """Whether ``pattern`` matches somewhere in ``text`` (JSON Schema's ``pattern``)."""
    matcher = _MATCHERS.get(pattern)
    if matcher is None:
        matcher = _MATCHERS[pattern] = jsonschema_rs.validator_for(
            {"pattern": pattern}, validate_formats=False)
    return bool(matcher.is_valid(text))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not pattern_matches(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(
    validator: Any, patterns: dict[str, Any], instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if pattern_matches(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(
    validator: Any, additional: Any, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    known = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    extras = [key for key in instance if key not in known
              and not any(pattern_matches(p, key) for p in patterns)]
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        listed = ", ".join(repr(extra) for extra in sorted(extras, key=str))
        verb = "was" if len(extras) == 1 else "were"
        yield ValidationError(f"Additional properties are not allowed ({listed} {verb} "
                              "unexpected)")


def linear_validator_class(cls: Any) -> Any:
    """``cls`` with the keywords that match regular expressions made linear."""
    keywords = {"pattern": _pattern, "patternProperties": _pattern_properties,
                "additionalProperties": _additional_properties}
    return validators.extend(cls, {
        name: function for name, function in keywords.items() if name in cls.VALIDATORS
    })
