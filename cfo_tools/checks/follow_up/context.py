"""What the checks that depend on today work from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from cfo_tools.model.records import Freelancer, Mission, Workspace
from cfo_tools.planning.bookings import Booking, bookings_by_freelancer
from cfo_tools.planning.working_calendar import WorkingCalendar


@dataclass
class FollowUpContext:
    workspace: Workspace
    calendar: WorkingCalendar
    today: date

    def current_or_upcoming(self) -> Iterator[tuple[Freelancer, list[Mission]]]:
        """Freelancers with a booking assignment that has not ended, and those missions."""
        for freelancer_id, bookings in sorted(bookings_by_freelancer(self.workspace).items()):
            freelancer = self.workspace.freelancers.get(freelancer_id)
            if freelancer is None:
                continue
            missions = _missions(b for b in bookings if b.end >= self.today)
            if missions:
                yield freelancer, missions


def contract_span(freelancer_id: str, mission: Mission) -> tuple[date, date]:
    """First and last day of the freelancer's assignments on ``mission`` (the mission's own
    dates when there are none): the span the paperwork must cover."""
    own = [a for a in mission.assignments if a.freelancer == freelancer_id]
    return (min((a.start for a in own), default=mission.start),
            max((a.end for a in own), default=mission.end))


def span_edge(freelancer_id: str, mission: Mission, *, starts: bool) -> str:
    """"m starts on 2027-01-11", or "their assignment on m ends on ..." when the freelancer's
    own dates are not the mission's."""
    first, last = contract_span(freelancer_id, mission)
    day, own, verb = (first, mission.start, "starts") if starts else (last, mission.end, "ends")
    subject = mission.id if day == own else f"their assignment on {mission.id}"
    return f"{subject} {verb} on {day}"


def _missions(bookings: Iterator[Booking]) -> list[Mission]:
    found: dict[str, Mission] = {}
    for booking in bookings:
        found.setdefault(booking.mission.id, booking.mission)
    return [found[k] for k in sorted(found)]
