"""A need that starts within days and that nobody fills yet, with who could fill it."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.planning.availability import Request, find_candidates
from cfo_tools.planning.needs import NeedState, need_request, open_needs
from cfo_tools.planning.working_calendar import shift

NAME = "need-soon"
DESCRIPTION = ("a need starting in less than 5 working days that nobody fills yet, with the "
               "best people to ask")

#: A need is urgent when fewer working days than this are left before its start.
URGENT_WORKING_DAYS = 5
#: How many people the warning names.
NAMED = 3


def check(context: FollowUpContext) -> Iterator[Problem]:
    # Many needs often ask the same thing (copies of one request): each search runs once.
    answers: dict[tuple[str, Request], str] = {}
    for state, when in urgent_needs(context):
        need = state.need
        yield Problem(state.mission.file, need.pointer,
                      f"need '{need.id}' ({need.role}) on {state.mission.id} {when}, and "
                      f"{state.missing} of {need.count} {'is' if need.count == 1 else 'are'} "
                      f"still missing; {_best(context, state, answers)}", severity="warning")


def urgent_needs(context: FollowUpContext) -> Iterator[tuple[NeedState, str]]:
    """The needs the rule reports, each with when it starts; found from the missions with
    needs alone (the roster is read only to name who could fill them)."""
    today = context.today
    for state in open_needs(context.workspace, context.calendar):
        if state.end is not None and state.end < today:
            continue  # nobody can be found for it any more (unfilled-needs may still say so)
        if state.start >= today:
            left = context.calendar.working_days(today, shift(state.start, -1))
            if left >= URGENT_WORKING_DAYS:
                continue
            yield state, f"starts on {state.start}, in {left} working day{'s' * (left != 1)}"
        else:
            yield state, f"started on {state.start}"


def _best(context: FollowUpContext, state: NeedState,
          answers: dict[tuple[str, Request], str]) -> str:
    request = need_request(state)
    if request is None:
        return "give the need dates the company's calendar can hold"
    key = (state.mission.id, request)  # the answer may name the mission
    if key not in answers:
        answers[key] = _search(context, state, request)
    return answers[key]


def _search(context: FollowUpContext, state: NeedState, request: Request) -> str:
    result = find_candidates(context.workspace, context.calendar, request, today=context.today,
                             limit=NAMED, next_fit_for=0)
    free = [c for c in result.candidates if c.free_days]
    if not free:
        return ("nobody in the roster is free for it; look beyond "
                f"(cfo find --mission {state.mission.id} --candidates)")
    named = ", ".join(f"{c.freelancer.id} ({c.free_days}/{result.working_days} days free)"
                      for c in free)
    return f"best candidates: {named}"
