"""Cache writes that need not hold up the command, done beside it on another core.

A cold run over 22,000 files ends by pickling and storing the workspace's snapshot (40 MB of
records, about 1.6 s of one core) while its other core is idle: the cross-file rules and the
report that follow do not read it. A forked child process writes it from the parent's memory
as it is at the fork, and the command waits for the child only before the process ends.

Each fork costs the command more than its child's work: once the parent's heap is large
(480 MB on the medium workspace), the fork copies its page tables and every page the parent
writes afterwards faults once (about 4 µs each; a cold ``cfo check`` forked eight times and
spent a fifth of what it costs more than ``cfo validate`` in such faults). So a caller can
hold the writes started in a block (:func:`held`): they are done one after the other by a
single child, forked when the block ends, or with the next write beside the command.

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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from cfo_tools.loading.process_end import keep

if TYPE_CHECKING:
    from cfo_tools.loading.document_cache import DocumentCache

#: Set by the command line, whose process ends with the command.
ENABLED = False

_PENDING: list[BaseProcess] = []

_LOG = logging.getLogger(__name__)


class _Job:
    """One write beside the command: ``write(*args)``, and what tells when it is done."""

    def __init__(self, write: Callable[..., None], args: tuple[Any, ...],
                 close: Callable[[], None] | None) -> None:
        self.write, self.args = write, args
        #: Called before the fork (a cache's connection, which must not cross it).
        self.close = close
        #: The pipe whose writing end only the child holds, once it is started.
        self.done: int | None = None
        self.writing: int | None = None


#: The writes held by each :func:`held` block that has not ended, innermost last.
_BLOCKS: list[list[_Job]] = []
#: Held writes that go with the next child forked for a write (or are done at the end).
_NEXT: list[_Job] = []
#: Held writes done by this process when the command ends, before the others left to it.
_LAST: list[_Job] = []


class Written:
    """A write going on in a child: :meth:`wait` returns once it is done, in any process
    forked after it was started (another child whose write must come after it)."""

    def __init__(self, job: _Job) -> None:
        self._job = job

    def wait(self) -> None:
        """Wait until the write is done (a write still held is started first)."""
        if self._job.done is None:
            _start(_take_held())
        assert self._job.done is not None  # started above
        while os.read(self._job.done, 1):
            pass

    def close(self) -> None:
        """Let go of it in this process (the processes forked since keep their own)."""
        if self._job.done is not None:
            os.close(self._job.done)
            self._job.done = -1


def write_beside(write: Callable[..., None], *args: Any) -> Written | None:
    """``write(*args)`` in a forked child when :data:`ENABLED` (what tells when it is done
    returned), else here (None). Inside a :func:`held` block, the write waits for the
    block's child; else the writes held for the next child go with it, after it."""
    return _beside(write, args, None)


def write_to_cache(cache: DocumentCache, write: Callable[..., None], *args: Any,
                   beside: bool) -> Written | None:
    """``write(*args)``, which writes to ``cache``: beside the command when ``beside`` (a
    large write: a cold run's, a new base), the cache's connection closed before the fork,
    since no SQLite connection may cross a fork (the next use opens one); else here. What
    tells when a write beside is done is returned (None: done)."""
    if beside:
        return _beside(write, args, cache.close)
    write(*args)
    return None


def write_after(cache: DocumentCache, write: Callable[..., None], *args: Any) -> None:
    """``write(*args)``, which writes to ``cache``, once the command's output is written:
    here when the command ends (or by the child of a later write beside the command,
    after its own), at once when writes are not done beside the command. For a write that
    waits for one beside the command (:meth:`Written.wait`) and whose pickling costs less
    than a child forked for it once the heap is large (its start, the faults of the pages
    both touch)."""
    with held(with_next=True):
        write_to_cache(cache, write, *args, beside=True)


@contextmanager
def held(*, with_next: bool = False, at_end: bool = False) -> Iterator[None]:
    """The writes beside the command started in this block are done by one child, one after
    the other in the order they were asked for, forked when the block ends; with
    ``with_next``, by the child of the next write beside the command after the block (after
    that write), or here when the command ends and none was forked; with ``at_end``, here
    when the command ends (its output written), first of the writes left to it: for writes
    that would hold up the command where its other core is idle, and whose child would cost
    more than the write (its fork, its faults) or be the command's last.
    Nothing may read what a held write writes before it is done (:meth:`Written.wait`
    starts it)."""
    jobs: list[_Job] = []
    _BLOCKS.append(jobs)
    try:
        yield
    finally:
        _BLOCKS.remove(jobs)
        if at_end:
            if jobs:
                _LAST.extend(jobs)
                _end_with_writes()
        elif with_next:
            _NEXT.extend(jobs)
        elif jobs:
            _start([*jobs, *_take_next()])


def _beside(write: Callable[..., None], args: tuple[Any, ...],
            close: Callable[[], None] | None) -> Written | None:
    if not ENABLED or "fork" not in multiprocessing.get_all_start_methods():
        write(*args)
        return None
    job = _Job(write, args, close)
    if _BLOCKS:
        _BLOCKS[-1].append(job)
        _end_with_writes()
    else:
        _start([job, *_take_next()])
    return Written(job)


def _take_held() -> list[_Job]:
    """Every write held (for the command's end, by a block that has not ended, or for the
    next child), in the order they are done."""
    jobs = [*_LAST, *(job for block in _BLOCKS for job in block)]
    _LAST.clear()
    for block in _BLOCKS:
        block.clear()
    return [*jobs, *_take_next()]


def _take_next() -> list[_Job]:
    jobs = list(_NEXT)
    _NEXT.clear()
    return jobs


def _start(jobs: list[_Job]) -> None:
    """``jobs`` done in order by one forked child (here, when it cannot be started)."""
    if not jobs:
        return
    # What the parent buffered must not be written a second time by the child.
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    for job in jobs:
        if job.close is not None:
            job.close()
        job.done, job.writing = os.pipe()
    child = multiprocessing.get_context("fork").Process(target=_write_in_child, args=(jobs,))
    try:
        child.start()
    except OSError:
        for job in jobs:
            job.write(*job.args)
            _close_writing(job)
        return
    for job in jobs:
        _close_writing(job)
    # What the child writes from is not freed here: its pages, shared with the child since
    # the fork, would each be copied to free it (19,000 page faults for a cold check's
    # snapshot entries).
    keep(jobs)
    _end_with_writes()
    _PENDING.append(child)


def _close_writing(job: _Job) -> None:
    if job.writing is not None:
        os.close(job.writing)
        job.writing = None


def _write_in_child(jobs: list[_Job]) -> None:
    # Ctrl-C interrupts the command, which then waits for these writes to end: the child
    # must not die halfway with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Its own writes (a memo's save) are done in place: it is this child that the command
    # waits for, and a write is done when this child ends.
    global ENABLED
    ENABLED = False
    failed = False
    for job in jobs:
        failed = not _written(job) or failed
        # Done: a process waiting for this one write goes on (the child may have more).
        _close_writing(job)
    if failed:
        sys.exit(1)


def _written(job: _Job) -> bool:
    """Whether ``job``'s write ended without an exception. What failed to be kept is made
    again by the next run: no traceback on the command's stderr (multiprocessing prints one
    for an exception), only the log's."""
    try:
        job.write(*job.args)
    except Exception:
        _LOG.debug("a cache write beside the command failed", exc_info=True)
        return False
    return True


def _forget_held() -> None:
    # A forked process (a pool's worker, a writer) starts none of its parent's held writes.
    _BLOCKS.clear()
    _NEXT.clear()
    _LAST.clear()


if hasattr(os, "register_at_fork"):  # pragma: no branch - not on Windows, which has no fork
    os.register_at_fork(after_in_child=_forget_held)

_REGISTERED: list[bool] = []


def _end_with_writes() -> None:
    if not _REGISTERED:
        atexit.register(wait_for_writes)
        _REGISTERED.append(True)


def wait_for_writes() -> None:
    """Wait until every write started by :func:`write_beside` is done; those still held for
    the next child are done here (a child would cost its fork and do nothing sooner)."""
    for job in _take_held():
        _written(job)
    while _PENDING:
        _PENDING.pop().join()
