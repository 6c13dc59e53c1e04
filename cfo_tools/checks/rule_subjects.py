"""The cross-file rules subject by subject (issue 16): after one edit, only the missions it
touches, or the company and roster, are checked again.

The rules of ``SPLIT_RULES`` report on the company's file, a freelancer's or a mission's, and
read nothing but that record, the company, the freelancers a mission names and the roster's
ids. So they run on two kinds of subject (``checks/subjects.py``): the company with the whole
roster and no mission (which keeps its problems on those files), and each mission with the
company, the freelancers it names and the roster's ids (which keeps the problems on the
mission's file). Each result is remembered under the document keys of exactly the files of
its subject and a digest of the roster's ids (``subject_memo``). ``WHOLE_RULES``, which read
across missions, still run on the whole workspace. A rule that read anything else would give
another answer than on the whole workspace, which the tests comparing with ``--no-cache``
would show.
"""

from __future__ import annotations

from cfo_tools.checks.rules import SPLIT_RULES
from cfo_tools.checks.rules.problem import run_registry
from cfo_tools.checks.subject_memo import RuleProblems, SubjectMemo, problem_rows, rows_problems
from cfo_tools.checks.subjects import PEOPLE, Subject, SubjectIndex
from cfo_tools.model.records import Workspace

#: From this many subjects to check (a cold cache, the company or the roster's ids changed),
#: the rules run once on the whole workspace and their problems are shared out by file:
#: checking 20,000 small workspaces costs several times one pass over the whole one.
WHOLE_FROM = 500


def split_rule_problems(workspace: Workspace, memo: SubjectMemo) -> RuleProblems:
    """What ``SPLIT_RULES`` find on ``workspace``, each subject's from the memo when none of
    its files (nor the roster's ids) changed."""
    index = SubjectIndex.of(workspace)
    purpose = f"rules {index.roster_digest}"
    subjects = [index.people(), *index.missions()]
    keys = [memo.key(purpose, subject) for subject in subjects]
    found = [rows_problems(memo.stored(key)) for key in keys]
    missing = [i for i, problems in enumerate(found) if problems is None]
    if len(missing) >= WHOLE_FROM:
        everything = list(run_registry(SPLIT_RULES, workspace))
        shares = _shared_out(everything, [subjects[i] for i in missing], workspace)
        if shares is None:
            return everything  # a problem on another file: nothing kept, all of it reported
        for i, problems in zip(missing, shares, strict=True):
            memo.learn(keys[i], problem_rows(problems))
        memo.save()
        return everything
    for i in missing:
        found[i] = _subject_problems(index, subjects[i])
        memo.learn(keys[i], problem_rows(found[i] or []))
    memo.save()
    return [problem for problems in found for problem in problems or ()]


def _subject_problems(index: SubjectIndex, subject: Subject) -> RuleProblems:
    problems = run_registry(SPLIT_RULES, index.rules_workspace(subject))
    if subject.kind == PEOPLE:
        return list(problems)
    # The company's and the freelancers' own problems belong to the people subject.
    file = index.workspace.missions[subject.id].file
    return [(rule, problem) for rule, problem in problems if problem.file == file]


def _shared_out(problems: RuleProblems, subjects: list[Subject], workspace: Workspace
                ) -> list[RuleProblems] | None:
    """``problems`` (of the whole workspace) shared out to ``subjects`` by the file they are
    on; None if one is on a file no subject owns (then no subject's share can be trusted)."""
    owners: dict[str, int] = {}
    people = [] if workspace.company is None else [workspace.company.file]
    people += workspace.freelancer_files.values()
    for file in people:
        owners[file] = -1
    for mission in workspace.missions.values():
        owners[mission.file] = -2
    by_file: dict[str, RuleProblems] = {}
    for rule, problem in problems:
        if problem.file not in owners:
            return None
        by_file.setdefault(problem.file, []).append((rule, problem))
    shares = []
    for subject in subjects:
        if subject.kind == PEOPLE:
            shares.append([p for file in people for p in by_file.get(file, ())])
        else:
            shares.append(by_file.get(workspace.missions[subject.id].file, []))
    return shares
