"""Exact or floating-point numbers for the models' closed forms: one rule for all.

A model computes in exact rational arithmetic when every number it is given is an int or
a :class:`~fractions.Fraction` (:func:`secdilemma._validation.is_exact_scalar`), and in
floating point otherwise.
"""

from __future__ import annotations

from dataclasses import fields
from fractions import Fraction
from typing import Any, Iterable, Mapping

import numpy as np

from .._validation import is_exact_scalar

__all__ = ["is_exact_model", "exact_or_float", "model_numbers", "held_fixed", "TIE",
           "tie_band", "snap_ties"]

#: Relative precision of the float paths' ties: two sides of a condition within ``TIE``
#: times the point's payoff scale are a tie. A tie that is exact at one payoff scale
#: stays one when every payoff is multiplied by 1e-9 or 1e12 and rounding moves the two
#: sides apart (exact numbers have no band).
TIE = 1e-12


def is_exact_model(model: Any) -> bool:
    """Whether every field of the (dataclass) ``model`` is an int or a Fraction.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from secdilemma.models.prevention import PreventionModel
    >>> is_exact_model(PreventionModel()), is_exact_model(PreventionModel(detection=0.8))
    (True, False)
    """
    return all(is_exact_scalar(getattr(model, f.name)) for f in fields(model))


def exact_or_float(*values: Any) -> tuple:
    """``values`` as Fractions when every one is exact (an int or a Fraction), else as
    floats.

    Examples
    --------
    >>> from fractions import Fraction
    >>> exact_or_float(Fraction(1, 3), 2)
    (Fraction(1, 3), Fraction(2, 1))
    >>> exact_or_float(Fraction(1, 2), 0.25)
    (0.5, 0.25)
    """
    conv = Fraction if all(is_exact_scalar(v) for v in values) else float
    return tuple(conv(v) for v in values)


def model_numbers(model: Any, names: Iterable[str] | None = None) -> tuple:
    """The fields ``names`` (default: every field, in order) of ``model`` as Fractions
    when the model is exact (:func:`is_exact_model`: all its fields, not only these),
    else as floats.

    Examples
    --------
    >>> from secdilemma.models.prevention import PreventionModel
    >>> model_numbers(PreventionModel(), ["detection", "false_alarm"])
    (Fraction(4, 5), Fraction(1, 5))
    >>> model_numbers(PreventionModel(shift_gain=1.0), ["detection"])
    (0.8,)
    """
    conv = Fraction if is_exact_model(model) else float
    names = [f.name for f in fields(model)] if names is None else names
    return tuple(conv(getattr(model, n)) for n in names)


def held_fixed(cls: Any, parameter: str, fixed: Mapping[str, Any]) -> dict:
    """For ``critical_values``: every parameter of the model class ``cls`` except
    ``parameter``, as a float, from ``fixed`` or else the parameter's default.

    Examples
    --------
    >>> from secdilemma.models.prevention import PreventionModel
    >>> f = held_fixed(PreventionModel, "detection", {"false_alarm": 0.1})
    >>> "detection" in f, f["false_alarm"], f["strike_effectiveness"]
    (False, 0.1, 1.0)
    """
    return {n: float(fixed.get(n, cls.parameter_info[n].default))
            for n in cls.parameters if n != parameter}


def tie_band(*payoffs):
    """The float tie band at each point: :data:`TIE` times the largest |payoff|
    (elementwise over arrays).

    Examples
    --------
    >>> from secdilemma.models._numbers import tie_band
    >>> float(tie_band(3.0, -5.0, 1.0))
    5e-12
    """
    return TIE * np.maximum.reduce([np.abs(np.asarray(p, dtype=float)) for p in payoffs])


def snap_ties(a, b):
    """``a`` where it differs from ``b`` by more than :data:`TIE` relative to the larger
    of the two, else ``b`` (elementwise): a computed value made exactly equal to the one
    it ties with, so that later comparisons see the tie.

    Examples
    --------
    >>> from secdilemma.models._numbers import snap_ties
    >>> float(snap_ties(0.1 + 0.2, 0.3)), float(snap_ties(0.31, 0.3))
    (0.3, 0.31)
    """
    return np.where(np.abs(a - b) <= TIE * np.maximum(np.abs(a), np.abs(b)), b, a)
