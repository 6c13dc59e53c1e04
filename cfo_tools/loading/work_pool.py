"""Run chunks of work on every core, with any start method, or here when it would not pay.

Generic on purpose: ``cfo calendar`` serialises its events with it and ``cfo build`` renders
its documents with it. The work is a module-level function ``work(shared, chunk)``: ``shared``
(what every chunk needs, e.g. the workspace) reaches each worker once, through the pool's
initializer; under ``fork`` it is inherited, under ``spawn`` (macOS's default, Windows' only
method) it is pickled once per worker. Results come back in the order of the chunks, so the
output is the same as running every chunk here, one after the other.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from cfo_tools.loading import process_end

Chunk = TypeVar("Chunk")
Result = TypeVar("Result")

#: What the worker processes share: set once per worker by :func:`_start_worker`.
_SHARED: list[Any] = []


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def default_start_method() -> str:
    """``fork`` where the system has it (nothing to pickle), else ``spawn``."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def map_chunks(work: Callable[[Any, Chunk], Result], shared: Any, chunks: Sequence[Chunk], *,
               parallel: bool, jobs: int | None = None,
               start_method: str | None = None) -> list[Result]:
    """``[work(shared, chunk) for chunk in chunks]``, on every core when ``parallel`` (the
    caller's judgement that the work pays for starting processes) and there are several
    cores and chunks."""
    jobs = available_cores() if jobs is None else jobs
    if not parallel or jobs <= 1 or len(chunks) <= 1:
        return [work(shared, chunk) for chunk in chunks]
    context = multiprocessing.get_context(start_method or default_start_method())
    with _pool(context, min(jobs, len(chunks)), shared) as pool:
        return pool.map(_run, [(work, chunk) for chunk in chunks], chunksize=1)


def chunks_as_done(work: Callable[[Any, Chunk], Result], shared: Any, chunks: Sequence[Chunk],
                   *, parallel: bool, jobs: int | None = None, start_method: str | None = None
                   ) -> Iterator[tuple[int, Result]]:
    """``(position, work(shared, chunk))`` of every chunk, as :func:`map_chunks` computes them,
    each as soon as it is done (in no set order on several cores), so that the caller can use
    the first results (write them) while the others are computed."""
    with started_chunks(work, shared, chunks, parallel=parallel, jobs=jobs,
                        start_method=start_method) as results:
        yield from results


@contextmanager
def started_chunks(work: Callable[[Any, Chunk], Result], shared: Any, chunks: Sequence[Chunk],
                   *, parallel: bool, jobs: int | None = None, start_method: str | None = None,
                   single: bool = False) -> Iterator[Iterator[tuple[int, Result]]]:
    """:func:`chunks_as_done`, the workers started on entering: this process may do other work
    (computing what later chunks need) while they compute, then read their results. When the
    work does not go to other cores, each chunk is computed as its result is read. With
    ``single``, a single chunk goes to a worker too (the caller has work of its own to do
    meanwhile: else, one chunk is computed here, as it would be by one worker)."""
    jobs = available_cores() if jobs is None else jobs
    if not parallel or jobs <= 1 or len(chunks) < (1 if single else 2):
        yield ((position, work(shared, chunk)) for position, chunk in enumerate(chunks))
        return
    context = multiprocessing.get_context(start_method or default_start_method())
    with _pool(context, min(jobs, len(chunks)), shared) as pool:
        yield pool.imap_unordered(
            _run_at, [(work, position, chunk) for position, chunk in enumerate(chunks)],
            chunksize=1)


@contextmanager
def computed_beside(work: Callable[[Any, Chunk], Result], shared: Any, chunk: Chunk
                    ) -> Iterator[Callable[[], Result]]:
    """``work(shared, chunk)`` computed by one forked process while this one does its own
    share of a job; the callable given returns the result (waiting for it). Without
    ``fork`` or a second core it is computed here when asked for: ``shared`` is never
    pickled, only ``chunk`` and the result are; nor from a pool's worker, which may have no
    process of its own (a daemonic process)."""
    if (available_cores() <= 1 or default_start_method() != "fork"
            or multiprocessing.current_process().daemon):
        yield lambda: work(shared, chunk)
        return
    context = multiprocessing.get_context("fork")
    with _pool(context, 1, shared) as pool:
        pending = pool.apply_async(_run, ((work, chunk),))
        yield pending.get


@contextmanager
def _pool(context: Any, processes: int, shared: Any) -> Iterator[Any]:
    """A pool of ``processes`` workers sharing ``shared``. Once its work is done, a command
    (``process_end.ENABLED``) lets its workers end by themselves and reaps them when it
    ends, rather than waiting here for each to tear down the pages it shared with this
    process; work left undone (a caller that stopped early, an error) is stopped at once."""
    pool = context.Pool(processes, initializer=_start_worker, initargs=(shared,))
    try:
        yield pool
    except BaseException:
        pool.terminate()
        raise
    if process_end.ENABLED and not pool._cache:
        pool.close()
        process_end.keep(pool)
    else:
        pool.terminate()


def split(items: Sequence[Chunk], pieces: int) -> list[Sequence[Chunk]]:
    """``items`` in about ``pieces`` consecutive slices (fewer when there are few items)."""
    size = max(1, -(-len(items) // max(1, pieces)))
    return [items[start:start + size] for start in range(0, len(items), size)]


def _start_worker(shared: Any) -> None:
    _SHARED[:] = [shared]


def _run(task: tuple[Callable[[Any, Any], Any], Any]) -> Any:
    work, chunk = task
    return work(_SHARED[0], chunk)


def _run_at(task: tuple[Callable[[Any, Any], Any], int, Any]) -> tuple[int, Any]:
    work, position, chunk = task
    return position, work(_SHARED[0], chunk)
