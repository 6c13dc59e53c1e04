"""A candidate left waiting: a next step whose date has passed, or an interested or qualified
candidate nobody has talked to for a month (decided in steering/pipeline.py)."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.steering.pipeline import QUIET_DAYS, FollowUpDue, follow_up_due

NAME = "candidate-follow-up"
DESCRIPTION = (f"a candidate whose `next_step` date has passed, or `interested` or `qualified` "
               f"with no contact logged for more than {QUIET_DAYS} days")


def check(context: FollowUpContext) -> Iterator[Problem]:
    for candidate in sorted(context.workspace.candidates.values(), key=lambda c: c.id):
        due = follow_up_due(candidate, context.today)
        if due is not None:
            yield Problem(candidate.file, due.pointer, _message(due, context),
                          severity="warning")


def _message(due: FollowUpDue, context: FollowUpContext) -> str:
    candidate = due.candidate
    if due.reason == "next-step":
        assert candidate.next_step is not None
        return (f"the next step ('{candidate.next_step.action}') was due on {due.since}; "
                "follow up or close: do it and log the contact, set a new date, or set the "
                "stage to declined")
    if due.reason == "no-contact":
        return (f"{candidate.id} is {candidate.stage} but no contact is logged; follow up or "
                "close, and log it under 'contacts:'")
    assert due.since is not None
    return (f"{candidate.id} is {candidate.stage} but the last contact was on {due.since}, "
            f"{(context.today - due.since).days} days ago; follow up or close")
