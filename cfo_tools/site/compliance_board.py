"""Who needs which document by when: the paperwork of every current or upcoming contract
that is not in order, soonest first."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from cfo_tools.checks.follow_up.context import FollowUpContext, contract_span
from cfo_tools.model.records import Freelancer, Mission
from cfo_tools.site.view_memo import ViewMemo
from cfo_tools.steering.compliance import AdminItem


@dataclass(frozen=True)
class BoardItem:
    freelancer: Freelancer
    mission: Mission
    item: AdminItem
    #: When it is needed: the item's own date, else the first day of the contract.
    by: date


def compliance_board(context: FollowUpContext, memo: ViewMemo | None = None
                     ) -> list[BoardItem]:
    """Every item not in order for a freelancer with a current or upcoming booking, as of
    the context's today (the context is the site's, so its bookings are walked once); with
    ``memo``, each contract's items as the last build made them when the freelancer, the
    mission and the day are the same."""
    found = []
    for freelancer, missions in context.current_or_upcoming():
        for mission in missions:
            start, _ = contract_span(freelancer.id, mission)
            for item in not_in_order(context, memo, freelancer, mission):
                found.append(BoardItem(freelancer, mission, item, item.due or start))
    found.sort(key=lambda b: (b.by, b.freelancer.id, b.mission.id, b.item.requirement,
                              b.item.kind))
    return found


def not_in_order(context: FollowUpContext, memo: ViewMemo | None, freelancer: Freelancer,
                 mission: Mission) -> list[AdminItem]:
    """The items of the contract of ``freelancer`` on ``mission`` that are not in order as
    of the context's today; with ``memo``, as the last build made them when the freelancer,
    the mission and the day are the same (the board and the agenda's paperwork)."""
    make = functools.partial(_not_in_order, context, freelancer, mission)
    kept = make() if memo is None else memo.part("board-items", (freelancer, mission), make,
                                                 dated=True)
    return _items(kept, freelancer)


#: An item kept by the memo as plain data (the cache holds only the model's classes): its
#: fields, its document by its place in the freelancer's list.
_KeptItem = tuple[str, str, str, str, int | None, date | None]


def _not_in_order(context: FollowUpContext, freelancer: Freelancer, mission: Mission
                  ) -> tuple[_KeptItem, ...]:
    places = {id(document): place for place, document in enumerate(freelancer.documents)}
    return tuple((item.requirement, item.kind, item.status, item.basis,
                  None if item.document is None else places[id(item.document)], item.due)
                 for item in context.admin_items(freelancer, mission) if not item.ok)


def _items(kept: tuple[_KeptItem, ...], freelancer: Freelancer) -> list[AdminItem]:
    return [AdminItem(requirement, kind, status, basis,
                      None if place is None else freelancer.documents[place], due)
            for requirement, kind, status, basis, place, due in kept]
