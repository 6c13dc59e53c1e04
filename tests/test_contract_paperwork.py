"""The paperwork of many contracts asked of one ContractPaperwork (as a run's checks do) is
item for item what each contract gets on its own, with the documents ``latest`` picks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.model.building import build_company, build_freelancer, build_mission
from cfo_tools.planning.working_calendar import WorkingCalendar
from cfo_tools.steering.compliance import ContractPaperwork, latest
from cfo_tools.steering.compliance_profile import FRANCE

KINDS = ("urssaf-vigilance", "kbis", "rne-certificate", "sirene-notice", "rc-pro", "nda")
DAYS = ("2026-01-31", "2026-03-01", "2026-08-31", "2026-11-20", "2027-02-28")


class _NoHolidays:
    def names(self, year: int) -> dict[date, str]:
        return {}


_document = st.fixed_dictionaries(
    {"kind": st.sampled_from(KINDS)},
    optional={"issued": st.sampled_from(DAYS), "expires": st.sampled_from(DAYS),
              "verified": st.sampled_from(DAYS)})
_span = st.tuples(st.sampled_from(DAYS), st.sampled_from(DAYS)).map(sorted)


@settings(max_examples=150, deadline=None)
@given(documents=st.lists(_document, max_size=8), spans=st.lists(_span, min_size=1, max_size=4),
       amounts=st.lists(st.sampled_from((Decimal(4999), Decimal(5000), Decimal("NaN"))),
                        min_size=4, max_size=4),
       siret=st.sampled_from((None, "73282932000074", "73282932000075")))
def test_items_of_one_paperwork_match_each_contract_alone(documents, spans, amounts, siret):
    company = build_company("company.yaml", {
        "name": "A", "pitch": "P", "team": [],
        "requirements": {"insurance": ["rc-pro"], "nda_before_start": True,
                         "registration_max_age_months": 2}})
    data = {"name": "A", "email": "a@example.fr", "roles": ["dev"], "skills": [],
            "daily_rate": 1, "status": "active", "documents": documents}
    if siret:
        data["siret"] = siret
    ada = build_freelancer("ada", "roster/ada.yaml", data)
    missions = [build_mission(f"m{i}", f"missions/m{i}.yaml", {
        "title": "M", "client": "C", "owner": "pm", "status": "staffed",
        "start": start, "end": end,
        "assignments": [{"freelancer": "ada", "role": "dev", "allocation": 50}]})
        for i, (start, end) in enumerate(spans)]
    calendar = WorkingCalendar(holidays=_NoHolidays())
    today = date(2026, 6, 15)
    shared = ContractPaperwork(company, calendar, today)
    asked = [(mission, amounts[i]) for i, mission in enumerate(missions)]
    # Asked in turn, then in reverse: what one contract gets never depends on the others.
    together = {m.id: shared.items(ada, m, amount) for m, amount in [*asked, *asked[::-1]]}
    for mission, amount in asked:
        alone = ContractPaperwork(company, calendar, today).items(ada, mission, amount)
        assert together[mission.id] == alone
        by_requirement = {item.requirement: item for item in alone}
        assert {"siret", "insurance", "nda"} <= by_requirement.keys()
        assert by_requirement["insurance"].document == latest(ada, "rc-pro")
        assert by_requirement["nda"].document == latest(ada, "nda")
        if "registration" in by_requirement:
            assert by_requirement["vigilance"].document == latest(ada, FRANCE.vigilance_kind)
            assert by_requirement["registration"].document == latest(
                ada, FRANCE.registration_kinds)


def test_equal_items_of_two_contracts_are_made_once():
    # Each distinct item is made once per ContractPaperwork (a frozen dataclass costs 2.6 µs
    # and a cold check asks for 18,582 contracts): equal fields, the same item; a document
    # that is equal but another object keeps an item of its own.
    company = build_company("company.yaml", {"name": "A", "pitch": "P", "team": []})
    documents = [{"kind": "urssaf-vigilance", "issued": "2026-05-01", "verified": "2026-05-02"},
                 {"kind": "kbis", "issued": "2026-05-01"}]
    people = [build_freelancer(ident, f"roster/{ident}.yaml", {
        "name": "A", "email": "a@example.fr", "roles": ["dev"], "skills": [], "daily_rate": 1,
        "status": "active", "documents": documents}) for ident in ("ada", "bob")]
    missions = [build_mission(f"m{i}", f"missions/m{i}.yaml", {
        "title": "M", "client": "C", "owner": "pm", "status": "staffed",
        "start": "2026-06-01", "end": "2026-07-31",
        "assignments": [{"freelancer": f, "role": "dev", "allocation": 50}
                        for f in ("ada", "bob")]}) for i in range(2)]
    shared = ContractPaperwork(company, WorkingCalendar(holidays=_NoHolidays()),
                               date(2026, 6, 15))
    ada, bob = people
    first, second = (shared.items(ada, m, Decimal(9000)) for m in missions)
    assert first == second
    assert all(a is b for a, b in zip(first, second, strict=True))
    others = shared.items(bob, missions[0], Decimal(9000))
    vigilance = next(item for item in others if item.requirement == "vigilance")
    assert vigilance.document is bob.documents[0] and vigilance == first[0]
    assert vigilance is not first[0]
