"""Build model objects from schema-valid data; impossible dates become findings here."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from cfo_tools.model.findings import Finding
from cfo_tools.model.localized_text import localized
from cfo_tools.model.money import exact_decimal
from cfo_tools.model.needed_fields import NEEDS, unusable_values
from cfo_tools.model.paper import CompanyLegal, Order, PaymentTerms, Representative, Rights
from cfo_tools.model.placeholders import PITCH, same_text
from cfo_tools.model.records import (
    WEEKDAYS,
    Assignment,
    CheckIn,
    Company,
    Deliverable,
    Freelancer,
    HeldDocument,
    Mission,
    Need,
    Period,
    Review,
    TeamMember,
)
from cfo_tools.model.vocabulary import Vocabulary


class InvalidDates(Exception):
    """Raised after the whole document was read when one of its dates does not exist, or
    before it is built when a value the model needs is missing or unusable (a workspace
    schema looser than the packaged one let it through)."""

    def __init__(self, problems: list[tuple[str, str]],
                 unusable: list[tuple[str, str]] | None = None) -> None:
        super().__init__(problems)
        self.problems = problems
        self.unusable = unusable or []


def require_needed(kind: str, data: dict[str, Any]) -> None:
    """Raise :class:`InvalidDates` naming every value the model needs that ``data`` lacks or
    cannot give: for documents a workspace schema looser than the packaged one let through (the
    builders below assume what the packaged schemas promise)."""
    if kind not in NEEDS:
        return
    unusable = unusable_values(kind, data)
    if unusable:
        raise InvalidDates(impossible_dates(data), unusable)


def profile_fields(data: dict[str, Any]) -> dict[str, Any]:
    """What a freelancer and a candidate (a freelancer to be) say of themselves alike."""
    return {
        "name": data["name"],
        "phone": data.get("phone"),
        "location": data.get("location"),
        "remote": data.get("remote"),
        "roles": list(data["roles"]),
        "skills": list(data["skills"]),
        "languages": list(data.get("languages", [])),
    }


class _Dates:
    """Parses dates and remembers which ones do not exist (2026-02-30), with their pointers."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def required(self, text: str, pointer: str) -> date:
        return self.optional(text, pointer) or date.min

    def optional(self, text: str | None, pointer: str) -> date | None:
        if text is None:
            return None
        try:
            if not _DATE_SHAPE.fullmatch(text):  # fromisoformat also takes 20260316 and 2026-W12
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            self.problems.append((pointer, _explain_bad_date(text)))
            return None

    def finish(self) -> None:
        if self.problems:
            raise InvalidDates(self.problems)


_DATE_SHAPE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def impossible_dates(data: Any, pointer: str = "") -> list[tuple[str, str]]:
    """Every date-shaped text that is not a real date, outside ``extra``, with its pointer.

    Used on documents that fail their schema, so their impossible dates are reported too.
    """
    found: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if pointer == "" and key == "extra":
                continue
            escaped = str(key).replace("~", "~0").replace("/", "~1")
            found += impossible_dates(value, f"{pointer}/{escaped}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += impossible_dates(value, f"{pointer}/{index}")
    elif isinstance(data, str) and _DATE_SHAPE.fullmatch(data):
        try:
            date.fromisoformat(data)
        except ValueError:
            found.append((pointer, _explain_bad_date(data)))
    return found


def _explain_bad_date(text: str) -> str:
    if not _DATE_SHAPE.fullmatch(text):
        return f"{text} is not a date written YYYY-MM-DD (e.g. 2026-03-16)"
    year, month, day = (int(p) for p in text.split("-"))
    if year == 0:
        return f"{text} is not a real date: years start at 1 (there is no year 0)"
    if not 1 <= month <= 12:
        return f"{text} is not a real date: there is no month {month}"
    if day == 0:
        return f"{text} is not a real date: days start at 1 (there is no day 0)"
    days = calendar.monthrange(year, month)[1]
    month_name = calendar.month_name[month]
    return f"{text} is not a real date: {month_name} {year} has {days} days"


def build_company(file: str, data: dict[str, Any]) -> Company:
    dates = _Dates()
    locale = data.get("locale", "fr")

    def text(value: Any) -> Any:
        return localized(value, locale)

    closures = []
    for i, item in enumerate(data.get("closures", [])):
        start = dates.required(item["from"], f"/closures/{i}/from")
        end = dates.optional(item.get("to"), f"/closures/{i}/to") or start
        closures.append(Period(start, end, text(item.get("reason")), f"/closures/{i}"))
    dates.finish()
    working = data.get("working_days", list(WEEKDAYS[:5]))
    return Company(
        file=file,
        name=data["name"],
        pitch=text(data["pitch"]),
        country=data.get("country", "FR"),
        subdivision=data.get("subdivision"),
        locale=locale,
        currency=data.get("currency", "EUR"),
        working_days=tuple(sorted(WEEKDAYS.index(d) for d in working)),
        closures=closures,
        team=[
            TeamMember(m["id"], m["name"], m["email"], text(m.get("role")), f"/team/{i}",
                       m.get("phone"))
            for i, m in enumerate(data["team"])
        ],
        culture=text(data.get("culture")),
        values=[text(v) for v in data.get("values", [])],
        tools=[{k: text(v) if k in ("purpose", "access") else v for k, v in t.items()}
               for t in data.get("tools", [])],
        contacts=[{k: text(v) if k == "role" else v for k, v in c.items()}
                  for c in data.get("contacts", [])],
        requirements=dict(data.get("requirements", {})),
        extra=dict(data.get("extra", {})),
        address=text(data.get("address")),
        vocabulary=Vocabulary.from_data(data.get("vocabulary")),
        legal=_company_legal(data.get("legal")),
        payment_terms=_payment_terms(data.get("payment_terms", {})),
        example_pitch=any(same_text(written, PITCH) for written in (
            data["pitch"].values() if isinstance(data["pitch"], dict) else [data["pitch"]])),
    )


def _company_legal(data: dict[str, Any] | None) -> CompanyLegal | None:
    if data is None:
        return None
    representative = data["representative"]
    return CompanyLegal(
        name=data["name"], form=data.get("form"), siren=data["siren"],
        vat_number=data.get("vat_number"), address=data["address"],
        representative=Representative(representative["name"], representative["title"]))


def _payment_terms(data: dict[str, Any]) -> PaymentTerms:
    defaults = PaymentTerms()
    return PaymentTerms(data.get("days", defaults.days),
                        data.get("end_of_month", defaults.end_of_month))


def build_freelancer(freelancer_id: str, file: str, data: dict[str, Any]) -> Freelancer:
    dates = _Dates()
    unavailable = [
        Period(
            dates.required(p["from"], f"/unavailable/{i}/from"),
            dates.required(p["to"], f"/unavailable/{i}/to"),
            p.get("reason"),
            f"/unavailable/{i}",
        )
        for i, p in enumerate(data.get("unavailable", []))
    ]
    documents = [
        HeldDocument(
            d["kind"],
            dates.optional(d.get("issued"), f"/documents/{i}/issued"),
            dates.optional(d.get("expires"), f"/documents/{i}/expires"),
            dates.optional(d.get("verified"), f"/documents/{i}/verified"),
            d.get("reference"),
            f"/documents/{i}",
        )
        for i, d in enumerate(data.get("documents", []))
    ]
    dates.finish()
    legal = data.get("legal", {})
    return Freelancer(
        id=freelancer_id,
        file=file,
        **profile_fields(data),
        email=data["email"],
        daily_rate=exact_decimal(data["daily_rate"]),
        capacity=data.get("capacity", 100),
        status=data["status"],
        legal_form=legal.get("form"),
        siret=legal.get("siret"),
        unavailable=unavailable,
        documents=documents,
        notes=data.get("notes"),
        extra=dict(data.get("extra", {})),
        legal_address=legal.get("address"),
        vat_number=legal.get("vat_number"),
        vat=legal.get("vat", "standard"),
    )


def build_mission(mission_id: str, file: str, data: dict[str, Any]) -> Mission:
    dates = _Dates()
    start = dates.required(data["start"], "/start")
    end = dates.required(data["end"], "/end")
    assignments = []
    for i, a in enumerate(data.get("assignments", [])):
        own_start = dates.optional(a.get("start"), f"/assignments/{i}/start")
        own_end = dates.optional(a.get("end"), f"/assignments/{i}/end")
        assignments.append(Assignment(
            freelancer=a["freelancer"],
            role=a["role"],
            allocation=a.get("allocation", 100),
            start=own_start or start,
            end=own_end or end,
            own_start=own_start,
            own_end=own_end,
            daily_rate=_optional_amount(a.get("daily_rate")),
            pointer=f"/assignments/{i}",
            tentative=a.get("tentative", False),
            order=_order(a.get("order"), f"/assignments/{i}/order", dates),
        ))
    needs = [_build_need(n, f"/needs/{i}", start, end, dates)
             for i, n in enumerate(data.get("needs", []))]
    deliverables = [
        Deliverable(d["id"], d["title"], dates.required(d["due"], f"/deliverables/{i}/due"),
                    d["status"], d.get("feedback"), f"/deliverables/{i}",
                    exact_decimal(d.get("weight", 1)))
        for i, d in enumerate(data.get("deliverables", []))
    ]
    checkins = [
        CheckIn(dates.required(c["date"], f"/checkins/{i}/date"), c["freelancer"], c["by"],
                c.get("channel"), c.get("mood"), c.get("note"),
                dates.optional(c.get("next"), f"/checkins/{i}/next"), f"/checkins/{i}")
        for i, c in enumerate(data.get("checkins", []))
    ]
    reviews = [
        Review(r["freelancer"], dates.required(r["date"], f"/reviews/{i}/date"), r["quality"],
               r["deadlines"], r["communication"], r["rehire"], r.get("comment"), f"/reviews/{i}")
        for i, r in enumerate(data.get("reviews", []))
    ]
    dates.finish()
    return Mission(
        id=mission_id,
        file=file,
        title=data["title"],
        client=data["client"],
        owner=data["owner"],
        status=data["status"],
        start=start,
        end=end,
        skills=list(data.get("skills", [])),
        budget=_optional_amount(data.get("budget")),
        brief=dict(data.get("brief", {})),
        assignments=assignments,
        deliverables=deliverables,
        reviews=reviews,
        extra=dict(data.get("extra", {})),
        needs=needs,
        checkins=checkins,
        rights=_rights(data.get("rights")),
    )


def _order(data: dict[str, Any] | None, pointer: str, dates: _Dates) -> Order | None:
    if data is None:
        return None
    return Order(
        number=data["number"],
        issued=dates.required(data["issued"], f"{pointer}/issued"),
        amount=_optional_amount(data.get("amount")),
        payment_days=data.get("payment_days"),
        end_of_month=data.get("end_of_month"),
        pointer=pointer,
    )


def _rights(data: dict[str, Any] | None) -> Rights | None:
    if data is None:
        return None
    return Rights(tuple(data["rights"]), data["purpose"], data["territory"], data["duration"],
                  data.get("included_in_price", True))


def _build_need(data: dict[str, Any], pointer: str, mission_start: date, mission_end: date,
                dates: _Dates) -> Need:
    own_end = dates.optional(data.get("end"), f"{pointer}/end")
    days = data.get("days")
    if isinstance(days, float):  # 5.0 passes the schema's integer: a count of days all the same
        days = int(days)
    return Need(
        id=data["id"],
        role=data["role"],
        skills=tuple(data.get("skills", [])),
        allocation=data.get("allocation", 100),
        start=dates.optional(data.get("start"), f"{pointer}/start") or mission_start,
        end=own_end or (None if days is not None else mission_end),
        days=days,
        count=data.get("count", 1),
        max_rate=_optional_amount(data.get("max_rate")),
        languages=tuple(data.get("languages", [])),
        requested_by=data.get("requested_by"),
        requested_on=dates.optional(data.get("requested_on"), f"{pointer}/requested_on"),
        note=data.get("note"),
        pointer=pointer,
    )


def _optional_amount(value: Any) -> Decimal | None:
    return None if value is None else exact_decimal(value)


def invalid_date_findings(
    file: str, error: InvalidDates, locate: Callable[[str], tuple[int | None, int | None]]
) -> list[Finding]:
    findings = []
    for rule, problems in (("unusable-value", error.unusable), ("invalid-date", error.problems)):
        for pointer, message in problems:
            line, column = locate(pointer)
            findings.append(Finding(file, line, column, pointer, rule, "error", message))
    return findings
