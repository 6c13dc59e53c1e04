"""The packaged messages catalogues: each a clean YAML mapping (a duplicate key would silently
hide a word), the same keys in every language, and placeholders filled safely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cfo_tools.formats.placeholders import filled
from cfo_tools.loading.yaml_documents import parse_document

MESSAGES = Path(__file__).resolve().parent.parent / "templates" / "messages"
LANGS = ("fr", "en")


def catalogue(lang: str) -> dict[str, str]:
    path = MESSAGES / f"{lang}.yaml"
    document = parse_document(path.read_bytes(), path, f"templates/messages/{lang}.yaml")
    assert document.findings == [], [f.message for f in document.findings]
    return document.data


@pytest.mark.parametrize("lang", LANGS)
def test_a_catalogue_has_no_duplicate_key(lang):
    catalogue(lang)


def test_every_language_has_the_same_words_with_the_same_placeholders():
    fr, en = catalogue("fr"), catalogue("en")
    assert sorted(set(fr) ^ set(en)) == []
    for key in fr:
        assert set(re.findall(r"\{(\w+)\}", fr[key])) == set(re.findall(r"\{(\w+)\}", en[key])), key


def test_placeholders_are_filled_in_one_pass_and_reach_nothing_else():
    assert filled("{a} and {b}", {"a": "{b}", "b": "x"}) == "{b} and x"
    assert filled("{a.__class__} {a[0]} {0} {missing}", {"a": "v"}) == (
        "{a.__class__} {a[0]} {0} {missing}")
