"""What ``cfo check`` reads of each document besides the subjects' checks, kept by the
document's content key (issue 16): after one edit, the report is made without loading the
22,000 records of the workspace's snapshot (``checks/after_edit.py``).

A document's *facts* are its own findings (YAML, schema, building), whether its record could
be built, and what the rules reading across missions take from it: a mission's freelancers
(the index of who reads what, ``checks/subjects.py``) and the names, order numbers and role
and skill ids that ``unknown-freelancer``, ``duplicate-order`` and ``unlabelled-id`` read,
and whether it has needs (``need-soon``); of a freelancer or a candidate, the ids
``unlabelled-id`` reads; of an activity report or an invoice, the missions it names and
whether it names a purchase order (what its group reads, ``checks/paperwork_groups.py``).
Each is made by the rule's own function from the record alone, so the facts of a document
depend on its content key only: they are kept as the views of one workspace
(``loading/document_views.py``), valid whatever else changed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from cfo_tools.checks.paperwork_groups import detail_of
from cfo_tools.checks.rules import duplicate_order, unknown_freelancer, unlabelled_id
from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.document_views import DocumentViews, purpose_key
from cfo_tools.model.candidates import Candidate
from cfo_tools.model.findings import Finding
from cfo_tools.model.records import Freelancer, Mission

#: A document's own findings, whether its record was built, and what the rules take of it
#: (see :func:`facts_of`).
Facts = tuple[tuple[Finding, ...], bool, tuple[Any, ...]]

_PART = b"check-facts"
#: Part of the key of every fact: a change of what is kept makes them all again.
_LAYOUT = "2"


def facts_of(record: object | None, findings: Iterable[Finding]) -> Facts:
    """The facts of a document: its own ``findings`` and its ``record`` (None when it could
    not be built). A mission's detail: its freelancers (each once), what unknown-freelancer,
    duplicate-order and unlabelled-id read of it, whether it has needs; a freelancer's and a
    candidate's: the ids unlabelled-id reads; an activity report's or an invoice's: its
    ``paperwork_groups.Detail``."""
    detail: tuple[Any, ...] = ()
    if isinstance(record, Mission):
        detail = (tuple(dict.fromkeys(a.freelancer for a in record.assignments)),
                  unknown_freelancer.named(record), duplicate_order.orders(record),
                  unlabelled_id.used_ids(record), bool(record.needs))
    elif isinstance(record, (Freelancer, Candidate)):
        detail = (unlabelled_id.used_ids(record),)
    else:
        detail = detail_of(record) or ()
    return tuple(findings), record is not None, _interned(detail)


def _interned(value: Any) -> Any:
    """``value`` with its strings interned: the same pointers and ids recur in thousands
    of documents, and the pickle of the facts of a workspace then holds each once (a
    third of the size, and as much less to load)."""
    if type(value) is str:
        return sys.intern(value)
    if type(value) is tuple:
        return _interned_tuple(value)
    return value


#: The tuples of the details met, each its own key: an equal tuple met again is this one.
_SHARED: dict[tuple[Any, ...], tuple[Any, ...]] = {}
#: Past this many, the table starts again (a long-lived process checks many workspaces).
_MOST_SHARED = 1_000_000


def _interned_tuple(value: tuple[Any, ...]) -> tuple[Any, ...]:
    # One call per tuple, not per item: a cold check interns 750,000 items, and a call
    # each cost a quarter of the facts' CPU. Exact types, as the details hold plain tuples
    # and strings only (a subclass is kept as it is).
    intern = sys.intern
    made = tuple([_interned_tuple(item) if type(item) is tuple
                  else intern(item) if type(item) is str else item for item in value])
    # The same tuple for equal ones: the same role at the same place, the same freelancer
    # assigned first, recur in thousands of missions, and the pickle of the facts (which
    # keeps an object met twice once) then holds each once: on the large workspace, a
    # third less to read and unpickle after every edit.
    if len(_SHARED) >= _MOST_SHARED:
        _SHARED.clear()
    try:
        return _SHARED.setdefault(made, made)
    except TypeError:  # a value no dict can hold (none of the details' own)
        return made


class CheckFacts:
    """The facts of the documents of the workspace at ``root`` known from earlier runs."""

    def __init__(self, cache: DocumentCache, root: Path) -> None:
        self._views = DocumentViews(cache, root, _PART,
                                    purpose_key(cache, ["check-facts", _LAYOUT]))
        #: Document key -> facts.
        self.known: Mapping[bytes, Facts] = self._views.known

    def save(self, facts: Mapping[bytes, Facts]) -> None:
        """Keep ``facts``, those of every document of the run, for the next run."""
        self._views.save(facts)

    def add(self, new: Mapping[bytes, Facts], count: int,
            every: Callable[[], Mapping[bytes, Facts]]) -> None:
        """Keep ``new`` facts beside those known (``DocumentViews.add``)."""
        self._views.add(new, count, every)
