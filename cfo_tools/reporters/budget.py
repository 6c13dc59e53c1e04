"""``cfo budget``: each mission's money as text, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.terminal import terminal_text as shown
from cfo_tools.reporters.amounts import amount_for_person, amount_for_program
from cfo_tools.reporters.words import Words

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.steering.budget import MissionBudget

#: The amounts' columns: the key of each heading in the messages catalogue (``budget_*``).
COLUMNS = ("budget_budget", "budget_committed", "budget_actual", "budget_to_come",
           "budget_forecast", "budget_variance", "budget_invoiced", "budget_paid")


def _figures(item: MissionBudget) -> tuple[Decimal | None, ...]:
    return (item.budget, item.committed, item.actual, item.to_come, item.forecast,
            item.variance, item.invoiced, item.paid)


def _amount(value: Decimal | None, currency: str, words: Words) -> str:
    return "-" if value is None else amount_for_person(value, currency, words.lang)


def _flags(item: MissionBudget, words: Words) -> str:
    flags = [words.say(key) for key, over in (("budget_committed_over", item.committed_over),
                                              ("budget_forecast_over", item.forecast_over))
             if over]
    return (words.say("site_semicolon") + " ").join(flags)


def render_budget_text(items: Sequence[MissionBudget], currency: str, words: Words) -> str:
    if not items:
        return shown(words.say("budget_nothing")) + "\n"
    rows: list[tuple[str, ...]] = [(words.say("budget_mission"),
                                    *(words.say(key) for key in COLUMNS), "")]
    for item in items:
        rows.append((shown(item.mission.id),
                     *(_amount(v, currency, words) for v in _figures(item)),
                     shown(_flags(item, words))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0]),
                 *(value.rjust(widths[i + 1]) for i, value in enumerate(row[1:-1])), row[-1]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def render_budget_markdown(items: Sequence[MissionBudget], currency: str, words: Words) -> str:
    lines = [f"## {cell(words.say('budget_heading'))}", ""]
    if not items:
        return "\n".join([*lines, cell(words.say("budget_nothing"))]) + "\n"
    lines += [f"| {cell(words.say('budget_mission'))} | "
              + " | ".join(cell(words.say(key)) for key in COLUMNS) + " | |",
              "| --- |" + " --: |" * len(COLUMNS) + " --- |"]
    for item in items:
        figures = " | ".join(cell(_amount(v, currency, words)) for v in _figures(item))
        lines.append(f"| {cell(item.mission.id)} | {figures} | {cell(_flags(item, words))} |")
    return "\n".join(lines) + "\n"


def render_budget_json(items: Sequence[MissionBudget], currency: str, words: Words) -> str:
    """The same in every language: amounts as exact text, for programs."""
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
BUDGET_FORMATS: dict[str, Callable[[Sequence[MissionBudget], str, Words], str]] = {
    "text": render_budget_text,
    "json": render_budget_json,
    "markdown": render_budget_markdown,
}
