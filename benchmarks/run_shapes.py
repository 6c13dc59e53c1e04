"""Time the commands that matter on the unusual shapes of ``generate_shapes.py``, at N and 4N.

    python benchmarks/run_shapes.py --shape NAME --size N [--shape ...] [--commands a,b]
                                    [--code CHECKOUT]

For each shape and each size (N and 4N), a new workspace and an empty cache: `check` cold,
warm, after appending a comment to the shape's odd file and to another one (a freelancer),
then `validate`, `find --days 5`, `status`, `conflicts`, `planning` and `calendar`, each a new
process (`CFO_TODAY=2026-11-27`). Printed: each command's wall time at N and 4N, and their
ratio (linear: about 4; quadratic: about 16). With ``--code``, that checkout's cfo_tools is
run instead of this one (the figures before a fix).
Nothing here is asserted by the test suite; the figures go in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_shapes import SHAPES, generate  # noqa: E402

#: The file of each shape that holds what is unusual (appended a comment to, for "after edit").
ODD_FILE = {"team": "missions/grande-mission.yaml", "booked": "missions/m000000.yaml",
            "findings": "missions/erreurs.yaml", "closures": "company.yaml",
            "long": "missions/longue.yaml"}
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


# Wall time, not CPU: the command's workers are not waited for by it (``loading/process_end``
# ends it at once), so their CPU is never counted as its children's.
def wall_time(workspace: Path, cache: Path, args: list[str], code: Path) -> float:
    env = dict(os.environ, CFO_TODAY="2026-11-27", CFO_CACHE_DIR=str(cache),
               PYTHONPATH=str(code))
    begin = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "cfo_tools", "-C", str(workspace), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            cwd=tempfile.gettempdir(), check=False)
    if result.returncode not in (0, 1):
        raise SystemExit(f"cfo {' '.join(args)}: exit {result.returncode}\n"
                         f"{result.stderr.decode()[-2000:]}")
    return time.perf_counter() - begin


def measure(shape: str, size: int, names: list[str], code: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch:
        workspace, cache = Path(scratch) / "ws", Path(scratch) / "cache"
        generate(workspace, shape, size, 16)
        figures = {}
        for name in names:
            if name == "check odd edit":
                with (workspace / ODD_FILE[shape]).open("a", encoding="utf-8") as file:
                    file.write("# edited\n")
            elif name == "check other edit":
                with (workspace / "roster" / "f00003.yaml").open("a", encoding="utf-8") as f:
                    f.write("# edited\n")
            figures[name] = wall_time(workspace, cache, COMMANDS[name], code)
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", action="append", choices=SHAPES, required=True)
    parser.add_argument("--size", action="append", type=int, required=True,
                        help="N for each --shape, in the same order")
    parser.add_argument("--commands", default=",".join(COMMANDS))
    parser.add_argument("--code", type=Path, default=HERE.parent)
    args = parser.parse_args()
    names = args.commands.split(",")
    print(f"load {os.getloadavg()[0]:.1f}; code {args.code}")
    for shape, size in zip(args.shape, args.size, strict=True):
        small = measure(shape, size, names, args.code)
        large = measure(shape, 4 * size, names, args.code)
        for name in names:
            print(f"{shape:9} {name:17} N={size:<6} {small[name]:7.2f} s   "
                  f"4N {large[name]:7.2f} s   x{large[name] / small[name]:5.1f}", flush=True)
    print(f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
