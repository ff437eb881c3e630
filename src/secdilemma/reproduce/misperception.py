"""Reproductions of misperception and its remedies.

``jervis-four-worlds``
    Jervis's four worlds (:class:`~secdilemma.models.distinguishability.DistinguishabilityModel`,
    v = 1, g = 3, h = 1, L = 8, k = 1, μ = 3/5): the equilibrium regime over the offence
    advantage θ and the distinguishability ρ, the regions drawn between the model's
    analytic boundary curves. Checked: the four worlds' equilibria (derived by hand)
    against the model and against the general solvers on its game
    (:func:`~secdilemma.solve_bayesian`, ρ < 1), the dual-use threshold ρ* = 10/13, and
    the drawn boundaries against the curves derived by hand.
``arms-race-talk``
    Cheap talk before an arms decision with continuous types
    (:class:`~secdilemma.models.arms_talk.ArmsTalkModel`, d = 3, h ~ U[−3/2, h_hi]):
    Pr(arms race) without talk (everyone arms) and with threshold talk (c = 0) as hawks
    become rarer, and with interval talk under spillover c = 1/5 on U[−5/2, h_hi].
    Checked: the worked values (by hand) and every type's message incentive by
    quadrature over the rival's type.
``noisy-spiral``
    The spiral between two security seekers from noisy public reports
    (:class:`~secdilemma.models.noisy_spiral.NoisySpiralModel`) with a_S = c = 1/2
    (π* = 1/2): the probability of a spiral over report noise × prior trust, with and
    without a verification hotline. Checked: the worked values of the closed forms
    (derived by hand: n*, r, r^{n*}, the pair's probability, the sawtooth and the
    hotline), the finite-horizon probability against Bayes' rule applied to every
    sequence of reports, the tolerance n* against the general Bayesian solver on the
    stage game, and the costless message against the cheap-talk solver (babbling only).

References
----------
.. [1] Kydd, A. (1997). Game theory and the spiral model. *World Politics* 49(3),
   371-400.
.. [2] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
   30(2), 167-214.
.. [3] Baliga, S. and Sjöström, T. (2004). Arms races and negotiations. *Review of
   Economic Studies* 71(2), 351-369.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from functools import partial

import numpy as np

from ..analysis.sweep import sweep
from ..games.bayesian import BayesianGame
from ..games.cheap_talk import with_cheap_talk
from ..models.arms_talk import ArmsTalkModel
from ..models.distinguishability import REGIMES, DistinguishabilityModel, regime_partition
from ..models.noisy_spiral import NoisySpiralModel
from ..plotting.misperception import four_worlds_map, spiral_probability_plot, talk_risk_plot
from ..solvers.bayesian import solve_bayesian
from ..solvers.cheap_talk import solve_cheap_talk
from .entry import Check, Reproduction

__all__ = ["compute_noisy_spiral", "check_noisy_spiral", "NOISY_SPIRAL",
           "compute_four_worlds", "check_four_worlds", "FOUR_WORLDS", "partition_dataset",
           "compute_arms_talk", "check_arms_talk", "ARMS_TALK", "ENTRIES"]

F = Fraction
_SPIRAL_FIXED = {"exploitation_loss": 0.5, "temptation_secure": 0.5}


def compute_noisy_spiral():
    """Sweep the noisy spiral over noise (fine) × prior trust (0.7, 0.9, 0.99) ×
    verification (0, 1/2).

    Returns
    -------
    xarray.Dataset
    """
    noise = np.linspace(0.005, 0.4, 800)
    return sweep("noisy_spiral", {"noise": noise, "trust": [0.7, 0.9, 0.99],
                                  "verification": [0.0, 0.5]},
                 fixed=_SPIRAL_FIXED,
                 metrics=["spiral_probability", "false_alarm_tolerance", "ruin_probability"])


def _enumerate_horizon(mu0, eps, phi, periods, pi=F(1, 2)):
    """Pr(spiral by the start of period T + 1 | both S) by Bayes' rule on every joint
    sequence of reports (C, D or a verified C), without the closed forms."""
    outcomes = [("C", (1 - phi) * (1 - eps)), ("D", (1 - phi) * eps)]
    if phi:
        outcomes.append(("V", phi))
    total = F(0)
    for seq in itertools.product(outcomes, repeat=2 * periods):
        prob = F(1)
        for _, p in seq:
            prob *= p
        mu = [mu0, mu0]
        spiral = min(mu) < pi
        for t in range(periods):
            if spiral:
                break
            for side in range(2):
                rep = seq[2 * t + side][0]
                if rep == "V":
                    mu[side] = F(1)
                else:
                    s, g = ((1 - eps), eps) if rep == "C" else (eps, (1 - eps))
                    mu[side] = mu[side] * s / (mu[side] * s + (1 - mu[side]) * g)
            spiral = min(mu) < pi
        total += prob * spiral
    return total


def check_noisy_spiral(ds) -> list[Check]:
    """The worked values (derived by hand), enumeration, and the general solvers."""
    half = F(1, 2)

    def m(eps, mu, phi=0):
        return NoisySpiralModel(noise=eps, trust=mu, verification=phi,
                                exploitation_loss=half, temptation_secure=half)

    base = m(F(1, 5), F(9, 10))
    checks = [
        Check.compare("eps = 1/5, mu0 = 9/10: n* (odds 9 -> 9/4 -> 9/16 < 1)",
                      base.false_alarm_tolerance, 2),
        Check.compare("eps = 1/5: r = eps/(1-eps)", base.ruin_step_probability, F(1, 4)),
        Check.compare("eps = 1/5: per-side ruin r^2", base.ruin_probability, F(1, 16)),
        Check.compare("eps = 1/5: Pr(spiral) = 1 - (15/16)^2", base.spiral_probability,
                      F(31, 256)),
        Check.compare("sawtooth: eps = 6/25 per side (6/19)^2", m(F(6, 25), F(9, 10))
                      .ruin_probability, F(36, 361)),
        Check.compare("sawtooth: eps = 13/50, n* = 3, per side (13/37)^3",
                      m(F(13, 50), F(9, 10)).ruin_probability, F(2197, 50653)),
        Check.compare("sawtooth: the noisier channel has fewer spirals",
                      bool(m(F(13, 50), F(9, 10)).ruin_probability
                           < m(F(6, 25), F(9, 10)).ruin_probability), True),
    ]
    hot = m(F(1, 5), F(9, 10), F(1, 2))
    r = float(hot.ruin_step_probability)
    checks += [
        Check.compare("hotline phi = 1/2: r solves 0.4 r^2 - r + 0.1 = 0 (residual)",
                      0.4 * r * r - r + 0.1, 0.0, tol=1e-15),
        Check.compare("hotline phi = 1/2: r", r, 0.104356076, tol=5e-10),
        Check.compare("hotline phi = 1/2: per side", float(hot.ruin_probability),
                      0.010890191, tol=5e-10),
        Check.compare("hotline phi = 1/2: pair", float(hot.spiral_probability),
                      0.021661785, tol=5e-10),
    ]
    for mu, n, pair in ((F(3, 5), 1, F(7, 16)), (F(7, 10), 1, F(7, 16)),
                        (F(19, 20), 3, F(127, 4096)), (F(99, 100), 4, F(511, 65536))):
        mm = m(F(1, 5), mu)
        checks.append(Check.compare(f"mu0 = {mu}: n*", mm.false_alarm_tolerance, n))
        checks.append(Check.compare(f"mu0 = {mu}: Pr(spiral)", mm.spiral_probability, pair))
    # finite horizon against enumeration of report sequences
    for mu, eps, phi, T in ((F(9, 10), F(1, 5), 0, 4), (F(9, 10), F(1, 5), F(1, 2), 3)):
        checks.append(Check.compare(
            f"Pr(spiral by period {T + 1}), eps = {eps}, phi = {phi} (enumeration)",
            m(eps, mu, phi).horizon_spiral_probability(T), _enumerate_horizon(mu, eps, phi, T)))
    # n* against solve_bayesian on the stage game after n* - 1 and n* false alarms
    mu = F(9, 10)
    after = [mu]
    for _ in range(2):
        x = after[-1]
        after.append(x * F(1, 5) / (x * F(1, 5) + (1 - x) * F(4, 5)))

    def coop_exists(trust):
        res = solve_bayesian(base.stage(trust, trust).to_game(), exact=True)
        return any(eq.exact_strategies[0][0][0] == 1 and eq.exact_strategies[1][0][0] == 1
                   for eq in res)
    checks.append(Check.compare("cooperative BNE after 1 false alarm (solve_bayesian)",
                                coop_exists(after[1]), True))
    checks.append(Check.compare("no cooperative BNE after 2 false alarms (solve_bayesian)",
                                coop_exists(after[2]), False))
    checks.append(Check.compare("costless message: only babbling (solve_cheap_talk)",
                                solve_cheap_talk(base.message_game(), exact=True)
                                .only_babbling, True))
    at = ds.sel(trust=0.9, verification=0.0).sel(noise=0.2, method="nearest")
    checks.append(Check.compare("sweep at eps ~ 0.2, mu0 = 0.9: n*",
                                int(at["false_alarm_tolerance"]), 2))
    return checks


NOISY_SPIRAL = Reproduction(
    name="noisy-spiral",
    title=("A spiral between two security seekers from noisy reports: probability over "
           "noise and prior trust, with and without a verification hotline"),
    citation="kydd1997,kydd2005,tiong2023",
    compute=compute_noisy_spiral,
    check=check_noisy_spiral,
    draw=partial(spiral_probability_plot,
                 marks=((0.24, 0.9, r"sharper reports, $\varepsilon$ = 0.24"),
                        (0.26, 0.9, r"noisier reports, $\varepsilon$ = 0.26"))),
)

# ---------------------------------------------------------------------------------------
_WORLDS_FIXED = {"trust": 0.6, "posture_value": 1.0, "exploitation_gain": 3.0,
                 "arming_loss": 1.0, "exploitation_loss": 8.0, "arms_cost": 1.0}


_WORLDS_THETA, _WORLDS_RHO = (0.01, 1.0), (0.5, 0.995)


def partition_dataset(part):
    """A :class:`~secdilemma.models.distinguishability.RegimePartition` as dataset
    variables (NaN-padded): ``piece_code`` (piece), ``piece_theta``, ``piece_lower``,
    ``piece_upper`` (piece, piece_vertex); ``boundary_theta``, ``boundary_rho``
    (boundary, boundary_vertex) and ``boundary_curve`` (boundary: which curve).

    Returns
    -------
    xarray.Dataset
    """
    import xarray as xr  # measured import cost: loaded on first use

    def pad(arrays):
        out = np.full((len(arrays), max(len(a) for a in arrays)), np.nan)
        for i, a in enumerate(arrays):
            out[i, :len(a)] = a
        return out

    pv, bv = ("piece", "piece_vertex"), ("boundary", "boundary_vertex")
    return xr.Dataset({
        "piece_code": ("piece", np.array([c for c, *_ in part.pieces], dtype=np.int8)),
        "piece_theta": (pv, pad([t for _, t, _, _ in part.pieces])),
        "piece_lower": (pv, pad([lo for _, _, lo, _ in part.pieces])),
        "piece_upper": (pv, pad([hi for _, _, _, hi in part.pieces])),
        "boundary_theta": (bv, pad([t for _, t, _ in part.boundaries])),
        "boundary_rho": (bv, pad([r for _, _, r in part.boundaries])),
        "boundary_curve": ("boundary", np.array([c for c, _, _ in part.boundaries],
                                                dtype=str)),
    })


def compute_four_worlds():
    """Sweep the distinguishability model over θ × ρ (ρ < 1; 100 × 100, the closed
    forms) and attach the regime map's exact partition: the regions between the model's
    boundary curves (:func:`~secdilemma.models.distinguishability.regime_partition`).

    Returns
    -------
    xarray.Dataset
    """
    ds = sweep("distinguishability",
               {"offense_advantage": np.linspace(*_WORLDS_THETA, 100),
                "distinguishability": np.linspace(*_WORLDS_RHO, 100)},
               fixed=_WORLDS_FIXED)
    part = regime_partition(_WORLDS_THETA, _WORLDS_RHO, **_WORLDS_FIXED)
    return ds.merge(partition_dataset(part))


def _solver_kinds(model):
    """(Pr(o|S), Pr(o|G), s_d, s_o) of every BNE that solve_bayesian finds."""
    res = solve_bayesian(model.to_game(), exact=True)
    out = set()
    for eq in res:
        a, b = eq.exact_strategies
        plan = b[0]
        out.add((F(a[0][1]), F(a[1][1]), F(plan[2] + plan[3]), F(plan[1] + plan[3])))
    return sorted(out)


def check_four_worlds(ds) -> list[Check]:
    """The four worlds by hand, by the model and by solve_bayesian."""
    import warnings

    checks = []
    # By hand (v = 1, g = 3, h = 1, L = 8, k = 1, μ = 3/5; X = v(2θ - 1), Y = X + gθ,
    # κ = k/(Lθ)): W1 X = 1/2 > 0, pooling on o, B arms (12/5 > 1). W2 X = -1/2 < 0 < Y =
    # 1/4, J_ô = 1 - μ = 2/5 <= κ = 1/2: honest postures, no arming. W3 κ = 1/6, X = 1/2 <=
    # h(2ρ - 1) = 4/5 <= Y = 11/4, J_ô = 6/7 >= κ >= J_d̂ = 2/29: separating; pooling on o
    # (X > 0); S mixes with 17/24 so that J_d̂ = κ, B arms after d̂ with 3/8 so that
    # Z = (4/5)(1 - 3/8) = X. W4 G plays o with x: J_ô = 36x/(10 + 32x) = 1/2 at x = 1/4; B
    # arms after ô with 5/16 so that Z = (4/5)(5/16) = Y.
    expected = {  # (theta, rho): sorted (sigma_S, sigma_G, s_d, s_o), derived by hand
        "W1 (3/4, 1/2)": ((F(3, 4), F(1, 2)), [(1, 1, 1, 1)]),
        "W2 (1/4, 1/2)": ((F(1, 4), F(1, 2)), [(0, 1, 0, 0)]),
        "W3 (3/4, 9/10)": ((F(3, 4), F(9, 10)), [(0, 1, 0, 1), (F(17, 24), 1, F(3, 8), 1),
                                                  (1, 1, 1, 1)]),
        "W4 (1/4, 9/10)": ((F(1, 4), F(9, 10)), [(0, F(1, 4), 0, F(5, 16))]),
    }
    for label, ((theta, rho), eqs) in expected.items():
        m = DistinguishabilityModel(theta, rho, F(3, 5))
        got = sorted((e.secure_offence, e.greedy_offence, e.arm_after_defensive_signal,
                      e.arm_after_offensive_signal) for e in m.equilibria())
        checks.append(Check.compare(f"{label}: every PBE (model = by hand)", got,
                                    sorted(eqs)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # rho = 1/2: B's plans are duplicates
            checks.append(Check.compare(f"{label}: every PBE (solve_bayesian = model)",
                                        _solver_kinds(m), got))
    w3 = {e.kind: e for e in DistinguishabilityModel(F(3, 4), F(9, 10), F(3, 5)).equilibria()}
    w4 = DistinguishabilityModel(F(1, 4), F(9, 10), F(3, 5)).equilibria()[0]
    w1 = DistinguishabilityModel(F(3, 4), F(1, 2), F(3, 5)).equilibria()
    w2 = DistinguishabilityModel(F(1, 4), F(1, 2), F(3, 5)).equilibria()
    # By hand: W1 (X = v(2θ-1) = 1/2 > 0) pools on o and B arms since (1-μ)Lθ = 12/5 > k,
    # so S is armed against for sure. W2 (X = -1/2 < 0 < Y = 1/4, J = 1-μ = 2/5 <= κ =
    # 1/2): honest postures, B never arms, and G's o goes unanswered. W3's pooling on o:
    # B arms after both signals (12/5 > 1).
    checks += [
        Check.compare("W1: tragic arming (the unique PBE)", [e.tragic_arming for e in w1],
                      [1]),
        Check.compare("W2: tragic arming (the unique PBE)", [e.tragic_arming for e in w2],
                      [0]),
        Check.compare("W2: Pr(B unarmed | G chose o) (the unique PBE)",
                      [e.undeterred_offence for e in w2], [1]),
        Check.compare("W3 pooling on o: tragic arming", w3["pooling_on_offence"].tragic_arming
                      if "pooling_on_offence" in w3 else None, 1),
        Check.compare("W3 separating: tragic arming", w3["separating"].tragic_arming,
                      F(1, 10)),
        Check.compare("W3 separating: Pr(B unarmed | G chose o)",
                      w3["separating"].undeterred_offence, F(1, 10)),
        Check.compare("W4: tragic arming", w4.tragic_arming, F(1, 32)),
        Check.compare("W4: Pr(B unarmed | G chose o)", w4.undeterred_offence, F(23, 32)),
        Check.compare("dual use, theta = 3/4: rho* = (1-mu)(1-kappa)/((1-mu)(1-kappa)+mu kappa)",
                      DistinguishabilityModel(F(3, 4), F(4, 5), F(3, 5))
                      .critical_distinguishability, F(10, 13)),
        Check.compare("separating PBE at rho = 4/5 (model)", any(
            e.kind == "separating"
            for e in DistinguishabilityModel(F(3, 4), F(4, 5), F(3, 5)).equilibria()), True),
        Check.compare("no separating PBE at rho = 19/25 (model)", any(
            e.kind == "separating"
            for e in DistinguishabilityModel(F(3, 4), F(19, 25), F(3, 5)).equilibria()),
            False),
    ]
    at = ds.sel(offense_advantage=0.75, distinguishability=0.9, method="nearest")
    checks.append(Check.compare("sweep near (3/4, 9/10): regime",
                                REGIMES[int(at["regime"])], "separating_or_pooling"))
    # The drawn boundaries against the curves derived by hand (v = 1, g = 3, h = 1,
    # L = 8, k = 1, μ = 3/5): c = 2ρ - 1 = X = 2θ - 1 at ρ = θ; c = Y = 5θ - 1 at
    # ρ = 5θ/2; J⁺ = 2ρ/(3 - ρ) = κ = 1/(8θ) at ρ = 3/(16θ + 1); J⁻ = 2(1 - ρ)/(2 + ρ) = κ
    # at ρ = (16θ - 2)/(16θ + 1); Y = 0 at θ = 1/5; X = 0 at θ = 1/2.
    by_hand = {"rho = 1/2 + X/(2h)": lambda t: t, "rho = 1/2 + Y/(2h)": lambda t: 2.5 * t,
               "rho_A: J+ = kappa": lambda t: 3 / (16 * t + 1),
               "rho_B: J- = kappa": lambda t: (16 * t - 2) / (16 * t + 1)}
    worst = 0.0
    for name, t, r in zip(ds["boundary_curve"].values, ds["boundary_theta"].values,
                          ds["boundary_rho"].values):
        keep = np.isfinite(t)
        t, r = t[keep], r[keep]
        if str(name).startswith("theta = "):
            worst = max(worst, float(np.min(np.abs(t[0] - np.array([0.2, 0.5])))),
                        float(np.ptp(t)))
        else:
            worst = max(worst, float(np.max(np.abs(r - by_hand[str(name)](t)))))
    checks.append(Check.compare("drawn boundaries lie on the curves derived by hand "
                                "(largest distance)", worst, 0.0, tol=1e-12))
    b = next((t, r) for name, t, r in zip(ds["boundary_curve"].values,
                                          ds["boundary_theta"].values,
                                          ds["boundary_rho"].values)
             if str(name) == "rho_B: J- = kappa" and np.nanmin(t) < 0.75 < np.nanmax(t))
    keep = np.isfinite(b[0])
    checks.append(Check.compare("drawn boundary at theta = 3/4: rho* = 10/13",
                                float(np.interp(0.75, b[0][keep], b[1][keep])), 10 / 13,
                                tol=1e-6))
    return checks


FOUR_WORLDS = Reproduction(
    name="jervis-four-worlds",
    title=("Jervis's four worlds: equilibrium regimes over the offence advantage and the "
           "distinguishability of postures (a noisy signal of the posture)"),
    citation="jervis1978,kydd2005",
    compute=compute_four_worlds,
    check=check_four_worlds,
    draw=partial(four_worlds_map, worlds=((0.75, 0.5, "W1"), (0.25, 0.5, "W2"),
                                          (0.75, 0.9, "W3"), (0.25, 0.9, "W4"))),
    figsize=(3.6, 4.0),
)

# ---------------------------------------------------------------------------------------
def compute_arms_talk():
    """Pr(arms race) with and without talk over the upper end of the type support.

    Returns
    -------
    xarray.Dataset
        ``no_talk`` (the unique no-talk BNE: everyone arms, h_lo = -3/2), ``talk``
        (threshold equilibrium, c = 0) and ``talk_interval_low``/``talk_interval_high``
        (the two interval equilibria with c = 1/5 on U[-5/2, h_hi]; NaN where absent).
    """
    import xarray as xr  # measured import cost: loaded on first use

    highs = np.linspace(0.002, 0.3, 300)
    no_talk, talk, low, high = [], [], [], []
    for hi in highs:
        m = ArmsTalkModel(-1.5, float(hi), 0.0, 3.0)
        no_talk.append(min(e.race_probability for e in m.no_talk_equilibria()))
        talk.append(m.threshold_equilibrium().race_probability)
        ints = sorted(e.race_probability
                      for e in ArmsTalkModel(-2.5, float(hi), 0.2, 3.0).interval_equilibria())
        low.append(ints[0] if ints else np.nan)
        high.append(ints[1] if len(ints) > 1 else np.nan)
    lab = {"no_talk": "no talk: everyone arms (unique BNE, both supports)",
           "talk": r"threshold talk, $c = 0$, $h \sim U[-3/2, \bar h]$",
           "talk_interval_low": r"interval talk, $c = 1/5$, $h \sim U[-5/2, \bar h]$ (lower)",
           "talk_interval_high": r"interval talk, $c = 1/5$ (second equilibrium)"}
    data = {"no_talk": no_talk, "talk": talk, "talk_interval_low": low,
            "talk_interval_high": high}
    return xr.Dataset({k: ("type_high", np.array(v, dtype=float), {"label": lab[k]})
                       for k, v in data.items()}, coords={"type_high": highs})


def _interval_gap_max(lo, hi, c, d, a, b, grid=121, n=100001):
    """The largest violation of a message incentive over a grid of types, each payoff
    by quadrature over the rival's type from the base payoffs."""
    r = np.linspace(lo, hi, n)
    s1 = (r > a) & (r < b)
    worst = 0.0
    for h in np.linspace(lo, hi, grid):
        u = {}
        for mine in (1, 0):
            arms = np.where(s1, 0.0, 1.0) if mine == 1 else np.where(s1, 1.0, (r >= b) * 1.0)
            total = 0.0
            for mask in (s1, ~s1):
                if mask.any():
                    q = arms[mask].mean()
                    total += mask.mean() * max(h - c * q, -d * q)
            u[mine] = total
        if a + 1e-3 < h < b - 1e-3:
            worst = max(worst, u[0] - u[1])
        elif h < a - 1e-3 or h > b + 1e-3:
            worst = max(worst, u[1] - u[0])
    return worst


def _aumann_stag_hunt(trust):
    """Aumann's (1990) stag hunt, (S,S) = 9, (S,H) = 0, (H,S) = 8, (H,H) = 7, with
    private intentions (after Baliga and Morris 2002): a "stag-inclined" type with
    Aumann's payoffs and, with probability 1 - ``trust``, a "hare-inclined" type whose
    (H,S) = 19/2 makes Hare dominant. Derivation of the check: every type strictly prefers
    the rival to play Stag whatever it plays itself (9 > 0 and 8 > 7; 19/2 > 7), so each
    type sends whatever message makes the rival play Stag, no message can be credible, and
    only babbling survives."""
    a = np.empty((2, 2, 2, 2), dtype=object)
    a[0, :] = np.array([[9, 0], [8, 7]], dtype=object)
    a[1, :] = np.array([[9, 0], [F(19, 2), 7]], dtype=object)
    return BayesianGame([a, a.transpose(1, 0, 3, 2)], marginals=[[trust, 1 - trust]] * 2,
                        types=[["stag-inclined", "hare-inclined"]] * 2,
                        actions=[["Stag", "Hare"]] * 2)


def check_arms_talk(ds) -> list[Check]:
    """The worked values (by hand) and the incentives by quadrature."""
    a6 = ArmsTalkModel(F(-3, 2), F(1, 4), 0, 3)
    checks = [
        Check.compare("F6-a: no talk, everyone arms (unique BNE)",
                      [e.race_probability for e in a6.no_talk_equilibria()], [1]),
        # π_H = 1 - F(0) = (1/4)/(7/4); β₀ = Pr(h >= -d | h < 0) = 1 since h_lo = -3/2 > -3
        Check.compare("F6-b: pi_H = (1/4)/(7/4)", a6.threshold_equilibrium().details["pi_H"],
                      F(1, 7)),
        Check.compare("F6-b: beta0 = Pr(h >= -d | h < 0) (h_lo = -3/2 > -d = -3)",
                      a6.threshold_equilibrium().details["beta0"], 1),
        Check.compare("F6-b: threshold talk Pr(race) = 1/49 + 12/49",
                      a6.threshold_equilibrium().race_probability, F(13, 49)),
        Check.compare("F6-d: c = 1/10, a dominant hawk gains (6/7)(1/10) by m0",
                      ArmsTalkModel(F(-3, 2), F(1, 4), F(1, 10), 3).threshold_equilibrium()
                      .details["hawk_gain_from_m0"], F(3, 35)),
        Check.compare("F6-e: Pr(race) with talk = 1 - (150/151)^2",
                      ArmsTalkModel(F(-3, 2), F(1, 100), 0, 3).threshold_equilibrium()
                      .race_probability, F(301, 22801)),
    ]
    # Without talk a type arms iff h >= -Delta Pr(rival arms), Delta = d - c; an interior
    # cutoff would solve h* = -Delta (h_hi - h*)/W. F6-e (c = 0, U[-3/2, 1/100],
    # W = 151/100): h* = 3/149 > h_hi, none; all arm is a BNE since h_lo = -3/2 >= -3;
    # none arm is not (types h > 0 arm): the unique BNE is a sure race.
    # F6-f (c = 1/5, U[-5/2, 1/20], W = 51/20): h* = 14/25 > h_hi, none; h_lo = -5/2 >=
    # -Delta = -14/5: again everyone arms, Pr(race) = 1.
    checks += [
        Check.compare("F6-e: no talk, everyone arms (unique BNE)",
                      [e.race_probability for e in
                       ArmsTalkModel(F(-3, 2), F(1, 100), 0, 3).no_talk_equilibria()], [1]),
        Check.compare("F6-f: no talk, everyone arms (unique BNE)",
                      [e.race_probability for e in
                       ArmsTalkModel(F(-5, 2), F(1, 20), F(1, 5), 3).no_talk_equilibria()],
                      [1]),
        Check.compare("Aumann's stag hunt (9,9),(0,8),(8,0),(7,7): only babbling "
                      "(solve_cheap_talk)",
                      solve_cheap_talk(with_cheap_talk(_aumann_stag_hunt(F(9, 10)),
                                                       messages=["Stag", "Hare"]),
                                       exact=True).only_babbling, True),
    ]
    f = ArmsTalkModel(-2.5, 0.05, 0.2, 3.0)
    eq = f.interval_equilibria()[0]
    a, b = eq.cutoffs
    checks += [
        Check.compare("F6-f: a", a, -1.079745765, tol=1e-9),
        Check.compare("F6-f: b", b, -0.793972386, tol=1e-9),
        Check.compare("F6-f: P1", eq.details["P1"], 0.112067992, tol=1e-9),
        Check.compare("F6-f: q00", eq.details["q00"], 0.372742012, tol=1e-9),
        Check.compare("F6-f: Pr(race)", eq.race_probability, 0.308558366, tol=1e-9),
        Check.compare("F6-f: every type's message incentive (quadrature, max violation)",
                      _interval_gap_max(-2.5, 0.05, 0.2, 3.0, a, b), 0.0, tol=1e-4),
        Check.compare("talk can raise the risk: U[-14/5, -1/2], c = 1/10 (interval talk above "
                      "the interior no-talk BNE 25/36)",
                      bool(max(e.race_probability for e in
                               ArmsTalkModel(F(-14, 5), F(-1, 2), F(1, 10), 3)
                               .interval_equilibria()) > 25 / 36), True),
    ]
    at = ds.sel(type_high=0.25, method="nearest")
    checks.append(Check.compare("data near h_hi = 1/4: talk", float(at["talk"]),
                                float(13 / 49), tol=0.01))
    return checks


ARMS_TALK = Reproduction(
    name="arms-race-talk",
    title=("Cheap talk before an arms decision with continuous types: Pr(arms race) with "
           "and without talk as hawks become rarer"),
    citation="baliga2004",
    compute=compute_arms_talk,
    check=check_arms_talk,
    draw=talk_risk_plot,
)

#: The reproductions of this module, in the order of the report.
ENTRIES = (NOISY_SPIRAL, FOUR_WORLDS, ARMS_TALK)
