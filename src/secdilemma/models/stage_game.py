"""Symmetric 2x2 stage games of the security dilemma (R, S, T, P).

Notation (fixed for the whole package): two states choose **C** (cooperate: do not arm,
stay open) or **D** (defect: arm, restrict). The row player's payoffs are

=====  =====  =====
\\      C      D
=====  =====  =====
C      R      S
D      T      P
=====  =====  =====

and the column player's matrix is the transpose (the game is symmetric). The classic
orderings [1]_ [2]_ name the regimes in :data:`REGIMES`.

References
----------
.. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
   30(2), 167-214.
.. [2] Rapoport, A. and Guyer, M. (1966). A taxonomy of 2x2 games. *General Systems*
   11, 203-214.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from fractions import Fraction
from types import MappingProxyType
from typing import Any, ClassVar, Mapping

import numpy as np

from .._validation import check_real_number, is_exact_scalar, to_fraction
from ..errors import InvalidParameterError

__all__ = ["REGIMES", "StageGameModel", "classify_regimes", "trust_thresholds",
           "check_parameter_arrays"]

#: Regime names, in the order in which they are tested; ``"other"`` is everything else
#: (including the boundaries between regimes, where two payoffs tie). The integer code
#: of a regime is its index in this tuple.
REGIMES = ("harmony", "stag_hunt", "prisoners_dilemma", "chicken", "deadlock", "other")

_ACTIONS = (("C", "D"), ("C", "D"))
_PLAYERS = ("state 1", "state 2")


def _regime_masks(R, S, T, P):
    """Boolean arrays (or bools), one per regime except ``"other"``, in REGIMES order."""
    return (
        (R > T) & (S > P),                       # harmony
        (R > T) & (T >= P) & (P > S),            # stag hunt / assurance
        (T > R) & (R > P) & (P > S),             # prisoner's dilemma
        (T > R) & (R > S) & (S > P),             # chicken
        (T > P) & (P > R) & (R > S),             # deadlock
    )


def classify_regimes(reward, sucker, temptation, punishment) -> np.ndarray:
    """Regime codes (indices into :data:`REGIMES`) of many stage games at once.

    Parameters
    ----------
    reward, sucker, temptation, punishment : array_like
        R, S, T and P; broadcast against each other.

    Returns
    -------
    numpy.ndarray of int8
        ``REGIMES.index(regime)`` for every game; the first matching regime in the order
        of :data:`REGIMES` wins (the five named regimes are in fact mutually exclusive).

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> from secdilemma.models.stage_game import classify_regimes, REGIMES
    >>> codes = classify_regimes([4, 3], [1, 0], [3, 5], [2, 1])
    >>> [REGIMES[c] for c in codes]
    ['stag_hunt', 'prisoners_dilemma']
    """
    R, S, T, P = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in
                                       (reward, sucker, temptation, punishment)))
    codes = np.full(R.shape, len(REGIMES) - 1, dtype=np.int8)
    # assign in reverse so that the first matching regime wins
    for code, mask in reversed(list(enumerate(_regime_masks(R, S, T, P)))):
        codes[mask] = code
    return codes


def trust_thresholds(reward, sucker, temptation, punishment) -> np.ndarray:
    """The trust threshold p* = (P - S) / ((R - T) + (P - S)) of many games at once.

    NaN where the denominator is zero (see :attr:`StageGameModel.trust_threshold`).

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> from secdilemma.models.stage_game import trust_thresholds
    >>> trust_thresholds([4, 4], [1, 1], [3, 4], [2, 1]).tolist()
    [0.5, nan]
    """
    R, S, T, P = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in
                                       (reward, sucker, temptation, punishment)))
    num = P - S
    den = (R - T) + (P - S)
    out = np.full(R.shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def check_parameter_arrays(func: str, names, arrays: dict, *, rules=None) -> dict:
    """Validate a dict of parameter arrays for a vectorised model evaluation.

    Every name in ``names`` must be present (and nothing else), every array must be
    real and finite, and ``rules[name] = (low, high, low_open, high_open)`` bounds are
    checked element-wise; the message names the first offending value. Returns float
    arrays broadcast against each other.
    """
    unknown = [k for k in arrays if k not in names]
    if unknown:
        listed = ", ".join(repr(n) for n in names)
        raise InvalidParameterError(
            f"{func}(): parameters must be among {listed}; got unknown {unknown[0]!r}")
    missing = [n for n in names if n not in arrays]
    if missing:
        raise InvalidParameterError(
            f"{func}(): {missing[0]} must be given; got no value for it")
    out = {}
    for name in names:
        try:
            arr = np.asarray(arrays[name], dtype=float)
        except (TypeError, ValueError) as exc:
            raise InvalidParameterError(
                f"{func}(): {name} must be real numbers; got {arrays[name]!r}") from exc
        bad = ~np.isfinite(arr)
        if np.any(bad):
            raise InvalidParameterError(
                f"{func}(): {name} must be finite; got {arr[bad].ravel()[0].item()!r}")
        low, high, low_open, high_open = (rules or {}).get(name, (None, None, False, False))
        if low is not None:
            bad = (arr <= low) if low_open else (arr < low)
            if np.any(bad):
                rule = f"> {low}" if low_open else f">= {low}"
                raise InvalidParameterError(
                    f"{func}(): {name} must be {rule}; got {arr[bad].ravel()[0].item()!r}")
        if high is not None:
            bad = (arr >= high) if high_open else (arr > high)
            if np.any(bad):
                rule = f"< {high}" if high_open else f"<= {high}"
                raise InvalidParameterError(
                    f"{func}(): {name} must be {rule}; got {arr[bad].ravel()[0].item()!r}")
        out[name] = arr
    try:
        broadcast = np.broadcast_arrays(*out.values())
    except ValueError as exc:
        shapes = {k: v.shape for k, v in out.items()}
        raise InvalidParameterError(
            f"{func}(): parameter arrays must broadcast together; got shapes {shapes}"
        ) from exc
    return dict(zip(out.keys(), broadcast))


def _exact_or_float(values):
    """Fractions when every value is exact, floats otherwise."""
    if all(is_exact_scalar(v) for v in values):
        return tuple(to_fraction(v) for v in values)
    return tuple(float(v) for v in values)


@dataclass(frozen=True)
class StageGameModel:
    """A symmetric 2x2 security-dilemma stage game given by its four payoffs.

    Parameters
    ----------
    reward : real
        R, the payoff of mutual cooperation (C, C).
    sucker : real
        S, the payoff of cooperating while the other defects (C, D).
    temptation : real
        T, the payoff of defecting while the other cooperates (D, C).
    punishment : real
        P, the payoff of mutual defection (D, D).

    Ints and :class:`~fractions.Fraction` stay exact: the game, the trust threshold and
    the regime are then computed in rational arithmetic.

    Attributes
    ----------
    parameters : tuple of str
        The parameter names, in order (class attribute).
    summary : str
        One-line description (class attribute, listed by ``secdilemma models``).
    parameter_bounds : dict
        ``name -> (low, high, low_open, high_open)`` domain of each bounded parameter
        (class attribute; empty here: any finite payoffs).

    Raises
    ------
    InvalidParameterError
        If a payoff is not a finite real number.

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.
    .. [2] Rapoport, A. and Guyer, M. (1966). A taxonomy of 2x2 games. *General Systems*
       11, 203-214.

    Examples
    --------
    >>> from secdilemma.models import StageGameModel
    >>> sh = StageGameModel(reward=4, sucker=1, temptation=3, punishment=2)
    >>> sh.regime
    'stag_hunt'
    >>> sh.trust_threshold
    Fraction(1, 2)
    >>> print(sh.to_game())
          C     D
    C  4, 4  1, 3
    D  3, 1  2, 2
    """

    reward: Any
    sucker: Any
    temptation: Any
    punishment: Any

    parameters: ClassVar[tuple[str, ...]] = ("reward", "sucker", "temptation", "punishment")
    summary: ClassVar[str] = "Symmetric 2x2 stage game given by its payoffs R, S, T, P."
    parameter_bounds: ClassVar[Mapping] = MappingProxyType({})

    def __post_init__(self) -> None:
        func = type(self).__name__
        for f in fields(self):
            check_real_number(func, f.name, getattr(self, f.name))

    # ------------------------------------------------------------------ payoffs
    @property
    def payoffs(self) -> tuple:
        """(R, S, T, P): Fractions when every parameter is exact, floats otherwise."""
        return _exact_or_float((self.reward, self.sucker, self.temptation, self.punishment))

    def payoff_matrices(self):
        """The row player's matrix ``[[R, S], [T, P]]`` and the column player's (its
        transpose), as nested lists."""
        R, S, T, P = self.payoffs
        return [[R, S], [T, P]], [[R, T], [S, P]]

    def to_game(self):
        """The symmetric 2x2 :class:`~secdilemma.NormalFormGame`.

        Actions are ``[["C", "D"], ["C", "D"]]`` and players ``("state 1", "state 2")``.

        Examples
        --------
        >>> from secdilemma.models import StageGameModel
        >>> StageGameModel(3, 0, 5, 1).to_game().is_exact
        True
        """
        from ..games.normal_form import NormalFormGame

        A, B = self.payoff_matrices()
        return NormalFormGame([A, B], actions=_ACTIONS, players=_PLAYERS)

    # ------------------------------------------------------------------ analysis
    @property
    def regime(self) -> str:
        """The regime name from :data:`REGIMES` (first match in that order).

        Harmony: R > T and S > P. Stag hunt: R > T >= P > S. Prisoner's dilemma:
        T > R > P > S. Chicken: T > R > S > P. Deadlock: T > P > R > S. Anything else
        (ties on a boundary, unusual orderings) is ``"other"``.
        """
        masks = _regime_masks(*self.payoffs)
        for name, mask in zip(REGIMES, masks):
            if mask:
                return name
        return REGIMES[-1]

    @property
    def trust_threshold(self):
        """p* = (P - S) / ((R - T) + (P - S)).

        In a stag hunt a state does best to cooperate iff the probability that the
        other cooperates is at least p*; p* is also the cooperation probability of
        the symmetric mixed equilibrium whenever one exists. Exact (a Fraction) when
        the payoffs are exact. When ``(R - T) + (P - S) == 0`` the threshold is
        undefined and ``nan`` is returned (a float). Outside the stag hunt the number
        is not a probability threshold (it can lie outside [0, 1]).
        """
        R, S, T, P = self.payoffs
        den = (R - T) + (P - S)
        if den == 0:
            return float("nan")
        return (P - S) / den

    @property
    def cooperation_risk_dominant(self) -> bool:
        """Whether (C, C) is risk-dominant, i.e. ``trust_threshold < 1/2`` (False when
        the threshold is undefined)."""
        p = self.trust_threshold
        return bool(p < Fraction(1, 2)) if not (isinstance(p, float) and np.isnan(p)) else False

    # ------------------------------------------------------------------ batches
    @classmethod
    def stage_payoffs_batch(cls, **arrays):
        """R, S, T, P arrays for many parameter values at once.

        Parameters
        ----------
        **arrays : array_like
            One array per name in :attr:`parameters`, broadcast together.

        Returns
        -------
        tuple of numpy.ndarray
            ``(R, S, T, P)`` as float arrays of the broadcast shape.

        Raises
        ------
        InvalidParameterError
            Unknown or missing parameter, non-finite value.

        Examples
        --------
        >>> from secdilemma.models import StageGameModel
        >>> R, S, T, P = StageGameModel.stage_payoffs_batch(
        ...     reward=[4, 3], sucker=1, temptation=[3, 5], punishment=2)
        >>> T.tolist()
        [3.0, 5.0]
        """
        a = check_parameter_arrays(f"{cls.__name__}.stage_payoffs_batch", cls.parameters,
                                   arrays, rules=cls.parameter_bounds)
        return (a["reward"].copy(), a["sucker"].copy(), a["temptation"].copy(),
                a["punishment"].copy())
