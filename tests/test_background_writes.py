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


def _append_pid(path: str, what: str) -> None:
    import os

    with open(path, "a", encoding="utf-8") as out:
        out.write(f"{what} {os.getpid()}\n")


def _written_lines(path) -> list[tuple[str, int]]:
    return [(what, int(pid)) for what, pid in
            (line.split() for line in path.read_text(encoding="utf-8").splitlines())]


needs_fork = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="writes beside the command need fork")


@needs_fork
def test_writes_held_in_a_block_share_one_child(monkeypatch, tmp_path):
    """The writes started in a ``held`` block wait for its end, then are done in order by
    one child: one fork instead of one each."""
    import os

    monkeypatch.setattr(background_writes, "ENABLED", True)
    log = tmp_path / "log"
    with background_writes.held():
        first = background_writes.write_beside(_append_pid, str(log), "first")
        second = background_writes.write_beside(_append_pid, str(log), "second")
        assert not log.exists() and not background_writes._PENDING
    assert first is not None and second is not None
    second.wait()
    background_writes.wait_for_writes()
    lines = _written_lines(log)
    assert [what for what, _ in lines] == ["first", "second"]
    assert lines[0][1] == lines[1][1] != os.getpid()


@needs_fork
def test_writes_held_for_the_next_go_with_it_or_at_the_end(monkeypatch, tmp_path):
    """With ``with_next``, the held writes are done after the next write beside, by its
    child; with none after them, in this process when the command waits for its writes."""
    import os

    monkeypatch.setattr(background_writes, "ENABLED", True)
    log = tmp_path / "log"
    with background_writes.held(with_next=True):
        background_writes.write_beside(_append_pid, str(log), "held")
    assert not log.exists() and not background_writes._PENDING
    background_writes.write_beside(_append_pid, str(log), "next")
    background_writes.wait_for_writes()
    lines = _written_lines(log)
    assert [what for what, _ in lines] == ["next", "held"]
    assert lines[0][1] == lines[1][1] != os.getpid()
    with background_writes.held(with_next=True):
        background_writes.write_beside(_append_pid, str(log), "last")
    background_writes.wait_for_writes()
    assert _written_lines(log)[-1] == ("last", os.getpid())


@needs_fork
def test_waiting_for_a_held_write_starts_it(monkeypatch, tmp_path):
    """A held write waited for is started then, not left to wait for itself."""
    monkeypatch.setattr(background_writes, "ENABLED", True)
    log = tmp_path / "log"
    with background_writes.held():
        written = background_writes.write_beside(_append_pid, str(log), "waited")
        assert written is not None
        written.wait()
        assert [what for what, _ in _written_lines(log)] == ["waited"]
    background_writes.wait_for_writes()
    assert len(_written_lines(log)) == 1


@needs_fork
def test_a_failed_held_write_leaves_the_others_done(monkeypatch, tmp_path, capfd):
    """One write of a shared child failing: the others are done all the same, quietly, and
    the child ends in failure."""
    monkeypatch.setattr(background_writes, "ENABLED", True)
    log = tmp_path / "log"
    with background_writes.held():
        background_writes.write_beside(_failing_write, "disk full")
        background_writes.write_beside(_append_pid, str(log), "after")
    child = background_writes._PENDING[-1]
    background_writes.wait_for_writes()
    assert child.exitcode == 1
    assert [what for what, _ in _written_lines(log)] == ["after"]
    assert "Traceback" not in capfd.readouterr().err


def test_held_writes_are_done_in_place_without_the_command_line(tmp_path):
    """Outside the command line nothing is held: a write is done when the call returns."""
    log = tmp_path / "log"
    with background_writes.held(with_next=True):
        assert background_writes.write_beside(_append_pid, str(log), "here") is None
        assert [what for what, _ in _written_lines(log)] == ["here"]


@needs_fork
def test_what_a_child_writes_from_is_kept_until_the_end(monkeypatch, tmp_path):
    """The command line does not free what a child writes from once it is forked (each page
    freed would be copied from the child), however the caller lets go of it."""
    from cfo_tools.loading import process_end

    monkeypatch.setattr(background_writes, "ENABLED", True)
    monkeypatch.setattr(process_end, "ENABLED", True)
    monkeypatch.setattr(process_end, "_KEPT", [])
    entries = {"a": ("entry",)}
    background_writes.write_beside(_append_pid, str(tmp_path / "log"), entries)
    background_writes.wait_for_writes()
    kept = [arg for jobs in process_end._KEPT for job in jobs for arg in job.args]
    assert any(arg is entries for arg in kept)


class _Cache:
    """What ``write_to_cache`` asks of a cache: a connection to close before a fork."""

    def close(self) -> None:
        pass


@needs_fork
def test_a_write_after_waits_for_the_end_and_is_done_here(monkeypatch, tmp_path):
    """``write_after``: done in this process when the command ends (after its output), not
    when asked, nor by a child of its own; with the next write beside, by its child."""
    import os

    monkeypatch.setattr(background_writes, "ENABLED", True)
    log = tmp_path / "log"
    background_writes.write_after(_Cache(), _append_pid, str(log), "after")  # type: ignore[arg-type]
    assert not log.exists() and not background_writes._PENDING
    background_writes.wait_for_writes()
    assert _written_lines(log) == [("after", os.getpid())]
    background_writes.write_after(_Cache(), _append_pid, str(log), "carried")  # type: ignore[arg-type]
    background_writes.write_beside(_append_pid, str(log), "next")
    background_writes.wait_for_writes()
    lines = _written_lines(log)[1:]
    assert [what for what, _ in lines] == ["next", "carried"]
    assert lines[0][1] == lines[1][1] != os.getpid()


def test_a_write_after_is_done_at_once_without_the_command_line(tmp_path):
    log = tmp_path / "log"
    background_writes.write_after(_Cache(), _append_pid, str(log), "now")  # type: ignore[arg-type]
    assert [what for what, _ in _written_lines(log)] == ["now"]


@needs_fork
def test_writes_held_for_the_end_are_done_here_first(monkeypatch, tmp_path):
    """With ``at_end``, the held writes go with no child, not even the next one forked: they
    are done in this process when the command waits for its writes, before the writes left
    to it; waited for sooner, they are started in a child then."""
    import os

    monkeypatch.setattr(background_writes, "ENABLED", True)
    log = tmp_path / "log"
    with background_writes.held(at_end=True):
        background_writes.write_beside(_append_pid, str(log), "ended")
    background_writes.write_after(_Cache(), _append_pid, str(log), "after")  # type: ignore[arg-type]
    background_writes.write_beside(_append_pid, str(log), "next")
    child = background_writes._PENDING[-1]
    child.join()
    assert [what for what, _ in _written_lines(log)] == ["next", "after"]
    background_writes.wait_for_writes()
    assert _written_lines(log)[-1] == ("ended", os.getpid())
    with background_writes.held(at_end=True):
        waited = background_writes.write_beside(_append_pid, str(log), "waited")
    assert waited is not None
    waited.wait()
    assert _written_lines(log)[-1][0] == "waited" and _written_lines(log)[-1][1] != os.getpid()
    background_writes.wait_for_writes()
    assert len(_written_lines(log)) == 4
