"""The lifecycle of a mission and of a deliverable, stated once.

Every module that asks "does this mission book time?", "is it under way?", "is it over?"
imports the answer from here; the schemas' enums list the same statuses (a test compares them),
and docs/format.md explains them.

A mission moves draft -> open -> staffed -> in-progress -> in-review -> validated -> closed, and
may be cancelled at any point:

- **committed** (everything but draft and cancelled): its assignments book the freelancers'
  time and its deliverables are followed; a draft is not agreed yet, a cancelled mission no
  longer is;
- **in flight** (staffed, in-progress, in-review): people are working on it;
- **active** (open and in flight): still needs documents — briefs, onboarding;
- **finished** (validated, closed, cancelled): nobody works on it any more, so nobody needs to
  be available or hireable for it;
- **done** (validated, closed): finished *and* delivered — it counts in the freelancers' track
  record, its deliverables are all accepted and its people get reviewed.
"""

from __future__ import annotations

DRAFT = "draft"
OPEN = "open"
STAFFED = "staffed"
IN_PROGRESS = "in-progress"
IN_REVIEW = "in-review"
VALIDATED = "validated"
CLOSED = "closed"
CANCELLED = "cancelled"

#: Every mission status; the first seven in the order a mission moves through them.
MISSION_STATUSES = (DRAFT, OPEN, STAFFED, IN_PROGRESS, IN_REVIEW, VALIDATED, CLOSED, CANCELLED)
#: The forward path (cancelled stands aside: it may happen at any point).
PROGRESSION = (DRAFT, OPEN, STAFFED, IN_PROGRESS, IN_REVIEW, VALIDATED, CLOSED)

#: Not agreed yet, or no longer: their assignments book nobody's time.
NOT_COMMITTED = frozenset({DRAFT, CANCELLED})
#: Their assignments book the freelancers' time; their deliverables are followed.
COMMITTED = frozenset(MISSION_STATUSES) - NOT_COMMITTED
#: People are working on it.
IN_FLIGHT = frozenset({STAFFED, IN_PROGRESS, IN_REVIEW})
#: Still needs documents: open, or in flight (briefs, onboarding packs, `cfo build`).
ACTIVE = frozenset({OPEN}) | IN_FLIGHT
#: Staffed, not started yet (it is late once its start date has passed).
NOT_STARTED = frozenset({OPEN, STAFFED})
#: Nobody works on it any more.
FINISHED = frozenset({VALIDATED, CLOSED, CANCELLED})
#: Finished and delivered: counts in the track record, everyone on it gets a review.
DONE = FINISHED - {CANCELLED}
#: Staffed or further along without being cancelled: it must have someone assigned.
NEEDS_PEOPLE = IN_FLIGHT | DONE

PENDING = "pending"
SUBMITTED = "submitted"
CHANGES_REQUESTED = "changes-requested"
ACCEPTED = "accepted"

#: Every deliverable status, in the order a deliverable moves through them (changes may be
#: requested several times before it is accepted).
DELIVERABLE_STATUSES = (PENDING, SUBMITTED, CHANGES_REQUESTED, ACCEPTED)
#: Handed in at least once.
DELIVERED = frozenset({SUBMITTED, CHANGES_REQUESTED, ACCEPTED})
#: Still expects something from the freelancer or from us.
OUTSTANDING = frozenset(DELIVERABLE_STATUSES) - {ACCEPTED}


def books_time(status: str) -> bool:
    """Whether a mission with this status books its freelancers' time."""
    return status not in NOT_COMMITTED
