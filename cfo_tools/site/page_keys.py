"""The key of a page of a record: a digest of everything it is rendered from, so that a page
whose key did not change since the last build need not be rendered again.

A page is made of what every page shows (the settings: workspace, language, company, today,
money, limits, navigation; the words; the templates; the tool's code and the libraries that
render) and of its own view (``record_views.py``). The view is digested whole, by walking the
objects it holds, so that nothing it shows can be left out of its key by mistake; the records
inside it (a mission, a freelancer) stand for themselves by the content key of their file
(``loading/document_cache.py``: bytes, path, schemas, code) instead of being walked again for
each page that shows them. A record without such a key (no cache) is walked like the rest.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
import sys
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from cfo_tools import __version__
from cfo_tools.model.records import Workspace

#: The libraries whose output is in the pages, besides the code of cfo itself.
_RENDERING_LIBRARIES = ("jinja2", "markupsafe", "babel")


def settings_digest(*parts: object) -> bytes:
    """The digest of what every page depends on: the tool, the libraries and ``parts``
    (the settings, the words, the templates' sources, the stylesheet), walked as views are."""
    from cfo_tools.loading.document_cache import _code_fingerprint

    digest = hashlib.blake2b(digest_size=32)
    digest.update(f"cfo-tools {__version__}\n{sys.version}\n".encode())
    for name in _RENDERING_LIBRARIES:
        try:
            digest.update(f"{name} {version(name)}\n".encode())
        except PackageNotFoundError:  # pragma: no cover - not installed as a distribution
            digest.update(f"{name} ?\n".encode())
    digest.update(_code_fingerprint())
    digest.update(_walked(parts, {}))
    return digest.digest()


class PageKeys:
    """Keys of the pages of one build. ``document_keys``: each file's content key, from the
    check; the records of ``workspace`` read from those files stand for themselves by it."""

    def __init__(self, settings: bytes, workspace: Workspace,
                 document_keys: Mapping[str, bytes]) -> None:
        self.settings = settings
        self.workspace = workspace
        self.document_keys = document_keys
        self._records: dict[int, bytes] | None = None

    def __getstate__(self) -> dict[str, Any]:
        # Built again in each spawned worker: ids do not cross processes.
        return {**self.__dict__, "_records": None}

    def key(self, *parts: object) -> bytes:
        """The key of the page made of ``parts`` (its path, template, title and view)."""
        return hashlib.blake2b(self.settings + _walked(parts, self._keyed_records()),
                               digest_size=32).digest()

    def _keyed_records(self) -> dict[int, bytes]:
        """The records of the workspace that have a content key, by ``id()`` (the very
        objects: a changed copy of a record is walked, never taken for the record)."""
        if self._records is None:
            workspace, keys = self.workspace, self.document_keys
            found: dict[int, bytes] = {}
            records: list[Any] = [workspace.company] if workspace.company else []
            for kind in (workspace.freelancers, workspace.missions, workspace.candidates,
                         workspace.activity, workspace.invoices):
                records += kind.values()
            for record in records:
                key = keys.get(record.file)
                if key is not None:
                    found[id(record)] = key
            self._records = found
        return self._records


#: The fields of each dataclass, by class (``dataclasses.fields`` is slow to ask each time).
_FIELDS: dict[type, tuple[str, ...]] = {}


class _Walker(pickle.Pickler):
    """Pickles a view as its content: dataclasses by their fields only (not what a
    ``cached_property`` left in their ``__dict__``), records by their content key, and
    without the memo, so that two equal views give the same bytes whether or not they share
    objects."""

    def __init__(self, out: io.BytesIO, records: dict[int, bytes]) -> None:
        super().__init__(out, protocol=5)
        self.fast = True
        self.records = records

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        key = self.records.get(id(obj))
        if key is not None:
            return cls, (key,)
        names = _FIELDS.get(cls)
        if names is None:
            names = _FIELDS[cls] = (
                tuple(f.name for f in dataclasses.fields(cls))
                if dataclasses.is_dataclass(cls) else ())
        if names:
            return cls, tuple(getattr(obj, name) for name in names)
        return NotImplemented


def _walked(value: object, records: dict[int, bytes]) -> bytes:
    out = io.BytesIO()
    _Walker(out, records).dump(value)
    return out.getvalue()
