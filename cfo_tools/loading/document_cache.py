"""A content-addressed cache of checked documents, shared by every command and workspace.

Each entry is what :func:`~cfo_tools.loading.document_checking.check_content` made of one file:
its findings, its model record, its text when it has findings, and its line map (the entries
written by a pool of workers with a new snapshot point into the snapshot's parts instead of
holding the record a second time: ``workspace_snapshot.stored_entries`` reads both). The key is a
hash of everything that result depends on: the file's bytes, its kind, id, path and path
placeholders, the schemas in effect (workspace ones included), the tool's version and code, and
the versions of Python and of the libraries that parse and validate. A changed input is a new
key; nothing is ever updated in place, so no entry can be stale.

The entries live in one SQLite database (one query answers 22,000 files; SQLite's own locking
makes two commands at once safe and every write atomic). They are Python pickles, which can run
code when loaded, so the cache trusts nothing it reads:

- every entry is signed (HMAC-SHA256) with a random key created in the cache folder with
  owner-only permissions; an entry whose signature does not match is ignored and rebuilt, and a
  key file that others could have written (or not owned by this user) disables the cache;
- entries are loaded by an unpickler that only knows plain data, dates, decimals and the
  classes of ``cfo_tools.model``, so even a forged entry cannot call anything else.

Anything unreadable (a corrupt database, a truncated entry, a wrong signature) is a miss, never
an error: the document is checked again and its entry rewritten.

Besides the per-file entries, the database keeps larger signed *blobs*, one per key, signed and
loaded the same way: a workspace's stat index (``stat_index.py``), its snapshot
(``workspace_snapshot.py``), its table of positions, and the run memo of ``validate`` and
``check`` (``checks/validation.py``). A blob's large byte strings may follow its pickle, out
of band (``pickle.PickleBuffer``), covered by the same signature: they are read back as views
of the blob read instead of copies. Beyond :data:`MAX_CACHE_BYTES` the least recently used
entries and blobs are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import json
import os
import pickle
import struct
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import import_module
from pathlib import Path
from typing import Any, NamedTuple

from cfo_tools import __version__
from cfo_tools.loading.installation_memo import remembered
from cfo_tools.loading.kinds import DocumentFile
from cfo_tools.loading.line_map import LineMap
from cfo_tools.loading.schemas import DocumentValidator

try:
    import sqlite3

    HAS_SQLITE = True
except ImportError:  # a Python built without it: the cache is off (the CLI says so)
    HAS_SQLITE = False

#: Changes when the layout of the database or of an entry changes.
CACHE_FORMAT = 3
DATABASE = f"documents-{CACHE_FORMAT}.sqlite3"
SECRET = "secret"
#: Entries not used for this long are removed (each day's first use of an entry renews it).
KEEP_SECONDS = 30 * 24 * 3600
#: Beyond this many bytes of entries, the least recently used ones are removed (down to three
#: quarters of it) when a command writes: about twenty workspaces of 22,000 files.
MAX_CACHE_BYTES = 2 * 1024 ** 3
_RENEW_SECONDS = 24 * 3600
#: SQLite's limit on the parameters of one statement is 32,766 since 3.32, 999 before.
_BATCH = 900
#: How long a write waits for the lock another process holds on the cache (a command of its
#: own writing, two runs at once) before this process gives up writing: long enough for any
#: of a run's transactions, short enough that a stuck holder costs a run seconds, not minutes.
BUSY_SECONDS = 10.0


def default_cache_folder() -> Path:
    """``$CFO_CACHE_DIR``, else the user's cache folder: ``%LOCALAPPDATA%\\cfo-tools\\Cache``
    on Windows, ``~/Library/Caches/cfo-tools`` on macOS, ``$XDG_CACHE_HOME/cfo-tools`` (by
    default ``~/.cache/cfo-tools``) elsewhere."""
    chosen = os.environ.get("CFO_CACHE_DIR")
    if chosen:
        return Path(chosen).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return (Path(base) if base else Path.home() / "AppData" / "Local") / "cfo-tools" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "cfo-tools"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache") / "cfo-tools"


def _code_fingerprint() -> bytes:
    """A hash of the package's own code: a working copy edited without a new version number
    must not reuse what the old code built."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
    return digest.digest()


def _library_versions() -> str:
    import yaml

    parts = [sys.version, f"yaml {yaml.__version__} libyaml={yaml.__with_libyaml__}"]
    # Besides the parsers and the validators: the rules' public holidays, SIRET/VAT checksums
    # and the locale data of their messages.
    for name in ("yaml_rs", "jsonschema", "jsonschema_rs", "holidays", "python_stdnum",
                 "babel"):
        try:
            from importlib.metadata import version

            parts.append(f"{name} {version(name.replace('_', '-'))}")
        except Exception:  # pragma: no cover - not installed as a distribution
            parts.append(f"{name} ?")
    return "\n".join(parts)


def context_key(validators: dict[str, DocumentValidator],
                installed: tuple[str, bytes] | None = None) -> bytes:
    """What every entry of this run depends on besides its own file (``installed``: the
    libraries' versions and the code's fingerprint, when already known)."""
    versions, fingerprint = installed or (_library_versions(), _code_fingerprint())
    digest = hashlib.blake2b(digest_size=32)
    digest.update(f"cfo-tools {__version__} cache {CACHE_FORMAT}\n".encode())
    digest.update(versions.encode())
    digest.update(fingerprint)
    for name in sorted(validators):
        validator = validators[name]
        digest.update(f"\nschema {name} covers_model={validator.covers_model}\n".encode())
        digest.update(json.dumps(validator.schema, sort_keys=True, ensure_ascii=True).encode())
    return digest.digest()


def content_hash(raw: bytes) -> bytes:
    """What the stat index remembers of a file's bytes."""
    # SHA-256, which processors compute in hardware (x86's SHA extensions, ARMv8's): the
    # 110,000 files of a large workspace (1.6 KB each) hash in 0.21 s of CPU against
    # BLAKE2b's 0.33 s (``benchmarks/fresh_checkout_keys.py``), on every file a fresh
    # checkout (CI's) or a cold run reads.
    return hashlib.sha256(raw).digest()


def document_key(context: bytes, spec: DocumentFile, content: bytes) -> bytes:
    """The key of the document ``spec`` whose bytes hash to ``content``."""
    digest = hashlib.blake2b(context, digest_size=32)
    # The repr of a tuple of strings is unambiguous, and cheaper than JSON 22,000 times.
    digest.update(repr((spec.kind, spec.id, spec.file, spec.params)).encode())
    digest.update(b"\0")
    digest.update(content)
    return digest.digest()


#: What an entry may hold besides the classes of cfo_tools.model (and plain data, which pickle
#: writes without naming a class).
_ALLOWED_GLOBALS = frozenset({
    ("datetime", "date"), ("datetime", "datetime"), ("datetime", "timedelta"),
    ("decimal", "Decimal"), ("builtins", "set"), ("builtins", "frozenset"),
    ("builtins", "complex"), ("copyreg", "_reconstructor"), ("builtins", "object"),
    ("collections", "OrderedDict"),
})


#: The classes found so far, by (module, name): each entry names a few of them.
_FOUND: dict[tuple[str, str], Any] = {}


class _ModelUnpickler(pickle.Unpickler):
    """Loads only plain data, dates, decimals and the model's own classes."""

    def find_class(self, module: str, name: str) -> Any:
        found = _FOUND.get((module, name))
        if found is not None:
            return found
        if (module, name) in _ALLOWED_GLOBALS:
            found = super().find_class(module, name)
        elif module.startswith("cfo_tools.model.") and "." not in name:
            found = getattr(import_module(module), name, None)
            if not isinstance(found, type):
                found = None
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        _FOUND[module, name] = found
        return found


#: What starts a blob whose large byte strings follow its pickle, out of band
#: (:func:`_pickled`): read as views of the blob read, not copied again by the unpickler
#: (118 MB of a large workspace's report, whose pages cost more than the copy).
_WITH_BUFFERS = b"cfo-buffers 1\n"
_LENGTH = struct.Struct("<q")


def _pickled(value: Any) -> bytes:
    """``value`` pickled; the byte strings it wraps in ``pickle.PickleBuffer`` after the
    pickle, with their lengths before it (a pickle without any is as it was)."""
    buffers: list[pickle.PickleBuffer] = []
    data = pickle.dumps(value, protocol=5, buffer_callback=buffers.append)
    if not buffers:
        return data
    raws = [buffer.raw() for buffer in buffers]
    lengths = [len(data), *(len(raw) for raw in raws)]
    return b"".join([_WITH_BUFFERS, _LENGTH.pack(len(raws)),
                     *(_LENGTH.pack(length) for length in lengths), data, *raws])


def _loads(data: bytes, start: int = 0) -> Any:
    if data.startswith(_WITH_BUFFERS, start):
        return _loads_with_buffers(data, start + len(_WITH_BUFFERS))
    # A BytesIO of bytes shares them (no copy): read from ``start`` on.
    stream = io.BytesIO(data)
    stream.seek(start)
    return _ModelUnpickler(stream).load()


def _loads_with_buffers(data: bytes, start: int) -> Any:
    """What :func:`_pickled` framed, from ``start`` on: its byte strings as read-only views
    of ``data``."""
    (count,) = _LENGTH.unpack_from(data, start)
    if count < 0 or start + _LENGTH.size * (count + 2) > len(data):
        raise ValueError("not a framed pickle")
    at = start + _LENGTH.size
    lengths = [_LENGTH.unpack_from(data, at + _LENGTH.size * i)[0] for i in range(count + 1)]
    at += _LENGTH.size * (count + 1)
    if any(length < 0 for length in lengths) or at + sum(lengths) != len(data):
        raise ValueError("not a framed pickle")
    view = memoryview(data).toreadonly()
    buffers = []
    end = at + lengths[0]
    for length in lengths[1:]:
        buffers.append(view[end:end + length])
        end += length
    return _ModelUnpickler(io.BytesIO(view[at:at + lengths[0]]), buffers=buffers).load()


def load_entry(data: bytes) -> Any:
    """``data`` unpickled as the cache loads its entries (plain data, dates, decimals and the
    model's classes only): for pickles kept inside a signed entry, as a snapshot's parts."""
    return _loads(data)


class _Unusable(Exception):
    """The cache folder cannot be used safely or at all."""


def _secret(folder: Path) -> bytes:
    """The signing key, created on first use; refused when someone else could have set it."""
    path = folder / SECRET
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        fresh = path.with_name(f"{SECRET}.{os.getpid()}.tmp")
        write_flags = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                       | getattr(os, "O_BINARY", 0))
        try:
            with os.fdopen(os.open(fresh, write_flags, 0o600), "wb") as out:
                out.write(os.urandom(32))
            with contextlib.suppress(FileExistsError):
                # Another process may have created it meanwhile: theirs is kept.
                os.link(fresh, path)
        except OSError as exc:
            raise _Unusable(str(exc)) from None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(fresh)
        return _secret(folder)
    except OSError as exc:
        raise _Unusable(str(exc)) from None
    with os.fdopen(descriptor, "rb") as key_file:
        if os.name == "posix":
            status = os.fstat(key_file.fileno())
            if status.st_uid != os.getuid() or status.st_mode & 0o077:
                raise _Unusable(f"{path} is not private to this user")
        secret = key_file.read(64)
    if len(secret) != 32:
        raise _Unusable(f"{path} is not a key written by cfo")
    return secret


class DocumentCache:
    """The entries of one run (one context key) in the cache folder."""

    def __init__(self, folder: Path, secret: bytes, context: bytes) -> None:
        self.folder = folder
        self.context = context
        self._secret = secret
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._checkpoints_deferred = False
        #: Set once a write found the cache locked by another process for BUSY_SECONDS: each
        #: later write would wait as long again, and what it kept the next run computes again.
        self._writes_given_up = False
        #: The libraries' versions of the context (``_library_versions``), when known.
        self.library_versions: str | None = None
        #: The libraries' versions and the code's fingerprint, when opened by
        #: :meth:`open_folder`.
        self._installed: tuple[str, bytes] | None = None

    @classmethod
    def open(cls, folder: Path, validators: dict[str, DocumentValidator]
             ) -> DocumentCache | None:
        """The cache in ``folder``, or None when it cannot be used (then nothing is cached)."""
        cache = cls.open_folder(folder)
        if cache is not None:
            cache.bind(validators)
        return cache

    @classmethod
    def open_folder(cls, folder: Path) -> DocumentCache | None:
        """The cache in ``folder`` before the run's schemas are known (its blobs, which no
        schema keys, can be read and written; :meth:`bind` gives its documents' context),
        or None when it cannot be used."""
        if not HAS_SQLITE:
            return None
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            secret = _secret(folder)
            # Remembered by the stat of the files they come from (0.05 s of every command).
            installed = remembered(folder, secret, Path(__file__).resolve().parent.parent,
                                   _library_versions, _code_fingerprint)
            cache = cls(folder, secret, context_key({}, installed))
            cache.library_versions = installed[0]
            cache._installed = installed
            for older in range(1, CACHE_FORMAT):
                for leftover in folder.glob(f"documents-{older}.sqlite3*"):
                    with contextlib.suppress(OSError):
                        leftover.unlink()
            cache._database()
        except (_Unusable, OSError, sqlite3.Error):
            return None
        return cache

    def bind(self, validators: dict[str, DocumentValidator]) -> None:
        """Key the documents' entries by ``validators`` (the run's schemas) from now on."""
        self.context = context_key(validators, self._installed)

    @property
    def installation(self) -> bytes:
        """A digest of the libraries' versions and the code: what a result that depends on
        no schema (a workspace schema's own check, ``loading/schema_verdicts.py``) is keyed
        by besides its input."""
        assert self._installed is not None
        versions, fingerprint = self._installed
        return hashlib.blake2b(versions.encode() + b"\0" + fingerprint,
                               digest_size=32).digest()

    def __getstate__(self) -> dict[str, Any]:
        # Handed to spawned workers: each opens its own connection.
        return {"folder": self.folder, "secret": self._secret, "context": self.context}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["folder"], state["secret"], state["context"])  # type: ignore[misc]

    def close(self) -> None:
        """Close this process's connection (before forking: SQLite connections must not be
        inherited); the next use opens a new one."""
        if self._connection is not None and self._pid == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
        self._connection = None

    def defer_checkpoints(self) -> None:
        """Let this process's writes pile up in the write-ahead log instead of copying it
        into the database every 1,000 pages (each time with an fsync, in the middle of the
        work): for the pool's workers filling a cold cache, whose command then runs
        :meth:`checkpoint` beside its own work."""
        self._checkpoints_deferred = True
        if self._connection is not None and self._pid == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                self._connection.execute("PRAGMA wal_autocheckpoint=0")

    def checkpoint(self) -> None:
        """Copy what the write-ahead log holds into the database, as far as can be done
        without waiting for anyone."""
        with contextlib.suppress(sqlite3.Error):
            self._database().execute("PRAGMA wal_checkpoint(PASSIVE)")

    def key(self, spec: DocumentFile, raw: bytes) -> bytes:
        return document_key(self.context, spec, content_hash(raw))

    def key_of_content(self, spec: DocumentFile, content: bytes) -> bytes:
        return document_key(self.context, spec, content)

    def _database(self) -> sqlite3.Connection:
        # A connection must not cross a fork: a worker opens its own.
        if self._connection is None or self._pid != os.getpid():
            path = self.folder / DATABASE
            try:
                self._connection = self._connect(path)
            except sqlite3.DatabaseError:
                # Not a database (a truncated or overwritten file): start a new one.
                with contextlib.suppress(OSError):
                    path.unlink()
                self._connection = self._connect(path)
            self._pid = os.getpid()
            if self._checkpoints_deferred:
                with contextlib.suppress(sqlite3.Error):
                    self._connection.execute("PRAGMA wal_autocheckpoint=0")
        return self._connection

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        connection = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
        # Pages of 16 KiB rather than 4: several entries of a few KiB per page and a quarter
        # of the overflow pages for the large blobs (a snapshot is 20 MB); writing 22,000
        # entries costs half (0.25 s of CPU against 0.5 s). It counts only when the database
        # is created (it is a new file whenever CACHE_FORMAT changes).
        connection.execute("PRAGMA page_size = 16384")
        with contextlib.suppress(sqlite3.Error):
            connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        # After a cold run's writes (deferred to one checkpoint, see defer_checkpoints), the
        # log is cut back to this size when it starts over, not left at a hundred megabytes.
        connection.execute("PRAGMA journal_size_limit=33554432")
        # The large blobs (a report's state, 29 MB on the medium workspace) read from the
        # file's pages mapped in memory rather than copied through SQLite's page cache: 0.01
        # s of CPU instead of 0.04-0.05 s. SQLite never writes through the map, and a
        # damaged database is replaced by a new file (``_database``), never cut short.
        with contextlib.suppress(sqlite3.Error):
            connection.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")
        # A rowid table, each row found through the index of its key: rows of a few KiB
        # (entry and line map) made a WITHOUT ROWID table (rows in the key's B-tree, in hash
        # order) rewrite and split pages all over it, and a cold run's writes cost three times
        # as much (1.3-1.6 s of CPU for 22,000 documents against 0.5 s), its reads too.
        connection.execute(
            "CREATE TABLE IF NOT EXISTS documents (key BLOB NOT NULL UNIQUE, entry BLOB NOT NULL, "
            "line_map BLOB, used INTEGER NOT NULL, size INTEGER NOT NULL)")
        connection.execute("CREATE INDEX IF NOT EXISTS documents_used ON documents (used, size)")
        # Larger things, one per key: a workspace's stat index and snapshot, a run's results.
        connection.execute(
            "CREATE TABLE IF NOT EXISTS blobs (key BLOB PRIMARY KEY, entry BLOB NOT NULL, "
            "used INTEGER NOT NULL, size INTEGER NOT NULL)")
        connection.execute("CREATE INDEX IF NOT EXISTS blobs_used ON blobs (used, size)")
        return connection

    def _signature(self, key: bytes, part: bytes, data: bytes | memoryview) -> bytes:
        # HMAC-SHA256 (OpenSSL's): with the SHA instructions of today's processors (x86's
        # SHA-NI, ARMv8's), twice as fast as keyed BLAKE2b on a large entry (a report's state
        # of 29 MB: 0.015 s against 0.035 s), as fast on a small one. What is signed names
        # the entry's part and key, so that no entry can pass for another.
        mac = hmac.new(self._secret, b"%d:%d:%b%b" % (len(part), len(key), part, key),
                       "sha256")
        mac.update(data)
        return mac.digest()

    def _sign(self, key: bytes, part: bytes, data: bytes) -> bytes:
        return self._signature(key, part, data) + data

    def _verified(self, key: bytes, part: bytes, signed: bytes | None) -> Any:
        if not isinstance(signed, bytes) or len(signed) < 32:
            raise ValueError("no entry")
        # Read in place, past the signature: a slice would copy the whole entry (29 MB for
        # a report's state).
        with memoryview(signed) as view:
            verified = hmac.compare_digest(self._signature(key, part, view[32:]), signed[:32])
        if not verified:
            raise ValueError("bad signature")
        return _loads(signed, 32)

    def _rows(self, table: str, column: str, keys: Sequence[bytes]
              ) -> Iterator[tuple[bytes, bytes | None, int]]:
        """The rows of ``table`` among ``keys``: key, ``column`` and when last used, in a few
        queries. Cast: a value of another type (a row rewritten by hand as text that is not
        UTF-8, a date that is not a number) would stop the query; as bytes, its signature
        says no."""
        connection = self._database()
        for start in range(0, len(keys), _BATCH):
            batch = keys[start:start + _BATCH]
            marks = ",".join("?" * len(batch))
            yield from connection.execute(
                f"SELECT key, CAST({column} AS BLOB), CAST(used AS INTEGER) FROM {table} "
                f"WHERE key IN ({marks})", batch)

    def entries(self, keys: Sequence[bytes]) -> dict[bytes, Any]:
        """The valid entries found among ``keys``; anything unreadable is left out."""
        found: dict[bytes, Any] = {}
        stale: list[bytes] = []
        renew = int(time.time()) - _RENEW_SECONDS
        try:
            for key, signed, used in self._rows("documents", "entry", keys):
                try:
                    found[key] = self._verified(key, b"entry", signed)
                except Exception:
                    continue  # rebuilt and overwritten by this run
                if used < renew:
                    stale.append(key)
        except sqlite3.Error:
            return found
        if stale:
            self._touch("documents", stale)
        return found

    def line_maps(self, keys: Iterable[bytes]) -> dict[bytes, LineMap]:
        """The line maps found among ``keys``."""
        found: dict[bytes, LineMap] = {}
        try:
            for key, signed, _ in self._rows("documents", "line_map",
                                             list(dict.fromkeys(keys))):
                if signed is None:
                    continue
                try:
                    line_map = self._verified(key, b"line_map", signed)
                except Exception:
                    continue
                usable = LineMap.from_data(line_map)
                if usable is not None:
                    found[key] = usable
        except sqlite3.Error:
            pass
        return found

    def store(self, entries: Iterable[tuple[bytes, Any, Any]]) -> None:
        """Write entries in one transaction; a cache that cannot be written is left as is."""
        now = int(time.time())
        rows = []
        for key, entry, line_map in entries:
            packed = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
            mapped = (None if line_map is None else self._sign(
                key, b"line_map", pickle.dumps(line_map, protocol=pickle.HIGHEST_PROTOCOL)))
            size = len(packed) + (0 if mapped is None else len(mapped))
            rows.append((key, self._sign(key, b"entry", packed), mapped, now, size))
        if not rows:
            return

        def insert(connection: sqlite3.Connection) -> None:
            connection.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?)",
                                   rows)
            _prune(connection, now, self.folder / DATABASE, sum(row[4] for row in rows))

        self._write(insert)

    def _write(self, work: Callable[[sqlite3.Connection], object]) -> None:
        """Run ``work`` in one write transaction; a cache that cannot be written is left as
        is, and one locked by another process past :data:`BUSY_SECONDS` is not written again
        by this process."""
        if self._writes_given_up:
            return
        try:
            connection = self._database()
            with _transaction(connection):
                work(connection)
        except sqlite3.Error as error:
            if _locked(error):
                self._writes_given_up = True

    def blob(self, part: bytes, name: bytes) -> Any:
        """The value stored by :meth:`store_blob` under ``part`` (what it is, at most 16
        bytes) and ``name``, or None when there is none or it cannot be trusted."""
        key = _blob_key(part, name)
        try:
            row = self._blob_row(key)
        except sqlite3.Error:
            return None
        if row is None:
            return None
        try:
            value = self._verified(key, part, row[0])
        except Exception:
            return None
        if row[1] < int(time.time()) - _RENEW_SECONDS:
            self._touch("blobs", [key])
        return value

    def signed_blobs(self, part: bytes, names: Sequence[bytes]) -> dict[bytes, SignedBlob]:
        """The stored blobs found among ``names`` (under ``part``), read in a few queries and
        not yet verified: :meth:`opened` verifies and reads each, in any thread (a site's
        20,000 pages taken from the cache cost a query each, a third of their reading)."""
        by_key = {_blob_key(part, name): name for name in names}
        found: dict[bytes, SignedBlob] = {}
        stale: list[bytes] = []
        renew = int(time.time()) - _RENEW_SECONDS
        try:
            for key, signed, used in self._rows("blobs", "entry", list(by_key)):
                name = by_key.get(key)
                if name is None or signed is None:
                    continue
                found[name] = SignedBlob(part, key, signed)
                if used < renew:
                    stale.append(key)
        except sqlite3.Error:
            return found
        if stale:
            self._touch("blobs", stale)
        return found

    def opened(self, blob: SignedBlob) -> Any:
        """The value of ``blob`` (:meth:`signed_blobs`), or None when it cannot be trusted."""
        try:
            return self._verified(blob.key, blob.part, blob.signed)
        except Exception:
            return None

    def _blob_row(self, key: bytes) -> tuple[bytes, int] | None:
        """The stored blob under ``key`` (signed) and when it was last used."""
        connection = self._database()
        open_blob = getattr(connection, "blobopen", None)  # Python 3.11 and later
        if open_blob is None:
            found: tuple[bytes, int] | None = connection.execute(
                "SELECT CAST(entry AS BLOB), CAST(used AS INTEGER) FROM blobs WHERE key = ?",
                (key,)).fetchone()
            return found
        # Read through a blob handle: copied once from the database's pages, where a query
        # first gathers the value in a buffer of SQLite's own (29 MB for a report's state:
        # 0.018 s against 0.021-0.042 s). Should the row be replaced between the query and
        # the read, the handle fails (a miss) or reads a whole row, whose signature says
        # whether it is this key's.
        row = connection.execute("SELECT rowid, CAST(used AS INTEGER) FROM blobs WHERE key = ?",
                                 (key,)).fetchone()
        if row is None:
            return None
        with open_blob("blobs", "entry", row[0], readonly=True) as stored:
            return stored.read(), row[1]

    def has_blob(self, part: bytes, name: bytes) -> bool:
        """Whether something is stored under ``part`` and ``name`` (not read, not trusted)."""
        try:
            return self._database().execute(
                "SELECT 1 FROM blobs WHERE key = ?", (_blob_key(part, name),)
            ).fetchone() is not None
        except sqlite3.Error:
            return False

    def store_blob(self, part: bytes, name: bytes, value: Any) -> None:
        """Keep ``value`` (signed) under ``part`` and ``name``, replacing what was there."""
        self.store_blobs([(part, name, value)])

    def store_blobs(self, blobs: Iterable[tuple[bytes, bytes, Any]],
                    drop: Iterable[tuple[bytes, bytes]] = ()) -> None:
        """:meth:`store_blob` for each ``(part, name, value)``, and the blobs ``drop`` names
        (``(part, name)``) removed, in one transaction."""
        self.store_signed(self.blobs_to_store(blobs), drop)

    def blobs_to_store(self, blobs: Iterable[tuple[bytes, bytes, Any]]) -> list[SignedBlob]:
        """Each ``(part, name, value)`` of ``blobs`` pickled and signed, as
        :meth:`store_signed` stores it: made while the process would otherwise wait for
        what must be stored before them (a cold check's report pieces, 23 MB, while a child
        stores the files' findings)."""
        return [SignedBlob(part, key, self._sign(key, part, _pickled(value)))
                for part, name, value in blobs for key in (_blob_key(part, name),)]

    def store_signed(self, blobs: Iterable[SignedBlob],
                     drop: Iterable[tuple[bytes, bytes]] = ()) -> None:
        """The blobs of :meth:`blobs_to_store`, and those ``drop`` names removed, in one
        transaction."""
        now = int(time.time())
        dropped = [(_blob_key(part, name),) for part, name in drop]
        rows = [(blob.key, blob.signed, now, len(blob.signed)) for blob in blobs]

        def insert(connection: sqlite3.Connection) -> None:
            connection.executemany("DELETE FROM blobs WHERE key = ?", dropped)
            connection.executemany("INSERT OR REPLACE INTO blobs VALUES (?, ?, ?, ?)", rows)
            _prune(connection, now, self.folder / DATABASE, sum(row[3] for row in rows))

        self._write(insert)

    def _touch(self, table: str, keys: list[bytes]) -> None:
        """Date the rows of ``table`` under ``keys`` as used now."""
        now = int(time.time())
        self._write(lambda connection: connection.executemany(
            f"UPDATE {table} SET used = ? WHERE key = ?", [(now, key) for key in keys]))


#: How much of the database is read through a memory map (``PRAGMA mmap_size``).
_MMAP_BYTES = 1 << 30


class SignedBlob(NamedTuple):
    """A blob as stored (:meth:`DocumentCache.signed_blobs`): its part, its key in the
    table and its signed bytes."""

    part: bytes
    key: bytes
    signed: bytes


def _blob_key(part: bytes, name: bytes) -> bytes:
    return hashlib.blake2b(name, digest_size=32, person=part[:16]).digest()


def _prune(connection: sqlite3.Connection, now: int, database: Path | None = None,
           adding: int = 0) -> None:
    """Remove what was not used for :data:`KEEP_SECONDS`, then, beyond
    :data:`MAX_CACHE_BYTES`, the least recently used until three quarters of it are left.
    ``database``: the file of ``connection``, where the transaction writes ``adding`` bytes
    of entries."""
    connection.execute("DELETE FROM documents WHERE used < ?", (now - KEEP_SECONDS,))
    connection.execute("DELETE FROM blobs WHERE used < ?", (now - KEEP_SECONDS,))
    if database is not None and _most_bytes(connection, database) + adding <= MAX_CACHE_BYTES:
        # Every entry is in the database's pages in use, or being written now: their sizes
        # cannot add up to more. Summing them reads an index of every row (0.002 s
        # per 40,000 rows, for each of the several writes of a run after one edit).
        return
    # Both sums read the (used, size) indexes only, not the entries.
    total = (connection.execute("SELECT TOTAL(size) FROM documents").fetchone()[0]
             + connection.execute("SELECT TOTAL(size) FROM blobs").fetchone()[0])
    if total <= MAX_CACHE_BYTES:
        return
    excess = total - MAX_CACHE_BYTES * 3 // 4
    oldest = connection.execute(
        "SELECT 'documents', key, size, used FROM documents UNION ALL "
        "SELECT 'blobs', key, size, used FROM blobs ORDER BY 4").fetchall()
    for table, key, size, _ in oldest:
        if excess <= 0:
            break
        connection.execute(f"DELETE FROM {table} WHERE key = ?", (key,))
        excess -= size


def _most_bytes(connection: sqlite3.Connection, database: Path) -> int:
    """More bytes than the entries the database holds: its pages in use, as this connection
    sees them (the transaction's own writes included). Not the file's size: a file pruned
    once keeps its freed pages, and every later write would then sum the entries again
    (0.02 s per write on 110,000 files)."""
    try:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        free = connection.execute("PRAGMA freelist_count").fetchone()[0]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
        return int((pages - free) * size)
    except sqlite3.Error:
        pass
    total = 0
    for path in (database, database.with_name(database.name + "-wal")):
        try:
            total += os.stat(path).st_size
        except FileNotFoundError:
            continue
        except OSError:
            return MAX_CACHE_BYTES + 1
    return total


@contextlib.contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
        connection.execute("COMMIT")
    except BaseException:
        # A failed COMMIT too: a transaction left open would refuse every later BEGIN.
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise


def _locked(error: sqlite3.Error) -> bool:
    """Whether ``error`` says another connection holds the lock (SQLITE_BUSY/LOCKED)."""
    name = getattr(error, "sqlite_errorname", "")  # Python 3.11 and later
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(error)
