"""How a value read from YAML is named in messages."""

from __future__ import annotations

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
