"""Text for a single-line iCalendar property (SUMMARY, X-WR-CALNAME, CATEGORIES, …).

``icalendar`` escapes commas, semicolons, backslashes and LF; it refuses or passes through
the other line breaks, which end a content line for many readers."""

from __future__ import annotations

from cfo_tools.formats.terminal import show_controls


def ics_text(value: object) -> str:
    """``value`` on one line: line breaks (CR, LF, NEL, U+2028, U+2029, …) become spaces,
    other control characters are shown escaped (RFC 5545 forbids them in TEXT)."""
    return show_controls(" ".join(str(value).splitlines()))
