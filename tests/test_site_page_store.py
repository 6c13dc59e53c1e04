"""``cfo site`` into an empty folder (CI's: a fresh checkout, the cache restored) takes from
the cache the files whose key it keeps (``site/page_store.py``), and writes exactly what a
``--no-cache`` build writes."""

from __future__ import annotations

import re
import sqlite3
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_site_reuse import (
    _files,
    _fresh,
    _html_pages,
    _made,
    _taken_from_the_cache,
    mission_renamed,
    on_two_cores,  # noqa: F401 (a fixture)
    own_mission_template,
)

from cfo_tools.checks.runner import calendar_of, run_checks
from cfo_tools.loading.document_cache import DocumentCache, _blob_key
from cfo_tools.site import building, page_store
from cfo_tools.site.inputs import SiteInputs
from cfo_tools.site.page_store import PageStore, packed, unpacked

BUILD = ("--today", "2026-11-27", "site")
MISSION = "application-mobile-velo-partage"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache of the test's own: what other tests kept is not taken."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CFO_CACHE_DIR", str(folder))
    return folder


def _build(run_cfo, example, out, *options):
    result = run_cfo("-C", str(example), *options, *BUILD, "-o", str(out))
    assert result.exit_code == 0, result.output
    return result


def test_a_fresh_folder_with_a_warm_cache_renders_nothing(run_cfo, example, tmp_path, cache,
                                                           monkeypatch):
    _build(run_cfo, example, tmp_path / "first")
    fresh = _fresh(run_cfo, example, tmp_path, "fresh")
    rendered = _made(monkeypatch)
    views: list[int] = []
    monkeypatch.setattr(building, "record_jobs", lambda *args: views.append(1) or [])
    result = _build(run_cfo, example, tmp_path / "ci")
    built = _files(tmp_path / "ci")
    assert rendered == [] and views == []
    assert _taken_from_the_cache(result) == len(_html_pages(built)) > 20
    assert built == _files(tmp_path / "first") == fresh


def test_after_an_edit_a_fresh_folder_renders_only_what_the_edit_changed(
        run_cfo, example, tmp_path, cache, monkeypatch):
    _build(run_cfo, example, tmp_path / "first")
    team = mission_renamed(example)
    rendered = _made(monkeypatch)
    result = _build(run_cfo, example, tmp_path / "ci")
    records = [page for page in rendered if re.fullmatch(r"(missions|freelancers)/[^/]+\.html",
                                                         page)
               and not page.endswith("/index.html")]
    assert sorted(records) == sorted([f"missions/{MISSION}.html",
                                      *(f"freelancers/{name}.html" for name in team)])
    assert _taken_from_the_cache(result) > 15
    assert _files(tmp_path / "ci") == _fresh(run_cfo, example, tmp_path, "fresh")


def test_a_template_changed_renders_every_page_again(run_cfo, example, tmp_path, cache):
    _build(run_cfo, example, tmp_path / "first")
    own_mission_template(example)
    result = _build(run_cfo, example, tmp_path / "ci")
    assert _taken_from_the_cache(result) == 0
    assert b"<p>Ours.</p>" in (tmp_path / "ci" / "missions" / f"{MISSION}.html").read_bytes()
    assert _files(tmp_path / "ci") == _fresh(run_cfo, example, tmp_path, "fresh")


def _kept_build(cache) -> dict[str, bytes]:
    """The files' keys of the last build the store keeps."""
    opened = DocumentCache.open(cache, {})
    assert opened is not None
    store = PageStore(opened)
    (_, _, files), *_ = store._index()
    return files


@pytest.mark.parametrize("damage", ["tampered", "removed"])
def test_a_damaged_or_missing_page_is_rendered_again(run_cfo, example, tmp_path, cache,
                                                     monkeypatch, damage):
    _build(run_cfo, example, tmp_path / "first")
    page = f"missions/{MISSION}.html"
    key = _blob_key(b"site-page", _kept_build(cache)[page])
    (database,) = cache.glob("documents-*.sqlite3")
    connection = sqlite3.connect(database)
    with connection:
        if damage == "tampered":
            connection.execute("UPDATE blobs SET entry = substr(entry, 1, length(entry) - 9) "
                               "|| x'000102030405060708' WHERE key = ?", (key,))
        else:
            connection.execute("DELETE FROM blobs WHERE key = ?", (key,))
    connection.close()
    rendered = _made(monkeypatch)
    result = _build(run_cfo, example, tmp_path / "ci")
    assert page in rendered and not [name for name in rendered
                                     if name.startswith("freelancers/")
                                     and not name.endswith("index.html")]
    assert _taken_from_the_cache(result) > 15
    assert _files(tmp_path / "ci") == _fresh(run_cfo, example, tmp_path, "fresh")
    # Kept again by this build: the next one takes it from the cache.
    monkeypatch.undo()
    monkeypatch.setenv("CFO_CACHE_DIR", str(cache))
    again = _build(run_cfo, example, tmp_path / "ci-2")
    assert _taken_from_the_cache(again) == len(_html_pages(_files(tmp_path / "ci-2")))


def test_a_cache_that_is_not_a_database_renders_everything(run_cfo, example, tmp_path,
                                                            cache):
    _build(run_cfo, example, tmp_path / "first")
    for part in cache.glob("documents-*.sqlite3*"):
        part.write_bytes(b"not a database" * 100)
    result = _build(run_cfo, example, tmp_path / "ci")
    assert _taken_from_the_cache(result) == 0
    assert _files(tmp_path / "ci") == _fresh(run_cfo, example, tmp_path, "fresh")


def test_without_a_cache_nothing_is_taken_from_it(run_cfo, example, tmp_path, cache):
    _build(run_cfo, example, tmp_path / "first")
    result = _build(run_cfo, example, tmp_path / "ci", "--no-cache")
    assert _taken_from_the_cache(result) == 0
    assert f"{len(_html_pages(_files(tmp_path / 'ci')))} rendered" in result.stderr


def test_the_cache_keeps_the_last_build_of_the_last_folders(tmp_path, monkeypatch):
    monkeypatch.setattr(page_store, "FOLDERS", 3)
    cache = DocumentCache.open(tmp_path / "cache", {})
    assert cache is not None
    store = PageStore(cache)
    folders = [tmp_path / f"site-{number}" for number in range(5)]

    def keep(folder, *names: str) -> None:
        keys = {name: name.encode().ljust(32, b".") for name in names}
        store.put({key: packed(name.encode() * 50) for name, key in keys.items()})
        store.keep(folder, None, keys)

    def kept(name: str) -> bool:
        found = store.page(name.encode().ljust(32, b"."))
        assert found in (None, name.encode() * 50)
        return found is not None

    keep(folders[0], "a", "shared")
    keep(folders[0], "b", "shared")  # the folder's earlier build is let go
    assert not kept("a") and kept("b") and kept("shared")
    keep(folders[1], "c", "shared")
    keep(folders[2], "d")
    assert all(map(kept, ("b", "c", "d", "shared")))
    keep(folders[3], "e")  # the first folder is let go, what another build names stays
    assert not kept("b") and all(map(kept, ("c", "d", "e", "shared")))
    keep(folders[4], "f")
    assert not kept("c") and not kept("shared") and all(map(kept, ("d", "e", "f")))
    # A build kept again, nothing new: the index is not written again.
    stores: list[object] = []
    monkeypatch.setattr(DocumentCache, "store_blobs", lambda *args, **kw: stores.append(1))
    store.keep(folders[4], None, {"f": b"f".ljust(32, b".")})
    assert stores == []


def test_a_damaged_index_is_none(tmp_path):
    cache = DocumentCache.open(tmp_path / "cache", {})
    assert cache is not None
    store = PageStore(cache)
    cache.store_blob(b"site-page-index", b"builds", [("folder", None, "not files"), 3])
    assert store.build(b"whole") is None and store._index() == []
    cache.store_blob(b"site-page", b"k" * 32, b"not zlib")
    assert store.page(b"k" * 32) is None


@pytest.mark.usefixtures("on_two_cores")
def test_workers_take_pages_from_the_store(example, tmp_path):
    report = run_checks(example, today=date(2026, 11, 27), cache_folder=tmp_path / "cache")
    calendar = calendar_of(report.validation)
    assert calendar is not None
    inputs = SiteInputs(report, calendar, date(2026, 11, 27), "fr")
    opened = DocumentCache.open(tmp_path / "cache", {})
    assert opened is not None
    store = PageStore(opened)
    first = building.make_site(inputs, {}, store=store)
    assert first.fetched == 0 and first.whole is not None
    # Kept by the workers that rendered them, each file under its key.
    assert all(store.page(key) == first.files[name]
               for name, key in first.store_keys().items())
    # Kept without the whole build's key: each page is looked up by its own, in the workers
    # (the lists without a key of their own are rendered again).
    store.keep(tmp_path / "site", None, first.store_keys())
    second = building.make_site(inputs, {}, store=store)
    assert second.whole == first.whole
    keyed = [name for name, key in first.store_keys().items() if name.endswith(".html")
             and key != page_store.file_key(first.whole, name)
             and name not in building.FORGE_LINKED]
    assert second.fetched == len(keyed) > 20
    assert second.files == first.files


@given(st.binary(max_size=4000))
def test_a_packed_file_unpacks_to_its_bytes(content):
    assert unpacked(packed(content)) == content


@given(st.binary(max_size=400), st.integers(min_value=0, max_value=400))
def test_junk_or_a_cut_entry_is_unpacked_as_none_or_bytes(junk, cut):
    assert unpacked(junk) is None or isinstance(unpacked(junk), bytes)
    whole = packed(junk)
    if cut < len(whole):
        assert unpacked(whole[:cut]) is None
    assert unpacked(whole + b"more") is None


@pytest.mark.parametrize("cores", [1, 2])
def test_pages_read_together_are_the_ones_kept_and_trusted(tmp_path, monkeypatch, cores):
    from cfo_tools.documents import rendered_store

    monkeypatch.setattr(rendered_store, "available_cores", lambda: cores)
    cache = DocumentCache.open(tmp_path / "cache", {})
    assert cache is not None
    store = PageStore(cache)
    keys = [b"%031d." % number for number in range(150)]
    store.put({key: packed(key * (1 + number)) for number, key in enumerate(keys)})
    cache.store_blob(b"site-page", keys[7], b"not zlib")
    cache.store_blob(b"site-page", keys[8], ["not", "bytes"])
    (database,) = (tmp_path / "cache").glob("documents-*.sqlite3")
    connection = sqlite3.connect(database)
    with connection:
        connection.execute("UPDATE blobs SET entry = substr(entry, 1, length(entry) - 9) "
                           "|| x'000102030405060708' WHERE key = ?",
                           (_blob_key(b"site-page", keys[9]),))
    connection.close()
    asked = [*keys, b"never kept".ljust(32, b".")]
    found = store.pages(asked)
    assert found == {key: key * (1 + number) for number, key in enumerate(keys)
                     if number not in (7, 8, 9)}
    assert found == {key: page for key in asked if (page := store.page(key)) is not None}


def test_pages_read_together_are_marked_used(tmp_path, monkeypatch):
    cache = DocumentCache.open(tmp_path / "cache", {})
    assert cache is not None
    store = PageStore(cache)
    store.put({b"a" * 32: packed(b"page")})
    (database,) = (tmp_path / "cache").glob("documents-*.sqlite3")
    connection = sqlite3.connect(database)
    with connection:
        connection.execute("UPDATE blobs SET used = 0")
    assert store.pages([b"a" * 32]) == {b"a" * 32: b"page"}
    assert connection.execute("SELECT min(used) FROM blobs").fetchone()[0] > 0
    connection.close()
