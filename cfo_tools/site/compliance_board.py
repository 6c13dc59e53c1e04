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


def compliance_board(context: FollowUpContext, memo: ViewMemo | None = None, *,
                     items: ContractItems | None = None) -> list[BoardItem]:
    """Every item not in order for a freelancer with a current or upcoming booking, as of
    the context's today (the context is the site's, so its bookings are walked once); with
    ``memo``, each contract's items as the last build made them when the freelancer, the
    mission and the day are the same; with ``items``, each contract's items from there
    (made once for the board and the agenda's paperwork)."""
    items = items or ContractItems(context, memo)
    found = []
    for freelancer, missions in context.current_or_upcoming():
        for mission in missions:
            start, _ = contract_span(freelancer.id, mission)
            for item in items(freelancer, mission):
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


class ContractItems:
    """Each contract's items not in order (:func:`not_in_order`), made once: the board and
    the agenda's paperwork ask about the same contracts (18,600 on 20,000 missions), and
    each time a part's key was digested and its items made again."""

    def __init__(self, context: FollowUpContext, memo: ViewMemo | None) -> None:
        self._context = context
        self._memo = memo
        self._found: dict[tuple[str, str], list[AdminItem]] = {}

    def __call__(self, freelancer: Freelancer, mission: Mission) -> list[AdminItem]:
        # By ids, as the context's own items are: a workspace holds one record per id.
        key = freelancer.id, mission.id
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = not_in_order(self._context, self._memo, freelancer,
                                                    mission)
        return found


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
