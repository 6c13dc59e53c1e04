"""Rules about what a file names in another: freelancers, owners, reviews, who may be staffed.
Each case is the smallest workspace that shows the rule, and every finding it gives."""

from __future__ import annotations

import pytest

from conftest import FREELANCER, MISSION, places

ASSIGNED = MISSION + "assignments:\n  - freelancer: ada\n    role: web-developer\n"
REVIEW_OF_BOB = ("reviews:\n  - freelancer: bob\n    date: 2026-02-02\n    quality: 4\n"
                 "    deadlines: 4\n    communication: 4\n    rehire: true\n")
INACTIVE = FREELANCER.replace("status: active", "status: inactive")


@pytest.mark.parametrize(("files", "expected"), [
    pytest.param(
        {"missions/site.yaml": ASSIGNED},
        [("missions/site.yaml", 8, "unknown-freelancer")],
        id="assignment-names-missing-freelancer"),
    pytest.param(
        {"roster/ada.yaml": FREELANCER,
         "missions/site.yaml": ASSIGNED.replace("freelancer: ada", "freelancer: adaa")},
        [("missions/site.yaml", 8, "unknown-freelancer")],
        id="typo-in-freelancer"),
    pytest.param(
        {"roster/ada.yaml": FREELANCER,
         "missions/site.yaml": MISSION.replace("owner: pm", "owner: boss")},
        [("missions/site.yaml", 3, "unknown-owner")],
        id="owner-not-in-team"),
    pytest.param(
        {"roster/ada.yaml": FREELANCER, "roster/bob.yaml": FREELANCER,
         "missions/site.yaml": ASSIGNED + REVIEW_OF_BOB},
        [("missions/site.yaml", 11, "review-not-assigned")],
        id="review-of-someone-not-assigned"),
    pytest.param(
        {"roster/ada.yaml": INACTIVE, "missions/site.yaml": ASSIGNED},
        [("missions/site.yaml", 8, "inactive-assigned")],
        id="inactive-freelancer-on-open-mission"),
    pytest.param(
        {"roster/ada.yaml": FREELANCER.replace("status: active", "status: do-not-hire"),
         "missions/site.yaml": ASSIGNED.replace("status: open", "status: draft")},
        [("missions/site.yaml", 8, "inactive-assigned")],
        id="do-not-hire-on-draft-mission"),
    pytest.param(
        {"roster/ada.yaml": INACTIVE,
         "missions/site.yaml": ASSIGNED.replace("status: open", "status: closed")
         + REVIEW_OF_BOB.replace("bob", "ada")},
        [],
        id="inactive-freelancer-on-closed-mission-is-fine"),
    pytest.param(
        {"roster/ada.yaml": INACTIVE,
         "missions/site.yaml": ASSIGNED.replace("status: open", "status: validated")
         + REVIEW_OF_BOB.replace("bob", "ada")},
        [],
        id="inactive-freelancer-on-validated-mission-is-fine"),
    pytest.param(
        {"roster/ada.yaml": INACTIVE,
         "missions/site.yaml": ASSIGNED.replace("status: open", "status: cancelled")},
        [],
        id="inactive-freelancer-on-cancelled-mission-is-fine"),
    pytest.param(
        {"roster/ada.yaml": FREELANCER.replace("status: active", "status: [oops]"),
         "missions/site.yaml": ASSIGNED},
        [("roster/ada.yaml", 6, "schema")],
        id="broken-freelancer-file-is-not-reported-twice"),
])
def test_rule(findings_of, files, expected):
    assert places(findings_of(files)) == expected
