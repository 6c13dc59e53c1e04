"""`cfo site` over its own build after one edit of each kind, against another checkout: whole
processes, in pairs (this checkout, then the baseline, each on its own copy of the workspace
with its own cache and output folder), ratios taken pair by pair.

    python benchmarks/run_site_edits.py WORKSPACE --baseline OTHER/.venv/bin/python
        [--pairs 5] [--kinds comment,dates,skills,company,today]

The kinds of edit, each one new in every pair (nothing the cache has seen before):
``comment`` a comment appended to a mission; ``dates`` that mission's end moved;
``skills`` a skill added to a freelancer; ``company`` a comment appended to company.yaml;
``today`` another day (``CFO_TODAY``). Both copies are built once first (not timed). Prints
the medians of wall and CPU seconds (the process and its workers) per side and of the ratios.
With ``--compare``, each side's folder, built over its own builds after every edit, is then
compared file by file with a build from scratch (``--no-cache``, into an empty folder) of the
same workspace by the same side: a difference is printed and fails the script. Nothing here
is asserted by the test suite; the figures go in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
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

from run_commands import RENDER_LIMITS, TODAY  # noqa: E402

KINDS = ("comment", "dates", "skills", "company", "today")


def _first(workspace: Path, folder: str, status: str | None = None) -> Path:
    for path in sorted((workspace / folder).glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if status is None or (f"\nstatus: {status}\n" in text and "assignments:" in text):
            return path
    raise SystemExit(f"no file in {workspace / folder} to edit")


def _replace(path: Path, pattern: str, new: str) -> None:
    text, count = re.subn(pattern, new, path.read_text(encoding="utf-8"), count=1, flags=re.M)
    if count != 1:
        raise SystemExit(f"{path}: nothing matches {pattern}")
    path.write_text(text, encoding="utf-8")


def edit(workspace: Path, kind: str, round_: int) -> str:
    """Make the edit ``kind`` (new for ``round_``); the day to build as of."""
    mission = _first(workspace, "missions", "in-progress")
    if kind == "comment":
        with mission.open("a", encoding="utf-8") as handle:
            handle.write(f"# edit {round_}\n")
    elif kind == "dates":
        end = datetime.date(2027, 1, 1) + datetime.timedelta(days=round_)
        _replace(mission, r"^end: .*$", f"end: {end}")
    elif kind == "skills":
        _replace(_first(workspace, "roster"), r"^skills: \[", f"skills: [skill-{round_}, ")
    elif kind == "company":
        with (workspace / "company.yaml").open("a", encoding="utf-8") as handle:
            handle.write(f"# edit {round_}\n")
    elif kind == "today":
        return str(datetime.date.fromisoformat(TODAY) + datetime.timedelta(days=round_))
    return TODAY


def run(python: str, workspace: Path, today: str, output: Path | None = None,
        cache: bool = True) -> tuple[float, float]:
    """Wall and CPU seconds of one `cfo site` (its workers included) into ``output`` (by
    default the folder beside ``workspace``) and with the cache beside ``workspace`` (none
    without ``cache``)."""
    env = {**os.environ, **RENDER_LIMITS, "CFO_CACHE_DIR": str(workspace.with_name("cache")),
           "CFO_TODAY": today}
    if not cache:
        env["CFO_NO_CACHE"] = "1"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # Not from a checkout: `python -m` would import the cfo_tools of the current folder.
    result = subprocess.run([python, "-m", "cfo_tools", "-C", str(workspace), "site", "-o",
                             str(output or workspace.with_name("site"))],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            check=False, cwd=tempfile.gettempdir())
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"cfo site failed ({result.returncode}):\n"
                         + result.stderr.decode("utf-8", "replace")[-2000:])
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def arguments(description: str, option: str, choices: tuple[str, ...], pairs: int,
              compare: bool = False) -> tuple[argparse.Namespace, list[str]]:
    """The command line of a script comparing pairs of `cfo site` runs: the workspace, the
    baseline's python, how many pairs, and which of ``choices`` (``--option``); with
    ``compare``, ``--compare``."""
    parser = argparse.ArgumentParser(description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--baseline", required=True, help="the other checkout's python")
    parser.add_argument("--pairs", type=int, default=pairs)
    parser.add_argument(f"--{option}", default=",".join(choices))
    if compare:
        parser.add_argument("--compare", action="store_true",
                            help="compare each side's folder with a build from scratch at the end")
    args = parser.parse_args()
    chosen = getattr(args, option).split(",")
    if set(chosen) - set(choices):
        parser.error(f"--{option}: one of {', '.join(choices)}")
    return args, chosen


def main() -> None:
    args, kinds = arguments(__doc__, "kinds", KINDS, 5, compare=True)
    sides = {"this": sys.executable, "baseline": args.baseline}
    with tempfile.TemporaryDirectory() as scratch:
        copies = {}
        for side, python in sides.items():
            copies[side] = Path(scratch) / side / "workspace"
            shutil.copytree(args.workspace, copies[side])
            run(python, copies[side], TODAY)  # the build to run over (not timed)
        print(f"{args.workspace}: {args.pairs} pairs per kind; load average "
              f"{os.getloadavg()[0]:.1f} at the start")
        for round_, kind in enumerate(kinds):
            times: dict[str, list[tuple[float, float]]] = {side: [] for side in sides}
            for pair in range(args.pairs):
                for side, python in sides.items():
                    today = edit(copies[side], kind, 100 * round_ + pair + 1)
                    times[side].append(run(python, copies[side], today))
            if kind == "today":  # back to the day of the others (not timed)
                for side, python in sides.items():
                    run(python, copies[side], TODAY)
            this, base = times["this"], times["baseline"]
            print(f"{kind:8} wall {_medians(this, base, 0)}; CPU {_medians(this, base, 1)}")
        if args.compare:
            for side, python in sides.items():
                fresh = copies[side].with_name("fresh")
                run(python, copies[side], TODAY, fresh, cache=False)
                differ = _differences(copies[side].with_name("site"), fresh)
                print(f"{side}: the folder built over its builds and a build from scratch: "
                      + ("identical" if not differ else f"{len(differ)} files differ: "
                         + ", ".join(differ[:10])))
                if differ:
                    raise SystemExit(1)


def _differences(folder: Path, other: Path) -> list[str]:
    """The files that are not the same, byte for byte, in both folders (or not in both)."""
    def files(root: Path) -> dict[str, Path]:
        return {path.relative_to(root).as_posix(): path for path in root.rglob("*")
                if path.is_file()}

    mine, theirs = files(folder), files(other)
    return sorted(name for name in mine.keys() | theirs.keys()
                  if name not in mine or name not in theirs
                  or mine[name].read_bytes() != theirs[name].read_bytes())


def _medians(this: list[tuple[float, float]], base: list[tuple[float, float]], at: int) -> str:
    ratio = statistics.median(a[at] / b[at] for a, b in zip(this, base, strict=True))
    return (f"{statistics.median(t[at] for t in this):6.2f} s vs "
            f"{statistics.median(t[at] for t in base):6.2f} s (ratio {ratio:.2f})")

if __name__ == "__main__":
    main()
