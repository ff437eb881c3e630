"""Reproductions of bargaining, shifting power and prevention (our formalisations).

The sources state mechanisms, not these numbers: every check compares the package with
a vector derived by hand (exact fractions) for our formalisation, or with the general
solver on the model's finite game.

``fearon-risk-return``
    :class:`~secdilemma.models.bargaining.RiskReturnModel` and
    :class:`~secdilemma.models.bargaining.ScreeningModel` (Fearon 1995): Pr(war) of the
    risk–return offer against the spread of resolve for several costs of war. Checks:
    the interior and corner uniform vectors, the scipy (bracketing) path at the interior
    vector, the screening threshold and both sides of it, and solve_spe on the screening
    game.
``powell-export-controls``
    :class:`~secdilemma.models.power_shift.PowerShiftModel` (Powell 2006 logic): the
    war/peace regimes over export controls × the shift, with Pr(war) contours for an
    uncertain shift. Checks: the vectors in which controls prevent war, provoke it, the
    mean-shift invariance and the declining state as post-shift proposer.
``debs-monteiro-prevention``
    :class:`~secdilemma.models.prevention.PreventionModel` (Debs and Monteiro 2014
    logic): the prevention regimes over intelligence quality × the cost of a strike,
    with Pr(war) contours. Checks: the alarm-mixing, quiet-mixing, sure-war and
    transparency vectors, the cost sweep, the switch at r̂, and solve_spe's equilibria
    (including three coexisting ones).
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np

from ..models.bargaining import RiskReturnModel, ScreeningModel, risk_return_offer
from ..models.power_shift import WAR_BY, PowerShiftModel
from ..models.prevention import PREVENTION_REGIMES, PreventionModel
from ..plotting.power_shift import bargaining_plot, power_shift_map, prevention_map
from ..solvers.extensive import solve_spe
from .entry import Check, Reproduction

__all__ = ["compute_risk_return", "check_risk_return", "RISK_RETURN",
           "compute_export_controls", "check_export_controls", "EXPORT_CONTROLS",
           "compute_prevention", "check_prevention", "PREVENTION", "ENTRIES"]


# ---------------------------------------------------------------------------------------
# (a) Fearon: the risk-return trade-off

def _spe_offers(model):
    """A's offers in the SPE of the screening game in which indifferent types accept."""
    res = solve_spe(model.to_game(), exact=True, warn=False)

    def act(e, infoset):
        row = e.behaviour[infoset]
        return max(row, key=row.get)

    return " ".join(sorted({act(e, "A") for e in res
                            if act(e, "B|resolved|safe") == "accept"
                            and act(e, "B|unresolved|screen") == "accept"}))


def compute_risk_return():
    """Pr(war), offer and payoffs over the spread of resolve × A's cost of war, and the
    exact vectors.

    Returns
    -------
    xarray.Dataset
        Over ``cost_high`` (c_lo = 0, so the spread) × ``cost_a``; attributes with the
        exact values of the vectors (as ``p/q`` strings) and the solver's offers.
    """
    import xarray as xr  # measured import cost: loaded on first use
    from scipy import stats  # measured import cost: loaded on first use

    hi = np.linspace(0.005, 1.0, 400)
    ca = np.array([0.0, 0.1, 0.2, 0.3])
    out = RiskReturnModel.evaluate({"war_chance": 0.9, "cost_a": ca[None, :],
                                    "cost_low": 0.0, "cost_high": hi[:, None]})
    ds = xr.Dataset({k: (("cost_high", "cost_a"), np.asarray(v)) for k, v in out.items()},
                    coords={"cost_high": hi, "cost_a": ca})
    a = risk_return_offer(F(1, 2), F(1, 10), cost_low=0, cost_high=F(2, 5))
    c = risk_return_offer(F(1, 2), F(3, 20), cost_low=F(1, 5), cost_high=F(1, 2))
    num = risk_return_offer(0.5, 0.1, stats.uniform(0, 0.4))
    low = ScreeningModel(F(1, 2), F(1, 10), F(1, 20), F(3, 10), F(1, 5))
    high = ScreeningModel(F(1, 2), F(1, 10), F(1, 20), F(3, 10), F(7, 10))
    ds.attrs = {
        "title": "Fearon (1995), our formalisation: the risk-return trade-off",
        "war_chance": 0.9, "cost_low": 0.0,
        "f1a_offer": str(a.offer), "f1a_war": str(a.war_probability),
        "f1a_payoff": str(a.payoff_a),
        "f1c_offer": str(c.offer), "f1c_war": str(c.war_probability),
        "f1c_payoff": str(c.payoff_a),
        "f1a_scipy_offer": num.offer, "f1a_scipy_war": num.war_probability,
        "f1d_threshold": str(low.critical_share),
        "f1d_low_war": str(low.war_probability), "f1d_low_payoffs": " ".join(
            str(v) for v in low._values()),
        "f1d_high_war": str(high.war_probability), "f1d_high_payoffs": " ".join(
            str(v) for v in high._values()),
        "f1d_low_spe": _spe_offers(low), "f1d_high_spe": _spe_offers(high),
    }
    return ds


def check_risk_return(ds) -> list[Check]:
    """The vectors F1-a, F1-c, F1-d, the scipy path and solve_spe."""
    a = ds.attrs
    # Derivations (uniform c_B: z* = max(c_lo, (c_hi - c_A)/2), x* = p - z*, Pr(war) = F(z*),
    # A's payoff (1 - p + z)(1 - F(z)) + (1 - p - c_A)F(z)):
    # F1-a, p = 1/2, c_A = 1/10, U[0, 2/5]: z* = 3/20, x* = 7/20, Pr(war) = (3/20)/(2/5) =
    #   3/8, payoff (13/20)(5/8) + (2/5)(3/8) = 13/32 + 3/20 = 89/160.
    # F1-c, c_A = 3/20, U[1/5, 1/2]: (1/2 - 3/20)/2 = 7/40 < 1/5, so z* = 1/5, x* = 3/10,
    #   no war, payoff 1 - p + 1/5 = 7/10.
    # F1-d, c_L = 1/20, c_H = 3/10: q* = (c_H - c_L)/(c_H + c_A) = (1/4)/(2/5) = 5/8; safe
    #   offer p - c_L = 9/20 pays 11/20; screening offer p - c_H = 1/5 pays (1 - q)(4/5) +
    #   q(2/5): 18/25 at q = 1/5 (screen, Pr(war) = q), 13/25 < 11/20 at q = 7/10 (safe).
    checks = [
        Check.compare("F1-a: offer x*", F(a["f1a_offer"]), F(7, 20)),
        Check.compare("F1-a: Pr(war)", F(a["f1a_war"]), F(3, 8)),
        Check.compare("F1-a: A's payoff", F(a["f1a_payoff"]), F(89, 160)),
        Check.compare("F1-a by bracketing the FOC (scipy uniform): offer",
                      float(a["f1a_scipy_offer"]), 0.35, tol=1e-12),
        Check.compare("F1-a by bracketing the FOC (scipy uniform): Pr(war)",
                      float(a["f1a_scipy_war"]), 0.375, tol=1e-12),
        Check.compare("F1-c (corner): offer", F(a["f1c_offer"]), F(3, 10)),
        Check.compare("F1-c (corner): Pr(war)", F(a["f1c_war"]), F(0)),
        Check.compare("F1-c (corner): A's payoff", F(a["f1c_payoff"]), F(7, 10)),
        Check.compare("F1-d: screening threshold q*", F(a["f1d_threshold"]), F(5, 8)),
        Check.compare("F1-d, q = 1/5: Pr(war)", F(a["f1d_low_war"]), F(1, 5)),
        Check.compare("F1-d, q = 1/5: A's payoffs (safe, screen)", a["f1d_low_payoffs"],
                      "11/20 18/25"),
        Check.compare("F1-d, q = 1/5: solve_spe offer", a["f1d_low_spe"], "screen"),
        Check.compare("F1-d, q = 7/10: Pr(war)", F(a["f1d_high_war"]), F(0)),
        Check.compare("F1-d, q = 7/10: A's payoffs (safe, screen)", a["f1d_high_payoffs"],
                      "11/20 13/25"),
        Check.compare("F1-d, q = 7/10: solve_spe offer", a["f1d_high_spe"], "safe"),
    ]
    war = ds["war_probability"].transpose("cost_high", "cost_a").values
    hi = ds["cost_high"].values[:, None]
    ca = ds["cost_a"].values[None, :]
    checks.append(Check.compare("sweep: Pr(war) = max(0, (c_hi - c_A)/(2 c_hi)) (c_lo = 0)",
                                float(np.max(np.abs(war - np.maximum(0, (hi - ca) / (2 * hi))))),
                                0.0, tol=1e-15))
    return checks


RISK_RETURN = Reproduction(
    name="fearon-risk-return",
    title=("Fearon (1995), our formalisation: the risk-return trade-off and the screening "
           "offer under private information about the cost of war"),
    citation="fearon1995",
    compute=compute_risk_return,
    check=check_risk_return,
    draw=bargaining_plot,
    figsize=(3.4, 2.6),
)


# ---------------------------------------------------------------------------------------
# (b) Powell: export controls and the commitment problem

#: F1-e's parameters (exact).
F1E = dict(initial_power=F(3, 10), power_shift=F(1, 5), discount=F(4, 5),
           war_cost_declining=F(1, 20), war_cost_rising=F(1, 20), trade_gain=F(1, 10),
           controls=0, control_effect=F(3, 20))
F1F = dict(initial_power=F(1, 5), power_shift=F(3, 20), discount=F(4, 5),
           war_cost_declining=F(1, 20), war_cost_rising=F(1, 20), trade_gain=F(1, 2),
           controls=0, control_effect=F(1, 20))
#: Map: even power (p = 1/2), F1-e's costs and a strong slowdown (λ = 0.35), so that both
#: sides' wars appear.
MAP_FIXED = dict(initial_power=0.5, discount=0.8, war_cost_declining=0.05,
                 war_cost_rising=0.05, trade_gain=0.1, control_effect=0.35,
                 post_shift_proposer=0.0)
MAP_SPREAD = 0.05


def compute_export_controls():
    """Regimes over controls × shift (p = 1/2, F1-e's costs, λ = 0.35), Pr(war) for a shift
    uniform on ±0.05 revealed before bargaining, and the exact vectors.

    Returns
    -------
    xarray.Dataset
        ``war_by``, ``critical_shift``, ``war_probability`` (σ = 0) and
        ``uncertain_war_probability`` (σ = 0.05) over ``controls`` × ``power_shift``;
        attributes with the vectors as ``p/q`` strings.
    """
    import xarray as xr  # measured import cost: loaded on first use

    e = np.linspace(0.0, 1.0, 301)
    s = np.linspace(0.0, 0.38, 229)
    grid = {"controls": e[:, None], "power_shift": s[None, :], **MAP_FIXED}
    sure = PowerShiftModel.evaluate({**grid, "shift_spread": 0.0})
    unc = PowerShiftModel.evaluate({**grid, "shift_spread": MAP_SPREAD},
                                   ["war_probability"])
    dims = ("controls", "power_shift")
    ds = xr.Dataset({k: (dims, np.asarray(v)) for k, v in sure.items()},
                    coords={"controls": e, "power_shift": s})
    ds["uncertain_war_probability"] = (dims, unc["war_probability"])
    ds["war_by"].attrs.update({"flag_values": np.arange(3, dtype=np.int8),
                               "flag_meanings": " ".join(WAR_BY)})
    ds["war"] = ds["war"].astype(np.int8)
    ds["degenerate"] = ds["degenerate"].astype(np.int8)
    me, mf = PowerShiftModel(**F1E), PowerShiftModel(**F1F)
    mh = PowerShiftModel(**{**F1E, "control_effect": 0})
    mi = PowerShiftModel(**F1E, post_shift_proposer=1)
    attrs = {"title": "Powell (2006) logic, our formalisation: export controls and the "
                      "commitment problem",
             "fixed": " ".join(f"{k}={v}" for k, v in MAP_FIXED.items()),
             "shift_spread": MAP_SPREAD}
    for key, m in (("e0", me), ("e1", me.with_controls(1)), ("f0", mf),
                   ("f1", mf.with_controls(1)), ("i", mi)):
        attrs[f"{key}_pressure"] = str(m.discount * m.shift)
        attrs[f"{key}_threshold"] = str(m.thresholds[0])
        attrs[f"{key}_outcome"] = m.war_by
    attrs["e_critical_shift"] = str(me.critical_shift)
    attrs["e_slope"] = str(me.controls_slope)
    attrs["e_star"] = str(me.controls_threshold)
    attrs["f_slope"] = str(mf.controls_slope)
    attrs["f_star"] = str(mf.controls_threshold)
    attrs["h_premium"] = str(mh.values()["declining_war_premium"])
    attrs["h_premium_lottery"] = str(mh.values([0, F(2, 5)], [F(1, 2), F(1, 2)])
                                     ["declining_war_premium"])
    ds.attrs = attrs
    return ds


def check_export_controls(ds) -> list[Check]:
    """The vectors F1-e, F1-f, F1-h, F1-i and the swept boundary."""
    a = ds.attrs
    q = F
    # Derivations (β = 0 unless stated, T_D(e) = (1 - δ)(p + d + G(1 - e)) + δβ(2d + G_e),
    # Δ(e) = s - λe, preventive war iff δΔ(e) > T_D(e)):
    # F1-e (p, s, δ, d, G, λ) = (3/10, 1/5, 4/5, 1/20, 1/10, 3/20): δΔ(0) = 4/25 >
    #   T_D(0) = (1/5)(9/20) = 9/100; s* = T_D(0)/δ = 9/80; δλ - (1 - δ)G = 12/100 - 2/100 =
    #   1/10; e* = (4/25 - 9/100)/(1/10) = 7/10; δΔ(1) = (4/5)(1/20) = 1/25 < T_D(1) =
    #   (1/5)(7/20) = 7/100.
    # F1-f (1/5, 3/20, 4/5, 1/20, 1/2, 1/20): δΔ(0) = 3/25 < T_D(0) = (1/5)(3/4) = 3/20;
    #   slope 1/25 - 1/10 = -3/50; war iff 3/25 - e/25 > 3/20 - e/10, e > (3/100)/(6/100) =
    #   1/2; δΔ(1) = (4/5)(1/10) = 2/25 > T_D(1) = (1/5)(1/4) = 1/20.
    # F1-h: W_D(3/10) = (13/20)/(1/5) = 13/4; 1 + G + δW_D(1/2) = 11/10 + (4/5)(9/4) = 29/10;
    #   premium 13/4 - 29/10 = 7/20, the same for s in {0, 2/5} (linear in p_2, mean 1/5).
    # F1-i (β = 1): T_D = 9/100 + (4/5)(1/20 + 1/20 + 1/10) = 1/4 > 4/25: peace.
    checks = [
        Check.compare("F1-e, e = 0: delta*Delta", q(a["e0_pressure"]), F(4, 25)),
        Check.compare("F1-e, e = 0: T_D", q(a["e0_threshold"]), F(9, 100)),
        Check.compare("F1-e, e = 0: outcome", a["e0_outcome"], "preventive_war"),
        Check.compare("F1-e: s*", q(a["e_critical_shift"]), F(9, 80)),
        Check.compare("F1-e: delta*lambda - (1 - delta)G", q(a["e_slope"]), F(1, 10)),
        Check.compare("F1-e: war iff e < e*", q(a["e_star"]), F(7, 10)),
        Check.compare("F1-e, e = 1: delta*Delta", q(a["e1_pressure"]), F(1, 25)),
        Check.compare("F1-e, e = 1: T_D", q(a["e1_threshold"]), F(7, 100)),
        Check.compare("F1-e, e = 1: outcome", a["e1_outcome"], "peace"),
        Check.compare("F1-f, e = 0: delta*Delta", q(a["f0_pressure"]), F(3, 25)),
        Check.compare("F1-f, e = 0: T_D", q(a["f0_threshold"]), F(3, 20)),
        Check.compare("F1-f, e = 0: outcome", a["f0_outcome"], "peace"),
        Check.compare("F1-f: slope delta*lambda - (1 - delta)G", q(a["f_slope"]), F(-3, 50)),
        Check.compare("F1-f: war iff e > e*", q(a["f_star"]), F(1, 2)),
        Check.compare("F1-f, e = 1: delta*Delta", q(a["f1_pressure"]), F(2, 25)),
        Check.compare("F1-f, e = 1: T_D", q(a["f1_threshold"]), F(1, 20)),
        Check.compare("F1-f, e = 1: outcome", a["f1_outcome"], "preventive_war"),
        Check.compare("F1-h: D's war premium, s = 1/5", q(a["h_premium"]), F(7, 20)),
        Check.compare("F1-h: D's war premium, s in {0, 2/5}", q(a["h_premium_lottery"]),
                      F(7, 20)),
        Check.compare("F1-i (beta = 1): T_D", q(a["i_threshold"]), F(1, 4)),
        Check.compare("F1-i (beta = 1): outcome", a["i_outcome"], "peace"),
    ]
    war_by = ds["war_by"].transpose("controls", "power_shift").values
    crit = ds["critical_shift"].transpose("controls", "power_shift").values
    s = ds["power_shift"].values[None, :]
    checks.append(Check.compare("map: preventive war exactly where s > s*(e)",
                                bool(np.array_equal(war_by == 1, s > crit)), True))
    return checks


EXPORT_CONTROLS = Reproduction(
    name="powell-export-controls",
    title=("Powell (2006) logic, our formalisation: do export controls prevent war or "
           "provoke it? War and peace over controls and the shift in power"),
    citation="powell2006, fearon1995",
    compute=compute_export_controls,
    check=check_export_controls,
    draw=power_shift_map,
    figsize=(3.4, 3.0),
)


# ---------------------------------------------------------------------------------------
# (c) Debs and Monteiro: prevention under noisy intelligence

_F2A = dict(shift_gain=2, investment_cost=1, strike_damage=1, shift_loss=2,
            strike_cost=F(1, 2), strike_effectiveness=1, detection=F(4, 5), false_alarm=F(1, 5))
_F2B = dict(shift_gain=2, investment_cost=F(1, 2), strike_damage=0, shift_loss=2,
            strike_cost=F(1, 2), strike_effectiveness=1, detection=F(3, 5), false_alarm=F(2, 5))
_F2F = dict(shift_gain=2, investment_cost=F(1, 2), strike_damage=0, shift_loss=4,
            strike_cost=F(1, 2), strike_effectiveness=F(1, 2), detection=F(4, 5),
            false_alarm=F(1, 5))
_THREE = dict(shift_gain=2, investment_cost=F(1, 2), strike_damage=2, shift_loss=4,
              strike_cost=F(1, 2), strike_effectiveness=F(1, 2), detection=F(4, 5),
              false_alarm=F(1, 5))
#: Map: F2-b's parameters over intelligence quality and the cost of a strike.
PREVENTION_FIXED = {k: float(v) for k, v in _F2B.items()
                    if k not in ("strike_cost", "detection", "false_alarm")}


def _eq_text(model):
    return "; ".join(f"{e.kind} x={e.investment} s_a={e.strike_after_alarm} "
                     f"s_q={e.strike_after_quiet} war={e.war_probability} "
                     f"mistaken={e.mistaken_strike_probability}"
                     for e in model.equilibria(warn=False))


def _spe_text(model):
    res = solve_spe(model.to_game(), exact=True, warn=False)
    rows = sorted((e.behaviour["R"]["invest"], e.behaviour["D|alarm"]["strike"],
                   e.behaviour["D|quiet"]["strike"]) for e in res)
    return "; ".join(f"x={a} s_a={b} s_q={c}" for a, b, c in rows)


def compute_prevention():
    """Regimes and Pr(war) over intelligence quality r (π₁ = r, π₀ = 1 − r) × the cost
    of a strike (F2-b's other parameters), and the exact vectors.

    Returns
    -------
    xarray.Dataset
        ``regime``, ``max_war_probability``, ``max_investment``,
        ``max_mistaken_strike_probability`` over ``strike_cost`` × ``intelligence_quality``;
        attributes with every equilibrium of the vectors (closed forms and solve_spe).
    """
    import xarray as xr  # measured import cost: loaded on first use

    r = np.linspace(0.505, 0.995, 197)
    c = np.linspace(0.02, 2.5, 249)
    out = PreventionModel.evaluate({**PREVENTION_FIXED, "strike_cost": c[:, None],
                                    "detection": r[None, :], "false_alarm": 1 - r[None, :]})
    dims = ("strike_cost", "intelligence_quality")
    ds = xr.Dataset({k: (dims, np.asarray(out[k])) for k in
                     ("regime", "max_war_probability", "max_investment",
                      "max_mistaken_strike_probability", "num_equilibria")},
                    coords={"strike_cost": c, "intelligence_quality": r})
    ds["regime"].attrs.update({"flag_values": np.arange(len(PREVENTION_REGIMES), dtype=np.int8),
                               "flag_meanings": " ".join(PREVENTION_REGIMES)})
    ds["degenerate"] = (dims, np.asarray(out["degenerate"], dtype=np.int8))
    attrs = {"title": "Debs and Monteiro (2014) logic, our formalisation: prevention under "
                      "noisy intelligence",
             "fixed": " ".join(f"{k}={v}" for k, v in PREVENTION_FIXED.items())}
    models = {"f2a": _F2A, "f2a_c1": {**_F2A, "strike_cost": 1},
              "f2a_c32": {**_F2A, "strike_cost": F(3, 2)}, "f2b": _F2B,
              "f2c_7": {**_F2B, "detection": F(7, 10), "false_alarm": F(3, 10)},
              "f2c_8": {**_F2B, "detection": F(4, 5), "false_alarm": F(1, 5)},
              "f2f": _F2F, "f2g": {**_F2A, "detection": 1, "false_alarm": 0},
              "three": _THREE}
    for key, kw in models.items():
        m = PreventionModel(**kw)
        attrs[f"{key}_equilibria"] = _eq_text(m)
        if key != "f2g":
            attrs[f"{key}_spe"] = _spe_text(m)
        shares = [e.mistaken_share for e in m.equilibria(warn=False)]
        attrs[f"{key}_share"] = " ".join(str(v) for v in shares)
    attrs["f2c_critical_quality"] = str(PreventionModel(**_F2B).critical_quality)
    ds.attrs = attrs
    return ds


def _eq(kind, x, sa, sq, war, mistaken):
    return f"{kind} x={x} s_a={sa} s_q={sq} war={war} mistaken={mistaken}"


def check_prevention(ds) -> list[Check]:
    """The vectors F2-a, F2-b, F2-c, F2-f, F2-g; solve_spe; the map's switch at r̂."""
    a = ds.attrs
    # Derivations (μ* = c/(φℓ), A = (φb + w)π₁ - wπ₀, B = φb - A):
    # F2-a: μ* = 1/4, A = 12/5 - 1/5 = 11/5 > b - k = 1, so I: s_a = 5/11, x* = (1/20)/(1/20
    #   + 12/20) = 1/13, Pr(war) = (5/11)(4/25)/(13/20) = 16/143, mistaken (12/13)(1/5)(5/11)
    #   = 12/143 (share 3/4); II needs (1 - 11/5)/(-1/5) = 6 < 1 (no); III needs
    #   (1 - φ)b = 0 >= k (no). c = 1: μ* = 1/2, Pr(war) = (4/55)/(1/2) = 8/55, share 1/2;
    #   c = 3/2: μ* = 3/4, Pr(war) = (4/55)/(7/20) = 16/77, share 1/4.
    # F2-b: μ* = 1/4, A = 6/5 < b - k = 3/2, B = 4/5: II with s_q = (3/10)/(4/5) = 3/8,
    #   x* = (3/20)/(3/20 + 6/20) = 1/3, P_I = 3/4, P_N = 5/8, Pr(war) = 1/4 + 5/12 = 2/3,
    #   mistaken (2/3)(5/8) = 5/12.
    # F2-c: r̂ = (b - k + w)/(φb + 2w) = 3/4; r = 7/10: A = 7/5 < 3/2, s_q = (1/10)/(3/5) =
    #   1/6, x* = 7/16, Pr(war) = (7/16)(3/4) + (9/16)(5/12) = 9/16; r = 4/5: A = 8/5 > 3/2,
    #   s_a = 15/16, x* = 1/13, Pr(war) = (15/16)(4/25)(20/13) = 3/13.
    # F2-f: (1 - φ)b = 1 >= k = 1/2 (III); A = 4/5 < 3/2 (no I); (3/2 - 4/5)/(1/5) = 7/2 > 1
    #   (no II). F2-g: π₁ = 1, π₀ = 0: investing against strike-iff-alarm pays
    #   b - k - A = 1 - 3 = -2 < 0, so R does not invest and nobody is struck.
    checks = [
        Check.compare("F2-a: the only PBE (alarm-mixing)", a["f2a_equilibria"],
                      _eq("alarm_mixing", "1/13", "5/11", 0, "16/143", "12/143")),
        Check.compare("F2-a: share of strikes on non-investors", a["f2a_share"], "3/4"),
        Check.compare("F2-a: solve_spe", a["f2a_spe"], "x=1/13 s_a=5/11 s_q=0"),
        Check.compare("F2-a, c = 1: Pr(war)", a["f2a_c1_equilibria"].split("war=")[1].split()[0],
                      "8/55"),
        Check.compare("F2-a, c = 1: share", a["f2a_c1_share"], "1/2"),
        Check.compare("F2-a, c = 3/2: Pr(war)",
                      a["f2a_c32_equilibria"].split("war=")[1].split()[0], "16/77"),
        Check.compare("F2-a, c = 3/2: share", a["f2a_c32_share"], "1/4"),
        Check.compare("F2-b: the only PBE (quiet-mixing)", a["f2b_equilibria"],
                      _eq("quiet_mixing", "1/3", 1, "3/8", "2/3", "5/12")),
        Check.compare("F2-b: solve_spe", a["f2b_spe"], "x=1/3 s_a=1 s_q=3/8"),
        Check.compare("F2-c: r-hat", F(a["f2c_critical_quality"]), F(3, 4)),
        Check.compare("F2-c, r = 7/10: quiet-mixing",
                      a["f2c_7_equilibria"].rsplit(" mistaken", 1)[0],
                      "quiet_mixing x=7/16 s_a=1 s_q=1/6 war=9/16"),
        Check.compare("F2-c, r = 4/5: alarm-mixing",
                      a["f2c_8_equilibria"].rsplit(" mistaken", 1)[0],
                      "alarm_mixing x=1/13 s_a=15/16 s_q=0 war=3/13"),
        Check.compare("F2-f: the only PBE (sure war)", a["f2f_equilibria"],
                      _eq("sure_war", 1, 1, 1, 1, 0)),
        Check.compare("F2-f: solve_spe", a["f2f_spe"], "x=1 s_a=1 s_q=1"),
        Check.compare("F2-g (transparency): deterred, strike iff alarm, no war",
                      a["f2g_equilibria"], _eq("deterred", 0, 1, 0, 0, 0)),
        Check.compare("three PBE coexist (B < 0, phi b < b - k < A): kinds",
                      " ".join(e.split()[0] for e in a["three_equilibria"].split("; ")),
                      "alarm_mixing quiet_mixing sure_war"),
        Check.compare("three PBE coexist: solve_spe", a["three_spe"],
                      "x=1/13 s_a=3/4 s_q=0; x=4/7 s_a=1 s_q=1/2; x=1 s_a=1 s_q=1"),
    ]
    regime = ds["regime"].transpose("strike_cost", "intelligence_quality").values
    r = ds["intelligence_quality"].values[None, :]
    c = ds["strike_cost"].values[:, None]
    expected = np.where(c >= 2.0, 1, np.where(r < 0.75, 3, 2))
    checks.append(Check.compare("map: quiet-mixing below r-hat = 3/4, alarm-mixing above, "
                                "unopposed for c >= phi*l = 2",
                                bool(np.array_equal(regime, expected)), True))
    return checks


PREVENTION = Reproduction(
    name="debs-monteiro-prevention",
    title=("Debs and Monteiro (2014) logic, our formalisation: preventive strikes under "
           "noisy intelligence about militarisation"),
    citation="debs2014",
    compute=compute_prevention,
    check=check_prevention,
    draw=prevention_map,
    figsize=(3.4, 3.0),
)

ENTRIES = (RISK_RETURN, EXPORT_CONTROLS, PREVENTION)
