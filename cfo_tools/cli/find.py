"""``cfo find``: who is free, with the right skills, for a request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

import click

from cfo_tools.cli.output import company_words
from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.cli.workspace_loading import date_option_value, load_for_planning
from cfo_tools.formats.terminal import terminal_text
from cfo_tools.model.close_names import no_such
from cfo_tools.reporters.find import FIND_FORMATS, FindView
from cfo_tools.reporters.words import LANGUAGES

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from cfo_tools.checks.workspace_views import ViewRecipe
    from cfo_tools.loading.kinds import DocumentFile
    from cfo_tools.model.records import Company, Freelancer
    from cfo_tools.planning.availability import AvailabilityIndex, Request
    from cfo_tools.planning.working_calendar import WorkingCalendar


@click.command()
@click.option("--role", metavar="ROLE", help="Only freelancers with this role, e.g. web-developer.")
@click.option("--skill", "skills", metavar="SKILL", multiple=True,
              help="A wanted skill; repeat for several. Ranks, does not exclude.")
@click.option("--mission", metavar="ID",
              help="Search for each unfilled need of this mission (its dates and filters).")
@click.option("--need", "need_id", metavar="ID", help="With --mission: only this need.")
@click.option("--candidates", "with_candidates", is_flag=True,
              help="With --mission: add the network's candidates after the roster.")
@click.option("--start", metavar="DATE", help="First day: YYYY-MM-DD, today, +6d.")
@click.option("--days", type=click.IntRange(1, 2000), metavar="N",
              help="Length in working days from --start.")
@click.option("--end", metavar="DATE", help="Last day (instead of --days).")
@click.option("--allocation", type=click.IntRange(1, 100), default=100, show_default=True,
              metavar="PERCENT", help="Share of a full-time week needed.")
@click.option("--max-rate", metavar="X",
              help="Highest daily rate, excluding VAT.")
@click.option("--language", metavar="LANG",
              help="Only freelancers speaking this language (e.g. en); not the output's.")
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True, metavar="N")
@click.option("--ignore-tentative", is_flag=True,
              help="Count tentative assignments as free time.")
@click.option("--format", "output_format", type=click.Choice(list(FIND_FORMATS)),
              default="text", show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES),
              help="Language of the text output (default: company.yaml's locale); "
                   "--language filters who speaks what.")
@pass_state
def find(state: CliState, mission: str | None, need_id: str | None, with_candidates: bool,
         role: str | None, skills: tuple[str, ...], start: str | None,
         days: int | None, end: str | None, allocation: int, max_rate: str | None,
         language: str | None, limit: int, ignore_tentative: bool, output_format: str,
         lang: str | None) -> None:
    """Who is free for a request, best first.

    Example: a web developer in 6 days for one week:
    cfo find --role web-developer --start +6d --days 5

    Or the needs of a mission: cfo find --mission refonte-site --candidates
    """
    from cfo_tools.planning.availability import Request, find_in_index, window_end

    if mission is not None:
        given = [name for name, value in (
            ("--role", role), ("--skill", skills or None), ("--start", start), ("--days", days),
            ("--end", end), ("--allocation", None if allocation == 100 else allocation),
            ("--max-rate", max_rate), ("--language", language)) if value is not None]
        if given:
            raise UsageProblem(f"--mission takes the dates and filters from the mission's "
                               f"needs; leave out {', '.join(given)}")
        _find_for_mission(state, mission, need_id, with_candidates, limit, ignore_tentative,
                          output_format, lang)
        return
    if need_id is not None or with_candidates:
        raise UsageProblem("--need and --candidates go with --mission")
    if start is None:
        raise UsageProblem("give --start DATE, or --mission ID")
    if (days is None) == (end is None):
        raise UsageProblem("give the length with exactly one of --days N or --end DATE")
    first = date_option_value(start, state.today, "--start")
    assert first is not None
    searched = _searched(state)
    from cfo_tools.planning.working_calendar import NoWorkingDay

    try:
        last = (window_end(searched.calendar, first, days) if days is not None
                else date_option_value(end, state.today, "--end"))
    except NoWorkingDay:
        raise UsageProblem(f"there are not {days} working days after {first} in the company's "
                           "calendar (check working_days and closures in company.yaml)") from None
    assert last is not None
    if last < first:
        raise UsageProblem(f"--end {last} is before --start {first}")
    if searched.calendar.working_days(first, last) == 0:
        # Everyone "free" for zero days answers nothing; say why the window is empty.
        raise UsageProblem(_no_working_day(searched.calendar, first, last))
    if first < state.today:
        # A slip of the month (11 for 12) answers about the past as if it were the request.
        click.echo(f"cfo: note: the window starts on {first}, {(state.today - first).days} "
                   f"day(s) before today ({state.today}); its days already past are counted as "
                   "they were booked", err=True)
    _refuse_unknown_words(searched, role, skills)
    request = Request(first, last, allocation, role, tuple(dict.fromkeys(skills)),
                      _max_rate(max_rate), language)
    result = find_in_index(searched.index(request), searched.calendar, request, limit=limit,
                           ignore_tentative=ignore_tentative)
    company = searched.company
    currency = company.currency if company else "EUR"
    words = company_words(state, company, lang)
    click.echo(FIND_FORMATS[output_format](FindView(result, currency), words), nl=False)


@dataclass
class _Searched:
    """What a search reads: the freelancers, their bookings and track records, the
    company's calendar."""

    #: The index for a request (its freelancers' bookings and records only).
    index: Callable[[Request], AvailabilityIndex]
    calendar: WorkingCalendar
    company: Company | None
    #: The roster's freelancers, for the roles and skills they hold.
    freelancers: Iterable[Freelancer]


def _refuse_unknown_words(searched: _Searched, role: str | None,
                          skills: tuple[str, ...]) -> None:
    """A role nobody holds nor the vocabulary names is refused (the search would answer
    "nobody" as if everyone were busy); an unknown skill gets a note (skills only rank)."""
    from cfo_tools.planning.request_terms import Words, unknown_role, unknown_skills

    if role is None and not skills:
        return
    vocabulary = searched.company.vocabulary if searched.company is not None else None
    people = list(searched.freelancers)
    roles = Words.of("roles", (r for f in people for r in f.roles), vocabulary)
    problem = unknown_role(role, roles)
    if problem is not None:
        raise UsageProblem(problem)
    held = Words.of("skills", (s for f in people for s in f.skills), vocabulary)
    for note in unknown_skills(skills, held):
        click.echo(f"cfo: note: {terminal_text(note)}", err=True)


def _searched(state: CliState) -> _Searched:
    """Through the cache, what the search reads of each mission is kept by its content key
    and ``--today`` (``checks/workspace_views.py``): after one edit only the edited documents are
    loaded. Without it, the workspace is loaded."""
    from cfo_tools.cli.view_loading import load_views
    from cfo_tools.planning.availability import AvailabilityIndex, passing_ids

    today = state.today
    viewed = load_views(state, find_recipe(today))
    if viewed is None:
        loaded = load_for_planning(state, briefs=False, rules=False)
        workspace = loaded.report.workspace
        return _Searched(lambda request: AvailabilityIndex.of_workspace(
            workspace, today, among=passing_ids(workspace.freelancers, request)),
            loaded.calendar, workspace.company, workspace.freelancers.values())
    freelancers = {spec.id: view for spec, view in viewed.views
                   if spec.kind == "freelancer" and view is not None}
    missions = [view for spec, view in viewed.views if spec.kind == "mission" and view is not None]
    return _Searched(lambda request: AvailabilityIndex.of(
        freelancers, missions, among=passing_ids(freelancers, request)), viewed.calendar,
        viewed.shared.company, freelancers.values())


def find_recipe(today: date) -> ViewRecipe:
    """The views of a search as of ``today``: a mission's time and a freelancer's record,
    which read nothing of the company but the calendar they are given. ``cfo talent``
    reads the same views (one entry for both commands)."""
    from cfo_tools.checks.company_key import READ_BY_CALENDAR
    from cfo_tools.checks.workspace_views import ViewRecipe

    return ViewRecipe(b"find", (today.isoformat(),), ("company",),
                      lambda workspace, calendar: partial(_search_view, today=today),
                      READ_BY_CALENDAR)


def _search_view(spec: DocumentFile, record: object | None, *, today: date) -> object | None:
    """What a search reads of a document: a freelancer's record, a mission's time."""
    from cfo_tools.model.records import Freelancer, Mission
    from cfo_tools.planning.availability import mission_time

    if isinstance(record, Freelancer):
        return record
    if isinstance(record, Mission):
        return mission_time(record, today)
    return None


def _find_for_mission(state: CliState, mission_id: str, need_id: str | None,
                      with_candidates: bool, limit: int, ignore_tentative: bool,
                      output_format: str, lang: str | None) -> None:
    from cfo_tools.steering.need_search import UnknownNeed, search_mission_needs

    loaded = load_for_planning(state, briefs=False, rules=False)
    workspace = loaded.report.workspace
    mission = workspace.missions.get(mission_id)
    if mission is None:
        if mission_id in workspace.mission_files:
            raise UsageProblem(f"{workspace.mission_files[mission_id]} has errors; fix them "
                               "first (run 'cfo check')")
        raise UsageProblem(no_such("mission", mission_id, "missions/", workspace.mission_files))
    try:
        searches = search_mission_needs(
            workspace, loaded.calendar, mission, today=state.today, need_id=need_id,
            with_candidates=with_candidates, limit=limit, ignore_tentative=ignore_tentative)
    except UnknownNeed:
        ids = ", ".join(n.id for n in mission.needs) or "none"
        raise UsageProblem(f"mission '{mission_id}' has no need '{need_id}' (its needs: "
                           f"{ids})") from None
    company = workspace.company
    currency = company.currency if company else "EUR"
    first = next((s.result for s in searches if s.result is not None), None)
    view = FindView(first, currency, mission.id, tuple(searches))
    click.echo(FIND_FORMATS[output_format](view, company_words(state, company, lang)),
               nl=False)


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


def _no_working_day(calendar: WorkingCalendar, first: date, last: date) -> str:
    """Why ``first``..``last`` holds no working day: its public holidays and closures, else
    the days outside the working week."""
    off = [f"{d.day} {d.name or d.kind}" if d.end is None or d.end == d.day
           else f"{d.day} to {d.end} {d.name or d.kind}" for d in calendar.days_off(first, last)]
    why = ", ".join(off) if off else "outside the company's working days"
    return (f"there is no working day from {first} to {last} in the company's calendar "
            f"({why}); give a later --start or a longer window")
