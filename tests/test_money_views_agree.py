"""``cfo spend``, ``cfo budget`` and ``cfo invoices`` tell one story about the example's money,
and their Markdown keeps every value from the files in its cell."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from invoice_fixtures import ada_with_siret, invoice_workspace, invoice_yaml

from conftest import REPO

TODAY = "2026-11-26"


def _json(run_cfo, *args, root=REPO):
    result = run_cfo("-C", str(root), "--today", TODAY, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _sum(values):
    return sum((Decimal(v) for v in values if v is not None), Decimal("0.00"))


def test_the_three_commands_agree_on_the_example_s_totals(run_cfo):
    spend = _json(run_cfo, "spend", "--by", "mission")
    budget = _json(run_cfo, "budget")["missions"]
    invoices = _json(run_cfo, "invoices")
    # Invoiced excl. VAT, disputed invoices left out.
    invoiced = Decimal(spend["invoiced"])
    assert invoiced == _sum(m["invoiced"] for m in budget) == _sum(
        m["amount"] for m in invoices["months"]) == Decimal("49870.00")
    # Paid excl. VAT in spend and budget: the paid invoices' amounts; cfo invoices counts
    # what was paid incl. VAT, their totals.
    assert Decimal(spend["paid"]) == _sum(m["paid"] for m in budget) == _sum(
        i["amount"] for i in invoices["paid"])
    assert _sum(m["paid"] for m in invoices["months"]) == _sum(
        i["total"] for i in invoices["paid"])
    # Each report's total is the sum of its rows, whichever way it is grouped.
    for by in ("month", "freelancer", "mission"):
        rows = _json(run_cfo, "spend", "--by", by)
        assert Decimal(rows["total"]) == _sum(r["total"] for r in rows["rows"]) == (
            invoiced + Decimal(spend["forecast"]))


def _cells(row: str) -> int:
    return len(re.findall(r"(?<!\\)\|", row))


def test_markdown_keeps_hostile_names_and_numbers_in_their_cells(workspace, run_cfo):
    name = "<b>*Ada*_x_|y</b> `z` [l](u)"
    files = invoice_workspace(invoice_yaml(number='"N|<1>*_x_"', status="disputed",
                                           extra='dispute: "<i>bad</i> | *x*"\n'))
    files["roster/ada.yaml"] = ada_with_siret().replace("name: Test", f"name: {json.dumps(name)}")
    root = workspace(files)
    for args in (("invoices",), ("spend", "--by", "freelancer"), ("budget",)):
        result = run_cfo("-C", str(root), "--today", TODAY, *args, "--format", "markdown")
        assert result.exit_code == 0, result.output
        table = [line for line in result.stdout.splitlines() if line.startswith("|")]
        assert table and len({_cells(row) for row in table}) == 1, table
        assert "<" not in result.stdout and "*Ada*" not in result.stdout
    invoices = run_cfo("-C", str(root), "--today", TODAY, "invoices", "--format",
                       "markdown").stdout
    assert r"&lt;b&gt;\*Ada\*\_x\_\|y&lt;/b&gt;" in invoices
    assert r"| N\|&lt;1&gt;\*\_x\_ |" in invoices
    assert r"| &lt;i&gt;bad&lt;/i&gt; \| \*x\* |" in invoices  # no dangling " — " before it
