"""Keep what is valid in a document that fails its schema, so the rules that span files
still run on it and one pass reports as much as possible.

Only parts whose loss cannot mislead a rule are dropped: unknown keys, invalid values of
optional keys, invalid items of lists of plain values. A missing or invalid required key, or
a broken item in a list of mappings (whose positions findings refer to), leaves the document
out of the model instead.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

MAX_ROUNDS = 3

Path = tuple[Any, ...]


def valid_part(
    data: dict[str, Any],
    errors: Sequence[ValidationError],
    validate: Callable[[Any], Sequence[ValidationError]],
) -> dict[str, Any] | None:
    """A copy of ``data`` without its invalid parts, valid against the schema, or None."""
    pruned = copy.deepcopy(data)
    for _ in range(MAX_ROUNDS):
        if not _remove(pruned, errors):
            return None
        errors = validate(pruned)
        if not errors:
            return pruned
    return None


def _remove(data: dict[str, Any], errors: Sequence[ValidationError]) -> bool:
    paths: set[Path] = set()
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            schema = error.schema if isinstance(error.schema, dict) else {}
            known = schema.get("properties", {})
            paths.update((*path, key) for key in error.instance if key not in known)
        elif error.validator == "required" or not path:
            return False
        else:
            paths.add(path)
    # Deepest first, and list items from the end, so earlier removals move nothing.
    for path in sorted(paths, key=lambda p: (len(p), p[-1] if isinstance(p[-1], int) else -1),
                       reverse=True):
        if any(path[:n] in paths for n in range(1, len(path))):
            continue
        parent = _get(data, path[:-1])
        key = path[-1]
        if isinstance(parent, dict):
            parent.pop(key, None)
        elif (isinstance(parent, list) and isinstance(key, int)
              and all(not isinstance(v, (dict, list)) for v in parent)):
            del parent[key]
        else:
            return False
    return True


def _get(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data
