"""Hostile texts against the compiled reader's fast path (loading/fast_yaml.py): each one
read exactly as PyYAML alone reads it (tests/reference_loading.py), or left to PyYAML. Every
text here is the smallest found (by a fuzzer over grammar-made and mutated workspace files)
where the fast path once answered otherwise."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fast_yaml import assert_read_as_pyyaml_does

from cfo_tools.loading import fast_yaml
from cfo_tools.loading.fast_yaml import fast_parse


@pytest.mark.parametrize("text", [
    # A YAML 1.1 boolean with trailing spaces (a web editor leaves them): True for PyYAML,
    # the text "yes" for yaml-rs.
    "k: yes      \n", "k: No         \n", "k: on" + " " * 40 + "\n",
    # A decimal too large for a float: infinity for both, but PyYAML's reading reports it.
    "k: " + "1" * 400 + ".5\n", "k: -" + "1" * 400 + ".5\n", "k: [" + "1" * 400 + ".5]\n",
    # yaml-rs drops a number's underscores, even the first: 9, 0.5, 1000.0 (as keys too).
    "k: _9\n", "k: __0_\n", "k: _.5\n", "k: [a, _1e3]\n", "k:\n- _0\n", "a: 1\n_9: 2\n",
    "k:\n- _0: 1\n", "_1e3: 1\n",
])
def test_texts_once_vouched_for_wrongly_are_left_to_pyyaml(text: str) -> None:
    assert fast_parse(text) is None
    assert not assert_read_as_pyyaml_does(text)


@pytest.mark.parametrize("text", [
    "k:\n" + "- " * 100_000 + "x\n", "k: " + "[" * 100_000 + "\n",
    "k: " + "{a: " * 50_000 + "\n",
    "k:\n" + "".join(" " * i + f"k{i}:\n" for i in range(60)) + " " * 60 + "x: 1\n",
])
def test_deep_nesting_never_reaches_yaml_rs(text: str) -> None:
    """yaml-rs overflows its stack (a segmentation fault: the process dies) on about 30,000
    nested levels: the line pass hands it nothing deeper than its own 40 levels."""
    assert fast_parse(text) is None
    assert_read_as_pyyaml_does(text)


class _Panic(BaseException):
    """Stands for pyo3's PanicException: a Rust panic reaches Python as a BaseException."""


def test_a_panic_inside_yaml_rs_leaves_the_file_to_pyyaml(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def panics(text: str, **options: object) -> object:
        raise _Panic("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(fast_yaml.yaml_rs, "loads", panics)
    assert fast_parse("k: v\n") is None
    assert_read_as_pyyaml_does("k: v\n")


@pytest.mark.parametrize("stop", [KeyboardInterrupt, SystemExit])
def test_an_interrupt_inside_yaml_rs_still_stops_the_run(
        monkeypatch: pytest.MonkeyPatch, stop: type[BaseException]) -> None:
    def interrupted(text: str, **options: object) -> object:
        raise stop()

    monkeypatch.setattr(fast_yaml.yaml_rs, "loads", interrupted)
    with pytest.raises(stop):
        fast_parse("k: v\n")


_PREFIXES = ["", "", "_", "__", "-", "+", ".", "x", "é", "'", "["]
_CORES = ["9", "0", "1_000", ".5", "1e3", "1.5", "0x1F", "17500", "1" * 400 + ".5", "yes", "No",
          "on", "true", "Null", "y", "inf", "a b", "x", "2026-02-30", ""]
_SUFFIXES = ["", "", "_", ".", " ", " " * 9, " # c", "\u00a0", ":", "'", "]", "x"]
_SHAPES = ["k: {v}\n", "k: [{v}]\n", "k: [a, {v}]\n", "k:\n- {v}\n", "{v}: 1\n",
           "k:\n- {v}: 1\n", "k: {v}", "k: >\n  {v}\n  {v}\n"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_SHAPES), st.sampled_from(_PREFIXES), st.sampled_from(_CORES),
       st.sampled_from(_SUFFIXES))
def test_short_values_and_keys_are_read_as_pyyaml_reads_them(
        shape: str, prefix: str, core: str, suffix: str) -> None:
    """Values and keys where the two YAML versions part: underscores in numbers, signs,
    exponents, booleans, huge numbers and trailing spaces."""
    assert_read_as_pyyaml_does(shape.replace("{v}", prefix + core + suffix))
