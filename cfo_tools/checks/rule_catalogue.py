"""Every rule name the tool reports, with its severity and one-line description.

The rules that span files and the follow-up checks describe themselves (``NAME``,
``SEVERITY``, ``DESCRIPTION`` in their modules). The rules reported while scanning, reading
and schema-checking files, and the calendar conflicts, have no module of their own: they are
registered here, one line each. The tables in docs/format.md and docs/check.md are generated
from this catalogue (``python -m cfo_tools.checks.rule_table``) and a test keeps them in step;
another test fails when the code reports a rule name that is not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from cfo_tools.checks.follow_up import FOLLOW_UP_RULES
from cfo_tools.checks.rules import RULES


@dataclass(frozen=True)
class RuleDoc:
    name: str
    #: As the docs say it: "error", "warning", or a sentence for a rule whose severity varies.
    severity: str
    description: str


#: The file scan (loading/workspace_files.py): files in the record folders that are not read.
FILE_RULES: tuple[RuleDoc, ...] = (
    RuleDoc("file-name", "error", "a file name that is not a valid id"),
    RuleDoc("yml-extension", "error",
            "a `.yml` file in `roster/`, `missions/` or `candidates/` (not read)"),
    RuleDoc("unexpected-file", "warning",
            "any other file or folder there except `README.md`, or a folder at the top "
            "named almost like a data folder (`mission/`, `Roster/`) and holding YAML files "
            "(not read)"),
    RuleDoc("folder-name", "error",
            "a folder of a nested pattern not named like its placeholder (not read)"),
    RuleDoc("not-a-folder", "error",
            "`roster`, `missions` or `candidates` is a file, not a folder (nothing in it is "
            "read)"),
    RuleDoc("not-a-file", "error",
            "a pipe, device, socket or folder named like a document (never opened)"),
    RuleDoc("file-too-large", "error", "a document larger than 10 MiB (not read)"),
    RuleDoc("symlink-escape", "error",
            "a link leading out of the workspace, or to nothing (not read)"),
)

#: Reading one file and checking it against its schema (loading/, model/building.py).
READING_RULES: tuple[RuleDoc, ...] = (
    RuleDoc("read-error", "error", "a file that cannot be read"),
    RuleDoc("encoding", "error", "a file that is not UTF-8 text"),
    RuleDoc("yaml-syntax", "error", "text that is not valid YAML (with a hint for common slips)"),
    RuleDoc("yaml-value", "error", "a tag or value YAML cannot read"),
    RuleDoc("multiple-documents", "error", "several YAML documents (`---`) in one file"),
    RuleDoc("empty-file", "error", "a file that is empty or holds only comments"),
    RuleDoc("not-a-mapping", "error",
            "a document that is a list or a single value, not keys and values"),
    RuleDoc("document-too-large", "error", "aliases that expand into a huge document"),
    RuleDoc("duplicate-key", "error", "a key written twice in one mapping (YAML keeps the last)"),
    RuleDoc("non-text-key", "error", "a key YAML reads as a number, boolean or date, not text"),
    RuleDoc("schema", "error",
            "a value the schema refuses: unknown or missing key, wrong type, value not allowed"),
    RuleDoc("ambiguous-scalar", "error",
            "`no`, `on`, `1.10` read as a boolean or number where text was wanted; `0500`, "
            "`1:30`, `0x1F4` read as octal, base-60 or hexadecimal numbers"),
    RuleDoc("non-finite-number", "error",
            "`.nan`, `.inf` or a number too large to be finite, anywhere in a file"),
    RuleDoc("invalid-date", "error", "a date that does not exist, e.g. `2026-02-30`"),
    RuleDoc("unusable-value", "error",
            "a value cfo needs that your own schema let through missing or unusable"),
    RuleDoc("schema-file", "error",
            "a broken schema in your `schemas/`, or one that refers outside itself"),
)

#: Calendar conflicts (planning/conflicts.py), reported by `cfo check` and `cfo conflicts`.
CONFLICT_RULES: tuple[RuleDoc, ...] = (
    RuleDoc("overbooked", "error (warning when only a tentative assignment makes it)",
            "a load above the freelancer's `capacity` on at least one working day"),
    RuleDoc("unavailable", "error",
            "a booking on a day the freelancer is unavailable or the company is closed"),
)


def _described(modules: tuple[ModuleType, ...], severity: str | None = None
               ) -> tuple[RuleDoc, ...]:
    """``severity`` for a module that does not state its own."""
    return tuple(RuleDoc(m.NAME, str(getattr(m, "SEVERITY", severity)), m.DESCRIPTION)
                 for m in modules)


#: Rules that span files (checks/rules/), in their registry's order.
CROSS_FILE_RULES = _described(RULES)
#: Follow-up as of today (checks/follow_up/): warnings, errors for `compliance` with --strict,
#: and errors for a module that says so (``SEVERITY``).
FOLLOW_UP_RULES_DOCS = _described(FOLLOW_UP_RULES, "warning")

ALL_RULES: dict[str, RuleDoc] = {
    rule.name: rule
    for rule in (*FILE_RULES, *READING_RULES, *CONFLICT_RULES, *CROSS_FILE_RULES,
                 *FOLLOW_UP_RULES_DOCS)
}
