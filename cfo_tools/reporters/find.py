"""``cfo find``: the candidates for a request, as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cfo_tools.formats.terminal import terminal_text as shown

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.planning.availability import FindResult


@dataclass(frozen=True)
class FindView:
    result: FindResult
    #: The company's currency, for the rates and costs.
    currency: str


def render_find_json(view: FindView) -> str:
    from cfo_tools.model.money import money_text

    result = view.result
    # Money is exact decimal text ("2750.00"), so JSON readers never see a float (docs/find.md).
    return json.dumps({
        "window": {"start": result.request.start.isoformat(),
                   "end": result.request.end.isoformat(),
                   "working_days": result.working_days},
        "candidates": [{
            "freelancer": c.freelancer.id, "name": c.freelancer.name,
            "free_days": c.free_days, "min_free_capacity": c.min_free_capacity,
            "fully_available": c.fully_available,
            "matched_skills": list(c.matched_skills), "missing_skills": list(c.missing_skills),
            "daily_rate": money_text(c.freelancer.daily_rate),
            "estimated_cost": money_text(c.estimated_cost),
            "rating": c.rating, "missions_done": c.record.missions_done,
            "next_fit": c.next_fit.isoformat() if c.next_fit else None,
        } for c in result.candidates],
    }, indent=2, ensure_ascii=False) + "\n"


def render_find_text(view: FindView) -> str:
    from cfo_tools.documents.templating import format_money

    result, currency = view.result, view.currency
    request = result.request
    what = shown(request.role) if request.role else "anyone"
    lines = [
        f"{what}, {request.allocation}%, {request.start:%a %Y-%m-%d} to {request.end:%a %Y-%m-%d}"
        f" ({result.working_days} working days)",
    ]
    if not result.candidates:
        lines.append("Nobody matches these filters.")
        return "\n".join(lines) + "\n"
    if not result.anyone_fully_available:
        lines.append("Nobody is free for the whole window; 'next fit' is the first day they "
                     "could take all of it.")
    lines.append("")
    header = (f"{'#':>2}  {'freelancer':<22} {'free':>7} {'min free':>8} {'rate':>10} "
              f"{'est. cost':>12} {'rating':>6} {'done':>4}  skills")
    lines.append(header)
    for index, c in enumerate(result.candidates, 1):
        skills = " ".join([*(f"+{shown(s)}" for s in c.matched_skills),
                           *(f"-{shown(s)}" for s in c.missing_skills)])
        rating = f"{c.rating:.1f}" if c.rating is not None else "-"
        fit = f"  next fit {c.next_fit}" if c.next_fit else ""
        lines.append(
            f"{index:>2}  {shown(c.freelancer.id):<22} {c.free_days:>3}/{result.working_days:<3} "
            f"{c.min_free_capacity:>7}% "
            f"{format_money(c.freelancer.daily_rate, currency, lang='en'):>10} "
            f"{format_money(c.estimated_cost, currency, lang='en'):>12} {rating:>6} "
            f"{c.record.missions_done:>4}  {skills}{fit}"
        )
    return "\n".join(lines) + "\n"


#: ``cfo find --format``.
FIND_FORMATS: dict[str, Callable[[FindView], str]] = {
    "text": render_find_text,
    "json": render_find_json,
}
