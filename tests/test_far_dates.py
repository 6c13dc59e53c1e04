"""Dates at the ends of what Python can hold (year 1, December 9999), which the schemas'
YYYY-MM and YYYY-MM-DD patterns let through: findings and reports, never a traceback."""

from __future__ import annotations

import json
from datetime import date

import pytest
from invoice_fixtures import invoice_workspace, invoice_yaml

from cfo_tools.model.invoice_sums import period_bounds
from conftest import REPO, mission_yaml


def test_the_bounds_of_the_last_month_python_can_hold():
    assert period_bounds("9999-12") == (date(9999, 12, 1), date(9999, 12, 31))
    assert period_bounds("0001-01") == (date(1, 1, 1), date(1, 1, 31))
    assert period_bounds("2026-13") is None and period_bounds("0000-01") is None


def test_an_invoice_billing_december_9999_is_checked_and_reported(workspace, run_cfo):
    root = workspace(invoice_workspace(invoice_yaml(period="9999-12")))
    check = run_cfo("-C", str(root), "--today", "2026-02-10", "check", "--format", "json")
    assert check.exit_code in (0, 1), check.output
    assert "Traceback" not in check.output
    for command in (("spend",), ("invoices",), ("agenda",)):
        result = run_cfo("-C", str(root), "--today", "2026-02-10", *command, "--format", "json")
        assert result.exit_code == 0, result.output
        json.loads(result.stdout)
    spend = run_cfo("-C", str(root), "--today", "2026-02-10", "spend", "--format",
                    "json").stdout
    assert [r["month"] for r in json.loads(spend)["rows"]][-1] == "9999-12"


@pytest.mark.parametrize("today", ["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01"])
def test_today_is_a_day_cfo_can_count_from(run_cfo, today):
    result = run_cfo("-C", str(REPO), "--today", today, "agenda")
    assert result.exit_code == 2
    assert "give one from 1900-01-01 to 2999-12-31" in result.output
    env = run_cfo("-C", str(REPO), "status", env={"CFO_TODAY": today})
    assert env.exit_code == 2 and "CFO_TODAY" in env.output


def test_a_report_of_december_9999_is_due_on_the_last_day_python_holds(workspace, run_cfo):
    files = invoice_workspace(invoice_yaml())
    files["missions/site.yaml"] = mission_yaml("9999-12-01", "9999-12-31", ("ada", 100))
    files["activity/9999-12/ada.yaml"] = (
        "entries:\n  - mission: site\n    days: {1: 1, 31: 1}\nstatus: submitted\n"
        "submitted_on: 9999-12-31\n")
    root = workspace(files)
    for command in (("check",), ("agenda", "--days", "260"), ("activity", "status", "--month",
                                                               "9999-12")):
        result = run_cfo("-C", str(root), "--today", "2999-12-31", *command)
        assert result.exit_code in (0, 1), result.output
    build = run_cfo("-C", str(root), "--today", "2999-12-31", "activity", "show", "ada",
                    "--month", "9999-12")
    assert build.exit_code == 0, build.output
    assert "31" in build.stdout
