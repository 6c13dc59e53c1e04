"""`cfo check` as CI runs it: a fresh Git checkout, the cache of an earlier run restored, one
file edited by the pull request.

    python benchmarks/run_ci_checkout.py WORKSPACE [--rounds N] [--baseline CHECKOUT]
        [--scratch DIR [--keep-saved]] [--stages]

WORKSPACE (e.g. the large one) is copied into a Git repository (``git init``, one commit; not
timed). For each side (this checkout's ``cfo_tools``, and with ``--baseline`` another
checkout's, by ``PYTHONPATH``), in its own folder and cache: a clone is checked cold, then a
new clone at the same path with one mission edited is checked (CI's second run: the cache it
keeps is what the next runs restore), and that cache is saved. Each round then, side by side
in turn: the clone is made again at the same path (a fresh checkout: no file has the stat the
cache's index remembers), one mission gets a comment appended (the pull request), the saved
cache is restored, and ``cfo check --format json`` is timed (wall, and CPU of the process and
its workers); then another mission is edited in place and ``check`` is timed again (the case
of an edit on a working copy, for comparison). With ``--stages``, each run prints the wall and
CPU seconds of the main process in each stage (the scan, the stat index, the
reads, the report's state...). Prints the medians per side, and of the ratios per round.
The load average is printed with every run: the machine is shared. Nothing here is asserted
by the test suite; the figures go in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import STAGE_TIMER

TODAY = "2026-11-27"

#: Run as ``python -c``: the command with the wall and CPU seconds of each stage of its main
#: process written to stderr as JSON at its end (a stage missing from a checkout is skipped).
_STAGES = STAGE_TIMER + r"""
from cfo_tools.cli import main as command_line
from cfo_tools.checks import report_by_file, runner, validation, after_edit
from cfo_tools.loading import document_keys, stat_index
figures["imports"] = (time.perf_counter() - started[0], time.process_time() - started[1])
timed(validation, "scan_workspace", "scan")
timed(stat_index.StatIndex, "__init__", "stat index read")
timed(stat_index.StatIndex, "document_keys", "keys (stats, reads)")
timed(stat_index, "_stamps", "  stats")
timed(stat_index, "_contents", "  reads and hashes")
timed(stat_index, "_read_stamped", "  reads afresh (stamp on the open file)")
timed(document_keys.DocumentKeys, "save_index", "stat index written")
timed(report_by_file.ReportState, "open", "report state opened")
timed(after_edit, "inputs_after_edit", "inputs after the edit")
timed(report_by_file.ReportState, "update", "state updated (render, write)")
def show():
    figures["total"] = (time.perf_counter() - started[0], time.process_time() - started[1])
    print("STAGES " + json.dumps(figures), file=sys.stderr)
atexit.register(show)
sys.argv = ["cfo", *sys.argv[1:]]
command_line.main()
"""


def _git(where: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(where), "-c", "user.name=bench",
                    "-c", "user.email=bench@example.org", *args],
                   check=True, stdout=subprocess.DEVNULL)


def _repository(workspace: Path, origin: Path) -> None:
    """``workspace`` copied into a new Git repository at ``origin``, one commit."""
    shutil.copytree(workspace, origin, symlinks=True)
    _git(origin, "init", "-q")
    _git(origin, "add", "-A")
    _git(origin, "commit", "-q", "-m", "workspace")


def _fresh_clone(origin: Path, clone: Path) -> None:
    """A new checkout of ``origin`` at ``clone`` (the same path every time, as in CI)."""
    if clone.exists():
        shutil.rmtree(clone)
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)


def _append(clone: Path, number: int, note: str) -> None:
    missions = sorted((clone / "missions").glob("*.yaml"))
    mission = missions[number % len(missions)]  # a small workspace has fewer than 1,000
    with mission.open("a", encoding="utf-8") as handle:
        handle.write(f"# {note} {number}\n")


def _restore(saved: Path, cache: Path) -> None:
    if cache.exists():
        shutil.rmtree(cache)
    shutil.copytree(saved, cache)


def _check(code: Path | None, clone: Path, cache: Path, stages: bool
           ) -> tuple[float, float, dict[str, list[float]]]:
    """Wall and CPU seconds of one ``cfo check --format json`` (workers included), and the
    stages of its main process when asked."""
    environment = {**os.environ, "CFO_CACHE_DIR": str(cache), "CFO_TODAY": TODAY}
    environment.pop("CFO_NO_CACHE", None)
    if code is not None:
        environment["PYTHONPATH"] = str(code)
    command = ([sys.executable, "-c", _STAGES] if stages
               else [sys.executable, "-m", "cfo_tools"])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # Not from a checkout: `python -m` would import the cfo_tools of the current folder.
    done = subprocess.run([*command, "-C", str(clone), "check", "--format", "json"],
                          env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, cwd=tempfile.gettempdir(), check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"cfo check failed ({done.returncode}):\n{done.stderr[-2000:]}")
    found: dict[str, list[float]] = {}
    for line in done.stderr.splitlines():
        if line.startswith("STAGES "):
            found = json.loads(line[len("STAGES "):])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", type=Path, metavar="CHECKOUT",
                        help="another checkout whose cfo_tools is measured in turn")
    parser.add_argument("--scratch", type=Path, help="where to work (default: a new "
                        "temporary folder, removed at the end)")
    parser.add_argument("--stages", action="store_true")
    parser.add_argument("--keep-saved", action="store_true",
                        help="a side whose cache was saved in SCRATCH by an earlier run of "
                             "the same code is not filled again")
    args = parser.parse_args()
    sides: dict[str, Path | None] = {"this": Path(__file__).resolve().parent.parent}
    if args.baseline is not None:
        sides = {"baseline": args.baseline.resolve(), **sides}
    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="cfo-ci-checkout-"))
    try:
        origin = scratch / "origin"
        if not origin.exists():
            _repository(args.workspace, origin)
        for name, code in sides.items():
            clone, cache = scratch / name / "workspace", scratch / name / "cache"
            if args.keep_saved and (scratch / name / "saved").exists():
                continue
            _fresh_clone(origin, clone)
            if cache.exists():
                shutil.rmtree(cache)
            cold = _check(code, clone, cache, False)
            # CI's next run: a pull request's, with an edit (its report keeps the subjects
            # it listed, as every later run's does).
            _fresh_clone(origin, clone)
            _append(clone, 0, "pull request")
            second = _check(code, clone, cache, False)
            shutil.rmtree(scratch / name / "saved", ignore_errors=True)
            shutil.copytree(cache, scratch / name / "saved")
            print(f"{name}: cold {cold[0]:.2f} s, first fresh checkout {second[0]:.2f} s "
                  "(cache saved)", flush=True)
        rows: dict[str, dict[str, list[tuple[float, float]]]] = {}
        for number in range(1, args.rounds + 1):
            for name, code in sides.items():
                clone, cache = scratch / name / "workspace", scratch / name / "cache"
                _fresh_clone(origin, clone)
                _append(clone, number, "pull request")
                _restore(scratch / name / "saved", cache)
                for case in ("fresh checkout", "edit in place"):
                    if case == "edit in place":
                        _append(clone, number + 1000, "in place")
                    load = os.getloadavg()[0]
                    wall, cpu, stages = _check(code, clone, cache, args.stages)
                    rows.setdefault(case, {}).setdefault(name, []).append((wall, cpu))
                    print(f"round {number}, {name}, {case}: {wall:.2f} s wall, {cpu:.2f} s "
                          f"CPU (load {load:.1f})", flush=True)
                    for stage, (stage_wall, stage_cpu) in stages.items():
                        print(f"    {stage:32} {stage_wall:6.3f} s wall {stage_cpu:6.3f} s CPU")
        for case, by_side in rows.items():
            print(f"\n{case}: medians of {args.rounds} rounds")
            for name, runs in by_side.items():
                print(f"  {name:9} wall {statistics.median(w for w, _ in runs):6.2f} s, "
                      f"CPU {statistics.median(c for _, c in runs):6.2f} s")
            if len(by_side) == 2:
                this, base = by_side["this"], by_side["baseline"]
                for at, what in ((0, "wall"), (1, "CPU")):
                    ratio = statistics.median(a[at] / b[at] for a, b in zip(this, base,
                                                                            strict=True))
                    print(f"  this / baseline, {what}: {ratio:.3f}")
    finally:
        if args.scratch is None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
