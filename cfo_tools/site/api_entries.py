"""An API file (``api/v1/*.json``) made entry by entry: after an edit, the JSON of each entry
that did not change is taken from the last build's file instead of being written again.

A document of the API is a few values and, at its top, the lists of its entries (20,000
missions, 30,000 bookings, 50,000 findings on the medium workspace). Each entry is digested
as page keys are (``render_keys.walked``: its content, types included, whatever objects it
shares), and the file's key is made of those digests and of the rest of the document. The
cache keeps, beside the file itself (``page_store.py``), where each entry's JSON lies in it
(:class:`EntryIndex`); the next build takes from there, byte for byte, the JSON of every
entry whose digest it knows, and writes only the others: the bytes are those of
``json_bytes(document)``, since an entry's JSON depends on nothing but its content and its
depth, the same for every entry of a top-level list. An index made by another version of
the code or its libraries (whose JSON might differ: the cache's context) is not used.
"""

from __future__ import annotations

import array
import functools
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any

from cfo_tools.documents.render_keys import Reductions, walked_digests
from cfo_tools.site.api import json_bytes
from cfo_tools.site.json_text import entry_text, top_value_text
from cfo_tools.site.page_rendering import Keyed, Reuse, keyed_file

#: Bytes of an entry's digest: 2**-128 is the chance two different entries share one.
DIGEST_SIZE = 16
_BETWEEN = b",\n  "


@dataclass(frozen=True)
class EntryIndex:
    """Where the JSON of each entry of a file's lists lies in it: by list (its key in the
    document), the entries' digests (:data:`DIGEST_SIZE` bytes each, in order) and the
    offsets of their first and past their last byte (``array('q')``'s bytes); ``context``:
    the cache's context (the code, the libraries) of the build that wrote the file."""

    context: bytes
    lists: dict[str, tuple[bytes, bytes, bytes]]

    def kept(self) -> tuple[bytes, dict[str, tuple[bytes, bytes, bytes]]]:
        """The index as the cache keeps it: plain data."""
        return self.context, self.lists

    @classmethod
    def trusted(cls, value: object, context: bytes) -> EntryIndex | None:
        """The index the cache gave back as ``value`` (:meth:`kept`), when it is one of a
        build with this ``context``; else None."""
        if not (isinstance(value, tuple) and len(value) == 2 and value[0] == context
                and isinstance(value[1], dict)):
            return None
        for name, places in value[1].items():
            if not (isinstance(name, str) and isinstance(places, tuple) and len(places) == 3
                    and all(isinstance(part, bytes) for part in places)):
                return None
        return cls(context, value[1])

    def spans(self, size: int) -> dict[bytes, tuple[int, int]] | None:
        """Each entry's span by its digest, all of them within ``size`` bytes; None when the
        index does not hold together (then nothing is taken from the file)."""
        found: dict[bytes, tuple[int, int]] = {}
        for digests, starts, ends in self.lists.values():
            if len(starts) % 8 or len(ends) % 8:
                return None
            first, last = array.array("q", starts), array.array("q", ends)
            count = len(digests) // DIGEST_SIZE
            if len(first) != count or len(last) != count or count * DIGEST_SIZE != len(digests):
                return None
            for position in range(count):
                start, end = first[position], last[position]
                if not 0 <= start <= end <= size:
                    return None
                at = position * DIGEST_SIZE
                found[digests[at:at + DIGEST_SIZE]] = (start, end)
        return found


@dataclass(frozen=True)
class EntryDigests:
    """A document of the API split for its key: the rest of it (each list replaced by
    None) and, by list, its entries' digests."""

    document: dict[str, Any]
    rest: dict[str, Any]
    digests: dict[str, list[bytes]]

    @classmethod
    def of(cls, document: object) -> EntryDigests | None:
        """``document`` digested entry by entry, or None when it is not a dict with text
        keys (then it is written and keyed whole) or an entry cannot be walked."""
        if not isinstance(document, dict) or any(key.__class__ is not str for key in document):
            return None
        digests: dict[str, list[bytes]] = {}
        rest: dict[str, Any] = {}
        try:
            for name, value in document.items():
                if value.__class__ is list:
                    rest[name] = None
                    digests[name] = walked_digests(value, _TABLE, DIGEST_SIZE)
                else:
                    rest[name] = value
        except Exception:  # an object pickle refuses: no key, written whole
            return None
        return cls(document, rest, digests)

    def parts(self) -> tuple[object, ...]:
        """What the file's key is made of (besides its path)."""
        return ("api-entries", self.rest,
                {name: b"".join(found) for name, found in self.digests.items()})

    def json_bytes(self, earlier: bytes | None = None, index: EntryIndex | None = None,
                   context: bytes = b"") -> tuple[bytes, EntryIndex]:
        """The document's JSON as ``api.json_bytes`` writes it, each entry's taken from
        ``earlier`` (the last build's file) when ``index`` (its entries' places) knows its
        digest; and the index of the file made (for a build with the cache's ``context``)."""
        source = earlier or b""
        spans = None if earlier is None or index is None else index.spans(len(earlier))
        keys: dict[str, str] = {}
        out: list[bytes] = []
        size = 0
        lists: dict[str, tuple[bytes, bytes, bytes]] = {}
        lead = "{\n "
        for name in sorted(self.document):
            value = self.document[name]
            head = (lead + encode_basestring(name) + ": ").encode()
            lead = ",\n "
            if value.__class__ is not list or not value:
                text = (head.decode() + top_value_text(value, keys)).encode()
                out.append(text)
                size += len(text)
                continue
            out.append(head + b"[\n  ")
            size += len(out[-1])
            starts, ends = array.array("q"), array.array("q")
            digests = self.digests[name]
            for position, (entry, digest) in enumerate(zip(value, digests, strict=True)):
                if position:
                    out.append(_BETWEEN)
                    size += len(_BETWEEN)
                span = None if spans is None else spans.get(digest)
                made = (entry_text(entry, keys).encode() if span is None
                        else source[span[0]:span[1]])
                starts.append(size)
                out.append(made)
                size += len(made)
                ends.append(size)
            out.append(b"\n ]")
            size += 3
            lists[name] = (b"".join(digests), starts.tobytes(), ends.tobytes())
        out.append(b"\n}\n" if self.document else b"{}\n")
        return b"".join(out), EntryIndex(context, lists)


#: The walker's table for plain values (API documents hold no records).
_TABLE = Reductions({})


def api_file(reuse: Reuse | None, path: str, document: object) -> bytes | Keyed:
    """The file ``path`` of the API holding ``document``: without ``reuse``, written whole;
    with it, keyed by its entries (nothing made when its key is the last build's, taken
    from the store when it keeps it), and else made from the last build's file and its
    index (:meth:`EntryDigests.json_bytes`), its own index kept for the next build."""
    split = None if reuse is None else EntryDigests.of(document)
    if split is None or reuse is None:
        return keyed_file(reuse, path, ("api", document),
                          functools.partial(json_bytes, document))
    key = reuse.keys.key_if_walkable(path, *split.parts())
    if key is None:
        return json_bytes(document)
    last = reuse.earlier.get(path)
    if last == key:
        return Keyed(key, None)
    store = reuse.store
    if store is None:
        return reuse.rendered(key, split.json_bytes()[0])
    found = store.page(key)
    if found is not None:
        return Keyed(key, found, fetched=True)
    index = None if last is None else EntryIndex.trusted(store.entries(last), store.context)
    earlier = None if index is None or last is None else store.page(last)
    content, made = split.json_bytes(earlier, index, store.context)
    store.keep_entries(key, made.kept(), last)
    return reuse.rendered(key, content)


__all__ = ["EntryDigests", "EntryIndex", "api_file"]
