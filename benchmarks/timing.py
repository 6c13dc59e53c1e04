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
