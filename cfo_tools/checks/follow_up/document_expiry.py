"""Reminders before a document runs out, at 30, 14 and 7 days, for freelancers with a
current or upcoming mission only (the others would flood the report)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from cfo_tools.checks.follow_up.context import FollowUpContext, span_edge
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import HeldDocument
from cfo_tools.steering.compliance import EXPIRES, latest
from cfo_tools.steering.compliance_profile import REMINDER_LEAD_DAYS

NAME = "document-expiry"
DESCRIPTION = (
    "a document expiring, or an attestation to renew, within 30 days (reminders at 30, 14 "
    "and 7 days)"
)


def reminder_lead(days_left: int) -> int | None:
    """The reminder a document gets with ``days_left`` days to go: 7, 14, 30, or none."""
    if days_left < 0:
        return None
    return next((lead for lead in sorted(REMINDER_LEAD_DAYS) if days_left <= lead), None)


def check(context: FollowUpContext) -> Iterator[Problem]:
    company = context.workspace.company
    for freelancer, missions in context.current_or_upcoming():
        #: pointer -> (day, document, what happens that day)
        due: dict[str, tuple[date, HeldDocument, str]] = {}
        for kind in dict.fromkeys(d.kind for d in freelancer.documents):
            document = latest(freelancer, kind)
            if document is not None and document.expires is not None:
                due[document.pointer] = (document.expires, document,
                                          f"expires on {document.expires}")
        if company is not None:
            for mission in missions:
                for item in context.admin_items(freelancer, mission):
                    if item.status == EXPIRES and item.document is not None and item.due:
                        current = due.get(item.document.pointer)
                        if current is None or item.due < current[0]:
                            edge = span_edge(freelancer.id, mission, starts=False)
                            due[item.document.pointer] = (
                                item.due, item.document,
                                f"expires on {item.due}, before {edge}")
        for pointer, (day, document, what) in sorted(due.items()):
            lead = reminder_lead((day - context.today).days)
            if lead is None:
                continue
            left = (day - context.today).days
            yield Problem(freelancer.file, pointer,
                          f"{freelancer.id}: {document.kind} {what} (in {left} days, "
                          f"{lead}-day reminder); ask for the new one", severity="warning")
