"""Each file's key as a report's state keeps it: two columns, compared by blocks.

A run after one edit compares every file's key with the last run's to find what changed.
Kept as a mapping, the large workspace's 110,000 files cost a dict to unpickle and as many
pairs to compare, in Python, each run. Kept as the files' names joined in one string and
their keys (digests of one width) joined in one byte string, loading is a copy and the
comparison is done in C: the names, then the keys by blocks of 64, and only a block that
differs is looked into key by key, as the stat index compares its stamps.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: The width of every key (``document_cache``'s keys and the company's: BLAKE2b, 32 bytes).
KEY_WIDTH = 32
#: Keys compared at once before looking into a block that differs.
_BLOCK = 64
_SEPARATOR = "\0"  # in no file name


@dataclass(frozen=True)
class FileKeys:
    """The files, in the order given, and their keys."""

    names: str
    keys: bytes

    @classmethod
    def of(cls, keys: Mapping[str, bytes]) -> FileKeys | None:
        """``keys`` as columns; None when one is not a key of :data:`KEY_WIDTH` bytes."""
        if keys and set(map(len, keys.values())) != {KEY_WIDTH}:
            return None
        return cls(_SEPARATOR.join(keys), b"".join(keys.values()))

    @classmethod
    def from_stored(cls, value: Any) -> FileKeys | None:
        """The columns kept as :meth:`stored` gave them, or None when ``value`` is not such."""
        if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str)
                and isinstance(value[1], bytes)):
            return None
        found = cls(value[0], value[1])
        return found if len(found.keys) == KEY_WIDTH * len(found.files()) else None

    def stored(self) -> tuple[str, bytes]:
        return self.names, self.keys

    def files(self) -> list[str]:
        return self.names.split(_SEPARATOR) if self.names else []

    def as_mapping(self) -> dict[str, bytes]:
        keys = self.keys
        return {file: keys[at * KEY_WIDTH:(at + 1) * KEY_WIDTH]
                for at, file in enumerate(self.files())}

    def keys_of(self, files: Iterable[str]) -> dict[str, bytes]:
        """The key of each of ``files`` that is among these (found in C: after an edit, a
        few files are asked for, not a mapping of all 110,000 made)."""
        names, found = _SEPARATOR + self.names + _SEPARATOR, {}
        for file in files:
            start = names.find(_SEPARATOR + file + _SEPARATOR)
            if start >= 0:
                at = names.count(_SEPARATOR, 0, start)
                found[file] = self.keys[at * KEY_WIDTH:(at + 1) * KEY_WIDTH]
        return found

    def changed_since(self, last: FileKeys) -> set[str]:
        """The files whose key differs from ``last``'s, or that are in one of the two only."""
        if self.names != last.names:
            now, before = self.as_mapping(), last.as_mapping()
            changed = {file for file, _ in now.items() - before.items()}
            changed.update(before.keys() - now.keys())
            return changed
        if self.keys == last.keys:
            return set()
        files = self.files()
        return {files[at] for at in _differing(self.keys, last.keys)}


def _differing(one: bytes, other: bytes) -> list[int]:
    """The positions of the keys that differ between ``one`` and ``other`` (of one length)."""
    block = KEY_WIDTH * _BLOCK
    found: list[int] = []
    for start in range(0, len(one), block):
        if one[start:start + block] != other[start:start + block]:
            for at in range(start, min(start + block, len(one)), KEY_WIDTH):
                if one[at:at + KEY_WIDTH] != other[at:at + KEY_WIDTH]:
                    found.append(at // KEY_WIDTH)
    return found
