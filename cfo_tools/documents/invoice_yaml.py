"""An invoice file's text from its fields: plain YAML a person can read and edit, every
amount written exactly as it is (``5000.00``, never ``5000.0`` or ``5e3``), every text quoted
so that YAML reads it back as that text."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from cfo_tools.model.money import money_text

#: Fields written as numbers without forcing two decimals (days, a VAT rate).
_QUANTITIES = frozenset({"days", "vat_rate"})


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
    if key in ("mission", "status", "profile", "period") and isinstance(value, str) \
            and value.replace("-", "").isalnum() and not value[:1].isdigit():
        return value
    if key == "period":
        return value if isinstance(value, str) and len(value) == 7 else json.dumps(value)
    # A JSON string is a YAML double-quoted scalar: escapes and all.
    return json.dumps(str(value), ensure_ascii=False)


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
