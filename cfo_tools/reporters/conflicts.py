"""``cfo conflicts``: calendar conflicts as finding lines, JSON or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cfo_tools.formats.terminal import terminal_text as shown
from cfo_tools.model.findings import Finding
from cfo_tools.reporters.github import render_github
from cfo_tools.reporters.outcome import Outcome
from cfo_tools.reporters.text import FileTexts, format_finding
from cfo_tools.reporters.words import Words

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.planning.conflicts import Conflict


@dataclass(frozen=True)
class ConflictsView:
    conflicts: list[Conflict]
    #: The same conflicts as findings, located in their files.
    findings: list[Finding]

    @property
    def outcome(self) -> Outcome:
        return Outcome(self.findings)


def render_conflicts_json(view: ConflictsView, words: Words) -> str:
    return json.dumps({"ok": not view.conflicts, "conflicts": [
        {"kind": c.kind, "freelancer": c.freelancer, "start": c.start.isoformat(),
         "end": c.end.isoformat(), "working_days": c.working_days, "peak": c.peak,
         "capacity": c.capacity, "missions": list(c.missions), "file": c.file,
         "line": f.line, "reason": c.reason, "tentative": c.tentative,
         "related": [{"file": p.file, "line": p.line, "column": p.column, "path": p.path}
                     for p in f.places]}
        for c, f in zip(view.conflicts, view.findings, strict=True)]},
        indent=2, ensure_ascii=False) + "\n"


def render_conflicts_text(view: ConflictsView, words: Words) -> str:
    """The findings as ``cfo check`` writes them (in its words), then the count in the
    report's language."""
    files = FileTexts()
    lines = [format_finding(f, files=files) for f in view.findings]
    count = len(view.conflicts)
    lines.append(shown(words.say("conflicts_none") if count == 0
                       else words.count("conflicts_count", count)))
    return "\n".join(lines) + "\n"


def render_conflicts_github(view: ConflictsView, words: Words) -> str:
    return render_github(view.outcome)


#: ``cfo conflicts --format``.
CONFLICTS_FORMATS: dict[str, Callable[[ConflictsView, Words], str]] = {
    "text": render_conflicts_text,
    "json": render_conflicts_json,
    "github": render_conflicts_github,
}
