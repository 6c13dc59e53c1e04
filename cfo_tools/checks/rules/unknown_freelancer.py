"""An assignment or a review names a freelancer who has no file in roster/."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.close_names import CloseNames, did_you_mean
from cfo_tools.model.records import Mission, Workspace

NAME = "unknown-freelancer"
SEVERITY = "error"
DESCRIPTION = "an assignment or review naming a freelancer with no roster file"
#: Spelling suggestions are given for this many distinct unknown names (about 0.7 ms each
#: against 2,000 freelancers, see model/close_names.py), so that a mission naming tens of
#: thousands of them stays linear.
MAX_SUGGESTIONS = 1000


def check(workspace: Workspace) -> Iterator[Problem]:
    return problems(((m.file, named(m)) for m in workspace.missions.values()),
                    workspace.freelancer_files)


def named(mission: Mission) -> tuple[tuple[str, str], ...]:
    """Every freelancer ``mission`` names, with where: all this rule reads of a mission
    (``cfo check`` keeps it per document, see ``checks/check_facts.py``)."""
    return (*((a.freelancer, a.pointer) for a in mission.assignments),
            *((r.freelancer, r.pointer) for r in mission.reviews))


def problems(missions: Iterable[tuple[str, Sequence[tuple[str, str]]]],
             known: Collection[str]) -> Iterator[Problem]:
    """The problems of the missions' files and what each names (:func:`named`), in the
    workspace's order (the first names met get hints), against the roster's ids ``known``."""
    close: CloseNames | None = None
    hints: dict[str, str] = {}
    for file, names in missions:
        for freelancer, pointer in names:
            if freelancer in known:
                continue
            if freelancer not in hints:
                if close is None:
                    close = CloseNames(known)
                hints[freelancer] = _hint(freelancer, close, len(hints))
            hint = hints[freelancer]
            yield Problem(
                file, f"{pointer}/freelancer",
                f"no freelancer '{freelancer}' in the roster (no roster/{freelancer}.yaml); "
                f"{hint}",
            )


def _hint(freelancer: str, close: CloseNames, suggested: int) -> str:
    otherwise = "add them to the roster first"
    if suggested < MAX_SUGGESTIONS:
        return did_you_mean(close.closest(freelancer), otherwise)
    return otherwise
