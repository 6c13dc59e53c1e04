"""Public holidays kept in the document cache, so that a warm command does not import the
``holidays`` package.

Asking the package for one country imports its 250 country modules (0.13 s of CPU, a fifth of
what ``cfo find`` may cost after one edit). The holidays of a year depend only on the country,
subdivision and language asked for and on the package's version, which the cache's context
holds (``loading/document_cache.py``): they are kept per region and year, and the package is
asked only for a year or a region not seen yet. A region found in the cache was accepted by
the package of the same version, so it is not checked again.
"""

from __future__ import annotations

from datetime import date

from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.model.records import Company
from cfo_tools.planning.working_calendar import (
    LibraryHolidays,
    UnknownHolidayRegion,
    WorkingCalendar,
)

_PART = b"holidays"
#: (country, subdivision, locale) -> year -> day -> name.
Known = dict[tuple[str, str | None, str], dict[int, dict[date, str]]]


class RememberedHolidays:
    """The holidays of one region, from what the cache holds, else from the package."""

    def __init__(self, region: tuple[str, str | None, str], years: dict[int, dict[date, str]],
                 *, known: bool) -> None:
        self._region = region
        self._years = years
        # Created at once for a region the cache does not know: it raises for a bad one.
        self._library = None if known else LibraryHolidays(*region)
        self.learned = not known

    def names(self, year: int) -> dict[date, str]:
        found = self._years.get(year)
        if found is None:
            if self._library is None:
                self._library = LibraryHolidays(*self._region)
            found = self._years[year] = self._library.names(year)
            self.learned = True
        return found


class HolidayMemo:
    """The holidays every workspace of this cache asked for, read once and written back by
    :meth:`save` when a command learned some."""

    def __init__(self, cache: DocumentCache) -> None:
        self._cache = cache
        stored = cache.blob(_PART, cache.context)
        self._known: Known = stored if _well_formed(stored) else {}
        self._sources: list[RememberedHolidays] = []

    def calendar(self, company: Company, locale: str | None = None) -> WorkingCalendar:
        """The company's working calendar, its holidays named in ``locale`` (default: the
        company's); raises ``UnknownHolidayRegion`` as :meth:`WorkingCalendar.for_company`
        does."""
        locale = locale or company.locale
        region = (company.country, company.subdivision, locale)
        known = region in self._known
        years = self._known.get(region, {})
        source = RememberedHolidays(region, years, known=known)
        self._known[region] = years
        self._sources.append(source)
        return WorkingCalendar.for_company(company, locale, holidays=source)

    def save(self) -> None:
        if any(source.learned for source in self._sources):
            self._cache.store_blob(_PART, self._cache.context, self._known)


def company_calendar(company: Company | None, holidays: HolidayMemo | None,
                     locale: str | None = None) -> WorkingCalendar | None:
    """The company's working calendar, its public holidays from ``holidays`` when given,
    named in ``locale`` (default: the company's); None without a company or when its region
    is unknown (the holiday-region rule says why)."""
    if company is None:
        return None
    try:
        if holidays is not None:
            return holidays.calendar(company, locale)
        return WorkingCalendar.for_company(company, locale)
    except UnknownHolidayRegion:
        return None


def _well_formed(stored: object) -> bool:
    if not isinstance(stored, dict):
        return False
    for region, years in stored.items():
        if not (isinstance(region, tuple) and len(region) == 3 and isinstance(years, dict)):
            return False
        for year, days in years.items():
            if not (isinstance(year, int) and isinstance(days, dict)
                    and all(type(day) is date and isinstance(name, str)
                            for day, name in days.items())):
                return False
    return True
