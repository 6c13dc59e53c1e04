"""JSON pointers of the line maps, shared by every document a process reads.

The maps of thousands of documents have the same pointers (``/assignments/0/role``): each is
made once per process for each (parent, key) and shared, in memory and in the pickles sent
between processes (a batch's maps pickle to a quarter of their size). Used by both readers
(``yaml_documents``' walk, ``fast_yaml``'s line pass).
"""

from __future__ import annotations

#: Pointers by parent pointer and key. Emptied when it grows past what any real workspace
#: needs.
POINTERS: dict[str, dict[str, str]] = {}
#: The same for the items of a list, by index.
ITEM_POINTERS: dict[str, list[str]] = {}
MAX_POINTERS = 50_000


def children_of(pointer: str) -> dict[str, str]:
    children: dict[str, str] = {}
    POINTERS[pointer] = children
    return children


def child(pointer: str, key: str) -> str:
    """The pointer of ``key`` in the mapping at ``pointer``, remembered."""
    made = f"{pointer}/{escaped(key)}"
    POINTERS[pointer][key] = made
    return made


def item_pointers(pointer: str, count: int) -> list[str]:
    """The pointers of the first ``count`` items of the list at ``pointer``, remembered."""
    known = ITEM_POINTERS.setdefault(pointer, [])
    # A loop, not a comprehension: no deeper in the stack than the items' own walk, so that a
    # deeply nested document reaches the recursion limit exactly where it used to.
    for index in range(len(known), count):
        known.append(f"{pointer}/{index}")
    return known


def child_pointers(pointer: str) -> dict[str, str]:
    """The pointers of the children of the mapping at ``pointer`` made so far, by key (the
    process's shared table, filled by :func:`new_child_pointer`)."""
    known = POINTERS.get(pointer)
    return children_of(pointer) if known is None else known


def new_child_pointer(pointer: str, key: str) -> str:
    """The pointer of ``key`` in the mapping at ``pointer``, made and remembered."""
    if pointer not in POINTERS:
        children_of(pointer)
    return child(pointer, key)


def item_pointer(pointer: str, index: int) -> str:
    """The pointer of item ``index`` of the list at ``pointer``, shared."""
    known = ITEM_POINTERS.get(pointer)
    if known is None or len(known) <= index:
        known = item_pointers(pointer, index + 1)
    return known[index]


def forget_pointers_if_many() -> None:
    """Empty the shared pointer tables when they grew past what any real workspace needs."""
    if len(POINTERS) + len(ITEM_POINTERS) > MAX_POINTERS:
        POINTERS.clear()
        ITEM_POINTERS.clear()


def escaped(key: str) -> str:
    """A mapping key as one part of a JSON pointer (RFC 6901)."""
    if "~" in key or "/" in key:
        return key.replace("~", "~0").replace("/", "~1")
    return key


