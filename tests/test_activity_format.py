"""Activity reports as files: activity/<yyyy-mm>/<freelancer>.yaml read, checked against their
schema and built into the model."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.loading.yaml_documents import parse_document
from cfo_tools.model.months import Month
from conftest import FREELANCER, places

REPORT = """\
entries:
  - mission: site
    days:
      3: 1
      04: 0.5
      31: 1
    note: Une demi-journée le 4.
status: draft
"""


def read(text: str):
    return parse_document(text.encode(), Path("activity/2026-11/ada.yaml"),
                          "activity/2026-11/ada.yaml")


@pytest.mark.parametrize("text", [REPORT, "entries:\n  - {mission: site, days: {3: 1, 4: 0.5}}\n"])
def test_day_numbers_are_keys_under_days_without_quotes(text):
    document = read(text)
    assert document.findings == []
    assert set(document.data["entries"][0]["days"]) <= {"3", "04", "31", "4"}


@pytest.mark.parametrize("text", ["1: x\n", "extra:\n  3: 1\n", "days:\n  yes: 1\n",
                                  "days:\n  3.5: 1\n", "days:\n  100: 1\n"])
def test_numbers_as_keys_elsewhere_are_still_refused(text):
    assert [f.rule for f in read(text).findings] == ["non-text-key"]


def test_a_report_is_built_with_its_month_and_freelancer_from_the_path(workspace):
    root = workspace({"roster/ada.yaml": FREELANCER, "activity/2026-11/ada.yaml": REPORT})
    report = validate_workspace(root, jobs=1)
    built = report.workspace.activity["2026-11/ada"]
    assert (built.month, built.freelancer, built.status) == (Month(2026, 11), "ada", "draft")
    assert [(d.key, d.date, d.value) for d in built.entries[0].days] == [
        ("3", date(2026, 11, 3), Decimal(1)), ("04", date(2026, 11, 4), Decimal("0.5")),
        ("31", None, Decimal(1))]
    assert built.days_for("site") == Decimal("2.5")
    assert report.workspace.activity_files == {"2026-11/ada": "activity/2026-11/ada.yaml"}


@pytest.mark.parametrize("text, line", [
    ("entries: []\nstatus: done\n", 2),
    ("entries:\n  - mission: site\n    days: {x: 1}\nstatus: draft\n", 3),
    ("entries:\n  - mission: site\n    days: {3: full}\nstatus: draft\n", 3),
    ("entries:\n  - days: {3: 1}\nstatus: draft\n", 2),
    ("entries: []\nstatus: draft\napproved_on: 2026-11-31\n", 3),
])
def test_schema_and_dates_are_checked_at_their_line(findings_of, text, line):
    findings = findings_of({"roster/ada.yaml": FREELANCER, "activity/2026-11/ada.yaml": text})
    assert [(f.file, f.line) for f in findings
            if f.rule != "activity-unknown-mission"] == [("activity/2026-11/ada.yaml", line)]


@pytest.mark.parametrize("folder", ["2026-13", "0000-01", "2026-1", "novembre"])
def test_a_month_folder_that_is_not_a_real_month_is_not_read(findings_of, folder):
    findings = findings_of({f"activity/{folder}/ada.yaml": "entries: []\nstatus: draft\n"})
    assert places(findings) == [(f"activity/{folder}", None, "folder-name")]


@pytest.mark.parametrize("text", ["2026-11", "0001-01", "9999-12"])
def test_month_round_trip(text):
    assert str(Month.parse(text)) == text


@pytest.mark.parametrize("text", ["2026-13", "0000-01", "2026-1", "2026-\u0661\u0661", "x"])
def test_month_refuses_what_is_not_a_month(text):
    with pytest.raises(ValueError):
        Month.parse(text)


def test_month_arithmetic():
    assert Month(2026, 12).shifted(1) == Month(2027, 1)
    assert Month(2026, 1).shifted(-1) == Month(2025, 12)
    assert Month(2024, 2).last == date(2024, 2, 29)
    assert Month(2026, 11).day(31) is None and Month(2026, 11).day(0) is None
    assert Month(2026, 9) < Month(2026, 10)
