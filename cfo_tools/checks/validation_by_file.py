"""``cfo validate``'s report kept file by file (issue 16): after one edit, only the rules of
the subjects it touches run again, and only the files whose findings may have changed are
rendered again.

``validate`` reports the files' own findings and those of the cross-file rules: what
``cfo check`` reports, without the conflicts and the follow-up. So it keeps a report state
of its own (``checks/report_by_file.py``, under another name than ``check``'s), made by the
same sources as ``check``'s (``runner.reported_from_state``) without those of the subjects'
conflicts and follow-up: the documents' facts, the rules per mission and the rules reading
across missions, after an edit from the facts and the few records it touches
(``checks/after_edit.py``). The memos both read (the rules' per subject, the paperwork
groups', the documents' facts, the table of positions) are content-keyed and shared.

A cold cache keeps ``validate``'s own path (the rules once on two cores, no state: a state
would cost a cold run the rendering and storing of every file's findings), and so does a
run that the run memo answers (nothing changed since the last ``validate`` without a
state). The first edit after those makes the state from the whole workspace; the next ones
update it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cfo_tools.checks.report_by_file import FileReport, Render, ReportState
from cfo_tools.checks.validation import (
    VALIDATE_PURPOSE,
    PreparedRun,
    RunResults,
    prepare_run,
    remembered_results,
    validated,
)
from cfo_tools.loading.bulk_loading import bulk_loading
from cfo_tools.loading.process_end import keep
from cfo_tools.loading.stat_index import workspace_place
from cfo_tools.model.records import Workspace

if TYPE_CHECKING:
    from cfo_tools.checks.subject_memo import RuleProblems, SubjectMemo

#: Beside the workspace's place, the name of ``validate``'s report state (``check``'s has
#: none): two states that never write over each other.
STATE_NAME = b"validate\0"


def validation_report(root: Path, *, today: date, cache_folder: Path | None, view: str,
                      render: Render) -> FileReport | RunResults:
    """What ``cfo validate`` reports: file by file from its report state (each file's
    findings rendered by ``render``, ``view`` naming how), or its findings when the run is
    one without a state (no cache, a cold one, or nothing changed since a run without a
    state). ``today``: the day the paperwork's memo is kept for, which the state shares with
    ``cfo check`` (the findings do not depend on it)."""
    with bulk_loading():
        prepared = prepare_run(root, cache_folder=cache_folder)
        # What the run loads lives until the command ends (``loading/process_end.py``).
        keep(prepared)
        cache, place = prepared.cache, prepared.remembered_as
        if cache is None or place is None or prepared.keys_pending:
            return validated(prepared)
        state = ReportState(cache, workspace_place(place) + STATE_NAME)
        if state.head is None:
            remembered = remembered_results(prepared, VALIDATE_PURPOSE)
            if remembered is not None:
                return remembered
    # Imported here: a cold run does not need the conflicts' and follow-up's modules.
    from cfo_tools.checks.runner import reported_from_state

    return reported_from_state(prepared, today, state, VALIDATE_PURPOSE, view, render,
                               subjects_checked=False)


def rule_problems_by_state(prepared: PreparedRun, workspace: Workspace, memo: SubjectMemo
                           ) -> RuleProblems | None:
    """What the rules per subject (``rule_subjects.SPLIT_RULES``) find on the whole
    ``workspace``, from ``validate``'s report state, read only: the subjects depending on a
    file changed since its last run are made and checked again, every other one keeps the
    key the state knows, under which its problems are read from ``memo``. None (then every
    subject is made and keyed, ``split_rule_problems``) without a state, for another roster,
    or with many subjects to check again. For the commands that load the workspace with the
    rules after an edit (``cfo brief``, ``build``, ``promote``...): making and keying the
    20,000 subjects of the medium workspace cost a third of their loading."""
    from cfo_tools.checks.after_edit import MOST_SUBJECTS
    from cfo_tools.checks.rule_subjects import split_rule_sources
    from cfo_tools.checks.runner import RULE_SOURCES
    from cfo_tools.checks.subject_checks import Recheck
    from cfo_tools.checks.subject_memo import rows_problems
    from cfo_tools.checks.subjects import SubjectIndex

    cache, place = prepared.cache, prepared.remembered_as
    if cache is None or place is None or prepared.keys_pending:
        return None
    with bulk_loading():
        state = ReportState(cache, workspace_place(place) + STATE_NAME)
    head = state.head
    if head is None:
        return None
    index = SubjectIndex.of(workspace)
    # The state's purposes are the roster's digest and a day, which the rules do not read.
    if not str(head["purposes"]).startswith(f"{index.roster_digest} "):
        return None
    keys = prepared.keys_by_file()
    unkeyed = {spec.file for spec in prepared.files.documents if spec.file not in keys}
    changed = state.changed_files(prepared.subject_keys(), unkeyed, head["purposes"])
    if changed is None:
        return None
    again = {name for name in index.readers(changed) | state.depending_on(changed)
             if RULE_SOURCES[name[0]]}
    if len(again) > MOST_SUBJECTS:
        return None
    known = state.known()
    assert known is not None  # a state with a head
    sources, found = split_rule_sources(workspace, memo, known=known, recheck=Recheck(again),
                                        index=index)
    kept = {source: rows_problems(memo.stored(key)) for source, key in sources
            if source not in found}
    missing = {source for source, problems in kept.items() if problems is None}
    if len(missing) > MOST_SUBJECTS:
        return None
    if missing:
        # Checked directly by the runs of ``validate`` after an edit, not kept in the memo.
        unknown = {source: key for source, key in known.items() if source not in missing}
        sources, again_found = split_rule_sources(
            workspace, memo, known=unknown,
            recheck=Recheck({(kind, ident) for _, kind, ident in missing}), index=index)
        found.update(again_found)
    problems: RuleProblems = []
    for source, _ in sources:
        part = found[source] if source in found else kept[source]
        if part is None:
            return None
        problems += part
    return problems
