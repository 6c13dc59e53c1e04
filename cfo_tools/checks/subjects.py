"""What each subject of ``cfo check``'s conflicts and follow-up can read.

A subject is a freelancer (their conflicts, their paperwork, signs of dependence) or a mission
(the follow-up of its dates, needs, orders, budget, check-ins). Each is checked on a workspace
holding only the records it may read, so that its results depend on exactly those records:
their document keys make the subject's key (see ``subject_memo``), and an edit re-checks only
the subjects whose records it changed. A rule that read something its subject's workspace does
not hold would give another answer than on the whole workspace, which the tests comparing
with ``--no-cache`` would show.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from itertools import compress

from cfo_tools.model.records import Mission, Workspace

#: The kind of the one subject made of the company and the whole roster.
PEOPLE = "people"


@dataclass
class Subject:
    kind: str  # "freelancer" or "mission"
    id: str
    #: The file of every record the subject's checks may read, the company's first.
    files: list[str]
    _build: Callable[[], Workspace] = field(repr=False)
    #: What else they read, besides those records: the ids of the activity report files a
    #: freelancer's checks look for (part of the subject's key, see ``subject_memo``).
    reads: tuple[str, ...] = ()
    #: The files of :attr:`reads`.
    read_files: tuple[str, ...] = ()

    @property
    def depends_on(self) -> tuple[str, ...]:
        """Every file whose change (or appearance) may change the subject's results."""
        return (*self.files, *self.read_files)

    @cached_property
    def workspace(self) -> Workspace:
        """A workspace with those records and no other (made only when checks run)."""
        return self._build()


def _inverse(named: Iterable[tuple[str, Iterable[str]]]) -> dict[str, list[str]]:
    """For each name in ``named``'s sequences, the keys naming it, in ``named``'s order
    (each key once per sequence naming it)."""
    # A ``setdefault(name, [])`` made and dropped a list per name: 200,000 of them after
    # each edit of a large workspace (a third of the index's cost).
    found: defaultdict[str, list[str]] = defaultdict(list)
    for key, names in named:
        for name in names:
            found[name].append(key)
    return dict(found)


def _ids_of_files(files: Mapping[str, str], wanted: Collection[str]) -> list[str]:
    """The ids in ``files`` (id -> file) whose file is one of ``wanted``, picked in C: after
    an edit, a few of the 110,000 files of a large workspace (a loop over every kind's
    files in Python cost 0.03-0.04 s of each run)."""
    return list(compress(files, map(wanted.__contains__, files.values())))


class SubjectIndex:
    """Who reads what, from one pass over the workspace's missions, reports and invoices."""

    @classmethod
    def of(cls, workspace: Workspace) -> SubjectIndex:
        """The index of ``workspace``, made once for the cross-file rules and the follow-up
        of one run (the last one made is kept while it is asked for the same workspace)."""
        global _LAST
        if _LAST is None or _LAST.workspace is not workspace:
            _LAST = cls(workspace)
        return _LAST

    def __init__(self, workspace: Workspace, *,
                 named_by: Mapping[str, Sequence[str]] | None = None,
                 roster: Collection[str] | None = None,
                 reported_on: Mapping[str, Sequence[str]] | None = None,
                 invoiced_on: Mapping[str, Sequence[str]] | None = None) -> None:
        """The index of ``workspace``; or, with ``named_by`` (every mission that could be
        built: the freelancers it assigns, each once), ``roster`` (the freelancers that
        could be built), ``reported_on`` and ``invoiced_on`` (every activity report and
        invoice that could be built: the missions it names, each once), of a workspace of
        which ``workspace`` holds the company, every file and only the records of the
        subjects to be made (``checks/after_edit.py``)."""
        self.workspace = workspace
        self._missions: dict[str, Subject] = {}
        #: Each mission's freelancers (those of its assignments, each once).
        self.named_by: Mapping[str, Sequence[str]] = named_by if named_by is not None else {
            m: tuple(dict.fromkeys(a.freelancer for a in mission.assignments))
            for m, mission in workspace.missions.items()}
        #: The freelancers whose records could be built.
        self.roster: Collection[str] = roster if roster is not None else workspace.freelancers
        # In the missions' order (their ids are unique: only those are compared).
        self.missions_of: dict[str, list[str]] = _inverse(sorted(self.named_by.items()))
        #: Each activity report's and invoice's missions (each once).
        self.reported_on: Mapping[str, Sequence[str]] = reported_on if reported_on is not None \
            else {r: report.missions for r, report in workspace.activity.items()}
        self.invoiced_on: Mapping[str, Sequence[str]] = invoiced_on if invoiced_on is not None \
            else {i: invoice.missions for i, invoice in workspace.invoices.items()}
        self.activity_of: dict[str, list[str]] = _inverse(self.reported_on.items())
        self.reports_of: dict[str, list[str]] = _inverse(
            (report_id, (report_id.partition("/")[2],)) for report_id in workspace.activity_files)
        self.invoices_of: dict[str, list[str]] = _inverse(self.invoiced_on.items())

    def __getstate__(self) -> dict[str, object]:
        # Sent to the workers of a cold run: the subjects made so far are made again there.
        return {**self.__dict__, "_missions": {}}

    def freelancers(self) -> Iterator[Subject]:
        """Every freelancer some mission names: the freelancer and those missions."""
        for freelancer_id in sorted(self.missions_of):
            # An unknown one has no conflicts nor paperwork: unknown-freelancer reports it.
            if freelancer_id in self.roster:
                yield self.freelancer(freelancer_id)

    def freelancer_ids(self) -> list[str]:
        """The ids of :meth:`freelancers`, in their order, without making the subjects."""
        return [f for f in sorted(self.missions_of) if f in self.roster]

    def mission_ids(self) -> list[str]:
        """The ids of :meth:`missions`, in their order."""
        return sorted(self.named_by)

    def readers(self, files: Iterable[str]) -> set[tuple[str, str]]:
        """The subjects, as (kind, id), that depend on one of ``files``
        (:attr:`Subject.depends_on`): the inverse of what :meth:`people`, :meth:`freelancer` and
        :meth:`mission` make, without making them (after one edit, the subjects it may
        touch). A test checks it against the subjects themselves."""
        whole = self.workspace
        wanted = set(files)
        found: set[tuple[str, str]] = set()
        if whole.company is not None and whole.company.file in wanted:
            found.add((PEOPLE, ""))
            found.update(("freelancer", f) for f in self.freelancer_ids())
            found.update(("mission", m) for m in self.named_by)
        for ident in _ids_of_files(whole.freelancer_files, wanted):
            found.add((PEOPLE, ""))
            if ident in self.roster:
                if ident in self.missions_of:
                    found.add(("freelancer", ident))
                found.update(("mission", m) for m in self.missions_of.get(ident, ()))
        for ident in _ids_of_files(whole.mission_files, wanted):
            named = self.named_by.get(ident)
            if named is not None:
                found.add(("mission", ident))
                found.update(("freelancer", f) for f in named
                             if f in self.roster and f in self.missions_of)
        first = None if self.first_report is None else whole.activity_files[self.first_report]
        for ident in _ids_of_files(whole.activity_files, wanted):
            found.update(("mission", m) for m in self.reported_on.get(ident, ())
                         if m in self.named_by)
            if whole.activity_files[ident] == first:  # every freelancer reads whether it exists
                found.update(("freelancer", f) for f in self.freelancer_ids())
            person = ident.partition("/")[2]
            if person in self.roster and person in self.missions_of:
                found.add(("freelancer", person))
        for ident in _ids_of_files(whole.invoice_files, wanted):
            found.update(("mission", m) for m in self.invoiced_on.get(ident, ())
                         if m in self.named_by)
        return found

    def subject(self, kind: str, ident: str) -> Subject:
        if kind == PEOPLE:
            return self.people()
        return self.freelancer(ident) if kind == "freelancer" else self.mission(ident)

    def people(self) -> Subject:
        """The company and every freelancer of the roster, without a mission: what the
        cross-file rules report on the company's and the freelancers' files read."""
        whole = self.workspace
        company = [] if whole.company is None else [whole.company.file]
        return Subject(PEOPLE, "", [*company, *(whole.freelancer_files[f]
                                                for f in sorted(whole.freelancer_files))],
                       self._people_workspace)

    def _people_workspace(self) -> Workspace:
        whole = self.workspace
        return Workspace(root=whole.root, company=whole.company,
                         freelancers=whole.freelancers, freelancer_files=whole.freelancer_files)

    @cached_property
    def roster_digest(self) -> str:
        """A digest of the roster's ids and files: the rules run per mission know whether a
        name is in the roster (and which are close to it) from the whole list."""
        return roster_digest(self.workspace.freelancer_files)

    def rules_workspace(self, subject: Subject) -> Workspace:
        """``subject``'s workspace for the cross-file rules: the same records, and the ids
        of the whole roster (see :attr:`roster_digest`)."""
        if subject.kind == PEOPLE:
            return subject.workspace
        # Made afresh, not kept on the subject: a subject may go to a worker, pickled.
        return dataclasses.replace(subject._build(),
                                   freelancer_files=self.workspace.freelancer_files)

    def freelancer(self, freelancer_id: str) -> Subject:
        whole = self.workspace
        company = [] if whole.company is None else [whole.company.file]
        person = whole.freelancers[freelancer_id]
        missions = {m: whole.missions[m] for m in self.missions_of.get(freelancer_id, ())}
        reports = sorted(self.reports_of.get(freelancer_id, ()))
        if self.first_report is not None and self.first_report not in reports:
            reports.append(self.first_report)
        return Subject("freelancer", freelancer_id,
                       [*company, person.file, *(m.file for m in missions.values())],
                       partial(self._freelancer_workspace, freelancer_id, missions, reports),
                       tuple(reports), tuple(whole.activity_files[r] for r in reports))

    @cached_property
    def first_report(self) -> str | None:
        """The id of an activity report file of the first month with one: the months whose
        reports are followed start there (``planning/activity_days.followed_months``)."""
        from cfo_tools.model.months import Month

        ids = self.workspace.activity_files
        return min(ids, key=lambda i: (Month.parse(i.split("/")[0]), i)) if ids else None

    def _freelancer_workspace(self, freelancer_id: str, missions: dict[str, Mission],
                              reports: list[str]) -> Workspace:
        """The freelancer, the missions naming them, and of the activity report files, only
        whether theirs exist and the first month of all (for activity-missing)."""
        person = self.workspace.freelancers[freelancer_id]
        files = self.workspace.activity_files
        return Workspace(
            root=self.workspace.root, company=self.workspace.company,
            freelancers={freelancer_id: person}, freelancer_files={freelancer_id: person.file},
            missions=missions, mission_files={m: mission.file for m, mission in missions.items()},
            activity_files={r: files[r] for r in reports})

    def missions(self) -> Iterator[Subject]:
        """Every mission, with the freelancers it names and the activity reports and
        invoices that bill it."""
        for mission_id in sorted(self.workspace.missions):
            yield self.mission(mission_id)

    def mission(self, mission_id: str) -> Subject:
        # Asked for by the cross-file rules and by the follow-up of one run: made once.
        if mission_id not in self._missions:
            self._missions[mission_id] = self._mission(mission_id)
        return self._missions[mission_id]

    def _mission(self, mission_id: str) -> Subject:
        whole = self.workspace
        company = [] if whole.company is None else [whole.company.file]
        mission = whole.missions[mission_id]
        people = [f for f in self.named_by[mission_id] if f in self.roster]
        activity = self.activity_of.get(mission_id, [])
        invoices = self.invoices_of.get(mission_id, [])
        return Subject("mission", mission_id,
                       [*company, mission.file, *(whole.freelancers[f].file for f in people),
                        *(whole.activity_files[r] for r in activity),
                        *(whole.invoice_files[i] for i in invoices)],
                       partial(self._mission_workspace, mission_id, people, activity, invoices))

    def _mission_workspace(self, mission_id: str, people: list[str], activity: list[str],
                           invoices: list[str]) -> Workspace:
        whole = self.workspace
        mission = whole.missions[mission_id]
        reports = {r: whole.activity[r] for r in activity}
        bills = {i: whole.invoices[i] for i in invoices}
        return Workspace(
            root=whole.root, company=whole.company,
            freelancers={f: whole.freelancers[f] for f in people},
            freelancer_files={f: whole.freelancers[f].file for f in people},
            missions={mission_id: mission}, mission_files={mission_id: mission.file},
            activity=reports, activity_files={r: report.file for r, report in reports.items()},
            invoices=bills, invoice_files={i: bill.file for i, bill in bills.items()})


def roster_digest(freelancer_files: Mapping[str, str]) -> str:
    """A digest of the roster's ids and files (see :attr:`SubjectIndex.roster_digest`)."""
    digest = hashlib.blake2b(digest_size=16)
    for ident, file in sorted(freelancer_files.items()):
        digest.update(f"{ident}\0{file}\0".encode())
    return digest.hexdigest()


_LAST: SubjectIndex | None = None
