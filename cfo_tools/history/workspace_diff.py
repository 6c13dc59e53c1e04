"""What changed between two states of a workspace, in the people's terms, and which findings
the change introduces or resolves."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

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

#: Kinds whose changes are told field by field below; the records of any other registered kind
#: are told as added, removed or changed.
TOLD_IN_DETAIL = frozenset({"company", "freelancer", "mission"})
#: A rate cut deeper than this share is flagged.
SUSPICIOUS_RATE_CUT = Decimal("0.5")


@dataclass(frozen=True)
class Change:
    subject: str  # "freelancer alice-martin", "mission site"
    text: str
    warning: bool = False


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
            changes.append(Change(f"freelancer {new.id}", f"renamed from {old.id}"))
            changes += _person_changes(old, new)
            removed.remove(old)
            added.remove(new)
    for person in added:
        changes.append(Change(f"freelancer {person.id}",
                              f"added: {person.name}, {', '.join(person.roles)}, "
                              f"{person.daily_rate:g}/day, {person.status}"))
    assigned = missions_by_freelancer(head) if removed else {}
    for person in removed:
        still = assigned.get(person.id, [])
        changes.append(Change(f"freelancer {person.id}", f"removed: {person.name}"
                              + (f" (still assigned on {', '.join(still)})" if still else ""),
                              warning=bool(still)))
    for key in sorted(set(base.freelancers) & set(head.freelancers)):
        changes += _person_changes(base.freelancers[key], head.freelancers[key])
    return changes


def _person_changes(old: Freelancer, new: Freelancer) -> list[Change]:
    subject = f"freelancer {new.id}"
    changes = []
    if old.daily_rate != new.daily_rate:
        cut = cut_deeper_than(old.daily_rate, new.daily_rate, SUSPICIOUS_RATE_CUT)
        changes.append(Change(subject, f"daily rate {old.daily_rate:g} -> {new.daily_rate:g}"
                              + (" (cut by more than half: a typo?)" if cut else ""), cut))
    if old.capacity != new.capacity:
        changes.append(Change(subject, f"capacity {old.capacity}% -> {new.capacity}%"))
    if old.status != new.status:
        changes.append(Change(subject, f"status {old.status} -> {new.status}"))
    for label, before, after in (("skills", old.skills, new.skills),
                                 ("roles", old.roles, new.roles)):
        gained = [s for s in after if s not in before]
        lost = [s for s in before if s not in after]
        if gained or lost:
            parts = [f"+{s}" for s in gained] + [f"-{s}" for s in lost]
            changes.append(Change(subject, f"{label} {' '.join(parts)}"))
    periods_before = [(p.start, p.end, p.reason) for p in old.unavailable]
    periods_after = [(p.start, p.end, p.reason) for p in new.unavailable]
    for start, end, reason in periods_after:
        if (start, end, reason) not in periods_before:
            changes.append(Change(subject, f"unavailable {start}..{end}"
                                           + (f" ({reason})" if reason else "")))
    for start, end, _ in periods_before:
        if not any(p[:2] == (start, end) for p in periods_after):
            changes.append(Change(subject, f"no longer unavailable {start}..{end}"))
    documents_before = {_document_key(d) for d in old.documents}
    for document in new.documents:
        if _document_key(document) not in documents_before:
            changes.append(Change(subject, f"document {document.kind} recorded"
                                           + (f", issued {document.issued}" if document.issued
                                              else "")))
    return changes


def _document_key(document: HeldDocument) -> tuple[object, ...]:
    return (document.kind, document.issued, document.expires, document.verified,
            document.reference)


def _mission_changes(base: Workspace, head: Workspace) -> list[Change]:
    changes: list[Change] = []
    files = RECORD_KINDS["mission"].store.files_of
    for key in sorted(set(head.missions) - set(files(base))):
        m = head.missions[key]
        people = ", ".join(dict.fromkeys(a.freelancer for a in m.assignments)) or "nobody yet"
        changes.append(Change(f"mission {key}", f"added: {m.title} ({m.client}), {m.status}, "
                                                 f"{m.start} to {m.end}, {people}"))
    for key in sorted(set(base.missions) - set(files(head))):
        m = base.missions[key]
        finished = m.status in statuses.FINISHED
        changes.append(Change(f"mission {key}", f"removed: {m.title} ({m.status})"
                              + ("" if finished else " — it was not finished (validated, closed "
                                 "or cancelled)"),
                              warning=not finished))
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
            changes.append(Change(f"{kind.name} {key}", f"added: {after[key]}"))
        for key in sorted(set(before) - set(after)):
            changes.append(Change(f"{kind.name} {key}", f"removed: {before[key]}"))
        for key in sorted(set(old) & set(new)):
            if old[key] != new[key]:
                changes.append(Change(f"{kind.name} {key}", f"changed: {after.get(key, '')}"))
    return changes


def _one_mission(old: Mission, new: Mission) -> list[Change]:
    subject = f"mission {new.id}"
    changes = []
    if old.status != new.status:
        order = statuses.PROGRESSION
        backwards = (old.status in order and new.status in order
                     and order.index(new.status) < order.index(old.status))
        reopened = old.status == statuses.CANCELLED and new.status != statuses.CANCELLED
        changes.append(Change(subject, f"status {old.status} -> {new.status}"
                              + (" (backwards: is that intended?)" if backwards or reopened
                                 else ""), backwards or reopened))
    if (old.start, old.end) != (new.start, new.end):
        changes.append(Change(subject, f"dates {old.start}..{old.end} -> {new.start}..{new.end}"))
    changes += _assignment_changes(subject, old.assignments, new.assignments)
    old_d = {d.id: d for d in old.deliverables}
    for d in new.deliverables:
        before = old_d.get(d.id)
        if before is None:
            changes.append(Change(subject, f"deliverable {d.id} added, due {d.due}"))
            continue
        if before.status != d.status:
            verb = {statuses.ACCEPTED: "accepted",
                    statuses.CHANGES_REQUESTED: "sent back for changes",
                    statuses.SUBMITTED: "submitted"}.get(d.status, f"now {d.status}")
            changes.append(Change(subject, f"deliverable {d.id} {verb} "
                                           f"({before.status} -> {d.status})"))
        if before.due != d.due:
            changes.append(Change(subject, f"deliverable {d.id} due {before.due} -> {d.due}"))
    new_ids = {d.id for d in new.deliverables}
    changes += [Change(subject, f"deliverable {i} removed") for i in old_d if i not in new_ids]
    old_reviews = set(old.reviews)
    for review in new.reviews:
        if review not in old_reviews:
            score = (review.quality + review.deadlines + review.communication) / 3
            changes.append(Change(subject, f"review of {review.freelancer} added: {score:.1f}/5"
                                           + (", would rehire" if review.rehire
                                              else ", would not rehire")))
    return changes


def _assignment_key(a: Assignment) -> tuple[str, str]:
    return (a.freelancer, a.role)


def _assignment_changes(subject: str, old: list[Assignment], new: list[Assignment]
                        ) -> list[Change]:
    changes = []
    before: dict[tuple[str, str], Assignment] = {_assignment_key(a): a for a in old}
    after: dict[tuple[str, str], Assignment] = {_assignment_key(a): a for a in new}
    for key, a in after.items():
        if key not in before:
            changes.append(Change(subject, f"{a.freelancer} assigned as {a.role} at "
                                           f"{a.allocation}% from {a.start} to {a.end}"))
            continue
        b = before[key]
        if b.allocation != a.allocation:
            changes.append(Change(subject, f"{a.freelancer} re-allocated {b.allocation}% -> "
                                           f"{a.allocation}%"))
        if (b.start, b.end) != (a.start, a.end):
            changes.append(Change(subject, f"{a.freelancer} assignment dates "
                                           f"{b.start}..{b.end} -> {a.start}..{a.end}"))
        if b.daily_rate != a.daily_rate:
            changes.append(Change(subject, f"{a.freelancer} assignment rate "
                                           f"{_rate(b.daily_rate)} -> {_rate(a.daily_rate)}"))
    for key, b in before.items():
        if key not in after:
            changes.append(Change(subject, f"{b.freelancer} unassigned ({b.role})"))
    return changes


def _rate(value: Any) -> str:
    return "the freelancer's" if value is None else f"{value:g}"
