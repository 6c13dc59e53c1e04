"""Positions of JSON pointers from a document's line map.

The line map (pointer -> character index of every value, and where each line starts) is built
by the parse itself (``parse_document(..., line_map=True)``), in the worker that reads the file,
and is cached with the document; a finding is then located without composing the file again.
The map exists only for plain documents (no aliases, merge keys, duplicate or non-text keys),
where it says exactly what :class:`~cfo_tools.loading.source_map.SourceMap` says, including for
a pointer that is not there (the deepest value on its way, like ``SourceMap.node_at``).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from cfo_tools.model.findings import pointer_parts

Position = tuple[int, int]


@dataclass(frozen=True)
class LineMap:
    #: JSON pointer -> character index of its value.
    marks: dict[str, int]
    #: The character index where each line starts (as TextLines counts lines: at "\n" only).
    starts: list[int]

    def position(self, pointer: str) -> Position | None:
        """Line and column of ``pointer``, or None when only the source map can tell (a
        pointer not written the way the map writes them, such as the index ``01``)."""
        marks = self.marks
        found = marks.get(pointer)
        if found is None:
            found = _deepest(marks, pointer)
            if found is None:
                return None
        line = bisect_right(self.starts, found)
        return line, found - self.starts[line - 1] + 1

    def to_data(self) -> tuple[dict[str, int], list[int]]:
        """Plain data, for the cache."""
        return self.marks, self.starts

    @classmethod
    def from_data(cls, data: Any) -> LineMap | None:
        """The map from :meth:`to_data`'s output, or None for anything else."""
        if (isinstance(data, tuple) and len(data) == 2 and isinstance(data[0], dict)
                and isinstance(data[1], list) and data[1][:1] == [0]):
            return cls(data[0], data[1])
        return None


def _deepest(marks: dict[str, int], pointer: str) -> int | None:
    best = marks.get("")
    if best is None:
        return None
    prefix = ""
    for part in pointer_parts(pointer):
        if part.isdigit() and not (part.isascii() and str(int(part)) == part):
            return None  # the source map reads "01" as index 1 of a list
        prefix = f"{prefix}/{part.replace('~', '~0').replace('/', '~1')}"
        here = marks.get(prefix)
        if here is None:
            return best
        best = here
    return best
