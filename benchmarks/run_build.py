"""Measure `cfo build` (first run, nothing changed, one mission edited) and `cfo calendar`
(whole-calendar serialisation before, chunks on every core after) on the synthetic workspace.

    python benchmarks/run_build.py [--workspace DIR]
    python benchmarks/run_build.py --workspace DIR --valid-copy COPY   # only the copy

`cfo build` refuses a workspace with errors, so the script works on a copy of the synthetic
workspace without its deliberate mistakes (the missions with one are left out, the misspelt
roster lines removed). Every figure is wall time and CPU time (the process and its workers):
on a machine shared with other work, the CPU time says what the wall time would be on an idle
one. The builds use a fresh document cache (the first one fills it); `validate` and `calendar`
are measured cold (--no-cache), the issue's target being calendar <= 1.2x validate. Nothing
here is asserted by the test suite; the figures go in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_workspace import generate  # noqa: E402

TODAY = "2026-11-27"
CFO = Path(sys.executable).with_name("cfo")
# Wall time on a shared machine: the largest documents must not hit the default 10 s.
ENV = {**os.environ, "CFO_RENDER_TIMEOUT": "120"}


#: GNU time, when there is one, says the peak resident size of each run (the largest process).
GNU_TIME = Path("/usr/bin/time")
PEAK = re.compile(r"^cfo-peak-kib (\d+)$", re.MULTILINE)


def cfo(workspace: Path, *args: str, cold: bool = False) -> tuple[float, float, str]:
    """Wall time, CPU time (with workers) and standard error of one `cfo` run (``cold``:
    with --no-cache, every file read and checked again); the standard error ends with the
    run's peak resident size when GNU time is there (see :func:`peak`)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    flags = ["--no-cache"] if cold else []
    timed = [str(GNU_TIME), "-f", "cfo-peak-kib %M"] if GNU_TIME.is_file() else []
    result = subprocess.run([*timed, str(CFO), "-C", str(workspace), "--today", TODAY, *flags,
                             *args], capture_output=True, env=ENV, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    stderr = result.stderr.decode("utf-8", "replace")
    if result.returncode not in (0, 1) or (result.returncode == 1 and "validate" not in args):
        sys.exit(f"cfo {' '.join(args)} failed ({result.returncode}):\n{stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, stderr


def valid_copy(source: Path, target: Path) -> None:
    """``source`` copied to ``target`` without the files that carry a deliberate mistake
    (records left out whole; the roster's misspelt lines removed)."""
    shutil.copytree(source, target)
    # A mission left out makes errors in the reports and invoices naming it: a few rounds.
    for _ in range(6):
        result = subprocess.run([str(CFO), "-C", str(target), "validate", "--format", "json"],
                                capture_output=True, check=False)
        errors = json.loads(result.stdout)["errors"]
        if not errors:
            return
        lines: dict[str, set[int]] = {}
        for error in errors:
            lines.setdefault(error["file"], set()).add(error["line"])
        for file, numbers in lines.items():
            path = target / file
            if file.startswith(("missions/", "activity/", "invoices/", "candidates/")):
                path.unlink()
            else:
                kept = [line for index, line in
                        enumerate(path.read_text().splitlines(keepends=True), start=1)
                        if index not in numbers]
                path.write_text("".join(kept))
    sys.exit("could not make a valid copy of the workspace")


def edit_one_mission(workspace: Path, out: Path) -> str:
    """Give a new title to the first mission the build wrote."""
    mission_id = sorted(p.name for p in (out / "missions").iterdir())[0]
    path = workspace / "missions" / f"{mission_id}.yaml"
    text = path.read_text()
    path.write_text(re.sub(r"^title: .*$", "title: Edited for the benchmark", text, count=1,
                           flags=re.MULTILINE))
    return mission_id


def calendar_stages(workspace: Path) -> list[tuple[str, float, float]]:
    """The whole calendar serialised by icalendar in one process (before) and in chunks on
    every core (after), on a workspace loaded once."""
    from cfo_tools.checks.validation import validate_workspace
    from cfo_tools.planning import calendar_export

    loaded = validate_workspace(workspace).workspace
    today = date.fromisoformat(TODAY)
    rows = []
    results = []
    for label, make in (
        ("icalendar, whole calendar, one process (before)",
         lambda: calendar_export._calendar(loaded, today=today).to_ical()),
        ("icalendar, chunks joined, every core (after)",
         lambda: calendar_export.build_calendar(loaded, today=today)),
    ):
        own, workers = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        results.append(make())
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (time.process_time() - own + after.ru_utime - workers.ru_utime
               + after.ru_stime - workers.ru_stime)
        rows.append((label, wall, cpu))
    assert results[0] == results[1], "the chunks do not give the whole calendar's bytes"
    events = results[0].count(b"BEGIN:VEVENT")
    rows.append((f"({events:,} events, {len(results[0]) / 2**20:.1f} MiB, same bytes)", 0, 0))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workspace", type=Path, default=HERE / "workspace")
    parser.add_argument("--valid-copy", type=Path, metavar="DIR",
                        help="only make DIR, a copy of the workspace without its mistakes "
                             "(for run_growth.py --commands build), and stop")
    args = parser.parse_args()
    if not (args.workspace / "company.yaml").is_file():
        print(f"generating {args.workspace} ...", flush=True)
        generate(args.workspace)
    if args.valid_copy is not None:
        valid_copy(args.workspace, args.valid_copy)
        return
    with tempfile.TemporaryDirectory() as tmp:
        # The builds use the document cache as a user's would: a fresh one, not the user's.
        ENV["CFO_CACHE_DIR"] = str(Path(tmp) / "cache")
        workspace = Path(tmp) / "workspace"
        valid_copy(args.workspace, workspace)
        out = Path(tmp) / "build"
        print(f"{'measure':<48} {'wall':>8} {'CPU':>8}  note", flush=True)

        def row(label: str, wall: float, cpu: float, note: str = "") -> None:
            print(f"{label:<48} {wall:7.2f}s {cpu:7.2f}s  {note}", flush=True)

        validate_wall, validate_cpu, _ = cfo(workspace, "validate", cold=True)
        row("cfo validate --no-cache (cold)", validate_wall, validate_cpu)
        # The first run fills the document cache with the keys of every document; the next
        # ones render only the documents whose key changed.
        for label in ("cfo build, first run", "cfo build, nothing changed"):
            wall, cpu, err = cfo(workspace, "build", "-o", str(out))
            row(label, wall, cpu, _summary(err))
        edited = edit_one_mission(workspace, out)
        wall, cpu, err = cfo(workspace, "build", "-o", str(out))
        row(f"cfo build, {edited} edited", wall, cpu, _summary(err))
        wall, cpu, _ = cfo(workspace, "calendar", "-o", str(Path(tmp) / "team.ics"), cold=True)
        row("cfo calendar --no-cache (cold)", wall, cpu,
            f"{wall / validate_wall:.2f}x validate wall, {cpu / validate_cpu:.2f}x its CPU")
        print("\ncalendar serialisation, in this process (workspace loaded once):")
        for label, wall, cpu in calendar_stages(workspace):
            figures = f"{wall:7.2f}s {cpu:7.2f}s" if wall else ""
            print(f"  {label:<58} {figures}", flush=True)


def peak(stderr: str) -> str:
    """The run's peak resident size, as GNU time gave it."""
    found = PEAK.search(stderr)
    return f"peak {int(found[1]) / 1024:,.0f} MiB" if found else ""


def _summary(stderr: str) -> str:
    found = re.search(r"wrote \d[\d,]* files, \d[\d,]* unchanged, \d[\d,]* removed"
                      r"( \(\d+ not rendered again\))?", stderr)
    said = found.group(0) if found else stderr.strip().splitlines()[-1][:80]
    return f"{said}; {peak(stderr)}"


if __name__ == "__main__":
    main()
