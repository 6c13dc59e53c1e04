"""Reminders before a document runs out, at 30, 14 and 7 days, for freelancers with a
current or upcoming mission only (the others would flood the report)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import HeldDocument
from cfo_tools.steering.compliance import EXPIRES, latest
from cfo_tools.steering.compliance_profile import REMINDER_LEAD_DAYS

NAME = "document-expiry"


def reminder_lead(days_left: int) -> int | None:
    """The reminder a document gets with ``days_left`` days to go: 7, 14, 30, or none."""
    if days_left < 0:
        return None
    return next((lead for lead in sorted(REMINDER_LEAD_DAYS) if days_left <= lead), None)


def check(context: FollowUpContext) -> Iterator[Problem]:
    company = context.workspace.company
    for freelancer, missions in context.current_or_upcoming():
        due: dict[str, tuple[date, HeldDocument, str]] = {}
        for kind in dict.fromkeys(d.kind for d in freelancer.documents):
            document = latest(freelancer, kind)
            if document is not None and document.expires is not None:
                due[document.pointer] = (document.expires, document, "expires")
        if company is not None:
            for mission in missions:
                for item in context.admin_items(freelancer, mission):
                    if item.status == EXPIRES and item.document is not None and item.due:
                        current = due.get(item.document.pointer)
                        if current is None or item.due < current[0]:
                            due[item.document.pointer] = (item.due, item.document,
                                                          "must be renewed")
        for pointer, (day, document, verb) in sorted(due.items()):
            lead = reminder_lead((day - context.today).days)
            if lead is None:
                continue
            left = (day - context.today).days
            yield Problem(freelancer.file, pointer,
                          f"{freelancer.id}: {document.kind} {verb} on {day} (in {left} days, "
                          f"{lead}-day reminder); ask for the new one", severity="warning")
