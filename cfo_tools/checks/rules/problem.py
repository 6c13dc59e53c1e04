"""What a cross-file rule reports: a place given as file and JSON pointer.

The validation pipeline turns problems into findings, finding line numbers only then.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import ModuleType

from cfo_tools.model.findings import Severity


@dataclass(frozen=True)
class Problem:
    file: str
    pointer: str
    message: str
    severity: Severity = "error"
    #: Every place involved, this one included, as ``(file, pointer)``, when the problem spans
    #: several (two orders with one number); they become the finding's related locations.
    related: tuple[tuple[str, str], ...] = ()


def run_registry(rules: Iterable[ModuleType], subject: object) -> Iterator[tuple[str, Problem]]:
    """Every problem each rule module's ``check(subject)`` finds, with the rule's ``NAME``."""
    for rule in rules:
        for problem in rule.check(subject):
            yield rule.NAME, problem
