"""Small validation helpers shared by games, solvers and models.

Every helper raises with the message pattern ``"func(): param must <rule>; got <value>"``.
"""

from __future__ import annotations

import numbers
from fractions import Fraction
from typing import Any

import numpy as np

from .errors import InvalidGameError, InvalidParameterError

__all__ = [
    "is_exact_scalar",
    "to_fraction",
    "as_exact_array",
    "check_real_number",
    "check_probability_vector",
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
    if not np.isfinite(float(value)):
        raise InvalidParameterError(f"{func}(): {name} must be finite; got {value!r}")
    if low is not None and (value < low or (low_open and value == low)):
        rule = f"> {low}" if low_open else f">= {low}"
        raise InvalidParameterError(f"{func}(): {name} must be {rule}; got {value!r}")
    if high is not None and (value > high or (high_open and value == high)):
        rule = f"< {high}" if high_open else f"<= {high}"
        raise InvalidParameterError(f"{func}(): {name} must be {rule}; got {value!r}")


def check_probability_vector(func: str, name: str, values: Any, *, size: int | None = None,
                             tol: float = 1e-9, error=InvalidParameterError) -> np.ndarray:
    """Check a probability vector (finite, non-negative, sums to 1) and return it as floats.

    Exact inputs (ints/Fractions) must sum to exactly 1; floats to within ``tol``.
    """
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
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


def check_choice(func: str, name: str, value: Any, choices) -> None:
    """Check that ``value`` is one of ``choices``."""
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise InvalidParameterError(f"{func}(): {name} must be one of {listed}; got {value!r}")


def game_error(func: str, message: str) -> InvalidGameError:
    """Build an :class:`InvalidGameError` with the standard prefix."""
    return InvalidGameError(f"{func}(): {message}")
