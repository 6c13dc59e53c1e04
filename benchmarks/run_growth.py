"""How `cfo validate --no-cache` grows with the workspace: small, medium and large in one run.

    python benchmarks/run_growth.py SMALL MEDIUM LARGE [--repeat N]

Each WORKSPACE is a synthetic workspace (generate_workspace.py, e.g. 200/2,000, 2,000/20,000
and 10,000/100,000 freelancers/missions). For each, in one run: every file is read once first,
so that the figures measure parsing rather than the disk (a 110,000-file workspace does not
stay in the page cache of a shared machine between runs: reading it cold took 18 s of wall
time, warm 5 s); then the parse floor (libyaml alone, one core, CPU time in this process) and
`cfo --no-cache validate --format json` as a new process, best of N: wall time, CPU (the
command and its workers) and peak memory (the resident size of the largest process). The
table gives each figure per 1,000 files and as a ratio to the floor: growth is linear when
those columns stay flat from one size to the next. Nothing is asserted; the figures go in
benchmarks/README.md with the load average printed here.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run_validation import parse_with_libyaml, yaml_files  # noqa: E402


def warm_page_cache(files: list[Path]) -> None:
    for path in files:
        path.read_bytes()


def run_validate(workspace: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MiB of one uncached ``cfo validate``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "cfo_tools", "--no-cache", "-C",
                             str(workspace), "validate", "--format", "json"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                            env={**os.environ, "CFO_TODAY": "2026-11-27"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"cfo validate failed on {workspace} (exit code {result.returncode})")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of the children is the largest any of them reached, in KiB on Linux.
    return wall, cpu, after.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workspaces", type=Path, nargs="+")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC\n")
    print("| workspace | files | floor CPU | validate wall | validate CPU | peak | "
          "floor / 1,000 files | wall / 1,000 files | CPU / 1,000 files | wall / floor | "
          "CPU / floor | load |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for workspace in args.workspaces:
        files = yaml_files(workspace)
        warm_page_cache(files)
        start = time.process_time()
        parse_with_libyaml(files)
        floor = time.process_time() - start
        runs = [run_validate(workspace) for _ in range(args.repeat)]
        wall, cpu, _ = min(runs)
        peak = max(run[2] for run in runs)
        per = len(files) / 1000
        print(f"| {workspace.name} | {len(files):,} | {floor:.2f} s | {wall:.2f} s | "
              f"{cpu:.2f} s | {peak:,.0f} MiB | {floor / per:.3f} s | {wall / per:.3f} s | "
              f"{cpu / per:.3f} s | {wall / floor:.2f}x | {cpu / floor:.2f}x | "
              f"{os.getloadavg()[0]:.1f} |", flush=True)


if __name__ == "__main__":
    main()
