"""Output formats for findings. Each reporter turns a :class:`Outcome` into text; adding a
format touches this registry only."""

from __future__ import annotations

from collections.abc import Callable

from cfo_tools.reporters.github import render_github
from cfo_tools.reporters.json_format import render_json
from cfo_tools.reporters.outcome import Outcome
from cfo_tools.reporters.text import render_text

REPORTERS: dict[str, Callable[[Outcome], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
}

__all__ = ["REPORTERS", "Outcome"]
