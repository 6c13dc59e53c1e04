"""The home page of a build, made once for every commit: CI builds the site on every push,
and a push that changes no record changes nothing on the site but the commit in the home
page's links to the forge (``forge_links.line_link``).

The page is rendered with a stand-in for the commit in those links, kept by the cache's store
under the key of the whole build and the forge's address without its commit, and given a
commit's links by writing the commit where the stand-in is. The stand-in is hex of the
commit's length drawn at random for each render: no record, finding or template can hold it
(one chance in 2^160), so that it stands exactly where the links put the commit.

Only where the packaged templates render the page: they write each link as it is made, so
that the commit appears in the page's bytes exactly where the stand-in does. A workspace's
own template could change a link (cut it, change its case, count its letters): with
templates of its own, the page is rendered for each commit.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from cfo_tools.site.forge_links import is_commit, split_commit
from cfo_tools.site.page_store import PageStore, file_key

__all__ = ["CommitFree", "commit_free"]


@dataclass(frozen=True)
class CommitFree:
    """The home page at ``path`` of a build whose forge address is ``before`` + ``commit``
    + ``after``, kept in ``store`` under ``key`` (the build's key and the address without
    its commit)."""

    store: PageStore
    path: str
    #: The address before its commit, and after.
    before: str
    after: str
    commit: str
    key: bytes

    def kept(self) -> bytes | None:
        """The page with this commit's links, when the store keeps it; else None."""
        found = self.store.page(self.key)
        if found is None:
            return None
        stand_in, newline, page = found.partition(b"\n")
        if not newline or len(stand_in) != len(self.commit) \
                or not is_commit(stand_in.decode("ascii", "replace")):
            return None
        return page.replace(stand_in, self.commit.encode("ascii"))

    def stand_in(self) -> tuple[str, str]:
        """A new stand-in, and the forge's address with it for the commit."""
        drawn = secrets.token_hex(len(self.commit) // 2)
        return drawn, self.before + drawn + self.after

    def keep(self, stand_in: str, page: bytes) -> bytes:
        """Keep ``page`` (rendered with ``stand_in``) for every commit; the page with this
        commit's links."""
        marked = stand_in.encode("ascii")
        self.store.put({self.key: self.store.pack(marked + b"\n" + page)})
        return page.replace(marked, self.commit.encode("ascii"))


def commit_free(store: PageStore | None, whole: bytes | None, base: str | None, path: str,
                own_templates: bool) -> CommitFree | None:
    """The home page at ``path`` of the build ``whole`` as kept for every commit, or None
    when it cannot be: no store or key, no forge address with a commit, templates of the
    workspace's own."""
    if store is None or whole is None or base is None or own_templates:
        return None
    parts = split_commit(base)
    if parts is None:
        return None
    before, commit, after = parts
    without = repr((before, after)).encode("utf-8")
    key = file_key(hashlib.blake2b(b"site-commit-free\0" + whole + b"\0" + without,
                                   digest_size=32).digest(), path)
    return CommitFree(store, path, before, after, commit, key)
