"""What ``cfo build`` could not write, said as few times as it can be acted on.

A workspace without the company's legal details refuses every contract and purchase order,
in two formats each: tens of thousands of lines, each naming the same missing fields. Those
refused for missing fields are said once per file to fill in (``company.yaml`` once, then
each freelancer lacking theirs), with how many documents wait for it; any other refusal once
per document, its formats named together.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

#: The plural of each kind of document refused.
_PLURALS = {"contract": "contracts", "purchase order": "purchase orders"}


class Skipped(NamedTuple):
    """A document ``cfo build`` did not write, in one format."""

    #: "contract" or "purchase order".
    kind: str
    #: What the document is ("the contract of ada on site").
    document: str
    fmt: str
    why: str
    #: The fields to fill in, by file, when that is why.
    missing: tuple[tuple[str, tuple[str, ...]], ...] = ()


def grouped_notes(skipped: Iterable[Skipped]) -> list[str]:
    """The notes saying why documents were not written: for each file with fields to fill
    in (in the files' order), the fields and the documents waiting for them; then each other
    document refused, once for all its formats with the same reason (in the order given)."""
    waiting: dict[tuple[str, tuple[str, ...]], dict[str, set[str]]] = {}
    formats: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    others: dict[tuple[str, str], list[str]] = {}
    for item in skipped:
        if item.missing:
            for place in item.missing:
                waiting.setdefault(place, {}).setdefault(item.kind, set()).add(item.document)
                _add(formats.setdefault(place, []), item.fmt)
        else:
            _add(others.setdefault((item.document, item.why), []), item.fmt)
    notes = [f"{_counted(waiting[place])} ({', '.join(formats[place])}): fill in "
             f"{', '.join(place[1])} in {place[0]}" for place in sorted(waiting)]
    notes += [f"{document} ({', '.join(fmts)}): {why}"
              for (document, why), fmts in others.items()]
    return notes


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _counted(documents: dict[str, set[str]]) -> str:
    """"3 contracts and 1 purchase order", kinds in a fixed order."""
    parts = [f"{len(documents[kind])} {kind if len(documents[kind]) == 1 else plural}"
             for kind, plural in _PLURALS.items() if kind in documents]
    parts += [f"{len(names)} {kind}" for kind, names in sorted(documents.items())
              if kind not in _PLURALS]
    return " and ".join(parts)
