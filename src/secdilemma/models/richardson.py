"""Richardson's (1960) action–reaction model of an arms race.

Two states' arms levels ``x`` and ``y`` evolve as

    dx/dt = k y − a x + g,    dy/dt = l x − b y + h,

where ``k`` and ``l`` are the *reaction* (defence) coefficients, ``a`` and ``b`` the
*fatigue* (expense) coefficients, and ``g`` and ``h`` the *grievances* (standing
ambitions or hostility, positive or negative). Here the parameters are named in words:

======================  ======  ====================================================
parameter               symbol  meaning
======================  ======  ====================================================
``reaction_x``          k       how fast x arms in response to y's arms
``reaction_y``          l       how fast y arms in response to x's arms
``fatigue_x``           a       the brake that x's own arms put on x's arming
``fatigue_y``           b       the brake that y's own arms put on y's arming
``grievance_x``         g       x's arming when both are disarmed
``grievance_y``         h       y's arming when both are disarmed
======================  ======  ====================================================

This is the security dilemma as a dynamical system: each side's arming is the other's
reason to arm. The equilibrium ``x* = (b g + k h)/(a b − k l)``,
``y* = (a h + l g)/(a b − k l)`` is stable iff ``a b > k l`` (the fatigue outweighs the
mutual reaction); otherwise the race runs away (or collapses into disarmament).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from .._validation import check_real_number, is_exact_scalar, to_fraction
from ..errors import InvalidParameterError

__all__ = ["RichardsonModel"]


@dataclass(frozen=True)
class RichardsonModel:
    """Richardson's arms-race model ``dx/dt = k y − a x + g``, ``dy/dt = l x − b y + h``.

    Parameters
    ----------
    reaction_x : number >= 0
        ``k``: x's reaction to y's arms.
    reaction_y : number >= 0
        ``l``: y's reaction to x's arms.
    fatigue_x : number >= 0
        ``a``: x's fatigue (cost of its own arms).
    fatigue_y : number >= 0
        ``b``: y's fatigue.
    grievance_x : number
        ``g``: x's grievance (any sign).
    grievance_y : number
        ``h``: y's grievance (any sign).

    Ints and Fractions are kept exactly: :attr:`equilibrium` is then exact.

    Raises
    ------
    InvalidParameterError
        On a non-real or non-finite parameter, or a negative reaction or fatigue
        coefficient.

    References
    ----------
    .. [1] Richardson, L. F. (1960). *Arms and Insecurity: A Mathematical Study of the
       Causes and Origins of War*. Boxwood Press / Quadrangle Books.
    .. [2] Intriligator, M. D. (1964). Some simple models of arms races. *General
       Systems Yearbook* 9, 143–147.

    Examples
    --------
    >>> from secdilemma.models.richardson import RichardsonModel
    >>> race = RichardsonModel(reaction_x=2, reaction_y=2, fatigue_x=5, fatigue_y=3,
    ...                        grievance_x=5, grievance_y=5)
    >>> race.equilibrium
    (Fraction(25, 11), Fraction(35, 11))
    >>> race.is_stable
    True
    >>> race.exact_eigenvalues
    (-4 - sqrt(5), -4 + sqrt(5))
    >>> race.trajectory(0, 0, [0.0, 100.0]).round(6).tolist()
    [[0.0, 0.0], [2.272727, 3.181818]]
    """

    reaction_x: Any
    reaction_y: Any
    fatigue_x: Any
    fatigue_y: Any
    grievance_x: Any
    grievance_y: Any

    #: No finite game: Richardson's model is a pair of differential equations, not a
    #: game (no players' choices or payoffs), so there is nothing for a solver to check.
    to_game: ClassVar[None] = None
    no_game_reason: ClassVar[str] = ("a system of linear differential equations (action-"
                                     "reaction dynamics), not a game")

    def __post_init__(self) -> None:
        func = "RichardsonModel"
        for name in ("reaction_x", "reaction_y", "fatigue_x", "fatigue_y"):
            check_real_number(func, name, getattr(self, name), low=0)
        for name in ("grievance_x", "grievance_y"):
            check_real_number(func, name, getattr(self, name))

    # ------------------------------------------------------------------ symbols
    @property
    def is_exact(self) -> bool:
        """Whether every parameter is an int or a Fraction."""
        return all(is_exact_scalar(v) for v in self._symbols())

    def _symbols(self) -> tuple:
        return (self.reaction_x, self.reaction_y, self.fatigue_x, self.fatigue_y,
                self.grievance_x, self.grievance_y)

    @property
    def matrix(self) -> np.ndarray:
        """The system matrix ``[[-a, k], [l, -b]]`` (float)."""
        k, l, a, b, _, _ = (float(v) for v in self._symbols())
        return np.array([[-a, k], [l, -b]])

    @property
    def determinant(self):
        """``a b − k l`` (exact when the parameters are)."""
        k, l, a, b, _, _ = self._numbers()
        return a * b - k * l

    def _numbers(self) -> tuple:
        if self.is_exact:
            return tuple(to_fraction(v) for v in self._symbols())
        return tuple(float(v) for v in self._symbols())

    # ------------------------------------------------------------------ results
    @property
    def equilibrium(self) -> tuple | None:
        """The rest point ``(x*, y*)``, or None when ``a b = k l`` (no unique rest
        point). Fractions when the parameters are exact."""
        k, l, a, b, g, h = self._numbers()
        det = a * b - k * l
        if det == 0:
            return None
        return ((b * g + k * h) / det, (a * h + l * g) / det)

    @property
    def eigenvalues(self) -> np.ndarray:
        """Eigenvalues of the system matrix, increasing (always real: ``k l >= 0``)."""
        k, l, a, b, _, _ = (float(v) for v in self._symbols())
        disc = np.sqrt((a - b) ** 2 + 4 * k * l)
        return np.array([(-(a + b) - disc) / 2, (-(a + b) + disc) / 2])

    @property
    def exact_eigenvalues(self) -> tuple:
        """The eigenvalues as exact sympy expressions (sympy is imported lazily).

        A float parameter is the binary rational it stores (``0.1`` is
        ``3602879701896397/36028797018963968``): these are the eigenvalues of the model
        as given, never of a value guessed from the float. Pass Fractions for decimal
        values.
        """
        import sympy  # measured import cost: loaded on first use

        k, l, a, b, _, _ = (sympy.Rational(f.numerator, f.denominator)
                            for f in map(to_fraction, self._symbols()))
        disc = sympy.sqrt((a - b) ** 2 + 4 * k * l)
        return (sympy.simplify((-(a + b) - disc) / 2), sympy.simplify((-(a + b) + disc) / 2))

    @property
    def is_stable(self) -> bool:
        """Whether the rest point is asymptotically stable: ``a b > k l`` (and ``a + b >
        0``, implied when ``k l >= 0``)."""
        k, l, a, b, _, _ = self._numbers()
        return a * b > k * l and a + b > 0

    def velocity(self, x: Any, y: Any) -> tuple:
        """``(dx/dt, dy/dt)`` at ``(x, y)``."""
        k, l, a, b, g, h = self._numbers()
        return (k * y - a * x + g, l * x - b * y + h)

    def trajectory(self, x0: Any, y0: Any, t: Any) -> np.ndarray:
        """Arms levels at times ``t`` from ``(x0, y0)`` at time 0, in closed form.

        Uses the matrix exponential of the augmented (affine) system, so it is exact up
        to rounding and also works when ``a b = k l``.

        Parameters
        ----------
        x0, y0 : float
            Initial arms levels.
        t : float or array_like of float
            Times (any order, may be negative).

        Returns
        -------
        numpy.ndarray, shape (len(t), 2)
            ``[x(t), y(t)]`` for each time.
        """
        from scipy.linalg import expm

        check_real_number("RichardsonModel.trajectory", "x0", x0)
        check_real_number("RichardsonModel.trajectory", "y0", y0)
        times = np.atleast_1d(np.asarray(t, dtype=float))
        if times.ndim != 1 or not np.all(np.isfinite(times)):
            raise InvalidParameterError(
                f"RichardsonModel.trajectory(): t must be a finite number or 1-D array; "
                f"got {t!r}")
        M = np.zeros((3, 3))
        M[:2, :2] = self.matrix
        M[:2, 2] = [float(self.grievance_x), float(self.grievance_y)]
        z0 = np.array([float(x0), float(y0), 1.0])
        # one batched expm over all times (scipy evaluates each matrix as before, without
        # a Python call per time: same values, about 8x faster for 201 times)
        return (expm(M[None, :, :] * times[:, None, None]) @ z0)[:, :2]

    def to_dict(self) -> dict:
        """Parameters by name."""
        return {"reaction_x": self.reaction_x, "reaction_y": self.reaction_y,
                "fatigue_x": self.fatigue_x, "fatigue_y": self.fatigue_y,
                "grievance_x": self.grievance_x, "grievance_y": self.grievance_y}


