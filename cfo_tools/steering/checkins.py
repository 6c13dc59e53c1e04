"""When each freelancer on a mission is due a check-in, decided once: the ``no-checkin``
warnings of ``cfo check`` and the check-ins of ``cfo agenda`` both read it.

A freelancer is due a check-in for one of three reasons, the earliest due date winning:

- ``cadence``: their booking on a mission ``in-progress`` (or ``staffed`` and started) has lasted
  ``checkin_every_days`` working days with no check-in in the last ``checkin_every_days``
  working days; due on the last of those days;
- ``next``: the last check-in planned the next one (``next``); due that day, late the day after;
- ``concern``: the last check-in's mood was ``concern``; due within 3 working days after it,
  late on the fourth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cfo_tools.model import statuses
from cfo_tools.model.records import Assignment, CheckIn, Company, Mission
from cfo_tools.planning.working_calendar import NoWorkingDay, WorkingCalendar, shift

#: Working days without a check-in after which a freelancer on a mission is due one.
DEFAULT_EVERY_DAYS = 10
#: Working days after a ``concern`` within which someone must call back.
CONCERN_FOLLOW_UP_DAYS = 3
CADENCE, NEXT, CONCERN = "cadence", "next", "concern"


@dataclass(frozen=True)
class CheckInDue:
    mission: Mission
    freelancer: str
    #: ``cadence``, ``next`` or ``concern`` (see the module's docstring).
    reason: str
    #: The day the check-in is due.
    due: date
    #: The freelancer's last check-in on the mission (None: never checked in).
    last: CheckIn | None
    #: When the booking that needs the check-in started (``cadence`` only).
    booking_start: date | None
    #: Whether it is late as of the day asked (``cfo check`` warns).
    late: bool
    #: Where the file says what is due (JSON pointer).
    pointer: str

    @property
    def since(self) -> date:
        """The last check-in's date, or the start of the booking when there was none."""
        if self.last is not None:
            return self.last.date
        assert self.booking_start is not None
        return self.booking_start


def every_days(company: Company | None) -> int:
    """``requirements.checkin_every_days`` (default 10)."""
    value = company.requirements.get("checkin_every_days") if company else None
    return value if isinstance(value, int) else DEFAULT_EVERY_DAYS


def last_checkins(mission: Mission, today: date) -> dict[str, CheckIn]:
    """Each freelancer's latest check-in on ``mission`` up to ``today`` (on a tie, the one
    written last); a check-in dated after today is an error, not a check-in."""
    found: dict[str, CheckIn] = {}
    for checkin in mission.checkins:
        if checkin.date > today:
            continue
        current = found.get(checkin.freelancer)
        if current is None or checkin.date >= current.date:
            found[checkin.freelancer] = checkin
    return found


def followed(mission: Mission) -> bool:
    """Whether check-ins are asked of the freelancers of ``mission``: it is committed and not
    finished (open or in flight)."""
    return mission.status in statuses.COMMITTED - statuses.FINISHED


def checkins_due(mission: Mission, calendar: WorkingCalendar, *, today: date,
                 every: int = DEFAULT_EVERY_DAYS) -> list[CheckInDue]:
    """The check-in each freelancer assigned to ``mission`` is due next, as of ``today``, in
    the order of their first assignment; a freelancer with nothing due is left out."""
    if not followed(mission):
        return []
    last = last_checkins(mission, today)
    found = []
    for freelancer in dict.fromkeys(a.freelancer for a in mission.assignments):
        options = _options(mission, freelancer, last.get(freelancer), calendar, today, every)
        if options:
            found.append(min(options, key=lambda d: d.due))
    return found


def _options(mission: Mission, freelancer: str, last: CheckIn | None,
             calendar: WorkingCalendar, today: date, every: int) -> list[CheckInDue]:
    options = []
    if last is not None and last.next is not None:
        options.append(CheckInDue(mission, freelancer, NEXT, last.next, last, None,
                                  last.next < today, f"{last.pointer}/next"))
    if last is not None and last.mood == CONCERN:
        due = _nth(calendar, shift(last.date, 1), CONCERN_FOLLOW_UP_DAYS)
        if due is not None:
            options.append(CheckInDue(mission, freelancer, CONCERN, due, last, None,
                                      due < today, f"{last.pointer}/mood"))
    booking = _current_booking(mission, freelancer, today)
    if booking is not None:
        start, end, pointer = booking
        due = _nth(calendar, start, every)
        if last is not None:
            after_last = _nth(calendar, shift(last.date, 1), every)
            due = None if due is None or after_last is None else max(due, after_last)
            pointer = f"{last.pointer}/date"
        if due is not None and due <= end:
            options.append(CheckInDue(mission, freelancer, CADENCE, due, last, start,
                                      due <= today, pointer))
    return options


def _current_booking(mission: Mission, freelancer: str, today: date
                     ) -> tuple[date, date, str] | None:
    """The start, end and pointer of the freelancer's confirmed booking under way on
    ``mission`` today, when the mission is ``in-progress`` or ``staffed`` and started."""
    started = mission.status == statuses.IN_PROGRESS or (
        mission.status == statuses.STAFFED and mission.start <= today)
    if not started:
        return None
    current: list[Assignment] = [a for a in mission.assignments_of(freelancer)
                                 if not a.tentative and a.start <= today <= a.end]
    if not current:
        return None
    first = min(current, key=lambda a: a.start)
    return first.start, max(a.end for a in current), first.pointer


def _nth(calendar: WorkingCalendar, start: date, count: int) -> date | None:
    try:
        return calendar.nth_working_day(start, count)
    except (NoWorkingDay, OverflowError, ValueError):
        return None
