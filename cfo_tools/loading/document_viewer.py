"""What a command makes of each document it loads (its *view*: a mission's row of
``cfo status``, its events for ``cfo calendar``), made where the document's record is built.

A command that keeps a view per document (``checks/workspace_views.py``) made them, on a
first run, after the load: on one core (``cfo status``'s rows), or on every core in a second
pool forked after the load (``cfo calendar``'s events), whose workers copied the pages of the
records they read and sent each record's bytes back. Given a :class:`DocumentViewer`, the
pool that checks the documents makes them instead, each worker from the records it has just
built: the load and the views are one pass on every core. The viewer reads what it was made
with (the records every view reads, loaded before the pool: the company, the freelancers...)
and reaches the workers by ``fork`` only, never pickled: under ``spawn``, or when the
documents are checked in this process, no view is made there and the command makes them after
the load, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cfo_tools.loading.kinds import DocumentFile


@dataclass(frozen=True)
class DocumentViewer:
    #: The kinds of the documents that get a view.
    kinds: frozenset[str]
    #: The view of a document from its record (None when it could not be built).
    make: Callable[[DocumentFile, object | None], Any]

    def view_of(self, spec: DocumentFile, model: object | None) -> tuple[Any] | None:
        """``(view,)`` of a document of one of :attr:`kinds`, else None; None too when
        making it fails (a messages file a row cannot use...): the command makes it again
        after the load, where the failure is reported as it was, after the load's warnings
        (an exception sent back from a worker may not even unpickle)."""
        if spec.kind not in self.kinds:
            return None
        try:
            return (self.make(spec, model),)
        except Exception:
            return None
