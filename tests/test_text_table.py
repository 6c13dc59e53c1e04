"""Report columns as wide as their widest cell, by the length of the shown text: a French
heading with accents or wider than its values moves the columns without breaking them."""

from __future__ import annotations

from cfo_tools.reporters.text_table import aligned


def test_accented_headings_keep_the_columns_aligned():
    rows = [("mission", "échéance", "coût est."), ("m", "2026-11-27", "1 250,00 €"),
            ("refonte", "-", "-")]
    assert aligned(rows, right={2}) == [
        "mission échéance    coût est.",
        "m       2026-11-27 1 250,00 €",
        "refonte -                   -",
    ]


def test_gaps_and_no_trailing_spaces():
    rows = [("#", "freelance", "compétences"), ("1", "ada", ""), ("12", "bob", "+python")]
    assert aligned(rows, right={0}, gaps=("  ",)) == [
        " #  freelance compétences",
        " 1  ada",
        "12  bob       +python",
    ]


def test_a_heading_wider_than_every_value_sets_the_width():
    assert aligned([("jours ouvrés", "x"), ("5", "y")], right={0}) == [
        "jours ouvrés x", "           5 y"]
