"""What ``cfo build`` could not write, said once per document: the same reason for a
document's Markdown and HTML files is one note naming both formats (a workspace without the
company's legal details refuses every contract twice: tens of thousands of lines)."""

from __future__ import annotations

import re
from collections.abc import Iterable

#: A reason as the build gives it: the document, its format, then why.
_REASON = re.compile(r"(?P<document>.+?) \((?P<format>md|html)\): (?P<why>.*)", re.DOTALL)


def grouped_reasons(reasons: Iterable[str]) -> list[str]:
    """``reasons``, each document's reasons that differ only by their format said once
    ("the contract of ada on site (md, html): ..."), in the order first given; a reason of
    another shape is kept as it is."""
    formats: dict[tuple[str, str], list[str]] = {}
    order: list[tuple[str, str] | str] = []
    for reason in reasons:
        found = _REASON.fullmatch(reason)
        if found is None:
            order.append(reason)
            continue
        key = (found["document"], found["why"])
        if key not in formats:
            formats[key] = []
            order.append(key)
        formats[key].append(found["format"])
    return [item if isinstance(item, str)
            else f"{item[0]} ({', '.join(formats[item])}): {item[1]}" for item in order]
