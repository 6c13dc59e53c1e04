"""``cfo spend``: the spend report as text, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.terminal import terminal_text as shown
from cfo_tools.reporters.amounts import amount_for_person, amount_for_program, share_for_person
from cfo_tools.reporters.words import Words

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.steering.spend import SpendReport, SpendRow

#: The figures' columns, each a key of the messages catalogue.
_HEADS = ("spend_invoiced", "spend_paid", "spend_forecast", "spend_total", "spend_share")


@dataclass(frozen=True)
class SpendView:
    """The spend report and the words of the language it is said in."""

    report: SpendReport
    words: Words

    def amount(self, amount: Decimal) -> str:
        return amount_for_person(amount, self.report.currency, self.words.lang)

    def share(self, percent: Decimal) -> str:
        return share_for_person(percent, self.words.lang)

    def group(self, key: str) -> str:
        """A row's group for people: a freelancer's name (their id when the roster does not
        know them), the words for the lines of invoices without lines, else the key."""
        from cfo_tools.steering.spend import NO_LINES

        if self.report.by == "freelancer":
            return self.report.names.get(key, key)
        if self.report.by == "mission" and key == NO_LINES:
            return self.words.say("spend_no_lines")
        return key

    def figures(self, row: SpendRow) -> tuple[str, ...]:
        return (self.amount(row.invoiced), self.amount(row.paid), self.amount(row.forecast),
                self.amount(row.total), self.share(row.share))


def render_spend_json(view: SpendView) -> str:
    report = view.report
    named = report.by == "freelancer"
    return json.dumps({
        "today": report.today.isoformat(), "by": report.by,
        "rows": [{report.by: r.key,
                  **({"freelancer_name": report.names.get(r.key)} if named else {}),
                  "invoiced": amount_for_program(r.invoiced),
                  "paid": amount_for_program(r.paid),
                  "forecast": amount_for_program(r.forecast),
                  "total": amount_for_program(r.total),
                  "share_percent": str(r.share)} for r in report.rows],
        "invoiced": amount_for_program(report.invoiced),
        "paid": amount_for_program(report.paid),
        "forecast": amount_for_program(report.forecast),
        "total": amount_for_program(report.total),
    }, indent=2, ensure_ascii=False) + "\n"


def render_spend_text(view: SpendView) -> str:
    report, say = view.report, view.words.say
    by, total = say(f"spend_by_{report.by}"), say("spend_total")
    rows = [(shown(view.group(r.key)), view.figures(r)) for r in report.rows]
    totals = (view.amount(report.invoiced), view.amount(report.paid),
              view.amount(report.forecast), view.amount(report.total))
    heads = [say(h) for h in _HEADS]
    width = max([len(by), len(total), *(len(key) for key, _ in rows)])
    column = max([12, *(len(f) for _, figures in rows for f in figures),
                  *(len(f) for f in totals), *(len(h) for h in heads)])
    lines = [shown(say("spend_title", by=by, day=report.today.isoformat())),
             f"{by:<{width}}  " + "  ".join(f"{h:>{column}}" for h in heads)]
    for key, figures in rows:
        lines.append(f"{key:<{width}}  " + "  ".join(f"{f:>{column}}" for f in figures))
    if not report.rows:
        lines.append(shown(say("spend_nothing")))
    lines.append(f"{total:<{width}}  " + "  ".join(f"{f:>{column}}" for f in totals))
    return "\n".join(lines) + "\n"


def render_spend_markdown(view: SpendView) -> str:
    report, say = view.report, view.words.say
    by = say(f"spend_by_{report.by}")
    heads = [by[:1].upper() + by[1:], *(say(h) for h in _HEADS)]
    lines = [f"## {cell(say('spend_heading', by=by, day=report.today.isoformat()))}", "",
             "| " + " | ".join(cell(h[:1].upper() + h[1:]) for h in heads) + " |",
             "|---|---:|---:|---:|---:|---:|"]
    lines += ["| " + " | ".join([cell(view.group(r.key)), *view.figures(r)]) + " |"
              for r in report.rows]
    lines.append(f"| **{cell(say('spend_total'))}** | {view.amount(report.invoiced)} | "
                 f"{view.amount(report.paid)} | {view.amount(report.forecast)} | "
                 f"{view.amount(report.total)} | |")
    return "\n".join(lines) + "\n"


#: ``cfo spend --format``; adding a format touches this registry only.
SPEND_FORMATS: dict[str, Callable[[SpendView], str]] = {
    "text": render_spend_text,
    "json": render_spend_json,
    "markdown": render_spend_markdown,
}
