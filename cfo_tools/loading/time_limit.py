"""A time limit for one call that pure Python code cannot bound itself: a regular expression
of a workspace schema backtracking in ``re`` (the C matcher still answers signals), a
template's render between two of its budget's checks."""

from __future__ import annotations

import gc
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

#: When the limit passes inside a callback of the garbage collector, the interruption waits
#: this long (seconds) and tries again.
RETRY_SECONDS = 0.005


class TimeLimitExceeded(Exception):
    """The call took longer than its limit."""


def _raise_time_limit_exceeded() -> None:
    raise TimeLimitExceeded


@contextmanager
def time_limit(seconds: float,
               on_expiry: Callable[[], None] = _raise_time_limit_exceeded, *,
               processor_time: bool = False) -> Iterator[None]:
    """Call ``on_expiry`` in the block once ``seconds`` have passed (by default: raise
    :class:`TimeLimitExceeded`); what it raises interrupts the block. Seconds of the clock on
    the wall, or with ``processor_time`` of the processor's time the process spends running
    its own code (a busy machine then does not stop a block that would have ended in time on
    a quiet one). Only the main thread of a process gets signals (the checking pool's workers
    run their tasks there); elsewhere, or where the platform has no interval timer, the block
    runs unbounded."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
            signal, "setitimer"):
        yield
        return

    timer, signal_number = ((signal.ITIMER_VIRTUAL, signal.SIGVTALRM) if processor_time
                            else (signal.ITIMER_REAL, signal.SIGALRM))

    def interrupt(signum: int, frame: FrameType | None) -> None:
        if in_gc_callback(frame):
            # Raised there, the exception would not stop the block: Python would print it
            # as "unraisable" and go on.
            signal.setitimer(timer, RETRY_SECONDS)
            return
        on_expiry()

    previous_handler = signal.signal(signal_number, interrupt)
    previous_timer = signal.setitimer(timer, seconds)
    try:
        yield
    finally:
        signal.setitimer(timer, 0)
        # None: a handler installed outside Python, which cannot be put back from here.
        signal.signal(signal_number,
                      signal.SIG_DFL if previous_handler is None else previous_handler)
        if previous_timer[0]:
            signal.setitimer(timer, *previous_timer)


def in_gc_callback(frame: FrameType | None) -> bool:
    """Whether ``frame`` (or a frame it was called from) runs a callback of the garbage
    collector (``gc.callbacks``: a profiler's, a test library's), which may run at any
    allocation of the code the limit stops."""
    codes = {code for callback in gc.callbacks
             if (code := getattr(callback, "__code__", None)) is not None}
    while frame is not None and codes:
        if frame.f_code in codes:
            return True
        frame = frame.f_back
    return False
