"""Text placed in an HTML page. Jinja's autoescaping handles ``<``, ``&`` and quotes; what it
lets through are control characters, which a page cannot show and a terminal the page is
printed to would obey (a BEL, an ESC sequence)."""

from __future__ import annotations

import re

from markupsafe import Markup

from cfo_tools.formats.terminal import show_controls

#: C0 and C1 controls other than tab, line feed and carriage return (which HTML treats as
#: white space), and DEL.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def html_text(value: object) -> object:
    """``value`` with its control characters shown escaped (``\\x07``); markup the templates
    made themselves, and values that are not text, pass unchanged."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return _CONTROLS.sub(lambda m: show_controls(m.group()), value)
