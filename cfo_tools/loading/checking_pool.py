"""Check many documents, on every core when there are enough of them to pay for it, and
through the document cache when there is one.

The pool works with every start method: ``fork`` (Linux's default) lets the workers inherit the
compiled schemas; ``spawn`` (the only one on Windows, the default on macOS) starts fresh
interpreters, which compile them once each from the schemas handed to the pool's initializer.

With a cache, the main process finds every document's key (from the workspace's stat index,
reading and hashing only the files whose stat changed) and takes what the workspace's snapshot
or the per-file entries hold; only the other documents are checked, each worker storing its
results (with their line maps, built in the same parse) in one transaction per batch of files.

Every document checked here comes back with its line map, cache or not: the cross-file rules
that run next in the main process locate their findings from it, instead of reading and
scanning again, on one core, every file they name (12,400 of the 22,000 synthetic files).

When the run will write a new snapshot (a cold cache, many edits), the workers send each
batch's entries back pickled as a part of it (``workspace_snapshot.SnapshotParts``): the main
process loads them and keeps the bytes, so the snapshot is written without pickling 22,000
records a second time, and the per-file entries the workers store point into those parts
instead of holding a pickle of their own (each record is pickled once, stored once).

On a workspace without a snapshot (a cold run), the main process does not read and hash every
file for its key before the pool starts: the workers make the keys from the bytes they read,
and first take from the cache what it holds under them (``document_keys``).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from cfo_tools.loading.background_writes import write_to_cache
from cfo_tools.loading.document_cache import DocumentCache, content_hash
from cfo_tools.loading.document_checking import (
    CheckedDocument,
    Model,
    check_content,
    check_document,
    unreadable,
)
from cfo_tools.loading.document_keys import DocumentKeys
from cfo_tools.loading.document_viewer import DocumentViewer
from cfo_tools.loading.kinds import DocumentFile
from cfo_tools.loading.line_map import LineMap
from cfo_tools.loading.regular_files import FileProblem, read_regular_file
from cfo_tools.loading.schemas import DocumentValidator
from cfo_tools.loading.workspace_snapshot import (
    Part,
    SnapshotParts,
    WorkspaceSnapshot,
    part_reference,
    pickled_part,
    stored_entries,
)
from cfo_tools.model.findings import Finding

#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400
#: From this many documents not in the workspace's snapshot, the snapshot is written by a
#: child process beside the command (``background_writes``).
BACKGROUND_SNAPSHOT = 2000

#: The validators the worker processes use: inherited from the parent under ``fork``, compiled
#: by :func:`_start_worker` under ``spawn``.
_VALIDATORS: dict[str, DocumentValidator] = {}
_CACHE: list[DocumentCache] = []
#: Whether the workers send their entries back as parts of a new snapshot.
_AS_PARTS: list[bool] = []
#: Whether the workers look up in the cache the documents whose keys they make.
_LOOK_UP: list[bool] = []
#: What the workers make of each document besides its record: set before they are forked,
#: which they inherit (never pickled: see ``document_viewer``).
_VIEWER: list[DocumentViewer] = []


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def document_keys(files: Sequence[DocumentFile], cache: DocumentCache,
                  root: Path | None = None) -> list[bytes | CheckedDocument]:
    """Each document's key in ``cache``, or the document itself when it cannot be read. With
    the workspace's ``root``, files whose stat is unchanged are not read (``stat_index``)."""
    return DocumentKeys(cache, root, files).complete()


def check_documents(files: Sequence[DocumentFile], validators: dict[str, DocumentValidator],
                    *, jobs: int | None = None, start_method: str | None = None,
                    cache: DocumentCache | None = None, root: Path | None = None,
                    keys: list[bytes | CheckedDocument] | DocumentKeys | None = None,
                    briefs: bool = True, viewer: DocumentViewer | None = None
                    ) -> list[CheckedDocument]:
    """Each document read, validated and built, in the order of ``files``. ``start_method``
    is multiprocessing's (default: ``fork`` where the system has it, else ``spawn``). With a
    cache, ``keys`` are :func:`document_keys`' (computed when not given), or
    :class:`DocumentKeys` whose pending keys the workers make (and which then holds them
    all), and with the workspace's ``root`` the documents of its last run come from its
    snapshot (without the missions' briefs when not ``briefs``: see
    ``workspace_snapshot``). ``viewer``: what the pool's forked workers make of each
    document they check besides its record (``CheckedDocument.view``)."""
    if cache is None:
        return _check_all(files, validators, jobs, start_method, None, viewer=viewer)
    if keys is None:
        keys = document_keys(files, cache, root)
    deferred = keys if isinstance(keys, DocumentKeys) else None
    known = keys.known if isinstance(keys, DocumentKeys) else keys
    snapshot = None if root is None else WorkspaceSnapshot(cache, root, briefs=briefs)
    kept = {} if snapshot is None else snapshot.entries
    done: dict[int, CheckedDocument] = {}
    wanted: dict[int, bytes] = {}
    missing: list[int] = []
    for index, key in enumerate(known):
        if key is None:  # pending: the worker that reads the file makes its key
            missing.append(index)
        elif isinstance(key, CheckedDocument):
            done[index] = key
        elif key in kept:
            findings, model, text = kept[key]
            done[index] = CheckedDocument(files[index], findings, model, text, None, key)
        else:
            wanted[index] = key
    # Not in the snapshot (or not known to be).
    fresh = len(missing) + len(wanted)
    # Without a snapshot to write, nothing stores these records again: their briefs can be
    # left out (a snapshot's delta must hold the briefs of the missions it keeps).
    entries = (stored_entries(cache, list(wanted.values()), briefs=briefs or snapshot is not None)
               if wanted else {})
    for index, key in wanted.items():
        entry = entries.get(key)
        if entry is None:
            missing.append(index)
        else:
            findings, model, text = entry
            done[index] = CheckedDocument(files[index], findings, model, text, None, key)
    missing.sort()
    # A new base is then certain: its records are best pickled once, by the workers.
    parts = (SnapshotParts(briefs=briefs) if snapshot is not None
             and snapshot.replaced_after(len(missing), len(files)) else None)
    checked = _check_all([files[i] for i in missing], validators, jobs, start_method, cache,
                         parts, look_up=deferred is not None and deferred.pending > 0,
                         viewer=viewer)
    done.update(zip(missing, checked, strict=True))
    if deferred is not None:
        for index, document in zip(missing, checked, strict=True):
            deferred.learn(index, document)
    result = [done[index] for index in range(len(files))]
    if snapshot is not None:
        entries = {document.key: (document.findings, document.model, document.text)
                   for document in result if document.key is not None}
        # A new base (a cold run, many edits) is worth a core of its own; a delta is not.
        write_to_cache(cache, _save_snapshot, snapshot, entries, parts, cache, deferred,
                       beside=fresh >= BACKGROUND_SNAPSHOT)
    elif deferred is not None:
        deferred.save_index()
    return result


def _save_snapshot(snapshot: WorkspaceSnapshot, entries: dict[bytes, Any],
                   parts: SnapshotParts | None, cache: DocumentCache,
                   keys: DocumentKeys | None = None) -> None:
    snapshot.save(entries, parts)
    if keys is not None:
        # The stat index of a cold run, made of the keys the workers sent back.
        keys.save_index()
    if parts is not None and parts.keys:
        # The workers left their writes in the log (see _start_worker): copied once, here,
        # beside the command rather than in the middle of the pool's work.
        cache.checkpoint()


def _check_all(files: Sequence[DocumentFile], validators: dict[str, DocumentValidator],
               jobs: int | None, start_method: str | None, cache: DocumentCache | None,
               parts: SnapshotParts | None = None, *, look_up: bool = False,
               viewer: DocumentViewer | None = None) -> list[CheckedDocument]:
    """``parts``: gathers the workers' entries as parts of a new snapshot (with a cache).
    ``look_up``: the cache is asked for the documents whose keys were pending (made from
    the bytes read), which are checked only when it lacks them. ``viewer``: made by the
    workers when they are forked (else by nobody here)."""
    jobs = available_cores() if jobs is None else jobs
    if jobs <= 1 or len(files) < PARALLEL_THRESHOLD:
        if cache is None:
            return [check_document(f, validators, line_map=True) for f in files]
        return _check_and_store(files, validators, cache, look_up)[0]
    method = start_method or ("fork" if "fork" in multiprocessing.get_all_start_methods()
                              else "spawn")
    batches = _batches(files, jobs)
    _VALIDATORS.clear()
    _VALIDATORS.update(validators)
    _CACHE[:] = [cache] if cache else []
    _VIEWER[:] = [viewer] if viewer is not None and method == "fork" else []
    if cache is not None:
        cache.close()
    schemas = {kind: (validator.schema, validator.covers_model)
               for kind, validator in validators.items()}
    as_parts = parts is not None and cache is not None
    with multiprocessing.get_context(method).Pool(
            jobs, initializer=_start_worker,
            initargs=(schemas, cache, as_parts, look_up)) as pool:
        _VIEWER.clear()  # the workers have it; a later pool may not
        # In order, as each batch arrives: its entries are loaded while the workers go on, and
        # their bytes are not all held at once.
        checked: list[CheckedDocument] = []
        for batch, (sent_back, made) in zip(batches, pool.imap(_check_in_worker, batches),
                                            strict=True):
            entries: dict[bytes, Any] = {}
            if parts is not None:
                for part in made:
                    entries.update(parts.add(part))
            checked += [_received(spec, sent, entries)
                        for spec, sent in zip(batch, sent_back, strict=True)]
        return checked


#: The most documents in one part of a new snapshot. A per-file entry points into its part,
#: and reading it (after an edit: the company, the records of the subjects checked again)
#: unpickles the whole part: a batch's part (up to 2,750 records) cost 0.03 s each time, and
#: `check` after one mission edit read about 40 of them (0.45 s); parts of 64 records cost
#: about 1 ms each. Smaller parts share fewer values within each pickle (a few more bytes).
PART_SIZE = 64

#: The smallest batch of files given to a worker at once.
SMALLEST_BATCH = 64


def _batches(files: Sequence[DocumentFile], jobs: int) -> list[Sequence[DocumentFile]]:
    """Batches shrinking as the work left does (a share of what remains each time): large
    ones first, for few round trips and much sharing in each pickle, small ones last, so that
    no core waits long for another's last batch at the end."""
    batches = []
    start = 0
    while start < len(files):
        size = max(SMALLEST_BATCH, (len(files) - start) // (jobs * 4))
        batches.append(files[start:start + size])
        start += size
    return batches


def _received(spec: DocumentFile, sent: _SentBack,
              entries: dict[bytes, tuple[Any, Any, Any]]) -> CheckedDocument:
    sent_findings, model, text, key, positions, content, view = sent
    if sent_findings is None and key is not None:  # sent in the batch's snapshot part
        findings, model, text = entries[key]
    else:
        findings = sent_findings or []
    return CheckedDocument(spec, findings, model, text,
                           None if positions is None else LineMap(*positions), key, content,
                           (model,) if view == _THE_RECORD else cast("tuple[Any] | None", view))


def _check_and_store(files: Sequence[DocumentFile], validators: dict[str, DocumentValidator],
                     cache: DocumentCache, look_up: bool = False, as_part: bool = False
                     ) -> tuple[list[CheckedDocument], list[Part]]:
    """Check ``files``, storing each result and its line map under the key of the bytes read
    (the file may have changed since the main process hashed it). ``look_up``: first take
    from the cache the documents it holds under those keys (keys the main process left
    pending: ``document_keys``). ``as_part``: the documents are also pickled as parts of
    a new snapshot (returned, :data:`PART_SIZE` documents each), into which their per-file
    entries point, instead of holding a second pickle of each record (the parts are stored
    with the snapshot)."""
    read: list[tuple[DocumentFile, bytes, bytes, bytes] | CheckedDocument] = []
    for spec in files:
        raw = read_regular_file(spec.path)
        if isinstance(raw, FileProblem):
            read.append(unreadable(spec, raw))
        else:
            content = content_hash(raw)
            read.append((spec, raw, content, cache.key_of_content(spec, content)))
    found = (stored_entries(cache, [done[3] for done in read
                                    if not isinstance(done, CheckedDocument)])
             if look_up else {})
    checked: list[CheckedDocument] = []
    made: list[CheckedDocument] = []
    for done in read:
        if isinstance(done, CheckedDocument):
            checked.append(done)
            continue
        spec, raw, content, key = done
        entry = found.get(key)
        if entry is not None:
            findings, model, text = entry
            checked.append(CheckedDocument(spec, findings, model, text, None, key, content))
            continue
        document = check_content(spec, raw, validators, line_map=True)
        document.key, document.content = key, content
        made.append(document)
        checked.append(document)
    parts: list[Part] = []
    references: dict[bytes, tuple[str, bytes]] = {}
    if as_part:
        keyed = [(document.key, (document.findings, document.model, document.text))
                 for document in checked if document.key is not None]
        for start in range(0, len(keyed), PART_SIZE):
            part = pickled_part(keyed[start:start + PART_SIZE])
            parts.append(part)
            references.update((key, part_reference(part[2]))
                              for key, _ in keyed[start:start + PART_SIZE])
    cache.store((document.key,
                 references.get(document.key)
                 or (document.findings, document.model, document.text),
                 None if document.positions is None else document.positions.to_data())
                for document in made if document.key is not None)
    return checked, parts


def _start_worker(schemas: dict[str, tuple[dict[str, Any], bool]],
                  cache: DocumentCache | None = None, as_parts: bool = False,
                  look_up: bool = False) -> None:
    if not _VALIDATORS:  # a spawned worker: nothing inherited
        _VALIDATORS.update({kind: DocumentValidator(schema, covers_model=covers)
                            for kind, (schema, covers) in schemas.items()})
    _CACHE[:] = [cache] if cache else []
    _AS_PARTS[:] = [as_parts]
    _LOOK_UP[:] = [look_up]
    if cache is not None and as_parts:
        # A new snapshot follows the pool, whose writer checkpoints once (_save_snapshot).
        cache.defer_checkpoints()


#: What a worker sends back for one document: findings, model, text, cache key, line map,
#: the hash of the bytes read (the stat index keeps it) and the view made of it (with a
#: viewer), never the file's spec, which the main process has (a third less to pickle and
#: unpickle).
#: One pickle per batch, so that values shared by documents stay shared: an entry per document
#: would hold its own copy of each (the line maps' pointers are made once per worker, see
#: ``yaml_documents``: a batch's maps pickle to a quarter of their size).
#: With parts (see the module's docstring), a document with a key is sent back as its key and
#: line map only (findings None), its entry being in the batch's part.
_SentBack = tuple[list[Finding] | None, Model | None, str | None, bytes | None,
                  tuple[dict[str, int], list[int]] | None, bytes | None,
                  tuple[Any] | tuple[()] | None]


def _check_in_worker(files: Sequence[DocumentFile]) -> tuple[list[_SentBack], list[Part]]:
    viewer = _VIEWER[0] if _VIEWER else None
    if not _CACHE:
        return [_sent(check_document(spec, _VALIDATORS, line_map=True), False, viewer)
                for spec in files], []
    as_part = bool(_AS_PARTS and _AS_PARTS[0])
    checked, parts = _check_and_store(files, _VALIDATORS, _CACHE[0],
                                      bool(_LOOK_UP and _LOOK_UP[0]), as_part)
    return [_sent(document, as_part and document.key is not None, viewer)
            for document in checked], parts


#: Sent back for a view that is the record itself (``cfo find``'s of a freelancer): the
#: record is sent apart (in the batch's snapshot part), and a second pickle of it would be
#: a second copy to unpickle.
_THE_RECORD = ()


def _sent(document: CheckedDocument, in_part: bool, viewer: DocumentViewer | None
          ) -> _SentBack:
    positions = None if document.positions is None else document.positions.to_data()
    made = None if viewer is None else viewer.view_of(document.spec, document.model)
    view: tuple[Any] | tuple[()] | None = made
    if made is not None and document.model is not None and made[0] is document.model:
        view = _THE_RECORD
    if in_part:
        return None, None, None, document.key, positions, document.content, view
    return (document.findings, document.model, document.text, document.key, positions,
            document.content, view)
