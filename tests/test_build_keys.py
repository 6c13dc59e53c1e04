"""`cfo build` run again on its own folder renders only the documents whose inputs changed
(each document's key: its context, the templates, the words, the day, the options, the
tool), and the folder is always byte for byte what a fresh build of the same workspace
makes. A key is never trusted further than its inputs: a template, an include, a new
version, a file changed on disk or a broken key store renders again."""

from __future__ import annotations

import functools
import multiprocessing
import random
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from cfo_tools.documents import maker as maker_module
from cfo_tools.documents import render_keys, rendered_store, templating
from cfo_tools.documents._write_rules import BUILD_MANIFEST

TODAY = "2026-11-26"
OPEN_MISSION = "migration-cloud-transporteur"


@pytest.fixture(autouse=True)
def own_cache(monkeypatch, tmp_path) -> None:
    """A cache of the test's own: the session's may keep the documents of another test's
    build (``documents/rendered_store.py``), which a first build here would take instead of
    rendering them."""
    monkeypatch.setenv("CFO_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The names of the documents rendered (the build's, in this process)."""
    rendered: list[str] = []
    real = templating.render

    def counted(env, name, context, *, document=None, data_files=()):
        rendered.append(document or name)
        return real(env, name, context, document=document, data_files=data_files)

    monkeypatch.setattr(maker_module, "render", counted)
    return rendered


def build(run_cfo, root: Path, *args: str, today: str = TODAY):
    result = run_cfo("-C", str(root), "--today", today, "build", *args)
    assert result.exit_code == 0, result.output
    return result


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def not_rendered_again(result) -> int:
    found = re.search(r"\((\d+) not rendered again, \d+ taken from the cache\)", result.stderr)
    assert found, result.stderr
    return int(found[1])


def fresh(run_cfo, root: Path, today: str = TODAY) -> dict[str, bytes]:
    """What a build from scratch, without any cache, makes of ``root``."""
    out = root.parent / "fresh"
    result = run_cfo("-C", str(root), "--no-cache", "--today", today, "build", "-o", str(out),
                     "--force")
    assert result.exit_code == 0, result.output
    return files_of(out)


def retitle(root: Path, mission_id: str) -> None:
    """Give the mission ``mission_id`` another title."""
    mission = root / "missions" / f"{mission_id}.yaml"
    text = mission.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    mission.write_text(text.replace(title, "title: Migration vers le nuage"))


def test_nothing_changed_renders_nothing(run_cfo, example, renders):
    target = example / "out" / "build"
    first = build(run_cfo, example)
    documents = len(files_of(target)) - 1  # the manifest
    assert not_rendered_again(first) == 0 and len(renders) == documents
    renders.clear()
    again = build(run_cfo, example)
    assert renders == []
    assert not_rendered_again(again) == documents
    assert f"wrote 0 files, {documents} unchanged, 0 removed" in again.stderr
    assert files_of(target) == fresh(run_cfo, example)


def test_one_mission_edited_renders_its_documents_and_the_index(run_cfo, example, renders):
    target = example / "out" / "build"
    build(run_cfo, example)
    before = files_of(target)
    retitle(example, OPEN_MISSION)
    renders.clear()
    build(run_cfo, example)
    assert renders and all(OPEN_MISSION in name or "index" in name for name in renders)
    after = files_of(target)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert all(name.startswith(f"missions/{OPEN_MISSION}/") or name.startswith("index.")
               or name == BUILD_MANIFEST for name in changed), changed
    assert after == fresh(run_cfo, example)


@pytest.mark.parametrize("template", ["brief.md.j2", "_sections.md.j2"])
def test_a_template_or_an_include_edited_renders_again(run_cfo, example, renders, template):
    build(run_cfo, example)
    source = (Path(templating.__file__).resolve().parents[2] / "templates" / template)
    own = example / "templates" / template
    own.parent.mkdir(exist_ok=True)
    text = source.read_text(encoding="utf-8")
    # In brief.md.j2 itself, or in a macro it imports from _sections.md.j2.
    edited = text.replace("{{ t.brief_title }} —", "Edited {{ t.brief_title }} —").replace(
        "## {{ t.company_heading }}", "## Edited {{ t.company_heading }}")
    assert edited != text
    own.write_text(edited, encoding="utf-8")
    renders.clear()
    build(run_cfo, example)
    # Every Markdown brief uses the template (the include comes through brief.md.j2).
    assert any("brief" in name and name.endswith("(md)") for name in renders)
    assert files_of(example / "out" / "build") == fresh(run_cfo, example)
    assert b"Edited" in files_of(example / "out" / "build")[f"missions/{OPEN_MISSION}/brief.md"]


def test_a_new_version_a_new_day_or_language_renders_everything(run_cfo, example, renders,
                                                              monkeypatch):
    target = example / "out" / "build"
    build(run_cfo, example)
    documents = len(files_of(target)) - 1
    for change in ("version", "day", "lang"):
        renders.clear()
        if change == "version":
            monkeypatch.setattr(render_keys, "__version__", "99.0")
            result = build(run_cfo, example)
        elif change == "day":
            result = build(run_cfo, example, today="2026-11-27")
        else:
            result = build(run_cfo, example, "--lang", "en", today="2026-11-27")
        assert not_rendered_again(result) == 0 and len(renders) == documents, change


def test_a_document_changed_on_disk_is_rendered_again_and_refused(run_cfo, example, renders,
                                                                  monkeypatch):
    # (Without the store of rendered documents, which would give the file its render made
    # instead of rendering it: test_build_store.py.)
    monkeypatch.setattr(rendered_store, "document_store", lambda cache: None)
    target = example / "out" / "build"
    build(run_cfo, example)
    built = files_of(target)
    edited = target / "missions" / OPEN_MISSION / "brief.md"
    edited.write_text("my own notes")
    renders.clear()
    refused = run_cfo("-C", str(example), "--today", TODAY, "build")
    assert refused.exit_code == 2 and "brief.md" in refused.stderr
    assert edited.read_text() == "my own notes"
    assert any(OPEN_MISSION in name and "(md)" in name for name in renders)
    # Put back as it was written, it is right again; removed, it is written again.
    edited.write_bytes(built[f"missions/{OPEN_MISSION}/brief.md"])
    build(run_cfo, example)
    edited.unlink()
    result = build(run_cfo, example)
    assert "wrote 1 files" in result.stderr
    assert files_of(target) == built


@pytest.mark.parametrize("damage", ["tampered", "garbage"])
def test_a_broken_key_store_renders_everything_again(run_cfo, example, tmp_path, renders,
                                                      monkeypatch, damage):
    cache = tmp_path / "own-cache"
    monkeypatch.setenv("CFO_CACHE_DIR", str(cache))
    target = example / "out" / "build"
    build(run_cfo, example)
    documents = len(files_of(target)) - 1
    (database,) = cache.glob("documents-*.sqlite3")
    if damage == "tampered":
        connection = sqlite3.connect(database)
        with connection:
            connection.execute("UPDATE blobs SET entry = substr(entry, 1, length(entry) - 9) "
                               "|| x'000102030405060708'")
        connection.close()
    else:
        for part in cache.glob("documents-*.sqlite3*"):
            part.write_bytes(b"not a database" * 100)
    renders.clear()
    result = build(run_cfo, example)
    assert not_rendered_again(result) == 0 and len(renders) == documents
    assert files_of(target) == fresh(run_cfo, example)


def test_without_a_cache_every_document_is_rendered(run_cfo, example, renders):
    build(run_cfo, example)
    renders.clear()
    result = run_cfo("-C", str(example), "--no-cache", "--today", TODAY, "build")
    assert result.exit_code == 0, result.output
    assert "not rendered again" not in result.stderr
    assert len(renders) == len(files_of(example / "out" / "build")) - 1


def _edit(root: Path, chance: random.Random) -> None:
    """A random edit of the kind a CFO makes: a title, a name, a status, a rate."""
    kind = chance.choice(["missions", "roster", "company"])
    path = (root / "company.yaml" if kind == "company"
            else chance.choice(sorted((root / kind).glob("*.yaml"))))
    text = path.read_text(encoding="utf-8")
    patterns = {
        "missions": [(r"^title: .*$", f"title: Mission {chance.randrange(1000)}"),
                     (r"^status: (open|staffed)$",
                      f"status: {chance.choice(['open', 'staffed'])}")],
        "roster": [(r"^name: .*$", f"name: Personne {chance.randrange(1000)}"),
                   (r"^daily_rate: \d+", f"daily_rate: {chance.randrange(300, 900)}")],
        "company": [(r"^name: .*$", f"name: Société {chance.randrange(1000)}")],
    }[kind]
    pattern, replacement = chance.choice(patterns)
    path.write_text(re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE),
                    encoding="utf-8")


def test_random_edits_always_give_the_bytes_of_a_fresh_build(run_cfo, example):
    chance = random.Random(16)
    target = example / "out" / "build"
    build(run_cfo, example)
    for _ in range(5):
        for _ in range(chance.randrange(1, 3)):
            _edit(example, chance)
        result = run_cfo("-C", str(example), "--today", TODAY, "build")
        if result.exit_code == 1:  # an edit the checks refuse: no build to compare
            continue
        assert result.exit_code == 0, result.output
        assert files_of(target) == fresh(run_cfo, example)


def test_a_context_that_cannot_be_walked_has_no_key():
    settings = render_keys.settings_digest("fr")
    assert render_keys.render_key(settings, ({"x": 1},)) == render_keys.render_key(
        settings, ({"x": 1},))
    assert render_keys.render_key(settings, ({"x": 1},)) != render_keys.render_key(
        settings, ({"x": 2},))
    assert render_keys.render_key(settings, ({"f": lambda: 1},)) is None


@pytest.fixture(params=[m for m in ("fork", "spawn")
                        if m in multiprocessing.get_all_start_methods()])
def start_method(request, monkeypatch) -> str:
    monkeypatch.setattr(maker_module, "PARALLEL_DOCUMENTS", 0)
    return str(request.param)


def test_documents_keyed_by_workers_are_kept_the_same(example, start_method):
    from cfo_tools.checks.validation import validate_workspace
    from cfo_tools.planning.working_calendar import WorkingCalendar

    workspace = validate_workspace(example).workspace
    assert workspace.company is not None
    searchpath = [base for base, _ in templating.WorkspaceTemplateLoader(example).searchpath]
    templates = render_keys.template_sources(searchpath)

    def make(earlier):
        maker = maker_module.DocumentMaker(
            workspace, WorkingCalendar.for_company(workspace.company), "fr", date(2026, 11, 26),
            keys=maker_module.BuildKeys(templates, earlier))
        return maker, functools.partial(maker.build, jobs=2, start_method=start_method)

    first, run = make({})
    files = run()
    assert not first.kept and sorted(first.document_keys) == sorted(files)
    again, run = make(first.document_keys)
    assert run() == {} and sorted(again.kept) == sorted(files)
    assert again.document_keys == first.document_keys
