"""How a value read from YAML is named in messages."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    """A value said in words of the catalogue (``kind_kbis``: "Extrait Kbis"), or as
    ``fallback`` when the catalogue has no such key (a document kind of the company's own)."""

    key: str
    fallback: str

    @classmethod
    def of(cls, prefix: str, ident: str) -> Label:
        """The label of the id ``ident`` under ``prefix + ident`` (``status_`` and
        ``in-progress``: "en cours"), the id itself when the catalogue does not name it."""
        return cls(prefix + ident, ident)


@dataclass(frozen=True)
class Role:
    """A role id, said with the company's label of it (``vocabulary``) where shown."""

    ident: str


#: What people write around an amount or a share that YAML then reads as text.
_AROUND_NUMBERS = re.compile(r"\s|€|\$|£|%|\b(?:EUR|USD|GBP|HT)\b", re.IGNORECASE)


def number_in_text(value: object) -> str | None:
    """The number a text such as ``500,5``, ``1 200 €`` or ``"80"`` means, written as YAML
    reads a number; None when it is no number, or when French and English read it
    differently (``1,200``: one point two, or twelve hundred)."""
    if not isinstance(value, str) or len(value) > 40 or not any(c.isdigit() for c in value):
        return None
    from babel.numbers import NumberFormatError, parse_decimal

    bare = _AROUND_NUMBERS.sub("", value)
    read = set()
    for locale in ("fr", "en"):
        try:
            number = parse_decimal(bare, locale=locale, strict=True)
        except (NumberFormatError, ValueError):
            continue
        if number.is_finite() and abs(number) < 10**15:  # an amount, not 1e400 spelled out
            read.add(number)
    if len(read) != 1:
        return None
    written = format(read.pop(), "f")
    return written.rstrip("0").rstrip(".") if "." in written else written


def number_hint(value: object) -> str:
    """``; write 500.5 (...)`` when ``value`` is a number written as text, else nothing:
    to end the message saying that a number was expected."""
    number = number_in_text(value)
    if number is None:
        return ""
    return (f"; write {number} (digits with a dot for decimals, without quotes, spaces or "
            "a currency sign)")


def describe_value(value: object) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if value is None:
        return "no value"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
