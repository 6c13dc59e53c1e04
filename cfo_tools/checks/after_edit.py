"""``cfo check`` after a few edits, without the workspace's model (issue 16).

With the report of the last run kept file by file (``checks/report_by_file.py``), an edit
re-checks only the subjects that depend on the edited files; everything else the report
needs of the other documents is in their facts (``checks/check_facts.py``): their own
findings, the index of which mission names whom, and what the rules reading across missions
take of each. So only the edited documents, the company and the records of the subjects to
check again are loaded (from their cache entries), not the 22,000 records of the snapshot.

The rules on the activity reports, invoices and candidates (the *paperwork*) read across
records too (an invoice's freelancer and missions, its freelancer's orders and other
invoices, the report of its month...): their problems are kept group by group, a
freelancer's paperwork or a candidate, under the keys of what each group reads
(``checks/paperwork_groups.py``); only the groups an edit touched are computed again, from
their records.

This holds while those are all the run reads. :func:`inputs_after_edit` answers None, and
the whole workspace is loaded as before, when it cannot vouch for that: no last report (or
another day, or another roster: every subject is then keyed again), many documents changed
or many subjects or paperwork groups to check again (then the snapshot is cheaper), no usable
company (the calendar of every subject), a subject not known to the last report (its
records would have to be loaded), or a need that ``need-soon`` reports (its search reads
the whole roster and its bookings).
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import compress, count, repeat
from operator import attrgetter, itemgetter, not_
from typing import Any, cast

from cfo_tools.checks import paperwork_groups
from cfo_tools.checks.check_facts import (
    CheckFacts,
    Facts,
    RuleDetail,
    facts_of,
    orders_of,
    rule_detail_of,
)
from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.follow_up.need_soon import urgent_needs
from cfo_tools.checks.paperwork_groups import (
    PAPERWORK,
    Detail,
    Group,
    PaperworkGroups,
    RuleProblems,
)
from cfo_tools.checks.report_by_file import (
    ACROSS_RULES,
    SUBJECT_KINDS,
    SUBJECT_SOURCES,
    Listed,
    ReportState,
)
from cfo_tools.checks.rules import duplicate_order, unknown_freelancer, unlabelled_id
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.checks.subject_checks import DIRECT_UP_TO, Recheck
from cfo_tools.checks.subjects import PEOPLE, SubjectIndex, roster_digest
from cfo_tools.checks.validation import (
    Locator,
    PreparedRun,
    SourceMaps,
    document_counts,
    subject_memo,
)
from cfo_tools.loading.kinds import RECORD_KINDS, DocumentFile, Keyed
from cfo_tools.model.findings import Finding, sort_findings
from cfo_tools.model.records import Mission, Workspace
from cfo_tools.planning.remembered_holidays import HolidayMemo, company_calendar
from cfo_tools.planning.working_calendar import WorkingCalendar

_FILE = attrgetter("file")
_ID = attrgetter("id")
_SPEC = itemgetter(1)

#: Beyond this many documents without facts, the snapshot (every record at once) is cheaper.
MOST_CHANGED = 200
#: Beyond this many subjects to check again, the whole workspace is loaded.
MOST_SUBJECTS = DIRECT_UP_TO
#: Beyond this many paperwork groups to compute again, the whole workspace is loaded.
MOST_GROUPS = DIRECT_UP_TO


@dataclass
class CheckInputs:
    """What the sources of a ``cfo check`` report are computed from (``runner._sources``)."""

    #: The whole workspace, or (after an edit) the company, every file and the records of
    #: the subjects to check again.
    workspace: Workspace
    index: SubjectIndex
    recheck: Recheck
    #: The roster's digest and ``--today``: what every subject's key depends on.
    purposes: str
    #: Each document's key by file (``PreparedRun.keys_by_file``), and as the subjects read
    #: it (``PreparedRun.subject_keys``: the company's by its data).
    keys: dict[str, bytes]
    subject_keys: dict[str, bytes]
    unkeyed: set[str]
    calendar: WorkingCalendar | None
    #: The findings of the files themselves, of the workspace's scan and of its schemas.
    file_findings: list[Finding]
    #: The problems of the cross-file rules that read across missions (``WHOLE_RULES``).
    across: list[tuple[str, Problem]]
    #: Where the findings are located (the source maps of the workspace loaded).
    locator: Locator
    stats: dict[str, int]
    #: Whether ``workspace`` is the whole one (else the rules per mission are never run on
    #: it at once).
    whole: bool
    #: The problems of the follow-up rules that read across subjects, when known (else
    #: computed on ``workspace``, ``subject_checks.subject_sources``).
    follow_up: list[tuple[str, Problem]] | None = None
    #: After a few edits, the subjects to check again (current or gone) and the digest of
    #: the run's subjects: only their sources are listed, the others' are the last run's
    #: (``report_by_file.Listed``); None: every subject's sources are listed.
    listed: Listed | None = None
    #: With ``listed``, those of its subjects that are the workspace's now.
    current: set[tuple[str, str]] | None = None
    #: What is left to compute once the subjects' workers are started, which do not read
    #: it (on the whole workspace: :attr:`across`, and the paperwork's memo): the caller
    #: runs it then, while they work, instead of the other core idling before they start.
    later: Callable[[], None] | None = None


def inputs_after_edit(prepared: PreparedRun, today: date, state: ReportState,
                      holidays: HolidayMemo,
                      sources: Mapping[str, tuple[str, ...]] = SUBJECT_SOURCES
                      ) -> CheckInputs | None:
    """The inputs of the run from the documents' facts, or None when the whole workspace
    must be loaded (see the module's doc). ``sources``: what the run computes of each kind
    of subject (``cfo validate``'s report: the rules alone, no freelancer's subject)."""
    if state.head is None:
        return None  # before the keys: on a cold cache, the pool's workers make them
    cache, root, keyed = prepared.cache, prepared.remembered_as, prepared.keys
    specs = prepared.files.documents
    if cache is None or root is None or keyed is None:
        return None
    kept = CheckFacts(cache, root)
    known = kept.known
    # Looked up at once (an unreadable document's key is its document: known under none).
    fresh = list(compress(count(), map(not_, map(known.__contains__, _hashable(keyed)))))
    if len(fresh) > MOST_CHANGED:
        return None
    companies = prepared.company_positions()
    if len(companies) != 1:
        return None
    # Known before any parse: more subjects than MOST_SUBJECTS depended on the new
    # documents in the last run, and each is checked again whatever they hold now (the
    # company's file aside: its subjects' key is its data). Else an edited mission naming
    # thousands of freelancers was parsed here alone, stored, then read back by the pool
    # loading the whole workspace (``benchmarks/generate_shapes.py --shape team``).
    new_files = {specs[i].file for i in fresh if i not in companies}
    depending = state.depending_on(new_files) if new_files else set()
    if sum(1 for name in depending if sources[name[0]]) > MOST_SUBJECTS:
        return None
    loaded = prepared.documents_at({*fresh, *companies})
    made = {i: facts_of(document.model, document.findings) for i, document in loaded.items()}
    made_rules = {i: rule_detail_of(document.model) for i, document in loaded.items()}

    def rule_detail(i: int) -> RuleDetail | None:
        # An unchanged document's is read from the kept details (their delta first).
        found = made_rules.get(i)
        key = keyed[i]
        return found if found is not None else (
            kept.rules.get(key) if isinstance(key, bytes) else None)

    # Every file put in (no record yet), and every document's facts.
    workspace = Workspace(root=prepared.root, company=None)
    built = _BuiltByKind(specs, keyed, made, known, workspace)
    facts = built.facts
    if fresh:
        # Else every fact is kept already (22,000 of them compared for nothing); and only
        # the new ones are written, not every document's again. Kept now, whatever follows:
        # a run that loads the whole workspace after all (an edit of a mission naming
        # thousands of freelancers) then finds them, instead of making them again (1.4 s for
        # a mission of 50,000 assignments, benchmarks/generate_shapes.py --shape team).
        kept.add({made_key: made[i] for i in fresh if isinstance(made_key := keyed[i], bytes)},
                 {made_key: made_rules[i] for i in fresh
                  if isinstance(made_key := keyed[i], bytes)},
                 len(keyed), lambda: {key: fact for key, fact in zip(keyed, facts, strict=True)
                                      if isinstance(key, bytes)},
                 lambda: {key: detail for i, key in enumerate(keyed)
                          if isinstance(key, bytes) and (detail := rule_detail(i)) is not None})
    RECORD_KINDS["company"].store.put(workspace, specs[companies[0]], loaded[companies[0]].model)
    calendar = company_calendar(workspace.company, holidays)
    if workspace.company is None or calendar is None:
        return None
    index = SubjectIndex(workspace, named_by=built.named_by,
                         roster={spec.id for _, spec, _ in built.freelancers},
                         reported_on=_details(built.activity),
                         invoiced_on=_details(built.invoices))
    purposes = f"{roster_digest(workspace.freelancer_files)} {today.isoformat()}"
    keys = prepared.keys_by_file()
    # The files without a key are unreadable ones: among the documents loaded.
    unkeyed = {specs[i].file for i in fresh if not isinstance(keyed[i], bytes)}
    changed = state.changed_files(prepared.subject_keys(), unkeyed, purposes)
    if changed is None:
        return None
    # The new documents' files are changed ones (unless their facts were lost): their
    # dependents are known already.
    depending = (depending | state.depending_on(changed - new_files) if new_files <= changed
                 else state.depending_on(changed))
    subjects = {name for name in index.readers(changed) | depending if sources[name[0]]}
    since = None
    if state.found_nothing(ACROSS_RULES) and workspace.company.file not in changed:
        since = _Since(changed, {file: known.get(key)
                                 for file, key in state.last_keys(changed).items()})
    if len(subjects) > MOST_SUBJECTS:
        return None
    freelancers, missions = index.freelancer_ids(), index.mission_ids()
    digest = subjects_digest(freelancers, missions)
    # The same subjects as the last run, each with all its sources kept: nothing to look
    # up (130,000 subjects on the large workspace). Else each one's sources are.
    if digest != state.listed_subjects() and not _all_known(
            [(PEOPLE, ""), *(("freelancer", f) for f in freelancers),
             *(("mission", m) for m in missions)], subjects, state.known() or {}, sources):
        return None
    # need-soon reads the roster and every booking to name who could fill a need: loaded
    # whole when one is to be reported (whether one is depends on its mission alone).
    needing = built.needing if any("follow-up" in made for made in sources.values()) else []
    loaded.update(prepared.documents_at(set(needing) - loaded.keys()))
    with_needs = Workspace(root=prepared.root, company=workspace.company, missions={
        specs[i].id: mission for i in needing
        if isinstance(mission := loaded[i].model, Mission)})
    if any(True for _ in urgent_needs(FollowUpContext(with_needs, calendar, today))):
        return None
    groups = PaperworkGroups(workspace, specs, lambda i: _detail(specs[i], facts[i]),
                             index.missions_of)
    memo = subject_memo(prepared, "paperwork")
    assert memo is not None  # a cache and a workspace asked again: checked above
    what = paperwork_groups.purpose(today)
    problems: dict[Group, tuple[RuleProblems, RuleProblems] | None] = {}
    keys_of: dict[Group, bytes | None] = {}
    for group in groups.groups:
        keys_of[group] = key = memo.key(what, groups.subject(group))
        problems[group] = paperwork_groups.stored_problems(memo.stored(key))
    missing = [group for group, found in problems.items() if found is None]
    if len(missing) > MOST_GROUPS:
        return None
    current = {name for name in subjects if _is_current(index, name)}
    wanted = _records_wanted(index, current)
    for group in missing:
        wanted.update(groups.records_read(group))
    loaded.update(prepared.documents_at(_positions(specs, wanted) - loaded.keys()))
    for i in sorted(loaded):  # in the scan's order, as the whole workspace's
        spec = specs[i]
        if spec.kind != "company":
            RECORD_KINDS[spec.kind].store.put(workspace, spec, loaded[i].model)
    for group in missing:
        problems[group] = found = paperwork_groups.computed(groups.subject(group), calendar,
                                                            today)
        memo.learn(keys_of[group], paperwork_groups.rows(found))
    memo.save()
    try:
        across = list(_across(workspace, built, rule_detail, since))
    except _NoRuleDetail:
        return None  # some kept apart are lost: made again from the whole workspace
    # Every file without its text, then those loaded with theirs (in place: the same order).
    documents: dict[str, tuple[DocumentFile, str | None]] = dict(
        zip(map(_FILE, specs), zip(specs, repeat(None), strict=False), strict=True))
    documents.update((specs[i].file, (specs[i], document.text))
                     for i, document in loaded.items())
    maps = SourceMaps(documents, cache, keys, root,
                      {document.spec.file: document.positions for document in loaded.values()
                       if document.positions is not None})
    return CheckInputs(
        workspace, index, Recheck(subjects), purposes, keys, prepared.subject_keys(), unkeyed,
        calendar,
        sort_findings([*prepared.files.findings, *prepared.schemas.findings, *built.own]),
        [*across,
         *(p for found in problems.values() if found is not None for p in found[0])],
        maps, document_counts(specs), whole=False,
        follow_up=[p for found in problems.values() if found is not None for p in found[1]],
        listed=(subjects, digest), current=current)


def keep_paperwork(prepared: PreparedRun, workspace: Workspace, index: SubjectIndex,
                   today: date, problems: Iterable[tuple[str, Problem]]) -> None:
    """Keep each paperwork group's share of ``problems`` (every cross-file and follow-up
    rule's, found on the whole ``workspace``) for the runs after an edit."""
    specs = prepared.files.documents
    memo = subject_memo(prepared, "paperwork")
    if memo is None or not any(spec.kind in PAPERWORK for spec in specs):
        return

    def detail(i: int) -> Detail | None:
        spec = specs[i]
        return paperwork_groups.detail_of(
            RECORD_KINDS[spec.kind].store.records_of(workspace).get(spec.id))

    groups = PaperworkGroups(workspace, specs, detail, index.missions_of)
    paperwork_groups.remember_shared_out(groups, memo, today, problems)


def _all_known(current: Sequence[tuple[str, str]], subjects: set[tuple[str, str]],
               sources: Mapping[tuple[str, str, str], bytes | None],
               computed: Mapping[str, tuple[str, ...]] = SUBJECT_SOURCES) -> bool:
    """Whether every source of the ``current`` subjects not to be made again (not in
    ``subjects``) has a key in the last report: it keeps that key, and its records are not
    loaded; and every subject of the last report that is gone is among ``subjects`` (its
    sources are then dropped: only those of ``subjects`` are listed, see ``Listed``).
    ``computed``: the sources of each kind of subject the run computes."""
    # The sources read at once, in comprehensions: looked up one by one in the state's
    # columns, 216,000 of them cost seconds.
    rows = list(sources.items())
    keyed = {source for source, key in rows if key is not None}
    if any(True for kind, ident in current if (kind, ident) not in subjects
           for what in computed[kind] if (what, kind, ident) not in keyed):
        return False
    last = {(kind, ident) for (_, kind, ident), _ in rows if kind in SUBJECT_KINDS}
    return last.difference(current) <= subjects


def subjects_digest(freelancers: Sequence[str], missions: Sequence[str]) -> bytes:
    """A digest of a run's subjects: the people's, and those of the ``freelancers`` and
    ``missions`` (``SubjectIndex.freelancer_ids``, ``mission_ids``)."""
    digest = hashlib.blake2b(digest_size=32)
    digest.update("\0".join(freelancers).encode())
    digest.update(b"\1")
    digest.update("\0".join(missions).encode())
    return digest.digest()


def _is_current(index: SubjectIndex, name: tuple[str, str]) -> bool:
    """Whether ``name`` is a subject of the workspace ``index`` is of (as those listed by
    ``freelancer_ids`` and ``mission_ids``)."""
    kind, ident = name
    if kind == PEOPLE:
        return True
    if kind == "freelancer":
        return ident in index.missions_of and ident in index.roster
    return ident in index.named_by


def _records_wanted(index: SubjectIndex, subjects: Iterable[tuple[str, str]]
                    ) -> set[tuple[str, str]]:
    """The records, as (kind, id), that the ``subjects`` are made of (``SubjectIndex``)."""
    wanted: set[tuple[str, str]] = set()
    for kind, ident in subjects:
        if kind == PEOPLE:
            wanted.update(("freelancer", f) for f in index.roster)
        elif kind == "freelancer":
            wanted.add(("freelancer", ident))
            wanted.update(("mission", m) for m in index.missions_of.get(ident, ()))
        else:
            wanted.add(("mission", ident))
            wanted.update(("freelancer", f) for f in index.named_by[ident] if f in index.roster)
            wanted.update(("activity", r) for r in index.activity_of.get(ident, ()))
            wanted.update(("invoice", i) for i in index.invoices_of.get(ident, ()))
    return wanted


class _BuiltByKind:
    """Every document's facts, and the documents whose records could be built, by kind, as
    (position, file, facts), with what the run reads of them, from one pass over the
    110,000 of a large workspace (a pass per use cost 0.02-0.05 s each). Each document's
    file is put in ``workspace`` on the way (no record)."""

    def __init__(self, specs: Sequence[DocumentFile], keyed: Sequence[object],
                 made: Mapping[int, Facts], known: Mapping[Any, Facts],
                 workspace: Workspace) -> None:
        #: Each document's facts: ``made`` by position, else as kept under its key (an
        #: unreadable document is among those made, never known).
        self.facts: list[Facts] = []
        self.missions: list[tuple[int, DocumentFile, Facts]] = []
        self.freelancers: list[tuple[int, DocumentFile, Facts]] = []
        self.candidates: list[tuple[int, DocumentFile, Facts]] = []
        self.activity: list[tuple[int, DocumentFile, Facts]] = []
        self.invoices: list[tuple[int, DocumentFile, Facts]] = []
        #: Each mission's freelancers (``SubjectIndex.named_by``), and the positions of
        #: the missions with needs.
        self.named_by: dict[str, Sequence[str]] = {}
        self.needing: list[int] = []
        #: The documents' own findings, in their order.
        self.own: list[Finding] = []
        kinds = {"mission": self.missions, "freelancer": self.freelancers,
                 "candidate": self.candidates, "activity": self.activity,
                 "invoice": self.invoices}
        # What putting a file with no record does: its id and file in the workspace's
        # files of its kind (the company's file alone is put nowhere). Written here, not a
        # ``store.put`` call per document: a tenth of the pass on 110,000 of them.
        files_of = {kind: record_kind.store.files_of(workspace)
                    for kind, record_kind in RECORD_KINDS.items()
                    if isinstance(record_kind.store, Keyed)}
        # The facts looked up at once, then those made here put in their place (an
        # unreadable document's key is no key).
        looked_up = list(keyed)
        for i in made:
            looked_up[i] = None
        facts = self.facts
        facts.extend(cast("Iterator[Facts]", map(known.get, looked_up)))
        for i, fact in made.items():
            facts[i] = fact
        own, named_by, needing = self.own, self.named_by, self.needing
        for i, (spec, fact) in enumerate(zip(specs, facts, strict=True)):
            kind = spec.kind
            files = files_of.get(kind)
            if files is not None:
                files[spec.id] = spec.file
            if fact[0]:
                own.extend(fact[0])
            if fact[1]:
                found = kinds.get(kind)
                if found is not None:
                    found.append((i, spec, fact))
                    if kind == "mission":
                        named_by[spec.id] = fact[2][0]
                        if fact[2][1]:
                            needing.append(i)


def _positions(specs: Sequence[DocumentFile], wanted: set[tuple[str, str]]) -> set[int]:
    """The positions of the documents ``wanted`` (kind, id): those of a wanted id picked in
    C first (a (kind, id) pair made for each of 110,000 documents cost 0.02-0.03 s)."""
    ids = {ident for _, ident in wanted}
    return {i for i in compress(count(), map(ids.__contains__, map(_ID, specs)))
            if (specs[i].kind, specs[i].id) in wanted}


def _hashable(keys: Sequence[object]) -> Sequence[object]:
    """``keys`` with an unreadable document's (the document, which no dict can hold) as
    None."""
    if all(map(isinstance, keys, repeat(bytes))):
        return keys
    return [key if isinstance(key, bytes) else None for key in keys]


def _details(documents: Sequence[tuple[int, DocumentFile, Facts]]) -> dict[str, Sequence[str]]:
    """The missions named by each of ``documents`` (activity reports or invoices that could
    be built), from their facts."""
    return {spec.id: fact[2][0] for _, spec, fact in documents}


def _detail(spec: DocumentFile, fact: Facts) -> Detail | None:
    if spec.kind in ("activity", "invoice") and fact[1]:
        return fact[2][0], fact[2][1]
    return None


@dataclass(frozen=True)
class _Since:
    """The last run's rules across missions found nothing, on the same roster (the run's
    ``purposes``) and the same company's data, and these files ``changed`` since: a mission
    no edit touched names no one unknown, and a role or skill no edit touched has a label,
    as they did then (see :func:`_across`)."""

    changed: set[str]
    #: The facts of each changed file in the last run (None: not known any more).
    before: Mapping[str, Facts | None]


class _NoRuleDetail(Exception):
    """A document's rule detail is kept neither in the facts' entries nor made by the
    run."""


def _across(workspace: Workspace, built: _BuiltByKind,
            rule_detail: Callable[[int], RuleDetail | None], since: _Since | None = None
            ) -> Iterator[tuple[str, Problem]]:
    """The problems of the ``WHOLE_RULES`` that read every mission and freelancer, in their
    order, from the documents' facts (a mission's order numbers) and rule details
    (``rule_detail``, by position; raises :class:`_NoRuleDetail` when one is not known), by
    the rules' own functions (the others are the paperwork's, ``checks/paperwork_groups.py``).
    With ``since``, unknown-freelancer and
    unlabelled-id read only the documents of the files changed since, in the same order:
    the problems, and the hints given to the first names met, are those of a pass over
    every document (0.1 s of each run after an edit of the large workspace); and
    duplicate-order runs only when the changed missions name an order number more times
    than they did (else each number is named at most once, as then)."""
    changed = since.changed if since is not None else None

    def detail(i: int) -> RuleDetail:
        found = rule_detail(i)
        if found is None:
            raise _NoRuleDetail
        return found

    def picked(documents: list[tuple[int, DocumentFile, Facts]]
               ) -> list[tuple[int, DocumentFile, Facts]]:
        if changed is None:
            return documents
        # The few changed, picked in C.
        return list(compress(documents, map(changed.__contains__, map(
            _FILE, map(_SPEC, documents)))))

    def read(documents: list[tuple[int, DocumentFile, Facts]]
             ) -> list[tuple[str, str, tuple[Any, ...]]]:
        return [(spec.id, spec.file, detail(i)) for i, spec, _ in picked(documents)]

    def orders(documents: list[tuple[int, DocumentFile, Facts]]
               ) -> list[tuple[str, str, tuple[Any, ...]]]:
        return sorted((spec.id, spec.file, orders_of(fact)) for _, spec, fact in documents)

    missions, freelancers, candidates = (
        read(built.missions), read(built.freelancers), read(built.candidates))
    by_id = sorted(missions)
    for rule in (unknown_freelancer, duplicate_order, unlabelled_id):
        problems: Iterable[Problem]
        if rule is unknown_freelancer:
            problems = unknown_freelancer.problems(
                ((file, detail[0]) for _, file, detail in missions),
                workspace.freelancer_files)
        elif rule is duplicate_order:
            if since is not None and not _orders_may_repeat(
                    orders(picked(built.missions)), since.before):
                continue
            problems = duplicate_order.problems(
                (file, numbers) for _, file, numbers in orders(built.missions))
        else:
            problems = unlabelled_id.problems(workspace.company, itertools.chain(
                ((file, detail[0]) for _, file, detail in sorted(freelancers)),
                ((file, detail[1]) for _, file, detail in by_id),
                ((file, detail[0]) for _, file, detail in sorted(candidates))))
        for problem in problems:
            yield rule.NAME, problem


def _orders_may_repeat(changed: Sequence[tuple[str, str, tuple[Any, ...]]],
                       before: Mapping[str, Facts | None]) -> bool:
    """Whether the ``changed`` missions (id, file, order numbers) may name an order number
    that another mission names: unless each number they name now, they named as many times
    before (``before``: their facts then), when no number was named twice."""
    now: Counter[str] = Counter()
    then: Counter[str] = Counter()
    for _, file, numbers in changed:
        if numbers:
            last = before.get(file)
            if last is None or not last[1]:
                return True  # a new mission's orders, or one not known
            now.update(number for number, _ in numbers)
            then.update(number for number, _ in orders_of(last))
    return not now <= then
