"""Where `find` and `status` spend their time after one edit: the fixed costs, stage by stage.

    CFO_CACHE_DIR=/tmp/cache python benchmarks/run_fixed_costs.py [WORKSPACE] [--repeat N]

Each round appends a line to one mission of WORKSPACE (default: the synthetic
benchmarks/workspace; give a copy, it is edited) and then, in a fresh process, loads the
workspace as `cfo find` and `cfo status` do (through the cache, without the missions'
briefs and without the cross-file rules) and measures the CPU time
(``time.process_time``) of each stage: importing what the commands use, the file scan, the
schemas, opening the cache, every file's key (the stat index), the documents (the
snapshot, and checking the edited file), building the model, the working calendar (its
public holidays from the cache), then `find`'s search (a 5-day question) and `status`'s
board and its text. The first round fills the cache and is not shown. Nothing is
asserted; the figures go in benchmarks/README.md with the load average printed here.

Since the views kept per document (``checks/workspace_views.py``), the commands themselves take
this path only when their views cannot be used (another day, ``company.yaml`` edited...);
after one edit of a mission, measure them with ``run_commands.py --after-edit``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-27"

_STAGES = """
import json, sys, time
started = time.process_time()
from datetime import date
from pathlib import Path
from cfo_tools.cli import main as _cli
from cfo_tools.checks import validation
from cfo_tools.planning.remembered_holidays import HolidayMemo
from cfo_tools.loading import bulk_loading
from cfo_tools.planning.availability import Request, find_candidates, window_end
from cfo_tools.reporters.status import STATUS_FORMATS
from cfo_tools.steering.status_board import status_board
figures = {"imports": time.process_time() - started}
bulk_loading.FREEZE_AFTER_LOAD = True  # as the command line does
names = {"scan_workspace": "scan", "load_schemas": "schemas", "open": "cache open",
         "document_keys": "file keys (stat index)", "check_documents": "documents (snapshot)",
         "_rule_problems": "cross-file rules"}
def timed(owner, name):
    original = getattr(owner, name, None)
    if original is None:
        return
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            figures[names[name]] = figures.get(names[name], 0) + time.process_time() - start
    setattr(owner, name, wrapper)
for name in ("scan_workspace", "load_schemas", "document_keys", "check_documents",
             "_rule_problems"):
    timed(validation, name)
timed(validation.DocumentCache, "open")
root = Path(sys.argv[1])
start = time.process_time()
report = validation.validate_workspace(root, cache_folder=Path(sys.argv[2]), located=False,
                                       briefs=False, rules=False)
loading = time.process_time() - start
figures["building the model"] = loading - sum(v for k, v in figures.items() if k != "imports")
today = date.fromisoformat(sys.argv[3])
start = time.process_time()
memo = HolidayMemo(report.cache)  # as the commands do: public holidays from the cache
calendar = memo.calendar(report.workspace.company)
figures["calendar"] = time.process_time() - start
start = time.process_time()
first = date(2026, 12, 7)
find_candidates(report.workspace, calendar,
                Request(first, window_end(calendar, first, 5), 100, "web-developer", (), None,
                        None), today=today, limit=10, ignore_tentative=False)
figures["find: the search"] = time.process_time() - start
start = time.process_time()
board = status_board(report.workspace, calendar, today=today)
figures["status: the board"] = time.process_time() - start
start = time.process_time()
STATUS_FORMATS["text"](board)
figures["status: its text"] = time.process_time() - start
memo.save()
print(json.dumps(figures))
"""


def one_round(workspace: Path, cache: Path, number: int) -> dict[str, float]:
    mission = sorted((workspace / "missions").glob("*.yaml"))[0]
    with mission.open("a", encoding="utf-8") as handle:
        handle.write(f"# fixed costs {number}\n")
    done = subprocess.run([sys.executable, "-c", _STAGES, str(workspace), str(cache), TODAY],
                          capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workspace", type=Path, nargs="?", default=HERE / "workspace")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cache = Path(os.environ.get("CFO_CACHE_DIR") or HERE / ".cache-fixed-costs")
    one_round(args.workspace, cache, 0)  # fills the cache
    rounds = []
    for number in range(1, args.repeat + 1):
        load = os.getloadavg()[0]
        rounds.append((load, one_round(args.workspace, cache, number)))
    print(f"{args.workspace}: CPU seconds per stage after one edit, {args.repeat} rounds "
          f"(load average {', '.join(f'{load:.1f}' for load, _ in rounds)})\n")
    print("| stage | " + " | ".join(f"round {n}" for n in range(1, len(rounds) + 1)) + " |")
    print("| --- |" + " --- |" * len(rounds))
    for stage in rounds[0][1]:
        print(f"| {stage} | " + " | ".join(f"{r[stage]:.3f}" for _, r in rounds) + " |")
    for label, stages in (("`find` (loading + search)", ("find: the search",)),
                          ("`status` (loading + board + text)",
                           ("status: the board", "status: its text"))):
        totals = [sum(v for k, v in r.items() if not k.startswith(("find:", "status:")))
                  + sum(r[s] for s in stages) for _, r in rounds]
        print(f"| **{label}** | " + " | ".join(f"**{t:.3f}**" for t in totals) + " |")


if __name__ == "__main__":
    main()
