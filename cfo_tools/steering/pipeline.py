"""The recruiting funnel: candidates by stage, and the ones waiting for us.

When a candidate is due a follow-up is decided here, once: ``cfo pipeline`` lists them and the
``candidate-follow-up`` check warns about them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cfo_tools.model.candidates import OPEN_STAGES, STAGES, Candidate
from cfo_tools.model.records import Workspace
from cfo_tools.planning.needs import NeedState
from cfo_tools.planning.working_calendar import WorkingCalendar
from cfo_tools.steering.need_search import CandidateFit, candidates_for_open_needs

#: Days without a contact after which an interested or qualified candidate goes cold.
QUIET_DAYS = 30
#: Stages at which silence loses the candidate.
WARM_STAGES = frozenset({"interested", "qualified"})


@dataclass(frozen=True)
class FollowUpDue:
    """Why ``candidate`` is waiting for us: ``reason`` is ``next-step`` (its date passed),
    ``no-contact`` (warm, nothing logged) or ``quiet`` (warm, last contact too long ago)."""

    candidate: Candidate
    reason: str
    #: The next step's date, or the last contact's (None when nothing is logged).
    since: date | None
    #: Where the file says it (JSON pointer).
    pointer: str


def follow_up_due(candidate: Candidate, today: date) -> FollowUpDue | None:
    """The follow-up ``candidate`` is due as of ``today``, if any; a passed next step first,
    as it is what was planned."""
    if candidate.stage not in OPEN_STAGES:
        return None
    step = candidate.next_step
    if step is not None and step.date < today:
        return FollowUpDue(candidate, "next-step", step.date, f"{step.pointer}/date")
    if candidate.stage not in WARM_STAGES:
        return None
    last = candidate.last_contact
    if last is None:
        return FollowUpDue(candidate, "no-contact", None, "/stage")
    if (today - last.date).days > QUIET_DAYS:
        return FollowUpDue(candidate, "quiet", last.date, f"{last.pointer}/date")
    return None


@dataclass(frozen=True)
class PipelineReport:
    today: date
    role: str | None
    #: Every stage in the funnel's order, with its candidates sorted by id (maybe none).
    stages: tuple[tuple[str, tuple[Candidate, ...]], ...]
    #: Follow-ups due, the longest waiting first.
    follow_ups: tuple[FollowUpDue, ...]
    #: Open needs, soonest first, with the candidates who would fit them.
    fits: tuple[tuple[NeedState, tuple[CandidateFit, ...]], ...] = ()

    @property
    def total(self) -> int:
        return sum(len(people) for _, people in self.stages)


def pipeline(workspace: Workspace, *, today: date, role: str | None = None,
             calendar: WorkingCalendar | None = None) -> PipelineReport:
    """The funnel of ``workspace``'s candidates (only those with ``role`` when given); with
    a ``calendar``, the candidates who would fit each open need too."""
    chosen = sorted((c for c in workspace.candidates.values() if role is None or role in c.roles),
                    key=lambda c: c.id)
    stages = tuple((stage, tuple(c for c in chosen if c.stage == stage)) for stage in STAGES)
    due = [f for f in (follow_up_due(c, today) for c in chosen) if f is not None]
    due.sort(key=lambda f: (f.since or date.min, f.candidate.id))
    fits = () if calendar is None else tuple(
        (state, tuple(found))
        for state, found in candidates_for_open_needs(workspace, calendar, role=role))
    return PipelineReport(today, role, stages, tuple(due), fits)
