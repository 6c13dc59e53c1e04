"""A report written file by file: each file's findings rendered alone, the pieces joined in
the order of the files. Findings are sorted by file first, so the joined pieces are, byte for
byte, what the format's reporter writes for the whole list; a command that keeps each file's
pieces (``checks/report_by_file.py``) renders again only the files whose findings changed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from cfo_tools.formats.github import log_lines
from cfo_tools.formats.terminal import inert_commands
from cfo_tools.model.findings import Finding
from cfo_tools.reporters.github import finding_annotations
from cfo_tools.reporters.json_format import (
    findings_items,
    findings_list_parts,
    json_report_parts,
)
from cfo_tools.reporters.outcome import Outcome
from cfo_tools.reporters.text import FileTexts, format_finding, message_text

#: Pieces of one file: strings, one per part of the report the file's findings go to.
Pieces = tuple[str, ...]
Counts = tuple[int, int, int]
_SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class PieceView:
    """How the findings are shown: a format of :data:`PIECE_FORMATS`, ``--strict`` and the
    prefix of file names (GitHub)."""

    format: str
    strict: bool = False
    prefix: str = ""
    #: The rules whose warnings are errors with ``strict``.
    strict_errors: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        """What the pieces depend on besides the findings."""
        strict = ",".join(sorted(self.strict_errors)) if self.strict else ""
        return f"{self.format}\0{self.strict}\0{self.prefix}\0{strict}"

    def shown(self, findings: Sequence[Finding]) -> list[Finding]:
        if not self.strict:
            return list(findings)
        return [replace(f, severity="error") if f.rule in self.strict_errors else f
                for f in findings]

    def render(self, findings: Sequence[Finding]) -> tuple[Pieces, Counts]:
        """The pieces of one file's findings (sorted) and their numbers by severity."""
        shown = self.shown(findings)
        counts = (sum(f.severity == "error" for f in shown),
                  sum(f.severity == "warning" for f in shown),
                  sum(f.severity == "info" for f in shown))
        if self.format == "json":
            return tuple(findings_items([f for f in shown if f.severity == severity])
                         for severity in _SEVERITIES), counts
        files = FileTexts(self.prefix)
        if self.format == "text":
            return ("\n".join(format_finding(f, files=files) for f in shown),), counts
        messages = [message_text(f) for f in shown]
        annotations = [line for f, message in zip(shown, messages, strict=True)
                       for line in finding_annotations(f, files=files, plain=message)]
        plain = [inert_commands(format_finding(f, files=files, message=message))
                 for f, message in zip(shown, messages, strict=True)]
        return ("\n".join(annotations), "\n".join(plain)), counts

    def joined(self, pieces: Sequence[Pieces], outcome: Outcome) -> str:
        """The report of the files' ``pieces`` in order; ``outcome``: its stats, counts,
        strictness and notes (its findings are not read)."""
        if self.format == "json":
            return "".join(self.parts(pieces, outcome))
        # The last newline joined with the rest: a report of megabytes copied once.
        if self.format == "text":
            return "\n".join([*(p[0] for p in pieces), outcome.summary(), ""])
        return "\n".join([*(p[0] for p in pieces), *(p[1] for p in pieces),
                          log_lines(outcome.summary()), ""])

    def parts(self, pieces: Sequence[Pieces], outcome: Outcome) -> Iterator[str]:
        """The text of :meth:`joined`, in parts whose concatenation it is: written as they
        come, a report of a hundred megabytes is neither joined nor encoded whole (its
        pages, each touched for the first time, cost a tenth of a second of the system's
        time on the large workspace)."""
        if self.format == "json":
            lists = {key: findings_list_parts([p[index] for p in pieces])
                     for index, key in enumerate(("errors", "warnings", "info"))}
            yield from json_report_parts(outcome.ok, outcome.stats, lists)
            return
        separator = ""
        for text in (p[0] for p in pieces):
            yield separator + text
            separator = "\n"
        if self.format == "github":
            for text in (p[1] for p in pieces):
                yield separator + text
                separator = "\n"
        summary = outcome.summary() if self.format == "text" else log_lines(outcome.summary())
        yield separator + summary + "\n"


#: The formats a report can be assembled from pieces in.
PIECE_FORMATS = ("text", "json", "github")


def pieces_outcome(stats: dict[str, int], counts: Counts, view: PieceView,
                   notes: list[str]) -> Outcome:
    """The outcome of a report assembled from pieces (its findings left empty)."""
    return Outcome([], stats, strict=view.strict, file_prefix=view.prefix, notes=notes,
                   counts=counts)


def piece_counts(counts: Sequence[Counts]) -> Counts:
    return (sum(c[0] for c in counts), sum(c[1] for c in counts), sum(c[2] for c in counts))


