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

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from ..games.normal_form import NormalFormGame
from ._numbers import exact_or_float
from .protocol import Model, Parameter, check_parameter_arrays
from .stage_metrics import (REGIMES, STAGE_METRICS, classify_regimes, regime_masks,
                            stage_metrics, trust_threshold, trust_thresholds)

__all__ = ["REGIMES", "StageGameModel", "classify_regimes", "trust_thresholds",
           "check_parameter_arrays"]

_ACTIONS = (("C", "D"), ("C", "D"))
_PLAYERS = ("state 1", "state 2")


@dataclass(frozen=True)
class StageGameModel(Model):
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
    PARAMETERS, METRICS, name, summary, method, references
        The model protocol (:mod:`secdilemma.models.protocol`); the metrics are
        :data:`~secdilemma.models.stage_metrics.STAGE_METRICS`.

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

    name: ClassVar[str] = "stage_game"
    summary: ClassVar[str] = "Symmetric 2x2 stage game given by its payoffs R, S, T, P."
    method: ClassVar[str] = "solve_2x2_batch"
    references: ClassVar[tuple] = (
        "Jervis, R. (1978). Cooperation under the security dilemma. World Politics 30(2), "
        "167-214.",
        "Rapoport, A. and Guyer, M. (1966). A taxonomy of 2x2 games. General Systems 11, "
        "203-214.")
    PARAMETERS: ClassVar[tuple] = (
        Parameter("reward", "payoff of mutual cooperation (C, C)", "R"),
        Parameter("sucker", "payoff of cooperating while the other defects (C, D)", "S"),
        Parameter("temptation", "payoff of defecting while the other cooperates (D, C)", "T"),
        Parameter("punishment", "payoff of mutual defection (D, D)", "P"),
    )
    METRICS: ClassVar[tuple] = STAGE_METRICS

    # ------------------------------------------------------------------ payoffs
    @property
    def payoffs(self) -> tuple:
        """(R, S, T, P): Fractions when every parameter is exact, floats otherwise."""
        return exact_or_float(self.reward, self.sucker, self.temptation, self.punishment)

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
        masks = regime_masks(*self.payoffs)
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
        if (R - T) + (P - S) == 0:
            return float("nan")
        return trust_threshold(R, S, T, P)

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
        return cls._payoffs(a)

    @staticmethod
    def _payoffs(p: dict) -> tuple:
        """(R, S, T, P) arrays from validated, broadcast parameter arrays."""
        return (p["reward"].copy(), p["sucker"].copy(), p["temptation"].copy(),
                p["punishment"].copy())

    @classmethod
    def _compute(cls, p: dict, metrics: tuple, rng) -> dict:
        return stage_metrics(*cls._payoffs(p), metrics)

    @classmethod
    def critical_values(cls, parameter: str, fixed) -> tuple:
        """The regimes and the equilibria change where two payoffs tie: the values of
        the other three payoffs.

        Examples
        --------
        >>> from secdilemma.models import StageGameModel
        >>> StageGameModel.critical_values("temptation", {"reward": 4, "sucker": 1,
        ...                                               "punishment": 2})
        (1.0, 2.0, 4.0)
        """
        return tuple(sorted(float(v) for k, v in fixed.items() if k != parameter))
