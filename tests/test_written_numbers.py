"""A number written as text (``500,5``, ``1 200 €``) is read back for the finding's hint."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cfo_tools.model.values import number_hint, number_in_text


@pytest.mark.parametrize("text, number", [
    ("500,5", "500.5"), ("1 200", "1200"), ("1\u202f200,50 €", "1200.5"), ("550€", "550"),
    ("80 %", "80"), ("EUR 300", "300"), ("1,200.50", "1200.5"), ("-5", "-5"), ("0,0", "0"),
    ("600 HT", "600"),
])
def test_a_number_written_as_text_is_read(text, number):
    assert number_in_text(text) == number


@pytest.mark.parametrize("text", [
    "1,200",  # one point two in French, twelve hundred in English: no guess
    "cinq cents", "12 ans", "2026-01-01", "nan", "Infinity", "HT", "", "€", "1e400", "1" * 41,
])
def test_no_number_or_two_readings_give_no_hint(text):
    assert number_in_text(text) is None
    assert number_hint(text) == ""


@pytest.mark.parametrize("value", [None, 5, 5.5, True, [1], {"a": 1}])
def test_only_text_is_read(value):
    assert number_in_text(value) is None


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False))
def test_a_french_amount_reads_back_as_its_value(amount):
    french = f"{amount:f}".replace(".", ",")
    read = number_in_text(french + " €")
    assert read is not None and Decimal(read) == amount


@given(st.text(max_size=20))
def test_any_text_gives_a_number_or_none(text):
    read = number_in_text(text)
    assert read is None or Decimal(read).is_finite()
