"""Where the wall time of one `cfo validate` run goes, process by process.

    python benchmarks/run_validation.py --timeline [--workspace DIR]
    python benchmarks/validation_timeline.py LOG [cfo options...]   (one run, logged)

The second form runs `cfo` in this process with its stages wrapped: each process (the main
one, the pool's workers, the child writing the snapshot) appends what it did to LOG, with the
shared monotonic clock and its own CPU time. The first form runs `validate --no-cache` and
`validate` cold that way and prints, per run: the main process's stages (before the pool:
start-up, scan, schemas and the documents' keys; the pool; after it: the cross-file rules, the
report), each worker's busy span and CPU, the snapshot's child, and the core-seconds left idle
on the machine's cores (cores x wall - CPU). Wall times mean something only on a quiet machine;
the CPU times and the shape of the timeline carry over.
"""

from __future__ import annotations

import atexit
import functools
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

_STARTED = time.monotonic()


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _log(path: str, what: str, start: float, cpu_at_start: float) -> None:
    """One line: process, stage, start and end (monotonic, from this module's import), the
    CPU the stage used and the process's CPU so far."""
    now = _cpu()
    with open(path, "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()}\t{what}\t{start - _STARTED:.4f}\t"
                  f"{time.monotonic() - _STARTED:.4f}\t{now - cpu_at_start:.4f}\t{now:.4f}\n")


def _logged(path: str, original: Callable[..., Any], what: str) -> Callable[..., Any]:
    @functools.wraps(original)
    def logged(*args: Any, **kwargs: Any) -> Any:
        start, cpu = time.monotonic(), _cpu()
        try:
            return original(*args, **kwargs)
        finally:
            _log(path, what, start, cpu)

    return logged


def _wrap(path: str, owner: Any, name: str, what: str) -> None:
    setattr(owner, name, _logged(path, getattr(owner, name), what))


def run_logged(path: str, arguments: list[str]) -> None:
    """Run cfo with ``arguments`` in this process, its stages logged to ``path``."""
    from cfo_tools.checks import validation
    from cfo_tools.loading import (
        background_writes,
        checking_pool,
        document_cache,
        workspace_snapshot,
    )
    from cfo_tools.reporters import REPORTERS

    _wrap(path, validation, "prepare_run", "main: scan, schemas, keys")
    _wrap(path, checking_pool, "_check_all", "main: the pool")
    _wrap(path, validation, "_rule_problems", "main: cross-file rules")
    _wrap(path, validation, "located_problems", "main: locating their findings")
    _wrap(path, checking_pool, "_check_in_worker", "worker: a batch")
    _wrap(path, checking_pool, "_check_and_store", "worker: checking and storing")
    _wrap(path, document_cache.DocumentCache, "store", "worker: storing")
    _wrap(path, document_cache.DocumentCache, "store_blob", "blobs written")
    _wrap(path, workspace_snapshot.WorkspaceSnapshot, "save", "snapshot written")
    for name in list(REPORTERS):
        REPORTERS[name] = _logged(path, REPORTERS[name], "main: the report rendered")

    def end() -> None:
        background_writes.wait_for_writes()
        _log(path, "main: whole run", _STARTED, 0.0)

    atexit.register(end)
    sys.argv = ["cfo", *arguments]
    from cfo_tools.cli.main import main

    main()


def timeline(workspace: Path, *options: str, cache: Path | None = None) -> dict[str, Any]:
    """One `cfo validate` run on ``workspace`` in a new process, summed up per process."""
    with tempfile.TemporaryDirectory(prefix="cfo-timeline-") as folder:
        log = Path(folder) / "log"
        log.touch()
        env = dict(os.environ)
        if cache is not None:
            env["CFO_CACHE_DIR"] = str(cache)
        subprocess.run([sys.executable, __file__, str(log), *options, "-C", str(workspace),
                        "validate", "--format", "json"], stdout=subprocess.DEVNULL,
                       env=env, check=False)
        rows = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    stages: dict[str, tuple[float, float, float]] = {}
    processes: dict[str, dict[str, float]] = defaultdict(dict)
    #: The workers' steps, all workers together: wall and CPU.
    workers: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    main_pid = next((pid for pid, what, *_ in rows if what == "main: whole run"), "")
    for pid, what, start, end, used, so_far in rows:
        begun, ended, cpu = float(start), float(end), float(used)
        span = processes[pid]
        span["start"] = min(span.get("start", begun), begun)
        span["end"] = max(span.get("end", ended), ended)
        span["cpu"] = max(span.get("cpu", 0.0), float(so_far))
        span["kind"] = min(span.get("kind", 2.0),
                           {"main": 0.0, "worker": 1.0}.get(what.split(":")[0], 2.0))
        if pid == main_pid:
            # A stage that runs several times: from its first start to its last end, CPU
            # summed.
            first = stages.get(what)
            stages[what] = (begun, ended, cpu) if first is None else (
                min(first[0], begun), max(first[1], ended), first[2] + cpu)
        elif what.startswith("worker: "):
            steps = workers[what]
            steps[0] += ended - begun
            steps[1] += cpu
    return {"stages": stages, "processes": processes, "main": main_pid, "workers": workers}


def print_whole_run(label: str, figures: dict[str, Any], cores: int) -> float | None:
    """The run's first line (wall, CPU of every process, idle core-seconds); its wall time,
    or None when it left no timeline."""
    whole = figures["stages"].get("main: whole run")
    if whole is None:
        print(f"{label}: no timeline (the run failed?)")
        return None
    wall: float = whole[1]
    cpu = sum(process["cpu"] for process in figures["processes"].values())
    print(f"{label}: wall {wall:.2f} s, CPU {cpu:.2f} s (all processes); "
          f"{cores * wall - cpu:.2f} core-seconds of {cores} cores idle (or other programs')")
    return wall


def print_timeline(label: str, figures: dict[str, Any], cores: int) -> None:
    stages, processes = figures["stages"], figures["processes"]
    wall = print_whole_run(label, figures, cores)
    if wall is None:
        return
    for what in ("main: scan, schemas, keys", "main: the pool", "main: cross-file rules",
                 "main: locating their findings", "blobs written",
                 "main: the report rendered"):
        if what in stages:
            start, end, used = stages[what]
            print(f"  {what:<30} {start:6.2f} -> {end:6.2f} s  ({end - start:5.2f} s, main's "
                  f"CPU {used:5.2f} s)")
    print(f"  {'main: whole run, exit':<30} {0.0:6.2f} -> {wall:6.2f} s  (main's CPU "
          f"{processes[figures['main']]['cpu']:5.2f} s in all)")
    for what, (spent, used) in sorted(figures["workers"].items()):
        print(f"  {what + ' (all workers)':<44} {spent:5.2f} s, CPU {used:5.2f} s")
    names = {0.0: "main process", 1.0: "worker", 2.0: "snapshot's child"}
    for pid, process in sorted(processes.items(), key=lambda item: (item[1]["kind"],
                                                                    item[1]["start"])):
        if pid == figures["main"]:
            continue
        print(f"  {names[process['kind']] + ' ' + pid:<28} {process['start']:6.2f} -> "
              f"{process['end']:6.2f} s  CPU {process['cpu']:5.2f} s")


def print_timelines(workspace: Path, cores: int) -> None:
    runs: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        ("validate --no-cache", lambda: timeline(workspace, "--no-cache")),
    ]

    def cold() -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix="cfo-cold-") as folder:
            return timeline(workspace, cache=Path(folder) / "cache")

    runs.append(("validate, cold", cold))
    for label, run in runs:
        print_timeline(label, run(), cores)
        print(f"  (load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    run_logged(sys.argv[1], sys.argv[2:])
