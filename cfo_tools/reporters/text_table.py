"""Columns of a text report, as wide as their widest cell: headings in another language
("échéance", "coût estimé") or amounts Babel writes wider move the columns, never break
them."""

from __future__ import annotations

from collections.abc import Collection, Sequence


def aligned(rows: Sequence[Sequence[str]], *, right: Collection[int] = (),
            gaps: Sequence[str] = ()) -> list[str]:
    """``rows`` (the headings first) as lines of columns, each as wide as its widest cell
    (by the length of the shown text), the ``right`` ones aligned right; ``gaps[i]`` is
    what separates column ``i`` from the next (one space by default). The last column is
    not padded, and no line ends with spaces."""
    count = max((len(row) for row in rows), default=0)
    widths = [max((len(row[i]) for row in rows if i < len(row)), default=0)
              for i in range(count)]
    lines = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            last = i == len(row) - 1
            cell = value.rjust(widths[i]) if i in right else (
                value if last else value.ljust(widths[i]))
            cells.append(cell + ("" if last else (gaps[i] if i < len(gaps) else " ")))
        lines.append("".join(cells).rstrip())
    return lines
