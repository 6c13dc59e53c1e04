"""``cfo site`` over its own build renders again only the pages of records whose inputs
changed, and the folder ends up byte for byte what a fresh build makes."""

from __future__ import annotations

import dataclasses
import functools
import multiprocessing
import os
import re
from datetime import date

import pytest

from cfo_tools.checks.follow_up import context
from cfo_tools.checks.runner import calendar_of, run_checks
from cfo_tools.loading.resources import packaged_dir
from cfo_tools.planning import bookings, load
from cfo_tools.site import api, building, page_rendering, pages, record_views
from cfo_tools.site.inputs import SiteInputs
from cfo_tools.site.page_keys import PageKeys
from cfo_tools.site.pages import PAGES
from cfo_tools.steering import agenda, talent

BUILD = ("--today", "2026-11-27", "site")
MISSION = "application-mobile-velo-partage"


def _files(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in folder.rglob("*") if path.is_file()}


def _not_rendered_again(result) -> int:
    found = re.search(r"(\d+) kept from the last build", result.stderr)
    assert found, result.stderr
    return int(found[1])


def _taken_from_the_cache(result) -> int:
    found = re.search(r"(\d+) taken from the cache", result.stderr)
    assert found, result.stderr
    return int(found[1])


def _html_pages(files) -> list[str]:
    return [name for name in files if name.endswith(".html")]


def _record_pages(files) -> list[str]:
    return [name for name in files if re.fullmatch(r"(missions|freelancers)/[^/]+\.html", name)
            and not name.endswith("/index.html")]


def _keyed_lists(files) -> list[str]:
    """The pages of the lists keyed by their entries (``SitePage.paged``): kept as the
    pages of records are, while none of their entries changes."""
    return [page.path for page in PAGES if page.paged and page.path in files]


def mission_renamed(root) -> set[str]:
    """:data:`MISSION` given another title; the ids of its team."""
    mission = root / "missions" / f"{MISSION}.yaml"
    text = mission.read_text(encoding="utf-8")
    mission.write_text(text.replace("title: Application mobile", "title: Appli mobile", 1),
                       encoding="utf-8")
    team = set(re.findall(r"freelancer: ([a-z-]+)", text))
    assert team
    return team


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

    # Nothing changed: every page is kept, the lists too.
    again = run_cfo(*build)
    assert _not_rendered_again(again) == len(_html_pages(_files(out)))
    assert _files(out) == _fresh(run_cfo, example, tmp_path, "fresh-0")

    # One mission renamed: its page and those of its team change, and nothing else is
    # rendered again; the folder is what a fresh build makes of the edited workspace.
    team = mission_renamed(example)
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
    # The lists keyed by their entries and the rest of what they show (``SitePage.paged``)
    # are kept when none of it changed: the compliance board, on which the mission has
    # nothing due, and the talent page, which does not show it (the lists of missions and
    # freelancers show it or its team, and are rendered again).
    assert _not_rendered_again(edited) == len(records) - len(rendered) + 2
    assert MISSION not in (out / "compliance.html").read_text(encoding="utf-8")
    assert MISSION not in (out / "talent.html").read_text(encoding="utf-8")
    assert _files(out) == _fresh(run_cfo, example, tmp_path, "fresh-1")


def test_a_page_changed_on_disk_is_written_again_a_new_day_rendered(run_cfo, example, tmp_path):
    out = tmp_path / "site"
    build = ("-C", str(example), *BUILD, "-o", str(out))
    assert run_cfo(*build).exit_code == 0
    fresh = _files(out)
    page = out / "missions" / f"{MISSION}.html"
    page.write_text("edited by hand")
    (out / "freelancers" / "alice-martin.html").unlink()
    result = run_cfo(*build)
    assert result.exit_code == 0, result.output
    # The cache keeps the files of the build (``page_store.py``): the two pages are taken
    # from there, every other file is left as it is.
    assert _not_rendered_again(result) == len(_html_pages(fresh)) - 2
    assert _taken_from_the_cache(result) == 2
    assert _files(out) == fresh

    # Another day changes what every page says (its footer, what is to come).
    later = run_cfo("-C", str(example), "--today", "2026-11-30", "site", "-o", str(out))
    assert later.exit_code == 0, later.output
    assert _not_rendered_again(later) == 0


def test_a_same_size_edit_of_a_page_with_its_time_put_back_is_written_again(
        run_cfo, example, tmp_path):
    from test_build_updates import same_size_edit_with_its_time_put_back

    out = tmp_path / "site"
    build = ("-C", str(example), *BUILD, "-o", str(out))
    assert run_cfo(*build).exit_code == 0
    fresh = _files(out)
    same_size_edit_with_its_time_put_back(out / "missions" / f"{MISSION}.html")
    result = run_cfo(*build)
    assert result.exit_code == 0, result.output
    assert _not_rendered_again(result) == len(_html_pages(fresh)) - 1
    assert _taken_from_the_cache(result) == 1
    assert _files(out) == fresh


def own_mission_template(root) -> None:
    """The workspace's own page of a mission: the packaged one saying ``<p>Ours.</p>``."""
    own = root / "templates" / "site"
    own.mkdir(parents=True)
    packaged = packaged_dir("templates") / "site" / "mission.html.j2"
    (own / "mission.html.j2").write_text(
        packaged.read_text(encoding="utf-8").replace(
            "{% block content %}", "{% block content %}<p>Ours.</p>", 1),
        encoding="utf-8")


def test_a_workspace_template_is_part_of_every_key(run_cfo, example, tmp_path):
    out = tmp_path / "site"
    build = ("-C", str(example), *BUILD, "-o", str(out))
    assert run_cfo(*build).exit_code == 0
    own_mission_template(example)
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
    api_files = [name for name in first.files if re.fullmatch(r"api/v1/\w+\.json", name)]
    assert not first.kept and set(records) | set(api_files) <= set(first.keys)
    # Without the build's own key (a file of the last build gone, say), each page of a
    # record and each API file is kept by its own key, computed by the workers.
    one_by_one = {name: key for name, key in first.keys.items() if name != building.MARKER}
    again = building.make_site(inputs, one_by_one)
    lists = _keyed_lists(first.files)
    assert len(lists) == 5  # pipeline and talent among them
    # The planning's pages too, keyed by their rows' records.
    planning = [name for name in first.files if re.fullmatch(r"planning(-\d+)?\.html", name)]
    assert sorted(again.kept) == sorted(records + api_files + lists + planning)
    assert again.keys == first.keys
    assert {**again.files, **{page: first.files[page] for page in again.kept}} == first.files
    # With it, nothing is made again but the files every build writes as they are.
    whole = building.make_site(inputs, first.keys)
    assert set(whole.kept) == set(first.files) - set(whole.files)
    assert _record_pages(whole.files) == [] and whole.keys == first.keys
    assert {**whole.files, **{page: first.files[page] for page in whole.kept}} == first.files


def _made(monkeypatch) -> list[str]:
    """The pages made in this process: pages of records, lists (their first page) and
    planning."""
    made: list[str] = []
    real_record, real_list = page_rendering.RecordPage.__call__, building._list_page
    real_planning = building._planning_files

    def record(page, renderer):
        made.append(page.path)
        return real_record(page, renderer)

    def listed(path, *args):
        made.append(path)
        return real_list(path, *args)

    def planning(path, *args):
        made.append(path)
        return real_planning(path, *args)

    monkeypatch.setattr(page_rendering.RecordPage, "__call__", record)
    monkeypatch.setattr(building, "_list_page", listed)
    monkeypatch.setattr(building, "_planning_files", planning)
    return made


def test_nothing_changed_nothing_is_made(run_cfo, example, tmp_path, monkeypatch):
    out = tmp_path / "site"
    build = ("-C", str(example), *BUILD, "-o", str(out))
    assert run_cfo(*build).exit_code == 0
    fresh = _fresh(run_cfo, example, tmp_path, "fresh")
    made = _made(monkeypatch)
    views = []
    monkeypatch.setattr(building, "record_jobs", lambda *args: views.append(1) or [])
    again = run_cfo(*build)
    assert again.exit_code == 0, again.output
    assert made == [] and views == []
    assert "files written: 0" in again.stderr
    assert _files(out) == fresh


def _rename_mission(root):
    (root / "missions" / f"{MISSION}.yaml").rename(root / "missions" / "renamed.yaml")


def _delete_freelancer(root):
    (root / "roster" / "julie-fontaine.yaml").unlink()


def _add_mission(root):
    text = (root / "missions" / f"{MISSION}.yaml").read_text(encoding="utf-8")
    (root / "missions" / "copy.yaml").write_text(
        text.replace(f"id: {MISSION}", "id: copy", 1), encoding="utf-8")


def _comment_in_a_mission(root):
    with (root / "missions" / f"{MISSION}.yaml").open("a", encoding="utf-8") as file:
        file.write("# a comment\n")


def _company_renamed(root):
    company = root / "company.yaml"
    text = company.read_text(encoding="utf-8")
    name = re.search(r"^name: (.+)$", text, re.M)
    assert name
    company.write_text(text.replace(name[0], "name: Autre Nom", 1), encoding="utf-8")


def _list_template(root):
    own = root / "templates" / "site"
    own.mkdir(parents=True)
    packaged = packaged_dir("templates") / "site" / "talent.html.j2"
    (own / "talent.html.j2").write_text(packaged.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}<p>Ours.</p>", 1), encoding="utf-8")


@pytest.mark.parametrize("change", [_rename_mission, _delete_freelancer, _add_mission,
                                    _comment_in_a_mission, _company_renamed, _list_template])
def test_after_a_change_the_folder_is_what_a_fresh_build_makes(change, run_cfo, example,
                                                                tmp_path):
    out = tmp_path / "site"
    build = ("-C", str(example), *BUILD, "-o", str(out))
    assert run_cfo(*build).exit_code == 0
    before = _files(out)
    change(example)
    result = run_cfo(*build)
    assert result.exit_code == 0, result.output
    after = _files(out)
    assert after == _fresh(run_cfo, example, tmp_path, "fresh")
    # A comment is not shown: the same site, made again all the same (the file's key changed).
    assert (after == before) == (change is _comment_in_a_mission)
    # And once more, nothing changed: kept whole, still the same.
    again = run_cfo(*build)
    assert _not_rendered_again(again) == len(_html_pages(after))
    assert _files(out) == after


def test_a_list_changed_on_disk_is_written_again_other_options_make_the_lists(run_cfo, example,
                                                                       tmp_path, monkeypatch):
    out = tmp_path / "site"
    build = ("-C", str(example), *BUILD, "-o", str(out))
    assert run_cfo(*build).exit_code == 0
    fresh = _files(out)
    (out / "talent.html").write_text("edited by hand")
    made = _made(monkeypatch)
    result = run_cfo(*build)
    assert result.exit_code == 0, result.output
    # The build's files are kept by the cache under the whole build's key: the list is taken
    # from there, nothing is made.
    assert made == [] and _taken_from_the_cache(result) == 1
    assert _files(out) == fresh

    without_money = run_cfo(*build, "--no-money")
    assert without_money.exit_code == 0, without_money.output
    out_fresh = tmp_path / "fresh"
    assert run_cfo("-C", str(example), "--no-cache", *BUILD, "--no-money",
                   "-o", str(out_fresh)).exit_code == 0
    assert _files(out) == _files(out_fresh)


def test_the_build_s_entry_is_kept_only_while_every_file_is(tmp_path):
    from cfo_tools.documents.earlier_renders import EarlierRenders

    folder = tmp_path / "site"
    folder.mkdir()
    for name in ("a.html", "b.html", "marker"):
        (folder / name).write_text(name)
    earlier = EarlierRenders.open(tmp_path / "cache", folder, b"site-pages")
    assert earlier is not None
    earlier.remember({"a.html": b"ka", "b.html": b"kb", "marker": b"whole"})
    assert set(earlier.still_there(whole="marker")) == {"a.html", "b.html", "marker"}
    (folder / "b.html").write_text("edited")
    assert set(earlier.still_there(whole="marker")) == {"a.html"}
    assert set(earlier.still_there()) == {"a.html", "marker"}


def test_the_linked_files_key_follows_the_forge_s_address_and_the_build_s_does_not():
    from cfo_tools.site.page_keys import build_key, linked_key

    whole = build_key(b"settings", b"state")
    keys = {linked_key(whole, base)
            for base in (None, "", "https://example.org/o/r/blob/1/",
                         "https://example.org/o/r/blob/2/")}
    assert len(keys) == 4 and whole not in keys
    assert build_key(b"settings", b"other") != whole
    assert linked_key(build_key(b"settings", b"other"), None) != linked_key(whole, None)


def test_a_build_walks_every_booking_once(example, tmp_path, monkeypatch):
    """The planning, talent, agenda, compliance board, record views and bookings API share
    one index of every freelancer's bookings, and show what they showed when each made its
    own."""
    report = run_checks(example, today=date(2026, 11, 27), cache_folder=tmp_path / "cache")
    calendar = calendar_of(report.validation)
    assert calendar is not None
    inputs = SiteInputs(report, calendar, date(2026, 11, 27), "fr")
    alone = building.make_site(inputs, {})
    walks: list[str] = []
    real = bookings.bookings_by_freelancer

    def counted(workspace, **options):
        if options.get("freelancer") is None and not options.keys() - {"freelancer"}:
            walks.append("all")
        return real(workspace, **options)

    # The views walk through ``bookings_given_or_walked`` when not given the index.
    for module in (bookings, context):
        monkeypatch.setattr(module, "bookings_by_freelancer", counted)
    for module in (load, talent, agenda, record_views, api):
        assert not hasattr(module, "bookings_by_freelancer")
    shared = building.make_site(inputs, {})
    assert walks == ["all"]
    assert shared.files == alone.files


def test_the_board_is_made_once_before_the_workers_start(example, tmp_path, monkeypatch):
    """The compliance board, which the home page's worker and this process's views of the
    records both read, is made once, here, before the workers fork: they inherit it."""
    monkeypatch.setattr(page_rendering, "PARALLEL_PAGES", 10)  # workers for the example
    calls = tmp_path / "calls"
    real = pages.compliance_board

    def counted(*args, **options):
        with calls.open("a", encoding="utf-8") as file:
            file.write(f"{os.getpid()}\n")
        return real(*args, **options)

    monkeypatch.setattr(pages, "compliance_board", counted)
    built = _built_in_process(example, tmp_path / "cache", {})
    assert calls.read_text(encoding="utf-8").split() == [str(os.getpid())]
    monkeypatch.undo()
    assert built.files == _built_in_process(example, None, None).files


def test_a_list_s_pages_are_made_again_when_the_rest_of_what_they_show_changes(
        example, tmp_path, monkeypatch):
    """Each page of a list is keyed by its entries and by the rest of its context (the
    talent page's report): a workspace's own template may show any of it on every page, so
    a change there renders every page again, while an edit the list does not show keeps
    them all."""
    own = example / "templates" / "site"
    own.mkdir(parents=True)
    template = (packaged_dir("templates") / "site" / "talent.html.j2").read_text(
        encoding="utf-8")
    (own / "talent.html.j2").write_text(template.replace(
        "{% block content %}",
        "{% block content %}<p>First: {{ talent.rows[0].freelancer.name }}</p>", 1),
        encoding="utf-8")
    monkeypatch.setattr(building, "PAGE_SIZE", 3)  # several pages of the example's talent

    def built(earlier):
        return _built_in_process(example, tmp_path / "cache", earlier)

    def talent_pages(files):
        return sorted(name for name in files if re.fullmatch(r"talent(-\d+)?\.html", name))

    first = built({})
    pages = talent_pages(first.files)
    assert len(pages) > 2
    # A comment: nothing the talent page shows changed, every page is kept.
    with (example / "missions" / f"{MISSION}.yaml").open("a", encoding="utf-8") as file:
        file.write("# reviewed later\n")
    commented = built(first.keys)
    assert set(pages) <= set(commented.kept)
    # The first freelancer renamed: their row is on the first page only, but every page
    # shows their name (the rest of the context): every page is made again.
    first_person = sorted((example / "roster").glob("*.yaml"))[0]
    text = first_person.read_text(encoding="utf-8")
    name = re.search(r"^name: (.*)$", text, re.M)
    assert name
    first_person.write_text(text.replace(name[0], "name: Zoé Renamed", 1), encoding="utf-8")
    renamed = built(commented.keys)
    assert not set(pages) & set(renamed.kept)
    assert all("First: Zoé Renamed" in renamed.files[page].decode() for page in pages)
    fresh = _built_in_process(example, None, None)
    assert {page: renamed.files[page] for page in pages} == {
        page: fresh.files[page] for page in pages}


def test_with_the_packaged_templates_a_list_s_pages_are_keyed_by_their_entries(
        example, tmp_path, monkeypatch):
    """The packaged talent page is given its entries, not the report they come from
    (``SitePage.for_own_templates``): renaming a freelancer renders again only the pages
    that show them, and every page is what a build without the cache makes."""
    monkeypatch.setattr(building, "PAGE_SIZE", 3)

    def built(earlier, cache=True):
        return _built_in_process(example, tmp_path / "cache" if cache else None, earlier)

    first = built({})
    pages = sorted(name for name in first.files if re.fullmatch(r"talent(-\d+)?\.html", name))
    assert len(pages) > 2
    person = sorted((example / "roster").glob("*.yaml"))[-1]
    text = person.read_text(encoding="utf-8")
    name = re.search(r"^name: (.*)$", text, re.M)
    assert name
    person.write_text(text.replace(name[0], "name: Zoé Renamed", 1), encoding="utf-8")
    renamed = built(first.keys)
    showing = [page for page in pages if name[1] in first.files[page].decode()]
    assert showing and len(showing) < len(pages)
    assert set(pages) - set(showing) <= set(renamed.kept)
    assert not set(showing) & set(renamed.kept)
    fresh = built(None, cache=False)
    assert {page: renamed.files.get(page, first.files[page]) for page in pages} == {
        page: fresh.files[page] for page in pages}


def test_after_an_edit_the_few_pages_to_make_are_made_without_workers(
        example, tmp_path, monkeypatch):
    """The pages of records are keyed before they are shared out
    (``page_rendering.kept_in_advance``): workers are started for the pages to make only
    when there are enough of them, and the build is the one workers make."""
    monkeypatch.setattr(page_rendering, "PARALLEL_PAGES", 10)
    pools: list[bool] = []
    real = page_rendering.started_chunks

    def counted(*args, parallel, **options):
        pools.append(parallel)
        return real(*args, parallel=parallel, **options)

    monkeypatch.setattr(page_rendering, "started_chunks", counted)

    def built(earlier, cache=True):
        return _built_in_process(example, tmp_path / "cache" if cache else None, earlier)

    first = built({})
    records = _record_pages(first.files)
    assert len(records) > 10 and pools[-1] is True  # every page of a record to make
    team = mission_renamed(example)
    pools.clear()
    edited = built(first.keys)
    assert pools[-1] is False
    made = {f"missions/{MISSION}.html", *(f"freelancers/{f}.html" for f in team)}
    assert set(records) - made <= set(edited.kept) and not made & set(edited.kept)
    fresh = built(None, cache=False)
    assert {**first.files, **edited.files} == fresh.files


def _built_in_process(root, cache, earlier):
    """The site of ``root`` as of 2026-11-27, built here (``make_site``) over the keys of
    ``earlier`` (None: no keys), with the cache folder ``cache`` (None: none)."""
    today = date(2026, 11, 27)
    report = run_checks(root, today=today, cache_folder=cache)
    calendar = calendar_of(report.validation)
    assert calendar is not None
    return building.make_site(SiteInputs(report, calendar, today, "fr"), earlier)
