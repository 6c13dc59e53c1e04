"""The "did you mean" of schema findings (unknown keys, values not in an enum) is difflib's
answer, found through model/close_names.py: a workspace schema with thousands of properties
and a file with hundreds of unknown keys do not compare every pair."""

from __future__ import annotations

import difflib
import json
import random
import string

import pytest
from jsonschema import Draft202012Validator

from cfo_tools.loading.schema_findings import schema_findings
from cfo_tools.loading.source_map import SourceMap


def _messages(schema: dict, data: dict) -> list[str]:
    text = json.dumps(data, indent=1)  # JSON is YAML: the source map reads it
    errors = Draft202012Validator(schema).iter_errors(data)
    return [f.message for f in schema_findings("roster/ada.yaml", errors, SourceMap(text))]


def _names(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice(string.ascii_lowercase + "-") for _ in range(rng.randint(3, 14)))
            for _ in range(count)]


@pytest.mark.parametrize("seed", range(5))
def test_the_hints_are_difflib_s(seed):
    rng = random.Random(seed)
    known = _names(rng, 60)
    wrong = [name[:-1] + "x" for name in rng.sample(known, 10)] + _names(rng, 10)
    wrong = [w for w in dict.fromkeys(wrong) if w not in known]
    schema = {"type": "object", "additionalProperties": False,
              "properties": {k: {"enum": known} for k in known}}
    data = {w: 1 for w in wrong} | {known[0]: wrong[0]}
    messages = _messages(schema, data)
    for key in wrong:
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "known keys: "
        assert any(m.startswith(f"unknown key '{key}'; {hint}") for m in messages), key
    close = difflib.get_close_matches(wrong[0], known, n=1, cutoff=0.6)
    enum = next(m for m in messages if "is not one of" in m)
    assert enum.endswith(f"; did you mean '{close[0]}'?") if close else "did you" not in enum


def test_many_unknown_keys_against_many_properties_compare_few_pairs(monkeypatch):
    rng = random.Random(7)
    known = _names(rng, 2000)
    wrong = [w for w in _names(rng, 200) if w not in known]
    compared = 0
    original = difflib.SequenceMatcher.set_seq1

    def counting(self: difflib.SequenceMatcher, a: str) -> None:
        nonlocal compared
        compared += 1
        original(self, a)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counting)
    schema = {"type": "object", "additionalProperties": False,
              "properties": {k: {} for k in known}}
    messages = _messages(schema, {w: 1 for w in wrong})
    assert len(messages) == len(wrong)
    assert compared < len(known) * len(wrong) / 20
