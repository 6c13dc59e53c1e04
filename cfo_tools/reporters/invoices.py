"""``cfo invoices``: the invoice board as text, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.terminal import terminal_text as shown
from cfo_tools.reporters.amounts import amount_for_person, amount_for_program

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.steering.invoice_board import InvoiceBoard, InvoiceItem


def _shown(board: InvoiceBoard, amount: Decimal) -> str:
    return amount_for_person(amount, board.currency, board.locale)


def _days(item: InvoiceItem) -> str:
    left = item.days_left
    if item.invoice.status not in ("received", "approved"):
        return ""
    if left < 0:
        return f"{-left} day{'s' if left != -1 else ''} late"
    return "due today" if left == 0 else f"{left} day{'s' if left != 1 else ''} left"


def _item_json(board: InvoiceBoard, item: InvoiceItem) -> dict[str, Any]:
    i = item.invoice
    return {"freelancer": i.freelancer, "freelancer_name": board.names.get(i.freelancer),
            "id": i.id, "file": i.file, "number": i.number,
            "issued": i.issued.isoformat(), "period": i.period, "order": i.order,
            "missions": list(i.missions), "amount": amount_for_program(i.amount),
            "total": amount_for_program(i.total), "due": i.due.isoformat(),
            "days_left": item.days_left,
            "status": i.status, "paid_on": i.paid_on.isoformat() if i.paid_on else None,
            "dispute": i.dispute}


def render_invoices_json(board: InvoiceBoard) -> str:
    return json.dumps({
        "today": board.today.isoformat(),
        "to_check": [_item_json(board, i) for i in board.to_check],
        "to_pay": [_item_json(board, i) for i in board.to_pay],
        "late": [_item_json(board, i) for i in board.late],
        "disputed": [_item_json(board, i) for i in board.disputed],
        "paid": [_item_json(board, i) for i in board.paid],
        "months": [{"month": m.month, "invoices": m.invoices,
                    "amount": amount_for_program(m.amount),
                    "total": amount_for_program(m.total), "paid": amount_for_program(m.paid)}
                   for m in board.months],
    }, indent=2, ensure_ascii=False) + "\n"


def _line(board: InvoiceBoard, item: InvoiceItem) -> str:
    i = item.invoice
    missions = ", ".join(shown(m) for m in i.missions) or "no lines"
    days = _days(item)
    text = (f"- {shown(board.name_of(i.freelancer))} {shown(i.number)} ({missions}): "
            f"{_shown(board, i.total)} incl. VAT, due {i.due}" + (f", {days}" if days else ""))
    if i.status == "disputed" and i.dispute:
        text += f": {shown(i.dispute)}"
    if i.status == "paid" and i.paid_on:
        text = text.split(", due")[0] + f", paid on {i.paid_on}"
    return text


_SECTIONS = (("To check", "to_check"), ("To pay, soonest due first", "to_pay"),
             ("Late", "late"), ("Disputed", "disputed"))


def render_invoices_text(board: InvoiceBoard) -> str:
    lines = [f"Invoices as of {board.today.isoformat()}"]
    for title, attribute in _SECTIONS:
        items = getattr(board, attribute)
        if items:
            lines += [f"{title}:", *(_line(board, i) for i in items)]
    if not any(getattr(board, a) for _, a in _SECTIONS):
        lines.append("Nothing to check, pay or settle.")
    if board.months:
        lines.append("Per month billed (excl. VAT / incl. VAT / paid):")
        lines += [f"- {m.month}: {m.invoices} invoice{'s' if m.invoices != 1 else ''}, "
                  f"{_shown(board, m.amount)} / {_shown(board, m.total)} / "
                  f"{_shown(board, m.paid)}"
                  for m in board.months]
    return "\n".join(lines) + "\n"


def render_invoices_markdown(board: InvoiceBoard) -> str:
    lines = [f"## Invoices — {board.today.isoformat()}", ""]
    for title, attribute in _SECTIONS:
        items = getattr(board, attribute)
        if not items:
            continue
        lines += [f"### {title}", "",
                  "| Freelancer | Number | Missions | Incl. VAT | Due | |",
                  "|---|---|---|---:|---|---|"]
        for item in items:
            i = item.invoice
            note = " — ".join(part for part in (_days(item), i.dispute) if part)
            lines.append(f"| {cell(board.name_of(i.freelancer))} | {cell(i.number)} | "
                         f"{cell(', '.join(i.missions)) or '—'} | {_shown(board, i.total)} | "
                         f"{i.due} | {cell(note)} |")
        lines.append("")
    if board.months:
        lines += ["### Per month billed", "",
                  "| Month | Invoices | Excl. VAT | Incl. VAT | Paid |",
                  "|---|---:|---:|---:|---:|"]
        lines += [f"| {m.month} | {m.invoices} | {_shown(board, m.amount)} | "
                  f"{_shown(board, m.total)} | {_shown(board, m.paid)} |" for m in board.months]
    return "\n".join(lines).rstrip() + "\n"


#: ``cfo invoices --format``; adding a format touches this registry only.
INVOICES_FORMATS: dict[str, Callable[[InvoiceBoard], str]] = {
    "text": render_invoices_text,
    "json": render_invoices_json,
    "markdown": render_invoices_markdown,
}
