"""The key of a render: a digest of everything a document or a page is rendered from, so that
one whose key did not change since the last build need not be rendered again (``cfo build``'s
documents, ``cfo site``'s pages of records).

A key is made of what every render of a run shares (:func:`settings_digest`: the tool's code
and version, the libraries that render, the templates' sources, the words, the language, the
day, the limits) and of the render's own inputs (its template and its context), digested
whole by walking the objects they hold (:func:`walked`), so that nothing a document shows can
be left out of its key by mistake. A context that cannot be walked (it holds a function made
on the fly) has no key: it is rendered every time.
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import io
import os
import pickle
import sys
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from cfo_tools import __version__

#: The libraries whose output is in the documents, besides the code of cfo itself.
_RENDERING_LIBRARIES = ("jinja2", "markupsafe", "babel")


def settings_digest(*parts: object) -> bytes:
    """The digest of what every render of a run depends on: the tool, the libraries and
    ``parts`` (the settings, the words, the templates' sources), walked as contexts are."""
    from cfo_tools.loading.document_cache import _code_fingerprint

    digest = hashlib.blake2b(digest_size=32)
    digest.update(f"cfo-tools {__version__}\n{sys.version}\n".encode())
    for name in _RENDERING_LIBRARIES:
        try:
            digest.update(f"{name} {version(name)}\n".encode())
        except PackageNotFoundError:  # pragma: no cover - not installed as a distribution
            digest.update(f"{name} ?\n".encode())
    digest.update(_code_fingerprint())
    digest.update(walked(parts, Reductions({})))
    return digest.digest()


def template_sources(searchpath: list[Path]) -> list[tuple[int, str, str, str | bytes]]:
    """Every file of the template folders ``searchpath`` (the workspace's, then the packaged
    ones) with the digest of its bytes: a template may include or extend any other, so every
    key depends on all of them. A link is taken by what it says, never followed. The folders
    are named by their place in the search, so that a workspace checked out elsewhere (CI)
    keeps its keys."""
    templates: list[tuple[int, str, str, str | bytes]] = []
    for place, base in enumerate(searchpath):
        for path in sorted(base.rglob("*")) if base.is_dir() else ():
            name = path.relative_to(base).as_posix()
            if path.is_symlink():
                templates.append((place, name, "link", os.readlink(path)))
            elif path.is_file():
                digest = hashlib.blake2b()
                with path.open("rb") as file:
                    while block := file.read(1 << 20):
                        digest.update(block)
                templates.append((place, name, "file", digest.digest()))
    return templates


def render_key(settings: bytes, parts: object, table: Mapping[type, Any] | None = None
               ) -> bytes | None:
    """The key of a render made of ``parts`` under ``settings`` (:func:`settings_digest`);
    None when ``parts`` cannot be walked (then the render is never taken as unchanged)."""
    try:
        content = walked(parts, _PLAIN if table is None else table)
    except Exception:  # a lambda, a cycle, an object pickle refuses: no key, render it
        return None
    return hashlib.blake2b(settings + content, digest_size=32).digest()


class _Walker(pickle.Pickler):
    """Pickles a value as its content: dataclasses by their fields only (not what a
    ``cached_property`` left in their ``__dict__``), records by their content key when the
    table has one, and without the memo, so that two equal values give the same bytes
    whether or not they share objects."""

    def __init__(self, out: io.BytesIO, table: Mapping[type, Any]) -> None:
        super().__init__(out, protocol=5)
        self.fast = True
        self.dispatch_table = table


class Reductions(dict[type, Any]):
    """The walker's table, by class: filled as classes come (the pickler asks the table for
    the class of every object that is not a plain value). ``records`` (by ``id()``) are the
    objects that stand for themselves by a key, when their class is one of ``kinds``."""

    def __init__(self, records: dict[int, bytes], kinds: tuple[type, ...] = ()) -> None:
        # Dates and amounts by their own reductions (in C), without asking again.
        super().__init__({date: date.__reduce__, Decimal: Decimal.__reduce__})
        self.records = records
        self.kinds = kinds

    def __missing__(self, cls: type) -> Any:
        if not dataclasses.is_dataclass(cls):
            # Pickled as pickle would (asked once per class, not once per object).
            found = copyreg.dispatch_table.get(cls, _as_pickle_would)
            self[cls] = found
            return found
        names = tuple(f.name for f in dataclasses.fields(cls))
        records = self.records if issubclass(cls, self.kinds) else {}

        def reduce(obj: Any) -> tuple[type, tuple[Any, ...]]:
            key = records.get(id(obj))
            if key is not None:
                return cls, (key,)
            return cls, tuple([getattr(obj, name) for name in names])

        self[cls] = reduce
        return reduce


def _as_pickle_would(obj: Any) -> Any:
    return obj.__reduce_ex__(5)


#: The table of values without records, shared by every key (it only learns classes).
_PLAIN = Reductions({})


def walked(value: object, table: Mapping[type, Any]) -> bytes:
    """``value`` as bytes that change when, and only when, what it holds changes."""
    out = io.BytesIO()
    _Walker(out, table).dump(value)
    return out.getvalue()


def walked_digests(values: Iterable[object], table: Mapping[type, Any], size: int
                   ) -> list[bytes]:
    """The digest (``size`` bytes) of each of ``values`` walked as :func:`walked` walks it,
    with one walker for all: 50,000 small values, a walker each, cost twice the walk."""
    out = io.BytesIO()
    walker = _Walker(out, table)
    found = []
    for value in values:
        out.seek(0)
        out.truncate()
        walker.dump(value)
        found.append(hashlib.blake2b(out.getbuffer(), digest_size=size).digest())
    return found
