"""What a checking command hands its reporter."""

from __future__ import annotations

from dataclasses import dataclass, field

from cfo_tools.loading.kinds import RECORD_KINDS
from cfo_tools.model.findings import Finding, errors, infos, warnings


@dataclass
class Outcome:
    findings: list[Finding]
    stats: dict[str, int] = field(default_factory=dict)
    strict: bool = False
    #: Path of the workspace inside the repository, for annotations ("" at the top).
    file_prefix: str = ""
    #: Lines said after the summary that are not findings (they change no exit code).
    notes: list[str] = field(default_factory=list)
    #: The numbers of errors, warnings and infos, when ``findings`` is not the list of them
    #: (a report assembled file by file, see ``reporters/pieces.py``).
    counts: tuple[int, int, int] | None = None

    def counted(self) -> tuple[int, int, int]:
        """The numbers of errors, warnings and infos."""
        if self.counts is not None:
            return self.counts
        return len(self.errors), len(self.warnings), len(self.infos)

    @property
    def errors(self) -> list[Finding]:
        return errors(self.findings)

    @property
    def warnings(self) -> list[Finding]:
        return warnings(self.findings)

    @property
    def infos(self) -> list[Finding]:
        return infos(self.findings)

    @property
    def ok(self) -> bool:
        errors, warnings, _ = self.counted()
        return not errors and not (self.strict and warnings)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def summary(self) -> str:
        counted = [_plural(self.stats[kind.counted_as], kind.name)
                   for kind in RECORD_KINDS.values()
                   if kind.counted_as and kind.counted_as in self.stats]
        listed = ", ".join(counted[:-1]) + " and " + counted[-1] if len(counted) > 1 else "".join(
            counted)
        scope = f" in {listed}" if counted else ""
        errors, warnings, infos = self.counted()
        told = f" {_plural(infos, 'note')} (info)." if infos else ""
        if not errors and not warnings:
            return f"No problems found{scope}.{told}" + self._notes()
        parts = [_plural(errors, "error"), _plural(warnings, "warning")]
        if infos:
            parts.append(_plural(infos, "note"))
        text = f"{', '.join(parts)}{scope}."
        if self.strict and warnings and not errors:
            text += " With --strict, warnings fail the check."
        return text + self._notes()

    def _notes(self) -> str:
        return "".join(f"\n{note}" for note in self.notes)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
