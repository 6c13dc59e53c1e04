"""`cfo build`'s index split by mission into pages (``documents/build_index.py``): an index
that fits is the one it always was; a long one is pages at ``index.md``, ``index-2.md``...,
every link of each leading to a file of the build, every mission on exactly one page; an
edit renders again only the index page that shows it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cfo_tools.documents import build_index
from conftest import REPO
from tests.test_build_keys import (
    OPEN_MISSION,
    build,
    files_of,
    fresh,
    renders,  # noqa: F401  (a fixture)
    retitle,
)

GOLDEN = Path(__file__).parent / "golden"
LINKS = {"md": re.compile(r"\]\(([^)]+)\)"), "html": re.compile(r'href="([^"]+)"')}


@pytest.fixture
def small_pages(monkeypatch) -> int:
    monkeypatch.setattr(build_index, "INDEX_PAGE_SIZE", 2)
    return 2


def index_pages_of(files: dict[str, bytes], fmt: str) -> dict[str, str]:
    return {name: text.decode() for name, text in files.items()
            if re.fullmatch(rf"index(-\d+)?\.{fmt}", name)}


def test_an_index_that_fits_is_the_one_it_always_was(run_cfo, example):
    build(run_cfo, example)
    files = files_of(example / "out" / "build")
    assert sorted(index_pages_of(files, "md")) == ["index.md"]
    assert sorted(index_pages_of(files, "html")) == ["index.html"]
    assert b'class="pager"' not in files["index.html"]
    assert files["index.md"] == (GOLDEN / "build-index.fr.md").read_bytes()


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_long_index_is_split_by_mission_with_links_that_lead_somewhere(
        run_cfo, example, small_pages, fmt):
    build(run_cfo, example)
    files = files_of(example / "out" / "build")
    pages = index_pages_of(files, fmt)
    briefs = sorted(name for name in files if name.endswith(f"/brief.{fmt}"))
    count = -(-len(briefs) // small_pages)
    assert count > 2
    assert sorted(pages) == sorted([f"index.{fmt}"] + [f"index-{n}.{fmt}"
                                                         for n in range(2, count + 1)])
    linked: list[str] = []
    for name, text in pages.items():
        links = LINKS[fmt].findall(text)
        assert links and all(link in files for link in links), name
        # Each page links to the others it names and to its missions' documents only.
        documents = [link for link in links if link.startswith("missions/")]
        assert len({link.split("/")[1] for link in documents}) <= small_pages
        linked += dict.fromkeys(documents)
    mission_documents = sorted(name for name in files if name.startswith("missions/")
                               and name.endswith(f".{fmt}"))
    assert sorted(linked) == mission_documents


def test_an_edit_renders_again_only_the_index_page_showing_it(
        run_cfo, example, small_pages, renders):  # noqa: F811
    build(run_cfo, example)
    target = example / "out" / "build"
    (page,) = [name for name, text in index_pages_of(files_of(target), "md").items()
               if f"missions/{OPEN_MISSION}/" in text]
    retitle(example, OPEN_MISSION)
    renders.clear()
    build(run_cfo, example)
    index_renders = sorted(name for name in renders if "build index" in name)
    number = re.fullmatch(r"index(?:-(\d+))?\.md", page)
    assert number is not None
    assert len(index_renders) == 2 and all(
        f"(page {number[1] or 1} of" in name for name in index_renders), index_renders
    assert files_of(target) == fresh(run_cfo, example)


def test_pages_no_longer_needed_are_removed(run_cfo, example, small_pages, monkeypatch):
    build(run_cfo, example)
    target = example / "out" / "build"
    assert (target / "index-2.md").exists()
    monkeypatch.setattr(build_index, "INDEX_PAGE_SIZE", 1000)
    result = build(run_cfo, example)
    assert not (target / "index-2.md").exists() and not (target / "index-2.html").exists()
    assert "removed" in result.stderr
    assert files_of(target) == fresh(run_cfo, example)


@pytest.mark.parametrize(("fmt", "heading"), [("md", "## Comptes rendus d'activité"),
                                              ("html", "<h2>Comptes rendus d&#39;activité</h2>")])
@pytest.mark.parametrize("paged", [False, True])
def test_activity_reports_are_linked_from_the_last_page_of_the_index(
        run_cfo, example, monkeypatch, fmt, heading, paged):
    shutil.copytree(REPO / "activity", example / "activity")
    if paged:
        monkeypatch.setattr(build_index, "INDEX_PAGE_SIZE", 2)
    build(run_cfo, example)
    files = files_of(example / "out" / "build")
    pages = index_pages_of(files, fmt)
    last = f"index-{len(pages)}.{fmt}" if len(pages) > 1 else f"index.{fmt}"
    reports = sorted(name for name in files if name.startswith("activity/")
                     and name.endswith(f".{fmt}"))
    assert len(reports) == len(list((REPO / "activity").rglob("*.yaml")))
    for name, text in pages.items():
        linked = [link for link in LINKS[fmt].findall(text) if link.startswith("activity/")]
        assert (heading in text, linked) == ((True, reports) if name == last else (False, []))
    # The month in words, the person by name.
    assert "septembre 2026 — Bruno Lefèvre" in pages[last]
