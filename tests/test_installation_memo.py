"""The libraries' versions and the code's fingerprint, remembered by the stat of the files
they come from (``loading/installation_memo.py``): any change of those files, or a memo that
cannot be trusted, and they are made again."""

from __future__ import annotations

import os

import pytest

from cfo_tools.loading import installation_memo
from cfo_tools.loading.installation_memo import MEMO, library_version, remembered

SECRET = b"k" * 32


@pytest.fixture
def made(tmp_path, monkeypatch):
    """A package and a folder of the path; ``made`` counts the times both were made."""
    monkeypatch.setattr(installation_memo, "RACY_NANOSECONDS", 0)
    package = tmp_path / "package"
    (package / "sub").mkdir(parents=True)
    (package / "a.py").write_text("A = 1\n")
    (package / "sub" / "b.py").write_text("B = 1\n")
    (tmp_path / "site").mkdir()
    (tmp_path / "cache").mkdir()
    calls: list[str] = []

    def ask(secret: bytes = SECRET) -> tuple[str, bytes]:
        calls.append("made")
        return remembered(tmp_path / "cache", secret, package,
                          lambda: f"yaml 6\nholidays {len(calls)}",
                          lambda: len(calls).to_bytes(2, "big"),
                          paths=[str(tmp_path / "site"), str(tmp_path / "missing")])

    return tmp_path, ask


def test_the_memo_answers_while_nothing_changed(made):
    _, ask = made
    first = ask()
    assert first == ("yaml 6\nholidays 1", b"\0\1")
    assert ask() == first and ask() == first  # not made again: the memo's


@pytest.mark.parametrize("change", ["edit", "add", "remove", "sub-folder", "install"])
def test_any_change_makes_them_again(made, change):
    root, ask = made
    ask()
    package = root / "package"
    if change == "edit":
        (package / "a.py").write_text("A = 22\n")
    elif change == "add":
        (package / "c.py").write_text("C = 1\n")
    elif change == "remove":
        (package / "sub" / "b.py").unlink()
    elif change == "sub-folder":
        (package / "sub" / "deeper").mkdir()
        (package / "sub" / "deeper" / "d.py").write_text("D = 1\n")
    else:
        (root / "site" / "holidays-1.0.dist-info").mkdir()
    assert ask() == ("yaml 6\nholidays 2", b"\0\2")
    assert ask() == ("yaml 6\nholidays 2", b"\0\2")


@pytest.mark.parametrize("damage", [b"", b"short", b"x" * 32 + b"{}", b"\0" * 200])
def test_a_memo_not_trusted_is_made_again(made, damage):
    root, ask = made
    ask()
    (root / "cache" / MEMO).write_bytes(damage)
    assert ask()[1] == b"\0\2"


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="links are followed here")
def test_a_memo_that_is_a_link_is_not_read(made):
    root, ask = made
    ask()
    (root / "large").write_bytes(b"x" * 1_000_000)
    (root / "cache" / MEMO).unlink()
    (root / "cache" / MEMO).symlink_to(root / "large")
    assert ask()[1] == b"\0\2"


def test_a_memo_signed_with_another_key_is_not_trusted(made):
    _, ask = made
    ask(b"o" * 32)
    assert ask()[1] == b"\0\2"


def test_files_changed_just_now_are_not_remembered(made, monkeypatch):
    root, ask = made
    monkeypatch.setattr(installation_memo, "RACY_NANOSECONDS", 3600 * 10**9)
    ask()
    assert not (root / "cache" / MEMO).exists()
    assert ask()[1] == b"\0\2"


def test_library_version():
    versions = "3.11.7 (main)\nyaml 6.0 libyaml=True\nholidays 0.62\nbabel ?"
    assert library_version(versions, "holidays") == "0.62"
    assert library_version(versions, "babel") == "?"
    assert library_version(versions, "jinja2") is None


def test_the_cache_takes_them_from_the_memo(tmp_path, monkeypatch):
    from cfo_tools.loading import document_cache

    monkeypatch.setattr(installation_memo, "RACY_NANOSECONDS", -(10 ** 18))
    first = document_cache.DocumentCache.open(tmp_path / "cache", {})
    assert first is not None and (tmp_path / "cache" / MEMO).exists()
    monkeypatch.setattr(document_cache, "_code_fingerprint", lambda: b"never asked")
    again = document_cache.DocumentCache.open(tmp_path / "cache", {})
    assert again is not None and again.context == first.context
    assert library_version(again.library_versions or "", "holidays") is not None


def test_the_folder_python_puts_first_is_not_stamped(monkeypatch, tmp_path):
    # The script's folder, or the current one for ``python -m``: a file saved there (in a
    # workspace, in /tmp) must not make every command compute the versions again.
    monkeypatch.setattr(installation_memo.sys, "path", [str(tmp_path), "/site", "/lib"])
    assert installation_memo.installed_paths() == ["/site", "/lib"]


def test_a_file_saved_where_cfo_runs_keeps_the_memo(made, monkeypatch):
    root, _ = made
    here = root / "here"
    here.mkdir()
    monkeypatch.setattr(installation_memo.sys, "path", [str(here), str(root / "site")])
    calls = 0

    def counted() -> tuple[str, bytes]:
        nonlocal calls
        calls += 1
        return remembered(root / "cache", SECRET, root / "package", lambda: "yaml 6",
                          lambda: calls.to_bytes(2, "big"))

    first = counted()
    (here / "notes.txt").write_text("saved\n")
    assert counted() == first
    (root / "site" / "holidays-1.0.dist-info").mkdir()
    assert counted() != first
