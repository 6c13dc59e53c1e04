"""Public holidays kept in the cache (issue 16): the same working calendar as the `holidays`
package gives, and a warm command does not ask the package again."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.model.records import Company, Period
from cfo_tools.planning import working_calendar
from cfo_tools.planning.remembered_holidays import HolidayMemo
from cfo_tools.planning.working_calendar import UnknownHolidayRegion, WorkingCalendar
from conftest import freelancer_yaml, mission_yaml


def company(country: str = "FR", subdivision: str | None = None, locale: str = "fr"
            ) -> Company:
    return Company(file="company.yaml", name="X", pitch="", country=country,
                   subdivision=subdivision, locale=locale, currency="EUR",
                   working_days=(0, 1, 2, 3, 4),
                   closures=[Period(date(2026, 12, 24), date(2027, 1, 1), "Fermé",
                                     "/closures/0")],
                   team=[], culture=None, values=[], tools=[], contacts=[], requirements={},
                   extra={})


def open_cache(folder: Path) -> DocumentCache:
    cache = DocumentCache.open(folder, {})
    assert cache is not None
    return cache


def same_calendar(one: WorkingCalendar, other: WorkingCalendar) -> None:
    day = date(2025, 1, 1)
    while day < date(2029, 1, 1):
        assert one.holiday_name(day) == other.holiday_name(day), day
        day += timedelta(days=1)
    for start, end in ((date(2025, 3, 1), date(2028, 6, 30)), (date(2026, 12, 1),
                                                              date(2027, 1, 31))):
        assert one.working_days(start, end) == other.working_days(start, end)
    assert one.days_off(date(2025, 1, 1), date(2028, 12, 31)) == \
        other.days_off(date(2025, 1, 1), date(2028, 12, 31))


@pytest.mark.parametrize("region", [("FR", None, "fr"), ("FR", "6AE", "fr"), ("US", None, "en"),
                                    ("DE", "BY", "en")])
def test_the_cache_gives_the_calendar_the_package_gives(tmp_path, monkeypatch, region):
    of = company(*region)
    memo = HolidayMemo(open_cache(tmp_path))
    same_calendar(memo.calendar(of), WorkingCalendar.for_company(of))
    memo.save()

    def refuse(*args: object) -> None:
        raise AssertionError("the holidays package was asked again")

    monkeypatch.setattr(working_calendar, "holiday_calendar", refuse)
    again = HolidayMemo(open_cache(tmp_path)).calendar(of)
    monkeypatch.undo()
    same_calendar(again, WorkingCalendar.for_company(of))


def test_a_year_not_kept_yet_is_asked_for(tmp_path):
    of = company()
    memo = HolidayMemo(open_cache(tmp_path))
    assert memo.calendar(of).holiday_name(date(2026, 7, 14))
    memo.save()
    later = HolidayMemo(open_cache(tmp_path))
    assert later.calendar(of).holiday_name(date(2031, 12, 25)) == \
        WorkingCalendar.for_company(of).holiday_name(date(2031, 12, 25))
    later.save()
    assert HolidayMemo(open_cache(tmp_path)).calendar(of).holiday_name(date(2031, 11, 11))


def test_an_unknown_region_is_refused_and_not_kept(tmp_path):
    memo = HolidayMemo(open_cache(tmp_path))
    with pytest.raises(UnknownHolidayRegion):
        memo.calendar(company("XX"))
    memo.save()
    with pytest.raises(UnknownHolidayRegion):
        HolidayMemo(open_cache(tmp_path)).calendar(company("XX"))


def test_a_damaged_memo_is_a_miss(tmp_path):
    cache = open_cache(tmp_path)
    cache.store_blob(b"holidays", cache.context, {("FR", None, "fr"): {2026: {"x": 1}}})
    of = company()
    same_calendar(HolidayMemo(open_cache(tmp_path)).calendar(of), WorkingCalendar.for_company(of))


def test_a_warm_command_does_not_ask_the_package(workspace, run_cfo, monkeypatch, tmp_path):
    monkeypatch.setenv("CFO_CACHE_DIR", str(tmp_path / "cache"))
    root = workspace({"roster/ada.yaml": freelancer_yaml(),
                      "missions/m.yaml": mission_yaml("2026-11-16", "2027-03-18", ("ada", 100),
                                                      status="in-progress")})
    commands = [("status",), ("find", "--start", "2026-12-21", "--days", "10")]
    first = [run_cfo("-C", str(root), "--today", "2026-11-26", *c).stdout for c in commands]

    def refuse(*args: object) -> None:
        raise AssertionError("the holidays package was asked again")

    monkeypatch.setattr(working_calendar, "holiday_calendar", refuse)
    assert [run_cfo("-C", str(root), "--today", "2026-11-26", *c).stdout
            for c in commands] == first


def test_a_calendar_in_another_language_is_kept_apart(tmp_path, monkeypatch):
    of = company()
    memo = HolidayMemo(open_cache(tmp_path))
    french, english = memo.calendar(of), memo.calendar(of, "en")
    memo.save()
    assert french.holiday_name(date(2026, 7, 14)) != english.holiday_name(date(2026, 7, 14))
    same_calendar(english, WorkingCalendar.for_company(of, locale="en"))

    def refuse(*args: object) -> None:
        raise AssertionError("the holidays package was asked again")

    monkeypatch.setattr(working_calendar, "holiday_calendar", refuse)
    again = HolidayMemo(open_cache(tmp_path))
    kept_french, kept_english = again.calendar(of), again.calendar(of, "en")
    monkeypatch.undo()
    same_calendar(kept_french, french)
    same_calendar(kept_english, english)


def test_a_warm_document_command_does_not_ask_the_package(workspace, run_cfo, monkeypatch,
                                                          tmp_path):
    monkeypatch.setenv("CFO_CACHE_DIR", str(tmp_path / "cache"))
    root = workspace({"roster/ada.yaml": freelancer_yaml(),
                      "missions/m.yaml": mission_yaml("2026-11-16", "2027-03-18", ("ada", 100),
                                                      status="in-progress")})
    # The brief in the company's language and in another one (its holidays named in it).
    commands = [("brief", "m"), ("brief", "m", "--lang", "en")]
    first = [run_cfo("-C", str(root), "--today", "2026-11-26", *c).stdout for c in commands]
    assert first[0] != first[1]

    def refuse(*args: object) -> None:
        raise AssertionError("the holidays package was asked again")

    monkeypatch.setattr(working_calendar, "holiday_calendar", refuse)
    assert [run_cfo("-C", str(root), "--today", "2026-11-26", *c).stdout
            for c in commands] == first
