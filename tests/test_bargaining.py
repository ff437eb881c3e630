"""Fearon (1995) bargaining with private information (our formalisation): the
risk-return offer and the two-type screening offer.

The checks compare with the worked vectors (derived by hand, exact), with a brute-force
maximisation of A's payoff written here (not the model's formulas), and with the
general solver (solve_spe) on the screening game."""

from fractions import Fraction as F

import numpy as np
import pytest
from scipy import integrate, stats

from secdilemma import InvalidParameterError, sweep
from secdilemma.models.bargaining import (RiskReturnModel, ScreeningModel,
                                          risk_return_offer, screening_threshold)
from secdilemma.solvers.extensive import solve_spe


# --------------------------------------------------------------------- worked vectors
def test_vector_f1a_interior_uniform_exact():
    out = risk_return_offer(F(1, 2), F(1, 10), cost_low=0, cost_high=F(2, 5))
    assert (out.offer, out.war_probability, out.payoff_a) == (F(7, 20), F(3, 8), F(89, 160))
    assert isinstance(out.offer, F) and out.interior
    m = RiskReturnModel(F(1, 2), F(1, 10), 0, F(2, 5))
    assert m.outcome.offer == F(7, 20)


def test_vector_f1c_corner():
    out = risk_return_offer(F(1, 2), F(3, 20), cost_low=F(1, 5), cost_high=F(1, 2))
    assert (out.offer, out.war_probability, out.payoff_a) == (F(3, 10), 0, F(7, 10))
    assert not out.interior


def test_vector_f1d_screening():
    assert screening_threshold(F(1, 10), F(1, 20), F(3, 10)) == F(5, 8)
    low = ScreeningModel(F(1, 2), F(1, 10), F(1, 20), F(3, 10), F(1, 5))
    assert low.screens and low.war_probability == F(1, 5) and low.payoff_a == F(18, 25)
    assert low._values() == (F(11, 20), F(18, 25))
    high = ScreeningModel(F(1, 2), F(1, 10), F(1, 20), F(3, 10), F(7, 10))
    assert not high.screens and high.war_probability == 0 and high.payoff_a == F(11, 20)
    assert high._values()[1] == F(13, 25)


# --------------------------------------------------------------------- independent checks
def _brute_force(p, ca, dist, n=200001):
    """A's best offer by brute force over a fine grid of offers x in [0, 1]:
    U(x) = x-acceptors pay 1 - x, the rest fight (B accepts iff x >= p - c)."""
    x = np.linspace(0.0, 1.0, n)
    accept = dist.sf(p - x)  # Pr(c >= p - x)
    u = accept * (1 - x) + (1 - accept) * (1 - p - ca)
    k = int(np.argmax(u))
    return x[k], u[k]


@pytest.mark.parametrize("p,ca,dist", [
    (0.5, 0.1, stats.uniform(0, 0.4)),
    (0.6, 0.05, stats.uniform(0.1, 0.5)),
    (0.5, 0.1, stats.truncnorm(-1, 2, loc=0.2, scale=0.1)),
    (0.7, 0.2, stats.expon(scale=0.3)),  # constant hazard: MHR
    (0.4, 0.0, stats.beta(2, 3, scale=0.6)),
    (0.3, 0.02, stats.uniform(0, 2.0)),  # the zero-offer cap p binds
])
def test_general_distribution_is_the_global_best_offer(p, ca, dist):
    out = risk_return_offer(p, ca, dist)
    x_bf, u_bf = _brute_force(p, ca, dist)
    assert out.payoff_a >= u_bf - 1e-12
    assert abs(out.offer - x_bf) < 2e-5
    # no offer on a grid does better (A's deviation), B's rule is a best response by
    # construction: recompute Pr(war) and B's payoff by quadrature
    war = dist.cdf(p - out.offer)
    assert abs(out.war_probability - war) < 1e-12
    lo = dist.support()[0]
    z = p - out.offer
    fight = integrate.quad(lambda c: (p - c) * dist.pdf(c), lo, z)[0] if z > lo else 0.0
    assert abs(out.payoff_b - (fight + dist.sf(z) * out.offer)) < 1e-9


def test_scipy_uniform_matches_closed_form_at_random_points():
    rng = np.random.default_rng(1)
    for _ in range(20):
        lo, hi = sorted(rng.uniform(0, 0.6, 2))
        p, ca = rng.uniform(0, 1), rng.uniform(0, 0.4)
        a = risk_return_offer(p, ca, cost_low=lo, cost_high=hi)
        b = risk_return_offer(p, ca, stats.uniform(lo, hi - lo))
        for f in ("offer", "war_probability", "payoff_a", "payoff_b"):
            assert abs(getattr(a, f) - getattr(b, f)) < 1e-9, f


def test_uniform_sweep_metrics_against_brute_force():
    rng = np.random.default_rng(2)
    n = 25
    lo = rng.uniform(0, 0.3, n)
    hi = lo + rng.uniform(0.05, 0.6, n)
    p, ca = rng.uniform(0, 1, n), rng.uniform(0, 0.3, n)
    out = RiskReturnModel.evaluate({"war_chance": p, "cost_a": ca, "cost_low": lo,
                                    "cost_high": hi})
    for i in range(n):
        x_bf, u_bf = _brute_force(p[i], ca[i], stats.uniform(lo[i], hi[i] - lo[i]))
        assert out["payoff_a"][i] >= u_bf - 1e-12
        assert abs(out["offer"][i] - x_bf) < 2e-5


def test_comparative_statics_uniform():
    # Pr(war) independent of p (interior), rising in the spread, falling in c_A
    w = RiskReturnModel.evaluate({"war_chance": np.array([0.4, 0.5, 0.9]), "cost_a": 0.1,
                                  "cost_low": 0.0, "cost_high": 0.4})["war_probability"]
    assert np.allclose(w, 3 / 8)
    w = RiskReturnModel.evaluate({"war_chance": 0.9, "cost_a": 0.1, "cost_low": 0.0,
                                  "cost_high": np.array([0.2, 0.4, 0.8])})["war_probability"]
    assert np.all(np.diff(w) > 0)
    w = RiskReturnModel.evaluate({"war_chance": 0.9, "cost_a": np.array([0.0, 0.1, 0.2]),
                                  "cost_low": 0.0, "cost_high": 0.4})["war_probability"]
    assert np.all(np.diff(w) < 0)


def test_decreasing_hazard_is_refused():
    with pytest.raises(InvalidParameterError, match="monotone"):
        risk_return_offer(0.5, 0.1, stats.lomax(1, scale=0.1))


# --------------------------------------------------------------------- screening game
def _pure_action(eq, infoset):
    row = eq.behaviour[infoset]
    return max(row, key=row.get)


def _check_spe_by_hand(m, offer):
    """No profitable deviation of A or of any B type (written out here)."""
    p, ca, cl, ch, q = (m.war_chance, m.cost_a, m.cost_resolved, m.cost_unresolved,
                        m.resolved_share)
    shares = {"safe": p - cl, "screen": p - ch}
    cost = {"resolved": cl, "unresolved": ch}

    def accepts(t, o):  # the indifferent type accepts
        return shares[o] >= p - cost[t]

    def value_a(o):
        v = 0
        for t, pr in (("resolved", q), ("unresolved", 1 - q)):
            v += pr * ((1 - shares[o]) if accepts(t, o) else (1 - p - ca))
        return v

    for t in cost:  # B: accepting pays x, fighting p - c
        for o in shares:
            assert (shares[o] >= p - cost[t]) == accepts(t, o)
    assert all(value_a(offer) >= value_a(o) for o in shares)
    return value_a(offer)


def test_screening_game_spe_agrees_with_closed_form_at_sampled_points():
    rng = np.random.default_rng(3)
    for _ in range(12):
        p = F(int(rng.integers(30, 90)), 100)
        cl = F(int(rng.integers(0, 20)), 100)
        ch = cl + F(int(rng.integers(1, 25)), 100)
        ch = min(ch, p)
        ca = F(int(rng.integers(0, 30)), 100)
        q = F(int(rng.integers(0, 101)), 100)
        m = ScreeningModel(p, ca, cl, ch, q)
        res = solve_spe(m.to_game(), exact=True, warn=False)
        # the equilibria in which every indifferent type accepts
        kept = [e for e in res if _pure_action(e, "B|resolved|safe") == "accept"
                and _pure_action(e, "B|unresolved|screen") == "accept"]
        offers = sorted({_pure_action(e, "A") for e in kept})
        assert tuple(offers) == tuple(sorted(m.equilibrium_offers()))
        for o in offers:
            assert _check_spe_by_hand(m, o) == m.payoff_a
        if m.screens:
            assert m.war_probability == q and m.offer == p - ch
        # the vectorised metrics agree
        ev = ScreeningModel.evaluate({k: float(getattr(m, k)) for k in m.parameters})
        assert bool(ev["screens"]) == (m.resolved_share < m.critical_share)
        assert abs(float(ev["payoff_a"]) - float(m.payoff_a)) < 1e-12


# --------------------------------------------------------------------- errors, sweeps
@pytest.mark.parametrize("call,match", [
    (lambda: risk_return_offer(1.5, 0.1, cost_low=0, cost_high=0.4),
     r"risk_return_offer\(\): war_chance must be <= 1; got 1.5"),
    (lambda: risk_return_offer(0.5, -0.1, cost_low=0, cost_high=0.4),
     r"cost_a must be >= 0; got -0.1"),
    (lambda: risk_return_offer(0.5, 0.1, cost_low=0.4, cost_high=0.4),
     r"cost_high must be > 0.4; got 0.4"),
    (lambda: risk_return_offer(0.5, 0.1), r"distribution must be given"),
    (lambda: risk_return_offer(0.5, 0.1, stats.norm(0, 1)), r"support in \[0, inf\)"),
    (lambda: RiskReturnModel(0.5, 0.1, 0.3, 0.2), r"RiskReturnModel\(\): cost_high must be"),
    (lambda: RiskReturnModel.evaluate({"war_chance": 0.5, "cost_low": 0.5, "cost_high": 0.4}),
     r"RiskReturnModel.evaluate\(\): cost_high must be > cost_low"),
    (lambda: ScreeningModel(0.2, 0.1, 0.05, 0.3, 0.5), r"cost_unresolved must be <= war_chance"),
    (lambda: ScreeningModel(0.5, 0.1, 0.05, 0.3, 1.5), r"resolved_share must be <= 1; got 1.5"),
    (lambda: ScreeningModel(0.5, 0.1, 0.3, 0.3, 0.5), r"cost_unresolved must be > cost_resolved"),
])
def test_bad_parameters(call, match):
    with pytest.raises(InvalidParameterError, match=match):
        call()


@pytest.mark.parametrize("model,grid,fixed", [
    (RiskReturnModel, {"cost_high": np.linspace(0.05, 1.0, 13), "cost_a": np.linspace(0, 0.4, 7)},
     {"war_chance": 0.5, "cost_low": 0.02}),
    (ScreeningModel, {"resolved_share": np.linspace(0, 1, 11), "cost_a": np.linspace(0, 0.4, 5)},
     {"war_chance": 0.5, "cost_resolved": 0.05, "cost_unresolved": 0.3}),
])
def test_sweeps_bit_identical_across_executors(model, grid, fixed):
    a = sweep(model, grid, fixed=fixed, executor=None, chunk_size=16)
    b = sweep(model, grid, fixed=fixed, executor=2, chunk_size=16)
    for name in a.data_vars:
        assert np.array_equal(a[name].values, b[name].values), name


def test_critical_values_switch_the_outcome():
    fixed = {"war_chance": 0.5, "cost_a": 0.1, "cost_resolved": 0.05, "cost_unresolved": 0.3}
    (q_star,) = ScreeningModel.critical_values("resolved_share", fixed)
    assert abs(q_star - 5 / 8) < 1e-15
    out = ScreeningModel.evaluate({**fixed, "resolved_share": np.array([q_star - 1e-9,
                                                                        q_star + 1e-9])})
    assert out["screens"].tolist() == [True, False]
    # at q = q* A is indifferent: both offers are equilibria
    m = ScreeningModel(F(1, 2), F(1, 10), F(1, 20), F(3, 10), F(5, 8))
    assert m.equilibrium_offers() == ("safe", "screen")
    fixed = {"war_chance": 0.5, "cost_low": 0.05, "cost_high": 0.4}
    crit = RiskReturnModel.critical_values("cost_a", fixed)
    assert np.allclose(crit, (-0.6, 0.3))  # c_hi - 2p, c_hi - 2 c_lo
    out = RiskReturnModel.evaluate({**fixed, "cost_a": np.array([0.3 - 1e-9, 0.3 + 1e-9])})
    assert out["war_probability"][0] > 0 and out["war_probability"][1] == 0


def test_screening_tie_is_flagged_degenerate():
    out = ScreeningModel.evaluate({"war_chance": 0.5, "cost_a": 0.25, "cost_resolved": 0.25,
                                   "cost_unresolved": 0.5,
                                   "resolved_share": np.array([0.25, 1 / 3, 0.5])})
    # q* = (0.5 - 0.25)/(0.5 + 0.25) = 1/3; 1/3 in binary floating point may miss the tie,
    # so only the outer points are asserted
    assert out["screens"][0] and not out["screens"][2]
    assert not out["degenerate"][0] and not out["degenerate"][2]
    out = ScreeningModel.evaluate({"war_chance": 0.5, "cost_a": 0.5, "cost_resolved": 0.0,
                                   "cost_unresolved": 0.5, "resolved_share": 0.5})
    assert bool(out["degenerate"]) and not bool(out["screens"])  # q* = 1/2 exactly
