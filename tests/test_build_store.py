"""`cfo build` into a new folder (CI's: a fresh checkout, the cache restored) takes from the
cache every document whose key it keeps (``documents/rendered_store.py``) instead of
rendering it, and writes exactly the bytes a build without any cache writes."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import test_build_keys
from test_build_keys import OPEN_MISSION, TODAY, files_of, fresh, retitle

from cfo_tools.documents import templating

renders = test_build_keys.renders  # the fixture: the documents rendered in this process
own_cache = test_build_keys.own_cache  # each test starts with an empty cache of its own


def build_into(run_cfo, root: Path, folder: Path):
    result = run_cfo("-C", str(root), "--today", TODAY, "build", "-o", str(folder))
    assert result.exit_code == 0, result.output
    return result


def taken_from_the_cache(result) -> int:
    found = re.search(r", (\d+) taken from the cache\)", result.stderr)
    assert found, result.stderr
    return int(found[1])


def test_a_new_folder_takes_every_document_from_the_cache(run_cfo, example, tmp_path,
                                                          renders):
    first = build_into(run_cfo, example, tmp_path / "first")
    assert taken_from_the_cache(first) == 0
    documents = len(files_of(tmp_path / "first")) - 1  # (the manifest)
    renders.clear()
    second = build_into(run_cfo, example, tmp_path / "second")
    assert renders == [] and taken_from_the_cache(second) == documents
    assert files_of(tmp_path / "second") == files_of(tmp_path / "first") \
        == fresh(run_cfo, example)


def test_an_edit_renders_only_what_it_changed(run_cfo, example, tmp_path, renders):
    build_into(run_cfo, example, tmp_path / "first")
    retitle(example, OPEN_MISSION)
    renders.clear()
    build_into(run_cfo, example, tmp_path / "second")
    assert renders and all(OPEN_MISSION in name or "index" in name for name in renders)
    assert files_of(tmp_path / "second") == fresh(run_cfo, example)


def test_a_template_of_the_workspace_renders_again(run_cfo, example, tmp_path, renders):
    build_into(run_cfo, example, tmp_path / "first")
    source = Path(templating.__file__).resolve().parents[2] / "templates" / "brief.md.j2"
    own = example / "templates" / "brief.md.j2"
    own.parent.mkdir()
    own.write_text(source.read_text(encoding="utf-8").replace(
        "{{ t.brief_title }} —", "Edited {{ t.brief_title }} —"), encoding="utf-8")
    renders.clear()
    build_into(run_cfo, example, tmp_path / "second")
    assert any(name.endswith("(md)") and "brief" in name for name in renders)
    built = files_of(tmp_path / "second")
    assert b"Edited" in built[f"missions/{OPEN_MISSION}/brief.md"]
    assert built == fresh(run_cfo, example)


def test_a_damaged_document_in_the_cache_is_rendered_again(run_cfo, example, tmp_path,
                                                          monkeypatch, renders):
    cache = tmp_path / "own-cache"
    monkeypatch.setenv("CFO_CACHE_DIR", str(cache))
    build_into(run_cfo, example, tmp_path / "first")
    (database,) = cache.glob("documents-*.sqlite3")
    connection = sqlite3.connect(database)
    with connection:
        # Every blob's last bytes changed: none verifies any more.
        connection.execute("UPDATE blobs SET entry = substr(entry, 1, length(entry) - 9) "
                           "|| x'000102030405060708'")
    connection.close()
    renders.clear()
    result = build_into(run_cfo, example, tmp_path / "second")
    assert taken_from_the_cache(result) == 0 and renders
    assert files_of(tmp_path / "second") == fresh(run_cfo, example)


def test_without_a_cache_nothing_is_taken_from_it(run_cfo, example, tmp_path, renders):
    build_into(run_cfo, example, tmp_path / "first")
    renders.clear()
    result = run_cfo("-C", str(example), "--no-cache", "--today", TODAY, "build", "-o",
                     str(tmp_path / "second"))
    assert result.exit_code == 0 and "taken from the cache" not in result.stderr
    assert len(renders) == len(files_of(tmp_path / "second")) - 1
