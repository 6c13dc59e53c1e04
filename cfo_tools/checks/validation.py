"""Validate a workspace: files -> documents -> schemas -> model -> cross-file rules -> findings."""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from cfo_tools.checks.company_key import READ_BY_CHECKS, company_data_key
from cfo_tools.checks.position_columns import PositionColumns, PositionTable
from cfo_tools.loading.bulk_loading import bulk_loading
from cfo_tools.loading.checking_pool import check_documents
from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.document_checking import CheckedDocument
from cfo_tools.loading.document_keys import DocumentKeys
from cfo_tools.loading.document_viewer import DocumentViewer
from cfo_tools.loading.folder_listings import FolderListings
from cfo_tools.loading.kinds import RECORD_KINDS, DocumentFile, positions_of_kinds, record_kind
from cfo_tools.loading.line_map import LineMap
from cfo_tools.loading.position_scan import scan_positions
from cfo_tools.loading.process_end import keep
from cfo_tools.loading.regular_files import FileProblem, read_regular_file
from cfo_tools.loading.schema_verdicts import SchemaVerdicts
from cfo_tools.loading.schemas import SchemaSet, load_schemas
from cfo_tools.loading.source_map import SourceMap
from cfo_tools.loading.stat_index import workspace_place
from cfo_tools.loading.workspace_files import WorkspaceFiles, scan_workspace
from cfo_tools.loading.workspace_snapshot import WorkspaceSnapshot
from cfo_tools.model.findings import Finding, Location, sort_findings
from cfo_tools.model.records import Company, Workspace

if TYPE_CHECKING:
    from cfo_tools.checks.rules.problem import Problem
    from cfo_tools.checks.subject_memo import SubjectMemo

Position = tuple[int | None, int | None]
Places = dict[tuple[str, str], Position]
_POSITIONS = b"positions"
_DELTA = b"+delta"
#: A delta of up to this many positions (or an eighth of the base's) is kept beside it.
_DELTA_MOST = 2000


class Locator(Protocol):
    """What finds the positions of findings (:class:`SourceMaps`, :class:`ValidationReport`):
    at once, or in two steps, looked up in one process (a forked worker) and remembered for
    the next runs in another (the main one, which writes the cache's table of them)."""

    def locate_all(self, places: Iterable[tuple[str, str]]) -> Places: ...

    def positions(self, places: Iterable[tuple[str, str]]) -> tuple[Places, Places]: ...

    def remember(self, found: Places) -> None: ...


class SourceMaps:
    """Source maps built on first use, one per file; with the document cache, first the
    positions the last runs looked up in the same documents, then the cached line maps."""

    def __init__(self, documents: dict[str, tuple[DocumentFile, str | None]],
                 cache: DocumentCache | None = None,
                 keys: dict[str, bytes] | None = None, root: Path | None = None,
                 line_maps: dict[str, LineMap] | None = None) -> None:
        self._documents = documents
        self._maps: dict[str, SourceMap] = {}
        self._cache = cache
        self._keys = keys or {}
        # The line maps the documents' checks just made (``checking_pool``), then the cache's.
        self._line_maps: dict[str, LineMap | None] = dict(line_maps or {})
        # (document key, pointer) -> position: content-addressed, so valid whatever changed.
        # After one edit, nearly every finding of the cross-file rules is where it was, and
        # this answers for it without fetching and unpickling thousands of line maps.
        self._name = (None if cache is None or root is None
                      else workspace_place(root) + cache.context)
        self._remembered: PositionTable | None = None
        # Kept as a base and a small delta of what the last runs learned: after one edit,
        # the positions in the edited document are new, and writing the whole table again
        # (tens of thousands of positions) cost more than looking them up. The base is
        # columns read by key (``position_columns``), not a dict unpickled whole.
        self._delta: dict[tuple[bytes, str], Position] = {}

    def _known(self) -> PositionTable:
        if self._remembered is None:
            table = PositionTable()
            if self._cache is not None and self._name is not None:
                table = PositionTable.from_stored(self._cache.blob(_POSITIONS, self._name))
                delta = (self._cache.blob(_POSITIONS, self._name + _DELTA) if table.base_rows
                         else None)
                self._delta = delta if isinstance(delta, dict) else {}
                table.update(self._delta)
            self._remembered = table
        return self._remembered

    def remember(self, found: Places) -> None:
        """Keep the positions ``found`` by :meth:`positions` for the next runs."""
        if self._cache is None or self._name is None:
            return
        known = self._known()
        learned = {(self._keys[file], pointer): position
                   for (file, pointer), position in found.items() if file in self._keys}
        if all(known.get(place) == position for place, position in learned.items()):
            return
        base_rows = known.base_rows
        # With no base (a cold run), no delta is made: a copy of the 61,000 positions
        # learned, for nothing.
        delta = {**self._delta, **learned} if base_rows else {}
        if base_rows and len(delta) <= max(_DELTA_MOST, base_rows // 8):
            self._delta = delta
            known.update(learned)
            self._cache.store_blob(_POSITIONS, self._name + _DELTA, delta)
            return
        # Positions in documents no longer in the workspace are dropped (those learned are
        # all in it: with nothing known, a cold run's, they are the whole table).
        every = learned
        if len(known):
            current = set(self._keys.values())
            every = {place: position for place, position in itertools.chain(known.items(),
                                                                             learned.items())
                     if place[0] in current}
        columns = PositionColumns.of(every)
        self._remembered = PositionTable(columns)
        if columns is None:
            self._remembered.update(every)  # this run's; none kept for the next
        self._delta = {}
        self._cache.store_blob(_POSITIONS, self._name,
                               None if columns is None else columns.stored())
        self._cache.store_blob(_POSITIONS, self._name + _DELTA, {})

    def _cached_maps(self, files: Iterable[str]) -> None:
        """Fetch the line maps of ``files`` not asked for yet, in one query."""
        wanted = {file: self._keys[file] for file in files
                  if file not in self._line_maps and file in self._keys}
        if not wanted or self._cache is None:
            return
        found = self._cache.line_maps(wanted.values())
        for file, key in wanted.items():
            self._line_maps[file] = found.get(key)

    def _from_line_map(self, file: str, pointer: str) -> tuple[int, int] | None:
        line_map = self._line_maps.get(file)
        return None if line_map is None else line_map.position(pointer)

    def get(self, file: str) -> SourceMap:
        if file not in self._maps:
            self._maps[file] = SourceMap(self._text(file))
        return self._maps[file]

    def _text(self, file: str) -> str:
        spec, text = self._documents[file]
        if text is None:
            raw = read_regular_file(spec.path)
            text = "" if isinstance(raw, FileProblem) else raw.decode("utf-8-sig",
                                                                      errors="replace")
        return text

    def locate_all(self, places: Iterable[tuple[str, str]]
                   ) -> dict[tuple[str, str], tuple[int | None, int | None]]:
        """The positions of many ``(file, pointer)`` at once. A file not mapped yet is first
        scanned for them (an eighth of the cost of mapping it, see ``position_scan``; on the
        synthetic workspace this halves ``cfo check``); it is mapped only for what the scan
        cannot answer."""
        every, found = self.positions(places)
        self.remember(found)
        return every

    def positions(self, places: Iterable[tuple[str, str]]) -> tuple[Places, Places]:
        """The positions of many ``(file, pointer)`` at once, as :meth:`locate_all` gives
        them, and those of them looked up now, not remembered yet: kept by
        :meth:`remember` (a forked worker locates, the main process remembers)."""
        known = self._known() if self._name is not None else None
        remembered: dict[tuple[str, str], Position] = {}
        # Not ``setdefault(file, set())``, which made a set for each of the places.
        by_file: defaultdict[str, set[str]] = defaultdict(set)
        if known is None or known.empty():
            # Nothing kept (a cold run): its 73,000 places were each asked of an empty
            # table, two calls of Python apiece, in the subjects' workers and here.
            for file, pointer in places:
                by_file[file].add(pointer)
            found = self._looked_up(by_file)
            return found, found  # neither is changed by the callers
        for file, pointer in places:
            key = self._keys.get(file)
            position = None if key is None else known.get((key, pointer))
            if position is not None:
                remembered[file, pointer] = position
            else:
                by_file[file].add(pointer)
        found = self._looked_up(by_file)
        return {**remembered, **found}, found

    def _looked_up(self, by_file: dict[str, set[str]]
                   ) -> dict[tuple[str, str], Position]:
        self._cached_maps(by_file)
        found: dict[tuple[str, str], tuple[int | None, int | None]] = {}
        line_maps = self._line_maps
        for file, pointers in by_file.items():
            line_map = line_maps.get(file)
            if line_map is not None:
                # The map's method called directly, the pointers it cannot answer kept
                # aside: the 53,000 places of a cold check's subjects were each a call
                # more, and the file's set copied twice.
                position = line_map.position
                left: list[str] = []
                for pointer in pointers:
                    mapped = position(pointer)
                    if mapped is not None:
                        found[file, pointer] = mapped
                    else:
                        left.append(pointer)
                if not left:
                    continue
                pointers = set(left)
            quick: dict[str, tuple[int, int]] | None = None
            if file in self._documents and file not in self._maps:
                quick = scan_positions(self._text(file), pointers)
            for pointer in pointers:
                if quick is not None and pointer in quick:
                    found[file, pointer] = quick[pointer]
                else:
                    found[file, pointer] = self.locate(file, pointer)
        return found

    def locate(self, file: str, pointer: str) -> tuple[int | None, int | None]:
        if file not in self._documents:
            return None, None
        self._cached_maps([file])
        mapped = self._from_line_map(file, pointer)
        if mapped is not None:
            return mapped
        return self.get(file).position(pointer)


@dataclass
class ValidationReport:
    workspace: Workspace
    findings: list[Finding] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    sources: SourceMaps | None = None
    #: The findings of the cross-file rules, when they were left without a position.
    unlocated: list[Finding] = field(default_factory=list)
    #: The document cache the run used (None without one), for what commands keep beside.
    cache: DocumentCache | None = None
    #: What the viewer given made of the documents, by their place in the scan: of those
    #: the pool's workers checked (``loading/document_viewer.py``).
    views: dict[int, Any] = field(default_factory=dict)

    def positioned(self, findings: Iterable[Finding]) -> list[Finding]:
        """``findings`` with the positions left out by ``located=False`` filled in, sorted."""
        chosen = list(findings)
        pending = {id(f) for f in self.unlocated}
        waiting = [f for f in chosen if id(f) in pending]
        if not waiting:
            return chosen
        places = self.locate_all([*((f.file, f.path) for f in waiting),
                                  *((r.file, r.path) for f in waiting for r in f.related)])
        done = {id(f): replace(f, line=places[f.file, f.path][0],
                               column=places[f.file, f.path][1],
                               related=tuple(replace(r, line=places[r.file, r.path][0],
                                                     column=places[r.file, r.path][1])
                                             for r in f.related))
                for f in waiting}
        return sort_findings(done.get(id(f), f) for f in chosen)

    def locate(self, file: str, pointer: str) -> tuple[int | None, int | None]:
        return self.sources.locate(file, pointer) if self.sources else (None, None)

    def locate_all(self, places: Iterable[tuple[str, str]]
                   ) -> dict[tuple[str, str], tuple[int | None, int | None]]:
        if self.sources is None:
            return {place: (None, None) for place in places}
        return self.sources.locate_all(places)

    def positions(self, places: Iterable[tuple[str, str]]) -> tuple[Places, Places]:
        """:meth:`SourceMaps.positions` (nothing to remember without source maps)."""
        if self.sources is None:
            return {place: (None, None) for place in places}, {}
        return self.sources.positions(places)

    def remember(self, found: Places) -> None:
        if self.sources is not None:
            self.sources.remember(found)

    @property
    def files_left_out(self) -> list[str]:
        """Files with errors, whose content is partly or wholly missing from the model."""
        return sorted({f.file for f in self.findings if f.severity == "error"})


def validate_workspace(
    root: Path, *, jobs: int | None = None, fast: bool = True, cache_folder: Path | None = None,
    located: bool = True, throwaway: bool = False, briefs: bool = True, rules: bool = True,
) -> ValidationReport:
    """Every finding about the workspace at ``root``; never raises on its content. With
    ``cache_folder``, documents already checked in the same state come from the document
    cache there (see ``loading/document_cache.py``). Without ``located``, the findings of
    the cross-file rules have no line yet (see :meth:`ValidationReport.positioned`): a
    command that shows none of them does not look up thousands of positions. A
    ``throwaway`` workspace (a temporary checkout) gets no stat index, snapshot or table of
    positions, which no later run would use. Without ``briefs``, the missions may come
    without their briefs (``loading/workspace_snapshot.py``), for a command that reads none.
    Without ``rules``, the cross-file rules are not run: the findings are those of the files
    alone, which say what is left out of the model (the rules leave nothing out)."""
    with bulk_loading():
        prepared = prepare_run(root, fast=fast, cache_folder=cache_folder, throwaway=throwaway)
        return validate_prepared(prepared, jobs=jobs, located=located, briefs=briefs,
                                 rules=rules)


@dataclass
class PreparedRun:
    """A workspace scanned, its schemas loaded and, with a cache, every document's key
    known: all a run's results depend on, before any record is loaded."""

    root: Path
    files: WorkspaceFiles
    schemas: SchemaSet
    cache: DocumentCache | None
    #: With a cache, the documents' keys, some maybe pending (see ``document_keys``).
    document_keys: DocumentKeys | None
    #: The root under which the workspace's stat index, snapshot and positions are kept;
    #: None for a throwaway workspace.
    remembered_as: Path | None = None
    #: For a throwaway workspace (a revision checked out by cfo diff): the workspace whose
    #: memos per subject it reads, never writes. Their entries are keyed by the content of
    #: the subjects' files, so those of the records a change left alone answer for it too.
    memos_from: Path | None = None
    _state: bytes | None = field(default=None, init=False, repr=False, compare=False)
    _keys_by_file: dict[str, bytes] | None = field(default=None, init=False, repr=False,
                                                   compare=False)
    _subject_keys: dict[str, bytes] | None = field(default=None, init=False, repr=False,
                                                   compare=False)
    _company: CheckedDocument | None = field(default=None, init=False, repr=False,
                                             compare=False)
    _companies: list[int] | None = field(default=None, init=False, repr=False,
                                         compare=False)
    #: The digests of the subjects' files (see ``SubjectMemo``), shared by the run's memos.
    subject_digests: dict[tuple[str, str], bytes | None] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    @property
    def keys(self) -> list[bytes | CheckedDocument] | None:
        """Every document's key (or the document, when it cannot be read), None without a
        cache; pending ones are read and hashed here, unless checking the documents made
        them already."""
        return None if self.document_keys is None else self.document_keys.complete()

    @property
    def keys_pending(self) -> bool:
        """Whether some keys are left for the checking of the documents to make."""
        return self.document_keys is not None and self.document_keys.pending > 0

    def keys_at(self, positions: Sequence[int]) -> list[bytes | CheckedDocument] | None:
        """The keys of the documents at ``positions`` of the scan, as :attr:`keys` gives
        them, the other pending keys left for the checking of the documents to make."""
        if self.document_keys is None:
            return None
        return self.document_keys.complete_at(positions)

    def documents_at(self, indexes: Iterable[int]) -> dict[int, CheckedDocument]:
        """The documents at ``indexes`` of the scan, without their briefs: from their cache
        entries (else checked and stored), not from the workspace's snapshot; an unreadable
        one is what checking it gave."""
        positions = sorted(indexes)
        at = self.keys_at(positions)
        assert at is not None  # only with a cache
        keys = dict(zip(positions, at, strict=True))
        found: dict[int, CheckedDocument] = {}
        readable = []
        for i in positions:
            key = keys[i]
            if isinstance(key, bytes):
                readable.append(i)
            else:
                found[i] = key
        if readable:
            checked = check_documents([self.files.documents[i] for i in readable],
                                      self.schemas.validators, cache=self.cache,
                                      keys=[keys[i] for i in readable], briefs=False)
            found.update(zip(readable, checked, strict=True))
        return found

    def keys_by_file(self) -> dict[str, bytes]:
        """Each document's key by its file (those with a key), made once per run."""
        if self._keys_by_file is None:
            self._keys_by_file = {} if self.keys is None else {
                spec.file: key for spec, key in zip(self.files.documents, self.keys,
                                                    strict=True) if isinstance(key, bytes)}
        return self._keys_by_file

    def subject_keys(self) -> dict[str, bytes]:
        """:meth:`keys_by_file` with the company's key made of its data instead of its bytes
        (``checks/company_key.py``): what the subjects' results are keyed by, made once per
        run."""
        if self._subject_keys is None:
            keys = self.keys_by_file()
            company = self.company_key(READ_BY_CHECKS)
            if company is not None:
                keys = {**keys, company[0]: company[1]}
            self._subject_keys = keys
        return self._subject_keys

    def company_positions(self) -> list[int]:
        """The positions of the company's documents in the scan (one, in a valid workspace),
        found once per run: a pass over 110,000 documents of a large workspace, which a run
        after an edit asked for twice."""
        if self._companies is None:
            self._companies = positions_of_kinds(self.files.documents, ("company",))
        return self._companies

    def company_key(self, fields: tuple[str, ...]) -> tuple[str, bytes] | None:
        """The company's file and the key of its ``fields`` (``checks/company_key.py``),
        its document loaded once per run; None without the cache or one readable company
        whose record could be built (its file's bytes key it then)."""
        if self.cache is None or self.document_keys is None:
            return None
        companies = self.company_positions()
        if len(companies) != 1 or not isinstance(self.document_keys.complete_at(companies)[0],
                                                 bytes):
            return None
        if self._company is None:
            self._company = self.documents_at(companies)[companies[0]]
        model = self._company.model
        if not isinstance(model, Company):
            return None
        return self._company.spec.file, company_data_key(model, self.cache.context, fields)

    def run_key(self, purpose: str) -> bytes | None:
        """A key for the results of ``purpose`` (a command and its options) on this state of
        the workspace, or None without a cache."""
        state = self._state_key()
        if state is None:
            return None
        return hashlib.blake2b(f"{purpose}\0".encode() + state, digest_size=32).digest()

    def _state_key(self) -> bytes | None:
        """The digest of everything a run depends on, taken once per run (22,000 file keys)
        however many purposes (check memo, rules memo) ask for a key."""
        if self.cache is None or self.keys is None:
            return None
        if self._state is None:
            digest = hashlib.blake2b(self.cache.context, digest_size=32)
            digest.update(f"{self.root.resolve()}\0".encode())
            # The files' names, then their keys (all of one length) at once, then what an
            # unreadable one's checks found, with its place: two updates, not two per file.
            keys = self.keys
            digest.update("\0".join([spec.file for spec in self.files.documents]).encode())
            digest.update(f"\0{len(keys)}\0".encode())
            if all(map(isinstance, keys, repeat(bytes))):
                digest.update(b"".join(cast("list[bytes]", keys)))
            else:
                digest.update(b"".join([key if type(key) is bytes else _UNREADABLE
                                        for key in keys]))
                for position, key in enumerate(keys):
                    if not isinstance(key, bytes):
                        digest.update(f"{position}\0{key.findings!r}\0".encode())
            digest.update(repr(self.files.findings).encode())
            digest.update(repr(self.schemas.findings).encode())
            self._state = digest.digest()
        return self._state


#: What stands for an unreadable document's key in the digest of a run's state.
_UNREADABLE = bytes(32)


def prepare_run(root: Path, *, fast: bool = True, cache_folder: Path | None = None,
                throwaway: bool = False, memos_from: Path | None = None) -> PreparedRun:
    cache = None if cache_folder is None else DocumentCache.open_folder(cache_folder)
    schemas = load_schemas(root, fast=fast,
                           verdicts=None if cache is None else SchemaVerdicts(cache))
    if cache is not None:
        cache.bind(schemas.validators)
    remembered_as = None if throwaway else root
    # The folders of documents no entry was added to, removed from or renamed in since the
    # last run are taken from the cache (``loading/folder_listings.py``).
    files = scan_workspace(root, None if cache is None or remembered_as is None
                           else FolderListings(cache, remembered_as))
    # Without a snapshot here, no run memo can answer and nearly every document will be
    # checked: the pool's workers make the keys of the files they read (``document_keys``).
    keys = None if cache is None else DocumentKeys(
        cache, remembered_as, files.documents,
        defer=remembered_as is None or not WorkspaceSnapshot.kept(cache, remembered_as))
    return PreparedRun(root, files, schemas, cache, keys, remembered_as,
                       memos_from if throwaway else None)


@dataclass
class RunResults:
    """What ``cfo validate`` and ``cfo check`` report: the findings and the counts."""

    findings: list[Finding]
    stats: dict[str, int]


_RUN_PART = b"run"


def memoized(prepared: PreparedRun, purpose: str, run: Callable[[], RunResults]
             ) -> RunResults:
    """``run()``'s results, or those of the last run for the same key (see
    :meth:`PreparedRun.run_key`); a workspace where nothing changed loads no record."""
    cache = prepared.cache
    if prepared.keys_pending:
        # A workspace without a snapshot (a cold run): nothing to answer from, and the keys
        # are made by the checking itself, after which the results are kept.
        results = run()
        key = prepared.run_key(purpose)
        if key is not None and cache is not None:
            cache.store_blob(_RUN_PART, key, (results.findings, results.stats))
        return results
    key = prepared.run_key(purpose)
    if key is None or cache is None:
        return run()
    stored = remembered_results(prepared, purpose)
    if stored is not None:
        return stored
    results = run()
    # Plain data and model classes only: what the cache's unpickler loads.
    cache.store_blob(_RUN_PART, key, (results.findings, results.stats))
    return results


def remembered_results(prepared: PreparedRun, purpose: str) -> RunResults | None:
    """What :func:`memoized` kept for ``purpose`` on this state of the workspace, if any."""
    key = prepared.run_key(purpose)
    if key is None or prepared.cache is None or prepared.keys_pending:
        return None
    stored = prepared.cache.blob(_RUN_PART, key)
    return RunResults(*stored) if isinstance(stored, tuple) and len(stored) == 2 else None


#: What ``cfo validate``'s results are kept for (they do not depend on the day).
VALIDATE_PURPOSE = "validate"


def validation_results(root: Path, *, cache_folder: Path | None = None) -> RunResults:
    """What ``cfo validate`` reports, from the run memo when nothing changed."""
    with bulk_loading():
        return validated(prepare_run(root, cache_folder=cache_folder))


def validated(prepared: PreparedRun) -> RunResults:
    """:func:`validation_results` of a run prepared (called with the collector paused,
    ``bulk_loading``)."""
    def run() -> RunResults:
        # No check reads a mission's brief: a cold run does not load the workers'
        # pickles of them, nor a warm one the snapshot's (half of their bytes).
        report = validate_prepared(prepared, briefs=False)
        # The workspace lives until the command ends (``loading/process_end.py``).
        keep(prepared, report)
        return RunResults(report.findings, report.stats)

    return memoized(prepared, VALIDATE_PURPOSE, run)


_RULES_PART = b"rules"


def subject_memo(prepared: PreparedRun, part: str = "", *, by_bytes: bool = False
                 ) -> SubjectMemo | None:
    """The memo of results per subject (``part``: which one), with a cache and a workspace
    that will be asked again, or read only: the memo of the workspace a throwaway one was
    checked out of (``PreparedRun.memos_from``). ``by_bytes``: its subjects keyed by every
    file's bytes, the company's too (results that carry lines in it), with digests of
    their own."""
    place = prepared.remembered_as or prepared.memos_from
    if prepared.cache is None or prepared.keys is None or place is None:
        return None
    from cfo_tools.checks.subject_memo import SubjectMemo

    if by_bytes:
        keys, digests = prepared.keys_by_file(), {}
    else:
        keys, digests = prepared.subject_keys(), prepared.subject_digests
    return SubjectMemo.open(prepared.cache, place, keys, part, digests,
                            read_only=prepared.remembered_as is None)


def run_rules(workspace: Workspace) -> Iterator[tuple[str, Problem]]:
    """The cross-file rules' problems; their modules are imported on first use, as
    ``cfo find`` and ``cfo status`` run none (a tenth of a second of imports)."""
    from cfo_tools.checks.rules import run_rules as run

    return run(workspace)


def split_rule_problems(workspace: Workspace, memo: SubjectMemo) -> list[tuple[str, Problem]]:
    """The problems of the rules run per subject (``checks/rule_subjects.py``), imported on
    first use like :func:`run_rules`."""
    from cfo_tools.checks.rule_subjects import split_rule_problems as split

    return split(workspace, memo)


def whole_rule_problems(workspace: Workspace) -> Iterator[tuple[str, Problem]]:
    """The problems of the rules that read across missions (``WHOLE_RULES``)."""
    from cfo_tools.checks.rules import WHOLE_RULES
    from cfo_tools.checks.rules.problem import run_registry

    return run_registry(WHOLE_RULES, workspace)


def _rule_problems(prepared: PreparedRun, workspace: Workspace) -> list[tuple[str, Problem]]:
    """The cross-file rules' problems, remembered under the run key: the other commands
    (find, status, planning...) run them on every call, and they depend on nothing but the
    documents the key covers. Stored as plain tuples, which the cache's unpickler accepts.
    When the key changed (an edit), the rules that can run per subject are asked of the
    memo per subject (``checks/rule_subjects.py``): only the missions the edit touches are
    checked again; after an edit that ``cfo validate`` saw (its report state), only those
    (``checks/validation_by_file.py``)."""
    # A throwaway checkout (cfo diff's) would never be asked again: nothing kept for it.
    from cfo_tools.checks.subject_memo import problem_rows, rows_problems

    key = None if prepared.remembered_as is None else prepared.run_key("rules")
    cache = prepared.cache
    if key is not None and cache is not None:
        problems = rows_problems(cache.blob(_RULES_PART, key))
        if problems is not None:
            return problems
    memo = subject_memo(prepared, "rules")
    if memo is None:
        return list(run_rules(workspace))
    from cfo_tools.checks.validation_by_file import rule_problems_by_state

    split = rule_problems_by_state(prepared, workspace, memo)
    if split is None:
        split = split_rule_problems(workspace, memo)
    problems = [*split, *whole_rule_problems(workspace)]
    if key is not None and cache is not None:
        cache.store_blob(_RULES_PART, key, problem_rows(problems))
    return problems


def validate_prepared(prepared: PreparedRun, *, jobs: int | None = None, located: bool = True,
                      briefs: bool = True, rules: bool = True,
                      viewer: DocumentViewer | None = None) -> ValidationReport:
    root, files, schemas, cache = prepared.root, prepared.files, prepared.schemas, prepared.cache
    findings = list(files.findings)
    findings += schemas.findings

    checked = check_documents(files.documents, schemas.validators, jobs=jobs, cache=cache,
                              root=prepared.remembered_as, keys=prepared.document_keys,
                              briefs=briefs, viewer=viewer)
    maps = SourceMaps({c.spec.file: (c.spec, c.text) for c in checked}, cache,
                      {c.spec.file: c.key for c in checked if c.key is not None},
                      prepared.remembered_as,
                      {c.spec.file: c.positions for c in checked if c.positions is not None})
    workspace = Workspace(root=root, company=None)
    for document in checked:
        findings += document.findings
        record_kind(document.spec.kind).store.put(workspace, document.spec, document.model)

    problems = _rule_problems(prepared, workspace) if rules else []
    unlocated = []
    if located:
        findings += located_problems(problems, maps.locate_all)
    else:
        unlocated = located_problems(problems, None)
        findings += unlocated
    views = ({} if viewer is None else
             {place: document.view[0] for place, document in enumerate(checked)
              if document.view is not None})
    return ValidationReport(workspace, sort_findings(findings), document_counts(files.documents),
                            maps, unlocated, cache, views)


def document_counts(specs: Iterable[DocumentFile]) -> dict[str, int]:
    """The documents counted by kind (freelancers, missions...), as the reports say them."""
    counts = {kind.counted_as: 0 for kind in RECORD_KINDS.values() if kind.counted_as}
    # Counted by kind at once, then named: a lookup per document cost 0.02 s on 110,000.
    for kind, count in Counter(map(attrgetter("kind"), specs)).items():
        counted = RECORD_KINDS[kind].counted_as
        if counted:
            counts[counted] += count
    return counts


def located_problems(problems: list[tuple[str, Problem]],
                     locate_all: Callable[[Iterable[tuple[str, str]]],
                                          dict[tuple[str, str], Position]] | None
                     ) -> list[Finding]:
    """The findings of the rules' ``problems``, with the positions ``locate_all`` gives (all
    at once: one query for the cached line maps of every file named); without it, left
    without a position."""
    unknown: Position = (None, None)
    places = {} if locate_all is None else locate_all(
        [*((problem.file, problem.pointer) for _, problem in problems),
         *(place for _, problem in problems for place in problem.related)])
    findings = []
    for rule, problem in problems:
        line, column = places.get((problem.file, problem.pointer), unknown)
        related = tuple(Location(file, *places.get((file, pointer), unknown), pointer)
                        for file, pointer in problem.related)
        findings.append(Finding(problem.file, line, column, problem.pointer, rule,
                                problem.severity, problem.message, related))
    return findings
