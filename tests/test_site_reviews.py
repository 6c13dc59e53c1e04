"""``cfo site --no-reviews``: nothing reviews say of a freelancer anywhere in the build."""

from __future__ import annotations

import yaml
from test_site import TODAY, site_of

from cfo_tools.checks.runner import calendar_of, run_checks
from cfo_tools.site.inputs import SiteInputs
from cfo_tools.site.pages import SiteData
from conftest import REPO


def review_comments() -> list[str]:
    comments = []
    for path in sorted((REPO / "missions").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        comments += [r["comment"] for r in data.get("reviews") or [] if r.get("comment")]
    return comments


def test_no_review_comment_score_or_average_appears_anywhere():
    comments = review_comments()
    assert len(comments) >= 2  # the example has reviews to hide
    full, hidden = site_of(REPO), site_of(REPO, reviews=False)
    assert any(comments[0] in page.decode() for page in full.values())
    assert "Note moyenne" in full["talent.html"].decode()
    # "Évaluations manquantes" (reviews still to write) says nothing of anyone: it stays.
    words = ("<h2>Évaluations</h2>", "Qualité / délais", "Note moyenne", "À reprendre")
    for name, content in hidden.items():
        text = content.decode("utf-8")
        for comment in comments:
            assert comment not in text, name
        assert "<q>" not in text, name
        if name.endswith(".html"):
            assert not any(word in text for word in words), (name, words)
    assert set(hidden) == set(full)  # the same pages, less said on them


def test_the_talent_data_has_no_score_for_a_workspace_template_to_show():
    report = run_checks(REPO, today=TODAY)
    calendar = calendar_of(report.validation)
    assert calendar is not None
    full = SiteData(SiteInputs(report, calendar, TODAY, "fr")).talent
    assert any(row.average is not None for row in full.rows)  # the example has scores
    talent = SiteData(SiteInputs(report, calendar, TODAY, "fr", reviews=False)).talent
    assert len(talent.rows) == len(full.rows)
    for row in [*talent.rows, *talent.idle_top_performers]:
        assert (row.quality, row.deadlines, row.communication, row.average,
                row.rehire_share) == (None, None, None, None, None)


def test_the_cli_flag_leaves_reviews_out(run_cfo, tmp_path):
    out = tmp_path / "site"
    result = run_cfo("-C", str(REPO), "--today", "2026-11-27", "site", "-o", str(out),
                     "--no-reviews", "--no-money")
    assert result.exit_code == 0, result.output
    page = (out / "freelancers" / "alice-martin.html").read_text(encoding="utf-8")
    assert "<q>" not in page and "Alice" in page
