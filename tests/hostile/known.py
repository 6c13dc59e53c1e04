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
    KnownCause("github-plain-copy-not-escaped", "github-workflow-command", r".",
               "Escapes: CI log injection (the plain-text copy after the annotations)"),
    KnownCause("arguments-echoed-raw", "terminal-control-characters",
               r"hostile argument",
               "NEW (fuzz-findings F11): usage errors and find's header echo arguments raw"),
    KnownCause("terminal-escapes", "terminal-control-characters", r".",
               "Escapes: terminal escapes printed raw"),
    KnownCause("markdown-line-breaks", "markdown-line-breaks", r".",
               "Escapes: bare CR and Unicode line breaks break Markdown"),
    KnownCause("ics-line-breaks", "ics-line-breaks", r".",
               "Escapes: bare CR and Unicode line breaks make .ics files invalid"),
    KnownCause("nan-accepted", "strict-json", r"(NaN|Infinity) is not JSON",
               "Wrong answers: .nan and .inf pass validation; find --format json emits NaN"),
    KnownCause("fifo-read", "no-hang", r"'fifo'",
               "Hangs: a FIFO named *.yaml blocks every command"),
    KnownCause("write-through-symlink", "no-write-outside", r"'link-outside-dir'",
               "Escapes: writes through committed symlinks"),
    KnownCause("huge-integer-to-float", "no-traceback", r"OverflowError",
               "Crashes: a 4,000-digit daily_rate"),
    KnownCause("huge-float-to-decimal", "no-traceback", r"decimal\.InvalidOperation",
               "Crashes: daily_rate 1.7e+308 in find"),
    KnownCause("ics-line-break", "no-traceback",
               r"Content line can not contain unescaped new line",
               "Crashes: a newline in a name or title crashes calendar and onboard"),
    KnownCause("unwritable-destination", "no-traceback",
               r"documents/output_files\.py.*(NotADirectoryError|IsADirectoryError"
               r"|FileExistsError|PermissionError|FileNotFoundError|OSError)",
               "Crashes: unwritable destinations give OSError tracebacks"),
    KnownCause("diff-base-link-out", "no-traceback", r"tarfile",
               "Crashes: diff when the base revision holds a link out of the workspace"),
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
