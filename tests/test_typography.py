"""French and English typography of documents (documents/typography.py)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from cfo_tools.documents.typography import (
    NARROW_NBSP,
    NBSP,
    Passage,
    day_text,
    french_spacing,
    marked,
    paragraphs,
    period_text,
    phone_text,
)

NEW_YEAR = date(2027, 1, 1)


@pytest.mark.parametrize(("style", "expected"), [
    ("full", "vendredi 1er janvier 2027"),
    ("long", "1er janvier 2027"),
    ("medium", "1er janv. 2027"),
])
def test_the_first_of_the_month_is_1er_in_french(style, expected):
    assert day_text(NEW_YEAR, style, "fr") == expected


def test_other_days_and_english_have_no_ordinal():
    assert day_text(date(2027, 1, 2), "long", "fr") == "2 janvier 2027"
    assert day_text(date(2027, 1, 11), "long", "fr") == "11 janvier 2027"
    assert day_text(NEW_YEAR, "long", "en") == "January 1, 2027"


def test_french_ranges_say_du_and_au():
    assert (period_text(date(2026, 12, 24), NEW_YEAR, "long", "fr")
            == "du 24 décembre 2026 au 1er janvier 2027")
    assert (period_text(date(2026, 12, 24), NEW_YEAR, "long", "en")
            == "December 24, 2026 to January 1, 2027")


def test_a_range_of_one_day_is_the_day():
    assert period_text(NEW_YEAR, NEW_YEAR, "full", "fr") == "vendredi 1er janvier 2027"


@pytest.mark.parametrize(("text", "expected"), [
    ("Jours travaillés : lundi", f"Jours travaillés{NARROW_NBSP}: lundi"),
    ("les tests ; la documentation", f"les tests{NARROW_NBSP}; la documentation"),
    ("Vraiment ! Pourquoi ?", f"Vraiment{NARROW_NBSP}! Pourquoi{NARROW_NBSP}?"),
    (f"déjà{NBSP}: espacé", f"déjà{NARROW_NBSP}: espacé"),
    ("https://example.fr/?q=1 et 10:30", "https://example.fr/?q=1 et 10:30"),
    ("Working days: Monday", "Working days: Monday"),
    ("Relire « Maquettes » : livré",
     f"Relire «{NARROW_NBSP}Maquettes{NARROW_NBSP}»{NARROW_NBSP}: livré"),
    (f"«{NBSP}déjà{NBSP}»", f"«{NARROW_NBSP}déjà{NARROW_NBSP}»"),
    ("«collé»", "«collé»"),
])
def test_french_spacing_before_high_punctuation(text, expected):
    assert french_spacing(text) == expected


def _spacing_without_shortcut(text: str) -> str:
    """french_spacing as it was before it skipped text with no mark: both substitutions, on
    every text."""
    text = re.sub(r"(«)[ \u00a0]+|[ \u00a0]+(»)",
                  lambda m: f"«{NARROW_NBSP}" if m[1] else f"{NARROW_NBSP}»", text)
    return re.sub(r"[ \u00a0\u202f]+([:;!?])(?=\s|$|[»)\]\"'\u2019.,])", NARROW_NBSP + r"\1",
                  text, flags=re.MULTILINE)


#: Text made mostly of what the rules look at (spaces, marks, guillemets, line ends).
_TYPOGRAPHIC_TEXT = st.text(st.sampled_from(
    [" ", NBSP, NARROW_NBSP, ":", ";", "!", "?", "«", "»", "\n", "\t", ".", ",", ")", "]",
     '"', "'", "\u2019", "/", "a", "é", "1"]) | st.characters(), max_size=40)


@given(_TYPOGRAPHIC_TEXT)
def test_french_spacing_skips_only_text_it_would_leave_unchanged(text):
    assert french_spacing(text) == _spacing_without_shortcut(text)


def test_phone_numbers_do_not_break():
    assert phone_text("+33 4 72 00 12 34") == "+33\xa04\xa072\xa000\xa012\xa034"


def test_english_documents_keep_english_spacing():
    assert marked("Note : x", "en", html=False) == "Note : x"
    assert marked("Note : x", "fr", html=False) == f"Note{NARROW_NBSP}: x"


def test_a_french_passage_in_an_english_html_document_is_marked():
    shown = marked(Passage("Fermeture : fin d'année", "fr"), "en", html=True)
    assert shown == Markup(f'<span lang="fr">Fermeture{NARROW_NBSP}: fin d&#39;année</span>')
    assert marked(Passage("Hello", "en"), "en", html=True) == "Hello"


def test_markup_of_the_templates_is_left_alone():
    html = Markup('<a href="x">Voir : ici</a>')
    assert marked(html, "fr", html=True) is html


def test_paragraphs_keep_their_language():
    parts = paragraphs(Passage("Un.\n\nDeux.", "fr"))
    assert parts == ["Un.", "Deux."]
    assert all(isinstance(p, Passage) and p.lang == "fr" for p in parts)


def test_a_marked_passage_still_shows_control_characters_escaped(tmp_path):
    from cfo_tools.documents.templating import make_environment

    env = make_environment(tmp_path, lang="en", html=True)
    shown = env.from_string("{{ x }}").render(x=Passage("Bonjour\x1b[31m", "fr"))
    assert "\x1b" not in shown and "\\x1b" in shown and 'lang="fr"' in shown


@given(_TYPOGRAPHIC_TEXT | st.text(), st.sampled_from(["fr", "en"]))
def test_the_html_finalizer_shows_plain_text_as_marked_and_html_text_do(text, lang):
    from cfo_tools.documents.templating import _html_finalizer
    from cfo_tools.formats.html import html_text

    assert _html_finalizer(lang)(text) == html_text(marked(text, lang, html=True))
