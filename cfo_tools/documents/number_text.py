"""Numbers, amounts and percentages written in a document's language with Babel, from their
exact decimal value (never through a float), each text remembered per value.

Apart from ``templating.py`` (whose filters these are) so that a report showing amounts
(``cfo find``, ``cfo budget``) does not import Jinja.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal, localcontext
from typing import Any

from cfo_tools.documents.typography import babel_locale
from cfo_tools.model.money import display_context, exact_decimal, money_text, too_long_to_write


def _filter_number(value: object, name: str) -> Decimal:
    """The exact decimal value a template passed to a number filter (never via a float)."""
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except ArithmeticError:
            raise ValueError(f"the {name} filter needs a number, not {value[:40]!r}") from None
    try:
        return exact_decimal(value)
    except TypeError:
        raise ValueError(f"the {name} filter needs a number, not "
                         f"{type(value).__name__}") from None


#: Numbers with more digits than this are formatted each time rather than remembered.
_REMEMBERED_DIGITS = 40


def _remembered(write: Callable[..., str]) -> Callable[..., str]:
    """``write(value, *words)`` remembered per exact decimal: its digits and exponent, since
    1.0 and 1.00 are equal but not written alike. A site of 20,000 missions shows the same
    rates and amounts again and again, and Babel takes tens of microseconds for each."""

    @functools.lru_cache(maxsize=8192)
    def by_digits(digits: tuple[Any, ...], *words: str) -> str:
        return write(Decimal(digits), *words)

    @functools.wraps(write)
    def remembered(value: Decimal, *words: str) -> str:
        digits = value.as_tuple()
        if len(digits.digits) > _REMEMBERED_DIGITS:
            return write(value, *words)
        return by_digits(digits, *words)

    return remembered


def format_money(amount: Decimal | int | float, currency: str, *, lang: str) -> str:
    """An amount in the document's language ("1 183,88 €"), from its exact decimal value."""
    return _money_text(_filter_number(amount, "money"), currency, lang)


@_remembered
def _money_text(value: Decimal, currency: str, lang: str) -> str:
    from babel.numbers import format_currency

    if too_long_to_write(value):
        return f"{money_text(value)} {currency}"
    with localcontext(display_context(value)):
        return format_currency(value, currency, locale=babel_locale(lang))


def format_number(value: Decimal | int | float, *, lang: str) -> str:
    return _number_text(_filter_number(value, "number"), lang)


@_remembered
def _number_text(number: Decimal, lang: str) -> str:
    from babel.numbers import format_decimal

    if too_long_to_write(number):
        return money_text(number)
    with localcontext(display_context(number)):
        return format_decimal(number, locale=babel_locale(lang))


def format_percent(value: Decimal | int | float, *, lang: str) -> str:
    return _percent_text(_filter_number(value, "percent"), lang)


@_remembered
def _percent_text(number: Decimal, lang: str) -> str:
    from babel.numbers import format_percent as babel_percent

    if too_long_to_write(number):
        return f"{money_text(number)} %"
    with localcontext(display_context(number)):
        return babel_percent(number.scaleb(-2), locale=babel_locale(lang))
