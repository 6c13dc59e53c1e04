"""What a fresh checkout's keys cost, in process: every file read and hashed, and the ways
to do it (issue 16, CI's case).

    python benchmarks/fresh_checkout_keys.py CLONE [--repeat N] [--git-index FILE]

CLONE is a Git checkout of a workspace (e.g. a clone of the large one, as
``run_ci_checkout.py`` makes). Each variant runs ``--repeat`` times in turn (the machine is
shared: the minimum and median of each are printed, wall and CPU seconds of this process
and of a forked half when there is one):

- ``stats``: the stat of every file (the stat index's first pass, half in a forked
  process from 60,000 files), then ``reads, main's reader``: every file read by
  ``read_regular_file`` and hashed (BLAKE2b), half forked: main's fresh checkout;
- ``reads with status``: every file read once with its stamp taken on the open file
  (``read_with_status``), half forked: this branch's fresh checkout, no stat pass;
- the same on one core, and with SHA-256 or SHA-1 in place of BLAKE2b (the hash only);
- with ``--git-index FILE`` (a copy of branch ``cicase``'s ``loading/git_index.py``):
  the pass over Git's index that vouches for the files whose stat Git recorded, after the
  stats (Git vouching's cost on a fresh checkout, where it saves the reads).

Nothing here is asserted by the test suite; the figures go in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cfo_tools.loading import stat_index
from cfo_tools.loading.regular_files import FileProblem, read_regular_file, read_with_status
from cfo_tools.loading.workspace_files import scan_workspace


def _timed(work: Callable[[], Any]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    before = os.times()
    work()
    after = os.times()
    # The forked halves are this process's children, reaped by the pool's end.
    children = (after.children_user - before.children_user
                + after.children_system - before.children_system)
    return time.perf_counter() - wall, time.process_time() - cpu + children


def _hashing(hasher: Callable[[bytes], bytes]) -> Callable[[str, list[str]], int]:
    def work(prefix: str, files: list[str]) -> int:
        count = 0
        for file in files:
            got = read_with_status(prefix + file)
            if not isinstance(got, FileProblem):
                hasher(got[0])
                count += 1
        return count
    return work


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("clone", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--git-index", type=Path, metavar="FILE")
    args = parser.parse_args()
    root = args.clone.resolve()
    files = [spec.file for spec in scan_workspace(root).documents]
    prefix = os.path.join(root, "")
    print(f"{len(files)} files in {root}; load {os.getloadavg()[0]:.1f}")

    variants: dict[str, Callable[[], Any]] = {
        "stats (half forked)": lambda: stat_index._stamps(prefix, files),
        "reads, main's reader (half forked)": lambda: stat_index._contents(prefix, files),
        "reads with status (half forked)": lambda: stat_index._read_stamped(prefix, files),
        "reads with status, one core": lambda: stat_index._stamped_hashes(prefix, files),
        "reads, main's reader, one core": lambda: [
            read_regular_file(prefix + file) for file in files],
        "reads with status, no hash, one core": lambda: [
            read_with_status(prefix + file) for file in files],
        "reads with status + BLAKE2b, one core": lambda: _hashing(
            lambda raw: hashlib.blake2b(raw, digest_size=32).digest())(prefix, files),
        "reads with status + SHA-256, one core": lambda: _hashing(
            lambda raw: hashlib.sha256(raw).digest())(prefix, files),
        "reads with status + Git's SHA-1, one core": lambda: _hashing(
            lambda raw: hashlib.sha1(b"blob %d\0" % len(raw) + raw).digest())(prefix, files),
    }
    if args.git_index is not None:
        spec = importlib.util.spec_from_file_location("git_index", args.git_index)
        assert spec is not None and spec.loader is not None
        git_index = importlib.util.module_from_spec(spec)
        sys.modules["git_index"] = git_index  # its dataclass looks its module up
        spec.loader.exec_module(git_index)

        def vouched() -> int:
            stamps = stat_index._stamps(prefix, files)
            repository = git_index.repository_of(root)
            assert repository is not None, "not a work tree Git's index may vouch in"
            found = git_index.vouched_blobs(
                repository, root, files,
                [tuple(stamps[4 * at:4 * at + 4]) for at in range(len(files))])
            return len(found)

        print(f"Git's index vouches for {vouched()} of {len(files)} files")
        variants["stats + Git's index (vouching)"] = vouched

    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    for _ in range(args.repeat):
        for name, work in variants.items():
            figures[name].append(_timed(work))
    print(f"{'variant':44} {'wall min':>8} {'median':>8} {'CPU min':>8} {'median':>8}")
    for name, runs in figures.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(f"{name:44} {min(walls):8.3f} {statistics.median(walls):8.3f} "
              f"{min(cpus):8.3f} {statistics.median(cpus):8.3f}")
    print(f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
