"""Words of the messages catalogue with ``{name}`` placeholders, filled in one pass.

A workspace may override any message (templates/messages/<lang>.yaml) and pull requests bring
such files: unlike ``str.format``, nothing here reaches an attribute or an index of a value,
and a value that itself holds ``{name}`` stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def filled(message: str, values: Mapping[str, str]) -> str:
    """``message`` with each ``{name}`` of ``values`` replaced; other braces left as they are."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), message)


def filled_size(message: str, values: Mapping[str, str]) -> int:
    """The length of ``filled(message, values)``, known before building it (a short message
    with many placeholders and a long value can ask for far more text than it is)."""
    size = len(message)
    for match in _PLACEHOLDER.finditer(message):
        value = values.get(match.group(1))
        if value is not None:
            size += len(value) - len(match.group(0))
    return size
