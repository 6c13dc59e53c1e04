"""Measure every command cold, warm and after one edit, against `validate` and the parse floor.

    python benchmarks/run_commands.py WORKSPACE [WORKSPACE...] [--commands check,find,...]
                                      [--repeat N]

Each WORKSPACE is a synthetic workspace (generate_workspace.py; e.g. the small and the medium
one); it is copied, so that one mission can be edited. For each command, in one run, each
measure a new process:

- ``no cache``: ``cfo --no-cache COMMAND``;
- ``cold``: with an empty cache folder (what a first run costs: it also writes the cache);
- ``warm``: the same cache again, nothing changed (``validate`` and ``check`` answer from the
  run memo, the other commands load the workspace's snapshot);
- ``after one edit``: after appending a comment line to one mission file, which that file's
  stat shows and only it is parsed again.

Each figure is the median of N runs, wall and CPU (user + system of the command and its worker
processes), with its ratios to ``validate`` cold and to the parse floor (libyaml alone on one
core, CPU time in this process): on a shared machine only ratios from one run compare, so the
load average is printed too. Nothing here is asserted by the test suite; the figures go in
benchmarks/README.md.

    python benchmarks/run_commands.py WORKSPACE --after-edit [--commands find,status,...]
                                      [--repeat N]

measures only what issue 16 targets for the commands that read (``find`` and ``status``
<= 0.7 s after one edit on the medium workspace): each command once cold and once warm to
fill its cache, then N times after appending a line to one mission, each run with the load
average when it started, then the median and the best (wall, CPU).

The package is compiled to bytecode first (``compileall``): an installed cfo-tools has its
``.pyc`` files, and a shell with ``PYTHONDONTWRITEBYTECODE=1`` would otherwise make every
measured process compile its 250 modules again (about 0.2 s of CPU each).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run_validation import parse_with_libyaml, yaml_files  # noqa: E402

TODAY = "2026-11-27"
COMMANDS: dict[str, list[str]] = {
    "validate": ["validate", "--format", "json"],
    "check": ["check", "--format", "json"],
    "find": ["find", "--role", "web-developer", "--start", "2026-12-07", "--days", "5"],
    "status": ["status"],
    "talent": ["talent"],
    "planning": ["planning"],
    "conflicts": ["conflicts"],
    "calendar": ["calendar"],
    # Into a folder of the run (OUTPUT): new when cold, the same one again when warm and
    # after one edit (a re-run over its own build). `build` needs a workspace without
    # errors: `run_build.py --valid-copy DIR` makes one from a synthetic workspace.
    "site": ["site", "-o", "{output}"],
    "build": ["build", "-o", "{output}"],
}
#: The commands reading the paperwork (activity reports, invoices, candidates: a workspace
#: made with ``generate_workspace.py --paperwork``), measured when named in ``--commands``.
PAPERWORK_COMMANDS: dict[str, list[str]] = {
    "agenda": ["agenda"],
    "budget": ["budget"],
    "spend": ["spend"],
    "invoices": ["invoices"],
    "activity": ["activity", "status"],
    "requests": ["requests"],
    "pipeline": ["pipeline"],
}
#: Every command a run may name.
KNOWN_COMMANDS = {**COMMANDS, **PAPERWORK_COMMANDS}
#: What every run gets: the large workspace's lists (compliance.html 36 MB, the missions'
#: list 28 MB) pass the default 10 MiB a page, and a loaded machine the 10 s a page.
RENDER_LIMITS = {"CFO_MAX_OUTPUT_SIZE": "256MiB", "CFO_RENDER_TIMEOUT": "600"}


def command_line(command: list[str], output: Path) -> list[str]:
    """``command`` writing into ``output`` (for `site` and `build`)."""
    return [str(output) if part == "{output}" else part for part in command]


def must_succeed(command: list[str]) -> bool:
    """Whether exit code 1 is a failure (`build` refuses a workspace with errors, `site`
    fails on a template) rather than findings."""
    return "{output}" in command


def run(workspace: Path, cache: Path, command: list[str], *options: str) -> tuple[float, float]:
    """Wall and CPU seconds of one ``cfo`` process (its workers included); `site` and `build`
    write into a folder beside ``cache``."""
    env = {**os.environ, **RENDER_LIMITS, "CFO_CACHE_DIR": str(cache), "CFO_TODAY": TODAY}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "cfo_tools", *options, "-C", str(workspace),
                             *command_line(command, cache.with_name(cache.name + "-output"))],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in ((0,) if must_succeed(command) else (0, 1)):
        raise SystemExit(f"cfo {' '.join(command)} failed with exit code {result.returncode}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def edit_one_mission(workspace: Path, round_: int) -> None:
    mission = sorted((workspace / "missions").glob("*.yaml"))[0]
    with mission.open("a", encoding="utf-8") as handle:
        handle.write(f"# edit {round_}\n")


MEASURES = {"none": "no cache", "cold": "cold", "warm": "warm", "edited": "after one edit"}


def measure(source: Path, names: list[str], repeat: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        workspace = Path(scratch) / "workspace"
        shutil.copytree(source, workspace)
        files = yaml_files(workspace)
        start = time.process_time()
        parse_with_libyaml(files)
        floor = time.process_time() - start
        print(f"\n{source}: {len(files)} files; parse floor (libyaml, one core, CPU): "
              f"{floor:.2f} s; load average {os.getloadavg()[0]:.1f}\n")
        print("| command | run | wall | CPU | wall / validate cold | CPU / validate cold |"
              " wall / floor | CPU / floor |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        reference: tuple[float, float] | None = None
        for name in names:
            command = KNOWN_COMMANDS[name]
            figures: dict[str, list[tuple[float, float]]] = {key: [] for key in MEASURES}
            for round_ in range(repeat):
                cache = Path(scratch) / f"cache-{name}-{round_}"
                figures["none"].append(run(workspace, cache, command, "--no-cache"))
                figures["cold"].append(run(workspace, cache, command))
                figures["warm"].append(run(workspace, cache, command))
                edit_one_mission(workspace, round_)
                figures["edited"].append(run(workspace, cache, command))
                shutil.rmtree(cache, ignore_errors=True)
            medians = {key: median(value) for key, value in figures.items()}
            if reference is None:
                reference = medians["cold"]
            for key, (wall, cpu) in medians.items():
                print(f"| `{name}` | {MEASURES[key]} | {wall:.2f} s | {cpu:.2f} s | "
                      f"{wall / reference[0]:.2f}x | {cpu / reference[1]:.2f}x | "
                      f"{wall / floor:.2f}x | {cpu / floor:.2f}x |", flush=True)


#: The commands ``--after-edit`` measures by default: those that read and plan.
READERS = ("find", "status", "planning", "talent")


def compile_package() -> None:
    """Bytecode for every module, as an installed package has (see the module's doc)."""
    import cfo_tools

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(cfo_tools.__file__).parent)],
                   stdout=subprocess.DEVNULL, check=False)


def measure_after_edit(source: Path, names: list[str], repeat: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        workspace = Path(scratch) / "workspace"
        shutil.copytree(source, workspace)
        print(f"\n{source}: after one edit, {repeat} run(s) per command\n")
        print("| command | runs (wall / CPU, load average) | median wall | median CPU |"
              " best wall | best CPU |")
        print("| --- | --- | --- | --- | --- | --- |")
        for name in names:
            command = KNOWN_COMMANDS[name]
            cache = Path(scratch) / f"cache-{name}"
            run(workspace, cache, command)  # cold: fills the cache
            run(workspace, cache, command)  # warm: the stat index trusts what it saw
            figures = []
            for round_ in range(repeat):
                edit_one_mission(workspace, round_)
                load = os.getloadavg()[0]
                wall, cpu = run(workspace, cache, command)
                figures.append((wall, cpu, load))
            runs = ", ".join(f"{w:.2f} / {c:.2f} s ({load:.1f})" for w, c, load in figures)
            wall, cpu = median([(w, c) for w, c, _ in figures])
            print(f"| `{name}` | {runs} | {wall:.2f} s | {cpu:.2f} s | "
                  f"{min(f[0] for f in figures):.2f} s | {min(f[1] for f in figures):.2f} s |",
                  flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workspaces", type=Path, nargs="+")
    parser.add_argument("--commands", default=None)
    parser.add_argument("--repeat", type=int, default=None)
    parser.add_argument("--after-edit", action="store_true",
                        help="only the runs after one edit (find, status, planning, talent)")
    args = parser.parse_args()
    compile_package()
    if args.after_edit:
        print(f"{platform.machine()}, {os.cpu_count()} cores, Python "
              f"{platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC")
        readers = (args.commands or ",".join(READERS)).split(",")
        for workspace in args.workspaces:
            measure_after_edit(workspace, readers, args.repeat or 5)
        return
    names = (args.commands or ",".join(COMMANDS)).split(",")
    if unknown := [name for name in names if name not in KNOWN_COMMANDS]:
        parser.error(f"unknown command(s) {', '.join(unknown)}; "
                     f"known: {', '.join(KNOWN_COMMANDS)}")
    args.repeat = args.repeat or 1
    if "validate" not in names:
        names.insert(0, "validate")  # the reference of the ratios
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC")
    for workspace in args.workspaces:
        measure(workspace, names, args.repeat)


if __name__ == "__main__":
    main()
