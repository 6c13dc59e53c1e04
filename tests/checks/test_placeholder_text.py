"""placeholder-text: what cfo init wrote for people to replace, and e-mail addresses at
domains reserved for examples."""

from __future__ import annotations

import pytest

from cfo_tools.model.placeholders import reserved_mail_domain, same_text
from conftest import COMPANY, FREELANCER

INIT_COMPANY = """\
name: Newco
pitch: >-
  Replace this text with what the company does, in a few sentences: it opens every brief
  sent to a freelancer.
team:
  - id: prenom-nom
    name: Prénom Nom
    email: prenom.nom@example.com
"""


def placeholders(findings):
    return [(f.file, f.line, f.path) for f in findings if f.rule == "placeholder-text"]


def test_what_cfo_init_wrote_is_asked_for(findings_of):
    found = findings_of({"company.yaml": INIT_COMPANY})
    assert placeholders(found) == [("company.yaml", 2, "/pitch"),
                                   ("company.yaml", 7, "/team/0/name"),
                                   ("company.yaml", 8, "/team/0/email")]
    assert all(f.severity == "warning" for f in found if f.rule == "placeholder-text")


def test_a_real_company_and_roster_are_quiet(findings_of):
    assert placeholders(findings_of({"company.yaml": COMPANY,
                                     "roster/ada.yaml": FREELANCER})) == []


def test_a_pitch_that_only_starts_like_the_example_is_the_company_s_own(findings_of):
    own = INIT_COMPANY.replace("sent to a freelancer.", "sent to a freelancer. We build sites.")
    assert ("company.yaml", 2, "/pitch") not in placeholders(findings_of({"company.yaml": own}))


def test_a_freelancer_at_a_reserved_domain(findings_of):
    ada = FREELANCER.replace("ada@example.fr", "ada@mail.example")
    [finding] = [f for f in findings_of({"roster/ada.yaml": ada}) if f.rule == "placeholder-text"]
    assert (finding.file, finding.path) == ("roster/ada.yaml", "/email")
    assert finding.message == ("ada@mail.example is an address at mail.example, a domain "
                               "reserved for examples: it receives no mail; write the real "
                               "address")


@pytest.mark.parametrize("email, domain", [
    ("a@example.com", "example.com"), ("a@EXAMPLE.org", "example.org"),
    ("a@mail.example.net.", "mail.example.net"), ("a@x.test", "x.test"),
    ("a@localhost", "localhost"), ("a@site.invalid", "site.invalid"),
    ("a@example.fr", None), ("a@example.com.fr", None), ("a@myexample.com", None),
    ("a@gmail.com", None),
])
def test_reserved_mail_domains(email, domain):
    assert reserved_mail_domain(email) == domain


def test_same_text_ignores_how_lines_were_folded():
    assert same_text("a  b\n c", "a b c") and not same_text("a b", "a b c")
    assert not same_text(None, "a")


def test_a_brief_with_an_example_left_is_written_with_a_warning(workspace, run_cfo):
    from conftest import mission_yaml

    site = mission_yaml("2026-12-07", "2026-12-18", ("ada", 100)) + (
        "brief:\n  summary: >-\n    What the mission is about,\n    in two or three sentences.\n")
    root = workspace({"company.yaml": INIT_COMPANY.replace("prenom-nom", "pm"),
                      "roster/ada.yaml": FREELANCER, "missions/site.yaml": site})
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "brief", "site")
    assert result.exit_code == 0 and result.stdout.startswith("# ")
    assert result.stderr.splitlines() == [
        "cfo: warning: company.yaml's pitch is still the example cfo init wrote (pitch:): "
        "replace it before sending",
        "cfo: warning: the summary of site is still the example cfo new wrote "
        "(missions/site.yaml, brief: summary:): replace it before sending"]
    onboarding = run_cfo("-C", str(root), "--today", "2026-11-26", "onboard", "ada",
                         "-o", str(root / "out"))
    assert "the summary of site is still the example" in onboarding.stderr


def test_a_brief_of_the_company_s_own_words_has_no_warning(workspace, run_cfo):
    from conftest import mission_yaml

    root = workspace({"roster/ada.yaml": FREELANCER,
                      "missions/site.yaml": mission_yaml("2026-12-07", "2026-12-18",
                                                         ("ada", 100))})
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "brief", "site")
    assert result.exit_code == 0 and "warning" not in result.stderr
