"""``cfo check``'s report kept file by file (issue 16): after one edit, only the files whose
findings may have changed are rendered again.

Every finding comes from a *source*: a subject's conflicts, follow-up or cross-file rules
(kept under the subject's key, see ``subject_memo``), or a part computed on every run (the
files' own checks, the rules and follow-up that read across subjects: no key). The state of
a workspace's last run keeps each source's key and the files it put findings on (and those
its findings name a place on: a conflict names the other bookings, or a company closure),
and for each file its rendered pieces and (in an entry of its own, read only when the file
is made again) its findings by source. A source whose key did not change found what it found last
time: a file that only such sources put findings on keeps its pieces. A file that a
changed, new or vanished source put findings on, in this run or the last, is made again from
the findings of its unchanged sources and those of the sources computed now. Findings are
sorted by file first, so the pieces joined in the order of the files are the report of the
whole list, byte for byte.

The state also keeps each file's document key and the files each subject depends on, so
that the next run makes and keys again only the subjects depending on a changed file.
It is kept as a base, a delta of what changed since the base (rewritten whole once the
delta is large), and a small head naming both: a run after one edit writes a few entries.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, ItemsView, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeGuard, TypeVar, cast, overload

from cfo_tools.checks.file_keys_table import FileKeys
from cfo_tools.checks.piece_columns import EntryTable
from cfo_tools.checks.row_columns import ColumnTable
from cfo_tools.loading.background_writes import Written, held, write_after, write_to_cache
from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.stat_index import workspace_place
from cfo_tools.model.findings import Finding, sort_findings

Source = tuple[str, str, str]
Counts = tuple[int, int, int]
#: A file's sorted findings -> its rendered pieces (plain data) and (errors, warnings, infos).
Render = Callable[[Sequence[Finding]], tuple[Any, Counts]]
Position = tuple[int | None, int | None]
LocateAll = Callable[[Iterable[tuple[str, str]]], Mapping[tuple[str, str], Position]]
#: Files whose findings of unchanged sources may stand on other lines now (the company's:
#: its key for the subjects is its data, ``checks/company_key.py``) with their content keys
#: (None: unreadable), and how to look their lines up again.
Moved = tuple[Mapping[str, bytes | None], LocateAll] | None
#: What the sources computed: every source with its key, the findings of those computed
#: (every keyless one, and those not known under the same key), the run's counts by kind,
#: and the files whose lines may have moved.
Computed = tuple[list[tuple[Source, bytes | None]], dict[Source, list[Finding]],
                 dict[str, int], Moved]
#: One file's entry: the key of its findings by source, its pieces, its counts.
Entry = tuple[bytes, Any, Counts]
Parts = list[tuple[Source, list[Finding]]]
SubjectName = tuple[str, str]
#: After a few edits, the subjects whose sources a run computed or keyed again (current or
#: gone), and the digest of the run's subjects (:func:`subjects_digest`): the sources of
#: every other subject are as in the last run, and not given to :meth:`ReportState.update`.
Listed = tuple[set[SubjectName], bytes]
#: What the checks of a subject of each kind compute (``subject_checks``, ``rule_subjects``):
#: each is a source (what, kind, id). The sources of other kinds are computed on every run,
#: or are a file's own findings.
SUBJECT_SOURCES = {"people": ("rules",), "freelancer": ("conflicts", "follow-up"),
                   "mission": ("follow-up", "rules")}
SUBJECT_KINDS = frozenset(SUBJECT_SOURCES)
#: The source of the cross-file rules that read across missions (``WHOLE_RULES``), computed
#: on every run: keyed by a digest of its findings (:func:`findings_digest`).
ACROSS_RULES: Source = ("rules", "across", "")

_PART = b"check-files"
#: The base's pieces (``entries``) and its other tables are two blobs (an older layout
#: with all four in ``+base`` has no ``+pieces``: the state starts afresh once). The files'
#: keys are a blob of their own (``checks/file_keys_table.py``), written when they changed.
_HEAD, _BASE, _PIECES, _DELTA, _FILES = b"+head", b"+base", b"+pieces", b"+delta", b"+files"
#: The tables of the state, each kept in the base and the delta.
_TABLES = ("entries", "sources", "depends")
_ENTRIES = "entries"
#: The base's other tables, kept as columns read by key (``checks/row_columns.py``): whether
#: a row's value has a key, and how many strings name a row.
_OTHER_TABLES = {"sources": (True, 3), "depends": (False, 2)}
#: A delta of up to this many rows (or a ``_DELTA_SHARE``-th of the base's) is kept beside
#: the base.
_DELTA_MIN = 1000
_DELTA_SHARE = 8
#: From this many rows to write (a cold run, a new base), the state is written beside the
#: command (``loading/background_writes.py``).
BACKGROUND_FROM = 2000


@dataclass
class FileReport:
    """A report file by file: the files with findings in order, their pieces, the totals."""

    files: list[str]
    #: Each file's pieces, in order; consecutive files' kept as one string too
    #: (``reporters.pieces.PieceBlocks``).
    pieces: Sequence[Any]
    counts: Counts
    stats: dict[str, int]
    _entries: Mapping[str, Entry]
    _cache: DocumentCache
    #: The files' findings being stored beside the command (a cold run): read once stored.
    _stored: Written | None = None

    def each_finding(self) -> Iterator[Finding]:
        """Every finding, sorted, the files' entries loaded a few at a time as they are
        asked for: a job summary cut at a megabyte reads the first files' findings, not
        240,000 of them."""
        if self._stored is not None:
            self._stored.wait()
        files, entries = self.files, self._entries
        start, size = 0, 16
        while start < len(files):
            chunk = files[start:start + size]
            parts = _parts(self._cache, [entries[file] for file in chunk])
            for file in chunk:
                yield from sort_findings(f for _, found in parts.get(entries[file][0], [])
                                         for f in found)
            start, size = start + size, min(size * 4, 4096)


def _parts(cache: DocumentCache, entries: Sequence[Entry]) -> dict[bytes, Parts]:
    """The findings by source of each of ``entries``, by their key."""
    found = cache.entries([entry[0] for entry in entries])
    return {key: [((what, kind, ident), list(findings))
                  for (what, kind, ident), findings in value]
            for key, value in found.items()}


class ReportState:
    """The last run's state of one workspace's report (see the module's doc)."""

    def __init__(self, cache: DocumentCache, root_place: bytes) -> None:
        self._cache = cache
        self._name = root_place + cache.context
        head = cache.blob(_PART, self._name + _HEAD)
        pieces = delta = None
        if _valid(head, {"run", "view", "stats", "unkeyed", "purposes", "base", "delta",
                         "files"}):
            pieces = cache.blob(_PART, self._name + _PIECES)
            delta = cache.blob(_PART, self._name + _DELTA)
        entries = None
        if _valid(pieces, {"id", _ENTRIES}) and _valid(delta, {"id", "base", *_TABLES}) \
                and _valid(head, {"base", "delta"}) \
                and head["base"] == pieces["id"] == delta["base"] \
                and head["delta"] == delta["id"]:
            entries = EntryTable.from_stored(pieces[_ENTRIES])
        if entries is None:
            head = None
            pieces = {"id": None}
            delta = {table: {} for table in _TABLES}
            entries = EntryTable()
        assert isinstance(pieces, dict) and isinstance(delta, dict)
        self.head: dict[str, Any] | None = head
        self._base_id: bytes | None = pieces["id"]
        self._delta: dict[str, dict[Any, Any]] = {table: delta[table] for table in _TABLES}
        #: The tables as of the last run: the base with the delta (None: removed) applied,
        #: in place: the base's tables were just unpickled for this run, and a delta is
        #: small (copying 22,000 rows of four tables twice cost more than the rest). The
        #: files' pieces now; the other tables, which a run that answers with the last
        #: report does not read, when first asked for (:class:`_Tables`).
        self.tables: dict[str, Any] = _Tables(self._rest_of_base)
        self.tables[_ENTRIES] = self._applied(_ENTRIES, entries)
        if head is None:
            self.tables.update(_empty_tables())
        #: The rows of each table this run changed (None: any of them).
        self._touched: dict[str, set[Any] | None] = {table: set() for table in _TABLES}
        self._next: dict[str, Any] = {"unkeyed": set(), "purposes": None, "subjects": None}
        #: The subjects whose sources the next :meth:`update` is given (None: every one).
        self._listed: set[SubjectName] | None = None
        #: The files' keys of the last run (read when first compared) and of this run (kept
        #: for the next: :meth:`depend`).
        self._last_files: FileKeys | None = None
        self._files: FileKeys | None = None

    def _applied(self, table: str, rows: _Rows) -> _Rows:
        for row, value in self._delta[table].items():
            if value is None:
                rows.pop(row, None)
            else:
                rows[row] = value
        return rows

    def _rest_of_base(self) -> dict[str, ColumnTable]:
        """The base's tables but the pieces, with the delta applied; :class:`IncompleteState`
        when they are not those of the base the head names (removed, damaged, replaced)."""
        rest = self._cache.blob(_PART, self._name + _BASE)
        if not (_valid(rest, {"id", *_OTHER_TABLES}) and rest["id"] == self._base_id
                and self._base_id is not None):
            raise IncompleteState
        tables = {}
        for table, (keyed, _) in _OTHER_TABLES.items():
            found = ColumnTable.from_stored(rest[table], keyed, _apart(table))
            if found is None:
                raise IncompleteState
            tables[table] = self._applied(table, found)
        return tables

    def _files_of_last_run(self) -> FileKeys | None:
        """The files' keys of the last run (None: none kept, or not of 32-byte keys);
        :class:`IncompleteState` when those the head names are missing or damaged."""
        if self.head is None or self.head["files"] is None:
            return None
        if self._last_files is None:
            stored = self._cache.blob(_PART, self._name + _FILES)
            found = (FileKeys.from_stored(stored["columns"])
                     if _valid(stored, {"id", "columns"}) and stored["id"] == self.head["files"]
                     else None)
            if found is None:
                raise IncompleteState
            self._last_files = found
        return self._last_files

    @classmethod
    def open(cls, cache: DocumentCache, root: Path) -> ReportState:
        return cls(cache, workspace_place(root))

    def forget(self) -> None:
        """Start from nothing: every source computed, every file made again."""
        self.head, self._base_id = None, None
        self._last_files = None
        self.tables = {_ENTRIES: EntryTable(), **_empty_tables()}
        self._delta = {table: {} for table in _TABLES}
        self._touched = {table: None for table in _TABLES}

    @property
    def entries(self) -> EntryTable:
        entries: EntryTable = self.tables[_ENTRIES]
        return entries

    def answer(self, run: bytes | None, view: str) -> FileReport | None:
        """The last report, when it was made from the same state and shown the same way."""
        head = self.head
        if head is None or run is None or head["run"] != run or head["view"] != view:
            return None
        return self._report(head["stats"])

    def _report(self, stats: dict[str, int], stored: Written | None = None) -> FileReport:
        files, pieces, totals = self.entries.report()
        return FileReport(files, pieces, totals, stats, self.entries, self._cache, stored)

    def known(self) -> Mapping[Source, bytes | None] | None:
        """Each source's key in the last run (None without a usable state), read from the
        state's table as asked: after a few edits, a few sources are (a mapping of the
        216,000 of the large workspace cost 0.04 s to make)."""
        if self.head is None:
            return None
        return _KnownKeys(self.tables["sources"])

    def changed_files(self, keys: Mapping[str, bytes], unkeyed: set[str], purposes: str
                      ) -> set[str] | None:
        """The files whose key changed since the last run, or that came or went, and those
        without a key (always): what the subjects to check again depend on; None when
        every subject must be keyed again (no last run, or other ``purposes``: the roster's
        ids or the day)."""
        head = self.head
        now, last = FileKeys.of(keys), self._files_of_last_run()
        if head is None or head["purposes"] != purposes or last is None or now is None:
            return None
        changed = now.changed_since(last)
        changed.update(unkeyed)
        changed.update(head["unkeyed"])
        return changed

    def found_nothing(self, source: Source) -> bool:
        """Whether ``source``, one computed on every run (keyed by
        :func:`findings_digest`), found nothing in the last run."""
        known = self.known()
        return known is not None and known.get(source) == _NOTHING

    def last_keys(self, files: Iterable[str]) -> dict[str, bytes]:
        """The key of each of ``files`` in the last run, for those it had (after
        :meth:`changed_files`)."""
        last = self._files_of_last_run()
        return {} if last is None else last.keys_of(files)

    def depending_on(self, files: set[str]) -> set[SubjectName]:
        """The subjects of the last run that depended on one of ``files``."""
        return self.tables["depends"].reading(files)

    def listed_subjects(self) -> bytes | None:
        """The digest of the subjects of the last run (:func:`subjects_digest`) when each of
        them had every one of its sources kept (None: not known)."""
        return None if self.head is None else self.head.get("subjects")

    def depend(self, keys: Mapping[str, bytes], unkeyed: set[str], purposes: str,
               made: Mapping[SubjectName, tuple[str, ...]], subjects: set[SubjectName],
               listed: Listed | None = None) -> None:
        """What the next run compares with: the files' keys, and what each of the run's
        ``subjects`` depends on (those ``made`` again, the others as in the last run).
        ``listed``: only the sources of its subjects (and those of no subject) are given to
        :meth:`update`, the others' are as in the last run (see :data:`Listed`); then
        ``subjects`` are those of its subjects that are the run's."""
        # In place: after an edit, few subjects are made again or gone.
        depends = self.tables["depends"]
        gone = depends.keys() - subjects if listed is None else {
            name for name in listed[0] if name in depends and name not in subjects}
        for name in gone:
            del depends[name]
        depends.update((name, read) for name, read in made.items() if name in subjects)
        touched = self._touched["depends"]
        if touched is not None:
            touched.update(made, gone)
        self._files = FileKeys.of(keys)
        self._next = {"unkeyed": set(unkeyed), "purposes": purposes,
                      "subjects": None if listed is None else listed[1]}
        self._listed = None if listed is None else listed[0]

    def update(self, run: bytes | None, view: str, computed: Computed,
               render: Render) -> FileReport:
        """The report after this run's sources were ``computed``, kept for the next run."""
        sources, found, stats, moved = computed
        relocated: tuple[frozenset[str], LocateAll] | None = None
        if moved is not None:
            relocated = frozenset(moved[0]), moved[1]
            # A subject's findings from its memo were located when it was kept: on the
            # company's file, maybe before a comment moved its lines.
            found = dict(zip(found, placed_again(list(found.values()), *relocated),
                             strict=True))
        old: ColumnTable = self.tables["sources"]
        current = dict(sources)
        by_file: dict[Source, dict[str, list[Finding]]] = {}
        # file -> the findings on it of each source computed now.
        new_parts: dict[str, Parts] = {}
        for source, findings in found.items():
            files: dict[str, list[Finding]] = {}
            for finding in findings:
                files.setdefault(finding.file, []).append(finding)
            by_file[source] = files
            for file, part in files.items():
                new_parts.setdefault(file, []).append((source, part))
        dirty: set[str] = set()
        # The sources gone since the last run: one pass over the 216,000 sources of the
        # large workspace, made once (each costs 0.1 s there). A subject not listed keeps
        # its sources.
        if self._listed is None:
            gone = cast("set[Source]", old.keys() - current.keys())
        else:
            # The sources of no subject, then those of the subjects listed (a slice of each
            # of the 216,000 sources to compare with the subjects cost 0.1 s).
            gone = {cast(Source, source) for source in old.laid_over()
                    if source[1] not in SUBJECT_KINDS and source not in current}
            gone.update(source for kind, ident in self._listed
                        for what in SUBJECT_SOURCES[kind]
                        if (source := (what, kind, ident)) in old and source not in current)
        again = set(found) | gone
        touched = self._touched["sources"]
        if touched is not None:
            touched.update(again)
        for source in again:
            if source in old:
                dirty.update(old[source][1])
            dirty.update(by_file.get(source, ()))
        if self.head is None or self.head["view"] != view:
            dirty.update(self.entries)
        if moved is not None:
            dirty.update(file for file in moved[0] if file in self.entries)
            # And, when such a file changed since the last run, the files on which an
            # unchanged source's findings name a place on it (a booking during a closure
            # names the closure's line in company.yaml).
            last = self.head.get("placed") if self.head is not None else None
            changed = frozenset(file for file, key in moved[0].items()
                                if key is None or not isinstance(last, dict)
                                or last.get(file) != key)
            if changed:
                dirty.update(file for _, files in old.values() if not changed.isdisjoint(files)
                             for file in files if file in self.entries)
            self._next["placed"] = dict(moved[0])
        touched = self._touched["entries"]
        if touched is not None:
            touched.update(dirty)
        entries = self.entries
        # The files some unchanged source reported on: their findings by source are read
        # (after one edit, every file made again; after a change of company.yaml, few).
        kept = [file for file in dirty if file in entries]
        if len(found) > len(old) // 2:
            wanted = {file for source, (_, files) in old.items()
                      if source not in gone and source not in found for file in files}
            kept = [file for file in kept if file in wanted]
        stored = _parts(self._cache, [entries[file] for file in kept])
        if any(entries[file][0] not in stored for file in kept):
            raise IncompleteState  # an entry was pruned: its unchanged findings are lost
        if relocated is not None:
            keys = list(stored)
            flat = [found for key in keys for _, found in stored[key]]
            placed = iter(placed_again(flat, *relocated))
            stored = {key: [(source, next(placed)) for source, _ in stored[key]]
                      for key in keys}
        # In place (``old`` is not read again): after an edit, few sources changed. Only
        # the sources computed now are written: a source is computed whenever its key is
        # not the one known (every caller's contract, ``Computed``), so the others' keys
        # are those of the last run. Should one be computed under another key and not
        # given, the state keeps the key its findings were found under: it is computed
        # again next time, never trusted with findings of another key. Before the render:
        # a child forked for the files' findings can store them too.
        for source in gone:
            del old[source]
        for source in by_file:
            if source in current:
                old[source] = (current[source], _reported_on(found[source]))
        stamp = os.urandom(16)
        made: list[tuple[bytes, Parts, None]] = []
        shown: list[tuple[str, bytes, Parts]] = []
        for file in sorted(dirty):
            # A source of the last run's parts stands unless gone (``current`` may list
            # only some subjects' sources).
            parts = [] if file not in entries or entries[file][0] not in stored else [
                (source, findings) for source, findings in stored[entries[file][0]]
                if source not in gone and source not in found]
            parts += new_parts.get(file, ())
            if any(part for _, part in parts):
                key = hashlib.blake2b(self._name + stamp + file.encode(),
                                      digest_size=32).digest()
                made.append((key, parts, None))
                shown.append((file, key, parts))
            else:
                entries.pop(file, None)
        # Many files' findings (a cold run): stored by a child while this process renders
        # them, with the state's blobs that do not name the pieces (a new base's other
        # tables, the files' keys). The others (the pieces, the delta, the head) are
        # stored after the render, by this process once the report is written
        # (``write_after``): a child of their own, forked from the whole heap at the very
        # end, cost more (its faults) than their pickling here.
        written = before = blobs = None
        if len(made) >= BACKGROUND_FROM:
            early: list[tuple[bytes, dict[str, Any]]] = []
            if self._new_base(view):
                # Made now: a new base's pieces blob names the entries table, filled in by
                # the render below; nothing else in them depends on it.
                blobs = self._blobs(run, view, stats, stamp)
                apart = (self._name + _BASE, self._name + _FILES)
                early = [blob for blob in blobs if blob[0] in apart]
                blobs = [blob for blob in blobs if blob[0] not in apart]
            with held():
                written = before = write_to_cache(self._cache, _store_findings,
                                                  self._cache, made, beside=True)
                if early:
                    before = write_to_cache(self._cache, _write_state, self._cache, [],
                                            early, beside=True)
            made = []
        rendered = _rendered(render, [parts for _, _, parts in shown])
        for (file, key, _), (pieces, counts) in zip(shown, rendered, strict=True):
            entries[file] = (key, pieces, counts)
        if blobs is None:
            blobs = self._blobs(run, view, stats, stamp)
        if before is not None:
            write_after(self._cache, _write_state, self._cache, made, blobs, before)
        else:
            rows = sum(len(table) for _, blob in blobs for table in blob.values()
                       if isinstance(table, dict | ColumnTable | EntryTable))
            # After an edit, here; a new base of fewer files' findings (many edits that
            # left few files with findings), on another core.
            write_to_cache(self._cache, _write_state, self._cache, made, blobs,
                           beside=len(made) + rows >= BACKGROUND_FROM)
        return self._report(stats, written)

    def _new_base(self, view: str) -> bool:
        """Whether the state is kept as a new base whatever this run changed: no usable
        base, another view, or a table whose changed rows are not known."""
        return (self.head is None or self._base_id is None or self.head["view"] != view
                or any(touched is None for touched in self._touched.values()))

    def _blobs(self, run: bytes | None, view: str, stats: dict[str, int], stamp: bytes
               ) -> list[tuple[bytes, dict[str, Any]]]:
        """What to store for the next run, in order (the head last): by name, the value."""
        blobs: list[tuple[bytes, dict[str, Any]]] = []
        base_id = self._base_id
        # The delta: the last one, with the rows this run changed (None: removed); not made
        # when a new base is written anyway (a cold run: 80,000 rows looked up for nothing).
        delta: dict[str, dict[Any, Any]] | None = None
        if not self._new_base(view):
            delta = {}
            for table in _TABLES:
                touched, now = self._touched[table], self.tables[table]
                if touched is None:
                    delta = None
                    break
                delta[table] = {**self._delta[table],
                                **{row: now.get(row) for row in touched}}
        whole = sum(len(self.tables[table]) for table in _TABLES)
        most = max(_DELTA_MIN, whole // _DELTA_SHARE)
        if delta is None or sum(len(rows) for rows in delta.values()) > most:
            base_id = stamp
            # The pieces apart (read by every run), the other tables together (read by a
            # run that does not answer with the last report).
            blobs.append((self._name + _PIECES, {"id": stamp, _ENTRIES: self.tables[_ENTRIES]}))
            # Made into columns by ``_write_state``: beside the command on a cold run.
            blobs.append((self._name + _BASE, {
                "id": stamp, **{table: self.tables[table] for table in _OTHER_TABLES}}))
            delta = {table: {} for table in _TABLES}
        blobs.append((self._name + _DELTA, {"id": stamp, "base": base_id, **delta}))
        # The files' keys, when they are not those kept (the same after a change that only
        # moved findings, e.g. another day).
        files_id = None if self.head is None else self.head["files"]
        if self._files is None:
            files_id = None
        elif self._last_files is None or self._files != self._last_files:
            files_id = stamp
            blobs.append((self._name + _FILES, {"id": stamp, "columns": self._files.stored()}))
        blobs.append((self._name + _HEAD, {
            "run": run, "view": view, "stats": stats, "base": base_id, "delta": stamp,
            "files": files_id, **self._next}))
        return blobs


def findings_digest(findings: Sequence[Finding]) -> bytes:
    """The key of a source computed on every run: a digest of its ``findings``."""
    return hashlib.blake2b(repr(findings).encode(), digest_size=32).digest()


_NOTHING = findings_digest([])


def _reported_on(findings: Sequence[Finding]) -> tuple[str, ...]:
    """The files ``findings`` are on, then the other files of the places they name."""
    # Without a generator per source: 43,000 sources of a cold check, most of them empty or
    # of one file, in the command's serial part (0.08 s, now 0.055 s).
    if not findings:
        return ()
    files = dict.fromkeys([f.file for f in findings])
    related = [place.file for f in findings if f.related for place in f.related]
    if related:
        files.update(dict.fromkeys(related))
    return tuple(files)


def _rendered(render: Render, files: list[Parts]) -> list[tuple[Any, Counts]]:
    """Each file's findings (its ``Parts``) sorted and rendered, here: on a cold run the
    other core stores the files' findings meanwhile (``_store_findings``). Two forked
    workers rendering them instead cost 0.3-0.5 s more CPU in all (their start, each page
    of findings they read copied, the pieces sent back) for no shorter run."""
    return [render(sort_findings(f for _, part in parts for f in part)) for parts in files]


def placed_again(groups: list[list[Finding]], files: frozenset[str], locate_all: LocateAll
                  ) -> list[list[Finding]]:
    """``groups`` with the places of their findings on ``files`` looked up again (the others
    as they are: the same lists when none of their findings names a place on ``files``)."""
    # The findings naming a place on ``files`` picked in one pass, and only their groups
    # made again: a cold check passes its 48,000 findings in 43,000 groups, a few on the
    # company's file, in the serial part after the subjects' workers (a call per finding
    # and a list per group cost 0.045 s).
    hit = [(at, finding) for at, found in enumerate(groups) if found for finding in found
           if finding.file in files or (finding.related and _names_any(finding, files))]
    if not hit:
        return groups
    # A finding's own place and its related ones (``Finding.places`` without making a
    # Location for each).
    wanted = {(finding.file, finding.path) for _, finding in hit if finding.file in files}
    wanted.update((place.file, place.path) for _, finding in hit
                  for place in finding.related if place.file in files)
    places = locate_all(wanted)

    def again(finding: Finding) -> Finding:
        if finding.file not in files and not _names_any(finding, files):
            return finding
        related = tuple(replace(r, line=places[r.file, r.path][0],
                                column=places[r.file, r.path][1])
                        if r.file in files else r for r in finding.related)
        line, column = places[finding.file, finding.path] if finding.file in files \
            else (finding.line, finding.column)
        return replace(finding, line=line, column=column, related=related)

    placed = list(groups)
    for at in dict.fromkeys(at for at, _ in hit):
        placed[at] = [again(finding) for finding in groups[at]]
    return placed


def _names_any(finding: Finding, files: frozenset[str]) -> bool:
    """Whether one of the places ``finding`` relates to is on one of ``files``."""
    return any(place.file in files for place in finding.related)


def _write_state(cache: DocumentCache, made: list[tuple[bytes, Parts, None]],
                 blobs: list[tuple[bytes, dict[str, Any]]], before: Written | None = None
                 ) -> None:
    """:func:`_write`, the base's tables made into columns first (the files' pieces, and
    216,000 sources and 107,000 dependencies sorted and joined on the large workspace: 0.5 s,
    beside the command on a cold run). A table that cannot be columns is kept as None: the
    next run starts afresh."""
    blobs = [(name, {field: _stored(field, value) for field, value in blob.items()})
             for name, blob in blobs]
    _write(cache, made, blobs, before)


def _stored(field: str, value: Any) -> Any:
    if isinstance(value, ColumnTable):
        return value.stored(_OTHER_TABLES[field][1])
    return value.stored() if isinstance(value, EntryTable) else value


def _store_findings(cache: DocumentCache, made: list[tuple[bytes, Parts, None]]) -> None:
    cache.store(made)


def _write(cache: DocumentCache, made: list[tuple[bytes, Parts, None]],
           blobs: list[tuple[bytes, dict[str, Any]]], before: Written | None = None) -> None:
    """Store the files' findings by source (those ``before`` stores first), then the state's
    blobs in order: a run that reads the head meanwhile finds a base and delta of another
    run, and starts afresh."""
    # Pickled and signed before waiting: at a cold check's end, the pieces (23 MB, 0.1-0.25
    # s) were made only once the child storing the files' findings was done, while this
    # process had waited for it with nothing to do.
    signed = cache.blobs_to_store([(_PART, name, value) for name, value in blobs])
    if before is not None:
        before.wait()
    cache.store(made)
    for blob in signed:
        cache.store_signed([blob])


_T = TypeVar("_T")


class _KnownKeys(Mapping[Source, "bytes | None"]):
    """The key of each source of a state's ``sources`` table (source -> (key, files))."""

    def __init__(self, rows: Mapping[Source, tuple[bytes | None, tuple[str, ...]]]) -> None:
        self._rows = rows

    def __getitem__(self, source: Source) -> bytes | None:
        return self._rows[source][0]

    @overload
    def get(self, source: Source, /) -> bytes | None: ...

    @overload
    def get(self, source: Source, /, default: bytes | _T | None) -> bytes | _T | None: ...

    def get(self, source: Source, /, default: object = None) -> object:
        # Without the mixin's exception for each source not known.
        row = self._rows.get(source)
        return default if row is None else row[0]

    def __contains__(self, source: object) -> bool:
        return source in self._rows

    def __iter__(self) -> Iterator[Source]:
        return iter(self._rows)

    def items(self) -> ItemsView[Source, bytes | None]:
        return _KnownItems(self)

    def __len__(self) -> int:
        return len(self._rows)


_Rows = TypeVar("_Rows", dict[Any, Any], ColumnTable, EntryTable)


def _apart(table: str) -> Callable[[Any], bool] | None:
    """Which rows of ``table`` are kept apart from its columns: the sources of no subject
    (a thousand, each listed by every run after an edit, ``update``)."""
    return (lambda source: source[1] not in SUBJECT_KINDS) if table == "sources" else None


def _empty_tables() -> dict[str, Any]:
    return {table: ColumnTable(keyed, None, _apart(table))
            for table, (keyed, _) in _OTHER_TABLES.items()}


class _KnownItems(ItemsView[Source, "bytes | None"]):
    """Every source's key, from the rows read at once (not looked up one by one)."""

    _mapping: _KnownKeys

    def __iter__(self) -> Iterator[tuple[Source, bytes | None]]:
        rows = self._mapping._rows
        if isinstance(rows, ColumnTable):
            return cast(Iterator[tuple[Source, "bytes | None"]], rows.row_keys())
        return ((source, row[0]) for source, row in rows.items())


class _Tables(dict[str, Any]):
    """The state's tables: those not loaded yet are loaded all at once by ``load`` when one
    is first asked for."""

    def __init__(self, load: Callable[[], dict[str, ColumnTable]]) -> None:
        super().__init__()
        self._load = load

    def __missing__(self, table: str) -> Any:
        if table not in _TABLES:
            raise KeyError(table)
        for name, rows in self._load().items():
            self.setdefault(name, rows)
        return self[table]


class IncompleteState(Exception):
    """An entry of the state is missing from the cache (pruned, damaged): the caller starts
    again without the state (:meth:`ReportState.forget`)."""


def _valid(value: Any, keys: set[str]) -> TypeGuard[dict[str, Any]]:
    return isinstance(value, dict) and keys <= value.keys()
