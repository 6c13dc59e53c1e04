"""The versions in the cache's keys, read from the dist-info folders' names, are those
``importlib.metadata`` gives."""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from cfo_tools.loading import library_versions
from cfo_tools.loading.library_versions import distribution_version


@pytest.mark.parametrize("name", ["jsonschema", "jsonschema-rs", "holidays", "python-stdnum",
                                  "babel", "PyYAML", "click", "Jinja2"])
def test_the_version_importlib_metadata_gives(name: str) -> None:
    library_versions._FOUND.clear()
    assert distribution_version(name) == version(name)


def test_not_installed_is_a_question_mark() -> None:
    assert distribution_version("no-such-distribution-cfo") == "?"


def _folder(tmp_path: Path, *names: str) -> Path:
    for name in names:
        (tmp_path / name).mkdir(parents=True)
    return tmp_path


def test_read_from_the_first_folder_holding_it(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    first = _folder(tmp_path / "a", "Some_Lib-1.2.3.dist-info", "other-9.dist-info")
    second = _folder(tmp_path / "b", "some_lib-2.0.dist-info")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "none"), str(first), str(second)])
    assert library_versions._from_folder_names("some-lib") == "1.2.3"
    assert library_versions._from_folder_names("Some.Lib") == "1.2.3"


def test_two_folders_for_one_name_are_left_to_importlib(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    twice = _folder(tmp_path / "a", "some_lib-1.0.dist-info", "some_lib-1.1.dist-info")
    monkeypatch.setattr(sys, "path", [str(twice)])
    assert library_versions._from_folder_names("some-lib") is None
