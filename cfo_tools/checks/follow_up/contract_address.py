"""A freelancer with a current or upcoming confirmed booking and no ``legal.address``: their
contract and purchase orders cannot be written (``cfo build`` only notes it, and skips them).
The SIRET, the other party's detail a contract states, is ``compliance``'s."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem

NAME = "contract-address"
DESCRIPTION = ("a freelancer with a current or upcoming confirmed booking and no `legal.address`: "
               "their contract and purchase orders cannot be written")


def check(context: FollowUpContext) -> Iterator[Problem]:
    today = context.today
    for freelancer, missions in context.current_or_upcoming():
        if freelancer.legal_address:
            continue
        firm = [m for m in missions
                if any(not a.tentative and a.end >= today
                       for a in m.assignments_of(freelancer.id))]
        if not firm:
            continue
        first = min(firm, key=lambda m: (min(a.start for a in m.assignments_of(freelancer.id)),
                                         m.id))
        more = f" and {len(firm) - 1} other mission(s)" if len(firm) > 1 else ""
        # At their 'legal:' block when they have one (any of its other fields is set).
        has_legal = any((freelancer.siret, freelancer.legal_form, freelancer.vat_number))
        yield Problem(freelancer.file, "/legal" if has_legal else "/name",
                      f"{freelancer.id} has no legal.address: the contract and purchase orders "
                      f"of {first.id}{more} cannot be written; add their registered address "
                      "under 'legal:'", severity="warning")
