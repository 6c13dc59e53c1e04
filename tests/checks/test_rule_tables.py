"""The docs' rule tables are the catalogue's, and the catalogue is every rule module's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cfo_tools.checks import follow_up, rules
from cfo_tools.checks.rule_catalogue import ALL_RULES
from cfo_tools.checks.rule_table import DOCS, TABLES, markdown_table, with_tables

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("doc", DOCS)
def test_docs_tables_are_up_to_date(doc):
    text = (REPO / doc).read_text(encoding="utf-8")
    assert text == with_tables(text), (
        f"{doc} is out of step with the rules: run python -m cfo_tools.checks.rule_table")


def test_every_table_is_in_the_docs_once():
    texts = [(REPO / doc).read_text("utf-8") for doc in DOCS]
    found = [name for text in texts for name in re.findall(r"<!-- rule-table: ([a-z-]+) -->", text)]
    assert sorted(found) == sorted(TABLES)


def test_every_catalogued_rule_is_in_one_table_and_each_name_once():
    listed = [rule.name for _, table in TABLES.values() for rule in table]
    assert sorted(listed) == sorted(ALL_RULES)
    assert len(listed) == len(set(listed))


@pytest.mark.parametrize("module", rules.RULES + follow_up.FOLLOW_UP_RULES,
                         ids=lambda m: m.NAME)
def test_each_rule_module_describes_itself(module):
    assert module.NAME in ALL_RULES
    description = module.DESCRIPTION
    assert description and "\n" not in description and "|" not in description
    assert description[0].islower() and not description.endswith(".")


def test_a_table_row():
    assert markdown_table("conflicts").splitlines()[2].startswith(
        "| `overbooked` | error (warning when only a tentative ")


def test_regenerating_keeps_the_indentation_of_a_table_in_a_list():
    text = "1. item\n\n   <!-- rule-table: conflicts -->\n   stale\n   <!-- /rule-table -->\n"
    updated = with_tables(text)
    assert "   | `unavailable` | error |" in updated and "stale" not in updated
    assert with_tables(updated) == updated
