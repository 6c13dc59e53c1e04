"""``cfo budget``: each mission's money as text, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.terminal import terminal_text as shown
from cfo_tools.reporters.amounts import amount_for_person, amount_for_program

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.steering.budget import MissionBudget

COLUMNS = ("budget", "committed", "actual", "to come", "forecast", "variance", "invoiced",
           "paid")


def _figures(item: MissionBudget) -> tuple[Decimal | None, ...]:
    return (item.budget, item.committed, item.actual, item.to_come, item.forecast,
            item.variance, item.invoiced, item.paid)


def _amount(value: Decimal | None, currency: str, locale: str) -> str:
    return "-" if value is None else amount_for_person(value, currency, locale)


def _flags(item: MissionBudget) -> str:
    flags = [name for name, over in (("committed over budget", item.committed_over),
                                     ("forecast over budget", item.forecast_over)) if over]
    return "; ".join(flags)


def render_budget_text(items: Sequence[MissionBudget], currency: str, locale: str) -> str:
    if not items:
        return "No mission books time.\n"
    rows: list[tuple[str, ...]] = [("mission", *COLUMNS, "")]
    for item in items:
        rows.append((shown(item.mission.id),
                     *(_amount(v, currency, locale) for v in _figures(item)), _flags(item)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0]),
                 *(value.rjust(widths[i + 1]) for i, value in enumerate(row[1:-1])), row[-1]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def render_budget_markdown(items: Sequence[MissionBudget], currency: str, locale: str) -> str:
    lines = ["## Budget", ""]
    if not items:
        return "\n".join([*lines, "No mission books time."]) + "\n"
    lines += ["| mission | " + " | ".join(COLUMNS) + " | |",
              "| --- |" + " --: |" * len(COLUMNS) + " --- |"]
    for item in items:
        figures = " | ".join(cell(_amount(v, currency, locale)) for v in _figures(item))
        lines.append(f"| {cell(item.mission.id)} | {figures} | {cell(_flags(item))} |")
    return "\n".join(lines) + "\n"


def render_budget_json(items: Sequence[MissionBudget], currency: str, locale: str) -> str:
    def text(value: Decimal | None) -> str | None:
        return None if value is None else amount_for_program(value)

    return json.dumps({
        "currency": currency,
        "missions": [{
            "mission": item.mission.id,
            "status": item.mission.status,
            "budget": text(item.budget),
            "committed": text(item.committed),
            "actual": text(item.actual),
            "to_come": text(item.to_come),
            "forecast": text(item.forecast),
            "variance": text(item.variance),
            "invoiced": text(item.invoiced),
            "paid": text(item.paid),
            "committed_over_budget": item.committed_over,
            "forecast_over_budget": item.forecast_over,
            "approved_until": {k: v.isoformat() for k, v in sorted(item.approved_until.items())},
        } for item in items],
    }, indent=2, ensure_ascii=False) + "\n"


#: ``cfo budget --format``.
BUDGET_FORMATS: dict[str, Callable[[Sequence[MissionBudget], str, str], str]] = {
    "text": render_budget_text,
    "json": render_budget_json,
    "markdown": render_budget_markdown,
}
