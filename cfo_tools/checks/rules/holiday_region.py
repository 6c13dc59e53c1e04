"""The company's country or subdivision is unknown to the public-holiday calendar."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace
from cfo_tools.planning.working_calendar import UnknownHolidayRegion, holiday_calendar

NAME = "holiday-region"
SEVERITY = "error"
DESCRIPTION = "a `country` or `subdivision` the public-holiday calendar does not know"


def check(workspace: Workspace) -> Iterator[Problem]:
    company = workspace.company
    if company is None:
        return
    try:
        holiday_calendar(company.country, None, company.locale)
    except UnknownHolidayRegion:
        yield Problem(company.file, "/country",
                      f"no public-holiday calendar for country '{company.country}'; use an "
                      "ISO 3166-1 code such as FR, BE, CH, DE")
        return
    if company.subdivision is None:
        return
    try:
        holiday_calendar(company.country, company.subdivision, company.locale)
    except UnknownHolidayRegion:
        import holidays

        known = holidays.country_holidays(company.country).subdivisions
        yield Problem(company.file, "/subdivision",
                      f"'{company.subdivision}' is not a subdivision of {company.country} for "
                      f"public holidays; known: {', '.join(known) or 'none'}")
