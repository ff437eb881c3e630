"""Constant mitigation under imperfect public monitoring: Green and Porter's trigger
strategies with incidents that can be accidents or defections.

**Our formalisation** of the Green and Porter (1984) trigger equilibrium in its textbook
form (Mailath and Samuelson 2006, §7.2), applied to incidents between two states (a
balloon, a close maritime encounter, a cyber intrusion of unclear origin). Two states
play an infinitely repeated prisoner's dilemma, cooperate (C) or defect (D), with stage
payoffs R (``reward``), S (``sucker``), T (``temptation``), P (``punishment``),
T > R > P > S, and common discount factor δ (``discount``). Actions are not observed.
Each period there is a public signal, *incident* or *quiet*: Pr(incident) is α
(``false_alarm``) under (C, C) and β (``detection``) > α when one state defects.

**K-period trigger.** Cooperate; after an incident play (D, D) for K periods, ignoring
the signals, then restart; grim trigger is K = ∞. In average (normalised) payoffs

    V_K = P + (1 − δ)(R − P) / [(1 − δ) + αδ(1 − δ^K)].

With A = (β − α)(R − P) − α(T − R), the one-shot deviation from cooperation is
unprofitable iff

    δ(1 − δ^K) A ≥ (1 − δ)(T − R)

(punishment states play the stage Nash equilibrium and need no check). Hence
cooperation is possible for some K iff A > 0 and

    δ ≥ δ* = (T − R) / [(1 − α)(T − R) + (β − α)(R − P)]

(grim; α = 0, β = 1 gives (T − R)/(T − P)), and the **shortest incentive-compatible
punishment** is K* = ⌈ln(1 − x*)/ln δ⌉ with x* = (T − R)(1 − δ)/(δA) (K* = ∞ at
δ = δ*, where only grim works). It is also the best: V_K falls with K, because false
alarms trigger every punishment. With **public randomisation** over the punishment
length the constraint binds and

    V = R − α(T − R)/(β − α)    for every δ ≥ δ*.

**Guardrails** (incident-prevention agreements) lower α with β held fixed: reciprocity
survives at δ iff α ≤ α̂(δ) = [δ(T − R + β(R − P)) − (T − R)] / [δ(T − P)], so a
guardrail must prevent the share 1 − α̂/α of false alarms. A **hotline** that explains a
share φ (``explained_share``) of accidents gives α' = α(1 − φ) and
β' = 1 − (1 − α')(1 − η), where η = (β − α)/(1 − α) is the chance that a defection causes
an incident; reciprocity survives iff α' ≤ 1 − (T − R)/(δ[T − R + η(R − P)]).

Derivation of the value and the constraint: V = (1 − δ)R + δ[(1 − α)V + αW] with
W = (1 − δ^K)P + δ^K V the value of a K-period punishment; a deviation gives
(1 − δ)T + δ[(1 − β)V + βW], so it is unprofitable iff
(1 − δ)(T − R) ≤ δ(β − α)(V − W) = δ(β − α)(1 − δ^K)(V − P).

References
----------
.. [1] Green, E. J. and Porter, R. H. (1984). Noncooperative collusion under imperfect
   price information. *Econometrica* 52(1), 87-100.
.. [2] Porter, R. H. (1983). Optimal cartel trigger price strategies. *Journal of
   Economic Theory* 29(2), 313-338.
.. [3] Abreu, D., Pearce, D. and Stacchetti, E. (1986). Optimal cartel equilibria with
   imperfect monitoring. *Journal of Economic Theory* 39(1), 251-269.
.. [4] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*. Oxford
   University Press, §7.2.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from .._validation import check_real_number, is_exact_scalar, to_fraction
from ..errors import InvalidParameterError
from ..games.normal_form import bimatrix
from ..solvers.public_monitoring import PublicMonitoring, PublicStrategy
from ._numbers import is_exact_model
from .protocol import Metric, Model, Parameter

__all__ = ["GreenPorterModel", "trigger_value", "trigger_critical_discount",
           "shortest_punishment"]

_FIELDS = ("reward", "sucker", "temptation", "punishment", "false_alarm", "detection",
           "discount", "explained_share")


def _py(x):
    """A numpy scalar as the Python number it holds (for messages)."""
    return x.item() if isinstance(x, np.generic) else x


def trigger_value(reward, punishment, false_alarm, discount, length=None):
    """V_K = P + (1 − δ)(R − P)/[(1 − δ) + αδ(1 − δ^K)], the average value of the
    K-period trigger (``length=None`` or ``math.inf``: grim). Vectorised; exact for
    Fractions.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from secdilemma.models.green_porter import trigger_value
    >>> trigger_value(3, 1, F(1, 10), F(9, 10))
    Fraction(39, 19)
    """
    r, p, a, d = reward, punishment, false_alarm, discount
    grim = length is None or (not isinstance(length, np.ndarray) and length == math.inf)
    if all(is_exact_scalar(v) for v in (r, p, a, d)) and (grim or isinstance(length, int)):
        r, p, a, d = (Fraction(v) for v in (r, p, a, d))
        tail = 1 if grim else 1 - d ** length
        return p + (1 - d) * (r - p) / ((1 - d) + a * d * tail)
    r, p, a, d = (np.asarray(v, dtype=float) for v in (r, p, a, d))
    tail = 1.0 if grim else 1.0 - d ** np.asarray(length, dtype=float)
    out = p + (1 - d) * (r - p) / ((1 - d) + a * d * tail)
    return out if np.ndim(out) else float(out)


def trigger_critical_discount(reward, temptation, punishment, false_alarm, detection):
    """δ* = (T − R)/[(1 − α)(T − R) + (β − α)(R − P)]: grim trigger (and so some
    trigger strategy) is a public perfect equilibrium iff δ* ≤ δ < 1. None (NaN in
    arrays) when no δ < 1 works, i.e. when (β − α)(R − P) ≤ α(T − R).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from secdilemma.models.green_porter import trigger_critical_discount
    >>> trigger_critical_discount(3, 5, 1, F(1, 10), F(3, 5))
    Fraction(5, 7)
    >>> trigger_critical_discount(3, 5, 1, 0, 1)
    Fraction(1, 2)
    """
    r, t, p, a, b = reward, temptation, punishment, false_alarm, detection
    if all(is_exact_scalar(v) for v in (r, t, p, a, b)):
        r, t, p, a, b = (Fraction(v) for v in (r, t, p, a, b))
        margin = (b - a) * (r - p) - a * (t - r)
        return (t - r) / ((t - r) + margin) if margin > 0 else None
    r, t, p, a, b = (np.asarray(v, dtype=float) for v in (r, t, p, a, b))
    margin = (b - a) * (r - p) - a * (t - r)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(margin > 0, (t - r) / ((t - r) + margin), np.nan)
    return out if np.ndim(out) else float(out)


def shortest_punishment(reward, temptation, punishment, false_alarm, detection, discount):
    """K*, the shortest incentive-compatible punishment length, exactly (numbers are
    read as the rationals they store): the least K >= 1 with
    δ(1 − δ^K)A >= (1 − δ)(T − R), A = (β − α)(R − P) − α(T − R). ``math.inf`` when only
    grim trigger works (δ = δ*), None when no trigger strategy does (δ < δ*).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from secdilemma.models.green_porter import shortest_punishment
    >>> shortest_punishment(3, 5, 1, F(1, 10), F(3, 5), F(9, 10))
    4
    """
    r, t, p, a, b, d = (to_fraction(v) for v in (reward, temptation, punishment,
                                                  false_alarm, detection, discount))
    margin = (b - a) * (r - p) - a * (t - r)
    if margin <= 0 or d <= 0:
        return None
    x = (t - r) * (1 - d) / (d * margin)  # IC: δ^K <= 1 − x
    if x > 1:
        return None
    if x == 1:
        return math.inf
    if x <= 0:  # pragma: no cover - T > R and δ < 1 make x > 0
        return 1
    est = math.log1p(-float(x)) / math.log(float(d)) if float(x) < 1 else 1.0
    k = max(1, int(math.ceil(est)) if math.isfinite(est) else 1)
    target = 1 - x
    power = d ** k
    while power > target:
        k += 1
        power *= d
    while k > 1 and power / d <= target:
        k -= 1
        power /= d
    return k


@dataclass(frozen=True)
class GreenPorterModel(Model):
    """Trigger strategies against incidents that may be accidents (our formalisation of
    Green and Porter 1984; Mailath and Samuelson 2006, §7.2).

    Parameters
    ----------
    reward, sucker, temptation, punishment : real
        R, S, T, P of the stage prisoner's dilemma, T > R > P > S.
    false_alarm : real in [0, 1]
        α, the chance of an incident when both cooperate (an accident).
    detection : real in [0, 1], > false_alarm
        β, the chance of an incident when one state defects.
    discount : real in [0, 1)
        δ.
    explained_share : real in [0, 1], default 0
        φ, the share of accidents a hotline explains away (α' = α(1 − φ), see the
        module docstring).

    Ints and Fractions stay exact (rational closed forms); floats give floats.

    Raises
    ------
    InvalidParameterError
        A probability outside [0, 1], detection <= false_alarm, δ outside [0, 1), or
        payoffs that are not a prisoner's dilemma.

    References
    ----------
    .. [1] Green, E. J. and Porter, R. H. (1984). Noncooperative collusion under
       imperfect price information. *Econometrica* 52(1), 87-100.
    .. [2] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
       §7.2.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from secdilemma.models.green_porter import GreenPorterModel
    >>> m = GreenPorterModel(false_alarm=F(1, 10), detection=F(3, 5), discount=F(9, 10))
    >>> m.critical_discount, m.shortest_punishment, m.randomised_value
    (Fraction(5, 7), 4, Fraction(13, 5))
    >>> round(float(m.value(4)), 9), m.value()
    (2.527288833, Fraction(39, 19))
    >>> m.max_false_alarm, m.required_cut
    (Fraction(11, 45), Fraction(0, 1))
    """

    reward: Any = 3
    sucker: Any = 0
    temptation: Any = 5
    punishment: Any = 1
    false_alarm: Any = Fraction(1, 10)
    detection: Any = Fraction(3, 5)
    discount: Any = Fraction(9, 10)
    explained_share: Any = 0

    name: ClassVar[str] = "green_porter"
    summary: ClassVar[str] = ("Trigger strategies under imperfect public monitoring (our "
                              "formalisation of Green and Porter 1984): incidents, "
                              "guardrails, hotlines and how long to retaliate")
    method: ClassVar[str] = ("closed forms (Green and Porter 1984; Mailath and Samuelson "
                             "2006 §7.2), checked against solvers.public_monitoring")
    references: ClassVar[tuple] = (
        "Green, E. J. and Porter, R. H. (1984). Noncooperative collusion under imperfect "
        "price information. Econometrica 52(1), 87-100.",
        "Mailath, G. J. and Samuelson, L. (2006). Repeated Games and Reputations. Oxford "
        "University Press, section 7.2.")
    PARAMETERS: ClassVar[tuple] = (
        Parameter("reward", "payoff of mutual cooperation", "R", default=3.0),
        Parameter("sucker", "payoff of cooperating against a defector", "S", default=0.0),
        Parameter("temptation", "payoff of defecting against a cooperator", "T",
                  default=5.0),
        Parameter("punishment", "payoff of mutual defection", "P", default=1.0),
        Parameter("false_alarm", "chance of an incident when both cooperate (accident)",
                  "alpha", low=0, high=1, default=0.1),
        Parameter("detection", "chance of an incident when one side defects", "beta",
                  low=0, high=1, default=0.6),
        Parameter("discount", "discount factor", "delta", low=0, high=1, high_open=True,
                  default=0.9),
        Parameter("explained_share", "share of accidents a hotline explains away", "phi",
                  low=0, high=1, default=0.0),
    )
    METRICS: ClassVar[tuple] = (
        Metric("critical_discount", "least delta at which a trigger strategy is a PPE "
               "(grim); NaN when none is"),
        Metric("cooperation_possible", "some trigger strategy is a PPE at delta", "bool"),
        Metric("shortest_punishment", "K*: shortest incentive-compatible punishment "
               "(inf: only grim; NaN: none)"),
        Metric("optimal_value", "average value of the K*-period trigger (NaN: none)"),
        Metric("grim_value", "average value of grim trigger (played, whether or not a PPE)"),
        Metric("randomised_value", "value with public randomisation over the punishment, "
               "R - alpha(T - R)/(beta - alpha) (NaN when delta < delta*)"),
        Metric("max_false_alarm", "largest false-alarm rate at which reciprocity survives "
               "at delta, detection fixed (NaN: none)"),
        Metric("required_cut", "share of false alarms a guardrail must prevent (NaN: "
               "no guardrail suffices)"),
        Metric("hotline_share_needed", "share of accidents a hotline must explain (NaN: "
               "no hotline suffices)"),
    )

    # ------------------------------------------------------------------ validation
    def __post_init__(self) -> None:
        func = "GreenPorterModel"
        for name in _FIELDS:
            check_real_number(func, name, getattr(self, name))
        for name in ("false_alarm", "detection", "explained_share"):
            check_real_number(func, name, getattr(self, name), low=0, high=1)
        check_real_number(func, "discount", self.discount, low=0, high=1, high_open=True)
        self._check_joint(func, {n: np.asarray(getattr(self, n), dtype=object)
                                 for n in _FIELDS})

    @classmethod
    def _check_joint(cls, func: str, p: dict) -> None:
        """detection > false_alarm and T > R > P > S, element-wise; the message names
        the first offending point."""
        a0, b0 = p["false_alarm"], p["detection"]
        bad = np.atleast_1d(~np.asarray(b0 > a0, dtype=bool))
        if bad.any():
            i = int(np.flatnonzero(bad.ravel())[0])
            raise InvalidParameterError(
                f"{func}(): detection must be > false_alarm (a defection must make an "
                f"incident likelier than an accident); got detection="
                f"{_py(np.ravel(np.broadcast_to(b0, bad.shape))[i])!r}, false_alarm="
                f"{_py(np.ravel(np.broadcast_to(a0, bad.shape))[i])!r}")
        r, s, t, q = (p["reward"], p["sucker"], p["temptation"], p["punishment"])
        bad = np.atleast_1d(~np.asarray((t > r) & (r > q) & (q > s), dtype=bool))
        if bad.any():
            shape = bad.shape
            i = int(np.flatnonzero(bad.ravel())[0])
            r, s, t, q = (_py(np.ravel(np.broadcast_to(v, shape))[i]) for v in (r, s, t, q))
            raise InvalidParameterError(
                f"{func}(): payoffs must satisfy temptation > reward > punishment > sucker "
                f"(a prisoner's dilemma); got R={r!r}, S={s!r}, T={t!r}, P={q!r}")

    @property
    def exact(self) -> bool:
        """Whether every parameter is an int or a Fraction."""
        return is_exact_model(self)

    def _out(self, x):
        if x is None or self.exact or isinstance(x, int) or x == math.inf:
            return x
        return float(x)

    def _q(self):
        """(R, T, P, α', β', δ) as Fractions (floats read exactly)."""
        r, t, p, a0, b0, d, phi = (to_fraction(getattr(self, n)) for n in
                                   ("reward", "temptation", "punishment", "false_alarm",
                                    "detection", "discount", "explained_share"))
        a = a0 * (1 - phi)
        eta = (b0 - a0) / (1 - a0)
        b = 1 - (1 - a) * (1 - eta)
        return r, t, p, a, b, d

    # ------------------------------------------------------------------ monitoring
    @property
    def effective_false_alarm(self):
        """α' = α(1 − φ): accidents the hotline does not explain."""
        return self._out(self._q()[3])

    @property
    def effective_detection(self):
        """β' = 1 − (1 − α')(1 − η), η = (β − α)/(1 − α) (β' = β when φ = 0)."""
        return self._out(self._q()[4])

    def monitoring(self):
        """The public incident signal (:class:`~secdilemma.solvers.public_monitoring.PublicMonitoring`)
        with the effective rates, exact (floats read as the rationals they store).

        Examples
        --------
        >>> from secdilemma.models.green_porter import GreenPorterModel
        >>> GreenPorterModel().monitoring().signals
        ('quiet', 'incident')
        """
        _, _, _, a, b, _ = self._q()
        out = PublicMonitoring.binary(a, b)
        out.exact_inputs = self.exact
        return out

    def strategy(self, length=None):
        """The ``length``-period trigger (None or ``math.inf``: grim) as a public
        strategy."""
        return PublicStrategy.trigger(length)

    def to_game(self):
        """The stage prisoner's dilemma (actions cooperate / defect); the repeated game
        adds :meth:`monitoring` and :meth:`strategy`
        (:mod:`secdilemma.solvers.public_monitoring`).

        Examples
        --------
        >>> from secdilemma.models.green_porter import GreenPorterModel
        >>> GreenPorterModel().to_game().actions
        (('cooperate', 'defect'), ('cooperate', 'defect'))
        """
        r, s, t, p = self.reward, self.sucker, self.temptation, self.punishment
        return bimatrix([[r, s], [t, p]], [[r, t], [s, p]],
                        actions=[["cooperate", "defect"]] * 2,
                        players=["state 1", "state 2"])

    # ------------------------------------------------------------------ closed forms
    @property
    def incentive_margin(self):
        """A = (β' − α')(R − P) − α'(T − R): cooperation is possible at some δ < 1 iff
        A > 0."""
        r, t, p, a, b, _ = self._q()
        return self._out((b - a) * (r - p) - a * (t - r))

    @property
    def critical_discount(self):
        """δ* (None when no δ < 1 supports cooperation)."""
        r, t, p, a, b, _ = self._q()
        return self._out(trigger_critical_discount(r, t, p, a, b))

    @property
    def cooperation_possible(self) -> bool:
        """Whether some trigger strategy is a public perfect equilibrium at δ."""
        ds = self.critical_discount
        return ds is not None and to_fraction(self.discount) >= to_fraction(ds)

    def value(self, length=None):
        """V_K, the average value of the ``length``-period trigger (None: grim), whether
        or not it is an equilibrium."""
        r, _, p, a, _, d = self._q()
        if length is not None and length != math.inf and (
                isinstance(length, bool) or not isinstance(length, (int, np.integer))
                or length < 1):
            raise InvalidParameterError(f"GreenPorterModel.value(): length must be an "
                                        f"integer >= 1, None or math.inf; got {length!r}")
        return self._out(trigger_value(r, p, a, d, None if length is None else
                                       (length if length == math.inf else int(length))))

    def is_incentive_compatible(self, length=None) -> bool:
        """The closed-form one-shot deviation constraint δ(1 − δ^K)A >= (1 − δ)(T − R)."""
        r, t, p, a, b, d = self._q()
        tail = 1 if length is None or length == math.inf else 1 - d ** int(length)
        return d * tail * ((b - a) * (r - p) - a * (t - r)) >= (1 - d) * (t - r)

    @property
    def shortest_punishment(self):
        """K* (``math.inf``: only grim; None: no trigger strategy is a PPE)."""
        r, t, p, a, b, d = self._q()
        return shortest_punishment(r, t, p, a, b, d)

    @property
    def optimal_value(self):
        """V_{K*} (None when no trigger strategy is a PPE)."""
        k = self.shortest_punishment
        return None if k is None else self.value(None if k == math.inf else k)

    @property
    def randomised_value(self):
        """R − α'(T − R)/(β' − α'): the value with public randomisation over the
        punishment (None when δ < δ*)."""
        if not self.cooperation_possible:
            return None
        r, t, _, a, b, _ = self._q()
        return self._out(r - a * (t - r) / (b - a))

    @property
    def max_false_alarm(self):
        """α̂(δ) = [δ(T − R + β'(R − P)) − (T − R)]/[δ(T − P)], the largest false-alarm
        rate (detection held at β') at which reciprocity survives; None when even α = 0
        does not suffice."""
        r, t, p, _, b, d = self._q()
        if d == 0:
            return None
        top = (d * ((t - r) + b * (r - p)) - (t - r)) / (d * (t - p))
        return self._out(top) if top >= 0 else None

    @property
    def required_cut(self):
        """The share of false alarms a guardrail must prevent, max(0, 1 − α̂/α') (None:
        no guardrail suffices)."""
        top = self.max_false_alarm
        if top is None:
            return None
        a = self._q()[3]
        top = to_fraction(top)
        return self._out(Fraction(0) if a <= top else 1 - top / a)

    @property
    def hotline_share_needed(self):
        """The share φ of accidents a hotline must explain so that grim trigger is a PPE
        at δ, from α(1 − φ) <= 1 − (T − R)/(δ[T − R + η(R − P)]); None when no share
        suffices. Counted from the model's own ``explained_share``, i.e. the total share
        needed."""
        r, t, p, _, _, d = self._q()
        a0, b0 = to_fraction(self.false_alarm), to_fraction(self.detection)
        eta = (b0 - a0) / (1 - a0)
        if d == 0:
            return None
        top = 1 - (t - r) / (d * ((t - r) + eta * (r - p)))
        if top < 0:
            return None
        if a0 <= top:
            return self._out(Fraction(0)) if self.exact else 0.0
        return self._out(1 - top / a0)

    # ------------------------------------------------------------------ vectorised
    @classmethod
    def _compute(cls, p: dict, metrics: tuple, rng) -> dict:
        func = "GreenPorterModel.evaluate"
        shape = np.broadcast_shapes(*(np.shape(v) for v in p.values()))
        p = {k: np.array(np.broadcast_to(v, shape), dtype=float).ravel() for k, v in p.items()}
        cls._check_joint(func, p)
        r, t, q = p["reward"], p["temptation"], p["punishment"]
        a0, b0, d, phi = p["false_alarm"], p["detection"], p["discount"], p["explained_share"]
        eta = (b0 - a0) / (1 - a0)
        a = a0 * (1 - phi)
        b = 1 - (1 - a) * (1 - eta)
        margin = (b - a) * (r - q) - a * (t - r)
        # a margin within rounding of 0 (e.g. alpha = 0.3, beta = 0.6 for (5, 3, 1, 0)):
        # its sign decides whether cooperation is possible at all, so decide it exactly
        tiny = np.abs(margin) <= 1e-12 * ((b - a) * (r - q) + np.abs(a) * (t - r))
        for idx in np.flatnonzero(tiny):
            exact = GreenPorterModel(*(float(p[n][idx]) for n in _FIELDS)).incentive_margin
            margin[idx] = float(exact) if exact != 0 else 0.0
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            dstar = np.where(margin > 0, (t - r) / ((t - r) + margin), np.nan)
            possible = (margin > 0) & (d >= dstar)
            x = np.where(possible, (t - r) * (1 - d) / (d * margin), np.nan)
            ratio = np.log1p(-x) / np.log(d)
            kstar = np.where(possible, np.maximum(1.0, np.ceil(ratio)), np.nan)
            kstar = np.where(possible & (x >= 1), np.inf, kstar)
            # near ties (ratio close to an integer, x close to 1): decide exactly. x and
            # ratio are ratios of payoff differences (and of logs of δ): scale- and
            # shift-free, so absolute tolerances are fine here and below (δ, α, β too)
            near = possible & ((np.abs(ratio - np.round(ratio)) < 1e-9 * np.maximum(1, ratio))
                               | (np.abs(1 - x) < 1e-12) | ~np.isfinite(ratio))
            tail = np.where(np.isfinite(kstar), 1 - d ** np.where(np.isfinite(kstar), kstar, 0),
                            1.0)
            opt = np.where(np.isnan(kstar), np.nan,
                           q + (1 - d) * (r - q) / ((1 - d) + a * d * tail))
            grim = q + (1 - d) * (r - q) / ((1 - d) + a * d)
            rand = np.where(possible, r - a * (t - r) / (b - a), np.nan)
            raw_top = (d * ((t - r) + b * (r - q)) - (t - r)) / (d * (t - q))
            top = np.where(raw_top >= 0, raw_top, np.nan)
            cut = np.where(np.isnan(top), np.nan,
                           np.where(a <= top, 0.0, 1 - top / np.where(a > 0, a, 1)))
            htop = 1 - (t - r) / (d * ((t - r) + eta * (r - q)))
            hot = np.where(htop >= 0, np.where(a0 <= htop, 0.0,
                                                1 - htop / np.where(a0 > 0, a0, 1)), np.nan)
            # other ties within rounding: δ = δ*, α̂ = 0 or α = α̂, and the hotline's
            # counterparts; a metric can jump there, so these points are decided exactly
            close = ((margin > 0) & (np.abs(d - dstar) <= 1e-12))
            for bound, base in ((raw_top, a), (htop, a0)):
                close |= (np.abs(bound) <= 1e-12) | (np.abs(bound - base) <= 1e-12)
        out = {"critical_discount": dstar, "cooperation_possible": possible,
               "shortest_punishment": kstar, "optimal_value": opt, "grim_value": grim,
               "randomised_value": rand, "max_false_alarm": top, "required_cut": cut,
               "hotline_share_needed": hot}
        degenerate = near | tiny | close
        for idx in np.flatnonzero(degenerate):
            # exact closed forms for the binary rationals the floats store
            m = GreenPorterModel(*(float(p[n][idx]) for n in _FIELDS))
            k = m.shortest_punishment
            exact = {"critical_discount": m.critical_discount,
                     "cooperation_possible": m.cooperation_possible,
                     "shortest_punishment": k, "optimal_value": m.optimal_value,
                     "grim_value": m.value(), "randomised_value": m.randomised_value,
                     "max_false_alarm": m.max_false_alarm, "required_cut": m.required_cut,
                     "hotline_share_needed": m.hotline_share_needed}
            for name, value in exact.items():
                out[name][idx] = np.nan if value is None else float(value)
        result = {m: np.reshape(out[m], shape) for m in metrics}
        if np.any(degenerate):
            result["degenerate"] = np.reshape(degenerate, shape)
        return result
