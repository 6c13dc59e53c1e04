"""Text placed in GitHub-flavoured Markdown: a table cell, a list item or a heading."""

from __future__ import annotations

import re

from cfo_tools.formats.terminal import show_controls

_LONGEST_BACKTICKS = re.compile("`+")
#: What makes emphasis, code, links or a table cell's end in inline Markdown.
_MARKDOWN_SPECIALS = re.compile(r"[\\|*_`\[]")


def markdown_cell(value: object, *, code: bool = False) -> str:
    """``value`` on one line of Markdown that stays inside its cell, item or heading.

    Every line break (LF, CR, NEL, U+2028, U+2029, …) becomes a space, so the value can
    never start a block of its own (a heading, a quote, a forged "All checks passed"
    line); ``|`` is escaped so a table cell cannot end early; ``<`` and ``>`` are written
    as ``&lt;`` and ``&gt;`` so no HTML tag or comment opens (a name ``<script>`` stays
    text in any previewer); ``*``, ``_``, backticks, ``[`` and ``\\`` are escaped so the
    value shows as written, never as emphasis, code or a link; other control characters
    are shown escaped. With ``code``, the value is a code span whose fence is longer than
    any run of backticks inside it.
    """
    # str.splitlines breaks at LF, CR, VT, FF, FS, GS, RS, NEL, U+2028 and U+2029: all the
    # places a renderer may start a new line.
    text = show_controls(" ".join(str(value).splitlines()))
    if not code:
        # In one pass, so a backslash of the value is escaped too and never pairs with an
        # added one. "\\[" also keeps GitHub's runner from obeying a "##[command]" when a
        # summary is printed in a CI log.
        return _MARKDOWN_SPECIALS.sub(r"\\\g<0>", text).replace("<", "&lt;").replace(
            ">", "&gt;")
    text = text.replace("|", "\\|").replace("##[", "##\\[")
    longest = max((len(run) for run in _LONGEST_BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def markdown_block(value: object) -> str:
    """``value`` as paragraphs of Markdown its author wrote: every kind of line break (CR,
    CRLF, NEL, U+2028, U+2029, VT, FF) becomes a plain line feed, so the text breaks where
    its author saw it break and nowhere else; ``<`` is written as ``&lt;`` so that no HTML
    tag opens (a ``<script>`` in a summary stays text); other control characters are shown
    escaped. Emphasis and links the author wrote stay Markdown."""
    return "\n".join(show_controls(line).replace("<", "&lt;")
                     for line in str(value).splitlines())
