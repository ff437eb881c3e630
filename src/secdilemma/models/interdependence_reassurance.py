"""Reassurance through interdependence: stake and leverage as functions of dependence.

**Our formalisation** of a verbal argument (Lim; Tiong and Li 2023), built on our
formalisation of Kydd's (2000) reassurance game
(:class:`~secdilemma.models.reassurance.ReassuranceModel`).

Interdependence x ∈ [0, 1] raises both the trustworthy type's stake in honoured
cooperation and the greedy type's leverage from exploiting it, linearly:

    R_S(x) = stake_base + stake_slope · x,     T_G(x) = leverage_base + leverage_slope · x.

Derivation. In the reassurance game a separating equilibrium (only the trustworthy type
pays the gesture k̄) exists iff T_G(x) ≤ k̄ ≤ R_S(x). The separating region in k̄ is the
interval [T_G(x), R_S(x)] of width

    w(x) = (stake_base − leverage_base) + (stake_slope − leverage_slope) · x,

so dw/dx = dR_S/dx − dT_G/dx: **deeper interdependence reassures (widens the separating
region) iff dR_S/dx > dT_G/dx**, and backfires iff dR_S/dx < dT_G/dx. Separation is
possible at all (w(x) ≥ 0) iff x ≥ x_s = (leverage_base − stake_base) / (stake_slope −
leverage_slope) when the stake grows faster, iff x ≤ x_s when leverage grows faster.

Floating point: R_S(x), T_G(x), k̄ and R_G within a relative 1e-12 of each other are
taken as equal, so a tie does not depend on the units of the payoffs.

References
----------
.. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
   Organization* 54(2), 325-357.
.. [2] Lim, "The new face of an old problem: technology and the security dilemma"
   (verbal source).
.. [3] Tiong and Li (2023). The US-China security dilemma: the need for constant
   mitigation. RSIS (verbal source).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from ..errors import InvalidParameterError
from ._numbers import is_exact_model, snap_ties
from .protocol import Metric, Model, Parameter, first_where
from .reassurance import CLASS_FLAGS, ReassuranceModel

__all__ = ["InterdependenceReassuranceModel"]

_BOUNDS = {
    "interdependence": (0, 1, False, False),
    "gesture_cost": (0, None, True, False),
    "trust": (0, 1, True, True),
    "stake_base": (0, None, True, False),
    "stake_slope": (None, None, False, False),
    "leverage_base": (0, None, True, False),
    "leverage_slope": (None, None, False, False),
    "value_greedy": (None, None, False, False),
    "exploitation_loss": (0, None, True, False),
}


# Float path: R_S(x) and T_G(x) equal to each other, to k̄ or to R_G within a relative
# TIE are made equal (:func:`_snap_ties`, by models._numbers.snap_ties).


def _snap_ties(rs, tg, k, rg):
    """R_S(x), T_G(x) (floats or arrays) with their ties made exact. The reassurance
    game's equilibrium classes compare R_S, T_G, k̄ and R_G pairwise, and some classes
    exist only at a tie (R_S = T_G, k̄ = T_G, ...); computed as base + slope·x, the two
    sides of a tie exact at one payoff scale differ by rounding at another (e.g. every
    payoff multiplied by 1e-3), so the classes would depend on the units."""
    rs = snap_ties(snap_ties(rs, k), rg)
    tg = snap_ties(snap_ties(snap_ties(tg, k), rg), rs)
    return rs, tg


@dataclass(frozen=True)
class InterdependenceReassuranceModel(Model):
    """Kydd's reassurance game with R_S and T_G linear in interdependence (our
    formalisation).

    Parameters
    ----------
    interdependence : real in [0, 1]
        x.
    gesture_cost : real > 0
        k̄, the sunk cost of the reassuring gesture.
    trust : real in (0, 1)
        μ₀, the receiver's prior that the sender is trustworthy.
    stake_base, stake_slope : real
        R_S(x) = stake_base + stake_slope·x (the trustworthy type's stake; must be > 0).
    leverage_base, leverage_slope : real
        T_G(x) = leverage_base + leverage_slope·x (the greedy type's leverage; > 0).
    value_greedy : real < T_G(x)
        R_G, the greedy type's payoff from honouring.
    exploitation_loss : real > 0
        c_r, the receiver's loss when exploited.

    References
    ----------
    .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.
    .. [2] Lim, "The new face of an old problem: technology and the security dilemma".
    .. [3] Tiong and Li (2023). The US-China security dilemma. RSIS.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from secdilemma.models.interdependence_reassurance import (
    ...     InterdependenceReassuranceModel)
    >>> m = InterdependenceReassuranceModel(interdependence=F(1, 2), gesture_cost=2)
    >>> m.value_trustworthy, m.temptation_greedy
    (Fraction(3, 1), Fraction(2, 1))
    >>> m.reassures, m.separation_threshold
    (True, Fraction(0, 1))
    >>> m.to_reassurance().separating_exists
    True
    """

    interdependence: Any = Fraction(1, 2)
    gesture_cost: Any = 2
    trust: Any = Fraction(3, 10)
    stake_base: Any = 1
    stake_slope: Any = 4
    leverage_base: Any = 1
    leverage_slope: Any = 2
    value_greedy: Any = 0
    exploitation_loss: Any = 1

    name: ClassVar[str] = "interdependence_reassurance"
    summary: ClassVar[str] = ("Reassurance through interdependence (our formalisation): "
                              "R_S and T_G linear in interdependence")
    method: ClassVar[str] = "closed forms (Kydd 2000, through ReassuranceModel)"
    references: ClassVar[tuple] = (
        "Kydd, A. (2000). Trust, reassurance, and cooperation. International Organization "
        "54(2), 325-357.",
        "Tiong and Li (2023). The US-China security dilemma. RSIS.")
    PARAMETERS: ClassVar[tuple] = tuple(
        Parameter(name, desc, sym, *_BOUNDS[name], default=default)
        for name, desc, sym, default in (
            ("interdependence", "depth of economic and technological interdependence", "x",
             0.5),
            ("gesture_cost", "sunk cost of the reassuring gesture", "k", 2.0),
            ("trust", "the receiver's prior that the sender is trustworthy", "mu_0",
             0.3),
            ("stake_base", "R_S(x) = stake_base + stake_slope x: the trustworthy type's "
             "stake at x = 0", "R_S(0)", 1.0),
            ("stake_slope", "dR_S/dx", "R_S'", 4.0),
            ("leverage_base", "T_G(x) = leverage_base + leverage_slope x: the greedy type's "
             "leverage at x = 0", "T_G(0)", 1.0),
            ("leverage_slope", "dT_G/dx", "T_G'", 2.0),
            ("value_greedy", "the greedy type's payoff from honouring (< T_G(x))", "R_G", 0.0),
            ("exploitation_loss", "the receiver's loss when exploited", "c_r", 1.0)))
    METRICS: ClassVar[tuple] = (
        Metric("equilibrium_classes", "bit flags of the PBE classes (ReassuranceModel "
               "CLASS_FLAGS)", "int64", tuple(CLASS_FLAGS), tuple(CLASS_FLAGS.values())),
        Metric("separating_is_equilibrium", "whether a separating PBE exists (T_G(x) <= k <= R_S(x))",
               "bool"),
        Metric("separating_width", "R_S(x) - T_G(x): width of the separating gesture "
               "interval"),
        Metric("reassures", "whether deeper interdependence widens it (dR_S/dx > dT_G/dx)",
               "bool"),
        Metric("value_trustworthy", "R_S(x)"),
        Metric("temptation_greedy", "T_G(x)"),
        Metric("max_cooperation_probability", "highest ex-ante probability of cooperation over the "
               "classes"),
    )

    @classmethod
    def _check_joint(cls, func: str, p: dict) -> None:
        x = p["interdependence"]
        rs = p["stake_base"] + p["stake_slope"] * x
        tg = p["leverage_base"] + p["leverage_slope"] * x
        for name, arr in (("stake_base + stake_slope * interdependence", rs),
                          ("leverage_base + leverage_slope * interdependence", tg)):
            bad = np.asarray(arr <= 0)
            if np.any(bad):
                raise InvalidParameterError(
                    f"{func}(): {name} must be > 0; got {first_where(arr, bad)!r}")
        bad = np.asarray(p["value_greedy"] >= tg)
        if np.any(bad):
            raise InvalidParameterError(
                f"{func}(): value_greedy must be < leverage_base + leverage_slope * "
                f"interdependence; got {first_where(p['value_greedy'], bad)!r} >= "
                f"{first_where(tg, bad)!r}")

    @property
    def exact(self) -> bool:
        """Whether every parameter is an int or a Fraction."""
        return is_exact_model(self)

    def _num(self, v):
        return Fraction(v) if self.exact else float(v)

    def _stakes(self):
        """(R_S(x), T_G(x)); for floats with their ties made exact (:func:`_snap_ties`)."""
        x = self._num(self.interdependence)
        rs = self._num(self.stake_base) + self._num(self.stake_slope) * x
        tg = self._num(self.leverage_base) + self._num(self.leverage_slope) * x
        if self.exact:
            return rs, tg
        rs, tg = _snap_ties(rs, tg, float(self.gesture_cost), float(self.value_greedy))
        return float(rs), float(tg)

    @property
    def value_trustworthy(self):
        """R_S(x) = stake_base + stake_slope·x."""
        return self._stakes()[0]

    @property
    def temptation_greedy(self):
        """T_G(x) = leverage_base + leverage_slope·x."""
        return self._stakes()[1]

    @property
    def reassures(self) -> bool:
        """Deeper interdependence widens the separating region: dR_S/dx > dT_G/dx."""
        return bool(self.stake_slope > self.leverage_slope)

    @property
    def separation_threshold(self):
        """x_s where R_S(x) = T_G(x), clipped to [0, 1] (None when the slopes are equal):
        separation is possible for x ≥ x_s if the model reassures, x ≤ x_s otherwise."""
        ds = self._num(self.stake_slope) - self._num(self.leverage_slope)
        if ds == 0:
            return None
        xs = (self._num(self.leverage_base) - self._num(self.stake_base)) / ds
        zero = 0 * ds
        return min(max(xs, zero), zero + 1)

    def to_reassurance(self):
        """The :class:`~secdilemma.models.reassurance.ReassuranceModel` at this x.

        Examples
        --------
        >>> InterdependenceReassuranceModel(interdependence=1).to_reassurance().value_trustworthy
        Fraction(5, 1)
        """

        return ReassuranceModel(trust=self.trust, gesture_cost=self.gesture_cost,
                                value_trustworthy=self.value_trustworthy,
                                temptation_greedy=self.temptation_greedy,
                                value_greedy=self.value_greedy,
                                exploitation_loss=self.exploitation_loss)

    def to_game(self):
        """The signalling game of :meth:`to_reassurance` (a ``SignalingGame``).

        Examples
        --------
        >>> InterdependenceReassuranceModel().to_game().messages
        ('no gesture', 'gesture')
        """
        return self.to_reassurance().to_game()

    @classmethod
    def _compute(cls, p: dict, metrics: tuple, rng) -> dict:
        """Closed-form metrics on broadcast arrays, through
        :meth:`ReassuranceModel.evaluate <secdilemma.models.reassurance.ReassuranceModel.evaluate>`.

        References
        ----------
        .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
           Organization* 54(2), 325-357.

        Examples
        --------
        >>> import numpy as np
        >>> out = InterdependenceReassuranceModel.evaluate(
        ...     {"interdependence": np.array([0.0, 0.5, 1.0]), "gesture_cost": 2.5})
        >>> out["separating_is_equilibrium"].tolist(), out["separating_width"].tolist()
        ([False, True, False], [0.0, 1.0, 2.0])
        """
        c = p
        x = c["interdependence"]
        rs = c["stake_base"] + c["stake_slope"] * x
        tg = c["leverage_base"] + c["leverage_slope"] * x
        rs, tg = _snap_ties(rs, tg, c["gesture_cost"], c["value_greedy"])
        out = ReassuranceModel.evaluate(
            {"trust": c["trust"], "gesture_cost": c["gesture_cost"],
             "value_trustworthy": rs, "temptation_greedy": tg,
             "value_greedy": c["value_greedy"], "exploitation_loss": c["exploitation_loss"]},
            ("equilibrium_classes", "separating_is_equilibrium", "max_cooperation_probability"))
        return {
            "equilibrium_classes": out["equilibrium_classes"],
            "separating_is_equilibrium": out["separating_is_equilibrium"],
            "separating_width": rs - tg,
            "reassures": np.broadcast_to(c["stake_slope"] > c["leverage_slope"], x.shape),
            "value_trustworthy": rs,
            "temptation_greedy": tg,
            "max_cooperation_probability": out["max_cooperation_probability"],
        }
