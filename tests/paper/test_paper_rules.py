"""The paper's rules, each with the smallest workspace on both sides: duplicate order numbers,
a missing order 10 working days ahead, an order below plan, missing rights, over budget."""

from __future__ import annotations

import pytest

from conftest import COMPANY, FREELANCER, LEGAL, places


def mission(*assignments: str, status: str = "staffed", start: str = "2026-03-02",
            end: str = "2026-03-13", extra: str = "") -> str:
    text = (f"title: Site\nclient: Client\nowner: pm\nstatus: {status}\nstart: {start}\n"
            f"end: {end}\n")
    if assignments:
        text += "assignments:\n" + "".join(assignments)
    return text + extra


def assignment(freelancer: str = "ada", *, order: str | None = None, amount: str | None = None,
               allocation: int = 100, tentative: bool = False) -> str:
    text = f"  - freelancer: {freelancer}\n    role: web-developer\n    allocation: {allocation}\n"
    if tentative:
        text += "    tentative: true\n"
    if order is not None:
        text += f"    order:\n      number: {order}\n      issued: 2026-02-20\n"
        if amount is not None:
            text += f"      amount: {amount}\n"
    return text


ROSTER = {"roster/ada.yaml": FREELANCER, "roster/bob.yaml": FREELANCER}


def test_duplicate_order_numbers_are_errors_at_both_lines(findings_of):
    found = findings_of({**ROSTER,
                         "missions/a.yaml": mission(assignment(order="BC-1")),
                         "missions/b.yaml": mission(assignment("bob", order="BC-2"),
                                                    assignment("ada", order="BC-1"))})
    duplicates = [f for f in found if f.rule == "duplicate-order"]
    assert places(duplicates) == [("missions/a.yaml", 12, "duplicate-order"),
                                  ("missions/b.yaml", 18, "duplicate-order")]
    assert all(f.severity == "error" for f in duplicates)
    assert [(p.file, p.line) for p in duplicates[0].related] == [
        ("missions/a.yaml", 12), ("missions/b.yaml", 18)]
    assert "also used by missions/b.yaml (assignments/1)" in duplicates[0].message
    assert "also used by missions/a.yaml (assignments/0)" in duplicates[1].message


def test_distinct_order_numbers_are_fine(findings_of):
    found = findings_of({**ROSTER,
                         "missions/a.yaml": mission(assignment(order="BC-1")),
                         "missions/b.yaml": mission(assignment("bob", order="BC-2"))})
    assert places(found, "duplicate-order") == []


# 2026-03-02 is a Monday: from Monday 2026-02-16, it is the 10th working day after today
# (17, 18, 19, 20, 23, 24, 25, 26, 27 February, 2 March); from Friday 2026-02-13, the 11th.
@pytest.mark.parametrize(("today", "warned"), [
    ("2026-02-13", False),  # 11 working days ahead
    ("2026-02-16", True),   # 10 working days ahead
    ("2026-03-02", True),   # starts today
    ("2026-03-13", True),   # its last day
    ("2026-03-16", False),  # over
])
def test_missing_order_from_ten_working_days_before_the_start(workspace_from, today, warned):
    report = workspace_from({**ROSTER, "missions/a.yaml": mission(assignment())}, today=today)
    expected = [("missions/a.yaml", 8, "missing-order")] if warned else []
    assert places(report.findings, "missing-order") == expected


def test_missing_order_says_when_it_starts(workspace_from):
    report = workspace_from({**ROSTER, "missions/a.yaml": mission(assignment())},
                            today="2026-02-16")
    [finding] = [f for f in report.findings if f.rule == "missing-order"]
    assert finding.severity == "warning"
    assert "starts on 2026-03-02, in 10 working days" in finding.message


def test_missing_order_asks_first_for_the_company_s_legal_identity(workspace_from):
    # cfo order refuses to write an order without it: the warning says so before.
    files = {**ROSTER, "missions/a.yaml": mission(assignment())}
    for company, asked in ((COMPANY, True), (COMPANY + LEGAL, False)):
        report = workspace_from({**files, "company.yaml": company}, today="2026-02-16")
        [finding] = [f for f in report.findings if f.rule == "missing-order"]
        assert ("add the company's legal identity to company.yaml (legal: name, siren, address, "
                "representative), then issue one (cfo order)" in finding.message) is asked


@pytest.mark.parametrize("files", [
    pytest.param({"missions/a.yaml": mission(assignment(order="BC-1"))}, id="ordered"),
    pytest.param({"missions/a.yaml": mission(assignment(), status="open")}, id="open"),
    pytest.param({"missions/a.yaml": mission(assignment(), status="cancelled")},
                 id="cancelled"),
    pytest.param({"missions/a.yaml": mission(assignment(tentative=True))}, id="tentative"),
])
def test_no_missing_order(workspace_from, files):
    report = workspace_from({**ROSTER, **files}, today="2026-02-27")
    assert places(report.findings, "missing-order") == []


# 2026-03-02 to 2026-03-13: 10 working days at 500 = 5,000.00 planned.
@pytest.mark.parametrize(("amount", "allocation", "message"), [
    ("5000", 100, None),
    ("4999.99", 100, "the order covers 10 of 10 planned days (4,999.99 of 5,000.00 EUR"),
    ("3000", 100, "the order covers 6 of 10 planned days (3,000.00 of 5,000.00 EUR"),
    ("2000", 50, "the order covers 4 of 5 planned days (2,000.00 of 2,500.00 EUR"),
    ("6000", 100, None),
])
def test_order_below_plan(workspace_from, amount, allocation, message):
    files = {**ROSTER, "missions/a.yaml": mission(
        assignment(order="BC-1", amount=amount, allocation=allocation))}
    found = [f for f in workspace_from(files, today="2026-02-01").findings
             if f.rule == "order-below-plan"]
    if message is None:
        assert found == []
    else:
        assert places(found) == [("missions/a.yaml", 14, "order-below-plan")]
        assert found[0].message.startswith(message)


def test_an_order_without_amount_covers_the_plan(workspace_from):
    files = {**ROSTER, "missions/a.yaml": mission(assignment(order="BC-1"))}
    assert places(workspace_from(files).findings, "order-below-plan") == []


DELIVERABLES = "deliverables:\n  - {id: v1, title: Site, due: 2026-03-13, status: pending}\n"
RIGHTS = ("rights:\n  rights: [reproduction]\n  purpose: Le site\n  territory: France\n"
          "  duration: 5 ans\n")


@pytest.mark.parametrize(("status", "extra", "warned"), [
    ("staffed", DELIVERABLES, True),
    ("in-progress", DELIVERABLES, True),
    ("open", DELIVERABLES, False),
    ("cancelled", DELIVERABLES, False),
    ("staffed", DELIVERABLES + RIGHTS, False),
    ("staffed", "", False),
])
def test_missing_rights(findings_of, status, extra, warned):
    files = {**ROSTER, "missions/a.yaml": mission(assignment(order="BC-1"), status=status,
                                                  extra=extra)}
    found = [f for f in findings_of(files) if f.rule == "missing-rights"]
    assert places(found) == ([("missions/a.yaml", 15, "missing-rights")] if warned else [])
    if warned:
        assert found[0].severity == "warning"
        assert "name the rights assigned: L131-3" in found[0].message


@pytest.mark.parametrize(("budget", "warned"), [
    ("5000", False),     # 10 working days at 500: exactly the budget
    ("4999.99", True),
    ("", False),         # no budget
])
def test_over_budget(workspace_from, budget, warned):
    extra = f"budget: {budget}\n" if budget else ""
    files = {**ROSTER, "missions/a.yaml": mission(assignment(order="BC-1"), extra=extra)}
    found = [f for f in workspace_from(files, today="2026-02-01").findings
             if f.rule == "over-budget"]
    assert places(found) == ([("missions/a.yaml", 14, "over-budget")] if warned else [])
    if warned:
        assert found[0].message.startswith(
            "committed 5,000.00 EUR exceed the budget of 4,999.99 EUR")
