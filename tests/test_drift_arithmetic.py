"""The drift's shortcuts (whole-number percentages, weights summed as integers) give exactly
what plain fractions give."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from cfo_tools.model.records import Mission
from cfo_tools.steering.drift import MEASURED_FROM, Drift, _total_weight, percent


@given(st.fractions())
def test_percent_is_the_share_rounded_half_up(share: Fraction) -> None:
    assert percent(share) == int((share * 100 + Fraction(1, 2)) // 1)


@given(st.lists(st.decimals(allow_nan=False, allow_infinity=False, places=3,
                            min_value=Decimal(-1000), max_value=Decimal(1000))))
def test_weights_add_up_exactly(weights: list[Decimal]) -> None:
    assert _total_weight(weights) == sum((Fraction(w) for w in weights), Fraction(0))


@given(st.fractions(min_value=Fraction(1, 10**6), max_value=10**6),
       st.fractions(min_value=0, max_value=10**6),
       st.one_of(st.none(), st.fractions(min_value=-2, max_value=2)),
       st.integers(min_value=-100, max_value=200))
def test_drifting_is_decided_as_with_fractions(planned: Fraction, used: Fraction,
                                              accepted: Fraction | None, limit: int) -> None:
    drift = Drift(Mission.__new__(Mission), planned, used, accepted)
    share = used / planned
    expected = (accepted is not None and share > MEASURED_FROM
                and (share - accepted) * 100 > limit)
    assert drift.drifting(limit) == expected


@given(st.fractions(min_value=Fraction(1, 10**6), max_value=10**6),
       st.fractions(min_value=-10**6, max_value=10**6))
def test_the_share_used_is_written_as_its_fraction_rounded(planned: Fraction,
                                                          used: Fraction) -> None:
    drift = Drift(Mission.__new__(Mission), planned, used, None)
    assert drift.used_percent == percent(used / planned)
