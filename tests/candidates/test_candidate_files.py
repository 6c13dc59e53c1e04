"""Reading candidates/<id>.yaml: the same rules as every file (line-exact findings, unknown
keys, ids, impossible dates), and an expected rate kept exact."""

from __future__ import annotations

from decimal import Decimal

from conftest import places

CANDIDATE = """\
name: Inès Moreau
roles: [web-developer]
skills: [react, typescript]
source:
  channel: linkedin
  url: https://www.linkedin.com/in/ines-moreau
stage: contacted
"""


def test_a_candidate_is_read_into_the_workspace(workspace_from):
    text = CANDIDATE + ("daily_rate: 612.1\navailable_from: 2027-01-04\n"
                        "contacts:\n  - {date: 2026-11-02, channel: linkedin}\n"
                        "  - {date: 2026-11-20, channel: phone, note: Appel}\n"
                        "next_step: {date: 2026-12-01, action: Envoyer le brief}\n")
    report = workspace_from({"candidates/ines-moreau.yaml": text})
    assert places(report.findings) == []
    candidate = report.validation.workspace.candidates["ines-moreau"]
    assert candidate.daily_rate == Decimal("612.1")
    assert candidate.source.channel == "linkedin"
    assert candidate.last_contact is not None and str(candidate.last_contact.date) == "2026-11-20"
    assert candidate.next_step is not None and candidate.next_step.action == "Envoyer le brief"
    files = report.validation.workspace.candidate_files
    assert files == {"ines-moreau": "candidates/ines-moreau.yaml"}


def test_unknown_keys_and_values_are_found_at_their_line(workspace_from):
    text = CANDIDATE.replace("stage: contacted", "stage: hired") + "linkedin: ines\n"
    text = text.replace("channel: linkedin", "channel: twitter")
    report = workspace_from({"candidates/ines-moreau.yaml": text})
    assert places(report.findings) == [
        ("candidates/ines-moreau.yaml", 5, "schema"),
        ("candidates/ines-moreau.yaml", 7, "schema"),
        ("candidates/ines-moreau.yaml", 8, "schema"),
    ]


def test_missing_source_and_bad_rate_are_findings(workspace_from):
    text = "\n".join(line for line in CANDIDATE.splitlines()
                     if not line.startswith(("source", "  "))) + "\ndaily_rate: 0\n"
    findings = workspace_from({"candidates/ines-moreau.yaml": text}).findings
    messages = " ".join(f.message for f in findings)
    assert "source" in messages
    assert [f.line for f in findings if f.path == "/daily_rate"] == [5]


def test_a_rate_above_a_billion_is_refused(workspace_from):
    findings = workspace_from({"candidates/ines-moreau.yaml":
                               CANDIDATE + "daily_rate: 1000000001\n"}).findings
    assert places(findings) == [("candidates/ines-moreau.yaml", 8, "schema")]


def test_an_impossible_date_is_an_invalid_date(workspace_from):
    text = CANDIDATE + "next_step: {date: 2026-02-30, action: Relancer}\n"
    report = workspace_from({"candidates/ines-moreau.yaml": text})
    assert places(report.findings) == [("candidates/ines-moreau.yaml", 8, "invalid-date")]
    assert "ines-moreau" not in report.validation.workspace.candidates


def test_a_file_name_that_is_not_an_id_is_refused(workspace_from):
    report = workspace_from({"candidates/Ines Moreau.yaml": CANDIDATE})
    assert places(report.findings) == [("candidates/Ines Moreau.yaml", None, "file-name")]
