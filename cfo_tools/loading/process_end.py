"""A command's process ends without taking apart what it loaded.

A cold ``cfo check`` on 22,000 files holds the workspace's records, the subjects and 48,000
findings until its report is written. Freed when the functions holding them return, they
were hundreds of thousands of deallocations (0.2 s of CPU in all), each touching a page that
a child writing the cache beside the command still shared: copied for nothing, on the last
stretch of the run. The command line keeps them here instead (:func:`keep`) and ends with
:func:`end_process`, which flushes the output, runs the exit handlers (the writes beside the
command are waited for) and leaves without the interpreter's teardown.

For the command line only (it sets :data:`ENABLED`): a long-lived process (the test suite, a
server) keeps nothing and ends as usual.
"""

from __future__ import annotations

import atexit
import os
import sys
from typing import NoReturn

#: Set by the command line, whose process ends with the command.
ENABLED = False

_KEPT: list[object] = []


def keep(*objects: object) -> None:
    """Keep ``objects`` until the process ends (with :data:`ENABLED`; else nothing)."""
    if ENABLED:
        _KEPT.extend(objects)


def end_process(code: object) -> NoReturn:
    """End the process with the exit status ``code`` (a ``SystemExit``'s): when objects were
    kept and the status is a number, once the output is flushed and the exit handlers ran,
    without freeing them; else as Python does (a message printed, a flush that fails
    reported)."""
    if not _KEPT or not (code is None or isinstance(code, int)):
        raise SystemExit(code)
    try:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
    except (OSError, ValueError):
        # A closed pipe (``cfo check | head``): Python's own ending reports it.
        raise SystemExit(code) from None
    atexit._run_exitfuncs()
    os._exit(code or 0)
