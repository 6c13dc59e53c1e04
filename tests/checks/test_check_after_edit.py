"""`cfo check` after a few edits without the workspace's model (``checks/after_edit.py``,
issue 16): from the documents' facts, the records of the subjects checked again and the
paperwork (activity reports, invoices, candidates) with what it names, the same bytes as
``--no-cache`` in every format, with and without ``--strict``."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_report_by_file import FORMATS, checked, edits_give_the_bytes_of_no_cache, same_bytes
from test_subject_memo import EDIT, REPO, TODAY, copy_example

from cfo_tools.checks import (
    after_edit,
    check_facts,
    paperwork_groups,
    rule_subjects,
    runner,
    subject_checks,
)
from cfo_tools.checks.report_by_file import SUBJECT_KINDS, SUBJECT_SOURCES, ReportState
from cfo_tools.checks.rules import duplicate_order
from cfo_tools.checks.validation import PreparedRun, prepare_run
from cfo_tools.loading import workspace_snapshot
from cfo_tools.model.records import Mission


def copy_people_and_missions(root: Path) -> Path:
    """The example's company, roster and missions: no activity report, invoice or candidate
    (no paperwork to load on every run)."""
    root.mkdir()
    shutil.copy(REPO / "company.yaml", root)
    for folder in ("roster", "missions"):
        shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each run that had a last report, whether it was made without the whole
    workspace."""
    found: list[bool] = []
    inputs = after_edit.inputs_after_edit

    def recording(prepared, today, state, *args):  # type: ignore[no-untyped-def]
        result = inputs(prepared, today, state, *args)
        if state.head is not None:
            found.append(result is not None)
        return result

    monkeypatch.setattr(after_edit, "inputs_after_edit", recording)
    return found


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(EDIT, st.sampled_from(FORMATS), st.booleans()),
                     min_size=1, max_size=6),
       direct_up_to=st.sampled_from([0, 200]))
def test_random_edits_give_the_bytes_of_no_cache(monkeypatch, steps, direct_up_to):
    """Edits, renames, deletions, copies, another day, in every format, with and without
    the memo for the subjects checked again."""
    monkeypatch.setattr(subject_checks, "DIRECT_UP_TO", direct_up_to)
    monkeypatch.setattr(rule_subjects, "DIRECT_UP_TO", direct_up_to)
    monkeypatch.setattr(rule_subjects, "WHOLE_FROM", 1)  # never at once on a partial model
    edits_give_the_bytes_of_no_cache(copy_people_and_missions, steps)


@pytest.mark.parametrize("edited", [
    "missions/application-mobile-velo-partage.yaml", "roster/alice-martin.yaml"])
@pytest.mark.parametrize("output_format", FORMATS)
def test_one_edit_loads_no_snapshot(tmp_path, monkeypatch, answered, edited, output_format):
    one_edit_loads_no_snapshot(copy_people_and_missions(tmp_path / "ws"), tmp_path,
                               monkeypatch, answered, edited, output_format)


def one_edit_loads_no_snapshot(root, tmp_path, monkeypatch, answered, edited,
                               output_format):
    """Checked once, then ``edited`` gets a comment: the next check gives the bytes of
    ``--no-cache`` and answers without opening the workspace's snapshot."""
    cache = tmp_path / "cache"
    checked(root, cache, TODAY, output_format)
    opened: list[bool] = []
    snapshot = workspace_snapshot.WorkspaceSnapshot.__init__

    def recording(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(True)
        snapshot(self, *args, **kwargs)

    monkeypatch.setattr(workspace_snapshot.WorkspaceSnapshot, "__init__", recording)
    path = root / edited
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    same_bytes(root, cache, TODAY, output_format, False)
    assert answered[0] and not opened


def test_a_wrong_order_number_and_an_unknown_freelancer_after_an_edit(tmp_path, answered):
    """The rules reading across missions, from the facts: an order number used twice, a
    freelancer no roster file has, an id with no label; then fixed again."""
    root = copy_people_and_missions(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, "text", False)
    mission = root / "missions" / "plateforme-reservation-gites.yaml"
    original = mission.read_text(encoding="utf-8")
    edited = original.replace("freelancer: ", "freelancer: personne-", 1)
    edited += ("skills: [une-competence-sans-nom]\n" if "\nskills:" not in edited else "")
    mission.write_text(edited, encoding="utf-8")
    same_bytes(root, cache, TODAY, "text", False)
    assert "personne-" in checked(root, cache, TODAY, "text")[1]
    mission.write_text(original, encoding="utf-8")
    same_bytes(root, cache, TODAY, "json", True)
    assert answered and all(answered)


def test_a_file_too_large_to_read_after_an_edit(tmp_path, answered):
    """A mission grown past the size read (its key is why it cannot be read, not bytes),
    then another edit beside it, then made readable again: the bytes of ``--no-cache``,
    each time without the whole workspace (the passes over every document's key take the
    unreadable one apart)."""
    root = copy_people_and_missions(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, "json", False)
    mission = root / "missions" / "plateforme-reservation-gites.yaml"
    original = mission.read_bytes()
    mission.write_bytes(original + b"#" * (10 * 1024 * 1024) + b"\n")
    same_bytes(root, cache, TODAY, "json", False)
    assert "file-too-large" in checked(root, cache, TODAY, "json")[1]
    other = root / "missions" / "application-mobile-velo-partage.yaml"
    other.write_bytes(other.read_bytes() + b"# edited\n")
    same_bytes(root, cache, TODAY, "text", True)
    mission.write_bytes(original)
    same_bytes(root, cache, TODAY, "json", False)
    assert answered and all(answered)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(EDIT, st.sampled_from(FORMATS), st.booleans()),
                     min_size=1, max_size=6),
       direct_up_to=st.sampled_from([0, 200]))
def test_random_edits_with_paperwork_give_the_bytes_of_no_cache(monkeypatch, answered, steps,
                                                                 direct_up_to):
    """The same with the example's activity reports, invoices and candidates, whose rules
    read across records: an edit of any of them, of a mission or of a freelancer (and a
    rename, a deletion, a copy, another day) gives the bytes of ``--no-cache``."""
    monkeypatch.setattr(subject_checks, "DIRECT_UP_TO", direct_up_to)
    monkeypatch.setattr(rule_subjects, "DIRECT_UP_TO", direct_up_to)
    monkeypatch.setattr(rule_subjects, "WHOLE_FROM", 1)  # never at once on a partial model
    edits_give_the_bytes_of_no_cache(copy_example, steps)


@pytest.mark.parametrize("edited", [
    "missions/application-mobile-velo-partage.yaml", "roster/alice-martin.yaml",
    "activity/2026-11/emma-petit.yaml", "invoices/david-nguyen/dn-2026-10.yaml",
    "candidates/ines-moreau.yaml"])
@pytest.mark.parametrize("output_format", FORMATS)
def test_with_paperwork_one_edit_loads_no_snapshot(tmp_path, monkeypatch, answered, edited,
                                                   output_format):
    one_edit_loads_no_snapshot(copy_example(tmp_path / "ws"), tmp_path, monkeypatch, answered,
                               edited, output_format)


@pytest.mark.parametrize(("edited", "old", "new", "rule"), [
    # An invoice's order number against its freelancer's orders, on their missions.
    ("invoices/david-nguyen/dn-2026-10.yaml", 'order: "', 'order: "X', "invoice-unknown-reference"),
    # A mission read by a report: its freelancer's assignment made tentative.
    ("missions/strategie-contenu-office-tourisme.yaml", "    allocation: 50\n",
     "    allocation: 50\n    tentative: true\n", "activity-outside-assignment"),
    # A freelancer read by their invoices: another SIRET.
    ("roster/david-nguyen.yaml", '"65630481373435"', '"73282932000074"', "invoice-seller-siret"),
    # A candidate read with the roster's ids: joined, without a roster file.
    ("candidates/ines-moreau.yaml", "stage: interested", "stage: joined", "candidate-joined"),
])
def test_paperwork_rules_after_an_edit(tmp_path, answered, edited, old, new, rule):
    """The rules reading across the paperwork and what it names, after an edit that makes
    one report (then the edit undone): the bytes of ``--no-cache``, on the fast path."""
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, "text", False)
    assert rule not in checked(root, cache, TODAY, "text")[1]
    path = root / edited
    original = path.read_text(encoding="utf-8")
    assert old in original
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    same_bytes(root, cache, TODAY, "json", False)
    assert rule in checked(root, cache, TODAY, "text")[1]
    path.write_text(original, encoding="utf-8")
    same_bytes(root, cache, TODAY, "text", True)
    assert answered and all(answered)


@pytest.mark.parametrize("subdivision", ["", "subdivision: ZZ\n", "subdivision: '57'\n"])
def test_holiday_region_after_a_freelancer_edit(tmp_path, subdivision):
    """The company-and-roster subject checked again: holiday-region is not run when the
    company's calendar could be made (a region the library knows), and is when not."""
    root = copy_people_and_missions(tmp_path / "ws")
    company = root / "company.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace(
        "country: FR\n", f"country: FR\n{subdivision}"), encoding="utf-8")
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, "text", False)
    person = root / "roster" / "alice-martin.yaml"
    person.write_text(person.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    same_bytes(root, cache, TODAY, "text", False)
    found = "holiday-region" in checked(root, cache, TODAY, "text")[1]
    assert found == ("ZZ" in subdivision)


@pytest.mark.parametrize(("edited", "groups"), [
    ("activity/2026-11/emma-petit.yaml", {("paperwork", "emma-petit")}),
    ("invoices/david-nguyen/dn-2026-10.yaml", {("paperwork", "david-nguyen")}),
    ("candidates/ines-moreau.yaml", {("candidate", "ines-moreau")}),
    ("roster/david-nguyen.yaml", {("paperwork", "david-nguyen")}),
    # Named by Emma Petit's reports and invoice, and Karim Saïdi's report.
    ("missions/strategie-contenu-office-tourisme.yaml",
     {("paperwork", "emma-petit"), ("paperwork", "karim-saidi")}),
    # Named by no report nor invoice.
    ("missions/audit-accessibilite-mutuelle-horizon.yaml", set()),
])
def test_after_one_edit_only_the_groups_it_touches_are_computed(tmp_path, monkeypatch,
                                                                answered, edited, groups):
    """The paperwork's problems of the other groups come from the memo that the first
    (whole) run filled."""
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    checked(root, cache, TODAY, "text")
    computed: list[tuple[str, str]] = []
    compute = paperwork_groups.computed

    def recording(subject, calendar, today):  # type: ignore[no-untyped-def]
        computed.append((subject.kind, subject.id))
        return compute(subject, calendar, today)

    monkeypatch.setattr(paperwork_groups, "computed", recording)
    path = root / edited
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    same_bytes(root, cache, TODAY, "text", False)
    assert answered == [True] and set(computed) == groups


@pytest.mark.parametrize(("edit", "rechecked"), [
    ("# a comment that moves every line\n{}", False),
    ("{}# a comment at the end\n", False),
    ("{}|name: Atelier Lumen|name: Atelier Lumière", False),
    ("{}|from: 2026-12-24|from: 2026-12-21", True),
])
def test_a_company_edit_checks_again_only_what_its_data_changed(tmp_path, monkeypatch, edit,
                                                                 rechecked):
    """A comment or a field no rule reads keeps every subject's key (none is made again),
    yet the findings on company.yaml (a SIREN whose checksum fails) stand on their new
    lines; a closure, which every calendar reads, checks every
    subject again. Always the bytes of ``--no-cache``."""
    root = copy_people_and_missions(tmp_path / "ws")
    company = root / "company.yaml"
    text = company.read_text(encoding="utf-8").replace('siren: "882461734"',
                                                       'siren: "882461735"')
    company.write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, "json", False)
    subjects: list[set[tuple[str, str]] | None] = []
    inputs = after_edit.inputs_after_edit

    def recording(prepared, today, state, *args):  # type: ignore[no-untyped-def]
        result = inputs(prepared, today, state, *args)
        subjects.append(None if result is None else result.recheck.subjects)
        return result

    monkeypatch.setattr(after_edit, "inputs_after_edit", recording)
    template, _, change = edit.partition("|")
    if change:
        old, new = change.split("|")
        assert old in text
        text = text.replace(old, new, 1)
    company.write_text(template.replace("{}", text), encoding="utf-8")
    expected = checked(root, None, TODAY, "json")
    assert '"invalid-siren"' in expected[1]
    assert checked(root, cache, TODAY, "json") == expected
    assert checked(root, cache, TODAY, "text") == checked(root, None, TODAY, "text")
    if rechecked:
        assert subjects[0] is None or len(subjects[0]) > 1
    else:
        assert subjects[0] == set()


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, set[tuple[str, str]] | None]]:
    """For each run answered after an edit, whether it looked every subject's sources up
    (``_all_known``), and the subjects whose sources it listed (``CheckInputs.current``)."""
    found: list[tuple[bool, set[tuple[str, str]] | None]] = []
    inputs, all_known = after_edit.inputs_after_edit, after_edit._all_known
    looked: list[bool] = []

    def looking(*args):  # type: ignore[no-untyped-def]
        looked.append(True)
        return all_known(*args)

    def recording(prepared, today, state, holidays):  # type: ignore[no-untyped-def]
        looked.clear()
        result = inputs(prepared, today, state, holidays)
        if result is not None:
            found.append((bool(looked), result.current))
        return result

    monkeypatch.setattr(after_edit, "_all_known", looking)
    monkeypatch.setattr(after_edit, "inputs_after_edit", recording)
    return found


def _comment(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")


def _checked_after_one_edit(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The workspace, checked whole, then after a comment added to one mission (the bytes
    of ``--no-cache``): the workspace, the cache, the mission."""
    root = copy_people_and_missions(tmp_path / "ws")
    cache = tmp_path / "cache"
    checked(root, cache, TODAY, "json")
    mission = root / "missions" / "application-mobile-velo-partage.yaml"
    _comment(mission)
    same_bytes(root, cache, TODAY, "json", False)
    return root, cache, mission


def test_after_a_run_of_a_few_edits_no_subject_is_looked_up(tmp_path, listed):
    """The first run after a whole one looks every subject's sources up; it keeps the digest
    of its subjects, and the next edit, with the same subjects, lists only those it checks
    again: the others' sources are the last run's. The bytes of ``--no-cache`` each time."""
    root, cache, mission = _checked_after_one_edit(tmp_path)
    _comment(mission)
    same_bytes(root, cache, TODAY, "text", True)
    assert [looked for looked, _ in listed] == [True, False]
    current = listed[1][1]
    assert current is not None and ("mission", "application-mobile-velo-partage") in current
    missions = len(list((root / "missions").iterdir()))
    assert len(current) < missions


@pytest.mark.parametrize("change", ["delete", "add", "rename"])
def test_a_subject_gone_or_new_after_a_run_of_a_few_edits(tmp_path, listed, change):
    """A mission deleted, added or renamed after a run that kept its subjects' digest: the
    gone subject's sources are dropped, the new one's listed; the other subjects' digest
    differs then, so each one's sources are looked up. The bytes of ``--no-cache``."""
    root, cache, mission = _checked_after_one_edit(tmp_path)
    if change == "delete":
        mission.unlink()
    elif change == "add":
        shutil.copy(mission, root / "missions" / "une-copie.yaml")
    else:
        mission.rename(root / "missions" / "un-autre-nom.yaml")
    for output_format in FORMATS:
        same_bytes(root, cache, TODAY, output_format, False)
    _comment(root / "missions" / "plateforme-reservation-gites.yaml")
    same_bytes(root, cache, TODAY, "json", False)
    # Looked up after the whole run and after the change of subjects only.
    assert [looked for looked, _ in listed] == [True, True, False, False, False]


def test_a_gone_subject_not_checked_again_loads_the_whole_workspace():
    """Every source of the subjects kept is known, but a subject of the last run is gone and
    not among those checked again: its sources would be kept, so the run cannot list only
    some subjects."""
    sources = {("rules", "people", ""): b"k", ("rules", "mission", "a"): b"k",
               ("follow-up", "mission", "a"): b"k", ("rules", "mission", "b"): b"k",
               ("follow-up", "mission", "b"): b"k", ("files", "", ""): None}
    current = [("people", ""), ("mission", "a")]
    assert not after_edit._all_known(current, set(), sources)
    assert after_edit._all_known(current, {("mission", "b")}, sources)
    # And a subject kept whose source is unknown.
    assert not after_edit._all_known([*current, ("mission", "c")], {("mission", "b")}, sources)


def test_every_source_of_a_subject_is_of_what_its_kind_computes(tmp_path):
    """``SUBJECT_SOURCES`` names what each kind of subject computes: the sources the update
    finds gone among the subjects listed (and those ``_all_known`` asks for)."""
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    checked(root, cache, TODAY, "json")
    prepared = prepare_run(root, cache_folder=cache)
    assert prepared.cache is not None and prepared.remembered_as is not None
    sources = ReportState.open(prepared.cache, prepared.remembered_as).tables["sources"]
    kinds = {kind for _, kind, _ in sources if kind in SUBJECT_KINDS}
    assert kinds == SUBJECT_KINDS
    assert all(what in SUBJECT_SOURCES[kind] for what, kind, _ in sources
               if kind in SUBJECT_KINDS)
    for kind, whats in SUBJECT_SOURCES.items():
        assert {what for what, found, _ in sources if found == kind} == set(whats)


@pytest.fixture
def across(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, bool]]:
    """For each run after an edit, whether the rules across missions read only the changed
    documents (the last run's found nothing), and whether duplicate-order ran."""
    found: list[tuple[bool, bool]] = []
    rules, orders = after_edit._across, duplicate_order.problems
    inside: list[bool] = []

    def recording(workspace, built, rule_detail, since=None):  # type: ignore[no-untyped-def]
        found.append((since is not None, False))
        inside.append(True)
        try:
            return iter(list(rules(workspace, built, rule_detail, since)))
        finally:
            inside.clear()

    def counted(missions):  # type: ignore[no-untyped-def]
        if inside:  # not a run on the whole workspace (``--no-cache``'s)
            found[-1] = (found[-1][0], True)
        return orders(missions)

    monkeypatch.setattr(after_edit, "_across", recording)
    monkeypatch.setattr(duplicate_order, "problems", counted)
    return found


ORDERED = "missions/application-mobile-velo-partage.yaml"


@pytest.mark.parametrize(("edit", "since", "orders"), [
    # A comment: the changed mission names the order numbers it named.
    (lambda text: text + "# edited\n", True, False),
    # Another number, new: none is named twice.
    (lambda text: text.replace("BC-2026-031", "BC-2026-999"), True, True),
    # The number of another mission's order: named twice.
    (lambda text: text.replace("BC-2026-031", "BC-2026-018"), True, True),
    # A freelancer no roster file has, a skill with no label.
    (lambda text: text.replace("freelancer: ", "freelancer: personne-", 1)
     + ("skills: [une-competence-sans-nom]\n" if "\nskills:" not in text else ""),
     True, False),
])
def test_the_rules_across_missions_after_a_run_that_found_nothing(tmp_path, across, edit,
                                                                   since, orders):
    """After a run whose rules across missions found nothing, they read the changed
    documents only, and duplicate-order runs only when a changed mission names an order
    number it did not: the bytes of ``--no-cache``; then, the last run having found
    something, every document again."""
    root = copy_people_and_missions(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, "json", False)
    mission = root / ORDERED
    original = mission.read_text(encoding="utf-8")
    mission.write_text(edit(original), encoding="utf-8")
    same_bytes(root, cache, TODAY, "text", False)
    assert across[0] == (since, orders)
    found = checked(root, cache, TODAY, "text")[1]
    other = root / "missions" / "plateforme-reservation-gites.yaml"
    other.write_text(other.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    same_bytes(root, cache, TODAY, "json", True)
    # Found something: every document read again on the next edit.
    assert across[-1][0] == all(rule not in found for rule in (
        "unknown-freelancer", "duplicate-order", "unlabelled-id"))
    mission.write_text(original, encoding="utf-8")
    same_bytes(root, cache, TODAY, "json", False)


@pytest.mark.parametrize("change", ["copy", "delete", "rename"])
def test_a_mission_copied_deleted_or_renamed_after_a_run_that_found_nothing(tmp_path, across,
                                                                           change):
    """A copy of a mission with orders names each number twice (a new mission's orders:
    duplicate-order runs); a mission deleted or renamed: the bytes of ``--no-cache``."""
    root = copy_people_and_missions(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, "json", False)
    mission = root / ORDERED
    moved = root / "missions" / "copie-velo.yaml"
    if change == "copy":
        shutil.copy(mission, moved)
    elif change == "rename":
        mission.rename(moved)
    else:
        mission.unlink()
    same_bytes(root, cache, TODAY, "text", False)
    if change == "copy":
        assert "duplicate-order" in checked(root, cache, TODAY, "text")[1]
    assert across and across[0][0]


#: Edits of what the rules across missions read, on the example's missions: an order number
#: (new, or another mission's), an assigned freelancer (in the roster or not), a skill (with a
#: label or not), a mission copied or deleted, a comment, the original back.
ACROSS_EDIT = st.tuples(
    st.sampled_from(["order", "freelancer", "skill", "copy", "delete", "comment", "restore"]),
    st.integers(min_value=0, max_value=1_000))
ORDER_NUMBERS = ["BC-2026-018", "BC-2026-031", "BC-2026-052", "BC-2026-999"]
NAMES = ["alice-martin", "personne-inconnue", "alice-martine"]
SKILLS = ["une-competence-sans-nom", "autre-sans-nom"]


def _across_edit(root: Path, edit: str, pick: int, originals: dict[Path, bytes]) -> None:
    missions = sorted((root / "missions").glob("*.yaml"))
    if not missions:
        return
    path = missions[pick % len(missions)]
    text = path.read_text(encoding="utf-8")
    if edit == "order":
        found = list(re.finditer(r"number: (\S+)", text))
        if found:
            match = found[pick % len(found)]
            text = (text[:match.start(1)] + ORDER_NUMBERS[pick % len(ORDER_NUMBERS)]
                    + text[match.end(1):])
    elif edit == "freelancer":
        found = list(re.finditer(r"freelancer: (\S+)", text))
        if found:
            match = found[pick % len(found)]
            text = text[:match.start(1)] + NAMES[pick % len(NAMES)] + text[match.end(1):]
    elif edit == "skill":
        text = re.sub(r"^skills: \[", f"skills: [{SKILLS[pick % len(SKILLS)]}, ", text,
                      count=1, flags=re.MULTILINE)
    elif edit == "copy":
        shutil.copy(path, path.with_name(f"c{pick}-{path.name}"))
        return
    elif edit == "delete":
        path.unlink()
        return
    elif edit == "restore":
        for original, content in originals.items():
            original.write_bytes(content)
        return
    else:
        text += f"# comment {pick}\n"
    path.write_text(text, encoding="utf-8")


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(ACROSS_EDIT, min_size=1, max_size=4))
def test_random_edits_of_what_the_rules_across_missions_read(steps):
    """Random edits of order numbers, assigned freelancers and skills, copies and deletions:
    after each, ``check`` reads the changed documents alone or every one, and gives the
    bytes of ``--no-cache``."""
    with tempfile.TemporaryDirectory() as folder:
        root = copy_people_and_missions(Path(folder) / "ws")
        cache = Path(folder) / "cache"
        originals = {p: p.read_bytes() for p in root.rglob("*.yaml")}
        checked(root, cache, TODAY, "json")
        for edit, pick in steps:
            _across_edit(root, edit, pick, originals)
            expected = checked(root, None, TODAY, "text")
            assert checked(root, cache, TODAY, "text") == expected


def test_an_edit_of_a_document_too_many_subjects_depended_on_is_not_parsed_alone(
        tmp_path, monkeypatch, answered):
    """The subjects that depended on an edited mission in the last run (the mission and the
    freelancers it named) are all checked again: when they are more than ``MOST_SUBJECTS``,
    the whole workspace is loaded, which is known before the mission is parsed. It is
    parsed once, by the load of the whole workspace, not alone first (a mission of 50,000
    assignments: seconds); the report is the bytes of ``--no-cache``. A mission fewer
    subjects depended on is still read alone."""
    root = copy_people_and_missions(tmp_path / "ws")
    cache = tmp_path / "cache"
    checked(root, cache, TODAY, "json")
    read_alone: list[set[str]] = []
    documents_at = PreparedRun.documents_at

    def recording(self, indexes):  # type: ignore[no-untyped-def]
        chosen = set(indexes)
        read_alone.append({self.files.documents[i].file for i in chosen})
        return documents_at(self, chosen)

    monkeypatch.setattr(PreparedRun, "documents_at", recording)
    mission = root / "missions" / "application-mobile-velo-partage.yaml"
    prepared = prepare_run(root, cache_folder=cache)
    assert prepared.cache is not None and prepared.remembered_as is not None
    depending = ReportState.open(prepared.cache, prepared.remembered_as).depending_on(
        {"missions/application-mobile-velo-partage.yaml"})
    assert len(depending) >= 3  # the mission and the freelancers it names
    monkeypatch.setattr(after_edit, "MOST_SUBJECTS", len(depending) - 1)
    mission.write_text(mission.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert checked(root, cache, TODAY, "json") == checked(root, None, TODAY, "json")
    assert answered == [False]
    assert not any("missions/application-mobile-velo-partage.yaml" in files
                   for files in read_alone)
    monkeypatch.setattr(after_edit, "MOST_SUBJECTS", len(depending) + 20)
    mission.write_text(mission.read_text(encoding="utf-8") + "# again\n", encoding="utf-8")
    assert checked(root, cache, TODAY, "json") == checked(root, None, TODAY, "json")
    assert answered == [False, True]
    assert any("missions/application-mobile-velo-partage.yaml" in files
               for files in read_alone)


def test_an_edit_checking_too_many_subjects_makes_its_facts_once(tmp_path, monkeypatch,
                                                                   answered):
    """An edit whose subjects are too many to check alone (a mission naming thousands of
    freelancers: here, any) loads the whole workspace after its document's facts were made:
    they are kept then, not made again from the whole workspace, and the report is the
    bytes of ``--no-cache``."""
    root = copy_people_and_missions(tmp_path / "ws")
    cache = tmp_path / "cache"
    checked(root, cache, TODAY, "json")
    monkeypatch.setattr(after_edit, "MOST_SUBJECTS", 0)
    made: list[object] = []
    facts_of = check_facts.facts_of

    def counting(record, findings):  # type: ignore[no-untyped-def]
        made.append(record)
        return facts_of(record, findings)

    monkeypatch.setattr(after_edit, "facts_of", counting)
    monkeypatch.setattr(runner, "facts_of", counting)
    mission = root / "missions" / "application-mobile-velo-partage.yaml"
    mission.write_text(mission.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert checked(root, cache, TODAY, "json") == checked(root, None, TODAY, "json")
    assert answered == [False]  # the whole workspace, after all
    # The company's too (read by every run after an edit), and the mission's once.
    assert [record.id for record in made if isinstance(record, Mission)] == [
        "application-mobile-velo-partage"]


@pytest.mark.parametrize("lost", ["base", "delta", "both"])
def test_rule_details_lost_are_made_again_from_the_whole_workspace(tmp_path, answered, lost):
    """The rule details are kept apart from the facts: when those a run needs are gone
    (removed, damaged), it loads the whole workspace, gives the bytes of ``--no-cache`` and
    keeps them again, so that the next edit is checked from the facts."""
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    checked(root, cache, TODAY, "json")
    mission = root / ORDERED
    mission.write_text(mission.read_text(encoding="utf-8") + "# first\n", encoding="utf-8")
    assert checked(root, cache, TODAY, "json") == checked(root, None, TODAY, "json")
    prepared = prepare_run(root, cache_folder=cache)
    assert prepared.cache is not None and prepared.remembered_as is not None
    details = check_facts.RuleDetails(prepared.cache, prepared.remembered_as)
    names = {"base": [details._name], "delta": [details._name + b"delta"],
             "both": [details._name, details._name + b"delta"]}[lost]
    for name in names:
        prepared.cache.store_blob(check_facts._RULES_PART, name, "damaged")
    # A comment, then another mission's order number (named twice: the next run's rules
    # across missions read every mission's details), then comments.
    for edit in (lambda text: text + "# second\n",
                 lambda text: text.replace("BC-2026-031", "BC-2026-018"),
                 lambda text: text + "# fourth\n", lambda text: text + "# fifth\n"):
        mission.write_text(edit(mission.read_text(encoding="utf-8")), encoding="utf-8")
        assert checked(root, cache, TODAY, "json") == checked(root, None, TODAY, "json")
    # Made again by the run that needed what was lost (the base: every mission's), the
    # last from the facts.
    assert answered[-1] is True
    assert (False in answered) == (lost != "delta")
    again = prepare_run(root, cache_folder=cache)
    assert again.cache is not None and again.remembered_as is not None and again.keys
    assert not check_facts.RuleDetails(again.cache, again.remembered_as).lacks(again.keys)
