"""``cfo pipeline``: the funnel's counts, the follow-ups due, --role and the JSON contract."""

from __future__ import annotations

from conftest import json_report

CANDIDATE = """\
name: {name}
roles: [{role}]
skills: []
source: {{channel: linkedin}}
stage: {stage}
"""


def candidate(name: str, stage: str, role: str = "web-developer", extra: str = "") -> str:
    return CANDIDATE.format(name=name, stage=stage, role=role) + extra


FILES = {
    "candidates/ada.yaml": candidate("Ada", "identified"),
    "candidates/bob.yaml": candidate("Bob", "interested", extra=(
        "contacts:\n  - {date: 2026-10-01, channel: phone}\n")),
    "candidates/cy.yaml": candidate("Cy", "interested", role="ux-designer", extra=(
        "next_step: {date: 2026-11-20, action: Envoyer le brief}\n")),
    "candidates/dee.yaml": candidate("Dee", "qualified", extra=(
        "contacts:\n  - {date: 2026-11-20, channel: phone}\n")),
}


def test_the_funnel_counts_every_stage_in_order(workspace, run_cfo):
    root = workspace(FILES)
    report = json_report(run_cfo("-C", str(root), "--today", "2026-11-26", "pipeline",
                                 "--format", "json"))
    assert [(s["stage"], s["count"]) for s in report["funnel"]] == [
        ("identified", 1), ("contacted", 0), ("interested", 2), ("qualified", 1),
        ("declined", 0), ("joined", 0)]
    assert report["total"] == 4
    assert [(f["candidate"], f["reason"], f["since"]) for f in report["follow_ups"]] == [
        ("bob", "quiet", "2026-10-01"), ("cy", "next-step", "2026-11-20")]


def test_role_keeps_only_those_candidates(workspace, run_cfo):
    root = workspace(FILES)
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "pipeline", "--role",
                     "ux-designer", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout == (
        "Candidate pipeline for the role ux-designer on Thu 2026-11-26\n\n"
        "  Identified   0\n  Contacted    0\n  Interested   1  cy\n  Qualified    0\n"
        "  Declined     0\n  Joined       0\n  Total        1\n\n"
        "Follow up or close:\n  cy (interested) — next step due 2026-11-20: Envoyer le brief\n")


def test_the_funnel_in_french_is_aligned_on_its_widest_stage(workspace, run_cfo):
    root = workspace(FILES)
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "pipeline", "--role",
                     "ux-designer")
    assert result.stdout == (
        "Vivier de candidats pour le rôle ux-designer au jeu. 2026-11-26\n\n"
        "  Repérés       0\n  Contactés     0\n  Intéressés    1  cy\n  Qualifiés     0\n"
        "  Ont décliné   0\n  Ont rejoint   0\n  Total         1\n\n"
        "À relancer ou à clore\u202f:\n"
        "  cy (intéressé) — prochaine étape prévue le 2026-11-20\u202f: Envoyer le brief\n")


def test_an_empty_network_is_an_empty_funnel(workspace, run_cfo):
    result = run_cfo("-C", str(workspace({})), "--today", "2026-11-26", "pipeline")
    assert result.exit_code == 0
    assert "Total         0" in result.stdout and "Aucune relance à faire." in result.stdout


def test_a_broken_candidate_is_left_out_with_a_warning(workspace, run_cfo):
    root = workspace({**FILES, "candidates/eve.yaml": "name: [broken\n"})
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "pipeline")
    assert result.exit_code == 0
    assert "candidates/eve.yaml" in result.stderr and "Total         4" in result.stdout


def test_a_next_step_cannot_drive_the_terminal(workspace, run_cfo):
    hostile = candidate("Eve", "contacted", extra=(
        'next_step: {date: 2026-11-20, action: "Relancer\\e[2J\\u202e\\nfin"}\n'))
    root = workspace({"candidates/eve.yaml": hostile})
    out = run_cfo("-C", str(root), "--today", "2026-11-26", "pipeline").stdout
    assert "\x1b" not in out and "\u202e" not in out
    assert "Relancer\\x1b[2J\\u202e\\nfin" in out
