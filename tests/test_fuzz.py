"""Junk in, findings out: the loader and the validator never raise on file content."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.loading.yaml_documents import parse_document
from conftest import write_workspace

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

# YAML-ish text: the characters that make YAML's grammar interesting, in random order.
yamlish = st.lists(
    st.sampled_from([*"abc01:-[]{},&*!|>'\"#?%@`\t\n .~<=", "\n  ", ": ", "- ", "<<: "]),
    max_size=120,
).map("".join)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.sampled_from(["2026-02-30", "no", "1.10", "2026-01-05", "web-developer", ""]),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["name", "email", "roles", "skills", "daily_rate",
                                       "status", "start", "end", "assignments", "freelancer",
                                       "extra", "x", "legal", "siret", "unavailable", "from",
                                       "to"]), children, max_size=6),
    max_leaves=20,
)


def _assert_findings_only(document) -> None:
    assert document.data is not None or document.findings
    assert all(f.rule != "read-error" for f in document.findings), document.findings


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_end_in_findings(raw: bytes):
    _assert_findings_only(parse_document(raw, Path("x.yaml"), "roster/x.yaml"))


@SETTINGS
@given(yamlish)
def test_random_yamlish_text_ends_in_findings(text: str):
    _assert_findings_only(parse_document(text.encode(), Path("x.yaml"), "roster/x.yaml"))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(json_values, json_values)
def test_random_documents_validate_to_findings(tmp_path_factory, freelancer, mission):
    root = tmp_path_factory.mktemp("ws")
    write_workspace(root, {
        "roster/ada.yaml": yaml.safe_dump(freelancer, allow_unicode=True),
        "missions/site.yaml": yaml.safe_dump(mission, allow_unicode=True),
    })
    report = validate_workspace(root, jobs=1)
    for finding in report.findings:
        assert finding.file in {"roster/ada.yaml", "missions/site.yaml"}
        assert finding.severity in {"error", "warning"} and finding.message
