"""Find where a value stands in a JSON text, to locate findings about a workspace schema."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from cfo_tools.loading.text_lines import TextLines

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def json_position(text: str, path: Sequence[str | int]) -> tuple[int, int] | None:
    """Line and column (1-based) of the value at ``path`` in ``text``, valid JSON already
    decoded once; None when the path is not there. With a key written twice, the last one
    counts, as for :func:`json.loads`."""
    index = _skip_space(text, 0)
    for part in path:
        found = _child(text, index, part)
        if found is None:
            return None
        index = found
    return TextLines(text).position(index)


def _child(text: str, index: int, part: str | int) -> int | None:
    opening = text[index : index + 1]
    if opening not in ("{", "["):
        return None
    closing = "}" if opening == "{" else "]"
    index = _skip_space(text, index + 1)
    found: int | None = None
    position = 0
    while text[index : index + 1] != closing:
        if opening == "{":
            key, index = _DECODER.raw_decode(text, index)
            index = _skip_space(text, _skip_space(text, index) + 1)  # past the colon
            matches = key == part
        else:
            matches = position == part
        if matches:
            found = index
        index = _skip_space(text, _DECODER.raw_decode(text, index)[1])
        if text[index : index + 1] == ",":
            index = _skip_space(text, index + 1)
        position += 1
    return found


def _skip_space(text: str, index: int) -> int:
    match = _SPACE.match(text, index)
    return match.end() if match else index
