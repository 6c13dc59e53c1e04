"""Schema violations: every one reported, at the value's line, in words a person can act on."""

from __future__ import annotations

import pytest

from conftest import FREELANCER, MISSION, places


def test_unknown_key_is_reported_on_the_key_line_with_a_suggestion(findings_of):
    findings = findings_of({"roster/ada.yaml": FREELANCER + "daly_rate: 400\n"})
    assert places(findings) == [("roster/ada.yaml", 7, "schema")]
    assert findings[0].path == "/daly_rate"
    assert "unknown key 'daly_rate'; did you mean 'daily_rate'?" in findings[0].message
    assert findings[0].column == 1


def test_every_violation_is_reported_not_just_the_first(findings_of):
    text = FREELANCER.replace("daily_rate: 500", "daily_rate: -3").replace(
        "status: active", "status: actif"
    )
    findings = findings_of({"roster/ada.yaml": text})
    assert [(f.line, f.column, f.path) for f in findings] == [
        (5, 13, "/daily_rate"), (6, 9, "/status")
    ]
    assert findings[0].message == "-3 is less than the minimum of 1"
    assert "did you mean 'active'?" in findings[1].message


def test_missing_required_key_points_at_the_parent_mapping(findings_of):
    findings = findings_of({"missions/site.yaml": MISSION + "assignments:\n  - role: dev\n"})
    assert [(f.line, f.column, f.path, f.message) for f in findings] == [
        (8, 5, "/assignments/0", "missing required key 'freelancer'")
    ]


def test_missing_top_level_keys_each_get_a_finding(findings_of):
    findings = findings_of({"roster/ada.yaml": "name: Ada\n"})
    missing = sorted(f.message for f in findings)
    assert missing == [f"missing required key '{k}'" for k in
                       sorted(["email", "roles", "skills", "daily_rate", "status"])]
    assert {(f.line, f.column, f.path) for f in findings} == {(1, 1, "")}


@pytest.mark.parametrize(
    ("line", "written", "read_as"),
    [
        ("languages: [fr, no]\n", "no", "the boolean false"),
        ("location: on\n", "on", "the boolean true"),
        ("notes: 1.10\n", "1.10", "the number 1.1"),
        ("legal:\n  siret: 73282932000074\n", "73282932000074", "the number 73282932000074"),
    ],
)
def test_yaml_11_surprises_get_a_quoting_hint(findings_of, line, written, read_as):
    [finding] = findings_of({"roster/ada.yaml": FREELANCER + line})
    assert finding.rule == "ambiguous-scalar"
    assert finding.message == (
        f'{written} was read as {read_as}, not as text; put it in quotes: "{written}"'
    )


def test_quoted_value_is_not_a_surprise(findings_of):
    assert findings_of({"roster/ada.yaml": FREELANCER + 'languages: [fr, "no"]\n'}) == []


def test_enum_of_text_given_a_boolean_gets_the_hint(findings_of):
    from conftest import COMPANY

    [finding] = findings_of({"company.yaml": COMPANY + "locale: yes\n"})
    assert finding.rule == "ambiguous-scalar" and finding.path == "/locale"


def test_pattern_violation_uses_the_field_description(findings_of):
    [finding] = findings_of({"roster/ada.yaml": FREELANCER.replace(
        "[web-developer]", "[Web Developer]")})
    assert finding.path == "/roles/0"
    assert finding.message.startswith("'Web Developer' is not a valid id")
    assert finding.message.endswith("try 'web-developer'")


def test_bad_date_shape(findings_of):
    [finding] = findings_of({"missions/site.yaml": MISSION.replace("2026-01-05", "5/1/2026")})
    assert (finding.line, finding.path) == (5, "/start")
    assert "is not a date written YYYY-MM-DD" in finding.message


def test_an_empty_required_value_asks_for_one_and_not_to_remove_the_key(findings_of):
    # Removing a required key would only trade the finding for "missing required key".
    [finding] = findings_of({"roster/ada.yaml": FREELANCER.replace("name: Ada Lovelace", "name:")})
    assert finding.path == "/name"
    assert finding.message == "a value is required here: write text"


def test_a_number_written_the_french_way_is_given_back_as_yaml_reads_it(findings_of):
    [finding] = findings_of({"roster/ada.yaml": FREELANCER.replace("daily_rate: 500",
                                                                    "daily_rate: 1 200,50 €")})
    assert finding.path == "/daily_rate"
    assert finding.message == (
        "expected a number, found the text '1 200,50 €'; write 1200.5 (digits with a dot for "
        "decimals, without quotes, spaces or a currency sign)")


def test_an_empty_optional_value_may_be_filled_or_removed(findings_of):
    [finding] = findings_of({"roster/ada.yaml": FREELANCER + "location:\n"})
    assert finding.path == "/location"
    assert finding.message == "the value is missing: write text or remove the key"


def test_an_empty_value_is_asked_for_in_the_schema_s_words(findings_of):
    # The date is a $ref to the schema's definitions, whose description says the shape.
    [finding] = findings_of({"missions/site.yaml": MISSION.replace("2026-01-05", "")})
    assert finding.path == "/start"
    assert finding.message == (
        "a value is required here: write a date written YYYY-MM-DD (e.g. 2026-03-16)")


def test_an_empty_required_value_inside_a_list_item(findings_of):
    text = MISSION + "assignments:\n  - freelancer:\n    role: dev\n"
    [finding] = findings_of({"missions/site.yaml": text})
    assert finding.path == "/assignments/0/freelancer"
    assert finding.message.startswith("a value is required here: write a valid id")


@pytest.mark.parametrize("schema", [
    {"$ref": "#/$defs/person", "$defs": {"person": {
        "type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}}},
    {"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {
        "type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}}},
])
def test_required_is_found_through_local_references(schema):
    from jsonschema import Draft202012Validator

    from cfo_tools.loading.schema_findings import schema_findings
    from cfo_tools.loading.source_map import SourceMap

    errors = Draft202012Validator(schema).iter_errors({"name": None})
    [finding] = schema_findings("roster/ada.yaml", errors, SourceMap("name:\n"), schema)
    assert finding.message == "a value is required here: write text"


@pytest.mark.parametrize("schema", [
    {"type": "object", "properties": {"name": {"type": "string"}}, "required": "name"},
    # Required by a sibling subschema: not the object's own list, so not claimed required.
    {"type": "object", "allOf": [{"required": ["name"]}],
     "properties": {"name": {"type": "string"}}},
])
def test_a_schema_whose_required_list_cannot_be_read_gives_the_plain_message(schema):
    from jsonschema import Draft202012Validator

    from cfo_tools.loading.schema_findings import schema_findings
    from cfo_tools.loading.source_map import SourceMap

    errors = [e for e in Draft202012Validator(schema).iter_errors({"name": None})
              if e.validator == "type"]
    [finding] = schema_findings("roster/ada.yaml", errors, SourceMap("name:\n"), schema)
    assert finding.message == "the value is missing: write text or remove the key"


def test_repeated_list_item(findings_of):
    [finding] = findings_of({"roster/ada.yaml": FREELANCER.replace("[python]", "[python, python]")})
    assert finding.message == "the list holds 'python' more than once; keep one"


def test_extra_accepts_anything(findings_of):
    extra = "extra:\n  badge: 12\n  tags: [a, b]\n  nested: {deep: true}\n"
    assert findings_of({"roster/ada.yaml": FREELANCER + extra}) == []


@pytest.mark.parametrize("written, hint", [
    ("roles: dev, design", "; write [dev, design]"),
    ("roles: web-developer", "; write [web-developer]"),
    ("roles: fr en", ""),  # a sentence, or a list? no guess
    ("roles: 'a: b, c'", ""),
])
def test_a_list_written_as_text_is_given_back_as_a_list(findings_of, written, hint):
    [finding] = findings_of({"roster/ada.yaml": FREELANCER.replace("roles: [web-developer]",
                                                                    written)})
    assert finding.path == "/roles"
    assert finding.message.startswith("expected a list, found the text ")
    assert finding.message.endswith("'" + hint)
