"""The packaged schemas, and the two validation engines agreeing on every document."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.loading.resources import packaged_dir
from cfo_tools.loading.schemas import KINDS, DocumentValidator

jsonschema_rs = pytest.importorskip("jsonschema_rs")


def _schema(kind: str) -> dict:
    return json.loads((packaged_dir("schemas") / f"{kind}.schema.json").read_text())


@pytest.mark.parametrize("kind", KINDS)
def test_packaged_schemas_are_2020_12(kind: str):
    import jsonschema

    schema = _schema(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False and "extra" in schema["properties"]


def _example_documents():
    from cfo_tools.loading.yaml_documents import read_document
    from conftest import REPO

    for folder, kind in (("roster", "freelancer"), ("missions", "mission")):
        for path in sorted((REPO / folder).glob("*.yaml")):
            yield kind, read_document(path, path.name).data


values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.floats(allow_nan=False)
    | st.sampled_from(["", "x", "a@b.fr", "2026-01-05", "2026-1-5", "web-developer", "Web",
                       "active", "open", "fr", "FR", "12345678901234", "+33 6 00 00 00 00"]),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text("abcdefilmnorstuy_", max_size=12)
                                                         | st.sampled_from(
        ["name", "email", "roles", "skills", "daily_rate", "status", "capacity", "legal",
         "siret", "title", "client", "owner", "start", "end", "assignments", "freelancer",
         "role", "allocation", "extra", "unavailable", "from", "to", "reviews", "quality"]),
        c, max_size=8),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["company", "freelancer", "mission"]), values)
def test_fast_and_detailed_engines_agree(kind, document):
    fast = DocumentValidator(_schema(kind), fast=True)
    detailed = DocumentValidator(_schema(kind), fast=False)
    assert bool(fast.errors(document)) == bool(detailed.errors(document))
    assert bool(fast._fast.is_valid(document)) == (not detailed.errors(document))


@pytest.mark.parametrize("mutation", [
    ("daily_rate", 0), ("daily_rate", "500"), ("status", "actif"), ("email", "a@b"),
    ("roles", []), ("capacity", 101), ("languages", ["FR"]), ("legal", {"siret": "123"}),
    ("phone", "call me"), ("unavailable", [{"from": "2026-01-01"}]), ("daly_rate", 3),
])
def test_engines_agree_on_mutated_example_freelancers(mutation):
    key, value = mutation
    fast = DocumentValidator(_schema("freelancer"), fast=True)
    detailed = DocumentValidator(_schema("freelancer"), fast=False)
    for kind, document in _example_documents():
        if kind != "freelancer":
            continue
        document = {**document, key: value}
        assert fast._fast.is_valid(document) is False
        assert detailed.errors(document)


def test_example_documents_are_valid_in_both_engines():
    for kind, document in _example_documents():
        validator = DocumentValidator(_schema(kind), fast=True)
        assert validator._fast.is_valid(document)
        assert DocumentValidator(_schema(kind), fast=False).errors(document) == []
