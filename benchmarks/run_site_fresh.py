"""`cfo site` as CI runs it: into a folder that does not exist yet, with the cache of an
earlier run restored, against another checkout: whole processes, in pairs (this checkout, then
the baseline, each on its own copy of the workspace with its own cache), ratios taken pair by
pair.

    python benchmarks/run_site_fresh.py WORKSPACE --baseline OTHER/.venv/bin/python
        [--pairs 3] [--cases cold,fresh,edited,again,commit]

``cold``: an empty cache, a new folder. ``fresh``: a new folder, the cache of a build of the
same workspace (nothing changed). ``edited``: a new folder, a comment appended to a mission
since the last build (new in every pair). ``again``: over its own folder, nothing changed.
``commit``: a new folder, a new commit that changes no record (a line added to a README) since
the last build, CI's case on every push: with this case, each copy is made a Git clone of a
GitHub repository first (``git init``, an origin ``https://github.com/acme/ws.git``, one
commit; not timed), so that the findings link to their line at the commit, as in CI.
Prints the medians of wall and CPU seconds (the process and its workers) per side and of the
ratios, then the size of each side's cache folder. Nothing here is asserted by the test suite;
the figures go in benchmarks/README.md.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run_commands import TODAY  # noqa: E402
from run_site_edits import _medians, arguments, edit, run  # noqa: E402

CASES = ("cold", "fresh", "edited", "again", "commit")
ORIGIN = "https://github.com/acme/ws.git"


def _git(workspace: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(workspace), "-c", "user.name=bench",
                    "-c", "user.email=bench@example.org", *args],
                   check=True, stdout=subprocess.DEVNULL)


def _as_clone(workspace: Path) -> None:
    """``workspace`` made a Git clone of a GitHub repository, at one commit."""
    _git(workspace, "init", "-q")
    _git(workspace, "remote", "add", "origin", ORIGIN)
    _git(workspace, "add", "-A")
    _git(workspace, "commit", "-q", "-m", "workspace")


def _commit(workspace: Path, round_: int) -> None:
    """A commit that changes no record: a line added to the README."""
    with (workspace / "README.md").open("a", encoding="utf-8") as handle:
        handle.write(f"Push {round_}.\n")
    _git(workspace, "add", "README.md")
    _git(workspace, "commit", "-q", "-m", f"push {round_}")


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
            if "commit" in cases:
                _as_clone(copies[side])
        print(f"{args.workspace}: {args.pairs} pairs per case; load average "
              f"{os.getloadavg()[0]:.1f} at the start")
        for round_, case in enumerate(cases):
            times: dict[str, list[tuple[float, float]]] = {side: [] for side in sides}
            for pair in range(args.pairs):
                for side, python in sides.items():
                    workspace = copies[side]
                    fresh = workspace.with_name("fresh-site")
                    shutil.rmtree(fresh, ignore_errors=True)
                    if case != "cold" and not workspace.with_name("site").exists():
                        # The earlier build, whose cache CI restores (not timed), made
                        # before the first pair's edit or commit: each pair measures one.
                        run(python, workspace, TODAY)
                    if case == "cold":
                        shutil.rmtree(workspace.with_name("cache"), ignore_errors=True)
                    elif case == "edited":
                        edit(workspace, "comment", 100 * round_ + pair + 1)
                    elif case == "commit":
                        _commit(workspace, 100 * round_ + pair + 1)
                    times[side].append(run(python, workspace, TODAY,
                                           None if case == "again" else fresh))
            this, base = times["this"], times["baseline"]
            print(f"{case:8} wall {_medians(this, base, 0)}; CPU {_medians(this, base, 1)}")
        for side in sides:
            cache = copies[side].with_name("cache")
            print(f"{side}: cache {_size(cache) / 2 ** 20:.1f} MiB")


if __name__ == "__main__":
    main()
