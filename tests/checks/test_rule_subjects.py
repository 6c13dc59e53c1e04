"""The cross-file rules run per mission and once on the company and roster, remembered under
the keys of exactly what each reads (issue 16): after every edit below, each making one of
those rules fire, `cfo check` gives what `--no-cache` gives, whether the rules ran per subject
or once on the whole workspace and were shared out by file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from checks.test_subject_memo import TODAY, copy_example

from cfo_tools.checks import rule_subjects, subject_memo
from cfo_tools.checks.rules import SPLIT_RULES, WHOLE_RULES
from cfo_tools.checks.runner import check_results

VELO = "missions/application-mobile-velo-partage.yaml"
FROMAGERIE = "missions/refonte-site-fromagerie-vercors.yaml"
DESIGN = "missions/design-system-banque-regionale.yaml"
DAVID = "roster/david-nguyen.yaml"
COMPANY = "company.yaml"

#: (the rule that must fire, the file, the text replaced, what replaces it)
EDITS = [
    ("unknown-owner", VELO, "owner: julien-morel", "owner: julien-morrel"),
    ("assignment-outside-mission", VELO, "    end: 2026-10-30", "    end: 2026-12-30"),
    ("date-order", VELO, "    end: 2026-12-30", "    end: 2026-08-01"),
    ("date-order", DAVID, "to: 2027-01-22", "to: 2027-01-10"),
    ("review-not-assigned", FROMAGERIE, "  - freelancer: alice-martin\n    date: 2026-04-30",
     "  - freelancer: karim-saidi\n    date: 2026-04-30"),
    ("missing-review", FROMAGERIE, "", ""),
    ("inactive-assigned", DAVID, "status: active", "status: inactive"),
    ("invalid-siret", DAVID, '"65630481373435"', '"65630481373436"'),
    ("invalid-vat-number", DAVID, "vat_number: FR12656304813", "vat_number: FR13656304813"),
    ("duplicate-id", VELO, "  - id: beta-testeurs", "  - id: maquettes-ui"),
    ("status-assignments", "missions/migration-cloud-transporteur.yaml", "status: open",
     "status: staffed"),
    ("status-deliverables", VELO, "status: in-progress", "status: in-review"),
    ("missing-feedback", VELO, "    status: pending", "    status: changes-requested"),
    ("need-outside-mission", VELO, "start: 2026-12-04", "start: 2026-12-17"),
    ("need-dates", VELO, "    days: 5\n", "    days: 5\n    end: 2026-12-10\n"),
    ("duplicate-need", VELO, "deliverables:\n",
     "  - id: back-office\n    role: web-developer\n    start: 2026-12-07\n    days: 2\n"
     "deliverables:\n"),
    ("unknown-requester", VELO, "requested_by: bruno-petit", "requested_by: bruno-petitt"),
    ("checkin-dates", VELO, "next: 2026-12-02", "next: 2026-11-02"),
    ("unknown-checkin-by", VELO, "by: julien-morel", "by: julien-morelle"),
    ("checkin-not-assigned", VELO, "    freelancer: david-nguyen\n    by:",
     "    freelancer: karim-saidi\n    by:"),
    ("invalid-siren", COMPANY, '"882461734"', '"882461735"'),
    ("payment-terms", COMPANY, "  days: 45\n", "  days: 90\n"),
    ("payment-terms", VELO, "      number: BC-2026-031\n",
     "      number: BC-2026-031\n      payment_days: 95\n"),
    ("missing-rights", DESIGN, "rights:\n", ""),
    ("holiday-region", COMPANY, "country: FR\n", "country: FR\nsubdivision: ZZ\n"),
    ("placeholder-text", DAVID, "email: david.nguyen@example.fr",
     "email: david.nguyen@example.com"),
    # The company's key holds whether the pitch is the example, not the pitch itself.
    ("placeholder-text", COMPANY, "pitch:\n  fr: >-\n", "pitch:\n  en: Replace this text with "
     "what the company does, in a few sentences: it opens every brief sent to a freelancer.\n"
     "  fr: >-\n"),
]


def _edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    if file == DESIGN and old == "rights:\n":
        edited = re.sub(r"^rights:\n(?:  .*\n)+", "", text, flags=re.MULTILINE)
    else:
        assert old in text, (file, old)
        edited = text.replace(old, new, 1)
    path.write_text(edited, encoding="utf-8")


def test_the_edits_cover_every_rule_run_per_subject():
    assert {rule for rule, *_ in EDITS} == {rule.NAME for rule in SPLIT_RULES}
    assert not {rule.NAME for rule in SPLIT_RULES} & {rule.NAME for rule in WHOLE_RULES}


@pytest.mark.parametrize("whole_from", [1, 10_000], ids=["shared-out", "per-subject"])
def test_each_rule_per_subject_gives_what_no_cache_gives(tmp_path, monkeypatch, whole_from):
    monkeypatch.setattr(rule_subjects, "WHOLE_FROM", whole_from)
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    check_results(root, today=TODAY, cache_folder=cache)
    for rule, file, old, new in EDITS:
        _edit(root, file, old, new)
        expected = check_results(root, today=TODAY, cache_folder=None)
        assert rule in {f.rule for f in expected.findings}, rule
        assert check_results(root, today=TODAY, cache_folder=cache) == expected, rule
    # Undone one by one, back to the start: every subject's entry is found again.
    shutil.rmtree(root)
    copy_example(root)
    assert check_results(root, today=TODAY, cache_folder=cache) == check_results(
        root, today=TODAY, cache_folder=None)


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the subjects the rules ran on one by one."""
    ran: list[str] = []
    original = rule_subjects._subject_problems

    def counting(index, subject, *rest):  # type: ignore[no-untyped-def]
        ran.append(subject.id)
        return original(index, subject, *rest)

    monkeypatch.setattr(rule_subjects, "_subject_problems", counting)
    return ran


def test_after_one_mission_edit_only_that_mission_is_checked_again(tmp_path, checked):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    check_results(root, today=TODAY, cache_folder=cache)
    checked.clear()
    _edit(root, VELO, "owner: julien-morel", "owner: julien-morrel")
    expected = check_results(root, today=TODAY, cache_folder=None)
    assert check_results(root, today=TODAY, cache_folder=cache) == expected
    assert checked == ["application-mobile-velo-partage"]
    checked.clear()
    _edit(root, DAVID, '"65630481373435"', '"65630481373436"')
    assert check_results(root, today=TODAY, cache_folder=cache) == check_results(
        root, today=TODAY, cache_folder=None)
    # The roster changed: the people subject, and the missions naming david-nguyen.
    assert checked[0] == "" and "application-mobile-velo-partage" in checked
    assert len(checked) < 1 + 10


def test_a_new_freelancer_changes_what_every_mission_knows_of_the_roster(tmp_path):
    """unknown names are told apart from known ones by the roster's ids, not its records."""
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    _edit(root, VELO, "    freelancer: david-nguyen\n    by:",
          "    freelancer: zoe-nouvelle\n    by:")
    check_results(root, today=TODAY, cache_folder=cache)
    shutil.copy(root / DAVID, root / "roster" / "zoe-nouvelle.yaml")
    expected = check_results(root, today=TODAY, cache_folder=None)
    assert check_results(root, today=TODAY, cache_folder=cache) == expected


def test_activity_missing_per_freelancer_follows_their_reports_and_the_first_month(tmp_path):
    """activity-missing runs per freelancer: it reads whether their reports exist and the
    first month with any report, which an older report of someone else moves."""
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    check_results(root, today=TODAY, cache_folder=cache)
    steps = [
        lambda: (root / "activity/2026-10/david-nguyen.yaml").unlink(),
        lambda: (root / "activity/2026-05").mkdir(),
        lambda: (root / "activity/2026-05/karim-saidi.yaml").write_text(
            (root / "activity/2026-10/karim-saidi.yaml").read_text(encoding="utf-8")
            .replace("2026-10", "2026-05"), encoding="utf-8"),
        lambda: (root / "activity/2026-05/karim-saidi.yaml").unlink(),
    ]
    for step in steps:
        step()
        expected = check_results(root, today=TODAY, cache_folder=None)
        assert check_results(root, today=TODAY, cache_folder=cache) == expected
    assert "activity-missing" in {f.rule for f in expected.findings}


@pytest.mark.parametrize("beside", [False, True], ids=["in-place", "beside"])
def test_a_cold_validate_keeps_every_subjects_share_for_the_next_run(tmp_path, monkeypatch,
                                                                      checked, beside):
    """On a cold cache, `cfo validate` runs the rules once on the whole workspace and the
    subjects' shares are kept by a child beside it (the command line's way): the next run,
    after one edit, checks that mission alone, and both give what `--no-cache` gives."""
    from cfo_tools.checks.validation import validate_workspace
    from cfo_tools.loading import background_writes

    monkeypatch.setattr(rule_subjects, "WHOLE_FROM", 2)  # the cold run's subjects, not one
    monkeypatch.setattr(background_writes, "ENABLED", beside)
    # The memo's base would be written by a child of its own: the child writes in place.
    monkeypatch.setattr(subject_memo, "BASE_BESIDE_FROM", 1)
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    _edit(root, VELO, "owner: julien-morel", "owner: julien-morrel")
    cold = validate_workspace(root, cache_folder=cache).findings
    assert bool(background_writes._PENDING) is beside
    background_writes.wait_for_writes()
    assert cold == validate_workspace(root).findings
    assert "unknown-owner" in {f.rule for f in cold}
    assert checked == []  # run once on the whole workspace
    _edit(root, VELO, "owner: julien-morrel", "owner: julien-morel")
    again = validate_workspace(root, cache_folder=cache).findings
    assert again == validate_workspace(root).findings
    assert checked == ["application-mobile-velo-partage"]


@pytest.mark.parametrize("cores", [1, 2])
def test_the_rules_shared_between_two_cores_give_every_problem_in_the_same_order(
        tmp_path, monkeypatch, cores):
    from cfo_tools.checks.rules.problem import registry_on_two_cores, run_registry
    from cfo_tools.checks.validation import prepare_run, validate_prepared
    from cfo_tools.loading import work_pool

    root = copy_example(tmp_path / "ws")
    for _, file, old, new in EDITS:
        if old:
            _edit(root, file, old, new)
    workspace = validate_prepared(prepare_run(root), rules=False).workspace
    monkeypatch.setattr(work_pool, "available_cores", lambda: cores)
    expected = list(run_registry(SPLIT_RULES, workspace))
    assert len({rule for rule, _ in expected}) > 10
    assert registry_on_two_cores(SPLIT_RULES, workspace) == expected
