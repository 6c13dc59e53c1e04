"""What every benchmark script times with."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def best_of(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def median_cpu(repeat: int, action: Callable[[], object]) -> float:
    """The median CPU time (this process's, ``time.process_time``) of ``repeat`` runs: steadier
    than the wall time on a machine shared with other work."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times)


#: The start of a script run as ``python -c`` that times stages of a command's main process:
#: ``timed(owner, name, label)`` wraps ``owner.name`` (skipped when a checkout has none) and
#: adds the wall and CPU seconds of each call to ``figures[label]``, as ``(wall, cpu)``;
#: ``started`` is ``(wall, cpu)`` at the start. The script goes on with its imports, its
#: ``timed`` calls, and prints ``figures`` at its end.
STAGE_TIMER = r"""
import atexit, json, sys, time
started = (time.perf_counter(), time.process_time())
figures = {}
def timed(owner, name, label):
    original = getattr(owner, name, None)
    if original is None:
        return
    def wrapper(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            before = figures.get(label, (0.0, 0.0))
            figures[label] = (before[0] + time.perf_counter() - wall,
                              before[1] + time.process_time() - cpu)
    setattr(owner, name, wrapper)
"""
