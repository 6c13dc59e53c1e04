"""The paper's findings on a site without money: no figure and no currency left."""

from __future__ import annotations

from cfo_tools.model.findings import Finding
from cfo_tools.site.hidden_money import finding_message_without_money


def test_a_money_field_finding_keeps_no_currency():
    finding = Finding("missions/a.yaml", 9, 9, "/budget", "over-budget", "warning",
                      "committed 89,850.00 EUR exceed the budget of 78,000.00 EUR excl. VAT")
    assert finding_message_without_money(finding) == \
        "committed […] exceed the budget of […] excl. VAT"
    order = Finding("missions/a.yaml", 38, 15, "/assignments/1/order/amount",
                    "order-below-plan", "warning",
                    "the order covers 10 of 12 planned days (6,000.00 of 7,200.00 EUR excl. VAT)")
    assert "EUR" not in finding_message_without_money(order)
