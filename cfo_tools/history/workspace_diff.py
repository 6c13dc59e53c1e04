"""What changed between two states of a workspace, in the people's terms, and which findings
the change introduces or resolves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cfo_tools.loading.kinds import RECORD_KINDS
from cfo_tools.model import statuses
from cfo_tools.model.findings import Finding
from cfo_tools.model.money import cut_deeper_than
from cfo_tools.model.records import (
    Assignment,
    Freelancer,
    HeldDocument,
    Mission,
    Workspace,
    missions_by_freelancer,
)
from cfo_tools.model.values import Label, Role

#: Kinds whose changes are told field by field below; the records of any other registered kind
#: are told as added, removed or changed.
TOLD_IN_DETAIL = frozenset({"company", "freelancer", "mission"})
FREELANCER, MISSION = "freelancer", "mission"
#: A rate cut deeper than this share is flagged.
SUSPICIOUS_RATE_CUT = Decimal("0.5")


@dataclass(frozen=True)
class Percent:
    value: int


#: What a change's sentence is filled with; each reader shows it in its language.
Value = str | int | Decimal | date | Label | Role | Percent | tuple[str | Role, ...]


@dataclass(frozen=True)
class Change:
    """One change told in people's terms: the message ``message`` of the catalogue
    (``diff_...``) filled with ``values``, about the record ``kind`` ``record``."""

    kind: str  # "freelancer", "mission", or another kind of record
    record: str  # its id
    message: str
    values: tuple[tuple[str, Value], ...] = ()
    warning: bool = False

    @property
    def subject(self) -> str:
        """"freelancer alice-martin", "mission site": the record, in the JSON's words."""
        return f"{self.kind} {self.record}"


def _change(kind: str, record: str, message: str, warning: bool = False,
            **values: Value) -> Change:
    return Change(kind, record, message, tuple(values.items()), warning)


@dataclass
class WorkspaceDiff:
    changes: list[Change] = field(default_factory=list)
    introduced: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)

    @property
    def warnings(self) -> list[Change]:
        return [c for c in self.changes if c.warning]


def diff_workspaces(base: Workspace, head: Workspace, base_findings: list[Finding],
                    head_findings: list[Finding]) -> WorkspaceDiff:
    result = WorkspaceDiff()
    result.changes += _freelancer_changes(base, head)
    result.changes += _mission_changes(base, head)
    result.changes += _other_record_changes(base, head)
    base_keys = {_finding_key(f) for f in base_findings}
    head_keys = {_finding_key(f) for f in head_findings}
    result.introduced = [f for f in head_findings if _finding_key(f) not in base_keys]
    result.resolved = [f for f in base_findings if _finding_key(f) not in head_keys]
    return result


def _finding_key(finding: Finding) -> tuple[str, str, str, str]:
    # Lines move when a file is edited; the place in the document and the words do not.
    if finding.rule == "symlink-escape":
        # The message says where the link leads, which differs between a revision read into a
        # temporary folder and the working tree; the link is the same.
        return (finding.file, finding.rule, finding.path, "")
    return (finding.file, finding.rule, finding.path, finding.message)


def _same_person(a: Freelancer, b: Freelancer) -> bool:
    return a.email.lower() == b.email.lower()


def _freelancer_changes(base: Workspace, head: Workspace) -> list[Change]:
    changes: list[Change] = []
    files = RECORD_KINDS["freelancer"].store.files_of
    removed = [f for k, f in sorted(base.freelancers.items()) if k not in files(head)]
    added = [f for k, f in sorted(head.freelancers.items()) if k not in files(base)]
    for old in list(removed):
        new = next((f for f in added if _same_person(old, f)), None)
        if new is not None:
            changes.append(_change(FREELANCER, new.id, "diff_renamed", old=old.id))
            changes += _person_changes(old, new)
            removed.remove(old)
            added.remove(new)
    for person in added:
        changes.append(_change(FREELANCER, person.id, "diff_freelancer_added",
                               name=person.name, roles=tuple(Role(r) for r in person.roles),
                               rate=person.daily_rate,
                               status=Label.of("freelancer_", person.status)))
    assigned = missions_by_freelancer(head) if removed else {}
    for person in removed:
        still = assigned.get(person.id, [])
        if still:
            changes.append(_change(FREELANCER, person.id, "diff_freelancer_removed_assigned",
                                   True, name=person.name, missions=tuple(still)))
        else:
            changes.append(_change(FREELANCER, person.id, "diff_freelancer_removed",
                                   name=person.name))
    for key in sorted(set(base.freelancers) & set(head.freelancers)):
        changes += _person_changes(base.freelancers[key], head.freelancers[key])
    return changes


def _person_changes(old: Freelancer, new: Freelancer) -> list[Change]:
    who = new.id
    changes = []
    if old.daily_rate != new.daily_rate:
        cut = cut_deeper_than(old.daily_rate, new.daily_rate, SUSPICIOUS_RATE_CUT)
        changes.append(_change(FREELANCER, who, "diff_rate_cut" if cut else "diff_rate", cut,
                               old=old.daily_rate, new=new.daily_rate))
    if old.capacity != new.capacity:
        changes.append(_change(FREELANCER, who, "diff_capacity", old=Percent(old.capacity),
                               new=Percent(new.capacity)))
    if old.status != new.status:
        changes.append(_change(FREELANCER, who, "diff_status",
                               old=Label.of("freelancer_", old.status),
                               new=Label.of("freelancer_", new.status)))
    for message, before, after in (("diff_skills", old.skills, new.skills),
                                   ("diff_roles", old.roles, new.roles)):
        gained = [s for s in after if s not in before]
        lost = [s for s in before if s not in after]
        if gained or lost:
            parts = [f"+{s}" for s in gained] + [f"-{s}" for s in lost]
            changes.append(_change(FREELANCER, who, message, changes=" ".join(parts)))
    periods_before = [(p.start, p.end, p.reason) for p in old.unavailable]
    periods_after = [(p.start, p.end, p.reason) for p in new.unavailable]
    for start, end, reason in periods_after:
        if (start, end, reason) not in periods_before:
            if reason:
                changes.append(_change(FREELANCER, who, "diff_unavailable_reason",
                                       start=start, end=end, reason=reason))
            else:
                changes.append(_change(FREELANCER, who, "diff_unavailable", start=start,
                                       end=end))
    for start, end, _ in periods_before:
        if not any(p[:2] == (start, end) for p in periods_after):
            changes.append(_change(FREELANCER, who, "diff_available_again", start=start,
                                   end=end))
    documents_before = {_document_key(d) for d in old.documents}
    for document in new.documents:
        if _document_key(document) not in documents_before:
            kind = Label.of("kind_", document.kind)
            if document.issued:
                changes.append(_change(FREELANCER, who, "diff_document_issued", document=kind,
                                       issued=document.issued))
            else:
                changes.append(_change(FREELANCER, who, "diff_document", document=kind))
    return changes


def _document_key(document: HeldDocument) -> tuple[object, ...]:
    return (document.kind, document.issued, document.expires, document.verified,
            document.reference)


def _mission_changes(base: Workspace, head: Workspace) -> list[Change]:
    changes: list[Change] = []
    files = RECORD_KINDS["mission"].store.files_of
    for key in sorted(set(head.missions) - set(files(base))):
        m = head.missions[key]
        people = tuple(dict.fromkeys(a.freelancer for a in m.assignments))
        changes.append(_change(MISSION, key, "diff_mission_added" if people
                               else "diff_mission_added_nobody", title=m.title,
                               client=m.client, status=Label.of("status_", m.status),
                               start=m.start, end=m.end, people=people))
    for key in sorted(set(base.missions) - set(files(head))):
        m = base.missions[key]
        finished = m.status in statuses.FINISHED
        changes.append(_change(MISSION, key, "diff_mission_removed" if finished
                               else "diff_mission_removed_unfinished", not finished,
                               title=m.title, status=Label.of("status_", m.status)))
    for key in sorted(set(base.missions) & set(head.missions)):
        changes += _one_mission(base.missions[key], head.missions[key])
    return changes


def _other_record_changes(base: Workspace, head: Workspace) -> list[Change]:
    changes: list[Change] = []
    for kind in RECORD_KINDS.values():
        if kind.name in TOLD_IN_DETAIL:
            continue
        before, after = kind.store.files_of(base), kind.store.files_of(head)
        old, new = kind.store.records_of(base), kind.store.records_of(head)
        for key in sorted(set(after) - set(before)):
            changes.append(_change(kind.name, key, "diff_record_added", file=after[key]))
        for key in sorted(set(before) - set(after)):
            changes.append(_change(kind.name, key, "diff_record_removed", file=before[key]))
        for key in sorted(set(old) & set(new)):
            if old[key] != new[key]:
                changes.append(_change(kind.name, key, "diff_record_changed",
                                       file=after.get(key, "")))
    return changes


def _one_mission(old: Mission, new: Mission) -> list[Change]:
    mission = new.id
    changes = []
    if old.status != new.status:
        order = statuses.PROGRESSION
        backwards = (old.status in order and new.status in order
                     and order.index(new.status) < order.index(old.status))
        reopened = old.status == statuses.CANCELLED and new.status != statuses.CANCELLED
        changes.append(_change(MISSION, mission, "diff_status_backwards" if backwards
                               or reopened else "diff_status", backwards or reopened,
                               old=Label.of("status_", old.status),
                               new=Label.of("status_", new.status)))
    if (old.start, old.end) != (new.start, new.end):
        changes.append(_change(MISSION, mission, "diff_dates", old_start=old.start,
                               old_end=old.end, start=new.start, end=new.end))
    changes += _assignment_changes(mission, old.assignments, new.assignments)
    old_d = {d.id: d for d in old.deliverables}
    for d in new.deliverables:
        before = old_d.get(d.id)
        if before is None:
            changes.append(_change(MISSION, mission, "diff_deliverable_added",
                                   deliverable=d.id, due=d.due))
            continue
        if before.status != d.status:
            message = {statuses.ACCEPTED: "diff_deliverable_accepted",
                       statuses.CHANGES_REQUESTED: "diff_deliverable_changes",
                       statuses.SUBMITTED: "diff_deliverable_submitted",
                       }.get(d.status, "diff_deliverable_status")
            changes.append(_change(MISSION, mission, message, deliverable=d.id,
                                   old=Label.of("deliverable_", before.status),
                                   new=Label.of("deliverable_", d.status)))
        if before.due != d.due:
            changes.append(_change(MISSION, mission, "diff_deliverable_due", deliverable=d.id,
                                   old=before.due, new=d.due))
    new_ids = {d.id for d in new.deliverables}
    changes += [_change(MISSION, mission, "diff_deliverable_removed", deliverable=i)
                for i in old_d if i not in new_ids]
    old_reviews = set(old.reviews)
    for review in new.reviews:
        if review not in old_reviews:
            score = (Decimal(review.quality) + Decimal(review.deadlines)
                     + Decimal(review.communication)) / 3
            changes.append(_change(MISSION, mission, "diff_review_rehire" if review.rehire
                                   else "diff_review_no_rehire", freelancer=review.freelancer,
                                   score=score.quantize(Decimal("0.1"))))
    return changes


def _assignment_key(a: Assignment) -> tuple[str, str]:
    return (a.freelancer, a.role)


def _assignment_changes(mission: str, old: list[Assignment], new: list[Assignment]
                        ) -> list[Change]:
    changes = []
    before: dict[tuple[str, str], Assignment] = {_assignment_key(a): a for a in old}
    after: dict[tuple[str, str], Assignment] = {_assignment_key(a): a for a in new}
    for key, a in after.items():
        if key not in before:
            changes.append(_change(MISSION, mission, "diff_assigned", freelancer=a.freelancer,
                                   role=Role(a.role), allocation=Percent(a.allocation),
                                   start=a.start, end=a.end))
            continue
        b = before[key]
        if b.allocation != a.allocation:
            changes.append(_change(MISSION, mission, "diff_reallocated",
                                   freelancer=a.freelancer, old=Percent(b.allocation),
                                   new=Percent(a.allocation)))
        if (b.start, b.end) != (a.start, a.end):
            changes.append(_change(MISSION, mission, "diff_assignment_dates",
                                   freelancer=a.freelancer, old_start=b.start, old_end=b.end,
                                   start=a.start, end=a.end))
        if b.daily_rate != a.daily_rate:
            changes.append(_change(MISSION, mission, "diff_assignment_rate",
                                   freelancer=a.freelancer, old=_rate(b.daily_rate),
                                   new=_rate(a.daily_rate)))
    for key, b in before.items():
        if key not in after:
            changes.append(_change(MISSION, mission, "diff_unassigned",
                                   freelancer=b.freelancer, role=Role(b.role)))
    return changes


def _rate(value: Decimal | None) -> Value:
    """An assignment's own rate, or the freelancer's (the catalogue's words for it)."""
    return Label.of("diff_", "freelancers-rate") if value is None else value
