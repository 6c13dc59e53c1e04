"""Text for a terminal or a CI log: control characters shown, never obeyed."""

from __future__ import annotations

import re

#: Characters that reorder text on screen (Trojan Source) although they are "format"
#: characters, not controls.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SHOWN = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029" + _BIDI + "]"
)
#: GitHub's runner obeys "::command" at the start of a line (after spaces) and the older
#: "##[command]" anywhere in a line.
_WORKFLOW_START = re.compile(r"^(\s*):")
_LEGACY_COMMAND = "##["


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHOWN:
        return _SHOWN[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def show_controls(text: str) -> str:
    """``text`` with C0 and C1 controls (ESC, CR, NEL, …), the Unicode line and paragraph
    separators and the bidirectional overrides written as escapes like ``\\x1b``."""
    # Every character escaped is a control, a format character or a separator, none of
    # which Python counts printable: most texts (a report's 50,000 messages) are let through
    # without the substitution's search and copy.
    if text.isprintable():
        return text
    return _UNSAFE.sub(_shown, text)


def terminal_text(value: object) -> str:
    """``value`` as one line of inert text: C0 and C1 controls (ESC, CR, NEL, …), the
    Unicode line and paragraph separators and the bidirectional overrides are written as
    escapes like ``\\x1b`` or ``\\u2028``; a leading ``::`` or a ``##[`` anywhere, which
    GitHub's runner would take for a workflow command, is escaped too."""
    return inert_commands(show_controls(str(value)))


def inert_commands(text: str) -> str:
    """``text`` (controls already shown) with what GitHub's runner would obey escaped: a
    leading ``::`` and any ``##[``. Enough for a line joined from pieces each already made
    inert by :func:`terminal_text`."""
    if _LEGACY_COMMAND in text:
        text = text.replace(_LEGACY_COMMAND, "##\\x5b")
    if text.lstrip().startswith("::"):
        text = _WORKFLOW_START.sub(lambda m: m.group(1) + "\\x3a", text, count=1)
    return text

