"""``work_pool.computed_beside``: a share of a job computed by a forked process while the
caller computes its own, or in place where no process can be started for it."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from cfo_tools.loading import work_pool


def _pid_and_sum(shared: list[int], chunk: range) -> tuple[int, int]:
    return os.getpid(), sum(shared[i] for i in chunk)


def _beside_in_a_worker(_: object) -> tuple[int, int, int]:
    with work_pool.computed_beside(_pid_and_sum, [1, 2, 3], range(3)) as result:
        pid, total = result()
    return os.getpid(), pid, total


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="computed in place without fork")
def test_the_share_is_computed_by_another_process(monkeypatch):
    monkeypatch.setattr(work_pool, "available_cores", lambda: 2)
    shared = list(range(100))
    with work_pool.computed_beside(_pid_and_sum, shared, range(10, 20)) as result:
        here = sum(shared[:10])
        pid, there = result()
    assert pid != os.getpid() and (here, there) == (45, 145)


def test_on_one_core_it_is_computed_here(monkeypatch):
    monkeypatch.setattr(work_pool, "available_cores", lambda: 1)
    with work_pool.computed_beside(_pid_and_sum, [5, 6], range(2)) as result:
        assert result() == (os.getpid(), 11)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="the daemonic worker is the point")
def test_a_pool_worker_computes_its_share_itself():
    # A pool's workers are daemonic: they may not start processes of their own.
    with multiprocessing.get_context("fork").Pool(1) as pool:
        worker, pid, total = pool.apply(_beside_in_a_worker, (None,))
    assert pid == worker and total == 6


def _slow_sum(shared: list[int], chunk: range) -> int:
    if chunk.start:
        import time

        time.sleep(30)  # a chunk no one waits for
    return sum(shared[i] for i in chunk)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="workers of their own need fork here")
def test_a_command_s_pool_ends_by_itself_and_is_kept(monkeypatch):
    """In a command (``process_end.ENABLED``), a pool whose work is done is left to end by
    itself (reaped when the command ends) and is kept until then: the results are those of
    the chunks, and its workers exit without being killed."""
    from cfo_tools.loading import process_end

    monkeypatch.setattr(process_end, "ENABLED", True)
    monkeypatch.setattr(process_end, "_KEPT", [])
    chunks = work_pool.split(range(100), 4)
    assert work_pool.map_chunks(_pid_and_sum, list(range(100)), chunks, parallel=True,
                                jobs=2, start_method="fork")[0][1] == sum(range(25))
    [pool] = process_end._KEPT
    pool.join()  # returns: the workers ended by themselves
    assert all(worker.exitcode == 0 for worker in pool._pool)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="workers of their own need fork here")
def test_work_left_undone_is_stopped_at_once(monkeypatch):
    """A caller that stops reading before the end: the chunks still running are stopped,
    not left to run beside the command."""
    from cfo_tools.loading import process_end

    monkeypatch.setattr(process_end, "ENABLED", True)
    monkeypatch.setattr(process_end, "_KEPT", [])
    with work_pool.started_chunks(_slow_sum, [1] * 10, [range(0, 5), range(5, 10)],
                                  parallel=True, jobs=2, start_method="fork") as results:
        first = next(results)
    assert first == (0, 5)
    assert process_end._KEPT == []
