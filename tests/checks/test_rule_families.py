"""Every rule that spans files belongs to exactly one family, and the family says what it
may read: after an edit, ``cfo check`` runs a rule again only for the subjects (a mission, a
freelancer, a group of paperwork) the edit touched, so a rule filed in the wrong family, or in
none, would give one answer on a cold check and another after an edit. A new rule must be
filed by hand; these tests fail until it is."""

from __future__ import annotations

from types import ModuleType, SimpleNamespace

import pytest

from cfo_tools.checks import follow_up, paperwork_groups, rules


def _names(family: tuple[ModuleType, ...]) -> list[str]:
    return [rule.NAME for rule in family]


def _each_once(families: dict[str, tuple[ModuleType, ...]],
               every: tuple[ModuleType, ...]) -> None:
    filed = [name for family in families.values() for name in _names(family)]
    doubled = sorted({name for name in filed if filed.count(name) > 1})
    unfiled = sorted(set(_names(every)) - set(filed))
    assert not doubled, f"rules filed in two families: {doubled}"
    assert not unfiled, (
        f"rules in no family: {unfiled}; file each in the tuple of "
        f"{', '.join(families)} whose reads it keeps to (their comments say which)")


def test_every_follow_up_rule_is_in_one_family():
    _each_once({"MISSION_RULES": follow_up.MISSION_RULES,
                "FREELANCER_RULES": follow_up.FREELANCER_RULES,
                "PAPERWORK_RULES": follow_up.PAPERWORK_RULES,
                "ROSTER_RULES": follow_up.ROSTER_RULES}, follow_up.FOLLOW_UP_RULES)


def test_every_rule_across_files_is_in_one_family():
    _each_once({"SPLIT_RULES": rules.SPLIT_RULES, "FACTS_RULES": rules.FACTS_RULES,
                "PAPERWORK_RULES": rules.PAPERWORK_RULES}, rules.RULES)


def test_the_rules_read_across_subjects_are_the_paperwork_and_roster_families():
    """What a cold check runs on the whole workspace is what an edit's run covers: the
    paperwork's groups, and need-soon's own fallback to a whole check."""
    assert set(follow_up.WHOLE_RULES) == {*follow_up.PAPERWORK_RULES, *follow_up.ROSTER_RULES}
    assert set(rules.WHOLE_RULES) == {*rules.FACTS_RULES, *rules.PAPERWORK_RULES}
    assert paperwork_groups.RULES == rules.PAPERWORK_RULES
    assert paperwork_groups.FOLLOW_UP == follow_up.PAPERWORK_RULES


def test_a_rule_filed_nowhere_is_named():
    stray = SimpleNamespace(NAME="reads-everything")
    families = {"MISSION_RULES": follow_up.MISSION_RULES,
                "FREELANCER_RULES": follow_up.FREELANCER_RULES,
                "PAPERWORK_RULES": follow_up.PAPERWORK_RULES,
                "ROSTER_RULES": follow_up.ROSTER_RULES}
    with pytest.raises(AssertionError, match=r"in no family: \['reads-everything'\]"):
        _each_once(families, (*follow_up.FOLLOW_UP_RULES, stray))  # type: ignore[arg-type]
