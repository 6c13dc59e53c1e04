"""What past missions say about a freelancer: ratings and missions done."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from cfo_tools.model.records import Mission, Review, Workspace
from cfo_tools.model.statuses import DONE


@dataclass(frozen=True)
class TrackRecord:
    reviews: tuple[Review, ...]
    missions_done: int

    @property
    def rating(self) -> float | None:
        """Average of quality, deadlines and communication over all reviews (1 to 5)."""
        if not self.reviews:
            return None
        scores = [(r.quality + r.deadlines + r.communication) / 3 for r in self.reviews]
        return round(sum(scores) / len(scores), 2)


def finished(mission: Mission, today: date) -> bool:
    """Validated or closed, or a booking mission whose end has passed."""
    return mission.status in DONE or (mission.books_time and mission.end < today)


def missing_reviews(workspace: Workspace, today: date, *,
                    in_order: Iterable[Mission] | None = None
                    ) -> list[tuple[Mission, tuple[str, ...]]]:
    """Finished missions with assigned freelancers who have no review, soonest end first
    (``in_order``: the workspace's missions already in that order, when the caller has
    them)."""
    found = []
    if in_order is None:
        in_order = sorted(workspace.missions.values(), key=attrgetter("end", "id"))
    for mission in in_order:
        missing = unreviewed_people(mission, today)
        if missing:
            found.append((mission, missing))
    return found


def unreviewed_people(mission: Mission, today: date) -> tuple[str, ...]:
    """The freelancers assigned to ``mission``, finished as of ``today``, who have no review
    on it (in the order of their first assignment); none when it is not finished."""
    if not finished(mission, today):
        return ()
    reviewed = {r.freelancer for r in mission.reviews}
    return tuple(dict.fromkeys(a.freelancer for a in mission.assignments
                               if a.freelancer not in reviewed))


def track_records(workspace: Workspace, today: date) -> dict[str, TrackRecord]:
    """Per freelancer: their reviews, and the missions they finished (validated or closed, or
    any booking mission whose end has passed)."""
    reviews: dict[str, list[Review]] = {}
    done: dict[str, set[str]] = {}
    for mission in workspace.missions.values():
        for review in mission.reviews:
            reviews.setdefault(review.freelancer, []).append(review)
        if finished(mission, today):
            for assignment in mission.assignments:
                done.setdefault(assignment.freelancer, set()).add(mission.id)
    return {
        fid: TrackRecord(tuple(sorted(reviews.get(fid, []), key=lambda r: r.date)),
                         len(done.get(fid, ())))
        for fid in workspace.freelancers
    }
