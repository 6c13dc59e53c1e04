"""A workspace loaded as *views*: what a command makes of each document, kept by the
document's content key (``loading/document_views.py``), so that after one edit only the
edited documents are loaded, not the 22,000 records of the snapshot (issue 16).

A command gives a :class:`ViewRecipe`: the kinds whose records every view may read (the
company's file, for its calendar, at least: their files and keys are part of the key of the
views, the company by the fields the views read, with the recipe's own inputs such as
``--today``), and, from those, how to make the
view of any other document from its record alone. What each document's own checks found is
kept beside its view, so the files named as left out are the same as when the workspace is
loaded. When the views cannot be used (another day, a shared record edited, more than
:data:`MOST_LOADED` documents changed, no usable company), :func:`views_from_cache` says so
and the caller loads the workspace, from which :func:`views_of_workspace` makes every view
again and keeps them.

Nothing here prints or decides how a command refuses: the command line does
(``cli/view_loading.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cfo_tools.checks.validation import PreparedRun
from cfo_tools.loading.background_writes import write_to_cache
from cfo_tools.loading.bulk_loading import bulk_loading
from cfo_tools.loading.document_checking import CheckedDocument
from cfo_tools.loading.document_viewer import DocumentViewer
from cfo_tools.loading.document_views import DocumentViews, purpose_key
from cfo_tools.loading.kinds import RECORD_KINDS, DocumentFile, positions_of_kinds
from cfo_tools.model.findings import Finding
from cfo_tools.model.records import Company, Workspace
from cfo_tools.planning.working_calendar import WorkingCalendar

#: Beyond this many documents to load, the snapshot (all of them at once) is cheaper.
MOST_LOADED = 1000

#: How the view of a document is made from its record (None when it could not be built).
ViewMaker = Callable[[DocumentFile, object | None], Any]
#: Every view at once, in order, from the shared records, the calendar and the documents
#: with their records: a recipe whose views are costly makes them on every core with it.
BatchMaker = Callable[[Workspace, WorkingCalendar, Sequence[tuple[DocumentFile, object | None]]],
                      list[Any]]
#: The company's working calendar, None when it cannot be made.
CalendarMaker = Callable[[Company | None], WorkingCalendar | None]
#: What is kept per document: the files its checks found errors in, and its view (the
#: record itself for the shared kinds).
_Kept = tuple[tuple[str, ...], Any]


@dataclass(frozen=True)
class ViewRecipe:
    #: Which command and form (at most 16 bytes): one entry per workspace and part.
    part: bytes
    #: What the views depend on besides the documents (``--today``, a form...).
    inputs: tuple[str, ...]
    #: The kinds whose records every view may read; the company's is always one.
    shared_kinds: tuple[str, ...]
    #: The maker of the other documents' views, from the shared records and the calendar.
    maker: Callable[[Workspace, WorkingCalendar], ViewMaker]
    #: The company's fields the views read, through the calendar too
    #: (``checks/company_key.py``): the company is in the views' key by those fields, so a
    #: comment or a change to another field makes no view again.
    company_fields: tuple[str, ...]
    #: When the workspace was loaded, how every other document's view is made at once
    #: (the same views as ``maker``'s, one after the other); None: with ``maker``.
    makes_all: BatchMaker | None = None

    @property
    def shared(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(("company", *self.shared_kinds)))


@dataclass
class ViewedWorkspace:
    #: The records of the shared kinds (the company among them).
    shared: Workspace
    calendar: WorkingCalendar
    #: Every other document, in the scan's order, with its view.
    views: list[tuple[DocumentFile, Any]]


@dataclass
class FoundViews:
    viewed: ViewedWorkspace
    #: The files whose own checks found errors (sorted): partly or wholly left out.
    files_left_out: list[str]


def views_purpose(prepared: PreparedRun, recipe: ViewRecipe) -> bytes | None:
    """The key of what every view reads; None without the cache, or when a shared file
    could not be read or there is no company file. Only the shared files' keys are made:
    on a first run the others are left for the load's workers (``document_keys``)."""
    if prepared.cache is None or prepared.document_keys is None \
            or prepared.remembered_as is None:
        return None
    parts: list[str | bytes] = [recipe.part.decode(), *recipe.inputs]
    documents = prepared.files.documents
    positions = positions_of_kinds(documents, recipe.shared)
    company = False
    for position, key in zip(positions, prepared.keys_at(positions) or [], strict=True):
        spec = documents[position]
        if not isinstance(key, bytes):
            return None
        if spec.kind == "company":
            company = True
            by_data = prepared.company_key(recipe.company_fields)
            key = key if by_data is None else by_data[1]
        parts += [spec.kind, spec.file, key]
    return purpose_key(prepared.cache, parts) if company else None


def views_from_cache(prepared: PreparedRun, recipe: ViewRecipe, purpose: bytes,
                     calendar_of: CalendarMaker) -> FoundViews | None:
    """The views, the documents not among those kept loaded (from their cache entries,
    else checked) and their views kept; None when the workspace must be loaded instead."""
    with bulk_loading():
        return _from_views(prepared, recipe, purpose, calendar_of)


def _error_files(checked: CheckedDocument) -> tuple[str, ...]:
    return tuple(sorted({f.file for f in checked.findings if f.severity == "error"}))


def _from_views(prepared: PreparedRun, recipe: ViewRecipe, purpose: bytes,
                calendar_of: CalendarMaker) -> FoundViews | None:
    cache, root = prepared.cache, prepared.remembered_as
    assert cache is not None and root is not None
    kept = DocumentViews(cache, root, recipe.part, purpose)
    known = kept.known
    documents = prepared.files.documents
    if not known and len(documents) > MOST_LOADED:
        # Every document to load (a first run, another day): known without their keys,
        # which the load's workers then make from the bytes they read.
        return None
    keys = prepared.keys
    assert keys is not None
    wanted = [index for index, key in enumerate(keys)
              if not isinstance(key, bytes) or key not in known]
    if len(wanted) > MOST_LOADED:
        return None
    fresh = prepared.documents_at(wanted)
    kinds = recipe.shared
    shared = Workspace(root=prepared.root, company=None)
    views: dict[bytes, _Kept] = {}
    error_files = {f.file for f in (*prepared.files.findings, *prepared.schemas.findings)
                   if f.severity == "error"}
    others = len(documents)
    for index, (spec, key) in enumerate(zip(documents, keys, strict=True)):
        if spec.kind in kinds:
            others -= 1
            checked = fresh.get(index)
            entry = (known[key] if checked is None  # type: ignore[index]
                     else (_error_files(checked), checked.model))
            RECORD_KINDS[spec.kind].store.put(shared, spec, entry[1])
            views[key] = entry  # type: ignore[index]
    calendar = calendar_of(shared.company)
    if shared.company is None or calendar is None:
        return None
    make = recipe.maker(shared, calendar)
    found: list[tuple[DocumentFile, Any]] = []
    # The views made now, by key; every other one is kept (a dict of all 110,000 of a large
    # workspace is made only when a new base of them is written, below).
    made: dict[bytes, _Kept] = {}
    unkeyed = 0
    for index, (spec, key) in enumerate(zip(documents, keys, strict=True)):
        if spec.kind in kinds:
            continue
        checked = fresh.get(index)
        if checked is None:
            errors, view = known[key]  # type: ignore[index]
        else:
            errors, view = entry = (_error_files(checked), make(spec, checked.model))
            if isinstance(key, bytes):
                made[key] = entry
            else:  # unreadable: no key, nothing kept
                unkeyed += 1
        if errors:
            error_files.update(errors)
        found.append((spec, view))
    for errors, _ in views.values():
        error_files.update(errors)

    def every() -> dict[Any, _Kept]:
        return {**views, **{key: made[key] if key in made else known[key]
                            for spec, key in zip(documents, keys, strict=True)
                            if spec.kind not in kinds and isinstance(key, bytes)}}

    # Only the views made now are new: written beside those kept, not all of them again.
    made.update((key, views[key]) for index in wanted
                if isinstance(key := keys[index], bytes) and key in views)
    kept.add(made, len(views) + others - unkeyed, every)
    return FoundViews(ViewedWorkspace(shared, calendar, found), sorted(error_files))


def viewer_for_load(prepared: PreparedRun, recipe: ViewRecipe, calendar_of: CalendarMaker
                    ) -> DocumentViewer | None:
    """The recipe's views made by the workers that load the workspace, as they build each
    record (``loading/document_viewer.py``): the shared records are loaded first (few
    files: the company, the freelancers...; from their cache entries, else checked and
    stored, so that the load takes them from there), the maker made from them here and
    inherited by the workers. None when the views cannot be made so (no usable company or
    calendar, or the maker fails: it then fails again where it did, after the load)."""
    if prepared.cache is None or prepared.document_keys is None:
        return None
    documents = prepared.files.documents
    shared = Workspace(root=prepared.root, company=None)
    for _, checked in sorted(prepared.documents_at(
            positions_of_kinds(documents, recipe.shared)).items()):
        RECORD_KINDS[checked.spec.kind].store.put(shared, checked.spec, checked.model)
    calendar = calendar_of(shared.company)
    if shared.company is None or calendar is None:
        return None
    try:
        make = recipe.maker(shared, calendar)
    except Exception:  # made again after the load, which reports it
        return None
    return DocumentViewer(frozenset(RECORD_KINDS).difference(recipe.shared), make)


def views_of_workspace(prepared: PreparedRun, recipe: ViewRecipe, purpose: bytes | None,
                       workspace: Workspace, calendar: WorkingCalendar,
                       findings: Sequence[Finding], made: Mapping[int, Any] | None = None
                       ) -> ViewedWorkspace:
    """Every view made from the loaded workspace (``findings``: what loading it found),
    and kept when ``purpose`` is given and the documents' errors can be kept by key.
    ``made``: the views the load made already (``viewer_for_load``), by place in the scan;
    only the others are made here."""
    kinds = recipe.shared
    shared = Workspace(root=prepared.root, company=None)
    records = [RECORD_KINDS[spec.kind].store.records_of(workspace).get(spec.id)
               for spec in prepared.files.documents]
    for spec, record in zip(prepared.files.documents, records, strict=True):
        if spec.kind in kinds:
            RECORD_KINDS[spec.kind].store.put(shared, spec, record)
    documents = list(zip(prepared.files.documents, records, strict=True))
    done = made or {}
    others = [(spec, record) for place, (spec, record) in enumerate(documents)
              if spec.kind not in kinds and place not in done]
    if not others:
        fresh: Iterator[Any] = iter(())
    elif recipe.makes_all is not None:
        fresh = iter(recipe.makes_all(shared, calendar, others))
    else:
        make = recipe.maker(shared, calendar)
        fresh = (make(spec, record) for spec, record in others)
    views = [(spec, record if spec.kind in kinds
              else done[place] if place in done else next(fresh))
             for place, (spec, record) in enumerate(documents)]
    errors = _document_errors(prepared, findings)
    if purpose is not None and prepared.cache is not None and prepared.keys is not None \
            and errors is not None and prepared.remembered_as is not None:
        kept = DocumentViews(prepared.cache, prepared.remembered_as, recipe.part, purpose)
        entries = {key: ((spec.file,) if spec.file in errors else (), view)
                   for (spec, view), key in zip(views, prepared.keys, strict=True)
                   if isinstance(key, bytes)}
        # A first run's views (22,000 of them, 15 MB for the calendar's events) are stored
        # by a child while this process shows them.
        write_to_cache(prepared.cache, kept.save, entries, beside=kept.new_base(entries))
    return ViewedWorkspace(shared, calendar,
                           [(spec, view) for spec, view in views if spec.kind not in kinds])


def _document_errors(prepared: PreparedRun, findings: Sequence[Finding]) -> set[str] | None:
    """The files in which the documents' own checks found errors; None when one of those
    findings names a file that is no document (its errors could not be kept by key)."""
    apart = {id(f) for f in (*prepared.files.findings, *prepared.schemas.findings)}
    errors = {finding.file for finding in findings
              if id(finding) not in apart and finding.severity == "error"}
    return errors if errors <= {spec.file for spec in prepared.files.documents} else None
