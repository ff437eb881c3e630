"""Reproduction ``gradual-trust-building``: multi-round reassurance (our formalisation
of Kydd 2000; :mod:`secdilemma.models.gradual_trust`).

Parameters: μ₀ = 1/5, R_S = 3, T_G = 2, R_G = 1, c_r = 1 (π_r* = 1/2); the ladder of
deals raises the odds linearly, c_t = o₀ + (c_r − o₀) t/T, and the gesture grows with
the deal, k_t = T_G c_t / c_r (so the receiver offers the round-t deal with probability
q_t = c_t / c_r, and the last one surely). Paths for T = 1, 2, 4, 8 rounds.

Checks (every computed value from the package's exact code; the expected values from
the closed forms of the model docstring): the posterior after round t is
c_t / (1 + c_t) and reaches π_r* = 1/2; β_1 ⋯ β_T = o₀ / c_r = 1/4; Bayes' rule,
receiver indifference, greedy indifference and trustworthy participation hold exactly
in every round (:meth:`~secdilemma.models.gradual_trust.GradualTrustEquilibrium.verify`);
each round of the T = 4 path is a PBE of its round game
(:func:`~secdilemma.solvers.pbe.solve_pbe`, one-shot deviation principle); T = 1 is
the one-shot semi-separating PBE of
:class:`~secdilemma.models.reassurance.ReassuranceModel` found by ``solve_pbe``.

References
----------
.. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
   Organization* 54(2), 325-357.
.. [2] Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..models.gradual_trust import GradualTrustModel
from ..models.reassurance import ReassuranceModel
from ..plotting.signaling import trust_path_plot
from ..solvers.pbe import solve_pbe
from .entry import Check, Reproduction

__all__ = ["GRADUAL_FIXED", "GRADUAL_ROUNDS", "gradual_model", "compute_gradual",
           "check_gradual", "GRADUAL", "ENTRIES"]

#: Fixed parameters of the reproduction.
GRADUAL_FIXED = {"trust": Fraction(1, 5), "value_trustworthy": 3,
                 "temptation_greedy": 2, "value_greedy": 1, "exploitation_loss": 1}
#: Numbers of rounds shown.
GRADUAL_ROUNDS = (1, 2, 4, 8)
_MAX = max(GRADUAL_ROUNDS)


def gradual_model(rounds: int):
    """The model of the reproduction with ``rounds`` rounds (gestures k_t = T_G c_t / c_r).

    References
    ----------
    .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.
    .. [2] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 8. MIT Press.

    Examples
    --------
    >>> gradual_model(4).path().gestures
    (Fraction(7, 8), Fraction(5, 4), Fraction(13, 8), Fraction(2, 1))
    """
    base = GradualTrustModel(rounds=rounds, **GRADUAL_FIXED)
    cs = base.path().exploitation_losses
    tg, cr = Fraction(GRADUAL_FIXED["temptation_greedy"]), GRADUAL_FIXED["exploitation_loss"]
    return GradualTrustModel(rounds=rounds, gestures=[tg * c / cr for c in cs],
                             **GRADUAL_FIXED)


def compute_gradual():
    """The posterior paths, mimicking probabilities and cost schedules, with the exact
    values and the solver checks in the attributes.

    Returns
    -------
    xarray.Dataset
        Over ``total_rounds`` (T) × ``round`` (t = 0..8): ``trust`` (μ_t), ``beta``,
        ``gesture`` (k_t), ``trust_probability`` (q_t), ``cumulative_cost`` (NaN after
        round T; round 0 holds the prior).

    References
    ----------
    .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.
    .. [2] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 8. MIT Press.

    Examples
    --------
    >>> ds = compute_gradual()
    >>> ds.attrs["trust_exact_T4"]
    '1/5 7/23 5/13 13/29 1/2'
    """
    import xarray as xr  # measured import cost: loaded on first use

    shape = (len(GRADUAL_ROUNDS), _MAX + 1)
    data = {name: np.full(shape, np.nan) for name in
            ("trust", "beta", "gesture", "trust_probability", "cumulative_cost")}
    attrs = {"title": "Gradual trust building (our formalisation of Kydd 2000)",
             **{k: str(v) for k, v in GRADUAL_FIXED.items()}}
    for i, T in enumerate(GRADUAL_ROUNDS):
        p = gradual_model(T).path()
        data["trust"][i, :T + 1] = [float(x) for x in p.trust]
        data["cumulative_cost"][i, 0] = 0.0
        data["cumulative_cost"][i, 1:T + 1] = np.cumsum([float(k) for k in p.gestures])
        for name, vals in (("beta", p.betas), ("gesture", p.gestures),
                           ("trust_probability", p.trust_probabilities)):
            data[name][i, 1:T + 1] = [float(x) for x in vals]
        attrs[f"trust_exact_T{T}"] = " ".join(str(x) for x in p.trust)
        attrs[f"exposures_exact_T{T}"] = " ".join(str(x) for x in p.exploitation_losses)
        prod = Fraction(1)
        for b in p.betas:
            prod *= b
        attrs[f"beta_product_T{T}"] = str(prod)
        attrs[f"total_cost_T{T}"] = str(p.total_cost)
        attrs[f"verify_T{T}"] = int(all(p.verify().values()))
        attrs[f"feasible_T{T}"] = int(p.feasible)
        attrs[f"greedy_values_T{T}"] = " ".join(str(x) for x in p.greedy_values)
    # each round of the T = 4 path is a PBE of its round game
    p4 = gradual_model(4).path()
    ok = []
    for t in range(1, 5):
        res = solve_pbe(p4.round_game(t), exact=True)
        ok.append(any(e.exact_strategies[0][0][1] == 1
                      and e.exact_strategies[0][1][1] == p4.betas[t - 1]
                      and e.exact_strategies[1][1][0] == p4.trust_probabilities[t - 1]
                      for e in res))
    attrs["round_games_pbe_T4"] = int(all(ok))
    # T = 1 against the one-shot model solved by solve_pbe
    p1 = gradual_model(1).path()
    model = ReassuranceModel(gesture_cost=p1.gestures[0], **GRADUAL_FIXED)
    semi = [e for e in solve_pbe(model.to_game(), exact=True)
            if ReassuranceModel.class_of(e) == "semi_separating_greedy_mixes"]
    attrs["one_shot_beta"] = str(semi[0].exact_strategies[0][1][1]) if semi else "none"
    attrs["one_shot_q"] = str(semi[0].exact_strategies[1][1][0]) if semi else "none"
    attrs["T1_beta"] = str(p1.betas[0])
    attrs["T1_q"] = str(p1.trust_probabilities[0])
    coords = {"total_rounds": ("total_rounds", np.array(GRADUAL_ROUNDS),
                               {"long_name": "number of rounds T"}),
              "round": ("round", np.arange(_MAX + 1), {"long_name": "round t"})}
    ds = xr.Dataset({k: (("total_rounds", "round"), v) for k, v in data.items()},
                    coords=coords, attrs=attrs)
    ds["trust"].attrs["long_name"] = "receiver's posterior that the sender is trustworthy"
    ds["gesture"].attrs["long_name"] = "gesture cost k_t"
    return ds


def check_gradual(ds) -> list[Check]:
    """Exact checks of the paths against the closed forms.

    Returns
    -------
    list of Check

    References
    ----------
    .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.
    .. [2] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 8. MIT Press.

    Examples
    --------
    >>> all(c.passed for c in check_gradual(compute_gradual()))
    True
    """
    fx = GRADUAL_FIXED
    mu0, cr = fx["trust"], Fraction(fx["exploitation_loss"])
    o0 = mu0 / (1 - mu0)
    checks = []
    for T in GRADUAL_ROUNDS:
        cs = [o0 + (cr - o0) * Fraction(t, T) for t in range(1, T + 1)]
        expected = " ".join(str(x) for x in [mu0] + [c / (1 + c) for c in cs])
        checks.append(Check.compare(f"T={T}: posterior path mu_t = c_t/(1+c_t)",
                                    ds.attrs[f"trust_exact_T{T}"], expected))
        checks.append(Check.compare(f"T={T}: posterior reaches pi_r* = 1/2",
                                    Fraction(ds.attrs[f"trust_exact_T{T}"].split()[-1]),
                                    cr / (1 + cr)))
        checks.append(Check.compare(f"T={T}: product of beta_t = o_0/c_r",
                                    Fraction(ds.attrs[f"beta_product_T{T}"]), o0 / cr))
        checks.append(Check.compare(f"T={T}: total cost = T_G * sum c_t / c_r",
                                    Fraction(ds.attrs[f"total_cost_T{T}"]),
                                    fx["temptation_greedy"] * sum(cs) / cr))
        checks.append(Check.compare(f"T={T}: Bayes, receiver and greedy indifference, "
                                    "trustworthy participation (exact)",
                                    int(ds.attrs[f"verify_T{T}"]), 1))
        checks.append(Check.compare(f"T={T}: greedy type's value of every round is 0",
                                    ds.attrs[f"greedy_values_T{T}"], " ".join(["0"] * T)))
        checks.append(Check.compare(f"T={T}: path feasible (R_S >= T_G, k_t <= T_G)",
                                    int(ds.attrs[f"feasible_T{T}"]), 1))
    checks.append(Check.compare("T=4: every round is a PBE of its round game (solve_pbe)",
                                int(ds.attrs["round_games_pbe_T4"]), 1))
    checks.append(Check.compare("T=1: beta = one-shot semi-separating PBE (solve_pbe)",
                                ds.attrs["T1_beta"], ds.attrs["one_shot_beta"]))
    checks.append(Check.compare("T=1: q = one-shot semi-separating PBE (solve_pbe)",
                                ds.attrs["T1_q"], ds.attrs["one_shot_q"]))
    checks.append(Check.compare("T=1: beta = mu0(1-pi*)/((1-mu0)pi*) = 1/4",
                                Fraction(ds.attrs["T1_beta"]), Fraction(1, 4)))
    return checks


GRADUAL = Reproduction(
    name="gradual-trust-building",
    title=("Gradual trust building (our formalisation of Kydd 2000): posterior path and "
           "cost schedule over rounds (mu0=1/5, R_S=3, T_G=2, c_r=1)"),
    citation="kydd2000, fudenberg1991",
    compute=compute_gradual,
    check=check_gradual,
    draw=trust_path_plot,
    figsize=(3.4, 2.8),
)

#: The reproductions of this module, in the order of the report.
ENTRIES = (GRADUAL,)
