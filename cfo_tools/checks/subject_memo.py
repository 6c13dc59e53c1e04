"""The results of ``cfo check``'s conflicts and follow-up, remembered subject by subject.

Each result is kept under a hash of what it was computed from: the document key (content,
kind, id, path, schemas, tool and library versions: see ``loading/document_cache.py``) of
every record its subject's workspace holds (``checks/subjects.py``), what was computed, and
``today`` when it matters. The entries of one workspace are kept together as one signed blob,
found by the workspace's path like the table of positions; the keys are content keys, so an
entry is right whatever the path. Anything that cannot be read back as what this module
stores is a miss.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.checks.subjects import Subject
from cfo_tools.loading.background_writes import write_to_cache
from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.stat_index import workspace_place
from cfo_tools.model.findings import Finding, findings_of_rows

RuleProblems = list[tuple[str, Problem]]

_PART = b"subjects"
_DELTA = b"+delta"
#: A delta of up to this many entries (or an eighth of them all) is kept beside the base.
_DELTA_MIN = 1000

class SubjectMemo:
    def __init__(self, cache: DocumentCache, name: bytes, keys: Mapping[str, bytes],
                 digests: dict[tuple[str, str], bytes | None] | None = None,
                 read_only: bool = False) -> None:
        self._cache = cache
        #: Whether this run only reads the memo (another workspace's: cfo diff's checkout of
        #: a revision), leaving it as that workspace's runs made it.
        self._read_only = read_only
        self._name = name
        self._keys = keys
        self._known: dict[bytes, Any] | None = None
        self._base: dict[bytes, Any] = {}
        self._delta: dict[bytes, Any] = {}
        self._used: dict[bytes, Any] = {}
        self._learned: dict[bytes, Any] = {}
        self.hits = 0
        self.misses = 0
        #: (kind, id) -> the digest of the subject's files and their keys, made once a run
        #: however many purposes ask (conflicts, follow-up, rules: shared by the memos of a
        #: run, which have the same ``keys``).
        self._files_digests = {} if digests is None else digests
        self._purposes: dict[str, bytes] = {}

    @classmethod
    def open(cls, cache: DocumentCache, root: Path, keys: Mapping[str, bytes],
             part: str = "", digests: dict[tuple[str, str], bytes | None] | None = None,
             read_only: bool = False) -> SubjectMemo:
        """The memo of the workspace at ``root``; ``keys``: each file's document key;
        ``part``: which of the workspace's memos (one blob each, so that two memos of one
        run never write over each other's entries); ``digests``: the subjects' digests
        another memo of the run, with the same ``keys``, made already; ``read_only``: never
        written (the memo of another workspace, whose entries are right for this one too, as
        their keys are content keys)."""
        return cls(cache, workspace_place(root) + cache.context + part.encode(), keys, digests,
                   read_only)

    def key(self, purpose: str, subject: Subject) -> bytes | None:
        """The key of ``purpose`` (what is computed, with ``today`` when it matters) for
        ``subject``; None when a record's file has no document key (then nothing is kept)."""
        files = self._files_digest(subject)
        if files is None:
            return None
        what = self._purposes.get(purpose)
        if what is None:
            what = self._purposes[purpose] = hashlib.blake2b(
                b"\0".join((self._cache.context, purpose.encode())), digest_size=16).digest()
        # Two digests side by side: no third hash per subject and purpose.
        return what + files

    def _files_digest(self, subject: Subject) -> bytes | None:
        name = (subject.kind, subject.id)
        if name not in self._files_digests:
            parts = [f"{subject.kind}\0{subject.id}\0{subject.reads}".encode()]
            for file in subject.files:
                key = self._keys.get(file)
                if key is None:
                    self._files_digests[name] = None
                    return None
                parts += (file.encode(), key)
            self._files_digests[name] = hashlib.blake2b(b"\0".join(parts),
                                                        digest_size=32).digest()
        return self._files_digests[name]

    def _entries(self) -> dict[bytes, Any]:
        if self._known is None:
            base = self._cache.blob(_PART, self._name)
            delta = self._cache.blob(_PART, self._name + _DELTA)
            self._base = base if isinstance(base, dict) else {}
            self._delta = delta if isinstance(delta, dict) else {}
            self._known = {**self._base, **self._delta}
        return self._known

    def empty(self) -> bool:
        """Whether nothing is kept (a cold cache): every subject is then computed."""
        return not self._entries()

    def stored(self, key: bytes | None) -> Any:
        """What :meth:`learn` kept under ``key`` (by this run or an earlier one), or None."""
        if key is None:
            return None
        value = self._entries().get(key)
        if value is not None:
            self._used[key] = value
            self.hits += 1
        else:
            self.misses += 1
        return value

    def learn(self, key: bytes | None, value: Any) -> None:
        """Keep ``value`` (plain data: what the cache's unpickler loads) under ``key``."""
        if key is not None:
            self._used[key] = self._learned[key] = value

    def learn_beside(self, learn: Callable[..., None], *args: Any) -> None:
        """``learn(self, *args)``, which learns and saves, beside the command (a child on the
        other core, ``loading/background_writes.py``): what the command itself does not
        need, only the runs after it."""
        if self._read_only:
            return
        write_to_cache(self._cache, learn, self, *args, beside=True)

    def save(self) -> None:
        """Keep what this run learned: in a small delta beside the base entry while it is
        small (pickling every subject's results again after each edit would cost more than
        the checks it saves), else as a new base of the entries this run used, dropping
        those of records no longer there or of another day."""
        if self._read_only:
            return
        known = self._entries()
        unused = len(known.keys() - self._used.keys())
        if not self._learned and unused <= len(self._used) // 2:
            return
        delta = {key: value for key, value in self._delta.items() if key in self._used}
        delta.update(self._learned)
        if self._base and len(delta) <= max(_DELTA_MIN, len(self._used) // 8) \
                and unused <= len(self._used) // 2:
            self._cache.store_blob(_PART, self._name + _DELTA, delta)
        else:
            # A new base of every subject (a cold cache): pickled and stored by a child on
            # the other core, as the snapshot is, while this process renders the report.
            write_to_cache(self._cache, _store_base, self._cache, self._name, self._used,
                           bool(self._delta), beside=len(self._used) >= BASE_BESIDE_FROM)


#: From this many subjects, a new base of the memo is written beside the command
#: (``loading/background_writes.py``): 22,000 subjects' results take ~0.3 s to pickle and
#: store.
BASE_BESIDE_FROM = 2_000


def _store_base(cache: DocumentCache, name: bytes, entries: dict[bytes, Any],
                had_delta: bool) -> None:
    cache.store_blob(_PART, name, entries)
    if had_delta:
        cache.store_blob(_PART, name + _DELTA, {})


def problem_rows(problems: RuleProblems) -> list[tuple[Any, ...]]:
    """Problems as the memo keeps them: plain tuples, what the cache's unpickler loads (and
    cheap to send back from a worker)."""
    return [(rule, p.file, p.pointer, p.message, p.severity, p.related) for rule, p in problems]


def rows_problems(stored: Any) -> RuleProblems | None:
    """The problems :func:`problem_rows` kept; None for anything else (then computed again)."""
    if stored is None:
        return None
    try:
        return [(rule, Problem(file, pointer, message, severity, tuple(related)))
                for rule, file, pointer, message, severity, related in stored]
    except (TypeError, ValueError):
        return None


def rows_findings(stored: Any) -> list[Finding] | None:
    """The located findings a subject's memo keeps: rows of their fields
    (``model.findings.FindingRow``), as the subjects' workers send them back and a cold
    check keeps them (pickled, 30,000 rows cost half what the objects did, a call of
    ``Finding.__reduce__`` each, in the child whose writes end a cold check), or the
    objects, as an earlier version kept them; None for anything else. Their positions are
    those of the subject's files, which its key covers."""
    if not isinstance(stored, list):
        return None
    if all(type(f) is Finding for f in stored):
        return stored
    try:
        return findings_of_rows(stored)
    except (TypeError, ValueError):
        return None
