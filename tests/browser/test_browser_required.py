"""Without a browser the browser tests skip on a laptop but fail in CI (never a silent green)."""

from __future__ import annotations

import pytest
from chromium import browser_required, chromium_executable, no_browser


@pytest.mark.parametrize(("env", "required"), [
    ({}, False),
    ({"CI": "true"}, True),
    ({"CI": "1", "CFO_BROWSER_TESTS": "optional"}, False),
    ({"CI": "false"}, False),
    ({"CFO_BROWSER_TESTS": "required"}, True),
])
def test_required_in_ci_unless_told_otherwise(monkeypatch, env, required):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("CFO_BROWSER_TESTS", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert browser_required() is required
    expected = pytest.fail.Exception if required else pytest.skip.Exception
    with pytest.raises(expected, match="no Chromium"):
        no_browser("no Chromium found")


def test_a_named_browser_that_does_not_exist_is_no_browser(monkeypatch, tmp_path):
    monkeypatch.setenv("CFO_CHROMIUM", str(tmp_path / "absent"))
    assert chromium_executable() is None
