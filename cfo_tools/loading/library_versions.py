"""The installed version of a library, for the keys of what the cache keeps.

Every command keys its cache entries by the versions of the libraries whose output it keeps
(``document_cache.context_key``), so this runs on every warm run. ``importlib.metadata``
costs a fortieth of a second to import and to search with (``email`` parses each METADATA
file): a twentieth of ``cfo check``'s second after one edit. A distribution installed from a
wheel (pip, uv) has a folder ``<name>-<version>.dist-info`` on ``sys.path`` (the binary
distribution format's rule), so its version is read from the folder's name, as
``importlib.metadata`` itself finds the folder; anything else (an egg, two folders for one
name, none) is left to ``importlib.metadata``.
"""

from __future__ import annotations

import os
import re
import sys

_SUFFIX = ".dist-info"
_FOUND: dict[str, str] = {}


def _normalized(name: str) -> str:
    # The names of dist-info folders are escaped with underscores (PEP 427, PEP 503).
    return re.sub(r"[-_.]+", "_", name).lower()


def _from_folder_names(name: str) -> str | None:
    """The version in the name of the first folder on ``sys.path`` holding ``name``'s
    dist-info, when that folder holds exactly one."""
    wanted = _normalized(name)
    for folder in sys.path:
        try:
            listing = os.listdir(folder or ".")
        except OSError:
            continue
        versions = [entry[:-len(_SUFFIX)].partition("-")[2] for entry in listing
                    if entry.endswith(_SUFFIX)
                    and _normalized(entry[:-len(_SUFFIX)].partition("-")[0]) == wanted]
        if len(versions) == 1 and versions[0]:
            return versions[0]
        if versions:
            return None  # ambiguous here: importlib.metadata decides
    return None


def distribution_version(name: str) -> str:
    """The version of the installed distribution ``name`` ("?" when it is not installed as
    a distribution)."""
    found = _FOUND.get(name)
    if found is None:
        found = _from_folder_names(name)
        if found is None:
            from importlib.metadata import PackageNotFoundError, version

            try:
                found = version(name)
            except PackageNotFoundError:
                found = "?"
        _FOUND[name] = found
    return found
