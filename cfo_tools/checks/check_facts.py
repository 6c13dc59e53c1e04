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

What the rules across missions read (the names, order numbers and ids: a document's *rule
detail*) is most of those bytes, and a run after an edit of a workspace whose last run found
none of their problems reads it of the changed documents only: it is kept apart
(:class:`RuleDetails`), read by key from its small delta, and whole only when asked for a
document the delta does not hold (0.23 s of every run after an edit on 110,000 documents,
against 0.06 s for the facts without it).
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
from cfo_tools.loading.stat_index import workspace_place
from cfo_tools.model.candidates import Candidate
from cfo_tools.model.findings import Finding
from cfo_tools.model.records import Freelancer, Mission

#: A document's own findings, whether its record was built, and what every run after an
#: edit reads of it (see :func:`facts_of`).
Facts = tuple[tuple[Finding, ...], bool, tuple[Any, ...]]
#: What the rules across missions read of a document (see :func:`rule_detail_of`).
RuleDetail = tuple[Any, ...]

_PART = b"check-facts"
_RULES_PART = b"check-rules"
#: Part of the key of every fact: a change of what is kept makes them all again.
_LAYOUT = "3"


def facts_of(record: object | None, findings: Iterable[Finding]) -> Facts:
    """The facts of a document: its own ``findings`` and its ``record`` (None when it could
    not be built). A mission's detail: its freelancers (each once), whether it has needs
    and, if it names any, the order numbers duplicate-order reads (:func:`orders_of`: few
    missions name one, and a run after an edit compares the changed missions' with their
    last ones); an activity report's or an invoice's: its ``paperwork_groups.Detail``; the
    others' none (the rest of what the rules across missions read is
    :func:`rule_detail_of`)."""
    detail: tuple[Any, ...] = ()
    if isinstance(record, Mission):
        detail = (tuple(dict.fromkeys(a.freelancer for a in record.assignments)),
                  bool(record.needs))
        numbers = duplicate_order.orders(record)
        if numbers:
            detail = (*detail, numbers)
    elif not isinstance(record, (Freelancer, Candidate)):
        detail = detail_of(record) or ()
    return tuple(findings), record is not None, _interned(detail)


def orders_of(facts: Facts) -> tuple[Any, ...]:
    """The order numbers of a mission's ``facts``, with where each is (none for another
    document)."""
    detail = facts[2]
    return detail[2] if len(detail) > 2 else ()


def rule_detail_of(record: object | None) -> RuleDetail:
    """What unknown-freelancer and unlabelled-id read of a document's ``record`` (None when
    it could not be built): of a mission, the freelancers it names with where, and its role
    and skill ids; of a freelancer or a candidate, its ids; of the others, nothing."""
    if isinstance(record, Mission):
        return _interned((unknown_freelancer.named(record), unlabelled_id.used_ids(record)))
    if isinstance(record, (Freelancer, Candidate)):
        return _interned((unlabelled_id.used_ids(record),))
    return ()


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
    """The facts of the documents of the workspace at ``root`` known from earlier runs, and
    (read as asked) their rule details."""

    def __init__(self, cache: DocumentCache, root: Path) -> None:
        self._views = DocumentViews(cache, root, _PART,
                                    purpose_key(cache, ["check-facts", _LAYOUT]))
        #: Document key -> facts.
        self.known: Mapping[bytes, Facts] = self._views.known
        self.rules = RuleDetails(cache, root)

    def save(self, facts: Mapping[bytes, Facts], rules: Mapping[bytes, RuleDetail]) -> None:
        """Keep ``facts`` and ``rules``, those of every document of the run, for the next
        run."""
        new_base = self._views.new_base(facts)
        self._views.save(facts)
        self.rules.save(rules, new_base=new_base)

    def add(self, new: Mapping[bytes, Facts], rules: Mapping[bytes, RuleDetail], count: int,
            every: Callable[[], Mapping[bytes, Facts]],
            every_rule: Callable[[], Mapping[bytes, RuleDetail]]) -> None:
        """Keep ``new`` facts and their ``rules`` beside those known (``DocumentViews.add``):
        when the facts get a new base, so do the rule details (``every_rule``)."""
        if self._views.add(new, count, every):
            self.rules.save(every_rule(), new_base=True)
        else:
            self.rules.add(rules, count)


class RuleDetails:
    """The rule details of the documents of the workspace at ``root`` (document key ->
    :data:`RuleDetail`), kept as the facts are (a base and a small delta, valid whatever
    changed: by content key) but read lazily: the delta when first asked, the base only
    when asked for a document the delta does not hold."""

    def __init__(self, cache: DocumentCache, root: Path) -> None:
        self._cache = cache
        self._name = workspace_place(root) + cache.context
        self._purpose = purpose_key(cache, ["check-rules", _LAYOUT])
        self._delta: dict[bytes, RuleDetail] | None = None
        self._base: dict[bytes, RuleDetail] | None = None

    def _stored(self, name: bytes) -> dict[bytes, RuleDetail] | None:
        stored = self._cache.blob(_RULES_PART, name)
        if (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == self._purpose
                and isinstance(stored[1], dict)):
            return stored[1]
        return None

    def _kept_delta(self) -> dict[bytes, RuleDetail]:
        if self._delta is None:
            self._delta = self._stored(self._name + b"delta") or {}
        return self._delta

    def _kept_base(self) -> dict[bytes, RuleDetail]:
        if self._base is None:
            self._base = self._stored(self._name) or {}
        return self._base

    def get(self, key: bytes) -> RuleDetail | None:
        """The rule detail of the document ``key``, None when none is kept."""
        found = self._kept_delta().get(key)
        return found if found is not None else self._kept_base().get(key)

    def lacks(self, keys: Iterable[object]) -> bool:
        """Whether any document key among ``keys`` has no rule detail kept (reads them
        all)."""
        delta, base = self._kept_delta(), self._kept_base()
        return any(key not in delta and key not in base
                   for key in keys if isinstance(key, bytes))

    def add(self, new: Mapping[bytes, RuleDetail], count: int) -> None:
        """Keep ``new`` details in the delta (the base not read: one it holds already is
        kept twice), or with every one kept as a new base once the delta passes its bound
        for a run of ``count`` documents."""
        delta = self._kept_delta()
        missing = {key: detail for key, detail in new.items() if key not in delta}
        if not missing:
            return
        grown = {**delta, **missing}
        if len(grown) > _delta_limit(count):
            self.save({**self._kept_base(), **grown}, new_base=True)
            return
        self._cache.store_blob(_RULES_PART, self._name + b"delta", (self._purpose, grown))
        self._delta = grown

    def save(self, details: Mapping[bytes, RuleDetail], *, new_base: bool) -> None:
        """Keep ``details``, those of every document of a run: as a new base when asked
        or none is kept, else those not kept yet in the delta."""
        base = self._kept_base()
        if new_base or not base:
            self._cache.store_blob(_RULES_PART, self._name, (self._purpose, dict(details)))
            self._cache.store_blob(_RULES_PART, self._name + b"delta", (self._purpose, {}))
            self._base, self._delta = dict(details), {}
            return
        self.add({key: detail for key, detail in details.items() if key not in base},
                 len(details))


def _delta_limit(count: int) -> int:
    # As the facts' (``DocumentViews``).
    return max(200, count // 20)
