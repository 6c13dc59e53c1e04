"""What to suggest for a team id that is not in ``company.yaml``'s team: the closest id, else
the list of ids. The owner, requester and check-in rules say it the same way."""

from __future__ import annotations

import difflib

from cfo_tools.model.records import Company


def team_hint(company: Company, wrong: str) -> str:
    team = list(dict.fromkeys(m.id for m in company.team))
    close = difflib.get_close_matches(wrong, team, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else f"team ids: {', '.join(team)}"
