"""``cfo find``: the candidates for a request, as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cfo_tools.formats.terminal import terminal_text as shown

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.planning.availability import FindResult
    from cfo_tools.planning.needs import NeedState
    from cfo_tools.steering.need_search import CandidateFit, NeedSearch


@dataclass(frozen=True)
class FindView:
    #: None with ``mission`` when no need is searched.
    result: FindResult | None
    #: The company's currency, for the rates and costs.
    currency: str
    #: ``cfo find --mission``: one search per need (``result`` is then the first one's).
    mission: str | None = None
    searches: tuple[NeedSearch, ...] = ()


def render_find_json(view: FindView) -> str:
    if view.mission is None:
        body = _result_json(view.result, None, [])
    else:
        body = {"mission": view.mission,
                "needs": [_result_json(s.result, s.state, s.candidates) for s in view.searches]}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _result_json(result: FindResult | None, state: NeedState | None,
                 fits: list[CandidateFit]) -> dict[str, object]:
    from cfo_tools.model.money import money_text

    # Money is exact decimal text ("2750.00"), so JSON readers never see a float (docs/find.md).
    window = None if result is None else {
        "start": result.request.start.isoformat(), "end": result.request.end.isoformat(),
        "working_days": result.working_days}
    roster = [] if result is None else [{
        "kind": "freelancer",
        "freelancer": c.freelancer.id, "name": c.freelancer.name,
        "free_days": c.free_days, "min_free_capacity": c.min_free_capacity,
        "fully_available": c.fully_available,
        "matched_skills": list(c.matched_skills), "missing_skills": list(c.missing_skills),
        "daily_rate": money_text(c.freelancer.daily_rate),
        "estimated_cost": money_text(c.estimated_cost),
        "rating": c.rating, "missions_done": c.record.missions_done,
        "next_fit": c.next_fit.isoformat() if c.next_fit else None,
    } for c in result.candidates]
    network = [{
        "kind": "candidate",
        "freelancer": f.candidate.id, "name": f.candidate.name,
        "free_days": f.free_days, "min_free_capacity": 100 if f.fully_available else 0,
        "fully_available": f.fully_available,
        "matched_skills": list(f.matched_skills), "missing_skills": list(f.missing_skills),
        "daily_rate": (money_text(f.candidate.daily_rate)
                       if f.candidate.daily_rate is not None else None),
        "estimated_cost": money_text(f.estimated_cost) if f.estimated_cost is not None else None,
        "rating": None, "missions_done": 0,
        "next_fit": (f.candidate.available_from.isoformat()
                     if f.candidate.available_from and not f.fully_available else None),
        "stage": f.candidate.stage, "lacks": list(f.lacks),
    } for f in fits]
    return {"window": window, "need": None if state is None else need_json(state),
            "candidates": [*roster, *network]}


def need_json(state: NeedState) -> dict[str, object]:
    """A need as JSON (``cfo find --mission``, ``cfo requests``)."""
    need = state.need
    return {"mission": state.mission.id, "id": need.id, "role": need.role,
            "start": state.start.isoformat(),
            "end": state.end.isoformat() if state.end else None,
            "allocation": need.allocation, "count": need.count,
            "filled": len(state.filled_by), "missing": state.missing,
            "requested_by": need.requested_by,
            "requested_on": need.requested_on.isoformat() if need.requested_on else None}


def render_find_text(view: FindView) -> str:
    if view.mission is None:
        assert view.result is not None  # a plain search always has one
        return _result_text(view.result, view.currency)
    if not view.searches:
        return f"Every need of {shown(view.mission)} is filled.\n"
    return "\n".join(_need_text(s, view.currency) for s in view.searches)


def _need_text(search: NeedSearch, currency: str) -> str:
    state = search.state
    need = state.need
    asked = f", asked by {shown(need.requested_by)}" if need.requested_by else ""
    asked += f" on {need.requested_on}" if need.requested_on else ""
    head = (f"Need {shown(need.id)} on {shown(state.mission.id)}: {state.missing} of "
            f"{need.count} missing{asked}\n")
    if search.result is None:
        return head + "Its dates do not hold in the company's calendar.\n"
    text = head + _result_text(search.result, currency)
    if search.candidates:
        text += "\n" + _candidates_text(search.candidates, search.result.working_days,
                                        currency)
    return text


def _candidates_text(fits: list[CandidateFit], working_days: int, currency: str) -> str:
    from cfo_tools.documents.templating import format_money

    lines = ["Candidates (not in the roster yet):",
             f"{'#':>2}  {'candidate':<22} {'free':>7} {'rate':>10} {'est. cost':>12} "
             f"{'stage':<11} lacks"]
    for index, f in enumerate(fits, 1):
        rate = f.candidate.daily_rate
        cost = f.estimated_cost
        lines.append(
            f"{index:>2}  {shown(f.candidate.id):<22} {f.free_days:>3}/{working_days:<3} "
            f"{format_money(rate, currency, lang='en') if rate is not None else '-':>10} "
            f"{format_money(cost, currency, lang='en') if cost is not None else '-':>12} "
            f"{f.candidate.stage:<11} {', '.join(f.lacks)}")
    return "\n".join(lines) + "\n"


def _result_text(result: FindResult, currency: str) -> str:
    from cfo_tools.documents.templating import format_money

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
