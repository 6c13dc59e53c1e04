"""Rules asked about many records read each shared thing once: the same answers as asking
record by record, without rescanning the workspace for each record."""

from __future__ import annotations

from datetime import date

from invoice_fixtures import invoice_workspace, invoice_yaml

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.model import invoice_sums
from cfo_tools.planning.working_calendar import WorkingCalendar
from conftest import REPO

ORDER = "    order:\n      number: BC-{n}\n      issued: 2026-01-02\n      payment_days: 30\n"


def test_the_orders_index_is_each_freelancer_s_orders():
    workspace = validate_workspace(REPO).workspace
    index = invoice_sums.orders_by_freelancer(workspace)
    assert index, "the example workspace records purchase orders"
    for freelancer in {a.freelancer for m in workspace.missions.values()
                       for a in m.assignments}:
        assert index.get(freelancer, {}) == invoice_sums.freelancer_orders(workspace, freelancer)


def test_invoice_rules_do_not_scan_the_missions_per_invoice(findings_of, monkeypatch):
    files = invoice_workspace(invoice_yaml(due="2026-03-05", extra='order: "BC-7"\n'))
    files["missions/site.yaml"] += ORDER.format(n=7)
    for n in range(20):
        files[f"invoices/ada/f-{n}.yaml"] = invoice_yaml(
            number=f"F-{n}", due="2026-03-05", extra='order: "BC-7"\n', lines=())
    files["invoices/ada/unknown.yaml"] = invoice_yaml(number="F-X", extra='order: "BC-8"\n')

    def per_freelancer(*args: object) -> object:
        raise AssertionError("freelancer_orders called for one invoice")

    monkeypatch.setattr(invoice_sums, "freelancer_orders", per_freelancer)
    found = findings_of(files)
    terms = [f for f in found if f.rule == "invoice-payment-terms"]
    assert len(terms) == 21
    assert all("later than order BC-7's terms" in f.message for f in terms)
    unknown = [f for f in found if f.rule == "invoice-unknown-reference"]
    assert ["no purchase order BC-8 for ada (their orders: BC-7)" in f.message
            for f in unknown] == [True]


def test_the_calendar_answers_a_span_again_as_the_first_time():
    calendar = WorkingCalendar(country="FR")
    fresh = WorkingCalendar(country="FR")
    spans = [(date(2026, 5, 1), date(2026, 5, 31)), (date(2026, 12, 24), date(2027, 1, 2)),
             (date(2026, 5, 9), date(2026, 5, 10)), (date(2027, 1, 2), date(2026, 12, 24))]
    for _ in range(2):
        for start, end in spans:
            assert calendar.working_days(start, end) == fresh._count_working_days(start, end)
            assert calendar.first_working_day(start, end) == fresh._find(
                start, end, fresh.is_working_day, forward=True)
            assert calendar.last_working_day(start, end) == fresh._find(
                end, start, fresh.is_working_day, forward=False)


def test_the_thousandth_unknown_name_still_gets_its_hint(findings_of):
    from conftest import freelancer_yaml, mission_yaml

    names = [(f"adb{n:04d}", 1) for n in range(1001)]
    found = findings_of({"roster/adb.yaml": freelancer_yaml(),
                         "missions/big.yaml": mission_yaml("2026-01-05", "2026-01-30", *names)})
    hints = [f.message.rpartition("; ")[2] for f in found if f.rule == "unknown-freelancer"]
    assert len(hints) == 1001
    assert hints[:1000] == ["did you mean 'adb'?"] * 1000
    assert hints[1000] == "add them to the roster first"


def test_conflicts_from_the_bookings_the_caller_has_are_the_same():
    from cfo_tools.checks.runner import calendar_of
    from cfo_tools.planning.bookings import bookings_by_freelancer
    from cfo_tools.planning.conflicts import find_conflicts

    report = validate_workspace(REPO)
    calendar = calendar_of(report)
    assert calendar is not None
    workspace = report.workspace
    shared = bookings_by_freelancer(workspace)
    assert find_conflicts(workspace, calendar, bookings=shared) == find_conflicts(
        workspace, calendar)


def test_activity_status_asks_each_freelancer_only_about_their_missions(monkeypatch):
    from cfo_tools.model.months import Month
    from cfo_tools.planning import activity_days
    from cfo_tools.steering.activity_status import activity_status

    workspace = validate_workspace(REPO).workspace
    assert workspace.company is not None
    calendar = WorkingCalendar.for_company(workspace.company)
    month = Month.parse("2026-10")
    expected = activity_status(workspace, calendar, month, today=date(2026, 11, 27))
    asked: list[tuple[str, str]] = []
    planned_days = activity_days.planned_days

    def counted(workspace, calendar, freelancer_id, mission_id, month):  # type: ignore[no-untyped-def]
        asked.append((freelancer_id, mission_id))
        return planned_days(workspace, calendar, freelancer_id, mission_id, month)

    monkeypatch.setattr(activity_days, "planned_days", counted)
    assert activity_status(workspace, calendar, month, today=date(2026, 11, 27)) == expected
    assigned = {(a.freelancer, m.id) for m in workspace.missions.values()
                for a in m.assignments if a.freelancer in workspace.freelancers}
    assert asked and set(asked) <= assigned
    assert len(asked) == len(set(asked))
    assert any(r.missions for r in expected.reports), "the example plans days in October"
