"""Labels of role and skill ids (model/vocabulary.py) and per-language text."""

from __future__ import annotations

import pickle

import pytest

from cfo_tools.model.localized_text import LocalizedText, localized, text_in
from cfo_tools.model.vocabulary import Vocabulary, humanised, label

VOCABULARY = Vocabulary.from_data({
    "roles": {"web-developer": {"fr": "Développeur web", "en": "Web developer"},
              "ux-designer": {"fr": "Designer UX"}},
})


def test_a_label_in_the_language_asked():
    assert label("roles", "web-developer", "fr", VOCABULARY) == "Développeur web"
    assert label("roles", "web-developer", "en", VOCABULARY) == "Web developer"


def test_a_label_in_another_language_beats_the_id():
    assert label("roles", "ux-designer", "en", VOCABULARY) == "Designer UX"


@pytest.mark.parametrize(("id_", "expected"), [
    ("web-developer", "Web developer"), ("design-system", "Design system"), ("seo", "Seo"),
])
def test_without_a_label_the_id_is_made_readable(id_, expected):
    assert humanised(id_) == expected
    assert label("skills", id_, "fr", VOCABULARY) == expected
    assert label("skills", id_, "fr") == expected


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        label("tools", "slack", "fr", VOCABULARY)


def test_localized_text_is_the_company_language_text():
    text = localized({"fr": "Bonjour", "en": "Hello"}, "fr")
    assert isinstance(text, LocalizedText) and text == "Bonjour"
    assert text.in_lang("en") == ("Hello", "en")
    assert text_in(localized("Bonjour", "fr"), "en") == ("Bonjour", "fr")
    assert text_in("plain", "en") == ("plain", "en")
    again = pickle.loads(pickle.dumps(text))
    assert again.versions == {"fr": "Bonjour", "en": "Hello"} and again.lang == "fr"


def test_a_text_given_only_in_another_language_is_used_as_it_is():
    assert localized({"en": "Hello"}, "fr").in_lang("fr") == ("Hello", "en")


def test_text_per_language_is_checked_with_a_clear_message(findings_of):
    from conftest import COMPANY

    findings = findings_of({"company.yaml": COMPANY.replace(
        "pitch: Une agence de test.",
        "pitch: {de: Hallo}\nculture: {fr: Bonjour, en: Hello}\nvalues: [{en: Speed}, Calme]")})
    assert [(f.line, f.path, f.message) for f in findings] == [
        (2, "/pitch", "expected text, or the text per language: {fr: ..., en: ...}, found "
                      "a mapping"),
    ]
