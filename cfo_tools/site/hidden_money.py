"""Amounts taken out of free text (a finding's message) for a site without money."""

from __future__ import annotations

import re

from cfo_tools.model.findings import Finding, pointer_parts

#: A figure with a currency before or after it: "12,345.00 EUR", "€ 550", "1 183,88 €".
_AMOUNT = re.compile(
    r"(?:[€$£]|\b[A-Z]{3})\s?\d(?:[\d,.\s]*\d)?"
    r"|\d(?:[\d,.\s]*\d)?\s?(?:[€$£]|\b[A-Z]{3}\b)")
_FIGURE = re.compile(r"\d(?:[\d,.\s]*\d)?")
#: Fields holding money: a finding about one of them may quote its value without a currency
#: (a schema error "-5 is less than the minimum of 0").
MONEY_FIELDS = frozenset({"daily_rate", "max_rate", "budget", "amount", "rate", "total",
                          "invoices", "price"})

HIDDEN = "[…]"
#: A currency left beside a hidden figure ("[…] EUR").
_CURRENCY_LEFT = re.compile(r"\[…\](?:\s?(?:[€$£]|\b[A-Z]{3}\b))+")
#: Rules about money itself: a site without money leaves their findings out, figures or not.
MONEY_RULES = frozenset({"over-budget", "order-below-plan"})
#: Where invoices live: every finding there is about an invoice.
INVOICE_FOLDER = "invoices/"


def about_money(finding: Finding) -> bool:
    """Whether a site without money leaves ``finding`` out altogether."""
    return (finding.rule in MONEY_RULES or finding.rule.startswith("invoice-")
            or finding.file.startswith(INVOICE_FOLDER))


def without_amounts(text: str) -> str:
    """``text`` with every amount (a figure next to a currency) replaced by a mark."""
    return _CURRENCY_LEFT.sub(HIDDEN, _AMOUNT.sub(HIDDEN, text))


def finding_message_without_money(finding: Finding) -> str:
    """The finding's message with no amount in it; about a money field, no figure at all."""
    if MONEY_FIELDS & set(pointer_parts(finding.path)):
        # Amounts with their currency first, then any figure, then a currency left beside a mark.
        return _CURRENCY_LEFT.sub(HIDDEN, _FIGURE.sub(HIDDEN, without_amounts(finding.message)))
    return without_amounts(finding.message)
