"""The three parts of a cold `cfo check`'s subjects' work (the conflicts, the freelancers'
follow-up, the missions'), each as a forked worker of the subjects' pool runs it, with the
minor page faults it takes (issue 16: `check` cold <= 1.5x `validate` cold).

    CFO_CACHE_DIR=/tmp/cache python benchmarks/subject_parts.py [WORKSPACE] [--rules]

The workspace is loaded once (from the document cache of $CFO_CACHE_DIR when it holds it),
the collector paused as in the run. Each part then runs in a child forked from this process,
twice, each time with a fresh follow-up context: the first run pays for the pages of the
inherited heap it writes to (reference counts: copy-on-write faults), as a worker does; the
second finds them copied, so the difference is what the faults cost. The CPU is
``time.process_time`` of the child, the faults its ``ru_minflt``; a digest of each part's
findings lets two checkouts be compared (put one's ``cfo_tools`` first on ``PYTHONPATH``).
With ``--rules``, each follow-up rule's CPU is printed too (its second run in the child).
Nothing is asserted; the figures go in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import resource
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(HERE.parent))

from cfo_tools.checks import subject_checks  # noqa: E402
from cfo_tools.checks.follow_up import (  # noqa: E402
    FREELANCER_RULES,
    MISSION_RULES,
    FollowUpContext,
)
from cfo_tools.checks.rules.problem import run_registry  # noqa: E402
from cfo_tools.checks.validation import prepare_run, validate_prepared  # noqa: E402
from cfo_tools.planning.remembered_holidays import company_calendar  # noqa: E402

PARTS = (("conflicts", "freelancer"), ("follow-up", "freelancer"), ("follow-up", "mission"))


def _digest(found: dict[str, list[Any]] | None) -> str:
    """A digest of a part's results by subject (conflicts, or rules' problems)."""
    if found is None:
        return "none"
    rows = sorted((ident, [repr(result) for result in results])
                  for ident, results in found.items())
    return hashlib.blake2b(repr(rows).encode(), digest_size=6).hexdigest()


def _in_child(action: Any) -> None:
    """``action()`` in a forked child (its own copy-on-write view of this heap)."""
    pid = os.fork()
    if pid == 0:
        try:
            action()
            sys.stdout.flush()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("workspace", nargs="?", type=Path, default=HERE / "workspace")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 27))
    parser.add_argument("--rules", action="store_true", help="each follow-up rule's CPU")
    arguments = parser.parse_args()
    cache = os.environ.get("CFO_CACHE_DIR")
    gc.disable()  # as during a cold check's subjects (``bulk_loading``)
    prepared = prepare_run(arguments.workspace, cache_folder=Path(cache) if cache else None)
    workspace = validate_prepared(prepared).workspace
    calendar = company_calendar(workspace.company, None)
    if calendar is None:
        sys.exit("the company's working calendar could not be made")
    today = arguments.today
    sys.stdout.flush()  # nothing buffered before a fork is printed twice

    for part in PARTS:
        idents = set(workspace.freelancers if part[1] == "freelancer" else workspace.missions)

        def run(part: tuple[str, str] = part, idents: set[str] = idents) -> None:
            for attempt in ("first", "again"):
                context = FollowUpContext(workspace, calendar, today)
                before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
                start = time.process_time()
                found = subject_checks._whole_part(part, idents, context)
                spent = time.process_time() - start
                faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
                print(f"{' '.join(part):<22} {attempt:<6} CPU {spent:6.3f} s, "
                      f"{faults:6d} minor faults, results {_digest(found)}")
            if arguments.rules and part[0] == "follow-up":
                rules = FREELANCER_RULES if part[1] == "freelancer" else MISSION_RULES
                context = FollowUpContext(workspace, calendar, today)
                _ = context.bookings
                for rule in rules:
                    start = time.process_time()
                    count = sum(1 for _ in run_registry((rule,), context))
                    print(f"    {rule.NAME:<28} CPU {time.process_time() - start:6.3f} s, "
                          f"{count} problems")

        _in_child(run)


if __name__ == "__main__":
    main()
