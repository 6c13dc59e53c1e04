"""Line and column of a position in a text, counted as Git and GitHub count them.

Only a line feed ends a line there, while YAML also ends lines at a bare CR, NEL (U+0085),
U+2028 and U+2029 (and ``str.splitlines`` at even more characters): one of them inside a
quoted value would shift every later finding by a line. Positions are therefore taken from a
mark's character index, never from its line and column.
"""

from __future__ import annotations

from bisect import bisect_right


class TextLines:
    """1-based line and column of character offsets in one text."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def position(self, index: int) -> tuple[int, int]:
        starts = self.starts()
        line = bisect_right(starts, index)
        return line, index - starts[line - 1] + 1

    def starts(self) -> list[int]:
        """The index where each line starts."""
        if self._starts is None:
            text = self._text
            starts = [0]
            found = text.find("\n")
            while found != -1:
                starts.append(found + 1)
                found = text.find("\n", found + 1)
            self._starts = starts
        return self._starts
