"""Time the commands that matter on the unusual shapes of ``generate_shapes.py``, at N and 4N.

    python benchmarks/run_shapes.py --shape NAME --size N [--shape ...] [--commands a,b]
                                    [--code CHECKOUT]

For each shape and each size (N and 4N), a new workspace and an empty cache: `check` cold,
warm, after appending a comment to the shape's odd file and to another one (a freelancer),
then `validate`, `find --days 5`, `status`, `conflicts`, `planning` and `calendar`, each a new
process (`CFO_TODAY=2026-11-27`). Printed: each command's wall and CPU time at N and 4N, and
the ratio of the CPU (linear: about 4; quadratic: about 16); with ``--one-core``, each
command on one core, so that its CPU counts the work its workers would do. With ``--code``,
that checkout's cfo_tools is run instead of this one (the figures before a fix).
With ``--edited``, each of the read-only commands (``EDITED``) is measured instead on a warm
cache (every command run once first), then right after the comment appended to the shape's
odd file, each from a copy of that warm cache (what a user asking after an edit waits for,
without a `check` in between); ``site`` writes to a new folder each time.
Nothing here is asserted by the test suite; the figures go in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_shapes import SHAPES, generate  # noqa: E402

#: The file of each shape that holds what is unusual (appended a comment to, for "after
#: edit"), as a pattern.
ODD_FILE = {"team": "missions/grande-mission.yaml", "booked": "missions/m000000.yaml",
            "findings": "missions/erreurs.yaml", "closures": "company.yaml",
            "long": "missions/longue.yaml", "invoices": "invoices/*/*-00000.yaml"}
COMMANDS = {
    "check cold": ["check", "--format", "json"],
    "check warm": ["check", "--format", "json"],
    "check odd edit": ["check", "--format", "json"],
    "check other edit": ["check", "--format", "json"],
    "check text": ["check"],
    "validate": ["validate", "--format", "json"],
    "find": ["find", "--days", "5", "--start", "2026-12-07"],
    "status": ["status"],
    "conflicts": ["conflicts"],
    "planning": ["planning"],
    "calendar": ["calendar"],
}

#: The commands measured warm and after one edit (``--edited``).
EDITED = {
    "find": ["find", "--days", "5", "--start", "2026-12-07"],
    "status": ["status"],
    "conflicts": ["conflicts"],
    "planning": ["planning"],
    "calendar": ["calendar"],
    # Limits raised: at 4N the one large mission's page passes the default 10 MiB, and a
    # build that fails renders every page again on each run.
    "site": ["site", "-o", "{out}/site", "--force", "--max-output-size", "200MiB",
             "--render-timeout", "600"],
}


def timed(workspace: Path, cache: Path, args: list[str], code: Path, one_core: bool
          ) -> tuple[float, float]:
    """The wall time and the CPU time (user + system) of one command. On several cores the
    CPU misses the command's workers: they are not waited for by it (``loading/process_end``
    ends it at once), so it is never their parent of record; with ``one_core``, the command
    runs on one core and does all its work itself (no pool), and its CPU is all of it."""
    env = dict(os.environ, CFO_TODAY="2026-11-27", CFO_CACHE_DIR=str(cache),
               PYTHONPATH=str(code))
    first = min(os.sched_getaffinity(0))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "cfo_tools", "-C", str(workspace), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            cwd=tempfile.gettempdir(), check=False,
                            preexec_fn=(lambda: os.sched_setaffinity(0, {first}))
                            if one_core else None)
    wall = time.perf_counter() - begin
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"cfo {' '.join(args)}: exit {result.returncode}\n"
                         f"{result.stderr.decode()[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(shape: str, size: int, names: list[str], code: Path, one_core: bool
            ) -> dict[str, tuple[float, float]]:
    with tempfile.TemporaryDirectory() as scratch:
        workspace, cache = Path(scratch) / "ws", Path(scratch) / "cache"
        generate(workspace, shape, size, 16)
        figures = {}
        for name in names:
            if name == "check odd edit":
                odd = min(workspace.glob(ODD_FILE[shape]))
                with odd.open("a", encoding="utf-8") as file:
                    file.write("# edited\n")
            elif name == "check other edit":
                with (workspace / "roster" / "f00003.yaml").open("a", encoding="utf-8") as f:
                    f.write("# edited\n")
            figures[name] = timed(workspace, cache, COMMANDS[name], code, one_core)
        return figures


def measure_edited(shape: str, size: int, names: list[str], code: Path, one_core: bool
                   ) -> dict[str, tuple[float, float]]:
    """Each of ``names`` (``EDITED``) on a warm cache (``NAME warm``), then after the odd
    file's edit from a copy of that cache (``NAME edit``)."""
    with tempfile.TemporaryDirectory() as scratch:
        workspace, warm = Path(scratch) / "ws", Path(scratch) / "warm"
        generate(workspace, shape, size, 16)

        def run(name: str, cache: Path) -> tuple[float, float]:
            args = [arg.replace("{out}", scratch) for arg in EDITED[name]]
            return timed(workspace, cache, args, code, one_core)

        timed(workspace, warm, COMMANDS["check cold"], code, one_core)
        for name in names:
            run(name, warm)
        figures = {f"{name} warm": run(name, warm) for name in names}
        odd = min(workspace.glob(ODD_FILE[shape]))
        with odd.open("a", encoding="utf-8") as file:
            file.write("# edited\n")
        for name in names:
            cache = Path(scratch) / "edited"
            shutil.rmtree(cache, ignore_errors=True)
            shutil.copytree(warm, cache, symlinks=True)
            figures[f"{name} edit"] = run(name, cache)
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", action="append", choices=SHAPES, required=True)
    parser.add_argument("--size", action="append", type=int, required=True,
                        help="N for each --shape, in the same order")
    parser.add_argument("--commands", help="those to run, by name, separated by commas "
                        "(default: all of COMMANDS, or of EDITED with --edited)")
    parser.add_argument("--edited", action="store_true",
                        help="the read-only commands warm and right after one edit")
    parser.add_argument("--code", type=Path, default=HERE.parent)
    parser.add_argument("--one-core", action="store_true",
                        help="each command on one core: its CPU is all its work")
    args = parser.parse_args()
    names = (args.commands or ",".join(EDITED if args.edited else COMMANDS)).split(",")
    run = measure_edited if args.edited else measure
    print(f"load {os.getloadavg()[0]:.1f}; code {args.code}")
    for shape, size in zip(args.shape, args.size, strict=True):
        small = run(shape, size, names, args.code, args.one_core)
        large = run(shape, 4 * size, names, args.code, args.one_core)
        for name in small:
            (wall, cpu), (wall4, cpu4) = small[name], large[name]
            print(f"{shape:9} {name:17} N={size:<6} wall {wall:6.2f} s cpu {cpu:6.2f} s   "
                  f"4N wall {wall4:6.2f} s cpu {cpu4:6.2f} s   cpu x{cpu4 / cpu:5.1f}",
                  flush=True)
    print(f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
