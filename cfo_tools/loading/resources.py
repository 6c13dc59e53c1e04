"""Where the packaged schemas and templates are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def packaged_dir(name: str) -> Path:
    """``schemas`` or ``templates`` as shipped: inside the wheel, else the source checkout's."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name
