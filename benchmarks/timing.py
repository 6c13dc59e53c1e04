"""What every benchmark script times with."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)
