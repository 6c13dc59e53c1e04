"""Positions of JSON pointers from a document's line map.

The line map (pointer -> line, column of every value) is built by the parse itself
(``parse_document(..., line_map=True)``), in the worker that reads the file, and is cached
with the document; a finding is then located without composing the file again. The map exists
only for plain documents (no aliases, merge keys, duplicate or non-text keys), where it says
exactly what :class:`~cfo_tools.loading.source_map.SourceMap` says, including for a pointer
that is not there (the deepest value on its way, like ``SourceMap.node_at``).
"""

from __future__ import annotations

from cfo_tools.model.findings import pointer_parts

Position = tuple[int, int]
LineMap = dict[str, Position]


def position_in(line_map: LineMap, pointer: str) -> Position | None:
    """Line and column of ``pointer``, or None when only the source map can tell (a pointer
    not written the way the map writes them, such as the index ``01``)."""
    found = line_map.get(pointer)
    if found is not None:
        return found
    best = line_map.get("")
    if best is None:
        return None
    prefix = ""
    for part in pointer_parts(pointer):
        if part.isdigit() and not (part.isascii() and str(int(part)) == part):
            return None  # the source map reads "01" as index 1 of a list
        prefix = f"{prefix}/{part.replace('~', '~0').replace('/', '~1')}"
        here = line_map.get(prefix)
        if here is None:
            return best
        best = here
    return best
