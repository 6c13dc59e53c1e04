"""Candidates meet needs: ``cfo pipeline`` lists who would fit an open need, and ``cfo outreach
--need`` presents the need rather than the whole mission."""

from __future__ import annotations

from conftest import REPO, json_report


def test_pipeline_lists_candidates_for_the_open_need(run_cfo):
    report = json_report(run_cfo("-C", str(REPO), "--today", "2026-11-26", "pipeline",
                                 "--format", "json"))
    (fit,) = report["fits"]
    assert (fit["mission"], fit["need"], fit["role"]) == (
        "application-mobile-velo-partage", "back-office", "web-developer")
    ids = [c["candidate"] for c in fit["candidates"]]
    # Declined and joined candidates are never proposed; nor other roles.
    assert ids == ["sophie-bernard", "ines-moreau"]


def test_pipeline_role_filter_applies_to_needs(run_cfo):
    report = json_report(run_cfo("-C", str(REPO), "--today", "2026-11-26", "pipeline",
                                 "--role", "copywriter", "--format", "json"))
    assert report["fits"] == []


def test_outreach_presents_the_need(run_cfo):
    result = run_cfo("-C", str(REPO), "--today", "2026-11-26", "outreach", "sophie-bernard",
                     "--mission", "application-mobile-velo-partage", "--need", "back-office")
    assert result.exit_code == 0
    # 5 working days from Friday 4 December: 4, 7, 8, 9, 10.
    assert "du 4 décembre 2026 au 10 décembre 2026 (5 jours ouvrés)" in result.output
    assert "web developer" in result.output and "react" in result.output


def test_outreach_unknown_need(run_cfo):
    result = run_cfo("-C", str(REPO), "outreach", "sophie-bernard", "--mission",
                     "application-mobile-velo-partage", "--need", "nope")
    assert result.exit_code == 2 and "no need 'nope'" in result.output


def test_outreach_need_without_mission(run_cfo):
    result = run_cfo("-C", str(REPO), "outreach", "sophie-bernard", "--need", "back-office")
    assert result.exit_code == 2
