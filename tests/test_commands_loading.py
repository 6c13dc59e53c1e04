"""`cfo talent`, `cfo planning`, `cfo conflicts` and `cfo calendar` load the workspace as
`cfo find` and `cfo status` do (issue 16): without the cross-file rules, which leave nothing
out of the model and cost a cold run as much as a tenth of it, nor the missions' briefs,
which none of them reads. The warning, the rules left out and the refusal of a company the
calendar cannot use are tested with find's and status's in test_find_status_loading.py."""

from __future__ import annotations

import pytest

COMMANDS = [("talent",), ("planning", "--from", "2026-11-16"), ("conflicts",), ("calendar",),
            # The reports on the paperwork and the pipeline read no brief and no rule either.
            ("agenda",), ("pipeline",), ("requests",), ("spend",), ("budget",), ("invoices",),
            ("activity", "status")]


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


BUILDERS = [(("--no-cache", "talent"), "cfo_tools.steering.talent", "talent_report"),
            (("talent",), "cfo_tools.steering.talent", "talent_report_of_times"),
            (("planning", "--from", "2026-11-16"), "cfo_tools.planning.load", "build_planning"),
            (("conflicts",), "cfo_tools.checks.remembered_conflicts", "located_conflicts"),
            (("--no-cache", "conflicts"), "cfo_tools.checks.remembered_conflicts",
             "find_conflicts"),
            (("--no-cache", "calendar"), "cfo_tools.planning.calendar_export", "build_calendar"),
            (("calendar",), "cfo_tools.reporters.calendar_events", "calendar_from_views"),
            (("--no-cache", "status"), "cfo_tools.steering.status_board", "status_board")]


@pytest.mark.parametrize(("command", "module", "name"), BUILDERS)
def test_the_results_are_built_with_the_collector_paused(mixed, run_cfo, monkeypatch, command,
                                                         module, name):
    """On 110,000 files the collector walking the new rows, conflicts or events again and
    again was a fifth to two fifths of the work after loading; it is back on afterwards."""
    import gc
    import importlib

    seen = _collector_states(monkeypatch, importlib.import_module(module), name)
    assert run_cfo("-C", str(mixed), "--today", "2026-11-26", *command).exit_code == 0
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.parametrize("command", [("status",), ("find", "--start", "2026-12-07", "--days", "5"),
                                     ("calendar",), ("planning", "--from", "2026-11-16"),
                                     ("talent",)])
def test_the_views_of_a_cold_cache_are_made_with_the_collector_paused(mixed, run_cfo,
                                                                     monkeypatch, command):
    """With many documents to load (a cold cache on a large workspace: more than
    MOST_LOADED), every document's view is made from the loaded workspace: on 110,000 files
    the collector made that 1.4x to 2.5x as costly; it is back on afterwards."""
    import gc

    from cfo_tools.checks import workspace_views
    from cfo_tools.cli import view_loading

    monkeypatch.setattr(workspace_views, "MOST_LOADED", 0)

    monkeypatch.setenv("CFO_CACHE_DIR", str(mixed.parent / "cache"))
    monkeypatch.delenv("CFO_NO_CACHE", raising=False)
    seen = _collector_states(monkeypatch, view_loading, "views_of_workspace")
    assert run_cfo("-C", str(mixed), "--today", "2026-11-26", *command).exit_code == 0
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.parametrize("command", [("--no-cache", "check"), ("site", "-o", "{out}")])
def test_the_checks_without_a_report_state_run_with_the_collector_paused(
        mixed, run_cfo, monkeypatch, tmp_path, command):
    """`check --no-cache` and `cfo site` check the workspace as a cold `check` does, with
    the collector paused while the conflicts and follow-up are found (on 22,000 files its
    passes over what they make freed nothing); it is back on afterwards."""
    import gc

    from cfo_tools.checks import runner

    seen = _collector_states(monkeypatch, runner, "_checked")
    arguments = [part.format(out=tmp_path / "site") for part in command]
    result = run_cfo("-C", str(mixed), "--today", "2026-11-26", *arguments)
    assert result.exit_code in (0, 1), result.output
    assert seen == [False]
    assert gc.isenabled()


def _collector_states(monkeypatch: pytest.MonkeyPatch, target: object, name: str
                      ) -> list[bool]:
    """Whether the collector was on at each call of ``target.name`` (filled in as it is
    called)."""
    import gc

    real = getattr(target, name)
    seen: list[bool] = []

    def watched(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, watched)
    return seen
