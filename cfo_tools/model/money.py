"""Money, computed in one place: rates, working days, line amounts and totals, all exact.

Amounts are :class:`decimal.Decimal` from the YAML number to the printed document, never
floats. The rounding rule, stated once: each line (an assignment, an estimate) is rounded to
the cent, half up (0.005 -> 0.01); a total is the sum of its rounded lines, so a document's
total always equals the sum of the lines it shows.

Every function here accepts any Decimal, however large, small or odd (NaN, infinity), and
never raises: arithmetic runs in a private context with no traps and a precision far beyond
any real amount (the schemas bound rates and budgets anyway). Working days come from a
working calendar passed in (anything with ``working_days(start, end)``), so the model does not
depend on planning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_UP, Context, Decimal
from typing import Protocol

from cfo_tools.model.invoices import InvoiceLine
from cfo_tools.model.records import Assignment, Freelancer, Mission

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
#: Significant digits kept in money arithmetic: every amount below 10**19,990 is exact to
#: the cent, and an absurd one costs bounded memory instead of raising.
PRECISION = 20_000
#: No traps: overflow gives infinity, an invalid operation gives NaN, nothing raises.
_CONTEXT = Context(prec=PRECISION, rounding=ROUND_HALF_UP, Emax=MAX_EMAX, Emin=MIN_EMIN,
                   traps=[], flags=[])


class WorkingDays(Protocol):
    """What money needs from a working calendar."""

    def working_days(self, start: date, end: date) -> int: ...


def exact_decimal(value: object) -> Decimal:
    """The decimal number a YAML number stands for: an int exactly, a float by its shortest
    text (``512.1`` is 512.1, not the binary 512.1000000000000227…)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    raise TypeError(f"{type(value).__name__} is not a number")


def round_to_cent(amount: Decimal) -> Decimal:
    """``amount`` to the cent, half up, written with two decimals. An amount too large to
    write to the cent within :data:`PRECISION` digits, NaN or infinity is returned as is."""
    if not amount.is_finite():
        return _CONTEXT.plus(amount)  # a signalling NaN becomes a quiet one
    if amount.adjusted() + 3 > PRECISION:
        return amount
    return amount.quantize(CENT, context=_CONTEXT)


def line_amount(working_days: int, allocation: int, rate: Decimal) -> Decimal:
    """Working days x allocation (percent) x daily rate, rounded to the cent."""
    exact = _CONTEXT.multiply(rate, Decimal(working_days * allocation))
    return round_to_cent(exact.scaleb(-2, _CONTEXT))


def days_amount(days: Decimal, rate: Decimal) -> Decimal:
    """Days worked (a half day is 0.5) x daily rate, rounded to the cent: one line of an
    activity report or an invoice."""
    return round_to_cent(_CONTEXT.multiply(days, rate))


def total(lines: Iterable[Decimal]) -> Decimal:
    """The sum of amounts already rounded to the cent (so it is exact to the cent too)."""
    result = ZERO
    for amount in lines:
        result = _CONTEXT.add(result, amount)
    return result


def assignment_rate(assignment: Assignment, freelancer: Freelancer | None) -> Decimal | None:
    """The assignment's own daily rate, else the freelancer's (None when neither is known)."""
    if assignment.daily_rate is not None:
        return assignment.daily_rate
    return freelancer.daily_rate if freelancer is not None else None


def assignment_days(assignment: Assignment, calendar: WorkingDays) -> int:
    """Working days from the assignment's start to its end, both included."""
    return calendar.working_days(assignment.start, assignment.end)


def assignment_amount(assignment: Assignment, freelancer: Freelancer,
                      calendar: WorkingDays) -> Decimal:
    """One line of a contract: the assignment's working days x allocation x rate."""
    rate = assignment_rate(assignment, freelancer)
    assert rate is not None  # a known freelancer always has a rate
    return line_amount(assignment_days(assignment, calendar), assignment.allocation, rate)


def planned_days(assignment: Assignment, calendar: WorkingDays) -> Decimal:
    """Days of work the assignment plans: its working days x allocation (30 working days at
    50 % plan 15 days), exact."""
    days = Decimal(assignment_days(assignment, calendar) * assignment.allocation)
    return days.scaleb(-2, _CONTEXT).normalize(_CONTEXT)


def days_worth(amount: Decimal, rate: Decimal) -> Decimal:
    """How many days at ``rate`` an amount pays for, to the hundredth (half up)."""
    if not rate.is_finite() or rate.is_zero():
        return Decimal("NaN")
    return round_to_cent(_CONTEXT.divide(amount, rate))


def days_text(days: Decimal) -> str:
    """Days written plainly: ``15``, ``7.5``, ``9.83``; never an exponent."""
    if not days.is_finite():
        return "?"
    return format(days.normalize(_CONTEXT), "f")


def order_amount(assignment: Assignment, freelancer: Freelancer,
                 calendar: WorkingDays) -> Decimal:
    """What the assignment's purchase order is for: its own amount when it states one, else
    the assignment's planned amount."""
    if assignment.order is not None and assignment.order.amount is not None:
        return assignment.order.amount
    return assignment_amount(assignment, freelancer, calendar)


def contract_amount(freelancer: Freelancer, mission: Mission, calendar: WorkingDays) -> Decimal:
    """The whole contract of ``freelancer`` on ``mission``: the sum of their rounded lines."""
    return total(assignment_amount(a, freelancer, calendar)
                 for a in mission.assignments_of(freelancer.id))


def committed_cost(mission: Mission, freelancers: Mapping[str, Freelancer],
                   calendar: WorkingDays) -> Decimal:
    """What the mission's assignments commit: the sum of every rounded line. An assignment
    of a freelancer with no roster file and no rate of its own has no amount and is left out
    (the ``unknown-freelancer`` rule reports it)."""
    return total(line for line in assignment_lines(mission, freelancers, calendar)
                 if line is not None)


def assignment_lines(mission: Mission, freelancers: Mapping[str, Freelancer],
                     calendar: WorkingDays) -> list[Decimal | None]:
    """Each assignment's rounded line (working days x allocation x rate), in file order;
    None for one without a rate (its freelancer has no roster file, nor it a rate)."""
    lines: list[Decimal | None] = []
    for a in mission.assignments:
        rate = assignment_rate(a, freelancers.get(a.freelancer))
        lines.append(None if rate is None
                     else line_amount(assignment_days(a, calendar), a.allocation, rate))
    return lines


def at_least(amount: Decimal, threshold: Decimal) -> bool:
    """``amount >= threshold`` for any amount; an amount that is not a number counts as
    reaching every threshold, so that no legal duty is ever skipped because of it."""
    return amount.is_nan() or _CONTEXT.compare(amount, threshold) >= 0


def above(amount: Decimal, limit: Decimal) -> bool:
    """``amount > limit`` for any amount; an amount that is not a number is above any limit."""
    return amount.is_nan() or _CONTEXT.compare(amount, limit) > 0


def cut_deeper_than(old: Decimal, new: Decimal, share: Decimal) -> bool:
    """Whether going from ``old`` to ``new`` cuts by more than ``share`` (0.5 = half); never
    for amounts that are not numbers."""
    if old.is_nan() or new.is_nan():
        return False
    floor = _CONTEXT.multiply(old, _CONTEXT.subtract(Decimal(1), share))
    return not floor.is_nan() and _CONTEXT.compare(new, floor) < 0


def sort_key(amount: Decimal) -> tuple[bool, Decimal]:
    """Orders amounts ascending, NaN last, without ever comparing a NaN."""
    return (amount.is_nan(), ZERO if amount.is_nan() else amount)


def display_context(amount: Decimal) -> Context:
    """A context in which a formatter (Babel rounds in the current context) writes ``amount``
    to the cent, half up, without raising: enough digits for its whole part."""
    digits = amount.adjusted() + 10 if amount.is_finite() else 0
    return Context(prec=max(28, digits), rounding=ROUND_HALF_UP, Emax=MAX_EMAX,
                   Emin=MIN_EMIN, traps=[], flags=[])


def too_long_to_write(amount: Decimal) -> bool:
    """An amount whose digits, written out, would cost more memory than they are worth."""
    return amount.is_finite() and abs(amount.adjusted()) > PRECISION


def money_text(amount: Decimal) -> str:
    """An amount as exact plain text for machine output, with at least two decimals and no
    exponent: ``"2367.76"``, ``"550.00"``, a rate of ``"512.505"`` kept as it is (never
    rounded); ``"NaN"``, ``"Infinity"`` or ``"-Infinity"`` for those. Beyond
    :data:`PRECISION` digits, the short scientific form."""
    if not amount.is_finite():
        return "NaN" if amount.is_nan() else ("-Infinity" if amount.is_signed() else "Infinity")
    if too_long_to_write(amount):
        return str(amount)
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    if exponent > -2:
        amount = amount.quantize(CENT, context=_CONTEXT)  # adds zeros only
    return format(amount, "f")


def vat_amount(amount: Decimal, rate_percent: Decimal) -> Decimal:
    """The VAT on ``amount`` at ``rate_percent`` (20 for 20 %), rounded to the cent: the
    VAT of an invoice is computed once on its total excl. VAT (EN 16931, BT-117)."""
    return round_to_cent(_CONTEXT.multiply(amount, rate_percent).scaleb(-2, _CONTEXT))


def with_vat(amount: Decimal, rate_percent: Decimal) -> Decimal:
    """``amount`` plus its VAT at ``rate_percent``."""
    return _CONTEXT.add(amount, vat_amount(amount, rate_percent))


def plus(*amounts: Decimal) -> Decimal:
    """The sum of amounts, exactly (no rounding: each is already what it is)."""
    result = ZERO
    for amount in amounts:
        result = _CONTEXT.add(result, amount)
    return result


def minus(amount: Decimal, other: Decimal) -> Decimal:
    """``amount - other``, exactly."""
    return _CONTEXT.subtract(amount, other)


def same_amount(amount: Decimal, other: Decimal) -> bool:
    """Whether two amounts are equal to the cent and beyond; a NaN equals nothing."""
    if amount.is_nan() or other.is_nan():
        return False
    return _CONTEXT.compare(amount, other) == 0


def finer_than_cents(amount: Decimal) -> bool:
    """An amount written with more than two decimals (``12.345``; ``12.340`` is fine)."""
    if not amount.is_finite():
        return True
    return not same_amount(round_to_cent(amount), amount)


def lines_amount(lines: Iterable[InvoiceLine]) -> Decimal:
    """An invoice's amount excl. VAT from its lines: each line to the cent, then summed."""
    return total(days_amount(line.days, line.daily_rate) for line in lines)


def implied_vat_rate(amount: Decimal, vat: Decimal, rates: Iterable[Decimal]
                     ) -> Decimal | None:
    """The first of ``rates`` (percent) whose VAT on ``amount`` is exactly ``vat``, for an
    invoice that gives its VAT total without its rate; None when none fits."""
    return next((rate for rate in rates if same_amount(vat_amount(amount, rate), vat)), None)


def share_percent(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole``, to one decimal, half up (0 of nothing)."""
    if whole.is_nan() or part.is_nan() or whole.is_zero():
        return Decimal("0.0")
    exact = _CONTEXT.divide(_CONTEXT.multiply(part, Decimal(100)), whole)
    if not exact.is_finite():
        return exact
    return exact.quantize(Decimal("0.1"), context=_CONTEXT)
