"""What a cross-file rule reports: a place given as file and JSON pointer.

The validation pipeline turns problems into findings, finding line numbers only then.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Problem:
    file: str
    pointer: str
    message: str
    severity: Literal["error", "warning"] = "error"
    #: Point at the key rather than its value (for a key that should not be there).
    at_key: bool = False
