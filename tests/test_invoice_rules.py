"""Each invoice rule on both sides, with the smallest workspace that shows it."""

from __future__ import annotations

import pytest
from invoice_fixtures import OTHER_SIRET, invoice_workspace, invoice_yaml, mission_yaml

from conftest import places

FILE = "invoices/ada/f-2026-011.yaml"


def rules_of(findings, prefix: str = "invoice-"):
    return [(f.file, f.line, f.rule) for f in findings if f.rule.startswith(prefix)]


def test_a_valid_invoice_is_not_flagged(findings_of):
    files = invoice_workspace(invoice_yaml())
    files["activity/2026-01/ada.yaml"] = _activity("approved")
    assert rules_of(findings_of(files)) == []


def test_source_files_beside_an_invoice_are_not_unexpected(findings_of):
    files = invoice_workspace(invoice_yaml(), **{"invoices/ada/f-2026-011.pdf": b"%PDF-",
                                                  "invoices/ada/f-2026-011.xml": b"<x/>"})
    assert [f for f in findings_of(files) if f.rule == "unexpected-file"] == []


def test_number_used_twice_by_one_freelancer_is_flagged_at_both_files(findings_of):
    files = invoice_workspace(invoice_yaml())
    files["invoices/ada/again.yaml"] = invoice_yaml()
    found = [f for f in findings_of(files) if f.rule == "invoice-number-reused"]
    assert [(f.file, f.line) for f in found] == [("invoices/ada/again.yaml", 1), (FILE, 1)]
    assert "also recorded in invoices/ada/again.yaml" in found[1].message


def test_the_same_number_from_two_freelancers_is_fine(findings_of):
    files = invoice_workspace(invoice_yaml())
    files["roster/bob.yaml"] = files["roster/ada.yaml"].replace("Test", "Bob")
    files["invoices/bob/f-2026-011.yaml"] = invoice_yaml(lines=())
    assert places(findings_of(files), "invoice-number-reused") == []


@pytest.mark.parametrize(("amount", "flagged"), [("5000.00", False), ("5000.01", True),
                                                 ("4999.99", True)])
def test_amount_must_be_the_sum_of_the_lines_to_the_cent(findings_of, amount, flagged):
    total = {"5000.00": "6000.00", "5000.01": "6000.01", "4999.99": "5999.99"}[amount]
    found = [f for f in findings_of(invoice_workspace(invoice_yaml(amount=amount, total=total)))
             if f.rule == "invoice-amount"]
    assert bool(found) == flagged
    if flagged:
        assert (found[0].line, found[0].message.split(";")[0]) == (6, f"amount {amount}")
        assert "the lines sum to 5000.00" in found[0].message


def test_lines_are_rounded_to_the_cent_each(findings_of):
    # 0.5 x 333.33 = 166.665 -> 166.67 (half up), + 1 x 333.33 = 500.00, not 499.99 (which
    # rounding only the sum, 499.995, half down would give)
    invoice = invoice_yaml(lines=(("site", "0.5", "333.33"), ("site", "1", "333.33")),
                           amount="499.99", vat_rate="0", total="499.99",
                           extra="vat_exemption: TVA non applicable, art. 293 B du CGI\n")
    found = [f for f in findings_of(invoice_workspace(invoice)) if f.rule == "invoice-amount"]
    assert "the lines sum to 500.00" in found[0].message


@pytest.mark.parametrize(("total", "flagged"), [("6000.00", False), ("6000.01", True),
                                                ("5000.00", True)])
def test_total_must_be_amount_plus_vat(findings_of, total, flagged):
    found = places(findings_of(invoice_workspace(invoice_yaml(total=total))), "invoice-total")
    assert found == ([(FILE, 8, "invoice-total")] if flagged else [])


def test_vat_is_rounded_half_up_once_on_the_amount(findings_of):
    # 5.5 % of 333.00 = 18.315 -> 18.32
    invoice = invoice_yaml(lines=(("site", "1", "333"),), amount="333.00", vat_rate="5.5",
                           total="351.32")
    assert places(findings_of(invoice_workspace(invoice)), "invoice-total") == []


@pytest.mark.parametrize(("extra", "flagged"), [
    ("", True), ("vat_exemption: TVA non applicable, art. 293 B du CGI\n", False)])
def test_no_vat_needs_an_exemption(findings_of, extra, flagged):
    invoice = invoice_yaml(vat_rate="0", total="5000.00", extra=extra)
    found = places(findings_of(invoice_workspace(invoice)), "invoice-vat-exemption")
    assert found == ([(FILE, 7, "invoice-vat-exemption")] if flagged else [])


@pytest.mark.parametrize(("rate", "flagged"), [("500", False), ("500.01", True), ("550", True)])
def test_line_rate_must_be_the_contracted_rate(findings_of, rate, flagged):
    amount = {"500": "5000.00", "500.01": "5000.10", "550": "5500.00"}[rate]
    total = {"500": "6000.00", "500.01": "6000.12", "550": "6600.00"}[rate]
    invoice = invoice_yaml(lines=(("site", "10", rate),), amount=amount, total=total)
    found = [f for f in findings_of(invoice_workspace(invoice)) if f.rule == "invoice-rate"]
    assert [f.line for f in found] == ([5] if flagged else [])
    if flagged:
        assert f"daily rate {rate}" in found[0].message
        assert "contracted rate on site is 500.00" in found[0].message


def test_an_assignment_rate_overrides_the_roster_rate(findings_of):
    files = invoice_workspace(invoice_yaml(lines=(("site", "10", "600"),), amount="6000.00",
                                           total="7200.00"))
    files["missions/site.yaml"] += "    daily_rate: 600\n"
    assert places(findings_of(files), "invoice-rate") == []


@pytest.mark.parametrize(("siret", "flagged"), [("73282932000074", False),
                                                (OTHER_SIRET, True)])
def test_seller_siret_must_be_the_freelancer_s(findings_of, siret, flagged):
    invoice = invoice_yaml(extra=f'seller_siret: "{siret}"\n')
    found = places(findings_of(invoice_workspace(invoice)), "invoice-seller-siret")
    assert found == ([(FILE, 11, "invoice-seller-siret")] if flagged else [])


@pytest.mark.parametrize(("status", "extra", "flagged"), [
    ("paid", "", True), ("paid", "paid_on: 2026-02-20\n", False),
    ("disputed", "", True), ("disputed", "dispute: 9 days reported, 10 billed\n", False),
    ("approved", "", False)])
def test_paid_needs_a_date_and_disputed_a_reason(findings_of, status, extra, flagged):
    invoice = invoice_yaml(status=status, extra=extra)
    found = places(findings_of(invoice_workspace(invoice)), "invoice-status-fields")
    assert found == ([(FILE, 10, "invoice-status-fields")] if flagged else [])


def test_unknown_freelancer_folder(findings_of):
    files = invoice_workspace(invoice_yaml())
    files["invoices/nobody/f-1.yaml"] = files.pop("invoices/ada/f-2026-011.yaml")
    found = places(findings_of(files), "invoice-unknown-reference")
    assert [f[0] for f in found] == ["invoices/nobody/f-1.yaml"]


def test_unknown_mission_and_mission_not_theirs(findings_of):
    files = invoice_workspace(invoice_yaml(
        lines=(("site", "5", "500"), ("nowhere", "4", "500"), ("other", "1", "500"))))
    files["missions/other.yaml"] = files["missions/site.yaml"].replace("ada", "bob")
    found = [f for f in findings_of(files) if f.rule == "invoice-unknown-reference"]
    assert [f.line for f in found] == [6, 7]
    assert "no mission 'nowhere'" in found[0].message
    assert "ada has no assignment on other" in found[1].message


@pytest.mark.parametrize("field", ["amount", "total"])
def test_more_than_two_decimals_is_an_error(findings_of, field):
    values = {"amount": "5000.00", "total": "6000.00"}
    values[field] += "4"
    invoice = invoice_yaml(amount=values["amount"], total=values["total"])
    found = places(findings_of(invoice_workspace(invoice)), "invoice-cents")
    assert len(found) == 1
    # Said once, by invoice-cents: neither the sum nor the total repeats it as "6000.005".
    others = [f for f in findings_of(invoice_workspace(invoice))
              if f.rule in ("invoice-amount", "invoice-total")]
    assert others == []


def test_a_total_wrong_beyond_the_cent_is_computed_from_the_amount_at_the_cent(findings_of):
    invoice = invoice_yaml(amount="5000.004", total="6100.00")
    found = [f for f in findings_of(invoice_workspace(invoice)) if f.rule == "invoice-total"]
    assert len(found) == 1
    assert "amount 5000.00 plus VAT at 20 % (1000.00) is 6000.00" in found[0].message


def test_an_invoice_without_lines_is_checked_on_totals_only_and_says_so(findings_of):
    invoice = invoice_yaml(lines=(), extra="profile: minimum\n")
    found = [f for f in findings_of(invoice_workspace(invoice)) if f.rule.startswith("invoice-")]
    assert [(f.rule, f.severity) for f in found] == [("invoice-without-lines", "warning")]
    assert "Factur-X minimum" in found[0].message
    broken = invoice_yaml(lines=(), total="6000.01")
    assert "invoice-total" in [f.rule for f in findings_of(invoice_workspace(broken))]


@pytest.mark.parametrize(("due", "paid_on", "lines"), [
    ("2026-02-02", "2026-02-02", []),  # due and paid the day it was issued
    ("2026-02-01", "2026-02-20", [9]),  # due the day before
    ("2026-03-04", "2026-02-01", [11]),  # paid the day before
    ("2026-01-01", "2026-01-01", [9, 11]),
])
def test_an_invoice_is_neither_due_nor_paid_before_it_was_issued(findings_of, due, paid_on,
                                                                   lines):
    invoice = invoice_yaml(due=due, status="paid", extra=f"paid_on: {paid_on}\n")
    found = [f for f in findings_of(invoice_workspace(invoice)) if f.rule == "invoice-dates"]
    assert [f.line for f in found] == lines
    assert all(f.severity == "error" and "issued on 2026-02-02" in f.message for f in found)


@pytest.mark.parametrize(("due", "flagged"), [("2026-04-03", False), ("2026-04-04", True)])
def test_due_at_most_60_days_after_the_invoice(findings_of, due, flagged):
    # issued 2026-02-02 + 60 days = 2026-04-03
    found = places(findings_of(invoice_workspace(invoice_yaml(due=due))),
                   "invoice-payment-terms")
    assert found == ([(FILE, 9, "invoice-payment-terms")] if flagged else [])


@pytest.mark.parametrize(("today", "late"), [("2026-03-04", None), ("2026-03-05", 1),
                                             ("2026-04-03", 30)])
def test_an_unpaid_invoice_after_its_due_date_is_late(workspace_from, today, late):
    found = [f for f in workspace_from(invoice_workspace(invoice_yaml(status="approved")),
                                       today=today).findings if f.rule == "invoice-late"]
    assert len(found) == (0 if late is None else 1)
    if late is not None:
        assert found[0].severity == "warning"
        assert f"not paid {late} day" in found[0].message
        assert "40.00 EUR recovery indemnity and late-payment interest are owed" in \
            found[0].message


@pytest.mark.parametrize("status", ["paid", "disputed"])
def test_a_paid_or_disputed_invoice_is_never_late(workspace_from, status):
    extra = "paid_on: 2026-03-01\n" if status == "paid" else "dispute: wrong days\n"
    report = workspace_from(invoice_workspace(invoice_yaml(status=status, extra=extra)),
                            today="2026-12-01")
    assert [f for f in report.findings if f.rule == "invoice-late"] == []


ORDER = "    order:\n      number: BC-7\n      issued: 2026-01-02\n"


def test_an_order_the_freelancer_does_not_have_is_unknown(findings_of):
    files = invoice_workspace(invoice_yaml(extra='order: "BC-8"\n'))
    files["missions/site.yaml"] += ORDER
    found = [f for f in findings_of(files) if f.rule == "invoice-unknown-reference"]
    assert [(f.line, f.path) for f in found] == [(11, "/order")]
    assert "no purchase order BC-8 for ada (their orders: BC-7)" in found[0].message
    files["invoices/ada/f-2026-011.yaml"] = invoice_yaml(extra='order: "BC-7"\n')
    assert places(findings_of(files), "invoice-unknown-reference") == []


@pytest.mark.parametrize(("lines", "reported"), [
    # A line bills the broken mission: its orders are unknown, not missing.
    ("site", False),
    # A line bills another mission, which is read: the order is not there.
    ("other", True)])
def test_an_order_on_a_mission_file_that_cannot_be_read_is_not_called_unknown(
        findings_of, lines, reported):
    """The broken file has its own finding; calling its invoices' orders unknown ("their
    orders: none yet") sent the reader to the wrong file."""
    files = invoice_workspace(
        invoice_yaml(extra='order: "BC-7"\n', lines=((lines, "10", "500"),)),
        **{"missions/other.yaml": mission_yaml("2026-01-05", "2026-01-30", ("ada", 100))})
    files["missions/site.yaml"] = "title: [broken\n"
    found = findings_of(files)
    assert [f.rule for f in found if f.file == "missions/site.yaml"] == ["yaml-syntax"]
    orders = [f for f in found if f.rule == "invoice-unknown-reference" and f.path == "/order"]
    assert bool(orders) is reported


@pytest.mark.parametrize(("issued", "due", "flagged"), [
    # 45 days end of month, the later reading: 2027-01-15 -> 2027-03-31
    ("2027-01-15", "2027-03-31", False), ("2027-01-15", "2027-04-01", True),
    # across February: 2026-12-31 -> 2027-02-28
    ("2026-12-31", "2027-02-28", False), ("2026-12-31", "2027-03-01", True),
    # 2027-01-14: the end of January + 45 days, 2027-03-17, is the later reading
    ("2027-01-14", "2027-03-17", False), ("2027-01-14", "2027-03-18", True),
])
def test_45_days_end_of_month_when_the_order_says_so(findings_of, issued, due, flagged):
    files = invoice_workspace(invoice_yaml(issued=issued, due=due, period=None,
                                           extra='order: "BC-7"\n'))
    files["missions/site.yaml"] = files["missions/site.yaml"].replace(
        "2026-01-30", "2027-06-30") + ORDER + "      payment_days: 45\n      end_of_month: true\n"
    found = [f for f in findings_of(files) if f.rule == "invoice-payment-terms"]
    assert len(found) == (1 if flagged else 0), found
    if flagged:
        assert "at most 45 days end of month" in found[0].message


@pytest.mark.parametrize(("due", "message"), [
    ("2026-03-04", None),  # 30 days: the order's terms
    ("2026-03-05", "later than order BC-7's terms (30 days: by 2026-03-04)"),
    ("2026-04-04", "the law allows at most 60 days"),
])
def test_due_later_than_the_order_s_own_terms(findings_of, due, message):
    files = invoice_workspace(invoice_yaml(due=due, extra='order: "BC-7"\n'))
    files["missions/site.yaml"] += ORDER + "      payment_days: 30\n"
    found = [f for f in findings_of(files) if f.rule == "invoice-payment-terms"]
    assert [message in f.message for f in found] == ([] if message is None else [True])


@pytest.mark.parametrize(("regime", "vat", "flagged"), [
    ("franchise", "20", True), ("franchise", "0", False),
    ("standard", "20", False), ("standard", "0", True)])
def test_vat_matches_the_freelancer_s_regime(findings_of, regime, vat, flagged):
    total = "6000.00" if vat == "20" else "5000.00"
    invoice = invoice_yaml(vat_rate=vat, total=total,
                           extra="vat_exemption: TVA non applicable, art. 293 B du CGI\n")
    files = invoice_workspace(invoice)
    files["roster/ada.yaml"] += f"  vat: {regime}\n"
    found = [f for f in findings_of(files) if f.rule == "invoice-vat-regime"]
    assert [(f.line, f.severity) for f in found] == ([(7, "warning")] if flagged else [])


@pytest.mark.parametrize(("order_amount", "flagged"), [("10000", False), ("9999.99", True)])
def test_invoices_beyond_the_order_amount(findings_of, order_amount, flagged):
    files = invoice_workspace(invoice_yaml(extra='order: "BC-7"\n'))
    files["invoices/ada/f-2026-012.yaml"] = invoice_yaml(number="F-2026-012",
                                                         issued="2026-02-03")
    files["missions/site.yaml"] += ORDER + f"      amount: {order_amount}\n"
    found = [f for f in findings_of(files) if f.rule == "invoice-over-order"]
    assert [f.file for f in found] == (["invoices/ada/f-2026-012.yaml"] if flagged else [])
    if flagged:
        assert "reach 10000.00 excl. VAT with this one; the order is for 9999.99" in \
            found[0].message


def test_an_order_without_amount_is_for_the_planned_amount(findings_of):
    # 2026-01-05 to 2026-01-30: 20 working days at 500 = 10000.00 planned
    files = invoice_workspace(invoice_yaml(lines=(("site", "21", "500"),), amount="10500.00",
                                           total="12600.00"))
    files["missions/site.yaml"] += ORDER
    found = [f for f in findings_of(files) if f.rule == "invoice-over-order"]
    assert "the order is for 10000.00" in found[0].message


def _activity(status: str, days: tuple[int, ...] = tuple(range(5, 10)) + tuple(range(12, 17)),
              approved_on: str = "2026-02-01") -> str:
    text = ("entries:\n  - mission: site\n    days:\n"
            + "".join(f"      {d}: 1\n" for d in days) + f"status: {status}\n"
            + "submitted_on: 2026-01-30\n")
    if status == "approved":
        text += f"approved_by: pm\napproved_on: {approved_on}\n"
    if status == "disputed":
        text += "comment: to check\n"
    return text


@pytest.mark.parametrize(("billed", "flagged"), [("10", False), ("10.5", True), ("9", True)])
def test_days_billed_must_be_the_approved_days(findings_of, billed, flagged):
    amount = {"10": "5000.00", "10.5": "5250.00", "9": "4500.00"}[billed]
    total = {"10": "6000.00", "10.5": "6300.00", "9": "5400.00"}[billed]
    files = invoice_workspace(invoice_yaml(lines=(("site", billed, "500"),), amount=amount,
                                           total=total))
    files["activity/2026-01/ada.yaml"] = _activity("approved")
    found = [f for f in findings_of(files) if f.rule == "invoice-days"]
    assert [(f.line, f.path) for f in found] == ([(5, "/lines/0/days")] if flagged else [])
    if flagged:
        assert found[0].message == (
            f"{billed} days billed on site for 2026-01; the approved activity report says 10 "
            "(activity/2026-01/ada.yaml)")


@pytest.mark.parametrize(("report", "warned"), [
    (None, "there is no activity/2026-01/ada.yaml"), ("submitted", "is submitted"),
    ("disputed", "is disputed"), ("approved", None)])
def test_billed_days_without_an_approved_report_are_warned_of(findings_of, report, warned):
    files = invoice_workspace(invoice_yaml())
    if report is not None:
        files["activity/2026-01/ada.yaml"] = _activity(report)
    found = [f for f in findings_of(files) if f.rule == "invoice-without-activity"]
    assert [warned in f.message for f in found] == ([] if warned is None else [True])
    assert all(f.severity == "warning" and f.line == 3 for f in found)


@pytest.mark.parametrize(("today", "invoiced", "warned"), [
    ("2026-03-03", False, False),  # 30 days after the approval
    ("2026-03-04", False, True),
    ("2026-03-04", True, False)])
def test_an_approved_month_with_no_invoice_after_30_days(workspace_from, today, invoiced,
                                                         warned):
    files = invoice_workspace(invoice_yaml())
    if not invoiced:
        del files["invoices/ada/f-2026-011.yaml"]
    files["activity/2026-01/ada.yaml"] = _activity("approved")
    found = [f for f in workspace_from(files, today=today).findings
             if f.rule == "activity-not-invoiced"]
    assert [(f.file, f.line) for f in found] == (
        [("activity/2026-01/ada.yaml", 17)] if warned else [])


def test_a_report_or_an_invoice_that_cannot_be_read_is_not_called_missing(findings_of,
                                                                           workspace_from):
    """"there is no activity/...yaml" and "still no invoice" were said of files that exist
    but cannot be read, beside those files' own findings."""
    files = invoice_workspace(invoice_yaml(), **{"activity/2026-01/ada.yaml": "entries: [\n"})
    found = findings_of(files)
    assert [f.rule for f in found if f.file == "activity/2026-01/ada.yaml"] == ["yaml-syntax"]
    assert [f for f in found if f.rule == "invoice-without-activity"] == []

    files = invoice_workspace("number: [\n", **{"activity/2026-01/ada.yaml": _activity(
        "approved")})
    found = workspace_from(files, today="2026-03-04").findings
    assert [f.rule for f in found if f.file == "invoices/ada/f-2026-011.yaml"] == [
        "yaml-syntax"]
    assert [f for f in found if f.rule == "activity-not-invoiced"] == []
