"""What a reproduction is: a :class:`Reproduction` (compute, check, draw) and the
:class:`Check` records its check returns.

The entry modules of :mod:`secdilemma.reproduce` build their reproductions from these;
:mod:`secdilemma.reproduce.registry` lists them and runs them.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from ..errors import InvalidParameterError

__all__ = ["Check", "Reproduction"]


@dataclass(frozen=True)
class Check:
    """One checked number: what the package computes against the published value.

    Attributes
    ----------
    name : str
        What is checked, in words.
    computed : object
        The value computed by the package's models / solvers.
    expected : object
        The value stated in the literature (or implied by a closed form).
    tol : float
        Largest accepted absolute difference (0 means exact equality).
    passed : bool

    Examples
    --------
    >>> from fractions import Fraction
    >>> Check.compare("p*", Fraction(1, 2), Fraction(1, 2)).passed
    True
    >>> Check.compare("p*", 0.7500000001, 0.75, tol=1e-12).passed
    False
    >>> Check.compare("regime", "stag_hunt", "stag_hunt").passed
    True
    """

    name: str
    computed: Any
    expected: Any
    tol: float
    passed: bool

    @classmethod
    def compare(cls, name: str, computed: Any, expected: Any, tol: float = 0.0) -> Check:
        """Build a check: numbers pass when ``|computed - expected| <= tol`` (exact
        equality when ``tol == 0``; NaN never passes); anything else passes when equal.

        Parameters
        ----------
        name : str
        computed, expected : object
        tol : float

        Returns
        -------
        Check
        """
        if tol < 0:
            raise InvalidParameterError(f"Check.compare(): tol must be >= 0; got {tol!r}")
        if _is_number(computed) and _is_number(expected):
            if tol == 0:
                passed = bool(computed == expected)
            else:
                diff = abs(computed - expected)
                passed = bool(not math.isnan(float(diff)) and diff <= tol)
        else:
            passed = bool(computed == expected)
        return cls(name=name, computed=computed, expected=expected, tol=float(tol),
                   passed=passed)


def _is_number(value: Any) -> bool:
    return isinstance(value, (numbers.Real, np.number)) and not isinstance(value, (bool, np.bool_))


@dataclass(frozen=True)
class Reproduction:
    """A named, cited reproduction: data, checked numbers and a figure.

    Attributes
    ----------
    name : str
        Registry key (``"jervis-offense-defense"``).
    title : str
        One line describing what is reproduced.
    citation : str
        BibTeX key(s) in ``docs/references.bib``, comma-separated.
    compute : callable
        ``compute() -> xarray.Dataset``.
    check : callable
        ``check(data) -> list[Check]``.
    draw : callable
        ``draw(data, ax) -> Axes``: a figure function of :mod:`secdilemma.plotting`
        (possibly with options bound by :func:`functools.partial`); never calls a
        solver.
    figsize : tuple of float
        Figure size in inches (column width by default).
    description : str
        Optional longer description.
    source : Source or None
        Where the reproduction comes from (published element, published model at our
        parameters, or derived); the registry attaches one to every entry
        (:data:`secdilemma.reproduce.sources.SOURCES`).
    caption : str
        The figure's caption: what is plotted, every mark, line style, fill and hatching,
        the parameter values and the source; the registry attaches one to every entry
        (:data:`secdilemma.reproduce.captions.CAPTIONS` and the source sentence).
    """

    name: str
    title: str
    citation: str
    compute: Callable[[], Any]
    check: Callable[[Any], list]
    draw: Callable[[Any, Any], Any]
    figsize: tuple[float, float] = (3.4, 2.8)
    description: str = ""
    source: Any = None
    caption: str = ""


