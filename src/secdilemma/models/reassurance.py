"""Reassurance by costly signals (Kydd 2000): a signalling game of trust.

**Our formalisation** of the argument of Kydd (2000), "Trust, Reassurance, and
Cooperation": reassurance is possible because trustworthy states are more willing than
untrustworthy ones to take risks (pay costs) to attain mutual cooperation. The notation
and the game are ours; the verbal source is Kydd (2000).

The sender is trustworthy (type S, prior ``trust`` = μ₀) or greedy (G). It chooses
a gesture g ∈ {0, k̄} (a sunk cost ``gesture_cost`` = k̄: a unilateral concession, a force
cut, verification access). The receiver, a known security seeker, cooperates or not. If
it cooperated, the sender honours (payoff R_t) or exploits (T_t); S honours
(``value_trustworthy`` R_S > 0 = T_S), G exploits (``temptation_greedy`` T_G >
``value_greedy`` R_G). The receiver gets 1 if cooperation is honoured, −c_r
(``exploitation_loss``) if exploited, 0 if it does not cooperate, so it cooperates iff its
posterior μ ≥ π_r* = c_r / (1 + c_r). Without cooperation everyone gets 0.

Perfect Bayesian equilibria (closed forms, checked against
:func:`~secdilemma.solvers.pbe.solve_pbe` in the tests), with class codes (bit flags):

====  =============================  ==================================================
flag  class                          exists iff
====  =============================  ==================================================
1     separating                     T_G ≤ k̄ ≤ R_S (S gestures, G does not)
2     pooling on the gesture         μ₀ ≥ π*, k̄ ≤ min(R_S, T_G) (receiver cooperates)
4     pooling on no gesture, trust   μ₀ ≥ π*
8     pooling on no gesture, no      μ₀ ≤ π*; supported by off-path μ(k̄) ≤ π*
      trust
16    semi-separating (G mixes)      T_G ≤ R_S and either μ₀ < π*, k̄ ≤ T_G (G gestures
                                     with probability β = μ₀(1 − π*) / ((1 − μ₀) π*),
                                     the receiver cooperates after the gesture with
                                     probability k̄/T_G) or μ₀ > π*, k̄ = T_G (G is
                                     indifferent and gestures with any β ∈ (0, 1); the
                                     receiver cooperates after the gesture)
32    semi-separating (S mixes)      T_G ≤ R_S and either μ₀ > π*, k̄ ≤ R_S (S skips the
                                     gesture so that μ(0) = π*, the receiver cooperates
                                     after no gesture with probability 1 − k̄/R_S) or
                                     μ₀ < π*, k̄ = R_S (S is indifferent and gestures
                                     with any probability in (0, 1); G does not)
64    semi-separating (both mix)     R_S = T_G, k̄ ≤ T_G: the types value trust alike, so
                                     both can mix in any proportions that keep the
                                     receiver's posteriors consistent with her replies
====  =============================  ==================================================

The two boundary cases are continua joining separation to a pooling equilibrium
(:func:`~secdilemma.solvers.pbe.solve_pbe` lists their end points as extreme equilibria of
one component): at k̄ = R_S the trustworthy type only breaks even on the gesture, at
k̄ = T_G the greedy type only breaks even on mimicking it. Both messages are on the path,
so these equilibria survive the Intuitive Criterion and D1 (as do those of class 64).
At μ₀ = π* exactly the receiver is indifferent on the path, and further equilibria in
which she mixes after the pooled message fall outside these classes: solve the game with
:func:`~secdilemma.solvers.pbe.solve_pbe` there.

Refinements: pooling on no gesture without trust fails the Intuitive Criterion iff
T_G < k̄ < R_S (S alone would gain from the gesture; at k̄ = R_S it only breaks even),
and fails D1 iff T_G < R_S and k̄ < R_S; pooling on the gesture fails D1 iff R_S < T_G.
Every other class survives both.

When no separating equilibrium exists, :attr:`ReassuranceModel.no_separation_reason`
names the failing single-crossing condition. If the types differ only in their
temptation (R_G = R_S), the greedy type can mimic the whole trustworthy path and no
sunk-cost signal separates.

References
----------
.. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
   Organization* 54(2), 325-357.
.. [2] Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria.
   *Quarterly Journal of Economics* 102(2), 179-221.
.. [3] Banks, J. S. and Sobel, J. (1987). Equilibrium selection in signaling games.
   *Econometrica* 55(3), 647-661.
.. [4] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 8. MIT Press.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from .._validation import check_real_number, is_exact_scalar
from ..errors import InvalidParameterError
from ..games.signaling import SignalingGame
from ._numbers import is_exact_model
from .protocol import Metric, Model, Parameter, first_where

__all__ = ["ReassuranceModel", "CLASS_FLAGS", "NO_SEPARATION_REASONS",
           "ContinuousReassuranceModel", "GradualTrustPath", "gradual_trust_path"]

TYPES = ("trustworthy", "greedy")
MESSAGES = ("no gesture", "gesture")
ACTIONS = ("cooperate", "not cooperate")

#: Equilibrium classes and their bit flags (CF ``flag_masks`` / ``flag_meanings``).
CLASS_FLAGS = {
    "separating": 1,
    "pooling_on_gesture": 2,
    "pooling_no_gesture_trust": 4,
    "pooling_no_gesture_distrust": 8,
    "semi_separating_greedy_mixes": 16,
    "semi_separating_trustworthy_mixes": 32,
    "semi_separating_both_mix": 64,
}

#: Codes of :attr:`ReassuranceModel.no_separation_reason` (0: a separating PBE exists).
NO_SEPARATION_REASONS = {
    0: "separation_possible",
    1: "gesture_too_cheap",
    2: "gesture_too_expensive",
    3: "single_crossing_fails",
    4: "types_differ_only_in_temptation",
}


def _threshold(exploitation_loss):
    """π_r* = c_r / (1 + c_r), the receiver's cooperation threshold (vectorised; exact
    for ints and Fractions)."""
    if is_exact_scalar(exploitation_loss):
        exploitation_loss = Fraction(exploitation_loss)
    return exploitation_loss / (1 + exploitation_loss)


@dataclass(frozen=True)
class ReassuranceModel(Model):
    """Kydd's (2000) reassurance game with a discrete costly gesture (our formalisation).

    Parameters
    ----------
    trust : real in (0, 1)
        μ₀, the receiver's prior that the sender is trustworthy.
    gesture_cost : real > 0
        k̄, the sunk cost of the gesture (the same for both types).
    value_trustworthy : real > 0
        R_S, the trustworthy type's payoff from honoured cooperation.
    temptation_greedy : real > 0
        T_G, the greedy type's payoff from exploiting cooperation (its gain from trust).
    value_greedy : real < temptation_greedy
        R_G, the greedy type's payoff from honouring (it exploits since T_G > R_G).
    exploitation_loss : real > 0
        c_r, the receiver's loss when exploited.

    References
    ----------
    .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.
    .. [2] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 8. MIT Press.

    Examples
    --------
    R_S = 3, T_G = 2, R_G = 1, c_r = 1, μ₀ = 0.3 — separating iff
    k̄ ∈ [2, 3].

    >>> from fractions import Fraction as F
    >>> from secdilemma.models.reassurance import ReassuranceModel
    >>> m = ReassuranceModel(trust=F(3, 10), gesture_cost=F(5, 2))
    >>> m.trust_threshold, m.separating_exists
    (Fraction(1, 2), True)
    >>> m.equilibrium_classes
    ('separating', 'pooling_no_gesture_distrust')
    >>> m.intuitive_classes
    ('separating',)
    >>> print(ReassuranceModel(trust=F(3, 10), gesture_cost=1).no_separation_reason)
    ... # doctest: +ELLIPSIS
    the gesture is too cheap: the greedy type's gain from trust T_G = 2 exceeds ...
    """

    trust: Any = Fraction(3, 10)
    gesture_cost: Any = Fraction(5, 2)
    value_trustworthy: Any = 3
    temptation_greedy: Any = 2
    value_greedy: Any = 1
    exploitation_loss: Any = 1

    name: ClassVar[str] = "reassurance"
    summary: ClassVar[str] = ("Kydd (2000): reassurance by a costly gesture; separating, "
                              "pooling and semi-separating PBE, Intuitive Criterion and D1")
    method: ClassVar[str] = "closed forms (Kydd 2000; Fudenberg and Tirole 1991, ch. 8)"
    references: ClassVar[tuple] = (
        "Kydd, A. (2000). Trust, reassurance, and cooperation. International Organization "
        "54(2), 325-357.",)
    PARAMETERS: ClassVar[tuple] = (
        Parameter("trust", "the receiver's prior that the sender is trustworthy",
                  "mu_0", low=0, high=1, low_open=True, high_open=True, default=0.3),
        Parameter("gesture_cost", "sunk cost of the gesture (the same for both types)", "k",
                  low=0, low_open=True, default=2.5),
        Parameter("value_trustworthy", "the trustworthy type's payoff from honoured "
                  "cooperation", "R_S", low=0, low_open=True, default=3.0),
        Parameter("temptation_greedy", "the greedy type's payoff from exploiting "
                  "cooperation", "T_G", low=0, low_open=True, default=2.0),
        Parameter("value_greedy", "the greedy type's payoff from honouring (< T_G)", "R_G",
                  default=1.0),
        Parameter("exploitation_loss", "the receiver's loss when exploited", "c_r", low=0,
                  low_open=True, default=1.0),
    )
    METRICS: ClassVar[tuple] = (
        Metric("equilibrium_classes", "bit flags of the PBE classes that exist (CLASS_FLAGS)",
               "int64", tuple(CLASS_FLAGS), tuple(CLASS_FLAGS.values())),
        Metric("intuitive_classes", "bit flags of the classes surviving the Intuitive "
               "Criterion", "int64", tuple(CLASS_FLAGS), tuple(CLASS_FLAGS.values())),
        Metric("d1_classes", "bit flags of the classes surviving D1", "int64",
               tuple(CLASS_FLAGS), tuple(CLASS_FLAGS.values())),
        Metric("separating_is_equilibrium", "whether a separating PBE exists (reassurance is possible)",
               "bool"),
        Metric("num_classes", "number of PBE classes that exist", "int64"),
        Metric("no_separation_reason", "why no separating PBE exists "
               "(NO_SEPARATION_REASONS code)", "int64",
               flag_meanings=tuple(NO_SEPARATION_REASONS.values())),
        Metric("trust_threshold", "receiver's cooperation threshold pi_r* = c_r / (1 + c_r)"),
        Metric("least_cost_gesture", "least-cost separating gesture T_G (NaN if T_G > R_S)"),
        Metric("max_cooperation_probability", "highest ex-ante probability of cooperation over the "
               "classes"),
    )

    @classmethod
    def _check_joint(cls, func: str, p: dict) -> None:
        rg, tg = p["value_greedy"], p["temptation_greedy"]
        bad = np.asarray(rg >= tg)
        if np.any(bad):
            raise InvalidParameterError(
                f"{func}(): value_greedy must be < temptation_greedy (the greedy type "
                f"exploits); got {first_where(rg, bad)!r} >= "
                f"{first_where(tg, bad)!r}")

    @classmethod
    def critical_values(cls, parameter: str, fixed) -> tuple:
        """Where the equilibrium classes change: the prior at the receiver's threshold
        μ₀ = π_r* = c_r / (1 + c_r), and the gesture cost at the greedy type's gain from
        trust k = T_G and at the trustworthy type's value k = R_S.

        Examples
        --------
        >>> ReassuranceModel.critical_values("gesture_cost", {"trust": 0.3,
        ...     "value_trustworthy": 3, "temptation_greedy": 2, "value_greedy": 1,
        ...     "exploitation_loss": 1})
        (2.0, 3.0)
        """
        f = {k: float(v) for k, v in fixed.items()}
        if parameter == "trust":
            out = [_threshold(f["exploitation_loss"])]
        elif parameter == "gesture_cost":
            out = [f["temptation_greedy"], f["value_trustworthy"]]
        elif parameter == "exploitation_loss" and f["trust"] < 1:
            out = [f["trust"] / (1 - f["trust"])]  # pi_r*(c_r) = mu_0
        else:
            out = []
        return tuple(sorted(set(float(v) for v in out)))

    # ------------------------------------------------------------------ closed forms
    @property
    def exact(self) -> bool:
        """Whether every parameter is an int or a Fraction."""
        return is_exact_model(self)

    @property
    def trust_threshold(self):
        """π_r* = c_r / (1 + c_r): the least posterior at which the receiver cooperates."""
        return _threshold(self.exploitation_loss)

    @property
    def separating_exists(self) -> bool:
        """T_G ≤ k̄ ≤ R_S."""
        return bool(self.temptation_greedy <= self.gesture_cost <= self.value_trustworthy)

    @property
    def equilibrium_classes(self) -> tuple[str, ...]:
        """Names of the PBE classes that exist (keys of :data:`CLASS_FLAGS`)."""
        code = int(self.evaluate(self._values())["equilibrium_classes"])
        return _names(code)

    @property
    def intuitive_classes(self) -> tuple[str, ...]:
        """Classes whose equilibria survive the Intuitive Criterion."""
        return _names(int(self.evaluate(self._values())["intuitive_classes"]))

    @property
    def d1_classes(self) -> tuple[str, ...]:
        """Classes whose equilibria survive D1."""
        return _names(int(self.evaluate(self._values())["d1_classes"]))

    @property
    def least_cost_separating_gesture(self):
        """T_G, the greedy type's gain from trust, when separation is feasible (T_G ≤ R_S):
        the cheapest gesture the greedy type will not copy (the Riley outcome that the
        Intuitive Criterion selects with a continuous gesture); None otherwise."""
        if self.temptation_greedy <= self.value_trustworthy:
            return self.temptation_greedy
        return None

    @property
    def semi_separating_probabilities(self):
        """(β, q) of the isolated semi-separating PBE in which G mixes (μ₀ < π*; None if
        it does not exist): G gestures with probability β = μ₀(1 − π*)/((1 − μ₀)π*), the
        receiver cooperates after the gesture with probability q = k̄ / T_G. (When
        μ₀ > π* and k̄ = T_G, G mixes with any β ∈ (0, 1) and q = 1: a continuum, so None.)"""
        if ("semi_separating_greedy_mixes" not in self.equilibrium_classes
                or not self.trust < self.trust_threshold):
            return None
        mu, pi = self.trust, self.trust_threshold
        return (mu * (1 - pi) / ((1 - mu) * pi), self.gesture_cost / self.temptation_greedy)

    @property
    def no_separation_reason(self) -> str | None:
        """Why no separating PBE exists, naming the failing single-crossing condition
        (None when one exists)."""
        code = int(self.evaluate(self._values())["no_separation_reason"])
        if code == 0:
            return None
        k, rs, tg = self.gesture_cost, self.value_trustworthy, self.temptation_greedy
        if code == 4:
            return (f"types differ only in temptation (R_G = R_S = {rs}): the greedy type "
                    f"can mimic the whole trustworthy path (gesture, then cooperation) and "
                    f"still exploit at the end (T_G = {tg} > R_S), so no sunk-cost signal "
                    "separates")
        if code == 3:
            return (f"single crossing fails: the greedy type's gain from trust T_G = {tg} "
                    f"exceeds the trustworthy type's R_S = {rs}, so any gesture the "
                    "trustworthy type is willing to pay, the greedy type pays too")
        if code == 1:
            return (f"the gesture is too cheap: the greedy type's gain from trust T_G = {tg} "
                    f"exceeds the gesture cost k̄ = {k}, so it mimics the trustworthy type")
        return (f"the gesture is too expensive: it costs k̄ = {k}, more than trust is worth "
                f"to the trustworthy type (R_S = {rs})")

    def _values(self) -> dict:
        return {f: getattr(self, f) for f in self.parameters}

    def symbolic_conditions(self) -> dict:
        """The existence conditions of each class as sympy relations in the symbols
        ``mu0, k, R_S, T_G, R_G, c_r`` (sympy is imported lazily).

        Returns
        -------
        dict of str to sympy.Basic
            Keyed like :data:`CLASS_FLAGS`, plus ``"trust_threshold"`` (π_r*) and
            ``"intuitive_fails_pooling_no_gesture"``.

        References
        ----------
        .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
           Organization* 54(2), 325-357.

        Examples
        --------
        >>> import sympy
        >>> cond = ReassuranceModel().symbolic_conditions()
        >>> cond["separating"]
        (T_G <= k) & (k <= R_S)
        >>> sympy.simplify(cond["trust_threshold"].subs("c_r", 1))
        1/2
        """
        import sympy as sp

        mu, k, rs, tg, rg, c = sp.symbols("mu0 k R_S T_G R_G c_r")
        pi = _threshold(c)
        return {
            "trust_threshold": pi,
            "separating": sp.And(tg <= k, k <= rs),
            "pooling_on_gesture": sp.And(mu >= pi, k <= sp.Min(rs, tg)),
            "pooling_no_gesture_trust": mu >= pi,
            "pooling_no_gesture_distrust": mu <= pi,
            "semi_separating_greedy_mixes": sp.And(
                tg <= rs, sp.Or(sp.And(mu < pi, k <= tg), sp.And(mu > pi, sp.Eq(k, tg)))),
            "semi_separating_trustworthy_mixes": sp.And(
                tg <= rs, sp.Or(sp.And(mu > pi, k <= rs), sp.And(mu < pi, sp.Eq(k, rs)))),
            "semi_separating_both_mix": sp.And(sp.Eq(rs, tg), k <= tg),
            "intuitive_fails_pooling_no_gesture": sp.And(mu <= pi, tg < k, k < rs),
        }

    # ------------------------------------------------------------------ the game
    def to_game(self):
        """The signalling game (types trustworthy / greedy, messages no gesture / gesture,
        actions cooperate / not cooperate), built by folding the sender's last move
        (honour or exploit) by backward induction.

        Returns
        -------
        SignalingGame

        Examples
        --------
        >>> game = ReassuranceModel().to_game()
        >>> game.messages, dict(game.last_stage)[("greedy", "cooperate")]
        (('no gesture', 'gesture'), 'exploit')
        """
        one = Fraction(1) if self.exact else 1.0
        mu = self.trust
        rs, tg, rg, c = (self.value_trustworthy, self.temptation_greedy, self.value_greedy,
                         self.exploitation_loss)
        zero = 0 * one
        return SignalingGame.from_last_stage(
            list(TYPES), [mu, one - mu], list(MESSAGES), list(ACTIONS),
            {"cooperate": {"honour": ([rs, rg], [one, one]),
                           "exploit": ([zero, tg], [-c, -c])},
             "not cooperate": {"status quo": (zero, zero)}},
            message_costs=[zero, self.gesture_cost])

    @staticmethod
    def class_of(equilibrium) -> str:
        """The class (key of :data:`CLASS_FLAGS`) of a PBE of :meth:`to_game`.

        Examples
        --------
        >>> from secdilemma.solvers.pbe import solve_pbe
        >>> res = solve_pbe(ReassuranceModel().to_game())
        >>> sorted(ReassuranceModel.class_of(e) for e in res)
        ['pooling_no_gesture_distrust', 'pooling_no_gesture_distrust', 'separating']
        """
        s, r = equilibrium.strategies
        on = [bool(s[0, m] > 0 or s[1, m] > 0) for m in range(2)]
        if equilibrium.kind == "separating":
            return "separating" if s[0, 1] == 1 else "reverse_separating"
        if equilibrium.kind == "pooling":
            if on[1] and not on[0]:
                return "pooling_on_gesture" if r[1, 0] == 1 else "pooling_on_gesture_other"
            if on[0] and not on[1]:
                if r[0, 0] == 1:
                    return "pooling_no_gesture_trust"
                if r[0, 0] == 0:
                    return "pooling_no_gesture_distrust"
            return "pooling_other"
        if s[0, 1] == 1 and 0 < s[1, 1] < 1:
            return "semi_separating_greedy_mixes"
        if s[1, 0] == 1 and 0 < s[0, 0] < 1:
            return "semi_separating_trustworthy_mixes"
        if 0 < s[0, 0] < 1 and 0 < s[1, 0] < 1:
            return "semi_separating_both_mix"
        return "semi_separating_other"

    # ------------------------------------------------------------------ sweeps
    @classmethod
    def _compute(cls, p: dict, metrics: tuple, rng) -> dict:
        """Closed-form class map on broadcast arrays of parameters (vectorised).

        The metrics: ``equilibrium_classes``, ``intuitive_classes``, ``d1_classes``
        (int bit flags, :data:`CLASS_FLAGS`), ``separating`` (bool), ``num_classes``,
        ``no_separation_reason`` (:data:`NO_SEPARATION_REASONS`), ``trust_threshold``,
        ``least_cost_gesture``, ``max_cooperation_probability`` (the highest ex-ante probability
        that the receiver cooperates, over the classes).

        References
        ----------
        .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
           Organization* 54(2), 325-357.

        Examples
        --------
        >>> import numpy as np
        >>> out = ReassuranceModel.evaluate({"trust": 0.3,
        ...                                  "gesture_cost": np.array([1.0, 2.5, 4.0])})
        >>> out["separating_is_equilibrium"].tolist(), out["equilibrium_classes"].tolist()
        ([False, True, False], [24, 9, 8])
        >>> out["no_separation_reason"].tolist()
        [1, 0, 2]
        """
        mu, k, rs, tg, rg, c = (p[n] for n in cls.parameters)
        pi = _threshold(c)
        F = CLASS_FLAGS
        sep = (tg <= k) & (k <= rs)
        pool_g = (mu >= pi) & (k <= np.minimum(rs, tg))
        pool_t = mu >= pi
        pool_d = mu <= pi
        # G mixes: the isolated hybrid (mu0 < pi*), or, at k = T_G where G only breaks
        # even on the gesture, the segment from separation to pooling on it (mu0 > pi*)
        semi_g_isolated = (mu < pi) & (k <= tg) & (tg <= rs)
        semi_g = semi_g_isolated | ((mu > pi) & (k == tg) & (tg <= rs))
        # S mixes: the isolated hybrid (mu0 > pi*), or, at k = R_S where S only breaks
        # even on the gesture, the segment from separation to no-trust pooling (mu0 < pi*)
        semi_s = ((mu > pi) & (k <= rs) & (tg <= rs)) | ((mu < pi) & (k == rs) & (tg <= rs))
        # R_S = T_G: both types gain alike from trust and can both mix
        semi_b = (rs == tg) & (k <= tg)
        flags = (sep * F["separating"] + pool_g * F["pooling_on_gesture"]
                 + pool_t * F["pooling_no_gesture_trust"]
                 + pool_d * F["pooling_no_gesture_distrust"]
                 + semi_g * F["semi_separating_greedy_mixes"]
                 + semi_s * F["semi_separating_trustworthy_mixes"]
                 + semi_b * F["semi_separating_both_mix"]).astype(np.int64)
        ic_fail = pool_d & (tg < k) & (k < rs)
        d1_fail_d = pool_d & (tg < rs) & (k < rs)
        d1_fail_g = pool_g & (rs < tg)
        intuitive = flags - ic_fail * F["pooling_no_gesture_distrust"]
        d1 = (flags - d1_fail_d * F["pooling_no_gesture_distrust"]
              - d1_fail_g * F["pooling_on_gesture"])
        reason = np.where(sep, 0, np.where(
            tg > rs, np.where(rg == rs, 4, 3), np.where(k < tg, 1, 2))).astype(np.int64)
        num = sum(((flags >> b) & 1) for b in range(len(F))).astype(np.int64)
        least = np.where(tg <= rs, tg, np.nan)
        # ex-ante probability of cooperation in each class
        # (the boundary continua add nothing: separation and pooling bound them)
        beta = np.where(semi_g_isolated,
                        mu * (1 - pi) / np.where(mu < 1, (1 - mu) * pi, 1.0), 0.0)
        coop = np.zeros(mu.shape)
        coop = np.where(sep, np.maximum(coop, mu), coop)
        coop = np.where(pool_g | pool_t, 1.0, coop)
        coop = np.where(semi_g_isolated, np.maximum(coop, (mu + (1 - mu) * beta) * k / tg),
                        coop)
        return {
            "equilibrium_classes": flags,
            "intuitive_classes": intuitive.astype(np.int64),
            "d1_classes": d1.astype(np.int64),
            "separating_is_equilibrium": sep,
            "num_classes": num,
            "no_separation_reason": reason,
            "trust_threshold": pi,
            "least_cost_gesture": least,
            "max_cooperation_probability": coop,
        }


def _names(code: int) -> tuple[str, ...]:
    return tuple(name for name, bit in CLASS_FLAGS.items() if code & bit)


def class_flag_attrs() -> dict:
    """CF attributes for an integer bit-flag variable of :data:`CLASS_FLAGS`.

    Examples
    --------
    >>> class_flag_attrs()["flag_masks"][:3]
    [1, 2, 4]
    """
    return {"flag_masks": list(CLASS_FLAGS.values()),
            "flag_meanings": " ".join(CLASS_FLAGS)}


@dataclass(frozen=True)
class ContinuousReassuranceModel:
    """Reassurance with a continuous gesture size k ≥ 0 (our formalisation of Kydd 2000).

    The same game as :class:`ReassuranceModel`, but the sender chooses how much to
    sacrifice. Separating equilibria: the trustworthy type gestures any
    k_S ∈ [T_G, R_S] and the greedy type nothing; the least-cost separating gesture is
    k* = T_G, the greedy type's gain from trust (the Riley outcome, the only separating
    outcome that survives the Intuitive Criterion and D1). Pooling on a gesture k with
    cooperation exists iff μ₀ ≥ π* and k ≤ min(R_S, T_G).

    Parameters
    ----------
    trust, value_trustworthy, temptation_greedy, value_greedy, exploitation_loss
        As in :class:`ReassuranceModel`.

    References
    ----------
    .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.
    .. [2] Spence, M. (1973). Job market signaling. *Quarterly Journal of Economics*
       87(3), 355-374.
    .. [3] Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria.
       *Quarterly Journal of Economics* 102(2), 179-221.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> m = ContinuousReassuranceModel(trust=F(3, 10))
    >>> m.least_cost_separating_gesture, m.separating_gestures
    (2, (2, 3))
    >>> m.pooling_gestures is None   # mu0 < pi*: no pooling with cooperation
    True
    """

    trust: Any = Fraction(3, 10)
    value_trustworthy: Any = 3
    temptation_greedy: Any = 2
    value_greedy: Any = 1
    exploitation_loss: Any = 1

    def __post_init__(self) -> None:
        # reuse the discrete model's validation (any admissible gesture cost)
        ReassuranceModel(self.trust, 1, self.value_trustworthy,
                         self.temptation_greedy, self.value_greedy, self.exploitation_loss)

    @property
    def trust_threshold(self):
        """π_r* = c_r / (1 + c_r)."""
        return _threshold(self.exploitation_loss)

    @property
    def separating_gestures(self):
        """``(low, high)`` = (T_G, R_S): the gestures of the trustworthy type in some
        separating PBE; None when T_G > R_S (single crossing fails)."""
        if self.temptation_greedy <= self.value_trustworthy:
            return (self.temptation_greedy, self.value_trustworthy)
        return None

    @property
    def least_cost_separating_gesture(self):
        """k* = T_G when separation is feasible, else None."""
        sep = self.separating_gestures
        return None if sep is None else sep[0]

    @property
    def pooling_gestures(self):
        """``(0, min(R_S, T_G))``: gestures on which both types pool and the receiver
        cooperates (None when μ₀ < π*)."""
        if self.trust >= self.trust_threshold:
            return (0 * self.temptation_greedy, min(self.value_trustworthy,
                                                    self.temptation_greedy))
        return None

    def to_game(self, gestures):
        """The signalling game with a finite menu of gesture sizes (messages).

        Parameters
        ----------
        gestures : sequence of real
            Distinct non-negative gesture sizes (include 0 for "no gesture").

        Returns
        -------
        SignalingGame
            Messages labelled ``"k=<size>"``.

        Examples
        --------
        >>> from secdilemma.solvers.pbe import solve_pbe
        >>> game = ContinuousReassuranceModel().to_game([0, 1, 2, 3])
        >>> res = solve_pbe(game, refine="d1")
        >>> sorted({tuple(e.sender[0].tolist()) for e in res if e.kind == "separating"})
        [(0.0, 0.0, 1.0, 0.0)]
        """
        sizes = list(gestures)
        if not sizes or len(set(sizes)) != len(sizes) or any(
                isinstance(k, bool) or not k >= 0 for k in sizes):
            raise InvalidParameterError(
                "ContinuousReassuranceModel.to_game(): gestures must be distinct "
                f"non-negative numbers; got {gestures!r}")
        exact = all(is_exact_scalar(v) for v in
                    (self.trust, self.value_trustworthy, self.temptation_greedy,
                     self.value_greedy, self.exploitation_loss, *sizes))
        one = Fraction(1) if exact else 1.0
        zero = 0 * one
        rs, tg, rg, c = (self.value_trustworthy, self.temptation_greedy, self.value_greedy,
                         self.exploitation_loss)
        return SignalingGame.from_last_stage(
            list(TYPES), [self.trust, one - self.trust],
            [f"k={k}" for k in sizes], list(ACTIONS),
            {"cooperate": {"honour": ([rs, rg], [one, one]),
                           "exploit": ([zero, tg], [-c, -c])},
             "not cooperate": {"status quo": (zero, zero)}},
            message_costs=sizes)


@dataclass(frozen=True)
class GradualTrustPath:
    """The receiver's trust along a path of gestures on which the greedy type mimics
    with probability β_t in round t (Bayes' rule: posterior odds multiply by 1/β_t).

    Attributes
    ----------
    betas : tuple
        β_t, the greedy type's probability of making round t's gesture.
    trust : tuple
        μ_0, μ_1, ..., μ_n: trust after each round's gesture.
    odds : tuple
        μ_t / (1 − μ_t).
    """

    betas: tuple
    trust: tuple
    odds: tuple


def gradual_trust_path(trust, betas) -> GradualTrustPath:
    """Posterior trust after a sequence of gestures that the trustworthy type always
    makes and the greedy type makes with probabilities β_t (Bayes' rule only: this is the
    belief arithmetic of gradual trust building, not an equilibrium of a multi-round
    game).

    Parameters
    ----------
    trust : real in (0, 1)
    betas : sequence of real in (0, 1]

    Returns
    -------
    GradualTrustPath

    References
    ----------
    .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> path = gradual_trust_path(F(1, 5), [F(1, 2), F(1, 2)])
    >>> path.odds
    (Fraction(1, 4), Fraction(1, 2), Fraction(1, 1))
    >>> path.trust[-1]
    Fraction(1, 2)
    """
    check_real_number("gradual_trust_path", "trust", trust, low=0, high=1,
                      low_open=True, high_open=True)
    betas = tuple(betas)
    for b in betas:
        check_real_number("gradual_trust_path", "betas[t]", b, low=0, high=1, low_open=True)
    odds = [trust / (1 - trust)]
    for b in betas:
        odds.append(odds[-1] / b)
    trust = tuple(o / (1 + o) for o in odds)
    return GradualTrustPath(betas, trust, tuple(odds))
