"""``cfo site`` in CI: every push is a new commit, and the findings link to their line on the
forge at that commit (``site/forge_links.py``). A commit that changes no record keeps the
whole build (taken from the folder, or from the cache's store into a new folder) but for the
files showing those links, the home page and ``findings.json``, which are made again; the
folder is byte for byte what a ``--no-cache`` build of that commit writes."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest
from test_site_reuse import (
    _files,
    _fresh,
    _html_pages,
    _made,
    _not_rendered_again,
    _taken_from_the_cache,
    on_two_cores,  # noqa: F401 (a fixture)
)

from cfo_tools.checks.runner import calendar_of, run_checks
from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.resources import packaged_dir
from cfo_tools.site import building
from cfo_tools.site.forge_links import split_commit
from cfo_tools.site.home_commits import commit_free
from cfo_tools.site.inputs import SiteInputs
from cfo_tools.site.page_store import PageStore

BUILD = ("--today", "2026-11-27", "site")
ORIGIN = "https://github.com/acme/ws.git"
LINKED = ("index.html", "api/v1/findings.json")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache of the test's own: what other tests kept is not taken."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CFO_CACHE_DIR", str(folder))
    return folder


def _git(root, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), "-c", "user.name=t",
                           "-c", "user.email=t@example.fr", *args],
                          check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repository(example):
    """The example workspace as a Git clone of a GitHub repository, at a first commit."""
    _git(example, "init", "-q")
    _git(example, "remote", "add", "origin", ORIGIN)
    _git(example, "add", "-A")
    _git(example, "commit", "-q", "-m", "first")
    return example


def _commit(root, change: str) -> str:
    """A commit that changes no record: a README, or a comment appended to a mission."""
    if change == "readme":
        (root / "README.md").write_text("# Our workspace\n", encoding="utf-8")
    else:
        mission = sorted((root / "missions").glob("*.yaml"))[0]
        with mission.open("a", encoding="utf-8") as handle:
            handle.write("# reviewed on Friday\n")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", change)
    return _git(root, "rev-parse", "HEAD")


def _build(run_cfo, root, out):
    result = run_cfo("-C", str(root), *BUILD, "-o", str(out))
    assert result.exit_code == 0, result.output
    return result


def _commits_linked(files, name) -> set[str]:
    return set(re.findall(r"github\.com/acme/ws/blob/([0-9a-f]{40})/",
                          files[name].decode("utf-8")))


@pytest.mark.parametrize("change", ["readme", "comment"])
def test_a_commit_that_changes_no_record_makes_only_the_linked_files_again(
        run_cfo, repository, tmp_path, cache, monkeypatch, change):
    first = _git(repository, "rev-parse", "HEAD")
    _build(run_cfo, repository, tmp_path / "first")
    assert _commits_linked(_files(tmp_path / "first"), "index.html") == {first}
    commit = _commit(repository, change)
    fresh = _fresh(run_cfo, repository, tmp_path, "fresh")
    for name in LINKED:
        assert _commits_linked(fresh, name) == {commit}

    # CI's case: a new folder, the cache of the last build restored. Every page but the
    # home page is taken from the cache's store; no view of a record is made; the home
    # page is the one kept for every commit, given this commit's links: nothing rendered.
    made = _made(monkeypatch)
    views: list[int] = []
    real_jobs = building.record_jobs
    monkeypatch.setattr(building, "record_jobs",
                        lambda *args: views.append(1) or real_jobs(*args))
    result = _build(run_cfo, repository, tmp_path / "ci")
    built = _files(tmp_path / "ci")
    assert made == [] and views == []
    assert _taken_from_the_cache(result) == len(_html_pages(built)) - 1 > 20
    assert built == fresh

    # The same commit again into another new folder: everything from the store.
    made.clear()
    result = _build(run_cfo, repository, tmp_path / "ci-again")
    assert made == [] and views == []
    assert _taken_from_the_cache(result) == len(_html_pages(built))
    assert _files(tmp_path / "ci-again") == fresh

    # Over the folder of the first commit's build: the others are left as they are.
    made.clear()
    result = _build(run_cfo, repository, tmp_path / "first")
    assert made == [] and views == []
    assert _not_rendered_again(result) == len(_html_pages(built)) - 1
    assert re.search(r"files written: 2\b", result.stderr), result.stderr
    assert _files(tmp_path / "first") == fresh


@pytest.mark.parametrize("remote", ["https://github.com/acme/renamed.git", None])
def test_another_forge_address_makes_the_linked_files_again(run_cfo, repository, tmp_path,
                                                           cache, monkeypatch, remote):
    """The origin renamed (links to another repository), or removed (no forge: the findings
    link to the pages of their records): the same commit, other links."""
    _build(run_cfo, repository, tmp_path / "site")
    if remote is None:
        _git(repository, "remote", "remove", "origin")
    else:
        _git(repository, "remote", "set-url", "origin", remote)
    fresh = _fresh(run_cfo, repository, tmp_path, "fresh")
    assert (b"github.com/acme/renamed/blob/" in fresh["index.html"]) == (remote is not None)
    assert b"github.com/acme/ws/" not in fresh["index.html"]
    assert b"github.com/acme/ws/" not in fresh["api/v1/findings.json"]
    made = _made(monkeypatch)
    _build(run_cfo, repository, tmp_path / "ci")
    assert made == ["index.html"]
    assert _files(tmp_path / "ci") == fresh
    made.clear()
    _build(run_cfo, repository, tmp_path / "site")
    # The renamed origin's page is kept for every commit now; without a forge, the page
    # links to the site's own pages and is made for each build that needs it.
    assert made == ([] if remote is not None else ["index.html"])
    assert _files(tmp_path / "site") == fresh


def test_a_build_of_the_first_commit_after_the_second_takes_its_own_links(
        run_cfo, repository, tmp_path, cache, monkeypatch):
    """The store keeps the linked files of both commits' builds: going back to the first
    commit (a re-run of an older push) never hands out the second's links."""
    first = _git(repository, "rev-parse", "HEAD")
    _build(run_cfo, repository, tmp_path / "one")
    second = _commit(repository, "readme")
    _build(run_cfo, repository, tmp_path / "two")
    _git(repository, "checkout", "-q", first)
    fresh = _fresh(run_cfo, repository, tmp_path, "fresh")
    _build(run_cfo, repository, tmp_path / "ci")
    built = _files(tmp_path / "ci")
    assert _commits_linked(built, "index.html") == {first} != {second}
    assert built == fresh


@pytest.mark.usefixtures("on_two_cores")
def test_a_worker_makes_the_linked_files_while_the_others_are_taken_from_the_store(
        example, tmp_path):
    """Many files to take from the store: the home page's job goes to a worker meanwhile
    (with each start method), and the build is the one made without a cache."""
    report = run_checks(example, today=date(2026, 11, 27), cache_folder=tmp_path / "cache")
    calendar = calendar_of(report.validation)
    assert calendar is not None
    opened = DocumentCache.open(tmp_path / "cache", {})
    assert opened is not None
    store = PageStore(opened)

    def inputs(commit: str) -> SiteInputs:
        return SiteInputs(report, calendar, date(2026, 11, 27), "fr",
                          source_base=f"https://github.com/acme/ws/blob/{commit * 40}/")

    first = building.make_site(inputs("a"), {}, store=store)
    store.keep(tmp_path / "one", first.whole, first.store_keys())
    second = building.make_site(inputs("b"), {}, store=store)
    assert second.whole == first.whole
    assert second.fetched == len(_html_pages(second.files)) - 1 > 20
    assert second.files == building.build_site(inputs("b")) != first.files
    assert b"/blob/" + b"b" * 40 in second.files["api/v1/findings.json"]


def test_a_home_page_of_the_workspace_s_own_is_made_for_each_commit(
        run_cfo, repository, tmp_path, cache, monkeypatch):
    """A template of the workspace may change a link (here: in capitals), where the stand-in
    for the commit would no longer be found: its home page is rendered for each commit."""
    own = repository / "templates" / "site"
    own.mkdir(parents=True)
    packaged = packaged_dir("templates") / "site" / "home.html.j2"
    text = packaged.read_text(encoding="utf-8")
    assert "{{ finding.link }}" in text
    (own / "home.html.j2").write_text(text.replace("{{ finding.link }}",
                                                   "{{ finding.link | upper }}"),
                                      encoding="utf-8")
    _git(repository, "add", "-A")
    _git(repository, "commit", "-q", "-m", "our home page")
    _build(run_cfo, repository, tmp_path / "first")
    commit = _commit(repository, "readme")
    fresh = _fresh(run_cfo, repository, tmp_path, "fresh")
    assert f"/BLOB/{commit.upper()}/".encode() in fresh["index.html"]
    made = _made(monkeypatch)
    _build(run_cfo, repository, tmp_path / "ci")
    assert made == ["index.html"]
    assert _files(tmp_path / "ci") == fresh


def test_a_record_quoting_the_commit_keeps_its_words(run_cfo, repository, tmp_path, cache,
                                                     monkeypatch):
    """A record may quote the commit being built (an edit not committed yet): the home page
    kept for every commit puts the commit where its links were, never where the record
    quotes it."""
    head = _git(repository, "rev-parse", "HEAD")
    _build(run_cfo, repository, tmp_path / "first")
    mission = sorted((repository / "missions").glob("*.yaml"))[0]
    text = mission.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.M)
    assert title
    mission.write_text(text.replace(title[0], f"title: Fixed in {head}", 1), encoding="utf-8")
    fresh = _fresh(run_cfo, repository, tmp_path, "fresh")
    _build(run_cfo, repository, tmp_path / "dirty")
    assert _files(tmp_path / "dirty") == fresh
    # Committed: the title quotes the commit before, the links name the new one.
    commit = _commit(repository, "comment")
    fresh = _fresh(run_cfo, repository, tmp_path, "fresh-2")
    assert f"Fixed in {head}".encode() in fresh["index.html"]
    made = _made(monkeypatch)
    _build(run_cfo, repository, tmp_path / "ci")
    assert made == []
    built = _files(tmp_path / "ci")
    assert built == fresh
    assert _commits_linked(built, "index.html") == {commit}


@pytest.mark.parametrize("kept", [b"", b"no line break", b"ABCDEF\npage", b"0a1b\npage",
                                  b"zz" * 20 + b"\npage"])
def test_a_home_page_kept_for_every_commit_that_cannot_be_read_is_none(tmp_path, kept):
    opened = DocumentCache.open(tmp_path / "cache", {})
    assert opened is not None
    store = PageStore(opened)
    free = commit_free(store, b"w" * 32, f"https://github.com/acme/ws/blob/{'c' * 40}/",
                       "index.html", own_templates=False)
    assert free is not None and free.kept() is None
    store.put({free.key: store.pack(kept)})
    assert free.kept() is None
    stand_in, base = free.stand_in()
    assert base == f"https://github.com/acme/ws/blob/{stand_in}/" and len(stand_in) == 40
    assert free.keep(stand_in, f"<a href='{base}x'>".encode()) == (
        f"<a href='https://github.com/acme/ws/blob/{'c' * 40}/x'>".encode())
    assert free.kept() == f"<a href='https://github.com/acme/ws/blob/{'c' * 40}/x'>".encode()


def test_no_home_page_for_every_commit_without_a_forge_a_store_or_with_own_templates(tmp_path):
    opened = DocumentCache.open(tmp_path / "cache", {})
    assert opened is not None
    store = PageStore(opened)
    base = f"https://github.com/acme/ws/blob/{'c' * 40}/"
    assert commit_free(store, b"w", base, "index.html", own_templates=True) is None
    assert commit_free(None, b"w", base, "index.html", own_templates=False) is None
    assert commit_free(store, None, base, "index.html", own_templates=False) is None
    assert commit_free(store, b"w", None, "index.html", own_templates=False) is None
    assert commit_free(store, b"w", "https://example.fr/ws/", "index.html",
                       own_templates=False) is None


def test_the_commit_is_found_after_blob_even_when_the_repository_is_named_like_one():
    commit = "0123456789abcdef0123456789abcdef01234567"
    base = f"https://github.com/acme/{commit}/blob/{commit}/sub/"
    assert split_commit(base) == (f"https://github.com/acme/{commit}/blob/", commit, "/sub/")
    assert split_commit(f"https://github.com/acme/ws/blob/{commit[:39]}/") is None
