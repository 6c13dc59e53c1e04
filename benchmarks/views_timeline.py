"""Where the wall time of one cold `cfo calendar` or `cfo status` run goes, process by
process (issue 16: every reading command cold <= 1.2x `validate` cold).

    python benchmarks/views_timeline.py WORKSPACE [COMMAND ...]   (default: calendar, status)
    python benchmarks/views_timeline.py --log LOG [cfo options...] (one run, logged)

Each COMMAND (a quoted command line: ``"status --format json"``) runs once with an empty
cache folder, in a new process whose stages are wrapped as ``check_timeline.py`` does for
`check`: each process (the main one, the document pools' workers, the children writing the
cache) appends what it did to a log, with the shared monotonic clock and its own CPU time.
Printed: each stage of the main process (start, end, its CPU), each other process's span and
CPU, and the core-seconds left idle (cores x wall - CPU). Wall times mean something only on a
quiet machine; the CPU and the shape carry over. CFO_TIMELINE_SCRIPT names this script of
another checkout (with its PYTHONPATH), to time that checkout's stages.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from check_timeline import print_timeline, run_logged, summed

#: (module, attribute, stage), in the order the stages are printed; a stage missing from a
#: version of the code is skipped.
STAGES = (
    ("cfo_tools.checks.validation", "prepare_run", "main: scan, schemas, keys"),
    ("cfo_tools.checks.workspace_views", "views_purpose", "main: the views' purpose"),
    ("cfo_tools.checks.workspace_views", "views_from_cache", "main: views from the cache?"),
    ("cfo_tools.checks.workspace_views", "viewer_for_load", "main: shared records, maker"),
    ("cfo_tools.loading.checking_pool", "_check_all", "main: a document pool"),
    ("cfo_tools.checks.validation", "validate_prepared", "main: documents -> workspace"),
    ("cfo_tools.cli.workspace_loading", "_calendar_and_memo", "main: working calendar"),
    ("cfo_tools.checks.workspace_views", "views_of_workspace", "main: every view"),
    ("cfo_tools.loading.work_pool", "map_chunks", "main: a second pool (events)"),
    ("cfo_tools.reporters.calendar_events", "calendar_from_views", "main: calendar joined"),
    ("cfo_tools.reporters.status_rows", "status_from_views", "main: board joined"),
    ("cfo_tools.loading.background_writes", "_start", "main: a writer forked"),
    ("cfo_tools.loading.background_writes", "wait_for_writes", "main: writes at the end"),
    ("cfo_tools.loading.checking_pool", "_check_in_worker", "worker: a batch of files"),
    ("cfo_tools.planning.calendar_export", "_mission_bytes_chunk", "worker: events"),
    ("cfo_tools.loading.workspace_snapshot.WorkspaceSnapshot", "save", "child: snapshot"),
    ("cfo_tools.loading.document_views.DocumentViews", "save", "child: views"),
)


def timeline(workspace: Path, command: list[str], cache: Path,
             today: str = "2026-11-27") -> dict[str, Any]:
    """One run of ``command`` on ``workspace`` in a new process, summed up per process."""
    with tempfile.TemporaryDirectory(prefix="cfo-timeline-") as folder:
        log = Path(folder) / "log"
        log.touch()
        env = {**os.environ, "CFO_TODAY": today, "CFO_CACHE_DIR": str(cache)}
        script = os.environ.get("CFO_TIMELINE_SCRIPT", __file__)
        subprocess.run([sys.executable, script, "--log", str(log), "-C", str(workspace),
                        *command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=env, check=False)
        return summed(log)


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        sys.exit(__doc__)
    if sys.argv[1] == "--log":
        run_logged(sys.argv[2], sys.argv[3:], STAGES)
        sys.exit(0)
    cores = len(os.sched_getaffinity(0))
    for command in sys.argv[2:] or ["calendar", "status"]:
        with tempfile.TemporaryDirectory(prefix="cfo-cold-") as folder:
            print_timeline(f"{command}, cold", timeline(Path(sys.argv[1]), shlex.split(command),
                                                        Path(folder) / "cache"), cores, STAGES)
        print(f"  (load average {os.getloadavg()[0]:.1f})")
