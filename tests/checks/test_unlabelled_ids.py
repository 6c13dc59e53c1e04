"""unlabelled-id: ids of roles and skills with no label in the vocabulary, as info."""

from __future__ import annotations

from conftest import COMPANY, freelancer_yaml, json_report, mission_yaml, places

VOCABULARY = """\
vocabulary:
  roles:
    web-developer: {fr: Développeur web, en: Web developer}
  skills:
    python: {fr: Python, en: Python}
"""


def test_each_unlabelled_id_once_at_its_first_use(findings_of):
    findings = findings_of({
        "company.yaml": COMPANY + VOCABULARY,
        "roster/ada.yaml": freelancer_yaml(roles="web-developer, ux-designer",
                                           skills="python, figma"),
        "roster/bob.yaml": freelancer_yaml(roles="ux-designer", skills="figma"),
        "missions/m.yaml": mission_yaml("2026-01-05", "2026-01-30", ("ada", 100)),
    })
    found = [f for f in findings if f.rule == "unlabelled-id"]
    assert [(f.file, f.line, f.path, f.severity) for f in found] == [
        ("roster/ada.yaml", 3, "/roles/1", "info"),
        ("roster/ada.yaml", 4, "/skills/1", "info"),
    ]
    assert "role 'ux-designer' has no label" in found[0].message


def test_no_vocabulary_no_notes(findings_of):
    findings = findings_of({"roster/ada.yaml": freelancer_yaml(roles="ux-designer")})
    assert places(findings, "unlabelled-id") == []


def test_notes_never_fail_a_check(workspace, run_cfo):
    root = workspace({"company.yaml": COMPANY + "vocabulary: {}\n",
                      "roster/ada.yaml": freelancer_yaml()})
    result = run_cfo("-C", str(root), "validate", "--strict")
    assert result.exit_code == 0, result.output
    assert "info [unlabelled-id]" in result.stdout
    assert "No problems found" in result.stdout and "2 notes (info)" in result.stdout
    report = json_report(run_cfo("-C", str(root), "validate", "--format", "json"))
    assert report["ok"] and report["errors"] == [] and report["warnings"] == []
    assert {f["path"] for f in report["info"]} == {"/roles/0", "/skills/0"}
    github = run_cfo("-C", str(root), "validate", "--format", "github").stdout
    assert "::notice file=roster/ada.yaml" in github
