"""``cfo site`` keeps the parts of its views (each mission's deliverables and spend, the
paperwork of each contract on the compliance board) under the keys of what they read: after
an edit only the parts that read an edited record (or the day, or the company's data) are
made again, and the folder is byte for byte what a fresh build without the cache makes."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from cfo_tools.checks.runner import calendar_of, run_checks
from cfo_tools.loading.resources import packaged_dir
from cfo_tools.site import compliance_board, record_views
from cfo_tools.site.inputs import SiteInputs
from cfo_tools.site.pages import SiteData
from cfo_tools.site.view_memo import ViewMemo
from cfo_tools.steering.agenda import PAPERWORK, build_agenda

TODAY = "2026-11-27"
MISSION = "application-mobile-velo-partage"
#: On that mission, with a rate (its spend reads her) and a contract going on.
FREELANCER = "david-nguyen"


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in folder.rglob("*") if path.is_file()}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _comment_in_a_mission(root: Path) -> None:
    with (root / "missions" / f"{MISSION}.yaml").open("a", encoding="utf-8") as file:
        file.write("# a comment\n")


def _mission_dates(root: Path) -> None:
    _replace(root / "missions" / f"{MISSION}.yaml", "end: 2026-12-18", "end: 2027-01-29")


def _freelancer_skills(root: Path) -> None:
    path = root / "roster" / f"{FREELANCER}.yaml"
    text = path.read_text(encoding="utf-8")
    skills = re.search(r"^skills: \[", text, re.M)
    assert skills
    path.write_text(text.replace(skills[0], "skills: [cobol, ", 1), encoding="utf-8")


def _freelancer_rate(root: Path) -> None:
    path = root / "roster" / f"{FREELANCER}.yaml"
    rate = re.search(r"^daily_rate: (\d+)$", path.read_text(encoding="utf-8"), re.M)
    assert rate
    _replace(path, rate[0], f"daily_rate: {int(rate[1]) + 35}")


def _freelancer_paperwork(root: Path) -> None:
    path = root / "roster" / f"{FREELANCER}.yaml"
    text = path.read_text(encoding="utf-8")
    issued = re.search(r"^    issued: (\d{4})-", text, re.M)
    assert issued
    _replace(path, issued[0], f"    issued: {int(issued[1]) - 2}-")


def _mission_drafted(root: Path) -> None:
    _replace(root / "missions" / f"{MISSION}.yaml", "status: in-progress", "status: draft")


def _company_policy(root: Path) -> None:
    _replace(root / "company.yaml", "insurance: [rc-pro]", "insurance: [rc-pro, decennale]")


def _company_renamed(root: Path) -> None:
    path = root / "company.yaml"
    name = re.search(r"^name: (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert name
    _replace(path, name[0], "name: Autre Nom")


def _rename_mission(root: Path) -> None:
    (root / "missions" / f"{MISSION}.yaml").rename(root / "missions" / "renamed.yaml")


def _delete_freelancer(root: Path) -> None:
    (root / "roster" / f"{FREELANCER}.yaml").unlink()


def _mission_template(root: Path) -> None:
    own = root / "templates" / "site"
    own.mkdir(parents=True)
    packaged = packaged_dir("templates") / "site" / "mission.html.j2"
    (own / "mission.html.j2").write_text(packaged.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}<p>Ours.</p>", 1), encoding="utf-8")


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many parts of each kind the builds made (not taken from the memo)."""
    counts: Counter[str] = Counter()

    def counting(name: str, module: object) -> None:
        original = getattr(module, name)

        def count(*args: object) -> object:
            counts[name] += 1
            return original(*args)

        monkeypatch.setattr(module, name, count)

    counting("_deliverables", record_views)
    counting("_spend", record_views)
    counting("_not_in_order", compliance_board)
    return counts


def _build(run_cfo, root: Path, out: Path, *more: str, today: str = TODAY) -> None:
    result = run_cfo("-C", str(root), *more, "--today", today, "site", "-o", str(out))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("change", [
    _comment_in_a_mission, _mission_dates, _freelancer_skills, _freelancer_rate,
    _freelancer_paperwork, _mission_drafted, _company_policy, _company_renamed,
    _rename_mission, _delete_freelancer, _mission_template])
def test_after_an_edit_the_site_is_what_a_fresh_build_makes(change, run_cfo, example,
                                                             tmp_path, made):
    out = tmp_path / "site"
    _build(run_cfo, example, out)
    missions = len(list((example / "missions").glob("*.yaml")))
    assert made["_deliverables"] == missions
    change(example)
    made.clear()
    _build(run_cfo, example, out)
    again = +made
    _build(run_cfo, example, tmp_path / "fresh", "--no-cache")
    assert _files(out) == _files(tmp_path / "fresh")
    made = again
    # Only what read an edited record is made again.
    assert made["_deliverables"] <= missions
    if change in (_company_renamed, _freelancer_skills, _mission_template,
                  _delete_freelancer, _comment_in_a_mission):
        # Nothing read by the parts (skills: the record's key changes, its parts with it).
        assert made["_deliverables"] == 0
    elif change in (_mission_dates, _rename_mission):
        assert made["_deliverables"] == 1
    if change is _company_policy:
        assert made["_deliverables"] == missions  # another company: another store
    if change in (_company_renamed, _mission_template, _comment_in_a_mission):
        # (A comment changes no record: the whole build is kept, ``shown_state.py``.)
        assert not +made


def test_another_day_makes_the_dated_parts_again_only(run_cfo, example, tmp_path, made):
    out = tmp_path / "site"
    _build(run_cfo, example, out)
    made.clear()
    _build(run_cfo, example, out, today="2026-12-04")
    assert made["_deliverables"] == 0
    assert made["_spend"] == len(list((example / "missions").glob("*.yaml")))
    assert made["_not_in_order"] > 0
    _build(run_cfo, example, tmp_path / "fresh", "--no-cache", today="2026-12-04")
    assert _files(out) == _files(tmp_path / "fresh")


def test_without_a_cache_every_part_is_made(run_cfo, example, tmp_path, made):
    _build(run_cfo, example, tmp_path / "one", "--no-cache")
    first = +made
    made.clear()
    _build(run_cfo, example, tmp_path / "two", "--no-cache")
    assert +made == first and first["_deliverables"] > 0


class _Filed:
    def __init__(self, file: str) -> None:
        self.file = file


def test_a_part_is_keyed_by_each_record_it_reads_and_the_day():
    keys = {"a.yaml": b"a" * 32, "b.yaml": b"b" * 32}
    memo = ViewMemo(None, None, keys, date(2026, 11, 27))
    a, b = _Filed("a.yaml"), _Filed("b.yaml")
    key = memo._key("spend", (a, b), dated=True)
    assert key is not None
    assert key != memo._key("spend", (b, a), dated=True)
    assert key != memo._key("spend", (a, b), dated=False)
    assert key != memo._key("spend", (a, b, None), dated=True)
    assert key != memo._key("deliverables", (a, b), dated=True)
    other_day = ViewMemo(None, None, keys, date(2026, 11, 28))
    assert key != other_day._key("spend", (a, b), dated=True)
    assert memo._key("spend", (a, _Filed("c.yaml")), dated=True) is None


def test_a_part_whose_record_has_no_key_is_made_every_time():
    memo = ViewMemo(None, None, {}, date(2026, 11, 27))
    calls = []
    for _ in range(2):
        memo.part("deliverables", (_Filed("m.yaml"),), lambda: calls.append(1) or ())
    assert len(calls) == 2


def test_the_agenda_s_paperwork_from_the_kept_parts_is_the_agenda_s_own(example, tmp_path):
    today = date(2026, 11, 27)
    _freelancer_paperwork(example)  # something on the agenda's paperwork
    made = []
    for _ in range(2):  # the parts made, then the parts kept
        report = run_checks(example, today=today, cache_folder=tmp_path / "cache")
        calendar = calendar_of(report.validation)
        assert calendar is not None
        data = SiteData(SiteInputs(report, calendar, today, "fr"))
        made.append(data.agenda.items)
        data.records  # noqa: B018 - saves the parts
    own = build_agenda(report.validation.workspace, calendar, today=today).items
    assert any(item.kind == PAPERWORK for item in own)
    assert made == [own, own]


def test_the_board_and_the_agenda_make_each_contracts_paperwork_once(example, made):
    """The home page's worker makes the agenda and the board: each contract's items are made
    (or taken from the memo) once, and both show what each made on its own shows."""
    today = date.fromisoformat(TODAY)
    _freelancer_paperwork(example)  # something on the agenda's paperwork
    report = run_checks(example, today=today)
    calendar = calendar_of(report.validation)
    assert calendar is not None
    data = SiteData(SiteInputs(report, calendar, today, "fr"))
    agenda, board = data.agenda, data.board
    contracts = {(item.freelancer.id, item.mission.id) for item in board}
    assert contracts and any(item.kind == PAPERWORK for item in agenda.items)
    assert made["_not_in_order"] == sum(
        len(missions) for _, missions in data.follow_up.current_or_upcoming())
    alone = SiteData(SiteInputs(report, calendar, today, "fr"))
    assert alone.board == board and alone.agenda == agenda
    assert made["_not_in_order"] == 2 * sum(
        len(missions) for _, missions in data.follow_up.current_or_upcoming())


def test_what_the_site_computes_is_computed_with_the_collector_paused(example, monkeypatch):
    """The views, lists and reports live until the pages are made: computed with the
    collector paused (and, in the command, frozen afterwards: ``bulk_loading``), so that
    its full passes do not walk them again and again; it runs again afterwards."""
    import gc

    from cfo_tools.site import pages

    paused: dict[str, bool] = {}

    def watched(name, real):
        def seen(*args, **options):
            paused[name] = not gc.isenabled()
            return real(*args, **options)

        return seen

    for name in ("record_views", "compliance_board", "build_agenda", "status_board",
                 "talent_report", "build_planning", "shown_findings"):
        monkeypatch.setattr(pages, name, watched(name, getattr(pages, name)))
    today = date.fromisoformat(TODAY)
    report = run_checks(example, today=today)
    calendar = calendar_of(report.validation)
    assert calendar is not None
    data = SiteData(SiteInputs(report, calendar, today, "fr"))
    for made in ("records", "agenda", "status", "talent", "planning", "findings"):
        getattr(data, made)
    assert gc.isenabled()
    assert paused == dict.fromkeys(paused, True) and len(paused) == 7
