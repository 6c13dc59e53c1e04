"""Measure the conflict search and `cfo find` on the synthetic workspace.

    python benchmarks/run_planning.py [--workspace DIR] [--repeat N]

Also shows that cost follows the number of assignments, not the days they span: the same
assignments stretched from a week to six years are searched in about the same time.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_workspace import generate  # noqa: E402

from cfo_tools.checks.runner import calendar_of  # noqa: E402
from cfo_tools.checks.validation import validate_workspace  # noqa: E402
from cfo_tools.planning.availability import Request, find_candidates  # noqa: E402
from cfo_tools.planning.conflicts import find_conflicts  # noqa: E402


def best_of(repeat: int, action: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workspace", type=Path, default=HERE / "workspace")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not (args.workspace / "company.yaml").exists():
        print(f"generating {args.workspace} …", flush=True)
        generate(args.workspace, 2000, 20000, 2026)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}")

    load_time, report = best_of(1, lambda: validate_workspace(args.workspace))
    workspace = report.workspace
    calendar = calendar_of(report)
    assignments = sum(len(m.assignments) for m in workspace.missions.values())
    print(f"workspace: {len(workspace.freelancers):,} freelancers, {len(workspace.missions):,} "
          f"missions, {assignments:,} assignments (loaded and validated in {load_time:.2f} s)\n")

    elapsed, conflicts = best_of(args.repeat, lambda: find_conflicts(workspace, calendar))
    print(f"conflicts, all dates          {elapsed:7.3f} s   {len(conflicts):,} conflicts")

    request = Request(date(2026, 12, 7), date(2026, 12, 18), 100, "web-developer",
                      ("react", "typescript"))
    elapsed, result = best_of(args.repeat, lambda: find_candidates(
        workspace, calendar, request, today=date(2026, 11, 26), limit=10))
    print(f"find, web-developer, 2 weeks  {elapsed:7.3f} s   "
          f"{len(result.candidates)} shown")

    # The same assignments, first squeezed into one week, then stretched over six years.
    # Absences are left out, so both cases find the same overbookings and differ only by the
    # number of days spanned.
    def stretched(days: int) -> object:
        copy = dataclasses.replace(workspace, missions={}, freelancers={
            k: dataclasses.replace(f, unavailable=[]) for k, f in workspace.freelancers.items()})
        for mission_id, mission in workspace.missions.items():
            start = date(2024, 1, 1)
            end = start + timedelta(days=days)
            moved = [dataclasses.replace(a, start=start, end=end) for a in mission.assignments]
            copy.missions[mission_id] = dataclasses.replace(mission, start=start, end=end,
                                                            assignments=moved)
        return copy

    week, years = stretched(6), stretched(6 * 365)
    t_week, in_week = best_of(args.repeat, lambda: find_conflicts(week, calendar))
    t_years, in_years = best_of(args.repeat, lambda: find_conflicts(years, calendar))
    print(f"conflicts, all in one week    {t_week:7.3f} s   {len(in_week):,} conflicts")  # type: ignore[arg-type]
    print(f"conflicts, all over six years {t_years:7.3f} s   {len(in_years):,} conflicts, "  # type: ignore[arg-type]
          f"{t_years / t_week:.2f}x the week")



if __name__ == "__main__":
    main()
