"""Words of the messages catalogue with ``{name}`` placeholders, filled in one pass.

A workspace may override any message (templates/messages/<lang>.yaml) and pull requests bring
such files: unlike ``str.format``, nothing here reaches an attribute or an index of a value,
and a value that itself holds ``{name}`` stays as written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


#: Messages longer than this (a template's text given to ``fill``) are filled by the pattern
#: each time, not split and remembered.
_SPLIT_LONGEST = 4096


def filled(message: str, values: Mapping[str, str]) -> str:
    """``message`` with each ``{name}`` of ``values`` replaced; other braces left as they are."""
    if type(message) is not str or len(message) > _SPLIT_LONGEST:
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), message)
    # A catalogue's sentence is split at its placeholders once: a board of 7,000 missions
    # fills the same few sentences again and again, and the pattern's search and a Python
    # call per placeholder cost twice this join.
    pieces = _pieces(message)
    if len(pieces) == 1:
        return message
    text = [pieces[0]]
    for index in range(1, len(pieces), 2):
        name = pieces[index]
        text.append(values.get(name, f"{{{name}}}"))
        text.append(pieces[index + 1])
    return "".join(text)


@functools.lru_cache(maxsize=1024)
def _pieces(message: str) -> tuple[str, ...]:
    """The text between the placeholders of ``message`` and their names, in turn: text,
    name, text, ..., text."""
    return tuple(_PLACEHOLDER.split(message))


def filled_size(message: str, values: Mapping[str, str]) -> int:
    """The length of ``filled(message, values)``, known before building it (a short message
    with many placeholders and a long value can ask for far more text than it is)."""
    size = len(message)
    for match in _PLACEHOLDER.finditer(message):
        value = values.get(match.group(1))
        if value is not None:
            size += len(value) - len(match.group(0))
    return size
