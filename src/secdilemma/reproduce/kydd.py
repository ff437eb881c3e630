"""Reproductions of Kydd's Bayesian security dilemma and the spiral model.

``kydd-trust-region``
    The (trust₁, trust₂) plane of :class:`~secdilemma.models.SecurityDilemmaModel` with
    a_S = c = 1/2 (so π* = 1/2): where cooperation is a Bayes–Nash equilibrium outcome and
    the probability of mutual cooperation in the most cooperative equilibrium. Checked
    against the closed forms of Kydd (2005, ch. 2), each computed both by the closed forms
    and by the general solver :func:`~secdilemma.solve_bayesian` (exact).
``spiral-belief-path``
    Bayes' rule on an observed arms build-up (prior 1/2, Pr(build | S) = 1/5,
    Pr(build | G) = 9/10) and the spiral model: two states at trust 3/5 play the tipping
    equilibrium period after period; observed defections pull trust below π* and
    cooperation collapses.

References
----------
.. [1] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.
.. [2] Kydd, A. (1997). Game theory and the spiral model. *World Politics* 49(3),
   371-400.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..analysis.sweep import sweep
from ..models import SecurityDilemmaModel, SpiralModel, update_trust
from ..plotting.trust import belief_path_plot, trust_region_map
from ..solvers.bayesian import solve_bayesian
from .entry import Check, Reproduction

__all__ = ["compute_trust_region", "check_trust_region", "TRUST_REGION",
           "compute_spiral", "check_spiral", "SPIRAL", "ENTRIES"]

#: a_S = c = 1/2, a_G = 2 (Kydd 2005, ch. 2; so π* = 1/2).
KYDD_FIXED = {"exploitation_loss": 0.5, "temptation_secure": 0.5, "temptation_greedy": 2.0}
_REGION_MEANINGS = "all_defect_only cooperation_possible"


def compute_trust_region():
    """Sweep the security dilemma over trust₁ × trust₂ (201 × 201 points).

    Returns
    -------
    xarray.Dataset
        The sweep's metrics plus ``equilibrium_set`` (0: only all-defect; 1: cooperative
        and tipping equilibria exist too), with CF flag attributes.
    """
    trust = np.linspace(0.0, 1.0, 201)
    ds = sweep("security_dilemma", {"trust_1": trust, "trust_2": trust}, fixed=KYDD_FIXED)
    region = ds["cooperation_is_equilibrium"].astype(np.int8)
    region.attrs = {"long_name": "equilibrium set", "flag_values": np.array([0, 1], np.int8),
                    "flag_meanings": _REGION_MEANINGS}
    return ds.assign(equilibrium_set=region)


def check_trust_region(ds) -> list[Check]:
    """The closed forms of Kydd (2005, ch. 2), from the sweep data, the model and
    solve_bayesian."""

    F = Fraction
    checks = []
    high = SecurityDilemmaModel(F(3, 5), F(3, 5), F(1, 2), F(1, 2), 2)
    low = SecurityDilemmaModel(F(2, 5), F(2, 5), F(1, 2), F(1, 2), 2)
    checks.append(Check.compare("pi* = c / (1 - a_S + c) (model, exact)", high.trust_threshold,
                                F(1, 2)))
    res = solve_bayesian(high.to_game(), exact=True)
    checks.append(Check.compare("number of BNE at trust 0.6 (solve_bayesian)", len(res), 3))
    # by hand: G defects (dominant); S cooperates iff Pr(other C) >= π* = 1/2. Cooperative
    # profile (S: C, G: D): Pr(other C) = p = 3/5 >= 1/2, a BNE; all defect: Pr = 0 < 1/2,
    # a BNE. So the pure BNE are exactly these two (types ordered S, G; actions C, D).
    pure = sorted(tuple(tuple(tuple(int(x) for x in row) for row in side)
                        for side in eq.exact_strategies)
                  for eq in res if eq.kind != "mixed")
    checks.append(Check.compare("trust 0.6: the pure BNE are cooperative (S:C, G:D) and all "
                                "defect (solver)", pure,
                                sorted([(((1, 0), (0, 1)),) * 2, (((0, 1), (0, 1)),) * 2])))
    tipping = [eq for eq in res if eq.kind == "mixed"]
    sigma = tipping[0].exact_strategies[0][0][0] if tipping else None
    checks.append(Check.compare("tipping: Pr(C | security seeker) at trust 0.6 (solver)",
                                sigma, F(5, 6)))
    coop = res.equilibria[0]
    p_cc = sum(Fraction(high.to_game().exact_prior[t0, t1])
               * coop.exact_strategies[0][t0][0] * coop.exact_strategies[1][t1][0]
               for t0 in range(2) for t1 in range(2))
    checks.append(Check.compare("Pr(mutual cooperation) in the cooperative BNE (solver)",
                                p_cc, F(9, 25)))
    res_low = solve_bayesian(low.to_game(), exact=True)
    only_defect = (len(res_low) == 1
                   and res_low[0].exact_strategies[0] == ((0, 1), (0, 1)))
    checks.append(Check.compare("trust 0.4: only all-defect (solver)", only_defect, True))
    at = ds.sel(trust_1=0.6, trust_2=0.6)
    checks.append(Check.compare("Pr(CC), best equilibrium at (0.6, 0.6) (sweep)",
                                float(at["max_cooperation_probability"]), 0.36, tol=1e-12))
    # the boundary read off the sweep: the least trust at which cooperation is possible
    diag = ds["cooperation_is_equilibrium"].values.diagonal()
    trust = ds["trust_1"].values
    checks.append(Check.compare("least symmetric trust allowing cooperation (sweep)",
                                float(trust[np.argmax(diag)]), 0.5, tol=0.005))
    return checks


TRUST_REGION = Reproduction(
    name="kydd-trust-region",
    title=("Bayesian security dilemma: where cooperation is an equilibrium in the "
           "(trust 1, trust 2) plane (a_S = c = 1/2, pi* = 1/2)"),
    citation="kydd2005",
    compute=compute_trust_region,
    check=check_trust_region,
    draw=trust_region_map,
    figsize=(3.4, 3.2),
)


# ---------------------------------------------------------------------------------------
def compute_spiral():
    """The tipping-equilibrium spiral over 8 periods from trust 3/5 (exact).

    Returns
    -------
    xarray.Dataset
        ``cooperation_probability`` and ``outcome_probability`` per period, the expected
        trust and the probability that trust is below π* at the start of each period.
    """
    import xarray as xr  # measured import cost: loaded on first use

    F = Fraction
    model = SpiralModel(periods=8, trust_1=F(3, 5), trust_2=F(3, 5),
                        exploitation_loss=F(1, 2), temptation_secure=F(1, 2),
                        selection="tipping")
    path = model.solve()
    threshold = model.stage(F(3, 5), F(3, 5)).trust_threshold
    below = [float(sum(p for p, _, t1, t2 in period if t1 < threshold))
             for period in path.nodes]
    periods = np.arange(1, 9)
    return xr.Dataset(
        {"cooperation_probability": ("period", path.cooperation_probability),
         "outcome_probability": (("period", "outcome"), path.outcome_probabilities),
         "expected_trust": ("period", path.expected_trust[:-1, 0]),
         "probability_trust_below_threshold": ("period", np.array(below))},
        coords={"period": periods, "outcome": ["CC", "CD", "DC", "DD"]},
        attrs={"threshold": float(threshold), "selection": "tipping"})


def check_spiral(ds) -> list[Check]:

    F = Fraction
    return [
        Check.compare("mu(S | build), prior 1/2 (Bayes' rule, exact)",
                      update_trust(F(1, 2), F(1, 5), F(9, 10)), F(2, 11)),
        Check.compare("mu(S | no build), prior 1/2 (Bayes' rule, exact)",
                      update_trust(F(1, 2), F(4, 5), F(1, 10)), F(8, 9)),
        Check.compare("Pr(CC) in period 1: (sigma p)^2 = (5/6 * 3/5)^2",
                      float(ds["cooperation_probability"][0]), 0.25, tol=1e-12),
        Check.compare("expected trust stays 3/5 in every period (martingale)",
                      float(np.max(np.abs(ds["expected_trust"].values - 0.6))), 0.0,
                      tol=1e-12),
        Check.compare("cooperation falls after period 1 (spiral)",
                      bool(ds["cooperation_probability"][1] < ds["cooperation_probability"][0]),
                      True),
    ]


SPIRAL = Reproduction(
    name="spiral-belief-path",
    title=("Spiral model: Bayesian updating of trust after observed moves, tipping "
           "equilibrium from trust 3/5"),
    citation="kydd1997,kydd2005",
    compute=compute_spiral,
    check=check_spiral,
    draw=belief_path_plot,
)

#: The reproductions of this module, in the order of the report.
ENTRIES = (TRUST_REGION, SPIRAL)
