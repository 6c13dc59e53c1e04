"""`cfo site` as CI runs it: into a folder that does not exist yet, with the cache of an
earlier run restored, against another checkout: whole processes, in pairs (this checkout, then
the baseline, each on its own copy of the workspace with its own cache), ratios taken pair by
pair.

    python benchmarks/run_site_fresh.py WORKSPACE --baseline OTHER/.venv/bin/python
        [--pairs 3] [--cases cold,fresh,edited,again]

``cold``: an empty cache, a new folder. ``fresh``: a new folder, the cache of a build of the
same workspace (nothing changed). ``edited``: a new folder, a comment appended to a mission
since the last build (new in every pair). ``again``: over its own folder, nothing changed.
Prints the medians of wall and CPU seconds (the process and its workers) per side and of the
ratios, then the size of each side's cache folder. Nothing here is asserted by the test suite;
the figures go in benchmarks/README.md.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run_commands import TODAY  # noqa: E402
from run_site_edits import _medians, arguments, edit, run  # noqa: E402

CASES = ("cold", "fresh", "edited", "again")


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main() -> None:
    args, cases = arguments(__doc__, "cases", CASES, 3)
    sides = {"this": sys.executable, "baseline": args.baseline}
    with tempfile.TemporaryDirectory() as scratch:
        copies = {}
        for side in sides:
            copies[side] = Path(scratch) / side / "workspace"
            shutil.copytree(args.workspace, copies[side])
        print(f"{args.workspace}: {args.pairs} pairs per case; load average "
              f"{os.getloadavg()[0]:.1f} at the start")
        for round_, case in enumerate(cases):
            times: dict[str, list[tuple[float, float]]] = {side: [] for side in sides}
            for pair in range(args.pairs):
                for side, python in sides.items():
                    workspace = copies[side]
                    fresh = workspace.with_name("fresh-site")
                    shutil.rmtree(fresh, ignore_errors=True)
                    if case == "cold":
                        shutil.rmtree(workspace.with_name("cache"), ignore_errors=True)
                    elif case == "edited":
                        edit(workspace, "comment", 100 * round_ + pair + 1)
                    if case != "cold" and not workspace.with_name("site").exists():
                        # The earlier build, whose cache CI restores (not timed); after an
                        # edit, the cache is the one of the build before it, as in CI.
                        run(python, workspace, TODAY)
                    times[side].append(run(python, workspace, TODAY,
                                           None if case == "again" else fresh))
            this, base = times["this"], times["baseline"]
            print(f"{case:8} wall {_medians(this, base, 0)}; CPU {_medians(this, base, 1)}")
        for side in sides:
            cache = copies[side].with_name("cache")
            print(f"{side}: cache {_size(cache) / 2 ** 20:.1f} MiB")


if __name__ == "__main__":
    main()
