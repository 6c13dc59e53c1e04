"""Run the real command line on a hostile workspace, under a hard time limit, and say what went
wrong in terms of the issue's invariants."""

from __future__ import annotations

import json
import os
import re
import signal
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from click.testing import CliRunner

from cfo_tools.cli.main import cli
from hostile.workspace import iter_lines

#: Seconds one command may take; a FIFO or a catastrophic regex must fail, not block the suite.
#: A hang never ends, so the limit is far above a command's time on a loaded machine (a tiny
#: workspace takes well under a second; 3 s failed runs at a load of 20 on two cores).
TIME_LIMIT = int(os.environ.get("CFO_FUZZ_TIME_LIMIT", "20"))

ENV = {"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None, "GITHUB_WORKSPACE": None,
       "CFO_TODAY": None, "NO_COLOR": "1"}


class CommandTimeout(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` swallows it."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    if not hasattr(signal, "SIGALRM"):  # Windows: no named pipes there to hang on either
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise CommandTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Run:
    args: list[str]
    exit_code: int | None
    stdout: str
    stderr: str
    #: The traceback of an exception that escaped the command, or "timeout".
    failure: str = ""

    @property
    def command(self) -> str:
        shown = [a for a in self.args if not a.startswith("/")]
        return "cfo " + " ".join(repr(a) if not a.isprintable() else a for a in shown)


def run_cfo(args: list[str], env: dict[str, str | None] | None = None) -> Run:
    runner = CliRunner()
    try:
        with time_limit(TIME_LIMIT):
            result = runner.invoke(cli, args, env={**ENV, **(env or {})})
    except CommandTimeout:
        return Run(args, None, "", "", "timeout")
    failure = ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        failure = "".join(traceback.format_exception(result.exception))
    # Not result.stdout: it turns CRLF into LF, and a stray CR is what we look for.
    return Run(args, result.exit_code, result.stdout_bytes.decode("utf-8", "replace"),
               result.stderr_bytes.decode("utf-8", "replace"), failure)


@dataclass(frozen=True)
class Problem:
    invariant: str
    command: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.invariant}] {self.command}\n{self.detail}"


def crash_problems(run: Run) -> list[Problem]:
    """Exit code 0, 1 or 2; no traceback; no hang."""
    if run.failure == "timeout":
        return [Problem("no-hang", run.command, f"took more than {TIME_LIMIT} s")]
    if run.failure:
        return [Problem("no-traceback", run.command, run.failure)]
    found = []
    if "Traceback (most recent call last)" in run.stdout + run.stderr:
        found.append(Problem("no-traceback", run.command, run.stdout + run.stderr))
    if run.exit_code not in (0, 1, 2):
        found.append(Problem("exit-code", run.command, f"exit {run.exit_code}"))
    return found


#: A workflow command the tool may write: its own annotations, with escaped properties.
#: The tool always names the file: ``::error::…`` without it is forged.
ANNOTATION = re.compile(
    r"::(?:error|warning) file=[^,:\r\n]*"
    r"(?:,(?:line|endLine|col|endColumn)=\d+)*"
    r"(?:,title=[^,:\r\n]*)?"
    r"::(?P<data>.*)")


def github_problems(run: Run) -> list[Problem]:
    """Every line of ``--format github`` output is the tool's own annotation, properly escaped,
    or text that cannot start a workflow command."""
    found = []
    # The tool's annotations come first, one per finding; any workflow command after the first
    # other line is forged, even one that looks like an annotation.
    in_annotations = True
    for line in iter_lines(run.stdout):
        if not line.lstrip().startswith("::"):
            in_annotations = False
            continue
        match = ANNOTATION.fullmatch(line)
        if match is None or line != line.lstrip() or not in_annotations:
            found.append(Problem("github-workflow-command", run.command,
                                 f"forged workflow command: {line!r}"))
        elif "%" in re.sub("%(25|0D|0A|3A|2C)", "", match["data"]):
            found.append(Problem("github-annotation-escaping", run.command,
                                 f"'%' not escaped: {line!r}"))
    return found


#: Characters that must never reach a terminal raw: C0 but tab and newline, DEL, C1.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_problems(run: Run) -> list[Problem]:
    """Text output shows control characters escaped (no ESC, CR, C1 reaching the terminal)."""
    found = []
    for stream in (run.stdout, run.stderr):
        match = CONTROL.search(stream)
        if match:
            start = max(0, match.start() - 40)
            found.append(Problem("terminal-control-characters", run.command,
                                 f"raw {match.group()!r} in: {stream[start:match.end() + 40]!r}"))
    return found


def write_problems(command: str, before: dict[str, str], after: dict[str, str]) -> list[Problem]:
    """Nothing outside the workspace and the ``-o`` folder changed."""
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if not changed:
        return []
    return [Problem("no-write-outside", command,
                    "changed outside the workspace: " + ", ".join(changed[:10]))]



def signature(problem: Problem) -> str:
    """What tells one root cause from another: the invariant, the exception and the innermost
    frame of cfo_tools that raised it."""
    if problem.invariant == "no-traceback":
        frames = re.findall(r'File ".*?(cfo_tools/[^"]+)", line \d+, in (\w+)', problem.detail)
        last = problem.detail.strip().splitlines()[-1] if problem.detail.strip() else ""
        kind = last.split(":")[0]
        where = f"{frames[-1][0]}:{frames[-1][1]}" if frames else "?"
        return f"no-traceback {kind} at {where}"
    words = problem.command.split()
    command = next((w for w in words[1:] if not w.startswith("-") and w[0].isalpha()
                    and not w[0].isdigit()), "?")
    return f"{problem.invariant} in {command}"


#: Line breaks a Markdown renderer or a calendar reader may honour besides LF.
STRAY_BREAKS = re.compile("[\r\x0b\x0c\x85\u2028\u2029]")


def line_break_problems(run: Run, kind: str) -> list[Problem]:
    """Data stays on its line: a Markdown summary holds no stray line break (a forged heading or
    table row), an .ics file holds only CRLF-ended content lines."""
    if kind == "ics":
        lines = run.stdout.split("\r\n")
        bad = [line for line in lines if "\n" in line or STRAY_BREAKS.search(line)]
    else:
        bad = [line for line in run.stdout.split("\n") if STRAY_BREAKS.search(line)]
    return [Problem(f"{kind}-line-breaks", run.command, f"line broken in {bad[0]!r}")] \
        if bad else []


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def json_problems(run: Run) -> list[Problem]:
    """``--format json`` output is strict JSON (RFC 8259: no NaN, no Infinity)."""
    if run.failure or not run.stdout.strip():
        return []
    try:
        json.loads(run.stdout, parse_constant=_refuse_constant)
    except ValueError as exc:
        return [Problem("strict-json", run.command, f"{exc}: {run.stdout[:300]!r}")]
    return []
