"""Numbers and percentages of the reports (``reporters/words.py``), remembered by the value as
written: the same text as Babel gives, the first time and every time after, for values
that are equal but not written alike (1, 1.0, Decimal("1.00"))."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_decimal, format_percent
from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.documents.typography import babel_locale
from cfo_tools.reporters.words import Words

NUMBERS = (st.integers(-10**12, 10**12)
           | st.decimals(allow_nan=False, allow_infinity=False, places=3,
                         min_value=-10**9, max_value=10**9)
           | st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9)
           | st.sampled_from([1, 1.0, Decimal("1"), Decimal("1.0"), Decimal("1.00"),
                              Decimal("1E+2"), 100, Decimal("-0"), 0.5, Decimal("0.50")]))


@settings(max_examples=300)
@given(NUMBERS, st.sampled_from([None, "#,##0.0", "#,##0"]), st.sampled_from(["fr", "en"]))
def test_a_number_is_written_as_babel_writes_it_every_time(value, pattern, lang):
    words = Words({}, lang)
    expected = format_decimal(value, pattern, locale=babel_locale(lang))
    assert words.number(value, pattern) == expected
    assert words.number(value, pattern) == expected  # the second time, remembered


@settings(max_examples=100)
@given(st.integers(-10**6, 10**6), st.sampled_from(["fr", "en"]))
def test_a_percentage_is_written_as_babel_writes_it_every_time(value, lang):
    words = Words({}, lang)
    expected = format_percent(Decimal(value).scaleb(-2), locale=babel_locale(lang))
    assert words.percent(value) == expected
    assert words.percent(value) == expected


def test_equal_values_written_apart_keep_their_own_text():
    words = Words({}, "en")
    # Equal keys of a dict, yet Babel writes these two differently with a pattern that
    # keeps the digits given.
    one = words.number(Decimal("1"), "#,##0.##")
    again = words.number(Decimal("1.50"), "#,##0.##")
    assert (one, again) == (format_decimal(Decimal("1"), "#,##0.##", locale="en"),
                            format_decimal(Decimal("1.50"), "#,##0.##", locale="en"))
    assert words.number(1, None) == "1" and words.number(1.5, None) == "1.5"
    assert words.number(Decimal("1.0"), "#,##0.0") == "1.0"
    assert words.number(1, "#,##0.0") == "1.0"


# Sentences are remembered by their text, language and values (reporters/words.py): the
# same answer as filling and spacing them each time, whatever was said before.

SENTENCES = st.sampled_from(["{a} : {b}", "{a}; {b} !", "« {a} »", "{a}", "sans trou", "{a}{a}",
                             "{c} ?", "100 % {a}", "%(a)s {a}"])
VALUES = st.lists(st.sampled_from([" ", "\u00a0", ":", "!", "«", "»", "{a}", "%", "x", "\n"]),
                  max_size=6).map("".join)


@settings(max_examples=300)
@given(SENTENCES, st.dictionaries(st.sampled_from(["a", "b"]), VALUES, max_size=2),
       st.sampled_from(["fr", "en"]))
def test_a_sentence_is_said_as_filled_and_spaced_every_time(sentence, values, lang):
    from cfo_tools.documents.typography import spaced
    from cfo_tools.formats.placeholders import _PLACEHOLDER

    expected = spaced(_PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), sentence), lang)
    words = Words({"key": sentence}, lang)
    assert words.say("key", **values) == expected
    assert words.say("key", **values) == expected  # the second time, remembered


def test_two_catalogues_saying_one_key_apart_each_say_their_own():
    french, mine = Words({"k": "{n} jours"}, "fr"), Words({"k": "{n} journées"}, "fr")
    assert [french.say("k", n="2"), mine.say("k", n="2"), french.say("k", n="2")] == [
        "2 jours", "2 journées", "2 jours"]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("number", [1, 1.0, Decimal("1.0"), Decimal("1"), 0, 2, 1.5, 0.5])
def test_the_plural_form_of_a_count_is_cldrs_whatever_was_counted_before(lang, number):
    words = Words({"n_one": "one", "n_other": "other"}, lang)
    for before in (1, 1.0, Decimal("1.0"), 0, 2, 1.5):
        words.count("n", before)  # remembered forms of equal numbers written otherwise
    assert words.count("n", number) == babel_locale(lang).plural_form(number)
