"""The one type every check reports: a finding about a place in a workspace file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

#: "info" says something worth knowing that is no problem (an id with no label): it never
#: fails a check, not even with --strict.
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Location:
    """Another place a finding is about (the other assignment of a double booking)."""

    file: str
    line: int | None
    column: int | None
    #: JSON pointer inside the document, as :attr:`Finding.path`.
    path: str

    def __reduce__(self) -> tuple[type[Location], tuple[str, int | None, int | None, str]]:
        # Pickled as its fields in order (see Finding.__reduce__).
        return Location, (self.file, self.line, self.column, self.path)


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
    #: Every place involved, this one included, when the problem spans several (a double
    #: booking names each assignment); empty otherwise.
    related: tuple[Location, ...] = ()

    def __reduce__(self) -> tuple[type[Finding], tuple[object, ...]]:
        # Pickled as its fields in order, not as a dict of them: the cache and the workers'
        # pipes carry tens of thousands of findings (measured on 48,000: a fifth less to
        # write, a third less to load, a fifth fewer bytes).
        return Finding, (self.file, self.line, self.column, self.path, self.rule,
                         self.severity, self.message, self.related)

    def to_dict(self) -> dict[str, object]:
        """The JSON form; ``related`` appears only when there are related places, so reports
        stay what they were for every other finding."""
        # By hand: dataclasses.asdict's deep copy took a third of rendering 25,000 findings.
        data: dict[str, object] = {
            "file": self.file, "line": self.line, "column": self.column, "path": self.path,
            "rule": self.rule, "severity": self.severity, "message": self.message}
        if self.related:
            data["related"] = tuple({"file": place.file, "line": place.line,
                                     "column": place.column, "path": place.path}
                                    for place in self.related)
        return data

    @property
    def places(self) -> tuple[Location, ...]:
        """Where the finding applies: its related places, or its own."""
        return self.related or (Location(self.file, self.line, self.column, self.path),)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.rule, self.message)


#: A place as its fields in order, and a finding as its own, its related places as rows: what
#: the subjects' workers send back (cheaper to make and to pickle than the objects, which
#: the main process makes once, :func:`findings_of_rows`).
PlaceRow = tuple[str, int | None, int | None, str]
FindingRow = tuple[str, int | None, int | None, str, str, Severity, str, tuple[PlaceRow, ...]]


def findings_of_rows(rows: Iterable[FindingRow]) -> list[Finding]:
    """The findings whose fields ``rows`` hold, in order."""
    return [Finding(file, line, column, path, rule, severity, message,
                    tuple(Location(*place) for place in related) if related else ())
            for file, line, column, path, rule, severity, message, related in rows]


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in reading order: by file, then line, then column; duplicates removed."""
    return sorted(set(findings), key=lambda f: f.sort_key)


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "warning"]


def infos(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "info"]


def json_pointer(parts: Iterable[object]) -> str:
    """RFC 6901 pointer for a sequence of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def pointer_parts(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
