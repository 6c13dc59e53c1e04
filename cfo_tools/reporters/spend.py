"""``cfo spend``: the spend report as text, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.terminal import terminal_text as shown

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.steering.spend import SpendReport

_HEADS = ("invoiced", "paid", "forecast", "total", "share")


def _money(amount: Any) -> str:
    from cfo_tools.model.money import money_text

    return money_text(amount)


def render_spend_json(report: SpendReport) -> str:
    return json.dumps({
        "today": report.today.isoformat(), "by": report.by,
        "rows": [{report.by: r.key, "invoiced": _money(r.invoiced), "paid": _money(r.paid),
                  "forecast": _money(r.forecast), "total": _money(r.total),
                  "share_percent": str(r.share)} for r in report.rows],
        "invoiced": _money(report.invoiced), "paid": _money(report.paid),
        "forecast": _money(report.forecast),
    }, indent=2, ensure_ascii=False) + "\n"


def render_spend_text(report: SpendReport) -> str:
    width = max([len(report.by), *(len(shown(r.key)) for r in report.rows)])
    lines = [f"Spend by {report.by} as of {report.today.isoformat()}, excl. VAT "
             "(forecast: planned work not invoiced yet)",
             f"{report.by:<{width}}  " + "  ".join(f"{h:>12}" for h in _HEADS)]
    for r in report.rows:
        figures = (_money(r.invoiced), _money(r.paid), _money(r.forecast), _money(r.total),
                   f"{r.share} %")
        lines.append(f"{shown(r.key):<{width}}  " + "  ".join(f"{f:>12}" for f in figures))
    if not report.rows:
        lines.append("Nothing invoiced or planned.")
    lines.append(f"{'total':<{width}}  {_money(report.invoiced):>12}  {_money(report.paid):>12}"
                 f"  {_money(report.forecast):>12}")
    return "\n".join(lines) + "\n"


def render_spend_markdown(report: SpendReport) -> str:
    lines = [f"## Spend by {report.by} — {report.today.isoformat()}", "",
             f"| {report.by.capitalize()} | Invoiced | Paid | Forecast | Total | Share |",
             "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {cell(r.key)} | {_money(r.invoiced)} | {_money(r.paid)} | "
              f"{_money(r.forecast)} | {_money(r.total)} | {r.share} % |" for r in report.rows]
    lines.append(f"| **total** | {_money(report.invoiced)} | {_money(report.paid)} | "
                 f"{_money(report.forecast)} | | |")
    return "\n".join(lines) + "\n"


#: ``cfo spend --format``; adding a format touches this registry only.
SPEND_FORMATS: dict[str, Callable[[SpendReport], str]] = {
    "text": render_spend_text,
    "json": render_spend_json,
    "markdown": render_spend_markdown,
}
