"""War as a commitment problem under shifting power, with export controls.

Our formalisation of the commitment-problem logic of Powell (2006) (and of Fearon 1995's
commitment problems), extended with export controls. A declining state D and a rising
state R bargain over a good of size 1 per period, forever, with discount factor δ
(``discount``). At peace each period also yields trade gains G_e = G(1 − e)
(``trade_gain`` G, ``controls`` e ∈ [0, 1]) that can be divided. Each period the
proposer offers a split of 1 + G_e or attacks; the responder accepts or attacks. War is
absorbing: R wins with probability p_t, the winner takes the good forever, trade ends
and each side pays a cost every period, so the values of war are
W_R(p) = (p − d_R)/(1 − δ) and W_D(p) = (1 − p − d_D)/(1 − δ) (d_R =
``war_cost_rising``, d_D = ``war_cost_declining``).

Power: p_1 = p (``initial_power``) in period 1 and p_2 = p + Δ(e) from period 2 on,
with Δ(e) = s − λe (s = ``power_shift``, λ = ``control_effect``). D chooses the
controls e before period 1: they slow R's rise (λ) and destroy trade (G). After the
shift the proposer is fixed: β = ``post_shift_proposer`` is 0 (R proposes) or 1 (D
proposes). Random recognition (0 < β < 1) is not covered: the responder's acceptable
offer W − δV can then fall below zero, the non-negativity of offers binds, and the
post-shift value is no longer W_D(p_2) + βS₂; such β raise an error naming this
assumption. Assumption (interior war values, so post-shift offers are feasible):
d_R ≤ min(p_1, p_2) and d_D ≤ 1 − max(p_1, p_2).

Solution: subgame-perfect equilibrium (the outcome is unique off the boundaries).

**War condition.** After the shift, bargaining is stationary and peaceful (the surplus
S₂ = (d_D + d_R + G_e)/(1 − δ) is positive): D's value is V_D2 = W_D(p_2) + βS₂, R's is
V_R2 = W_R(p_2) + (1 − β)S₂. In period 1 the most D can get in peace is the whole flow
plus V_D2, so there is war in every SPE iff

- preventive war by D: δΔ(e) > T_D(e) := (1 − δ)(p + d_D + G_e) + δβ(d_D + d_R + G_e), or
- war by R, closing its window: −δΔ(e) > T_R(e) := (1 − δ)(1 − p + d_R + G_e)
  + δ(1 − β)(d_D + d_R + G_e);

otherwise there is peace (whoever proposes in period 1). With β = 0 and no controls, war
iff s > s* = (1 − δ)(p + d_D + G)/δ (Powell's "large, rapid shifts").

**Export controls.** δΔ(e) − T_D(e) falls with e at rate δλ − G(1 − δ + δβ): controls
**prevent** war iff δλ > G(1 − δ + δβ), then war iff e < e* = (δs − T_D(0))/(δλ −
G(1 − δ + δβ)); otherwise they **provoke** it (war iff e > e*). Controls that reverse
the shift can make R strike: war by R iff e > e_R = (δs + T_R(0))/(δλ + G(1 − δβ)),
so peace may need e in a window.

**Uncertain shift.** A shift drawn after the controls and revealed publicly *after*
period 1 matters only through E[Δ] (the post-shift values are linear in p_2): ``war``
uses the mean. Revealed publicly *before* period-1 bargaining, each realisation is a
game of complete information: ``war_probability`` is the probability, for a shift
uniform on [s − σ, s + σ] (σ = ``shift_spread``), that the realised shift is a war
shift.

References
----------
.. [1] Powell, R. (2006). War as a commitment problem. *International Organization*
   60(1), 169-203.
.. [2] Fearon, J. D. (1995). Rationalist explanations for war. *International
   Organization* 49(3), 379-414.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from .._validation import is_exact_scalar
from ..errors import InvalidParameterError
from ._numbers import held_fixed, model_numbers
from .protocol import Metric, Model, Parameter, check_parameter_values

__all__ = ["PowerShiftModel", "WAR_BY", "CONTROL_EFFECTS"]

#: Codes of the ``war_by`` metric.
WAR_BY = ("peace", "preventive_war", "rising_war")
#: Codes of the ``controls_effect`` metric.
CONTROL_EFFECTS = ("prevent", "provoke", "neutral")

_REFS = ("Powell, R. (2006). War as a commitment problem. International Organization "
         "60(1), 169-203.",
         "Fearon, J. D. (1995). Rationalist explanations for war. International "
         "Organization 49(3), 379-414.")

_PARAMS = (
    Parameter("initial_power", "R's probability of winning a war before the shift", "p",
              low=0, high=1),
    Parameter("power_shift", "increase of R's war chance from period 2 without controls", "s",
              default=0.2),
    Parameter("discount", "per-period discount factor", "δ", low=0, high=1, low_open=True,
              high_open=True, default=0.8),
    Parameter("war_cost_declining", "D's per-period cost of war", "d_D", low=0, default=0.05),
    Parameter("war_cost_rising", "R's per-period cost of war", "d_R", low=0, default=0.05),
    Parameter("trade_gain", "per-period gains from trade at peace without controls", "G",
              low=0, default=0.1),
    Parameter("controls", "export controls set by D (0 none, 1 the most)", "e", low=0, high=1,
              default=0.0),
    Parameter("control_effect", "slowdown of the shift per unit of controls", "λ", low=0,
              default=0.0),
    Parameter("post_shift_proposer", "who proposes after the shift: 0 rising, 1 declining",
              "β", low=0, high=1, default=0.0),
    Parameter("shift_spread", "half-width of a uniform uncertainty about the shift", "σ",
              low=0, default=0.0),
)


def _check_assumptions(func, p, s, d, dd, dr, g, e, lam, beta, sigma):
    """Cross-parameter assumptions (arrays or scalars)."""
    vals = (p, s, d, dd, dr, g, e, lam, beta, sigma)
    dtype = object if all(is_exact_scalar(v) for v in vals) else float
    arrs = np.broadcast_arrays(*(np.asarray(v, dtype=dtype) for v in vals))
    p, s, d, dd, dr, g, e, lam, beta, sigma = arrs
    bad = np.asarray((beta != 0) & (beta != 1), dtype=bool)
    if np.any(bad):
        raise InvalidParameterError(
            f"{func}(): post_shift_proposer must be 0 (rising state proposes) or 1 (declining "
            f"state proposes); got {_fmt(beta[bad].ravel()[0])}: random recognition "
            f"(0 < beta < 1) breaks the closed form's assumption of interior offers (the "
            f"responder's acceptable offer W - delta*V can fall below zero)")
    mean = p + s - lam * e
    low = np.atleast_1d(np.asarray(mean - sigma, dtype=dtype))
    high = np.atleast_1d(np.asarray(mean + sigma, dtype=dtype))
    p, dd, dr = (np.atleast_1d(v) for v in (p, dd, dr))
    if dtype is float:  # vectorised
        ok_r = dr <= np.minimum(p, low)
        ok_d = dd <= 1 - np.maximum(p, high)
    else:  # exact, element by element
        ok_r = np.array([a <= min(b, c) for a, b, c in np.broadcast(dr, p, low)])
        ok_d = np.array([a <= 1 - max(b, c) for a, b, c in np.broadcast(dd, p, high)])
    checks = ((np.asarray(ok_r).ravel(), "war_cost_rising must be <= min(p_1, p_2) (R's war "
               "value interior)", dr),
              (np.asarray(ok_d).ravel(), "war_cost_declining must be <= 1 - max(p_1, p_2) (D's "
               "war value interior)", dd))
    for ok, rule, val in checks:
        if not ok.all():
            i = int(np.flatnonzero(~ok)[0])
            raise InvalidParameterError(
                f"{func}(): {rule}; got {_fmt(val.ravel()[i])} with p_1 = {_fmt(p.ravel()[i])} "
                f"and p_2 in [{_fmt(low.ravel()[i])}, {_fmt(high.ravel()[i])}]")


def _fmt(v):
    return str(v) if isinstance(v, Fraction) else repr(float(v))


def _thresholds(p, d, dd, dr, g, e, beta):
    ge = g * (1 - e)
    t_d = (1 - d) * (p + dd + ge) + d * beta * (dd + dr + ge)
    t_r = (1 - d) * (1 - p + dr + ge) + d * (1 - beta) * (dd + dr + ge)
    return t_d, t_r


@dataclass(frozen=True)
class PowerShiftModel(Model):
    """The commitment problem with export controls (our formalisation of Powell 2006).

    See :mod:`secdilemma.models.power_shift` for the game, the assumptions and the
    derivation.

    Parameters
    ----------
    initial_power : float in [0, 1]
        p = p_1.
    power_shift : float
        s (negative: R declines).
    discount : float in (0, 1)
        δ.
    war_cost_declining, war_cost_rising : float >= 0
        d_D and d_R (per period).
    trade_gain : float >= 0
        G.
    controls : float in [0, 1]
        e.
    control_effect : float >= 0
        λ.
    post_shift_proposer : 0 or 1
        β (0: R proposes after the shift; 1: D proposes).
    shift_spread : float >= 0
        σ: the shift is uniform on [s − σ, s + σ].

    References
    ----------
    .. [1] Powell, R. (2006). War as a commitment problem. *International Organization*
       60(1), 169-203.

    Examples
    --------
    Controls that slow the shift more than they cost in trade prevent a preventive war:

    >>> from fractions import Fraction as F
    >>> m = PowerShiftModel(F(3, 10), F(1, 5), F(4, 5), F(1, 20), F(1, 20), F(1, 10),
    ...                     0, F(3, 20))
    >>> m.war_by, m.critical_shift, m.controls_effect, m.controls_threshold
    ('preventive_war', Fraction(9, 80), 'prevent', Fraction(7, 10))
    >>> m.with_controls(1).war_by
    'peace'
    """

    initial_power: Any
    power_shift: Any = Fraction(1, 5)
    discount: Any = Fraction(4, 5)
    war_cost_declining: Any = Fraction(1, 20)
    war_cost_rising: Any = Fraction(1, 20)
    trade_gain: Any = Fraction(1, 10)
    controls: Any = 0
    control_effect: Any = 0
    post_shift_proposer: Any = 0
    shift_spread: Any = 0

    name: ClassVar[str] = "power_shift"
    summary: ClassVar[str] = ("Powell (2006): war as a commitment problem under a shift in "
                              "power, with export controls that slow it and cost trade")
    method: ClassVar[str] = "closed forms (our formalisation of Powell 2006)"
    references: ClassVar[tuple] = _REFS
    no_game_reason: ClassVar[str] = ("an infinite-horizon bargaining game with a continuum "
                                     "of offers; the SPE is in closed form")
    to_game = None
    PARAMETERS: ClassVar[tuple] = _PARAMS
    METRICS: ClassVar[tuple] = (
        Metric("war", "whether there is war in every SPE (shift revealed after period 1)",
               "bool"),
        Metric("war_by", "who starts the war", "int8", WAR_BY),
        Metric("war_probability", "Pr(war) when the uniform shift is revealed before "
               "period-1 bargaining"),
        Metric("declining_war_premium", "D's war value minus its best peace value, per "
               "period ((1 - delta) times the difference)"),
        Metric("rising_war_premium", "R's war value minus its best peace value, per period"),
        Metric("critical_shift", "largest shift s without preventive war by D at these controls"),
        Metric("controls_effect", "whether more controls prevent or provoke D's war",
               "int8", CONTROL_EFFECTS),
        Metric("controls_threshold", "e* where D's war condition changes (NaN: none)"),
        Metric("rising_controls_threshold", "e_R above which R strikes (NaN if beyond reach)"),
    )

    # ------------------------------------------------------------------ checks
    def __post_init__(self):
        func = "PowerShiftModel"
        check_parameter_values(func, self)
        _check_assumptions(func, *(getattr(self, n) for n in (
            "initial_power", "power_shift", "discount", "war_cost_declining",
            "war_cost_rising", "trade_gain", "controls", "control_effect",
            "post_shift_proposer", "shift_spread")))

    def _v(self):
        return model_numbers(self)

    def with_controls(self, controls) -> "PowerShiftModel":
        """The same model with other controls."""
        kw = {f.name: getattr(self, f.name) for f in fields(self)}
        kw["controls"] = controls
        return PowerShiftModel(**kw)

    # ------------------------------------------------------------------ closed forms
    @property
    def shift(self):
        """Δ(e) = s − λe (the mean shift)."""
        p, s, d, dd, dr, g, e, lam, beta, sig = self._v()
        return s - lam * e

    @property
    def thresholds(self):
        """(T_D(e), T_R(e))."""
        p, s, d, dd, dr, g, e, lam, beta, sig = self._v()
        return _thresholds(p, d, dd, dr, g, e, beta)

    @property
    def war_by(self) -> str:
        """``"preventive_war"`` (D strikes), ``"rising_war"`` (R strikes) or ``"peace"``."""
        d = self._v()[2]
        t_d, t_r = self.thresholds
        if d * self.shift > t_d:
            return "preventive_war"
        if -d * self.shift > t_r:
            return "rising_war"
        return "peace"

    @property
    def degenerate(self) -> bool:
        """Whether a war condition holds with equality (a state is indifferent between
        war and its best peace: both outcomes are SPE)."""
        d = self._v()[2]
        t_d, t_r = self.thresholds
        return d * self.shift == t_d or -d * self.shift == t_r

    @property
    def critical_shift(self):
        """s* = λe + T_D(e)/δ: D fights a preventive war iff s > s*."""
        p, s, d, dd, dr, g, e, lam, beta, sig = self._v()
        return lam * e + self.thresholds[0] / d

    @property
    def controls_slope(self):
        """δλ − G(1 − δ + δβ): positive iff controls prevent D's war."""
        p, s, d, dd, dr, g, e, lam, beta, sig = self._v()
        return d * lam - g * (1 - d + d * beta)

    @property
    def controls_effect(self) -> str:
        k = self.controls_slope
        return "prevent" if k > 0 else "provoke" if k < 0 else "neutral"

    @property
    def controls_threshold(self):
        """e* = (δs − T_D(0))/(δλ − G(1 − δ + δβ)) (None if the slope is 0)."""
        p, s, d, dd, dr, g, e, lam, beta, sig = self._v()
        k = self.controls_slope
        if k == 0:
            return None
        return (d * s - _thresholds(p, d, dd, dr, g, 0 * e, beta)[0]) / k

    @property
    def rising_controls_threshold(self):
        """e_R = (δs + T_R(0))/(δλ + G(1 − δβ)): R strikes iff e > e_R (None if the
        controls cannot move R's condition)."""
        p, s, d, dd, dr, g, e, lam, beta, sig = self._v()
        k = d * lam + g * (1 - d * beta)
        if k == 0:
            return None
        return (d * s + _thresholds(p, d, dd, dr, g, 0 * e, beta)[1]) / k

    def values(self, shifts=None, probabilities=None) -> dict:
        """The values behind the war condition, for a shift drawn from a finite
        distribution revealed publicly after period 1 (default: the mean shift for sure).

        Returns
        -------
        dict
            ``war_value_declining`` W_D(p), ``war_value_rising`` W_R(p),
            ``post_shift_declining`` E[V_D2], ``post_shift_rising`` E[V_R2],
            ``declining_war_premium`` W_D(p) − (1 + G_e + δE[V_D2]) and
            ``rising_war_premium`` W_R(p) − (1 + G_e + δE[V_R2]) (positive: that state
            strikes in period 1).

        Examples
        --------
        The premium depends on the shift only through its mean (publicly revealed
        after period 1):

        >>> from fractions import Fraction as F
        >>> m = PowerShiftModel(F(3, 10), F(1, 5), F(4, 5), F(1, 20), F(1, 20), F(1, 10))
        >>> m.values()["declining_war_premium"]
        Fraction(7, 20)
        >>> m.values([0, F(2, 5)], [F(1, 2), F(1, 2)])["declining_war_premium"]
        Fraction(7, 20)
        """
        func = "PowerShiftModel.values"
        p, s, d, dd, dr, g, e, lam, beta, sig = self._v()
        if shifts is None:
            shifts, probabilities = [s], [1]
        shifts, probabilities = list(shifts), list(probabilities)
        if len(shifts) != len(probabilities) or not shifts:
            raise InvalidParameterError(f"{func}(): shifts and probabilities must have the same "
                                        f"non-zero length; got {len(shifts)} and "
                                        f"{len(probabilities)}")
        # probabilities: scale-free, an absolute tolerance is fine
        if any(q < 0 for q in probabilities) or abs(sum(probabilities) - 1) > 1e-12:
            raise InvalidParameterError(f"{func}(): probabilities must be >= 0 and sum to 1; "
                                        f"got {probabilities}")
        for x in shifts:
            _check_assumptions(func, p, x, d, dd, dr, g, e, lam, beta, 0)
        ge = g * (1 - e)
        surplus = (dd + dr + ge) / (1 - d)
        wd = (1 - p - dd) / (1 - d)
        wr = (p - dr) / (1 - d)
        vd2 = sum(q * ((1 - (p + x - lam * e) - dd) / (1 - d) + beta * surplus)
                  for x, q in zip(shifts, probabilities))
        vr2 = sum(q * ((p + x - lam * e - dr) / (1 - d) + (1 - beta) * surplus)
                  for x, q in zip(shifts, probabilities))
        return {"war_value_declining": wd, "war_value_rising": wr,
                "post_shift_declining": vd2, "post_shift_rising": vr2,
                "declining_war_premium": wd - (1 + ge + d * vd2),
                "rising_war_premium": wr - (1 + ge + d * vr2)}

    # ------------------------------------------------------------------ sweeps
    @classmethod
    def _compute(cls, p, metrics, rng):
        p1, s, d, dd, dr, g, e, lam, beta, sig = (p[n] for n in cls.parameters)
        _check_assumptions(f"{cls.__name__}.evaluate", p1, s, d, dd, dr, g, e, lam, beta, sig)
        t_d, t_r = _thresholds(p1, d, dd, dr, g, e, beta)
        t_d0, t_r0 = _thresholds(p1, d, dd, dr, g, 0.0, beta)
        delta = s - lam * e
        d_war = d * delta > t_d
        r_war = -d * delta > t_r
        out: dict = {"war": d_war | r_war,
                     "war_by": np.where(d_war, 1, np.where(r_war, 2, 0))}
        s_d = lam * e + t_d / d  # D strikes iff the realised shift exceeds s_d
        s_r = lam * e - t_r / d  # R strikes iff it is below s_r
        with np.errstate(divide="ignore", invalid="ignore"):
            width = 2 * sig
            pd = np.where(sig > 0, np.clip((s + sig - s_d) / width, 0, 1),
                          (s > s_d).astype(float))
            pr = np.where(sig > 0, np.clip((s_r - (s - sig)) / width, 0, 1),
                          (s < s_r).astype(float))
            out["war_probability"] = pd + pr
            out["declining_war_premium"] = d * delta - t_d
            out["rising_war_premium"] = -d * delta - t_r
            out["critical_shift"] = s_d
            slope = d * lam - g * (1 - d + d * beta)
            out["controls_effect"] = np.where(slope > 0, 0, np.where(slope < 0, 1, 2))
            out["controls_threshold"] = np.where(slope != 0, (d * s - t_d0) / slope, np.nan)
            k_r = d * lam + g * (1 - d * beta)
            out["rising_controls_threshold"] = np.where(k_r > 0, (d * s + t_r0) / k_r, np.nan)
        out["degenerate"] = (d * delta == t_d) | (-d * delta == t_r)
        return {**{m: out[m] for m in metrics}, "degenerate": out["degenerate"]}

    @classmethod
    def critical_values(cls, parameter, fixed):
        """Closed-form switch points: for ``controls`` e* and e_R (inside [0, 1]); for
        ``power_shift`` the shifts s_D = λe + T_D/δ and s_R = λe − T_R/δ; for
        ``discount`` δ* where δΔ = T_D."""
        f = held_fixed(cls, parameter, fixed)
        p1, s, d = f.get("initial_power"), f.get("power_shift"), f.get("discount")
        dd, dr, g = f["war_cost_declining"], f["war_cost_rising"], f["trade_gain"]
        e, lam, beta = f.get("controls"), f["control_effect"], f["post_shift_proposer"]
        out = []
        if parameter == "controls":
            t_d0, t_r0 = _thresholds(p1, d, dd, dr, g, 0.0, beta)
            slope = d * lam - g * (1 - d + d * beta)
            if slope != 0:
                out.append((d * s - t_d0) / slope)
            k_r = d * lam + g * (1 - d * beta)
            if k_r > 0:
                out.append((d * s + t_r0) / k_r)
            out = [x for x in out if 0 <= x <= 1]
        elif parameter == "power_shift":
            t_d, t_r = _thresholds(p1, d, dd, dr, g, e, beta)
            out = [lam * e + t_d / d, lam * e - t_r / d]
        elif parameter == "discount":
            ge = g * (1 - e)
            a = p1 + dd + ge
            den = (s - lam * e) + a - beta * (dd + dr + ge)
            if den != 0 and 0 < a / den < 1:
                out.append(a / den)
        return tuple(sorted(out))
