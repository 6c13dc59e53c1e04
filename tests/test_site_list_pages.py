"""A list of the site longer than a page is split into pages with links between them, the
first at the list's own address; a short list is one page, as before."""

from __future__ import annotations

import posixpath
import re
from datetime import date
from html.parser import HTMLParser

import pytest

from cfo_tools.checks.runner import calendar_of, run_checks
from cfo_tools.documents.list_pages import list_pages, page_path
from cfo_tools.site import building
from cfo_tools.site.inputs import SiteInputs


def test_page_addresses():
    assert page_path("missions/index.html", 1) == "missions/index.html"
    assert page_path("missions/index.html", 3) == "missions/index-3.html"
    assert page_path("compliance.html", 12) == "compliance-12.html"


@pytest.mark.parametrize("count", [0, 1, 5, 6, 7, 100])
def test_every_entry_is_on_one_page_in_order(count):
    pages = list_pages("missions/index.html", list(range(count)), 5)
    assert [entry for page in pages for entry in page.entries] == list(range(count))
    assert pages[0].path == "missions/index.html"
    for number, page in enumerate(pages, start=1):
        pager = page.pager
        assert (pager.number, pager.count, pager.total) == (number, len(pages), count)
        assert pager.last - pager.first + 1 == len(page.entries) or count == 0
        linked = [link.number for link in pager.links if link.number is not None]
        assert 1 in linked and len(pages) in linked and number in linked
        assert [link.number for link in pager.links if link.current] == [number]
        assert (pager.previous is None) == (number == 1)
        assert (pager.next is None) == (number == len(pages))


def test_a_gap_stands_for_the_pages_not_linked():
    pager = list_pages("compliance.html", list(range(100)), 5)[9].pager
    assert [link.number for link in pager.links] == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert pager.previous == "compliance-9.html" and pager.next == "compliance-11.html"
    assert pager.links[0].href == "compliance.html"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def _site(example, monkeypatch, size):
    monkeypatch.setattr(building, "PAGE_SIZE", size)
    today = date(2026, 11, 27)
    report = run_checks(example, today=today)
    calendar = calendar_of(report.validation)
    assert calendar is not None
    return building.build_site(SiteInputs(report, calendar, today, "fr"))


def test_a_long_list_is_split_and_every_link_leads_to_a_page(example, monkeypatch):
    short = _site(example, monkeypatch, 1000)
    files = _site(example, monkeypatch, 3)
    row = r'<th scope="row"[^>]*><a href="\.\./missions/([^"/]+)\.html"'
    missions = sorted(re.findall(row, short["missions/index.html"].decode()))
    assert len(missions) > 3
    pages = sorted(name for name in files if re.fullmatch(r"missions/index(-\d+)?\.html", name))
    assert len(pages) == -(-len(missions) // 3)
    listed = []
    for name in pages:
        text = files[name].decode()
        assert 'class="pager"' in text
        # The navigation still says the page is the missions list.
        assert re.search(r'href="\.\./missions/index\.html" aria-current="page"', text)
        listed += re.findall(row, text)
        parser = _Links()
        parser.feed(text)
        for href in parser.hrefs:
            if href.startswith("#"):
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name), href))
            assert resolved in files, (name, href)
    assert sorted(listed) == missions
    # Pages not split are as they were.
    assert files["index.html"] == short["index.html"]
    assert "pager" not in short["missions/index.html"].decode()


def test_a_short_list_has_no_pager(example, monkeypatch):
    files = _site(example, monkeypatch, 1000)
    assert not any(re.fullmatch(r".*-\d+\.html", name) for name in files)
    assert all(b'class="pager"' not in content for content in files.values())


def test_a_planning_of_many_people_is_split_by_people(example, monkeypatch):
    monkeypatch.setattr(building, "PLANNING_PAGE_SIZE", 4)
    files = _site(example, monkeypatch, 1000)
    people = len(list((example / "roster").glob("*.yaml")))
    pages = sorted(name for name in files if re.fullmatch(r"planning(-\d+)?\.html", name))
    assert len(pages) == -(-people // 4) > 1
    for name in pages:
        text = files[name].decode()
        assert 'class="site-nav pager"' in text
        assert re.search(r'href="planning\.html" aria-current="page"', text)
        parser = _Links()
        parser.feed(text)
        assert all(href in files or href.startswith("#") for href in parser.hrefs
                   if href.startswith("planning")), parser.hrefs
    monkeypatch.setattr(building, "PLANNING_PAGE_SIZE", 500)
    assert b"pager" not in _site(example, monkeypatch, 1000)["planning.html"]


def test_the_talent_page_splits_its_three_lists_as_one(example, monkeypatch):
    short = _site(example, monkeypatch, 1000)
    files = _site(example, monkeypatch, 3)
    whole = short["talent.html"].decode()
    row = r'<tr><th scope="row"[^>]*><a href="freelancers/([^"/]+)\.html"'
    unreviewed = r'<li><a href="freelancers/[^"]+">[^<]*</a> — <a href="missions/[^"]+">'
    people, missing = re.findall(row, whole), re.findall(unreviewed, whole)
    assert len(people) > 3 and missing
    pages = sorted((name for name in files if re.fullmatch(r"talent(-\d+)?\.html", name)),
                   key=lambda name: int(re.sub(r"\D", "", name) or 1))
    assert len(pages) == -(-(len(people) + len(missing)) // 3)
    texts = [files[name].decode() for name in pages]
    # The retention alerts open the first page; each line is on exactly one page.
    assert 'id="retention"' in texts[0]
    assert [p for text in texts for p in re.findall(row, text)] == people
    assert [line for text in texts for line in re.findall(unreviewed, text)] == missing
    for name, text in zip(pages, texts, strict=True):
        assert 'class="pager"' in text
        parser = _Links()
        parser.feed(text)
        assert all(href in files or href.startswith(("#", "mailto:")) for href in parser.hrefs
                   if not href.startswith("..")), (name, parser.hrefs)
    assert "pager" not in whole


def test_the_pipeline_page_splits_follow_ups_stages_and_fits_as_one(example, monkeypatch):
    short = _site(example, monkeypatch, 1000)
    files = _site(example, monkeypatch, 2)
    whole = short["pipeline.html"].decode()
    # Every line of the page's lists (follow-ups, candidates of each stage, fits), in order.
    line = r"^  <li>(.*)</li>$"
    lines = re.findall(line, whole, flags=re.MULTILINE)
    headings = re.findall(r'<h2 id="stage-([a-z-]+)">[^<]*\((\d+)\)</h2>', whole)
    assert len(lines) > 4 and headings
    pages = sorted((name for name in files if re.fullmatch(r"pipeline(-\d+)?\.html", name)),
                   key=lambda name: int(re.sub(r"\D", "", name) or 1))
    assert len(pages) == -(-len(lines) // 2)
    texts = [files[name].decode() for name in pages]
    assert [found for text in texts for found in re.findall(line, text, flags=re.MULTILINE)] \
        == lines
    assert 'id="follow-ups"' in texts[0]
    for name, text in zip(pages, texts, strict=True):
        assert 'class="pager"' in text
        # A stage shown on a page says how many candidates it has in all, not on the page.
        for stage, count in re.findall(r'<h2 id="stage-([a-z-]+)">[^<]*\((\d+)\)</h2>', text):
            assert (stage, count) in headings, name
        parser = _Links()
        parser.feed(text)
        assert all(href in files or href.startswith(("#", "mailto:")) for href in parser.hrefs
                   if not href.startswith("..")), (name, parser.hrefs)
    assert "pager" not in whole


@pytest.mark.parametrize("edit", ["end", "assignment", "absence"])
def test_an_edit_renders_again_only_the_pages_of_the_planning_it_touches(
        run_cfo, example, tmp_path, monkeypatch, edit):
    """The planning's pages are keyed by their rows' records (``building._planning_page``):
    after an edit, the folder is a build from scratch's, byte for byte, and the pages of
    people the edit does not touch are not rendered again."""
    monkeypatch.setattr(building, "PLANNING_PAGE_SIZE", 2)
    monkeypatch.setenv("CFO_CACHE_DIR", str(tmp_path / "cache"))
    build = ("--today", "2026-11-27", "site")
    out = tmp_path / "site"
    assert run_cfo("-C", str(example), *build, "-o", str(out)).exit_code == 0
    mission = example / "missions" / "application-mobile-velo-partage.yaml"
    text = mission.read_text(encoding="utf-8")
    if edit == "end":
        text = text.replace("end: 2026-12-18", "end: 2027-01-22", 1)
    elif edit == "assignment":
        text = text.replace("allocation: 50\n    end: 2026-10-30", "allocation: 50", 1)
    else:
        person = example / "roster" / "david-nguyen.yaml"
        person.write_text(person.read_text(encoding="utf-8").replace(
            "unavailable:\n", "unavailable:\n  - {from: 2026-12-07, to: 2026-12-11}\n", 1),
            encoding="utf-8")
    mission.write_text(text, encoding="utf-8")
    rendered = []
    planning_page = building.planning_page
    monkeypatch.setattr(building, "planning_page",
                        lambda path, *args, **kwargs: rendered.append(path)
                        or planning_page(path, *args, **kwargs))
    result = run_cfo("-C", str(example), *build, "-o", str(out))
    assert result.exit_code == 0, result.output
    rendered_again = list(rendered)
    fresh = tmp_path / "fresh"
    assert run_cfo("-C", str(example), "--no-cache", *build, "-o", str(fresh)).exit_code == 0
    files = {path.relative_to(out).as_posix(): path.read_bytes()
             for path in out.rglob("*") if path.is_file()}
    assert files == {path.relative_to(fresh).as_posix(): path.read_bytes()
                     for path in fresh.rglob("*") if path.is_file()}
    pages = [name for name in files if re.fullmatch(r"planning(-\d+)?\.html", name)]
    assert 0 < len(rendered_again) < len(pages)
