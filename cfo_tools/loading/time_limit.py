"""A time limit for one call that pure Python code cannot bound itself: a regular expression
of a workspace schema backtracking in ``re`` (the C matcher still answers signals)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType


class TimeLimitExceeded(Exception):
    """The call took longer than its limit."""


def _raise_time_limit_exceeded() -> None:
    raise TimeLimitExceeded


@contextmanager
def time_limit(seconds: float,
               on_expiry: Callable[[], None] = _raise_time_limit_exceeded) -> Iterator[None]:
    """Call ``on_expiry`` in the block once ``seconds`` have passed (by default: raise
    :class:`TimeLimitExceeded`); what it raises interrupts the block. Only the main thread of
    a process gets signals (the checking pool's workers run their tasks there); elsewhere, or
    where the platform has no interval timer, the block runs unbounded."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
            signal, "setitimer"):
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        on_expiry()

    previous_handler = signal.signal(signal.SIGALRM, interrupt)
    previous_timer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        # None: a handler installed outside Python, which cannot be put back from here.
        signal.signal(signal.SIGALRM,
                      signal.SIG_DFL if previous_handler is None else previous_handler)
        if previous_timer[0]:
            signal.setitimer(signal.ITIMER_REAL, *previous_timer)
