"""Numbers and percentages of the reports (``reporters/words.py``), remembered by the value as
written: the same text as Babel gives, the first time and every time after, for values
that are equal but not written alike (1, 1.0, Decimal("1.00"))."""

from __future__ import annotations

from decimal import Decimal

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
