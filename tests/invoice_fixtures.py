"""Small workspaces with invoices, shared by the invoice tests."""

from __future__ import annotations

from conftest import freelancer_yaml, mission_yaml

SIRET = "73282932000074"
OTHER_SIRET = "35600000000048"


def invoice_yaml(*, number: str = "F-2026-011", issued: str = "2026-02-02",
                 period: str | None = "2026-01", lines: tuple[tuple[str, str, str], ...] = (
                     ("site", "10", "500"),),
                 amount: str = "5000.00", vat_rate: str = "20", total: str = "6000.00",
                 due: str = "2026-03-04", status: str = "received", extra: str = "") -> str:
    """``lines``: (mission, days, daily_rate) each."""
    text = f"number: {number}\nissued: {issued}\n"
    if period:
        text += f"period: {period}\n"
    if lines:
        text += "lines:\n" + "".join(
            f"  - {{mission: {m}, days: {d}, daily_rate: {r}}}\n" for m, d, r in lines)
    else:
        text += "lines: []\n"
    text += (f"amount: {amount}\nvat_rate: {vat_rate}\ntotal: {total}\ndue: {due}\n"
             f"status: {status}\n")
    return text + extra


def ada_with_siret(rate: int = 500) -> str:
    return freelancer_yaml(rate=rate) + f"legal:\n  siret: \"{SIRET}\"\n"


def invoice_workspace(invoice: str, **more: str) -> dict[str, str | bytes]:
    """Ada (roster/ada.yaml, SIRET above, 500 a day) on missions/site.yaml in January 2026,
    and ``invoice`` as invoices/ada/f-2026-011.yaml."""
    return {
        "roster/ada.yaml": ada_with_siret(),
        "missions/site.yaml": mission_yaml("2026-01-05", "2026-01-30", ("ada", 100)),
        "invoices/ada/f-2026-011.yaml": invoice,
        **more,
    }
