"""``cfo spend``: the spend report as text, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.terminal import terminal_text as shown
from cfo_tools.reporters.amounts import amount_for_person, amount_for_program, share_for_person

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.steering.spend import SpendReport

_HEADS = ("invoiced", "paid", "forecast", "total", "share")


def _shown(report: SpendReport, amount: Decimal) -> str:
    return amount_for_person(amount, report.currency, report.locale)


def _share(report: SpendReport, percent: Decimal) -> str:
    return share_for_person(percent, report.locale)


def render_spend_json(report: SpendReport) -> str:
    return json.dumps({
        "today": report.today.isoformat(), "by": report.by,
        "rows": [{report.by: r.key, "invoiced": amount_for_program(r.invoiced),
                  "paid": amount_for_program(r.paid),
                  "forecast": amount_for_program(r.forecast),
                  "total": amount_for_program(r.total),
                  "share_percent": str(r.share)} for r in report.rows],
        "invoiced": amount_for_program(report.invoiced),
        "paid": amount_for_program(report.paid),
        "forecast": amount_for_program(report.forecast),
        "total": amount_for_program(report.total),
    }, indent=2, ensure_ascii=False) + "\n"


def render_spend_text(report: SpendReport) -> str:
    width = max([len(report.by), len("total"), *(len(shown(r.key)) for r in report.rows)])
    rows = [(shown(r.key), (_shown(report, r.invoiced), _shown(report, r.paid),
                            _shown(report, r.forecast), _shown(report, r.total),
                            _share(report, r.share))) for r in report.rows]
    totals = (_shown(report, report.invoiced), _shown(report, report.paid),
              _shown(report, report.forecast), _shown(report, report.total))
    column = max([12, *(len(f) for _, figures in rows for f in figures),
                  *(len(f) for f in totals)])
    lines = [f"Spend by {report.by} as of {report.today.isoformat()}, excl. VAT "
             "(forecast: planned work not invoiced yet)",
             f"{report.by:<{width}}  " + "  ".join(f"{h:>{column}}" for h in _HEADS)]
    for key, figures in rows:
        lines.append(f"{key:<{width}}  " + "  ".join(f"{f:>{column}}" for f in figures))
    if not report.rows:
        lines.append("Nothing invoiced or planned.")
    lines.append(f"{'total':<{width}}  " + "  ".join(f"{f:>{column}}" for f in totals))
    return "\n".join(lines) + "\n"


def render_spend_markdown(report: SpendReport) -> str:
    lines = [f"## Spend by {report.by} — {report.today.isoformat()}", "",
             f"| {report.by.capitalize()} | Invoiced | Paid | Forecast | Total | Share |",
             "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {cell(r.key)} | {_shown(report, r.invoiced)} | {_shown(report, r.paid)} | "
              f"{_shown(report, r.forecast)} | {_shown(report, r.total)} | "
              f"{_share(report, r.share)} |"
              for r in report.rows]
    lines.append(f"| **total** | {_shown(report, report.invoiced)} | "
                 f"{_shown(report, report.paid)} | {_shown(report, report.forecast)} | "
                 f"{_shown(report, report.total)} | |")
    return "\n".join(lines) + "\n"


#: ``cfo spend --format``; adding a format touches this registry only.
SPEND_FORMATS: dict[str, Callable[[SpendReport], str]] = {
    "text": render_spend_text,
    "json": render_spend_json,
    "markdown": render_spend_markdown,
}
