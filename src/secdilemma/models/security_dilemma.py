"""Kydd's Bayesian security dilemma: uncertainty about the other state's intentions.

Each state is a **security seeker** (S: Assurance preferences) or **greedy** (G:
Prisoner's-Dilemma preferences), independently. ``trust_1`` is state 1's belief that
state 2 is a security seeker, ``trust_2`` state 2's belief about state 1. Payoffs of a
state of type t (normalised so that mutual cooperation pays 1 and mutual defection 0):

====================  =========================================
outcome (own, other)  payoff
====================  =========================================
(C, C)                1
(C, D)                ``-exploitation_loss``            (−c)
(D, C)                ``temptation_secure`` (a_S) for S, ``temptation_greedy`` (a_G) for G
(D, D)                0
====================  =========================================

with ``0 <= a_S < 1 < a_G`` and ``c > 0``. The greedy type defects whatever it believes;
a security seeker cooperates iff the other cooperates with probability at least

    π* = c / (1 − a_S + c).

Bayes–Nash equilibria: all-defect always; the *cooperative* equilibrium (S cooperates,
G defects, on both sides) iff ``trust_1 >= π*`` and ``trust_2 >= π*``; and, under the same
condition, the *tipping* equilibrium in which state i's security seeker cooperates with
probability ``π* / trust_j`` (j the other state), the unstable boundary between the two.
At ``trust = π*`` exactly the tipping and cooperative equilibria coincide (a degenerate
game).

The notation is ours; the model and the closed forms follow Kydd (2005, ch. 2) and Kydd
(1997).

References
----------
.. [1] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.
   Princeton University Press.
.. [2] Kydd, A. (1997). Game theory and the spiral model. *World Politics* 49(3),
   371-400.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from ..errors import InvalidParameterError
from ..games.bayesian import BayesianGame
from ._numbers import is_exact_model
from .protocol import Metric, Model, Parameter

__all__ = ["SecurityDilemmaModel", "cooperation_threshold", "security_dilemma_batch"]

TYPES = ("security_seeker", "greedy")
ACTIONS = ("C", "D")


def cooperation_threshold(exploitation_loss, temptation_secure):
    """π* = c / (1 − a_S + c): the least probability of cooperation by the other that
    makes a security seeker cooperate (vectorised; exact for Fractions).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> cooperation_threshold(F(1, 2), F(1, 2))
    Fraction(1, 2)
    """
    c, a = exploitation_loss, temptation_secure
    return c / (1 - a + c)


def security_dilemma_batch(trust_1, trust_2, exploitation_loss, temptation_secure,
                           temptation_greedy):
    """Payoffs and priors of many Kydd security-dilemma games at once, for
    :func:`~secdilemma.solvers.batched_bayesian.solve_bayesian_batch`.

    The layout of :meth:`SecurityDilemmaModel.to_game`: types (security seeker,
    greedy), actions (C, D); player 0's type is a security seeker with probability
    ``trust_2``, player 1's with probability ``trust_1``.

    Parameters
    ----------
    trust_1, trust_2, exploitation_loss, temptation_secure, temptation_greedy : array_like
        Broadcast together (see :class:`SecurityDilemmaModel`).

    Returns
    -------
    u0, u1 : numpy.ndarray, shape (N, 2, 2, 2, 2)
    prior : numpy.ndarray, shape (N, 2, 2)

    References
    ----------
    .. [1] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.

    Examples
    --------
    >>> from secdilemma.models.security_dilemma import security_dilemma_batch
    >>> u0, u1, prior = security_dilemma_batch([0.6, 0.3], 0.6, 0.5, 0.5, 2.0)
    >>> u0.shape, prior[1].round(2).tolist()
    ((2, 2, 2, 2, 2), [[0.18, 0.42], [0.12, 0.28]])
    """
    p1, p2, c, a_s, a_g = np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, dtype=float))
                                                for v in (trust_1, trust_2, exploitation_loss,
                                                          temptation_secure,
                                                          temptation_greedy)))
    n = p1.size
    p1, p2, c, a_s, a_g = (v.ravel() for v in (p1, p2, c, a_s, a_g))
    stage = np.empty((n, 2, 2, 2))  # [game, own type, own action, other action]
    stage[:, :, 0, 0] = 1.0
    stage[:, :, 0, 1] = -c[:, None]
    stage[:, 0, 1, 0] = a_s
    stage[:, 1, 1, 0] = a_g
    stage[:, :, 1, 1] = 0.0
    u0 = np.broadcast_to(stage[:, :, None, :, :], (n, 2, 2, 2, 2)).copy()
    u1 = u0.transpose(0, 2, 1, 4, 3).copy()
    m0 = np.stack([p2, 1.0 - p2], axis=-1)  # player 0's type distribution
    m1 = np.stack([p1, 1.0 - p1], axis=-1)
    prior = m0[:, :, None] * m1[:, None, :]
    return u0, u1, prior


@dataclass(frozen=True)
class SecurityDilemmaModel(Model):
    """Kydd's security dilemma with two-sided uncertainty about intentions.

    Parameters
    ----------
    trust_1 : float in [0, 1]
        State 1's belief that state 2 is a security seeker (p₁).
    trust_2 : float in [0, 1]
        State 2's belief that state 1 is a security seeker (p₂).
    exploitation_loss : float > 0
        Cost of cooperating while the other defects (c; the payoff is −c).
    temptation_secure : float in [0, 1)
        A security seeker's payoff from defecting on a cooperator (a_S).
    temptation_greedy : float > 1
        A greedy state's payoff from defecting on a cooperator (a_G).

    References
    ----------
    .. [1] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from secdilemma.models import SecurityDilemmaModel
    >>> model = SecurityDilemmaModel(trust_1=F(3, 5), trust_2=F(3, 5),
    ...                              exploitation_loss=F(1, 2), temptation_secure=F(1, 2))
    >>> model.trust_threshold
    Fraction(1, 2)
    >>> model.cooperative_equilibrium_exists
    True
    >>> model.tipping_probabilities
    (Fraction(5, 6), Fraction(5, 6))
    >>> model.probability_mutual_cooperation
    Fraction(9, 25)
    """

    trust_1: Any
    trust_2: Any
    exploitation_loss: Any = 1
    temptation_secure: Any = Fraction(1, 2)
    temptation_greedy: Any = 2

    name: ClassVar[str] = "security_dilemma"
    summary: ClassVar[str] = ("Kydd (2005): security seekers and greedy states with uncertain "
                              "intentions; cooperative, all-defect and tipping BNE")
    method: ClassVar[str] = "closed forms (Kydd 2005, ch. 2)"
    references: ClassVar[tuple] = (
        "Kydd, A. H. (2005). Trust and Mistrust in International Relations, ch. 2. "
        "Princeton University Press.",)
    PARAMETERS: ClassVar[tuple] = (
        Parameter("trust_1", "state 1's belief that state 2 is a security seeker", "p_1",
                  low=0, high=1),
        Parameter("trust_2", "state 2's belief that state 1 is a security seeker", "p_2",
                  low=0, high=1),
        Parameter("exploitation_loss", "loss from cooperating while the other defects", "c",
                  low=0, low_open=True, default=1.0),
        Parameter("temptation_secure", "a security seeker's payoff from defecting on a "
                  "cooperator", "a_S", low=0, high=1, high_open=True, default=0.5),
        Parameter("temptation_greedy", "a greedy state's payoff from defecting on a "
                  "cooperator", "a_G", low=1, low_open=True, default=2.0),
    )
    METRICS: ClassVar[tuple] = (
        Metric("trust_threshold", "cooperation threshold pi* = c / (1 - a_S + c)"),
        Metric("cooperation_is_equilibrium",
               "whether the cooperative BNE (security seekers C, greedy D) exists", "bool"),
        Metric("num_equilibria", "number of extreme Bayes-Nash equilibria", "int64"),
        Metric("max_cooperation_probability", "Pr(C, C) in the most cooperative equilibrium"),
        Metric("min_cooperation_probability", "Pr(C, C) in the least cooperative equilibrium"),
        Metric("equilibrium_is_unique", "whether the Bayes-Nash equilibrium is unique",
               "bool"),
    )

    # ------------------------------------------------------------------ closed forms
    @property
    def exact(self) -> bool:
        return is_exact_model(self)

    @property
    def trust_threshold(self):
        """π* = c / (1 − a_S + c)."""
        return cooperation_threshold(self.exploitation_loss, self.temptation_secure)

    @property
    def cooperative_equilibrium_exists(self) -> bool:
        """Whether (S → C, G → D on both sides) is a Bayes–Nash equilibrium."""
        return bool(self.trust_1 >= self.trust_threshold and self.trust_2 >= self.trust_threshold)

    @property
    def tipping_probabilities(self):
        """(σ₁, σ₂): the cooperation probabilities of the security seekers in the tipping
        equilibrium, σᵢ = π* / trust_j; None when it does not exist."""
        if not self.cooperative_equilibrium_exists:
            return None
        if self.trust_1 == 0 or self.trust_2 == 0:
            return None
        return (self.trust_threshold / self.trust_2, self.trust_threshold / self.trust_1)

    @property
    def probability_mutual_cooperation(self):
        """Pr(C, C) in the cooperative equilibrium (both security seekers): p₁p₂; 0 when
        only all-defect exists."""
        if not self.cooperative_equilibrium_exists:
            return 0
        return self.trust_1 * self.trust_2

    def closed_form_equilibria(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """The extreme Bayes–Nash equilibria from the closed forms, each a pair of
        behaviour strategies (rows: security seeker, greedy; columns: C, D).

        Order: cooperative (if it exists), all-defect, tipping (if distinct from the
        cooperative one).
        """
        one, zero = (Fraction(1), Fraction(0)) if self.exact else (1.0, 0.0)
        dtype = object if self.exact else float

        def behaviour(p_secure):
            return np.array([[p_secure, one - p_secure], [zero, one]], dtype=dtype)

        out = []
        if self.cooperative_equilibrium_exists:
            out.append((behaviour(one), behaviour(one)))
        out.append((behaviour(zero), behaviour(zero)))
        tipping = self.tipping_probabilities
        if tipping is not None and not (tipping[0] == 1 and tipping[1] == 1):
            out.append((behaviour(tipping[0]), behaviour(tipping[1])))
        return out

    # ------------------------------------------------------------------ the game
    def stage_payoffs(self, type_name: str) -> list[list[Any]]:
        """Row payoffs [[CC, CD], [DC, DD]] of a type (``"security_seeker"`` or
        ``"greedy"``)."""
        if type_name not in TYPES:
            raise InvalidParameterError(
                f"SecurityDilemmaModel.stage_payoffs(): type_name must be one of {TYPES}; "
                f"got {type_name!r}")
        temptation = self.temptation_secure if type_name == "security_seeker" \
            else self.temptation_greedy
        return [[1, -self.exploitation_loss], [temptation, 0]]

    def to_game(self):
        """The Bayesian game (types security seeker / greedy, actions C / D).

        Player 0 is state 1, whose type state 2 believes to be a security seeker with
        probability ``trust_2``; and vice versa.
        """
        dtype = object if self.exact else float
        row = np.empty((2, 2, 2, 2), dtype=dtype)
        for t, name in enumerate(TYPES):
            row[t, :] = np.array(self.stage_payoffs(name), dtype=dtype)
        col = row.transpose(1, 0, 3, 2)
        one = Fraction(1) if self.exact else 1.0
        return BayesianGame(
            [row, col],
            marginals=[[self.trust_2, one - self.trust_2], [self.trust_1, one - self.trust_1]],
            types=[list(TYPES), list(TYPES)], actions=[list(ACTIONS), list(ACTIONS)],
            players=["state 1", "state 2"])

    # ------------------------------------------------------------------ sweeps
    @classmethod
    def _compute(cls, p: dict, metrics: tuple, rng) -> dict:
        """Closed-form outcome metrics: ``trust_threshold`` (π*), ``cooperation_is_equilibrium``
        (the cooperative BNE exists), ``num_equilibria`` (extreme equilibria: 3 above
        the threshold, 2 on it, 1 below), ``max_cooperation_probability`` and
        ``min_cooperation_probability`` (Pr(C, C) in the best and worst equilibrium) and
        ``equilibrium_is_unique``. ``temptation_greedy`` does not enter (the greedy
        type defects whenever a_G > 1).

        Examples
        --------
        >>> import numpy as np
        >>> out = SecurityDilemmaModel.evaluate({"trust_1": np.array([0.4, 0.5, 0.6]),
        ...     "trust_2": 0.6, "exploitation_loss": 0.5, "temptation_secure": 0.5})
        >>> out["num_equilibria"].tolist()
        [1, 2, 3]
        >>> out["max_cooperation_probability"].round(2).tolist()
        [0.0, 0.3, 0.36]
        """
        p1, p2 = p["trust_1"], p["trust_2"]
        threshold = cooperation_threshold(p["exploitation_loss"], p["temptation_secure"])
        coop = (p1 >= threshold) & (p2 >= threshold)
        on_edge = coop & ((p1 == threshold) | (p2 == threshold))
        num = np.where(coop, np.where(on_edge, 2, 3), 1)
        best = np.where(coop, p1 * p2, 0.0)
        return {
            "trust_threshold": threshold,
            "cooperation_is_equilibrium": coop,
            "num_equilibria": num.astype(np.int64),
            "max_cooperation_probability": best,
            "min_cooperation_probability": np.zeros_like(best),
            "equilibrium_is_unique": ~coop,
        }

    @classmethod
    def critical_values(cls, parameter: str, fixed) -> tuple:
        """Where the cooperative equilibrium appears: the least trust equals
        π* = c / (1 − a_S + c), solved for ``parameter``.

        Examples
        --------
        >>> SecurityDilemmaModel.critical_values("trust_1", {"trust_2": 0.9,
        ...     "exploitation_loss": 0.5, "temptation_secure": 0.5, "temptation_greedy": 2})
        (0.5,)
        """
        f = {k: float(v) for k, v in fixed.items()}
        c, a = f.get("exploitation_loss"), f.get("temptation_secure")
        out: list = []
        with np.errstate(divide="ignore", invalid="ignore"):
            if parameter in ("trust_1", "trust_2"):
                out = [cooperation_threshold(c, a)]
            elif parameter in ("exploitation_loss", "temptation_secure"):
                p = min(f["trust_1"], f["trust_2"])
                if parameter == "exploitation_loss" and p < 1:
                    out = [p * (1.0 - a) / (1.0 - p)]  # pi*(c) = p
                elif parameter == "temptation_secure" and p > 0:
                    out = [1.0 + c - c / p]  # pi*(a_S) = p
        return tuple(sorted(float(v) for v in out if np.isfinite(v)))
