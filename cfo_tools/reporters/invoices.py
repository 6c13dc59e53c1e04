"""``cfo invoices``: the invoice board as text, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.terminal import terminal_text as shown
from cfo_tools.reporters.amounts import amount_for_person, amount_for_program
from cfo_tools.reporters.words import Words

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.steering.invoice_board import InvoiceBoard, InvoiceItem


@dataclass(frozen=True)
class InvoicesView:
    """The invoice board and the words of the language it is said in."""

    board: InvoiceBoard
    words: Words

    def amount(self, amount: Decimal) -> str:
        return amount_for_person(amount, self.board.currency, self.words.lang)


def _days(view: InvoicesView, item: InvoiceItem) -> str:
    left = item.days_left
    if item.invoice.status not in ("received", "approved"):
        return ""
    if left < 0:
        return view.words.count("invoices_days_late", -left)
    if left == 0:
        return view.words.say("invoices_due_today")
    return view.words.count("invoices_days_left", left)


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


def render_invoices_json(view: InvoicesView) -> str:
    board = view.board
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


def _line(view: InvoicesView, item: InvoiceItem) -> str:
    i, words = item.invoice, view.words
    missions = ", ".join(i.missions) or words.say("invoices_no_lines")
    text = words.say("invoices_line", freelancer=view.board.name_of(i.freelancer),
                     number=i.number, missions=missions, total=view.amount(i.total),
                     due=i.due.isoformat())
    days = _days(view, item)
    if days:
        text += f", {days}"
    if i.status == "paid" and i.paid_on:
        text += ", " + words.say("invoices_paid_on", day=i.paid_on.isoformat())
    if i.status == "disputed" and i.dispute:
        text += words.say("colon") + " " + words.spaced(i.dispute)
    return f"- {shown(text)}"


#: Each section's heading (a key of the messages catalogue) and its list on the board.
_SECTIONS = (("invoices_to_check", "to_check"), ("invoices_to_pay", "to_pay"),
             ("invoices_late", "late"), ("invoices_disputed", "disputed"))
#: Listed only when ``--status paid`` asks for them (InvoiceBoard.lists_paid).
_PAID = (("invoices_paid_list", "paid"),)


def _sections(board: InvoiceBoard) -> tuple[tuple[str, str], ...]:
    return _SECTIONS + _PAID if board.lists_paid else _SECTIONS


def render_invoices_text(view: InvoicesView) -> str:
    board, words = view.board, view.words
    lines = [shown(words.say("invoices_title", day=board.today.isoformat()))]
    sections = _sections(board)
    for title, attribute in sections:
        items = getattr(board, attribute)
        if items:
            lines += [shown(words.say(title) + words.say("colon")),
                      *(_line(view, i) for i in items)]
    if not any(getattr(board, a) for _, a in sections):
        lines.append(shown(words.say("invoices_no_paid" if board.lists_paid
                                     else "invoices_nothing")))
    if board.months:
        lines.append(words.say("invoices_per_month") + words.say("colon"))
        lines += ["- " + shown(words.say("invoices_month_line", month=m.month,
                                   invoices=words.count("invoices_count", m.invoices),
                                   amount=view.amount(m.amount), total=view.amount(m.total),
                                   paid=view.amount(m.paid)))
                  for m in board.months]
    return "\n".join(lines) + "\n"


def render_invoices_markdown(view: InvoicesView) -> str:
    board, words = view.board, view.words
    say = words.say
    lines = [f"## {cell(say('invoices_heading', day=board.today.isoformat()))}", ""]
    for title, attribute in _sections(board):
        items = getattr(board, attribute)
        if not items:
            continue
        heads = (say("invoices_freelancer"), say("invoices_number"), say("invoices_missions"),
                 say("invoices_total"), say("invoices_due"))
        lines += [f"### {cell(say(title))}", "",
                  "| " + " | ".join(cell(h) for h in heads) + " | |",
                  "|---|---|---|---:|---|---|"]
        for item in items:
            i = item.invoice
            paid = (say("invoices_paid_on", day=i.paid_on.isoformat())
                    if i.status == "paid" and i.paid_on else "")
            note = " — ".join(part for part in (_days(view, item), i.dispute, paid) if part)
            lines.append(f"| {cell(board.name_of(i.freelancer))} | {cell(i.number)} | "
                         f"{cell(', '.join(i.missions)) or '—'} | {view.amount(i.total)} | "
                         f"{i.due} | {cell(note)} |")
        lines.append("")
    if board.months:
        heads = (say("invoices_month"), say("invoices_invoices"), say("invoices_amount"),
                 say("invoices_total"), say("invoices_paid"))
        lines += [f"### {cell(say('invoices_per_month'))}", "",
                  "| " + " | ".join(cell(h) for h in heads) + " |",
                  "|---|---:|---:|---:|---:|"]
        lines += [f"| {m.month} | {m.invoices} | {view.amount(m.amount)} | "
                  f"{view.amount(m.total)} | {view.amount(m.paid)} |" for m in board.months]
    return "\n".join(lines).rstrip() + "\n"


#: ``cfo invoices --format``; adding a format touches this registry only.
INVOICES_FORMATS: dict[str, Callable[[InvoicesView], str]] = {
    "text": render_invoices_text,
    "json": render_invoices_json,
    "markdown": render_invoices_markdown,
}
