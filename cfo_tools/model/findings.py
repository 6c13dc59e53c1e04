"""The one type every check reports: a finding about a place in a workspace file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """A problem found in the workspace.

    ``file`` is workspace-relative with forward slashes; ``line`` and ``column`` are 1-based
    and point at the offending value (or ``None`` when the problem is not tied to a place);
    ``path`` is the JSON pointer of the value inside the document ("" for the whole document).
    """

    file: str
    line: int | None
    column: int | None
    path: str
    rule: str
    severity: Severity
    message: str

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.rule, self.message)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in reading order: by file, then line, then column; duplicates removed."""
    return sorted(set(findings), key=lambda f: f.sort_key)


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "warning"]


def json_pointer(parts: Iterable[object]) -> str:
    """RFC 6901 pointer for a sequence of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def pointer_parts(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
