"""Root causes already known (issue 15) that the property test tolerates until their fixes are
merged: each entry names the issue item, the invariant it breaks and how to recognise it.

When a fix lands, delete its entry: the property test then fails if the problem comes back.
``CFO_FUZZ_STRICT=1`` tolerates none of them (to see everything that still breaks).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from hostile.running import Problem


@dataclass(frozen=True)
class KnownCause:
    name: str
    invariant: str
    #: Searched in the problem's command and detail (the traceback, the forged line...).
    pattern: str
    issue_item: str


KNOWN: list[KnownCause] = [
    # Every issue-15 cause the property found is fixed on main (58cba83).
]


def classify(problem: Problem, context: str = "") -> str | None:
    """The known root cause behind ``problem``, or None for a new one. ``context``: what else
    is known of the hostile input (its file kinds)."""
    if os.environ.get("CFO_FUZZ_STRICT"):
        return None
    text = f"{problem.command}\n{problem.detail}\n{context}"
    for cause in KNOWN:
        if cause.invariant == problem.invariant and re.search(cause.pattern, text, re.S):
            return cause.name
    return None
