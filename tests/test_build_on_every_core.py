"""`cfo build` renders its documents on every core, with the spawn start method as well as
fork: the files are byte for byte those of one process, and a broken template stops the build
the same way."""

from __future__ import annotations

import multiprocessing
from datetime import date
from pathlib import Path

import pytest

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.documents import maker as maker_module
from cfo_tools.documents.maker import DocumentMaker
from cfo_tools.documents.templating import TemplateProblem
from cfo_tools.planning.working_calendar import WorkingCalendar

TODAY = date(2026, 11, 26)


def maker_of(root):
    workspace = validate_workspace(root).workspace
    assert workspace.company is not None
    return DocumentMaker(workspace, WorkingCalendar.for_company(workspace.company),
                         workspace.company.locale, TODAY)


def methods():
    return [m for m in ("spawn", "fork") if m in multiprocessing.get_all_start_methods()]


@pytest.mark.parametrize("method", methods())
def test_every_core_gives_the_bytes_of_one_process(example, monkeypatch, method):
    alone = maker_of(example)
    expected = alone.build(jobs=1)
    monkeypatch.setattr(maker_module, "PARALLEL_DOCUMENTS", 1)
    pooled = maker_of(example)
    assert pooled.build(jobs=2, start_method=method) == expected
    assert pooled.skipped == alone.skipped


@pytest.mark.parametrize("method", methods())
def test_a_broken_template_stops_the_build_from_a_worker(example, monkeypatch, method):
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates" / "brief.md.j2").write_text("{{ mission.nope.nope }}\n")
    monkeypatch.setattr(maker_module, "PARALLEL_DOCUMENTS", 1)
    with pytest.raises(TemplateProblem) as pooled:
        maker_of(example).build(jobs=2, start_method=method)
    with pytest.raises(TemplateProblem) as alone:
        maker_of(example).build(jobs=1)
    assert (pooled.value.file, pooled.value.line, pooled.value.message) == \
        (alone.value.file, alone.value.line, alone.value.message)


def test_a_brief_addressed_to_a_freelancer_is_in_their_language(run_cfo, example, tmp_path):
    roster = example / "roster" / "alice-martin.yaml"
    roster.write_text(roster.read_text().replace("languages: [fr, en]", "languages: [en, fr]"))
    mission = example / "missions" / "design-system-banque-regionale"
    out = tmp_path / "own"
    result = run_cfo("-C", str(example), "--today", "2026-11-26", "build", "-o", str(out))
    assert result.exit_code == 0, result.output
    built = out / "missions" / mission.name
    assert "Mission brief" in (built / "alice-martin.md").read_text()
    assert "Brief de mission" in (built / "brief.md").read_text()
    others = [p for p in built.glob("*.md") if p.stem not in ("alice-martin", "brief")
              and not p.stem.startswith(("contract-", "order-"))]
    assert others and all("Brief de mission" in p.read_text() for p in others)
    asked = tmp_path / "asked"
    result = run_cfo("-C", str(example), "--today", "2026-11-26", "build", "--lang", "fr",
                     "-o", str(asked))
    assert result.exit_code == 0, result.output
    assert "Brief de mission" in (asked / "missions" / mission.name / "alice-martin.md").read_text()


@pytest.mark.parametrize("method", methods())
def test_documents_handed_out_as_rendered_are_those_returned(example, monkeypatch, method):
    # A large workspace's 300,000 documents are written as the chunks come, not held whole.
    expected = maker_of(example).build(jobs=1)
    monkeypatch.setattr(maker_module, "PARALLEL_DOCUMENTS", 1)
    monkeypatch.setattr(maker_module, "CHUNK_DOCUMENTS", 4)
    parts: list[dict[str, bytes]] = []
    assert maker_of(example).build(jobs=2, start_method=method, on_files=parts.append) == {}
    assert len(parts) > 2 and sorted(parts[-1]) == ["index.html", "index.md"]
    handed = {name: data for part in parts for name, data in part.items()}
    assert sum(map(len, parts)) == len(handed) and handed == expected


def test_a_first_build_is_written_as_it_is_rendered(example, tmp_path):
    from cfo_tools.documents._write_rules import BUILD_MANIFEST
    from cfo_tools.documents.build_folder import manifest_bytes, updating_folder

    files = maker_of(example).build(jobs=1)
    out = tmp_path / "build"
    with updating_folder(out) as updating:
        for name, data in files.items():
            updating.add({name: data})
            assert not out.exists()  # filled beside it, swapped in whole at the end
    assert updating.update.written == sorted(files)
    on_disk = {path.relative_to(out).as_posix(): path.read_bytes()
               for path in out.rglob("*") if path.is_file()}
    assert on_disk == {**files, BUILD_MANIFEST: manifest_bytes(files)}
    # Over that build, only what changed is written, once every part is in.
    changed = dict(files)
    changed["index.md"] = b"another index\n"
    with updating_folder(out) as updating:
        for name, data in changed.items():
            updating.add({name: data})
        assert (out / "index.md").read_bytes() == files["index.md"]
    assert updating.update.written == ["index.md"]
    assert (out / "index.md").read_bytes() == b"another index\n"
    assert (out / BUILD_MANIFEST).read_bytes() == manifest_bytes(changed)


def test_a_failed_build_leaves_the_folder_as_it_was(example, tmp_path):
    from cfo_tools.documents.build_folder import updating_folder

    files = maker_of(example).build(jobs=1)
    out = tmp_path / "build"
    with pytest.raises(TemplateProblem), updating_folder(out) as updating:
        updating.add(dict(list(files.items())[:3]))
        raise TemplateProblem("templates/brief.md.j2", 1, "broken")
    assert not out.exists() and [path.name for path in tmp_path.iterdir()] == [example.name]



def test_a_broken_template_stops_the_build_before_the_other_documents(example, monkeypatch):
    # Broken for the first mission built only: the documents after its chunk are not
    # rendered (a large build used to render all of its 300,000 documents first).
    missions = [mission for mission, _ in maker_of(example)._build_missions()]
    packaged = Path(maker_module.__file__).resolve().parents[2] / "templates" / "brief.md.j2"
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates" / "brief.md.j2").write_text(
        f'{{% if mission.id == "{missions[0]}" %}}{{{{ mission.nope.nope }}}}{{% endif %}}'
        + packaged.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(maker_module, "CHUNK_DOCUMENTS", 2)
    rendered: list[str] = []
    real = maker_module.render

    def counted(env, name, context, *, document=None, data_files=()):
        rendered.append(document or "")
        return real(env, name, context, document=document, data_files=data_files)

    monkeypatch.setattr(maker_module, "render", counted)
    with pytest.raises(TemplateProblem) as stopped:
        maker_of(example).build(jobs=1)
    assert "nope" in stopped.value.message
    assert rendered and not any(missions[-1] in name for name in rendered)
