"""The documents of a workspace's last runs, as signed entries of the document cache.

Verifying and unpickling 22,000 separate entries costs about a second; one entry holding
them all costs half of that (one signature, one unpickler, no query per batch). The snapshot
maps each document's key to what checking it gave (findings, record, text), so it is valid
whatever changed since: the next run takes from it every document whose key it holds, asks the
per-file entries for the others, and the workspace is then built from the files in the scan's
order, exactly as a run without the cache builds it.

Writing 22,000 records again after one edit would cost more than reading them (1.4 s of CPU
on the medium benchmark), so a run that changed few documents writes only those, as a small
*delta* beside the *base*; once the delta grows past :func:`_delta_limit`, a new base holding
everything replaces both.

The missions' briefs are half the bytes of the base and are read only by the commands that
write documents, so the base keeps them apart, in an entry of their own (key -> brief): a
command that reads no brief (``find``, ``status``...) loads the base without them, and each
mission's ``brief`` is then :data:`BRIEF_LEFT_OUT`, which refuses to be read. Both entries
are content-addressed, so a brief found under a key is that document's, whichever run wrote
it; a base document whose brief cannot be found is left out of the snapshot (it comes from its
per-file entry instead).

A new base written after the pool checked most documents (a cold run) is made of *parts*: the
lean entries and the briefs of each batch, in slices of at most 64 documents
(``checking_pool.PART_SIZE``), as the worker that checked the batch pickled them
to send them back (:class:`SnapshotParts`). The records are then pickled once, not a second
time for the snapshot (1.2 s of one core on 22,000 files, plus the copy-on-write of every page
that pickling touched in a forked child). Each part is stored as a blob of its own, found by
the hash of its bytes, and the per-file entries of its documents point into it
(:func:`stored_entries`) rather than hold a third pickle of each record. A stored base or
briefs entry is therefore one mapping, or the names of its parts (a list of pickled mappings
in an earlier layout), read the same way.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Iterator, Mapping, Sequence
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any, NoReturn

from cfo_tools.loading.document_cache import DocumentCache, load_entry
from cfo_tools.loading.stat_index import workspace_place
from cfo_tools.model.records import Mission

_BASE = b"snapshot-lean"
_BRIEFS = b"snapshot-briefs"
_DELTA = b"snapshot-delta"
#: The parts of bases, each found by the hash of its bytes: (lean entries, briefs).
_PART_LEAN = b"part-lean"
_PART_BRIEFS = b"part-briefs"
_PIECES = {_BASE: _PART_LEAN, _BRIEFS: _PART_BRIEFS}
#: A base or briefs entry made of stored parts: (_IN_PARTS, [part hash...]); a per-file
#: entry kept in a part: (_IN_PARTS, part hash).
_IN_PARTS = "in-parts"

#: What checking one document gave: (findings, record, text).
Entry = tuple[Any, Any, Any]


class _BriefLeftOut(dict[str, Any]):
    """The brief of a mission loaded without briefs: reading it is a bug, never an empty
    brief."""

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise RuntimeError("this command loaded the workspace without the missions' briefs "
                           "(validate_workspace(briefs=False)) and then read one")

    __getitem__ = __iter__ = __len__ = __contains__ = __bool__ = __eq__ = _refuse
    get = keys = items = values = copy = __or__ = __reduce_ex__ = _refuse
    __hash__ = None


#: Every mission's ``brief`` when the snapshot was loaded with ``briefs=False``.
BRIEF_LEFT_OUT: dict[str, Any] = _BriefLeftOut()


def _brief_left_out() -> dict[str, Any]:
    return BRIEF_LEFT_OUT


# A workspace loaded without briefs still goes to spawned workers (``cfo calendar``'s and
# ``cfo conflicts``' pools on Windows): multiprocessing's pickler sends the marker as itself,
# while any other pickle (the cache's) still refuses it, so that no entry ever holds it.
ForkingPickler.register(_BriefLeftOut, lambda _: (_brief_left_out, ()))


def _delta_limit(count: int) -> int:
    return max(200, count // 20)


def _stored(cache: DocumentCache, part: bytes, name: bytes) -> dict[bytes, Any]:
    found = cache.blob(part, name)
    if isinstance(found, tuple) and len(found) == 2 and found[0] == _IN_PARTS \
            and isinstance(found[1], list):
        # Stored parts (see SnapshotParts), each a blob of its own.
        pieces = [cache.blob(_PIECES[part], ident) for ident in found[1]]
        if not all(isinstance(piece, bytes) for piece in pieces):
            return {}  # a part removed meanwhile: the whole is a miss
        found = pieces
    if isinstance(found, list):
        # Parts: signed with the whole, loaded by the same unpickler.
        whole: dict[bytes, Any] = {}
        try:
            for piece in found:
                loaded = load_entry(piece)
                if not isinstance(loaded, dict):
                    return {}
                whole.update(loaded)
        except Exception:
            return {}
        return whole
    return found if isinstance(found, dict) else {}


def part_entries(cache: DocumentCache, ident: bytes, *, briefs: bool = True
                 ) -> dict[bytes, Entry]:
    """The entries of the stored part ``ident``, each mission with its brief (or, without
    ``briefs``, :data:`BRIEF_LEFT_OUT`: half the part's bytes not read); empty when the part
    is gone or cannot be trusted."""
    lean = cache.blob(_PART_LEAN, ident)
    kept = cache.blob(_PART_BRIEFS, ident) if briefs else None
    if not isinstance(lean, bytes) or (briefs and not isinstance(kept, bytes)):
        return {}
    try:
        entries = load_entry(lean)
        found = load_entry(kept) if isinstance(kept, bytes) else None
        if not isinstance(entries, dict) or (briefs and not isinstance(found, dict)):
            return {}
        for key, (_, model, _) in entries.items():
            if isinstance(model, Mission):
                model.brief = BRIEF_LEFT_OUT if found is None else found[key]
    except Exception:
        return {}
    return entries


def in_part(entry: Any) -> bytes | None:
    """The part a per-file entry points into (see :func:`pickled_part`), else None."""
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == _IN_PARTS \
            and isinstance(entry[1], bytes):
        return entry[1]
    return None


def part_reference_list(idents: list[bytes]) -> tuple[str, list[bytes]]:
    """What a base (or its briefs entry) made of the stored parts ``idents`` holds."""
    return _IN_PARTS, idents


def part_reference(ident: bytes) -> tuple[str, bytes]:
    """What the per-file entry of a document in the part ``ident`` holds."""
    return _IN_PARTS, ident


def stored_entries(cache: DocumentCache, keys: Sequence[bytes], *, briefs: bool = True
                   ) -> dict[bytes, Entry]:
    """The per-file entries found among ``keys`` (``DocumentCache.entries``), those that
    point into a part taken from there (without their missions' briefs when not ``briefs``:
    see :func:`part_entries`, and the lean copies of :func:`_lean_alone`)."""
    found = cache.entries(keys)
    pointing = {key: ident for key, entry in found.items()
                if (ident := in_part(entry)) is not None}
    if pointing and not briefs:
        for key, alone in _lean_alone(cache, list(pointing)):
            found[key] = alone
            del pointing[key]
    if pointing:
        parts = {ident: part_entries(cache, ident, briefs=briefs)
                 for ident in set(pointing.values())}
        for key, ident in pointing.items():
            entry = parts[ident].get(key)
            if entry is None:
                del found[key]
            else:
                found[key] = entry
        if not briefs and len(pointing) <= LEAN_ALONE_UP_TO:
            _keep_lean_alone(cache, {key: found[key] for key in pointing if key in found})
    return found


#: A document's lean entry (its mission without its brief) kept alone, by its key, once it
#: was read from its part without briefs.
_LEAN_ALONE = b"lean-alone"
#: Up to this many documents read from parts in one call are kept alone: the records of the
#: few subjects ``cfo check`` checks again after an edit (``PreparedRun.documents_at``).
LEAN_ALONE_UP_TO = 500


def _lean_alone(cache: DocumentCache, keys: Iterable[bytes]) -> Iterator[tuple[bytes, Entry]]:
    """The lean copies kept of those of ``keys`` that have one (:func:`_keep_lean_alone`),
    each mission's brief :data:`BRIEF_LEFT_OUT`. After an edit, ``cfo check`` reads the
    same few records again and again (the edited mission's freelancers and their other
    missions): one by one, not each by unpickling the part of 64 documents it is in (83
    documents from 79 parts on the large workspace, 0.15 s of every run)."""
    for key in keys:
        kept = cache.blob(_LEAN_ALONE, key)
        if isinstance(kept, tuple) and len(kept) == 3:
            if isinstance(kept[1], Mission):
                kept[1].brief = BRIEF_LEFT_OUT
            yield key, kept


def _keep_lean_alone(cache: DocumentCache, entries: Mapping[bytes, Entry]) -> None:
    """Keep a lean copy of each of ``entries`` (read from their parts without briefs) for
    :func:`_lean_alone`: the same content as the part's, under the same content key."""
    if entries:
        cache.store_blobs([(_LEAN_ALONE, key, (findings, without_brief(model)
                                               if isinstance(model, Mission) else model, text))
                           for key, (findings, model, text) in entries.items()])


def _pickled(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class SnapshotParts:
    """The parts of a new base, gathered batch by batch as the pool's workers send them.

    A worker pickles its batch's entries with :func:`pickled_part` and sends the bytes back
    instead of the records; the main process loads them (:meth:`add`) for itself and keeps
    the bytes, which :meth:`WorkspaceSnapshot.save` stores as they are. Without ``briefs``
    (a command that reads none), the briefs' pickles are kept but not loaded: the missions'
    ``brief`` is then :data:`BRIEF_LEFT_OUT`, as from a snapshot loaded without them."""

    def __init__(self, *, briefs: bool = True) -> None:
        self.lean: list[bytes] = []
        self.briefs: list[bytes] = []
        self.idents: list[bytes] = []
        self.keys: set[bytes] = set()
        self._load_briefs = briefs

    def add(self, part: Part) -> dict[bytes, Entry]:
        """The entries of one part, each mission with its brief (or marked as left out)."""
        lean_bytes, briefs_bytes, ident = part
        # Pickled by this command's own workers, as everything the pool sends back.
        entries: dict[bytes, Entry] = pickle.loads(lean_bytes)
        briefs: dict[bytes, Any] | None = (pickle.loads(briefs_bytes) if self._load_briefs
                                           else None)
        for key, (_, model, _) in entries.items():
            if isinstance(model, Mission):
                model.brief = BRIEF_LEFT_OUT if briefs is None else briefs[key]
        self.lean.append(lean_bytes)
        self.briefs.append(briefs_bytes)
        self.idents.append(ident)
        self.keys.update(entries)
        return entries


#: A part: its lean entries and its briefs, pickled, and the hash of both (its name).
Part = tuple[bytes, bytes, bytes]


def pickled_part(entries: Iterable[tuple[bytes, Entry]]) -> Part:
    """A batch's entries as one part of a base: (lean entries, briefs), each pickled, and
    the part's hash, by which it is stored and the per-file entries of its documents point
    to it (:func:`part_reference`): the records are pickled once for both."""
    lean: dict[bytes, Entry] = {}
    briefs: dict[bytes, Any] = {}
    for key, (findings, model, text) in entries:
        if isinstance(model, Mission):
            briefs[key] = model.brief
            model = without_brief(model)
        lean[key] = (findings, model, text)
    return _part(_pickled(lean), _pickled(briefs))


def _part(lean: bytes, briefs: bytes) -> Part:
    digest = hashlib.blake2b(lean, digest_size=32)
    digest.update(briefs)
    return lean, briefs, digest.digest()


def without_brief(mission: Mission) -> Mission:
    """A copy of ``mission`` to keep without its brief (which, left out, refuses pickling):
    give the copy :data:`BRIEF_LEFT_OUT` again when it is read back."""
    # A shallow copy with an empty brief, without running __init__ again for 20,000 missions.
    lean = object.__new__(Mission)
    lean.__dict__.update(mission.__dict__)
    lean.brief = {}
    return lean


class WorkspaceSnapshot:
    def __init__(self, cache: DocumentCache, root: Path, *, briefs: bool = True) -> None:
        self._cache = cache
        # One snapshot per workspace and context (schemas, version): another context's keys
        # would never match.
        self._name = workspace_place(root) + cache.context
        base = _stored(cache, _BASE, self._name)
        if base:
            found = _stored(cache, _BRIEFS, self._name) if briefs else {}
            base = self._completed(base, found if briefs else None)
        self._base = base
        self._delta = _stored(cache, _DELTA, self._name) if self._base else {}
        self.entries: Mapping[bytes, Entry] = ({**self._base, **self._delta} if self._delta
                                               else self._base)

    @staticmethod
    def kept(cache: DocumentCache, root: Path) -> bool:
        """Whether a base is stored for the workspace at ``root`` in this context (read
        without loading or trusting it)."""
        return cache.has_blob(_BASE, workspace_place(root) + cache.context)

    @staticmethod
    def _completed(base: dict[bytes, Entry], briefs: dict[bytes, Any] | None
                   ) -> dict[bytes, Entry]:
        """The base's missions with their briefs put back, or marked as left out when
        ``briefs`` is None; a mission whose brief is missing is dropped."""
        done: dict[bytes, Entry] = {}
        for key, entry in base.items():
            model = entry[1]
            if isinstance(model, Mission):
                if briefs is None:
                    model.brief = BRIEF_LEFT_OUT
                elif key in briefs:
                    model.brief = briefs[key]
                else:
                    continue
            done[key] = entry
        return done

    def replaced_after(self, checked: int, total: int) -> bool:
        """Whether a run that checks ``checked`` of its ``total`` documents afresh will
        write a new base (then worth gathering in parts: :class:`SnapshotParts`)."""
        return not self._base or checked > _delta_limit(total)

    def save(self, entries: Mapping[bytes, Entry], parts: SnapshotParts | None = None) -> None:
        """Keep ``entries`` (those of this run) for the next run: nothing when the snapshot
        holds them all, else those the base lacks as the delta, or a new base (made of
        ``parts``, those of the entries the workers pickled, and of the others)."""
        fresh = [key for key in entries if key not in self._base]
        if not self._base or len(fresh) > _delta_limit(len(entries)):
            self._save_base(entries, parts)
        elif set(fresh) != self._delta.keys():
            self._cache.store_blob(_DELTA, self._name, {key: entries[key] for key in fresh})

    def _save_base(self, entries: Mapping[bytes, Entry], parts: SnapshotParts | None) -> None:
        lean: dict[bytes, Entry] = {}
        briefs: dict[bytes, Any] = {}
        left_out: dict[bytes, Any] | None = None
        pickled = set() if parts is None else parts.keys
        for key, (findings, model, text) in entries.items():
            if key in pickled:
                continue
            if isinstance(model, Mission):
                brief = model.brief
                if brief is BRIEF_LEFT_OUT:
                    if left_out is None:  # loaded without briefs: read them now, once
                        left_out = _stored(self._cache, _BRIEFS, self._name)
                    if key not in left_out:
                        continue
                    brief = left_out[key]
                briefs[key] = brief
                model = without_brief(model)
            lean[key] = (findings, model, text)
        if parts is None or not parts.keys:
            self._cache.store_blob(_BRIEFS, self._name, briefs)
            self._cache.store_blob(_BASE, self._name, lean)
            self._cache.store_blob(_DELTA, self._name, {})
            return
        # Each part a blob of its own, which the per-file entries the workers wrote point
        # into; the base and its briefs name them.
        every = [*zip(parts.lean, parts.briefs, parts.idents, strict=True)]
        if lean:
            every.append(_part(_pickled(lean), _pickled(briefs)))
        idents = [ident for _, _, ident in every]
        self._cache.store_blobs([
            *((_PART_LEAN, ident, lean_part) for lean_part, _, ident in every),
            *((_PART_BRIEFS, ident, briefs_part) for _, briefs_part, ident in every),
            (_BRIEFS, self._name, part_reference_list(idents)),
            (_BASE, self._name, part_reference_list(idents)),
            (_DELTA, self._name, {})])
