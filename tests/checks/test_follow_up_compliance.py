"""Follow-up of paperwork: the French duty of vigilance, the company's own requirements, and
reminders before a document runs out. Ada works on one mission from Monday 2026-12-07 (ten
working days unless said otherwise); today is 2026-11-26 unless said otherwise."""

from __future__ import annotations

import pytest

from conftest import COMPANY, company_yaml, freelancer_yaml, json_report, mission_yaml

SIRET = 'legal:\n  siret: "73282932000074"\n'
RULES = ("compliance", "document-expiry")


def docs(*lines: str) -> str:
    return "documents:\n" + "".join(f"  - {line}\n" for line in lines)


GOOD = docs("{kind: urssaf-vigilance, issued: 2026-11-02, verified: 2026-11-03}",
            "{kind: kbis, issued: 2026-11-02}")
POLICY = company_yaml("requirements:\n  insurance: [rc-pro]\n  nda_before_start: true\n")
RELAXED = company_yaml("requirements:\n  registration_max_age_months: 6\n")
LAW = "(Code du travail, art. L8222-1, D8222-5 et R8222-1)"


def files(ada: str, *, days: int = 10, rate: float = 500, company: str = COMPANY
          ) -> dict[str, str]:
    end = {10: "2026-12-18", 1: "2026-12-07"}[days]
    return {"company.yaml": company,
            "roster/ada.yaml": freelancer_yaml(rate=rate) + ada,
            "missions/m.yaml": mission_yaml("2026-12-07", end, ("ada", 100))}


def reminder(expires: str) -> str:
    return SIRET + GOOD + docs(
        f"{{kind: rc-pro, issued: 2026-01-01, expires: {expires}}}").removeprefix("documents:\n")


#: (workspace, today, [(line, rule, words the message holds)])
CASES = [
    pytest.param(files(SIRET, rate=499.99), "2026-11-26", [],
                 id="contract-under-5000-needs-no-attestation"),  # 10 x 499.99 = 4,999.90 EUR
    pytest.param(files(SIRET, rate=500), "2026-11-26", [
        (1, "compliance", "ada: no URSSAF attestation de vigilance recorded for m, a contract "
                          f"of 5,000.00 EUR excl. VAT; ask for it and add it to documents {LAW}"),
        (1, "compliance", "ada: no proof of registration (Kbis, RNE certificate or SIRENE "
                          "notice) recorded for m, a contract of 5,000.00 EUR excl. VAT"),
    ], id="contract-of-exactly-5000-needs-attestation-and-registration"),
    pytest.param(files(SIRET + GOOD), "2026-11-26", [], id="all-in-order"),
    pytest.param(files(SIRET + docs("{kind: urssaf-vigilance, issued: 2026-11-02}",
                                    "{kind: kbis, issued: 2026-11-02}")), "2026-11-26", [
        (12, "compliance", "ada: the URSSAF attestation de vigilance has no 'verified' date"),
    ], id="attestation-without-verification"),
    pytest.param(files(SIRET + docs("{kind: urssaf-vigilance, issued: 2026-06-07, "
                                    "verified: 2026-06-07}", "{kind: kbis, issued: 2026-11-02}"),
                       days=1, rate=5000), "2026-11-26", [],
                 id="attestation-exactly-six-months-old-on-a-one-day-mission"),
    pytest.param(files(SIRET + docs("{kind: urssaf-vigilance, issued: 2026-06-06, "
                                    "verified: 2026-06-06}", "{kind: kbis, issued: 2026-11-02}"),
                       days=1, rate=5000), "2026-11-26", [
        (12, "compliance", "ada: the URSSAF attestation de vigilance expires on 2026-12-06, "
                           "before m starts on 2026-12-07, a contract of 5,000.00 EUR excl. "
                           "VAT; ask for a new one"),
    ], id="attestation-a-day-too-old-on-a-one-day-mission"),
    pytest.param(files(SIRET + docs("{kind: urssaf-vigilance, issued: 2026-06-01, "
                                    "verified: 2026-06-01}", "{kind: kbis, issued: 2026-11-02}")),
                 "2026-12-08", [
        (12, "compliance", "ada: the URSSAF attestation de vigilance expired on 2026-12-01 for "
                           "m, a contract of 5,000.00 EUR excl. VAT; ask for a new one"),
    ], id="a-date-already-past-is-expired-on"),
    pytest.param(files(SIRET + docs("{kind: urssaf-vigilance, issued: 2026-06-10, "
                                    "verified: 2026-06-10}", "{kind: kbis, issued: 2026-11-02}")),
                 "2026-11-26", [
        (12, "document-expiry", "ada: urssaf-vigilance expires on 2026-12-10, before m ends on "
                                "2026-12-18 (in 14 days, 14-day reminder); ask for the new one"),
    ], id="renewal-due-before-the-mission-ends-names-the-end"),
    pytest.param(files(SIRET + docs("{kind: urssaf-vigilance, issued: 2026-11-02, "
                                    "verified: 2026-11-03}",
                                    "{kind: sirene-notice, issued: 2026-09-01}")), "2026-11-26", [
        (13, "compliance", "ada: the proof of registration (Kbis, RNE certificate or SIRENE "
                           "notice) expires on 2026-12-01, before m starts on 2026-12-07; ask "
                           "for a new one (company policy)"),
    ], id="registration-older-than-company-policy"),
    pytest.param(files(SIRET + docs("{kind: urssaf-vigilance, issued: 2026-11-02, "
                                    "verified: 2026-11-03}",
                                    "{kind: sirene-notice, issued: 2026-09-01}"),
                       company=RELAXED), "2026-11-26", [],
                 id="registration-within-a-relaxed-policy"),
    pytest.param(files(GOOD), "2026-11-26", [
        (1, "compliance", "ada: no SIRET recorded for m; ask for it and add it to documents "
                          f"{LAW}"),
    ], id="missing-siret"),
    pytest.param(files(SIRET + GOOD, company=POLICY), "2026-11-26", [
        (12, "compliance", "ada: no NDA signed before the start recorded for m"),
        (12, "compliance", "ada: no insurance 'rc-pro' recorded for m"),
    ], id="insurance-and-nda-when-the-company-asks"),
    *(pytest.param(files(reminder(expires)), "2026-11-26",
                   [(14, "document-expiry", f"ada: rc-pro expires on {expires} (in {left} days, "
                                            f"{lead}-day reminder); ask for the new one")]
                   if lead else [], id=f"reminder-for-an-insurance-expiring-{expires}")
      for expires, left, lead in (("2026-12-26", 30, 30), ("2026-12-27", 31, None),
                                  ("2026-12-10", 14, 14), ("2026-12-03", 7, 7),
                                  ("2026-11-26", 0, 7))),
    pytest.param({"roster/ada.yaml": freelancer_yaml() + docs(
        "{kind: rc-pro, issued: 2026-01-01, expires: 2026-12-01}")}, "2026-11-26", [],
        id="no-reminder-for-someone-without-a-current-or-upcoming-mission"),
]


@pytest.mark.parametrize(("workspace", "today", "expected"), CASES)
def test_follow_up(workspace_from, workspace, today, expected):
    found = [f for f in workspace_from(workspace, today=today).findings if f.rule in RULES]
    assert [(f.file, f.line, f.rule) for f in found] == [
        ("roster/ada.yaml", line, rule) for line, rule, _ in expected]
    for finding, (_, _, words) in zip(found, expected, strict=True):
        assert words in finding.message
    assert {f.severity for f in found} <= {"warning"}


def test_strict_makes_compliance_an_error(workspace, run_cfo):
    root = workspace(files(SIRET))
    report = json_report(run_cfo("-C", str(root), "--today", "2026-11-26", "check", "--format",
                                 "json", "--strict"))
    found = [f for f in report["errors"] + report["warnings"] if f["rule"] == "compliance"]
    assert found and {f["severity"] for f in found} == {"error"}


ADDRESS = 'legal:\n  siret: "73282932000074"\n  address: "1 rue de la Paix, 75002 Paris"\n'


@pytest.mark.parametrize(("ada", "mission", "warned"), [
    (SIRET, mission_yaml("2026-12-07", "2026-12-18", ("ada", 100)), True),
    ("", mission_yaml("2026-12-07", "2026-12-18", ("ada", 100)), True),
    (ADDRESS, mission_yaml("2026-12-07", "2026-12-18", ("ada", 100)), False),
    # Only tentative: no contract to write yet.
    (SIRET, mission_yaml("2026-12-07", "2026-12-18", ("ada", 100)).replace(
        "allocation: 100\n", "allocation: 100\n    tentative: true\n"), False),
    # Over before today.
    (SIRET, mission_yaml("2026-10-05", "2026-10-16", ("ada", 100), status="done"), False),
])
def test_a_contract_that_cannot_be_written_for_want_of_an_address(workspace_from, ada, mission,
                                                                   warned):
    found = [f for f in workspace_from({"roster/ada.yaml": freelancer_yaml() + ada,
                                        "missions/m.yaml": mission}).findings
             if f.rule == "contract-address"]
    assert [(f.file, f.line) for f in found] == (
        [("roster/ada.yaml", 10 if ada else 1)] if warned else [])
    assert all("contract and purchase orders of m cannot be written" in f.message
               for f in found)
