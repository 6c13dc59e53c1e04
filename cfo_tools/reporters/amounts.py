"""Money and shares as the reports print them: for a program (JSON) the exact decimal, for a
person Babel's form in the company's locale. ``cfo spend``, ``cfo invoices`` and
``cfo budget`` all ask here, so they write the same amount the same way."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any


def amount_for_program(amount: Any) -> str:
    """The exact decimal, two places ("33970.00"): what JSON carries."""
    from cfo_tools.model.money import money_text

    return money_text(amount)


def amount_for_person(amount: Decimal, currency: str, locale: str) -> str:
    """Babel's form in ``locale`` ("33 970,00 €", "€33,970.00"), from the exact decimal."""
    from cfo_tools.documents.number_text import format_money

    return format_money(amount, currency, lang=locale)


def share_for_person(percent: Decimal, locale: str) -> str:
    """A share given in percent to one decimal (``Decimal("20.0")``), in ``locale``'s
    percent form with that decimal kept: "20,0 %" (a no-break space, as CLDR writes it) in
    French, "20.0%" in English."""
    from babel.numbers import format_percent

    from cfo_tools.documents.typography import babel_locale as parsed_locale

    babel_locale = parsed_locale(locale)
    if not percent.is_finite():
        return f"{percent} %"
    pattern = babel_locale.percent_formats[None].pattern
    # The locale's pattern ("#,##0 %") with one decimal: the last digit of the integer part
    # gets ".0" after it.
    pattern = re.sub(r"0(?=[^0]*$)", "0.0", pattern, count=1)
    return format_percent(percent.scaleb(-2), pattern, locale=babel_locale)
