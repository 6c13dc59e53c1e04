"""The common case of a workspace file read by a compiled parser, with its line map.

PyYAML's C loader still makes a Python node (and two marks) per value, then our walk builds the
data and the line map from them: about half of a cold ``validate``. Most files are written in a
small part of YAML: block mappings and sequences, one key per line, plain or quoted text on one
line, whole numbers, ``true``/``false``, dates, flow lists of words. For such a text, yaml-rs
(Rust) builds the Python data, and one pass over the lines here finds the character index of
every value (the line map, ``line_map.LineMap``), as PyYAML's marks give it.

The pass also vouches for the text: it answers only when every line is of that small part of
YAML and every plain value is one that YAML 1.1 (PyYAML's, whose traps the reader reports) and
YAML 1.2 (yaml-rs') read alike. Anything else (anchors, aliases, tags, merge keys, several
documents, block scalars, flow mappings, escapes, tabs, empty values, ``yes``/``on``, ``0755``,
``1:30``, ``1e3``, ``.inf``, keys that are not plain words, unusual characters, ...) or any
yaml-rs error gives None, and the caller reads the file with PyYAML as before, so that every
finding and message stays what it was. ``tests/test_fast_yaml.py`` proves both readers agree.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Any

import yaml_rs

from cfo_tools.loading.pointer_table import (
    child_pointers,
    forget_pointers_if_many,
    item_pointer,
    new_child_pointer,
)

#: What makes a text ineligible wherever it is: tabs and carriage returns (layout YAML reads
#: otherwise than lines), C0/C1 controls (refused by PyYAML with a message of its own), YAML
#: 1.1's line breaks (NEL, U+2028, U+2029: line breaks for PyYAML, not for yaml-rs), a BOM
#: inside the text, surrogates and non-characters, and document markers. Indicators (``&``,
#: ``*``, ``!``, ``|``, ``>``, ``{``, ``%``, ``@``...) matter only where a value starts, which
#: the line pass checks.
_INELIGIBLE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]").search

#: Plain texts both YAML versions read as the same non-text value (true, false, null).
_SAME_WORDS = frozenset(("true", "True", "TRUE", "false", "False", "FALSE",
                         "null", "Null", "NULL"))
#: Words whose lowercase form YAML 1.1 or 1.2 may read as something else than text.
_RISKY_WORDS = frozenset(("yes", "no", "on", "off", "true", "false", "null", "y", "n"))
#: The plain forms starting with a digit, a sign or a dot both read alike.
_NUMBER_LIKE = re.compile(
    r"-?(?:0|[1-9][0-9]{0,17})"  # a whole number (as PyYAML's fast path in our loader)
    r"|-?(?:0|[1-9][0-9]{0,17})\.[0-9]+"  # a decimal number, finite (PyYAML reports inf)
    r"|[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?"  # a date or a month, kept as text by both
)
_IS_NUMBER_LIKE = _NUMBER_LIKE.fullmatch
_NUMBER_FIRST = frozenset("0123456789+-.")
#: A plain scalar's first character that YAML reads as an indicator, or that our reader
#: resolves specially (``=`` value, ``<<`` merge, ``~`` null).
_INDICATOR_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`=<~")

#: What a flow list's item may not hold here: quotes, flow indicators, colons, comments.
_FLOW_ODD = re.compile(r"['\"{}\[\]:#]").search

#: The block scalars read here: literal or folded, the last line break kept or stripped (no
#: ``+``, no indentation indicator).
_BLOCK_STYLES = frozenset(("|", "|-", ">", ">-"))

#: A digit in a plain scalar that starts with ``_``: yaml-rs drops underscores from a number
#: (``_9`` is 9, ``_1e3`` 1000.0, as a key too), PyYAML reads the text.
_DIGIT = re.compile("[0-9]").search

_MAX_DEPTH = 40
#: Every line, as (indentation, a sequence dash with its spaces, a plain key with its colon
#: and spaces, the key, the rest).
_LINES = re.compile(
    r"^( *)(-(?: +|$))?(([A-Za-z_][A-Za-z0-9_-]*+):(?: +|$))?(.*)$", re.MULTILINE).findall
_PLUS_ONE = (1).__add__


class _NotVouched(Exception):
    """The text is outside what this reader vouches for."""


def fast_parse(text: str) -> tuple[dict[str, Any], dict[str, int], list[int]] | None:
    """The data, the line map's marks (JSON pointer -> character index of its value) and the
    lines' starts of ``text``, or None when the text is not vouched for (see the module)."""
    if has_ineligible_character(text) or text.startswith(("---", "...")) \
            or "\n---" in text or "\n..." in text:
        return None
    try:
        marks, starts = _line_marks(text)
    except Exception:  # _NotVouched; anything else would be this module's mistake: PyYAML
        return None
    finally:
        forget_pointers_if_many()
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # any refusal: PyYAML says what is wrong, as before
        return None
    except BaseException as exc:
        # A Rust panic inside yaml-rs arrives as pyo3's PanicException, which derives from
        # BaseException: it is yaml-rs's bug, not the file's, and PyYAML reads the file.
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        return None
    if data.__class__ is not dict:
        return None
    return data, marks, starts


def has_ineligible_character(text: str) -> bool:
    """Whether ``text`` holds a character of ``_INELIGIBLE``."""
    # str.isprintable (C, a table per character) refuses every character _INELIGIBLE names
    # (controls, line and paragraph separators, format characters such as the BOM,
    # surrogates, non-characters) and more (no-break spaces, private use...): a text it
    # accepts, newlines aside, has none. The regular expression, which costs twice as much
    # on workspace files (callgrind), decides only for the others.
    return not text.replace("\n", " ").isprintable() and _INELIGIBLE(text) is not None


class _Level:
    __slots__ = ("column", "count", "is_map", "names", "pointer")

    def __init__(self, column: int, is_map: bool, pointer: str) -> None:
        self.column = column
        self.is_map = is_map
        self.pointer = pointer
        self.count = 0
        self.names: dict[str, str] = child_pointers(pointer) if is_map else {}


def _line_marks(text: str) -> tuple[dict[str, int], list[int]]:
    """Marks and lines' starts, as PyYAML's marks and ``TextLines`` give them."""
    lines = _LINES(text)
    starts = list(accumulate(map(_PLUS_ONE, map(len, text.split("\n")[:-1])), initial=0))
    if len(lines) != len(starts):
        raise _NotVouched
    marks: dict[str, int] = {}
    stack: list[_Level] = []
    level: _Level | None = None
    # A key whose value is on the next lines: (its pointer, the key's column).
    pending: tuple[str, int] | None = None
    # Inside a block scalar (``|``, ``>``...): the column its lines must be right of, and
    # theirs once the first one is met.
    block: int | None = None
    block_column: int | None = None
    for (indent, dash, keyed, key, rest), at in zip(lines, starts, strict=True):
        if block is not None:
            if not dash and not keyed and not rest:
                if indent or block_column is None:
                    # Spaces alone, or a blank line first: where YAML 1.1 and 1.2 may keep
                    # other spaces or newlines.
                    raise _NotVouched
                continue
            if len(indent) > block:
                if block_column is None:
                    block_column = len(indent)
                elif len(indent) != block_column:
                    raise _NotVouched  # more indented lines: folded otherwise
                continue
            if block_column is None:
                raise _NotVouched  # an empty block
            block = None
        if not rest:
            if not dash and not keyed:
                continue  # blank
        elif rest[0] == "#" and not dash and not keyed:
            continue  # a comment
        column = len(indent)
        if pending is not None:
            pointer, key_column = pending
            pending = None
            if column > key_column:
                level = _Level(column, not dash, pointer)
            elif column == key_column and dash and level is not None and level.is_map:
                level = _Level(column, False, pointer)
            else:
                raise _NotVouched  # an empty value
            if len(stack) >= _MAX_DEPTH:
                raise _NotVouched
            marks[pointer] = at + column
            stack.append(level)
        elif level is None:
            if column or dash or not keyed:
                raise _NotVouched  # the document must be a mapping from the first column
            level = _Level(0, True, "")
            stack.append(level)
            marks[""] = at
        elif column != level.column:
            while level.column > column:
                stack.pop()
                if not stack:
                    raise _NotVouched
                level = stack[-1]
            if level.column != column:
                raise _NotVouched  # a continued plain text, or a misplaced line
        if dash:
            if level.is_map:
                raise _NotVouched
            pointer = item_pointer(level.pointer, level.count)
            level.count += 1
            if keyed:
                # An item that is a mapping: its keys at the column of this first one.
                if len(stack) >= _MAX_DEPTH or (len(key) <= 5 and key.lower() in _RISKY_WORDS) \
                        or (key[0] == "_" and _DIGIT(key)):
                    raise _NotVouched
                key_column = column + len(dash)
                marks[pointer] = at + key_column
                level = _Level(key_column, True, pointer)
                stack.append(level)
                pointer = level.names.get(key) or new_child_pointer(pointer, key)
            elif not rest or rest[0] == "#":
                raise _NotVouched  # an item written on the next lines
        else:
            if not level.is_map:
                if len(stack) > 1 and stack[-2].column == column:
                    stack.pop()  # the end of a list written at its key's column
                    level = stack[-1]
                else:
                    raise _NotVouched
            if not keyed or (len(key) <= 5 and key.lower() in _RISKY_WORDS) \
                    or (key[0] == "_" and _DIGIT(key)):
                raise _NotVouched
            pointer = level.names.get(key) or new_child_pointer(level.pointer, key)
            key_column = column
        if not rest or rest[0] == "#":
            pending = (pointer, key_column)
            continue
        value_at = at + column + len(dash) + len(keyed)
        marks[pointer] = value_at
        # Only a short value can be a block scalar's header: not hashing every value.
        if len(rest) <= 2 and rest in _BLOCK_STYLES:
            block = key_column if keyed else column
            block_column = None
            continue
        if rest[0].isalpha() and ": " not in rest and " #" not in rest \
                and rest[-1] != ":":
            # The risky words are 5 letters at most, and may be followed by spaces.
            if len(rest) <= 5 or rest[-1] == " ":
                word = rest.rstrip(" ")
                if word.lower() in _RISKY_WORDS and word not in _SAME_WORDS:
                    raise _NotVouched
        elif _IS_NUMBER_LIKE(rest) is None:
            # A number or a date alone on its line (the next most common value) is what
            # _vouch_value would accept, in one call instead of three.
            _vouch_value(rest, pointer, value_at, marks)
    if pending is not None or level is None:
        raise _NotVouched
    if block is not None and (block_column is None or text[-1:] != "\n"):
        raise _NotVouched  # a block scalar ending the text without a line break: read otherwise
    return marks, starts


def _vouch_value(rest: str, pointer: str, at: int, marks: dict[str, int]) -> None:
    """Check the value written ``rest`` (to the end of its line), recording the marks of a
    flow list's items."""
    first = rest[0]
    if first == "'" or first == '"':
        end = _quoted_end(rest, first)
        if first == '"' and "\\" in rest[:end]:
            raise _NotVouched  # escapes: YAML 1.1 and 1.2 do not have the same ones
        tail = rest[end + 1:]
        if tail.strip(" ") and not tail.startswith(" #"):
            raise _NotVouched
        return
    if first == "[":
        _vouch_flow_list(rest, pointer, at, marks)
        return
    _vouch_plain(_without_comment(rest))


def _without_comment(rest: str) -> str:
    cut = rest.find(" #")
    value = rest if cut < 0 else rest[:cut]
    return value.rstrip(" ")


def _quoted_end(rest: str, quote: str) -> int:
    """Index in ``rest`` of the quote closing the scalar opened at 0, on this line."""
    index = 1
    while True:
        index = rest.find(quote, index)
        if index < 0:
            raise _NotVouched  # continued on the next lines
        if quote == "'" and rest[index + 1:index + 2] == "'":
            index += 2
            continue
        return index


def _vouch_flow_list(rest: str, pointer: str, at: int, marks: dict[str, int]) -> None:
    end = rest.find("]")
    if end < 0 or "[" in rest[1:end]:
        raise _NotVouched
    tail = rest[end + 1:]
    if tail.strip(" ") and not tail.startswith(" #"):
        raise _NotVouched
    inside = rest[1:end]
    if not inside.strip(" "):
        if inside:
            raise _NotVouched  # "[ ]": kept simple
        return
    offset = 1
    for count, item in enumerate(inside.split(",")):
        text = item.strip(" ")
        if not text or _FLOW_ODD(text) is not None:
            raise _NotVouched
        _vouch_plain(text)
        marks[item_pointer(pointer, count)] = at + offset + (len(item) - len(item.lstrip(" ")))
        offset += len(item) + 1


def _vouch_plain(text: str) -> None:
    """A plain scalar both YAML versions read alike (text, a plain number, true/false)."""
    if not text:
        raise _NotVouched
    first = text[0]
    if first in _INDICATOR_FIRST:
        if first == "-" and _NUMBER_LIKE.fullmatch(text):
            return
        raise _NotVouched
    if ": " in text or text[-1] == ":":
        raise _NotVouched
    if first in _NUMBER_FIRST:
        if _NUMBER_LIKE.fullmatch(text) or (" " in text and first not in "-."):
            return
        raise _NotVouched
    if first == "_" and _DIGIT(text):
        raise _NotVouched
    if len(text) <= 5 and text.lower() in _RISKY_WORDS and text not in _SAME_WORDS:
        raise _NotVouched
