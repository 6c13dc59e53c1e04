"""Look for distinct failures without shrinking: ``cd tests && python -m hostile.explore 200``.

Prints one smallest example per root-cause signature (see running.signature)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import test_hostile_property as t
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from hostile.running import (
    Problem,
    crash_problems,
    github_problems,
    run_cfo,
    signature,
    terminal_problems,
    write_problems,
)
from hostile.workspace import Workspace, snapshot

SEEN: dict[str, tuple[int, Problem, str]] = {}


def record(problems: list[Problem], ws: Workspace) -> None:
    for problem in problems:
        key = signature(problem)
        size = len(repr(ws.__dict__))
        if key not in SEEN or size < SEEN[key][0]:
            SEEN[key] = (size, problem, describe(ws))


def describe(ws: Workspace) -> str:
    spoiled = {k: v for k, v in ws.texts().items() if k not in t.DOCUMENT_NAMES
               or v != Workspace().texts().get(k)}
    return repr({"files": spoiled, "kinds": ws.file_kinds, "renames": ws.renames})[:1500]


def explore(strategy: st.SearchStrategy[Any], check: Callable[..., list[Problem]],
            examples: int) -> None:
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def prop(case: Any) -> None:
        record(check(*case), case[0])

    prop()


def crash_run(ws: Workspace, names: list[str]) -> list[Problem]:
    with t.scene(ws) as (root, out, _):
        return t.run_all(t.chosen(names, root, out), crash_problems)


def github_run(ws: Workspace) -> list[Problem]:
    with t.scene(ws) as (root, _, _):
        return t.run_all(list(t.github_commands(root).values()), github_problems)


def terminal_run(ws: Workspace) -> list[Problem]:
    with t.scene(ws) as (root, _, _):
        c = ["-C", str(root), "--today", t.TODAY]
        return t.run_all([[*c, "check"], [*c, "validate"], [*c, "conflicts"], [*c, "status"],
                          [*c, "talent"]], terminal_problems)


def write_run(ws: Workspace, text: str, names: list[str]) -> list[Problem]:
    with t.scene(ws) as (root, out, outside):
        problems = []
        for args in t.chosen(names, root, out, text):
            before = snapshot(outside)
            run = run_cfo(args)
            problems += write_problems(run.command, before, snapshot(outside))
            problems += crash_problems(run)
        return problems


def main() -> None:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    groups = sys.argv[2:] or ["strings", "numbers", "json", "kinds", "writes", "github",
                              "terminal"]
    every = st.lists(st.sampled_from(t.READING + t.WRITING), min_size=3, max_size=8,
                     unique=True)
    strings = t.spoiled_workspaces(st.one_of(t.string_spoils, t.byte_spoils))
    plans: dict[str, tuple[st.SearchStrategy[Any], Callable[..., list[Problem]]]] = {
        "strings": (st.tuples(strings, every), crash_run),
        "numbers": (st.tuples(t.spoiled_workspaces(t.number_spoils), every), crash_run),
        "json": (st.tuples(t.json_documents(), every), crash_run),
        "kinds": (st.tuples(t.file_kind_workspaces(), every), crash_run),
        "writes": (st.tuples(t.file_kind_workspaces(), t.hostile_text,
                             st.lists(st.sampled_from(t.WRITING), min_size=3, max_size=8,
                                      unique=True)), write_run),
        "github": (st.tuples(strings), github_run),
        "terminal": (st.tuples(t.spoiled_workspaces(t.string_spoils)), terminal_run),
    }
    for group in groups:
        strategy, check = plans[group]
        print(f"== {group}", file=sys.stderr, flush=True)
        explore(strategy, check, examples)
        for key in sorted(SEEN):
            print(f"   {key}", file=sys.stderr, flush=True)
    for key, (_, problem, case) in sorted(SEEN.items()):
        print(f"### {key}\n{problem}\n--- example: {case}\n")
    Path("/tmp/cfo-explore.done").write_text(str(len(SEEN)))


if __name__ == "__main__":
    main()
