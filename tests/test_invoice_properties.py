"""Invoices as properties: for random lines and VAT rates, a valid invoice is never flagged,
and changing any of its amounts by one cent always is. The expected figures are computed
here with fractions, independently of cfo's money module."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.checks.rules import run_rules
from cfo_tools.model.building import build_company, build_freelancer, build_mission
from cfo_tools.model.invoice_building import build_invoice
from cfo_tools.model.invoices import Invoice, InvoiceLine
from cfo_tools.model.records import Workspace

CENT = Decimal("0.01")
VAT_RATES = [Decimal(r) for r in ("0", "2.1", "5.5", "8.5", "10", "20")]


def _cents(value: Fraction) -> Decimal:
    """Half up to the cent, with fractions."""
    cents = value * 100
    whole = int(cents)
    if cents - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole) / 100


def _workspace(rate: Decimal, invoice: Invoice) -> Workspace:
    workspace = Workspace(root=Path("."), company=build_company("company.yaml", {
        "name": "A", "pitch": "B", "team": [{"id": "pm", "name": "P", "email": "p@x.fr"}]}))
    workspace.freelancers["ada"] = build_freelancer("ada", "roster/ada.yaml", {
        "name": "Ada", "email": "a@x.fr", "roles": ["dev"], "skills": [],
        "daily_rate": float(rate), "status": "active"})
    workspace.freelancer_files["ada"] = "roster/ada.yaml"
    workspace.missions["site"] = build_mission("site", "missions/site.yaml", {
        "title": "S", "client": "C", "owner": "pm", "status": "in-progress",
        "start": "2026-01-05", "end": "2026-12-18",
        "assignments": [{"freelancer": "ada", "role": "dev"}]})
    workspace.mission_files["site"] = "missions/site.yaml"
    workspace.invoices[invoice.id] = invoice
    workspace.invoice_files[invoice.id] = invoice.file
    return workspace


@st.composite
def invoices(draw: st.DrawFn) -> tuple[Decimal, Invoice]:
    rate = Decimal(draw(st.integers(min_value=100, max_value=200_000))) / 100
    half_days = draw(st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=5))
    vat_rate = draw(st.sampled_from(VAT_RATES))
    amount = sum((_cents(Fraction(h, 2) * Fraction(rate)) for h in half_days), Decimal(0))
    total = amount + _cents(Fraction(amount) * Fraction(vat_rate) / 100)
    data = {
        "number": "F-1", "issued": "2026-02-02", "period": "2026-01",
        "lines": [{"mission": "site", "days": float(Decimal(h) / 2), "daily_rate": float(rate)}
                  for h in half_days],
        "amount": float(amount), "vat_rate": float(vat_rate), "total": float(total),
        "due": "2026-03-04", "status": "received",
    }
    if vat_rate == 0:
        data["vat_exemption"] = "TVA non applicable, art. 293 B du CGI"
    return rate, build_invoice("ada/f-1", "ada", "invoices/ada/f-1.yaml", data)


def _flagged(rate: Decimal, invoice: Invoice) -> list[str]:
    return [name for name, problem in run_rules(_workspace(rate, invoice))
            if problem.severity == "error" and problem.file == invoice.file]


@settings(max_examples=200, deadline=None)
@given(invoices())
def test_a_valid_invoice_is_never_flagged(drawn):
    rate, invoice = drawn
    assert _flagged(rate, invoice) == []


@settings(max_examples=200, deadline=None)
@given(invoices(), st.sampled_from(["amount", "total", "daily_rate"]), st.sampled_from([1, -1]),
       st.data())
def test_one_cent_off_anywhere_is_always_flagged(drawn, field, sign, data):
    rate, invoice = drawn
    cent = sign * CENT
    if field == "daily_rate":
        index = data.draw(st.integers(min_value=0, max_value=len(invoice.lines) - 1))
        lines = list(invoice.lines)
        line: InvoiceLine = lines[index]
        lines[index] = replace(line, daily_rate=line.daily_rate + cent)
        changed = replace(invoice, lines=tuple(lines))
    else:
        changed = replace(invoice, **{field: getattr(invoice, field) + cent})
    assert _flagged(rate, changed) != []
