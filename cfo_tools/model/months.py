"""Calendar months: added to a date (the end of a month when the day does not exist), and
months as values (an activity folder's ``yyyy-mm``)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_MONTH_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, written ``yyyy-mm`` (an activity folder's name)."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """``2026-11`` -> Month(2026, 11); ValueError for anything that is not a real month."""
        if not _MONTH_SHAPE.fullmatch(text):
            raise ValueError(f"{text!r} is not a month written YYYY-MM (e.g. 2026-11)")
        value = cls(int(text[:4]), int(text[5:]))
        if value.year < 1 or not 1 <= value.month <= 12:
            raise ValueError(f"{text!r} is not a real month")
        return value

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def length(self) -> int:
        return self.last.day

    def shifted(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def day(self, number: int) -> date | None:
        """The date of day ``number`` of the month, None when the month has no such day."""
        return date(self.year, self.month, number) if 1 <= number <= self.length else None

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
