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
from collections import Counter
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from cfo_tools import __version__
from cfo_tools.model.activity import ActivityReport
from cfo_tools.model.candidates import Candidate
from cfo_tools.model.invoices import Invoice
from cfo_tools.model.records import Company, Freelancer, Mission, Workspace

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
    digest.update(_walked(parts, _Reductions({})))
    return digest.digest()


class PageKeys:
    """Keys of the pages of one build. ``document_keys``: each file's content key, from the
    check; the records of ``workspace`` read from those files stand for themselves by it."""

    def __init__(self, settings: bytes, workspace: Workspace,
                 document_keys: Mapping[str, bytes]) -> None:
        self.settings = settings
        self.workspace = workspace
        self.document_keys = document_keys
        self._table: dict[type, Any] | None = None

    def __getstate__(self) -> dict[str, Any]:
        # Built again in each spawned worker: ids do not cross processes.
        return {**self.__dict__, "_table": None}

    def key(self, *parts: object) -> bytes:
        """The key of the page made of ``parts`` (its path, template, title and view)."""
        return hashlib.blake2b(self.settings + _walked(parts, self._reductions()),
                               digest_size=32).digest()

    def _reductions(self) -> dict[type, Any]:
        """The records of the workspace that have a content key, by ``id()`` (the very
        objects: a changed copy of a record is walked, never taken for the record)."""
        if self._table is None:
            workspace, keys = self.workspace, self.document_keys
            records: list[Any] = [workspace.company] if workspace.company else []
            for kind in (workspace.freelancers, workspace.missions, workspace.candidates,
                         workspace.activity, workspace.invoices):
                records += kind.values()
            # A file is one record; should two records name the same file, neither stands
            # for its key (which could not tell them apart).
            files = Counter(record.file for record in records)
            found = {id(record): keys[record.file] for record in records
                     if record.file in keys and files[record.file] == 1}
            self._table = _Reductions(found)
        return self._table


class _Walker(pickle.Pickler):
    """Pickles a view as its content: dataclasses by their fields only (not what a
    ``cached_property`` left in their ``__dict__``), records by their content key when they
    have one, and without the memo, so that two equal views give the same bytes whether or
    not they share objects."""

    def __init__(self, out: io.BytesIO, table: Mapping[type, Any]) -> None:
        super().__init__(out, protocol=5)
        self.fast = True
        self.dispatch_table = table


#: The kinds of record: each comes from one file, whose content key it stands for.
_RECORDS = (Company, Freelancer, Mission, Candidate, ActivityReport, Invoice)


class _Reductions(dict[type, Any]):
    """The walker's table, by class: filled as classes come (the pickler asks the table for
    the class of every object that is not a plain value)."""

    def __init__(self, records: dict[int, bytes]) -> None:
        # Dates and amounts by their own reductions (in C), without asking again.
        super().__init__({date: date.__reduce__, Decimal: Decimal.__reduce__})
        self.records = records

    def __missing__(self, cls: type) -> Any:
        if not dataclasses.is_dataclass(cls):
            raise KeyError(cls)
        names = tuple(f.name for f in dataclasses.fields(cls))
        records = self.records if issubclass(cls, _RECORDS) else {}

        def reduce(obj: Any) -> tuple[type, tuple[Any, ...]]:
            key = records.get(id(obj))
            if key is not None:
                return cls, (key,)
            return cls, tuple([getattr(obj, name) for name in names])

        self[cls] = reduce
        return reduce


def _walked(value: object, table: Mapping[type, Any]) -> bytes:
    out = io.BytesIO()
    _Walker(out, table).dump(value)
    return out.getvalue()
