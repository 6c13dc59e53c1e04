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
