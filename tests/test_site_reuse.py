"""``cfo site`` over its own build renders again only the pages of records whose inputs
changed, and the folder ends up byte for byte what a fresh build makes."""

from __future__ import annotations

import dataclasses
import functools
import multiprocessing
import re
from datetime import date

import pytest

from cfo_tools.checks.runner import calendar_of, run_checks
from cfo_tools.loading.resources import packaged_dir
from cfo_tools.site import building, page_rendering
from cfo_tools.site.inputs import SiteInputs
from cfo_tools.site.page_keys import PageKeys

BUILD = ("--today", "2026-11-27", "site")
MISSION = "application-mobile-velo-partage"


def _files(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in folder.rglob("*") if path.is_file()}


def _not_rendered_again(result) -> int:
    found = re.search(r"(\d+) kept from the last build", result.stderr)
    assert found, result.stderr
    return int(found[1])


def _record_pages(files) -> list[str]:
    return [name for name in files if re.fullmatch(r"(missions|freelancers)/[^/]+\.html", name)
            and not name.endswith("/index.html")]


def _fresh(run_cfo, example, tmp_path, name):
    out = tmp_path / name
    result = run_cfo("-C", str(example), "--no-cache", *BUILD, "-o", str(out))
    assert result.exit_code == 0, result.output
    return _files(out)


def test_an_edit_renders_again_only_the_pages_it_changes(run_cfo, example, tmp_path,
                                                         monkeypatch):
    out = tmp_path / "site"
    build = ("-C", str(example), *BUILD, "-o", str(out))
    first = run_cfo(*build)
    assert first.exit_code == 0, first.output
    assert _not_rendered_again(first) == 0
    records = _record_pages(_files(out))

    again = run_cfo(*build)
    assert _not_rendered_again(again) == len(records)
    assert _files(out) == _fresh(run_cfo, example, tmp_path, "fresh-0")

    # One mission renamed: its page and those of its team change, and nothing else is
    # rendered again; the folder is what a fresh build makes of the edited workspace.
    mission = example / "missions" / f"{MISSION}.yaml"
    text = mission.read_text(encoding="utf-8")
    mission.write_text(text.replace("title: Application mobile", "title: Appli mobile", 1),
                       encoding="utf-8")
    team = set(re.findall(r"freelancer: ([a-z-]+)", text))
    assert team
    rendered: list[str] = []
    real = page_rendering.RecordPage.__call__

    def counted(page, renderer):
        rendered.append(page.path)
        return real(page, renderer)

    monkeypatch.setattr(page_rendering.RecordPage, "__call__", counted)
    edited = run_cfo(*build)
    assert edited.exit_code == 0, edited.output
    assert sorted(rendered) == sorted([f"missions/{MISSION}.html",
                                       *(f"freelancers/{f}.html" for f in team)])
    assert _not_rendered_again(edited) == len(records) - len(rendered)
    assert _files(out) == _fresh(run_cfo, example, tmp_path, "fresh-1")


def test_a_page_changed_on_disk_or_a_new_day_is_rendered_again(run_cfo, example, tmp_path):
    out = tmp_path / "site"
    build = ("-C", str(example), *BUILD, "-o", str(out))
    assert run_cfo(*build).exit_code == 0
    fresh = _files(out)
    page = out / "missions" / f"{MISSION}.html"
    page.write_text("edited by hand")
    (out / "freelancers" / "alice-martin.html").unlink()
    result = run_cfo(*build)
    assert result.exit_code == 0, result.output
    assert _not_rendered_again(result) == len(_record_pages(fresh)) - 2
    assert _files(out) == fresh

    # Another day changes what every page says (its footer, what is to come).
    later = run_cfo("-C", str(example), "--today", "2026-11-30", "site", "-o", str(out))
    assert later.exit_code == 0, later.output
    assert _not_rendered_again(later) == 0


def test_a_same_size_edit_of_a_page_with_its_time_put_back_is_rendered_again(
        run_cfo, example, tmp_path):
    from test_build_updates import same_size_edit_with_its_time_put_back

    out = tmp_path / "site"
    build = ("-C", str(example), *BUILD, "-o", str(out))
    assert run_cfo(*build).exit_code == 0
    fresh = _files(out)
    same_size_edit_with_its_time_put_back(out / "missions" / f"{MISSION}.html")
    result = run_cfo(*build)
    assert result.exit_code == 0, result.output
    assert _not_rendered_again(result) == len(_record_pages(fresh)) - 1
    assert _files(out) == fresh


def test_a_workspace_template_is_part_of_every_key(run_cfo, example, tmp_path):
    out = tmp_path / "site"
    build = ("-C", str(example), *BUILD, "-o", str(out))
    assert run_cfo(*build).exit_code == 0
    own = example / "templates" / "site"
    own.mkdir(parents=True)
    packaged = packaged_dir("templates") / "site" / "mission.html.j2"
    (own / "mission.html.j2").write_text(
        packaged.read_text(encoding="utf-8").replace(
            "{% block content %}", "{% block content %}<p>Ours.</p>", 1),
        encoding="utf-8")
    result = run_cfo(*build)
    assert result.exit_code == 0, result.output
    assert _not_rendered_again(result) == 0
    assert b"<p>Ours.</p>" in (out / "missions" / f"{MISSION}.html").read_bytes()
    assert _files(out) == _fresh(run_cfo, example, tmp_path, "fresh")


def test_without_a_cache_every_page_is_rendered(run_cfo, example, tmp_path):
    out = tmp_path / "site"
    build = ("-C", str(example), "--no-cache", *BUILD, "-o", str(out))
    assert run_cfo(*build).exit_code == 0
    again = run_cfo(*build)
    assert again.exit_code == 0, again.output
    assert _not_rendered_again(again) == 0


def test_a_key_follows_what_the_page_shows_and_nothing_else(example, tmp_path):
    report = run_checks(example, today=date(2026, 11, 27), cache_folder=tmp_path / "cache")
    workspace = report.validation.workspace
    assert report.document_keys
    mission = workspace.missions[MISSION]
    for keys in (PageKeys(b"settings", workspace, report.document_keys),
                 PageKeys(b"settings", workspace, {})):  # records walked, without a cache
        key = keys.key("page", mission)
        mission.assignments_of("nobody")  # what a cached_property keeps is not shown
        assert keys.key("page", mission) == key
        assert keys.key("page", dataclasses.replace(mission, title="Other")) != key
        assert keys.key("other page", mission) != key
    assert PageKeys(b"other", workspace, {}).key("page", mission) != PageKeys(
        b"settings", workspace, {}).key("page", mission)


@pytest.fixture(params=[m for m in ("fork", "spawn")
                        if m in multiprocessing.get_all_start_methods()])
def on_two_cores(request, monkeypatch):
    """Pages keyed and rendered by two worker processes, with each start method."""
    monkeypatch.setattr(page_rendering, "PARALLEL_PAGES", 0)
    monkeypatch.setattr(building, "render_pages", functools.partial(
        page_rendering.render_pages, workers=2, start_method=request.param))


def test_pages_keyed_by_workers_are_kept_the_same(on_two_cores, example, tmp_path):
    report = run_checks(example, today=date(2026, 11, 27), cache_folder=tmp_path / "cache")
    calendar = calendar_of(report.validation)
    assert calendar is not None
    inputs = SiteInputs(report, calendar, date(2026, 11, 27), "fr")
    first = building.make_site(inputs, {})
    records = _record_pages(first.files)
    assert not first.kept and sorted(first.keys) == sorted(records)
    again = building.make_site(inputs, first.keys)
    assert sorted(again.kept) == sorted(records) and again.keys == first.keys
    assert {**again.files, **{page: first.files[page] for page in again.kept}} == first.files
