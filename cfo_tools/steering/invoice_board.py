"""``cfo invoices``: the invoices to check, to pay (soonest due first), late and disputed,
and what was invoiced and paid month by month."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cfo_tools.model import money
from cfo_tools.model.invoices import APPROVED, DISPUTED, PAID, RECEIVED, UNPAID, Invoice
from cfo_tools.model.records import Workspace


@dataclass(frozen=True)
class InvoiceItem:
    invoice: Invoice
    #: Days from today to the due date: negative once it has passed.
    days_left: int

    @property
    def late(self) -> bool:
        return self.invoice.status in UNPAID and self.days_left < 0


@dataclass(frozen=True)
class MonthTotals:
    month: str  # YYYY-MM: the month billed, else the month of the invoice date
    invoices: int
    amount: Decimal  # excl. VAT
    total: Decimal  # incl. VAT
    paid: Decimal  # incl. VAT, of the invoices paid


@dataclass
class InvoiceBoard:
    today: date
    to_check: list[InvoiceItem] = field(default_factory=list)
    to_pay: list[InvoiceItem] = field(default_factory=list)
    late: list[InvoiceItem] = field(default_factory=list)
    disputed: list[InvoiceItem] = field(default_factory=list)
    paid: list[InvoiceItem] = field(default_factory=list)
    months: list[MonthTotals] = field(default_factory=list)
    #: How amounts are written for people (Babel): the company's currency and locale.
    currency: str = "EUR"
    locale: str = "fr"
    #: Freelancer id -> name, for the freelancers of the invoices shown who have a roster file.
    names: dict[str, str] = field(default_factory=dict)
    #: The one status asked for (``cfo invoices --status``), None for the whole board.
    status: str | None = None

    @property
    def lists_paid(self) -> bool:
        """Paid invoices are listed one by one only when they were asked for: otherwise the
        months' totals say what was paid, and the board stays about what is to do."""
        return self.status == PAID

    def name_of(self, freelancer_id: str) -> str:
        """The freelancer's name, their id when the roster does not know them."""
        return self.names.get(freelancer_id, freelancer_id)


def billed_month(invoice: Invoice) -> str:
    """The month an invoice counts in: the month billed, else its date's."""
    return invoice.period or f"{invoice.issued:%Y-%m}"


def invoice_board(workspace: Workspace, *, today: date, status: str | None = None,
                  freelancer: str | None = None) -> InvoiceBoard:
    company = workspace.company
    board = InvoiceBoard(today, status=status)
    if company is not None:
        board.currency, board.locale = company.currency, company.locale
    chosen = [i for i in workspace.invoices.values()
              if (status is None or i.status == status)
              and (freelancer is None or i.freelancer == freelancer)]
    items = [InvoiceItem(i, (i.due - today).days) for i in chosen]
    board.names = {i.freelancer: workspace.freelancers[i.freelancer].name for i in chosen
                   if i.freelancer in workspace.freelancers}
    by_due = sorted(items, key=lambda item: (item.invoice.due, item.invoice.id))
    board.to_check = [i for i in by_due if i.invoice.status == RECEIVED]
    board.to_pay = [i for i in by_due if i.invoice.status == APPROVED]
    board.late = [i for i in by_due if i.late]
    board.disputed = [i for i in by_due if i.invoice.status == DISPUTED]
    board.paid = sorted((i for i in items if i.invoice.status == PAID),
                        key=lambda item: (item.invoice.paid_on or item.invoice.due,
                                          item.invoice.id))
    board.months = month_totals(chosen)
    return board


def month_totals(invoices: list[Invoice]) -> list[MonthTotals]:
    """Invoiced and paid amounts per month billed, oldest first (disputed invoices left out:
    they are to be replaced)."""
    by_month: dict[str, list[Invoice]] = {}
    for invoice in invoices:
        if invoice.status != DISPUTED:
            by_month.setdefault(billed_month(invoice), []).append(invoice)
    return [MonthTotals(month, len(group), money.total(i.amount for i in group),
                        money.total(i.total for i in group),
                        money.total(i.total for i in group if i.status == PAID))
            for month, group in sorted(by_month.items())]
