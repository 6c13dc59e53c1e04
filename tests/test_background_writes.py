"""Writes beside the command (``loading/background_writes.py``): a child's failure."""

from __future__ import annotations

import multiprocessing

import pytest

from cfo_tools.loading import background_writes


def _failing_write(message: str) -> None:
    raise OSError(message)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="writes beside the command need fork")
def test_a_failed_write_beside_is_quiet(monkeypatch, capfd):
    """A write that raises in its child prints no traceback on the command's stderr (the
    next run makes what was not kept), and its child ends in failure, not silently."""
    monkeypatch.setattr(background_writes, "ENABLED", True)
    written = background_writes.write_beside(_failing_write, "disk full")
    assert written is not None
    written.wait()
    written.close()
    child = background_writes._PENDING[-1]
    background_writes.wait_for_writes()
    assert child.exitcode == 1
    err = capfd.readouterr().err
    assert "Traceback" not in err and "disk full" not in err
