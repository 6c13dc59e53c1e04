"""cfo budget: committed, actual, still to come, forecast and variance, exact to the cent."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from invoice_fixtures import invoice_workspace, invoice_yaml

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.planning.working_calendar import WorkingCalendar
from cfo_tools.steering import budget as budget_module
from cfo_tools.steering.budget import mission_budget
from conftest import FREELANCER, mission_yaml
from conftest import REPO as REPO_ROOT

# 2026-03-02 to 2026-03-27: 20 working days; ada at 500 full time, bob at 512.10 half time.
MISSION = """\
title: Site
client: Client
owner: pm
status: in-progress
start: 2026-03-02
end: 2026-03-27
budget: 15000
assignments:
  - freelancer: ada
    role: web-developer
  - freelancer: bob
    role: web-developer
    allocation: 50
    daily_rate: 512.1
"""
FILES = {"roster/ada.yaml": FREELANCER, "roster/bob.yaml": FREELANCER,
         "missions/site.yaml": MISSION}


def loaded(workspace):
    report = validate_workspace(workspace(FILES), jobs=1)
    ws = report.workspace
    assert ws.company is not None
    return ws, WorkingCalendar.for_company(ws.company)


def test_nothing_approved_yet(workspace):
    ws, calendar = loaded(workspace)
    money = mission_budget(ws, ws.missions["site"], calendar)
    assert money.committed == Decimal("10000.00") + Decimal("5121.00")
    assert money.actual == Decimal("0.00")
    assert money.to_come == money.committed
    assert money.forecast == Decimal("15121.00")
    assert money.variance == Decimal("-121.00")
    assert money.committed_over and money.forecast_over


def test_approved_days_replace_the_plan_until_their_month(workspace, monkeypatch):
    ws, calendar = loaded(workspace)

    def approved(workspace, mission, freelancer_id, recorded):
        return {date(2026, 3, 1): Decimal("18.5")} if freelancer_id == "ada" else {}

    monkeypatch.setattr(budget_module, "approved_days", approved)
    money = mission_budget(ws, ws.missions["site"], calendar)
    assert money.actual == Decimal("9250.00")   # 18.5 days x 500
    assert money.to_come == Decimal("5121.00")  # nothing of ada's after March
    assert money.forecast == Decimal("14371.00")
    assert money.variance == Decimal("629.00")
    assert money.approved_until == {"ada": date(2026, 4, 1)}
    assert money.committed_over and not money.forecast_over


def test_budget_command_text_and_json(run_cfo, workspace):
    root = workspace(FILES)
    text = run_cfo("-C", str(root), "budget")
    assert text.exit_code == 0
    assert "15 121,00" in text.stdout.replace("\u202f", " ").replace("\xa0", " ")
    # In the workspace's language (French here), with its typography; English when asked.
    assert text.stdout.startswith("mission ") and " engagé " in text.stdout.splitlines()[0]
    assert "engagé au-delà du budget\u202f; prévision au-delà du budget" in text.stdout
    english = run_cfo("-C", str(root), "budget", "--lang", "en").stdout
    assert " committed " in english.splitlines()[0]
    assert "committed over budget; forecast over budget" in english
    markdown = run_cfo("-C", str(root), "budget", "--format", "markdown").stdout
    assert markdown.startswith("## Budget des missions\n") and "| engagé |" in markdown
    report = json.loads(run_cfo("-C", str(root), "budget", "site", "--format", "json").stdout)
    assert report == {"currency": "EUR", "missions": [{
        "mission": "site", "status": "in-progress", "budget": "15000.00",
        "committed": "15121.00", "actual": "0.00", "to_come": "15121.00",
        "forecast": "15121.00", "variance": "-121.00", "invoiced": "0.00", "paid": "0.00",
        "committed_over_budget": True,
        "forecast_over_budget": True, "approved_until": {}}]}


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_budget_of_the_example(run_cfo, fmt):
    result = run_cfo("-C", str(REPO_ROOT), "--today", "2026-11-26", "budget", "--format", fmt)
    assert result.exit_code == 0
    assert "plateforme-reservation-gites" in result.stdout
    assert "site-vitrine-cabinet-architectes" not in result.stdout  # a draft books nothing


def test_unknown_mission_is_a_usage_error(run_cfo):
    result = run_cfo("-C", str(REPO_ROOT), "budget", "nope")
    assert result.exit_code == 2 and "no mission 'nope'" in result.stderr


def test_markdown_cells_are_escaped(run_cfo, workspace):
    root = workspace(FILES)
    result = run_cfo("-C", str(root), "budget", "--format", "markdown")
    assert result.stdout.splitlines()[3].startswith("| --- |")
    assert "| site |" in result.stdout


def test_a_month_not_approved_before_an_approved_one_is_still_to_come(workspace, monkeypatch):
    # 2026-03-02 to 2026-04-30: 22 working days in March, 21 in April (Easter Monday, 6 April,
    # is a public holiday); only April is approved.
    files = {"roster/ada.yaml": FREELANCER, "missions/site.yaml": (
        "title: Site\nclient: Client\nowner: pm\nstatus: in-progress\nstart: 2026-03-02\n"
        "end: 2026-04-30\nassignments:\n  - freelancer: ada\n    role: web-developer\n")}
    ws = validate_workspace(workspace(files), jobs=1).workspace
    assert ws.company is not None
    calendar = WorkingCalendar.for_company(ws.company)
    monkeypatch.setattr(budget_module, "approved_days",
                        lambda workspace, mission, freelancer_id, recorded:
                        {date(2026, 4, 1): Decimal(21)})
    money = mission_budget(ws, ws.missions["site"], calendar)
    assert money.actual == Decimal("10500.00")
    assert money.to_come == Decimal("11000.00")  # March, not approved: still to be paid
    assert money.forecast == money.committed == Decimal("21500.00")
    assert money.approved_until == {"ada": date(2026, 5, 1)}


def test_actual_comes_from_the_approved_activity_reports(run_cfo):
    report = json.loads(run_cfo("-C", str(REPO_ROOT), "--today", "2026-11-26", "budget",
                                "strategie-contenu-office-tourisme", "--format", "json").stdout)
    [mission] = report["missions"]
    assert mission["actual"] != "0.00"
    assert mission["approved_until"]


def test_each_mission_counts_only_the_invoice_lines_billing_it(workspace, monkeypatch):
    files = invoice_workspace(
        invoice_yaml(lines=(("site", "10", "500"), ("app", "2", "333.33"), ("site", "0.5", "500")),
                     status="paid"),
        **{"missions/app.yaml": mission_yaml("2026-01-05", "2026-01-30", ("ada", 50)),
           "missions/idle.yaml": mission_yaml("2026-01-05", "2026-01-30", ("ada", 10)),
           "invoices/ada/f-2.yaml": invoice_yaml(number="F-2", lines=(("app", "3", "500"),)),
           "invoices/ada/f-3.yaml": invoice_yaml(number="F-3", lines=(("site", "9", "500"),),
                                                 status="disputed")})
    ws = validate_workspace(workspace(files), jobs=1).workspace
    assert ws.company is not None and len(ws.invoices) == 3
    calendar = WorkingCalendar.for_company(ws.company)
    made = []
    original = budget_module.money_recorded
    monkeypatch.setattr(budget_module, "money_recorded",
                        lambda workspace: made.append(1) or original(workspace))
    money = {m.mission.id: m for m in budget_module.budgets(ws, calendar)}
    assert len(made) == 1, "every mission's budget reads one index of the invoices"
    # F-2026-011 bills site 5,000.00 + 250.00 and app 666.66 (each line to the cent); F-3 is
    # disputed: left out.
    assert (money["site"].invoiced, money["site"].paid) == (Decimal("5250.00"),
                                                            Decimal("5250.00"))
    assert (money["app"].invoiced, money["app"].paid) == (Decimal("2166.66"), Decimal("666.66"))
    assert (money["idle"].invoiced, money["idle"].paid) == (Decimal("0.00"), Decimal("0.00"))
    for mission_id, figures in money.items():
        assert mission_budget(ws, ws.missions[mission_id], calendar) == figures


def test_the_approved_months_are_the_freelancer_s_own(workspace):
    files = {"roster/ada.yaml": FREELANCER, "roster/bob.yaml": FREELANCER,
             "missions/site.yaml": MISSION}
    report = "entries:\n  - mission: site\n    days: {2: 1, 3: 1}\nsubmitted_on: 2026-04-01\n"
    files["activity/2026-03/ada.yaml"] = report + (
        "status: approved\napproved_by: pm\napproved_on: 2026-04-02\n")
    files["activity/2026-03/bob.yaml"] = report + "status: submitted\n"
    ws = validate_workspace(workspace(files), jobs=1).workspace
    assert len(ws.activity) == 2
    recorded = budget_module.money_recorded(ws)
    assert list(recorded.approved) == ["ada"]
    assert budget_module.approved_days(ws, ws.missions["site"], "ada", recorded) == {
        date(2026, 3, 1): Decimal(2)}
    assert budget_module.approved_days(ws, ws.missions["site"], "bob", recorded) == {}


@pytest.mark.parametrize("approved", [False, True])
def test_the_committed_amount_and_forecast_alone_are_the_budgets(workspace, approved):
    """What the over-budget rule reads (``committed_and_forecast``: without the budget's
    other figures when nothing of the team is approved) is what ``mission_budget`` says,
    with an approved month (the forecast then differs) and without."""
    files = {"roster/ada.yaml": FREELANCER, "roster/bob.yaml": FREELANCER,
             "missions/site.yaml": MISSION}
    if approved:
        files["activity/2026-03/ada.yaml"] = (
            "entries:\n  - mission: site\n    days: {2: 1, 3: 1}\nsubmitted_on: 2026-04-01\n"
            "status: approved\napproved_by: pm\napproved_on: 2026-04-02\n")
    ws, calendar = loaded(lambda _: workspace(files))
    recorded = budget_module.money_recorded(ws)
    money = mission_budget(ws, ws.missions["site"], calendar, recorded)
    figures = budget_module.committed_and_forecast(ws, ws.missions["site"], calendar, recorded)
    assert figures == (money.committed, money.forecast)
    assert [str(figure) for figure in figures] == [str(money.committed), str(money.forecast)]
    assert (figures[1] != figures[0]) == approved
