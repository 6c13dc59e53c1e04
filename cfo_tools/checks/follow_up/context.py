"""What the checks that depend on today work from.

Several follow-up rules ask the same questions of every freelancer with a current mission
(their bookings, the paperwork their contracts need, the contract amounts): the context answers
each once per run, so that a mission with tens of thousands of assignments costs linear time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from cfo_tools.model.money import contract_amount
from cfo_tools.model.records import Freelancer, Mission, Workspace
from cfo_tools.planning.bookings import Booking, bookings_by_freelancer
from cfo_tools.planning.working_calendar import WorkingCalendar
from cfo_tools.steering.budget import MoneyRecorded, money_recorded
from cfo_tools.steering.compliance import AdminItem, ContractPaperwork


@dataclass
class FollowUpContext:
    workspace: Workspace
    calendar: WorkingCalendar
    today: date
    #: Only this freelancer's bookings, when the context serves one freelancer's checks.
    freelancer: str | None = None
    _amounts: dict[tuple[str, str], Decimal] = field(default_factory=dict, init=False,
                                                     repr=False)
    _items: dict[tuple[str, str], list[AdminItem]] = field(default_factory=dict, init=False,
                                                           repr=False)

    @cached_property
    def bookings(self) -> dict[str, list[Booking]]:
        """Every freelancer's bookings (see :func:`bookings_by_freelancer`)."""
        return bookings_by_freelancer(self.workspace, freelancer=self.freelancer)

    @cached_property
    def money_recorded(self) -> MoneyRecorded:
        """The workspace's approved reports and invoices, indexed for every mission's budget."""
        return money_recorded(self.workspace)

    def current_or_upcoming(self) -> Iterator[tuple[Freelancer, list[Mission]]]:
        """Freelancers with a booking assignment that has not ended, and those missions."""
        return iter(self._current_or_upcoming)

    @cached_property
    def _current_or_upcoming(self) -> list[tuple[Freelancer, list[Mission]]]:
        found = []
        for freelancer_id, bookings in sorted(self.bookings.items()):
            freelancer = self.workspace.freelancers.get(freelancer_id)
            if freelancer is None:
                continue
            missions = _missions(b for b in bookings if b.end >= self.today)
            if missions:
                found.append((freelancer, missions))
        return found

    def contract_amount(self, freelancer: Freelancer, mission: Mission) -> Decimal:
        """The whole contract of ``freelancer`` on ``mission`` (see :mod:`money`)."""
        key = (freelancer.id, mission.id)
        if key not in self._amounts:
            self._amounts[key] = contract_amount(freelancer, mission, self.calendar)
        return self._amounts[key]

    def admin_items(self, freelancer: Freelancer, mission: Mission) -> list[AdminItem]:
        """What the contract of ``freelancer`` on ``mission`` needs, as of today."""
        key = (freelancer.id, mission.id)
        if key not in self._items and self._paperwork is not None:
            self._items[key] = self._paperwork.items(
                freelancer, mission, self.contract_amount(freelancer, mission))
        return self._items.get(key, [])

    @cached_property
    def _paperwork(self) -> ContractPaperwork | None:
        company = self.workspace.company
        return None if company is None else ContractPaperwork(company, self.calendar,
                                                              self.today)


def contract_span(freelancer_id: str, mission: Mission) -> tuple[date, date]:
    """First and last day of the freelancer's assignments on ``mission`` (the mission's own
    dates when there are none): the span the paperwork must cover."""
    own = mission.assignments_of(freelancer_id)
    return (min((a.start for a in own), default=mission.start),
            max((a.end for a in own), default=mission.end))


def span_edge(freelancer_id: str, mission: Mission, *, starts: bool) -> str:
    """"m starts on 2027-01-11", or "their assignment on m ends on ..." when the freelancer's
    own dates are not the mission's."""
    first, last = contract_span(freelancer_id, mission)
    day, own, verb = (first, mission.start, "starts") if starts else (last, mission.end, "ends")
    subject = mission.id if day == own else f"their assignment on {mission.id}"
    return f"{subject} {verb} on {day}"


def _missions(bookings: Iterable[Booking]) -> list[Mission]:
    found: dict[str, Mission] = {}
    for booking in bookings:
        found.setdefault(booking.mission.id, booking.mission)
    return [found[k] for k in sorted(found)]
