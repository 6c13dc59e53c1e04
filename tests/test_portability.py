"""What must hold on Windows and macOS too, proved on Linux: the process pool without
``fork``, CRLF line endings, accented file names (in both Unicode forms, macOS writing NFD)."""

from __future__ import annotations

import unicodedata

import pytest

from cfo_tools.loading import checking_pool
from cfo_tools.loading.schemas import load_schemas
from cfo_tools.loading.workspace_files import scan_workspace
from conftest import COMPANY, FREELANCER, REPO, json_report


def test_the_pool_checks_documents_with_spawn(monkeypatch):
    """spawn is the only start method on Windows and the default on macOS: the workers
    inherit nothing and must rebuild the validators themselves."""
    files = scan_workspace(REPO).documents
    validators = load_schemas(REPO).validators
    sequential = checking_pool.check_documents(files, validators, jobs=1)
    monkeypatch.setattr(checking_pool, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(checking_pool, "_VALIDATORS", {})
    spawned = checking_pool.check_documents(files, validators, jobs=2, start_method="spawn")
    assert len(spawned) == len(files) > 20
    assert [c.spec for c in spawned] == [c.spec for c in sequential]
    assert spawned == sequential


def test_a_spawned_worker_compiles_the_schemas_it_is_given(monkeypatch):
    monkeypatch.setattr(checking_pool, "_VALIDATORS", {})
    schemas = {kind: (v.schema, v.covers_model)
               for kind, v in load_schemas(REPO).validators.items()}
    checking_pool._start_worker(schemas)
    assert set(checking_pool._VALIDATORS) == set(schemas)
    assert checking_pool._VALIDATORS["freelancer"].errors({"name": "x"})
    assert checking_pool._VALIDATORS["freelancer"].covers_model


def test_crlf_files_report_the_right_lines(workspace, run_cfo):
    broken = FREELANCER.replace("daily_rate: 500", "daily_rate: -3")
    root = workspace({"roster/ada.yaml": broken.replace("\n", "\r\n").encode()})
    (root / "company.yaml").write_bytes(COMPANY.replace("\n", "\r\n").encode())
    report = json_report(run_cfo("-C", str(root), "check", "--format", "json"))
    [error] = report["errors"]
    line = broken.splitlines().index("daily_rate: -3") + 1
    assert (error["file"], error["line"], error["column"]) == ("roster/ada.yaml", line, 13)


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_an_accented_file_name_gets_a_valid_suggestion(workspace, run_cfo, form):
    name = unicodedata.normalize(form, "Émile Ünïcode.yaml")
    root = workspace({})
    (root / "roster" / name).write_text(FREELANCER, encoding="utf-8")
    report = json_report(run_cfo("-C", str(root), "check", "--format", "json"))
    [finding] = [e for e in report["errors"] if e["rule"] == "file-name"]
    assert unicodedata.normalize("NFC", finding["file"]) == "roster/Émile Ünïcode.yaml"
    assert "emile-unicode.yaml" in finding["message"]
