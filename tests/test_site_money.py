"""``cfo site --no-money``: no rate, amount or budget anywhere in the build, API included."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import yaml
from test_site import site_of

from cfo_tools.model.findings import Finding
from cfo_tools.site.hidden_money import finding_message_without_money, without_amounts
from conftest import REPO

MONEY_KEYS = ("daily_rate", "budget", "max_rate", "amount", "total", "rate")


def money_figures() -> set[Decimal]:
    """Every rate and budget the example's files write."""
    found: set[Decimal] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key in MONEY_KEYS and isinstance(inner, (int, float, str)):
                    found.add(Decimal(str(inner)))
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for folder in ("roster", "missions", "candidates", "invoices", "activity"):
        for path in sorted((REPO / folder).rglob("*.yaml")):
            walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def figure_pattern(amount: Decimal) -> re.Pattern[str]:
    """The figure written any way a page or a file could: 95000, 95 000, 95,000, 95000.00."""
    digits = str(int(amount))
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return re.compile(r"(?<![\d.,])" + r"[\s\u00a0\u202f,.]?".join(groups) + r"(?![\d])")


@pytest.fixture(scope="module")
def site_without_money() -> dict[str, bytes]:
    return site_of(REPO, money=False)


def test_the_example_has_figures_to_look_for():
    figures = money_figures()
    assert Decimal(550) in figures and Decimal(95000) in figures and len(figures) > 10


def test_no_rate_or_budget_figure_appears_anywhere(site_without_money):
    patterns = [figure_pattern(f) for f in money_figures()]
    for name, content in site_without_money.items():
        if name.startswith("api/v1/schemas/"):
            continue  # packaged files, the same for every workspace: no figure of its own
        # A page's own stylesheet is code, the same for every workspace ("font-weight: 600").
        text = re.sub(r"<style>.*?</style>", "", content.decode("utf-8"), flags=re.S)
        for pattern in patterns:
            match = pattern.search(text)
            assert match is None, (name, text[match.start() - 60:match.end() + 20])


def test_no_invoice_page_without_money(site_without_money):
    assert "invoices.html" not in site_without_money
    assert "invoices.html" not in site_without_money["index.html"].decode()


def test_no_amount_or_currency_appears_anywhere(site_without_money):
    for name, content in site_without_money.items():
        if name.startswith("api/v1/schemas/"):
            continue
        text = content.decode("utf-8")
        assert "€" not in text and "EUR" not in text, name
        assert not re.search(r'"(daily_rate|budget|max_rate|amount)"', text), name


def test_the_same_build_with_money_shows_them():
    site = site_of(REPO)
    assert "550,00\u00a0€" in site["freelancers/alice-martin.html"].decode()
    assert '"daily_rate": "550.00"' in site["api/v1/freelancers.json"].decode()


def test_amounts_are_taken_out_of_messages():
    assert without_amounts("a contract of 12,345.00 EUR excl. VAT") == \
        "a contract of […] excl. VAT"
    assert without_amounts("1 183,88 € et € 550, le 2026-11-27") == "[…] et […], le 2026-11-27"
    assert without_amounts("committed 1,000.00 EUR exceed") == "committed […] exceed"
    about_rate = Finding("roster/a.yaml", 3, 1, "/daily_rate", "schema", "error",
                         "-5 is less than the minimum of 0")
    assert finding_message_without_money(about_rate) == "-[…] is less than the minimum of […]"
