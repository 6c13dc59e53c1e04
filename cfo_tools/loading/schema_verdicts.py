"""What the checks of a workspace's own schemas found, kept in the cache by each schema's text.

A workspace schema (``schemas/<kind>.schema.json``) is checked before it is used: against
JSON Schema's meta-schema with ``jsonschema``, for references out of it, and compiled. On the
example workspace's six schemas that is 0.19-0.27 s of CPU, and the import of ``jsonschema``
(a third of ``cfo find``'s start-up), in every command — 40 % of a warm ``cfo check``. The
problems found are a function of the schema's text, the packaged schemas (which it may refer
to), the libraries and the code: they are kept as a signed blob of the cache
(``loading/document_cache.py``) under a digest of the four, and a schema whose text was
checked before is not checked again. A blob that is missing, unsigned or not a list of
problems is a miss: the schema is checked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cfo_tools.loading.resources import packaged_dir

if TYPE_CHECKING:  # the cache imports the schemas, which import this module
    from cfo_tools.loading.document_cache import DocumentCache

#: Line, column, JSON pointer and message of a problem in a schema file.
Problem = tuple[int | None, int | None, str, str]

_PART = b"schema-check"


class SchemaVerdicts:
    """The problems of the schemas' texts checked with this installation, from ``cache``."""

    def __init__(self, cache: DocumentCache) -> None:
        self._cache = cache
        self._found: list[tuple[bytes, bytes, Any]] = []
        self._context: bytes | None = None

    def problems(self, text: str, check: Callable[[], list[Problem]]) -> list[Problem]:
        """The problems of the schema written ``text``: kept ones, else ``check()``'s."""
        digest = hashlib.blake2b(self._installed_schemas(), digest_size=32)
        digest.update(text.encode("utf-8", "surrogatepass"))
        name = digest.digest()
        kept = _problems(self._cache.blob(_PART, name))
        if kept is not None:
            return kept
        found = check()
        self._found.append((_PART, name, found))
        return found

    def _installed_schemas(self) -> bytes:
        """A digest of the installation and of the packaged schemas' bytes (not part of
        the code's fingerprint, which hashes the Python files)."""
        if self._context is None:
            digest = hashlib.blake2b(self._cache.installation, digest_size=32)
            for path in sorted(packaged_dir("schemas").glob("*.schema.json")):
                digest.update(b"\0%b\0%b" % (path.name.encode(), path.read_bytes()))
            self._context = digest.digest()
        return self._context

    def save(self) -> None:
        """Keep what was checked (one write for every schema)."""
        if self._found:
            self._cache.store_blobs(self._found)
            self._found = []


def _problems(value: Any) -> list[Problem] | None:
    """``value`` when it is a list of problems (as :meth:`SchemaVerdicts.save` keeps them),
    else None."""
    if not isinstance(value, list):
        return None
    for problem in value:
        if not (isinstance(problem, tuple) and len(problem) == 4
                and all(part is None or type(part) is int for part in problem[:2])
                and all(type(part) is str for part in problem[2:])):
            return None
    return value
