"""``cfo find``: the candidates for a request, as text (in the words of one language) or
JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from cfo_tools.formats.terminal import terminal_text as shown
from cfo_tools.reporters.text_table import aligned
from cfo_tools.reporters.words import Words

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


def render_find_json(view: FindView, words: Words) -> str:
    """The same in every language: ids, ISO dates and exact amounts, for programs."""
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


def render_find_text(view: FindView, words: Words) -> str:
    if view.mission is None:
        assert view.result is not None  # a plain search always has one
        return _result_text(view.result, view.currency, words)
    if not view.searches:
        return shown(words.say("find_all_filled", mission=view.mission)) + "\n"
    return "\n".join(_need_text(s, view.currency, words) for s in view.searches)


def _need_text(search: NeedSearch, currency: str, words: Words) -> str:
    from cfo_tools.reporters.requests import asked, missing

    state = search.state
    values = {"need": state.need.id, "mission": state.mission.id,
              "missing": missing(state, words)}
    by = asked(state.need, words)
    head = shown(words.say("find_need_asked", asked=by, **values) if by
                 else words.say("find_need", **values)) + "\n"
    if search.result is None:
        return head + shown(words.say("find_no_calendar")) + "\n"
    text = head + _result_text(search.result, currency, words)
    if search.candidates:
        text += "\n" + _candidates_text(search.candidates, search.result.working_days,
                                        currency, words)
    return text


def _money(amount: Decimal | None, currency: str, words: Words) -> str:
    from cfo_tools.documents.number_text import format_money

    return "-" if amount is None else format_money(amount, currency, lang=words.lang)


def _free(days: int, working_days: int, words: Words) -> str:
    return f"{words.number(days)}/{words.number(working_days)}"


def _candidates_text(fits: list[CandidateFit], working_days: int, currency: str,
                     words: Words) -> str:
    rows = [("#", *(words.say(key) for key in ("find_candidate", "find_free", "find_rate",
                                                "find_cost", "find_stage", "find_lacks")))]
    for index, f in enumerate(fits, 1):
        rows.append((words.number(index), shown(f.candidate.id),
                     _free(f.free_days, working_days, words),
                     _money(f.candidate.daily_rate, currency, words),
                     _money(f.estimated_cost, currency, words),
                     shown(words.label("agenda_stage_", f.candidate.stage)),
                     shown(", ".join(words.label("find_lack_", lack.replace(" ", "-"))
                                     for lack in f.lacks))))
    lines = [shown(words.say("find_candidates")),
             *aligned(rows, right={0, 2, 3, 4}, gaps=("  ",))]
    return "\n".join(lines) + "\n"


def _result_text(result: FindResult, currency: str, words: Words) -> str:
    from cfo_tools.reporters.requests import working_days

    request = result.request
    lines = [shown(words.say(
        "find_request", what=words.role(request.role) if request.role else words.say("find_anyone"),
        allocation=words.percent(request.allocation),
        window=words.say("report_window", start=words.day(request.start),
                         end=words.day(request.end)),
        days=working_days(result.working_days, words)))]
    if not result.candidates:
        lines.append(shown(words.say("find_nobody")))
        return "\n".join(lines) + "\n"
    if not result.anyone_fully_available:
        lines.append(shown(words.say("find_nobody_whole")))
    lines.append("")
    rows = [("#", *(words.say(key) for key in (
        "find_freelancer", "find_free", "find_min_free", "find_rate", "find_cost",
        "find_rating", "find_done", "find_skills")))]
    for index, c in enumerate(result.candidates, 1):
        skills = " ".join([*(f"+{s}" for s in c.matched_skills),
                           *(f"-{s}" for s in c.missing_skills)])
        if c.next_fit:
            skills = f"{skills}  {words.say('find_next_fit', day=c.next_fit.isoformat())}"
        rating = "-" if c.rating is None else words.number(c.rating, "#,##0.0")
        rows.append((words.number(index), shown(c.freelancer.id),
                     _free(c.free_days, result.working_days, words),
                     words.percent(c.min_free_capacity),
                     _money(c.freelancer.daily_rate, currency, words),
                     _money(c.estimated_cost, currency, words), rating,
                     words.number(c.record.missions_done), shown(skills.strip())))
    lines += aligned(rows, right={0, 2, 3, 4, 5, 6, 7}, gaps=("  ",) + (" ",) * 6 + ("  ",))
    return "\n".join(lines) + "\n"


#: ``cfo find --format``.
FIND_FORMATS: dict[str, Callable[[FindView, Words], str]] = {
    "text": render_find_text,
    "json": render_find_json,
}
