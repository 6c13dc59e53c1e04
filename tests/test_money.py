"""Exact money: Decimal from the YAML number to the printed amount, rounded once per line to
the cent (half up), totals equal to the sum of their lines, and nothing ever raises."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.documents.context import recipient_context
from cfo_tools.documents.maker import DocumentMaker
from cfo_tools.documents.templating import format_money, format_number, format_percent
from cfo_tools.model.building import build_company, build_freelancer, build_mission
from cfo_tools.model.money import (
    assignment_rate,
    at_least,
    committed_cost,
    contract_amount,
    cut_deeper_than,
    exact_decimal,
    line_amount,
    money_text,
    round_to_cent,
    sort_key,
    total,
)
from cfo_tools.model.records import Workspace
from cfo_tools.planning.availability import Request, find_candidates
from cfo_tools.planning.working_calendar import WorkingCalendar
from conftest import COMPANY, freelancer_yaml

TODAY = "2026-11-26"


def half_up_cents(value: Fraction) -> Fraction:
    """The rule, computed independently of decimal: to the cent, half away from zero."""
    cents = value * 100
    whole = int(abs(cents) + Fraction(1, 2))
    return Fraction(whole if cents >= 0 else -whole, 100)


# -- the reported case, through the real brief -------------------------------------------------

def brief_workspace(root: Path) -> Path:
    """512.50 EUR a day, two assignments at 33 % over the same 7 working days (Mon 1 to
    Tue 9 March 2027, no holiday in France)."""
    files = {
        "company.yaml": COMPANY,
        "roster/ada.yaml": freelancer_yaml(rate=500).replace("daily_rate: 500",
                                                             "daily_rate: 512.50"),
        "missions/site.yaml": (
            "title: Site\nclient: Client\nowner: pm\nstatus: staffed\n"
            "start: 2027-03-01\nend: 2027-03-09\nassignments:\n"
            "  - {freelancer: ada, role: web-developer, allocation: 33}\n"
            "  - {freelancer: ada, role: ux-designer, allocation: 33}\n"),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(("lang", "line", "good", "bad"), [
    ("en", "€1,183.88", "€2,367.76", "€2,367.75"),
    ("fr", "1\u202f183,88\xa0€", "2\u202f367,76\xa0€", "2\u202f367,75\xa0€"),
])
def test_a_brief_total_is_the_sum_of_its_lines(run_cfo, tmp_path, lang, line, good, bad):
    root = brief_workspace(tmp_path)
    result = run_cfo("-C", str(root), "--today", TODAY, "brief", "site", "--freelancer", "ada",
                     "--lang", lang)
    assert result.exit_code == 0, result.output
    # 7 days x 33 % x 512.50 = 1,183.875 -> 1,183.88 on each line; the total adds the lines.
    assert result.stdout.count(line) == 2
    assert good in result.stdout and bad not in result.stdout
    assert ("the total is the sum of the lines" in result.stdout if lang == "en"
            else "le total est la somme des lignes" in result.stdout)


def test_the_admin_document_says_how_its_contract_amount_is_made(run_cfo, tmp_path):
    root = brief_workspace(tmp_path)
    out = tmp_path / "pack"
    result = run_cfo("-C", str(root), "--today", TODAY, "onboard", "ada", "--lang", "en",
                     "--format", "md", "-o", str(out))
    assert result.exit_code == 0, result.output
    admin = (out / "admin.md").read_text(encoding="utf-8")
    assert "€2,367.76 (sum of the assignments' amounts, each rounded to the cent)" in admin


# -- every total equals the sum of its lines ---------------------------------------------------

class DaysCalendar:
    """A calendar where every day is a working day, so day counts are chosen freely."""

    def working_days(self, start: date, end: date) -> int:
        return max(0, (end - start).days + 1)


RATES = st.decimals(min_value=1, max_value=10**9, places=3, allow_nan=False,
                    allow_infinity=False)
LINES = st.lists(st.tuples(st.integers(0, 400), st.integers(1, 100), RATES | st.none()),
                 min_size=1, max_size=8)


def mission_of(lines: list[tuple[int, int, Decimal | None]], rate: Decimal):
    start = date(2027, 1, 4)
    assignments = []
    for days, allocation, own_rate in lines:
        item: dict[str, object] = {"freelancer": "ada", "role": "dev", "allocation": allocation,
                                   "start": start.isoformat(),
                                   "end": (start + timedelta(days=days - 1)).isoformat()}
        if own_rate is not None:
            item["daily_rate"] = own_rate
        assignments.append(item)
    mission = build_mission("m", "missions/m.yaml", {
        "title": "M", "client": "C", "owner": "pm", "status": "staffed",
        "start": start.isoformat(), "end": "2029-12-31", "assignments": assignments})
    freelancer = build_freelancer("ada", "roster/ada.yaml", {
        "name": "Ada", "email": "a@example.fr", "roles": ["dev"], "skills": ["x"],
        "daily_rate": rate, "status": "active"})
    return mission, freelancer


@settings(max_examples=300, deadline=None)
@given(LINES, RATES)
def test_every_total_equals_the_sum_of_its_rounded_lines(lines, rate):
    mission, freelancer = mission_of(lines, rate)
    calendar = DaysCalendar()
    terms = recipient_context(mission, freelancer, calendar)
    shown = [line["amount"] for line in terms["assignments"]]
    for (days, allocation, own_rate), amount in zip(lines, shown, strict=True):
        exact = Fraction(own_rate if own_rate is not None else rate) * days * allocation / 100
        assert Fraction(amount) == half_up_cents(exact)
        assert amount.as_tuple().exponent == -2  # written to the cent
    assert terms["amount"] == sum(shown, Decimal(0))
    assert contract_amount(freelancer, mission, calendar) == terms["amount"]
    assert committed_cost(mission, {"ada": freelancer}, calendar) == terms["amount"]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2000), st.integers(1, 100), RATES)
def test_find_estimates_with_the_same_rule(days, allocation, rate):
    assert Fraction(line_amount(days, allocation, rate)) == half_up_cents(
        Fraction(rate) * days * allocation / 100)


# -- from the YAML number, exactly -------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    (550, "550"), (512.5, "512.5"), (512.1, "512.1"), (0.1, "0.1"), (1.7e308, "1.7E+308"),
    (10**4000, "1" + "0" * 4000), (Decimal("512.505"), "512.505"),
])
def test_yaml_numbers_become_their_exact_decimal(value, expected):
    assert exact_decimal(value) == Decimal(expected)


def test_a_float_rate_is_not_converted_through_binary():
    freelancer = build_freelancer("ada", "roster/ada.yaml", {
        "name": "Ada", "email": "a@example.fr", "roles": ["dev"], "skills": ["x"],
        "daily_rate": 512.1, "status": "active"})
    assert freelancer.daily_rate == Decimal("512.1")
    # 3 days at 512.1 is 1,536.30, where floats give 1536.3000000000002.
    assert line_amount(3, 100, freelancer.daily_rate) == Decimal("1536.30")


def test_the_assignment_rate_wins_over_the_freelancer_rate():
    mission, freelancer = mission_of([(5, 100, Decimal("600")), (5, 100, None)], Decimal(500))
    rates = [assignment_rate(a, freelancer) for a in mission.assignments]
    assert rates == [Decimal(600), Decimal(500)]


# -- extreme values never raise ----------------------------------------------------------------

EXTREMES = [
    Decimal("1.7E+308"), Decimal("9" * 4000 + ".125"), Decimal("1E+999999999999999999"),
    Decimal("-1E+999999999999999999"), Decimal("1E-999999999999999999"), Decimal("NaN"),
    Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("0"),
    Decimal("-512.505"), Decimal(10**25000),
]


@pytest.mark.parametrize("rate", EXTREMES, ids=str)
def test_money_functions_take_any_decimal(rate):
    amount = line_amount(7, 33, rate)
    assert isinstance(total([amount, amount, Decimal("0.01")]), Decimal)
    assert isinstance(round_to_cent(rate), Decimal)
    assert isinstance(at_least(amount, Decimal(5000)), bool)
    assert isinstance(cut_deeper_than(rate, amount, Decimal("0.5")), bool)
    sorted([amount, Decimal(1), Decimal("NaN")], key=sort_key)
    text = money_text(amount)
    assert len(text) < 30_000
    assert json.loads(json.dumps({"amount": text}))["amount"] == text
    for lang in ("fr", "en"):
        assert format_money(amount, "EUR", lang=lang)
        assert format_number(rate, lang=lang)
        assert format_percent(rate, lang=lang)


@settings(max_examples=200)
@given(st.decimals(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [Decimal("1.0"), Decimal("1.00"), Decimal("1"), Decimal("1E+2"), Decimal("-0.005"),
     Decimal("0.005"), Decimal("sNaN"), Decimal("1" * 50 + ".5")]),
    st.sampled_from(["fr", "en"]))
def test_remembered_amounts_are_written_as_when_first_formatted(value, lang):
    from cfo_tools.documents import number_text

    for _ in range(2):  # the second time from what was remembered
        assert format_money(value, "EUR", lang=lang) == number_text._money_text.__wrapped__(
            value, "EUR", lang)
        assert format_number(value, lang=lang) == number_text._number_text.__wrapped__(
            value, lang)
        assert format_percent(value, lang=lang) == number_text._percent_text.__wrapped__(
            value, lang)


def test_a_4000_digit_rate_is_exact_to_the_cent():
    rate = Decimal("1" + "0" * 3999 + ".5")
    amount = line_amount(7, 33, rate)
    assert Fraction(amount) == half_up_cents(Fraction(rate) * 7 * 33 / 100)
    assert money_text(amount).endswith(".16")  # 0.5 x 2.31 = 1.155 -> 1.16


def test_a_rate_that_is_not_a_number_still_requires_the_legal_documents():
    assert at_least(line_amount(1, 100, Decimal("NaN")), Decimal(5000))
    assert not at_least(Decimal("4999.99"), Decimal(5000))
    assert at_least(Decimal("5000.00"), Decimal(5000))


def test_json_text_of_money_is_exact_and_stable():
    assert money_text(Decimal("550")) == "550.00"
    assert money_text(Decimal("512.5")) == "512.50"
    assert money_text(Decimal("512.505")) == "512.505"
    assert money_text(Decimal("1.7E+308")) == "17" + "0" * 307 + ".00"
    assert money_text(Decimal("NaN")) == "NaN"
    assert money_text(Decimal("-Infinity")) == "-Infinity"


@pytest.mark.parametrize("rate", [1.7e308, 10**4000, 512.505])
def test_find_and_briefs_with_huge_rates(tmp_path, rate):
    """Rates the schemas refuse must still never crash the money code behind them."""
    company = build_company("company.yaml", {
        "name": "A", "pitch": "P", "team": [{"id": "pm", "name": "P", "email": "p@a.fr"}]})
    # The builder refuses such rates (unusable-value); set it behind its back.
    freelancer = dataclasses.replace(build_freelancer("ada", "roster/ada.yaml", {
        "name": "Ada", "email": "a@example.fr", "roles": ["dev"], "skills": ["x"],
        "daily_rate": 500, "status": "active"}), daily_rate=exact_decimal(rate))
    mission = build_mission("m", "missions/m.yaml", {
        "title": "M", "client": "C", "owner": "pm", "status": "staffed",
        "start": "2027-03-01", "end": "2027-03-09",
        "assignments": [{"freelancer": "ada", "role": "dev", "allocation": 33}]})
    workspace = Workspace(tmp_path, company, {"ada": freelancer}, {"m": mission},
                          {"ada": freelancer.file}, {"m": mission.file})
    calendar = WorkingCalendar.for_company(company)
    result = find_candidates(workspace, calendar,
                             Request(date(2027, 4, 5), date(2027, 4, 9),
                                     max_rate=Decimal(10**5000)),
                             today=date(2026, 11, 26))
    assert result.candidates[0].estimated_cost == line_amount(5, 100, exact_decimal(rate))
    maker = DocumentMaker(workspace, calendar, "fr", date(2026, 11, 26))
    for fmt in ("md", "html"):
        assert "Ada" in maker.brief("m", freelancer_id="ada", fmt=fmt)


def test_find_json_money_is_exact_text(run_cfo, tmp_path):
    root = brief_workspace(tmp_path)
    result = run_cfo("-C", str(root), "--today", TODAY, "find", "--start", "2027-04-05",
                     "--days", "3", "--allocation", "33", "--format", "json")
    [ada] = json.loads(result.stdout)["candidates"]
    assert (ada["daily_rate"], ada["estimated_cost"]) == ("512.50", "507.38")  # 507.375 up


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "cheap"])
def test_find_refuses_a_max_rate_that_is_not_a_number(run_cfo, tmp_path, value):
    root = brief_workspace(tmp_path)
    result = run_cfo("-C", str(root), "--today", TODAY, "find", "--start", "2027-04-05",
                     "--days", "3", "--max-rate", value)
    assert result.exit_code == 2 and "--max-rate" in result.output


def test_find_max_rate_compares_exactly(run_cfo, tmp_path):
    root = brief_workspace(tmp_path)
    found = [json.loads(run_cfo("-C", str(root), "--today", TODAY, "find", "--start",
                                "2027-04-05", "--days", "3", "--max-rate", limit, "--format",
                                "json").stdout)["candidates"] for limit in ("512.5", "512.49")]
    assert [len(c) for c in found] == [1, 0]
