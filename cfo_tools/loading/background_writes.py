"""Cache writes that need not hold up the command, done beside it on another core.

A cold run over 22,000 files ends by pickling and storing the workspace's snapshot (40 MB of
records, about 1.6 s of one core) while its other core is idle: the cross-file rules and the
report that follow do not read it. A forked child process writes it from the parent's memory
as it is at the fork, and the command waits for the child only before the process ends.

For the command line only (it sets :data:`ENABLED`): a long-lived process (the test suite, a
server) writes in place, where a write is finished when the call returns. Without ``fork``
(Windows; macOS's default is ``spawn``, but ``fork`` is still available there) or when the
child cannot be started, the write is done in place too. The cache's writes are SQLite
transactions, so a command that runs meanwhile sees the snapshot whole or not at all.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cfo_tools.loading.document_cache import DocumentCache

#: Set by the command line, whose process ends with the command.
ENABLED = False

_PENDING: list[BaseProcess] = []

_LOG = logging.getLogger(__name__)


class Written:
    """A write going on in a child: :meth:`wait` returns once it is done, in any process
    forked after it was started (another child whose write must come after it)."""

    def __init__(self, done: int) -> None:
        #: The reading end of a pipe whose only writing end the child holds: it reads the
        #: end of the file when the child has ended.
        self._done = done

    def wait(self) -> None:
        while os.read(self._done, 1):
            pass

    def close(self) -> None:
        """Let go of it in this process (the processes forked since keep their own)."""
        os.close(self._done)


def write_beside(write: Callable[..., None], *args: Any) -> Written | None:
    """``write(*args)`` in a forked child when :data:`ENABLED` (what tells when it is done
    returned), else here (None)."""
    if not ENABLED or "fork" not in multiprocessing.get_all_start_methods():
        write(*args)
        return None
    # What the parent buffered must not be written a second time by the child.
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    done, writing = os.pipe()
    child = multiprocessing.get_context("fork").Process(target=_write_in_child,
                                                        args=(write, *args))
    try:
        child.start()
    except OSError:
        os.close(writing)
        os.close(done)
        write(*args)
        return None
    os.close(writing)
    if not _PENDING:
        atexit.register(wait_for_writes)
    _PENDING.append(child)
    return Written(done)


def write_to_cache(cache: DocumentCache, write: Callable[..., None], *args: Any,
                   beside: bool) -> Written | None:
    """``write(*args)``, which writes to ``cache``: beside the command when ``beside`` (a
    large write: a cold run's, a new base), the cache's connection closed first, since no
    SQLite connection may cross a fork (the next use opens one); else here. What tells
    when a write beside is done is returned (None: done)."""
    if beside:
        cache.close()
        return write_beside(write, *args)
    write(*args)
    return None


def _write_in_child(write: Callable[..., None], *args: Any) -> None:
    # Ctrl-C interrupts the command, which then waits for this write to end: the child must
    # not die halfway with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Its own writes (a memo's save) are done in place: it is this child that the command
    # waits for, and a write is done when this child ends.
    global ENABLED
    ENABLED = False
    try:
        write(*args)
    except Exception:
        # What failed to be kept is made again by the next run: no traceback on the
        # command's stderr (multiprocessing prints one for an exception), only the log's.
        _LOG.debug("a cache write beside the command failed", exc_info=True)
        sys.exit(1)


def wait_for_writes() -> None:
    """Wait until every write started by :func:`write_beside` is done."""
    while _PENDING:
        _PENDING.pop().join()
