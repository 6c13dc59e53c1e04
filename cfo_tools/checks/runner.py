"""Everything ``cfo check`` runs: validation, then the checks that need a sound model."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cfo_tools.checks.after_edit import CheckInputs, keep_paperwork
from cfo_tools.checks.check_facts import CheckFacts, facts_of, rule_detail_of
from cfo_tools.checks.follow_up import WHOLE_RULES as FOLLOW_UP_ACROSS
from cfo_tools.checks.follow_up import FollowUpContext, run_follow_up
from cfo_tools.checks.report_by_file import (
    ACROSS_RULES,
    Computed,
    FileReport,
    IncompleteState,
    Render,
    ReportState,
    Source,
    findings_digest,
    placed_again,
)
from cfo_tools.checks.rules.problem import Problem, run_registry
from cfo_tools.checks.subject_checks import Recheck, checked_by_subject, subjects_started
from cfo_tools.checks.subject_memo import SubjectMemo
from cfo_tools.checks.subjects import PEOPLE, SubjectIndex
from cfo_tools.checks.validation import (
    Locator,
    Places,
    PreparedRun,
    RunResults,
    ValidationReport,
    located_problems,
    memoized,
    prepare_run,
    subject_memo,
    validate_prepared,
    whole_rule_problems,
)
from cfo_tools.loading.background_writes import held, write_to_cache
from cfo_tools.loading.bulk_loading import bulk_loading
from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.installation_memo import library_version
from cfo_tools.loading.kinds import RECORD_KINDS
from cfo_tools.loading.process_end import keep
from cfo_tools.loading.work_pool import default_start_method
from cfo_tools.model.findings import Finding, sort_findings
from cfo_tools.planning.conflicts import conflict_findings, find_conflicts
from cfo_tools.planning.remembered_holidays import HolidayMemo, company_calendar
from cfo_tools.planning.working_calendar import WorkingCalendar


@dataclass
class CheckReport:
    validation: ValidationReport
    findings: list[Finding]
    #: Each document's content key (``loading/document_cache.py``) by file, when the run had
    #: a cache: what ``cfo site`` keys its pages by.
    document_keys: dict[str, bytes] | None = None
    #: With a cache, the digest of everything the findings and the model were made from (every
    #: document's key, the day, the tool: ``PreparedRun.run_key``): the same key, the same
    #: report, which lets ``cfo site`` know that nothing it shows changed.
    state_key: bytes | None = None
    #: With a cache, the cache and the place of the workspace it keeps entries for: where
    #: ``cfo site`` keeps the parts of its views (``site/view_memo.py``).
    cache: DocumentCache | None = None
    remembered_as: Path | None = None
    #: The company's working calendar the conflicts and follow-up were found with (None
    #: without a company or when its holiday region is unknown), and the public holidays
    #: kept in the cache it came from (None without a cache).
    calendar: WorkingCalendar | None = None
    holidays: HolidayMemo | None = None

    @property
    def stats(self) -> dict[str, int]:
        return self.validation.stats


def calendar_of(report: ValidationReport, holidays: HolidayMemo | None = None
                ) -> WorkingCalendar | None:
    """The company's working calendar (its holidays from ``holidays`` when given)."""
    return company_calendar(report.workspace.company, holidays)


def run_checks(root: Path, *, today: date, cache_folder: Path | None = None,
               throwaway: bool = False, memos_from: Path | None = None) -> CheckReport:
    """All findings about the workspace at ``root``, as of ``today`` (``cache_folder`` and
    ``throwaway``: see ``validate_workspace``), with the model they were found in. With a
    cache, the conflicts and follow-up of the freelancers and missions no edit touched come
    from the memo per subject, as ``cfo check``'s do (``cfo site`` after one edit); a
    ``throwaway`` one from the memos of the workspace at ``memos_from``, read only."""
    with bulk_loading():
        prepared = prepare_run(root, cache_folder=cache_folder, throwaway=throwaway,
                               memos_from=memos_from)
    return _checked_run(prepared, today)


def check_results(root: Path, *, today: date, cache_folder: Path | None = None) -> RunResults:
    """What ``cfo check`` reports, from the run memo when nothing changed (nor ``today``)."""
    with bulk_loading():
        prepared = prepare_run(root, cache_folder=cache_folder)

    def run() -> RunResults:
        checked = _checked_run(prepared, today)
        return RunResults(checked.findings, checked.stats)

    return memoized(prepared, _check_purpose(today, prepared.cache), run)


def check_by_file(root: Path, *, today: date, cache_folder: Path | None, view: str,
                  render: Render) -> FileReport | None:
    """What ``cfo check`` reports, file by file (``checks/report_by_file.py``): each file's
    findings rendered by ``render`` (``view`` names how, for the pieces kept), from the last
    run's pieces for every file no changed source put findings on. None without a cache
    (or for a workspace that would not be asked again): then :func:`check_results`."""
    with bulk_loading():
        prepared = prepare_run(root, cache_folder=cache_folder)
    # What the run loaded and found lives until the command ends: not freed at its end
    # (``loading/process_end.py``).
    keep(prepared)
    cache = prepared.cache
    if cache is None or prepared.document_keys is None or prepared.remembered_as is None:
        return None
    with bulk_loading():
        # 22 MB of pieces and 43,000 sources unpickled: with the collector paused (it
        # walked them several times, doubling the unpickling).
        state = ReportState.open(cache, prepared.remembered_as)
    return reported_from_state(prepared, today, state, _check_purpose(today, cache), view,
                               render)


#: What each kind of subject computes in a report of the cross-file rules alone (``cfo
#: validate``'s, ``checks/validation_by_file.py``): no conflicts, no follow-up.
RULE_SOURCES = {"people": ("rules",), "freelancer": (), "mission": ("rules",)}


def reported_from_state(prepared: PreparedRun, today: date, state: ReportState, purpose: str,
                        view: str, render: Render, *, subjects_checked: bool = True
                        ) -> FileReport:
    """The report of the last run's ``state`` when the run's key for ``purpose`` is its key,
    else made on it (every source computed when it has none). Without ``subjects_checked``,
    the freelancers' and missions' conflicts and follow-up are not computed: the report of
    the files and the cross-file rules alone (``cfo validate``'s)."""
    if state.head is None:
        # Nothing to answer from (a cold cache): the documents' keys are left for the
        # pool's workers to make (reading and hashing 22,000 files here first cost 0.4 s
        # before the pool), and the run's key is taken from them afterwards. The rules'
        # and subjects' results, their findings and the report are hundreds of thousands of
        # objects that live until the end: the collector's passes over them (ten full ones,
        # 2-3 s of a cold check on 22,000 files) would free nothing.
        with bulk_loading():
            computed = _sources(prepared, today, state, subjects_checked=subjects_checked)
            keep(state, computed)
            return state.update(prepared.run_key(purpose), view, computed, render)
    run = prepared.run_key(purpose)
    answered = state.answer(run, view)
    if answered is not None:
        return answered
    try:
        return _updated(prepared, today, state, run, view, render, subjects_checked)
    except IncompleteState:
        state.forget()
        return state.update(run, view, _sources(prepared, today, state,
                                                subjects_checked=subjects_checked), render)


def _updated(prepared: PreparedRun, today: date, state: ReportState, run: bytes | None,
             view: str, render: Render, subjects_checked: bool = True) -> FileReport:
    """The report after this run's sources, computed on the last run's ``state``."""
    with ExitStack() as paused:
        computed = _sources(prepared, today, state, paused, subjects_checked=subjects_checked)
        keep(state, computed)
        return state.update(run, view, computed, render)


def _sources(prepared: PreparedRun, today: date, state: ReportState,
             paused: ExitStack | None = None, *, subjects_checked: bool = True) -> Computed:
    """Every source of the run's findings with its key, and the findings of those not known
    to the last run's ``state`` under the same key. Only the subjects that depend on a file
    changed since (or on every file, when the roster's ids or the day changed) are made and
    keyed again: the others keep the key they had. After a few edits, only the records of
    those subjects are loaded (``checks/after_edit.py``), else the whole workspace. With
    ``paused``, a run after a few edits keeps the garbage collector paused until it is
    closed (the report written). Without ``subjects_checked``: the files and the
    cross-file rules alone (see :func:`reported_from_state`)."""
    from cfo_tools.checks.after_edit import inputs_after_edit
    from cfo_tools.checks.rule_subjects import split_rule_sources

    assert prepared.cache is not None  # checked by the caller
    # The holidays from the cache: the package costs a tenth of a second to import.
    holidays = HolidayMemo(prepared.cache)
    # The writes of the inputs (on a cold run, the snapshot and the documents' facts) are
    # done by one child, forked just before the subjects' pool: each fork costs this
    # process a fault on every page it writes afterwards, and two forks in a row cost
    # about one.
    with bulk_loading(), held():
        inputs = inputs_after_edit(prepared, today, state, holidays) if subjects_checked \
            else inputs_after_edit(prepared, today, state, holidays, RULE_SOURCES)
        if inputs is None:
            inputs = _whole_inputs(prepared, today, state, holidays)
    if paused is not None and not inputs.whole:
        # After a few edits, the few records loaded and the findings of the subjects checked
        # again leave little garbage, while the collector's passes over what the run built
        # cost 0.05 s. Not on the whole workspace: its subjects may be checked by forked
        # workers, which would inherit a paused collector.
        paused.enter_context(bulk_loading())
    keep(inputs)
    workspace, index, recheck = inputs.workspace, inputs.index, inputs.recheck
    known = state.known()
    subjects = subject_memo(prepared) if subjects_checked else None
    # The positions looked up for the rules' and the subjects' findings, kept for the next
    # runs once (``_remember_at_end``), not as each part is located.
    looked: Places = {}

    def locate_all(places: Iterable[tuple[str, str]]) -> Places:
        every, found = inputs.locator.positions(places)
        looked.update(found)
        return every

    # The memos' new bases (a cold run) are written by the child of the report's first
    # write (``ReportState.update``), not each by a child of its own.
    with ExitStack() as stack:
        stack.enter_context(held(with_next=True))
        started = None
        if inputs.calendar is not None and subjects is not None:
            # Workers that are not forked would be sent the whole workspace pickled, once
            # each: the subjects are then checked here.
            jobs = None if default_start_method() == "fork" else 1
            # Started first: on a cold cache the workers check the subjects while this
            # process runs the cross-file rules, instead of each waiting for the other.
            started = stack.enter_context(subjects_started(
                workspace, inputs.calendar, today, subjects, known=known, recheck=recheck,
                jobs=jobs, index=index, across=inputs.follow_up, whole=inputs.whole,
                locator=inputs.locator, only=inputs.current, remember=looked.update))
        if inputs.later is not None:
            inputs.later()
        memo = subject_memo(prepared, "rules")
        assert memo is not None  # a cache and a workspace asked again: checked by the caller
        sources, problems = split_rule_sources(workspace, memo, known=known, recheck=recheck,
                                               index=index, whole=inputs.whole,
                                               region_known=inputs.calendar is not None,
                                               only=inputs.current)
        problems[ACROSS_RULES] = inputs.across
        sources.append((ACROSS_RULES, None))
        # All positions at once (one query for the line maps), then shared out again.
        everything = located_problems([p for part in problems.values() for p in part],
                                      locate_all)
        found: dict[Source, list[Finding]] = {}
        start = 0
        for source, part in problems.items():
            found[source] = everything[start:start + len(part)]
            start += len(part)
        _file_sources(prepared, inputs, known, sources, found)
        if started is not None:
            more, results = started.sources()
            sources += more
            found.update(results)
    _remember_at_end(prepared.cache, inputs.locator, looked)
    holidays.save()
    _keyed_by_findings(sources, found, known)
    # After a few edits, only the subjects checked again are listed (``Listed``).
    every = inputs.current if inputs.current is not None else {
        (PEOPLE, ""), *(("freelancer", f) for f in index.freelancer_ids()),
        *(("mission", m) for m in index.mission_ids())}
    state.depend(inputs.subject_keys, inputs.unkeyed, inputs.purposes, recheck.made, every,
                 inputs.listed)
    # The company's file may have changed with its data (its key for the subjects) the same:
    # the lines of the subjects' findings on it are looked up again. Their positions join
    # those kept at the end (``looked``, read by that write when it is done): remembered on
    # their own, on a cold check they were a table of four positions stored before the
    # report's child is forked, which made the table of 61,000 at the end filter every
    # position against the workspace's documents (0.05 s of the end).
    company = workspace.company
    moved = ({} if company is None else {company.file: inputs.keys.get(company.file)},
             locate_all)
    return sources, found, inputs.stats, moved


def _remember_at_end(cache: DocumentCache, locator: Locator, looked: Places) -> None:
    """Keep the positions ``looked`` up by the run for the next runs, by the child of the
    report's first write beside the command, after that write (``background_writes.held``),
    else by this process once its report is written: on a cold check, the table of 61,000
    positions made into columns and stored (0.2-0.3 s) held up the end of the subjects'
    phase, with the other core idle, and it was made twice (the rules' positions first,
    then all of them again with the subjects'). Made by this process at the end, it was the
    last thing the run waited for (0.13 s) while that child, forked before the render, was
    done before it. ``looked`` is complete at that fork: the report's update looks up the
    places it asks for again (the company's file) before it forks."""
    with held(with_next=True):
        write_to_cache(cache, locator.remember, looked, beside=True)


def _whole_inputs(prepared: PreparedRun, today: date, state: ReportState,
                  holidays: HolidayMemo) -> CheckInputs:
    """The inputs of the run from the whole workspace (from its snapshot); the documents'
    facts and the paperwork's problems kept for the next run (``checks/check_facts.py``,
    ``checks/paperwork_groups.py``)."""
    # No check reads a mission's brief (half the snapshot's bytes): left out, a brief read
    # would fail loudly (``loading/workspace_snapshot.py``).
    report = validate_prepared(prepared, rules=False, briefs=False)
    workspace = report.workspace
    index = SubjectIndex.of(workspace)
    keys = prepared.keys_by_file()
    unkeyed = {spec.file for spec in prepared.files.documents if spec.file not in keys}
    purposes = f"{index.roster_digest} {today.isoformat()}"
    changed = state.changed_files(prepared.subject_keys(), unkeyed, purposes)
    recheck = Recheck(None if changed is None
                      else index.readers(changed) | state.depending_on(changed))
    _keep_facts(prepared, report)
    calendar = company_calendar(workspace.company, holidays)
    across: list[tuple[str, Problem]] = []
    follow_up = None
    if calendar is not None:
        follow_up = list(run_registry(FOLLOW_UP_ACROSS,
                                      FollowUpContext(workspace, calendar, today)))

    def later() -> None:
        # The rules across missions (0.1 s of a cold check) and the paperwork's memo, once
        # the subjects' workers are started: they read neither.
        across.extend(whole_rule_problems(workspace))
        if follow_up is not None:
            keep_paperwork(prepared, workspace, index, today, [*across, *follow_up])

    return CheckInputs(workspace, index, recheck, purposes, keys, prepared.subject_keys(),
                       unkeyed, calendar,
                       report.findings, across, report, report.stats, whole=True,
                       follow_up=follow_up, later=later)


def _keep_facts(prepared: PreparedRun, report: ValidationReport) -> None:
    """Keep the facts of every document (``checks/check_facts.py``), when some are new: on a
    cold run (many new), made and written by a child on the other core while this process
    goes on with the rules and subjects, which do not read them."""
    cache, root, keys = prepared.cache, prepared.remembered_as, prepared.keys
    if cache is None or root is None or keys is None:
        return
    kept = CheckFacts(cache, root)
    new = sum(1 for key in keys if isinstance(key, bytes) and key not in kept.known)
    # Kept apart, the rule details may lack what the facts hold (removed, damaged): a run
    # after an edit would then load the whole workspace each time, as this one.
    if new or kept.rules.lacks(keys):
        write_to_cache(cache, _save_facts, prepared, report, kept,
                       beside=new >= FACTS_BESIDE_FROM)


#: From this many new documents, their facts are made and kept beside the run
#: (``loading/background_writes.py``): on the medium workspace (22,000), about 0.5 s of CPU
#: and the write.
FACTS_BESIDE_FROM = 2_000


def _save_facts(prepared: PreparedRun, report: ValidationReport, kept: CheckFacts) -> None:
    keys = prepared.keys
    assert keys is not None  # checked by the caller
    documents = prepared.files.documents
    apart = {id(f) for f in (*prepared.files.findings, *prepared.schemas.findings)}
    own: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if id(finding) not in apart:
            own.setdefault(finding.file, []).append(finding)
    if not own.keys() <= {spec.file for spec in documents}:
        return  # a document's finding on another file: not kept by document
    workspace = report.workspace
    facts = {}
    rules = {}
    for spec, key in zip(documents, keys, strict=True):
        if isinstance(key, bytes):
            record = (workspace.company if spec.kind == "company"
                      else RECORD_KINDS[spec.kind].store.records_of(workspace).get(spec.id))
            facts[key] = kept.known.get(key) or facts_of(record, own.get(spec.file, ()))
            detail = kept.rules.get(key)
            rules[key] = rule_detail_of(record) if detail is None else detail
    kept.save(facts, rules)


def _file_sources(prepared: PreparedRun, inputs: CheckInputs,
                  known: Mapping[Source, bytes | None] | None,
                  sources: list[tuple[Source, bytes | None]],
                  found: dict[Source, list[Finding]]) -> None:
    """The findings of the files themselves as sources: each document's own under its
    content key (an unchanged document's are not made nor rendered again), the scan's and
    the schemas' (and any on a file without a key) as :data:`FILES`."""
    apart = {id(f) for f in (*prepared.files.findings, *prepared.schemas.findings)}
    rest: list[Finding] = []
    by_file: dict[str, list[Finding]] = {}
    for finding in inputs.file_findings:
        if id(finding) in apart or finding.file not in inputs.keys:
            rest.append(finding)
        else:
            by_file.setdefault(finding.file, []).append(finding)
    found[FILES] = rest
    sources.append((FILES, None))
    for file, part in by_file.items():
        source, key = (DOCUMENT, "", file), inputs.keys[file]
        sources.append((source, key))
        if known is None or known.get(source) != key:
            found[source] = part


def _keyed_by_findings(sources: list[tuple[Source, bytes | None]],
                       found: dict[Source, list[Finding]],
                       known: Mapping[Source, bytes | None] | None) -> None:
    """The sources computed on every run (no key) keyed by a digest of their findings:
    one that found what it found last time is dropped from ``found``, and the files it
    reported on keep their pieces."""
    for position, (source, key) in enumerate(sources):
        if key is None and source in found:
            digest = findings_digest(found[source])
            sources[position] = (source, digest)
            if known is not None and known.get(source) == digest:
                del found[source]


#: The findings of the workspace's scan and of its schemas (and of files without a key).
FILES: Source = ("files", "", "")
#: The kind of the sources of each document's own findings: ("file", "", its file).
DOCUMENT = "file"


def _check_purpose(today: date, cache: DocumentCache | None) -> str:
    # The holidays of the working calendar come from a library, whose version matters: the
    # cache knows it (without importing importlib.metadata, 0.03 s).
    known = None if cache is None or cache.library_versions is None \
        else library_version(cache.library_versions, "holidays")
    return f"check {today.isoformat()} holidays {known or _version('holidays')}"


def _checked_run(prepared: PreparedRun, today: date) -> CheckReport:
    """The run's documents checked, then its conflicts and follow-up (per subject with a
    cache). The collector is paused throughout, as for a cold ``check_by_file``: the
    conflicts, problems and findings made here live until the end (``--no-cache``,
    ``cfo site``), and its passes over them would free nothing."""
    # The holidays from the cache: the package costs a tenth of a second to import.
    holidays = None if prepared.cache is None else HolidayMemo(prepared.cache)
    with bulk_loading():
        report = validate_prepared(prepared)
        checked = _checked(report, today, subject_memo(prepared), holidays)
    if holidays is not None:
        holidays.save()
    keep(prepared, checked)
    if prepared.keys is not None:
        checked.document_keys = prepared.keys_by_file()
        checked.state_key = prepared.run_key(_check_purpose(today, prepared.cache))
        checked.cache, checked.remembered_as = prepared.cache, prepared.remembered_as
    return checked


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:  # pragma: no cover - not installed as a distribution
        return "?"


def _checked(report: ValidationReport, today: date, memo: SubjectMemo | None = None,
             holidays: HolidayMemo | None = None) -> CheckReport:
    findings = list(report.findings)
    calendar = calendar_of(report, holidays)
    if calendar is not None and memo is not None:
        by_subject = checked_by_subject(report.workspace, calendar, today, memo, report)
        # Located when kept, under the company's data: its file's lines may have moved since.
        company = report.workspace.company
        findings += by_subject if company is None else placed_again(
            [by_subject], frozenset((company.file,)), report.locate_all)[0]
    elif calendar is not None:
        context = FollowUpContext(report.workspace, calendar, today)
        conflicts = find_conflicts(report.workspace, calendar, bookings=context.bookings)
        problems = list(run_follow_up(context))
        # All lines at once: thousands of conflicts in one huge mission file are found by a
        # scan of it instead of a full position map.
        places = report.locate_all([*((c.file, c.pointer) for c in conflicts),
                                    *(place for c in conflicts for place in c.involved),
                                    *((p.file, p.pointer) for _, p in problems)])
        findings += conflict_findings(conflicts, lambda file, pointer: places[file, pointer])
        for rule, problem in problems:
            line, column = places[problem.file, problem.pointer]
            findings.append(Finding(problem.file, line, column, problem.pointer, rule,
                                    problem.severity, problem.message))
    return CheckReport(report, sort_findings(findings), calendar=calendar, holidays=holidays)


#: Warnings that --strict turns into errors rather than merely failing on.
STRICT_ERRORS = frozenset({"compliance"})


def strict_findings(findings: list[Finding]) -> list[Finding]:
    from dataclasses import replace

    return [replace(f, severity="error") if f.rule in STRICT_ERRORS else f for f in findings]
