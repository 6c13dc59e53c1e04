"""A report written file by file: each file's findings rendered alone, the pieces joined in
the order of the files. Findings are sorted by file first, so the joined pieces are, byte for
byte, what the format's reporter writes for the whole list; a command that keeps each file's
pieces (``checks/report_by_file.py``) renders again only the files whose findings changed.

Each piece ends with what follows it in the report (a newline; in JSON, the comma and newline
after a list's item, and nothing for a file without findings of that severity): the report is
the pieces concatenated, the last item of a JSON list closing it instead. So the pieces of
consecutive files can be kept and written as one string, even one encoded in UTF-8 already
(``PieceBlocks``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Protocol, runtime_checkable

from cfo_tools.formats.github import log_lines
from cfo_tools.formats.terminal import inert_commands
from cfo_tools.model.findings import Finding
from cfo_tools.reporters.github import finding_annotations
from cfo_tools.reporters.json_format import (
    ITEM_END,
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


@runtime_checkable
class PieceBlocks(Protocol):
    """Pieces that can also be read as blocks: the ``index``-th pieces of consecutive files
    concatenated (a file's own, or many files' kept as one string of UTF-8,
    ``checks/piece_columns.py``)."""

    def blocks(self, index: int) -> Iterable[str | bytes]: ...


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
        return f"{self.format}\0{self.strict}\0{self.prefix}\0{strict}\0ended"

    def shown(self, findings: Sequence[Finding]) -> list[Finding]:
        if not self.strict:
            return list(findings)
        return [replace(f, severity="error") if f.rule in self.strict_errors else f
                for f in findings]

    def render(self, findings: Sequence[Finding]) -> tuple[Pieces, Counts]:
        """The pieces of one file's findings (sorted) and their numbers by severity."""
        shown = self.shown(findings)
        # Shared out by severity in one pass, not counted and picked three times each (a
        # cold check renders its 48,000 findings at its end, on the critical path).
        by_severity: dict[str, list[Finding]] = {severity: [] for severity in _SEVERITIES}
        for finding in shown:
            same = by_severity.get(finding.severity)
            if same is not None:
                same.append(finding)
        lists = tuple(by_severity.values())
        counts = (len(lists[0]), len(lists[1]), len(lists[2]))
        if self.format == "json":
            return tuple(findings_items(part) + ITEM_END if part else "" for part in lists), \
                counts
        files = FileTexts(self.prefix)
        if self.format == "text":
            return ("\n".join(format_finding(f, files=files) for f in shown) + "\n",), counts
        messages = [message_text(f) for f in shown]
        annotations = [line for f, message in zip(shown, messages, strict=True)
                       for line in finding_annotations(f, files=files, plain=message)]
        plain = [inert_commands(format_finding(f, files=files, message=message))
                 for f, message in zip(shown, messages, strict=True)]
        return ("\n".join(annotations) + "\n", "\n".join(plain) + "\n"), counts

    def joined(self, pieces: Sequence[Pieces], outcome: Outcome) -> str:
        """The report of the files' ``pieces`` in order; ``outcome``: its stats, counts,
        strictness and notes (its findings are not read)."""
        return "".join(part if isinstance(part, str) else part.decode()
                       for part in self.parts(pieces, outcome))

    def parts(self, pieces: Sequence[Pieces], outcome: Outcome) -> Iterator[str | bytes]:
        """The text of :meth:`joined`, in parts whose concatenation it is, some maybe in
        UTF-8 already (``PieceBlocks``): written as they come, a report of a hundred
        megabytes is neither joined nor encoded whole (its pages, each touched for the first
        time, cost a tenth of a second of the system's time on the large workspace)."""
        def each(index: int) -> Iterable[str | bytes]:
            return (p[index] for p in pieces)

        blocks = pieces.blocks if isinstance(pieces, PieceBlocks) else each
        if self.format == "json":
            lists = {key: findings_list_parts(blocks(index))
                     for index, key in enumerate(("errors", "warnings", "info"))}
            yield from json_report_parts(outcome.ok, outcome.stats, lists)
            return
        yield from blocks(0)
        if self.format == "github":
            yield from blocks(1)
        summary = outcome.summary() if self.format == "text" else log_lines(outcome.summary())
        yield summary + "\n"


#: The formats a report can be assembled from pieces in.
PIECE_FORMATS = ("text", "json", "github")


def pieces_outcome(stats: dict[str, int], counts: Counts, view: PieceView,
                   notes: list[str]) -> Outcome:
    """The outcome of a report assembled from pieces (its findings left empty)."""
    return Outcome([], stats, strict=view.strict, file_prefix=view.prefix, notes=notes,
                   counts=counts)


def piece_counts(counts: Sequence[Counts]) -> Counts:
    return (sum(c[0] for c in counts), sum(c[1] for c in counts), sum(c[2] for c in counts))


