"""The API's JSON text: what ``json.dumps(document, ensure_ascii=False, sort_keys=True,
indent=1)`` writes, character for character, in about half the time.

With ``indent``, the standard library encodes in pure Python, one generator per level of
nesting, and the site's API is 50 MB of it on a large workspace (``missions.json`` alone is
2 s of CPU). The documents are plain trees of dicts with text keys, lists, text, integers,
booleans and None: those are written here, with the library's own (C) string escaping. Any
other value (a float, a subclass, a key that is not text) hands the whole document back to
the library, so the text is always the library's.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any


class _Unusual(Exception):
    """A value this encoder leaves to the standard library."""


def json_text(document: object) -> str:
    """``document`` as ``json.dumps(..., ensure_ascii=False, sort_keys=True, indent=1)``."""
    parts: list[str] = []
    try:
        _encode(document, "\n", parts, {})
    except (_Unusual, RecursionError):
        return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1)
    return "".join(parts)


def entry_text(entry: object, keys: dict[str, str]) -> str:
    """The JSON of ``entry``, an item of a list that a document holds at its top (nested two
    levels: ``{"missions": [entry, ...]}``), as :func:`json_text` writes it there; ``keys``:
    the JSON of the keys met so far, shared by the entries of a document."""
    return _nested_text(entry, "\n  ", keys)


def top_value_text(value: object, keys: dict[str, str]) -> str:
    """The JSON of ``value``, the value of a key at the top of a document, as
    :func:`json_text` writes it there (nested one level)."""
    return _nested_text(value, "\n ", keys)


def _nested_text(value: object, newline: str, keys: dict[str, str]) -> str:
    """The JSON of ``value`` nested under ``newline`` (a line break and the indent of its
    level), as :func:`json_text` writes it there."""
    parts: list[str] = []
    try:
        _encode(value, newline, parts, keys)
    except (_Unusual, RecursionError):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)
        # A newline is never inside a string (it is escaped): each one starts a line.
        return text.replace("\n", newline)
    return "".join(parts)


def _scalar(value: Any) -> str | None:
    """The JSON of a text, an integer, a boolean or None; None for anything else."""
    kind = value.__class__
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return None


def _encode(value: Any, indent: str, parts: list[str], keys: dict[str, str]) -> None:
    """Append the JSON of ``value``, nested at ``indent`` (a newline and one space a level);
    ``keys``: the JSON of each key met so far (a document repeats a few keys thousands of
    times)."""
    text = _scalar(value)
    if text is not None:
        parts.append(text)
        return
    kind = value.__class__
    inner = indent + " "
    if kind is dict:
        if not value:
            parts.append("{}")
            return
        if any(key.__class__ is not str for key in value):
            raise _Unusual
        lead = "{" + inner
        for key in sorted(value):
            item = value[key]
            name = keys.get(key)
            if name is None:
                name = keys[key] = encode_basestring(key) + ": "
            text = _scalar(item)
            if text is not None:
                parts.append(lead + name + text)
            else:
                parts.append(lead + name)
                _encode(item, inner, parts, keys)
            lead = "," + inner
        parts.append(indent + "}")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
            return
        lead = "[" + inner
        for item in value:
            text = _scalar(item)
            if text is not None:
                parts.append(lead + text)
            else:
                parts.append(lead)
                _encode(item, inner, parts, keys)
            lead = "," + inner
        parts.append(indent + "]")
    else:
        raise _Unusual
