"""The page of a mission rendered from its twin without macro calls
(``templates/site/mission_direct.html.j2``) only while the workspace keeps the packaged page
and macros, and then the same bytes."""

from __future__ import annotations

from datetime import date

import pytest

from cfo_tools.checks.runner import calendar_of, run_checks
from cfo_tools.loading.resources import packaged_dir
from cfo_tools.site import building
from cfo_tools.site.inputs import SiteInputs
from cfo_tools.site.page_rendering import MISSION_DIRECT, MISSION_TEMPLATE, mission_template

TODAY = date(2026, 11, 27)


def _inputs(root, lang: str, money: bool) -> SiteInputs:
    report = run_checks(root, today=TODAY, cache_folder=None)
    calendar = calendar_of(report.validation)
    assert calendar is not None
    return SiteInputs(report, calendar, TODAY, lang, money=money)


@pytest.mark.parametrize(("lang", "money"), [("fr", True), ("en", False)])
def test_the_twin_makes_the_pages_of_the_packaged_one(example, monkeypatch, lang, money):
    inputs = _inputs(example, lang, money)
    chosen: list[str] = []
    monkeypatch.setattr(building, "mission_template",
                        lambda root: chosen.append(mission_template(root)) or chosen[-1])
    direct = building.build_site(inputs)
    assert chosen == [MISSION_DIRECT]
    monkeypatch.setattr(building, "mission_template", lambda root: MISSION_TEMPLATE)
    packaged = building.build_site(inputs)
    missions = [name for name in packaged
                if name.startswith("missions/") and not name.startswith("missions/index")]
    assert len(missions) > 5
    assert direct == packaged


def _own(root, name: str, old: str, new: str) -> None:
    own = root / "templates" / "site"
    own.mkdir(parents=True, exist_ok=True)
    text = (packaged_dir("templates") / "site" / name).read_text(encoding="utf-8")
    assert old in text
    (own / name).write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("cache", [True, False])
def test_a_workspace_s_own_macros_make_its_pages_of_missions(run_cfo, example, tmp_path,
                                                             cache):
    _own(example, "_macros.html.j2", '<span class="nowrap">{{ start', '<span class="ours">{{ start')
    assert mission_template(example) == MISSION_TEMPLATE
    out = tmp_path / "site"
    result = run_cfo("-C", str(example), *(() if cache else ("--no-cache",)),
                     "--today", "2026-11-27", "site", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = (out / "missions" / "application-mobile-velo-partage.html").read_text(
        encoding="utf-8")
    assert '<span class="ours">' in page


def test_a_workspace_s_own_page_of_a_mission_is_rendered(example):
    _own(example, "mission.html.j2", "{% block content %}", "{% block content %}<p>Ours.</p>")
    assert mission_template(example) == MISSION_TEMPLATE
    files = building.build_site(_inputs(example, "fr", True))
    assert b"<p>Ours.</p>" in files["missions/application-mobile-velo-partage.html"]
