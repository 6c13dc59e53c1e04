"""`cfo talent`, `cfo planning`, `cfo conflicts` and `cfo calendar` load the workspace as
`cfo find` and `cfo status` do (issue 16): without the cross-file rules, which leave nothing
out of the model and cost a cold run as much as a tenth of it, nor the missions' briefs,
which none of them reads. Their warning names the files left out; a company the calendar
cannot use is still refused with the rule that says why."""

from __future__ import annotations

import pytest

from cfo_tools.checks import validation
from conftest import company_yaml, freelancer_yaml, mission_yaml

COMMANDS = [("talent",), ("planning", "--from", "2026-11-16"), ("conflicts",), ("calendar",)]


@pytest.fixture
def mixed(workspace):
    """A freelancer file broken on its own, and a mission naming nobody in the roster."""
    return workspace({
        "roster/ada.yaml": freelancer_yaml(),
        "roster/bob.yaml": "name: Bob\nemail: [not, an, address]\n",
        "missions/m.yaml": mission_yaml("2026-11-16", "2026-12-18", ("ghost", 100),
                                        status="in-progress"),
    })


@pytest.mark.parametrize("command", COMMANDS)
def test_the_warning_names_the_files_left_out(mixed, run_cfo, command):
    result = run_cfo("-C", str(mixed), "--today", "2026-11-26", *command)
    assert result.exit_code == 0
    assert "1 file(s) with errors are partly or wholly left out (roster/bob.yaml)" \
        in result.stderr
    assert "missions/m.yaml" not in result.stderr  # its record is there, only inconsistent


@pytest.mark.parametrize("command", COMMANDS)
def test_the_cross_file_rules_are_not_run(mixed, run_cfo, monkeypatch, command):
    def refuse(*args: object) -> None:
        raise AssertionError("the cross-file rules ran")

    monkeypatch.setattr(validation, "run_rules", refuse)
    assert run_cfo("-C", str(mixed), "--today", "2026-11-26", *command).exit_code == 0


@pytest.mark.parametrize("command", COMMANDS)
def test_no_brief_is_read(mixed, run_cfo, monkeypatch, command):
    """Warm, the snapshot gives missions without their briefs (reading one raises): the
    output is the cold one."""
    cache = mixed.parent / "cache"
    monkeypatch.setenv("CFO_CACHE_DIR", str(cache))
    monkeypatch.delenv("CFO_NO_CACHE", raising=False)
    cold = run_cfo("-C", str(mixed), "--today", "2026-11-26", *command)
    warm = run_cfo("-C", str(mixed), "--today", "2026-11-26", *command)
    assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout)


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unknown_holiday_region_is_still_refused_with_its_reason(workspace, run_cfo,
                                                                     command):
    root = workspace({"company.yaml": company_yaml("country: XX\n"),
                      "roster/ada.yaml": freelancer_yaml()})
    result = run_cfo("-C", str(root), "--today", "2026-11-26", *command)
    assert result.exit_code == 1
    assert "holiday-region" in result.stderr
    assert "company.yaml has errors" in result.stderr
