"""What each row of a cold `cfo status` board costs, part by part, in one process.

    python benchmarks/run_status_rows.py [WORKSPACE] [--repeat N]

Loads WORKSPACE (default: the synthetic medium one) once, then times, in CPU seconds of this
process (``time.process_time``, the collector paused as the command pauses it), the least of
N rounds of: every mission's row inputs (``mission_in_flight``), every mission's line among
those ended without reviews (``mission_unreviewed``), and for each form and language the rows
(``StatusParts.row``) and the board's assembly (``StatusParts.whole``). Before each round the
remembered words, numbers and plural forms are forgotten, as in a new process. Run it with
``PYTHONPATH`` on each checkout to compare them; nothing is asserted, the figures go in
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.planning.working_calendar import WorkingCalendar
from cfo_tools.reporters import words as remembered_words
from cfo_tools.reporters.status import STATUS_PARTS, StatusParts
from cfo_tools.reporters.words import Words, report_words
from cfo_tools.steering.status_board import (
    MissionInFlight,
    Unreviewed,
    board_inputs,
    mission_in_flight,
    mission_unreviewed,
)

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 27)
FORMS = (("text", None), ("text", "en"), ("markdown", None), ("json", None))


def _forget() -> None:
    """The words, numbers and plural forms remembered by an earlier round forgotten (each
    store where the checkout has it)."""
    for name in ("_SAID", "_WRITTEN"):
        store = getattr(remembered_words, name, None)
        if store is not None:
            store.clear()
    plural = getattr(remembered_words, "_is_one", None)
    if plural is not None:
        plural.cache_clear()


def least_cpu(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        _forget()
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", nargs="?", type=Path, default=HERE / "workspace")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    workspace = validate_workspace(args.workspace).workspace
    assert workspace.company is not None
    calendar = WorkingCalendar.for_company(workspace.company)
    gc.disable()
    inputs = board_inputs(workspace, calendar, today=TODAY)
    missions = list(workspace.missions.values())
    in_flight = [row for m in missions if (row := mission_in_flight(m, inputs)) is not None]
    unreviewed = [u for m in missions if (u := mission_unreviewed(m, TODAY)) is not None]
    print(f"{len(missions)} missions, {len(in_flight)} in flight, "
          f"{len(unreviewed)} ended without reviews")
    seconds = least_cpu(args.repeat, lambda: [mission_in_flight(m, inputs) for m in missions])
    print(f"{'mission_in_flight':24} {seconds:7.3f} s")
    seconds = least_cpu(args.repeat, lambda: [mission_unreviewed(m, TODAY) for m in missions])
    print(f"{'mission_unreviewed':24} {seconds:7.3f} s")
    names = {i: f.name for i, f in workspace.freelancers.items()}
    for output_format, lang in FORMS:
        words = report_words(args.workspace, lang, workspace.company.locale)
        made, whole = _form_seconds(args.repeat, STATUS_PARTS[output_format], words, names,
                                    in_flight, unreviewed)
        print(f"{output_format + ' ' + (lang or 'company'):24} rows {made:7.3f} s  "
              f"whole {whole:7.3f} s")


def _form_seconds(repeat: int, parts: StatusParts, words: Words, names: dict[str, str],
                  in_flight: list[MissionInFlight], unreviewed: list[Unreviewed]
                  ) -> tuple[float, float]:
    """The least CPU of making every row of one form, and of assembling the board."""
    rows = [parts.row(m, names, words) for m in in_flight]
    lines = [parts.unreviewed(u, names, words) for u in unreviewed]
    made = least_cpu(repeat, lambda: ([parts.row(m, names, words) for m in in_flight],
                                      [parts.unreviewed(u, names, words) for u in unreviewed]))
    return made, least_cpu(repeat, lambda: parts.whole(TODAY, rows, lines, words))


if __name__ == "__main__":
    main()
