"""What to suggest for a team id that is not in ``company.yaml``'s team: the closest id, else
the list of ids. The owner, requester and check-in rules say it the same way."""

from __future__ import annotations

from cfo_tools.model.close_names import CloseNames, did_you_mean
from cfo_tools.model.records import Company


def team_hint(company: Company, wrong: str) -> str:
    team = list(dict.fromkeys(m.id for m in company.team))
    return did_you_mean(CloseNames(team).closest(wrong), f"team ids: {', '.join(team)}")
