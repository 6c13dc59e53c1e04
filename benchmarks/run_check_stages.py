"""Where `cfo check` spends its CPU after one edit and when nothing changed, stage by stage.

    CFO_CACHE_DIR=/tmp/cache python benchmarks/run_check_stages.py WORKSPACE [--repeat N]
        [--baseline CHECKOUT]

WORKSPACE is edited (give a copy of benchmarks/workspace). The first run fills the cache (a
cold `check`); then each round appends a comment to one mission, runs `cfo check --format
json` in a fresh process (its output to /dev/null), then runs it again with nothing changed,
and prints the CPU time (``time.process_time``, this process only: after an edit no worker
runs) of each stage: the imports, the scan, the cache's opening (its context key), the stat
index (read, every file's key, written back), the report's state opened, the inputs of the
run (``inputs_after_edit``; indented, the parts of it that pass over every document or read
a large entry), the rules split by subject, the conflicts and follow-up of the
subjects checked again, the state's update (rendering, writes) and the output. With
``--baseline``, another checkout's ``cfo_tools`` (by ``PYTHONPATH``) is measured the same
way, round by round before this one, on its own copy of WORKSPACE and its own cache (under
CFO_CACHE_DIR): A/B on a machine others share, where CPU compares and wall does not.
Nothing is asserted; the figures go in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from timing import STAGE_TIMER  # noqa: E402

TODAY = "2026-11-27"

_STAGES = STAGE_TIMER + r"""
from cfo_tools.cli import main as command_line
from cfo_tools.checks import after_edit, report_by_file, runner, validation
from cfo_tools.checks import check_facts, rule_subjects, subject_checks, subjects
from cfo_tools.loading import document_cache, document_keys, stat_index
import click
figures["imports"] = (time.perf_counter() - started[0], time.process_time() - started[1])
timed(validation, "scan_workspace", "scan")
timed(validation, "load_schemas", "schemas")
timed(document_cache.DocumentCache, "open", "cache opened (context key)")
timed(stat_index.StatIndex, "__init__", "stat index read")
timed(stat_index.StatIndex, "document_keys", "every file's key (stat)")
timed(stat_index, "_stamps", "  every file's stat (this half)")
timed(document_keys.DocumentKeys, "save_index", "stat index written")
timed(report_by_file.ReportState, "open", "report state opened")
timed(runner, "inputs_after_edit", "inputs after the edit")
timed(after_edit, "inputs_after_edit", "inputs after the edit")
timed(check_facts.CheckFacts, "__init__", "  the documents' facts read")
timed(after_edit, "_BuiltByKind", "  the documents' pass")
timed(subjects.SubjectIndex, "__init__", "  the subject index")
timed(subjects.SubjectIndex, "readers", "  the readers of the changed files")
timed(report_by_file.ReportState, "changed_files", "  the changed files")
timed(report_by_file.ReportState, "depending_on", "  the state's base (depending_on)")
timed(validation.PreparedRun, "keys_by_file", "  every file's key by file")
timed(validation.PreparedRun, "documents_at", "  the records read (documents_at)")
timed(runner, "_whole_inputs", "inputs of the whole workspace")
timed(rule_subjects, "split_rule_sources", "rules by subject")
timed(runner, "subject_sources", "conflicts and follow-up by subject")
timed(report_by_file.ReportState, "update", "state updated (render, write)")
timed(click, "echo", "output")
def show():
    figures["total"] = (0.0, time.process_time() - started[1])
    print(json.dumps({label: cpu for label, (_, cpu) in figures.items()}), file=sys.stderr)
atexit.register(show)
sys.argv = ["cfo", "check", "--format", "json"]
command_line.main()
"""


def _run(workspace: Path, cache: Path, code: Path | None) -> dict[str, float]:
    environment = {**os.environ, "CFO_CACHE_DIR": str(cache), "CFO_TODAY": TODAY}
    if code is not None:
        environment["PYTHONPATH"] = str(code)
    with open(os.devnull, "w") as nowhere:
        done = subprocess.run([sys.executable, "-c", _STAGES], cwd=workspace, env=environment,
                              stdout=nowhere, stderr=subprocess.PIPE, text=True)
    last = done.stderr.strip().splitlines()[-1]
    figures: dict[str, float] = json.loads(last)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", type=Path, metavar="CHECKOUT")
    args = parser.parse_args()
    base = Path(os.environ.get("CFO_CACHE_DIR") or tempfile.mkdtemp(prefix="cfo-stages-"))
    subjects = [("this checkout", None)]
    if args.baseline is not None:
        subjects.insert(0, ("baseline", args.baseline.resolve()))
    with tempfile.TemporaryDirectory(prefix="cfo-stages-") as scratch:
        copies = {}
        for name, code in subjects:
            copy = Path(scratch) / name.replace(" ", "-") / "workspace"
            shutil.copytree(args.workspace, copy)
            cache = base / name.replace(" ", "-")
            _run(copy, cache, code)  # cold: fills the cache
            _run(copy, cache, code)  # the report's state of this day
            copies[name] = (copy, cache, code)
        rows: dict[str, list[tuple[str, float, dict[str, float]]]] = {}
        for number in range(1, args.repeat + 1):
            for name, (copy, cache, code) in copies.items():
                mission = sorted((copy / "missions").glob("*.yaml"))[number]
                with mission.open("a", encoding="utf-8") as handle:
                    handle.write(f"# stages {number}\n")
                for run in ("after one edit", "nothing changed"):
                    load = os.getloadavg()[0]
                    rows.setdefault(f"{name}, {run}", []).append(
                        (f"{load:.1f}", 0.0, _run(copy, cache, code)))
    for title, rounds in rows.items():
        print(f"\n{title}: CPU seconds by stage, {len(rounds)} rounds (load average "
              f"{', '.join(load for load, _, _ in rounds)})\n")
        stages = list(dict.fromkeys(stage for _, _, figures in rounds for stage in figures))
        print("| stage | " + " | ".join(f"round {n}" for n in range(1, len(rounds) + 1))
              + " |")
        print("| --- |" + " --- |" * len(rounds))
        for stage in stages:
            print(f"| {stage} | "
                  + " | ".join(f"{figures.get(stage, 0):.3f}" for _, _, figures in rounds)
                  + " |")


if __name__ == "__main__":
    main()
