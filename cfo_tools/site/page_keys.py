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

import hashlib
from collections import Counter
from collections.abc import Mapping
from typing import Any

from cfo_tools.documents.render_keys import Reductions, settings_digest, walked
from cfo_tools.model.activity import ActivityReport
from cfo_tools.model.candidates import Candidate
from cfo_tools.model.invoices import Invoice
from cfo_tools.model.records import Company, Freelancer, Mission, Workspace

__all__ = ["PageKeys", "build_key", "linked_key", "settings_digest"]

#: The kinds of record: each comes from one file, whose content key it stands for.
_RECORDS = (Company, Freelancer, Mission, Candidate, ActivityReport, Invoice)


def build_key(settings: bytes, state: bytes) -> bytes:
    """The key of a whole build: what every page shows (``settings``: the tool, the
    templates, the words, the day, the options) and the state of the workspace the check saw
    (``state``: every record's content and the findings, ``shown_state.py``; else every
    document's key, the day, the holidays' library, ``CheckReport.state_key``). The same
    key, the same files byte for byte, except those showing the forge's links, which are
    keyed by :func:`linked_key` as well: the lists and the API, which show every record,
    need not be made again. The forge's address holds the commit, which changes on every
    push: in the key, it would keep CI from ever reusing a build."""
    return hashlib.blake2b(b"site-build\0" + settings + state, digest_size=32).digest()


def linked_key(whole: bytes, source_base: str | None) -> bytes:
    """The key of the files of the build ``whole`` that show links to the forge (the home
    page, ``findings.json``): the build's key and the forge's address of its files at this
    commit (or None: links to the pages of the site instead)."""
    return hashlib.blake2b(b"site-linked\0" + whole + repr(source_base).encode(),
                           digest_size=32).digest()


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
        return hashlib.blake2b(self.settings + walked(parts, self._reductions()),
                               digest_size=32).digest()

    def key_if_walkable(self, *parts: object) -> bytes | None:
        """:meth:`key`, or None when ``parts`` hold what cannot be walked (a function made on
        the fly): such a page has no key and is made every time."""
        try:
            return self.key(*parts)
        except Exception:  # a lambda, a bound method, an object pickle refuses
            return None

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
            self._table = Reductions(found, _RECORDS)
        return self._table
