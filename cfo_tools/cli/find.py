"""``cfo find``: who is free, with the right skills, for a request."""

from __future__ import annotations

import json
from decimal import Decimal

import click

from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.cli.workspace_loading import date_option_value, load_for_planning


@click.command()
@click.option("--role", metavar="ROLE", help="Only freelancers with this role, e.g. web-developer.")
@click.option("--skill", "skills", metavar="SKILL", multiple=True,
              help="A wanted skill; repeat for several. Ranks, does not exclude.")
@click.option("--start", required=True, metavar="DATE", help="First day: YYYY-MM-DD, today, +6d.")
@click.option("--days", type=click.IntRange(1, 2000), metavar="N",
              help="Length in working days from --start.")
@click.option("--end", metavar="DATE", help="Last day (instead of --days).")
@click.option("--allocation", type=click.IntRange(1, 100), default=100, show_default=True,
              metavar="PERCENT", help="Share of a full-time week needed.")
@click.option("--max-rate", metavar="X",
              help="Highest daily rate, excluding VAT.")
@click.option("--language", metavar="LANG", help="Only freelancers speaking it (e.g. en).")
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True, metavar="N")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@pass_state
def find(state: CliState, role: str | None, skills: tuple[str, ...], start: str,
         days: int | None, end: str | None, allocation: int, max_rate: str | None,
         language: str | None, limit: int, output_format: str) -> None:
    """Who is free for a request, best first.

    Example: a web developer in 6 days for one week:
    cfo find --role web-developer --start +6d --days 5
    """
    from cfo_tools.planning.availability import Request, find_candidates, window_end

    if (days is None) == (end is None):
        raise UsageProblem("give the length with exactly one of --days N or --end DATE")
    first = date_option_value(start, state.today, "--start")
    assert first is not None
    loaded = load_for_planning(state)
    from cfo_tools.planning.working_calendar import NoWorkingDay

    try:
        last = (window_end(loaded.calendar, first, days) if days is not None
                else date_option_value(end, state.today, "--end"))
    except NoWorkingDay:
        raise UsageProblem(f"there are not {days} working days after {first} in the company's "
                           "calendar (check working_days and closures in company.yaml)") from None
    assert last is not None
    if last < first:
        raise UsageProblem(f"--end {last} is before --start {first}")
    request = Request(first, last, allocation, role, tuple(dict.fromkeys(skills)),
                      _max_rate(max_rate), language)
    result = find_candidates(loaded.report.workspace, loaded.calendar, request,
                             today=state.today, limit=limit)
    company = loaded.report.workspace.company
    currency = company.currency if company else "EUR"
    if output_format == "json":
        click.echo(json.dumps(_as_json(result), indent=2, ensure_ascii=False))
    else:
        click.echo(_as_text(result, currency), nl=False)


def _max_rate(text: str | None) -> Decimal | None:
    """--max-rate as an exact decimal (never via a float)."""
    if text is None:
        return None
    try:
        value = Decimal(text.strip())
    except ArithmeticError:
        raise UsageProblem(f"--max-rate {text!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise UsageProblem(f"--max-rate {text!r} must be a number, 0 or more")
    return value


def _as_json(result) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from cfo_tools.model.money import money_text

    # Money is exact decimal text ("2750.00"), so JSON readers never see a float (docs/find.md).
    return {
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
    }


def _as_text(result, currency: str) -> str:  # type: ignore[no-untyped-def]
    from cfo_tools.documents.templating import format_money

    request = result.request
    what = request.role or "anyone"
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
        skills = " ".join([*(f"+{s}" for s in c.matched_skills),
                           *(f"-{s}" for s in c.missing_skills)])
        rating = f"{c.rating:.1f}" if c.rating is not None else "-"
        fit = f"  next fit {c.next_fit}" if c.next_fit else ""
        lines.append(
            f"{index:>2}  {c.freelancer.id:<22} {c.free_days:>3}/{result.working_days:<3} "
            f"{c.min_free_capacity:>7}% "
            f"{format_money(c.freelancer.daily_rate, currency, lang='en'):>10} "
            f"{format_money(c.estimated_cost, currency, lang='en'):>12} {rating:>6} "
            f"{c.record.missions_done:>4}  {skills}{fit}"
        )
    return "\n".join(lines) + "\n"
