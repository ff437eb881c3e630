"""Small validation helpers shared by games, solvers and models.

Every helper raises with the message pattern ``"func(): param must <rule>; got <value>"``.
"""

from __future__ import annotations

import math
import numbers
from decimal import Decimal
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from .errors import InvalidGameError, InvalidParameterError

__all__ = [
    "is_exact_scalar",
    "is_real_scalar",
    "to_fraction",
    "as_exact_array",
    "check_real_number",
    "check_probability_vector",
    "check_real_entries",
    "check_mixed_profile",
    "check_index",
    "exact_number",
    "payoff_frame",
    "check_choice",
    "readonly",
]


def readonly(array: np.ndarray) -> np.ndarray:
    """Return ``array`` with its write flag cleared (in place) and return it."""
    array.flags.writeable = False
    return array


def is_exact_scalar(value: Any) -> bool:
    """True for ints, bools and :class:`fractions.Fraction` (numpy integers included)."""
    return isinstance(value, (numbers.Integral, Fraction)) and not isinstance(value, float)


def to_fraction(value: Any) -> Fraction:
    """Convert an int, Fraction, Decimal or float to the exactly equal Fraction.

    A float becomes the rational number it stores in binary (``0.1`` is
    ``3602879701896397/36028797018963968``); pass ``Fraction(1, 10)`` for a decimal value.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, (float, np.floating)):
        return Fraction(float(value))
    if isinstance(value, numbers.Rational):
        return Fraction(value.numerator, value.denominator)
    return Fraction(value)


def as_exact_array(array: np.ndarray) -> np.ndarray:
    """An object array of Fractions equal to ``array`` entry by entry."""
    out = np.empty(np.shape(array), dtype=object)
    flat_in = np.asarray(array, dtype=object).ravel()
    flat_out = out.ravel()
    for k, v in enumerate(flat_in):
        flat_out[k] = to_fraction(v)
    return out


def check_real_number(func: str, name: str, value: Any, *, low=None, high=None,
                      low_open=False, high_open=False) -> None:
    """Check that ``value`` is a finite real number inside the given bounds."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidParameterError(f"{func}(): {name} must be a real number; got {value!r}")
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an int beyond the float range
        finite = False
    if not finite:
        raise InvalidParameterError(f"{func}(): {name} must be finite; got {value!r}")
    if low is not None and (value < low or (low_open and value == low)):
        rule = f"> {low}" if low_open else f">= {low}"
        raise InvalidParameterError(f"{func}(): {name} must be {rule}; got {value!r}")
    if high is not None and (value > high or (high_open and value == high)):
        rule = f"< {high}" if high_open else f"<= {high}"
        raise InvalidParameterError(f"{func}(): {name} must be {rule}; got {value!r}")


def is_real_scalar(value: Any) -> bool:
    """True for real numbers given as numbers: Python/numpy ints and floats, Fractions,
    Decimals. False for bools (a truth value is not a payoff or a probability), strings,
    bytes, complex numbers and anything else."""
    if isinstance(value, (bool, np.bool_, str, bytes)):
        return False
    return isinstance(value, (numbers.Real, np.integer, np.floating, Decimal))


def check_real_entries(func: str, name: str, values: Any, *,
                       error=InvalidGameError) -> np.ndarray:
    """Check that ``values`` is a rectangular array of real numbers (see
    :func:`is_real_scalar`) and return it as an object array (entries unchanged).

    One rule for every payoff, prior and probability array of the package: numbers given
    as strings (``"0.5"``) or bools are refused, never converted.
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        return values.astype(object)  # numeric arrays: nothing to check entry by entry
    try:
        arr = np.array(values, dtype=object)
    except ValueError as exc:  # ragged nested sequences
        raise error(f"{func}(): {name} must be a rectangular array; got a ragged nested "
                    f"sequence") from exc
    for v in arr.ravel():
        if isinstance(v, (list, tuple, np.ndarray)):
            raise error(f"{func}(): {name} must be a rectangular array; got a ragged "
                        f"nested sequence")
        if not is_real_scalar(v):
            raise error(f"{func}(): {name} must hold real numbers; got {v!r} (a "
                        f"{type(v).__name__}; give ints, floats, Fractions or Decimals)")
    return arr


def exact_number(func: str, name: str, value: Any) -> Fraction:
    """The finite real number ``value`` as the exactly equal Fraction.

    Accepts ints, Fractions, floats (the binary rational they store), Decimals and numpy
    numbers; refuses strings (nothing is ever parsed or evaluated), bools, NaN and
    infinities with an :class:`~secdilemma.errors.InvalidParameterError`.
    """
    if isinstance(value, (str, bytes)):
        raise InvalidParameterError(
            f"{func}(): {name} must be a number, not a string (strings are never parsed "
            f"or evaluated; convert it yourself, e.g. Fraction('3/5')); got {value!r}")
    if not is_real_scalar(value):
        raise InvalidParameterError(f"{func}(): {name} must be a real number; got {value!r}")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidParameterError(f"{func}(): {name} must be finite; got {value!r}")
        return Fraction(value)
    if not isinstance(value, (numbers.Rational, np.integer)) and not np.isfinite(float(value)):
        raise InvalidParameterError(f"{func}(): {name} must be finite; got {value!r}")
    return to_fraction(value)


def check_index(func: str, name: str, value: Any, size: int, *,
                error=InvalidParameterError) -> int:
    """Check an index in ``0 .. size - 1`` (an int, not a bool) and return it."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) \
            or not 0 <= value < size:
        raise error(f"{func}(): {name} must be an index in 0..{size - 1}; got {value!r}")
    return int(value)


def check_mixed_profile(func: str, profile: Any, num_actions: Sequence[int], *,
                        name: str = "profile", skip: int | None = None,
                        rows: Sequence[int] | None = None, tol: float = 1e-9) -> list:
    """Check a mixed profile: one probability vector per player (``rows=None``) or, for
    behaviour strategies, one ``(rows[i], num_actions[i])`` array of probability
    vectors per player. Returns the entries as object arrays (exact values kept).

    Entry ``skip`` (a player whose own strategy is not used) is not checked.
    """
    n = len(num_actions)
    if isinstance(profile, (str, bytes)) or not hasattr(profile, "__len__") \
            or len(profile) != n:
        raise InvalidParameterError(
            f"{func}(): {name} must hold one strategy per player ({n}); got {profile!r}")
    out = []
    for i in range(n):
        if i == skip:
            out.append(None)
            continue
        entry = profile[i]
        if isinstance(entry, np.ndarray) and entry.dtype.kind in "iuf":
            arr = entry  # numeric array: no entry-by-entry type check needed
        else:
            arr = check_real_entries(func, f"{name}[{i}]", entry, error=InvalidParameterError)
        shape = (num_actions[i],) if rows is None else (rows[i], num_actions[i])
        if arr.shape != shape:
            what = ("a probability vector over player {i}'s {m} actions" if rows is None
                    else "one probability vector over player {i}'s {m} actions per type "
                         "(shape {shape})")
            raise InvalidParameterError(
                f"{func}(): {name}[{i}] must be "
                f"{what.format(i=i, m=num_actions[i], shape=shape)}; got shape {arr.shape}")
        _check_rows(func, f"{name}[{i}]", arr if rows is None else arr.reshape(-1, shape[-1]),
                    tol)
        out.append(arr)
    return out


def _check_rows(func: str, name: str, arr: np.ndarray, tol: float) -> None:
    """Every row of ``arr`` (entries already known to be real numbers) is a probability
    vector: finite, non-negative, summing to 1 (exactly for exact rows)."""
    f = np.asarray(arr, dtype=float)
    f2 = f.reshape(-1, f.shape[-1])
    bad = ~np.all(np.isfinite(f2), axis=1) | np.any(f2 < 0, axis=1)
    sums = f2.sum(axis=1)
    if arr.dtype == object:
        off = []
        for k, row in enumerate(arr.reshape(-1, arr.shape[-1])):
            if all(is_exact_scalar(v) for v in row):
                if sum(to_fraction(v) for v in row) != 1:
                    off.append(k)
            elif abs(sums[k] - 1.0) > tol:
                off.append(k)
    else:
        off = list(np.flatnonzero(np.abs(sums - 1.0) > tol)) if arr.dtype.kind == "f" else \
            list(np.flatnonzero(sums != 1))
    if np.any(bad) or off:
        k = int(np.flatnonzero(bad)[0]) if np.any(bad) else int(off[0])
        row = arr.reshape(-1, arr.shape[-1])[k].tolist()
        # the first failing row gets the precise message
        check_probability_vector(func, name, row, tol=tol)
        raise InvalidParameterError(f"{func}(): {name} must be a probability vector; got "
                                    f"{row!r}")  # pragma: no cover - raised above


def check_probability_vector(func: str, name: str, values: Any, *, size: int | None = None,
                             tol: float = 1e-9, error=InvalidParameterError) -> np.ndarray:
    """Check a probability vector (real numbers, finite, non-negative, sums to 1) and
    return it as floats.

    Exact inputs (ints/Fractions) must sum to exactly 1; floats to within ``tol``.
    Strings and bools are refused (never converted).
    """
    check_real_entries(func, name, values, error=error)
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError, OverflowError) as exc:
        raise error(f"{func}(): {name} must be a vector of numbers; got {values!r}") from exc
    if arr.ndim != 1:
        raise error(f"{func}(): {name} must be one-dimensional; got shape {arr.shape}")
    if size is not None and arr.shape[0] != size:
        raise error(f"{func}(): {name} must have {size} entries; got {arr.shape[0]}")
    if not np.all(np.isfinite(arr)):
        raise error(f"{func}(): {name} must be finite; got {values!r}")
    if np.any(arr < 0):
        raise error(f"{func}(): {name} must be non-negative; got {values!r}")
    objs = list(np.asarray(values, dtype=object).ravel())
    if all(is_exact_scalar(v) for v in objs):
        total = sum(to_fraction(v) for v in objs)
        if total != 1:
            raise error(f"{func}(): {name} must sum to 1; got {total}")
    elif abs(arr.sum() - 1.0) > tol:
        raise error(f"{func}(): {name} must sum to 1; got {arr.sum():.12g}")
    return arr


def payoff_frame(values: Any) -> tuple[Fraction, Fraction]:
    """``(offset, unit)`` that map exact payoffs into [0, 1): ``offset`` is the smallest
    payoff and ``unit`` the smallest power of two above the range (max − min), so
    ``(u - offset) / unit`` lies in [0, 1) (``unit = 1`` for constant payoffs).

    A power of two keeps the map exact in floating point (integers stay integers up to
    the scaling), and tolerances stated in these units are relative to the payoff range
    within a factor of two: float checks on ``(u - offset) / unit`` do not depend on the
    payoff scale or on a shift of the payoffs.
    """
    flat = [to_fraction(v) for v in np.asarray(values, dtype=object).ravel()]
    lo, hi = min(flat), max(flat)
    if hi == lo:
        return lo, Fraction(1)
    span = hi - lo
    # exact power of two with unit / 2 <= span < unit (no float: spans up to 3.6e308)
    unit = Fraction(2) ** (span.numerator.bit_length() - span.denominator.bit_length())
    while unit <= span:
        unit *= 2
    while unit / 2 > span:
        unit /= 2
    # a float unit: ranges beyond 2**1023 (payoffs near ±1.8e308) map into [0, 4)
    return lo, min(unit, Fraction(2) ** 1023)


def check_choice(func: str, name: str, value: Any, choices) -> None:
    """Check that ``value`` is one of ``choices``."""
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise InvalidParameterError(f"{func}(): {name} must be one of {listed}; got {value!r}")


def game_error(func: str, message: str) -> InvalidGameError:
    """Build an :class:`InvalidGameError` with the standard prefix."""
    return InvalidGameError(f"{func}(): {message}")
