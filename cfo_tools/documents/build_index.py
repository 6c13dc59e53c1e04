"""``cfo build``'s index split into pages, as the site's long lists are (``list_pages.py``): one
line per document is about 300,000 lines on a workspace of 100,000 missions, over the
10 MiB a document may weigh, and it was found only after every document had been rendered.

The index is paged by mission (a mission's documents are never split between two pages), the
first page at the index's address (``index.md``), the others beside it (``index-2.md``...),
each with links to the others. An index of :data:`INDEX_PAGE_SIZE` missions or fewer is one
page rendered from the very context it always had: byte-identical, with the same key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cfo_tools.documents.list_pages import list_pages

#: Missions on a page of the index: about 500 KB of HTML with a few documents each.
INDEX_PAGE_SIZE = 1000


@dataclass(frozen=True)
class IndexEntry:
    """A mission of the index: its group (title, dates, people's documents) and the lines of
    its documents in the flat list (``documents``, which a workspace's own template may
    show instead)."""

    group: dict[str, Any]
    listing: list[dict[str, str]]


@dataclass(frozen=True)
class IndexPage:
    path: str
    document_name: str
    #: What the index template is given besides the title and the introduction.
    context: dict[str, Any]


def index_pages(path: str, entries: Sequence[IndexEntry], reports: list[dict[str, Any]],
                size: int | None = None) -> list[IndexPage]:
    """The pages of the index at ``path``: ``entries`` (by mission) in pages of ``size``
    (:data:`INDEX_PAGE_SIZE`, read when called, so that tests may make it small), the
    activity reports (``reports``, lines of the flat list, each with its ``month`` and
    ``freelancer``) on the last page, in the flat list and as their own section."""
    size = size or INDEX_PAGE_SIZE
    if len(entries) <= size:
        documents = [line for entry in entries for line in entry.listing] + reports
        return [IndexPage(path, "the build index",
                          {"documents": documents, "groups": [e.group for e in entries],
                           "reports": reports})]
    pages = list_pages(path, entries, size)
    made = []
    for page in pages:
        last = page.pager.number == page.pager.count
        documents = [line for entry in page.entries for line in entry.listing]
        made.append(IndexPage(
            page.path, f"the build index (page {page.pager.number} of {page.pager.count})",
            {"documents": documents + reports if last else documents,
             "groups": [entry.group for entry in page.entries],
             "reports": reports if last else [], "pager": page.pager}))
    return made
