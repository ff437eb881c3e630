"""Preventive war under uncertainty about militarisation (Debs and Monteiro 2014 logic).

Our formalisation of the argument of Debs and Monteiro (2014): a rising state R decides
in secret whether to invest in military capability; a declining state D sees only noisy
intelligence and decides whether to strike. The game:

- R invests (cost k = ``investment_cost``) or not; x = Pr(invest). D does not see the
  choice.
- D sees an alarm with probability π₁ = ``detection`` if R invested and π₀ =
  ``false_alarm`` if not (π₀ < π₁). Intelligence quality r means π₁ = r, π₀ = 1 − r.
- D strikes or not after each signal (s_a, s_q: strike probabilities after alarm and
  after quiet). A strike costs D c = ``strike_cost`` and R w = ``strike_damage``, and
  stops the shift with probability φ = ``strike_effectiveness``.
- A shift that goes through gives R b = ``shift_gain`` and costs D ℓ = ``shift_loss``.

Payoffs. R: not investing 0 (−w if struck); investing b − k (−k − w + (1 − φ)b if
struck). D: −ℓ if a shift goes through, −c if it strikes (both add up).

Solution concept: perfect Bayesian equilibrium. With 0 < π₀ < π₁ < 1 every information
set is reached, so PBE = Nash equilibria of the extensive game (:meth:`to_game`). With
perfect intelligence (π₁ = 1, π₀ = 0) an unobserved signal gets the only consistent
belief (alarm: invested; quiet: not).

**Closed forms** (derived here). D strikes iff its posterior on "invested" is at least
μ* = c/(φℓ). With A = (φb + w)π₁ − wπ₀ and B = φb − A, R's gain from investing is
Γ = (b − k) − s_a A − s_q B. Then:

- b < k: R never invests, D never strikes (``no_investment``).
- c > φℓ: D never strikes, R invests (``unopposed_investment``).
- Otherwise the equilibria are those of the following that exist:

  - **I, alarm-mixing** iff b − k < A: s_q = 0, s_a = (b − k)/A,
    x* = μ*π₀/(μ*π₀ + (1 − μ*)π₁); a share 1 − μ* of strikes hit non-investors.
  - **II, quiet-mixing** iff 0 < (b − k − A)/B < 1: s_a = 1, s_q = (b − k − A)/B,
    x* = μ*(1 − π₀)/(μ*(1 − π₀) + (1 − μ*)(1 − π₁)).
  - **III, sure war** iff (1 − φ)b > k: x* = 1, D always strikes.

  If B > 0 exactly one exists; if B < 0 and φb < b − k < A all three coexist.
- Perfect intelligence: R invests iff b − k > φb + w (and is then struck); otherwise
  the threat of a strike deters it and there is peace.

Knife edges (b = k, c = φℓ, b − k = A, b − k = φb, b − k = φb + w under perfect
intelligence) have continua of equilibria: :meth:`PreventionModel.equilibria` then lists
the extreme ones it knows and ``complete`` is False, and ``evaluate`` flags the point
as ``degenerate``.

Metrics, with P_I = π₁s_a + (1 − π₁)s_q and P_N = π₀s_a + (1 − π₀)s_q:
Pr(war) = x*P_I + (1 − x*)P_N; Pr(strike on a non-investor) = (1 − x*)P_N and its share
of all strikes; x*; the payoffs.

Floating point: two sides of a condition within 1e-12 of the point's largest |payoff|
(b, k, w, ℓ, c) are taken as equal (a knife edge, ``degenerate``), so a tie does not
depend on the units of the payoffs; exact numbers are compared exactly.

References
----------
.. [1] Debs, A. and Monteiro, N. P. (2014). Known unknowns: power shifts, uncertainty,
   and war. *International Organization* 68(1), 1-31.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from .._validation import is_exact_scalar
from ..errors import IncompleteResultWarning, InvalidParameterError
from ..games.extensive import ExtensiveGameBuilder
from ._numbers import held_fixed, is_exact_model, model_numbers, tie_band
from .protocol import Metric, Model, Parameter, check_parameter_values, first_where

__all__ = ["PreventionModel", "PreventionEquilibrium", "PREVENTION_REGIMES",
           "EQUILIBRIUM_KINDS"]

#: Codes of the ``regime`` metric.
PREVENTION_REGIMES = ("no_investment", "unopposed_investment", "alarm_mixing",
                      "quiet_mixing", "sure_war", "three_equilibria", "deterred",
                      "knife_edge")
#: Kinds of equilibrium.
EQUILIBRIUM_KINDS = ("no_investment", "unopposed_investment", "alarm_mixing",
                     "quiet_mixing", "sure_war", "deterred")

_REFS = ("Debs, A. and Monteiro, N. P. (2014). Known unknowns: power shifts, uncertainty, "
         "and war. International Organization 68(1), 1-31.",)


@dataclass(frozen=True)
class PreventionEquilibrium:
    """One PBE of the prevention game.

    Attributes
    ----------
    kind : str
        One of :data:`EQUILIBRIUM_KINDS`.
    investment : number
        x, R's probability of investing.
    strike_after_alarm, strike_after_quiet : number
        s_a and s_q.
    belief_after_alarm, belief_after_quiet : number
        D's posterior that R invested after each signal (for an unobserved signal under
        perfect intelligence, the consistent belief).
    war_probability, mistaken_strike_probability : number
        Pr(strike) and Pr(strike on a non-investor).
    mistaken_share : number or None
        Share of strikes that hit a non-investor (None without strikes).
    payoff_rising, payoff_declining : number
        Expected payoffs of R and D.
    """

    kind: str
    investment: Any
    strike_after_alarm: Any
    strike_after_quiet: Any
    belief_after_alarm: Any
    belief_after_quiet: Any
    war_probability: Any
    mistaken_strike_probability: Any
    mistaken_share: Any
    payoff_rising: Any
    payoff_declining: Any


_PARAMS = (
    Parameter("shift_gain", "R's gain from a shift that goes through", "b", low=0,
              low_open=True, default=2.0),
    Parameter("investment_cost", "R's cost of investing", "k", low=0, default=1.0),
    Parameter("strike_damage", "R's cost of being struck", "w", low=0, default=1.0),
    Parameter("shift_loss", "D's loss from a shift that goes through", "ℓ", low=0,
              low_open=True, default=2.0),
    Parameter("strike_cost", "D's cost of a preventive strike", "c", low=0, low_open=True,
              default=0.5),
    Parameter("strike_effectiveness", "probability that a strike stops the shift", "φ",
              low=0, high=1, low_open=True, default=1.0),
    Parameter("detection", "probability of an alarm if R invested", "π_1", low=0, high=1,
              low_open=True, default=0.8),
    Parameter("false_alarm", "probability of an alarm if R did not invest", "π_0", low=0,
              high=1, high_open=True, default=0.2),
)


def _check_signals(func, p1, p0):
    """``0 < false_alarm < detection < 1`` or perfect intelligence ``(1, 0)``, for
    scalars (the constructor) and arrays (``evaluate``) alike; the message names the
    first offending pair."""
    p1, p0 = np.broadcast_arrays(*(np.asarray(v, dtype=object if is_exact_scalar(v) else float)
                                   for v in (p1, p0)))
    bad = ~np.asarray(p0 < p1, dtype=bool)
    if np.any(bad):
        a, b = first_where(p1, bad), first_where(p0, bad)
        raise InvalidParameterError(
            f"{func}(): false_alarm must be < detection (an alarm must be evidence of "
            f"investment); got false_alarm={b} with detection={a}")
    bad = ~np.asarray(((0 < p0) & (p1 < 1)) | ((p0 == 0) & (p1 == 1)), dtype=bool)
    if np.any(bad):
        a, b = first_where(p1, bad), first_where(p0, bad)
        raise InvalidParameterError(
            f"{func}(): detection and false_alarm must satisfy 0 < false_alarm < "
            f"detection < 1 (every signal possible after both choices) or be perfect "
            f"intelligence (1, 0); got detection={a}, false_alarm={b}")


# Float path: two payoff expressions within TIE times the point's largest |payoff|
# (b, k, w, ℓ, c) are a tie (models._numbers.tie_band; see ``_compute``).


@dataclass(frozen=True)
class PreventionModel(Model):
    """Preventive war with noisy intelligence (our formalisation of Debs and Monteiro
    2014); see :mod:`secdilemma.models.prevention`.

    Parameters
    ----------
    shift_gain : float > 0
        b.
    investment_cost : float >= 0
        k.
    strike_damage : float >= 0
        w.
    shift_loss : float > 0
        ℓ.
    strike_cost : float > 0
        c.
    strike_effectiveness : float in (0, 1]
        φ.
    detection, false_alarm : float
        π₁ and π₀: 0 < π₀ < π₁ < 1, or (1, 0) (perfect intelligence).

    References
    ----------
    .. [1] Debs, A. and Monteiro, N. P. (2014). Known unknowns: power shifts,
       uncertainty, and war. *International Organization* 68(1), 1-31.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> m = PreventionModel(2, 1, 1, 2, F(1, 2), 1, F(4, 5), F(1, 5))
    >>> [(e.kind, e.investment, e.strike_after_alarm, e.war_probability)
    ...  for e in m.equilibria()]
    [('alarm_mixing', Fraction(1, 13), Fraction(5, 11), Fraction(16, 143))]
    """

    shift_gain: Any = 2
    investment_cost: Any = 1
    strike_damage: Any = 1
    shift_loss: Any = 2
    strike_cost: Any = Fraction(1, 2)
    strike_effectiveness: Any = 1
    detection: Any = Fraction(4, 5)
    false_alarm: Any = Fraction(1, 5)

    name: ClassVar[str] = "prevention"
    summary: ClassVar[str] = ("Debs and Monteiro (2014): secret militarisation, noisy "
                              "intelligence and preventive strikes; every PBE")
    method: ClassVar[str] = "closed forms (our formalisation of Debs and Monteiro 2014)"
    references: ClassVar[tuple] = _REFS
    PARAMETERS: ClassVar[tuple] = _PARAMS
    METRICS: ClassVar[tuple] = (
        Metric("regime", "which equilibria exist", "int8", PREVENTION_REGIMES),
        Metric("num_equilibria", "number of equilibria (extreme ones at knife edges)",
               "int64"),
        Metric("alarm_mixing_exists", "whether equilibrium I (D mixes after an alarm) exists",
               "bool"),
        Metric("quiet_mixing_exists", "whether equilibrium II (D mixes after quiet) exists",
               "bool"),
        Metric("sure_war_exists", "whether equilibrium III (invest, always struck) exists",
               "bool"),
        Metric("max_war_probability", "largest Pr(war) over the equilibria"),
        Metric("min_war_probability", "smallest Pr(war) over the equilibria"),
        Metric("max_investment", "largest Pr(R invests) over the equilibria"),
        Metric("min_investment", "smallest Pr(R invests) over the equilibria"),
        Metric("max_mistaken_strike_probability",
               "largest Pr(strike on a non-investor) over the equilibria"),
        Metric("min_mistaken_strike_probability",
               "smallest Pr(strike on a non-investor) over the equilibria"),
        Metric("strike_threshold", "mu* = c/(phi*l): D strikes iff its belief is at least this"),
    )

    def __post_init__(self):
        func = "PreventionModel"
        check_parameter_values(func, self)
        _check_signals(func, self.detection, self.false_alarm)

    @property
    def exact(self) -> bool:
        return is_exact_model(self)

    def _v(self):
        return model_numbers(self)

    def _band(self):
        """0 for exact numbers, else the float tie band (:func:`~secdilemma.models._numbers.tie_band`)."""
        if is_exact_model(self):
            return 0
        b, k, w, l, c = self._v()[:5]
        return float(tie_band(b, k, w, l, c))

    @property
    def strike_threshold(self):
        """μ* = c/(φℓ)."""
        b, k, w, l, c, phi, p1, p0 = self._v()
        return c / (phi * l)

    @property
    def critical_quality(self):
        """r̂ = (b − k + w)/(φb + 2w): with π₁ = r, π₀ = 1 − r, equilibrium I needs
        r > r̂ (alarm evidence strong enough to deter by mixed strikes)."""
        b, k, w, l, c, phi, p1, p0 = self._v()
        return (b - k + w) / (phi * b + 2 * w)

    # ------------------------------------------------------------------ equilibria
    def _make(self, kind, x, sa, sq):
        b, k, w, l, c, phi, p1, p0 = self._v()
        zero = 0 * b
        pi_ = p1 * sa + (1 - p1) * sq
        pn = p0 * sa + (1 - p0) * sq
        war = x * pi_ + (1 - x) * pn
        mistaken = (1 - x) * pn
        alarm = x * p1 + (1 - x) * p0
        quiet = 1 - alarm
        mu_a = x * p1 / alarm if alarm > 0 else (1 + zero if p0 == 0 else zero)
        mu_q = x * (1 - p1) / quiet if quiet > 0 else zero
        return PreventionEquilibrium(
            kind=kind, investment=x, strike_after_alarm=sa, strike_after_quiet=sq,
            belief_after_alarm=mu_a, belief_after_quiet=mu_q, war_probability=war,
            mistaken_strike_probability=mistaken,
            mistaken_share=(mistaken / war if war > 0 else None),
            payoff_rising=x * (b - k - pi_ * (w + phi * b)) + (1 - x) * (-w * pn),
            payoff_declining=-c * war - l * x * (1 - phi * pi_))

    def equilibria(self, *, warn: bool = True) -> list[PreventionEquilibrium]:
        """Every PBE (at knife edges: the extreme ones listed in the module docstring,
        with an :class:`~secdilemma.IncompleteResultWarning`; see :attr:`degenerate`).

        Returns
        -------
        list of PreventionEquilibrium
            In the order I, II, III for the interior case.
        """
        b, k, w, l, c, phi, p1, p0 = self._v()
        one, zero = 1 + 0 * b, 0 * b
        mu = c / (phi * l)
        if self.degenerate and warn:
            warnings.warn("PreventionModel.equilibria(): a knife-edge point (b = k, c = phi*l, "
                          "b - k = A, b - k = phi*b or, with perfect intelligence, "
                          "b - k = phi*b + w) has a continuum of equilibria; only extreme "
                          "ones are listed", IncompleteResultWarning, stacklevel=2)
        t, g = self._band(), b - k        # t: the float tie band (0 when exact)
        if g <= t:
            return [self._make("no_investment", zero, one if (p0 == 0 and mu <= 1) else zero,
                               zero)]
        if c - phi * l >= -t:
            return [self._make("unopposed_investment", one, zero, zero)]
        if p0 == 0 and p1 == 1:  # perfect intelligence: the alarm reveals investment
            if phi * b + w - g > t:
                return [self._make("deterred", zero, one, zero)]
            return [self._make("sure_war", one, one, zero)]
        A = (phi * b + w) * p1 - w * p0
        B = phi * b - A
        out = []
        if g - A <= t:
            x = mu * p0 / (mu * p0 + (1 - mu) * p1)
            out.append(self._make("alarm_mixing", x, g / A, zero))
        # 0 < (g − A)/B < 1: A < g < φb (B > 0) or φb < g < A (B < 0)
        if (g - A > t and phi * b - g > t) or (A - g > t and g - phi * b > t):
            x = mu * (1 - p0) / (mu * (1 - p0) + (1 - mu) * (1 - p1))
            out.append(self._make("quiet_mixing", x, one, (g - A) / B))
        if (1 - phi) * b - k >= -t:
            out.append(self._make("sure_war", one, one, one))
        return out

    @property
    def degenerate(self) -> bool:
        """Whether the parameters sit on a knife edge with a continuum of equilibria."""
        b, k, w, l, c, phi, p1, p0 = self._v()
        t, g = self._band(), b - k
        if abs(g) <= t or abs(c - phi * l) <= t:
            return True
        if g < -t or c - phi * l > t:
            return False
        if p0 == 0:
            return abs(g - (phi * b + w)) <= t
        A = (phi * b + w) * p1 - w * p0
        return abs(g - A) <= t or abs(g - phi * b) <= t

    # ------------------------------------------------------------------ the game
    def to_game(self):
        """The extensive game: R (player 0) invests or not; chance draws the signal;
        D (player 1, information sets ``D|alarm`` and ``D|quiet``) strikes or holds.
        Exact when the parameters are. With 0 < π₀ < π₁ < 1 its Nash equilibria (e.g.
        :func:`~secdilemma.solvers.extensive.solve_spe`) are the PBE."""
        b, k, w, l, c, phi, p1, p0 = self._v()
        gm = ExtensiveGameBuilder(players=["R", "D"])
        root = gm.decision(gm.root, "R", ["invest", "not"], infoset="R")
        for act, pa in (("invest", p1), ("not", p0)):
            sig = gm.chance(root[act], {"alarm": pa, "quiet": 1 - pa})
            for s in ("alarm", "quiet"):
                d = gm.decision(sig[s], "D", ["strike", "hold"], infoset=f"D|{s}")
                if act == "invest":
                    gm.terminal(d["strike"], (-k - w + (1 - phi) * b, -c - (1 - phi) * l))
                    gm.terminal(d["hold"], (b - k, -l))
                else:
                    gm.terminal(d["strike"], (-w, -c))
                    gm.terminal(d["hold"], (0 * b, 0 * b))
        return gm.build()

    # ------------------------------------------------------------------ sweeps
    @classmethod
    def _compute(cls, p, metrics, rng):
        b, k, w, l, c, phi, p1, p0 = (p[n] for n in cls.parameters)
        _check_signals(f"{cls.__name__}.evaluate", p1, p0)
        perfect = (p0 == 0) & (p1 == 1)
        shape = b.shape
        mu = c / (phi * l)
        A = (phi * b + w) * p1 - w * p0
        B = phi * b - A
        g = b - k
        # float tie band: the conditions compare sums of payoffs (b − k, A, φb, ...), so a
        # tie exact at one payoff scale is broken by rounding at another; two sides
        # within 1e-12 of the point's largest |payoff| are a tie (and degenerate)
        t = tie_band(b, k, w, l, c)
        none = g <= t
        unopp = ~none & (c - phi * l >= -t)
        interior = ~none & ~unopp & ~perfect
        perf = ~none & ~unopp & perfect
        with np.errstate(divide="ignore", invalid="ignore"):
            # candidate equilibria along a last axis: I, II, III, special
            x = np.full(shape + (4,), np.nan)
            sa = np.full(shape + (4,), np.nan)
            sq = np.full(shape + (4,), np.nan)
            e1 = interior & (g - A <= t)
            s_q2 = (g - A) / B
            # 0 < s_q2 < 1: A < g < φb (B > 0) or φb < g < A (B < 0)
            e2 = interior & (((g - A > t) & (phi * b - g > t))
                             | ((A - g > t) & (g - phi * b > t)))
            e3 = interior & ((1 - phi) * b - k >= -t)
            x[..., 0] = np.where(e1, mu * p0 / (mu * p0 + (1 - mu) * p1), np.nan)
            sa[..., 0] = np.where(e1, g / A, np.nan)
            sq[..., 0] = np.where(e1, 0.0, np.nan)
            x[..., 1] = np.where(e2, mu * (1 - p0) / (mu * (1 - p0) + (1 - mu) * (1 - p1)),
                                 np.nan)
            sa[..., 1] = np.where(e2, 1.0, np.nan)
            sq[..., 1] = np.where(e2, s_q2, np.nan)
            x[..., 2] = np.where(e3, 1.0, np.nan)
            sa[..., 2] = np.where(e3, 1.0, np.nan)
            sq[..., 2] = np.where(e3, 1.0, np.nan)
            deter = perf & (phi * b + w - g > t)
            x[..., 3] = np.where(none | deter, 0.0, np.where(unopp | perf, 1.0, np.nan))
            sa[..., 3] = np.where(none, np.where(perfect & (mu <= 1), 1.0, 0.0),
                                  np.where(unopp, 0.0, np.where(perf, 1.0, np.nan)))
            sq[..., 3] = np.where(none | unopp | perf, 0.0, np.nan)
            P1, P0 = p1[..., None], p0[..., None]
            pi_ = P1 * sa + (1 - P1) * sq
            pn = P0 * sa + (1 - P0) * sq
            war = x * pi_ + (1 - x) * pn
            mistaken = (1 - x) * pn
        exists = ~np.isnan(x)
        count = exists.sum(axis=-1)
        regime = np.full(shape, 7, dtype=np.int8)
        regime[none] = 0
        regime[unopp] = 1
        regime[perf & deter] = 6
        regime[perf & ~deter] = 4
        only = interior & (count == 1)
        regime[only & e1] = 2
        regime[only & e2] = 3
        regime[only & e3] = 4
        regime[interior & e1 & e2 & e3] = 5
        degenerate = (np.abs(g) <= t) | (np.abs(c - phi * l) <= t)
        degenerate |= interior & ((np.abs(g - A) <= t) | (np.abs(g - phi * b) <= t))
        degenerate |= perf & (np.abs(g - (phi * b + w)) <= t)
        out = {"regime": regime, "num_equilibria": count,
               "alarm_mixing_exists": e1, "quiet_mixing_exists": e2, "sure_war_exists": e3,
               "max_war_probability": np.nanmax(war, axis=-1),
               "min_war_probability": np.nanmin(war, axis=-1),
               "max_investment": np.nanmax(x, axis=-1), "min_investment": np.nanmin(x, axis=-1),
               "max_mistaken_strike_probability": np.nanmax(mistaken, axis=-1),
               "min_mistaken_strike_probability": np.nanmin(mistaken, axis=-1),
               "strike_threshold": mu}
        return {**{m: out[m] for m in metrics}, "degenerate": degenerate}

    @classmethod
    def critical_values(cls, parameter, fixed):
        """Switch points: ``strike_cost`` c = φℓ; ``investment_cost`` k = b,
        k = (1 − φ)b, k = b − A; ``detection`` (with ``false_alarm`` fixed) where
        A = b − k."""
        f = held_fixed(cls, parameter, fixed)
        b, w, phi = f.get("shift_gain"), f.get("strike_damage"), f.get("strike_effectiveness")
        if parameter == "strike_cost":
            return (phi * f["shift_loss"],)
        if parameter == "investment_cost":
            a = (phi * b + w) * f["detection"] - w * f["false_alarm"]
            return tuple(sorted({b, (1 - phi) * b, b - a}))
        if parameter == "detection":
            return (((b - f["investment_cost"]) + w * f["false_alarm"]) / (phi * b + w),)
        return ()
