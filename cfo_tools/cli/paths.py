"""The one kind of path option or argument the commands take.

``click.Path`` looks at the file system with the value as given; a NUL byte in it (which no
shell can pass, but a program calling cfo can) makes the operating system's call raise
ValueError, which click lets through as a traceback. Refused here as a usage error instead.
"""

from __future__ import annotations

from typing import Any

import click


class SafePath(click.Path):
    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if ((isinstance(value, str) and "\x00" in value)
                or (isinstance(value, bytes) and b"\x00" in value)):
            self.fail("a path cannot hold a NUL character (\\x00)", param, ctx)
        return super().convert(value, param, ctx)
