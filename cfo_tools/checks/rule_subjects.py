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

from collections.abc import Collection, Mapping, Sequence

from cfo_tools.checks.rules import (
    SPLIT_RULES,
    holiday_region,
    invalid_siren,
    placeholder_text,
)
from cfo_tools.checks.rules.problem import registry_on_two_cores, run_registry
from cfo_tools.checks.subject_checks import DIRECT_UP_TO, Recheck, _made, made_subjects
from cfo_tools.checks.subject_memo import RuleProblems, SubjectMemo, problem_rows, rows_problems
from cfo_tools.checks.subjects import PEOPLE, Subject, SubjectIndex
from cfo_tools.model.records import Workspace

#: From this many subjects to check (a cold cache, the company or the roster's ids changed),
#: the rules run once on the whole workspace and their problems are shared out by file:
#: checking 20,000 small workspaces costs several times one pass over the whole one.
WHOLE_FROM = 500


#: A source of problems: ("rules", the subject's kind, its id); see ``subject_checks``.
Source = tuple[str, str, str]
#: Every problem of ``SPLIT_RULES`` at once, when they could not be shared out by subject.
ALL_SPLIT: Source = ("rules", "whole", "")


def split_rule_problems(workspace: Workspace, memo: SubjectMemo) -> RuleProblems:
    """What ``SPLIT_RULES`` find on ``workspace``, each subject's from the memo when none of
    its files (nor the roster's ids) changed. On a cold cache with many subjects, the rules
    run once on the whole workspace, and the subjects' shares are kept in the memo by a
    child on the other core (:func:`_remember_shares`): making 20,000 subjects and their
    keys, a third of the rules' time, no longer holds up ``cfo validate``, which needs
    none of them (the same problems, in the rules' order instead of the subjects')."""
    if len(workspace.missions) + 1 >= WHOLE_FROM and memo.empty():
        everything = registry_on_two_cores(SPLIT_RULES, workspace)
        memo.learn_beside(_remember_shares, workspace, everything)
        return everything
    sources, found = split_rule_sources(workspace, memo)
    return [problem for source, _ in sources for problem in found[source]]


def _remember_shares(memo: SubjectMemo, workspace: Workspace, everything: RuleProblems
                     ) -> None:
    """Keep in ``memo`` each subject's share of ``everything`` (what ``SPLIT_RULES`` find on
    the whole ``workspace``), as :func:`split_rule_sources` keeps them."""
    index = SubjectIndex.of(workspace)
    names, ids = _subject_names(index)
    subjects = [_made(subject) for subject in made_subjects(index, names, ids, None, None)]
    _learn_shares(memo, f"rules {index.roster_digest}", subjects, everything, workspace)


def _subject_names(index: SubjectIndex, only: Collection[tuple[str, str]] | None = None
                   ) -> tuple[list[tuple[str, str]], list[Source]]:
    """The subjects of ``SPLIT_RULES`` as (kind, id) (those of ``only``, when given), and as
    sources."""
    names = [(PEOPLE, ""), *(("mission", ident) for ident in index.mission_ids())
             ] if only is None else [*(((PEOPLE, ""),) if (PEOPLE, "") in only else ()),
                                     *(("mission", ident) for ident in sorted(
                                         ident for kind, ident in only if kind == "mission"))]
    return names, [("rules", kind, ident) for kind, ident in names]


def _learn_shares(memo: SubjectMemo, purpose: str, subjects: list[Subject],
                  everything: RuleProblems, workspace: Workspace,
                  keys: Sequence[bytes | None] | None = None) -> list[RuleProblems] | None:
    """Each of ``subjects``' share of ``everything`` (see :func:`_shared_out`), kept in
    ``memo`` under its key for ``purpose`` (``keys``, when the caller made them already);
    None (nothing kept) when one cannot be shared."""
    shares = _shared_out(everything, subjects, workspace)
    if shares is not None:
        if keys is None:
            keys = [memo.key(purpose, subject) for subject in subjects]
        for key, problems in zip(keys, shares, strict=True):
            memo.learn(key, problem_rows(problems))
        memo.save()
    return shares


def split_rule_sources(workspace: Workspace, memo: SubjectMemo, *,
                       known: Mapping[Source, bytes | None] | None = None,
                       recheck: Recheck | None = None, index: SubjectIndex | None = None,
                       whole: bool = True, region_known: bool = False,
                       only: Collection[tuple[str, str]] | None = None
                       ) -> tuple[list[tuple[Source, bytes | None]], dict[Source, RuleProblems]]:
    """Every subject of ``SPLIT_RULES`` on ``workspace`` as a source with its key, and the
    problems of each not ``known`` under the same key (all without ``known``); with
    ``known`` and few to check, checked without the memo (see ``subject_checks``). With
    ``recheck`` too, only its subjects are made and keyed: the others keep their known key.
    ``index``: the workspace's (made when not given); without ``whole``, the workspace holds
    only the records of the subjects to check (``checks/after_edit.py``): the rules are
    never run on it at once. ``region_known``: the company's working calendar could be made
    (its country and subdivision are known to the holidays library), which is all
    ``holiday-region`` asks: the rule is then not run (nor the library imported for it).
    ``only``: the subjects, as (kind, id), whose sources are listed (those of the index),
    not every one (after a few edits, ``report_by_file.Listed``)."""
    index = SubjectIndex.of(workspace) if index is None else index
    purpose = f"rules {index.roster_digest}"
    names, ids = _subject_names(index, only)
    subjects = made_subjects(index, names, ids, known, recheck)
    keys = [memo.key(purpose, subject) if subject is not None else (known or {})[source]
            for source, subject in zip(ids, subjects, strict=True)]
    sources: list[tuple[Source, bytes | None]] = list(zip(ids, keys, strict=True))
    pending = list(range(len(subjects))) if known is None else [
        i for i, (source, key) in enumerate(sources)
        if subjects[i] is not None and (key is None or known.get(source) != key)]
    direct = known is not None and len(pending) <= DIRECT_UP_TO
    found: dict[int, RuleProblems | None] = {
        i: None if direct else rows_problems(memo.stored(keys[i])) for i in pending}
    missing = [i for i in pending if found[i] is None]
    if whole and len(missing) >= WHOLE_FROM:
        everything = list(run_registry(SPLIT_RULES, workspace))
        # Their keys made above: 20,000 made again cost 0.05 s (a cold check).
        shares = _learn_shares(memo, purpose, [_made(subjects[i]) for i in missing],
                               everything, workspace, [keys[i] for i in missing])
        if shares is None:
            # A problem on another file: nothing kept, all of it reported as one source.
            return [(ALL_SPLIT, None)], {ALL_SPLIT: everything}
        for i, problems in zip(missing, shares, strict=True):
            found[i] = problems
    else:
        for i in missing:
            found[i] = _subject_problems(index, _made(subjects[i]), region_known)
            if not direct:
                memo.learn(keys[i], problem_rows(found[i] or []))
        if not direct:
            memo.save()
    return sources, {ids[i]: found[i] or [] for i in pending}


#: The rules that read the company and roster alone and report on their files: a mission's
#: subject would drop their problems (holiday-region would load the holidays library for
#: nothing).
_COMPANY_ONLY = (holiday_region, invalid_siren, placeholder_text)
#: What is run on a mission's subject.
_MISSION_RULES = tuple(rule for rule in SPLIT_RULES if rule not in _COMPANY_ONLY)
#: What is run on the company and roster when the company's region is known (see
#: :func:`split_rule_sources`).
_KNOWN_REGION_RULES = tuple(rule for rule in SPLIT_RULES if rule is not holiday_region)


def _subject_problems(index: SubjectIndex, subject: Subject, region_known: bool = False
                      ) -> RuleProblems:
    if subject.kind == PEOPLE:
        rules = _KNOWN_REGION_RULES if region_known else SPLIT_RULES
        return list(run_registry(rules, index.rules_workspace(subject)))
    problems = run_registry(_MISSION_RULES, index.rules_workspace(subject))
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
