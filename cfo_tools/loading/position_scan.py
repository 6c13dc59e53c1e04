"""Positions of a few JSON pointers in a YAML text, from libyaml's event stream.

A :class:`~cfo_tools.loading.source_map.SourceMap` composes the whole node tree, which for a
mission of 50,000 assignments costs seconds; `cfo check` may need a few thousand positions in
such a file (one per conflict). Walking the parser's events costs about an eighth of that. The
scan answers only for plain documents, where it finds exactly what the source map would: one
document, no aliases, no merge keys, no duplicate or non-text keys. For anything else it returns
None and the caller uses the source map.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from cfo_tools.loading.text_lines import TextLines

_Parser: type = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

Position = tuple[int, int]


class _NotPlain(Exception):
    """The document uses something only the full source map resolves like YAML does."""


class _Level:
    """An open mapping or sequence: its pointer, and where in it the walk is."""

    __slots__ = ("index", "is_mapping", "key", "keys", "pointer", "want_key")

    def __init__(self, pointer: str, is_mapping: bool) -> None:
        self.pointer = pointer
        self.is_mapping = is_mapping
        self.want_key = True
        self.key = ""
        self.index = -1
        self.keys: set[str] = set()


def scan_positions(text: str, pointers: Collection[str]) -> dict[str, Position] | None:
    """Line and column (1-based) of each pointer found exactly, or None when the document is
    not plain enough for the scan to agree with the source map (see the module's docstring)."""
    found: dict[str, Position] = {}
    parser = _Parser(text)
    try:
        _walk(parser, set(pointers), found, TextLines(text))
    except (_NotPlain, yaml.YAMLError, ValueError):
        return None  # the source map reports what makes a text unreadable
    finally:
        parser.dispose()
    return found


def _walk(parser: Any, wanted: set[str], found: dict[str, Position], lines: TextLines) -> None:
    stack: list[_Level] = []
    documents = 0
    while True:
        event = parser.get_event()
        if event is None:
            return
        kind = event.__class__
        if kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _NotPlain
            continue
        if kind is AliasEvent:
            raise _NotPlain
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            continue
        if kind is not ScalarEvent and kind is not MappingStartEvent \
                and kind is not SequenceStartEvent:
            continue
        pointer = _pointer_of(event, stack)
        if pointer is None:
            continue  # that scalar was a key
        if pointer in wanted:
            # From the character index: YAML's own line count also breaks at U+2028 etc.
            found[pointer] = lines.position(event.start_mark.index)
        if kind is MappingStartEvent:
            stack.append(_Level(pointer, True))
        elif kind is SequenceStartEvent:
            stack.append(_Level(pointer, False))


def _pointer_of(event: Any, stack: list[_Level]) -> str | None:
    """The pointer of the node starting at ``event``, or None for a mapping key (recorded in
    its level instead)."""
    if not stack:
        return ""
    level = stack[-1]
    if not level.is_mapping:
        level.index += 1
        return f"{level.pointer}/{level.index}"
    if level.want_key:
        if event.__class__ is not ScalarEvent or event.tag is not None:
            raise _NotPlain  # a list, mapping or tagged key
        key = event.value
        if key in level.keys or (key == "<<" and event.implicit[0]):
            raise _NotPlain  # a duplicate key, or a merge key
        level.keys.add(key)
        level.key = key
        level.want_key = False
        return None
    level.want_key = True
    return f"{level.pointer}/{level.key.replace('~', '~0').replace('/', '~1')}"
