"""Who needs which document by when: the paperwork of every current or upcoming contract
that is not in order, soonest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cfo_tools.checks.follow_up.context import FollowUpContext, contract_span
from cfo_tools.model.records import Freelancer, Mission
from cfo_tools.steering.compliance import AdminItem


@dataclass(frozen=True)
class BoardItem:
    freelancer: Freelancer
    mission: Mission
    item: AdminItem
    #: When it is needed: the item's own date, else the first day of the contract.
    by: date


def compliance_board(context: FollowUpContext) -> list[BoardItem]:
    """Every item not in order for a freelancer with a current or upcoming booking, as of
    the context's today (the context is the site's, so its bookings are walked once)."""
    found = []
    for freelancer, missions in context.current_or_upcoming():
        for mission in missions:
            start, _ = contract_span(freelancer.id, mission)
            for item in context.admin_items(freelancer, mission):
                if not item.ok:
                    found.append(BoardItem(freelancer, mission, item, item.due or start))
    found.sort(key=lambda b: (b.by, b.freelancer.id, b.mission.id, b.item.requirement,
                              b.item.kind))
    return found
