"""The findings of ``cfo check`` as the site shows them: grouped by severity, then rule, each
with a link to its file and line on the forge, or to the page of its record."""

from __future__ import annotations

from dataclasses import dataclass

from cfo_tools.model.findings import Finding
from cfo_tools.site.forge_links import line_link
from cfo_tools.site.hidden_money import about_money, finding_message_without_money


@dataclass(frozen=True)
class ShownFinding:
    file: str
    line: int | None
    column: int | None
    path: str
    rule: str
    severity: str
    message: str
    #: A forge address (absolute) or a page of the site (relative to its root), or None.
    link: str | None
    #: Whether ``link`` is a page of the site.
    internal: bool

    def to_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "column": self.column, "path": self.path,
                "rule": self.rule, "severity": self.severity, "message": self.message,
                "link": self.link}


#: Findings of one rule listed on the home page; the others are counted, and all are in
#: findings.json (20,000 missions may bring thousands of one rule, which nobody reads).
LISTED_PER_RULE = 50


@dataclass(frozen=True)
class RuleGroup:
    rule: str
    findings: tuple[ShownFinding, ...]

    @property
    def listed(self) -> tuple[ShownFinding, ...]:
        return self.findings[:LISTED_PER_RULE]

    @property
    def unlisted(self) -> int:
        return max(0, len(self.findings) - LISTED_PER_RULE)


@dataclass(frozen=True)
class SeverityGroup:
    severity: str
    rules: tuple[RuleGroup, ...]

    @property
    def count(self) -> int:
        return sum(len(group.findings) for group in self.rules)


SEVERITIES = ("error", "warning")


def shown_findings(findings: list[Finding], *, pages: dict[str, str], source_base: str | None,
                   money: bool) -> list[ShownFinding]:
    """Every finding, in reading order, with its link; without money, no amount and no
    finding about money itself (an invoice, a budget overrun)."""
    shown = []
    for finding in findings:
        if not money and about_money(finding):
            continue
        if source_base is not None:
            link: str | None = line_link(source_base, finding.file, finding.line)
            internal = False
        else:
            link = pages.get(finding.file)
            internal = link is not None
        message = finding.message if money else finding_message_without_money(finding)
        shown.append(ShownFinding(finding.file, finding.line, finding.column, finding.path,
                                  finding.rule, finding.severity, message, link, internal))
    return shown


def grouped(findings: list[ShownFinding]) -> list[SeverityGroup]:
    """Errors first, then warnings; within each, rules by name; findings in reading order."""
    groups = []
    for severity in SEVERITIES:
        by_rule: dict[str, list[ShownFinding]] = {}
        for finding in findings:
            if finding.severity == severity:
                by_rule.setdefault(finding.rule, []).append(finding)
        if by_rule:
            groups.append(SeverityGroup(severity, tuple(
                RuleGroup(rule, tuple(by_rule[rule])) for rule in sorted(by_rule))))
    return groups
