"""How cfo grows with the workspace: small, medium and large in one run.

    python benchmarks/run_growth.py SMALL MEDIUM LARGE [--repeat N]
                                    [--commands validate,check,find,status,conflicts,calendar]
                                    [--runs no-cache,cold]

Each WORKSPACE is a synthetic workspace (generate_workspace.py, e.g. 200/2,000, 2,000/20,000
and 10,000/100,000 freelancers/missions). For each, in one run: every file is read once first,
so that the figures measure parsing rather than the disk (a 110,000-file workspace does not
stay in the page cache of a shared machine between runs: reading it cold took 18 s of wall
time, warm 5 s); then the parse floor (libyaml alone, one core, CPU time in this process) and
each command as a new process, best of N: wall time, CPU (the command and its workers) and
peak memory (the resident size of the largest process), with ``--no-cache`` and cold (an empty
cache folder, which the run fills; ``--runs`` chooses). Without ``--commands``,
`validate --no-cache` only. The table gives each figure per 1,000 files and as a ratio to
the floor (the commands reading the paperwork — `agenda`, `budget`, `spend`, `invoices`,
`activity` (status), `requests`, `pipeline` — want workspaces made with `--paperwork`;
`site` and `build` write into a new folder each run, with the page size and time limits
raised, see run_commands.RENDER_LIMITS; `build` refuses a workspace with errors: give it a
copy without them, `python benchmarks/run_build.py --workspace W --valid-copy DIR`): growth
is linear when those columns stay flat from one size to the next (issue 16:
every command cold <= 1.3x the floor on the large workspace, under 3 GB), and, when
``validate`` is among the commands (put it first), as a ratio to its figure in the same mode
and workspace: what each command adds to the load. Nothing is asserted; the figures go in
benchmarks/README.md with the load average printed here.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run_commands import (  # noqa: E402
    KNOWN_COMMANDS,
    RENDER_LIMITS,
    command_line,
    compile_package,
    must_succeed,
)
from run_validation import parse_with_libyaml, yaml_files  # noqa: E402

TODAY = "2026-11-27"

#: Runs one command and prints its wall time, CPU time (it and its descendants) and the peak
#: resident size of the largest of them: measured by a process of its own, so that the peak
#: of one run is not that of an earlier one (``ru_maxrss`` of the children only grows).
_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([code, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024]))
"""


def warm_page_cache(files: list[Path]) -> None:
    for path in files:
        path.read_bytes()


def run_command(workspace: Path, command: list[str], cache: Path | None, output: Path
                ) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MiB of one ``cfo`` run, without the cache
    when ``cache`` is None, else with that (empty) cache folder; `site` and `build` write
    into the new folder ``output``."""
    options = ["--no-cache"] if cache is None else []
    env = {**os.environ, **RENDER_LIMITS, "CFO_TODAY": TODAY}
    if cache is not None:
        env["CFO_CACHE_DIR"] = str(cache)
    result = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "cfo_tools",
                             *options, "-C", str(workspace), *command_line(command, output)],
                            capture_output=True, text=True, check=False, env=env)
    code, wall, cpu, peak = json.loads(result.stdout)
    if code not in ((0,) if must_succeed(command) else (0, 1)):
        raise SystemExit(f"cfo {' '.join(command)} failed on {workspace} (exit code {code})")
    return wall, cpu, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workspaces", type=Path, nargs="+")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--commands", default=None,
                        help="commands to run with --no-cache and cold (default: validate "
                             "--no-cache only)")
    parser.add_argument("--runs", default=None,
                        help="no-cache, cold or both (default: both with --commands)")
    args = parser.parse_args()
    names = args.commands.split(",") if args.commands else ["validate"]
    if unknown := [name for name in names if name not in KNOWN_COMMANDS]:
        parser.error(f"unknown command(s) {', '.join(unknown)}; "
                     f"known: {', '.join(KNOWN_COMMANDS)}")
    runs = args.runs or ("no-cache,cold" if args.commands else "no-cache")
    modes = [{"no-cache": "no cache", "cold": "cold"}[run] for run in runs.split(",")]
    compile_package()
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC\n")
    print("| workspace | files | floor CPU | command | run | wall | CPU | peak | "
          "floor / 1,000 files | wall / 1,000 files | CPU / 1,000 files | wall / floor | "
          "CPU / floor | wall / `validate`'s | CPU / `validate`'s | load |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | "
          "--- | --- |")
    for workspace in args.workspaces:
        files = yaml_files(workspace)
        warm_page_cache(files)
        start = time.process_time()
        parse_with_libyaml(files)
        floor = time.process_time() - start
        per = len(files) / 1000
        #: ``validate``'s wall and CPU in each mode, once measured: what the others add to it.
        reference: dict[str, tuple[float, float]] = {}
        for name in names:
            for mode in modes:
                runs = []
                for _ in range(args.repeat):
                    with tempfile.TemporaryDirectory() as scratch:
                        cache = None if mode == "no cache" else Path(scratch) / "cache"
                        load = os.getloadavg()[0]
                        runs.append((*run_command(workspace, KNOWN_COMMANDS[name], cache,
                                                  Path(scratch) / "output"), load))
                        if cache is not None:
                            shutil.rmtree(cache, ignore_errors=True)
                wall, cpu, _, load = min(runs)
                peak = max(run[2] for run in runs)
                if name == "validate":
                    reference[mode] = (wall, cpu)
                base = reference.get(mode)
                against = ("- | - " if base is None
                           else f"{wall / base[0]:.2f}x | {cpu / base[1]:.2f}x ")
                print(f"| {workspace.name} | {len(files):,} | {floor:.2f} s | `{name}` | {mode} | "
                      f"{wall:.2f} s | {cpu:.2f} s | {peak:,.0f} MiB | {floor / per:.3f} s | "
                      f"{wall / per:.3f} s | {cpu / per:.3f} s | {wall / floor:.2f}x | "
                      f"{cpu / floor:.2f}x | {against}| {load:.1f} |", flush=True)


if __name__ == "__main__":
    main()
