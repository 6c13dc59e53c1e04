"""The workspace's schemas: written by cfo init, extended by the company, refreshed by
cfo schemas sync, and compared with this cfo's by cfo check."""

from __future__ import annotations

import json
import shutil

import pytest

import cfo_tools
from cfo_tools.loading.kinds import schema_names
from cfo_tools.loading.workspace_schemas import embedded_packaged
from conftest import REPO, json_report

KINDS = ("company", "freelancer", "mission")


@pytest.fixture
def newco(tmp_path, run_cfo):
    root = tmp_path / "newco"
    assert run_cfo("init", str(root), "--owner-name", "Inès Roy").exit_code == 0
    return root


def schema(root, kind):
    return json.loads((root / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))


def write_schema(root, kind, value):
    (root / "schemas" / f"{kind}.schema.json").write_text(json.dumps(value, indent=2),
                                                          encoding="utf-8")


def test_init_writes_the_schemas_and_relative_modelines(newco, run_cfo):
    for kind in KINDS:
        written = schema(newco, kind)
        assert written["x-cfo-extends"] == f"{kind}.schema.json"
        assert written["$defs"]["cfo-packaged"]["x-cfo-version"] == cfo_tools.__version__
    assert (newco / "company.yaml").read_text().splitlines()[0] == (
        "# yaml-language-server: $schema=schemas/company.schema.json")
    assert run_cfo("-C", str(newco), "new", "freelancer", "ada").exit_code == 0
    assert run_cfo("-C", str(newco), "new", "mission", "site").exit_code == 0
    for file, kind in (("roster/ada.yaml", "freelancer"), ("missions/site.yaml", "mission")):
        first = (newco / file).read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"
    written = "".join(p.read_text(encoding="utf-8") for p in newco.rglob("*") if p.is_file())
    assert "file://" not in written and "site-packages" not in written


def test_every_reference_stays_inside_the_file(newco):
    def references(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    yield value
                else:
                    yield from references(value)
        elif isinstance(node, list):
            for value in node:
                yield from references(value)

    for kind in KINDS:
        refs = list(references(schema(newco, kind)))
        assert refs and all(r.startswith("#/$defs/cfo-packaged") for r in refs)


def test_the_extension_form_finds_what_the_packaged_schema_finds(tmp_path, run_cfo, newco):
    """The broken example workspace, checked with the packaged schemas and with the copies
    cfo init writes: the same findings, at the same places."""
    plain = tmp_path / "plain"
    shutil.copytree(REPO / "tests" / "broken-workspace", plain)
    shutil.rmtree(plain / "schemas", ignore_errors=True)
    extended = tmp_path / "extended"
    shutil.copytree(plain, extended)
    shutil.copytree(newco / "schemas", extended / "schemas")
    before = json_report(run_cfo("-C", str(plain), "check", "--format", "json"))
    after = json_report(run_cfo("-C", str(extended), "check", "--format", "json"))
    assert before["errors"] and after == before


def test_a_company_extension_is_checked(newco, run_cfo):
    freelancer = schema(newco, "freelancer")
    freelancer["required"] = ["phone"]
    freelancer["properties"] = {"extra": {"required": ["cost_center"]}}
    write_schema(newco, "freelancer", freelancer)
    run_cfo("-C", str(newco), "new", "freelancer", "ada", "--name", "Ada", "--email",
            "ada@example.fr", "--role", "web-developer", "--rate", "600")
    path = newco / "roster" / "ada.yaml"
    path.write_text(path.read_text() + "extra: {}\n")
    report = json_report(run_cfo("-C", str(newco), "check", "--format", "json"))
    messages = {e["message"] for e in report["errors"]}
    assert messages == {"missing required key 'phone'", "missing required key 'cost_center'"}


def test_sync_refreshes_the_packaged_part_and_keeps_the_company_s(newco, run_cfo):
    freelancer = schema(newco, "freelancer")
    freelancer["required"] = ["phone"]
    freelancer["$defs"]["cost-center"] = {"type": "string"}
    freelancer["$defs"]["cfo-packaged"]["x-cfo-version"] = "0.0.1"
    del freelancer["$defs"]["cfo-packaged"]["properties"]["email"]
    write_schema(newco, "freelancer", freelancer)
    (newco / "schemas" / "mission.schema.json").unlink()

    checked = run_cfo("-C", str(newco), "check")
    assert checked.exit_code == 0
    assert checked.stdout.count("note: ") == 1
    assert ("note: schemas/freelancer.schema.json holds the packaged schema of another "
            f"cfo-tools than this one ({cfo_tools.__version__}): run 'cfo schemas sync'"
            ) in checked.stdout

    synced = run_cfo("-C", str(newco), "schemas", "sync")
    assert synced.exit_code == 0
    assert synced.stdout.splitlines() == [
        "schemas/company.schema.json: up to date",
        "schemas/freelancer.schema.json: updated: the packaged part refreshed, your own "
        "keywords kept (was cfo-tools 0.0.1)",
        "schemas/mission.schema.json: written",
        "schemas/candidate.schema.json: up to date",
        "schemas/activity.schema.json: up to date",
        "schemas/invoice.schema.json: up to date",
    ]
    refreshed = schema(newco, "freelancer")
    assert refreshed["$defs"]["cfo-packaged"] == embedded_packaged("freelancer")
    assert refreshed["required"] == ["phone"]
    assert refreshed["$defs"]["cost-center"] == {"type": "string"}
    assert list(refreshed) == list(freelancer)  # the company's key order is kept
    assert "note:" not in run_cfo("-C", str(newco), "check").stdout
    again = run_cfo("-C", str(newco), "schemas", "sync")
    assert again.stdout.count("up to date") == len(schema_names())


def test_sync_leaves_a_company_s_own_schema_alone_unless_forced(newco, run_cfo):
    own = {"type": "object"}
    write_schema(newco, "company", own)
    (newco / "schemas" / "mission.schema.json").write_text("{ not json", encoding="utf-8")
    result = run_cfo("-C", str(newco), "schemas", "sync")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("schemas/company.schema.json: left alone: your own schema")
    assert lines[2].startswith("schemas/mission.schema.json: left alone (not valid JSON (line 1")
    assert schema(newco, "company") == own
    forced = run_cfo("-C", str(newco), "schemas", "sync", "--force")
    assert forced.exit_code == 0
    assert schema(newco, "company")["x-cfo-extends"] == "company.schema.json"
    assert schema(newco, "mission")["x-cfo-extends"] == "mission.schema.json"


def test_sync_writes_nothing_through_a_link(newco, run_cfo, tmp_path):
    outside = tmp_path / "outside.json"
    outside.write_text("{}")
    target = newco / "schemas" / "company.schema.json"
    target.unlink()
    target.symlink_to(outside)
    result = run_cfo("-C", str(newco), "schemas", "sync", "--force")
    assert result.exit_code == 2
    assert outside.read_text() == "{}"


def test_new_in_a_workspace_without_schemas_says_how_to_get_them(newco, run_cfo):
    shutil.rmtree(newco / "schemas")
    result = run_cfo("-C", str(newco), "new", "freelancer", "ada")
    assert result.exit_code == 0
    assert "schemas/freelancer.schema.json does not exist yet: run 'cfo schemas sync'" in (
        result.stderr)
    first = (newco / "roster" / "ada.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/freelancer.schema.json"


def test_this_repository_s_schemas_are_its_own_and_not_out_of_date(run_cfo):
    assert "note:" not in run_cfo("--today", "2026-11-26", "check").stdout


def test_the_commented_blocks_of_a_new_company_yaml_are_valid_once_uncommented(newco, run_cfo):
    # A new user fills company.yaml by removing the "# " of a block: each must then validate.
    company = newco / "company.yaml"
    lines = company.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# culture:"))
    opened = [line.removeprefix("# ") if i >= start and line.startswith("# ")
              and not line.startswith("# The ") else line for i, line in enumerate(lines)]
    company.write_text("\n".join(opened) + "\n", encoding="utf-8")
    assert "legal:" in opened and "payment_terms:   # how soon invoices are paid" in "\n".join(
        opened)
    result = run_cfo("-C", str(newco), "check", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json_report(result)
    # Only what cfo init asks to replace: its pitch and its example team member.
    assert report["errors"] == []
    assert {(w["rule"], w["path"]) for w in report["warnings"]} == {
        ("placeholder-text", "/pitch"), ("placeholder-text", "/team/0/email")}
