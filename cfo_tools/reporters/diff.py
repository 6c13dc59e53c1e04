"""``cfo diff``: what a change means for people, as text, Markdown or JSON, in the words of
one language."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.placeholders import filled
from cfo_tools.formats.terminal import terminal_text as shown
from cfo_tools.model.findings import Finding
from cfo_tools.reporters.github import markdown_row
from cfo_tools.reporters.text import FileTexts, format_finding

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.history.workspace_diff import Change, Value, WorkspaceDiff
    from cfo_tools.reporters.words import Words


@dataclass(frozen=True)
class DiffView:
    """A comparison, the names of its two sides (``base``, ``head``) as the user gave them,
    and the words of the language it is told in."""

    result: WorkspaceDiff
    base: str
    head: str | None  # None: the working tree
    words: Words

    @property
    def head_name(self) -> str:
        return self.head if self.head is not None else self.words.say("diff_working_tree")

    def value(self, value: Value) -> str:
        """``value`` as the language writes it: numbers and percentages by Babel, the
        catalogue's label of an id, dates as in the files."""
        from cfo_tools.history.workspace_diff import Percent
        from cfo_tools.model.values import Label, Role

        if isinstance(value, Label):
            return self.words.words.get(value.key, value.fallback)
        if isinstance(value, Role):
            return self.words.role(value.ident)
        if isinstance(value, Percent):
            return self.words.percent(value.value)
        if isinstance(value, (int, Decimal)):
            return self.words.number(value, "#,##0.###")
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, tuple):
            return ", ".join(self.value(part) for part in value)
        return value

    def change(self, change: Change, *, spaced: bool = True) -> str:
        values = {name: self.value(value) for name, value in change.values}
        if spaced:
            return self.words.say(change.message, **values)
        return filled(self.words.words.get(change.message, change.message), values)

    def subject(self, change: Change) -> str:
        if change.kind in ("freelancer", "mission"):
            return self.words.say(f"diff_subject_{change.kind}", id=change.record)
        return self.words.say("diff_subject_other", kind=change.kind, id=change.record)

    def count(self, findings: list[Finding]) -> str:
        errors = sum(f.severity == "error" for f in findings)
        warnings = sum(f.severity == "warning" for f in findings)
        return (f"{self.words.count('diff_errors', errors)}, "
                f"{self.words.count('diff_warnings', warnings)}")


def render_diff_json(view: DiffView) -> str:
    """The changes in the catalogue's words as written (as cfo agenda's JSON); the subject as
    ``kind id``, the same in every language."""
    result = view.result
    return json.dumps({
        "base": view.base, "head": view.head or "working tree", "lang": view.words.lang,
        "changes": [{"subject": c.subject, "change": view.change(c, spaced=False),
                     "message": c.message, "warning": c.warning}
                    for c in result.changes],
        "introduced": [f.to_dict() for f in result.introduced],
        "resolved": [f.to_dict() for f in result.resolved],
    }, indent=2, ensure_ascii=False) + "\n"


def render_diff_text(view: DiffView) -> str:
    result, say = view.result, view.words.say
    lines = [say("diff_text_title", base=shown(view.base), head=shown(view.head_name))]
    if not result.changes:
        lines.append("  " + say("diff_text_nothing"))
    for change in result.changes:
        mark = "! " if change.warning else "  "
        lines.append(f"{mark}{shown(view.subject(change))}{say('site_colon')} "
                     f"{shown(view.change(change))}")
    lines.append("")
    files = FileTexts()
    none = ["  " + say("diff_text_none")]
    lines.append(say("diff_text_introduces", count=view.count(result.introduced)))
    lines += [f"  {format_finding(f, files=files)}" for f in result.introduced] or none
    lines.append(say("diff_text_resolves", count=view.count(result.resolved)))
    lines += [f"  {format_finding(f, files=files)}" for f in result.resolved] or none
    return "\n".join(lines) + "\n"


#: The rules whose problems a reviewer has a name for (``diff_noun_<rule>``); the others are
#: "N <rule> errors".
_NAMED_RULES = frozenset({"overbooked", "unavailable", "unknown-freelancer",
                          "inactive-assigned"})


def _noun(view: DiffView, rule: str, count: int) -> str:
    if rule in _NAMED_RULES:
        return view.words.count(f"diff_noun_{rule}", count)
    return view.words.count("diff_noun", count, rule=rule)


def render_diff_markdown(view: DiffView) -> str:
    result, say = view.result, view.words.say
    colon = say("site_colon")
    lines = ["## " + say("diff_title", base=cell(view.base), head=cell(view.head_name)), ""]
    introduced_errors = [f for f in result.introduced if f.severity == "error"]
    if introduced_errors:
        kinds: dict[str, int] = {}
        for f in introduced_errors:
            kinds[f.rule] = kinds.get(f.rule, 0) + 1
        summary = ", ".join(_noun(view, rule, n) for rule, n in sorted(kinds.items()))
        lines += [f"> ❌ **{cell(say('diff_creates', summary=summary))}**{colon}", ">"]
        lines += [f"> - {cell(f.message)}" for f in introduced_errors[:10]]
        if len(introduced_errors) > 10:
            lines.append("> - " + say("diff_more", count=str(len(introduced_errors) - 10)))
        lines.append("")
    if result.warnings:
        lines += [f"> ⚠️ **{say('diff_second_look')}**{colon}", ">"]
        lines += [f"> - {cell(view.subject(c))}{colon} {cell(view.change(c))}"
                  for c in result.warnings]
        lines.append("")
    if result.changes:
        lines += [f"- **{cell(view.subject(c))}**{colon} {cell(view.change(c))}"
                  for c in result.changes]
    else:
        lines.append(say("diff_no_change"))
    headings = " | ".join(say(f"diff_column_{c}") for c in ("file", "line", "rule", "message"))
    for title, findings in (("diff_introduced", result.introduced),
                            ("diff_resolved", result.resolved)):
        lines += ["", "### " + say(title, count=view.count(findings)), ""]
        if not findings:
            lines.append(say("diff_none"))
            continue
        lines += [f"| | {headings} |", "|---|---|---|---|---|"]
        lines += [markdown_row(f, with_path=False).rstrip("\n") for f in findings]
    return "\n".join(lines) + "\n"


#: ``cfo diff --format``.
DIFF_FORMATS: dict[str, Callable[[DiffView], str]] = {
    "text": render_diff_text,
    "markdown": render_diff_markdown,
    "json": render_diff_json,
}
