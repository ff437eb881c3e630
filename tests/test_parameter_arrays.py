"""``check_parameter_arrays``: the same verdict and the same message, element by element,
whatever the array's length (long arrays are first judged from their minimum and maximum).

The reference below is the rule written out point by point in plain Python: the first
non-finite value fails "must be finite", then the first value below (or at, if open) the
lower bound, then the first above the upper bound.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secdilemma.errors import InvalidParameterError
from secdilemma.models.protocol import check_parameter_arrays


def reference_message(name, values, low, high, low_open, high_open):
    """The error message the rule gives for ``values``, or None if they pass."""
    for v in values:
        if not math.isfinite(v):
            return f"f(): {name} must be finite; got {v!r}"
    if low is not None:
        for v in values:
            if (v <= low) if low_open else (v < low):
                rule = f"> {low}" if low_open else f">= {low}"
                return f"f(): {name} must be {rule}; got {v!r}"
    if high is not None:
        for v in values:
            if (v >= high) if high_open else (v > high):
                rule = f"< {high}" if high_open else f"<= {high}"
                return f"f(): {name} must be {rule}; got {v!r}"
    return None


specials = st.sampled_from([0.0, -0.0, 1.0, -1.0, math.inf, -math.inf, math.nan,
                            1e-300, -1e-300, 1e300, 5e-324])
values = st.one_of(st.floats(allow_nan=True, allow_infinity=True), specials)
bounds = st.sampled_from([(None, None, False, False), (0, None, False, False),
                          (0, None, True, False), (0, 1, False, False), (0, 1, True, True),
                          (None, 1, False, True), (-1e9, 1e12, False, False)])


@settings(max_examples=300, deadline=None)
@given(st.lists(values, min_size=0, max_size=200), bounds, st.integers(0, 3))
def test_verdict_and_message_match_the_rule_point_by_point(vals, rule, repeat):
    # repeated to cross the length where the min/max judgement starts
    arr = np.array(vals * (repeat + 1), dtype=float)
    expected = reference_message("x", arr.tolist(), *rule)
    if expected is None:
        out = check_parameter_arrays("f", ("x",), {"x": arr}, rules={"x": rule})
        assert out["x"].dtype == np.float64
        np.testing.assert_array_equal(out["x"], arr)
    else:
        with pytest.raises(InvalidParameterError) as info:
            check_parameter_arrays("f", ("x",), {"x": arr}, rules={"x": rule})
        assert str(info.value) == expected


@pytest.mark.parametrize("bad, message", [
    (np.nan, "must be finite; got nan"), (np.inf, "must be finite; got inf"),
    (-np.inf, "must be finite; got -inf"), (-0.5, "must be >= 0; got -0.5"),
    (1.5, "must be <= 1; got 1.5")])
@pytest.mark.parametrize("where", [0, 500, 9999])
def test_one_bad_value_in_a_long_array_is_named(bad, message, where):
    arr = np.linspace(0.0, 1.0, 10_000)
    arr[where] = bad
    with pytest.raises(InvalidParameterError, match=message):
        check_parameter_arrays("f", ("x",), {"x": arr}, rules={"x": (0, 1, False, False)})


def test_open_bounds_refuse_the_bound_itself_in_a_long_array():
    arr = np.linspace(0.0, 1.0, 1000)
    with pytest.raises(InvalidParameterError, match=r"x must be > 0; got 0\.0"):
        check_parameter_arrays("f", ("x",), {"x": arr}, rules={"x": (0, 1, True, False)})
    with pytest.raises(InvalidParameterError, match=r"x must be < 1; got 1\.0"):
        check_parameter_arrays("f", ("x",), {"x": arr}, rules={"x": (0, 1, False, True)})
    out = check_parameter_arrays("f", ("x",), {"x": arr}, rules={"x": (0, 1, False, False)})
    np.testing.assert_array_equal(out["x"], arr)
