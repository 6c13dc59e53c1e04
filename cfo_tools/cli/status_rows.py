"""``cfo status`` through the cache: the board's pieces remembered per mission (issue 16).

A mission's row on the board (and its line among those ended without reviews) reads nothing
but the mission and what every row reads: the company's file (owners, drift limit, working
calendar), the invoices and activity reports (invoices to check, approved days), ``--today``
and the form asked, plus the freelancers' names for the Markdown form (see
``steering.status_board.mission_in_flight``). So each mission's pieces, already rendered, are
kept by its document key (``loading/document_views.py``) under the key of those inputs, with
what every document's own checks found (the files left out, which the warning names). After
one edit only the edited documents are loaded, from their cache entries or checked again;
the 22,000 records of the snapshot are not loaded. When the inputs every row reads changed
(another day, ``company.yaml`` or an invoice edited) or many documents did, the workspace is
loaded as before and every piece made again.

Without the cache the board is made by ``status_board`` and rendered whole, as the reference
the tests compare with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from cfo_tools.checks.validation import PreparedRun, prepare_run
from cfo_tools.cli.state import CliState, UsageProblem
from cfo_tools.cli.workspace_loading import company_calendar, load_for_planning, warn_left_out
from cfo_tools.loading.bulk_loading import bulk_loading
from cfo_tools.loading.checking_pool import check_documents
from cfo_tools.loading.document_checking import CheckedDocument
from cfo_tools.loading.document_views import DocumentViews, purpose_key
from cfo_tools.loading.kinds import RECORD_KINDS, DocumentFile
from cfo_tools.model.records import Company, Freelancer, Mission, Workspace
from cfo_tools.reporters.status import STATUS_PARTS, StatusParts

#: Beyond this many documents to load, the snapshot (all of them at once) is cheaper.
MOST_LOADED = 1000
#: The kinds whose records every row reads (their keys are part of the purpose).
_SHARED_KINDS = ("company", "invoice", "activity")

#: A mission's remembered row: (end, id, owner, in-flight piece or None, unreviewed piece or
#: None); a view: (the files its checks found errors in, what is kept of the record).
Row = tuple[date, str, str, Any, Any]
View = tuple[tuple[str, ...], Any]


@dataclass
class _Run:
    """One status run through the cache."""

    prepared: PreparedRun
    parts: StatusParts
    today: date
    output_format: str


def status_output(state: CliState, owner: str | None, output_format: str) -> str:
    """What ``cfo status`` prints (warnings on stderr, a UsageProblem for an unknown owner)."""
    parts = STATUS_PARTS[output_format]
    cache_folder = state.cache_folder()
    if cache_folder is None:
        return _whole_board(state, owner, parts)
    with bulk_loading():
        prepared = prepare_run(state.workspace(), cache_folder=cache_folder)
    if prepared.cache is None or prepared.keys is None:
        return _whole_board(state, owner, parts, prepared)
    run = _Run(prepared, parts, state.today, output_format)
    with bulk_loading():
        remembered = _from_views(run)
    if remembered is None:
        return _through_the_workspace(state, run, owner)
    company, error_files, rows = remembered
    if error_files:
        warn_left_out(error_files)
    _check_owner(company, owner)
    return _assembled(run, rows, owner)


def _whole_board(state: CliState, owner: str | None, parts: StatusParts,
                 prepared: PreparedRun | None = None) -> str:
    from cfo_tools.steering.status_board import status_board

    loaded = load_for_planning(state, briefs=False, rules=False, prepared=prepared)
    workspace = loaded.report.workspace
    _check_owner(workspace.company, owner)
    return parts.render(status_board(workspace, loaded.calendar, today=state.today,
                                     owner=owner))


def _check_owner(company: Company | None, owner: str | None) -> None:
    if owner is not None and (company is None or company.member(owner) is None):
        raise UsageProblem(f"no team member '{owner}' in company.yaml")


def _purpose(run: _Run) -> bytes | None:
    """The key of what every row reads; None when the company's file could not be read."""
    prepared = run.prepared
    assert prepared.cache is not None and prepared.keys is not None
    shared: list[str | bytes] = ["status", run.output_format, run.today.isoformat()]
    kinds = (*_SHARED_KINDS, "freelancer") if run.parts.uses_names else _SHARED_KINDS
    company = False
    for spec, key in zip(prepared.files.documents, prepared.keys, strict=True):
        if spec.kind in kinds:
            if not isinstance(key, bytes):
                return None  # unreadable: the whole board says what it makes of it
            company = company or spec.kind == "company"
            shared += [spec.kind, spec.file, key]
    return purpose_key(prepared.cache, shared) if company else None


def _from_views(run: _Run) -> tuple[Company, list[str], list[Row]] | None:
    """The company, the files left out, every mission's row and every document's view, from
    the views kept and the documents not among them; None when the workspace must be loaded
    (inputs of every row changed, too many documents to load, no usable company)."""
    prepared = run.prepared
    cache, keys = prepared.cache, prepared.keys
    assert cache is not None and keys is not None
    purpose = _purpose(run)
    if purpose is None or prepared.remembered_as is None:
        return None
    kept = DocumentViews(cache, prepared.remembered_as, b"status-" + run.output_format.encode(),
                         purpose)
    known = kept.known
    documents = prepared.files.documents
    wanted = [index for index, key in enumerate(keys)
              if not isinstance(key, bytes) or key not in known]
    if len(wanted) > MOST_LOADED:
        return None
    loaded = _loaded(prepared, [documents[i] for i in wanted], [keys[i] for i in wanted])
    fresh = dict(zip(wanted, loaded, strict=True))
    # First what every row reads (from the views, or the documents just loaded), then the
    # rows of the missions loaded.
    shared = Workspace(root=prepared.root, company=None)
    names: dict[str, str] = {}
    views: dict[bytes, View] = {}
    for index, (spec, key) in enumerate(zip(documents, keys, strict=True)):
        if spec.kind == "mission":
            continue
        checked = fresh.get(index)
        view = _view(spec, checked) if checked is not None else known[key]  # type: ignore[index]
        _gather(spec, view, shared, names)
        if isinstance(key, bytes):
            views[key] = view
    company = shared.company
    calendar = company_calendar(company, cache)
    if company is None or calendar is None:
        return None
    from cfo_tools.steering.status_board import board_inputs

    inputs = board_inputs(shared, calendar, today=run.today)
    rows: list[Row] = []
    for index, (spec, key) in enumerate(zip(documents, keys, strict=True)):
        if spec.kind != "mission":
            continue
        checked = fresh.get(index)
        if checked is None:
            view = known[key]  # type: ignore[index]
        else:
            model = checked.model
            view = (_error_files(checked), _row(run.parts, model, inputs, names)
                    if isinstance(model, Mission) else None)
        if view[1] is not None:
            rows.append(view[1])
        if isinstance(key, bytes):
            views[key] = view
    error_files = {f.file for f in (*prepared.files.findings, *prepared.schemas.findings)
                   if f.severity == "error"}
    for view in views.values():
        error_files.update(view[0])
    for index, checked in fresh.items():  # unreadable files have no key, hence no view
        if not isinstance(keys[index], bytes):
            error_files.update(_error_files(checked))
    kept.save(views)
    return company, sorted(error_files), rows


def _loaded(prepared: PreparedRun, specs: Sequence[DocumentFile], keys: Sequence[Any]
            ) -> list[CheckedDocument]:
    """The documents not among the views: from their cache entries, else checked (and
    stored); unreadable ones are already what checking them gave."""
    readable = [i for i, key in enumerate(keys) if isinstance(key, bytes)]
    checked = check_documents([specs[i] for i in readable], prepared.schemas.validators,
                              cache=prepared.cache, keys=[keys[i] for i in readable],
                              briefs=False) if readable else []
    found: list[CheckedDocument] = [key for key in keys if isinstance(key, CheckedDocument)]
    by_index = dict(zip(readable, checked, strict=True))
    unreadable = iter(found)
    return [by_index[i] if i in by_index else next(unreadable) for i in range(len(keys))]


def _error_files(checked: CheckedDocument) -> tuple[str, ...]:
    return tuple(sorted({f.file for f in checked.findings if f.severity == "error"}))


def _view(spec: DocumentFile, checked: CheckedDocument) -> View:
    """What is kept of a document other than a mission: the freelancer's name, the record
    of a kind every row reads, nothing else."""
    model = checked.model
    if spec.kind in _SHARED_KINDS:
        kept = model
    elif isinstance(model, Freelancer):
        kept = model.name
    else:
        kept = None
    return _error_files(checked), kept


def _gather(spec: DocumentFile, view: View, shared: Workspace, names: dict[str, str]) -> None:
    if spec.kind in _SHARED_KINDS:
        RECORD_KINDS[spec.kind].store.put(shared, spec, view[1])
    elif spec.kind == "freelancer" and view[1] is not None:
        names[spec.id] = view[1]


def _row(parts: StatusParts, mission: Mission, inputs: Any, names: dict[str, str]) -> Row:
    from cfo_tools.steering.status_board import mission_in_flight, mission_unreviewed

    in_flight = mission_in_flight(mission, inputs)
    unreviewed = mission_unreviewed(mission, inputs.today)
    return (mission.end, mission.id, mission.owner,
            None if in_flight is None else parts.row(in_flight, names),
            None if unreviewed is None else parts.unreviewed(unreviewed, names))


def _through_the_workspace(state: CliState, run: _Run, owner: str | None) -> str:
    """The whole workspace loaded (from the snapshot), every view made again and kept."""
    prepared = run.prepared
    loaded = load_for_planning(state, briefs=False, rules=False, prepared=prepared)
    report = loaded.report
    workspace = report.workspace
    _check_owner(workspace.company, owner)
    from cfo_tools.steering.status_board import board_inputs

    inputs = board_inputs(workspace, loaded.calendar, today=run.today)
    names = {i: f.name for i, f in workspace.freelancers.items()}
    rows: list[Row] = [_row(run.parts, mission, inputs, names)
                       for mission in workspace.missions.values()]
    purpose = _purpose(run)
    if purpose is not None and prepared.cache is not None and prepared.keys is not None \
            and prepared.remembered_as is not None:
        views = _views_of(prepared, report.findings, workspace, rows)
        if views is not None:
            DocumentViews(prepared.cache, prepared.remembered_as,
                          b"status-" + run.output_format.encode(), purpose).save(views)
    return _assembled(run, rows, owner)


def _views_of(prepared: PreparedRun, findings: Sequence[Any], workspace: Workspace,
              rows: list[Row]) -> dict[bytes, View] | None:
    """Every document's view from the loaded workspace; None when a finding of a document
    names another file (then its errors could not be told from its own key)."""
    assert prepared.keys is not None
    apart = {id(f) for f in (*prepared.files.findings, *prepared.schemas.findings)}
    errors = {finding.file for finding in findings
              if id(finding) not in apart and finding.severity == "error"}
    by_id = {row[1]: row for row in rows}
    files = {spec.file for spec in prepared.files.documents}
    if not errors <= files:
        return None
    views: dict[bytes, View] = {}
    for spec, key in zip(prepared.files.documents, prepared.keys, strict=True):
        if not isinstance(key, bytes):
            continue
        record = RECORD_KINDS[spec.kind].store.records_of(workspace).get(spec.id)
        kept: Any
        if spec.kind == "mission":
            kept = by_id.get(spec.id) if record is not None else None
        elif spec.kind in _SHARED_KINDS:
            kept = record
        elif isinstance(record, Freelancer):
            kept = record.name
        else:
            kept = None
        views[key] = ((spec.file,) if spec.file in errors else (), kept)
    return views


def _assembled(run: _Run, rows: list[Row], owner: str | None) -> str:
    """The board's text from the missions' rows, in its order (soonest end first)."""
    chosen = sorted((row for row in rows if owner is None or row[2] == owner),
                    key=lambda row: (row[0], row[1]))
    return run.parts.whole(run.today, [row[3] for row in chosen if row[3] is not None],
                           [row[4] for row in chosen if row[4] is not None])
