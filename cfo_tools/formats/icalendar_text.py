"""Text for a single-line iCalendar property (SUMMARY, X-WR-CALNAME, CATEGORIES, …), and
content lines folded as icalendar folds them.

``icalendar`` escapes commas, semicolons, backslashes and LF; it refuses or passes through
the other line breaks, which end a content line for many readers."""

from __future__ import annotations

from functools import cache

from cfo_tools.formats.terminal import show_controls


def ics_text(value: object) -> str:
    """``value`` on one line: line breaks (CR, LF, NEL, U+2028, U+2029, …) become spaces,
    other control characters are shown escaped (RFC 5545 forbids them in TEXT)."""
    return show_controls(" ".join(str(value).splitlines()))


#: RFC 5545: content lines longer than 75 octets are folded (CRLF and a space).
_FOLD_AT = 75


def folded(line: bytes) -> bytes:
    """The content line ``line`` (UTF-8, without its CRLF) folded as icalendar folds it
    (``Contentline.to_ical``), from its bytes rather than character by character in Python
    (40 % of ``cfo calendar``'s serialisation went there): parts of at most 74 octets, cut
    between characters and never right after a backslash or a caret, so that an escape is
    not split (icalendar's issue 1501). :func:`folds_as_icalendar` tells whether the
    installed icalendar folds the same way."""
    if len(line) < _FOLD_AT:
        return line
    parts = []
    start = 0
    while len(line) - start >= _FOLD_AT:
        end = start + _FOLD_AT - 1
        while line[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            end -= 1
        if line[end - 1] in b"\\^":
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return b"\r\n ".join(parts)


_PROBES = ("a" * 73 + "\\,b" * 30, "^" * 160, "é" * 80, "x" * 72 + "€" + "y;\\" * 40,
           "😀" * 50 + "\\n", "s" * 74 + "é" * 3, "\\" * 151)


@cache
def folds_as_icalendar() -> bool:
    """Whether :func:`folded` gives what the installed icalendar gives on lines that put
    multi-byte characters and escapes at the fold (older versions cut escapes)."""
    from icalendar.parser import Contentline

    return all(folded(probe.encode()) == bytes(Contentline(probe).to_ical())
               for probe in _PROBES)
