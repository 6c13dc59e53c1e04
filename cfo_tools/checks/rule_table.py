"""The rule tables of the docs, generated from the rule catalogue.

A table sits between ``<!-- rule-table: NAME -->`` and ``<!-- /rule-table -->`` in a Markdown
file; :func:`with_tables` rewrites every such block. ``python -m cfo_tools.checks.rule_table``
rewrites the docs in place (run it from the repository's root after adding a rule); the tests
fail while a doc is out of step.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

from cfo_tools.checks.rule_catalogue import (
    CONFLICT_RULES,
    CROSS_FILE_RULES,
    FILE_RULES,
    FOLLOW_UP_RULES_DOCS,
    READING_RULES,
    RuleDoc,
)

#: Table name -> (show the severity column, rules).
TABLES: dict[str, tuple[bool, tuple[RuleDoc, ...]]] = {
    "files-and-cross-file": (True, FILE_RULES + CROSS_FILE_RULES),
    "reading": (True, READING_RULES),
    "conflicts": (True, CONFLICT_RULES),
    "follow-up": (False, FOLLOW_UP_RULES_DOCS),
}

#: The files that hold tables, relative to the repository's root.
DOCS = ("docs/format.md", "docs/check.md")

#: A block keeps the indentation of its opening comment (a table inside a list item).
_BLOCK = re.compile(
    r"^(?P<indent>[ \t]*)(?P<open><!-- rule-table: (?P<name>[a-z-]+) -->\n)"
    r".*?^(?P<close>[ \t]*<!-- /rule-table -->)", re.S | re.M)


def markdown_table(name: str) -> str:
    """The Markdown table named ``name``, one row per rule."""
    with_severity, rules = TABLES[name]
    head = "| rule | severity | what it finds |" if with_severity else "| rule | what it finds |"
    rows = [head, "| --- | --- | --- |" if with_severity else "| --- | --- |"]
    for rule in rules:
        middle = f" {rule.severity} |" if with_severity else ""
        rows.append(f"| `{rule.name}` |{middle} {rule.description} |")
    return "\n".join(rows) + "\n"


def with_tables(text: str) -> str:
    """``text`` with every rule-table block regenerated."""
    def block(m: re.Match[str]) -> str:
        rows = "".join(m["indent"] + row + "\n" for row in markdown_table(m["name"]).splitlines())
        return m["indent"] + m["open"] + rows + m["close"]

    return _BLOCK.sub(block, text)


def main(argv: Sequence[str] = ()) -> int:
    root = Path(argv[0]) if argv else Path.cwd()
    for name in DOCS:
        path = root / name
        text = path.read_text(encoding="utf-8")
        updated = with_tables(text)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
