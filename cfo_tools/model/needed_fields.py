"""What the model needs from each kind of document, whatever the schema let through.

A workspace may replace a packaged schema with a looser one (``{"type": "object"}``, a rate
as text). The packaged schemas promise everything below; this table is checked before a
document is built, so a loose schema gives findings on the values, never a traceback or a
NaN in a brief. It is never stricter than the packaged schemas (a test checks it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cfo_tools.model.records import WEEKDAYS
from cfo_tools.model.values import describe_value, number_hint

#: Largest amount (rate, budget) the model computes with; the packaged schemas say the same.
MAX_AMOUNT = 1_000_000_000

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Wanted:
    """What the model wants of one value (its kind, bounds, and what it holds); not to be
    confused with a mission's :class:`~cfo_tools.model.records.Need`."""
    kind: str  # text, localized, number, integer, boolean, date, weekday, mapping, list, days
    required: bool = False
    low: float | None = None
    high: float | None = None
    fields: Mapping[str, Wanted] = field(default_factory=dict)
    items: Wanted | None = None


TEXT = Wanted("text")
DATE = Wanted("date")
BOOLEAN = Wanted("boolean")
TEXTS = Wanted("list", items=TEXT)
#: Free text, plain or per language ({fr: ..., en: ...}).
PROSE = Wanted("localized")
PROSES = Wanted("list", items=PROSE)
AMOUNT = Wanted("number", low=0, high=MAX_AMOUNT)
PERCENT = Wanted("integer", low=1, high=100)
SCORE = Wanted("integer", required=True, low=1, high=5)
EXTRA = Wanted("mapping")
PAYMENT_DAYS = Wanted("integer", low=0, high=365)


def _required(need: Wanted) -> Wanted:
    return Wanted(need.kind, True, need.low, need.high, need.fields, need.items)


def _mapping(**fields: Wanted) -> Wanted:
    return Wanted("mapping", fields=fields)


def _list_of(**fields: Wanted) -> Wanted:
    return Wanted("list", items=_mapping(**fields))


COMPANY = _mapping(
    name=_required(TEXT), pitch=_required(PROSE), country=TEXT, subdivision=TEXT, locale=TEXT,
    currency=TEXT, working_days=Wanted("list", items=Wanted("weekday")),
    closures=_list_of(**{"from": _required(DATE), "to": DATE, "reason": PROSE}),
    team=_required(_list_of(id=_required(TEXT), name=_required(TEXT), email=_required(TEXT),
                            role=PROSE, phone=TEXT)),
    culture=PROSE, values=PROSES,
    tools=_list_of(name=_required(TEXT), purpose=PROSE, access=PROSE),
    contacts=_list_of(name=_required(TEXT), role=PROSE, email=TEXT, phone=TEXT),
    address=PROSE, vocabulary=_mapping(roles=EXTRA, skills=EXTRA),
    requirements=_mapping(
        registration_max_age_months=Wanted("integer", low=1, high=24), insurance=TEXTS,
        nda_before_start=BOOLEAN, dependence_months=Wanted("integer", low=1, high=120),
        checkin_every_days=Wanted("integer", low=1, high=250),
        drift_points=Wanted("integer", low=1, high=100)),
    legal=_mapping(name=_required(TEXT), form=TEXT, siren=_required(TEXT), vat_number=TEXT,
                   address=_required(TEXT),
                   representative=_required(_mapping(name=_required(TEXT),
                                                     title=_required(TEXT)))),
    payment_terms=_mapping(days=PAYMENT_DAYS, end_of_month=BOOLEAN),
    extra=EXTRA,
)

FREELANCER = _mapping(
    name=_required(TEXT), email=_required(TEXT), phone=TEXT, location=TEXT, remote=BOOLEAN,
    roles=_required(TEXTS), skills=_required(TEXTS), languages=TEXTS,
    daily_rate=_required(AMOUNT), capacity=PERCENT, status=_required(TEXT),
    legal=_mapping(form=TEXT, siret=TEXT, address=TEXT, vat_number=TEXT, vat=TEXT),
    unavailable=_list_of(**{"from": _required(DATE), "to": _required(DATE), "reason": TEXT}),
    documents=_list_of(kind=_required(TEXT), issued=DATE, expires=DATE, verified=DATE,
                       reference=TEXT),
    notes=TEXT, extra=EXTRA,
)

MISSION = _mapping(
    title=_required(TEXT), client=_required(TEXT), owner=_required(TEXT),
    status=_required(TEXT), start=_required(DATE), end=_required(DATE), skills=TEXTS,
    budget=AMOUNT,
    brief=_mapping(summary=PROSE, objectives=PROSES, context=PROSE, constraints=PROSES,
                   stakeholders=_list_of(name=_required(TEXT), role=PROSE, email=TEXT),
                   location=PROSE),
    assignments=_list_of(freelancer=_required(TEXT), role=_required(TEXT), allocation=PERCENT,
                         start=DATE, end=DATE, daily_rate=AMOUNT, tentative=BOOLEAN,
                         order=_mapping(number=_required(TEXT), issued=_required(DATE),
                                        amount=AMOUNT, payment_days=PAYMENT_DAYS,
                                        end_of_month=BOOLEAN)),
    needs=_list_of(id=_required(TEXT), role=_required(TEXT), skills=TEXTS, allocation=PERCENT,
                   start=DATE, end=DATE, days=Wanted("integer", low=1, high=2000),
                   count=Wanted("integer", low=1, high=100), max_rate=AMOUNT, languages=TEXTS,
                   requested_by=TEXT, requested_on=DATE, note=TEXT),
    deliverables=_list_of(id=_required(TEXT), title=_required(TEXT), due=_required(DATE),
                          status=_required(TEXT), feedback=TEXT,
                          weight=Wanted("number", low=0, high=1000)),
    reviews=_list_of(freelancer=_required(TEXT), date=_required(DATE), quality=SCORE,
                     deadlines=SCORE, communication=SCORE, rehire=_required(BOOLEAN),
                     comment=TEXT),
    checkins=_list_of(date=_required(DATE), freelancer=_required(TEXT), by=_required(TEXT),
                      channel=TEXT, mood=TEXT, note=TEXT, next=DATE),
    rights=_mapping(rights=_required(TEXTS), purpose=_required(TEXT),
                    territory=_required(TEXT), duration=_required(TEXT),
                    included_in_price=BOOLEAN),
    extra=EXTRA,
)

CANDIDATE = _mapping(
    name=_required(TEXT), email=TEXT, phone=TEXT, location=TEXT, remote=BOOLEAN,
    roles=_required(TEXTS), skills=_required(TEXTS), languages=TEXTS, daily_rate=AMOUNT,
    available_from=DATE,
    source=_required(_mapping(channel=_required(TEXT), url=TEXT, referred_by=TEXT, note=TEXT)),
    stage=_required(TEXT),
    contacts=_list_of(date=_required(DATE), channel=_required(TEXT), note=TEXT),
    next_step=_mapping(date=_required(DATE), action=_required(TEXT)),
    notes=TEXT, extra=EXTRA,
)

ACTIVITY = _mapping(
    entries=_required(_list_of(mission=_required(TEXT), days=_required(Wanted("days")),
                               note=TEXT)),
    status=_required(TEXT), submitted_on=DATE, approved_by=TEXT, approved_on=DATE,
    comment=TEXT, extra=EXTRA,
)

INVOICE = _mapping(
    number=_required(TEXT), issued=_required(DATE), period=TEXT, order=TEXT,
    lines=_required(_list_of(mission=_required(TEXT), days=_required(Wanted("number", low=0,
                                                                           high=10_000)),
                             daily_rate=_required(AMOUNT), description=TEXT)),
    amount=_required(AMOUNT), vat_rate=_required(Wanted("number", low=0, high=100)),
    vat_exemption=TEXT, total=_required(AMOUNT), due=_required(DATE), status=_required(TEXT),
    paid_on=DATE, dispute=TEXT, source=TEXT, seller_siret=TEXT, profile=TEXT, extra=EXTRA,
)

NEEDS = {"company": COMPANY, "freelancer": FREELANCER, "mission": MISSION,
         "candidate": CANDIDATE, "activity": ACTIVITY, "invoice": INVOICE}

_WANTED = {
    "text": "text", "localized": "text, or text per language ({fr: ..., en: ...})",
    "boolean": "true or false", "date": "a date written YYYY-MM-DD",
    "weekday": "a weekday in English (" + ", ".join(WEEKDAYS) + ")",
    "mapping": "a mapping of keys to values", "list": "a list",
    "days": "a mapping of days of the month (1 to 31) to numbers (1 or 0.5)",
}
_DAY_KEY = re.compile(r"[0-9]{1,2}")


def unusable_values(kind: str, data: Any) -> list[tuple[str, str]]:
    """``(pointer, message)`` for every value the model needs that is missing or unusable."""
    problems: list[tuple[str, str]] = []
    stack: list[tuple[Any, Wanted, str]] = [(data, NEEDS[kind], "")]
    while stack:
        value, need, pointer = stack.pop()
        wrong = _wrong(value, need)
        if wrong:
            hint = number_hint(value) if need.kind in ("number", "integer") else ""
            problems.append((pointer,
                             f"cfo needs {wrong} here, found {describe_value(value)}{hint}"))
            continue
        if need.kind == "mapping":
            for key, child in need.fields.items():
                child_pointer = f"{pointer}/{key}"
                if key in value:
                    stack.append((value[key], child, child_pointer))
                elif child.required:
                    problems.append((pointer, f"missing key '{key}', which cfo needs"))
        elif need.kind == "list" and need.items is not None:
            stack.extend((item, need.items, f"{pointer}/{index}")
                         for index, item in enumerate(value))
    return sorted(problems)


def _wrong(value: Any, need: Wanted) -> str | None:
    """What was wanted, when ``value`` does not fit ``need``."""
    kind = need.kind
    if kind in ("number", "integer"):
        number = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
        # Bounds first: NaN fails them, and a 4,000-digit int is never turned into a float.
        fits = (number and (need.low is None or value >= need.low)
                and (need.high is None or value <= need.high))
        if fits and (kind == "number" or value == int(value)):
            return None
        what = "a number" if kind == "number" else "a whole number"
        return f"{what} from {need.low:,.0f} to {need.high:,.0f}"
    fits = {
        "text": isinstance(value, str),
        "localized": isinstance(value, str) or (
            isinstance(value, dict) and bool(value)
            and all(isinstance(v, str) for v in value.values())),
        "boolean": isinstance(value, bool),
        "date": isinstance(value, str) and bool(_DATE.fullmatch(value)),
        "weekday": value in WEEKDAYS,
        "mapping": isinstance(value, dict),
        "list": isinstance(value, list),
        "days": isinstance(value, dict) and all(
            isinstance(k, str) and _DAY_KEY.fullmatch(k) and isinstance(v, (int, float))
            and not isinstance(v, bool) for k, v in value.items()),
    }[kind]
    return None if fits else _WANTED[kind]
