"""CPU of what ``cfo check`` does after loading (issue 16): the rules that span files, the
conflict search, the follow-up rules one by one, and the reporters; in one process, with
``time.process_time()`` (steadier than wall time on a shared machine).

    python benchmarks/run_rules.py [WORKSPACE] [--today 2026-11-27] [--repeat 3]
    python benchmarks/run_rules.py /tmp/broken --hint   # the "did you mean" hint alone

The workspace is loaded once (with the document cache of $CFO_CACHE_DIR when set); each stage
is then run ``--repeat`` times on the same model and its best time printed.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from cfo_tools.checks.follow_up import FOLLOW_UP_RULES, FollowUpContext  # noqa: E402
from cfo_tools.checks.rules import RULES  # noqa: E402
from cfo_tools.checks.rules.problem import run_registry  # noqa: E402
from cfo_tools.checks.runner import calendar_of, run_checks  # noqa: E402
from cfo_tools.checks.validation import validate_workspace  # noqa: E402
from cfo_tools.planning.conflicts import find_conflicts  # noqa: E402
from cfo_tools.reporters import REPORTERS, Outcome  # noqa: E402


def cpu(repeat: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("workspace", nargs="?", type=Path, default=HERE / "workspace")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 27))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--hint", action="store_true",
                        help="time the unknown-freelancer hint against plain difflib")
    args = parser.parse_args()
    cache = os.environ.get("CFO_CACHE_DIR")
    cache_folder = Path(cache) if cache else None
    report = validate_workspace(args.workspace, cache_folder=cache_folder)
    workspace = report.workspace
    print(f"{len(workspace.freelancers):,} freelancers, {len(workspace.missions):,} missions; "
          f"CPU seconds, best of {args.repeat}")
    if args.hint:
        _hint(workspace, args.repeat)
        return
    calendar = calendar_of(report)
    assert calendar is not None, "the workspace has no company.yaml or an unknown region"

    def fresh_calendar() -> object:
        return calendar_of(report)

    rows: list[tuple[str, float]] = []
    rows.append(("cross-file rules (all)",
                 cpu(args.repeat, lambda: list(run_registry(RULES, workspace)))))
    rows.append(("find_conflicts", cpu(args.repeat, lambda: find_conflicts(
        workspace, fresh_calendar()))))  # type: ignore[arg-type]

    def follow_up() -> None:
        context = FollowUpContext(workspace, fresh_calendar(), args.today)  # type: ignore[arg-type]
        list(run_registry(FOLLOW_UP_RULES, context))

    rows.append(("follow-up rules (all, one context)", cpu(args.repeat, follow_up)))
    # Rule by rule in one shared context, in the registry's order (what a run pays for each:
    # a rule after another one reuses what the context already computed).
    spent = {rule.NAME: float("inf") for rule in FOLLOW_UP_RULES}
    for _ in range(args.repeat):
        context = FollowUpContext(workspace, fresh_calendar(), args.today)  # type: ignore[arg-type]
        for rule in FOLLOW_UP_RULES:
            start = time.process_time()
            list(run_registry([rule], context))
            spent[rule.NAME] = min(spent[rule.NAME], time.process_time() - start)
    rows += [(f"  {name}", seconds) for name, seconds in spent.items() if seconds >= 0.03]
    spent = {rule.NAME: float("inf") for rule in RULES}
    for _ in range(args.repeat):
        for rule in RULES:
            start = time.process_time()
            list(run_registry([rule], workspace))
            spent[rule.NAME] = min(spent[rule.NAME], time.process_time() - start)
    rows += [(f"  cross-file {name}", seconds) for name, seconds in spent.items()
             if seconds >= 0.03]
    checked = run_checks(args.workspace, today=args.today, cache_folder=cache_folder)
    outcome = Outcome(checked.findings, checked.stats)
    for name, render in REPORTERS.items():
        rows.append((f"reporter {name} ({len(checked.findings):,} findings)",
                     cpu(args.repeat, lambda render=render: render(outcome))))
    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:7.3f} s")


def _hint(workspace: object, repeat: int) -> None:
    from cfo_tools.checks.rules import unknown_freelancer

    known = list(workspace.freelancer_files)  # type: ignore[attr-defined]
    unknown = sorted({a.freelancer for m in workspace.missions.values()  # type: ignore[attr-defined]
                      for a in m.assignments if a.freelancer not in set(known)})
    print(f"{len(unknown):,} unknown freelancer ids against {len(known):,} known")
    plain = cpu(1, lambda: [difflib.get_close_matches(u, known, n=1, cutoff=0.6)
                            for u in unknown])
    print(f"plain difflib.get_close_matches, each id once   {plain:7.3f} s")
    try:
        from cfo_tools.model.close_names import CloseNames
    except ImportError:  # a version from before it
        pass
    else:
        def indexed_hints() -> list[str | None]:
            close = CloseNames(known)
            return [close.closest(u) for u in unknown]

        indexed = cpu(repeat, indexed_hints)
        print(f"CloseNames (index built once), each id once     {indexed:7.3f} s")
    rule = cpu(repeat, lambda: list(unknown_freelancer.check(workspace)))  # type: ignore[arg-type]
    print(f"the unknown-freelancer rule                     {rule:7.3f} s")


if __name__ == "__main__":
    main()
