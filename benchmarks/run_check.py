"""Measure `cfo check` against `cfo validate` on one huge mission, and what `cfo build` writes.

    python benchmarks/run_check.py [--workspace DIR] [--freelancers N] [--assignments N]
                                   [--repeat N] [--no-build]
    python benchmarks/run_check.py --edits benchmarks/workspace   # medium: check after edits

The workspace: N freelancers (5,000 by default) and a single in-progress mission with M
assignments (50,000), each freelancer assigned M/N times at a small allocation. Every check
that pairs freelancers with their assignments is quadratic on it if it rescans the mission for
each freelancer. Measured, each a new process on a copy (wall and CPU, workers included):
`validate` and `check` cold (target: check <= 1.5x validate), `check` warm, and after editing
one freelancer (only their subjects are checked again, see checks/subjects.py) and the one
mission (every freelancer's). `cfo build` writes one brief per freelancer, each listing the
team: it is measured by its output size.
With ``--edits WORKSPACE`` (the medium synthetic workspace, issue 16: check after one edit
<= 1.0 s), the same runs on a copy of that workspace, after appending a comment to one
mission, one freelancer, one invoice, one activity report and one candidate (when it has
paperwork: ``generate_workspace.py --paperwork``) and company.yaml in turn (a comment: its
key for the subjects is what the checks read of it, so no subject is checked again).
With ``--edits WORKSPACE --cold``, only `validate` and `check` cold and `check --no-cache`
(issue 16: check cold <= 1.5x validate cold, whatever the number of findings); with
``--edits WORKSPACE --timeline``, where the wall time of `check --no-cache` and `check` cold
goes, process by process (``check_timeline.py``).
With ``--baseline CHECKOUT`` (e.g. ``git worktree add /tmp/main main``), each round runs that
checkout's cfo_tools first, then this one's, each on its own copy and cache: A/B figures on
a machine others share, where only CPU compares (the load average is printed per run).
Nothing here is asserted by the test suite; the figures go in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_workspace import ROLES, freelancer, start_workspace  # noqa: E402
from run_commands import compile_package, run  # noqa: E402
from timing import best_of  # noqa: E402

TODAY = "2026-12-01"
MISSION_START = date(2026, 11, 2)
MISSION_END = date(2027, 6, 25)


def generate_team_workspace(out: Path, freelancers: int, assignments: int, seed: int) -> None:
    """A roster of ``freelancers`` and one mission holding ``assignments`` assignments."""
    rng = random.Random(seed)
    start_workspace(out)
    active = []
    for i in range(freelancers):
        ident, text = freelancer(rng, i)
        text = text.replace("daly_rate: 500\n", "")  # this workspace measures a valid roster
        if "status: active" in text:
            active.append(ident)
        (out / "roster" / f"{ident}.yaml").write_text(text, encoding="utf-8")
    lines = [
        "title: Une très grande mission",
        "client: Client unique",
        "owner: camille-roux",
        "status: in-progress",
        f"start: {MISSION_START}",
        f"end: {MISSION_END}",
        "budget: 100000000",
        "brief:",
        "  summary: Tout le monde sur le même projet.",
        "assignments:",
    ]
    span = (MISSION_END - MISSION_START).days
    for i in range(assignments):
        start = MISSION_START + timedelta(days=rng.randint(0, span - 30))
        end = start + timedelta(days=rng.randint(5, 30))
        lines += [
            f"  - freelancer: {active[i % len(active)]}",
            f"    role: {rng.choice(ROLES)}",
            "    allocation: 5",
            f"    start: {start}",
            f"    end: {end}",
        ]
        if i % 7 == 0:
            lines.append(f"    daily_rate: {rng.randrange(350, 900, 10)}.5")
    lines += ["deliverables:", "  - id: livrable-1", "    title: Tout",
              f"    due: {MISSION_END}", "    status: pending"]
    (out / "missions" / "grande-mission.yaml").write_text("\n".join(lines) + "\n",
                                                           encoding="utf-8")


def cfo(workspace: Path, *args: str) -> Callable[[], None]:
    def run() -> None:
        result = subprocess.run(
            [sys.executable, "-m", "cfo_tools", "-C", str(workspace), "--today", TODAY, *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
        )
        if result.returncode not in (0, 1):
            raise SystemExit(f"cfo {' '.join(args)} failed with exit code {result.returncode}")
    return run


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _check_runs(workspace: Path, repeat: int, edits: list[tuple[str, str]],
                code: Path | None = None, cold: bool = False
                ) -> list[tuple[str, tuple[float, float], str, float]]:
    """validate and check cold (an empty cache), check warm, and check after each edit of
    ``edits`` (what is edited, its path in the workspace), in turn; with ``code``, the
    cfo_tools of that checkout (a baseline) instead of this one; with ``cold``, validate and
    check cold and check without a cache only. Each row: the best wall and CPU, the target,
    the load average (1 minute) before the row's last run."""
    validate, check = ["validate", "--format", "json"], ["check", "--format", "json"]
    saved = os.environ.get("PYTHONPATH")
    if code is not None:
        os.environ["PYTHONPATH"] = str(code)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "workspace"
            shutil.copytree(workspace, copy)
            figures: dict[str, list[tuple[float, float]]] = {}
            loads: dict[str, float] = {}

            def measure(name: str, cache: Path, command: list[str]) -> None:
                loads[name] = os.getloadavg()[0]
                figures.setdefault(name, []).append(run(copy, cache, command))

            for round_ in range(repeat):
                cache = Path(scratch) / f"cache-{round_}"
                measure("validate cold", cache, validate)
                shutil.rmtree(cache)
                measure("check cold", cache, check)
                if cold:
                    measure("check --no-cache", cache, ["--no-cache", *check])
                    shutil.rmtree(cache)
                    continue
                measure("check warm", cache, check)
                for what, file in edits:
                    path = copy / file
                    with path.open("a", encoding="utf-8") as handle:
                        handle.write(f"# edit {round_}\n")
                    measure(f"check after editing {what}", cache, check)
                shutil.rmtree(cache)
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved
    targets = {"check cold": "<= 1.5x validate cold"}
    targets.update({f"check after editing {what}": "<= 1.0 s (issue 16)"
                    for what, _ in edits})
    return [(name, (min(w for w, _ in pairs), min(c for _, c in pairs)), targets.get(name, ""),
             loads[name]) for name, pairs in figures.items()]


def _edits_of(workspace: Path) -> list[tuple[str, str]]:
    """One mission, one freelancer, one invoice, one activity report and one candidate (of
    those the workspace has: ``generate_workspace.py --paperwork``) and company.yaml of a
    workspace, as ``_check_runs`` takes them."""
    edits = []
    for what, pattern in (("one mission", "missions/*.yaml"), ("one freelancer", "roster/*.yaml"),
                          ("one invoice", "invoices/*/*.yaml"),
                          ("one activity report", "activity/*/*.yaml"),
                          ("one candidate", "candidates/*.yaml")):
        found = sorted(workspace.glob(pattern))
        if found:
            middle = found[len(found) // 2] if what != "one freelancer" else found[0]
            edits.append((what, middle.relative_to(workspace).as_posix()))
    return [*edits, ("company.yaml", "company.yaml")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workspace", type=Path, default=HERE / "workspace-team")
    parser.add_argument("--freelancers", type=int, default=5000)
    parser.add_argument("--assignments", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--edits", type=Path, metavar="WORKSPACE",
                        help="measure check after edits on a copy of WORKSPACE instead")
    parser.add_argument("--cold", action="store_true",
                        help="with --edits: validate and check cold and check --no-cache only "
                        "(issue 16: check cold <= 1.5x validate cold)")
    parser.add_argument("--timeline", action="store_true",
                        help="with --edits: where the wall time of check --no-cache and check "
                        "cold goes, process by process (check_timeline.py)")
    parser.add_argument("--baseline", type=Path, metavar="CHECKOUT",
                        help="also run the cfo_tools of another checkout (e.g. a worktree of "
                        "main), round by round before this one, on its own copy and cache")
    args = parser.parse_args()

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores ({cpu_model()}), Python "
          f"{platform.python_version()}, {platform.platform()}")
    compile_package()
    if args.timeline and args.edits is not None:
        from check_timeline import print_timelines

        print_timelines(args.edits, os.cpu_count() or 1)
        return
    if args.edits is not None:
        workspace, edits = args.edits, _edits_of(args.edits)
        print(f"workspace: {workspace}; edits: {', '.join(file for _, file in edits)}\n")
    else:
        marker = args.workspace / f".generated-{args.freelancers}-{args.assignments}"
        if not marker.exists():
            if args.workspace.exists() and any(args.workspace.iterdir()):
                # Never over another workspace (the medium one given here by mistake, with
                # --timeline but without --edits, was wiped once).
                parser.error(f"{args.workspace} holds files this script did not generate; "
                             "give an empty or new folder, or --edits WORKSPACE")
            print(f"generating {args.workspace} …", flush=True)
            generate_team_workspace(args.workspace, args.freelancers, args.assignments, 2026)
            marker.touch()
        person = sorted((args.workspace / "roster").glob("*.yaml"))[0]
        workspace = args.workspace
        edits = [("one freelancer", f"roster/{person.name}"),
                 ("the mission", "missions/grande-mission.yaml")]
        print(f"workspace: {args.freelancers:,} freelancers, one mission with "
              f"{args.assignments:,} assignments\n")

    print(f"load average {os.getloadavg()[0]:.1f}; wall and CPU (the command and its workers),"
          f" best of {args.repeat}\n")
    if args.baseline is not None:
        # Python puts the current folder first on the path: away from both checkouts, the
        # baseline's runs import its cfo_tools (PYTHONPATH), this one's the installed one.
        workspace, baseline = workspace.resolve(), args.baseline.resolve()
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(baseline / "cfo_tools")],
                       stdout=subprocess.DEVNULL, check=False)
        os.chdir(tempfile.gettempdir())
        # Alternating, each round: the baseline's runs, then this checkout's.
        pairs = [(_check_runs(workspace, 1, edits, baseline, args.cold),
                  _check_runs(workspace, 1, edits, cold=args.cold)) for _ in range(args.repeat)]
        print("| run | baseline: wall, CPU | this: wall, CPU | this / baseline (CPU) | "
              "this: wall / validate cold | load average | target |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for round_, (before, after) in enumerate(pairs, 1):
            wall0 = after[0][1][0]
            for (name, (wall_b, cpu_b), _, load_b), (_, (wall, cpu), target, load) in zip(
                    before, after, strict=True):
                print(f"| {name} (round {round_}) | {wall_b:.2f} s, {cpu_b:.2f} s | "
                      f"{wall:.2f} s, {cpu:.2f} s | {cpu / cpu_b:.2f}x | {wall / wall0:.2f}x | "
                      f"{load_b:.1f}, {load:.1f} | {target} |", flush=True)
    else:
        print("| run | wall | CPU | wall / validate cold | CPU / validate cold | load average "
              "| target |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        rows = _check_runs(workspace, args.repeat, edits, cold=args.cold)
        wall0, cpu0 = rows[0][1]
        for name, (wall, cpu), target, load in rows:
            print(f"| {name} | {wall:.2f} s | {cpu:.2f} s | {wall / wall0:.2f}x | "
                  f"{cpu / cpu0:.2f}x | {load:.1f} | {target} |", flush=True)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
    if args.edits is not None:
        return
    if not args.no_build:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "build"
            build = best_of(1, cfo(args.workspace, "build", "-o", str(out)))
            files, size = folder_size(out)
            print(f"cfo build                    {build:7.2f} s   {files:,} files, "
                  f"{size / 1e6:,.1f} MB")


if __name__ == "__main__":
    main()
