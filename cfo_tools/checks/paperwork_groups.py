"""The rules on the activity reports, invoices and candidates, group by group (issue 16):
after one edit, ``cfo check`` takes the problems of every group none of whose files changed
from the memo, and loads only the paperwork of the groups the edit touched.

A freelancer's *paperwork* (their activity reports and invoices, by the folder that names
them) is one group: the rules on it read nothing but those documents, the company (its team,
its working calendar and payment terms), that freelancer's roster file, the missions the
documents name (and, when an invoice names a purchase order, every mission naming the
freelancer: their orders), whether each of those is in the workspace (and, when one is not,
every mission's id: the "did you mean" hint), whether the freelancer is (else every
freelancer's id) and ``--today``. A candidate is a group of its own with the company and the
roster file of its id, if any. Each group's problems (the cross-file rules' and the
follow-up's) are kept under the document keys of exactly those files (``subject_memo``): an
edit of a mission changes the groups of the freelancers whose paperwork names it. A rule
that read anything else would give another answer than on the whole workspace, which the
tests comparing with ``--no-cache`` would show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import partial
from typing import Any

from cfo_tools.checks import follow_up, rules
from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem, run_registry
from cfo_tools.checks.subject_memo import SubjectMemo, problem_rows, rows_problems
from cfo_tools.checks.subjects import Subject, roster_digest
from cfo_tools.loading.kinds import RECORD_KINDS, DocumentFile, positions_of_kinds
from cfo_tools.model.activity import ActivityReport
from cfo_tools.model.invoices import Invoice
from cfo_tools.model.records import Workspace
from cfo_tools.planning.working_calendar import WorkingCalendar

RuleProblems = list[tuple[str, Problem]]
#: ("paperwork", a freelancer's id) or ("candidate", its id).
Group = tuple[str, str]
#: What the rules read of an activity report or invoice that could be built: the missions
#: it names (each once), and whether it names a purchase order.
Detail = tuple[Sequence[str], bool]

#: The kinds of the paperwork.
PAPERWORK = ("candidate", "activity", "invoice")
#: The cross-file rules on the paperwork (the other whole rules read every mission and
#: freelancer: ``cfo check`` runs them on the documents' facts, ``checks/check_facts.py``).
RULES = rules.PAPERWORK_RULES
#: The follow-up rules on the paperwork (need-soon searches the roster and every booking).
FOLLOW_UP = follow_up.PAPERWORK_RULES
_NAMES = frozenset(rule.NAME for rule in (*RULES, *FOLLOW_UP))
_FOLLOW_UP_NAMES = frozenset(rule.NAME for rule in FOLLOW_UP)


def group_of(spec: DocumentFile) -> Group | None:
    """The group of a document; None for one that is not paperwork."""
    if spec.kind in ("activity", "invoice"):
        return "paperwork", dict(spec.params)["freelancer"]
    if spec.kind == "candidate":
        return "candidate", spec.id
    return None


def grouped(specs: Sequence[DocumentFile]) -> dict[Group, list[int]]:
    """The positions of the paperwork's documents in ``specs``, by group, in the scan's
    order."""
    found: dict[Group, list[int]] = {}
    for i in positions_of_kinds(specs, PAPERWORK):
        group = group_of(specs[i])
        if group is not None:
            found.setdefault(group, []).append(i)
    return found


def detail_of(record: object) -> Detail | None:
    """What the rules read of an activity report or an invoice (see :data:`Detail`)."""
    if isinstance(record, ActivityReport):
        return tuple(record.missions), False
    if isinstance(record, Invoice):
        return record.missions, record.order is not None
    return None


class PaperworkGroups:
    """The groups of a workspace and what each reads. ``workspace`` holds the company and
    every file (and, to compute a group, the records it reads); ``details`` gives the
    :data:`Detail` of each activity report and invoice that could be built, by position;
    ``missions_of``: the missions naming each freelancer (``SubjectIndex``)."""

    def __init__(self, workspace: Workspace, specs: Sequence[DocumentFile],
                 details: Callable[[int], Detail | None],
                 missions_of: Mapping[str, Sequence[str]]) -> None:
        self.workspace = workspace
        self.specs = specs
        self.groups = grouped(specs)
        self._details = details
        self._missions_of = missions_of
        self._rosters: str | None = None
        self._missions: str | None = None

    def subject(self, group: Group) -> Subject:
        """The group as a subject of the memo: the files it reads, the company's first."""
        kind, ident = group
        whole = self.workspace
        company = [] if whole.company is None else [whole.company.file]
        own = [self.specs[i].file for i in self.groups[group]]
        person = whole.freelancer_files.get(ident)
        missions, reads = self._missions_read(group)
        files = [*company, *own, *([person] if person is not None else []),
                 *(whole.mission_files[m] for m in missions if m in whole.mission_files)]
        return Subject(kind, ident, files, partial(self._workspace, group, missions),
                       tuple(reads))

    def records_read(self, group: Group) -> Iterator[tuple[str, str]]:
        """The records, as (kind, id), that computing ``group`` needs in the workspace."""
        kind, ident = group
        for i in self.groups[group]:
            yield self.specs[i].kind, self.specs[i].id
        if kind == "paperwork":
            yield "freelancer", ident
            yield from (("mission", m) for m in self._missions_read(group)[0])

    def _missions_read(self, group: Group) -> tuple[tuple[str, ...], list[str]]:
        """The missions ``group`` reads, and what else (the ids of every freelancer or
        mission, when its freelancer or one of those missions is not in the workspace)."""
        kind, ident = group
        whole = self.workspace
        reads: list[str] = []
        missions: dict[str, None] = {}
        if kind == "paperwork":
            if ident not in whole.freelancer_files:
                reads.append(f"roster {self._roster_ids()}")
            orders = False
            for i in self.groups[group]:
                detail = self._details(i)
                if detail is not None:
                    missions.update(dict.fromkeys(detail[0]))
                    orders = orders or detail[1]
            if orders:
                missions.update(dict.fromkeys(self._missions_of.get(ident, ())))
            if any(m not in whole.mission_files for m in missions):
                reads.append(f"missions {self._mission_ids()}")
        return tuple(missions), reads

    def _workspace(self, group: Group, missions: tuple[str, ...]) -> Workspace:
        whole = self.workspace
        kind, ident = group
        found = Workspace(root=whole.root, company=whole.company,
                          freelancer_files=whole.freelancer_files,
                          mission_files=whole.mission_files)
        if kind == "paperwork" and ident in whole.freelancers:
            found.freelancers[ident] = whole.freelancers[ident]
        wanted = set(missions)
        # In the workspace's order: the first mission holding an order number is its own.
        found.missions.update((m, mission) for m, mission in whole.missions.items()
                              if m in wanted)
        for i in self.groups[group]:
            spec = self.specs[i]
            store = RECORD_KINDS[spec.kind].store
            store.put(found, spec, store.records_of(whole).get(spec.id))
        return found

    def _roster_ids(self) -> str:
        if self._rosters is None:
            self._rosters = roster_digest(self.workspace.freelancer_files)
        return self._rosters

    def _mission_ids(self) -> str:
        if self._missions is None:
            self._missions = roster_digest(self.workspace.mission_files)
        return self._missions


def purpose(today: date) -> str:
    return f"paperwork {today.isoformat()}"


def computed(subject: Subject, calendar: WorkingCalendar, today: date
             ) -> tuple[RuleProblems, RuleProblems]:
    """The problems of a group: of :data:`RULES`, then of :data:`FOLLOW_UP`."""
    workspace = subject.workspace
    return (list(run_registry(RULES, workspace)),
            list(run_registry(FOLLOW_UP, FollowUpContext(workspace, calendar, today))))


def stored_problems(stored: Any) -> tuple[RuleProblems, RuleProblems] | None:
    """What :func:`rows` kept; None for anything else."""
    if not isinstance(stored, tuple) or len(stored) != 2:
        return None
    across, later = rows_problems(stored[0]), rows_problems(stored[1])
    return None if across is None or later is None else (across, later)


def rows(problems: tuple[RuleProblems, RuleProblems]) -> tuple[list[Any], list[Any]]:
    return problem_rows(problems[0]), problem_rows(problems[1])


def remember_shared_out(groups: PaperworkGroups, memo: SubjectMemo, today: date,
                        problems: Iterable[tuple[str, Problem]]) -> None:
    """Keep each group's share of ``problems`` (those of the whole workspace, of every rule)
    for the runs after an edit, unless the memo has it; nothing when one of the paperwork's
    rules reported on a file no group holds."""
    owners = {groups.specs[i].file: group for group, indexes in groups.groups.items()
              for i in indexes}
    shares: dict[Group, tuple[RuleProblems, RuleProblems]] = {g: ([], []) for g in groups.groups}
    for rule, problem in problems:
        if rule not in _NAMES:
            continue
        group = owners.get(problem.file)
        if group is None:
            return
        across, later = shares[group]
        (later if rule in _FOLLOW_UP_NAMES else across).append((rule, problem))
    what = purpose(today)
    for group, share in shares.items():
        key = memo.key(what, groups.subject(group))
        if key is not None and memo.stored(key) is None:
            memo.learn(key, rows(share))
    memo.save()
