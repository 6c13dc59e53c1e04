"""An invoice file's text from its fields: plain YAML a person can read and edit, every
amount written exactly as it is (``5000.00``, never ``5000.0`` or ``5e3``), every text quoted
so that YAML reads it back as that text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import yaml

from cfo_tools.model.money import money_text

#: Fields written as numbers without forcing two decimals (days, a VAT rate).
_QUANTITIES = frozenset({"days", "vat_rate"})
#: Fields written unquoted when they are what the schema wants there (an id, a month), which
#: YAML reads back as that very text.
_PLAIN = frozenset({"mission", "status", "profile", "period"})
#: Words YAML 1.1 reads as booleans or null.
_YAML_WORDS = frozenset({"yes", "no", "true", "false", "on", "off", "null"})
#: (Matched whole: ``$`` would let a text ending in a newline through, written plain and read
#: back without it.)
_PLAIN_TEXT = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*|[0-9]{4}-(?:0[1-9]|1[0-2])")


def _scalar(key: str, value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        if key in _QUANTITIES:
            return format(value.normalize(), "f") if value == value.to_integral_value() \
                else format(value, "f")
        return money_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if key in _PLAIN and _PLAIN_TEXT.fullmatch(text) and text not in _YAML_WORDS:
        return text
    # YAML's own double-quoted form: every character it cannot carry as is escaped.
    quoted: str = yaml.safe_dump(text, default_style='"', allow_unicode=True,
                                 width=float("inf"))
    return quoted.rstrip("\n")


def invoice_yaml(fields: Mapping[str, Any]) -> str:
    """The invoice file's text."""
    out: list[str] = []
    for key, value in fields.items():
        if isinstance(value, list):
            if not value:
                out.append(f"{key}: []")
                continue
            out.append(f"{key}:")
            for item in value:
                first = True
                for sub, subvalue in item.items():
                    out.append(f"  {'- ' if first else '  '}{sub}: {_scalar(sub, subvalue)}")
                    first = False
        else:
            out.append(f"{key}: {_scalar(key, value)}")
    return "\n".join(out) + "\n"
