"""Text placed in GitHub-flavoured Markdown: a table cell, a list item or a heading."""

from __future__ import annotations

import re

from cfo_tools.formats.terminal import show_controls

_LONGEST_BACKTICKS = re.compile("`+")


def markdown_cell(value: object, *, code: bool = False) -> str:
    """``value`` on one line of Markdown that stays inside its cell, item or heading.

    Every line break (LF, CR, NEL, U+2028, U+2029, …) becomes a space, so the value can
    never start a block of its own (a heading, a quote, a forged "All checks passed"
    line); ``|`` is escaped so a table cell cannot end early; ``<`` is written as
    ``&lt;`` so no HTML tag or comment opens; other control characters are shown
    escaped. With ``code``, the value is a code span whose fence is longer than any run
    of backticks inside it.
    """
    # str.splitlines breaks at LF, CR, VT, FF, FS, GS, RS, NEL, U+2028 and U+2029: all the
    # places a renderer may start a new line.
    text = show_controls(" ".join(str(value).splitlines())).replace("|", "\\|")
    # Markdown meant for a summary is often printed in a CI log too, where GitHub's runner
    # obeys "##[command]" anywhere in a line; "\\[" renders as "[".
    text = text.replace("##[", "##\\[")
    if not code:
        return text.replace("<", "&lt;")
    longest = max((len(run) for run in _LONGEST_BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def markdown_block(value: object) -> str:
    """``value`` as paragraphs of Markdown its author wrote: every kind of line break (CR,
    CRLF, NEL, U+2028, U+2029, VT, FF) becomes a plain line feed, so the text breaks where
    its author saw it break and nowhere else; other control characters are shown escaped."""
    return "\n".join(show_controls(line) for line in str(value).splitlines())
