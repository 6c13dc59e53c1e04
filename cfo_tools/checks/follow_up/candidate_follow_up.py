"""A candidate left waiting: a next step whose date has passed, or an interested or qualified
candidate nobody has talked to for a month."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.candidates import OPEN_STAGES

NAME = "candidate-follow-up"
#: Days without a contact after which an interested or qualified candidate goes cold.
QUIET_DAYS = 30
DESCRIPTION = (f"a candidate whose `next_step` date has passed, or `interested` or `qualified` "
               f"with no contact logged for more than {QUIET_DAYS} days")
#: Stages at which silence loses the candidate.
WARM_STAGES = frozenset({"interested", "qualified"})


def check(context: FollowUpContext) -> Iterator[Problem]:
    today = context.today
    for candidate in sorted(context.workspace.candidates.values(), key=lambda c: c.id):
        if candidate.stage not in OPEN_STAGES:
            continue
        step = candidate.next_step
        if step is not None and step.date < today:
            yield Problem(candidate.file, f"{step.pointer}/date",
                          f"the next step ('{step.action}') was due on {step.date}; follow up "
                          "or close: do it and log the contact, set a new date, or set the "
                          "stage to declined", severity="warning")
            continue
        if candidate.stage not in WARM_STAGES:
            continue
        last = candidate.last_contact
        if last is None:
            yield Problem(candidate.file, "/stage",
                          f"{candidate.id} is {candidate.stage} but no contact is logged; "
                          "follow up or close, and log it under 'contacts:'",
                          severity="warning")
        elif (today - last.date).days > QUIET_DAYS:
            yield Problem(candidate.file, f"{last.pointer}/date",
                          f"{candidate.id} is {candidate.stage} but the last contact was on "
                          f"{last.date}, {(today - last.date).days} days ago; follow up or "
                          "close", severity="warning")
