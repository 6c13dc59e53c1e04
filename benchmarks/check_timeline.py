"""Where the wall time of one cold `cfo check` run goes, process by process (issue 16:
`check` cold <= 1.5x `validate` cold).

    python benchmarks/run_check.py --timeline WORKSPACE
    python benchmarks/check_timeline.py LOG [cfo options...]   (one run, logged)

The second form runs `cfo` in this process with its stages wrapped, as
`validation_timeline.py` does for `validate`: each process (the main one, the document pool's
and the subjects' workers, the children writing the snapshot and the report's state) appends
what it did to LOG, with the shared monotonic clock and its own CPU time. The first form runs
`check --no-cache` and `check` cold that way and prints each stage of the main process (start,
end, its CPU), each other process's span and CPU, and the core-seconds left idle (cores x wall
- CPU). Wall times mean something only on a quiet machine; the CPU and the shape carry over.
"""

from __future__ import annotations

import atexit
import functools
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from validation_timeline import _STARTED, _cpu, _log, print_whole_run

#: (module, attribute, stage): what is wrapped, in the order the stages are printed. A stage
#: of a worker or child says so by its prefix; "=" marks a function returning an iterator,
#: which is consumed inside the stage (else the work would happen after it).
STAGES = (
    ("cfo_tools.checks.validation", "prepare_run", "main: scan, schemas, keys"),
    ("cfo_tools.loading.checking_pool", "_check_all", "main: the document pool"),
    ("cfo_tools.checks.validation", "validate_prepared", "main: documents -> workspace"),
    ("cfo_tools.checks.runner", "_whole_inputs", "main: inputs of the whole workspace"),
    ("cfo_tools.checks.runner", "_keep_facts", "main: documents' facts (or their child)"),
    ("cfo_tools.checks.rule_subjects", "split_rule_sources", "main: rules per subject"),
    ("cfo_tools.checks.validation", "whole_rule_problems", "=main: rules across missions"),
    ("cfo_tools.checks.validation", "located_problems", "main: rules' findings located"),
    ("cfo_tools.checks.subject_checks", "subject_sources", "main: conflicts, follow-up"),
    ("cfo_tools.loading.work_pool", "map_chunks", "main: subjects' pool"),
    ("cfo_tools.checks.subject_checks.StartedSubjects", "sources", "main: subjects gathered"),
    ("cfo_tools.checks.runner", "_sources", "main: every source computed"),
    ("cfo_tools.checks.subject_memo.SubjectMemo", "save", "main: a subject memo saved"),
    ("cfo_tools.checks.report_by_file.ReportState", "update", "main: report rendered, kept"),
    ("cfo_tools.loading.background_writes", "write_beside", "main: a writer forked"),
    # Since writes share a child (``held``): each child forked for writes.
    ("cfo_tools.loading.background_writes", "_start", "main: a writer forked"),
    ("cfo_tools.reporters.pieces.PieceView", "joined", "main: report joined"),
    # Since the state's pieces and head are written by the command once its report is:
    # its end, where it waits for its children and does the writes left to it.
    ("cfo_tools.loading.background_writes", "wait_for_writes", "main: writes at the end"),
    ("cfo_tools.checks.runner", "_checked_run", "main: check without a cache"),
    ("cfo_tools.cli.validate", "report", "main: report printed"),
    ("cfo_tools.loading.checking_pool", "_check_in_worker", "worker: a batch of files"),
    ("cfo_tools.checks.subject_checks", "_computed", "worker: a chunk of subjects"),
    ("cfo_tools.checks.subject_checks", "_shared_out", "worker: subjects shared out"),
    ("cfo_tools.loading.workspace_snapshot.WorkspaceSnapshot", "save", "child: snapshot"),
    ("cfo_tools.checks.report_by_file", "_write", "child: report's state"),
    ("cfo_tools.checks.report_by_file", "_store_findings", "child: files' findings"),
    ("cfo_tools.checks.runner", "_save_facts", "child: documents' facts"),
    ("cfo_tools.checks.subject_memo", "_store_base", "child: a subject memo's base"),
)


def _wrap(path: str, where: str, name: str, what: str) -> None:
    """Wrap ``where.name`` (a module's function or a class's method), and every module of
    cfo_tools already holding the same function under that name (``from ... import``)."""
    import importlib

    parts = where.split(".")
    owner: Any = None
    for cut in range(len(parts), 0, -1):
        try:
            owner = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            owner = getattr(owner, attribute)
        break
    original = getattr(owner, name, None)
    if original is None:
        return  # not in this version of the code
    eager = what.startswith("=")
    what = what.lstrip("=")

    @functools.wraps(original)
    def logged(*args: Any, **kwargs: Any) -> Any:
        start, cpu = time.monotonic(), _cpu()
        try:
            result = original(*args, **kwargs)
            return list(result) if eager else result
        finally:
            _log(path, what, start, cpu)

    setattr(owner, name, logged)
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("cfo_tools") \
                and getattr(module, name, None) is original:
            setattr(module, name, logged)


def run_logged(path: str, arguments: list[str],
               stages: tuple[tuple[str, str, str], ...] = STAGES) -> None:
    """Run cfo with ``arguments`` in this process, ``stages`` logged to ``path``."""
    from cfo_tools.loading import background_writes

    for where, name, what in stages:
        _wrap(path, where, name, what)

    def end() -> None:
        background_writes.wait_for_writes()
        _log(path, "main: whole run", _STARTED, 0.0)

    atexit.register(end)
    sys.argv = ["cfo", *arguments]
    from cfo_tools.cli.main import main

    main()


def timeline(workspace: Path, *options: str, cache: Path | None = None,
             today: str = "2026-11-27") -> dict[str, Any]:
    """One `cfo check` run on ``workspace`` in a new process, summed up per process."""
    with tempfile.TemporaryDirectory(prefix="cfo-timeline-") as folder:
        log = Path(folder) / "log"
        log.touch()
        env = {**os.environ, "CFO_TODAY": today}
        if cache is not None:
            env["CFO_CACHE_DIR"] = str(cache)
        # CFO_TIMELINE_SCRIPT: this script of another checkout (with its PYTHONPATH), to
        # time that checkout's stages (an A/B against main).
        script = os.environ.get("CFO_TIMELINE_SCRIPT", __file__)
        subprocess.run([sys.executable, script, str(log), *options, "-C", str(workspace),
                        "check", "--format", "json"], stdout=subprocess.DEVNULL,
                       env=env, check=False)
        return summed(log)


def summed(log: Path) -> dict[str, Any]:
    """What the processes of one run logged to ``log``, summed up per process and, for the
    main one, per stage."""
    rows = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    stages: dict[str, list[float]] = {}
    processes: dict[str, dict[str, Any]] = defaultdict(dict)
    main_pid = next((pid for pid, what, *_ in rows if what == "main: whole run"), "")
    for pid, what, start, end, used, so_far in rows:
        begun, ended, cpu = float(start), float(end), float(used)
        span = processes[pid]
        span["start"] = min(span.get("start", begun), begun)
        span["end"] = max(span.get("end", ended), ended)
        span["cpu"] = max(span.get("cpu", 0.0), float(so_far))
        span["kind"] = what.split(":")[0]
        if pid == main_pid:
            # A stage run several times: its first start, last end, CPU summed, count.
            first = stages.setdefault(what, [begun, ended, 0.0, 0])
            first[1] = max(first[1], ended)
            first[2] += cpu
            first[3] += 1
    return {"stages": stages, "processes": processes, "main": main_pid}


def print_timeline(label: str, figures: dict[str, Any], cores: int,
                   wrapped: tuple[tuple[str, str, str], ...] = STAGES) -> None:
    """``figures`` (:func:`summed`), the main process's stages in the order of ``wrapped``."""
    stages, processes = figures["stages"], figures["processes"]
    wall = print_whole_run(label, figures, cores)
    if wall is None:
        return
    for _, _, what in wrapped:
        what = what.lstrip("=")
        if what in stages and what.startswith("main"):
            start, end, used, times = stages[what]
            count = f" x{times}" if times > 1 else ""
            print(f"  {what + count:<34} {start:6.2f} -> {end:6.2f} s  ({end - start:5.2f} s, "
                  f"main's CPU {used:5.2f} s)")
    print(f"  {'main process, in all':<34} {0:6.2f} -> {wall:6.2f} s  (CPU "
          f"{processes[figures['main']]['cpu']:5.2f} s)")
    for pid, process in sorted(processes.items(), key=lambda item: (item[1]["kind"],
                                                                    item[1]["start"])):
        if pid == figures["main"]:
            continue
        print(f"  {process['kind'] + ' ' + pid:<34} {process['start']:6.2f} -> "
              f"{process['end']:6.2f} s  CPU {process['cpu']:5.2f} s")


def print_timelines(workspace: Path, cores: int) -> None:
    print_timeline("check --no-cache", timeline(workspace, "--no-cache"), cores)
    print(f"  (load average {os.getloadavg()[0]:.1f})")
    with tempfile.TemporaryDirectory(prefix="cfo-cold-") as folder:
        print_timeline("check, cold", timeline(workspace, cache=Path(folder) / "cache"), cores)
    print(f"  (load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        # A log named like an option (``--help``) would be written as a file of that name.
        sys.exit(__doc__)
    run_logged(sys.argv[1], sys.argv[2:])
