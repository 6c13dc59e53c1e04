"""A long list split into pages a laptop's browser opens at once (the site's lists, ``cfo
build``'s index by mission): 100,000 missions are 28 MB of HTML in one page (a browser takes
seconds to lay it out, and it passes the 10 MiB a page may weigh), and 100 pages of 1,000 with
links between them read like any paged list.

The first page stays at the list's address (``missions/index.html``), so that every link to
the list still leads to it; page ``n`` is beside it (``missions/index-n.html``), holding the
entries ``(n-1) * PAGE_SIZE + 1`` to ``n * PAGE_SIZE`` in the list's order. A list of
:data:`PAGE_SIZE` entries or fewer is one page, exactly as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Entries on a page of a list: about 300 to 400 KB of HTML for the site's lists.
PAGE_SIZE = 1000
#: Pages linked on each side of the current one (the first and last are always linked).
_AROUND = 2


@dataclass(frozen=True)
class PageLink:
    """A link of the pager: a page (its number and address, relative to the page showing
    it), or a gap between two that are not linked (``number`` None)."""

    number: int | None
    href: str
    current: bool = False


@dataclass(frozen=True)
class Pager:
    """Where a page of a list stands among the others, for its navigation."""

    number: int
    count: int
    #: The positions of its first and last entries in the list (from 1), and the list's size.
    first: int
    last: int
    total: int
    links: tuple[PageLink, ...]
    previous: str | None
    next: str | None


@dataclass(frozen=True)
class ListPage:
    path: str
    entries: Sequence[Any]
    pager: Pager


def page_path(path: str, number: int) -> str:
    """The address of page ``number`` of the list at ``path``: ``path`` itself for the first,
    ``missions/index-3.html`` for the third of ``missions/index.html``."""
    if number == 1:
        return path
    stem, dot, extension = path.rpartition(".")
    return f"{stem}-{number}{dot}{extension}" if dot else f"{path}-{number}"


def list_pages(path: str, entries: Sequence[Any], size: int = PAGE_SIZE) -> list[ListPage]:
    """``entries`` in pages of ``size``; a single page (with no pager needed) when they fit."""
    count = max(1, -(-len(entries) // size))

    def href(number: int) -> str:
        return page_path(path, number).rsplit("/", 1)[-1]

    pages = []
    for number in range(1, count + 1):
        start = (number - 1) * size
        shown = entries[start:start + size]
        wanted = sorted({1, count, *range(number - _AROUND, number + _AROUND + 1)}
                        & set(range(1, count + 1)))
        links: list[PageLink] = []
        for place, linked in enumerate(wanted):
            if place and linked - wanted[place - 1] > 1:
                links.append(PageLink(None, ""))
            links.append(PageLink(linked, href(linked), linked == number))
        pager = Pager(number, count, start + 1, start + len(shown), len(entries), tuple(links),
                      href(number - 1) if number > 1 else None,
                      href(number + 1) if number < count else None)
        pages.append(ListPage(page_path(path, number), shown, pager))
    return pages
