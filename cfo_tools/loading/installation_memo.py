"""What every cache key takes from the installation (the versions of the libraries and a hash
of the package's code), remembered by the stat of the files it is read from.

Reading the package's 270 modules and asking ``importlib.metadata`` for five versions (which
imports it) cost 0.05 s of every command, a tenth of ``cfo check`` after one edit. The memo is
a small file in the cache folder, signed with the cache's key, holding both under a digest of
the stat (size, times, inode) of every module and folder of the package and of every folder
of ``sys.path`` but the script's (installing, upgrading or removing a distribution adds or
removes a ``*.dist-info`` folder in one of them, which changes that folder's times), with the
Python running. Anything that differs, or a memo that cannot be read or trusted, and both are made
again. A memo is written only when none of those files changed in the last
:data:`RACY_NANOSECONDS`: a change within the clock's granularity after the stat could not
show in it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

MEMO = "installation"
RACY_NANOSECONDS = 2_000_000_000
_PERSON = b"installation"
#: A memo is a few hundred bytes: more is not one.
_LARGEST = 65536


def installation_stamp(package: Path, paths: Iterable[str]) -> tuple[bytes, int]:
    """A digest of the stat of every ``.py`` file and folder under ``package`` and of each of
    ``paths`` (with the Python running), and the latest time among them (ns)."""
    digest = hashlib.blake2b(digest_size=32)
    digest.update(f"{sys.version}\0{sys.executable}\0{package}\0".encode())
    latest = 0
    folders = [str(package)]
    while folders:
        folder = folders.pop()
        try:
            status = os.stat(folder)
            with os.scandir(folder) as found:
                children = sorted((entry.name, entry.is_dir(follow_symlinks=False))
                                  for entry in found)
        except OSError:
            digest.update(f"{folder}\0?\n".encode())
            continue
        latest = max(latest, status.st_mtime_ns, status.st_ctime_ns)
        digest.update(f"{folder}\0{_stamp(status)}\n".encode())
        for name, is_folder in children:
            path = os.path.join(folder, name)
            if is_folder:
                if name != "__pycache__":
                    folders.append(path)
            elif name.endswith(".py"):
                try:
                    status = os.stat(path)
                except OSError:
                    digest.update(f"{path}\0?\n".encode())
                    continue
                latest = max(latest, status.st_mtime_ns, status.st_ctime_ns)
                digest.update(f"{path}\0{_stamp(status)}\n".encode())
    for path in paths:
        try:
            status = os.stat(path or ".")
        except OSError:
            digest.update(f"path {path}\0?\n".encode())
            continue
        latest = max(latest, status.st_mtime_ns, status.st_ctime_ns)
        digest.update(f"path {path}\0{_stamp(status)}\n".encode())
    return digest.digest(), latest


def installed_paths() -> list[str]:
    """``sys.path`` without the folder Python puts first for the script or ``-m`` (the
    script's folder, or the current one for ``python -m cfo_tools``): it holds the user's
    files, not installed distributions, and its times change whenever a file is saved in it
    (a workspace, /tmp): stamped, every command run from there made both again (0.15 s). With
    ``-P`` (``sys.flags.safe_path``, Python 3.11) Python puts no such folder first."""
    return list(sys.path) if getattr(sys.flags, "safe_path", False) else sys.path[1:]


def _stamp(status: os.stat_result) -> str:
    return f"{status.st_size} {status.st_mtime_ns} {status.st_ctime_ns} {status.st_ino}"


def remembered(folder: Path, secret: bytes, package: Path,
               versions: Callable[[], str], fingerprint: Callable[[], bytes],
               paths: Iterable[str] | None = None) -> tuple[str, bytes]:
    """The libraries' ``versions()`` and the code's ``fingerprint()``, from the memo in the
    cache ``folder`` when the installation's stamp (``package`` and ``paths``, by default
    :func:`installed_paths`) is the one it was made under; else made, and remembered when
    nothing is racy."""
    stamp, latest = installation_stamp(package, installed_paths() if paths is None else paths)
    path = folder / MEMO
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        signed = _read(path)
        data = signed[32:]
        expected = hashlib.blake2b(data, key=secret, digest_size=32, person=_PERSON).digest()
        if hmac.compare_digest(expected, signed[:32]):
            memo = json.loads(data)
            if bytes.fromhex(memo["stamp"]) == stamp:
                return str(memo["versions"]), bytes.fromhex(memo["fingerprint"])
    made = versions(), fingerprint()
    if latest < time.time_ns() - RACY_NANOSECONDS:
        data = json.dumps({"stamp": stamp.hex(), "versions": made[0],
                           "fingerprint": made[1].hex()}).encode()
        signature = hashlib.blake2b(data, key=secret, digest_size=32, person=_PERSON).digest()
        fresh = folder / f"{MEMO}.{os.getpid()}.tmp"
        with contextlib.suppress(OSError):
            fresh.write_bytes(signature + data)
            os.replace(fresh, path)
        with contextlib.suppress(OSError):
            fresh.unlink()
    return made


def _read(path: Path) -> bytes:
    """The memo's bytes (a link, or anything larger than a memo, is not read)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as memo:
        return memo.read(_LARGEST)


def library_version(versions: str, name: str) -> str | None:
    """The version of the distribution ``name`` in ``versions`` (lines ``name version``)."""
    for line in versions.splitlines():
        found, _, version = line.partition(" ")
        if found == name:
            return version
    return None
