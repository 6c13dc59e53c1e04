"""YAML that reads as something else than what was meant: numbers in disguise, numbers that
are not numbers, tags with junk values, and characters YAML counts as line breaks."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.loading.yaml_documents import parse_document
from conftest import FREELANCER, MISSION


def _read(text: str):
    return parse_document(text.encode("utf-8"), Path("x.yaml"), "x.yaml")


def _rate(value: str) -> str:
    return FREELANCER.replace("daily_rate: 500", f"daily_rate: {value}")


@pytest.mark.parametrize("written, message", [
    ("0500", '0500 was read as the number 320 (an octal number, because of the leading 0); '
             'write 500 for the number 500, or put it in quotes if it is text: "0500"'),
    ("1:30", '1:30 was read as the number 90 (minutes and seconds (base 60)); '
             'put it in quotes if it is text: "1:30"'),
    ("1:30.5", "1:30.5 was read as the number 90.5"),
    ("0x1F4", "0x1F4 was read as the number 500 (hexadecimal)"),
    ("0b101", "0b101 was read as the number 5 (binary)"),
    ("+0500", "write +500 for the number +500"),
])
def test_numbers_in_disguise_are_reported_with_the_number_read(findings_of, written, message):
    findings = findings_of({"roster/ada.yaml": _rate(written)})
    assert [(f.line, f.column, f.rule) for f in findings] == [(5, 13, "ambiguous-scalar")]
    assert message in findings[0].message


@pytest.mark.parametrize("written", ["500", "1_000", "007", "+500", "500.50", "1"])
def test_numbers_that_read_as_written_are_not_reported(findings_of, written):
    """``1_000`` is 1000 and ``007`` is 7 whether read as octal or not: what anyone means."""
    assert findings_of({"roster/ada.yaml": _rate(written)}) == []


def test_a_number_in_disguise_where_text_is_expected_is_reported_once(findings_of):
    findings = findings_of({"roster/ada.yaml": FREELANCER + "location: 010\n"})
    assert [(f.line, f.rule) for f in findings] == [(7, "ambiguous-scalar")]
    assert findings[0].message.endswith('put it in quotes if it is text: "010"')


@pytest.mark.parametrize("written, words", [
    (".nan", ".nan is not a number"), (".NaN", ".NaN is not a number"),
    (".inf", ".inf is infinite"), ("-.inf", "-.inf is infinite"),
    ("1.0e+400", "1.0e+400 is too large: YAML reads it as infinity"),
])
@pytest.mark.parametrize("where", ["rate", "budget", "assignment", "extra"])
def test_a_number_that_is_not_finite_is_reported_where_it_stands(findings_of, written, words,
                                                                  where):
    files = {"roster/ada.yaml": FREELANCER}
    if where == "rate":
        files["roster/ada.yaml"] = _rate(written)
        place = ("roster/ada.yaml", 5, 13)
    elif where == "extra":
        files["roster/ada.yaml"] = FREELANCER + f"extra:\n  score: {written}\n"
        place = ("roster/ada.yaml", 8, 10)
    elif where == "budget":
        files["missions/site.yaml"] = MISSION + f"budget: {written}\n"
        place = ("missions/site.yaml", 7, 9)
    else:
        files["missions/site.yaml"] = MISSION + (
            f"assignments:\n  - freelancer: ada\n    role: dev\n    daily_rate: {written}\n")
        place = ("missions/site.yaml", 10, 17)
    findings = [f for f in findings_of(files) if f.rule == "non-finite-number"]
    assert [(f.file, f.line, f.column) for f in findings] == [place]
    assert findings[0].message.startswith(words)


@pytest.mark.parametrize("written", ["9" * 1000, "1.7e+308", "1000000001", "1.0e+300",
                                     "1000000000.5"])
def test_huge_rates_and_budgets_are_schema_findings(findings_of, written):
    findings = findings_of({"roster/ada.yaml": _rate(written),
                            "missions/site.yaml": MISSION + f"budget: {written}\n"})
    assert [(f.file, f.path, f.rule) for f in findings] == [
        ("missions/site.yaml", "/budget", "schema"), ("roster/ada.yaml", "/daily_rate", "schema")]
    assert all("greater than the maximum of 1000000000" in f.message for f in findings)


@pytest.mark.parametrize("text, message", [
    ('a: !!bool "maybe"\n', "'maybe' cannot be read as true or false"),
    ("a: !!bool 12\n", "'12' cannot be read as true or false"),
    ("a: !!int twelve\n", "'twelve' cannot be read as a whole number"),
    ("a: !!int 0x\n", "'0x' cannot be read as a whole number"),
    ("a: !!float abc\n", "'abc' cannot be read as a number"),
    ("a: !!null something\n", "'something' cannot be read as nothing (null)"),
])
def test_an_explicit_tag_with_a_junk_value_is_a_located_finding(text, message):
    document = _read(text)
    assert [(f.rule, f.line, f.column) for f in document.findings] == [("yaml-value", 1, 4)]
    assert document.findings[0].message.startswith(message)


TAGS = ["!!bool", "!!int", "!!float", "!!null", "!!timestamp", "!!binary", "!!str", "!!seq",
        "!!map", "!!set", "!!omap", "!!pairs", "!!merge", "!!value", "!!python/none", "!foo",
        "!!yaml", "!<tag:yaml.org,2002:int>"]


@settings(max_examples=300, deadline=None)
@given(tag=st.sampled_from(TAGS),
       value=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
       | st.sampled_from(["0x", "0b", "0o7", "1:", ":1", "1:60:x", "-", ".", "1e", "yes",
                          "~", "", "0", "1_", "_1", "0b2", "0xg", "=", "<<", ".nan", "1e9999"]))
def test_tags_with_junk_values_never_give_an_unlocated_error(tag, value):
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    for written in (quoted, value):
        document = _read(f"key: {tag} {written}\nother: 1\n")
        assert all(f.rule != "read-error" for f in document.findings), document.findings
        for finding in document.findings:
            if finding.rule in ("yaml-value", "non-finite-number", "ambiguous-scalar"):
                assert finding.line == 1, finding


#: Line breaks for YAML, not for Git and GitHub (nor for the reader of the finding).
BREAKS = ["\u2028", "\u2029", "\x85", "\r"]


@pytest.mark.parametrize("character", BREAKS, ids=lambda c: f"U+{ord(c[0]):04X}")
@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_line_break_yaml_sees_inside_a_quoted_value_does_not_shift_later_lines(
    findings_of, character, quote
):
    text = (f"name: {quote}Ada{character}Lovelace{quote}\nemail: ada@example.fr\n"
            "roles: [web-developer]\nskills: [python]\ndaily_rate: -3\nstatus: active\n")
    findings = findings_of({"roster/ada.yaml": text})
    assert [(f.line, f.column, f.path) for f in findings] == [(5, 13, "/daily_rate")]


@pytest.mark.parametrize("character", BREAKS, ids=lambda c: f"U+{ord(c[0]):04X}")
def test_loader_findings_count_lines_like_git(character):
    document = _read(f'a: "x{character}y"\nb: 1\nb: 2\nc: .nan\n')
    assert [(f.rule, f.line) for f in document.findings] == [
        ("duplicate-key", 3), ("non-finite-number", 4)]
    assert "first on line 2" in document.findings[0].message


@pytest.mark.parametrize("character", ["\x0c", "\x0b", "\x00", "\x1b"])
def test_a_character_yaml_refuses_is_reported_on_its_line(character):
    document = _read(f'a: "x\u2028y"\nb: "{character}"\n')
    assert [(f.rule, f.line, f.column) for f in document.findings] == [("yaml-syntax", 2, 5)]


def test_a_syntax_error_after_a_unicode_line_break_is_on_its_line():
    document = _read('a: "x\u2028y"\nb: [1\n')
    assert [(f.rule, f.line) for f in document.findings] == [("yaml-syntax", 3)]


@pytest.mark.parametrize("digits", [1001, 4000, 5000])
def test_a_number_too_long_to_read_is_a_located_finding(digits):
    document = _read("a: 1\nb: " + "9" * digits + "\n")
    assert [(f.rule, f.line, f.column) for f in document.findings] == [("yaml-value", 2, 4)]
    assert document.findings[0].message.startswith(f"a number of {digits:,} characters")
