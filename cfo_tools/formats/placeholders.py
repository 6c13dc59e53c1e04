"""Words of the messages catalogue with ``{name}`` placeholders, filled in one pass.

A workspace may override any message (templates/messages/<lang>.yaml) and pull requests bring
such files: unlike ``str.format``, nothing here reaches an attribute or an index of a value,
and a value that itself holds ``{name}`` stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def filled(message: str, values: Mapping[str, str]) -> str:
    """``message`` with each ``{name}`` of ``values`` replaced; other braces left as they are."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), message)
