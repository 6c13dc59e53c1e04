"""What a cross-file rule reports: a place given as file and JSON pointer.

The validation pipeline turns problems into findings, finding line numbers only then.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
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


def registry_on_two_cores(rules: Sequence[ModuleType], subject: object
                          ) -> list[tuple[str, Problem]]:
    """``list(run_registry(rules, subject))``, every other rule run by a forked process
    beside this one (in the same order: each rule's problems in its place). For a whole
    workspace after a cold load, when the other core is free: the rules are ~0.5 s of one
    core on 20,000 missions, while nothing else is left to run."""
    from cfo_tools.loading.work_pool import computed_beside

    with computed_beside(_problems_of, (rules, subject), range(1, len(rules), 2)) as theirs:
        ours = {index: list(run_registry((rules[index],), subject))
                for index in range(0, len(rules), 2)}
        for index, found in theirs():
            ours[index] = found
    return [problem for index in range(len(rules)) for problem in ours[index]]


def _problems_of(shared: tuple[Sequence[ModuleType], object], indexes: range
                 ) -> list[tuple[int, list[tuple[str, Problem]]]]:
    rules, subject = shared
    return [(index, list(run_registry((rules[index],), subject))) for index in indexes]
